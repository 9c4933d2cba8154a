//===--- Dominance.h - Does one statement always run before another? -*- C++
//-*-//
//
// Control flow of the functions of a translation unit, on Clang's CFG and
// its dominator tree, built once per function that is asked about. The
// request analysis uses it to tell a header every path adds from one that
// only some paths add, and the string tracer to find the assignments that
// may reach a read.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_DOMINANCE_H
#define MPR_LINT_CHECKS_ANALYSIS_DOMINANCE_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>

namespace clang::tidy::procore {

class Dominance {
public:
  explicit Dominance(ASTContext &Context);
  ~Dominance();

  /// How loop bodies count. A loop that copies a header map into a header
  /// list adds every header of the map once the loop is done, so for
  /// headers a statement in a loop body stands for the whole loop when the
  /// other statement lies outside it.
  enum LoopBodies { MayNotRun, RunOnce };

  /// Whether \p Earlier runs before \p Later on every path of their
  /// function that reaches \p Later. False when they are in different
  /// functions or the function has no body.
  bool dominates(const Stmt *Earlier, const Stmt *Later, LoopBodies Loops);

  /// Whether every path through the function of \p S that returns runs
  /// \p S first.
  bool runsOnEveryPath(const Stmt *S, LoopBodies Loops);

  /// Settles a branch condition when it can: true, false, or nullopt. For
  /// a case of a switch, whether \p Condition equals \p Case.
  using Decider = llvm::function_ref<std::optional<bool>(const Expr *Condition,
                                                         const Expr *Case)>;

  /// Whether every path from the entry of \p Function to \p To (to its exit
  /// when \p To is null) runs one of \p Through first. A path through a
  /// branch whose condition \p Decide settles takes only the settled side,
  /// so a statement guarded by a flag the caller passes as false never
  /// runs; a switch whose value it settles, only the matching case. True
  /// when the function cannot reach \p To at all.
  ///
  /// Paths also start right after each statement of \p From (a header
  /// list replaced whole starts over), and at the entry only when
  /// \p FromEntry: every path from those points must pass \p Through.
  bool everyPathPasses(const FunctionDecl *Function,
                       llvm::ArrayRef<const Stmt *> Through, const Stmt *To,
                       LoopBodies Loops, Decider Decide,
                       llvm::ArrayRef<const Stmt *> From = {},
                       bool FromEntry = true);

  /// The innermost loop of their function whose body holds both \p S and
  /// \p Other, if any: what one iteration does there reaches the other on
  /// the next.
  const Stmt *commonLoop(const Stmt *S, const Stmt *Other);

  /// The lambda whose body holds \p S, if its nearest function is one.
  const LambdaExpr *enclosingLambda(const Stmt *S);

  /// The function, or lambda call operator, whose body holds \p S.
  const FunctionDecl *enclosingFunction(const Stmt *S);

  /// The function \p S is written in, past the lambdas around it.
  const FunctionDecl *namedFunction(const Stmt *S);

private:
  bool inInitializers(const FunctionDecl *Function, const Stmt *S);
  struct FunctionFlow;
  FunctionFlow *flowOf(const FunctionDecl *Function);
  const Stmt *liftOutOfLoops(const Stmt *S, const Stmt *Other);

  ASTContext &Context;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_DOMINANCE_H
