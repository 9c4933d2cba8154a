//===--- SafeFixes.cpp - apply fix-its without ever damaging a file -------===//

#include "fixes/SafeFixes.h"
#include "driver/Paths.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

namespace fs = llvm::sys::fs;
using clang::tidy::ClangTidyError;

namespace mpr {
namespace {

/// One replacement, with the diagnostic whose fix it belongs to.
struct Edit {
  unsigned Offset;
  unsigned Length;
  std::string Text;
  size_t Fix;
};

/// Whether applying both edits would be ambiguous or would overwrite one
/// with the other. The same edit twice (one header fixed from several
/// translation units, or two findings sharing a fix) is not a conflict.
bool conflicts(const Edit &A, const Edit &B) {
  if (A.Offset == B.Offset && A.Length == B.Length && A.Text == B.Text)
    return false;
  // Whole lines inserted at one place (#include <cstdint> and
  // #include <cinttypes>) do not depend on their order.
  if (A.Length == 0 && B.Length == 0)
    return A.Offset == B.Offset && !(llvm::StringRef(A.Text).ends_with("\n") &&
                                     llvm::StringRef(B.Text).ends_with("\n"));
  if (A.Length == 0)
    return B.Offset < A.Offset && A.Offset < B.Offset + B.Length;
  if (B.Length == 0)
    return A.Offset < B.Offset && B.Offset < A.Offset + A.Length;
  return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
}

/// "line L" of \p Offset in \p Content, for messages.
std::string lineOf(llvm::StringRef Content, unsigned Offset) {
  return "line " + std::to_string(Content.take_front(Offset).count('\n') + 1);
}

/// Replaces \p Path by \p Content through a temporary file in the same
/// folder, with the permissions \p Permissions.
llvm::Error replaceFile(llvm::StringRef Path, llvm::StringRef Content,
                        fs::perms Permissions) {
  llvm::SmallString<256> Model(llvm::sys::path::parent_path(Path));
  llvm::sys::path::append(Model, "." + llvm::sys::path::filename(Path) +
                                     ".mpr-lint-%%%%%%");
  llvm::Expected<fs::TempFile> Temp = fs::TempFile::create(Model);
  if (!Temp)
    return Temp.takeError();
  llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
  OS << Content;
  OS.flush();
  std::error_code EC = OS.error();
  if (!EC)
    EC = fs::setPermissions(Temp->FD, Permissions);
  if (EC) {
    OS.clear_error();
    return llvm::joinErrors(llvm::errorCodeToError(EC), Temp->discard());
  }
  return Temp->keep(Path);
}

} // namespace

FixOutcome applyFixes(llvm::ArrayRef<ClangTidyError> Diagnostics,
                      const FileDigests &Digests) {
  FixOutcome Outcome;
  std::map<std::string, std::vector<Edit>> EditsByFile;
  std::vector<const ClangTidyError *> Fixes;
  for (const ClangTidyError &Error : Diagnostics) {
    const llvm::StringMap<clang::tooling::Replacements> *Fix =
        clang::tidy::getFixIt(Error, /*AnyFix=*/true);
    if (!Fix || Fix->empty())
      continue;
    size_t Index = Fixes.size();
    Fixes.push_back(&Error);
    for (const auto &FileFix : *Fix) {
      for (const clang::tooling::Replacement &R : FileFix.getValue()) {
        llvm::SmallString<256> Path(R.getFilePath());
        if (!llvm::sys::path::is_absolute(Path) &&
            !Error.BuildDirectory.empty())
          Path = (Error.BuildDirectory + "/" + Path).str();
        EditsByFile[absolutePath(Path)].push_back({R.getOffset(), R.getLength(),
                                                   R.getReplacementText().str(),
                                                   Index});
      }
    }
  }

  // Drop every fix with an edit that conflicts with another fix's edit:
  // half a fix could leave code that no longer compiles.
  std::set<size_t> Dropped;
  std::set<std::pair<size_t, size_t>> Reported;
  for (auto &[File, Edits] : EditsByFile) {
    std::string Content;
    if (auto Text = llvm::MemoryBuffer::getFile(File))
      Content = (*Text)->getBuffer().str();
    for (size_t I = 0; I < Edits.size(); ++I)
      for (size_t J = I + 1; J < Edits.size(); ++J) {
        const Edit &A = Edits[I], &B = Edits[J];
        if (A.Fix == B.Fix || !conflicts(A, B) ||
            !Reported.insert(std::minmax(A.Fix, B.Fix)).second)
          continue;
        Dropped.insert(A.Fix);
        Dropped.insert(B.Fix);
        llvm::errs() << "warning: " << File << ": conflicting fixes at "
                     << lineOf(Content, A.Offset) << " for '"
                     << Fixes[A.Fix]->Message.Message << "' ["
                     << Fixes[A.Fix]->DiagnosticName << "] and at "
                     << lineOf(Content, B.Offset) << " for '"
                     << Fixes[B.Fix]->Message.Message << "' ["
                     << Fixes[B.Fix]->DiagnosticName
                     << "]; neither was applied\n";
      }
  }
  Outcome.ConflictingFixes = Dropped.size();

  std::set<size_t> Applied;
  for (auto &[File, Edits] : EditsByFile) {
    clang::tooling::Replacements Replacements;
    std::vector<size_t> FixesHere;
    // Lines inserted at one offset become one insertion, in fix order.
    std::map<unsigned, std::string> InsertedLines;
    for (const Edit &E : Edits) {
      if (Dropped.count(E.Fix))
        continue;
      FixesHere.push_back(E.Fix);
      if (E.Length == 0 && llvm::StringRef(E.Text).ends_with("\n")) {
        std::string &Lines = InsertedLines[E.Offset];
        if (llvm::StringRef(Lines).find(E.Text) == llvm::StringRef::npos)
          Lines += E.Text;
        continue;
      }
      // An edit already present (the same fix reached twice) is no error.
      llvm::consumeError(Replacements.add(
          clang::tooling::Replacement(File, E.Offset, E.Length, E.Text)));
    }
    for (const auto &[Offset, Lines] : InsertedLines)
      llvm::consumeError(Replacements.add(
          clang::tooling::Replacement(File, Offset, 0, Lines)));
    if (Replacements.empty())
      continue;

    auto Refuse = [&](llvm::StringRef Why) {
      llvm::errs() << "error: " << File << ": " << Why
                   << "; its fixes were not applied\n";
      Outcome.Refused = true;
    };
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
        llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!Text) {
      Refuse("cannot read: " + Text.getError().message());
      continue;
    }
    llvm::StringRef Content = (*Text)->getBuffer();
    auto Recorded = Digests.find(File);
    if (Recorded == Digests.end()) {
      Refuse("its content at analysis time is unknown");
      continue;
    }
    if (Recorded->second != contentDigest(Content)) {
      Refuse("changed on disk since it was analysed");
      continue;
    }
    fs::file_status Status;
    if (std::error_code EC = fs::status(File, Status)) {
      Refuse("cannot read its permissions: " + EC.message());
      continue;
    }
    if (fs::access(File, fs::AccessMode::Write) ||
        !(Status.permissions() & fs::owner_write)) {
      Refuse("is read-only");
      continue;
    }
    llvm::Expected<std::string> Fixed =
        clang::tooling::applyAllReplacements(Content, Replacements);
    if (!Fixed) {
      Refuse(llvm::toString(Fixed.takeError()));
      continue;
    }
    if (llvm::Error E = replaceFile(File, *Fixed, Status.permissions())) {
      Refuse("cannot write: " + llvm::toString(std::move(E)));
      continue;
    }
    ++Outcome.ChangedFiles;
    Applied.insert(FixesHere.begin(), FixesHere.end());
  }
  Outcome.AppliedFixes = Applied.size();
  return Outcome;
}

} // namespace mpr
