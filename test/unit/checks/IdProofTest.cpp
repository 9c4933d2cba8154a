//===--- IdProofTest.cpp - which declarations procore-id-width proves IDs
//--===//
//
// The proof on small programs: the facts are recorded as the check's
// matchers record them, then the proof decides, and each test asserts which
// declarations it proved and with what evidence.
//
//===----------------------------------------------------------------------===//

#include "IdProof.h"
#include "IdFacts.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::procore;
using namespace clang::tidy::procore::idwidth;

namespace {

// A stand-in for jsoncpp's Json::Value: the model knows it by name.
constexpr llvm::StringLiteral JsonStub = R"cpp(
namespace Json {
class Value {
public:
  int asInt() const;
  long long asInt64() const;
  const Value &operator[](const char *Key) const;
};
} // namespace Json
)cpp";

class IdProofTest : public ::testing::Test {
protected:
  /// Parses \p Code, records its facts and proves.
  void prove(llvm::StringRef Code) {
    AST = tooling::buildASTFromCodeWithArgs((JsonStub + Code).str(),
                                            {"-std=c++17"}, "input.cpp");
    ASSERT_TRUE(AST);
    ASTContext &Context = AST->getASTContext();
    Tracer = std::make_unique<StringTracer>(Context);
    Facts = std::make_unique<IdFacts>(Context, Settings, *Tracer);
    auto Spelled = [](auto Matcher) {
      return traverse(TK_IgnoreUnlessSpelledInSource, Matcher);
    };
    for (const BoundNodes &N :
         match(Spelled(namedDecl(unless(isImplicit()),
                                 anyOf(varDecl(), fieldDecl(), functionDecl()))
                           .bind("n")),
               Context))
      Facts->recordDeclaration(N.getNodeAs<Decl>("n"));
    for (const BoundNodes &N :
         match(Spelled(stringLiteral().bind("n")), Context))
      Facts->recordLiteral(N.getNodeAs<StringLiteral>("n"));
    for (const BoundNodes &N : match(
             Spelled(binaryOperator(hasOperatorName("=")).bind("n")), Context))
      Facts->recordAssignment(N.getNodeAs<BinaryOperator>("n"));
    for (const BoundNodes &N : match(
             Spelled(binaryOperator(hasAnyOperatorName("==", "!=")).bind("n")),
             Context))
      Facts->recordComparison(N.getNodeAs<BinaryOperator>("n"));
    for (const BoundNodes &N : match(Spelled(callExpr().bind("n")), Context))
      Facts->recordCall(N.getNodeAs<CallExpr>("n"));
    Proof = std::make_unique<IdProof>(*Facts);
    Proof->prove();
  }

  /// The evidence for the variable named \p Name, if it was proven an ID.
  const Evidence *evidenceFor(llvm::StringRef Name) {
    for (const auto &[H, Why] : Proof->ids())
      if (const auto *Named = dyn_cast<NamedDecl>(H.D);
          Named && Named->getName() == Name)
        return &Why;
    return nullptr;
  }

  IdNameClassifier Classifier;
  HostTable Hosts;
  std::vector<WrapperRule> Wrappers;
  IdWidthSettings Settings{/*FlagLong=*/true, Classifier, Hosts, Wrappers};
  std::unique_ptr<ASTUnit> AST;
  std::unique_ptr<StringTracer> Tracer;
  std::unique_ptr<IdFacts> Facts;
  std::unique_ptr<IdProof> Proof;
};

TEST_F(IdProofTest, JsonFieldNamedLikeAnIdInAProcoreFile) {
  prove(R"cpp(
const char *kProjects = "https://api.procore.com/rest/v1.0/projects";
int read(const Json::Value &Project) {
  int project_id = Project["id"].asInt();
  int page = Project["page"].asInt();
  return page + project_id;
}
)cpp");
  const Evidence *Id = evidenceFor("project_id");
  ASSERT_TRUE(Id);
  EXPECT_EQ(Id->K, Evidence::JsonField);
  EXPECT_EQ(Id->Text, "id");
  EXPECT_FALSE(evidenceFor("page")); // a count read from JSON is no ID
}

TEST_F(IdProofTest, IdsSpreadAlongFlowsBothWays) {
  prove(R"cpp(
const char *kProjects = "https://api.procore.com/rest/v1.0/projects";
int keep(int value) { return value; }
void read(const Json::Value &Project) {
  int project_id = Project["id"].asInt();
  int copy = project_id;     // receives an ID
  int owner_id = 0;
  owner_id = copy;           // and passes it on
  keep(owner_id);
}
)cpp");
  const Evidence *Copy = evidenceFor("copy");
  ASSERT_TRUE(Copy);
  EXPECT_EQ(Copy->K, Evidence::FromId);
  ASSERT_TRUE(evidenceFor("owner_id"));
  // A parameter that only passes a value through is an ID for the caller
  // that gives it one, but its return is not an ID for every caller.
  EXPECT_FALSE(evidenceFor("keep"));
}

TEST_F(IdProofTest, ComparedForEqualityWithAnIdMakesAnId) {
  prove(R"cpp(
const char *kProjects = "https://api.procore.com/rest/v1.0/projects";
int count(const Json::Value &Project, int only, int limit) {
  long long project_id = Project["id"].asInt64();
  int seen = 0;
  if (project_id != only) return 0;
  if (seen == limit) return seen; // two counts: neither is an ID
  return 1;
}
)cpp");
  const Evidence *Only = evidenceFor("only");
  ASSERT_TRUE(Only);
  EXPECT_EQ(Only->K, Evidence::ComparedWithId);
  EXPECT_FALSE(evidenceFor("seen"));
  EXPECT_FALSE(evidenceFor("limit"));
}

TEST_F(IdProofTest, AFunctionReturnsAnIdOnlyForTheCallerThatStoresOne) {
  prove(R"cpp(
const char *kProjects = "https://api.procore.com/rest/v1.0/projects";
int number(const char *Text);
void read(const char *A, const char *B) {
  long long project_id = number(A);
  int attempts = number(B);
}
)cpp");
  const Evidence *Number = evidenceFor("number");
  ASSERT_TRUE(Number);
  EXPECT_EQ(Number->K, Evidence::IntoId);
  EXPECT_FALSE(evidenceFor("attempts"));
}

TEST_F(IdProofTest, NothingWithoutProcoreInTheFile) {
  prove(R"cpp(
int read(const Json::Value &Issue) {
  int project_id = Issue["id"].asInt();
  return project_id;
}
)cpp");
  EXPECT_FALSE(Proof->talksToProcore());
  EXPECT_TRUE(Proof->ids().empty());
}

TEST_F(IdProofTest, ResourceNamesNeedAProcoreFile) {
  prove(R"cpp(
const char *kProjects = "https://api.procore.com/rest/v1.0/projects";
int vendor_id = 0;
int thread_id = 0;
)cpp");
  const Evidence *Vendor = evidenceFor("vendor_id");
  ASSERT_TRUE(Vendor);
  EXPECT_EQ(Vendor->K, Evidence::ResourceName);
  EXPECT_FALSE(evidenceFor("thread_id")); // somebody else's ID
}

} // namespace
