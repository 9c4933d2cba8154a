//===--- GateRunOptions.cpp - how mpr-lint runs translation units ---------===//

#include "GateRunOptions.h"
#include "MprLintOptions.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"

namespace cl = llvm::cl;

namespace mpr {

cl::opt<unsigned>
    Jobs("j",
         cl::desc("Translation units analysed at once (default: one per "
                  "hardware thread)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix,
         cl::cat(MprLintCategory));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Folder of cached results (default: $XDG_CACHE_HOME/mpr-lint "
             "or ~/.cache/mpr-lint)"),
    cl::value_desc("dir"), cl::cat(MprLintCategory));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Neither read nor write cached results"),
                      cl::cat(MprLintCategory));
cl::opt<std::string>
    Shard("shard",
          cl::desc("Analyse only shard K of N of the translation units "
                   "(1 <= K <= N)"),
          cl::value_desc("K/N"), cl::cat(MprLintCategory));
cl::opt<unsigned> TimeoutSeconds(
    "timeout",
    cl::desc("Seconds one translation unit may take before it is stopped "
             "and reported (default 300; 0: no limit)"),
    cl::value_desc("seconds"), cl::init(300), cl::cat(MprLintCategory));
cl::opt<std::string> WorkerOutput("worker-output", cl::Hidden,
                                  cl::desc("Internal: a worker's result file"),
                                  cl::cat(MprLintCategory));

std::string cacheDirectory() {
  if (NoCache)
    return "";
  if (!CacheDir.empty())
    return CacheDir;
  llvm::SmallString<256> Dir;
  if (std::optional<std::string> Xdg =
          llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && !Xdg->empty()) {
    Dir = *Xdg;
  } else {
    if (!llvm::sys::path::home_directory(Dir))
      return "";
    llvm::sys::path::append(Dir, ".cache");
  }
  llvm::sys::path::append(Dir, "mpr-lint");
  return std::string(Dir);
}

unsigned jobCount() {
  if (Jobs > 0)
    return Jobs;
  return std::max(1u, llvm::hardware_concurrency().compute_thread_count());
}

} // namespace mpr
