//===--- Shards.h - which translation units run ---------===//

#ifndef MPR_LINT_TOOL_WORKER_SHARDS_H
#define MPR_LINT_TOOL_WORKER_SHARDS_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace mpr {

/// Shard K of N, counted from 1.
struct ShardSpec {
  unsigned Index = 1;
  unsigned Count = 1;
};

/// Every main file of \p Database, absolute, sorted, each once.
std::vector<std::string>
allTranslationUnits(const clang::tooling::CompilationDatabase &Database);

/// Parses "K/N" with 1 <= K <= N; std::nullopt when it is not that.
std::optional<ShardSpec> parseShard(llvm::StringRef Text);

/// The files of \p Shard: every N-th of the sorted \p Files, starting at
/// the K-th, so the N shards cover each file exactly once.
std::vector<std::string> selectShard(std::vector<std::string> Files,
                                     ShardSpec Shard);

} // namespace mpr

#endif
