//===--- CompileDatabases.cpp - where compile commands come from ----------===//

#include "driver/CompileDatabases.h"
#include "driver/Messages.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang::tooling;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mpr {

std::unique_ptr<CompilationDatabase> loadJsonDatabase(llvm::StringRef Path) {
  std::string Error;
  std::unique_ptr<CompilationDatabase> Database =
      JSONCompilationDatabase::loadFromFile(Path, Error,
                                            JSONCommandLineSyntax::AutoDetect);
  if (!Database)
    reportError(Path, "malformed compilation database: " + Error);
  return Database;
}

std::unique_ptr<CompilationDatabase>
loadBuildDatabase(llvm::StringRef BuildPath) {
  llvm::SmallString<256> JsonPath(BuildPath);
  path::append(JsonPath, "compile_commands.json");
  if (fs::is_regular_file(JsonPath))
    return loadJsonDatabase(JsonPath);
  std::string Error;
  std::unique_ptr<CompilationDatabase> Database =
      CompilationDatabase::loadFromDirectory(BuildPath, Error);
  if (!Database)
    reportError(BuildPath, "no compile_commands.json in this folder");
  return Database;
}

std::string findCompileCommands(llvm::StringRef File) {
  llvm::SmallString<256> Dir(path::parent_path(File));
  while (!Dir.empty()) {
    std::vector<std::string> Subs{"", "build", "out"};
    std::vector<std::string> CMakeBuilds; // CLion's, in name order.
    std::error_code EC;
    for (fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (path::filename(It->path()).starts_with("cmake-build-"))
        CMakeBuilds.push_back(std::string(path::filename(It->path())));
    llvm::sort(CMakeBuilds);
    Subs.insert(Subs.end(), CMakeBuilds.begin(), CMakeBuilds.end());
    for (llvm::StringRef Sub : Subs) {
      llvm::SmallString<256> Candidate(Dir);
      path::append(Candidate, Sub, "compile_commands.json");
      if (fs::is_regular_file(Candidate))
        return std::string(Candidate);
    }
    llvm::StringRef Parent = path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

} // namespace mpr
