//===--- ExportFixes.h - --export-fixes for clang-apply-replacements ------===//

#ifndef MPR_LINT_TOOL_FIXES_EXPORTFIXES_H
#define MPR_LINT_TOOL_FIXES_EXPORTFIXES_H

#include "driver/RunResult.h"
#include "llvm/ADT/StringRef.h"

namespace mpr {

/// Writes the fixes of \p Result's diagnostics to \p Path as clang-tidy's
/// --export-fixes does, whole or not at all; false after an error on stderr.
bool exportFixes(const RunResult &Result, llvm::StringRef Path);

} // namespace mpr

#endif
