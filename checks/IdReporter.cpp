//===--- IdReporter.cpp - the findings of procore-id-width ----------------===//

#include "IdReporter.h"
#include "analysis/RequestAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::procore::idwidth {

/// Which part of a declared type holds the IDs: all of it, a container's
/// template argument (its elements or a map's keys), an array's elements.
struct IdPart {
  enum Kind { Whole, Argument, ArrayElement } K = Whole;
  unsigned Index = 0; ///< The template argument.
  bool Keys = false;
  bool elements() const { return K != Whole; }
};

namespace {

/// Where to write the 64-bit type for a declaration: the type as written,
/// without qualifiers and references.
TypeLoc writtenScalarLoc(TypeLoc Loc) {
  Loc = Loc.getUnqualifiedLoc();
  if (auto Reference = Loc.getAs<ReferenceTypeLoc>())
    Loc = Reference.getPointeeLoc().getUnqualifiedLoc();
  return Loc;
}

/// The template argument \p Index of a container type as written.
std::optional<TypeLoc> writtenArgumentLoc(TypeLoc Loc, unsigned Index) {
  Loc = writtenScalarLoc(Loc);
  if (auto Elaborated = Loc.getAs<ElaboratedTypeLoc>())
    Loc = Elaborated.getNamedTypeLoc();
  auto Specialization = Loc.getAs<TemplateSpecializationTypeLoc>();
  if (!Specialization || Index >= Specialization.getNumArgs())
    return std::nullopt;
  const TemplateArgumentLoc &Arg = Specialization.getArgLoc(Index);
  if (Arg.getArgument().getKind() != TemplateArgument::Type ||
      !Arg.getTypeSourceInfo())
    return std::nullopt;
  return writtenScalarLoc(Arg.getTypeSourceInfo()->getTypeLoc());
}

/// Where \p Part is written in the type \p Loc.
std::optional<TypeLoc> writtenPartLoc(TypeLoc Loc, const IdPart &Part) {
  switch (Part.K) {
  case IdPart::Whole:
    return writtenScalarLoc(Loc);
  case IdPart::Argument:
    return writtenArgumentLoc(Loc, Part.Index);
  case IdPart::ArrayElement:
    if (auto Array = writtenScalarLoc(Loc).getAs<ArrayTypeLoc>())
      return writtenScalarLoc(Array.getElementLoc());
    return std::nullopt;
  }
  return std::nullopt;
}

/// The container rule and template arguments of \p Type, if it is one;
/// the arguments as written, so std::int64_t is not seen as 'long'.
const ContainerRule *containerOf(QualType Type,
                                 llvm::ArrayRef<TemplateArgument> &Args) {
  Type = Type.getNonReferenceType();
  const auto *Specialization =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Type->getAsCXXRecordDecl());
  if (!Specialization)
    return nullptr;
  const ContainerRule *Rule = findContainer(
      plainQualifiedName(Specialization->getSpecializedTemplate()));
  if (!Rule)
    return nullptr;
  if (const auto *Written = Type->getAs<TemplateSpecializationType>())
    Args = Written->template_arguments();
  else
    Args = Specialization->getTemplateArgs().asArray();
  return Rule;
}

/// Whether \p D shares its type specifier with another declarator
/// ("int a, project_id;"), where changing the type would change both.
bool sharesTypeSpecifier(const DeclaratorDecl *D) {
  SourceLocation Start = D->getTypeSpecStartLoc();
  ASTContext &Context = D->getASTContext();
  for (const DynTypedNode &Parent : Context.getParents(*D))
    if (const auto *Statement = Parent.get<DeclStmt>())
      return !Statement->isSingleDecl();
  for (const Decl *Sibling : D->getDeclContext()->decls())
    if (Sibling != D)
      if (const auto *Other = dyn_cast<DeclaratorDecl>(Sibling);
          Other && Other->getTypeSpecStartLoc() == Start)
        return true;
  return false;
}

} // namespace

bool writesInclude(llvm::StringRef Text, llvm::StringRef Header) {
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.trim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (Line.consume_front("include") && Line.ltrim().starts_with(Header))
      return true;
  }
  return false;
}

/// One note that says why the value is a Procore ID.
void IdReporter::explain(const Decl *D, const Evidence &Why) {
  switch (Why.K) {
  case Evidence::ResourceName:
    if (const auto *Wrapper = dyn_cast_if_present<NamedDecl>(Why.Other))
      diag(F.ProcoreLiteral->getBeginLoc(),
           "'%0' holds the value of '%1', which names a Procore %2 ID, and "
           "this file calls the Procore API",
           DiagnosticIDs::Note)
          << nameOf(D) << Wrapper->getName() << Why.Text;
    else
      diag(F.ProcoreLiteral->getBeginLoc(),
           "'%0' names a Procore %1 ID, and this file calls the Procore API",
           DiagnosticIDs::Note)
          << nameOf(D) << Why.Text;
    break;
  case Evidence::RecordName:
    diag(Why.Other->getLocation(),
         "'%0' is the ID of a '%1', which names a Procore %2, and this "
         "file calls the Procore API",
         DiagnosticIDs::Note)
        << nameOf(D) << nameOf(Why.Other) << Why.Text;
    break;
  case Evidence::JsonField:
    diag(Why.Site->getBeginLoc(), "'%0' is read from JSON field '%1' here",
         DiagnosticIDs::Note)
        << nameOf(D) << Why.Text;
    break;
  case Evidence::MapKey:
    diag(Why.Site->getBeginLoc(), "'%0' is read from map key '%1' here",
         DiagnosticIDs::Note)
        << nameOf(D) << Why.Text;
    break;
  case Evidence::SentToProcore:
    diag(Why.Site->getBeginLoc(), "'%0' is sent to the Procore API here",
         DiagnosticIDs::Note)
        << nameOf(D);
    break;
  case Evidence::ProcoreRecord:
    diag(Why.Site ? Why.Site->getBeginLoc() : Why.Other->getLocation(),
         "'%0' is filled from a Procore API response", DiagnosticIDs::Note)
        << nameOf(Why.Other);
    break;
  case Evidence::FromId:
    diag(Why.Site->getBeginLoc(), "'%0' receives Procore ID '%1' here",
         DiagnosticIDs::Note)
        << nameOf(D) << nameOf(Why.Other);
    break;
  case Evidence::IntoId:
    diag(Why.Site->getBeginLoc(), "'%0' is stored in Procore ID '%1' here",
         DiagnosticIDs::Note)
        << nameOf(D) << nameOf(Why.Other);
    break;
  case Evidence::ComparedWithId:
    diag(Why.Site->getBeginLoc(), "'%0' is compared with Procore ID '%1' here",
         DiagnosticIDs::Note)
        << nameOf(D) << nameOf(Why.Other);
    break;
  case Evidence::BigLiteral:
    diag(Why.Site->getBeginLoc(), "this ID does not fit in 32 bits",
         DiagnosticIDs::Note);
    break;
  }
}

/// using ProjectId = int, using NamesById = std::map<int, std::string>:
/// reported and fixed once, where the alias is defined.
void IdReporter::reportAlias(const TypedefNameDecl *Alias, QualType IdType,
                             const IdPart &Part, const Decl *User,
                             const Evidence &Why) {
  if (!ReportedAliases.insert(Alias).second)
    return;
  {
    std::optional<TypeLoc> Loc =
        writtenPartLoc(Alias->getTypeSourceInfo()->getTypeLoc(), Part);
    Narrowness Narrow = narrownessOf(IdType, FlagLong);
    auto Diag = Part.elements()
                    ? diag(Alias->getLocation(),
                           "type alias '%0' makes Procore IDs '%1' "
                           "%select{elements|keys}2 (%3); Procore IDs need 64 "
                           "bits")
                          << Alias->getName() << spell(IdType) << Part.Keys
                          << describeNarrowness(Narrow)
                    : diag(Alias->getLocation(),
                           "type alias '%0' makes Procore IDs '%1' (%2); "
                           "Procore IDs need 64 bits")
                          << Alias->getName() << spell(IdType)
                          << describeNarrowness(Narrow);
    if (Loc && fixable(Loc->getSourceRange()))
      replaceType(Diag, Loc->getSourceRange(), wideType(IdType));
  } // the finding is emitted before its notes
  if (User != Alias)
    diag(User->getLocation(), "'%0' holds a Procore ID of this type",
         DiagnosticIDs::Note)
        << nameOf(User);
  explain(User, Why);
}

// `id_type` of an endpoint's traits, `ProjectIdType`, `vendor_id_t`: an
// alias that names the type of an ID, fixed once where it is declared.
static bool namesIdType(const TypedefNameDecl *Alias,
                        const IdNameClassifier &Classifier) {
  std::vector<std::string> Words = identifierWords(Alias->getName());
  if (Words.size() < 2 || (Words.back() != "type" && Words.back() != "t"))
    return false;
  Words.pop_back();
  return Classifier.classify(llvm::join(Words, "_")).has_value();
}

namespace {

/// What a declaration is, as the messages say it.
enum DeclKind { Variable, Parameter, Field, Return };

/// Where every declaration of \p D wrote its type, and what \p D is;
/// std::nullopt for a declaration with no written type to judge.
std::optional<std::vector<TypeLoc>> writtenTypes(const Decl *D,
                                                 DeclKind &Kind) {
  std::vector<TypeLoc> Locs;
  if (const auto *Function = dyn_cast<FunctionDecl>(D)) {
    Kind = Return;
    for (const FunctionDecl *Redecl : Function->redecls())
      if (FunctionTypeLoc Loc = Redecl->getFunctionTypeLoc())
        Locs.push_back(Loc.getReturnLoc());
  } else if (const auto *Param = dyn_cast<ParmVarDecl>(D)) {
    Kind = Parameter;
    std::vector<const ParmVarDecl *> Each = {Param};
    if (const FunctionDecl *Owner = ownerOf(Param)) {
      Each.clear();
      for (const FunctionDecl *Redecl : Owner->redecls())
        Each.push_back(Redecl->getParamDecl(Param->getFunctionScopeIndex()));
    }
    for (const ParmVarDecl *Redecl : Each)
      if (const TypeSourceInfo *Info = Redecl->getTypeSourceInfo())
        Locs.push_back(Info->getTypeLoc());
  } else if (isa<DeclaratorDecl>(D)) {
    Kind = isa<FieldDecl>(D) ? Field : Variable;
    for (const Decl *Redecl : D->redecls())
      if (const TypeSourceInfo *Info =
              cast<DeclaratorDecl>(Redecl)->getTypeSourceInfo())
        Locs.push_back(Info->getTypeLoc());
  } else {
    return std::nullopt;
  }
  return Locs;
}

/// `int prime_contract_id(..., long long *out)` returning RPT_OK or
/// RPT_FAIL: a status, whatever its name says; an ID is never a constant.
bool returnsOnlyConstants(const FunctionDecl *Function) {
  if (!Function || !Function->hasBody())
    return false;
  std::vector<const Expr *> Returned = returnValues(Function);
  return !Returned.empty() && llvm::all_of(Returned, [&](const Expr *Value) {
    return Value->isIntegerConstantExpr(Function->getASTContext());
  });
}

/// The part of \p Type that holds the IDs of \p H: a container's elements,
/// or a map's keys; an array's elements; else all of it. \p Type becomes
/// that part's type. False when no part of it can hold them.
bool idPartOf(Holder H, QualType &Type, IdPart &Part, ASTContext &Context) {
  llvm::ArrayRef<TemplateArgument> Args;
  if (const ContainerRule *Rule = containerOf(Type, Args)) {
    Part.K = IdPart::Argument;
    Part.Keys = H.Keys && Rule->KeyArgument;
    Part.Index = Part.Keys ? *Rule->KeyArgument : Rule->ElementArgument;
    if (Part.Index >= Args.size() ||
        Args[Part.Index].getKind() != TemplateArgument::Type)
      return false;
    Type = Args[Part.Index].getAsType();
  } else if (H.Keys) {
    return false; // named "..._by_id", but not a map
  } else if (const ConstantArrayType *Array =
                 Context.getAsConstantArrayType(Type)) {
    Part.K = IdPart::ArrayElement;
    Type = Array->getElementType();
    if (Type->isAnyCharacterType())
      return false; // the text of an ID
  }
  return true;
}

} // namespace

/// Variables, parameters, fields, returns and containers of IDs.
void IdReporter::reportDeclaration(Holder H, const Evidence &Why) {
  const Decl *D = H.D;
  if (const auto *Alias = dyn_cast<TypedefNameDecl>(D)) {
    if (narrownessOf(Alias->getUnderlyingType(), FlagLong) != Narrowness::None)
      reportAlias(Alias, Alias->getUnderlyingType(), IdPart(), Alias, Why);
    return;
  }
  // What to judge: the declared type, and where every declaration wrote it.
  QualType Type = valueTypeOf(D);
  DeclKind Kind = Variable;
  std::optional<std::vector<TypeLoc>> Locs = writtenTypes(D, Kind);
  const auto *Function = dyn_cast<FunctionDecl>(D);
  if (!Locs || Type.isNull() || Type->getContainedAutoType() ||
      typeComesFromTemplateArgument(D) || returnsOnlyConstants(Function))
    return; // auto takes the width of what it is initialised with
  IdPart Part;
  QualType WholeType = Type.getNonReferenceType();
  if (!idPartOf(H, Type, Part, Context))
    return;
  Narrowness Narrow = narrownessOf(Type, FlagLong);
  if (Narrow == Narrowness::None)
    return;

  // The alias of the ID's type, or of the container that holds the IDs.
  if (const auto *Typedef = Type.getNonReferenceType()->getAs<TypedefType>())
    if (const TypedefNameDecl *Alias = Typedef->getDecl();
        !isInSystemHeader(Alias) &&
        (F.idName(Alias) || namesIdType(Alias, Classifier))) {
      reportAlias(Alias, Alias->getUnderlyingType(), IdPart(), D, Why);
      return;
    }
  if (const auto *Typedef = WholeType->getAs<TypedefType>();
      Typedef && Part.elements() && !isInSystemHeader(Typedef->getDecl())) {
    reportAlias(Typedef->getDecl(), Type, Part, D, Why);
    return;
  }

  std::optional<std::vector<SourceRange>> Ranges =
      fixRanges(D, *Locs, Part, WholeType);
  // A member of a record whose size or offsets a static_assert pins (a
  // wire or disk format): widening it changes the layout, a change to
  // make by hand.
  const StaticAssertDecl *Pin = nullptr;
  if (const auto *Field = dyn_cast<FieldDecl>(D))
    if ((Pin = F.layoutPin(Field->getParent())))
      Ranges = std::nullopt;
  // `parse(Text, &project_id)` into an `int *`: the widened address would
  // not convert.
  QualType AddressTarget;
  const Expr *Address =
      Ranges && !Part.elements() ? narrowAddressOf(D, AddressTarget) : nullptr;
  if (Address)
    Ranges = std::nullopt;
  // Report where the code defines a function.
  const Decl *ReportAt =
      Function && Function->getDefinition() ? Function->getDefinition() : D;
  std::string Written = spell(Type.getNonReferenceType().getUnqualifiedType());
  {
    auto Diag =
        Part.elements()
            ? diag(ReportAt->getLocation(),
                   "%select{variable|parameter|field|function}0 '%1' "
                   "%select{holds|holds|holds|returns}0 Procore IDs as '%2' "
                   "%select{elements|keys}3 (%4); Procore IDs need 64 bits")
                  << Kind << nameOf(D) << Written << Part.Keys
                  << describeNarrowness(Narrow)
            : diag(ReportAt->getLocation(),
                   "%select{variable|parameter|field|function}0 '%1' "
                   "%select{holds|holds|holds|returns}0 a Procore ID as '%2' "
                   "(%3); Procore IDs need 64 bits")
                  << Kind << nameOf(D) << Written << describeNarrowness(Narrow);
    if (Ranges)
      for (SourceRange Range : *Ranges)
        replaceType(Diag, Range, wideType(Type));
  } // the finding is emitted before its note
  explain(D, Why);
  if (Pin)
    diag(Pin->getLocation(),
         "no fix: this assertion pins the layout that widening '%0' changes",
         DiagnosticIDs::Note)
        << nameOf(D);
  if (Address)
    diag(Address->getBeginLoc(),
         "no fix: the address of '%0' goes on here as '%1', which the "
         "widened type does not convert to",
         DiagnosticIDs::Note)
        << nameOf(D) << spell(AddressTarget);
}

namespace {

/// Finds, below one declaration, code that spells a container type beside
/// the declaration \p D that holds one.
class ContainerSpellingFinder
    : public RecursiveASTVisitor<ContainerSpellingFinder> {
public:
  ContainerSpellingFinder(const Decl *D, QualType Container,
                          const IdProof &Proof)
      : D(D), Proof(Proof),
        Container(
            Container.getCanonicalType().getUnqualifiedType().getTypePtr()) {}
  bool Found = false;

  bool VisitDeclaratorDecl(DeclaratorDecl *Other) {
    // Another holder of IDs is widened with D.
    if (Other != D && !isa<FunctionDecl>(Other) && !holdsIds(Other) &&
        !Other->getASTContext().getSourceManager().isInSystemHeader(
            Other->getLocation()))
      Found |= spells(Other->getType());
    return !Found;
  }
  bool VisitTypedefNameDecl(TypedefNameDecl *Alias) {
    Found |= spells(Alias->getUnderlyingType());
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams();
         ++I)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == D)
        Found |= !holdsIds(Callee->getParamDecl(I)) &&
                 spells(Callee->getParamDecl(I)->getType());
    return !Found;
  }

private:
  bool holdsIds(const Decl *Other) const {
    return Proof.isId({Other, false}) || Proof.isId({Other, true});
  }
  bool spells(QualType Written) const {
    Written = Written.getNonReferenceType();
    for (;;) {
      if (const auto *Pointer = Written->getAs<PointerType>())
        Written = Pointer->getPointeeType();
      else if (const ArrayType *Array = Written->getAsArrayTypeUnsafe())
        Written = Array->getElementType();
      else
        break;
    }
    if (Written.getCanonicalType().getUnqualifiedType().getTypePtr() ==
        Container)
      return true;
    // `std::map<int, T>::iterator`: the scope is the container.
    if (const auto *Nested = Written->getAs<ElaboratedType>())
      if (const NestedNameSpecifier *Scope = Nested->getQualifier())
        if (const Type *Outer = Scope->getAsType())
          return Outer->getCanonicalTypeInternal().getTypePtr() == Container;
    return false;
  }

  const Decl *D;
  const IdProof &Proof;
  const Type *Container;
};

} // namespace

const Decl *IdReporter::scopeOf(const Decl *D) {
  const Decl *Scope = Context.getTranslationUnitDecl();
  if (isa<FunctionDecl>(D))
    Scope = D;
  else if (const auto *Param = dyn_cast<ParmVarDecl>(D);
           Param && ownerOf(Param))
    Scope = ownerOf(Param);
  else if (const auto *Local = dyn_cast<VarDecl>(D);
           Local && Local->isLocalVarDecl())
    Scope = dyn_cast<Decl>(Local->getParentFunctionOrMethod());
  else if (const auto *Field = dyn_cast<FieldDecl>(D))
    Scope = Field->getParent();
  return Scope;
}

bool IdReporter::containerSpelledBeside(const Decl *D, QualType Container) {
  const Decl *Scope = scopeOf(D);
  if (!Scope)
    return false;
  ContainerSpellingFinder Finder(D, Container, Proof);
  Finder.TraverseDecl(const_cast<Decl *>(Scope));
  return Finder.Found;
}

namespace {

/// Finds `&D` where the pointer goes on as a pointer to a narrow integer:
/// an `int *` parameter, variable, member or return. A variadic argument
/// (`sscanf(s, "%d", &id)`, whose conversion is fixed apart) or a `void *`
/// takes any pointer.
class NarrowAddressFinder : public RecursiveASTVisitor<NarrowAddressFinder> {
public:
  NarrowAddressFinder(const Decl *D, ASTContext &Context, bool FlagLong)
      : D(D), Context(Context), FlagLong(FlagLong) {}
  const Expr *Found = nullptr;
  QualType Target;

  bool VisitUnaryOperator(UnaryOperator *Address) {
    if (Address->getOpcode() != UO_AddrOf ||
        referencedDecl(Address->getSubExpr()) != nodeOf(D))
      return true;
    QualType To = targetOf(Address);
    if (!To.isNull() && To->isPointerType() &&
        To->getPointeeType()->isIntegerType() &&
        narrownessOf(To->getPointeeType(), FlagLong) != Narrowness::None) {
      Found = Address;
      Target = To;
    }
    return !Found;
  }

private:
  /// The type the pointer is converted to where it goes.
  QualType targetOf(const Expr *E) {
    for (int Guard = 0; Guard < 8; ++Guard) {
      DynTypedNodeList Parents = Context.getParents(*E);
      if (Parents.empty())
        return QualType();
      if (const auto *Paren = Parents[0].get<ParenExpr>()) {
        E = Paren;
        continue;
      }
      if (const auto *Cast = Parents[0].get<ImplicitCastExpr>())
        return Cast->getType(); // `void *`, `const int *`
      if (const auto *Var = Parents[0].get<VarDecl>())
        return Var->getType();
      if (const auto *Assign = Parents[0].get<BinaryOperator>())
        return Assign->isAssignmentOp() ? Assign->getLHS()->getType()
                                        : QualType();
      if (const auto *Call = Parents[0].get<CallExpr>()) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        for (unsigned I = 0; Callee && I < Call->getNumArgs(); ++I)
          if (Call->getArg(I)->IgnoreParens() == E->IgnoreParens())
            return I < Callee->getNumParams()
                       ? Callee->getParamDecl(I)->getType()
                       : QualType();
        return QualType();
      }
      if (Parents[0].get<ReturnStmt>())
        return E->getType(); // the return type, spelled as the pointer's
      return QualType();
    }
    return QualType();
  }

  const Decl *D;
  ASTContext &Context;
  bool FlagLong;
};

} // namespace

const Expr *IdReporter::narrowAddressOf(const Decl *D, QualType &Target) {
  const Decl *Scope = scopeOf(D);
  if (!Scope)
    return nullptr;
  NarrowAddressFinder Finder(D, Context, FlagLong);
  Finder.TraverseDecl(const_cast<Decl *>(Scope));
  Target = Finder.Target;
  return Finder.Found;
}

/// Another function of \p Function's name and number of parameters in the
/// same scope: a call that picks \p Function today may pick it, or become
/// ambiguous, once a parameter's type changes.
static bool hasOverloadOfSameArity(const FunctionDecl *Function) {
  const DeclContext *Scope = Function->getDeclContext()->getRedeclContext();
  return llvm::any_of(
      Scope->lookup(Function->getDeclName()), [&](const NamedDecl *Overload) {
        const FunctionDecl *Other = Overload->getAsFunction();
        return Other &&
               Other->getCanonicalDecl() != Function->getCanonicalDecl() &&
               Other->getNumParams() == Function->getNumParams();
      });
}

/// How a declaration is fixed: every one of its written types, or none.
std::optional<std::vector<SourceRange>>
IdReporter::fixRanges(const Decl *D, llvm::ArrayRef<TypeLoc> Locs,
                      const IdPart &Part, QualType Container) {
  const auto *Function = dyn_cast<FunctionDecl>(D);
  const auto *Param = dyn_cast<ParmVarDecl>(D);
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function ? Function
                                                       : Param  ? ownerOf(Param)
                                                                : nullptr);
  if (Method && Method->isVirtual())
    return std::nullopt; // overrides would break
  // parameterToString(int32_t) beside parameterToString(int64_t): widened,
  // it would redeclare its sibling.
  if (Param && ownerOf(Param) && hasOverloadOfSameArity(ownerOf(Param)))
    return std::nullopt;
  if (D->isInvalidDecl())
    return std::nullopt; // what clang recovered is not what is written
  if (!Function && !Param && sharesTypeSpecifier(cast<DeclaratorDecl>(D)))
    return std::nullopt;
  // Widening one container's key or elements would leave another
  // declaration of the same container type (its iterator, a parameter it
  // is passed to) narrow, and the two would no longer fit together.
  if (Part.K == IdPart::Argument && containerSpelledBeside(D, Container))
    return std::nullopt;
  std::vector<SourceRange> Ranges;
  for (TypeLoc Loc : Locs) {
    std::optional<TypeLoc> Target = writtenPartLoc(Loc, Part);
    if (!Target || !fixable(Target->getSourceRange()))
      return std::nullopt;
    Ranges.push_back(Target->getSourceRange());
  }
  return Ranges;
}

/// static_cast<int>(project_id), (unsigned)user_id.
void IdReporter::reportCast(const ExplicitCastExpr *Cast, bool WithFix) {
  if (!Proof.isIdSource(sourceOf(Cast->getSubExpr())))
    return;
  QualType Type = Cast->getTypeAsWritten();
  auto Diag = diag(Cast->getBeginLoc(),
                   "Procore ID is cast to '%0' (%1); Procore IDs need 64 bits")
              << spell(Type)
              << describeNarrowness(narrownessOf(Type, FlagLong));
  if (const TypeSourceInfo *Info = Cast->getTypeInfoAsWritten();
      Info && WithFix) {
    TypeLoc Loc = writtenScalarLoc(Info->getTypeLoc());
    if (fixable(Loc.getSourceRange()))
      replaceType(Diag, Loc.getSourceRange(), wideType(Type));
  }
}

// `RfiId Rid{J.get<int>()}` whose constructor takes 32 bits: the widened
// call would narrow inside the braces, an error, so the call gets no fix,
// unless that parameter holds an ID the same run widens. The type the
// braces convert the value to is the element's (the implicit conversion
// around it) or the constructor parameter's.
bool IdReporter::wouldNarrowInBraces(const Expr *Call) {
  const Expr *Child = Call;
  for (int Guard = 0; Guard < 8; ++Guard) {
    DynTypedNodeList Parents = Context.getParents(*Child);
    const Expr *Parent = Parents.empty() ? nullptr : Parents[0].get<Expr>();
    if (!Parent)
      return false;
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, ExprWithCleanups,
            CXXBindTemporaryExpr, ParenExpr>(Parent)) {
      Child = Parent;
      continue;
    }
    QualType Target;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent);
        Construct && Construct->isListInitialization()) {
      const CXXConstructorDecl *Constructor = Construct->getConstructor();
      for (unsigned I = 0;
           I < Construct->getNumArgs() && I < Constructor->getNumParams(); ++I)
        if (Construct->getArg(I) == Child) {
          const ParmVarDecl *Param = Constructor->getParamDecl(I);
          if (Proof.isId({Param}))
            return false;
          Target = Param->getType();
        }
    } else if (isa<InitListExpr>(Parent)) {
      Target = Child->getType();
    }
    return !Target.isNull() && Target->isIntegerType() &&
           narrownessOf(Target.getNonReferenceType(), FlagLong) !=
               Narrowness::None;
  }
  return false;
}

/// Narrow JSON reads and text conversions whose value is an ID.
void IdReporter::reportNarrowCall(const CallExpr *Call, bool IntoId) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::string Key;
  bool IdField = Proof.readsIdField(Call, &Key);
  const NarrowCallRule *Rule = narrowCallRule(Call);
  // std::stoi(j["id"].get<std::string>())
  if (Rule && !Rule->IsJson && Call->getNumArgs() > 0) {
    ValueSource Argument = sourceOf(Call->getArg(0));
    IdField = Argument.K == ValueSource::JsonRead &&
              Proof.readsIdField(Argument.E, &Key);
  }
  if (!IdField && !IntoId)
    return;

  // nlohmann get<int>() and value("id", 0): judged by the type they yield,
  // as written when it is a template argument.
  if (!Rule) {
    QualType Result = Call->getType().getCanonicalType();
    const auto *Member =
        dyn_cast<MemberExpr>(Call->getCallee()->IgnoreImplicit());
    const TypeSourceInfo *Written =
        Member && Member->getNumTemplateArgs() == 1
            ? Member->getTemplateArgs()[0].getTypeSourceInfo()
            : nullptr;
    if (Written)
      Result = Written->getType();
    // value("id", std::int64_t{0}) yields the type of its default, which
    // deduction strips of the alias the code wrote (int64_t is `long`).
    else if (Callee->getIdentifier() && Callee->getName() == "value" &&
             Call->getNumArgs() == 2)
      Result = Call->getArg(1)->IgnoreImplicit()->getType();
    Narrowness Narrow = narrownessOf(Result, FlagLong);
    if (Narrow == Narrowness::None)
      return;
    auto Diag = diag(Call->getExprLoc(),
                     "'%0' reads Procore ID%select{| field '%2'}1 as '%3' "
                     "(%4); Procore IDs need 64 bits")
                << Callee->getName() << IdField << Key << spell(Result)
                << describeNarrowness(Narrow);
    if (Written && !wouldNarrowInBraces(Call)) {
      TypeLoc Loc = writtenScalarLoc(Written->getTypeLoc());
      if (fixable(Loc.getSourceRange()))
        replaceType(Diag, Loc.getSourceRange(), wideType(Result));
    }
    return;
  }

  QualType Result = Call->getType();
  SourceLocation NameLoc = Call->getExprLoc();
  const Expr *CalleeExpr = Call->getCallee()->IgnoreImplicit();
  if (const auto *Member = dyn_cast<MemberExpr>(CalleeExpr))
    NameLoc = Member->getMemberLoc();
  else if (const auto *Ref = dyn_cast<DeclRefExpr>(CalleeExpr))
    NameLoc = Ref->getLocation();
  // IsInt() and isInt() accept only the IDs that fit in 32 bits.
  auto Diag =
      Result->isBooleanType()
          ? diag(NameLoc, "'%0' accepts only Procore IDs that fit in 32 "
                          "bits; use '%1'")
                << Callee->getName() << Rule->Wide
          : diag(NameLoc, "'%0' %select{converts a Procore ID to|reads "
                          "Procore ID%select{| field '%3'}2 as}1 "
                          "'%4' (%5); use '%6'")
                << Callee->getName() << Rule->IsJson << IdField << Key
                << spell(Result.getCanonicalType())
                << describeNarrowness(narrownessOf(Result, FlagLong))
                << Rule->Wide;
  // Qt's toInt(&ok) has no 64-bit twin on QJsonValue; its default is fine.
  bool SameArguments =
      !Rule->IsJson || llvm::all_of(Call->arguments(), [](const Expr *Arg) {
        return isa<CXXDefaultArgExpr>(Arg);
      });
  if (Rule->Wide.empty() || !SameArguments || !fixable(SourceRange(NameLoc)) ||
      wouldNarrowInBraces(Call))
    return;
  if (Rule->AddsBase &&
      (Call->getNumArgs() != 2 || !fixable(SourceRange(Call->getRParenLoc()))))
    return;
  Diag << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(NameLoc),
                                       Rule->Wide);
  if (Rule->AddsBase)
    Diag << FixItHint::CreateInsertion(Call->getRParenLoc(), ", 10");
}

/// printf("%d", project_id) and scanf("%d", &project_id).
void IdReporter::reportFormat(const FormatUse &Use) {
  if (!Proof.isIdSource(sourceOf(Use.Argument)) ||
      !llvm::StringRef("diuoxX").contains(Use.Conversion))
    return;
  bool Unsigned = llvm::StringRef("uoxX").contains(Use.Conversion);
  std::string FormatText = literalText(Use.Format);
  llvm::StringRef Spec =
      llvm::StringRef(FormatText).slice(Use.ConversionBegin, Use.End);
  if (Spec.starts_with("ll") || Spec.starts_with("j") ||
      Spec.starts_with("q") || (Spec.starts_with("l") && !FlagLong))
    return; // already 64 bits
  // PRId64 matches int64_t; Qt's qint64 and 'long long' want %lld.
  llvm::StringRef Type = Unsigned ? Wide.Unsigned : Wide.Signed;
  bool LongLong = Wide.PrintfLongLong || Type == "qint64" ||
                  Type == "quint64" || Type.contains("long long");
  std::string Macro = std::string(Use.Scans ? "SCN" : "PRI") +
                      (Use.Conversion == 'i' ? 'd' : Use.Conversion) + "64";
  std::string Replacement =
      LongLong ? std::string("ll") + Use.Conversion : "\" " + Macro + " \"";
  auto Diag =
      diag(locationOfUnit(Use.Format, Use.ConversionBegin, SM, LangOpts),
           "'%%%0' %select{formats|reads}1 a Procore ID in fewer than 64 "
           "bits; use %2")
      << Spec << Use.Scans << (LongLong ? "'%" + Replacement + "'" : Macro);
  std::optional<CharSourceRange> Range = formatFixRange(Use);
  if (!Range)
    return;
  // "id=%d" -> "id=%" PRId64, not "id=%" PRId64 ""
  if (!LongLong && Use.End == FormatText.size() &&
      *SM.getCharacterData(Range->getEnd()) == '"') {
    Range->setEnd(Range->getEnd().getLocWithOffset(1));
    Replacement.resize(Replacement.size() - 2);
  }
  Diag << FixItHint::CreateReplacement(*Range, Replacement);
  if (!LongLong)
    addInclude(Diag, Range->getBegin(),
               LangOpts.CPlusPlus ? "<cinttypes>" : "<inttypes.h>");
}

std::optional<CharSourceRange>
IdReporter::formatFixRange(const FormatUse &Use) const {
  // A wide or UTF literal cannot take PRId64, which is an ordinary string.
  if (!Use.Format->isOrdinary())
    return std::nullopt;
  std::optional<CharSourceRange> Range =
      spellingOfUnits(Use.Format, Use.ConversionBegin, Use.End, SM, LangOpts);
  if (!Range || !fixable(Range->getAsRange()))
    return std::nullopt;
  return Range;
}

/// An ID passed to library code whose parameter is narrow and that has no
/// wider overload to pick once the ID is widened; no fix.
void IdReporter::reportLibrarySink(const LibrarySink &Sink) {
  if (!Proof.isIdSource(Sink.From))
    return;
  // An ID already narrow where it is declared is reported there; widened,
  // it picks another overload.
  if (narrownessOf(Sink.Argument->IgnoreImplicit()->getType(), FlagLong) !=
      Narrowness::None)
    return;
  // QString::number(id), std::to_string(id): another overload takes the
  // widened ID.
  if (hasOverloadOfSameArity(Sink.Callee))
    return;
  diag(Sink.Argument->getBeginLoc(),
       "Procore ID '%0' is passed to '%1' as '%2' (%3); Procore IDs need 64 "
       "bits")
      << nameOf(Sink.From.D) << Sink.Callee->getQualifiedNameAsString()
      << spell(Sink.ParamType)
      << describeNarrowness(narrownessOf(Sink.ParamType, FlagLong));
}

} // namespace clang::tidy::procore::idwidth
