//===--- Finish.h - what mpr-lint reports, where, and how it exits --------===//
//
// The reporting half of a run: readReportFilters before the analysis (the
// baseline, the diff and the sources it touches) and finishRun after it
// (baseline and diff filters, the report in --format, the summary line, the
// exit status).
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_REPORT_FINISH_H
#define MPR_LINT_TOOL_REPORT_FINISH_H

#include "driver/Options.h"
#include "driver/RunResult.h"
#include "report/ChangedLines.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mpr {

/// What decides which findings a run reports.
struct ReportFilters {
  /// Fingerprints of accepted findings (--baseline).
  std::optional<std::set<std::string>> Baseline;
  /// The changed lines (--diff).
  std::optional<ChangedLines> Changes;
};

/// Checks --source-root, loads the baseline and reads the diff. With --diff
/// and no \p SourcePaths, fills them with the changed C and C++ sources and
/// sets \p SourcesFromDiff. std::nullopt after an error on stderr.
std::optional<ReportFilters>
readReportFilters(const RunOptions &Options,
                  std::vector<std::string> &SourcePaths, bool &SourcesFromDiff);

/// Prints diagnostics as clang-tidy does.
using TextPrinter =
    llvm::function_ref<void(llvm::ArrayRef<clang::tidy::ClangTidyError>)>;

/// Filters \p Result, reports it and returns the exit status: 0 clean,
/// 1 findings (with --fail-on=warning), 2 could not analyse.
int finishRun(RunResult &Result, const RunOptions &Options,
              const ReportFilters &Filters,
              llvm::ArrayRef<std::string> EnabledChecks, TextPrinter PrintText);

} // namespace mpr

#endif
