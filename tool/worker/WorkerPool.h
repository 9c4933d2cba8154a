//===--- WorkerPool.h - analyse translation units in worker processes -----===//
//
// The parent side of the analysis: one worker process per translation unit
// (this same binary with --worker-output), N at a time. A worker that
// crashes or runs past the time limit costs only its own unit.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_WORKERPOOL_H
#define MPR_LINT_TOOL_WORKER_WORKERPOOL_H

#include "driver/RunResult.h"
#include "worker/TranslationUnitReport.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace mpr {

/// One translation unit and the arguments of the worker that analyses it.
struct WorkerJob {
  std::string File;
  std::vector<std::string> Args;
};

/// How the pool runs.
struct PoolSettings {
  std::string Program;
  unsigned Parallel = 1;
  unsigned TimeoutSeconds = 300;
  bool ShowProgress = false;
};

/// Runs every job and merges the reports into a RunResult: diagnostics
/// deduplicated and sorted independently of the order workers finish in.
/// The digests of the files that fixes would touch go to \p Digests.
RunResult runWorkers(llvm::ArrayRef<WorkerJob> Jobs,
                     const PoolSettings &Settings, FileDigests &Digests);

} // namespace mpr

#endif
