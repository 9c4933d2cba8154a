//===--- IdFacts.cpp - what a translation unit shows about ID widths ------===//

#include "IdFacts.h"
#include "analysis/FormatStrings.h"
#include "analysis/RequestAnalysis.h"
#include "model/FormatFunctions.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <functional>

namespace clang::tidy::procore::idwidth {

//===--- Where values come from and go to ---------------------------------===//

/// The function \p Param belongs to; none for a parameter of a function
/// type (void (*Callback)(int project_id)).
const FunctionDecl *ownerOf(const ParmVarDecl *Param) {
  const auto *Function = dyn_cast<FunctionDecl>(Param->getDeclContext());
  unsigned Index = Param->getFunctionScopeIndex();
  if (!Function || Index >= Function->getNumParams())
    return nullptr;
  for (const FunctionDecl *Redecl : Function->redecls())
    if (Redecl->getParamDecl(Index) == Param)
      return Function;
  return nullptr;
}

/// The declaration every redeclaration of \p D shares, so that a parameter
/// of a header's prototype and of the definition are one node.
const Decl *nodeOf(const Decl *D) {
  if (const auto *Param = dyn_cast<ParmVarDecl>(D)) {
    if (const FunctionDecl *Function = ownerOf(Param))
      return Function->getCanonicalDecl()->getParamDecl(
          Param->getFunctionScopeIndex());
    return Param;
  }
  if (const auto *Function = dyn_cast<FunctionDecl>(D))
    return Function->getCanonicalDecl();
  if (const auto *Var = dyn_cast<VarDecl>(D))
    return Var->getCanonicalDecl();
  return D;
}

/// The variable or field \p E names, if it is a plain reference to one.
/// Unlike the tracer's referencedVariable, no value wrapper is looked
/// through: `std::to_string(id)` carries the text of an ID, not its width.
const Decl *referencedDecl(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (isa<VarDecl>(Ref->getDecl()))
      return nodeOf(Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (isa<FieldDecl>(Member->getMemberDecl()))
      return Member->getMemberDecl();
  return nullptr;
}

const CXXRecordDecl *classOfMethod(const FunctionDecl *Function) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  return Method && !Method->isStatic() ? Method->getParent() : nullptr;
}

/// How the conversion tables name \p Callee: the class of a method and the
/// method's name, or "" and a function's qualified name.
std::pair<std::string, std::string> tableNameOf(const FunctionDecl *Callee) {
  if (const CXXRecordDecl *Class = classOfMethod(Callee))
    return {plainQualifiedName(Class), Callee->getName().str()};
  return {"", plainQualifiedName(Callee)};
}

/// The NarrowCallRule a call follows, if any.
const NarrowCallRule *narrowCallRule(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  auto [Owner, Name] = tableNameOf(Callee);
  return findNarrowCall(Owner, Name);
}

/// A method call on a JSON value (nlohmann, rapidjson, jsoncpp, Qt, cpprest),
/// including nlohmann's implicit conversions.
bool isJsonValueCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const CXXRecordDecl *Class = Callee ? classOfMethod(Callee) : nullptr;
  return Class && isa<CXXMemberCallExpr>(Call) &&
         isJsonValueClass(plainQualifiedName(Class));
}

bool isInSystemHeader(const Decl *D) {
  return D->getASTContext().getSourceManager().isInSystemHeader(
      D->getLocation());
}

/// Strips what stripValueWrappers strips, and also what carries a value
/// unchanged in width terms: any explicit cast, a converting constructor,
/// and '&' (sscanf(s, "%d", &id)).
const Expr *stripCarriers(const Expr *E) {
  while (true) {
    E = stripValueWrappers(E);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && Unary->getOpcode() == UO_AddrOf)
      E = Unary->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 1 &&
             !isa<CXXTemporaryObjectExpr>(Construct))
      E = Construct->getArg(0);
    else
      return E;
  }
}

/// Whether \p D is a member of a template instance, whose written type is
/// the template's (void put(const T &)), not the instance's.
bool isTemplateInstance(const Decl *D) {
  const DeclContext *Context = D->getDeclContext();
  if (const auto *Param = dyn_cast<ParmVarDecl>(D))
    Context = ownerOf(Param);
  if (const auto *Function = dyn_cast_or_null<FunctionDecl>(Context);
      Function && Function->isTemplateInstantiation())
    return true;
  if (const auto *Function = dyn_cast<FunctionDecl>(D);
      Function && Function->isTemplateInstantiation())
    return true;
  for (; Context; Context = Context->getParent())
    if (isa<ClassTemplateSpecializationDecl>(Context))
      return true;
  return false;
}

/// Whether \p D belongs to an instance of a function template whose
/// declaration writes its type with a template parameter (`T parse_id(...)`,
/// `make_unique(Args &&...)`): the instance's type is what a call gave the
/// parameter (an int64_t that is 'long' on Linux, deduced or written), to be
/// judged at that call, not in the instance. A member of a class template
/// (`Box<int>::put(const T &)`) takes its type from where the class is named.
bool typeComesFromTemplateArgument(const Decl *D) {
  auto DependentIn = [](const FunctionDecl *Instance, const Decl *D) {
    const FunctionDecl *Pattern =
        Instance->getTemplatedKind() ==
                FunctionDecl::TK_FunctionTemplateSpecialization
            ? Instance->getTemplateInstantiationPattern()
            : nullptr;
    if (!Pattern)
      return false;
    if (isa<FunctionDecl>(D))
      return Pattern->getReturnType()->isDependentType();
    unsigned Index = cast<ParmVarDecl>(D)->getFunctionScopeIndex();
    unsigned Count = Pattern->getNumParams();
    // The instance's parameters past a pack's position are that pack's.
    if (Count && Index >= Count &&
        Pattern->getParamDecl(Count - 1)->isParameterPack())
      Index = Count - 1;
    return Index < Count &&
           Pattern->getParamDecl(Index)->getType()->isDependentType();
  };
  if (const auto *Function = dyn_cast<FunctionDecl>(D))
    return DependentIn(Function, D);
  if (const auto *Param = dyn_cast<ParmVarDecl>(D))
    if (const FunctionDecl *Owner = ownerOf(Param))
      return DependentIn(Owner, D);
  return false;
}

/// The type of the value \p D holds: a function's is what it returns.
QualType valueTypeOf(const Decl *D) {
  if (const auto *Function = dyn_cast<FunctionDecl>(D))
    return Function->getReturnType();
  if (const auto *Value = dyn_cast<ValueDecl>(D))
    return Value->getType();
  return QualType();
}

/// Whether a value stored in \p D can make it an ID: a number or a
/// container of numbers the user wrote, not a bool (IsInt()) or a string.
bool isFlowTarget(const Decl *D) {
  QualType Type = valueTypeOf(D);
  if (Type.isNull() || isInSystemHeader(D) || isTemplateInstance(D))
    return false;
  Type = Type.getNonReferenceType();
  if (Type->isBooleanType())
    return false;
  // long project_ids[16], not the text of one (char project_id[24]).
  if (const auto *Array = dyn_cast<ConstantArrayType>(Type.getCanonicalType()))
    Type = Array->getElementType();
  if (Type->isAnyCharacterType())
    return false;
  return Type->isArithmeticType() || Type->getContainedAutoType() ||
         isContainer(Type);
}

/// The container or array \p E is an element of: ids[0], names_by_id[id].
const Decl *indexedContainer(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return referencedDecl(Subscript->getBase());
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
  if (!Operator || Operator->getOperator() != OO_Subscript ||
      Operator->getNumArgs() != 2 ||
      !findContainerOf(Operator->getArg(0)->getType()))
    return nullptr;
  return referencedDecl(Operator->getArg(0));
}

const Expr *walkedRange(const VarDecl *LoopVariable) {
  // The loop variable is initialized from `*__begin`, `__begin` from
  // `__range.begin()` or `begin(__range)`, and `__range` binds the range.
  auto InitOfReferenced = [](const Expr *E) -> const Expr * {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && Var->isImplicit() ? Var->getInit() : nullptr;
  };
  if (!LoopVariable->isCXXForRangeDecl() || !LoopVariable->getInit())
    return nullptr;
  const Expr *Deref = LoopVariable->getInit()->IgnoreImplicit();
  const Expr *Iterator = nullptr;
  if (const auto *Unary = dyn_cast<UnaryOperator>(Deref))
    Iterator = Unary->getSubExpr();
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Deref);
           Operator && Operator->getOperator() == OO_Star)
    Iterator = Operator->getArg(0);
  const Expr *Begin = Iterator ? InitOfReferenced(Iterator) : nullptr;
  if (!Begin)
    return nullptr;
  Begin = Begin->IgnoreImplicit();
  const Expr *Range = Begin; // An array decays to its first element.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Begin))
    Range = Member->getImplicitObjectArgument();
  else if (const auto *Call = dyn_cast<CallExpr>(Begin);
           Call && Call->getNumArgs() == 1)
    Range = Call->getArg(0);
  return InitOfReferenced(Range);
}

/// The map declaration whose entries \p Var walks: a range-for variable
/// over the map, or an iterator from its find(), begin() or bounds.
static const Decl *walkedMap(const VarDecl *Var) {
  const Expr *Map = nullptr;
  if (Var->isCXXForRangeDecl()) {
    Map = walkedRange(Var);
  } else if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(
                 Var->getInit() ? stripValueWrappers(Var->getInit()) : nullptr);
             Call && Call->getMethodDecl() &&
             Call->getMethodDecl()->getIdentifier() &&
             llvm::is_contained({"find", "begin", "cbegin", "lower_bound",
                                 "upper_bound", "constFind"},
                                Call->getMethodDecl()->getName())) {
    Map = Call->getImplicitObjectArgument();
  }
  const Decl *D = Map ? referencedDecl(Map) : nullptr;
  const ContainerRule *Rule = D ? findContainerOf(valueTypeOf(D)) : nullptr;
  return Rule && Rule->KeyArgument ? D : nullptr;
}

std::optional<Holder> mapEntryPart(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  // `auto &[Code, VendorId] : Map`: the first binding is the key.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
      if (const auto *Entry =
              dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl()))
        if (const Decl *Map = walkedMap(Entry)) {
          auto Bindings = cast<DecompositionDecl>(Entry)->bindings();
          if (Bindings.size() == 2)
            return Holder{Map, Bindings.front() == Binding};
        }
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field || !Field->getIdentifier() ||
      !llvm::is_contained({"first", "second"}, Field->getName()))
    return std::nullopt;
  const Expr *Entry = Member->getBase()->IgnoreParenImpCasts();
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Entry);
      Operator && (Operator->getOperator() == OO_Arrow ||
                   Operator->getOperator() == OO_Star))
    Entry = Operator->getArg(0)->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Entry);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (const Decl *Map = Var ? walkedMap(Var) : nullptr)
    return Holder{Map, Field->getName() == "first"};
  return std::nullopt;
}

std::optional<Holder> readHolder(const Expr *E) {
  E = stripCarriers(E);
  if (std::optional<Holder> Part = mapEntryPart(E))
    return Part;
  if (const Decl *D = referencedDecl(E))
    return Holder{D};
  return std::nullopt;
}

/// Where the value of \p E comes from.
ValueSource sourceOf(const Expr *E) {
  E = stripCarriers(E);
  ValueSource Source;
  // c ? GetInt() : 0: either branch.
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    Source = sourceOf(Conditional->getTrueExpr());
    return Source.K != ValueSource::None
               ? Source
               : sourceOf(Conditional->getFalseExpr());
  }
  if (std::optional<Holder> Held = readHolder(E)) {
    Source.K = ValueSource::Declaration;
    Source.D = Held->D;
    Source.Keys = Held->Keys;
    return Source;
  }
  // ids[0] is an element of ids.
  if (const Decl *Container = indexedContainer(E)) {
    Source.K = ValueSource::Declaration;
    Source.D = Container;
    return Source;
  }
  if (const auto *Literal = dyn_cast<IntegerLiteral>(E)) {
    if (Literal->getValue().getActiveBits() > 31) {
      Source.K = ValueSource::BigLiteral;
      Source.E = Literal;
    }
    return Source;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || !Call->getDirectCallee())
    return Source;
  const FunctionDecl *Callee = Call->getDirectCallee();
  // `parse_id(text)` of a lambda: what its call operator returns.
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Operator->getOperator() == OO_Call && !isInSystemHeader(Callee)) {
      Source.K = ValueSource::Declaration;
      Source.D = nodeOf(Callee);
    }
    return Source;
  }
  if (const NarrowCallRule *Rule = narrowCallRule(Call)) {
    Source.K = Rule->IsJson ? ValueSource::JsonRead : ValueSource::Conversion;
    Source.E = Call;
    return Source;
  }
  // strtoll(p + 5, ...) after a searched ID key reads that key's value.
  if (Callee->getIdentifier()) {
    auto [Owner, Name] = tableNameOf(Callee);
    if (isWideTextConversion(Owner, Name)) {
      Source.K = ValueSource::Conversion;
      Source.E = Call;
      return Source;
    }
  }
  if (isJsonValueCall(Call)) {
    Source.K = ValueSource::JsonRead;
    Source.E = Call;
    return Source;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      Member && llvm::is_contained({"front", "back", "at", "value", "first",
                                    "last", "constFirst", "constLast"},
                                   Callee->getName()))
    if (const Decl *Container =
            referencedDecl(Member->getImplicitObjectArgument())) {
      Source.K = ValueSource::Declaration;
      Source.D = Container;
      return Source;
    }
  if (!isInSystemHeader(Callee)) {
    Source.K = ValueSource::Declaration;
    Source.D = nodeOf(Callee);
  }
  return Source;
}

/// The rule of the container \p Type is (std::vector, QList, ...), if any.
const ContainerRule *findContainerOf(QualType Type) {
  const auto *Specialization =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Type.getNonReferenceType()->getAsCXXRecordDecl());
  return Specialization ? findContainer(plainQualifiedName(
                              Specialization->getSpecializedTemplate()))
                        : nullptr;
}

bool isContainer(QualType Type) { return findContainerOf(Type) != nullptr; }

/// Whether \p Type is an iterator of a library container.
bool isIterator(QualType Type) {
  const auto *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && Record->getIdentifier() &&
         Record->getName().contains_insensitive("iterator");
}

/// The receiver of a JSON read, for finding the key it reads.
const Expr *jsonReceiver(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  return nullptr;
}

/// The key argument of j["key"], j.at("key"), obj.value("key"), if \p E is
/// such an access.
const Expr *keyArgument(const Expr *E) {
  E = stripValueWrappers(E);
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E))
    return Operator->getOperator() == OO_Subscript &&
                   Operator->getNumArgs() == 2
               ? Operator->getArg(1)
               : nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const FunctionDecl *Callee = Member->getDirectCallee();
    if (Callee && Callee->getIdentifier() && Member->getNumArgs() >= 1 &&
        llvm::is_contained({"at", "value", "get", "getValue", "optValue"},
                           Callee->getName()))
      return Member->getArg(0);
  }
  return nullptr;
}

/// Whether \p Text shows a Procore API call: a Procore host, a REST or
/// vapid path, or the company header.
bool isProcoreApiText(llvm::StringRef Text, const HostTable &Hosts) {
  return !findProcoreUrls(Text, Hosts).empty() ||
         Text.contains_insensitive("/rest/v1.") ||
         Text.contains_insensitive("/rest/v2.") ||
         Text.contains_insensitive("/vapid/") ||
         Text.contains_insensitive("procore-company-id");
}

//===--- The facts of one translation unit --------------------------------===//

void IdFacts::recordDeclaration(const Decl *D) {
  if (const IdName *Name = idName(D))
    IdNamed.insert({nodeOf(D), *Name});
  if (const auto *Var = dyn_cast<VarDecl>(D); Var && !isa<ParmVarDecl>(Var))
    if (const Expr *Init = Var->getInit(); Init && !Var->isCXXForRangeDecl()) {
      addFlow(Init, Var);
      if (!Var->isLocalVarDecl())
        scanFullExpression(Init); // locals: with their body
    }
  if (const auto *Field = dyn_cast<FieldDecl>(D)) {
    addFlow(Field->getInClassInitializer(), Field);
    scanFullExpression(Field->getInClassInitializer());
  }
  const auto *Function = dyn_cast<FunctionDecl>(D);
  if (Function && Function->doesThisDeclarationHaveABody()) {
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Constructor->inits())
        if (Init->isWritten() && Init->getMember()) {
          addFlow(Init->getInit(), Init->getMember());
          scanFullExpression(Init->getInit());
        }
    scanBody(Function->getBody(), Function);
  }
  // nlohmann's from_json(const json&, T&) fills T from JSON.
  if (Function && Function->getIdentifier() &&
      Function->getName() == "from_json" && Function->getNumParams() == 2)
    if (const CXXRecordDecl *Record = Function->getParamDecl(1)
                                          ->getType()
                                          .getNonReferenceType()
                                          ->getAsCXXRecordDecl())
      JsonRecords.insert({Record, nullptr});
}

void IdFacts::recordLiteral(const StringLiteral *Literal) {
  if (!ProcoreLiteral && isProcoreApiText(literalText(Literal), Settings.Hosts))
    ProcoreLiteral = Literal;
}

void IdFacts::recordAssignment(const BinaryOperator *Assign) {
  const Decl *Target = referencedDecl(Assign->getLHS());
  addFlow(Assign->getRHS(),
          Target ? Target : indexedContainer(Assign->getLHS()));
}

// `pid != only_project`: two integers compared for equality hold values of
// one kind, so an ID on either side makes the other one.
void IdFacts::recordComparison(const BinaryOperator *Compare) {
  const Expr *Left = Compare->getLHS(), *Right = Compare->getRHS();
  if (!Left->getType()->isIntegerType() || !Right->getType()->isIntegerType())
    return;
  size_t Before = Flows.size();
  addFlow(Left, referencedDecl(stripCarriers(Right)));
  addFlow(Right, referencedDecl(stripCarriers(Left)));
  for (size_t I = Before; I < Flows.size(); ++I)
    Flows[I].Compared = true;
}

void IdFacts::recordRangeFor(const CXXForRangeStmt *RangeFor) {
  addFlow(RangeFor->getRangeInit(), RangeFor->getLoopVariable());
}

// Row{Item["id"].get<int>(), ...} and C's {.id = atoi(Text)}.
void IdFacts::recordInitList(const InitListExpr *List) {
  if (const InitListExpr *Semantic = List->getSemanticForm())
    List = Semantic;
  const RecordDecl *Record = List->getType()->getAsRecordDecl();
  if (!Record || Record->isUnion())
    return;
  for (const FieldDecl *Field : Record->fields())
    if (const Expr *Init = initializerOfMember(List, Field))
      addFlow(Init, Field);
}

void IdFacts::recordStaticAssert(const StaticAssertDecl *Assert) {
  llvm::SmallVector<const Stmt *, 8> Work = {Assert->getAssertExpr()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    QualType Measured;
    if (const auto *Size = dyn_cast<UnaryExprOrTypeTraitExpr>(S))
      Measured = Size->getTypeOfArgument();
    else if (const auto *Offset = dyn_cast<OffsetOfExpr>(S))
      Measured = Offset->getTypeSourceInfo()->getType();
    if (!Measured.isNull())
      if (const RecordDecl *Record =
              Context.getBaseElementType(Measured)->getAsRecordDecl())
        PinnedLayouts.insert({canonicalRecord(Record), Assert});
    Work.append(S->child_begin(), S->child_end());
  }
}

const StaticAssertDecl *IdFacts::layoutPin(const RecordDecl *Record) {
  Record = canonicalRecord(Record);
  // Whether Outer is Record or holds it in place, through nested members.
  std::function<bool(const RecordDecl *, unsigned)> Holds =
      [&](const RecordDecl *Outer, unsigned Depth) {
        if (canonicalRecord(Outer) == Record)
          return true;
        const RecordDecl *Definition = Outer->getDefinition();
        if (!Definition || Depth > 4)
          return false;
        return llvm::any_of(Definition->fields(), [&](const FieldDecl *Field) {
          const RecordDecl *Member =
              Context.getBaseElementType(Field->getType())->getAsRecordDecl();
          return Member && Holds(Member, Depth + 1);
        });
      };
  for (const auto &[Pinned, Assert] : PinnedLayouts)
    if (Holds(Pinned, 0))
      return Assert;
  return nullptr;
}

void IdFacts::recordCast(const ExplicitCastExpr *Cast) {
  if (narrownessOf(Cast->getTypeAsWritten(), Settings.FlagLong) !=
      Narrowness::None)
    Casts.push_back(Cast);
}

/// The one function of \p Candidates a call with \p Arity arguments can
/// call, else null.
template <typename Range>
static const FunctionDecl *soleCallable(Range Candidates, unsigned Arity) {
  const FunctionDecl *Sole = nullptr;
  for (const NamedDecl *Candidate : Candidates) {
    Candidate = Candidate->getUnderlyingDecl();
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Candidate))
      Candidate = Template->getTemplatedDecl();
    const auto *Function = dyn_cast<FunctionDecl>(Candidate);
    if (!Function || isInSystemHeader(Function) ||
        Arity < Function->getMinRequiredArguments() ||
        (Arity > Function->getNumParams() && !Function->isVariadic()))
      continue;
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function);
        Constructor && Constructor->isCopyOrMoveConstructor())
      continue;
    if (Sole && Sole->getCanonicalDecl() != Function->getCanonicalDecl())
      return nullptr;
    Sole = Function;
  }
  return Sole;
}

void IdFacts::recordCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  // In a template a call may name its callee by a dependent name
  // (`fetch(Env::base, project)`): the user's one function that fits.
  if (!Callee)
    if (const auto *Named = dyn_cast<OverloadExpr>(Call->getCallee()))
      if (const FunctionDecl *Sole =
              soleCallable(Named->decls(), Call->getNumArgs()))
        recordArguments(Sole,
                        llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()));
  // `ops->show(ctx, id)`, a std::function's call: the arguments go to
  // every function of this file the callable may hold.
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  bool ThroughCallable =
      !Callee || (Operator && Operator->getOperator() == OO_Call &&
                  isInSystemHeader(Callee));
  if (ThroughCallable && !Call->isTypeDependent()) {
    unsigned Skipped = Operator ? 1 : 0; // the callable object
    for (const FunctionDecl *Target : Tracer.writes().calleesOf(Call))
      if (Target != Callee &&
          Target->getNumParams() + Skipped == Call->getNumArgs())
        recordArguments(Target, llvm::ArrayRef(Call->getArgs() + Skipped,
                                               Call->getNumArgs() - Skipped));
  }
  if (!Callee)
    return;
  // `Row.VendorId = std::stoi(Text)` on a std::optional<std::int64_t>: an
  // assignment through the class's operator=.
  if (Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2)
    addFlow(Operator->getArg(1), referencedDecl(Operator->getArg(0)));
  recordNarrowRead(Call, Callee);
  addContainerFlows(Call);
  addAlgorithmFlows(Call);
  recordFormatUses(Call, Callee);
  addPathValues(Call);
  std::string CalleeName = plainQualifiedName(Callee);
  if (llvm::any_of(Settings.Wrappers, [&](const WrapperRule &Rule) {
        return Rule.Callee == CalleeName;
      }))
    WrapperArguments.insert(WrapperArguments.end(), Call->arg_begin(),
                            Call->arg_end());
  if (Operator) {
    // A lambda's or function object's call: past the object, parameters.
    if (Operator->getOperator() == OO_Call && isa<CXXMethodDecl>(Callee))
      recordArguments(
          Callee, llvm::ArrayRef(Call->getArgs() + 1, Call->getNumArgs() - 1));
    return; // other operators' arguments are not a declaration's parameters
  }
  // What a container's own methods store is judged at the container.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      Member && isContainer(Member->getImplicitObjectArgument()->getType()))
    return;
  recordArguments(Callee, llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()));
}

void IdFacts::recordConstruction(const CXXConstructExpr *Construct) {
  if (const FunctionDecl *Constructor = Construct->getConstructor())
    recordArguments(Constructor, llvm::ArrayRef(Construct->getArgs(),
                                                Construct->getNumArgs()));
}

/// `ListRfis<Env>(project)` in a template: the type is dependent, and the
/// class template's one constructor that fits is the one it calls.
void IdFacts::recordUnresolvedConstruction(
    const CXXUnresolvedConstructExpr *Construct) {
  QualType Type = Construct->getTypeAsWritten();
  const CXXRecordDecl *Class = nullptr;
  if (const auto *Specialization = Type->getAs<TemplateSpecializationType>())
    if (const auto *Template = dyn_cast_or_null<ClassTemplateDecl>(
            Specialization->getTemplateName().getAsTemplateDecl()))
      Class = Template->getTemplatedDecl();
  if (!Class)
    Class = Type->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition())
    return;
  llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
  if (const FunctionDecl *Sole = soleCallable(
          llvm::map_range(Class->getDefinition()->ctors(),
                          [](const CXXConstructorDecl *Constructor) {
                            return static_cast<const NamedDecl *>(Constructor);
                          }),
          Args.size()))
    recordArguments(Sole, Args);
}

/// The key a searched-for JSON text ends with: `id` for `"\"id\":"` and
/// `{"id"`; none when it spells no quoted key.
static std::optional<IdFacts::ReadKey> keyOfSearchedText(llvm::StringRef Text) {
  Text = Text.rtrim(" ").rtrim(":").rtrim(" ");
  if (!Text.consume_back("\""))
    return std::nullopt;
  size_t Open = Text.rfind('"');
  if (Open == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Key = Text.drop_front(Open + 1);
  if (Key.empty() || !llvm::all_of(Key, [](char C) {
        return llvm::isAlnum(C) || C == '_' || C == '-';
      }))
    return std::nullopt;
  return IdFacts::ReadKey{Key.str()};
}

std::optional<IdFacts::ReadKey>
IdFacts::searchedJsonKey(const CallExpr *Conversion) {
  return searchedKeyOf(Conversion->getNumArgs() ? Conversion->getArg(0)
                                                : nullptr,
                       /*Calls=*/0);
}

std::optional<IdFacts::ReadKey> IdFacts::searchedKeyOf(const Expr *At,
                                                       unsigned Calls) {
  // Each step goes back from the text read to where it was found: an
  // offset, a variable's reaching value, a substring, strchr past the key,
  // the conversion or the helper that returns it.
  for (unsigned Step = 0; At && Step < 8; ++Step) {
    At = stripCarriers(At);
    // `p ? p + strlen(pat) : NULL`: the branch that holds the text.
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(At)) {
      for (const Expr *Branch :
           {Conditional->getTrueExpr(), Conditional->getFalseExpr()})
        if (!isa<IntegerLiteral>(Branch->IgnoreParenImpCasts()) &&
            !Branch->isNullPointerConstant(Context,
                                           Expr::NPC_ValueDependentIsNotNull))
          if (std::optional<ReadKey> Key = searchedKeyOf(Branch, Calls))
            return Key;
      return std::nullopt;
    }
    if (const auto *Offset = dyn_cast<BinaryOperator>(At)) {
      if (Offset->isAssignmentOp()) {
        At = Offset->getRHS();
        continue;
      }
      if (!Offset->isAdditiveOp())
        return std::nullopt;
      At = Offset->getRHS()->getType()->isIntegerType() ? Offset->getLHS()
                                                        : Offset->getRHS();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(At)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !Var->hasLocalStorage())
        return std::nullopt;
      StringTracer::Origin Origin = Tracer.originAt(Var, Ref);
      if (!Origin.Known)
        return std::nullopt;
      At = Origin.Source;
      continue;
    }
    // `Event.at("resource_id")`: the text a map holds under a known key.
    if (std::optional<KeyedRead> Read = keyedRead(At)) {
      TracedString Key = Tracer.trace(Read->Key);
      if (Key.text().empty() ||
          Key.text().find(UnknownText) != std::string::npos)
        return std::nullopt;
      return ReadKey{Key.text(), true};
    }
    // `Text.c_str()`, `Value.toString()`: the same text.
    if (const Expr *Object = passedThroughObject(At)) {
      At = Object;
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(At);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() == 0)
      return std::nullopt;
    if (const FunctionDecl *Helper = Callee->getDefinition();
        Helper && !isInSystemHeader(Helper))
      return Calls < 2 ? searchedKeyReturned(Call, Helper, Calls)
                       : std::nullopt;
    llvm::StringRef Name = Callee->getName();
    const auto *Method = dyn_cast<CXXMemberCallExpr>(Call);
    auto [Owner, TableName] = tableNameOf(Callee);
    if (Method && Name == "substr") {
      At = Call->getArg(0);
    } else if (Name == "strchr" || Name == "memchr") {
      At = Call->getArg(0);
    } else if ((Name == "strstr" || Name == "strcasestr") &&
               Call->getNumArgs() == 2) {
      return keyOfSearchedText(Tracer.trace(Call->getArg(1)).text());
    } else if (Method && Name == "find") {
      return keyOfSearchedText(Tracer.trace(Call->getArg(0)).text());
    } else if (!Method && (isWideTextConversion(Owner, TableName) ||
                           narrowCallRule(Call))) {
      At = Call->getArg(0); // atoi(p) reads the text p points at
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// `json_int(Obj, "vendor_id")`: what the helper returns, with its
// parameters bound to this call's arguments.
std::optional<IdFacts::ReadKey>
IdFacts::searchedKeyReturned(const CallExpr *Call, const FunctionDecl *Helper,
                             unsigned Calls) {
  StringTracer::BindingScope Binding(Tracer, Helper, Call);
  for (const ReturnStmt *Return : returnStatements(Helper))
    if (std::optional<ReadKey> Key =
            searchedKeyOf(Return->getRetValue(), Calls + 1))
      return Key;
  return std::nullopt;
}

/// A 32-bit conversion or JSON read, and j["id"].get_to(project_id).
void IdFacts::recordNarrowRead(const CallExpr *Call,
                               const FunctionDecl *Callee) {
  if (const NarrowCallRule *Rule = narrowCallRule(Call);
      Rule && (Settings.FlagLong || !Rule->OnlyWhenFlagLong))
    NarrowCalls.push_back(Call);
  else if (isJsonValueCall(Call) && Callee->getIdentifier() &&
           llvm::is_contained({"get", "value", "getValue", "optValue"},
                              Callee->getName()))
    NarrowCalls.push_back(Call); // judged by its result type
  if (isJsonValueCall(Call) && Callee->getIdentifier() &&
      Callee->getName() == "get_to" && Call->getNumArgs() == 1)
    if (const Decl *Target = referencedDecl(Call->getArg(0))) {
      ValueSource From{ValueSource::JsonRead, nullptr, Call};
      Flows.push_back({From, {Target}, Call});
    }
}

// The literal that spells all of the one text \p Values holds, if any.
static const StringLiteral *soleLiteral(const TracedValues &Values) {
  if (Values.size() != 1 || Values.front().text().empty())
    return nullptr;
  const TracedString &Text = Values.front();
  std::optional<TracedString::Origin> Origin =
      Text.originOf(0, Text.text().size());
  if (!Origin || Origin->FirstUnit != 0 ||
      Origin->Literal->getLength() != Text.text().size())
    return nullptr;
  return Origin->Literal;
}

/// The conversions of a printf or scanf format: a literal, or the one
/// literal a table row or a variadic helper's format expression reads.
void IdFacts::recordFormatUses(const CallExpr *Call,
                               const FunctionDecl *Callee) {
  std::optional<FormatFunctionRule> Format =
      formatRuleOf(Callee, plainQualifiedName(Callee));
  if (!Format)
    return;
  const StringLiteral *Literal = nullptr;
  if (Format->FormatExpression) {
    StringTracer::BindingScope Bound(Tracer, Callee->getDefinition(), Call);
    Literal = soleLiteral(Tracer.traceAll(Format->FormatExpression));
  } else if (Format->FormatArgument < Call->getNumArgs()) {
    const Expr *Argument = Call->getArg(Format->FormatArgument);
    Literal = dyn_cast<StringLiteral>(Argument->IgnoreParenImpCasts());
    // `ENDPOINTS[EP_REVISIONS].path_fmt`: a format of a table.
    if (!Literal)
      Literal = soleLiteral(Tracer.traceAll(Argument));
  }
  if (!Literal)
    return;
  unsigned First = Format->FirstValue;
  for (const FormatConversion &Conversion :
       formatConversions(literalText(Literal), Format->Scans, Context))
    if (Conversion.TakesArgument &&
        First + Conversion.Argument < Call->getNumArgs())
      FormatUses.push_back({Literal, Conversion.LengthBegin, Conversion.End,
                            Conversion.Conversion, Format->Scans,
                            Call->getArg(First + Conversion.Argument)});
}

/// The parameter the user wrote for \p Param of a template instance
/// (`run<Production>(project)` passes to run's `Project::id_type project`),
/// when its type does not come from a template argument; else null.
static const ParmVarDecl *writtenParameter(const ParmVarDecl *Param) {
  const FunctionDecl *Instance = ownerOf(Param);
  const FunctionDecl *Pattern =
      Instance ? Instance->getTemplateInstantiationPattern() : nullptr;
  unsigned Index = Param->getFunctionScopeIndex();
  if (!Pattern || Index >= Pattern->getNumParams())
    return nullptr;
  const ParmVarDecl *Written = Pattern->getParamDecl(Index);
  return Written->getType()->isDependentType() || Written->isParameterPack()
             ? nullptr
             : Written;
}

/// Arguments flow into the parameters of the user's functions; a narrow
/// parameter of library code receiving a declaration's value is a sink.
void IdFacts::recordArguments(const FunctionDecl *Callee,
                              llvm::ArrayRef<const Expr *> Args) {
  const SourceManager &SM = Context.getSourceManager();
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    const ParmVarDecl *Param = Callee->getParamDecl(I);
    if (isTemplateInstance(Param) && !isInSystemHeader(Callee))
      if (const ParmVarDecl *Written = writtenParameter(Param))
        Param = Written;
    // Library code, even where it is not a system header (Qt through -I):
    // a parameter of a header that is not named like an ID is not the
    // user's to widen; the call is reported instead.
    bool Library = isInSystemHeader(Callee) || isTemplateInstance(Param) ||
                   (!SM.isInMainFile(Param->getLocation()) && !idName(Param));
    if (!Library) {
      addFlow(Args[I], Param);
      continue;
    }
    ValueSource From = sourceOf(Args[I]);
    if (From.K == ValueSource::Declaration &&
        !typeComesFromTemplateArgument(Param) &&
        narrownessOf(Param->getType(), Settings.FlagLong) != Narrowness::None)
      LibrarySinks.push_back({Args[I], Callee, Param->getType(), From});
  }
}

void IdFacts::addPathValues(const CallExpr *Call) {
  auto Add = [&](const Expr *Value, llvm::function_ref<std::string()> Before) {
    if (std::optional<Holder> Held = readHolder(Value);
        Held && isFlowTarget(Held->D))
      PathValues.push_back({Value, Before()});
  };
  auto Text = [&](const Expr *E) { return Tracer.trace(E).text(); };
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getNumArgs() == 2) {
    const Expr *Left = Operator->getArg(0), *Right = Operator->getArg(1);
    if (Operator->getOperator() == OO_Plus)
      if (const auto *Number = dyn_cast<CallExpr>(stripValueWrappers(Right));
          Number && Number->getNumArgs() >= 1 && Number->getDirectCallee() &&
          llvm::is_contained({"std::to_string", "QString::number"},
                             plainQualifiedName(Number->getDirectCallee())))
        Add(Number->getArg(0), [&] { return Text(Left); });
    if (Operator->getOperator() == OO_LessLess &&
        Right->getType()->isIntegerType())
      Add(Right, [&] {
        std::string Before;
        std::vector<const Expr *> Operands = StringTracer::streamOperands(Left);
        for (size_t I = 1; I < Operands.size(); ++I)
          Before += Text(Operands[I]);
        return Before;
      });
    return;
  }
  if (Callee && isFormatFunction(Callee) && Call->getNumArgs() >= 2) {
    std::string Format = Text(Call->getArg(0));
    unsigned Next = 0;
    for (size_t At = Format.find('{'); At != std::string::npos;
         At = Format.find('{', At + 1)) {
      if (At + 1 < Format.size() && Format[At + 1] == '{') {
        ++At; // "{{" is a brace
        continue;
      }
      unsigned Index = Next++;
      llvm::StringRef(Format)
          .substr(At + 1)
          .take_while([](char C) { return llvm::isDigit(C); })
          .getAsInteger(10, Index);
      if (1 + Index < Call->getNumArgs())
        Add(Call->getArg(1 + Index), [&] { return Format.substr(0, At); });
    }
    return;
  }
  // Poco::format("/projects/%Ld", Project): printf conversions, whose
  // text the call returns.
  if (Callee && !Callee->getReturnType()->isVoidType() &&
      returnsPrintfText(plainQualifiedName(Callee)) &&
      !formatRuleOf(Callee, plainQualifiedName(Callee)) &&
      Call->getNumArgs() >= 2) {
    std::string Format = Text(Call->getArg(0));
    for (const FormatConversion &Conversion :
         formatConversions(Format, /*Scans=*/false, Context))
      if (Conversion.TakesArgument &&
          1 + Conversion.Argument < Call->getNumArgs())
        Add(Call->getArg(1 + Conversion.Argument),
            [&] { return Format.substr(0, Conversion.Begin); });
    return;
  }
  // QString::arg replaces the lowest %N.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      Member && Callee && Callee->getIdentifier() &&
      Callee->getName() == "arg" && Call->getNumArgs() >= 1 &&
      Call->getArg(0)->getType()->isIntegerType())
    Add(Call->getArg(0), [&] {
      std::string Object = Text(Member->getImplicitObjectArgument());
      size_t Lowest = std::string::npos;
      for (size_t At = Object.find('%'); At != std::string::npos;
           At = Object.find('%', At + 1))
        if (At + 1 < Object.size() && llvm::isDigit(Object[At + 1]) &&
            (Lowest == std::string::npos ||
             Object[At + 1] < Object[Lowest + 1]))
          Lowest = At;
      return Lowest == std::string::npos ? std::string()
                                         : Object.substr(0, Lowest);
    });
}

void IdFacts::addFlow(const Expr *Value, const Decl *To, bool Keys) {
  if (!Value || !To || !isFlowTarget(To))
    return;
  // `pinned ? std::atoi(pinned) : companies.front().id`: both branches.
  if (const auto *Conditional =
          dyn_cast<ConditionalOperator>(stripCarriers(Value))) {
    addFlow(Conditional->getTrueExpr(), To, Keys);
    addFlow(Conditional->getFalseExpr(), To, Keys);
    return;
  }
  ValueSource From = sourceOf(Value);
  if (From.K != ValueSource::None)
    Flows.push_back({From, {nodeOf(To), Keys}, Value});
}

/// The function a callable argument runs: a lambda's call operator, a
/// function named or taken by address.
static const FunctionDecl *calledFunction(const Expr *Callable) {
  Callable = stripCarriers(Callable);
  if (const CXXRecordDecl *Class = Callable->getType()->getAsCXXRecordDecl())
    return Class->isLambda() ? Class->getLambdaCallOperator() : nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callable))
    return dyn_cast<FunctionDecl>(Ref->getDecl());
  return nullptr;
}

/// The container an iterator argument walks or fills: `ids.begin()`,
/// `std::back_inserter(ids)`, `std::inserter(ids, ids.end())`.
static const Decl *iteratedContainer(const Expr *Iterator) {
  const auto *Call = dyn_cast<CallExpr>(stripCarriers(Iterator));
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return llvm::is_contained({"begin", "cbegin", "end", "cend"},
                              Callee->getName())
               ? referencedDecl(Member->getImplicitObjectArgument())
               : nullptr;
  if (Callee->isInStdNamespace() && Call->getNumArgs() >= 1 &&
      llvm::is_contained(
          {"back_inserter", "front_inserter", "inserter", "begin", "cbegin"},
          Callee->getName()))
    return referencedDecl(Call->getArg(0));
  return nullptr;
}

/// std::transform and std::for_each: the elements of the input go to the
/// callable's parameters, and what it returns to the output container.
void IdFacts::addAlgorithmFlows(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee->isInStdNamespace() || !Callee->getIdentifier())
    return;
  unsigned Inputs = 0, Output = 0, Callable = 0;
  llvm::StringRef Name = Callee->getName();
  if (Name == "transform" && Call->getNumArgs() == 4)
    Inputs = 1, Output = 2, Callable = 3;
  else if (Name == "transform" && Call->getNumArgs() == 5)
    Inputs = 2, Output = 3, Callable = 4;
  else if (Name == "for_each" && Call->getNumArgs() == 3)
    Inputs = 1, Callable = 2;
  else
    return;
  const FunctionDecl *Function = calledFunction(Call->getArg(Callable));
  if (!Function || isInSystemHeader(Function))
    return;
  const Expr *InputBegins[] = {Call->getArg(0), Call->getArg(2)};
  for (unsigned I = 0; I < Inputs && I < Function->getNumParams(); ++I)
    if (const Decl *Input = iteratedContainer(InputBegins[I]);
        Input && isFlowTarget(Function->getParamDecl(I)))
      Flows.push_back({{ValueSource::Declaration, nodeOf(Input), nullptr},
                       {nodeOf(Function->getParamDecl(I))},
                       Call});
  if (Output)
    if (const Decl *Into = iteratedContainer(Call->getArg(Output));
        Into && isFlowTarget(Into))
      Flows.push_back({{ValueSource::Declaration, nodeOf(Function), nullptr},
                       {nodeOf(Into)},
                       Call});
}

void IdFacts::addContainerFlows(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee->getIdentifier() && !isa<CXXOperatorCallExpr>(Call))
    return;
  // std::find(ids.begin(), ids.end(), id)
  if (Call->getNumArgs() == 3 && Callee->isInStdNamespace() &&
      llvm::is_contained({"find", "count", "binary_search", "lower_bound",
                          "upper_bound", "equal_range"},
                         Callee->getName())) {
    if (const auto *Begin =
            dyn_cast<CXXMemberCallExpr>(Call->getArg(0)->IgnoreParenImpCasts()))
      if (const Decl *Container =
              referencedDecl(Begin->getImplicitObjectArgument()))
        addFlow(Call->getArg(2), Container);
    return;
  }
  const Expr *Object = nullptr;
  llvm::StringRef Name;
  std::vector<const Expr *> Args;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Operator->getNumArgs() != 2 ||
        (Operator->getOperator() != OO_LessLess &&
         Operator->getOperator() != OO_Subscript))
      return;
    Object = Operator->getArg(0);
    Name = Operator->getOperator() == OO_LessLess ? "<<" : "[]";
    Args = {Operator->getArg(1)};
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    Object = Member->getImplicitObjectArgument();
    Name = Callee->getName();
    // insert(hint, value), try_emplace(hint, key, ...): past the position.
    for (const Expr *Arg : Call->arguments())
      if (!isa<CXXDefaultArgExpr>(Arg) &&
          (!Args.empty() || !isIterator(Arg->getType())))
        Args.push_back(Arg);
  }
  const Decl *Container = Object ? referencedDecl(Object) : nullptr;
  const ContainerRule *Rule =
      Container ? findContainerOf(Object->getType()) : nullptr;
  if (!Rule || Args.empty())
    return;
  bool Map = Rule->KeyArgument.has_value();
  auto StoresKeyAndValue = [&](const Expr *Key, const Expr *Value) {
    addFlow(Key, Container, /*Keys=*/true);
    addFlow(Value, Container);
  };
  if (llvm::is_contained({"<<", "push_back", "emplace_back", "push_front",
                          "emplace_front", "append", "prepend", "push",
                          "enqueue"},
                         Name))
    addFlow(Args.back(), Container);
  else if (llvm::is_contained({"insert", "emplace", "try_emplace",
                               "insert_or_assign", "insertMulti"},
                              Name)) {
    if (!Map)
      addFlow(Args.back(), Container); // QList::insert(i, value)
    else if (Args.size() >= 2)
      StoresKeyAndValue(Args[0], Args[1]);
    else if (auto Parts = pairParts(Args[0]))
      StoresKeyAndValue(Parts->first, Parts->second);
  } else if (Map &&
             llvm::is_contained({"[]", "count", "find", "contains", "erase",
                                 "at", "value", "remove", "take", "lower_bound",
                                 "upper_bound", "equal_range"},
                                Name))
    addFlow(Args[0], Container, /*Keys=*/true);
  else if (!Map && Args[0]->getType()->isArithmeticType() &&
           llvm::is_contained({"count", "find", "contains", "indexOf",
                               "removeOne", "removeAll"},
                              Name))
    addFlow(Args[0], Container);
}

void IdFacts::scanBody(const Stmt *S, const FunctionDecl *Function) {
  if (!S)
    return;
  if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
    addFlow(Return->getRetValue(), Function);
    scanFullExpression(Return->getRetValue());
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S)) {
    scanFullExpression(E);
    return;
  }
  if (const auto *Declarations = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Declarations->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        scanFullExpression(Var->getInit());
    return;
  }
  for (const Stmt *Child : S->children())
    scanBody(Child, Function);
}

void IdFacts::scanFullExpression(const Expr *Root) {
  if (!Root)
    return;
  std::vector<const Expr *> IdUses, TextReads;
  auto Texts = std::make_shared<std::vector<std::string>>();
  collectUses(Root, IdUses, TextReads, *Texts);
  if (IdUses.empty())
    return;
  for (const Expr *Read : TextReads) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Read);
    const auto *Member = dyn_cast<MemberExpr>(Read);
    TracedString Traced =
        Tracer.traceDeclaration(Ref ? Ref->getDecl() : Member->getMemberDecl());
    if (Traced.hasKnownText())
      Texts->push_back(Traced.text());
  }
  if (Texts->empty())
    return;
  for (const Expr *Use : IdUses)
    RequestUses.push_back({referencedDecl(Use), Use, Texts});
}

void IdFacts::collectUses(const Stmt *S, std::vector<const Expr *> &IdUses,
                          std::vector<const Expr *> &TextReads,
                          std::vector<std::string> &Texts) {
  if (!S)
    return;
  if (const auto *Literal = dyn_cast<StringLiteral>(S)) {
    Texts.push_back(literalText(Literal));
    return;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    scanBody(Lambda->getBody(), Lambda->getCallOperator());
    return;
  }
  if (isa<DeclRefExpr, MemberExpr>(S))
    if (const Decl *D = referencedDecl(cast<Expr>(S))) {
      if (idName(D))
        IdUses.push_back(cast<Expr>(S));
      else if (!cast<ValueDecl>(D)->getType()->isIntegerType())
        TextReads.push_back(cast<Expr>(S));
    }
  for (const Stmt *Child : S->children())
    collectUses(Child, IdUses, TextReads, Texts);
}

const CXXRecordDecl *idWrapperOf(const Decl *D) {
  const DeclContext *Owner = D->getDeclContext();
  if (const auto *Param = dyn_cast<ParmVarDecl>(D)) {
    const auto *Constructor = dyn_cast<CXXConstructorDecl>(Owner);
    if (!Constructor || Constructor->getNumParams() != 1 ||
        !Param->getType()->isIntegerType())
      return nullptr;
    Owner = Constructor->getParent();
  } else if (const auto *Alias = dyn_cast<TypedefNameDecl>(D)) {
    if (!Alias->getUnderlyingType()->isIntegerType())
      return nullptr;
  } else if (!isa<FieldDecl>(D)) {
    return nullptr;
  }
  // A template's instances (`Id<ProjectTag, int>`) are named by their
  // aliases, not by the template.
  const auto *Class = dyn_cast<CXXRecordDecl>(Owner);
  if (!Class || !Class->getIdentifier() || !Class->hasDefinition() ||
      isa<ClassTemplateSpecializationDecl>(Class) ||
      Class->getDescribedClassTemplate())
    return nullptr;
  // The class's name ends in "Id" (`ProjectId`, `PUNCH_ITEM_ID`): a class
  // named after the resource (`Vendor`) is the record, not its ID.
  std::vector<std::string> Words = identifierWords(Class->getName());
  if (Words.empty() || Words.back() != "id")
    return nullptr;
  unsigned Members = 0;
  for (const FieldDecl *Field : Class->fields())
    if (++Members > 1 || !Field->getType()->isIntegerType())
      return nullptr;
  return Members == 1 ? Class : nullptr;
}

const IdName *IdFacts::idName(const Decl *D) {
  auto [It, Inserted] = NameCache.try_emplace(D);
  if (Inserted)
    if (const auto *Named = dyn_cast<NamedDecl>(D);
        Named && Named->getIdentifier()) {
      It->second = Settings.Classifier.classify(Named->getName());
      if (!It->second)
        if (const CXXRecordDecl *Wrapper = idWrapperOf(D))
          It->second = Settings.Classifier.classify(Wrapper->getName());
      // `CompanyId company`: the type's alias names what it holds.
      if (!It->second)
        if (const auto *Value = dyn_cast<ValueDecl>(D))
          if (const auto *Alias =
                  Value->getType().getNonReferenceType()->getAs<TypedefType>())
            if (std::optional<IdName> Aliased =
                    Settings.Classifier.classify(Alias->getDecl()->getName());
                Aliased && Aliased->Shape == IdName::Single)
              It->second = Aliased;
    }
  return It->second ? &*It->second : nullptr;
}

} // namespace clang::tidy::procore::idwidth
