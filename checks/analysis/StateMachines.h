//===--- StateMachines.h - Explicit state machines of a TU ------*- C++ -*-===//
//
// Code that runs in steps keeps its progress in a variable of enum type:
// the value picks what runs next (a switch over the variable, or a call
// through a table of functions indexed by it), and what ran sets the next
// value (assigns it, returns it to a loop that feeds it back, or returns
// an event that a transition table turns into the next state). Requests
// are then assembled across steps: headers added in one state, sent in
// another. This file finds such machines and their state graph; a
// must/may dataflow over the graph tells what holds on entry to a state on
// every path, or on some path, through the steps before it.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_STATEMACHINES_H
#define MPR_LINT_CHECKS_ANALYSIS_STATEMACHINES_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace clang::tidy::procore {

class StateMachines {
public:
  using StateSet = llvm::SmallVector<int64_t, 4>;

  /// Where a state's code hands over to the next states: a return whose
  /// value (or event) picks them, or an assignment to the state variable.
  struct Exit {
    const Stmt *Point;
    StateSet Next;
    /// `State = Saved;` where every write of Saved keeps the state the
    /// code is leaving for this region (`Saved = State; State = Backoff;`):
    /// the exit goes back to the state that came here, with what held on
    /// that state's way in. Next is empty.
    bool Resumes = false;
  };

  /// The code one or more states run: a whole function (a handler of a
  /// table, or a function the state's case calls for the next state), or
  /// the statements of a case of the switch (Body the case, Function the
  /// function holding the switch).
  struct Region {
    StateSet States;
    const FunctionDecl *Function;
    const SwitchCase *Case = nullptr;
    SourceRange Range; ///< The case's statements, for a case region.
    std::vector<Exit> Exits;
  };

  struct Machine {
    const ValueDecl *Variable; ///< The state: a variable, parameter, member.
    const EnumDecl *States;
    std::vector<Region> Regions;
    /// The states the machine may start in; every state when not known.
    std::optional<StateSet> Initial;
  };

  explicit StateMachines(ASTContext &Context);
  ~StateMachines();

  /// The machine and the region whose code holds \p Point of \p Function
  /// (\p Point null: the function as a whole region), if any.
  std::pair<const Machine *, const Region *>
  regionOf(const FunctionDecl *Function, const Stmt *Point) const;

  /// Whether \p Call runs a step of a machine: the loop's call of a step
  /// function, a case's call of its handler, a call through the table.
  bool runsStep(const Expr *Call) const { return StepCalls.contains(Call); }

  /// What holds on entry to each state: a must (every path into the state
  /// carries it) or may (some path does) fixpoint over the state graph.
  /// \p AtStart is what holds when the machine starts; \p Transfer says
  /// what holds at an exit of a region given what held on entry to it.
  using Transfer =
      llvm::function_ref<bool(const Region &, const Exit &, bool OnEntry)>;
  llvm::DenseMap<int64_t, bool> solve(const Machine &M, bool Must, bool AtStart,
                                      Transfer Through) const;

  /// What holds on entry to \p R: over all its states, all (must) or any
  /// (may).
  static bool onEntry(const Region &R, const llvm::DenseMap<int64_t, bool> &In,
                      bool Must);

  /// The name of the enumerator of \p M with value \p State, for notes.
  static std::string stateName(const Machine &M, int64_t State);

private:
  ASTContext &Context;
  std::vector<Machine> Machines;
  llvm::DenseSet<const Expr *> StepCalls;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_STATEMACHINES_H
