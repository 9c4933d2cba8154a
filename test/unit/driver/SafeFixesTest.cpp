//===--- SafeFixesTest.cpp - fixes that cannot damage a file --------------===//

#include "fixes/SafeFixes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using clang::tidy::ClangTidyError;
using clang::tooling::Replacement;
namespace fs = llvm::sys::fs;

namespace {

/// A temporary folder with one source file, removed afterwards.
class SafeFixesTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(fs::createUniqueDirectory("safe-fixes", Dir));
    File = (Dir + "/source.cpp").str();
    write("const char *U = \"https://app.procore.com/rest\";\n");
  }
  void TearDown() override { fs::remove_directories(Dir); }

  void write(llvm::StringRef Content) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
    ASSERT_FALSE(EC);
    OS << Content;
  }
  std::string read() {
    return (*llvm::MemoryBuffer::getFile(File))->getBuffer().str();
  }
  /// A finding of \p Check whose fix replaces \p Length bytes at \p Offset.
  ClangTidyError finding(llvm::StringRef Check, unsigned Offset,
                         unsigned Length, llvm::StringRef Text) {
    ClangTidyError Error(Check, ClangTidyError::Warning, Dir.str(), false);
    Error.Message.Message = "message of " + Check.str();
    Error.Message.FilePath = File;
    Error.Message.FileOffset = Offset;
    llvm::cantFail(
        Error.Message.Fix[File].add(Replacement(File, Offset, Length, Text)));
    return Error;
  }
  mpr::FileDigests digestsNow() { return {{File, mpr::contentDigest(read())}}; }

  llvm::SmallString<128> Dir;
  std::string File;
};

TEST_F(SafeFixesTest, AppliesAFixToTheFileAsAnalysed) {
  mpr::FixOutcome Outcome = mpr::applyFixes(
      {finding("procore-base-domain", 25, 3, "api")}, digestsNow());
  EXPECT_EQ(Outcome.AppliedFixes, 1u);
  EXPECT_EQ(Outcome.ChangedFiles, 1u);
  EXPECT_FALSE(Outcome.Refused);
  EXPECT_EQ(read(), "const char *U = \"https://api.procore.com/rest\";\n");
}

TEST_F(SafeFixesTest, RefusesAFileChangedSinceItsAnalysis) {
  mpr::FileDigests AtAnalysis = digestsNow();
  write("const char *U = \"https://app.procore.com/rest\"; // edited\n");
  mpr::FixOutcome Outcome = mpr::applyFixes(
      {finding("procore-base-domain", 25, 3, "api")}, AtAnalysis);
  EXPECT_TRUE(Outcome.Refused);
  EXPECT_EQ(Outcome.AppliedFixes, 0u);
  EXPECT_EQ(read(),
            "const char *U = \"https://app.procore.com/rest\"; // edited\n");
}

TEST_F(SafeFixesTest, RefusesAFileWhoseContentWasNeverRecorded) {
  mpr::FixOutcome Outcome =
      mpr::applyFixes({finding("procore-base-domain", 25, 3, "api")}, {});
  EXPECT_TRUE(Outcome.Refused);
  EXPECT_EQ(read(), "const char *U = \"https://app.procore.com/rest\";\n");
}

TEST_F(SafeFixesTest, LeavesOutEveryFixThatOverlapsAnother) {
  mpr::FixOutcome Outcome =
      mpr::applyFixes({finding("procore-base-domain", 25, 3, "api"),
                       finding("procore-base-domain", 24, 5, "xlogin"),
                       finding("procore-company-header", 0, 0, "// ok\n")},
                      digestsNow());
  EXPECT_EQ(Outcome.ConflictingFixes, 2u);
  EXPECT_EQ(Outcome.AppliedFixes, 1u);
  EXPECT_FALSE(Outcome.Refused);
  EXPECT_EQ(read(),
            "// ok\nconst char *U = \"https://app.procore.com/rest\";\n");
}

TEST_F(SafeFixesTest, TwoInsertionsInALineConflict) {
  mpr::FixOutcome Outcome = mpr::applyFixes(
      {finding("a", 0, 0, "/* one */"), finding("b", 0, 0, "/* two */")},
      digestsNow());
  EXPECT_EQ(Outcome.ConflictingFixes, 2u);
  EXPECT_EQ(read(), "const char *U = \"https://app.procore.com/rest\";\n");
}

// Two #include lines at one place: both go in, in the order of the fixes,
// and one of them reached twice goes in once.
TEST_F(SafeFixesTest, WholeLinesInsertedAtOneOffsetAreAllApplied) {
  mpr::FixOutcome Outcome = mpr::applyFixes(
      {finding("a", 0, 0, "// one\n"), finding("b", 0, 0, "// two\n"),
       finding("c", 0, 0, "// one\n")},
      digestsNow());
  EXPECT_EQ(Outcome.ConflictingFixes, 0u);
  EXPECT_EQ(read(), "// one\n// two\nconst char *U = "
                    "\"https://app.procore.com/rest\";\n");
}

TEST_F(SafeFixesTest, TheSameEditFromTwoFindingsIsAppliedOnce) {
  mpr::FixOutcome Outcome =
      mpr::applyFixes({finding("procore-base-domain", 25, 3, "api"),
                       finding("procore-base-domain", 25, 3, "api")},
                      digestsNow());
  EXPECT_EQ(Outcome.ConflictingFixes, 0u);
  EXPECT_EQ(read(), "const char *U = \"https://api.procore.com/rest\";\n");
}

TEST_F(SafeFixesTest, KeepsPermissionsAndRefusesReadOnlyFiles) {
  ASSERT_FALSE(fs::setPermissions(File, fs::owner_read | fs::owner_write |
                                            fs::group_read));
  mpr::applyFixes({finding("procore-base-domain", 25, 3, "api")}, digestsNow());
  llvm::ErrorOr<fs::perms> Kept = fs::getPermissions(File);
  ASSERT_TRUE(Kept);
  EXPECT_EQ(*Kept, fs::owner_read | fs::owner_write | fs::group_read);

  ASSERT_FALSE(fs::setPermissions(File, fs::owner_read | fs::group_read));
  mpr::FixOutcome Outcome = mpr::applyFixes(
      {finding("procore-base-domain", 8, 4, "auto")}, digestsNow());
  EXPECT_TRUE(Outcome.Refused);
  EXPECT_EQ(read(), "const char *U = \"https://api.procore.com/rest\";\n");
}

} // namespace
