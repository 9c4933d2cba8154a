//===--- InMemoryTidy.cpp - run the checks on code held in memory ---------===//

#include "InMemoryTidy.h"
#include "clang-tidy/ClangTidy.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace clang::tidy;

namespace mpr::fuzz {

namespace {

constexpr llvm::StringLiteral InputPath = "/mpr-fuzz/input.cpp";
constexpr llvm::StringLiteral StubIncludeDir = "/mpr-fuzz/include";

// The standard and libcurl headers the seeds include: each is the prelude.
constexpr llvm::StringLiteral PreludeHeaders[] = {
    "string", "string_view", "vector", "map", "sstream", "cstdio", "cstring",
    "memory", "list", "utility", "iostream", "format", "cstdint", "cstdlib",
    "functional", "optional", "stdexcept", "variant", "stdio.h", "string.h",
    "curl/curl.h",
    // What procore-id-width's fixes include.
    "cinttypes", "inttypes.h", "stdint.h", "stdlib.h"};

/// A stub's text, read once from test/fuzz/stubs.
const std::string &stubText(llvm::StringRef Name) {
  static llvm::StringMap<std::string> Texts;
  auto [It, Inserted] = Texts.try_emplace(Name);
  if (Inserted) {
    std::string Path = (llvm::Twine(MPR_FUZZ_STUBS) + "/" + Name).str();
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer) {
      llvm::errs() << "error: " << Path
                   << ": cannot read: " << Buffer.getError().message() << "\n";
      std::abort();
    }
    It->second = (*Buffer)->getBuffer().str();
  }
  return It->second;
}

/// Header name -> stub file: the prelude for the standard library and
/// libcurl, and the library stubs that stubs/headers.txt lists (Qt, Beast,
/// POCO, cpprestsdk, cpp-httplib), so seeds using them reach the request
/// models instead of error recovery.
const std::vector<std::pair<std::string, std::string>> &stubbedHeaders() {
  static const auto Headers = [] {
    std::vector<std::pair<std::string, std::string>> List;
    for (llvm::StringRef Header : PreludeHeaders)
      List.emplace_back(Header.str(), "prelude.h");
    llvm::SmallVector<llvm::StringRef> Lines;
    llvm::StringRef(stubText("headers.txt")).split(Lines, '\n');
    for (llvm::StringRef Line : Lines) {
      auto [Header, Stub] = Line.trim().split(' ');
      if (!Header.empty() && !Stub.empty())
        List.emplace_back(Header.str(), Stub.trim().str());
    }
    return List;
  }();
  return Headers;
}

} // namespace

std::vector<ClangTidyError>
runChecksInMemory(llvm::StringRef Code,
                  const ClangTidyOptions::OptionMap &CheckOptions) {
  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = "-*,procore-*";
  Options.CheckOptions = CheckOptions;
  ClangTidyContext Context(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), Options));

  // Memory only, not the real disk under it: an input that includes
  // /dev/zero or a fifo must not hang the fuzzer.
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(InputPath, 0, llvm::MemoryBuffer::getMemBufferCopy(Code));
  for (const auto &[Header, Stub] : stubbedHeaders())
    Memory->addFile(StubIncludeDir + "/" + Header, 0,
                    llvm::MemoryBuffer::getMemBuffer(stubText(Stub)));
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Memory);

  clang::tooling::FixedCompilationDatabase Database(
      "/mpr-fuzz", {"-std=c++17", "-nostdinc", "-isystem", StubIncludeDir.str(),
                    "-fsyntax-only"});
  return runClangTidy(Context, Database, {InputPath.str()}, Overlay,
                      /*ApplyAnyFix=*/true);
}

void requireFixesInBounds(llvm::ArrayRef<ClangTidyError> Errors,
                          size_t CodeSize) {
  for (const ClangTidyError &Error : Errors)
    for (const auto &File : Error.Message.Fix) {
      if (File.getKey() != InputPath)
        continue;
      for (const clang::tooling::Replacement &Edit : File.getValue())
        if (Edit.getOffset() + Edit.getLength() > CodeSize) {
          llvm::errs() << "fix-it outside the input: offset "
                       << Edit.getOffset() << " length " << Edit.getLength()
                       << " in " << CodeSize << " bytes\n";
          __builtin_trap();
        }
    }
}

std::string describe(llvm::ArrayRef<ClangTidyError> Errors) {
  std::string Text;
  llvm::raw_string_ostream Out(Text);
  auto Message = [&](const clang::tooling::DiagnosticMessage &M) {
    Out << M.FileOffset << " " << M.Message << "\n";
    for (const auto &File : M.Fix)
      for (const clang::tooling::Replacement &Edit : File.getValue())
        Out << "  fix " << Edit.getOffset() << "+" << Edit.getLength() << " '"
            << Edit.getReplacementText() << "'\n";
  };
  for (const ClangTidyError &Error : Errors) {
    Out << Error.DiagnosticName << " ";
    Message(Error.Message);
    for (const auto &Note : Error.Notes) {
      Out << " note ";
      Message(Note);
    }
  }
  return Text;
}

std::optional<std::string> applyFixes(llvm::StringRef Code,
                                      llvm::ArrayRef<ClangTidyError> Errors) {
  // As clang-tidy's --fix: the findings' replacements merged into one set;
  // the same edit twice (two findings sharing an insertion) counts once.
  clang::tooling::Replacements All;
  for (const ClangTidyError &Error : Errors) {
    if (!llvm::StringRef(Error.DiagnosticName).starts_with("procore-"))
      continue;
    for (const auto &File : Error.Message.Fix)
      for (const clang::tooling::Replacement &Edit : File.getValue()) {
        if (File.getKey() != InputPath)
          continue;
        llvm::Error Conflict = All.add(Edit);
        if (!Conflict)
          continue;
        llvm::consumeError(std::move(Conflict));
        if (llvm::is_contained(All, Edit))
          continue;
        // As clang-tidy does: an edit that keeps its length once moved past
        // the edits before it (an insertion at an offset another edit
        // inserts at) goes after them; any other overlap conflicts.
        unsigned Begin = All.getShiftedCodePosition(Edit.getOffset());
        unsigned End =
            All.getShiftedCodePosition(Edit.getOffset() + Edit.getLength());
        if (End - Begin != Edit.getLength())
          return std::nullopt;
        All =
            All.merge(clang::tooling::Replacements(clang::tooling::Replacement(
                Edit.getFilePath(), Begin, Edit.getLength(),
                Edit.getReplacementText())));
      }
  }
  llvm::Expected<std::string> Fixed =
      clang::tooling::applyAllReplacements(Code, All);
  if (!Fixed) {
    llvm::consumeError(Fixed.takeError());
    return std::nullopt;
  }
  return *Fixed;
}

unsigned compilerErrors(llvm::ArrayRef<ClangTidyError> Errors) {
  return llvm::count_if(Errors, [](const ClangTidyError &Error) {
    return Error.DiagLevel == clang::tooling::Diagnostic::Error;
  });
}

} // namespace mpr::fuzz
