//===--- Baseline.h - findings accepted when a codebase adopts mpr-lint ---===//
//
// A baseline lists fingerprints of known findings. A fingerprint names the
// check, the file relative to the source root and the normalised text of
// the flagged line and its nearest non-blank neighbours, never a line
// number, so edits elsewhere in the file do not invalidate it.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_REPORT_BASELINE_H
#define MPR_LINT_TOOL_REPORT_BASELINE_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "report/SourceFiles.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <set>
#include <string>
#include <vector>

namespace mpr {

/// One fingerprint per diagnostic, in the same order; identical findings
/// in one file are told apart by an occurrence counter.
std::vector<std::string>
fingerprintDiagnostics(llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                       SourceFiles &Files);

/// The fingerprints a baseline file records.
llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef File);

/// Records the warnings of \p Diagnostics as a baseline in \p File, whole
/// or not at all.
llvm::Error
writeBaseline(llvm::StringRef File,
              llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
              llvm::ArrayRef<std::string> Fingerprints, SourceFiles &Files);

} // namespace mpr

#endif
