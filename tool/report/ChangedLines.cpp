//===--- ChangedLines.cpp - the lines a unified diff adds or changes ------===//

#include "report/ChangedLines.h"
#include "driver/Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mpr {
namespace {

llvm::Error diffError(const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Why);
}

/// Runs git with \p Args in the current folder and returns its stdout.
llvm::Expected<std::string> runGit(llvm::ArrayRef<llvm::StringRef> Args) {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return diffError("git not found on PATH");
  llvm::SmallString<128> OutPath, ErrPath;
  if (std::error_code EC =
          fs::createTemporaryFile("mpr-lint-git", "out", OutPath))
    return diffError("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveOut(OutPath);
  if (std::error_code EC =
          fs::createTemporaryFile("mpr-lint-git", "err", ErrPath))
    return diffError("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveErr(ErrPath);

  std::vector<llvm::StringRef> Argv{*Git};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  std::string ErrorMessage;
  int Status = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects, 0,
                                         0, &ErrorMessage);
  auto Out = llvm::MemoryBuffer::getFile(OutPath);
  if (Status != 0) {
    auto Err = llvm::MemoryBuffer::getFile(ErrPath);
    llvm::StringRef Why = Err ? (*Err)->getBuffer().trim() : "";
    Why = Why.take_until([](char C) { return C == '\n'; });
    return diffError(
        "git " + llvm::join(Args.take_front(2), " ") +
        " failed: " + (Why.empty() ? llvm::StringRef(ErrorMessage) : Why));
  }
  if (!Out)
    return diffError("cannot read git's output: " + Out.getError().message());
  return (*Out)->getBuffer().str();
}

} // namespace

llvm::Expected<ChangedLines> ChangedLines::parse(llvm::StringRef Diff,
                                                 llvm::StringRef BaseDir) {
  ChangedLines Result;
  std::string CurrentFile;
  // Inside a hunk: lines of the old and new side still to come, and the
  // number of the next new line. Context lines are not changes.
  unsigned OldLeft = 0, NewLeft = 0, NewLine = 0;
  unsigned LineNumber = 0;
  llvm::SmallVector<llvm::StringRef> Lines;
  Diff.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    ++LineNumber;
    Line = Line.rtrim('\r');
    if (OldLeft > 0 || NewLeft > 0) {
      if (Line.starts_with("+") && NewLeft > 0) {
        if (!CurrentFile.empty())
          Result.Ranges[CurrentFile].emplace_back(NewLine, NewLine);
        ++NewLine;
        --NewLeft;
      } else if (Line.starts_with("-") && OldLeft > 0) {
        --OldLeft;
      } else if ((Line.starts_with(" ") || Line.empty()) && OldLeft > 0 &&
                 NewLeft > 0) {
        ++NewLine;
        --OldLeft;
        --NewLeft;
      } else if (!Line.starts_with("\\")) {
        return diffError("hunk ends early on line " + llvm::Twine(LineNumber) +
                         ": " + Line);
      }
      continue;
    }
    if (Line.consume_front("+++ ")) {
      // "diff -u" appends a tab and a timestamp to the name.
      llvm::StringRef Name = Line.split('\t').first.rtrim();
      if (Name == "/dev/null") {
        CurrentFile.clear();
        continue;
      }
      Name.consume_front("b/");
      llvm::SmallString<256> Absolute(BaseDir);
      path::append(Absolute, Name);
      CurrentFile = canonicalPath(Absolute);
      Result.Ranges[CurrentFile];
      continue;
    }
    if (!Line.starts_with("@@ "))
      continue;
    // "@@ -a[,b] +c[,d] @@": b old lines from a, d new lines from c.
    llvm::StringRef OldSide, NewSide;
    std::tie(OldSide, NewSide) = Line.drop_front(3).split(' ');
    NewSide = NewSide.split(' ').first;
    auto ReadSide = [](llvm::StringRef Side, char Sign, unsigned &Start,
                       unsigned &Count) {
      if (!Side.consume_front(llvm::StringRef(&Sign, 1)))
        return false;
      auto [StartText, CountText] = Side.split(',');
      Count = 1;
      return !StartText.getAsInteger(10, Start) &&
             (CountText.empty() || !CountText.getAsInteger(10, Count));
    };
    unsigned OldStart;
    if (!ReadSide(OldSide, '-', OldStart, OldLeft) ||
        !ReadSide(NewSide, '+', NewLine, NewLeft))
      return diffError("malformed hunk header on line " +
                       llvm::Twine(LineNumber) + ": " + Line);
  }
  return Result;
}

llvm::Expected<ChangedLines> ChangedLines::fromGit(llvm::StringRef Revision) {
  llvm::Expected<std::string> TopLevel =
      runGit({"rev-parse", "--show-toplevel"});
  if (!TopLevel)
    return TopLevel.takeError();
  // Fixed prefixes and no colour, whatever the user's git configuration.
  llvm::Expected<std::string> Diff =
      runGit({"diff", "-U0", "--no-color", "--no-ext-diff", "--src-prefix=a/",
              "--dst-prefix=b/", Revision, "--"});
  if (!Diff)
    return Diff.takeError();
  return parse(*Diff, llvm::StringRef(*TopLevel).trim());
}

bool ChangedLines::contains(llvm::StringRef AbsolutePath, unsigned Line) const {
  auto It = Ranges.find(canonicalPath(AbsolutePath));
  if (It == Ranges.end())
    return false;
  for (const auto &[First, Last] : It->second)
    if (Line >= First && Line <= Last)
      return true;
  return false;
}

std::vector<std::string> ChangedLines::sourceFiles() const {
  std::vector<std::string> Result;
  for (const auto &[File, FileRanges] : Ranges) {
    llvm::StringRef Extension = path::extension(File);
    static const llvm::StringRef SourceExtensions[] = {".c",   ".cc",  ".cpp",
                                                       ".cxx", ".c++", ".C"};
    bool IsSource = llvm::is_contained(SourceExtensions, Extension);
    if (IsSource && !FileRanges.empty() && fs::is_regular_file(File))
      Result.push_back(File);
  }
  return Result;
}

} // namespace mpr
