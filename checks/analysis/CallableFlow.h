//===--- CallableFlow.h - Which functions may a callable hold? --*- C++ -*-===//
//
// A flow-insensitive pass over the user's code that gives every holder of a
// callable value (a function pointer, a std::function, a lambda object, a
// container of them; a variable, parameter, member or a function's return
// value) the set of functions and lambdas that may flow into it. Values
// flow through initializers, assignments, elements put into containers
// (and slots connected to signals, which run them all when emitted; a Qt
// signal method holds its slots), the arguments of calls (direct ones,
// and calls through callables whose targets the pass finds), and
// returns; the sets grow to a fixpoint. It answers which functions a call
// through a callable may run, whoever built the callable: `fn(r)` in a retry
// decorator whose `fn` came from the caller, `next(r)` in a middleware composed
// at run time.
//
// The answer is an over-approximation. Which one of them a call runs in a
// given context is the tracer's question (StringTracer::mayDispatchTo).
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_CALLABLEFLOW_H
#define MPR_LINT_CHECKS_ANALYSIS_CALLABLEFLOW_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include <utility>
#include <vector>

namespace clang::tidy::procore {

/// The callable value a call runs when it is not a direct call of a named
/// function: the callee of a call through a function pointer, the object
/// of `operator()` on a std::function or a lambda, the callable of
/// std::invoke or std::visit. Null for other calls.
const Expr *calledValue(const CallExpr *Call);

/// Whether values of \p Type may hold a callable: function pointers,
/// std::function, lambdas and other classes with `operator()`, and the
/// std containers, pairs, optionals and smart pointers of them.
bool holdsCallable(QualType Type);

/// The call operators of a callable's class and of the classes it derives
/// from (`overloaded{Lambdas...}`), each instantiation of a generic one.
void callOperatorsOf(QualType Type,
                     llvm::SmallVectorImpl<const FunctionDecl *> &Out);

/// A connection `QObject::connect` makes from a signal the user's code
/// declares (the library's own signals are emitted in the library's code)
/// to what emitting it runs: the methods a member pointer or the SLOT
/// macro names (a signal, too), or a callable value (a lambda, a functor).
struct SignalConnection {
  const CXXMethodDecl *Signal;
  llvm::SmallVector<const CXXMethodDecl *, 1> Slots;
  const Expr *Value = nullptr;
  /// The slot's name in a member pointer: not a use of its address, as
  /// the connection says who runs it.
  const DeclRefExpr *SlotName = nullptr;
};

/// The connections \p Call makes: one per signal overload the SIGNAL
/// macro may name. Empty for other calls.
llvm::SmallVector<SignalConnection, 1> signalConnections(const CallExpr *Call);

class WriteIndex;

class CallableFlow {
public:
  /// \p Index gives the functions a direct call may run (its callee and
  /// the overriders of a virtual one).
  CallableFlow(ASTContext &Context, WriteIndex &Index)
      : Context(Context), Index(Index) {}

  /// Collects the flows of the user's code and solves them.
  void build();

  /// The functions (definitions in the user's code) that \p E may hold.
  llvm::SmallVector<const FunctionDecl *, 2> targetsOf(const Expr *E);

  /// The functions emitting Qt signal \p Signal runs: its slots, and the
  /// slots of the signals connected to it.
  llvm::SmallVector<const FunctionDecl *, 2>
  slotsOf(const FunctionDecl *Signal) const;

private:
  using TargetSet = llvm::SmallSetVector<const FunctionDecl *, 4>;
  void valuesOf(const Expr *E, TargetSet &Out, unsigned Depth);
  void calleesOf(const CallExpr *Call, TargetSet &Out, unsigned Depth);
  bool flowInto(const Decl *Holder, const Expr *Value);
  void addDefinition(const FunctionDecl *Function, TargetSet &Out) const;
  void addSlots(const FunctionDecl *Signal, TargetSet &Out) const;

  ASTContext &Context;
  WriteIndex &Index;
  llvm::DenseMap<const Decl *, TargetSet> Held;
  /// Holder, value: initializers, assignments, elements, returns.
  std::vector<std::pair<const Decl *, const Expr *>> Flows;
  /// Calls and constructions whose arguments may carry callables.
  std::vector<const Expr *> Calls;
  /// The signals connected anywhere, emitted or only relayed.
  llvm::DenseSet<const Decl *> Signals;
  friend class CallableCollector;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_CALLABLEFLOW_H
