//===--- RunResult.h - what one mpr-lint run found ------------------------===//
#ifndef MPR_LINT_TOOL_DRIVER_RUNRESULT_H
#define MPR_LINT_TOOL_DRIVER_RUNRESULT_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <string>
#include <vector>

namespace mpr {

/// A file or translation unit that could not be analysed, and why.
struct AnalysisFailure {
  std::string File;
  std::string Reason;
};

/// Everything the analysis stage hands to the reporting stage.
struct RunResult {
  /// Findings and compiler errors, deduplicated across translation units,
  /// in a stable order (file, offset, check name) independent of -j.
  std::vector<clang::tidy::ClangTidyError> Diagnostics;
  std::vector<AnalysisFailure> Failures;
  /// Absolute paths of the main files analysed, in the order analysed.
  std::vector<std::string> AnalysedFiles;
  /// Findings silenced by NOLINT comments.
  unsigned SuppressedByNolint = 0;
};

} // namespace mpr

#endif
