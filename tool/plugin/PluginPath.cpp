//===--- PluginPath.cpp - where the clang-tidy plugin of this mpr-lint is -===//

#include "plugin/PluginPath.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mpr {

std::string findPluginPath(const char *Argv0) {
  // Any function of this binary tells getMainExecutable where it runs from.
  static int Anchor;
  std::string Executable = fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> Bin(path::parent_path(Executable));
  llvm::SmallString<256> Installed(path::parent_path(Bin));
  path::append(Installed, "lib", "mpr-lint", MPR_PLUGIN_FILE_NAME);
  llvm::SmallString<256> BuildTree(Bin);
  path::append(BuildTree, MPR_PLUGIN_FILE_NAME);
  for (const llvm::SmallString<256> &Candidate : {Installed, BuildTree}) {
    llvm::SmallString<256> Real;
    if (fs::is_regular_file(Candidate) && !fs::real_path(Candidate, Real))
      return std::string(Real);
  }
  return "";
}

} // namespace mpr
