//===--- FormatStringsTest.cpp - printf and scanf conversions
//--------------===//

#include "analysis/FormatStrings.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::procore;

namespace {

class FormatStringsTest : public ::testing::Test {
protected:
  void SetUp() override { AST = tooling::buildASTFromCode("", "empty.cpp"); }

  std::vector<FormatConversion> printf(llvm::StringRef Format) {
    return formatConversions(Format, /*Scans=*/false, AST->getASTContext());
  }
  std::vector<FormatConversion> scanf(llvm::StringRef Format) {
    return formatConversions(Format, /*Scans=*/true, AST->getASTContext());
  }

  std::unique_ptr<ASTUnit> AST;
};

TEST_F(FormatStringsTest, RangesAndArguments) {
  // "/projects/%lld/rfis?per_page=%d"
  std::vector<FormatConversion> Found =
      printf("/projects/%lld/rfis?per_page=%d");
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Begin, 10u);
  EXPECT_EQ(Found[0].LengthBegin, 11u); // "ll"
  EXPECT_EQ(Found[0].End, 14u);
  EXPECT_EQ(Found[0].Conversion, 'd');
  EXPECT_TRUE(Found[0].TakesArgument);
  EXPECT_EQ(Found[0].Argument, 0u);
  EXPECT_EQ(Found[1].LengthBegin, Found[1].Begin + 1); // no length modifier
  EXPECT_EQ(Found[1].Argument, 1u);
}

TEST_F(FormatStringsTest, StarWidthsTakeAnArgument) {
  std::vector<FormatConversion> Found = printf("%.*s/%d");
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Conversion, 's');
  EXPECT_EQ(Found[0].Argument, 1u); // the precision is argument 0
  EXPECT_EQ(Found[1].Argument, 2u);
}

TEST_F(FormatStringsTest, PercentTakesNoArgument) {
  std::vector<FormatConversion> Found = printf("100%% of %s");
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Conversion, '%');
  EXPECT_FALSE(Found[0].TakesArgument);
  EXPECT_EQ(Found[0].End, 5u);
  EXPECT_TRUE(Found[1].TakesArgument);
  EXPECT_EQ(Found[1].Argument, 0u);
}

TEST_F(FormatStringsTest, PositionalArguments) {
  std::vector<FormatConversion> Found = printf("%2$s/%1$d");
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Argument, 1u);
  EXPECT_EQ(Found[1].Argument, 0u);
}

TEST_F(FormatStringsTest, ScanfSetsAndSuppressedAssignments) {
  std::vector<FormatConversion> Found = scanf("%*s %[a-z] %d");
  ASSERT_EQ(Found.size(), 3u);
  EXPECT_FALSE(Found[0].TakesArgument);
  EXPECT_EQ(Found[1].Conversion, '[');
  EXPECT_EQ(Found[1].Argument, 0u);
  EXPECT_EQ(Found[2].Conversion, 'd');
  EXPECT_EQ(Found[2].Argument, 1u);
}

} // namespace
