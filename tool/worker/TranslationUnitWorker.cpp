//===--- TranslationUnitWorker.cpp - analyse one translation unit ---------===//

#include "worker/TranslationUnitWorker.h"
#include "clang-tidy/ClangTidy.h"
#include "driver/Paths.h"
#include "worker/CrashIsolation.h"
#include "worker/TranslationUnitReport.h"
#include "worker/UserCodeAnalysis.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
namespace fs = llvm::sys::fs;

namespace mpr {
namespace {

/// A file whose content is digested when the compiler reads it.
class DigestingFile : public llvm::vfs::File {
public:
  DigestingFile(std::unique_ptr<llvm::vfs::File> Inner, std::string Path,
                FileDigests &Digests)
      : Inner(std::move(Inner)), Path(std::move(Path)), Digests(Digests) {}

  llvm::ErrorOr<llvm::vfs::Status> status() override { return Inner->status(); }
  llvm::ErrorOr<std::string> getName() override { return Inner->getName(); }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
  getBuffer(const llvm::Twine &Name, int64_t FileSize,
            bool RequiresNullTerminator, bool IsVolatile) override {
    auto Buffer =
        Inner->getBuffer(Name, FileSize, RequiresNullTerminator, IsVolatile);
    if (Buffer)
      Digests[Path] = contentDigest((*Buffer)->getBuffer());
    return Buffer;
  }
  std::error_code close() override { return Inner->close(); }

private:
  std::unique_ptr<llvm::vfs::File> Inner;
  std::string Path;
  FileDigests &Digests;
};

/// Records the digest of every file read through it: the content the
/// compiler actually saw, for the cache key and for the fix-safety check.
class DigestingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  explicit DigestingFileSystem(llvm::IntrusiveRefCntPtr<FileSystem> Inner)
      : ProxyFileSystem(std::move(Inner)) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Name) override {
    auto Opened = ProxyFileSystem::openFileForRead(Name);
    if (!Opened)
      return Opened;
    llvm::SmallString<256> Path;
    Name.toVector(Path);
    makeAbsolute(Path);
    return std::unique_ptr<llvm::vfs::File>(std::make_unique<DigestingFile>(
        std::move(*Opened), absolutePath(Path), Digests));
  }

  FileDigests Digests;
};

/// Feeds every token of the preprocessed translation unit to a hash, so
/// that anything that changes what the compiler sees changes the key even
/// when no file it reads changed (a new header found by __has_include).
class TokenDigestAction : public PreprocessorFrontendAction {
public:
  explicit TokenDigestAction(llvm::BLAKE3 &Hasher) : Hasher(Hasher) {}

protected:
  void ExecuteAction() override {
    Preprocessor &PP = getCompilerInstance().getPreprocessor();
    PP.EnterMainSourceFile();
    llvm::SmallString<64> Buffer;
    Token Tok;
    do {
      PP.Lex(Tok);
      llvm::StringRef Spelling = PP.getSpelling(Tok, Buffer);
      uint32_t Length = Spelling.size();
      Hasher.update(
          llvm::ArrayRef(reinterpret_cast<uint8_t *>(&Length), sizeof(Length)));
      Hasher.update(Spelling);
    } while (Tok.isNot(tok::eof));
  }

private:
  llvm::BLAKE3 &Hasher;
};

/// Adds \p Text to \p Hasher with its length, so fields cannot run together.
void addField(llvm::BLAKE3 &Hasher, llvm::StringRef Text) {
  Hasher.update(std::to_string(Text.size()) + ":");
  Hasher.update(Text);
}

/// What identifies this build of mpr-lint: its version, LLVM's, and the
/// size and time of its own binary (a rebuild keeps the version).
std::string toolIdentity() {
  std::string Identity =
      "mpr-lint " MPR_LINT_VERSION " LLVM " LLVM_VERSION_STRING;
  static int Anchor;
  std::string Executable = fs::getMainExecutable("mpr-lint", &Anchor);
  fs::file_status Status;
  if (!fs::status(Executable, Status))
    Identity +=
        " " + std::to_string(Status.getSize()) + " " +
        std::to_string(
            Status.getLastModificationTime().time_since_epoch().count());
  return Identity;
}

/// The cache key of \p File: the preprocessed tokens, the path and content
/// of every file the preprocessor read, the compile commands, the
/// effective options and the tool. Empty when the file cannot be
/// preprocessed, which leaves it uncached.
std::string cacheKey(tidy::ClangTidyContext &Context,
                     const tooling::CompilationDatabase &Compilations,
                     llvm::StringRef File, bool ApplyAnyFix) {
  llvm::BLAKE3 Hasher;
  addField(Hasher, toolIdentity());
  addField(Hasher, ApplyAnyFix ? "any-fix" : "fixes-from-warnings");
  for (const tooling::CompileCommand &Command :
       Compilations.getCompileCommands(File)) {
    addField(Hasher, Command.Directory);
    addField(Hasher, Command.Filename);
    for (const std::string &Arg : Command.CommandLine)
      addField(Hasher, Arg);
  }
  Context.setCurrentFile(File);
  addField(Hasher, tidy::configurationAsText(Context.getOptions()));

  auto Recording = llvm::makeIntrusiveRefCnt<DigestingFileSystem>(
      llvm::vfs::getRealFileSystem());
  tooling::ClangTool Tool(Compilations, {File.str()},
                          std::make_shared<PCHContainerOperations>(),
                          Recording);
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  struct Factory : tooling::FrontendActionFactory {
    llvm::BLAKE3 &Hasher;
    explicit Factory(llvm::BLAKE3 &Hasher) : Hasher(Hasher) {}
    std::unique_ptr<FrontendAction> create() override {
      return std::make_unique<TokenDigestAction>(Hasher);
    }
  } Preprocess(Hasher);
  if (Tool.run(&Preprocess) != 0)
    return "";
  for (const auto &[Path, Digest] : Recording->Digests) {
    addField(Hasher, Path);
    addField(Hasher, Digest);
  }
  return llvm::toHex(Hasher.final(), /*LowerCase=*/true);
}

/// Where the result for \p Key is cached.
std::string cachePath(llvm::StringRef CacheDirectory, llvm::StringRef Key) {
  llvm::SmallString<256> Path(CacheDirectory);
  llvm::sys::path::append(Path, Key.take_front(2), Key.str() + ".yaml");
  return std::string(Path);
}

/// Runs the checks on \p File; the digests of the files its fixes touch
/// come from the content the compiler read.
TranslationUnitReport analyse(tidy::ClangTidyContext &Context,
                              const tooling::CompilationDatabase &Compilations,
                              llvm::StringRef File, bool ApplyAnyFix) {
  auto Recording = llvm::makeIntrusiveRefCnt<DigestingFileSystem>(
      llvm::vfs::getRealFileSystem());
  auto BaseFS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  BaseFS->pushOverlay(Recording);

  TranslationUnitReport Report;
  Report.MainFile = File.str();
  // A deep input gets a large stack; a crash ends this worker, which the
  // parent reports as that unit's failure.
  if (!analyseSafely(File, [&] {
        Report.Diagnostics =
            analyseUserCode(Context, Compilations, File, BaseFS, ApplyAnyFix);
      }))
    std::exit(2);
  Report.SuppressedByNolint = Context.getStats().ErrorsIgnoredNOLINT;
  for (const tidy::ClangTidyError &Error : Report.Diagnostics) {
    const llvm::StringMap<tooling::Replacements> *Fix =
        tidy::getFixIt(Error, /*AnyFix=*/true);
    if (!Fix)
      continue;
    for (const auto &FileFix : *Fix) {
      llvm::SmallString<256> Path(FileFix.getKey());
      if (!llvm::sys::path::is_absolute(Path) && !Error.BuildDirectory.empty())
        Path = (Error.BuildDirectory + "/" + Path).str();
      std::string Normalised = absolutePath(Path);
      auto Digest = Recording->Digests.find(Normalised);
      if (Digest != Recording->Digests.end())
        Report.Digests[Normalised] = Digest->second;
    }
  }
  return Report;
}

} // namespace

int runWorker(tidy::ClangTidyContext &Context,
              const tooling::CompilationDatabase &Compilations,
              llvm::StringRef File, bool ApplyAnyFix,
              llvm::StringRef OutputPath, llvm::StringRef CacheDirectory) {
  std::string Output = absolutePath(OutputPath);
  std::string Key;
  std::string Cached;
  if (!CacheDirectory.empty()) {
    Key = cacheKey(Context, Compilations, File, ApplyAnyFix);
    if (!Key.empty()) {
      Cached = cachePath(absolutePath(CacheDirectory), Key);
      // A hit is copied whole; a damaged entry is analysed again.
      if (llvm::Expected<TranslationUnitReport> Hit = readReport(Cached)) {
        if (llvm::Error E = writeReport(*Hit, Output)) {
          llvm::errs() << "error: " << Output << ": cannot write result: "
                       << llvm::toString(std::move(E)) << "\n";
          return 2;
        }
        return 0;
      } else {
        llvm::consumeError(Hit.takeError());
      }
    }
  }

  TranslationUnitReport Report =
      analyse(Context, Compilations, File, ApplyAnyFix);
  if (llvm::Error E = writeReport(Report, Output)) {
    llvm::errs() << "error: " << Output
                 << ": cannot write result: " << llvm::toString(std::move(E))
                 << "\n";
    return 2;
  }
  if (!Cached.empty()) {
    // A cache that cannot be written only costs time: say so, go on.
    std::error_code EC =
        fs::create_directories(llvm::sys::path::parent_path(Cached));
    llvm::Error E =
        EC ? llvm::errorCodeToError(EC) : writeReport(Report, Cached);
    if (E)
      llvm::errs() << "warning: " << Cached << ": cannot cache the result: "
                   << llvm::toString(std::move(E)) << "\n";
  }
  return 0;
}

} // namespace mpr
