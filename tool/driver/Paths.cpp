//===--- Paths.cpp - one spelling for each file
//----------------------------===//

#include "driver/Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mpr {

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Result;
  if (path::is_relative(Path) && !Base.empty())
    Result = Base;
  path::append(Result, Path);
  fs::make_absolute(Result);
  path::remove_dots(Result, /*remove_dot_dot=*/true);
  return std::string(Result);
}

std::string canonicalPath(llvm::StringRef Path) {
  std::string Absolute = absolutePath(Path);
  llvm::SmallString<256> Real;
  if (!fs::real_path(Absolute, Real))
    return std::string(Real);
  return Absolute;
}

} // namespace mpr
