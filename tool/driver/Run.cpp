//===--- Run.cpp - one mpr-lint run, from command line to exit status -----===//
//
// A run reads top to bottom: the command line, the report filters (baseline
// and diff), the plan (compile databases to worker jobs), the analysis in
// worker processes, then the outputs: the report with its filters, and the
// fixes of what it kept, exported and applied.
//
//===----------------------------------------------------------------------===//

#include "driver/Run.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "common/CheckCatalog.h"
#include "driver/JobPlanner.h"
#include "driver/Messages.h"
#include "driver/Options.h"
#include "driver/TidyOptions.h"
#include "fixes/ExportFixes.h"
#include "fixes/SafeFixes.h"
#include "plugin/PluginPath.h"
#include "report/Finish.h"
#include "report/Merge.h"
#include "worker/WorkerMain.h"
#include "worker/WorkerPool.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tidy;
namespace fs = llvm::sys::fs;

namespace clang::tidy {
// Links the procore module's registration into the binary.
extern volatile int ProcoreModuleAnchorSource;
[[maybe_unused]] static int ProcoreModuleAnchor = ProcoreModuleAnchorSource;
} // namespace clang::tidy

namespace mpr {
namespace {

int listChecks(const RunOptions &Options) {
  auto OptionsProvider = createOptionsProvider(Options);
  if (!OptionsProvider)
    return ExitCannotAnalyse;
  llvm::SmallString<256> Here;
  fs::current_path(Here);
  llvm::sys::path::append(Here, "dummy.cpp");
  ClangTidyOptions TidyOptions = OptionsProvider->getOptions(Here);
  llvm::outs() << "Enabled checks:\n";
  for (const std::string &Check : getCheckNames(TidyOptions, false)) {
    llvm::outs() << "    " << Check;
    if (const procore::CheckInfo *Info = procore::findCheckInfo(Check))
      llvm::outs() << "  " << Info->Summary;
    llvm::outs() << "\n";
  }
  return ExitClean;
}

int printPluginPath(const char *Argv0) {
  std::string Plugin = findPluginPath(Argv0);
  if (Plugin.empty()) {
    reportError("mpr-lint", "the clang-tidy plugin is neither in "
                            "../lib/mpr-lint/ nor beside the executable");
    return ExitCannotAnalyse;
  }
  llvm::outs() << Plugin << "\n";
  return ExitClean;
}

/// Analyses each job's translation unit in a worker process, -j at a time;
/// the findings come back merged, deduplicated and sorted.
RunResult analyseInWorkers(const std::vector<WorkerJob> &Jobs,
                           const char *Argv0, const RunOptions &Options,
                           FileDigests &Digests) {
  static int Anchor;
  PoolSettings Settings;
  Settings.Program = fs::getMainExecutable(Argv0, &Anchor);
  Settings.Parallel = Options.Jobs;
  Settings.TimeoutSeconds = Options.TimeoutSeconds;
  Settings.ShowProgress =
      !Options.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  return runWorkers(Jobs, Settings, Digests);
}

/// Reports \p Result through clang-tidy's printer, with the options of the
/// last file analysed; the exit status of finishRun.
std::optional<int> report(RunResult &Result, const RunOptions &Options,
                          const ReportFilters &Filters) {
  auto PrintOptions = createOptionsProvider(Options);
  if (!PrintOptions)
    return std::nullopt;
  ClangTidyContext PrintContext(std::move(PrintOptions));
  PrintContext.setCurrentFile(
      Result.AnalysedFiles.empty()
          ? llvm::StringRef("dummy.cpp")
          : llvm::StringRef(Result.AnalysedFiles.back()));
  std::vector<std::string> EnabledChecks =
      getCheckNames(PrintContext.getOptions(), false);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> PrintFS =
      llvm::vfs::getRealFileSystem();
  return finishRun(Result, Options, Filters, EnabledChecks,
                   [&](llvm::ArrayRef<ClangTidyError> Errors) {
                     unsigned WarningsAsErrors = 0;
                     handleErrors(Errors, PrintContext, FB_NoFix,
                                  WarningsAsErrors, PrintFS);
                   });
}

/// --fix: applies the fixes of \p Result safely and says how many; false
/// when a file was refused.
bool applyRunFixes(const RunResult &Result, const FileDigests &Digests,
                   bool Quiet) {
  FixOutcome Fixed = applyFixes(Result.Diagnostics, Digests);
  if (!Quiet)
    llvm::errs() << Fixed.AppliedFixes
                 << (Fixed.AppliedFixes == 1 ? " fix" : " fixes")
                 << " applied in " << Fixed.ChangedFiles
                 << (Fixed.ChangedFiles == 1 ? " file\n" : " files\n");
  return !Fixed.Refused;
}

} // namespace

int runMprLint(int Argc, const char **Argv) {
  if (Argc > 1 && llvm::StringRef(Argv[1]) == "merge")
    return runMerge(Argc - 1, Argv + 1);
  CommandLine Parsed = parseCommandLine(Argc, Argv);
  const RunOptions &Options = Parsed.Options;
  if (Options.ListChecks)
    return listChecks(Options);
  if (!Options.WorkerOutput.empty())
    return runWorkerMain(Options, Parsed.FixedDatabase.get());
  if (Options.PrintPluginPath)
    return printPluginPath(Argv[0]);

  // What to analyse, and what decides which findings are reported.
  std::vector<std::string> Sources = Options.Sources;
  bool SourcesFromDiff = false;
  std::optional<ReportFilters> Filters =
      readReportFilters(Options, Sources, SourcesFromDiff);
  if (!Filters)
    return ExitCannotAnalyse;
  if (Sources.empty() && !SourcesFromDiff &&
      (Options.BuildPath.empty() || Parsed.FixedDatabase)) {
    reportError("mpr-lint", "no source files given (see --help)");
    return ExitCannotAnalyse;
  }

  // The plan: one worker job per translation unit.
  std::optional<JobPlan> Plan = planJobs(Options, Parsed.FixedDatabase.get(),
                                         std::move(Sources), SourcesFromDiff);
  if (!Plan)
    return ExitCannotAnalyse;

  // The analysis.
  FileDigests Digests;
  RunResult Result = analyseInWorkers(Plan->Jobs, Argv[0], Options, Digests);
  bool Failed = !Plan->Failures.empty() || !Result.Failures.empty();
  for (const AnalysisFailure &Failure : Result.Failures)
    reportError(Failure.File, Failure.Reason);
  Result.Failures.insert(Result.Failures.begin(), Plan->Failures.begin(),
                         Plan->Failures.end());

  // The outputs. The report comes first and filters the findings (baseline,
  // diff); the fixes exported and applied are those of the findings it kept,
  // as clang-tidy-diff.py exports only the fixes of changed lines.
  std::optional<int> Status = report(Result, Options, *Filters);
  if (!Status)
    return ExitCannotAnalyse;
  if (!Options.ExportFixes.empty() && !exportFixes(Result, Options.ExportFixes))
    Failed = true;
  if (Options.Fix && !applyRunFixes(Result, Digests, Options.Quiet))
    Failed = true;
  return Failed ? ExitCannotAnalyse : *Status;
}

} // namespace mpr
