//===--- StateMachines.cpp - Explicit state machines of a TU --------------===//

#include "analysis/StateMachines.h"
#include "analysis/WriteIndex.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::procore {

namespace {
using StateSet = StateMachines::StateSet;
using Bindings = llvm::SmallDenseMap<const ValueDecl *, StateSet, 2>;
// How deep calls are followed for the values they return.
constexpr unsigned MaxCallDepth = 4;

void addStates(StateSet &Into, llvm::ArrayRef<int64_t> States) {
  for (int64_t State : States)
    if (!llvm::is_contained(Into, State))
      Into.push_back(State);
}

const EnumDecl *enumOf(QualType Type) {
  if (const auto *Enum = Type.getCanonicalType()->getAs<EnumType>())
    return Enum->getDecl()->getDefinition();
  return nullptr;
}

// The variable, parameter or member \p E names, when its type is an enum.
const ValueDecl *stateVariable(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  const ValueDecl *Named = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    Named = dyn_cast<VarDecl>(Ref->getDecl());
  else if (const auto *Member = dyn_cast<MemberExpr>(E))
    Named = dyn_cast<FieldDecl>(Member->getMemberDecl());
  return Named && enumOf(Named->getType()) ? Named : nullptr;
}

/// One pass over the user's code: switches and table calls over a state
/// variable, every write of an enum-typed variable, the calls of each
/// function and the returns in it.
class Finder : public RecursiveASTVisitor<Finder> {
public:
  explicit Finder(ASTContext &Context) : Context(Context) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBodies() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (D->getLocation().isValid() &&
        Context.getSourceManager().isInSystemHeader(D->getLocation()))
      return true;
    const auto *Function = dyn_cast<FunctionDecl>(D);
    if (!Function || !Function->doesThisDeclarationHaveABody())
      return RecursiveASTVisitor::TraverseDecl(D);
    Functions.push_back(Function);
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Functions.pop_back();
    return Result;
  }
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    Functions.push_back(Lambda->getCallOperator());
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    Functions.pop_back();
    return Result;
  }

  bool VisitSwitchStmt(SwitchStmt *Switch) {
    if (const ValueDecl *Variable = stateVariable(Switch->getCond());
        Variable && current())
      Switches.push_back({Switch, current(), Variable});
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      CallsOf[Callee->getCanonicalDecl()].push_back({Call, current()});
    const auto *Subscript =
        dyn_cast<ArraySubscriptExpr>(Call->getCallee()->IgnoreParenImpCasts());
    if (!Subscript || !current())
      return true;
    const ValueDecl *Variable = stateVariable(Subscript->getIdx());
    const auto *TableRef =
        dyn_cast<DeclRefExpr>(Subscript->getBase()->IgnoreParenImpCasts());
    const auto *Table =
        TableRef ? dyn_cast<VarDecl>(TableRef->getDecl()) : nullptr;
    if (Variable && Table && Table->getInit())
      Tables.push_back({Call, current(), Variable, Table});
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      ++References[Function->getCanonicalDecl()];
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (Assign->getOpcode() == BO_Assign)
      if (const ValueDecl *Variable = stateVariable(Assign->getLHS()))
        Writes[Variable].push_back({Assign->getRHS(), Assign, current()});
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->getInit() && enumOf(Var->getType()))
      Writes[Var].push_back({Var->getInit(), nullptr, current()});
    return true;
  }
  bool VisitFieldDecl(FieldDecl *Field) {
    if (Field->hasInClassInitializer() && enumOf(Field->getType()))
      Writes[Field].push_back(
          {Field->getInClassInitializer(), nullptr, nullptr});
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *Constructor) {
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (const FieldDecl *Field = Init->getMember();
          Field && Init->isWritten() && enumOf(Field->getType()))
        Writes[Field].push_back({Init->getInit(), nullptr, Constructor});
    return true;
  }

  const FunctionDecl *current() const {
    return Functions.empty() ? nullptr : Functions.back();
  }

  struct SwitchOver {
    const SwitchStmt *Switch;
    const FunctionDecl *Function;
    const ValueDecl *Variable;
  };
  struct TableCall {
    const CallExpr *Call;
    const FunctionDecl *Function;
    const ValueDecl *Variable;
    const VarDecl *Table;
  };
  struct Write {
    const Expr *Value;
    const BinaryOperator *Assign; ///< Null for an initializer.
    const FunctionDecl *Function;
  };
  struct CallSite {
    const CallExpr *Call;
    const FunctionDecl *Caller;
  };

  ASTContext &Context;
  llvm::SmallVector<const FunctionDecl *, 8> Functions;
  std::vector<SwitchOver> Switches;
  std::vector<TableCall> Tables;
  llvm::DenseMap<const ValueDecl *, std::vector<Write>> Writes;
  llvm::DenseMap<const FunctionDecl *, std::vector<CallSite>> CallsOf;
  llvm::DenseMap<const FunctionDecl *, unsigned> References;
};

// The statements of kind \p Node in \p S (returns, calls), not in a lambda
// it holds.
template <typename Node>
void collectNodes(const Stmt *S, llvm::SmallVectorImpl<const Node *> &Found) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Match = dyn_cast<Node>(S))
    Found.push_back(Match);
  for (const Stmt *Child : S->children())
    collectNodes(Child, Found);
}

// Assignments in \p S whose left side names \p Variable.
void collectAssignments(const Stmt *S, const ValueDecl *Variable,
                        llvm::SmallVectorImpl<const BinaryOperator *> &Found) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign &&
      stateVariable(Assign->getLHS()) == Variable)
    Found.push_back(Assign);
  for (const Stmt *Child : S->children())
    collectAssignments(Child, Variable, Found);
}

// Whether \p S names one of \p States as an enumerator.
bool namesState(const Stmt *S, llvm::ArrayRef<int64_t> States) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return llvm::is_contained(States, Enumerator->getInitVal().getExtValue());
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return namesState(Child, States);
  });
}

// Whether \p S holds a `break` that leaves the switch it is a case of.
bool breaksOut(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S) || isa<SwitchStmt>(S) || isa<ForStmt>(S) ||
      isa<WhileStmt>(S) || isa<DoStmt>(S) || isa<CXXForRangeStmt>(S))
    return false;
  if (isa<BreakStmt>(S))
    return true;
  return llvm::any_of(S->children(), breaksOut);
}

// The value of a case label: an enumerator, or a constant (a range
// `case A ... B:` is not one state).
std::optional<int64_t> caseValue(const CaseStmt *Case) {
  if (Case->caseStmtIsGNURange() || !Case->getLHS())
    return std::nullopt;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Case->getLHS()->IgnoreImplicit()))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getInitVal().getExtValue();
  // Sema keeps the value of a case label it evaluated.
  if (const auto *Constant = dyn_cast<ConstantExpr>(Case->getLHS());
      Constant && Constant->hasAPValueResult() &&
      Constant->getAPValueResult().isInt())
    return Constant->getAPValueResult().getInt().getExtValue();
  return std::nullopt;
}

// The states the labels of a case name (`case A: case B:`), and whether one
// of them is `default:`.
void labelStates(const SwitchCase *Case, StateSet &States, bool &IsDefault) {
  for (const Stmt *Label = Case; const auto *L = dyn_cast<SwitchCase>(Label);
       Label = L->getSubStmt()) {
    if (const auto *C = dyn_cast<CaseStmt>(L)) {
      if (std::optional<int64_t> Value = caseValue(C))
        addStates(States, {*Value});
    } else {
      IsDefault = true;
    }
  }
}

bool contains(const SourceManager &SM, SourceRange Range, SourceLocation Loc) {
  return Range.isValid() && Loc.isValid() &&
         SM.isPointWithin(Loc, Range.getBegin(), Range.getEnd());
}

/// Builds the machines from what the Finder saw: the regions of each
/// state, their exits and the states those lead to.
class MachineBuilder {
public:
  using Machine = StateMachines::Machine;
  using Region = StateMachines::Region;
  using Exit = StateMachines::Exit;

  MachineBuilder(ASTContext &Context, const Finder &Seen,
                 llvm::DenseSet<const Expr *> &StepCalls)
      : Context(Context), Seen(Seen), StepCalls(StepCalls) {}

  std::optional<Machine> fromSwitch(const Finder::SwitchOver &Over);
  std::optional<Machine> fromTable(const Finder::TableCall &Dispatch);

private:
  std::optional<StateSet> values(const Expr *E, const Bindings &Bound,
                                 unsigned Depth);
  std::optional<StateSet> returnedValues(const FunctionDecl *Function,
                                         const ReturnStmt *Return,
                                         const Bindings &Bound, unsigned Depth);
  std::optional<StateSet> writtenValues(const ValueDecl *Variable,
                                        llvm::ArrayRef<const Stmt *> Except,
                                        unsigned Depth);
  std::optional<StateSet> lookup(const MemberExpr *Field,
                                 const ReturnStmt *Return,
                                 const FunctionDecl *Function,
                                 const Bindings &Bound, unsigned Depth);
  Bindings bind(const CallExpr *Call, const FunctionDecl *Callee,
                const Bindings &Bound, unsigned Depth);
  StateSet allStates(const EnumDecl *Enum) const;
  /// \p Next, or every state when the steps cannot tell.
  StateSet orEvery(const std::optional<StateSet> &Next,
                   const EnumDecl *Enum) const {
    return Next ? *Next : allStates(Enum);
  }
  const FunctionDecl *onlyCalledFrom(const CallExpr *Call,
                                     llvm::ArrayRef<SourceRange> Ranges) const;
  void addFunctionRegion(Machine &M, const FunctionDecl *Function,
                         const StateSet &States, const Bindings &Bound);
  /// Where the cases of a switch lie, and how their steps end.
  struct CaseLayout {
    llvm::SmallVector<SourceRange, 8> Ranges; ///< One per case.
    bool ResultIsNext = false; ///< The function returns the next state.
    llvm::SmallVector<const ReturnStmt *, 4> AfterSwitch;
  };
  const Stmt *parentOf(const Expr *E) const;
  const ValueDecl *fedVariable(const Finder::SwitchOver &Over,
                               std::vector<const Stmt *> &FeedBacks,
                               llvm::SmallVectorImpl<const Expr *> &Steps);
  StateSet caseStates(const SwitchCase *Case, const StateSet &Listed,
                      const EnumDecl *Enum) const;
  void addCaseExits(Machine &M, const Finder::SwitchOver &Over, Region &R,
                    const CaseLayout &Layout,
                    llvm::ArrayRef<const Stmt *> Statements,
                    std::vector<const Stmt *> &Exits,
                    llvm::SmallVectorImpl<const Expr *> &Steps);
  bool resumesSavedState(const Expr *Value, const ValueDecl *Variable,
                         const StateSet &Entered) const;
  const Stmt *nextStatement(const Stmt *S) const;
  const BinaryOperator *transition(const Finder::TableCall &Dispatch,
                                   const ValueDecl *Event);
  const FunctionDecl *tableHandler(const InitListExpr *Entries,
                                   unsigned Index) const;

  ASTContext &Context;
  const Finder &Seen;
  llvm::DenseSet<const Expr *> &StepCalls; ///< Of the machines built.
};

StateSet MachineBuilder::allStates(const EnumDecl *Enum) const {
  StateSet States;
  for (const EnumConstantDecl *Enumerator : Enum->enumerators())
    addStates(States, {Enumerator->getInitVal().getExtValue()});
  return States;
}

Bindings MachineBuilder::bind(const CallExpr *Call, const FunctionDecl *Callee,
                              const Bindings &Bound, unsigned Depth) {
  Bindings Result;
  unsigned First = firstBoundArgument(Call, Callee);
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    const ParmVarDecl *Param = Callee->getParamDecl(I);
    if (First + I >= Call->getNumArgs() || !enumOf(Param->getType()))
      continue;
    if (std::optional<StateSet> Values =
            values(Call->getArg(First + I), Bound, Depth))
      Result[Param] = *Values;
  }
  return Result;
}

// The values \p E may have, as enumerators; nullopt when not known.
std::optional<StateSet>
MachineBuilder::values(const Expr *E, const Bindings &Bound, unsigned Depth) {
  if (!E || Depth > MaxCallDepth)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return values(Cast->getSubExpr(), Bound, Depth);
  if (const auto *Conditional = dyn_cast<AbstractConditionalOperator>(E)) {
    std::optional<StateSet> True =
        values(Conditional->getTrueExpr(), Bound, Depth);
    std::optional<StateSet> False =
        values(Conditional->getFalseExpr(), Bound, Depth);
    if (!True || !False)
      return std::nullopt;
    addStates(*True, *False);
    return True;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return StateSet{Enumerator->getInitVal().getExtValue()};
    if (auto Found = Bound.find(Ref->getDecl()); Found != Bound.end())
      return Found->second;
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || isa<ParmVarDecl>(Var))
      return std::nullopt;
    return writtenValues(Var, {}, Depth + 1);
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
      return writtenValues(Field, {}, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = userCodeDefinition(Call->getDirectCallee());
    if (!Callee)
      return std::nullopt;
    Bindings Inner = bind(Call, Callee, Bound, Depth + 1);
    llvm::SmallVector<const ReturnStmt *, 4> Returns;
    collectNodes(Callee->getBody(), Returns);
    StateSet Result;
    for (const ReturnStmt *Return : Returns) {
      std::optional<StateSet> Returned =
          returnedValues(Callee, Return, Inner, Depth + 1);
      if (!Returned)
        return std::nullopt;
      addStates(Result, *Returned);
    }
    return Result.empty() ? std::nullopt : std::optional(Result);
  }
  return std::nullopt;
}

std::optional<StateSet>
MachineBuilder::returnedValues(const FunctionDecl *Function,
                               const ReturnStmt *Return, const Bindings &Bound,
                               unsigned Depth) {
  const Expr *Value = Return->getRetValue();
  if (!Value)
    return std::nullopt;
  if (const auto *Field = dyn_cast<MemberExpr>(Value->IgnoreParenImpCasts()))
    if (isa<ArraySubscriptExpr>(Field->getBase()->IgnoreParenImpCasts()))
      return lookup(Field, Return, Function, Bound, Depth);
  return values(Value, Bound, Depth);
}

// What the writes of \p Variable store in it, but for \p Except (the
// assignments, or the initializers' values, that a machine's steps make).
std::optional<StateSet>
MachineBuilder::writtenValues(const ValueDecl *Variable,
                              llvm::ArrayRef<const Stmt *> Except,
                              unsigned Depth) {
  auto Found = Seen.Writes.find(Variable);
  if (Found == Seen.Writes.end())
    return std::nullopt;
  StateSet Result;
  for (const Finder::Write &W : Found->second) {
    const Stmt *Site =
        W.Assign ? static_cast<const Stmt *>(W.Assign)
                 : static_cast<const Stmt *>(W.Value->IgnoreParenImpCasts());
    if (llvm::is_contained(Except, Site))
      continue;
    std::optional<StateSet> Written = values(W.Value, Bindings(), Depth);
    if (!Written)
      return std::nullopt;
    addStates(Result, *Written);
  }
  return Result;
}

// `return Table[I].To;` under `if (Table[I].From == S && Table[I].On == E)`:
// the To of the rows whose guarded fields hold the values bound to S and E.
std::optional<StateSet> MachineBuilder::lookup(const MemberExpr *Field,
                                               const ReturnStmt *Return,
                                               const FunctionDecl *Function,
                                               const Bindings &Bound,
                                               unsigned Depth) {
  const auto *Subscript =
      cast<ArraySubscriptExpr>(Field->getBase()->IgnoreParenImpCasts());
  const auto *TableRef =
      dyn_cast<DeclRefExpr>(Subscript->getBase()->IgnoreParenImpCasts());
  const auto *Table =
      TableRef ? dyn_cast<VarDecl>(TableRef->getDecl()) : nullptr;
  const auto *Rows =
      Table ? dyn_cast_or_null<InitListExpr>(Table->getInit()) : nullptr;
  const auto *Wanted = dyn_cast<FieldDecl>(Field->getMemberDecl());
  if (!Rows || !Wanted)
    return std::nullopt;
  // The guards: equalities of another field of the same row with a bound
  // variable, in the conditions of the ifs whose then-branch holds the
  // return.
  llvm::SmallVector<std::pair<const FieldDecl *, StateSet>, 2> Guards;
  std::function<void(const Expr *)> Conjuncts = [&](const Expr *Condition) {
    Condition = Condition->IgnoreParenImpCasts();
    const auto *Binary = dyn_cast<BinaryOperator>(Condition);
    if (!Binary)
      return;
    if (Binary->getOpcode() == BO_LAnd) {
      Conjuncts(Binary->getLHS());
      Conjuncts(Binary->getRHS());
      return;
    }
    if (Binary->getOpcode() != BO_EQ)
      return;
    for (auto [Row, Other] : {std::pair(Binary->getLHS(), Binary->getRHS()),
                              std::pair(Binary->getRHS(), Binary->getLHS())}) {
      const auto *RowField = dyn_cast<MemberExpr>(Row->IgnoreParenImpCasts());
      const auto *RowOf = RowField
                              ? dyn_cast<ArraySubscriptExpr>(
                                    RowField->getBase()->IgnoreParenImpCasts())
                              : nullptr;
      const auto *RowTable =
          RowOf ? dyn_cast<DeclRefExpr>(RowOf->getBase()->IgnoreParenImpCasts())
                : nullptr;
      if (!RowTable || RowTable->getDecl() != Table)
        continue;
      if (std::optional<StateSet> Values = values(Other, Bound, Depth))
        Guards.push_back(
            {dyn_cast<FieldDecl>(RowField->getMemberDecl()), *Values});
    }
  };
  DynTypedNodeList Parents = Context.getParents(*Return);
  const Stmt *Child = Return;
  for (int Guard = 0; !Parents.empty() && Guard < 64; ++Guard) {
    const auto *Parent = Parents[0].get<Stmt>();
    if (!Parent || Parent == Function->getBody())
      break;
    if (const auto *If = dyn_cast<IfStmt>(Parent); If && If->getThen() == Child)
      Conjuncts(If->getCond());
    Child = Parent;
    Parents = Context.getParents(*Parent);
  }
  StateSet Result;
  for (const Expr *RowExpr : Rows->inits()) {
    const auto *Row = dyn_cast<InitListExpr>(RowExpr->IgnoreParenImpCasts());
    if (!Row)
      return std::nullopt;
    auto FieldValues = [&](const FieldDecl *F) -> std::optional<StateSet> {
      if (!F || F->getFieldIndex() >= Row->getNumInits() ||
          !Row->getInit(F->getFieldIndex()))
        return std::nullopt;
      return values(Row->getInit(F->getFieldIndex()), Bindings(), Depth);
    };
    bool Matches = llvm::all_of(Guards, [&](const auto &G) {
      std::optional<StateSet> Held = FieldValues(G.first);
      return !Held || llvm::any_of(*Held, [&](int64_t V) {
        return llvm::is_contained(G.second, V);
      });
    });
    if (!Matches)
      continue;
    std::optional<StateSet> To = FieldValues(Wanted);
    if (!To)
      return std::nullopt;
    addStates(Result, *To);
  }
  return Result;
}

// The function \p Call runs, when the translation unit calls it only from
// inside \p Ranges and never takes its address.
const FunctionDecl *
MachineBuilder::onlyCalledFrom(const CallExpr *Call,
                               llvm::ArrayRef<SourceRange> Ranges) const {
  const FunctionDecl *Callee = userCodeDefinition(Call->getDirectCallee());
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (!Callee || (Method && Method->isVirtual()))
    return nullptr;
  auto Calls = Seen.CallsOf.find(Callee->getCanonicalDecl());
  auto Refs = Seen.References.find(Callee->getCanonicalDecl());
  size_t RefCount = Refs == Seen.References.end() ? 0 : Refs->second;
  const SourceManager &SM = Context.getSourceManager();
  if (Calls == Seen.CallsOf.end())
    return nullptr;
  // A method called as `f()` has no reference of its own; a free function
  // has one per call.
  size_t DirectRefs = llvm::count_if(Calls->second, [](const auto &Site) {
    return !isa<CXXMemberCallExpr>(Site.Call);
  });
  if (RefCount > DirectRefs)
    return nullptr;
  bool Inside = llvm::all_of(Calls->second, [&](const Finder::CallSite &Site) {
    return llvm::any_of(Ranges, [&](SourceRange Range) {
      return contains(SM, Range, Site.Call->getBeginLoc());
    });
  });
  return Inside ? Callee : nullptr;
}

void MachineBuilder::addFunctionRegion(Machine &M, const FunctionDecl *Function,
                                       const StateSet &States,
                                       const Bindings &Bound) {
  for (Region &R : M.Regions)
    if (!R.Case && R.Function == Function) {
      addStates(R.States, States);
      return;
    }
  Region R{States, Function, nullptr, SourceRange(), {}};
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  collectNodes(Function->getBody(), Returns);
  for (const ReturnStmt *Return : Returns) {
    std::optional<StateSet> Next = returnedValues(Function, Return, Bound, 0);
    R.Exits.push_back({Return, orEvery(Next, M.States)});
  }
  M.Regions.push_back(std::move(R));
}

// The statement \p E is a direct part of, past implicit casts.
const Stmt *MachineBuilder::parentOf(const Expr *E) const {
  DynTypedNodeList Parents = Context.getParents(*E);
  while (!Parents.empty()) {
    const auto *Parent = Parents[0].get<Stmt>();
    if (!Parent || !isa<ImplicitCastExpr>(Parent))
      return Parent;
    Parents = Context.getParents(*Parent);
  }
  return nullptr;
}

// The variable every call of the function holding the switch feeds its
// result back into, as the state it passes: `S = step(S, ...)`. Null when
// a call is of another shape.
const ValueDecl *
MachineBuilder::fedVariable(const Finder::SwitchOver &Over,
                            std::vector<const Stmt *> &FeedBacks,
                            llvm::SmallVectorImpl<const Expr *> &Steps) {
  auto Calls = Seen.CallsOf.find(Over.Function->getCanonicalDecl());
  if (Calls == Seen.CallsOf.end())
    return nullptr;
  unsigned Index = cast<ParmVarDecl>(Over.Variable)->getFunctionScopeIndex();
  const ValueDecl *Fed = nullptr;
  for (const Finder::CallSite &Site : Calls->second) {
    const auto *Assign = dyn_cast_or_null<BinaryOperator>(parentOf(Site.Call));
    const ValueDecl *Target = Assign && Assign->getOpcode() == BO_Assign
                                  ? stateVariable(Assign->getLHS())
                                  : nullptr;
    unsigned First = firstBoundArgument(Site.Call, Over.Function);
    if (!Target || (Fed && Target != Fed) ||
        First + Index >= Site.Call->getNumArgs() ||
        stateVariable(Site.Call->getArg(First + Index)) != Target)
      return nullptr;
    Fed = Target;
    FeedBacks.push_back(Assign);
    Steps.push_back(Site.Call);
  }
  return Fed;
}

// The statement after \p S in the block that holds it, if any.
const Stmt *MachineBuilder::nextStatement(const Stmt *S) const {
  DynTypedNodeList Parents = Context.getParents(*S);
  const auto *Block =
      Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (!Block)
    return nullptr;
  const auto *At = llvm::find(Block->body(), S);
  return At != Block->body_end() && std::next(At) != Block->body_end()
             ? *std::next(At)
             : nullptr;
}

// Whether \p Value names a saved state: a variable of the machine's enum
// whose every write stores \p Variable just before the code enters one of
// \p Entered (`Resume = State; State = Backoff;`, or `transition(Backoff)`
// after it), so it holds the state that led to them.
bool MachineBuilder::resumesSavedState(const Expr *Value,
                                       const ValueDecl *Variable,
                                       const StateSet &Entered) const {
  const ValueDecl *Saved = stateVariable(Value);
  if (!Saved || Saved == Variable ||
      enumOf(Saved->getType()) != enumOf(Variable->getType()))
    return false;
  auto Found = Seen.Writes.find(Saved);
  if (Found == Seen.Writes.end())
    return false;
  bool Saves = false;
  for (const Finder::Write &W : Found->second) {
    if (!W.Assign)
      continue; // Its initial value is never read: the region is entered
                // only after a save.
    if (stateVariable(W.Value) != Variable ||
        !namesState(nextStatement(W.Assign), Entered))
      return false;
    Saves = true;
  }
  return Saves;
}

// The states a case's labels name; `default:` names those no case does.
StateSet MachineBuilder::caseStates(const SwitchCase *Case,
                                    const StateSet &Listed,
                                    const EnumDecl *Enum) const {
  StateSet States;
  bool IsDefault = false;
  labelStates(Case, States, IsDefault);
  if (IsDefault)
    for (int64_t State : allStates(Enum))
      if (!llvm::is_contained(Listed, State))
        addStates(States, {State});
  return States;
}

// The exits of one case: its assignments of the state (or the returns of
// the handler it assigns from, as a region of its own), its returns when
// the function's result is the next state, and the returns after the
// switch when the case breaks out to them.
void MachineBuilder::addCaseExits(Machine &M, const Finder::SwitchOver &Over,
                                  Region &R, const CaseLayout &Layout,
                                  llvm::ArrayRef<const Stmt *> Statements,
                                  std::vector<const Stmt *> &Exits,
                                  llvm::SmallVectorImpl<const Expr *> &Steps) {
  Bindings Bound;
  Bound[Over.Variable] = R.States;
  auto ExitAt = [&](const Stmt *Point, std::optional<StateSet> Next) {
    R.Exits.push_back({Point, orEvery(Next, M.States)});
  };
  bool Breaks = false;
  for (const Stmt *S : Statements) {
    Breaks |= breaksOut(S);
    llvm::SmallVector<const BinaryOperator *, 2> Assignments;
    collectAssignments(S, Over.Variable, Assignments);
    for (const BinaryOperator *Assign : Assignments) {
      Exits.push_back(Assign);
      // `Step = refresh();`: the handler's returns are the exits.
      if (const auto *Call =
              dyn_cast<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts()))
        if (const FunctionDecl *Handler = onlyCalledFrom(Call, Layout.Ranges)) {
          Steps.push_back(Call);
          addFunctionRegion(M, Handler, R.States,
                            bind(Call, Handler, Bound, 0));
          continue;
        }
      if (resumesSavedState(Assign->getRHS(), Over.Variable, R.States)) {
        R.Exits.push_back({Assign, {}, /*Resumes=*/true});
        continue;
      }
      ExitAt(Assign, values(Assign->getRHS(), Bound, 0));
    }
    // A helper the case calls that sets the state (`if (!check(Res))
    // break;` moving to Backoff, `transition(Next)`) leaves at the call.
    llvm::SmallVector<const CallExpr *, 4> Calls;
    collectNodes(S, Calls);
    for (const CallExpr *Call : Calls) {
      const FunctionDecl *Helper = userCodeDefinition(Call->getDirectCallee());
      if (!Helper || Helper == Over.Function)
        continue;
      llvm::SmallVector<const BinaryOperator *, 2> HelperAssignments;
      collectAssignments(Helper->getBody(), Over.Variable, HelperAssignments);
      if (HelperAssignments.empty())
        continue;
      Bindings Inner = bind(Call, Helper, Bound, 0);
      std::optional<StateSet> Next = StateSet();
      for (const BinaryOperator *Assign : HelperAssignments) {
        Exits.push_back(Assign);
        std::optional<StateSet> Set = values(Assign->getRHS(), Inner, 0);
        if (Next && Set)
          addStates(*Next, *Set);
        else
          Next = std::nullopt;
      }
      ExitAt(Call, Next);
    }
    if (!Layout.ResultIsNext)
      continue;
    llvm::SmallVector<const ReturnStmt *, 4> Returns;
    collectNodes(S, Returns);
    for (const ReturnStmt *Return : Returns)
      ExitAt(Return, returnedValues(Over.Function, Return, Bound, 0));
  }
  if (Breaks)
    for (const ReturnStmt *Return : Layout.AfterSwitch)
      ExitAt(Return, returnedValues(Over.Function, Return, Bound, 0));
}

std::optional<StateMachines::Machine>
MachineBuilder::fromSwitch(const Finder::SwitchOver &Over) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Over.Switch->getBody());
  const EnumDecl *Enum = enumOf(Over.Variable->getType());
  if (!Body || !Enum)
    return std::nullopt;
  Machine M{Over.Variable, Enum, {}, std::nullopt};
  std::vector<const Stmt *> FeedBacks, Exits;
  llvm::SmallVector<const Expr *, 8> Steps;
  const ValueDecl *Fed = nullptr;
  CaseLayout Layout;
  if (isa<ParmVarDecl>(Over.Variable)) {
    Fed = fedVariable(Over, FeedBacks, Steps);
    if (!Fed)
      return std::nullopt;
    Layout.ResultIsNext = true;
    llvm::SmallVector<const ReturnStmt *, 8> Returns;
    collectNodes(Over.Function->getBody(), Returns);
    for (const ReturnStmt *Return : Returns)
      if (!contains(Context.getSourceManager(), Over.Switch->getSourceRange(),
                    Return->getBeginLoc()))
        Layout.AfterSwitch.push_back(Return);
  }
  // Each case's statements, from its label to the next label.
  llvm::SmallVector<
      std::pair<const SwitchCase *, llvm::SmallVector<const Stmt *, 8>>, 8>
      Cases;
  for (const Stmt *Child : Body->body()) {
    if (const auto *Case = dyn_cast<SwitchCase>(Child))
      Cases.push_back({Case, {}});
    if (!Cases.empty())
      Cases.back().second.push_back(Child);
  }
  StateSet Listed;
  for (const auto &[Case, Statements] : Cases) {
    Layout.Ranges.push_back(
        SourceRange(Case->getBeginLoc(), Statements.back()->getEndLoc()));
    bool IsDefault = false;
    labelStates(Case, Listed, IsDefault);
  }
  for (size_t I = 0; I < Cases.size(); ++I) {
    Region R{caseStates(Cases[I].first, Listed, Enum),
             Over.Function,
             Cases[I].first,
             Layout.Ranges[I],
             {}};
    if (R.States.empty())
      continue;
    addCaseExits(M, Over, R, Layout, Cases[I].second, Exits, Steps);
    M.Regions.push_back(std::move(R));
  }
  // The state the machine starts in: what the variable holds other than
  // what the steps put there.
  M.Initial = Fed ? writtenValues(Fed, FeedBacks, 0)
                  : writtenValues(Over.Variable, Exits, 0);
  if (llvm::all_of(M.Regions, [](const Region &R) { return R.Exits.empty(); }))
    return std::nullopt;
  StepCalls.insert(Steps.begin(), Steps.end());
  return M;
}

// `S = next_state(S, E)` in the function of a table call whose result is
// stored in \p Event: the transition from state and event to the next
// state. Null when there is none.
const BinaryOperator *
MachineBuilder::transition(const Finder::TableCall &Dispatch,
                           const ValueDecl *Event) {
  llvm::SmallVector<const BinaryOperator *, 2> Assignments;
  collectAssignments(Dispatch.Function->getBody(), Dispatch.Variable,
                     Assignments);
  for (const BinaryOperator *Assign : Assignments) {
    const auto *Call =
        dyn_cast<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts());
    const FunctionDecl *Callee =
        Call ? userCodeDefinition(Call->getDirectCallee()) : nullptr;
    if (!Callee)
      continue;
    bool PassesState = false, PassesEvent = false;
    for (const Expr *Argument : Call->arguments()) {
      const ValueDecl *Passed = stateVariable(Argument);
      PassesState |= Passed == Dispatch.Variable;
      PassesEvent |= Passed == Event;
    }
    if (PassesState && PassesEvent)
      return Assign;
  }
  return nullptr;
}

// The handler of table entry \p Index, when the program refers to it
// nowhere else (it would run outside the machine too).
const FunctionDecl *MachineBuilder::tableHandler(const InitListExpr *Entries,
                                                 unsigned Index) const {
  const Expr *Entry = Entries->getInit(Index);
  const auto *Ref =
      Entry ? dyn_cast<DeclRefExpr>(Entry->IgnoreParenImpCasts()) : nullptr;
  const FunctionDecl *Handler =
      Ref ? userCodeDefinition(dyn_cast<FunctionDecl>(Ref->getDecl()))
          : nullptr;
  if (!Handler)
    return nullptr;
  auto Refs = Seen.References.find(Handler->getCanonicalDecl());
  size_t InTable = llvm::count_if(Entries->inits(), [&](const Expr *Entry) {
    const auto *Other = dyn_cast<DeclRefExpr>(Entry->IgnoreParenImpCasts());
    return Other &&
           Other->getDecl()->getCanonicalDecl() == Handler->getCanonicalDecl();
  });
  if (Refs == Seen.References.end() || Refs->second != InTable)
    return nullptr;
  return Handler;
}

std::optional<StateMachines::Machine>
MachineBuilder::fromTable(const Finder::TableCall &Dispatch) {
  const EnumDecl *Enum = enumOf(Dispatch.Variable->getType());
  const auto *Entries =
      dyn_cast_or_null<InitListExpr>(Dispatch.Table->getInit());
  if (!Enum || !Entries)
    return std::nullopt;
  if (Entries->isSyntacticForm() && Entries->getSemanticForm())
    Entries = Entries->getSemanticForm();
  Machine M{Dispatch.Variable, Enum, {}, std::nullopt};

  // The call's result is the next state, stored in the state variable, or
  // an event stored in a variable that a transition turns into it.
  const Stmt *Parent = parentOf(Dispatch.Call);
  const ValueDecl *Stored = nullptr;
  const Stmt *StoreSite = nullptr;
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
      Assign && Assign->getOpcode() == BO_Assign) {
    Stored = stateVariable(Assign->getLHS());
    StoreSite = Assign;
  } else if (DynTypedNodeList Parents = Context.getParents(*Dispatch.Call);
             !Parents.empty()) {
    if (const auto *Var = Parents[0].get<VarDecl>();
        Var && enumOf(Var->getType()))
      Stored = Var;
  }
  const BinaryOperator *Transition = Stored && Stored != Dispatch.Variable
                                         ? transition(Dispatch, Stored)
                                         : nullptr;
  // The event as the transition sees it: the returned one, or another the
  // loop stores in its place (`if (retries > N) E = FAIL;`).
  std::optional<StateSet> OtherEvents;
  if (Transition)
    OtherEvents = writtenValues(Stored, {Dispatch.Call, StoreSite}, 0);
  auto NextStates = [&](const FunctionDecl *Handler, const ReturnStmt *Return,
                        int64_t State) -> std::optional<StateSet> {
    if (Stored == Dispatch.Variable)
      return returnedValues(Handler, Return, Bindings(), 0);
    std::optional<StateSet> Events =
        returnedValues(Handler, Return, Bindings(), 0);
    if (!Transition || !Events || !OtherEvents)
      return std::nullopt;
    addStates(*Events, *OtherEvents);
    Bindings Bound;
    Bound[Dispatch.Variable] = {State};
    Bound[Stored] = *Events;
    return values(Transition->getRHS(), Bound, 0);
  };

  for (unsigned Index = 0; Index < Entries->getNumInits(); ++Index) {
    const FunctionDecl *Handler = tableHandler(Entries, Index);
    if (!Handler)
      continue;
    Region R{{int64_t(Index)}, Handler, nullptr, SourceRange(), {}};
    llvm::SmallVector<const ReturnStmt *, 4> Returns;
    collectNodes(Handler->getBody(), Returns);
    for (const ReturnStmt *Return : Returns) {
      std::optional<StateSet> Next = NextStates(Handler, Return, Index);
      R.Exits.push_back({Return, orEvery(Next, Enum)});
    }
    M.Regions.push_back(std::move(R));
  }
  if (M.Regions.empty())
    return std::nullopt;
  llvm::SmallVector<const Stmt *, 2> FeedBacks;
  if (StoreSite && Stored == Dispatch.Variable)
    FeedBacks.push_back(StoreSite);
  if (Transition)
    FeedBacks.push_back(Transition);
  M.Initial = writtenValues(Dispatch.Variable, FeedBacks, 0);
  StepCalls.insert(Dispatch.Call);
  return M;
}

} // namespace

StateMachines::StateMachines(ASTContext &Context) : Context(Context) {
  Finder Seen(Context);
  Seen.TraverseDecl(Context.getTranslationUnitDecl());
  MachineBuilder Builder(Context, Seen, StepCalls);
  for (const Finder::SwitchOver &Over : Seen.Switches)
    if (std::optional<Machine> M = Builder.fromSwitch(Over))
      Machines.push_back(std::move(*M));
  for (const Finder::TableCall &Dispatch : Seen.Tables)
    if (std::optional<Machine> M = Builder.fromTable(Dispatch))
      Machines.push_back(std::move(*M));
}

StateMachines::~StateMachines() = default;

std::pair<const StateMachines::Machine *, const StateMachines::Region *>
StateMachines::regionOf(const FunctionDecl *Function, const Stmt *Point) const {
  if (!Function)
    return {nullptr, nullptr};
  const SourceManager &SM = Context.getSourceManager();
  for (const Machine &M : Machines)
    for (const Region &R : M.Regions) {
      if (R.Function->getCanonicalDecl() != Function->getCanonicalDecl())
        continue;
      if (!R.Case || (Point && contains(SM, R.Range, Point->getBeginLoc())))
        return {&M, &R};
    }
  return {nullptr, nullptr};
}

bool StateMachines::onEntry(const Region &R,
                            const llvm::DenseMap<int64_t, bool> &In,
                            bool Must) {
  auto Holds = [&](int64_t State) {
    auto Found = In.find(State);
    return Found != In.end() && Found->second;
  };
  return Must ? llvm::all_of(R.States, Holds) : llvm::any_of(R.States, Holds);
}

llvm::DenseMap<int64_t, bool> StateMachines::solve(const Machine &M, bool Must,
                                                   bool AtStart,
                                                   Transfer Through) const {
  // A must fixpoint starts from "holds" everywhere and only falls; a may
  // fixpoint starts from "does not hold" and only rises.
  llvm::DenseMap<int64_t, bool> In;
  for (const EnumConstantDecl *Enumerator : M.States->enumerators())
    In[Enumerator->getInitVal().getExtValue()] = Must;
  auto Starts = [&](int64_t State) {
    return !M.Initial || llvm::is_contained(*M.Initial, State);
  };
  for (auto &[State, Holds] : In)
    if (Starts(State))
      Holds = AtStart;
  // Each round can only move a state one way: at most one round per state.
  for (size_t Round = 0; Round <= In.size(); ++Round) {
    llvm::DenseMap<int64_t, bool> Next = In;
    for (auto &[State, Holds] : Next)
      Holds = Starts(State) ? AtStart : Must;
    auto Flow = [&](llvm::ArrayRef<int64_t> Into, bool Out) {
      for (int64_t State : Into) {
        auto Found = Next.find(State);
        if (Found == Next.end())
          continue;
        Found->second = Must ? Found->second && Out : Found->second || Out;
      }
    };
    for (const Region &R : M.Regions) {
      bool Entry = onEntry(R, In, Must);
      for (const Exit &E : R.Exits) {
        Flow(E.Next, Through(R, E, Entry));
        if (!E.Resumes)
          continue;
        // Back to each state that came here, through both steps.
        for (const Region &From : M.Regions)
          for (const Exit &Into : From.Exits)
            if (llvm::any_of(R.States, [&](int64_t State) {
                  return llvm::is_contained(Into.Next, State);
                }))
              Flow(From.States,
                   Through(R, E, Through(From, Into, onEntry(From, In, Must))));
      }
    }
    if (Next == In)
      break;
    In = std::move(Next);
  }
  return In;
}

std::string StateMachines::stateName(const Machine &M, int64_t State) {
  for (const EnumConstantDecl *Enumerator : M.States->enumerators())
    if (Enumerator->getInitVal().getExtValue() == State)
      return Enumerator->getNameAsString();
  return std::to_string(State);
}

} // namespace clang::tidy::procore
