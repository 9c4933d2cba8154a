//===--- StateMachinesTest.cpp - state graphs and their fixpoints ---------===//

#include "analysis/StateMachines.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::procore;

namespace {

struct Program {
  std::unique_ptr<ASTUnit> AST;
  const FunctionDecl *function(llvm::StringRef Name) {
    for (const BoundNodes &Node :
         match(functionDecl(hasName(Name), isDefinition()).bind("f"),
               AST->getASTContext()))
      return Node.getNodeAs<FunctionDecl>("f");
    return nullptr;
  }
  // The first call of \p Name inside \p In.
  const Stmt *call(llvm::StringRef Name, llvm::StringRef In) {
    for (const BoundNodes &Node :
         match(callExpr(callee(functionDecl(hasName(Name))),
                        hasAncestor(functionDecl(hasName(In))))
                   .bind("call"),
               AST->getASTContext()))
      return Node.getNodeAs<CallExpr>("call");
    return nullptr;
  }
};

Program parse(const std::string &Code, bool C = false) {
  Program P;
  P.AST = tooling::buildASTFromCodeWithArgs(
      Code,
      C ? std::vector<std::string>{"-std=c11"}
        : std::vector<std::string>{"-std=c++17"},
      C ? "input.c" : "input.cc");
  return P;
}

StateMachines::StateSet sorted(StateMachines::StateSet States) {
  llvm::sort(States);
  return States;
}

// What the steps do: add() puts the fact in, reset() takes it out.
// A transfer over a region's exits, read from the calls in its function:
// the last of add/reset before the exit decides, else what held on entry.
struct CallTransfer {
  Program &P;
  bool operator()(const StateMachines::Region &R, const StateMachines::Exit &E,
                  bool OnEntry) const {
    const SourceManager &SM = P.AST->getASTContext().getSourceManager();
    bool Holds = OnEntry;
    SourceLocation Last;
    for (llvm::StringRef Name : {"add", "reset"})
      for (const BoundNodes &Node :
           match(callExpr(callee(functionDecl(hasName(Name)))).bind("c"),
                 P.AST->getASTContext())) {
        const auto *Call = Node.getNodeAs<CallExpr>("c");
        SourceLocation At = Call->getBeginLoc();
        bool InRegion =
            R.Case ? SM.isPointWithin(At, R.Range.getBegin(), R.Range.getEnd())
                   : SM.isPointWithin(At, R.Function->getBeginLoc(),
                                      R.Function->getEndLoc());
        if (!InRegion ||
            !SM.isBeforeInTranslationUnit(At, E.Point->getBeginLoc()))
          continue;
        if (Last.isInvalid() || SM.isBeforeInTranslationUnit(Last, At)) {
          Last = At;
          Holds = Name == "add";
        }
      }
    return Holds;
  }
};

TEST(StateMachines, AStepFunctionFedBackByItsLoop) {
  Program P = parse(R"(
    enum class S { A, B, C, Done };
    void add(); void reset(); void work(); bool ok();
    S again(S s) { return ok() ? S::Done : s; }
    S step(S s) {
      switch (s) {
      case S::A: reset(); return S::B;
      case S::B: add(); return again(S::C);
      case S::C: work(); return ok() ? S::A : S::C;
      case S::Done: break;
      }
      return s;
    }
    void run() { S s = S::A; while (s != S::Done) s = step(s); }
  )");
  StateMachines Machines(P.AST->getASTContext());
  const FunctionDecl *Step = P.function("step");
  auto [M, R] = Machines.regionOf(Step, P.call("work", "step"));
  ASSERT_TRUE(M);
  EXPECT_EQ(R->States, StateMachines::StateSet{2});
  ASSERT_TRUE(M->Initial);
  EXPECT_EQ(*M->Initial, StateMachines::StateSet{0});
  // Case B's return goes through again(): C, or Done.
  auto [MB, RB] = Machines.regionOf(Step, P.call("add", "step"));
  ASSERT_TRUE(RB);
  ASSERT_EQ(RB->Exits.size(), 1u);
  EXPECT_EQ(sorted(RB->Exits[0].Next), (StateMachines::StateSet{2, 3}));

  CallTransfer Transfer{P};
  auto Must = Machines.solve(*M, /*Must=*/true, /*AtStart=*/false, Transfer);
  // C is entered from B (which adds) and from itself: on every path.
  EXPECT_TRUE(Must.lookup(2));
  // A is the start and follows C: never.
  EXPECT_FALSE(Must.lookup(0));
  EXPECT_FALSE(Must.lookup(1));
  auto May = Machines.solve(*M, /*Must=*/false, /*AtStart=*/false, Transfer);
  EXPECT_TRUE(May.lookup(2));
  EXPECT_FALSE(May.lookup(1)); // A resets on every path into B.
}

TEST(StateMachines, AStateReachedPastTheAddHoldsOnSomePathsOnly) {
  Program P = parse(R"(
    enum class S { Login, Add, Refresh, Use, Done };
    void add(); void reset(); void use(); bool ok();
    struct M {
      S state = S::Login;
      void tick() {
        switch (state) {
        case S::Login: reset(); state = S::Add; break;
        case S::Add: add(); state = S::Use; break;
        case S::Refresh: reset(); state = S::Use; break;
        case S::Use: use(); state = ok() ? S::Done : S::Refresh; break;
        case S::Done: break;
        }
      }
    };
  )");
  StateMachines Machines(P.AST->getASTContext());
  auto [M, R] = Machines.regionOf(P.function("tick"), P.call("use", "tick"));
  ASSERT_TRUE(M);
  ASSERT_TRUE(M->Initial);
  EXPECT_EQ(*M->Initial, StateMachines::StateSet{0});
  CallTransfer Transfer{P};
  auto Must = Machines.solve(*M, true, false, Transfer);
  auto May = Machines.solve(*M, false, false, Transfer);
  EXPECT_FALSE(StateMachines::onEntry(*R, Must, true));
  EXPECT_TRUE(StateMachines::onEntry(*R, May, false));
}

TEST(StateMachines, HandlerTableWithTransitionRows) {
  Program P = parse(R"(
    enum state { AUTH, WORK, DONE, FAILED };
    enum event { OK, RETRY, FAIL };
    void add(void); void reset(void); void use(void);
    static enum event st_auth(void) { reset(); add(); return OK; }
    static enum event st_work(void) { use(); return RETRY; }
    typedef enum event (*fn)(void);
    static const fn handlers[] = {[AUTH] = st_auth, [WORK] = st_work};
    struct row { enum state from; enum event ev; enum state to; };
    static const struct row rows[] = {
        {AUTH, OK, WORK}, {WORK, OK, DONE}, {WORK, RETRY, AUTH}};
    static enum state next(enum state s, enum event e) {
      for (unsigned i = 0; i < 3; ++i)
        if (rows[i].from == s && rows[i].ev == e)
          return rows[i].to;
      return FAILED;
    }
    int main(void) {
      enum state s = AUTH;
      while (s != DONE && s != FAILED) {
        enum event e = handlers[s]();
        s = next(s, e);
      }
      return 0;
    }
  )",
                    /*C=*/true);
  StateMachines Machines(P.AST->getASTContext());
  auto [M, R] = Machines.regionOf(P.function("st_work"), nullptr);
  ASSERT_TRUE(M);
  ASSERT_EQ(R->Exits.size(), 1u);
  // st_work returns RETRY: the row for (WORK, RETRY), or FAILED.
  EXPECT_EQ(sorted(R->Exits[0].Next), (StateMachines::StateSet{0, 3}));
  auto [MA, RA] = Machines.regionOf(P.function("st_auth"), nullptr);
  ASSERT_TRUE(RA);
  EXPECT_EQ(sorted(RA->Exits[0].Next), (StateMachines::StateSet{1, 3}));
  CallTransfer Transfer{P};
  auto Must = Machines.solve(*M, true, false, Transfer);
  EXPECT_TRUE(StateMachines::onEntry(*R, Must, true));
}

TEST(StateMachines, NoMachineWithoutAnEnumState) {
  Program P = parse(R"(
    void use();
    int step(int s) { switch (s) { case 0: use(); return 1; } return s; }
    void run() { int s = 0; while (s < 1) s = step(s); }
  )");
  StateMachines Machines(P.AST->getASTContext());
  EXPECT_FALSE(
      Machines.regionOf(P.function("step"), P.call("use", "step")).first);
}

TEST(StateMachines, AHandlerCalledElsewhereIsNoStep) {
  Program P = parse(R"(
    enum class S { A, B };
    void use();
    struct M {
      S state = S::A;
      S a() { use(); return S::B; }
      S b() { return S::A; }
      void tick() {
        switch (state) {
        case S::A: state = a(); break;
        case S::B: state = b(); break;
        }
      }
      void direct() { a(); }
    };
  )");
  StateMachines Machines(P.AST->getASTContext());
  EXPECT_FALSE(Machines.regionOf(P.function("a"), nullptr).first);
  EXPECT_TRUE(Machines.regionOf(P.function("b"), nullptr).first);
}

} // namespace
