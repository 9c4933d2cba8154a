//===--- TranslationUnitWorker.h - analyse one translation unit -----------===//
//
// What a worker process does: analyse one file, or replay its cached result
// when nothing that could change it has changed, and write the report for
// the parent.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_TRANSLATIONUNITWORKER_H
#define MPR_LINT_TOOL_WORKER_TRANSLATIONUNITWORKER_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"

namespace mpr {

/// Analyses \p File with \p Compilations (arguments already adjusted) and
/// writes a TranslationUnitReport to \p OutputPath. With a non-empty
/// \p CacheDirectory, replays or stores the result there. Returns the
/// process exit status: 0 when the report was written, 2 when not.
int runWorker(clang::tidy::ClangTidyContext &Context,
              const clang::tooling::CompilationDatabase &Compilations,
              llvm::StringRef File, bool ApplyAnyFix,
              llvm::StringRef OutputPath, llvm::StringRef CacheDirectory);

} // namespace mpr

#endif
