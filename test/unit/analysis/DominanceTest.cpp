//===--- DominanceTest.cpp - paths through a function's CFG ---------------===//

#include "analysis/Dominance.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::procore;

namespace {

// A function with calls named add(), reset() and send(); paths are asked
// from the calls of those names.
struct Program {
  std::unique_ptr<ASTUnit> AST;
  const FunctionDecl *Function = nullptr;
  std::vector<const Stmt *> Calls(llvm::StringRef Name) {
    std::vector<const Stmt *> Found;
    for (const BoundNodes &Node :
         match(callExpr(callee(functionDecl(hasName(Name)))).bind("call"),
               AST->getASTContext()))
      Found.push_back(Node.getNodeAs<CallExpr>("call"));
    // Source order.
    const SourceManager &SM = AST->getASTContext().getSourceManager();
    llvm::sort(Found, [&](const Stmt *A, const Stmt *B) {
      return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
    });
    return Found;
  }
};

Program parse(const std::string &Body) {
  Program P;
  P.AST = tooling::buildASTFromCodeWithArgs(
      "void add(); void reset(); void send(); [[noreturn]] void die();\n"
      "bool ok();\nvoid f() {\n" +
          Body + "\n}",
      {"-std=c++17"});
  for (const BoundNodes &Node :
       match(functionDecl(hasName("f"), isDefinition()).bind("f"),
             P.AST->getASTContext()))
    P.Function = Node.getNodeAs<FunctionDecl>("f");
  return P;
}

std::optional<bool> undecided(const Expr *, const Expr *) {
  return std::nullopt;
}

TEST(Dominance, AResetAfterTheAddDropsItOnThatPath) {
  Program P = parse("add(); if (ok()) { reset(); send(); } send();");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  std::vector<const Stmt *> Adds = P.Calls("add"), Resets = P.Calls("reset"),
                            Sends = P.Calls("send");
  ASSERT_EQ(Sends.size(), 2u);
  // Without resets, the add covers both sends.
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, Adds, Sends[0],
                                   Dominance::RunOnce, undecided));
  // From the reset, the first send is reached without an add.
  EXPECT_FALSE(Flow.everyPathPasses(P.Function, Adds, Sends[0],
                                    Dominance::RunOnce, undecided, Resets));
  // The second send too, through the branch that resets.
  EXPECT_FALSE(Flow.everyPathPasses(P.Function, Adds, Sends[1],
                                    Dominance::RunOnce, undecided, Resets));
}

TEST(Dominance, AnAddAfterTheResetCountsAgain) {
  Program P = parse("add(); reset(); add(); send();");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, P.Calls("add"),
                                   P.Calls("send")[0], Dominance::RunOnce,
                                   undecided, P.Calls("reset")));
}

TEST(Dominance, PathsFromTheResetsOnly) {
  // The header was there on entry (added by the caller): only a reset
  // without an add after it loses it.
  Program P = parse("if (ok()) reset(); send();");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  const Stmt *Send = P.Calls("send")[0];
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, {}, Send, Dominance::RunOnce,
                                   undecided, {}, /*FromEntry=*/false));
  EXPECT_FALSE(Flow.everyPathPasses(P.Function, {}, Send, Dominance::RunOnce,
                                    undecided, P.Calls("reset"),
                                    /*FromEntry=*/false));
}

TEST(Dominance, APathThatThrowsDoesNotReturn) {
  Program P = parse("if (!ok()) throw 1; if (ok()) die(); add();");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  // Every path that returns runs add().
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, P.Calls("add"), nullptr,
                                   Dominance::RunOnce, undecided));
  Program Q = parse("if (!ok()) return; add();");
  ASSERT_TRUE(Q.Function);
  Dominance Other(Q.AST->getASTContext());
  EXPECT_FALSE(Other.everyPathPasses(Q.Function, Q.Calls("add"), nullptr,
                                     Dominance::RunOnce, undecided));
}

// A switch whose value the decider settles goes on to that case only;
// when it settles every case against, to the default.
TEST(Dominance, ASettledSwitchTakesOneCase) {
  Program P = parse("int k = ok(); switch (k) { case 1: send(); break; "
                    "case 2: add(); break; default: reset(); }");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  ASTContext &Context = P.AST->getASTContext();
  auto ValueIs = [&](int Value) {
    return [&Context, Value](const Expr *,
                             const Expr *Case) -> std::optional<bool> {
      Expr::EvalResult Label;
      if (!Case || !Case->EvaluateAsInt(Label, Context))
        return std::nullopt;
      return Label.Val.getInt() == Value;
    };
  };
  const Stmt *Send = P.Calls("send")[0], *Add = P.Calls("add")[0],
             *Reset = P.Calls("reset")[0];
  // True when no path reaches the statement at all.
  auto Unreachable = [&](const Stmt *S, Dominance::Decider Decide) {
    return Flow.everyPathPasses(P.Function, {}, S, Dominance::MayNotRun,
                                Decide);
  };
  EXPECT_FALSE(Unreachable(Send, undecided));
  EXPECT_FALSE(Unreachable(Reset, undecided));
  auto Two = ValueIs(2);
  EXPECT_TRUE(Unreachable(Send, Two));
  EXPECT_FALSE(Unreachable(Add, Two));
  EXPECT_TRUE(Unreachable(Reset, Two));
  auto Seven = ValueIs(7);
  EXPECT_TRUE(Unreachable(Send, Seven));
  EXPECT_TRUE(Unreachable(Add, Seven));
  EXPECT_FALSE(Unreachable(Reset, Seven));
}

// Deciding a condition can mean tracing half the program, so a search for
// a path to a statement decides only the conditions of blocks from which
// the statement can still be reached, not those of the code a branch goes
// on to once it has left the statement behind.
TEST(Dominance, ConditionsThatCannotLeadToTheTargetAreNotDecided) {
  Program P = parse("if (ok()) { add(); send(); } if (ok()) reset(); "
                    "for (; ok();) reset();");
  ASSERT_TRUE(P.Function);
  Dominance Flow(P.AST->getASTContext());
  const Stmt *Send = P.Calls("send")[0];
  unsigned Decided = 0;
  auto Count = [&](const Expr *, const Expr *) -> std::optional<bool> {
    ++Decided;
    return std::nullopt;
  };
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, P.Calls("add"), Send,
                                   Dominance::RunOnce, Count));
  EXPECT_EQ(Decided, 1u);
  // Settled against, the first condition leaves send() unreachable without
  // a look at the others.
  Decided = 0;
  auto Against = [&](const Expr *, const Expr *) -> std::optional<bool> {
    ++Decided;
    return false;
  };
  EXPECT_TRUE(Flow.everyPathPasses(P.Function, {}, Send, Dominance::MayNotRun,
                                   Against));
  EXPECT_EQ(Decided, 1u);
  // Every condition stands before the exit.
  Decided = 0;
  EXPECT_FALSE(Flow.everyPathPasses(P.Function, P.Calls("add"), nullptr,
                                    Dominance::RunOnce, Count));
  EXPECT_EQ(Decided, 3u);
}

} // namespace
