//===--- Shards.cpp - which translation units run -------===//

#include "worker/Shards.h"
#include "driver/Paths.h"
#include "worker/TranslationUnitReport.h"
#include "llvm/Support/Path.h"
#include <algorithm>

namespace mpr {

std::vector<std::string>
allTranslationUnits(const clang::tooling::CompilationDatabase &Database) {
  std::vector<std::string> Files;
  for (const clang::tooling::CompileCommand &Command :
       Database.getAllCompileCommands()) {
    llvm::SmallString<256> Path(Command.Filename);
    if (!llvm::sys::path::is_absolute(Path))
      Path = (Command.Directory + "/" + Path).str();
    Files.push_back(absolutePath(Path));
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

std::optional<ShardSpec> parseShard(llvm::StringRef Text) {
  auto [Index, Count] = Text.split('/');
  ShardSpec Shard;
  if (Index.getAsInteger(10, Shard.Index) ||
      Count.getAsInteger(10, Shard.Count) || Shard.Index < 1 ||
      Shard.Index > Shard.Count)
    return std::nullopt;
  return Shard;
}

std::vector<std::string> selectShard(std::vector<std::string> Files,
                                     ShardSpec Shard) {
  std::sort(Files.begin(), Files.end());
  std::vector<std::string> Selected;
  for (size_t I = Shard.Index - 1; I < Files.size(); I += Shard.Count)
    Selected.push_back(Files[I]);
  return Selected;
}

} // namespace mpr
