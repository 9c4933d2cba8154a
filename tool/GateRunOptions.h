//===--- GateRunOptions.h - how mpr-lint runs translation units -----------===//
//
// The options of the analysis stage: parallel workers, the result cache,
// shards and the per-unit time limit.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_GATERUNOPTIONS_H
#define MPR_LINT_TOOL_GATERUNOPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace mpr {

extern llvm::cl::opt<unsigned> Jobs;
extern llvm::cl::opt<std::string> CacheDir;
extern llvm::cl::opt<bool> NoCache;
extern llvm::cl::opt<std::string> Shard;
extern llvm::cl::opt<unsigned> TimeoutSeconds;
/// Set only in a worker process: where it writes its translation unit's
/// result for the parent.
extern llvm::cl::opt<std::string> WorkerOutput;

/// Where results are cached, or "" with --no-cache: --cache-dir, else
/// $XDG_CACHE_HOME/mpr-lint, else ~/.cache/mpr-lint.
std::string cacheDirectory();

/// The worker count: -j, or the number of hardware threads.
unsigned jobCount();

} // namespace mpr

#endif
