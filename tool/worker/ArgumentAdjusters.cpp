//===--- ArgumentAdjusters.cpp - the compile command a worker runs --------===//

#include "worker/ArgumentAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/ADT/StringRef.h"

using namespace clang::tooling;
using llvm::StringRef;

namespace mpr {
namespace {

/// Driver flags whose whole argument names a library to load or a file of
/// more flags (which could name one).
bool isJoinedLoadingFlag(StringRef Arg) {
  return Arg.starts_with("-fplugin=") || Arg.starts_with("-fpass-plugin=") ||
         Arg.starts_with("-fplugin-arg-") || Arg.starts_with("--config=");
}

/// Driver flags followed by a separate value of the same kind.
bool isSeparateLoadingFlag(StringRef Arg) {
  return Arg == "-fplugin" || Arg == "-fpass-plugin" || Arg == "--config";
}

/// Frontend (-cc1) options that load a library, pick a plugin action or
/// feed one; each takes the next frontend argument as its value, except
/// the joined -plugin-arg-<name>=... spellings.
bool isFrontendLoadingFlag(StringRef Arg, bool &TakesValue) {
  TakesValue = true;
  if (Arg == "-load" || Arg == "-plugin" || Arg == "-add-plugin")
    return true;
  if (Arg.starts_with("-plugin-arg-")) {
    TakesValue = !Arg.contains('=');
    return true;
  }
  if (Arg.starts_with("-load=") || Arg.starts_with("-plugin=") ||
      Arg.starts_with("-add-plugin=")) {
    TakesValue = false;
    return true;
  }
  return false;
}

/// The frontend argument that \p Args[I] passes with -Xclang or -Xclang=,
/// and how many command line words carry it.
std::optional<std::pair<StringRef, size_t>>
frontendArgumentAt(const CommandLineArguments &Args, size_t I) {
  StringRef Arg = Args[I];
  if (Arg == "-Xclang" && I + 1 < Args.size())
    return std::make_pair(StringRef(Args[I + 1]), size_t(2));
  if (Arg.consume_front("-Xclang="))
    return std::make_pair(Arg, size_t(1));
  return std::nullopt;
}

} // namespace

CommandLineArguments
removeCompilerPluginFlags(const CommandLineArguments &Args,
                          std::vector<std::string> *Removed) {
  bool IsFrontendCommand =
      std::find(Args.begin(), Args.end(), "-cc1") != Args.end();
  CommandLineArguments Kept;
  for (size_t I = 0; I < Args.size();) {
    StringRef Arg = Args[I];
    size_t Words = 0;
    bool TakesValue = false;
    if (Arg == "--")
      break;
    if (isJoinedLoadingFlag(Arg)) {
      Words = 1;
    } else if (isSeparateLoadingFlag(Arg)) {
      Words = 2;
    } else if (auto Frontend = frontendArgumentAt(Args, I);
               Frontend && isFrontendLoadingFlag(Frontend->first, TakesValue)) {
      Words = Frontend->second;
      // The value comes through its own -Xclang.
      if (TakesValue && I + Words < Args.size()) {
        if (auto Value = frontendArgumentAt(Args, I + Words))
          Words += Value->second;
      }
    } else if (IsFrontendCommand && isFrontendLoadingFlag(Arg, TakesValue)) {
      Words = TakesValue ? 2 : 1;
    }
    if (Words == 0) {
      Kept.push_back(Args[I++]);
      continue;
    }
    size_t End = std::min(Args.size(), I + Words);
    if (Removed) {
      std::string Flag;
      for (size_t J = I; J < End; ++J)
        Flag += (J == I ? "" : " ") + Args[J];
      Removed->push_back(std::move(Flag));
    }
    I = End;
  }
  // Whatever follows "--" is input files: keep it as it is.
  if (auto Dashes = std::find(Args.begin(), Args.end(), "--");
      Dashes != Args.end())
    Kept.insert(Kept.end(), Dashes, Args.end());
  return Kept;
}

clang::tooling::ArgumentsAdjuster compilerPluginRemover() {
  return [](const CommandLineArguments &Args, StringRef) {
    return removeCompilerPluginFlags(Args);
  };
}

namespace {

/// Builds in another folder find the compiler's own headers: clang looks
/// for them next to the running binary, which is not where they are.
CommandLineArguments addResourceDir(const CommandLineArguments &Args,
                                    StringRef) {
  for (const std::string &Arg : Args)
    if (StringRef(Arg).starts_with("-resource-dir"))
      return Args;
  CommandLineArguments Adjusted = Args;
  Adjusted.insert(Adjusted.begin() + std::min<size_t>(1, Adjusted.size()),
                  "-resource-dir=" MPR_CLANG_RESOURCE_DIR);
  return Adjusted;
}

/// A non-owning view of a database.
struct BorrowedDatabase : CompilationDatabase {
  const CompilationDatabase &Inner;
  explicit BorrowedDatabase(const CompilationDatabase &Inner) : Inner(Inner) {}
  std::vector<CompileCommand>
  getCompileCommands(StringRef File) const override {
    return Inner.getCompileCommands(File);
  }
};

} // namespace

std::unique_ptr<CompilationDatabase>
adjustedCompilations(const CompilationDatabase &Database,
                     const RunOptions &Options) {
  auto Adjusted = std::make_unique<ArgumentsAdjustingCompilations>(
      std::make_unique<BorrowedDatabase>(Database));
  Adjusted->appendArgumentsAdjuster(compilerPluginRemover());
  Adjusted->appendArgumentsAdjuster(addResourceDir);
  Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
      Options.ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
      Options.ExtraArgs, ArgumentInsertPosition::END));
  // The compiler's own "N warnings generated." count is noise for --quiet.
  if (Options.Quiet)
    Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
        "-fno-caret-diagnostics", ArgumentInsertPosition::END));
  return Adjusted;
}

} // namespace mpr
