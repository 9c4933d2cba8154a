//===--- Gate.h - what mpr-lint reports, where, and how it exits ----------===//
//
// The reporting half of a run, behind two calls in main: prepareGate before
// the analysis (options, baseline, the diff and the sources it touches) and
// finishRun after it (baseline and diff filters, the report in --format,
// the summary line, the exit status).
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_GATE_H
#define MPR_LINT_TOOL_GATE_H

#include "RunResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <vector>

namespace mpr {

/// Checks the gate options, loads the baseline and reads the diff. With
/// --diff and no \p SourcePaths, fills them with the changed C and C++
/// sources and sets \p SourcesFromDiff. Returns an exit status when the run
/// should stop here (bad option or input, --print-plugin-path).
std::optional<int> prepareGate(const char *Argv0,
                               std::vector<std::string> &SourcePaths,
                               bool &SourcesFromDiff);

/// Prints diagnostics as clang-tidy does, applying fixes if asked to.
using TextPrinter =
    llvm::function_ref<void(llvm::ArrayRef<clang::tidy::ClangTidyError>)>;

/// Filters \p Result, reports it and returns the exit status: 0 clean,
/// 1 findings (with --fail-on=warning), 2 could not analyse.
int finishRun(RunResult &Result, llvm::ArrayRef<std::string> EnabledChecks,
              TextPrinter PrintText, bool Quiet);

} // namespace mpr

#endif
