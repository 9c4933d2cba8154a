//===--- MprLintMain.cpp - the mpr-lint command line ----------------------===//
//
// A thin front end over clang-tidy's library: it finds the compile commands,
// runs the procore-* checks and prints what clang-tidy prints, so editors,
// cpp-linter and CI parsers read it unchanged. Exit status:
//   0  no findings
//   1  findings reported
//   2  could not analyse (bad input, no compile command, compiler errors)
//
//===----------------------------------------------------------------------===//

#include "InputChecks.h"
#include "MprLintOptions.h"
#include "SafeRun.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Config/llvm-config.h"
#include <set>
#include <tuple>

using namespace clang;
using namespace clang::tidy;
using namespace clang::tooling;
namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace clang::tidy {
extern volatile int ProcoreModuleAnchorSource;
[[maybe_unused]] static int ProcoreModuleAnchor = ProcoreModuleAnchorSource;
} // namespace clang::tidy

llvm::cl::OptionCategory mpr::MprLintCategory("mpr-lint options");
using mpr::MprLintCategory;

namespace {

enum ExitStatus { ExitClean = 0, ExitFindings = 1, ExitCannotAnalyse = 2 };

cl::list<std::string> SourcePaths(cl::Positional, cl::desc("<source files>"),
                                  cl::cat(MprLintCategory));
cl::opt<std::string> BuildPath(
    "p", cl::desc("Build folder that holds compile_commands.json"),
    cl::value_desc("build dir"), cl::cat(MprLintCategory));
cl::opt<std::string> ChecksFilter(
    "checks", cl::desc("Checks to run, as clang-tidy globs"),
    cl::init("procore-*"), cl::cat(MprLintCategory));
cl::opt<std::string> ConfigFile(
    "config-file",
    cl::desc("Read CheckOptions from this file instead of .clang-tidy files"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string> InlineConfig(
    "config", cl::desc("Configuration as YAML, like clang-tidy's --config"),
    cl::value_desc("yaml"), cl::cat(MprLintCategory));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Regular expression of headers to report findings in"),
    cl::cat(MprLintCategory));
cl::list<std::string> ExtraArgs("extra-arg",
                                cl::desc("Compiler argument to append"),
                                cl::cat(MprLintCategory));
cl::list<std::string> ExtraArgsBefore("extra-arg-before",
                                      cl::desc("Compiler argument to prepend"),
                                      cl::cat(MprLintCategory));
cl::opt<bool> Quiet("quiet", cl::desc("Print no summary on stderr"),
                    cl::cat(MprLintCategory));
cl::opt<bool> Fix("fix", cl::desc("Apply the suggested fixes"),
                  cl::cat(MprLintCategory));
cl::opt<std::string> ExportFixes(
    "export-fixes",
    cl::desc("Write the fixes as YAML for clang-apply-replacements"),
    cl::value_desc("file.yaml"), cl::cat(MprLintCategory));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks"),
                         cl::cat(MprLintCategory));

/// One line on stderr, in the shape clang uses: "error: <where>: <why>".
void reportError(llvm::StringRef Where, llvm::StringRef Why) {
  llvm::errs() << "error: " << Where << ": " << Why << "\n";
}

std::unique_ptr<ClangTidyOptionsProvider>
createOptionsProvider(bool &Failed) {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions DefaultOptions = ClangTidyOptions::getDefaults();
  DefaultOptions.Checks = "-*";
  ClangTidyOptions OverrideOptions;
  // The mpr-lint check list wins over the Checks of .clang-tidy files, which
  // name checks this binary does not carry; CheckOptions still apply.
  OverrideOptions.Checks = "-*," + ChecksFilter;
  if (HeaderFilter.getNumOccurrences())
    OverrideOptions.HeaderFilterRegex = HeaderFilter;

  if (!InlineConfig.empty()) {
    std::optional<ClangTidyOptions> Parsed = mpr::parseCheckedConfiguration(
        llvm::MemoryBufferRef(InlineConfig, "--config"), "--config");
    if (!Parsed) {
      Failed = true;
      return nullptr;
    }
    return std::make_unique<ConfigOptionsProvider>(
        GlobalOptions, DefaultOptions, std::move(*Parsed), OverrideOptions);
  }
  if (ConfigFile.empty())
    return std::make_unique<FileOptionsProvider>(
        GlobalOptions, DefaultOptions, OverrideOptions,
        llvm::vfs::getRealFileSystem());

  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(ConfigFile);
  if (!Text) {
    reportError(ConfigFile, "cannot read configuration: " +
                                Text.getError().message());
    Failed = true;
    return nullptr;
  }
  std::optional<ClangTidyOptions> Parsed =
      mpr::parseCheckedConfiguration((*Text)->getMemBufferRef(), ConfigFile);
  if (!Parsed) {
    Failed = true;
    return nullptr;
  }
  return std::make_unique<ConfigOptionsProvider>(
      GlobalOptions, DefaultOptions, std::move(*Parsed), OverrideOptions);
}

/// The compile_commands.json that covers \p File: in a parent folder or its
/// build/ subfolder, nearest first.
std::string findCompileCommands(llvm::StringRef File) {
  llvm::SmallString<256> Dir(path::parent_path(File));
  while (!Dir.empty()) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      path::append(Candidate, Sub, "compile_commands.json");
      if (fs::is_regular_file(Candidate))
        return std::string(Candidate);
    }
    llvm::StringRef Parent = path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

/// Builds in another folder find the compiler's own headers: clang looks
/// for them next to the running binary, which is not where they are.
ArgumentsAdjuster resourceDirAdjuster() {
  return [](const CommandLineArguments &Args, llvm::StringRef) {
    for (const std::string &Arg : Args)
      if (llvm::StringRef(Arg).starts_with("-resource-dir"))
        return Args;
    CommandLineArguments Adjusted = Args;
    Adjusted.insert(Adjusted.begin() + std::min<size_t>(1, Adjusted.size()),
                    "-resource-dir=" MPR_CLANG_RESOURCE_DIR);
    return Adjusted;
  };
}

} // namespace

int main(int argc, const char **argv) {
  std::string FixedDatabaseError;
  std::unique_ptr<CompilationDatabase> FixedDatabase =
      FixedCompilationDatabase::loadFromCommandLine(argc, argv,
                                                    FixedDatabaseError);
  cl::HideUnrelatedOptions(MprLintCategory);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "mpr-lint " MPR_LINT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "mpr-lint: finds Procore API client code that breaks Multiple Procore "
      "Regions.\n\n"
      "  mpr-lint [options] <source files...> [-- <compiler args>]\n\n"
      "Exit status: 0 no findings, 1 findings, 2 could not analyse.\n");

  bool Failed = false;
  if (ListChecks) {
    auto OptionsProvider = createOptionsProvider(Failed);
    if (!OptionsProvider)
      return ExitCannotAnalyse;
    llvm::SmallString<256> Here;
    fs::current_path(Here);
    path::append(Here, "dummy.cpp");
    ClangTidyOptions Options = OptionsProvider->getOptions(Here);
    llvm::outs() << "Enabled checks:\n";
    for (const std::string &Check : getCheckNames(Options, false))
      llvm::outs() << "    " << Check << "\n";
    return ExitClean;
  }
  if (SourcePaths.empty()) {
    reportError("mpr-lint", "no source files given (see --help)");
    return ExitCannotAnalyse;
  }

  // Group the files by the compilation database that describes them.
  std::unique_ptr<CompilationDatabase> GivenDatabase;
  if (!BuildPath.empty() && !FixedDatabase) {
    llvm::SmallString<256> JsonPath(BuildPath);
    path::append(JsonPath, "compile_commands.json");
    std::string Error;
    if (fs::is_regular_file(JsonPath))
      GivenDatabase = JSONCompilationDatabase::loadFromFile(
          JsonPath, Error, JSONCommandLineSyntax::AutoDetect);
    else
      GivenDatabase =
          CompilationDatabase::loadFromDirectory(BuildPath, Error);
    if (!GivenDatabase) {
      reportError(fs::is_regular_file(JsonPath) ? JsonPath.str()
                                                : llvm::StringRef(BuildPath),
                  fs::is_regular_file(JsonPath)
                      ? "malformed compilation database: " + Error
                      : "no compile_commands.json in this folder");
      return ExitCannotAnalyse;
    }
  }

  llvm::StringMap<std::vector<std::string>> FilesByDatabase;
  for (const std::string &Source : SourcePaths) {
    llvm::SmallString<256> Absolute(Source);
    fs::make_absolute(Absolute);
    path::remove_dots(Absolute, /*remove_dot_dot=*/true);
    if (!mpr::checkSourceFile(Source) ||
        (ConfigFile.empty() && InlineConfig.empty() &&
         !mpr::checkConfigFiles(Absolute))) {
      Failed = true;
      continue;
    }
    std::string Key;
    if (!FixedDatabase && !GivenDatabase) {
      Key = findCompileCommands(Absolute);
      if (Key.empty()) {
        reportError(Source,
                    "no compile_commands.json found in its folders or their "
                    "build/ folders; use -p <build dir> or '-- <flags>'");
        Failed = true;
        continue;
      }
    }
    FilesByDatabase[Key].push_back(std::string(Absolute));
  }

  unsigned Findings = 0;
  bool CompilerErrors = false;
  std::vector<ClangTidyError> Exported;
  for (auto &Group : FilesByDatabase) {
    std::unique_ptr<CompilationDatabase> Loaded;
    const CompilationDatabase *Database = FixedDatabase ? FixedDatabase.get()
                                                        : GivenDatabase.get();
    if (!Database) {
      std::string Error;
      Loaded = JSONCompilationDatabase::loadFromFile(
          Group.getKey(), Error, JSONCommandLineSyntax::AutoDetect);
      if (!Loaded) {
        reportError(Group.getKey(), "malformed compilation database: " + Error);
        Failed = true;
        continue;
      }
      Database = Loaded.get();
    }

    std::vector<std::string> Files;
    for (const std::string &File : Group.getValue()) {
      std::vector<CompileCommand> Commands = Database->getCompileCommands(File);
      if (Commands.empty()) {
        reportError(File, "no compile command for this file in " +
                              (Group.getKey().empty()
                                   ? std::string("the compilation database")
                                   : Group.getKey().str()));
        Failed = true;
        continue;
      }
      if (!FixedDatabase)
        mpr::warnAboutCompileCommand(File, Commands.front());
      Files.push_back(File);
    }
    if (Files.empty())
      continue;

    auto OptionsProvider = createOptionsProvider(Failed);
    if (!OptionsProvider)
      return ExitCannotAnalyse;
    ClangTidyContext Context(std::move(OptionsProvider));

    // A non-owning view of the database, with the extra arguments applied.
    struct Borrowed : CompilationDatabase {
      const CompilationDatabase &Inner;
      explicit Borrowed(const CompilationDatabase &Inner) : Inner(Inner) {}
      std::vector<CompileCommand>
      getCompileCommands(llvm::StringRef File) const override {
        return Inner.getCompileCommands(File);
      }
    };
    ArgumentsAdjustingCompilations Adjusted(
        std::make_unique<Borrowed>(*Database));
    Adjusted.appendArgumentsAdjuster(resourceDirAdjuster());
    Adjusted.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
    Adjusted.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(ExtraArgs, ArgumentInsertPosition::END));
    // The compiler's own "N warnings generated." count is noise for --quiet.
    if (Quiet)
      Adjusted.appendArgumentsAdjuster(getInsertArgumentAdjuster(
          "-fno-caret-diagnostics", ArgumentInsertPosition::END));

    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS(
        new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
    // One translation unit at a time: no "[1/N] Processing file" chatter,
    // and a header seen by several of them is reported once.
    std::vector<ClangTidyError> Errors;
    std::set<std::tuple<std::string, std::string, std::string, unsigned>> Seen;
    for (const std::string &File : Files) {
      std::vector<ClangTidyError> FileErrors;
      if (!mpr::analyseSafely(File, [&] {
            FileErrors =
                runClangTidy(Context, Adjusted, File, BaseFS,
                             /*ApplyAnyFix=*/Fix || !ExportFixes.empty());
          })) {
        Failed = true;
        continue;
      }
      CompilerErrors |= mpr::reportCompilerErrors(File, FileErrors);
      for (ClangTidyError &Error : FileErrors) {
        if (Seen.emplace(Error.DiagnosticName, Error.Message.Message,
                         Error.Message.FilePath, Error.Message.FileOffset)
                .second)
          Errors.push_back(std::move(Error));
      }
    }

    for (const ClangTidyError &Error : Errors)
      if (Error.DiagLevel == ClangTidyError::Warning)
        ++Findings;
    unsigned WarningsAsErrors = 0;
    handleErrors(Errors, Context, Fix ? FB_Fix : FB_NoFix, WarningsAsErrors,
                 BaseFS);
    Exported.insert(Exported.end(), Errors.begin(), Errors.end());
  }

  if (!ExportFixes.empty()) {
    if (llvm::Error E = llvm::writeToOutput(
            ExportFixes, [&](llvm::raw_ostream &OS) -> llvm::Error {
              exportReplacements(SourcePaths.front(), Exported, OS);
              return llvm::Error::success();
            })) {
      reportError(ExportFixes, "cannot write fixes: " +
                                   llvm::toString(std::move(E)));
      Failed = true;
    }
  }

  if (!Quiet)
    llvm::errs() << Findings << (Findings == 1 ? " finding" : " findings")
                 << " reported\n";
  if (Failed || CompilerErrors)
    return ExitCannotAnalyse;
  return Findings ? ExitFindings : ExitClean;
}
