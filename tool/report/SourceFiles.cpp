//===--- SourceFiles.cpp - lines and columns of the files findings point at
//===//

#include "report/SourceFiles.h"
#include "driver/Paths.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>

namespace path = llvm::sys::path;

namespace mpr {

SourceFiles::SourceFiles(llvm::StringRef GivenRoot)
    : Root(absolutePath(GivenRoot)) {}

std::string SourceFiles::relativePath(llvm::StringRef AbsolutePath) const {
  llvm::StringRef Rest = AbsolutePath;
  if (Rest.consume_front(Root) &&
      (Rest.empty() || path::is_separator(Rest.front()))) {
    Rest = Rest.ltrim("/");
    if (!Rest.empty())
      return Rest.str();
  }
  return AbsolutePath.str();
}

const SourceFiles::File *SourceFiles::load(llvm::StringRef AbsolutePath) {
  auto [It, Inserted] = Files.try_emplace(AbsolutePath);
  File &Entry = It->second;
  if (Inserted) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
        llvm::MemoryBuffer::getFile(AbsolutePath, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (Buffer) {
      Entry.Buffer = std::move(*Buffer);
      llvm::StringRef Text = Entry.Buffer->getBuffer();
      Entry.LineStarts.push_back(0);
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n')
          Entry.LineStarts.push_back(I + 1);
    }
  }
  return Entry.Buffer ? &Entry : nullptr;
}

SourcePosition SourceFiles::position(llvm::StringRef AbsolutePath,
                                     unsigned Offset) {
  SourcePosition Position;
  const File *Loaded = load(AbsolutePath);
  if (!Loaded) {
    Position.Column = Position.CodePointColumn = Offset + 1;
    return Position;
  }
  llvm::StringRef Text = Loaded->Buffer->getBuffer();
  Offset = std::min<unsigned>(Offset, Text.size());
  auto Next = std::upper_bound(Loaded->LineStarts.begin(),
                               Loaded->LineStarts.end(), Offset);
  unsigned LineStart = *(Next - 1);
  Position.Line = Next - Loaded->LineStarts.begin();
  Position.Column = Offset - LineStart + 1;
  // UTF-8 continuation bytes do not start a code point.
  Position.CodePointColumn = 1;
  for (unsigned I = LineStart; I < Offset; ++I)
    if ((static_cast<unsigned char>(Text[I]) & 0xC0) != 0x80)
      ++Position.CodePointColumn;
  return Position;
}

llvm::StringRef SourceFiles::lineText(llvm::StringRef AbsolutePath,
                                      unsigned Line) {
  const File *Loaded = load(AbsolutePath);
  if (!Loaded || Line == 0 || Line > Loaded->LineStarts.size())
    return "";
  llvm::StringRef Text = Loaded->Buffer->getBuffer();
  unsigned Begin = Loaded->LineStarts[Line - 1];
  unsigned End =
      Line < Loaded->LineStarts.size() ? Loaded->LineStarts[Line] : Text.size();
  return Text.slice(Begin, End).rtrim("\r\n");
}

unsigned SourceFiles::lineCount(llvm::StringRef AbsolutePath) {
  const File *Loaded = load(AbsolutePath);
  return Loaded ? Loaded->LineStarts.size() : 0;
}

} // namespace mpr
