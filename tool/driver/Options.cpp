//===--- Options.cpp - every mpr-lint option, read once -------------------===//

#include "driver/Options.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"

namespace cl = llvm::cl;

namespace mpr {
namespace {

// Every mpr-lint option is in this category, so --help shows only them.
cl::OptionCategory MprLintCategory("mpr-lint options");

// What to analyse.
cl::list<std::string> SourcePaths(cl::Positional, cl::desc("<source files>"),
                                  cl::cat(MprLintCategory));
cl::opt<std::string>
    BuildPath("p", cl::desc("Build folder that holds compile_commands.json"),
              cl::value_desc("build dir"), cl::cat(MprLintCategory));
cl::list<std::string> ExtraArgs("extra-arg",
                                cl::desc("Compiler argument to append"),
                                cl::cat(MprLintCategory));
cl::list<std::string> ExtraArgsBefore("extra-arg-before",
                                      cl::desc("Compiler argument to prepend"),
                                      cl::cat(MprLintCategory));
cl::opt<std::string>
    Shard("shard",
          cl::desc("Analyse only shard K of N of the translation units "
                   "(1 <= K <= N)"),
          cl::value_desc("K/N"), cl::cat(MprLintCategory));

// How the checks are configured.
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
cl::opt<std::string> Explain(
    "explain",
    cl::desc("Print on stderr why each request sent at, or built by the call "
             "at, this line is or is not reported by procore-company-header"),
    cl::value_desc("file:line"), cl::cat(MprLintCategory));

// How translation units run.
cl::opt<unsigned>
    Jobs("j",
         cl::desc("Translation units analysed at once (default: one per "
                  "hardware thread)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix,
         cl::cat(MprLintCategory));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Folder of cached results (default: $XDG_CACHE_HOME/mpr-lint "
             "or ~/.cache/mpr-lint)"),
    cl::value_desc("dir"), cl::cat(MprLintCategory));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Neither read nor write cached results"),
                      cl::cat(MprLintCategory));
cl::opt<unsigned> TimeoutSeconds(
    "timeout",
    cl::desc("Seconds one translation unit may take before it is stopped "
             "and reported (default 300; 0: no limit)"),
    cl::value_desc("seconds"), cl::init(300), cl::cat(MprLintCategory));
cl::opt<std::string> WorkerOutput("worker-output", cl::Hidden,
                                  cl::desc("Internal: a worker's result file"),
                                  cl::cat(MprLintCategory));

// What comes out.
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
cl::opt<bool> PrintPluginPath(
    "print-plugin-path",
    cl::desc("Print the path of the clang-tidy plugin and exit"),
    cl::cat(MprLintCategory));
cl::opt<ReportFormat> OutputFormat(
    "format", cl::desc("Report format"), cl::init(ReportFormat::Text),
    cl::values(
        clEnumValN(ReportFormat::Text, "text", "clang-tidy's text (default)"),
        clEnumValN(ReportFormat::Json, "json", "JSON, see docs/json-format.md"),
        clEnumValN(ReportFormat::Sarif, "sarif", "SARIF 2.1.0"),
        clEnumValN(ReportFormat::Github, "github",
                   "GitHub Actions workflow commands")),
    cl::cat(MprLintCategory));
cl::opt<std::string>
    OutputFile("output",
               cl::desc("Write the report to this file instead of stdout"),
               cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<FailOn> FailOnLevel(
    "fail-on", cl::desc("Which findings make the exit status 1"),
    cl::init(FailOn::Warning),
    cl::values(clEnumValN(FailOn::None, "none", "none: exit 0 with findings"),
               clEnumValN(FailOn::Warning, "warning", "any finding (default)")),
    cl::cat(MprLintCategory));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("Do not report or fail on the findings recorded in this file"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Record the current findings in this file and accept them"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string> DiffSource(
    "diff",
    cl::desc("Report only findings on lines changed since this git "
             "revision; without a value or with '-', read a unified diff "
             "from stdin"),
    cl::value_desc("git-rev"), cl::ValueOptional, cl::cat(MprLintCategory));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Folder that reports and baselines name files relative to "
             "(default: the current folder)"),
    cl::value_desc("dir"), cl::cat(MprLintCategory));

/// --cache-dir, else $XDG_CACHE_HOME/mpr-lint, else ~/.cache/mpr-lint; ""
/// with --no-cache.
std::string cacheDirectory() {
  if (NoCache)
    return "";
  if (!CacheDir.empty())
    return CacheDir;
  llvm::SmallString<256> Dir;
  if (std::optional<std::string> Xdg =
          llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && !Xdg->empty()) {
    Dir = *Xdg;
  } else {
    if (!llvm::sys::path::home_directory(Dir))
      return "";
    llvm::sys::path::append(Dir, ".cache");
  }
  llvm::sys::path::append(Dir, "mpr-lint");
  return std::string(Dir);
}

RunOptions readOptions() {
  RunOptions Options;
  Options.Sources.assign(SourcePaths.begin(), SourcePaths.end());
  Options.BuildPath = BuildPath;
  Options.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Options.ExtraArgsBefore.assign(ExtraArgsBefore.begin(),
                                 ExtraArgsBefore.end());
  Options.Shard = Shard;
  Options.Checks = ChecksFilter;
  Options.ConfigFile = ConfigFile;
  Options.InlineConfig = InlineConfig;
  if (HeaderFilter.getNumOccurrences())
    Options.HeaderFilter = HeaderFilter;
  Options.Explain = Explain;
  Options.Jobs =
      Jobs > 0
          ? Jobs
          : std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  Options.CacheDirectory = cacheDirectory();
  Options.TimeoutSeconds = TimeoutSeconds;
  Options.WorkerOutput = WorkerOutput;
  Options.Quiet = Quiet;
  Options.Fix = Fix;
  Options.ExportFixes = ExportFixes;
  Options.ListChecks = ListChecks;
  Options.PrintPluginPath = PrintPluginPath;
  Options.Format = OutputFormat;
  Options.OutputFile = OutputFile;
  Options.FailOnLevel = FailOnLevel;
  Options.BaselineFile = BaselineFile;
  Options.WriteBaselineFile = WriteBaselineFile;
  if (DiffSource.getNumOccurrences())
    Options.DiffSource = DiffSource;
  Options.SourceRoot = SourceRoot;
  return Options;
}

} // namespace

CommandLine parseCommandLine(int Argc, const char **Argv) {
  CommandLine Parsed;
  // What follows "--", before the fixed database takes it off Argv.
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]) == "--") {
      Parsed.Options.CompilerArgs.emplace(Argv + I + 1, Argv + Argc);
      break;
    }
  std::string FixedDatabaseError;
  Parsed.FixedDatabase =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(
          Argc, Argv, FixedDatabaseError);
  cl::HideUnrelatedOptions(MprLintCategory);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "mpr-lint " MPR_LINT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::ParseCommandLineOptions(
      Argc, Argv,
      "mpr-lint: finds Procore API client code that breaks Multiple Procore "
      "Regions.\n\n"
      "  mpr-lint [options] <source files...> [-- <compiler args>]\n\n"
      "Exit status: 0 no findings, 1 findings, 2 could not analyse.\n");
  std::optional<std::vector<std::string>> CompilerArgs =
      std::move(Parsed.Options.CompilerArgs);
  Parsed.Options = readOptions();
  if (Parsed.FixedDatabase)
    Parsed.Options.CompilerArgs = std::move(CompilerArgs);
  return Parsed;
}

} // namespace mpr
