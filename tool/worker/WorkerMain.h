//===--- WorkerMain.h - the worker process's side of a run ----------------===//
//
// mpr-lint starts itself once per translation unit with --worker-output;
// that process analyses its one file, which the parent has already checked,
// and writes the result for the parent to read.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_WORKERMAIN_H
#define MPR_LINT_TOOL_WORKER_WORKERMAIN_H

#include "driver/Options.h"

namespace mpr {

/// Analyses the one source file of \p Options and returns the process exit
/// status: 0 when the result was written, 2 when not.
int runWorkerMain(const RunOptions &Options,
                  const clang::tooling::CompilationDatabase *FixedDatabase);

} // namespace mpr

#endif
