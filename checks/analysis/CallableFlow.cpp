//===--- CallableFlow.cpp - Which functions may a callable hold? ----------===//

#include "analysis/CallableFlow.h"
#include "analysis/StringTracer.h"
#include "analysis/WriteIndex.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::procore {

namespace {
// The sets grow only; a chain of hand-overs longer than this is cut.
constexpr unsigned MaxRounds = 12;
constexpr unsigned MaxDepth = 24;

// Library classes whose call operator runs the callables they hold: the
// standard wrappers, and signals, which run every slot connected to them.
bool isLibraryCallableClass(const CXXRecordDecl *Class) {
  if (!Class->getIdentifier())
    return false;
  llvm::StringRef Name = Class->getName();
  if (Class->isInStdNamespace())
    return llvm::is_contained(
        {"function", "move_only_function", "packaged_task", "function_ref"},
        Name);
  return (Name == "function" || Name == "signal") &&
         llvm::is_contained({"boost::function", "boost::signals2::signal"},
                            Class->getQualifiedNameAsString());
}

// A class the user's code defines with a call operator: a functor.
bool hasCallOperator(const CXXRecordDecl *Class) {
  DeclarationName Name =
      Class->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !Class->lookup(Name).empty();
}

bool holdsCallable(QualType Type, unsigned Depth) {
  if (Type.isNull() || Depth > 4)
    return false;
  Type = Type.getNonReferenceType().getCanonicalType();
  if (Type->isFunctionPointerType() || Type->isMemberFunctionPointerType() ||
      Type->isFunctionType())
    return true;
  if (const auto *Pointer = Type->getAs<PointerType>())
    return holdsCallable(Pointer->getPointeeType(), Depth + 1);
  if (const auto *Array = Type->getAsArrayTypeUnsafe())
    return holdsCallable(Array->getElementType(), Depth + 1);
  const auto *Class = Type->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition())
    return false;
  if (Class->isLambda() || isLibraryCallableClass(Class))
    return true;
  // A library's container, pair, optional or smart pointer holds what its
  // type arguments are.
  if (Class->getASTContext().getSourceManager().isInSystemHeader(
          Class->getLocation())) {
    const auto *Instance = dyn_cast<ClassTemplateSpecializationDecl>(Class);
    if (!Instance)
      return false;
    for (const TemplateArgument &Argument :
         Instance->getTemplateArgs().asArray())
      if (Argument.getKind() == TemplateArgument::Type &&
          holdsCallable(Argument.getAsType(), Depth + 1))
        return true;
    return false;
  }
  return hasCallOperator(Class);
}

// The holder a write to \p E stores into: the variable or member it names,
// through the elements of a library container (`Handlers[Name] = ...`)
// and what a pointer points to.
const Decl *holderOf(const Expr *E) {
  for (int Guard = 0; E && Guard < 8; ++Guard) {
    E = stripIndirection(E);
    if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E)) {
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        return Var->getCanonicalDecl();
      return nullptr;
    }
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
      return dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (const auto *Operator = dyn_cast_or_null<CXXOperatorCallExpr>(E);
        Operator && Operator->getOperator() == OO_Subscript) {
      E = Operator->getArg(0);
      continue;
    }
    if (const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(E)) {
      E = Subscript->getBase();
      continue;
    }
    if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
        Call && Call->getMethodDecl() &&
        Call->getMethodDecl()->getIdentifier() &&
        Call->getMethodDecl()->getName() == "at") {
      E = Call->getImplicitObjectArgument();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

// Methods that put an element into a library container, or connect a
// slot to a signal.
bool putsElement(const CXXMethodDecl *Method) {
  return Method->getIdentifier() &&
         llvm::is_contained({"push_back", "emplace_back", "push_front",
                             "emplace_front", "insert", "emplace",
                             "try_emplace", "insert_or_assign", "emplace_hint",
                             "push", "assign", "append", "prepend", "connect",
                             "connect_extended"},
                            Method->getName());
}

bool inSystemHeader(const Decl *D) {
  return D->getASTContext().getSourceManager().isInSystemHeader(
      D->getLocation());
}

//===--- Qt connections ---------------------------------------------------===//

bool isQObjectConnect(const CallExpr *Call) {
  const auto *Connect =
      dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  // Qt may be included with -I, outside the system headers.
  return Connect && Connect->getIdentifier() &&
         Connect->getName() == "connect" &&
         Connect->getParent()->getIdentifier() &&
         Connect->getParent()->getName() == "QObject";
}

// The method a member pointer names: `&Client::fetch`, also through a
// cast or a call that picks one overload (`qOverload<int>(&Client::fetch)`).
const DeclRefExpr *methodName(const Expr *E) {
  for (int Guard = 0; E && Guard < 4; ++Guard) {
    E = E->IgnoreParenCasts();
    if (const auto *Address = dyn_cast<UnaryOperator>(E);
        Address && Address->getOpcode() == UO_AddrOf)
      E = Address->getSubExpr()->IgnoreParens();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return isa<CXXMethodDecl>(Ref->getDecl()) ? Ref : nullptr;
    const auto *Pick = dyn_cast<CallExpr>(E);
    if (!Pick || Pick->getNumArgs() != 1)
      return nullptr;
    E = Pick->getArg(0);
  }
  return nullptr;
}

// The name in SIGNAL(name(Args)) or SLOT(name(Args)): the text "2name(Args)"
// or "1name(Args)", which a debug build hands to qFlagLocation with the
// source location after a NUL.
std::optional<llvm::StringRef> macroMethodName(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Flag = dyn_cast<CallExpr>(E);
      Flag && Flag->getNumArgs() == 1 && Flag->getDirectCallee() &&
      Flag->getDirectCallee()->getIdentifier() &&
      Flag->getDirectCallee()->getName() == "qFlagLocation")
    E = Flag->getArg(0)->IgnoreParenImpCasts();
  const auto *Text = dyn_cast<StringLiteral>(E);
  if (!Text || Text->getCharByteWidth() != 1 || Text->getLength() < 2 ||
      (Text->getString()[0] != '1' && Text->getString()[0] != '2'))
    return std::nullopt;
  return Text->getString().drop_front().take_until(
      [](char C) { return C == '(' || C == '\0'; });
}

// The class an object argument (`this`, `&Worker`, `Client.get()`) is.
const CXXRecordDecl *pointedClass(const Expr *E) {
  QualType Type = E->IgnoreParenImpCasts()->getType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Class = Type->getAsCXXRecordDecl();
  return Class && Class->hasDefinition() ? Class : nullptr;
}

void methodsNamed(const CXXRecordDecl *Class, llvm::StringRef Name,
                  llvm::SmallVectorImpl<const CXXMethodDecl *> &Out) {
  if (!Class || Name.empty())
    return;
  DeclarationName Wanted(&Class->getASTContext().Idents.get(Name));
  auto Collect = [&](const CXXRecordDecl *Record) {
    for (const NamedDecl *Found : Record->lookup(Wanted))
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Found))
        Out.push_back(Method);
    return true;
  };
  Collect(Class);
  Class->forallBases(Collect);
}

// The methods an argument of connect names, by member pointer or macro,
// looked up in \p Object's class.
void namedMethods(const Expr *Argument, const Expr *Object,
                  llvm::SmallVectorImpl<const CXXMethodDecl *> &Out,
                  const DeclRefExpr *&Name) {
  if ((Name = methodName(Argument))) {
    Out.push_back(cast<CXXMethodDecl>(Name->getDecl()));
    return;
  }
  if (std::optional<llvm::StringRef> Macro = macroMethodName(Argument);
      Macro && Object)
    methodsNamed(pointedClass(Object), *Macro, Out);
}
} // namespace

// connect(Sender, Signal, Slot), connect(Sender, Signal, Receiver, Slot),
// each with a connection type that may follow; `connect(Sender, Signal,
// Slot)` called on an object connects to that object's slot.
llvm::SmallVector<SignalConnection, 1> signalConnections(const CallExpr *Call) {
  llvm::SmallVector<SignalConnection, 1> Result;
  if (!isQObjectConnect(Call) || Call->getNumArgs() < 3)
    return Result;
  unsigned Slot = Call->getNumArgs() - 1;
  while (Slot > 2 && (isa<CXXDefaultArgExpr>(Call->getArg(Slot)) ||
                      Call->getArg(Slot)->getType()->isEnumeralType()))
    --Slot;
  const Expr *Receiver = Call->getArg(0);
  if (Slot >= 3)
    Receiver = Call->getArg(Slot - 1);
  else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    Receiver = Member->getImplicitObjectArgument();
  llvm::SmallVector<const CXXMethodDecl *, 1> Signals;
  const DeclRefExpr *SignalName = nullptr;
  namedMethods(Call->getArg(1), Call->getArg(0), Signals, SignalName);
  SignalConnection Connection;
  namedMethods(Call->getArg(Slot), Receiver, Connection.Slots,
               Connection.SlotName);
  if (Connection.Slots.empty() && !macroMethodName(Call->getArg(Slot)))
    Connection.Value = Call->getArg(Slot);
  for (const CXXMethodDecl *Signal : Signals)
    if (!inSystemHeader(Signal)) {
      Connection.Signal = Signal;
      Result.push_back(Connection);
    }
  return Result;
}

bool holdsCallable(QualType Type) { return holdsCallable(Type, 0); }

void callOperatorsOf(QualType Type,
                     llvm::SmallVectorImpl<const FunctionDecl *> &Out) {
  const CXXRecordDecl *Class = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition())
    return;
  auto Collect = [&](const CXXRecordDecl *Record) {
    DeclarationName Name =
        Record->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
    for (const NamedDecl *Found : Record->lookup(Name)) {
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Found))
        Out.push_back(Method);
      else if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Found))
        for (const FunctionDecl *Instance : Template->specializations())
          Out.push_back(Instance);
    }
    return true;
  };
  Collect(Class);
  Class->forallBases(Collect);
}

const Expr *calledValue(const CallExpr *Call) {
  if (!Call)
    return nullptr;
  if (const Expr *Callable = invokedCallable(Call))
    return Callable;
  if (!Call->getDirectCallee())
    return Call->getCallee();
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Operator || Operator->getOperator() != OO_Call ||
      Operator->getNumArgs() == 0)
    return nullptr;
  const auto *Class = Operator->getArg(0)
                          ->getType()
                          .getNonReferenceType()
                          ->getAsCXXRecordDecl();
  if (Class && (Class->isLambda() || isLibraryCallableClass(Class)))
    return Operator->getArg(0);
  return nullptr;
}

//===--- Collecting the flows ---------------------------------------------===//

class CallableCollector : public RecursiveASTVisitor<CallableCollector> {
public:
  explicit CallableCollector(CallableFlow &Flow) : Flow(Flow) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitVarDecl(VarDecl *Var) {
    if (!isa<ParmVarDecl>(Var) && Var->getInit() &&
        holdsCallable(Var->getType()))
      Flow.Flows.emplace_back(Var->getCanonicalDecl(), Var->getInit());
    return true;
  }

  // `for (auto &Handler : Handlers)`: each element of the container.
  bool VisitCXXForRangeStmt(CXXForRangeStmt *Loop) {
    if (holdsCallable(Loop->getLoopVariable()->getType()))
      Flow.Flows.emplace_back(Loop->getLoopVariable()->getCanonicalDecl(),
                              Loop->getRangeInit());
    return true;
  }

  bool VisitFieldDecl(FieldDecl *Field) {
    if (Field->hasInClassInitializer() && holdsCallable(Field->getType()))
      Flow.Flows.emplace_back(Field, Field->getInClassInitializer());
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl *Constructor) {
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (const FieldDecl *Field = Init->getMember();
          Field && Init->isWritten() && holdsCallable(Field->getType()))
        Flow.Flows.emplace_back(Field, Init->getInit());
    return true;
  }

  // Visited in the form written, read in the semantic form, where every
  // initializer stands at its field's index.
  bool VisitInitListExpr(InitListExpr *Written) {
    const InitListExpr *List =
        Written->isSemanticForm() ? Written : Written->getSemanticForm();
    if (!List || (Written->isSemanticForm() && Written->getSyntacticForm()))
      return true;
    const auto *Record = List->getType()->getAsRecordDecl();
    if (!Record || Record->isUnion())
      return true;
    for (const FieldDecl *Field : Record->fields())
      if (holdsCallable(Field->getType()))
        if (const Expr *Init = initializerOfMember(List, Field))
          Flow.Flows.emplace_back(Field, Init);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (Assign->getOpcode() == BO_Assign)
      noteStore(Assign->getLHS(), Assign->getRHS());
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (passesCallable(Call->arguments()))
      Flow.Calls.push_back(Call);
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2)
      noteStore(Operator->getArg(0), Operator->getArg(1));
    // Handlers.push_back(F), Routes.emplace(Name, F).
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      const Expr *Object = Member->getImplicitObjectArgument();
      if (Method && Object && inSystemHeader(Method) && putsElement(Method) &&
          holdsCallable(Object->getType()))
        if (const Decl *Holder = holderOf(Object))
          for (const Expr *Argument : Call->arguments())
            Flow.Flows.emplace_back(Holder, Argument);
    }
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (!inSystemHeader(Construct->getConstructor()) &&
        passesCallable(Construct->arguments()))
      Flow.Calls.push_back(Construct);
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *Function) {
    noteReturns(Function);
    return true;
  }

  // A lambda's call operator is not visited as a declaration; the bodies
  // of a generic lambda's instances are not traversed with its pattern.
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    llvm::SmallVector<const FunctionDecl *, 2> Operators;
    callOperatorsOf(Lambda->getType(), Operators);
    for (const FunctionDecl *Operator : Operators) {
      noteReturns(Operator);
      if (Operator->isTemplateInstantiation() && Operator->getBody())
        TraverseStmt(const_cast<Stmt *>(Operator->getBody()));
    }
    return true;
  }

private:
  // Only such calls can hand a callable to a parameter.
  template <typename Range> static bool passesCallable(Range Arguments) {
    return llvm::any_of(Arguments, [](const Expr *Argument) {
      return holdsCallable(Argument->getType());
    });
  }

  void noteStore(const Expr *Target, const Expr *Value) {
    if (holdsCallable(Target->getType()))
      if (const Decl *Holder = holderOf(Target))
        Flow.Flows.emplace_back(Holder, Value);
  }

  void noteReturns(const FunctionDecl *Function) {
    if (!Function->hasBody() || !holdsCallable(Function->getReturnType()))
      return;
    for (const Expr *Value : returnValues(Function))
      Flow.Flows.emplace_back(Function->getCanonicalDecl(), Value);
  }

  CallableFlow &Flow;
};

//===--- Solving ----------------------------------------------------------===//

void CallableFlow::build() {
  CallableCollector Collector(*this);
  const SourceManager &SM = Context.getSourceManager();
  for (Decl *D : Context.getTranslationUnitDecl()->decls())
    if (!SM.isInSystemHeader(D->getLocation()))
      Collector.TraverseDecl(D);
  // The index has read the connections on its own pass.
  llvm::ArrayRef<SignalConnection> Connections = Index.connections();
  for (const SignalConnection &Connection : Connections)
    Signals.insert(Connection.Signal->getCanonicalDecl());
  if (Flows.empty() && Calls.empty() && Connections.empty())
    return; // No callable is stored or passed anywhere: nothing can flow.
  for (unsigned Round = 0; Round < MaxRounds; ++Round) {
    bool Changed = false;
    for (const auto &[Holder, Value] : Flows)
      Changed |= flowInto(Holder, Value);
    for (const SignalConnection &Connection : Connections) {
      TargetSet Slots;
      for (const CXXMethodDecl *Slot : Connection.Slots) {
        addDefinition(Slot, Slots);
        addSlots(Slot, Slots);
      }
      if (Connection.Value)
        valuesOf(Connection.Value, Slots, 0);
      TargetSet &Set = Held[Connection.Signal->getCanonicalDecl()];
      size_t Before = Set.size();
      Set.insert(Slots.begin(), Slots.end());
      Changed |= Set.size() != Before;
    }
    for (const Expr *Site : Calls) {
      llvm::ArrayRef<const Expr *> Arguments;
      TargetSet Callees;
      if (const auto *Call = dyn_cast<CallExpr>(Site)) {
        Arguments = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
        calleesOf(Call, Callees, 0);
      } else {
        const auto *Construct = cast<CXXConstructExpr>(Site);
        Arguments =
            llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
        addDefinition(Construct->getConstructor(), Callees);
      }
      for (const FunctionDecl *Callee : Callees) {
        const auto *Call = dyn_cast<CallExpr>(Site);
        unsigned Shift = Call ? firstBoundArgument(Call, Callee) : 0;
        for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
          const ParmVarDecl *Param = Callee->getParamDecl(I);
          if (I + Shift < Arguments.size() && holdsCallable(Param->getType()))
            Changed |= flowInto(Param, Arguments[I + Shift]);
        }
      }
    }
    if (!Changed)
      break;
  }
}

bool CallableFlow::flowInto(const Decl *Holder, const Expr *Value) {
  TargetSet Values;
  valuesOf(Value, Values, 0);
  if (Values.empty())
    return false;
  TargetSet &Set = Held[Holder];
  size_t Before = Set.size();
  Set.insert(Values.begin(), Values.end());
  return Set.size() != Before;
}

void CallableFlow::addDefinition(const FunctionDecl *Function,
                                 TargetSet &Out) const {
  if (const FunctionDecl *Definition = userCodeDefinition(Function))
    Out.insert(Definition);
}

void CallableFlow::addSlots(const FunctionDecl *Signal, TargetSet &Out) const {
  if (!Signals.contains(Signal->getCanonicalDecl()))
    return;
  auto Found = Held.find(Signal->getCanonicalDecl());
  if (Found != Held.end())
    Out.insert(Found->second.begin(), Found->second.end());
}

void CallableFlow::calleesOf(const CallExpr *Call, TargetSet &Out,
                             unsigned Depth) {
  if (const Expr *Value = calledValue(Call)) {
    valuesOf(Value, Out, Depth + 1);
    // A lambda object the pass cannot follow still runs its own operator.
    if (Out.empty())
      addDefinition(Call->getDirectCallee(), Out);
    return;
  }
  for (const FunctionDecl *Callee : Index.declaredCallees(Call))
    Out.insert(Callee);
  if (const FunctionDecl *Direct = Call->getDirectCallee())
    addSlots(Direct, Out);
}

void CallableFlow::valuesOf(const Expr *E, TargetSet &Out, unsigned Depth) {
  E = stripIndirection(E);
  if (!E || Depth > MaxDepth)
    return;
  auto Holder = [&](const Decl *D) {
    auto Found = Held.find(D);
    if (Found != Held.end())
      Out.insert(Found->second.begin(), Found->second.end());
  };
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    llvm::SmallVector<const FunctionDecl *, 2> Operators;
    callOperatorsOf(Lambda->getType(), Operators);
    for (const FunctionDecl *Operator : Operators)
      addDefinition(Operator, Out);
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      addDefinition(Function, Out);
    else if (const Expr *Bound = boundMember(Ref))
      valuesOf(Bound, Out, Depth + 1);
    else if (const Decl *D = holderOf(Ref))
      Holder(D);
  } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *Named = Member->getMemberDecl();
    if (const auto *Field = dyn_cast<FieldDecl>(Named)) {
      // The key or value of a library pair is part of the pair's value.
      if (inSystemHeader(Field))
        valuesOf(Member->getBase(), Out, Depth + 1);
      else
        Holder(Field);
    } else if (const auto *Method = dyn_cast<CXXMethodDecl>(Named)) {
      addDefinition(Method, Out);
    }
  } else if (const auto *Conditional =
                 dyn_cast<AbstractConditionalOperator>(E)) {
    valuesOf(Conditional->getTrueExpr(), Out, Depth + 1);
    valuesOf(Conditional->getFalseExpr(), Out, Depth + 1);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const Expr *Moved = movedObject(Call)) {
      valuesOf(Moved, Out, Depth + 1);
      return;
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    // A library call on a container of callables reads an element of it
    // (`Handlers.at(Name)`, `Routes.find(Path)`, `*It`, `It->second`); a
    // binder or maker wraps the callable it is given.
    if (Callee && inSystemHeader(Callee) && !calledValue(Call)) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        valuesOf(Member->getImplicitObjectArgument(), Out, Depth + 1);
      else if (Call->getNumArgs() > 0)
        valuesOf(Call->getArg(0), Out, Depth + 1);
      return;
    }
    TargetSet Callees;
    calleesOf(Call, Callees, Depth + 1);
    for (const FunctionDecl *Function : Callees)
      Holder(Function->getCanonicalDecl());
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    if (!inSystemHeader(Class) && hasCallOperator(Class)) {
      llvm::SmallVector<const FunctionDecl *, 2> Operators;
      callOperatorsOf(Construct->getType(), Operators);
      for (const FunctionDecl *Operator : Operators)
        addDefinition(Operator, Out);
      return;
    }
    for (const Expr *Argument : Construct->arguments())
      valuesOf(Argument, Out, Depth + 1);
  } else if (const auto *List = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Init : List->inits())
      valuesOf(Init, Out, Depth + 1);
  } else if (const auto *Elements = dyn_cast<CXXStdInitializerListExpr>(E)) {
    valuesOf(Elements->getSubExpr(), Out, Depth + 1);
  } else if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
    if (New->getConstructExpr())
      valuesOf(New->getConstructExpr(), Out, Depth + 1);
  }
}

llvm::SmallVector<const FunctionDecl *, 2>
CallableFlow::slotsOf(const FunctionDecl *Signal) const {
  TargetSet Slots;
  addSlots(Signal, Slots);
  return llvm::SmallVector<const FunctionDecl *, 2>(Slots.begin(), Slots.end());
}

llvm::SmallVector<const FunctionDecl *, 2>
CallableFlow::targetsOf(const Expr *E) {
  TargetSet Values;
  valuesOf(E, Values, 0);
  return llvm::SmallVector<const FunctionDecl *, 2>(Values.begin(),
                                                    Values.end());
}

} // namespace clang::tidy::procore
