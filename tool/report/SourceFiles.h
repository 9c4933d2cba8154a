//===--- SourceFiles.h - lines and columns of the files findings point at -===//
//
// Diagnostics carry byte offsets; reports, baselines and the diff filter
// need lines, columns and the text around them.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_REPORT_SOURCEFILES_H
#define MPR_LINT_TOOL_REPORT_SOURCEFILES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <string>
#include <vector>

namespace mpr {

/// A 1-based position: line, byte column (as clang prints it) and column in
/// Unicode code points (as SARIF counts it).
struct SourcePosition {
  unsigned Line = 1;
  unsigned Column = 1;
  unsigned CodePointColumn = 1;
};

/// Reads each file once and maps byte offsets to positions and lines.
class SourceFiles {
public:
  /// \p Root is the folder reports name files relative to.
  explicit SourceFiles(llvm::StringRef Root);

  /// \p AbsolutePath relative to the root when inside it, else unchanged.
  std::string relativePath(llvm::StringRef AbsolutePath) const;
  const std::string &root() const { return Root; }

  SourcePosition position(llvm::StringRef AbsolutePath, unsigned Offset);
  /// Line \p Line (1-based) without its line break; empty past the end.
  llvm::StringRef lineText(llvm::StringRef AbsolutePath, unsigned Line);
  /// Number of lines, 0 for a file that cannot be read.
  unsigned lineCount(llvm::StringRef AbsolutePath);

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  const File *load(llvm::StringRef AbsolutePath);

  std::string Root;
  llvm::StringMap<File> Files;
};

} // namespace mpr

#endif
