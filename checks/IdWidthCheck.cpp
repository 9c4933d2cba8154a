//===--- IdWidthCheck.cpp - procore-id-width ------------------------------===//
//
// Reads top to bottom as: what it matches (declarations, the flows of values
// between them, casts, conversions, format strings), what it proves (which
// declarations hold Procore IDs: evidence, then propagation along flows),
// what it reports, and how it fixes.
//
//===----------------------------------------------------------------------===//

#include "IdWidthCheck.h"
#include "IdWidthModel.h"
#include "RequestAnalysis.h"
#include "StringTracer.h"
#include "WriteIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::procore {

namespace {

/// Where a value comes from, as far as its width is concerned.
struct ValueSource {
  enum Kind { None, Declaration, JsonRead, Conversion, BigLiteral } K = None;
  const Decl *D = nullptr; ///< Declaration: a variable, field or function.
  const Expr *E = nullptr; ///< The call or literal of the other kinds.
};

/// What holds a value: a declaration, or the keys of a map declaration (a
/// map from project ids to names holds IDs in its keys, not its elements).
struct Holder {
  const Decl *D = nullptr;
  bool Keys = false;
  bool operator==(const Holder &Other) const {
    return D == Other.D && Keys == Other.Keys;
  }
};

/// A value moving from a source into a holder: an initializer, an
/// assignment, an argument, a return, an element or key added to a
/// container, a key looked up in one.
struct Flow {
  ValueSource From;
  Holder To;
  const Expr *Site;
};

/// Why a declaration holds a Procore ID.
struct Evidence {
  enum Kind {
    ResourceName, ///< Named after a Procore resource, in a Procore file.
    JsonField,    ///< Read from a JSON field named like an ID.
    SentToProcore,
    ProcoreRecord, ///< A member of a type filled from a Procore response.
    FromId,        ///< Receives another ID.
    IntoId,        ///< Is stored in another ID.
    BigLiteral,    ///< Holds a literal above 32 bits.
  } K;
  const Expr *Site = nullptr;
  const Decl *Other = nullptr;
  std::string Text;
};

/// One printf/scanf conversion whose argument may be an ID.
struct FormatUse {
  const StringLiteral *Format;
  size_t ConversionBegin; ///< Code unit of the length modifier, if any.
  size_t End;
  char Conversion;
  bool Scans;
  const Expr *Argument;
};

/// A narrow parameter of a library function that receives a value.
struct LibrarySink {
  const Expr *Argument;
  const FunctionDecl *Callee;
  QualType ParamType;
  ValueSource From;
};

} // namespace
} // namespace clang::tidy::procore

template <> struct llvm::DenseMapInfo<clang::tidy::procore::Holder> {
  using Holder = clang::tidy::procore::Holder;
  using DeclInfo = DenseMapInfo<const clang::Decl *>;
  static Holder getEmptyKey() { return {DeclInfo::getEmptyKey()}; }
  static Holder getTombstoneKey() { return {DeclInfo::getTombstoneKey()}; }
  static unsigned getHashValue(const Holder &H) {
    return DeclInfo::getHashValue(H.D) * 2 + H.Keys;
  }
  static bool isEqual(const Holder &A, const Holder &B) { return A == B; }
};

namespace clang::tidy::procore {
namespace {

constexpr llvm::StringLiteral DeclBinding = "decl";
constexpr llvm::StringLiteral CallBinding = "call";
constexpr llvm::StringLiteral ConstructBinding = "construct";
constexpr llvm::StringLiteral AssignBinding = "assign";
constexpr llvm::StringLiteral CastBinding = "cast";
constexpr llvm::StringLiteral LiteralBinding = "literal";
constexpr llvm::StringLiteral RangeForBinding = "rangefor";
constexpr llvm::StringLiteral InitListBinding = "initlist";

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

/// The NarrowCallRule a call follows, if any.
const NarrowCallRule *narrowCallRule(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  if (const CXXRecordDecl *Class = classOfMethod(Callee))
    return findNarrowCall(plainQualifiedName(Class), Callee->getName());
  return findNarrowCall("", plainQualifiedName(Callee));
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

bool isContainer(QualType Type);

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

const ContainerRule *findContainerOf(QualType Type);

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
  if (const Decl *D = referencedDecl(E)) {
    Source.K = ValueSource::Declaration;
    Source.D = D;
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
  if (isa<CXXOperatorCallExpr>(Call))
    return Source;
  if (const NarrowCallRule *Rule = narrowCallRule(Call)) {
    Source.K = Rule->IsJson ? ValueSource::JsonRead : ValueSource::Conversion;
    Source.E = Call;
    return Source;
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

/// Code unit ranges of the conversions of a printf or scanf format.
struct FormatConversion {
  size_t ConversionBegin;
  size_t End;
  char Conversion;
  unsigned Argument; ///< Index among the variadic arguments.
};

/// Parses \p Format as C's printf or scanf does; empty on positional
/// arguments ("%1$d"), which this check does not follow.
std::vector<FormatConversion> parseFormat(llvm::StringRef Format, bool Scans) {
  std::vector<FormatConversion> Result;
  unsigned Argument = 0;
  for (size_t I = 0; I < Format.size(); ++I) {
    if (Format[I] != '%')
      continue;
    size_t J = I + 1;
    if (J < Format.size() && Format[J] == '%') {
      I = J;
      continue;
    }
    bool Assigns = true;
    if (Scans && J < Format.size() && Format[J] == '*') {
      Assigns = false;
      ++J;
    }
    // Flags, width, precision; '*' takes an argument in printf.
    while (J < Format.size() &&
           llvm::StringRef("-+ #0'123456789.*$").contains(Format[J])) {
      if (Format[J] == '$')
        return {};
      if (Format[J] == '*' && !Scans)
        ++Argument;
      ++J;
    }
    size_t ConversionBegin = J;
    while (J < Format.size() && llvm::StringRef("hljztLq").contains(Format[J]))
      ++J;
    if (J >= Format.size())
      break;
    char Conversion = Format[J];
    if (Conversion == '[') { // scanf sets: %[a-z]
      while (J < Format.size() && Format[J] != ']')
        ++J;
    }
    if (Assigns)
      Result.push_back({ConversionBegin, J + 1, Conversion, Argument++});
    I = J;
  }
  return Result;
}

} // namespace

/// What the translation unit showed, gathered while matching.
struct IdWidthCheck::Facts {
  explicit Facts(ASTContext &Context) : Context(Context), Tracer(Context) {}

  ASTContext &Context;
  StringTracer Tracer;
  /// A literal that calls or names the Procore API, if the file has one.
  const StringLiteral *ProcoreLiteral = nullptr;
  /// Declarations whose name says they hold IDs, in the order seen.
  llvm::MapVector<const Decl *, IdName> IdNamed;
  llvm::DenseMap<const Decl *, std::optional<IdName>> NameCache;
  /// ID-named declarations used in an expression that builds a request,
  /// with the literal texts of that expression.
  struct RequestUse {
    const Decl *D;
    const Expr *Site;
    std::shared_ptr<std::vector<std::string>> Texts;
  };
  std::vector<RequestUse> RequestUses;
  std::vector<Flow> Flows;
  std::vector<const ExplicitCastExpr *> Casts;
  std::vector<const CallExpr *> NarrowCalls;
  std::vector<FormatUse> FormatUses;
  std::vector<LibrarySink> LibrarySinks;
  /// Records with a member filled from JSON, and where.
  llvm::MapVector<const RecordDecl *, const Expr *> JsonRecords;
  /// Calls of configured request wrappers whose arguments go to Procore.
  std::vector<const Expr *> WrapperArguments;
  /// Values joined into a URL right after a path segment, with the text
  /// before them: `"/rest/v1.0/projects/" + std::to_string(Project)`.
  std::vector<std::pair<const Expr *, std::string>> PathValues;

  /// The integers a call joins into text, with the text before each:
  /// `Base + std::to_string(Project)`, `Stream << Path << Project`,
  /// `fmt::format("/projects/{}/rfis", Project)`,
  /// `QString("/projects/%1").arg(Project)`. printf's are in FormatUses.
  void addPathValues(const CallExpr *Call) {
    auto Add = [&](const Expr *Value,
                   llvm::function_ref<std::string()> Before) {
      const Decl *D = referencedDecl(stripCarriers(Value));
      if (D && isFlowTarget(D))
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
          std::vector<const Expr *> Operands =
              StringTracer::streamOperands(Left);
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

  /// Records that \p Value is stored in \p To (in its keys, for \p Keys),
  /// if it comes from somewhere the proof follows.
  void addFlow(const Expr *Value, const Decl *To, bool Keys = false) {
    if (!Value || !To || !isFlowTarget(To))
      return;
    ValueSource From = sourceOf(Value);
    if (From.K != ValueSource::None)
      Flows.push_back({From, {nodeOf(To), Keys}, Value});
  }

  /// The flows of a container operation. Stored: `ids << id`, push_back,
  /// insert, emplace, `names[id]` (a key). Looked up: count, find,
  /// contains, std::find over its range; what is looked up in a container
  /// is of the kind it holds, so an ID looked up in a map makes its keys IDs.
  void addContainerFlows(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee->getIdentifier() && !isa<CXXOperatorCallExpr>(Call))
      return;
    // std::find(ids.begin(), ids.end(), id)
    if (Call->getNumArgs() == 3 && Callee->isInStdNamespace() &&
        llvm::is_contained({"find", "count", "binary_search", "lower_bound",
                            "upper_bound", "equal_range"},
                           Callee->getName())) {
      if (const auto *Begin = dyn_cast<CXXMemberCallExpr>(
              Call->getArg(0)->IgnoreParenImpCasts()))
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
                                   "at", "value", "remove", "take",
                                   "lower_bound", "upper_bound", "equal_range"},
                                  Name))
      addFlow(Args[0], Container, /*Keys=*/true);
    else if (!Map && Args[0]->getType()->isArithmeticType() &&
             llvm::is_contained({"count", "find", "contains", "indexOf",
                                 "removeOne", "removeAll"},
                                Name))
      addFlow(Args[0], Container);
  }

  /// Walks a function body top-down: its returns flow into \p Function,
  /// and each full expression is scanned for IDs sent to Procore. Top-down,
  /// so that no parent map of the whole translation unit is built.
  void scanBody(const Stmt *S, const FunctionDecl *Function,
                const IdNameClassifier &Classifier) {
    if (!S)
      return;
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      addFlow(Return->getRetValue(), Function);
      scanFullExpression(Return->getRetValue(), Classifier);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      scanFullExpression(E, Classifier);
      return;
    }
    if (const auto *Declarations = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declarations->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          scanFullExpression(Var->getInit(), Classifier);
      return;
    }
    for (const Stmt *Child : S->children())
      scanBody(Child, Function, Classifier);
  }

  /// If \p Root uses an ID-named variable or member and is built from
  /// text, remembers the texts, to judge at the end whether it is a request.
  void scanFullExpression(const Expr *Root,
                          const IdNameClassifier &Classifier) {
    if (!Root)
      return;
    std::vector<const Expr *> IdUses, TextReads;
    auto Texts = std::make_shared<std::vector<std::string>>();
    collectUses(Root, Classifier, IdUses, TextReads, *Texts);
    if (IdUses.empty())
      return;
    for (const Expr *Read : TextReads) {
      const auto *Ref = dyn_cast<DeclRefExpr>(Read);
      const auto *Member = dyn_cast<MemberExpr>(Read);
      TracedString Traced = Tracer.traceDeclaration(
          Ref ? Ref->getDecl() : Member->getMemberDecl());
      if (Traced.hasKnownText())
        Texts->push_back(Traced.text());
    }
    if (Texts->empty())
      return;
    for (const Expr *Use : IdUses)
      RequestUses.push_back({referencedDecl(Use), Use, Texts});
  }

  void collectUses(const Stmt *S, const IdNameClassifier &Classifier,
                   std::vector<const Expr *> &IdUses,
                   std::vector<const Expr *> &TextReads,
                   std::vector<std::string> &Texts) {
    if (!S)
      return;
    if (const auto *Literal = dyn_cast<StringLiteral>(S)) {
      Texts.push_back(literalText(Literal));
      return;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      scanBody(Lambda->getBody(), Lambda->getCallOperator(), Classifier);
      return;
    }
    if (isa<DeclRefExpr, MemberExpr>(S))
      if (const Decl *D = referencedDecl(cast<Expr>(S))) {
        if (idName(D, Classifier))
          IdUses.push_back(cast<Expr>(S));
        else if (!cast<ValueDecl>(D)->getType()->isIntegerType())
          TextReads.push_back(cast<Expr>(S));
      }
    for (const Stmt *Child : S->children())
      collectUses(Child, Classifier, IdUses, TextReads, Texts);
  }

  const IdName *idName(const Decl *D, const IdNameClassifier &Classifier) {
    auto [It, Inserted] = NameCache.try_emplace(D);
    if (Inserted)
      if (const auto *Named = dyn_cast<NamedDecl>(D);
          Named && Named->getIdentifier())
        It->second = Classifier.classify(Named->getName());
    return It->second ? &*It->second : nullptr;
  }
};

IdWidthCheck::IdWidthCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      // Read as text: clang-tidy's bool specialisation does not link from
      // code built by another compiler than clang-tidy's own.
      FlagLong(!llvm::StringRef(Options.get("FlagLong", "true"))
                    .equals_insensitive("false") &&
               Options.get("FlagLong", "true") != "0"),
      IdType(Options.get("IdType", "")),
      UnsignedIdType(Options.get("UnsignedIdType", "")),
      ExtraResourceNames(Options.get("ExtraResourceNames", "")),
      RequestFunctions(Options.getLocalOrGlobal("RequestFunctions", "")),
      PrintfUsesLongLong(Options.get("PrintfFormat", "PRId64") == "lld"),
      Classifier(splitOptionList(ExtraResourceNames)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  std::string Error;
  if (!parseWrapperRules(RequestFunctions, Wrappers, Error))
    configurationDiag("%0") << Error;
  llvm::StringRef Format = Options.get("PrintfFormat", "PRId64");
  if (Format != "PRId64" && Format != "lld")
    configurationDiag("invalid PrintfFormat '%0' for %1; use 'PRId64' or 'lld'")
        << Format << Name;
}

IdWidthCheck::~IdWidthCheck() = default;

void IdWidthCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FlagLong", FlagLong ? "true" : "false");
  Options.store(Opts, "IdType", IdType);
  Options.store(Opts, "UnsignedIdType", UnsignedIdType);
  Options.store(Opts, "ExtraResourceNames", ExtraResourceNames);
  Options.store(Opts, "RequestFunctions", RequestFunctions);
  Options.store(Opts, "PrintfFormat", PrintfUsesLongLong ? "lld" : "PRId64");
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void IdWidthCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                       Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

//===--- What it matches --------------------------------------------------===//

// Only what the code spells: template instantiations and implicit code are
// not traversed, so no matcher needs the parent map to skip them.
std::optional<TraversalKind> IdWidthCheck::getCheckTraversalKind() const {
  return TK_IgnoreUnlessSpelledInSource;
}

void IdWidthCheck::registerMatchers(MatchFinder *Finder) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder->addMatcher(namedDecl(InUserCode, unless(isImplicit()),
                               anyOf(varDecl(), fieldDecl(), functionDecl(),
                                     typedefNameDecl()))
                         .bind(DeclBinding),
                     this);
  Finder->addMatcher(callExpr(InUserCode).bind(CallBinding), this);
  Finder->addMatcher(cxxConstructExpr(InUserCode).bind(ConstructBinding), this);
  Finder->addMatcher(
      binaryOperator(InUserCode, hasOperatorName("=")).bind(AssignBinding),
      this);
  Finder->addMatcher(explicitCastExpr(InUserCode).bind(CastBinding), this);
  Finder->addMatcher(stringLiteral(InUserCode).bind(LiteralBinding), this);
  Finder->addMatcher(cxxForRangeStmt(InUserCode).bind(RangeForBinding), this);
  Finder->addMatcher(initListExpr(InUserCode).bind(InitListBinding), this);
}

namespace {

/// Whether \p Text shows a Procore API call: a Procore host, a REST or
/// vapid path, or the company header.
bool isProcoreApiText(llvm::StringRef Text, const HostTable &Hosts) {
  return !findProcoreUrls(Text, Hosts).empty() ||
         Text.contains_insensitive("/rest/v1.") ||
         Text.contains_insensitive("/rest/v2.") ||
         Text.contains_insensitive("/vapid/") ||
         Text.contains_insensitive("procore-company-id");
}

} // namespace

void IdWidthCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Seen)
    Seen = std::make_unique<Facts>(*Result.Context);
  Facts &F = *Seen;
  auto AddFlow = [&](const Expr *Value, const Decl *To) {
    F.addFlow(Value, To);
  };

  if (const auto *D = Result.Nodes.getNodeAs<Decl>(DeclBinding)) {
    if (const IdName *Name = F.idName(D, Classifier))
      F.IdNamed.insert({nodeOf(D), *Name});
    if (const auto *Var = dyn_cast<VarDecl>(D); Var && !isa<ParmVarDecl>(Var))
      if (const Expr *Init = Var->getInit();
          Init && !Var->isCXXForRangeDecl()) {
        AddFlow(Init, Var);
        if (!Var->isLocalVarDecl())
          F.scanFullExpression(Init, Classifier); // locals: with their body
      }
    if (const auto *Field = dyn_cast<FieldDecl>(D)) {
      AddFlow(Field->getInClassInitializer(), Field);
      F.scanFullExpression(Field->getInClassInitializer(), Classifier);
    }
    if (const auto *Function = dyn_cast<FunctionDecl>(D);
        Function && Function->doesThisDeclarationHaveABody()) {
      if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
        for (const CXXCtorInitializer *Init : Constructor->inits())
          if (Init->isWritten() && Init->getMember()) {
            AddFlow(Init->getInit(), Init->getMember());
            F.scanFullExpression(Init->getInit(), Classifier);
          }
      F.scanBody(Function->getBody(), Function, Classifier);
    }
    // nlohmann's from_json(const json&, T&) fills T from JSON.
    if (const auto *Function = dyn_cast<FunctionDecl>(D);
        Function && Function->getIdentifier() &&
        Function->getName() == "from_json" && Function->getNumParams() == 2)
      if (const CXXRecordDecl *Record = Function->getParamDecl(1)
                                            ->getType()
                                            .getNonReferenceType()
                                            ->getAsCXXRecordDecl())
        F.JsonRecords.insert({Record, nullptr});
    return;
  }

  if (const auto *Literal =
          Result.Nodes.getNodeAs<StringLiteral>(LiteralBinding)) {
    if (!F.ProcoreLiteral && isProcoreApiText(literalText(Literal), Hosts))
      F.ProcoreLiteral = Literal;
    return;
  }

  if (const auto *Assign =
          Result.Nodes.getNodeAs<BinaryOperator>(AssignBinding)) {
    const Decl *Target = referencedDecl(Assign->getLHS());
    AddFlow(Assign->getRHS(),
            Target ? Target : indexedContainer(Assign->getLHS()));
    return;
  }

  if (const auto *RangeFor =
          Result.Nodes.getNodeAs<CXXForRangeStmt>(RangeForBinding)) {
    AddFlow(RangeFor->getRangeInit(), RangeFor->getLoopVariable());
    return;
  }

  // Row{Item["id"].get<int>(), ...} and C's {.id = atoi(Text)}.
  if (const auto *List =
          Result.Nodes.getNodeAs<InitListExpr>(InitListBinding)) {
    if (const InitListExpr *Semantic = List->getSemanticForm())
      List = Semantic;
    const RecordDecl *Record = List->getType()->getAsRecordDecl();
    if (!Record || Record->isUnion())
      return;
    for (const FieldDecl *Field : Record->fields())
      if (const Expr *Init = initializerOfMember(List, Field))
        AddFlow(Init, Field);
    return;
  }

  if (const auto *Cast =
          Result.Nodes.getNodeAs<ExplicitCastExpr>(CastBinding)) {
    if (narrownessOf(Cast->getTypeAsWritten(), FlagLong) != Narrowness::None)
      F.Casts.push_back(Cast);
    return;
  }

  // Calls and constructions: arguments flow into parameters.
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  std::vector<const Expr *> ArgStorage;
  const CallExpr *Call = Result.Nodes.getNodeAs<CallExpr>(CallBinding);
  if (Call) {
    Callee = Call->getDirectCallee();
    ArgStorage.assign(Call->arg_begin(), Call->arg_end());
  } else if (const auto *Construct =
                 Result.Nodes.getNodeAs<CXXConstructExpr>(ConstructBinding)) {
    Callee = Construct->getConstructor();
    ArgStorage.assign(Construct->arg_begin(), Construct->arg_end());
  }
  if (!Callee)
    return;
  Args = ArgStorage;
  std::string CalleeName = plainQualifiedName(Callee);

  if (Call) {
    if (const NarrowCallRule *Rule = narrowCallRule(Call);
        Rule && (FlagLong || !Rule->OnlyWhenFlagLong))
      F.NarrowCalls.push_back(Call);
    else if (isJsonValueCall(Call) && Callee->getIdentifier() &&
             llvm::is_contained({"get", "value", "getValue", "optValue"},
                                Callee->getName()))
      F.NarrowCalls.push_back(Call); // judged by its result type
    // j["id"].get_to(project_id)
    if (isJsonValueCall(Call) && Callee->getIdentifier() &&
        Callee->getName() == "get_to" && Call->getNumArgs() == 1)
      if (const Decl *Target = referencedDecl(Call->getArg(0))) {
        ValueSource From{ValueSource::JsonRead, nullptr, Call};
        F.Flows.push_back({From, {Target}, Call});
      }
    F.addContainerFlows(Call);
    if (std::optional<FormatFunctionRule> Format =
            formatRuleOf(Callee, CalleeName);
        Format && Format->FormatArgument < Call->getNumArgs())
      if (const auto *Literal = dyn_cast<StringLiteral>(
              Call->getArg(Format->FormatArgument)->IgnoreParenImpCasts())) {
        unsigned First = Format->FormatArgument + 1;
        for (const FormatConversion &Conversion :
             parseFormat(literalText(Literal), Format->Scans))
          if (First + Conversion.Argument < Call->getNumArgs())
            F.FormatUses.push_back({Literal, Conversion.ConversionBegin,
                                    Conversion.End, Conversion.Conversion,
                                    Format->Scans,
                                    Call->getArg(First + Conversion.Argument)});
      }
    F.addPathValues(Call);
    if (llvm::any_of(Wrappers, [&](const WrapperRule &Rule) {
          return Rule.Callee == CalleeName;
        }))
      F.WrapperArguments.insert(F.WrapperArguments.end(), Args.begin(),
                                Args.end());
    if (isa<CXXOperatorCallExpr>(Call))
      return; // operator arguments are not parameters of a declaration
  }

  // What a container's own methods store is judged at the container.
  if (const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Call);
      Member && isContainer(Member->getImplicitObjectArgument()->getType()))
    return;
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    const ParmVarDecl *Param = Callee->getParamDecl(I);
    // Library code, even where it is not a system header (Qt through -I):
    // a parameter of a header that is not named like an ID is not the
    // user's to widen; the call is reported instead.
    const SourceManager &SM = Result.Context->getSourceManager();
    bool Library = isInSystemHeader(Callee) || isTemplateInstance(Param) ||
                   (!SM.isInMainFile(Param->getLocation()) &&
                    !F.idName(Param, Classifier));
    if (!Library) {
      AddFlow(Args[I], Param);
      continue;
    }
    ValueSource From = sourceOf(Args[I]);
    if (From.K == ValueSource::Declaration &&
        !typeComesFromTemplateArgument(Param) &&
        narrownessOf(Param->getType(), FlagLong) != Narrowness::None)
      F.LibrarySinks.push_back({Args[I], Callee, Param->getType(), From});
  }
}

//===--- What it proves ---------------------------------------------------===//

namespace {

/// The text of the key a JSON read reads, when the code spells it.
std::optional<std::string> jsonKeyOf(const CallExpr *Read,
                                     StringTracer &Tracer) {
  const Expr *Key = nullptr;
  const Expr *Receiver = jsonReceiver(Read);
  // v.at("id").as_number().to_int32(): the key is further in.
  while (Receiver && !keyArgument(Receiver)) {
    const auto *Inner =
        dyn_cast<CXXMemberCallExpr>(stripValueWrappers(Receiver));
    if (!Inner || Inner->getNumArgs() != 0 || !isJsonValueCall(Inner))
      break;
    Receiver = Inner->getImplicitObjectArgument();
  }
  if (Receiver)
    Key = keyArgument(Receiver);
  // obj.value("id", 0) and obj.value("id").toInt()
  if (!Key && isJsonValueCall(Read))
    Key = keyArgument(Read);
  if (!Key)
    return std::nullopt;
  TracedString Text = Tracer.trace(Key);
  if (!Text.hasKnownText() ||
      Text.text().find(UnknownText) != std::string::npos)
    return std::nullopt;
  return Text.text();
}

} // namespace

namespace {

/// Which declarations hold Procore IDs, and why.
class IdProof {
public:
  IdProof(IdWidthCheck::Facts &F, const IdNameClassifier &Classifier,
          const HostTable &Hosts)
      : F(F), Classifier(Classifier), Hosts(Hosts) {}

  bool talksToProcore() const { return F.ProcoreLiteral != nullptr; }

  /// Whether a JSON read reads a field named like an ID, in a file that
  /// talks to Procore; its key goes to \p Key.
  bool readsIdField(const Expr *Read, std::string *Key = nullptr) {
    const auto *Call = dyn_cast_or_null<CallExpr>(Read);
    if (!Call || !talksToProcore())
      return false;
    std::optional<std::string> Text = jsonKeyOf(Call, F.Tracer);
    if (!Text || !Classifier.classify(*Text))
      return false;
    if (Key)
      *Key = *Text;
    return true;
  }

  bool isId(Holder H) const { return Ids.count(H); }
  /// The IDs in the order they were proven.
  const llvm::MapVector<Holder, Evidence> &ids() const { return Ids; }

  bool isIdSource(const ValueSource &Source) {
    if (Source.K == ValueSource::Declaration)
      return isId({Source.D});
    if (Source.K == ValueSource::JsonRead)
      return readsIdField(Source.E);
    return false;
  }

  /// The strongest evidence first: it is the one the note shows.
  void prove() {
    seedFromFlows();
    seedFromUses();
    seedFromNames();
    propagate();
  }

private:
  void add(Holder H, Evidence E) { Ids.insert({H, std::move(E)}); }

  void seedFromNames() {
    if (!talksToProcore())
      return;
    for (const auto &[D, Name] : F.IdNamed) {
      if (!Name.Resource.empty())
        add({D, Name.Shape == IdName::KeyedBy},
            {Evidence::ResourceName, nullptr, nullptr, Name.Resource});
    }
  }

  void seedFromUses() {
    auto NamesResourcePath = [&](llvm::StringRef Text) {
      llvm::SmallVector<llvm::StringRef, 8> Segments;
      Text.split(Segments, '/');
      return Segments.size() > 1 &&
             llvm::any_of(Segments, [&](llvm::StringRef Segment) {
               return !Classifier.resourceIn(Segment).empty();
             });
    };
    for (const IdWidthCheck::Facts::RequestUse &Use : F.RequestUses) {
      for (const std::string &Text : *Use.Texts) {
        bool Api = isProcoreApiText(Text, Hosts);
        bool InProcoreFile =
            talksToProcore() && (NamesResourcePath(Text) ||
                                 // body["project_id"] = id
                                 (Classifier.classify(Text) &&
                                  !llvm::StringRef(Text).contains(' ')));
        if (Api || InProcoreFile) {
          add({Use.D}, {Evidence::SentToProcore, Use.Site, nullptr, Text});
          break;
        }
      }
    }
    for (const Expr *Argument : F.WrapperArguments)
      if (const Decl *D = referencedDecl(stripCarriers(Argument)))
        if (F.idName(D, Classifier))
          add({D}, {Evidence::SentToProcore, Argument, nullptr, ""});
    // The value that follows a resource's segment in a REST path is that
    // resource's ID, whatever its name: `/projects/%" PRId64` with
    // g_project, `"/projects/" + std::to_string(project)`.
    auto InRestPath = [&](const Expr *Value, llvm::StringRef Before) {
      if (!Before.contains("/rest/v") && !Before.contains("/vapid/"))
        return;
      if (!Before.consume_back("/"))
        return;
      llvm::StringRef Segment = Before.rsplit('/').second;
      if (Classifier.resourceIn(Segment).empty())
        return;
      if (const Decl *D = referencedDecl(stripCarriers(Value));
          D && isFlowTarget(D) && mayBecomeId(D))
        add({D}, {Evidence::SentToProcore, Value, nullptr, ""});
    };
    for (const FormatUse &Use : F.FormatUses) {
      if (Use.Scans)
        continue;
      std::string Text = literalText(Use.Format);
      llvm::StringRef Before =
          llvm::StringRef(Text).take_front(Use.ConversionBegin);
      Before = Before.rtrim("-+ #0123456789.*");
      if (Before.consume_back("%"))
        InRestPath(Use.Argument, Before);
    }
    for (const auto &[Value, Before] : F.PathValues)
      InRestPath(Value, Before);
  }

  void seedFromFlows() {
    for (const Flow &Flow : F.Flows) {
      std::string Key;
      if (Flow.From.K == ValueSource::JsonRead &&
          readsIdField(Flow.From.E, &Key) && mayBecomeId(Flow.To.D))
        add(Flow.To, {Evidence::JsonField, Flow.Site, nullptr, Key});
      else if (Flow.From.K == ValueSource::BigLiteral &&
               F.idName(Flow.To.D, Classifier))
        add(Flow.To, {Evidence::BigLiteral, Flow.From.E, nullptr, ""});
      // A member read from JSON makes its record one filled from JSON.
      if (Flow.From.K == ValueSource::JsonRead && !Flow.To.Keys)
        if (const auto *Field = dyn_cast<FieldDecl>(Flow.To.D))
          F.JsonRecords.insert({Field->getParent(), Flow.Site});
    }
    // Members of records filled from JSON, found after the names were seen.
    if (talksToProcore())
      for (const auto &[D, Name] : F.IdNamed)
        if (const auto *Field = dyn_cast<FieldDecl>(D)) {
          auto Record = F.JsonRecords.find(Field->getParent());
          if (Record != F.JsonRecords.end())
            add({D}, {Evidence::ProcoreRecord, Record->second,
                      Field->getParent(), ""});
        }
  }

  /// Values move both ways: an ID stored somewhere makes that an ID; a
  /// value stored in an ID makes its ID-named source one. The flows are
  /// swept in order until none proves a new ID; a flow is looked at again
  /// only when one of its ends has become an ID since, so each link of a
  /// chain written backwards costs the flows it touches, not all of them.
  void propagate() {
    llvm::DenseMap<Holder, llvm::SmallVector<size_t, 2>> Touching;
    std::set<size_t> ThisSweep, NextSweep;
    for (size_t I = 0; I < F.Flows.size(); ++I) {
      const Flow &Flow = F.Flows[I];
      if (Flow.From.K != ValueSource::Declaration)
        continue;
      Touching[{Flow.From.D}].push_back(I);
      Touching[Flow.To].push_back(I);
      ThisSweep.insert(I);
    }
    auto Proven = [&](Holder H, Evidence E, size_t At) {
      add(H, std::move(E));
      for (size_t Other : Touching[H])
        (Other > At ? ThisSweep : NextSweep).insert(Other);
    };
    while (!ThisSweep.empty()) {
      while (!ThisSweep.empty()) {
        size_t At = *ThisSweep.begin();
        ThisSweep.erase(ThisSweep.begin());
        const Flow &Flow = F.Flows[At];
        Holder From{Flow.From.D};
        if (isId(From) && !isId(Flow.To) && !returnsOwnParameter(Flow) &&
            mayBecomeId(Flow.To.D))
          Proven(Flow.To, {Evidence::FromId, Flow.Site, From.D, ""}, At);
        else if (isId(Flow.To) && !isId(From) && F.idName(From.D, Classifier))
          Proven(From, {Evidence::IntoId, Flow.Site, Flow.To.D, ""}, At);
      }
      std::swap(ThisSweep, NextSweep);
    }
  }

  /// A declaration not named like an ID becomes one by receiving an ID
  /// only in the file being analysed: a header's generic 'int value' is
  /// shared by code that never sees an ID.
  bool mayBecomeId(const Decl *D) {
    return F.idName(D, Classifier) ||
           F.Context.getSourceManager().isInMainFile(D->getLocation());
  }

  /// int clamp(int v) { return v; }: the return of a function that passes
  /// a parameter through is not an ID for every caller because one passes
  /// an ID.
  static bool returnsOwnParameter(const Flow &Flow) {
    const auto *Param = dyn_cast<ParmVarDecl>(Flow.From.D);
    const FunctionDecl *Owner = Param ? ownerOf(Param) : nullptr;
    return Owner && Flow.To == Holder{nodeOf(Owner)};
  }

  IdWidthCheck::Facts &F;
  const IdNameClassifier &Classifier;
  const HostTable &Hosts;
  llvm::MapVector<Holder, Evidence> Ids;
};

} // namespace

//===--- What it reports, and how it fixes --------------------------------===//

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

/// Which part of a declared type holds the IDs: all of it, a container's
/// template argument (its elements or a map's keys), an array's elements.
struct IdPart {
  enum Kind { Whole, Argument, ArrayElement } K = Whole;
  unsigned Index = 0; ///< The template argument.
  bool Keys = false;
  bool elements() const { return K != Whole; }
};

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

namespace {

/// The 64-bit types and formats fixes write in one translation unit.
struct WideTypes {
  std::string Signed;
  std::string Unsigned;
  bool PrintfLongLong; ///< %lld rather than PRId64.
};

/// Writes the findings of one translation unit: the message, the note with
/// the evidence, and the fix-its.
class IdReporter {
public:
  IdReporter(ClangTidyCheck &Check, utils::IncludeInserter &Inserter,
             IdWidthCheck::Facts &F, IdProof &Proof,
             const IdNameClassifier &Classifier, WideTypes Wide, bool FlagLong)
      : Check(Check), Inserter(Inserter), F(F), Proof(Proof),
        Classifier(Classifier), Wide(std::move(Wide)), FlagLong(FlagLong),
        Context(F.Context), SM(Context.getSourceManager()),
        LangOpts(Context.getLangOpts()) {}

  void reportDeclaration(Holder H, const Evidence &Why);
  void reportCast(const ExplicitCastExpr *Cast);
  void reportNarrowCall(const CallExpr *Call, bool IntoId);
  void reportFormat(const FormatUse &Use);
  void reportLibrarySink(const LibrarySink &Sink);

private:
  DiagnosticBuilder diag(SourceLocation Loc, llvm::StringRef Message,
                         DiagnosticIDs::Level Level = DiagnosticIDs::Warning) {
    return Check.diag(Loc, Message, Level);
  }
  const std::string &wideType(QualType Narrow) const {
    return isUnsignedInteger(Narrow) ? Wide.Unsigned : Wide.Signed;
  }
  bool fixable(SourceRange Range) const {
    return Range.isValid() && Range.getBegin().isFileID() &&
           Range.getEnd().isFileID() && !SM.isInSystemHeader(Range.getBegin());
  }
  void addInclude(DiagnosticBuilder &Diag, SourceLocation At,
                  llvm::StringRef Header) {
    if (std::optional<FixItHint> Include =
            Inserter.createIncludeInsertion(SM.getFileID(At), Header))
      Diag << *Include;
  }
  /// Replaces a type as written with \p Type, and includes its header.
  void replaceType(DiagnosticBuilder &Diag, SourceRange Written,
                   llvm::StringRef Type) {
    Diag << FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Written), Type);
    if (Type.starts_with("std::") || Type == "int64_t" || Type == "uint64_t")
      addInclude(Diag, Written.getBegin(),
                 LangOpts.CPlusPlus ? "<cstdint>" : "<stdint.h>");
  }
  static std::string nameOf(const Decl *D) {
    const auto *Named = dyn_cast<NamedDecl>(D);
    return Named ? Named->getNameAsString() : "";
  }
  std::string spell(QualType Type) const {
    return Type.getAsString(Context.getPrintingPolicy());
  }
  void explain(const Decl *D, const Evidence &Why);
  void reportAlias(const TypedefNameDecl *Alias, QualType IdType,
                   const IdPart &Part, const Decl *User, const Evidence &Why);

  ClangTidyCheck &Check;
  utils::IncludeInserter &Inserter;
  IdWidthCheck::Facts &F;
  IdProof &Proof;
  const IdNameClassifier &Classifier;
  const WideTypes Wide;
  const bool FlagLong;
  ASTContext &Context;
  const SourceManager &SM;
  const LangOptions &LangOpts;
  /// An alias is reported once, with the evidence of its first ID.
  llvm::SmallPtrSet<const TypedefNameDecl *, 4> ReportedAliases;
};

/// One note that says why the value is a Procore ID.
void IdReporter::explain(const Decl *D, const Evidence &Why) {
  switch (Why.K) {
  case Evidence::ResourceName:
    diag(F.ProcoreLiteral->getBeginLoc(),
         "'%0' names a Procore %1 ID, and this file calls the Procore API",
         DiagnosticIDs::Note)
        << nameOf(D) << Why.Text;
    break;
  case Evidence::JsonField:
    diag(Why.Site->getBeginLoc(), "'%0' is read from JSON field '%1' here",
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
  std::vector<TypeLoc> Locs;
  const auto *Function = dyn_cast<FunctionDecl>(D);
  const auto *Param = dyn_cast<ParmVarDecl>(D);
  enum { Variable, Parameter, Field, Return } Kind = Variable;
  if (Function) {
    Kind = Return;
    for (const FunctionDecl *Redecl : Function->redecls())
      if (FunctionTypeLoc Loc = Redecl->getFunctionTypeLoc())
        Locs.push_back(Loc.getReturnLoc());
  } else if (Param) {
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
    return;
  }
  if (Type.isNull() || Type->getContainedAutoType() ||
      typeComesFromTemplateArgument(D))
    return; // auto takes the width of what it is initialised with
  // `int prime_contract_id(..., long long *out)` returning RPT_OK or
  // RPT_FAIL: a status, whatever its name says; an ID is never a constant.
  if (Function && Function->hasBody()) {
    std::vector<const Expr *> Returned = returnValues(Function);
    if (!Returned.empty() && llvm::all_of(Returned, [&](const Expr *Value) {
          return Value->isIntegerConstantExpr(Function->getASTContext());
        }))
      return;
  }

  // A container: its elements, or the keys of a map; an array's elements.
  IdPart Part;
  QualType WholeType = Type.getNonReferenceType();
  llvm::ArrayRef<TemplateArgument> Args;
  if (const ContainerRule *Rule = containerOf(Type, Args)) {
    Part.K = IdPart::Argument;
    Part.Keys = H.Keys && Rule->KeyArgument;
    Part.Index = Part.Keys ? *Rule->KeyArgument : Rule->ElementArgument;
    if (Part.Index >= Args.size() ||
        Args[Part.Index].getKind() != TemplateArgument::Type)
      return;
    Type = Args[Part.Index].getAsType();
  } else if (H.Keys) {
    return; // named "..._by_id", but not a map
  } else if (const ConstantArrayType *Array =
                 Context.getAsConstantArrayType(Type)) {
    Part.K = IdPart::ArrayElement;
    Type = Array->getElementType();
    if (Type->isAnyCharacterType())
      return; // the text of an ID
  }
  Narrowness Narrow = narrownessOf(Type, FlagLong);
  if (Narrow == Narrowness::None)
    return;

  // The alias of the ID's type, or of the container that holds the IDs.
  if (const auto *Typedef = Type.getNonReferenceType()->getAs<TypedefType>())
    if (const TypedefNameDecl *Alias = Typedef->getDecl();
        !isInSystemHeader(Alias) &&
        (F.idName(Alias, Classifier) || namesIdType(Alias, Classifier))) {
      reportAlias(Alias, Alias->getUnderlyingType(), IdPart(), D, Why);
      return;
    }
  if (const auto *Typedef = WholeType->getAs<TypedefType>();
      Typedef && Part.elements() && !isInSystemHeader(Typedef->getDecl())) {
    reportAlias(Typedef->getDecl(), Type, Part, D, Why);
    return;
  }

  // How it fixes: every declaration, or none.
  std::vector<SourceRange> Ranges;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function ? Function
                                                       : Param  ? ownerOf(Param)
                                                                : nullptr);
  bool CanFix =
      !(Method && Method->isVirtual()) && // overrides would break
      (Function || Param || !sharesTypeSpecifier(cast<DeclaratorDecl>(D)));
  for (TypeLoc Loc : Locs) {
    std::optional<TypeLoc> Target = writtenPartLoc(Loc, Part);
    CanFix = CanFix && Target && fixable(Target->getSourceRange());
    if (CanFix)
      Ranges.push_back(Target->getSourceRange());
  }

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
    if (CanFix)
      for (SourceRange Range : Ranges)
        replaceType(Diag, Range, wideType(Type));
  } // the finding is emitted before its note
  explain(D, Why);
}

/// static_cast<int>(project_id), (unsigned)user_id.
void IdReporter::reportCast(const ExplicitCastExpr *Cast) {
  if (!Proof.isIdSource(sourceOf(Cast->getSubExpr())))
    return;
  QualType Type = Cast->getTypeAsWritten();
  auto Diag = diag(Cast->getBeginLoc(),
                   "Procore ID is cast to '%0' (%1); Procore IDs need 64 bits")
              << spell(Type)
              << describeNarrowness(narrownessOf(Type, FlagLong));
  if (const TypeSourceInfo *Info = Cast->getTypeInfoAsWritten()) {
    TypeLoc Loc = writtenScalarLoc(Info->getTypeLoc());
    if (fixable(Loc.getSourceRange()))
      replaceType(Diag, Loc.getSourceRange(), wideType(Type));
  }
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
    if (Written) {
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
  if (!Rule->Wide.empty() && SameArguments && fixable(SourceRange(NameLoc)))
    Diag << FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(NameLoc), Rule->Wide);
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
  std::optional<CharSourceRange> Range =
      spellingOfUnits(Use.Format, Use.ConversionBegin, Use.End, SM, LangOpts);
  if (!Range || !Use.Format->isOrdinary() || !fixable(Range->getAsRange()))
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
  bool Overloaded = llvm::any_of(
      Sink.Callee->getDeclContext()->lookup(Sink.Callee->getDeclName()),
      [&](const NamedDecl *Overload) {
        const FunctionDecl *Other = Overload->getAsFunction();
        return Other && Other != Sink.Callee &&
               Other->getNumParams() == Sink.Callee->getNumParams();
      });
  if (Overloaded)
    return;
  diag(Sink.Argument->getBeginLoc(),
       "Procore ID '%0' is passed to '%1' as '%2' (%3); Procore IDs need 64 "
       "bits")
      << nameOf(Sink.From.D) << Sink.Callee->getQualifiedNameAsString()
      << spell(Sink.ParamType)
      << describeNarrowness(narrownessOf(Sink.ParamType, FlagLong));
}

} // namespace

void IdWidthCheck::onEndOfTranslationUnit() {
  if (!Seen)
    return;
  Facts &F = *Seen;
  ASTContext &Context = F.Context;
  IdProof Proof(F, Classifier, Hosts);
  Proof.prove();

  // The 64-bit types fixes write: the options', else Qt's where Qt's types
  // are visible (Qt's overloads take qint64, not long), else <cstdint>'s.
  const LangOptions &LangOpts = Context.getLangOpts();
  bool HasQtTypes =
      LangOpts.CPlusPlus && !Context.getTranslationUnitDecl()
                                 ->lookup(&Context.Idents.get("qint64"))
                                 .empty();
  WideTypes Wide{HasQtTypes           ? "qint64"
                 : LangOpts.CPlusPlus ? "std::int64_t"
                                      : "int64_t",
                 HasQtTypes           ? "quint64"
                 : LangOpts.CPlusPlus ? "std::uint64_t"
                                      : "uint64_t",
                 PrintfUsesLongLong};
  if (!IdType.empty())
    Wide.Signed = IdType;
  if (!UnsignedIdType.empty())
    Wide.Unsigned = UnsignedIdType;

  IdReporter Reporter(*this, Inserter, F, Proof, Classifier, Wide, FlagLong);
  for (const auto &[H, Why] : Proof.ids())
    if (!isInSystemHeader(H.D))
      Reporter.reportDeclaration(H, Why);
  for (const ExplicitCastExpr *Cast : F.Casts)
    Reporter.reportCast(Cast);
  llvm::DenseSet<const Expr *> ReadsIntoIds;
  for (const Flow &Flow : F.Flows)
    if (Flow.From.E && Proof.isId(Flow.To))
      ReadsIntoIds.insert(Flow.From.E);
  for (const CallExpr *Call : F.NarrowCalls)
    Reporter.reportNarrowCall(Call, ReadsIntoIds.contains(Call));
  for (const FormatUse &Use : F.FormatUses)
    Reporter.reportFormat(Use);
  for (const LibrarySink &Sink : F.LibrarySinks)
    Reporter.reportLibrarySink(Sink);
  Seen.reset();
}

} // namespace clang::tidy::procore
