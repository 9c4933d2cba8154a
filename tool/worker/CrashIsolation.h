//===--- CrashIsolation.h - one translation unit that crashes stops only itself
//-*- C++
//-*-===//
//
// Clang parses nested expressions recursively: a generated file with tens of
// thousands of appended pieces overflows the stack of clang++ itself. mpr-lint
// gives each translation unit a large stack and, where even that is not
// enough, reports the file and goes on with the others.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_CRASHISOLATION_H
#define MPR_LINT_TOOL_WORKER_CRASHISOLATION_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace mpr {

/// Runs \p Analyse, the analysis of \p File, on a thread with a large stack.
/// If it crashes, says so in one line on stderr and returns false.
bool analyseSafely(llvm::StringRef File, llvm::function_ref<void()> Analyse);

} // namespace mpr

#endif // MPR_LINT_TOOL_WORKER_CRASHISOLATION_H
