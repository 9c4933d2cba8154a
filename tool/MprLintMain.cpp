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

#include "CompilerPluginFilter.h"
#include "Gate.h"
#include "GateRunOptions.h"
#include "InputChecks.h"
#include "Merge.h"
#include "MprLintOptions.h"
#include "RunResult.h"
#include "SafeFixes.h"
#include "TranslationUnitSelection.h"
#include "TranslationUnitWorker.h"
#include "WorkerPool.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

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
cl::opt<std::string>
    BuildPath("p", cl::desc("Build folder that holds compile_commands.json"),
              cl::value_desc("build dir"), cl::cat(MprLintCategory));
cl::opt<std::string>
    ChecksFilter("checks", cl::desc("Checks to run, as clang-tidy globs"),
                 cl::init("procore-*"), cl::cat(MprLintCategory));
cl::opt<std::string> ConfigFile(
    "config-file",
    cl::desc("Read CheckOptions from this file instead of .clang-tidy files"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string>
    InlineConfig("config",
                 cl::desc("Configuration as YAML, like clang-tidy's --config"),
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
cl::opt<std::string> Explain(
    "explain",
    cl::desc("Print on stderr why each request sent at, or built by the call "
             "at, this line is or is not reported by procore-company-header"),
    cl::value_desc("file:line"), cl::cat(MprLintCategory));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks"),
                         cl::cat(MprLintCategory));

/// One line on stderr, in the shape clang uses: "error: <where>: <why>".
void reportError(llvm::StringRef Where, llvm::StringRef Why) {
  llvm::errs() << "error: " << Where << ": " << Why << "\n";
}

std::unique_ptr<ClangTidyOptionsProvider> createOptionsProvider(bool &Failed) {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions DefaultOptions = ClangTidyOptions::getDefaults();
  DefaultOptions.Checks = "-*";
  ClangTidyOptions OverrideOptions;
  // The mpr-lint check list wins over the Checks of .clang-tidy files, which
  // name checks this binary does not carry; CheckOptions still apply.
  OverrideOptions.Checks = "-*," + ChecksFilter;
  if (HeaderFilter.getNumOccurrences())
    OverrideOptions.HeaderFilterRegex = HeaderFilter;
  if (!Explain.empty())
    OverrideOptions.CheckOptions["procore-company-header.Explain"] =
        ClangTidyOptions::ClangTidyValue(Explain);

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
    reportError(ConfigFile,
                "cannot read configuration: " + Text.getError().message());
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
/// build/, out/ or cmake-build-*/ subfolder, nearest first.
std::string findCompileCommands(llvm::StringRef File) {
  llvm::SmallString<256> Dir(path::parent_path(File));
  while (!Dir.empty()) {
    std::vector<std::string> Subs{"", "build", "out"};
    std::vector<std::string> CMakeBuilds; // CLion's, in name order.
    std::error_code EC;
    for (fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (path::filename(It->path()).starts_with("cmake-build-"))
        CMakeBuilds.push_back(std::string(path::filename(It->path())));
    llvm::sort(CMakeBuilds);
    Subs.insert(Subs.end(), CMakeBuilds.begin(), CMakeBuilds.end());
    for (llvm::StringRef Sub : Subs) {
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

/// The arguments of the worker that analyses \p File: the options that
/// shape the analysis, the database (\p DatabaseArgs, or the compiler
/// arguments after "--" when given) and the file.
std::vector<std::string>
workerArguments(llvm::StringRef File,
                const std::vector<std::string> &DatabaseArgs,
                const std::vector<std::string> *CompilerArgs) {
  std::vector<std::string> Args = {"--checks=" + ChecksFilter};
  if (!ConfigFile.empty())
    Args.push_back("--config-file=" + ConfigFile);
  if (!InlineConfig.empty())
    Args.push_back("--config=" + InlineConfig);
  if (HeaderFilter.getNumOccurrences())
    Args.push_back("--header-filter=" + HeaderFilter);
  for (const std::string &Arg : ExtraArgsBefore)
    Args.push_back("--extra-arg-before=" + Arg);
  for (const std::string &Arg : ExtraArgs)
    Args.push_back("--extra-arg=" + Arg);
  if (Quiet)
    Args.push_back("--quiet");
  // Fixes are applied by the parent; the worker only has to keep them.
  if (Fix || !ExportFixes.empty())
    Args.push_back("--fix");
  // An explanation needs the analysis to run, not a cached result.
  std::string Cache = Explain.empty() ? mpr::cacheDirectory() : "";
  if (!Explain.empty())
    Args.push_back("--explain=" + Explain);
  Args.push_back(Cache.empty() ? "--no-cache" : "--cache-dir=" + Cache);
  Args.insert(Args.end(), DatabaseArgs.begin(), DatabaseArgs.end());
  Args.push_back(File.str());
  if (CompilerArgs) {
    Args.push_back("--");
    Args.insert(Args.end(), CompilerArgs->begin(), CompilerArgs->end());
  }
  return Args;
}

/// One note per translation unit whose compile command asks the compiler
/// to load code: the flags are dropped, the unit is analysed as usual.
void noteCompilerPluginFlags(const CompilationDatabase &Database,
                             llvm::StringRef File) {
  std::vector<std::string> Removed;
  for (const CompileCommand &Command : Database.getCompileCommands(File))
    mpr::removeCompilerPluginFlags(Command.CommandLine, &Removed);
  if (!Removed.empty())
    llvm::errs() << "note: " << File << ": ignored '"
                 << llvm::join(Removed, "', '")
                 << "' in its compile command: mpr-lint never loads "
                    "compiler plugins\n";
}

/// Analyses each job's translation unit in a worker process, -j at a time;
/// the findings come back merged, deduplicated and sorted.
mpr::RunResult analyseInWorkers(const std::vector<mpr::WorkerJob> &Jobs,
                                const char *Argv0, mpr::FileDigests &Digests) {
  static int Anchor;
  mpr::PoolSettings Settings;
  Settings.Program = fs::getMainExecutable(Argv0, &Anchor);
  Settings.Parallel = mpr::jobCount();
  Settings.TimeoutSeconds = mpr::TimeoutSeconds;
  Settings.ShowProgress =
      !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  return mpr::runWorkers(Jobs, Settings, Digests);
}

/// --fix: applies the fixes of \p Result safely and says how many; false
/// when a file was refused.
bool applyFixes(const mpr::RunResult &Result, const mpr::FileDigests &Digests) {
  mpr::FixOutcome Fixed = mpr::applyFixes(Result.Diagnostics, Digests);
  if (!Quiet)
    llvm::errs() << Fixed.AppliedFixes
                 << (Fixed.AppliedFixes == 1 ? " fix" : " fixes")
                 << " applied in " << Fixed.ChangedFiles
                 << (Fixed.ChangedFiles == 1 ? " file\n" : " files\n");
  return !Fixed.Refused;
}

} // namespace

int main(int argc, const char **argv) {
  if (argc > 1 && llvm::StringRef(argv[1]) == "merge")
    return mpr::runMerge(argc - 1, argv + 1);
  // What follows "--", before the fixed database takes it off argv.
  std::vector<std::string> CompilerArgs;
  for (int I = 1; I < argc; ++I)
    if (llvm::StringRef(argv[I]) == "--") {
      CompilerArgs.assign(argv + I + 1, argv + argc);
      break;
    }
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
  std::vector<std::string> Sources(SourcePaths.begin(), SourcePaths.end());
  bool SourcesFromDiff = false;
  if (std::optional<int> Status =
          mpr::prepareGate(argv[0], Sources, SourcesFromDiff))
    return *Status;
  if (Sources.empty() && !SourcesFromDiff &&
      (BuildPath.empty() || FixedDatabase)) {
    reportError("mpr-lint", "no source files given (see --help)");
    return ExitCannotAnalyse;
  }
  std::optional<mpr::ShardSpec> ShardToRun;
  if (!mpr::Shard.empty() && !(ShardToRun = mpr::parseShard(mpr::Shard))) {
    reportError("--shard",
                "expected K/N with 1 <= K <= N, not '" + mpr::Shard + "'");
    return ExitCannotAnalyse;
  }
  // Inputs found unusable before the analysis, reported as they are found.
  mpr::RunResult Early;

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
      GivenDatabase = CompilationDatabase::loadFromDirectory(BuildPath, Error);
    if (!GivenDatabase) {
      reportError(fs::is_regular_file(JsonPath) ? JsonPath.str()
                                                : llvm::StringRef(BuildPath),
                  fs::is_regular_file(JsonPath)
                      ? "malformed compilation database: " + Error
                      : "no compile_commands.json in this folder");
      return ExitCannotAnalyse;
    }
  }

  // No source files with -p: every translation unit of the database.
  if (Sources.empty() && !SourcesFromDiff) {
    Sources = mpr::allTranslationUnits(*GivenDatabase);
    if (Sources.empty()) {
      reportError(BuildPath, "the compilation database has no entries");
      return ExitCannotAnalyse;
    }
  }
  if (ShardToRun)
    Sources = mpr::selectShard(std::move(Sources), *ShardToRun);

  llvm::StringMap<std::vector<std::string>> FilesByDatabase;
  for (const std::string &Source : Sources) {
    llvm::SmallString<256> Absolute(Source);
    fs::make_absolute(Absolute);
    path::remove_dots(Absolute, /*remove_dot_dot=*/true);
    // A worker's file was checked by the parent that started it.
    bool Checked = !mpr::WorkerOutput.empty();
    if (!Checked && (!mpr::checkSourceFile(Source) ||
                     (ConfigFile.empty() && InlineConfig.empty() &&
                      !mpr::checkConfigFiles(Absolute)))) {
      Early.Failures.push_back({Source, "cannot be read"});
      Failed = true;
      continue;
    }
    std::string Key;
    if (!FixedDatabase && !GivenDatabase) {
      Key = findCompileCommands(Absolute);
      // --diff picks only the changed files that can be compiled.
      if (Key.empty() && SourcesFromDiff)
        continue;
      if (Key.empty()) {
        Early.Failures.push_back({Source, "no compile_commands.json found"});
        reportError(Source,
                    "no compile_commands.json found in its folders or their "
                    "build/ folders; use -p <build dir> or '-- <flags>'");
        Failed = true;
        continue;
      }
    }
    FilesByDatabase[Key].push_back(std::string(Absolute));
  }

  std::vector<mpr::WorkerJob> Jobs;
  for (auto &Group : FilesByDatabase) {
    std::unique_ptr<CompilationDatabase> Loaded;
    const CompilationDatabase *Database =
        FixedDatabase ? FixedDatabase.get() : GivenDatabase.get();
    if (!Database) {
      std::string Error;
      Loaded = JSONCompilationDatabase::loadFromFile(
          Group.getKey(), Error, JSONCommandLineSyntax::AutoDetect);
      if (!Loaded) {
        reportError(Group.getKey(), "malformed compilation database: " + Error);
        Early.Failures.push_back(
            {Group.getKey().str(), "malformed compilation database"});
        Failed = true;
        continue;
      }
      Database = Loaded.get();
    }

    std::vector<std::string> Files;
    for (const std::string &File : Group.getValue()) {
      std::vector<CompileCommand> Commands = Database->getCompileCommands(File);
      if (Commands.empty()) {
        if (SourcesFromDiff)
          continue;
        Early.Failures.push_back({File, "no compile command for this file"});
        reportError(File, "no compile command for this file in " +
                              (Group.getKey().empty()
                                   ? std::string("the compilation database")
                                   : Group.getKey().str()));
        Failed = true;
        continue;
      }
      if (!FixedDatabase && mpr::WorkerOutput.empty())
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
    Adjusted.appendArgumentsAdjuster(mpr::compilerPluginRemover());
    Adjusted.appendArgumentsAdjuster(resourceDirAdjuster());
    Adjusted.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
    Adjusted.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(ExtraArgs, ArgumentInsertPosition::END));
    // The compiler's own "N warnings generated." count is noise for --quiet.
    if (Quiet)
      Adjusted.appendArgumentsAdjuster(getInsertArgumentAdjuster(
          "-fno-caret-diagnostics", ArgumentInsertPosition::END));

    if (!mpr::WorkerOutput.empty())
      return mpr::runWorker(Context, Adjusted, Files.front(),
                            /*ApplyAnyFix=*/Fix, mpr::WorkerOutput,
                            mpr::cacheDirectory());

    // The worker finds the same database: the one given, or this one.
    std::vector<std::string> DatabaseArgs;
    if (!FixedDatabase)
      DatabaseArgs = {"-p", GivenDatabase
                                ? BuildPath.getValue()
                                : path::parent_path(Group.getKey()).str()};
    for (const std::string &File : Files) {
      noteCompilerPluginFlags(*Database, File);
      Jobs.push_back(
          {File, workerArguments(File, DatabaseArgs,
                                 FixedDatabase ? &CompilerArgs : nullptr)});
    }
  }
  // A worker analyses its one file above and never starts workers itself.
  if (!mpr::WorkerOutput.empty()) {
    reportError(mpr::WorkerOutput.getValue(), "worker had nothing to analyse");
    return ExitCannotAnalyse;
  }
  mpr::FileDigests Digests;
  mpr::RunResult Result = analyseInWorkers(Jobs, argv[0], Digests);
  for (const mpr::AnalysisFailure &Failure : Result.Failures) {
    reportError(Failure.File, Failure.Reason);
    Failed = true;
  }

  Result.Failures.insert(Result.Failures.begin(), Early.Failures.begin(),
                         Early.Failures.end());

  if (!ExportFixes.empty()) {
    if (llvm::Error E = llvm::writeToOutput(
            ExportFixes, [&](llvm::raw_ostream &OS) -> llvm::Error {
              exportReplacements(Result.AnalysedFiles.empty()
                                     ? std::string()
                                     : Result.AnalysedFiles.front(),
                                 Result.Diagnostics, OS);
              return llvm::Error::success();
            })) {
      reportError(ExportFixes,
                  "cannot write fixes: " + llvm::toString(std::move(E)));
      Failed = true;
    }
  }

  // clang-tidy's printer, with the options of the last file analysed. The
  // report comes first; fixes are applied to what it kept, after it.
  auto PrintOptions = createOptionsProvider(Failed);
  if (!PrintOptions)
    return ExitCannotAnalyse;
  ClangTidyContext PrintContext(std::move(PrintOptions));
  PrintContext.setCurrentFile(
      Result.AnalysedFiles.empty()
          ? llvm::StringRef("dummy.cpp")
          : llvm::StringRef(Result.AnalysedFiles.back()));
  std::vector<std::string> EnabledChecks =
      getCheckNames(PrintContext.getOptions(), false);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> PrintFS =
      llvm::vfs::getRealFileSystem();
  int Status = mpr::finishRun(
      Result, EnabledChecks,
      [&](llvm::ArrayRef<ClangTidyError> Errors) {
        unsigned WarningsAsErrors = 0;
        handleErrors(Errors, PrintContext, FB_NoFix, WarningsAsErrors, PrintFS);
      },
      Quiet);
  if (Fix && !applyFixes(Result, Digests))
    Failed = true;
  return Failed ? ExitCannotAnalyse : Status;
}
