//===--- TidyOptions.cpp - the clang-tidy configuration of a run ----------===//

#include "driver/TidyOptions.h"
#include "driver/InputChecks.h"
#include "driver/Messages.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang::tidy;

namespace mpr {

std::unique_ptr<ClangTidyOptionsProvider>
createOptionsProvider(const RunOptions &Options) {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions DefaultOptions = ClangTidyOptions::getDefaults();
  DefaultOptions.Checks = "-*";
  ClangTidyOptions OverrideOptions;
  // The mpr-lint check list wins over the Checks of .clang-tidy files, which
  // name checks this binary does not carry; CheckOptions still apply.
  OverrideOptions.Checks = "-*," + Options.Checks;
  if (Options.HeaderFilter)
    OverrideOptions.HeaderFilterRegex = *Options.HeaderFilter;
  if (!Options.Explain.empty())
    OverrideOptions.CheckOptions["procore-company-header.Explain"] =
        ClangTidyOptions::ClangTidyValue(Options.Explain);

  std::optional<ClangTidyOptions> Parsed;
  if (!Options.InlineConfig.empty()) {
    Parsed = parseCheckedConfiguration(
        llvm::MemoryBufferRef(Options.InlineConfig, "--config"), "--config");
  } else if (Options.ConfigFile.empty()) {
    return std::make_unique<FileOptionsProvider>(
        GlobalOptions, DefaultOptions, OverrideOptions,
        llvm::vfs::getRealFileSystem());
  } else {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
        llvm::MemoryBuffer::getFile(Options.ConfigFile);
    if (!Text) {
      reportError(Options.ConfigFile,
                  "cannot read configuration: " + Text.getError().message());
      return nullptr;
    }
    Parsed = parseCheckedConfiguration((*Text)->getMemBufferRef(),
                                       Options.ConfigFile);
  }
  if (!Parsed)
    return nullptr;
  return std::make_unique<ConfigOptionsProvider>(
      GlobalOptions, DefaultOptions, std::move(*Parsed), OverrideOptions);
}

} // namespace mpr
