//===--- SafeFixes.h - apply fix-its without ever damaging a file ---------===//
//
// --fix in the parent, after every translation unit has been analysed:
// replacements are grouped per file, conflicting ones are dropped whole,
// files changed since their analysis or not writable are refused, and each
// file is replaced atomically with its permissions kept.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_FIXES_SAFEFIXES_H
#define MPR_LINT_TOOL_FIXES_SAFEFIXES_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "worker/TranslationUnitReport.h"
#include "llvm/ADT/ArrayRef.h"

namespace mpr {

/// What applying the fixes did.
struct FixOutcome {
  unsigned AppliedFixes = 0;
  unsigned ChangedFiles = 0;
  /// Fixes left out because they conflict with another fix.
  unsigned ConflictingFixes = 0;
  /// A file could not be written or had changed since it was analysed.
  bool Refused = false;
};

/// Applies the fix of every diagnostic in \p Diagnostics that has one.
/// \p Digests holds each file's content at analysis time. Conflicts are
/// warned about and refusals reported as errors on stderr, one line each.
FixOutcome applyFixes(llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                      const FileDigests &Digests);

} // namespace mpr

#endif
