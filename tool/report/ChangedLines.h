//===--- ChangedLines.h - the lines a unified diff adds or changes --------===//
//
// --diff reports only findings on changed lines, like clang-tidy-diff.py,
// and picks the changed C and C++ sources to analyse.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_REPORT_CHANGEDLINES_H
#define MPR_LINT_TOOL_REPORT_CHANGEDLINES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mpr {

/// The lines of each file that a unified diff adds or changes.
class ChangedLines {
public:
  /// Reads a unified diff (`git diff`, `diff -u`); the new file names, less
  /// a leading "b/", are taken relative to \p BaseDir.
  static llvm::Expected<ChangedLines> parse(llvm::StringRef Diff,
                                            llvm::StringRef BaseDir);
  /// The changes since \p Revision in the git work tree around the current
  /// folder, from `git diff -U0 <Revision>`.
  static llvm::Expected<ChangedLines> fromGit(llvm::StringRef Revision);

  bool contains(llvm::StringRef AbsolutePath, unsigned Line) const;
  /// The changed files that exist and are C or C++ sources (not headers).
  std::vector<std::string> sourceFiles() const;

private:
  /// Inclusive line ranges, by canonical absolute path.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> Ranges;
};

} // namespace mpr

#endif
