//===--- Report.h - mpr-lint findings as JSON, SARIF and GitHub commands --===//
//
// The text format is clang-tidy's own printer; these are the machine
// formats. JSON and SARIF are sorted by one key each, shared with
// `mpr-lint merge`, so merged shard outputs equal one run's output.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_REPORT_REPORT_H
#define MPR_LINT_TOOL_REPORT_REPORT_H

#include "driver/RunResult.h"
#include "report/SourceFiles.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace mpr {

/// What a report shows: the diagnostics left after the baseline and diff
/// filters, and what the run knows about them.
struct ReportData {
  const RunResult &Result;
  /// One per diagnostic of Result, from fingerprintDiagnostics.
  llvm::ArrayRef<std::string> Fingerprints;
  /// The checks the run enabled: SARIF lists a rule for each.
  llvm::ArrayRef<std::string> EnabledChecks;
  unsigned Baselined = 0;
};

/// Findings (warnings), the files they are in, and compiler errors.
struct FindingCounts {
  unsigned Findings = 0;
  unsigned Files = 0;
  unsigned CompilerErrors = 0;
};
FindingCounts countFindings(const RunResult &Result, SourceFiles &Files);

/// "N findings reported in M files (K suppressed, B baselined)".
std::string summaryLine(unsigned Findings, unsigned Files, unsigned Suppressed,
                        unsigned Baselined);

/// The JSON report, format version 1 (docs/json-format.md).
llvm::json::Value jsonReport(const ReportData &Data, SourceFiles &Files);
/// A SARIF 2.1.0 log with one run.
llvm::json::Value sarifReport(const ReportData &Data, SourceFiles &Files);
/// GitHub Actions workflow commands, one per finding and failure.
void writeGithubReport(const ReportData &Data, SourceFiles &Files,
                       llvm::raw_ostream &OS);

/// The order of JSON findings and errors, and of SARIF results and rules.
void sortJsonFindings(llvm::json::Array &Findings);
void sortJsonErrors(llvm::json::Array &Errors);
void sortSarifResults(llvm::json::Array &Results);
void sortSarifRules(llvm::json::Array &Rules);
/// Sorts by the JSON text and drops repeats, for lists without a better key.
void sortByText(llvm::json::Array &Items);
/// Sets each SARIF result's ruleIndex to its rule's place in \p Rules.
void indexSarifRules(llvm::json::Array &Results,
                     const llvm::json::Array &Rules);
/// The JSON report's "summary" for these findings and errors.
llvm::json::Object jsonSummary(const llvm::json::Array &Findings,
                               const llvm::json::Array &Errors,
                               int64_t Suppressed, int64_t Baselined);

} // namespace mpr

#endif
