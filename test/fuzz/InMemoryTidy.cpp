//===--- InMemoryTidy.cpp - run the checks on code held in memory ---------===//

#include "InMemoryTidy.h"
#include "clang-tidy/ClangTidy.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace clang::tidy;

namespace mpr::fuzz {

namespace {

constexpr llvm::StringLiteral InputPath = "/mpr-fuzz/input.cpp";
constexpr llvm::StringLiteral StubIncludeDir = "/mpr-fuzz/include";

// Every header the fixtures include; each is the same stub prelude.
constexpr llvm::StringLiteral StubbedHeaders[] = {
    "string",   "string_view", "vector",      "map",     "sstream",
    "cstdio",   "cstring",     "memory",      "list",    "utility",
    "iostream", "format",      "curl/curl.h", "stdio.h", "string.h"};

/// The prelude's text, read once from the source tree.
const std::string &preludeText() {
  static const std::string Text = [] {
    auto Buffer = llvm::MemoryBuffer::getFile(MPR_FUZZ_PRELUDE);
    if (!Buffer) {
      llvm::errs() << "error: " MPR_FUZZ_PRELUDE ": cannot read: "
                   << Buffer.getError().message() << "\n";
      std::abort();
    }
    return (*Buffer)->getBuffer().str();
  }();
  return Text;
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
  for (llvm::StringRef Header : StubbedHeaders)
    Memory->addFile(StubIncludeDir + "/" + Header, 0,
                    llvm::MemoryBuffer::getMemBuffer(preludeText()));
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

} // namespace mpr::fuzz
