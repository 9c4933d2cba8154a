//===--- WriteIndexTest.cpp - calls that are not direct, and write roots --===//

#include "analysis/WriteIndex.h"
#include "analysis/StringTracer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::procore;

namespace {

std::unique_ptr<ASTUnit> parse(const std::string &Code,
                               const std::string &Language = "-std=c++17") {
  return tooling::buildASTFromCodeWithArgs(Code, {Language});
}

// The first call whose callee is spelled with \p Callee.
const CallExpr *callNamed(ASTContext &Context, const std::string &Callee) {
  for (const BoundNodes &Node :
       match(callExpr(callee(expr().bind("callee"))).bind("call"), Context)) {
    const auto *Call = Node.getNodeAs<CallExpr>("call");
    std::string Spelled;
    llvm::raw_string_ostream OS(Spelled);
    Call->getCallee()->printPretty(OS, nullptr, Context.getPrintingPolicy());
    if (OS.str().find(Callee) != std::string::npos)
      return Call;
  }
  return nullptr;
}

std::vector<std::string> names(llvm::ArrayRef<const FunctionDecl *> Functions) {
  std::vector<std::string> Names;
  for (const FunctionDecl *F : Functions)
    Names.push_back(F->getQualifiedNameAsString());
  llvm::sort(Names);
  return Names;
}

TEST(WriteIndex, FunctionPointerRunsEveryFunctionStoredInIt) {
  auto AST = parse(R"c(
    struct ops { int (*send)(int); };
    static int live(int x) { return x; }
    static int dry(int x) { return 0; }
    static int unused(int x) { return 1; }
    int run(int n) {
      struct ops table = {live};
      table.send = &dry;
      return table.send(n);
    }
  )c",
                   "-xc");
  ASSERT_TRUE(AST);
  WriteIndex Index(AST->getASTContext());
  const CallExpr *Call = callNamed(AST->getASTContext(), "table.send");
  ASSERT_NE(Call, nullptr);
  EXPECT_EQ(names(Index.calleesOf(Call)),
            (std::vector<std::string>{"dry", "live"}));
  // Named outside a call: either may be called from anywhere.
  const auto *Live = Index.calleesOf(Call).back();
  EXPECT_TRUE(Index.addressTaken(Live));
}

TEST(WriteIndex, VirtualCallRunsTheOverridesOfItsClass) {
  auto AST = parse(R"cpp(
    struct Transport { virtual ~Transport(); virtual int send(int) = 0; };
    struct Live : Transport { int send(int X) override { return X; } };
    struct Fake : Transport { int send(int) override { return 0; } };
    struct Other { virtual int send(int X) { return X; } };
    int run(Transport &T) { return T.send(1); }
    int direct(Live &L) { return L.Transport::send(1); }
  )cpp");
  ASSERT_TRUE(AST);
  WriteIndex Index(AST->getASTContext());
  const CallExpr *Call = callNamed(AST->getASTContext(), "T.send");
  ASSERT_NE(Call, nullptr);
  EXPECT_EQ(names(Index.calleesOf(Call)),
            (std::vector<std::string>{"Fake::send", "Live::send"}));
  // A qualified call is not dispatched; the pure method has no body.
  const CallExpr *Qualified =
      callNamed(AST->getASTContext(), "L.Transport::send");
  ASSERT_NE(Qualified, nullptr);
  EXPECT_TRUE(Index.calleesOf(Qualified).empty());
  EXPECT_FALSE(Index.addressTaken(Index.calleesOf(Call).front()));
}

TEST(WriteIndex, CallableRunsWhatFlowsIntoItFromAnywhere) {
  auto AST = parse(R"cpp(
    #include <functional>
    #include <map>
    #include <string>
    #include <vector>
    using Send = std::function<int(int)>;
    int live(int X) { return X; }
    int dry(int) { return 0; }
    int audit(int X) { return -X; }
    // A parameter: what its callers hand in.
    int retry(Send Fn, int X) { return Fn(X); }
    // A returned lambda that calls what the factory captured.
    Send wrap(Send Next) { return [Next](int X) { return Next(X) + 1; }; }
    struct Bus {
      std::vector<Send> Slots;
      std::map<std::string, Send> Named;
      void connect(Send S) { Slots.push_back(S); }
      int emit(int X) {
        int Sum = 0;
        for (auto &Each : Slots)
          Sum += Each(X);
        const Send &Audit = Named.at("audit");
        return Sum + Audit(X);
      }
    };
    int run() {
      Bus B;
      B.connect(live);
      B.Named["audit"] = audit;
      const Send Wrapped = wrap(dry);
      return retry(live, 1) + Wrapped(2) + B.emit(3);
    }
  )cpp");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  WriteIndex Index(Context);
  // The call of `operator()` on the object spelled \p Object.
  auto CallOn = [&](const std::string &Object) -> const CallExpr * {
    for (const BoundNodes &Node : match(
             cxxOperatorCallExpr(hasOverloadedOperatorName("()")).bind("call"),
             Context)) {
      const auto *Call = Node.getNodeAs<CXXOperatorCallExpr>("call");
      std::string Spelled;
      llvm::raw_string_ostream OS(Spelled);
      Call->getArg(0)->printPretty(OS, nullptr, Context.getPrintingPolicy());
      if (OS.str() == Object)
        return Call;
    }
    return nullptr;
  };
  auto CalleesOf = [&](const std::string &Object) {
    const CallExpr *Call = CallOn(Object);
    EXPECT_NE(Call, nullptr) << Object;
    return Call ? names(Index.calleesOf(Call)) : std::vector<std::string>{};
  };
  EXPECT_EQ(CalleesOf("Fn"), (std::vector<std::string>{"live"}));
  EXPECT_EQ(CalleesOf("Next"), (std::vector<std::string>{"dry"}));
  EXPECT_EQ(CalleesOf("Each"), (std::vector<std::string>{"live"}));
  EXPECT_EQ(CalleesOf("Audit"), (std::vector<std::string>{"audit"}));
  // The lambda the factory returns, whose operator is its class's.
  std::vector<std::string> Wrapped = CalleesOf("Wrapped");
  ASSERT_EQ(Wrapped.size(), 1u);
  EXPECT_NE(Wrapped.front().find("operator()"), std::string::npos);
  // `Fn(X)` runs a plain function: its argument is the one after the
  // object.
  const CallExpr *Call = CallOn("Fn");
  ASSERT_NE(Call, nullptr);
  EXPECT_EQ(firstBoundArgument(Call, Index.calleesOf(Call).front()), 1u);
}

TEST(WriteIndex, WritesAndEntriesKnowTheObjectTheyGoTo) {
  auto AST = parse(R"c(
    int snprintf(char *, unsigned long, const char *, ...);
    struct request { char url[64]; char lines[4][32]; int count; };
    void fill(struct request *rq, struct request *other) {
      snprintf(rq->url, sizeof rq->url, "%s", "https://api.procore.com");
      snprintf(rq->lines[rq->count++], 32, "%s", "Accept: */*");
      snprintf(other->lines[0], 32, "%s", "Procore-Company-Id: 1");
    }
  )c",
                   "-xc");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  WriteIndex Index(Context);
  auto Fields = match(fieldDecl().bind("f"), Context);
  const FieldDecl *Url = nullptr, *Lines = nullptr;
  for (const BoundNodes &Node : Fields) {
    const auto *Field = Node.getNodeAs<FieldDecl>("f");
    if (Field->getName() == "url")
      Url = Field;
    if (Field->getName() == "lines")
      Lines = Field;
  }
  ASSERT_TRUE(Url && Lines);
  ASSERT_EQ(Index.writesOf(Url).size(), 1u);
  EXPECT_EQ(Index.writesOf(Url).front().Root->getName(), "rq");
  // Each line written into the array is an entry of that object's array.
  ASSERT_EQ(Index.entriesOf(Lines).size(), 2u);
  EXPECT_EQ(Index.entriesOf(Lines)[0].Root->getName(), "rq");
  EXPECT_EQ(Index.entriesOf(Lines)[1].Root->getName(), "other");
}

// A queue of objects: the element a call puts in and the container a read
// takes one out of; text appended to a string is no queued element.
TEST(WriteIndex, QueuedElementsAndTheContainersTheyAreTakenFrom) {
  auto AST = parse(R"cc(
    #include <deque>
    #include <string>
    #include <vector>
    struct Job { std::string Url; };
    struct Pool {
      std::deque<Job> Pending;
      std::vector<std::string> Lines;
      std::string Text;
      void put(Job J) { Pending.push_back(J); }
      void line(const std::string &L) { Lines.push_back(L); Text.append(L); }
      Job take() { return Pending.front(); }
    };
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  const ValueDecl *Container = nullptr;
  const CallExpr *Put = callNamed(Context, "Pending.push_back");
  ASSERT_TRUE(Put);
  const Expr *Element = queuedElement(Put, Container);
  ASSERT_TRUE(Element && Container);
  EXPECT_EQ(Container->getName(), "Pending");
  const CallExpr *Line = callNamed(Context, "Lines.push_back");
  const CallExpr *Append = callNamed(Context, "Text.append");
  ASSERT_TRUE(Line && Append);
  EXPECT_FALSE(queuedElement(Line, Container));
  EXPECT_FALSE(queuedElement(Append, Container));
  const CallExpr *Front = callNamed(Context, "Pending.front");
  ASSERT_TRUE(Front);
  ASSERT_TRUE(takenFrom(Front));
  EXPECT_EQ(takenFrom(Front)->getName(), "Pending");
  EXPECT_FALSE(takenFrom(Put));
}

// A method's writes to its own members go to `this`; `+=` on a string
// member is an append, kept apart from the writes that replace it.
TEST(WriteIndex, MethodWritesGoToThisAndAppendsStayApart) {
  auto AST = parse(R"cc(
    namespace std {
    template <class C> struct basic_string {
      basic_string(const C *);
      basic_string &operator=(const basic_string &);
      basic_string &operator+=(const basic_string &);
    };
    using string = basic_string<char>;
    }
    struct Builder {
      std::string path = "/rest/v1.0";
      void reset() { path = "/"; }
      Builder &add(const std::string &More) { path += More; return *this; }
    };
    void other(Builder &B) { B.path = "/oauth"; }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  WriteIndex Index(Context);
  const FieldDecl *Path = nullptr;
  for (const BoundNodes &Node : match(fieldDecl().bind("f"), Context))
    Path = Node.getNodeAs<FieldDecl>("f");
  ASSERT_TRUE(Path);
  ASSERT_EQ(Index.writesOf(Path).size(), 2u);
  EXPECT_TRUE(Index.writesOf(Path)[0].This);
  EXPECT_FALSE(Index.writesOf(Path)[0].Root);
  EXPECT_FALSE(Index.writesOf(Path)[1].This);
  EXPECT_EQ(Index.writesOf(Path)[1].Root->getName(), "B");
  ASSERT_EQ(Index.appendsOf(Path).size(), 1u);
  EXPECT_TRUE(Index.appendsOf(Path).front().This);
}

TEST(WriteIndex, OnlyPointersAndReferencesToNonConstCanWrite) {
  auto AST = parse(R"cpp(
    struct R {};
    void f(R ByValue, const R &Viewed, R &Changed, const R *Read, R *Written);
  )cpp");
  ASSERT_TRUE(AST);
  auto Found =
      match(functionDecl(hasName("f")).bind("f"), AST->getASTContext());
  ASSERT_EQ(Found.size(), 1u);
  const auto *F = Found.front().getNodeAs<FunctionDecl>("f");
  std::vector<bool> Writes;
  for (const ParmVarDecl *Param : F->parameters())
    Writes.push_back(canWriteThrough(Param->getType()));
  EXPECT_EQ(Writes, (std::vector<bool>{false, false, true, false, true}));
}

// Resets: a list emptied, replaced by a value that does not read it, or
// its object zeroed; an assignment that reads the list extends it.
TEST(WriteIndex, EmittingASignalRunsEverySlotConnectedToIt) {
  auto AST = parse(R"cpp(
    #include <boost/signals2/signal.hpp>
    struct Request {};
    void decorate(Request &) {}
    void record(Request &) {}
    void audit(Request &) {}
    struct Hub {
      boost::signals2::signal<void(Request &)> BeforeSend;
      boost::signals2::signal<void(Request &)> AfterSend;
    };
    void wire(Hub &H) {
      H.BeforeSend.connect(&decorate);
      H.BeforeSend.connect(1, &record);
      H.AfterSend.connect(&audit);
    }
    void send(Hub &H, Request &R) { H.BeforeSend(R); }
  )cpp");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  WriteIndex Index(Context);
  const CallExpr *Emit = nullptr;
  for (const BoundNodes &Node :
       match(cxxOperatorCallExpr(hasOverloadedOperatorName("()"),
                                 hasAncestor(functionDecl(hasName("send"))))
                 .bind("call"),
             Context))
    Emit = Node.getNodeAs<CallExpr>("call");
  ASSERT_NE(Emit, nullptr);
  EXPECT_EQ(names(Index.calleesOf(Emit)),
            (std::vector<std::string>{"decorate", "record"}));
  EXPECT_EQ(firstBoundArgument(Emit, Index.calleesOf(Emit).front()), 1u);
}

// Qt as a hand-written build includes it: outside the system headers.
TEST(WriteIndex, EmittingAQtSignalRunsTheSlotsConnectedToIt) {
  const std::string Qt = "/usr/include/x86_64-linux-gnu/qt5";
  auto AST = tooling::buildASTFromCodeWithArgs(
      R"cpp(
    #include <QtCore/QObject>
    class Sender : public QObject {
      Q_OBJECT
    signals:
      void ready(int Id);
      void relay(int Id);
    };
    class Receiver : public QObject {
      Q_OBJECT
    public slots:
      void onReady(int) {}
      void onMacro(int) {}
      void onGone() {}
    };
    void wire(Sender &S, Receiver &R) {
      QObject::connect(&S, &Sender::ready, &R, &Receiver::onReady,
                       Qt::QueuedConnection);
      QObject::connect(&S, SIGNAL(ready(int)), &R, SLOT(onMacro(int)));
      QObject::connect(&S, &Sender::ready, &S, &Sender::relay);
      QObject::connect(&S, &Sender::relay, [](int) {});
      QObject::connect(&S, &QObject::destroyed, &R, &Receiver::onGone);
    }
    void fire(Sender &S) { emit S.ready(7); }
  )cpp",
      {"-std=c++17", "-fPIC", "-I" + Qt, "-I" + Qt + "/QtCore"});
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  WriteIndex Index(Context);
  const CallExpr *Emit = callNamed(Context, "S.ready");
  ASSERT_NE(Emit, nullptr);
  EXPECT_TRUE(Index.emitsSignal(Emit));
  std::vector<std::string> Slots = names(Index.calleesOf(Emit));
  ASSERT_EQ(Slots.size(), 3u); // Through relay to the lambda, too.
  EXPECT_TRUE(llvm::is_contained(Slots, "Receiver::onReady"));
  EXPECT_TRUE(llvm::is_contained(Slots, "Receiver::onMacro"));
  auto Method = [&](const std::string &Name) {
    return selectFirst<FunctionDecl>(
        "method", match(cxxMethodDecl(hasName(Name)).bind("method"), Context));
  };
  // A slot runs on its receiver, not on the emitting object.
  EXPECT_FALSE(Index.runsOnCallObject(Emit, Method("onReady")));
  // Only the emits the file shows run a slot of its own signal; the
  // library emits destroyed wherever it likes.
  EXPECT_FALSE(Index.addressTaken(Method("onReady")));
  EXPECT_TRUE(Index.addressTaken(Method("onGone")));
}

TEST(WriteIndex, AClassWithoutADefinitionDerivesFromNothing) {
  auto AST = parse(R"cpp(
    struct Port { virtual ~Port(); };
    struct Decorator : Port {};
    struct Forward;
  )cpp");
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  auto Class = [&](const std::string &Name) {
    return selectFirst<CXXRecordDecl>(
        "class", match(cxxRecordDecl(hasName(Name)).bind("class"), Context));
  };
  ASSERT_TRUE(Class("Port") && Class("Decorator") && Class("Forward"));
  EXPECT_TRUE(isSameOrDerived(Class("Decorator"), Class("Port")));
  EXPECT_TRUE(isSameOrDerived(Class("Port"), Class("Port")));
  EXPECT_FALSE(isSameOrDerived(Class("Port"), Class("Decorator")));
  // Reading the bases of a class with no definition would crash.
  EXPECT_FALSE(isSameOrDerived(Class("Forward"), Class("Port")));
}

TEST(WriteIndex, ResetsAreClearsZeroingAndAssignmentsThatDoNotReadTheList) {
  auto AST = parse(R"c(
    void *memset(void *, int, unsigned long);
    struct node { struct node *next; };
    struct node *append(struct node *, const char *);
    struct request { struct node *headers; int count; };
    void f(struct request *r, struct node *list) {
      list = append(list, "Accept: */*");
      list = 0;
      r->headers = append(0, "Authorization: Bearer t");
      r->headers = append(r->headers, "Accept: */*");
      memset(r, 0, sizeof *r);
      memset(r, 1, sizeof *r);
    }
  )c",
                   "-xc");
  ASSERT_TRUE(AST);
  WriteIndex Index(AST->getASTContext());
  auto Named = [&](llvm::StringRef Name) -> const ValueDecl * {
    for (const BoundNodes &Node :
         match(valueDecl(hasName(Name)).bind("d"), AST->getASTContext()))
      return Node.getNodeAs<ValueDecl>("d");
    return nullptr;
  };
  auto Lines = [&](const ValueDecl *D) {
    std::vector<unsigned> Result;
    const SourceManager &SM = AST->getASTContext().getSourceManager();
    for (const WriteIndex::Write &W : Index.resetsOf(D))
      Result.push_back(SM.getSpellingLineNumber(W.Site->getBeginLoc()));
    return Result;
  };
  EXPECT_EQ(Lines(Named("list")), (std::vector<unsigned>{8}));
  EXPECT_EQ(Lines(Named("headers")), (std::vector<unsigned>{9}));
  EXPECT_EQ(Lines(Named("r")), (std::vector<unsigned>{11}));
}

TEST(WriteIndex, ClearEmptiesAContainer) {
  auto AST = parse(R"cpp(
    struct Headers { void clear(); void clear(int); };
    struct Client { Headers H; void refresh() { H.clear(); H.clear(1); } };
  )cpp");
  ASSERT_TRUE(AST);
  WriteIndex Index(AST->getASTContext());
  const FieldDecl *H = nullptr;
  for (const BoundNodes &Node :
       match(fieldDecl(hasName("H")).bind("h"), AST->getASTContext()))
    H = Node.getNodeAs<FieldDecl>("h");
  ASSERT_NE(H, nullptr);
  ASSERT_EQ(Index.resetsOf(H).size(), 1u);
  EXPECT_NE(Index.resetsOf(H)[0].This, nullptr);
}

// Conditions settled without a caller: a count checked against its
// capacity (the length of an array member of its record) holds, an HTTP
// status checked against 200 is no such guard; a text's emptiness is
// known when the text is.
TEST(StringTracer, CapacityGuardsHoldAndKnownTextsAnswerEmpty) {
  auto AST = parse(R"cpp(
    namespace std { struct basic_string { basic_string(const char *); bool empty() const; }; }
    struct R { char Lines[8][64]; int Count; long Status; };
    void f(R *Rq, int Local) {
      if (Rq->Count < 8) {}
      if (8 > Rq->Count) {}
      if (Rq->Count >= 8) {}
      if (Local < 8) {}
      if (Rq->Status >= 200) {}
      std::basic_string Body = "{}";
      if (Body.empty()) {}
    }
  )cpp");
  ASSERT_TRUE(AST);
  StringTracer Tracer(AST->getASTContext());
  std::vector<std::optional<bool>> Settled;
  for (const BoundNodes &Node :
       match(ifStmt().bind("if"), AST->getASTContext()))
    Settled.push_back(
        Tracer.evaluateCondition(Node.getNodeAs<IfStmt>("if")->getCond()));
  EXPECT_EQ(Settled,
            (std::vector<std::optional<bool>>{true, true, false, std::nullopt,
                                              std::nullopt, false}));
}

} // namespace
