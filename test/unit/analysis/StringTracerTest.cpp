//===--- StringTracerTest.cpp - tracing limits that must not lose text ----===//

#include "analysis/StringTracer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::procore;

namespace {

// A string type of the snippet's own, so no system header is needed.
constexpr const char *StringType = R"cpp(
struct Str {
  Str(const char *);
  Str &operator=(const char *);
  Str &operator+=(const char *);
};
Str operator+(const Str &, const char *);
void send(const Str &);
)cpp";

std::unique_ptr<ASTUnit> parse(const std::string &Code) {
  return tooling::buildASTFromCodeWithArgs(StringType + Code, {"-std=c++17"});
}

const StringLiteral *firstLiteral(ASTContext &Context) {
  auto Found = match(stringLiteral().bind("s"), Context);
  return Found.empty() ? nullptr : Found.front().getNodeAs<StringLiteral>("s");
}

/// The calls of `send`, their argument bound as "path".
SmallVector<BoundNodes, 1> sendCalls(ASTContext &Context) {
  return match(callExpr(callee(functionDecl(hasName("send"))),
                        hasArgument(0, expr().bind("path"))),
               Context);
}

/// Every text the argument of a call of `send` may hold, sorted.
std::vector<std::string> sentTexts(StringTracer &Tracer,
                                   const BoundNodes &Send) {
  std::vector<std::string> Result;
  for (const TracedString &Text : Tracer.traceAll(Send.getNodeAs<Expr>("path")))
    Result.push_back(Text.text());
  llvm::sort(Result);
  return Result;
}

TEST(TracedString, AppendingStopsAtTheCapsWithAnUnknownRun) {
  auto AST = parse("Str Piece = \"https://api.procore.com/rest/v1.0/x\";");
  const StringLiteral *Literal = firstLiteral(AST->getASTContext());
  ASSERT_NE(Literal, nullptr);
  TracedString Text = TracedString::literal(Literal);
  size_t PieceLength = Text.text().size();
  for (size_t Length = PieceLength; Length < 2 * TracedString::MaxTracedLength;
       Length += PieceLength)
    Text.append(TracedString::literal(Literal));

  EXPECT_EQ(Text.text().size(), TracedString::MaxTracedLength + 1);
  EXPECT_EQ(Text.text().back(), UnknownText);
  // Every origin lies in the kept text, and the last one was cut with it.
  ASSERT_FALSE(Text.origins().empty());
  for (const TracedString::Origin &O : Text.origins())
    EXPECT_LE(O.End, TracedString::MaxTracedLength);
  EXPECT_EQ(Text.origins().back().End, TracedString::MaxTracedLength);
  // The text before the cut still knows its literal.
  std::optional<TracedString::Origin> Host = Text.originOf(8, 23);
  ASSERT_TRUE(Host);
  EXPECT_EQ(Host->Literal, Literal);
  EXPECT_EQ(Host->FirstUnit, 8u);

  // Short pieces stop at the piece cap first.
  auto ShortAST = parse("Str Piece = \"/x\";");
  TracedString Short =
      TracedString::literal(firstLiteral(ShortAST->getASTContext()));
  TracedString Many = Short;
  for (int I = 0; I < 1000; ++I)
    Many.append(Short);
  EXPECT_EQ(Many.origins().size(), TracedString::MaxTracedPieces);
  EXPECT_EQ(Many.text().size(), 2 * TracedString::MaxTracedPieces + 1);
  EXPECT_TRUE(Many.isFull());

  // Nothing more is kept, and the unknown run is not repeated.
  Text.append(TracedString::literal(Literal));
  Text.append(TracedString::unknown());
  EXPECT_EQ(Text.text().size(), TracedString::MaxTracedLength + 1);
}

// A URL object's setters replace one part and keep the others; a host that
// ends in unknown text loses the unknown rest when the path is replaced.
TEST(TracedString, ReplacingOnePartOfAUrl) {
  auto Plain = [](llvm::StringRef Text) { return TracedString::plain(Text); };
  std::string Unknown(1, UnknownText);
  TracedString Base = Plain("https://api.procore.com/old/path?page=1#top");
  EXPECT_EQ(replaceUrlPart(Base, UrlPart::Path, Plain("/rest/v1.0/me")).text(),
            "https://api.procore.com/rest/v1.0/me?page=1#top");
  EXPECT_EQ(
      replaceUrlPart(Base, UrlPart::Host, Plain("sandbox.procore.com")).text(),
      "https://sandbox.procore.com/old/path?page=1#top");
  EXPECT_EQ(replaceUrlPart(Base, UrlPart::Query, Plain("page=2")).text(),
            "https://api.procore.com/old/path?page=2#top");
  EXPECT_EQ(replaceUrlPart(Base, UrlPart::Query, Plain("")).text(),
            "https://api.procore.com/old/path#top");
  EXPECT_EQ(replaceUrlPart(Base, UrlPart::Scheme, Plain("http")).text(),
            "http://api.procore.com/old/path?page=1#top");

  // Built from nothing, part by part.
  TracedString Url = replaceUrlPart(Plain(""), UrlPart::Scheme, Plain("https"));
  Url = replaceUrlPart(Url, UrlPart::Host, Plain("api.procore.com"));
  Url = replaceUrlPart(Url, UrlPart::Path, Plain("/rest/v1.0/projects"));
  EXPECT_EQ(Url.text(), "https://api.procore.com/rest/v1.0/projects");

  // An unknown base keeps its unknown host; a known host drops an unknown
  // tail that may be the old path.
  EXPECT_EQ(replaceUrlPart(TracedString::unknown(), UrlPart::Path,
                           Plain("/rest/v1.0/me"))
                .text(),
            Unknown + "/rest/v1.0/me");
  TracedString Tail = Plain("https://api.procore.com");
  Tail.append(TracedString::unknown());
  EXPECT_EQ(replaceUrlPart(Tail, UrlPart::Path, Plain("/rest/v1.0/me")).text(),
            "https://api.procore.com/rest/v1.0/me");
}

// A URL builder's appends: one '/' between segments, the path before the
// query, '?' before the first query parameter and '&' before the next.
TEST(TracedString, AppendingToAUrl) {
  auto Plain = [](llvm::StringRef Text) { return TracedString::plain(Text); };
  TracedString Url = Plain("/rest/v1.0/projects");
  Url = editUrl(Url, UrlEdit::AppendSegment, {Plain("42")});
  Url = editUrl(Url, UrlEdit::AppendSegment, {Plain("/rfis")});
  EXPECT_EQ(Url.text(), "/rest/v1.0/projects/42/rfis");
  Url = editUrl(Url, UrlEdit::AppendQuery, {Plain("page"), Plain("2")});
  Url = editUrl(Url, UrlEdit::AppendQuery, {Plain("per_page=100")});
  EXPECT_EQ(Url.text(), "/rest/v1.0/projects/42/rfis?page=2&per_page=100");
  // A segment appended after the query joins the path, not the query.
  EXPECT_EQ(editUrl(Url, UrlEdit::AppendSegment, {Plain("replies")}).text(),
            "/rest/v1.0/projects/42/rfis/replies?page=2&per_page=100");
  EXPECT_EQ(editUrl(Plain("/me/"), UrlEdit::AppendSegment, {Plain("x")}).text(),
            "/me/x");
  EXPECT_EQ(editUrl(Plain("https://api.procore.com/x"), UrlEdit::SetHost,
                    {Plain("sandbox.procore.com")})
                .text(),
            "https://sandbox.procore.com/x");
  EXPECT_EQ(
      editUrl(Plain("a"), UrlEdit::SetWhole, {Plain("https://b/c")}).text(),
      "https://b/c");
}

// QUrl::resolved and Poco::URI::resolve: a reference resolved against a
// base as RFC 3986 reads it.
TEST(TracedString, ResolvingAReferenceAgainstAUrl) {
  auto Plain = [](llvm::StringRef Text) { return TracedString::plain(Text); };
  auto Resolve = [&](llvm::StringRef Base, llvm::StringRef Reference) {
    return editUrl(Plain(Base), UrlEdit::Resolve, {Plain(Reference)}).text();
  };
  EXPECT_EQ(Resolve("https://app.procore.com/a/b?x=1", "/rest/v1.0/me"),
            "https://app.procore.com/rest/v1.0/me");
  EXPECT_EQ(Resolve("https://api.procore.com/rest/v1.0/", "vendors"),
            "https://api.procore.com/rest/v1.0/vendors");
  EXPECT_EQ(Resolve("https://api.procore.com/rest/v1.0", "me"),
            "https://api.procore.com/rest/me");
  EXPECT_EQ(Resolve("https://api.procore.com", "rest/v1.0/me"),
            "https://api.procore.com/rest/v1.0/me");
  EXPECT_EQ(Resolve("https://app.procore.com/", "https://api.procore.com/x"),
            "https://api.procore.com/x");
  EXPECT_EQ(Resolve("https://app.procore.com/", "//login.procore.com/oauth"),
            "https://login.procore.com/oauth");
  // A base with no scheme cannot be resolved against.
  EXPECT_TRUE(
      editUrl(Plain("/rest"), UrlEdit::Resolve, {Plain("me")}).isUnknown());
}

// A URL object's getters: each part, with unknown text before a part kept
// at its start (a base the trace cannot see may hold a path of its own).
TEST(TracedString, ReadingOnePartOfAUrl) {
  auto Plain = [](llvm::StringRef Text) { return TracedString::plain(Text); };
  std::string Unknown(1, UnknownText);
  TracedString Url =
      Plain("https://api.procore.com/rest/v1.0/vendors?page=2#x");
  EXPECT_EQ(urlPartOf(Url, UrlPart::Scheme).text(), "https");
  EXPECT_EQ(urlPartOf(Url, UrlPart::Host).text(), "api.procore.com");
  EXPECT_EQ(urlPartOf(Url, UrlPart::Path).text(), "/rest/v1.0/vendors");
  EXPECT_EQ(urlPartOf(Url, UrlPart::Query).text(), "page=2");
  EXPECT_EQ(urlPartOf(Plain("/rest/v1.0/me"), UrlPart::Path).text(),
            "/rest/v1.0/me");
  EXPECT_EQ(urlPartOf(Plain("https://api.procore.com"), UrlPart::Path).text(),
            "");
  TracedString Based = TracedString::unknown();
  Based.append(Plain("/rest/v1.0/me"));
  EXPECT_EQ(urlPartOf(Based, UrlPart::Path).text(), Unknown + "/rest/v1.0/me");
  TracedString Hidden = Plain("https://");
  Hidden.append(TracedString::unknown());
  Hidden.append(Plain("/me"));
  EXPECT_EQ(urlPartOf(Hidden, UrlPart::Path).text(), Unknown + "/me");
}

// Tracing a chain from its outer end first (the order the AST matchers
// visit it in) reaches the inner pieces deeper than the depth limit; their
// cut-short results must not stand in for a later trace that starts there.
TEST(StringTracer, ChainDeeperThanTheLimitIsTracedFromEveryPiece) {
  std::string Code = "Str Base = \"https://app.procore.com\";\n"
                     "Str Url = Base + \"/rest/v1.0\"";
  for (int I = 0; I < 60; ++I)
    Code += " + \"/x\"";
  Code += ";\n";
  auto AST = parse(Code);
  ASTContext &Context = AST->getASTContext();
  auto Pieces = match(cxxOperatorCallExpr().bind("plus"), Context);
  ASSERT_EQ(Pieces.size(), 61u);

  StringTracer Tracer(Context);
  for (size_t I = 0; I < Pieces.size(); ++I) {
    TracedString Text =
        Tracer.trace(Pieces[I].getNodeAs<CXXOperatorCallExpr>("plus"));
    // The 20 innermost pieces lie within the limit of Base: they see it.
    if (I + 20 >= Pieces.size())
      EXPECT_EQ(Text.text().rfind("https://app.procore.com/rest/v1.0", 0), 0u)
          << "piece " << I << " of " << Pieces.size();
  }
  // The innermost piece, traced last, is Base + "/rest/v1.0" in full.
  TracedString Innermost =
      Tracer.trace(Pieces.back().getNodeAs<CXXOperatorCallExpr>("plus"));
  EXPECT_EQ(Innermost.text(), "https://app.procore.com/rest/v1.0");
}

// A variable read after many appends holds what the last assignment before
// the read and the appends after it spell, up to the cap.
TEST(StringTracer, VariableReadAfterAssignmentsAndAppends) {
  std::string Code = "void sync() {\n"
                     "  Str Url = \"https://app.procore.com\";\n"
                     "  Url += \"/old\";\n"
                     "  send(Url);\n"
                     "  Url = \"https://api.procore.com\";\n"
                     "  Url += \"/rest/v1.0\";\n"
                     "  send(Url);\n";
  for (int I = 0; I < 3000; ++I)
    Code += "  Url += \"/x\";\n";
  Code += "  send(Url);\n}\n";
  auto AST = parse(Code);
  ASTContext &Context = AST->getASTContext();
  auto Sends = match(callExpr(callee(functionDecl(hasName("send"))),
                              hasArgument(0, expr().bind("url"))),
                     Context);
  ASSERT_EQ(Sends.size(), 3u);
  StringTracer Tracer(Context);
  auto TextSent = [&](size_t I) {
    return Tracer.trace(Sends[I].getNodeAs<Expr>("url")).text();
  };
  EXPECT_EQ(TextSent(0), "https://app.procore.com/old");
  EXPECT_EQ(TextSent(1), "https://api.procore.com/rest/v1.0");
  // Cut at the piece cap: the two pieces of the base, then "/x" pieces.
  TracedString Last = Tracer.trace(Sends[2].getNodeAs<Expr>("url"));
  EXPECT_EQ(Last.origins().size(), TracedString::MaxTracedPieces);
  std::string Expected = "https://api.procore.com/rest/v1.0";
  for (size_t I = 2; I < TracedString::MaxTracedPieces; ++I)
    Expected += "/x";
  EXPECT_EQ(Last.text(), Expected + UnknownText);
}

// A method reads the members of the object it runs on: bound to one call,
// what that object was given; unbound, what any object was, and the
// method depends on its callers.
TEST(StringTracer, MethodReadsTheObjectOfItsCall) {
  auto AST = parse(R"cpp(
    struct Call {
      Str Path = "/rest/v1.0/me";
      Call &to(const char *P) { Path = P; return *this; }
      void go() { send(Path); }
    };
    void run() {
      Call Named;
      Named.to("/rest/v1.0/vendors");
      Named.go();
      Call().to("/rest/v1.0/projects").go();
      Call().go();
    }
  )cpp");
  ASTContext &Context = AST->getASTContext();
  auto Read = match(callExpr(callee(functionDecl(hasName("send"))),
                             hasArgument(0, expr().bind("path"))),
                    Context);
  auto Goes =
      match(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("go")).bind("go")))
                .bind("call"),
            Context);
  ASSERT_EQ(Read.size(), 1u);
  ASSERT_EQ(Goes.size(), 3u);
  const auto *Path = Read.front().getNodeAs<Expr>("path");
  StringTracer Tracer(Context);
  auto TextFor = [&](const BoundNodes &Go) {
    const auto *Method = Go.getNodeAs<FunctionDecl>("go")->getDefinition();
    StringTracer::BindingScope Scope(Tracer, Method,
                                     Go.getNodeAs<CallExpr>("call"));
    return Tracer.trace(Path).text();
  };
  std::vector<std::string> Texts;
  for (const BoundNodes &Go : Goes)
    Texts.push_back(TextFor(Go));
  llvm::sort(Texts);
  EXPECT_EQ(Texts,
            (std::vector<std::string>{"/rest/v1.0/me", "/rest/v1.0/projects",
                                      "/rest/v1.0/vendors"}));
  Tracer.clearUnboundReads();
  // Unbound: the default, or whatever a caller of `to` passes.
  TracedValues Any = Tracer.traceAll(Path);
  ASSERT_EQ(Any.size(), 2u);
  EXPECT_EQ(Any[0].text(), "/rest/v1.0/me");
  EXPECT_TRUE(Any[1].isUnknown());
  EXPECT_TRUE(Tracer.readUnboundParameterOf(
      Goes.front().getNodeAs<FunctionDecl>("go")->getDefinition()));
}

TEST(StringTracer, WalkOfNamesTheListALoopHandsOn) {
  auto AST = parse(R"cpp(
    struct Pair { const char *first; const char *second; };
    struct Node { const char *data; Node *next; };
    template <class T> struct Vec { T *begin() const; T *end() const; };
    void add(const char *);
    void copy(const Vec<Pair> &Pairs, const char **Lines, Node *List) {
      for (const Pair &P : Pairs) add(P.first);
      for (const auto &[Name, Value] : Pairs) add(Name);
      for (int I = 0; Lines[I]; ++I) add(Lines[I]);
      for (Node *N = List; N; N = N->next) add(N->data);
      for (const Pair &P : Pairs) add(P.second);
      for (int I = 0; Lines[I]; ++I) add(Lines[0]);
    }
  )cpp");
  ASTContext &Context = AST->getASTContext();
  auto Adds = match(callExpr(callee(functionDecl(hasName("add"))),
                             hasArgument(0, expr().bind("element"))),
                    Context);
  ASSERT_EQ(Adds.size(), 6u);
  StringTracer Tracer(Context);
  std::vector<std::string> Walked;
  for (const BoundNodes &Add : Adds) {
    std::optional<StringTracer::CollectionWalk> Walk =
        Tracer.walkOf(Add.getNodeAs<Expr>("element"));
    const VarDecl *List = Walk ? referencedVariable(Walk->Collection) : nullptr;
    Walked.push_back(List ? List->getName().str() : "-");
  }
  // The value part of a pair and an element the counter does not index
  // hand on no list.
  EXPECT_EQ(Walked, (std::vector<std::string>{"Pairs", "Pairs", "Lines", "List",
                                              "-", "-"}));
}

TEST(StringTracer, VisitRunsTheOverloadOfTheHeldAlternative) {
  // The library's shape, declared here: a converting constructor and a
  // visit that forwards to the visitor.
  auto AST = parse(R"cpp(
    namespace std {
    template <class... T> struct variant { template <class U> variant(U); };
    template <class F, class V> Str visit(F &&, V &&);
    }
    struct Token {};
    struct Projects {};
    using Request = std::variant<Token, Projects>;
    struct Path {
      Str operator()(const Token &) const { return "/oauth/token"; }
      Str operator()(const Projects &) const { return "/rest/v1.0/projects"; }
    };
    Str pathOf(const Request &R) { return std::visit(Path{}, R); }
    void known() { send(pathOf(Projects{})); }
    void unknown(const Request &R) { send(pathOf(R)); }
  )cpp");
  ASTContext &Context = AST->getASTContext();
  auto Sends = sendCalls(Context);
  ASSERT_EQ(Sends.size(), 2u);
  StringTracer Tracer(Context);
  auto Texts = [&](const BoundNodes &Send) { return sentTexts(Tracer, Send); };
  EXPECT_EQ(Texts(Sends[0]), (std::vector<std::string>{"/rest/v1.0/projects"}));
  // Held alternative unknown: either overload may run.
  EXPECT_EQ(Texts(Sends[1]),
            (std::vector<std::string>{"/oauth/token", "/rest/v1.0/projects"}));
}

TEST(StringTracer, VirtualCallRunsTheOverrideOfTheObjectsClass) {
  auto AST = parse(R"cpp(
    struct Resource {
      virtual ~Resource();
      virtual Str path() const { return "/rest/v1.0/projects"; }
    };
    struct Vendors : Resource {
      Str path() const override { return "/rest/v1.0/vendors"; }
    };
    void known() { Vendors V; send(V.path()); }
    void open(const Resource &R) { send(R.path()); }
    void made() { Vendors V; Resource *R = &V; send(R->path()); }
  )cpp");
  ASTContext &Context = AST->getASTContext();
  auto Sends = sendCalls(Context);
  ASSERT_EQ(Sends.size(), 3u);
  StringTracer Tracer(Context);
  auto Texts = [&](const BoundNodes &Send) { return sentTexts(Tracer, Send); };
  EXPECT_EQ(Texts(Sends[0]), (std::vector<std::string>{"/rest/v1.0/vendors"}));
  EXPECT_FALSE(Tracer.openDispatch());
  // A reference of the base class: either method may run, and the
  // dispatch is left open, with the classes it may be.
  EXPECT_EQ(Texts(Sends[1]), (std::vector<std::string>{"/rest/v1.0/projects",
                                                       "/rest/v1.0/vendors"}));
  ASSERT_TRUE(Tracer.openDispatch());
  EXPECT_EQ(Tracer.openDispatch()->Classes.size(), 1u); // only Vendors is made
  {
    const auto *Base = Tracer.openDispatch()->Classes.front();
    StringTracer::ClassScope Pinned(Tracer, Tracer.openDispatch()->Root, Base);
    EXPECT_EQ(Texts(Sends[1]),
              (std::vector<std::string>{"/rest/v1.0/vendors"}));
  }
  Tracer.clearOpenDispatch();
  // A pointer to a local object of a known class.
  EXPECT_EQ(Texts(Sends[2]), (std::vector<std::string>{"/rest/v1.0/vendors"}));
}

} // namespace
