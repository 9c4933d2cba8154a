//===--- GateRunTest.cpp - plugin filter, shards, worker reports ----------===//

#include "worker/ArgumentAdjusters.h"
#include "worker/TranslationUnitReport.h"
#include "worker/Shards.h"
#include "llvm/Support/FileSystem.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <set>

using ::testing::ElementsAre;
using Args = std::vector<std::string>;

namespace {

Args withoutPlugins(const Args &Command, Args *Removed = nullptr) {
  return mpr::removeCompilerPluginFlags(Command, Removed);
}

TEST(CompilerPluginFilterTest, RemovesEveryWayToLoadCode) {
  Args Removed;
  Args Kept = withoutPlugins({"c++",
                              "-Xclang",
                              "-load",
                              "-Xclang",
                              "lib.so",
                              "-fplugin=a.so",
                              "-fpass-plugin=b.so",
                              "-Xclang",
                              "-plugin",
                              "-Xclang",
                              "p",
                              "-Xclang",
                              "-add-plugin",
                              "-Xclang",
                              "q",
                              "-Xclang",
                              "-plugin-arg-p",
                              "-Xclang",
                              "v",
                              "-Xclang=-load",
                              "-Xclang=c.so",
                              "-fplugin-arg-p-v",
                              "--config=x.cfg",
                              "--config",
                              "y.cfg",
                              "-c",
                              "a.cpp"},
                             &Removed);
  EXPECT_THAT(Kept, ElementsAre("c++", "-c", "a.cpp"));
  EXPECT_THAT(Removed,
              ElementsAre("-Xclang -load -Xclang lib.so", "-fplugin=a.so",
                          "-fpass-plugin=b.so", "-Xclang -plugin -Xclang p",
                          "-Xclang -add-plugin -Xclang q",
                          "-Xclang -plugin-arg-p -Xclang v",
                          "-Xclang=-load -Xclang=c.so", "-fplugin-arg-p-v",
                          "--config=x.cfg", "--config y.cfg"));
}

TEST(CompilerPluginFilterTest, KeepsEverythingElse) {
  Args Command = {"c++",
                  "-Xclang",
                  "-fcolor-diagnostics",
                  "-I/plugin",
                  "-DLOAD=1",
                  "-lload",
                  "-fplugins-ok",
                  "-c",
                  "--",
                  "-fplugin=not-a-flag.cpp"};
  Args Removed;
  EXPECT_EQ(withoutPlugins(Command, &Removed), Command);
  EXPECT_TRUE(Removed.empty());
}

TEST(CompilerPluginFilterTest, FrontendCommandsLoseTheirLoadOptions) {
  EXPECT_THAT(withoutPlugins({"clang", "-cc1", "-load", "lib.so",
                              "-plugin-arg-p=v", "-fsyntax-only"}),
              ElementsAre("clang", "-cc1", "-fsyntax-only"));
}

TEST(ShardTest, ParsesOnlyKOfN) {
  ASSERT_TRUE(mpr::parseShard("2/3"));
  EXPECT_EQ(mpr::parseShard("2/3")->Index, 2u);
  EXPECT_EQ(mpr::parseShard("2/3")->Count, 3u);
  for (const char *Bad : {"0/3", "4/3", "3", "a/b", "/", "1/0", "-1/2"})
    EXPECT_FALSE(mpr::parseShard(Bad)) << Bad;
}

TEST(ShardTest, ShardsCoverEveryFileOnce) {
  std::vector<std::string> Files;
  for (char C = 'j'; C >= 'a'; --C)
    Files.push_back(std::string(1, C) + ".cpp");
  for (unsigned Count = 1; Count <= 12; ++Count) {
    std::multiset<std::string> Seen;
    for (unsigned Index = 1; Index <= Count; ++Index)
      for (const std::string &File : mpr::selectShard(Files, {Index, Count}))
        Seen.insert(File);
    EXPECT_EQ(Seen, std::multiset<std::string>(Files.begin(), Files.end()))
        << Count;
  }
}

TEST(TranslationUnitReportTest, RoundTripsEverythingThePrinterUses) {
  clang::tidy::ClangTidyError Error("procore-base-domain",
                                    clang::tidy::ClangTidyError::Warning,
                                    "/build", false);
  Error.Message.Message = "OAuth endpoint on legacy host: 'a' \"b\"";
  Error.Message.FilePath = "/src/a.h";
  Error.Message.FileOffset = 12;
  clang::tooling::FileByteRange Range;
  Range.FilePath = "/src/a.h";
  Range.FileOffset = 12;
  Range.Length = 3;
  Error.Message.Ranges.push_back(Range);
  llvm::cantFail(Error.Message.Fix["/src/a.h"].add(
      clang::tooling::Replacement("/src/a.h", 12, 3, "login")));
  clang::tooling::DiagnosticMessage Note;
  Note.Message = "used here";
  Note.FilePath = "/src/a.cpp";
  Note.FileOffset = 40;
  Error.Notes.push_back(Note);
  clang::tidy::ClangTidyError Compiler(
      "clang-diagnostic-error", clang::tidy::ClangTidyError::Error, "", false);
  Compiler.Message.Message = "use of undeclared identifier";

  mpr::TranslationUnitReport Report;
  Report.MainFile = "/src/a.cpp";
  Report.Diagnostics = {Error, Compiler};
  Report.SuppressedByNolint = 3;
  Report.Digests["/src/a.h: with colon"] = mpr::contentDigest("text");

  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("report", "yaml", Path));
  ASSERT_FALSE(mpr::writeReport(Report, Path));
  llvm::Expected<mpr::TranslationUnitReport> Read = mpr::readReport(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_TRUE(bool(Read));
  EXPECT_EQ(Read->MainFile, "/src/a.cpp");
  EXPECT_EQ(Read->SuppressedByNolint, 3u);
  EXPECT_EQ(Read->Digests, Report.Digests);
  ASSERT_EQ(Read->Diagnostics.size(), 2u);
  const clang::tidy::ClangTidyError &Back = Read->Diagnostics[0];
  EXPECT_EQ(Back.DiagnosticName, "procore-base-domain");
  EXPECT_EQ(Back.DiagLevel, clang::tidy::ClangTidyError::Warning);
  EXPECT_EQ(Back.BuildDirectory, "/build");
  EXPECT_EQ(Back.Message.Message, Error.Message.Message);
  EXPECT_EQ(Back.Message.FileOffset, 12u);
  ASSERT_EQ(Back.Message.Ranges.size(), 1u);
  EXPECT_EQ(Back.Message.Ranges[0].Length, 3u);
  ASSERT_EQ(Back.Message.Fix.count("/src/a.h"), 1u);
  EXPECT_EQ(Back.Message.Fix.lookup("/src/a.h").begin()->getReplacementText(),
            "login");
  ASSERT_EQ(Back.Notes.size(), 1u);
  EXPECT_EQ(Back.Notes[0].FilePath, "/src/a.cpp");
  EXPECT_EQ(Read->Diagnostics[1].DiagLevel, clang::tidy::ClangTidyError::Error);
}

TEST(TranslationUnitReportTest, AGarbledReportIsAnError) {
  llvm::SmallString<128> Path;
  int FD;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("report", "yaml", FD, Path));
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << "TranslationUnit: [\n";
  }
  llvm::Expected<mpr::TranslationUnitReport> Read = mpr::readReport(Path);
  llvm::sys::fs::remove(Path);
  EXPECT_FALSE(bool(Read));
  llvm::consumeError(Read.takeError());
}

} // namespace
