//===--- RequestModelTest.cpp - library rows and wrapper declarations ----===//

#include "model/RequestModel.h"
#include "gtest/gtest.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::tidy::procore;

namespace {

TEST(WrapperRules, ParsesEveryField) {
  std::vector<WrapperRule> Rules;
  std::string Error;
  ASSERT_TRUE(parseWrapperRules(
      "ProcoreClient::get(url=0, headers=1, base=BaseUrl, method=get); "
      "api::call(url=2)",
      Rules, Error))
      << Error;
  ASSERT_EQ(Rules.size(), 2u);
  EXPECT_EQ(Rules[0].Callee, "ProcoreClient::get");
  EXPECT_EQ(Rules[0].UrlArgument, 0);
  EXPECT_EQ(Rules[0].HeadersArgument, 1);
  EXPECT_EQ(Rules[0].BaseMember, "BaseUrl");
  EXPECT_EQ(Rules[0].Method, "GET");
  EXPECT_EQ(Rules[1].Callee, "api::call");
  EXPECT_EQ(Rules[1].UrlArgument, 2);
  EXPECT_EQ(Rules[1].HeadersArgument, NoArgument);
}

TEST(WrapperRules, BareNameMeansUrlFirst) {
  std::vector<WrapperRule> Rules;
  std::string Error;
  ASSERT_TRUE(parseWrapperRules("fetch", Rules, Error));
  ASSERT_EQ(Rules.size(), 1u);
  EXPECT_EQ(Rules[0].UrlArgument, 0);
  EXPECT_TRUE(parseWrapperRules("", Rules, Error));
  EXPECT_EQ(Rules.size(), 1u);
}

TEST(WrapperRules, ErrorsNameTheEntry) {
  std::vector<WrapperRule> Rules;
  std::string Error;
  EXPECT_FALSE(parseWrapperRules("get(url=x)", Rules, Error));
  EXPECT_NE(Error.find("url=x"), std::string::npos);
  EXPECT_FALSE(parseWrapperRules("get(url=0", Rules, Error));
  EXPECT_NE(Error.find("lacks ')'"), std::string::npos);
  EXPECT_FALSE(parseWrapperRules("(url=0)", Rules, Error));
  EXPECT_NE(Error.find("names no function"), std::string::npos);
  EXPECT_FALSE(parseWrapperRules("get(colour=red)", Rules, Error));
}

// Every library sends, and every fix-it names a library that has rows.
TEST(CallRules, EveryLibraryHasASendAndAUrl) {
  llvm::StringSet<> Sends, Urls, Libraries;
  for (const CallRule &Rule : builtinCallRules()) {
    Libraries.insert(Rule.Library);
    if (Rule.What == Fact::SendsRequest)
      Sends.insert(Rule.Library);
    if (Rule.What == Fact::Url || Rule.What == Fact::Path)
      Urls.insert(Rule.Library);
  }
  for (const TypedArgumentRule &Rule : builtinTypedArgumentRules())
    if (Rule.What == Fact::Url)
      Urls.insert(Rule.Library);
  for (llvm::StringRef Library : {"libcurl", "cpp-httplib", "Boost.Beast", "Qt",
                                  "cpprestsdk", "Poco", "cpr", "curlpp"}) {
    EXPECT_TRUE(Sends.contains(Library)) << Library.str();
    EXPECT_TRUE(Urls.contains(Library)) << Library.str();
  }
  for (const HeaderFixRule &Rule : builtinHeaderFixRules()) {
    EXPECT_TRUE(Libraries.contains(Rule.Library)) << Rule.Library.str();
    EXPECT_NE(Rule.Template.find("{value}"), llvm::StringRef::npos);
  }
}

TEST(CallRules, ArgumentsAreWhereTheRowSays) {
  for (const CallRule &Rule : builtinCallRules()) {
    bool NeedsValue = Rule.What != Fact::SendsRequest &&
                      Rule.What != Fact::Reset && Rule.What != Fact::Creates &&
                      Rule.What != Fact::AlgorithmOutput && Rule.Method.empty();
    // A new request is the call's result.
    if (Rule.What == Fact::Creates)
      EXPECT_EQ(Rule.Object, CallResult) << Rule.Callee;
    // What an algorithm writes is read from the algorithm's call; the row
    // names only the container the output iterator is made for.
    if (Rule.What == Fact::AlgorithmOutput) {
      EXPECT_EQ(Rule.Object, 0) << Rule.Callee;
      EXPECT_EQ(Rule.Value, NoArgument) << Rule.Callee;
    }
    if (NeedsValue)
      EXPECT_GE(Rule.Value, 0) << Rule.Callee;
    if (Rule.What == Fact::Header && Rule.Second != NoArgument)
      EXPECT_NE(Rule.Second, Rule.Value) << Rule.Callee;
  }
}

} // namespace
