//===--- Paths.h - one spelling for each file
//------------------------------===//
//
// Files reach mpr-lint as command line arguments, compile command entries,
// diagnostics relative to a build folder and diff headers. Each is turned
// into one form before it is compared, so a file is one file however it was
// named.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_PATHS_H
#define MPR_LINT_TOOL_DRIVER_PATHS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace mpr {

/// \p Path made absolute (relative to \p Base when it is relative and
/// \p Base is given, else to the current folder) with "." and ".." removed.
/// Symbolic links are kept: they are how the user named the file.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "");

/// absolutePath with symbolic links resolved where the file exists: for
/// comparing names that come from different tools (git, the compiler).
std::string canonicalPath(llvm::StringRef Path);

} // namespace mpr

#endif
