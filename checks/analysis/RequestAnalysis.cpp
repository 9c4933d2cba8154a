//===--- RequestAnalysis.cpp - Which HTTP requests does a TU send? --------===//

#include "analysis/RequestAnalysis.h"
#include "analysis/Dominance.h"
#include "analysis/WriteIndex.h"
#include "model/EndpointModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SaveAndRestore.h"

namespace clang::tidy::procore {

namespace {
// How many helpers deep a request is followed: a builder chain of value
// operators (`Root() / "projects" / Id / "rfis" / RfiId`) takes one a step.
constexpr unsigned MaxHelperDepth = 6;
// `list[name] = value`: the name is the index, the value the right side.
const CallRule SubscriptAssignment{"std", "operator[]=", Fact::Header,
                                   ImplicitObject};
constexpr unsigned MaxCallSites = 16;
// How many calls out from a send the analysis follows for context.
constexpr unsigned MaxContextDepth = 4;
// How many classes an object of open class is judged as, one by one.
constexpr size_t MaxClasses = 16;
} // namespace

/// What is known about one request while its facts are gathered.
struct RequestAnalysis::State {
  const Expr *Send = nullptr;
  std::vector<Candidate> Urls, Bases, Hosts, Paths, FallbackHosts;
  /// How often the pieces of the URL were read from every object of a
  /// class: twice or more, and a host may be joined to another's path.
  size_t UrlEveryObjectReads = 0;
  std::string Method;
  /// A fact that sets the method was seen, on every path or not.
  bool MethodSet = false;
  /// A function the request leaves through sets the method.
  bool MethodSetOnTheWay = false;
  bool SawEmptyHeader = false, SawUnknownHeader = false;
  SourceLocation EmptyHeaderSite;
  /// Where the company header is added, seen from the function that sends
  /// (or calls the sending helper): the add itself, or the call that leads
  /// to it. Together they must cover every path to the send.
  struct CompanyAdd {
    const Stmt *Site;
    const Expr *Shown; ///< The add, for the note.
    bool Certain;      ///< The callee adds it on every path.
    const Stmt *Original; ///< The add itself, where Site is a call to it.
    bool WhenRun;         ///< It adds the header whenever it runs.
    /// The copy or whole assignment it came in with (`Job = Queue.front()`),
    /// which replaces what the object had before, not what it brings.
    const Stmt *BroughtBy = nullptr;
  };
  std::vector<CompanyAdd> CompanyAdds;
  /// The calls of helpers the gathering went down through, outermost first.
  llvm::SmallVector<const CallExpr *, 4> Chain;
  /// Where the request leaves, one point per function: the send, the
  /// lambdas around it, the call of the sending helper and the lambdas
  /// around that. A header must be on the request at one of them.
  llvm::SmallVector<const Stmt *, 4> Points;
  /// The point in function \p F, if the request leaves through it.
  const Stmt *pointIn(const FunctionDecl *F, Dominance &Flow) const {
    for (const Stmt *Point : Points)
      if (F && Flow.enclosingFunction(Point) == F)
        return Point;
    return nullptr;
  }
  std::string NearMissName;
  SourceLocation NearMissSite;
  bool Escapes = false;
  const VarDecl *HeaderList = nullptr;
  const Expr *HeaderListAttach = nullptr;
  /// The objects read, each under the call of the helper it was read in:
  /// a helper called twice on one object adds its facts twice.
  llvm::DenseSet<std::pair<const void *, const Expr *>> Visited;
  /// Members read from the object an ObjectScope makes, under each call.
  llvm::DenseSet<std::pair<const FieldDecl *, const Expr *>> MadeMembersRead;
  /// Members and globals whose stored header lists were read, and those
  /// read without their class's methods (StoredWrites).
  llvm::SmallPtrSet<const ValueDecl *, 4> ListsRead, ListsReadOutsideMethods;
  /// Members of local objects whose origins were read.
  llvm::DenseSet<std::pair<const MemberPath *, const Expr *>> MembersRead;
  /// The same, under any call.
  llvm::SmallPtrSet<const MemberPath *, 4> PathsRead;
  /// Notes that \p Path is read under \p Call; false when it was already.
  bool firstRead(const MemberPath *Path, const Expr *Call) {
    PathsRead.insert(Path);
    return MembersRead.insert({Path, Call}).second;
  }
  /// Members read for every object at once.
  llvm::SmallPtrSet<const FieldDecl *, 4> EveryMemberRead;
  /// Members of an object a constructor makes, read under each call (a
  /// write that reads the member, `Lines = append(Lines, ...)`, reads it
  /// once).
  llvm::DenseSet<std::pair<const FieldDecl *, const Expr *>>
      ConstructedMembersRead;
  /// The request parameters of the pipeline stages the client runs.
  llvm::SmallPtrSet<const ParmVarDecl *, 2> Stages;
  /// Inside one of several functions a call may run (the overloads a
  /// std::visit of an unknown alternative picks from): what each adds is
  /// on some paths only.
  unsigned AmongSeveral = 0;
  /// A company header was added by one of several such functions.
  bool AddedByOneOfSeveral = false;
  /// Resets of the request's handle, and header lists attached in place of
  /// those before, that run on every path to where it leaves a function:
  /// what was set before them is gone (clearedBefore).
  struct Clear {
    const Stmt *Site;
    bool ListsOnly;  ///< A list attached: it clears only earlier lists.
    QualType Object; ///< What it clears: facts on other objects stay.
  };
  llvm::SmallVector<Clear, 2> Clears;
  /// Parameters the request is handed in through by callers the analysis
  /// cannot see: what they put on it is unknown (settleUnseenCallers).
  llvm::SmallVector<const ParmVarDecl *, 1> UnseenCallers;
  /// Why the request is judged as it is, when asked (--explain).
  std::vector<Explanation> *Log = nullptr;
  /// Where the object being read was copied into the one sent: what is
  /// done to the original after the copy is not on the request.
  llvm::SmallVector<const Stmt *, 2> Cuts;
  /// Where what was added to the headers before is dropped (a list
  /// replaced whole or cleared, the request zeroed), on every path through
  /// its function; seen from a function the request leaves through like a
  /// company header add, or where it is when no call of the chain leads
  /// there.
  struct Reset {
    const Stmt *Site;
    /// The member of one object it resets; null for a list kept in a
    /// variable or reset through `this`.
    const FieldDecl *OfObject;
    const Stmt *Original; ///< The reset itself, where Site is a call to it.
  };
  llvm::SmallVector<Reset, 2> Resets;
  /// While the lists stored in a member read for every object are read:
  /// that member, each list being one object's.
  const FieldDecl *ListOfOneObject = nullptr;
  /// Resets on some paths only of a function the request does not leave
  /// through: they count for the steps of a state machine.
  llvm::SmallVector<Reset, 2> SomePathResets;
  /// Where a state machine enters the state the request leaves from
  /// without the header, preferring a step that drops it, and that state.
  mutable const Stmt *EnteredWithout = nullptr;
  mutable std::string EnteredState;
  /// A reset in the step that enters it so, if any.
  mutable const Stmt *EnteredAfterReset = nullptr;
  /// Whether an add in a function the request does not leave through (a
  /// method that sets up every object) is made on every path of it: the
  /// header is there when the outermost function is entered.
  /// Adds in the steps of a state machine (\p Steps) are left to it.
  bool addedBeforeAnyPoint(Dominance &Flow, const StateMachines &Steps) const {
    return llvm::any_of(CompanyAdds, [&](const CompanyAdd &Add) {
      return Add.Certain && !pointIn(Flow.enclosingFunction(Add.Site), Flow) &&
             !Steps.regionOf(Flow.enclosingFunction(Add.Original), nullptr)
                  .first;
    });
  }
  /// \p Site as seen from a function the request leaves through: itself
  /// when it is in one, else the outermost call of the chain there.
  const Stmt *liftedToPoint(const Stmt *Site, Dominance &Flow) const {
    if (pointIn(Flow.enclosingFunction(Site), Flow))
      return Site;
    for (const CallExpr *Call : Chain)
      if (pointIn(Flow.enclosingFunction(Call), Flow))
        return Call;
    return Site;
  }
  /// The copy made in the function of \p Site, if any.
  const Stmt *cutIn(const Stmt *Site, Dominance &Flow) const {
    for (const Stmt *Cut : Cuts)
      if (Flow.enclosingFunction(Cut) == Flow.enclosingFunction(Site))
        return Cut;
    return nullptr;
  }
};

/// The depth of helpers inside \p Call: a library invoker (std::visit)
/// only dispatches to the user's code, it is no level of its own.
static unsigned depthInside(const CallExpr *Call, unsigned Depth) {
  return invokedCallable(Call) ? Depth : Depth + 1;
}

namespace {
/// While one of \p Count functions a call may run is read.
class OneOfSeveral {
public:
  OneOfSeveral(RequestAnalysis::State &S, size_t Count)
      : S(S), Active(Count > 1) {
    S.AmongSeveral += Active;
  }
  ~OneOfSeveral() { S.AmongSeveral -= Active; }

private:
  RequestAnalysis::State &S;
  bool Active;
};

/// While the original of a copy is read: `Request Copy = Original;`.
class CopyCut {
public:
  CopyCut(RequestAnalysis::State &S, const ValueDecl *Copy, const Stmt *Init)
      : S(S), Active(!Copy->getType()->isReferenceType() &&
                     !Copy->getType()->isPointerType()) {
    if (Active)
      S.Cuts.push_back(Init);
  }
  ~CopyCut() {
    if (Active)
      S.Cuts.pop_back();
  }

private:
  RequestAnalysis::State &S;
  bool Active;
};
} // namespace

// Text as a person reads it: what could not be resolved shows as "<?>".
std::string readableText(llvm::StringRef Text) {
  std::string Readable;
  for (char C : Text)
    Readable += C == UnknownText ? std::string("<?>") : std::string(1, C);
  return Readable;
}

static std::string readableValues(const TracedValues &Values) {
  std::string Text;
  for (const TracedString &Value : Values)
    Text += (Text.empty() ? "'" : " or '") + readableText(Value.text()) + "'";
  return Text;
}

void RequestAnalysis::explain(const State &S, const Expr *Site,
                              const llvm::Twine &What) const {
  if (!S.Log)
    return;
  SourceLocation Loc =
      Site ? writtenLocation(Site->getBeginLoc(), Context.getSourceManager())
           : SourceLocation();
  S.Log->push_back({Loc, What.str()});
}

void RequestAnalysis::unknownHeader(State &S, const Expr *Site,
                                    const llvm::Twine &Why) const {
  S.SawUnknownHeader = true;
  explain(S, Site,
          "headers may come from where the analysis cannot see: " + Why);
}

std::string plainQualifiedName(const NamedDecl *D) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  for (const DeclContext *Context = D->getDeclContext(); Context;
       Context = Context->getParent()) {
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context)) {
      if (!Namespace->isInline() && !Namespace->isAnonymousNamespace())
        Parts.push_back(Namespace->getName());
    } else if (const auto *Record = dyn_cast<RecordDecl>(Context)) {
      if (Record->getIdentifier())
        Parts.push_back(Record->getName());
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Name += It->str() + "::";
  if (isa<CXXConstructorDecl>(D))
    return Name.empty() ? "" : Name.substr(0, Name.size() - 2);
  if (D->getIdentifier())
    Name += D->getName();
  return Name;
}

RequestAnalysis::RequestAnalysis(ASTContext &Context, StringTracer &Tracer,
                                 llvm::ArrayRef<WrapperRule> Wrappers)
    : Context(Context), Tracer(Tracer), Wrappers(Wrappers) {
  for (const CallRule &Rule : builtinCallRules())
    RulesByCallee[Rule.Callee].push_back(&Rule);
  for (const TypedArgumentRule &Rule : builtinTypedArgumentRules())
    TypedRules[Rule.Type].push_back(&Rule);
}

//===--- Reading the calls ------------------------------------------------===//

const Expr *RequestAnalysis::argument(const Expr *Site, int Index) const {
  if (Index < 0)
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Site)) {
    // A member operator's object is its first argument.
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                             Call->getDirectCallee() &&
                             isa<CXXMethodDecl>(Call->getDirectCallee())
                         ? 1
                         : 0;
    if (Index + Shift < Call->getNumArgs() &&
        !isa<CXXDefaultArgExpr>(Call->getArg(Index + Shift)))
      return Call->getArg(Index + Shift);
    return nullptr;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site))
    if (static_cast<unsigned>(Index) < Construct->getNumArgs() &&
        !isa<CXXDefaultArgExpr>(Construct->getArg(Index)))
      return Construct->getArg(Index);
  return nullptr;
}

// What a value names as an object: a variable, a member, or (for a
// temporary built in place) the expression itself.
ObjectKey RequestAnalysis::objectKey(const Expr *E) const {
  while (E) {
    E = stripIndirection(E);
    // req.headers() and similar accessors stand for their object; a method
    // that returns a new list by value (`Session::headers() const`) does
    // not, nor one of the user's that returns a member (accessedMember).
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E);
        Member && Member->getNumArgs() == 0 && Member->getMethodDecl() &&
        Member->getMethodDecl()->getDeclName().isIdentifier() &&
        (Member->getMethodDecl()->getReturnType()->isReferenceType() ||
         Member->getMethodDecl()->getReturnType()->isPointerType()) &&
        !accessedMember(Member) &&
        (Member->getMethodDecl()->getName() == "headers" ||
         Member->getMethodDecl()->getName() == "base" ||
         Member->getMethodDecl()->getName() == "get")) {
      E = Member->getImplicitObjectArgument();
      continue;
    }
    if (const Expr *Named = boundMember(E)) {
      E = Named;
      continue;
    }
    break;
  }
  if (!E)
    return {};
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(Ref->getDecl()) ? ObjectKey(Ref->getDecl())
                                        : ObjectKey();
  // An element of a local array of handles (`Easy[I]`, one per transfer
  // of a multi handle): the elements are set up by the same code, so the
  // array stands for each of them.
  if (const auto *Element = dyn_cast<ArraySubscriptExpr>(E))
    if (const VarDecl *Array = referencedVariable(Element->getBase());
        Array && Array->hasLocalStorage() && Array->getType()->isArrayType())
      return ObjectKey(static_cast<const Decl *>(Array));
  // A member of a local object, or of the object a method runs on, is
  // that object's own; one of a global, or set up by a constructor, is
  // one per class.
  auto MemberKey = [&](const Expr *Object, const ValueDecl *Named) {
    const auto *Field = dyn_cast<FieldDecl>(Named);
    const Expr *Base = stripIndirection(Object);
    const auto *Root = aliasedVariable(referencedVariable(Base));
    if (Field && Root && Root->hasLocalStorage())
      return ObjectKey(memberPath(Root, Field));
    if (const FunctionDecl *Method = memberOwningMethod(Base); Field && Method)
      return ObjectKey(memberPath(Method, Field));
    return ObjectKey(static_cast<const Decl *>(Named));
  };
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return MemberKey(Member->getBase(), Member->getMemberDecl());
  if (const FieldDecl *Accessed = accessedMember(E))
    return MemberKey(cast<CXXMemberCallExpr>(E)->getImplicitObjectArgument(),
                     Accessed);
  if (madeObject(E) || isa<CXXNewExpr>(E))
    return ObjectKey(static_cast<const Stmt *>(E));
  return {};
}

// The method whose object \p Base is, when it is `this` in a method other
// than a constructor: what a constructor sets up counts for every object.
const FunctionDecl *
RequestAnalysis::memberOwningMethod(const Expr *Base) const {
  const auto *This = dyn_cast_or_null<CXXThisExpr>(Base);
  const FunctionDecl *Method = This ? Tracer.methodOfThis(This) : nullptr;
  return Method && !isa<CXXConstructorDecl>(Method) ? Method : nullptr;
}

const MemberPath *RequestAnalysis::memberPath(ObjectRoot Root,
                                              const FieldDecl *Member) const {
  const MemberPath *&Found = PathIndex[{Root, Member}];
  if (!Found) {
    Found = &Paths.emplace_back(MemberPath{Root, Member});
    PathsOfMember[Member].push_back(Found);
  }
  return Found;
}

// The names of the types an expression's type is written with, outermost
// first: typedefs and aliases, then the class or enum itself.
static std::vector<std::string> writtenTypeNames(QualType Type) {
  std::vector<std::string> Names;
  for (int Guard = 0; !Type.isNull() && Guard < 8; ++Guard) {
    if (const auto *Typedef = Type->getAs<TypedefType>())
      Names.push_back(plainQualifiedName(Typedef->getDecl()));
    QualType Next = Type->getLocallyUnqualifiedSingleStepDesugaredType();
    if (Next == Type)
      break;
    Type = Next;
  }
  if (const TagDecl *Tag = Type.isNull() ? nullptr : Type->getAsTagDecl())
    Names.push_back(plainQualifiedName(Tag));
  return Names;
}

// The names an option argument spells: the written type of an option object
// (curlpp), or an enumerator, also through the local copy curl's
// type-checking macro makes.
static std::vector<std::string> optionNames(const Expr *E) {
  std::vector<std::string> Names;
  for (int Guard = 0; E && Guard < 4; ++Guard) {
    E = E->IgnoreImplicit()->IgnoreParens();
    QualType Written;
    if (const auto *New = dyn_cast<CXXNewExpr>(E))
      Written = New->getAllocatedType();
    else if (const auto *Temporary = dyn_cast<CXXTemporaryObjectExpr>(E))
      Written = Temporary->getTypeSourceInfo()->getType();
    else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      Written = Cast->getTypeInfoAsWritten()->getType();
    if (!Written.isNull()) {
      for (std::string &Name : writtenTypeNames(Written))
        Names.push_back(std::move(Name));
      return Names;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    if (!Ref)
      return Names;
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl())) {
      Names.push_back(Enumerator->getName().str());
      return Names;
    }
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return Names;
    for (std::string &Name : writtenTypeNames(Var->getType()))
      Names.push_back(std::move(Name));
    E = Var->getInit();
  }
  return Names;
}

static bool isStringType(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType() || Type->isArrayType()) {
    QualType Element = Type->isPointerType()
                           ? Type->getPointeeType()
                           : QualType(Type->getArrayElementTypeNoTypeQual(), 0);
    return Element->isAnyCharacterType();
  }
  for (const std::string &Name : writtenTypeNames(Type))
    if (Name == "std::basic_string" || Name == "std::basic_string_view" ||
        Name == "QString" || Name == "QByteArray")
      return true;
  return false;
}

// Does the row's argument and arity condition hold for this call?
bool RequestAnalysis::rowApplies(const CallRule &Rule, const Expr *Site) const {
  if (!optionMatches(Rule, Site))
    return false;
  unsigned Arguments = 0;
  if (const auto *Call = dyn_cast<CallExpr>(Site))
    Arguments = Call->getNumArgs();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site))
    Arguments = Construct->getNumArgs();
  for (int I = Arguments - 1; I >= 0; --I)
    if (!argument(Site, I))
      --Arguments; // Defaulted.
  if (Arguments < Rule.MinArguments)
    return false;
  if (Rule.ArgumentType.empty())
    return true;
  const Expr *Value = argument(Site, Rule.Value);
  if (!Value)
    return false;
  if (Rule.ArgumentType == "string")
    return isStringType(Value->getType());
  // The type as the argument spells it, or as the parameter declares it
  // (a braced list has no type of its own).
  std::string Wanted = Rule.ArgumentType.str();
  if (llvm::is_contained(
          writtenTypeNames(
              Value->IgnoreImplicit()->getType().getNonReferenceType()),
          Wanted))
    return true;
  const auto *Call = dyn_cast<CallExpr>(Site);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || isa<CXXOperatorCallExpr>(Call))
    return false;
  unsigned Index = Rule.Value;
  return Index < Callee->getNumParams() &&
         llvm::is_contained(
             writtenTypeNames(
                 Callee->getParamDecl(Index)->getType().getNonReferenceType()),
             Wanted);
}

bool RequestAnalysis::optionMatches(const CallRule &Rule,
                                    const Expr *Site) const {
  if (Rule.Option.empty())
    return true;
  // curl_easy_setopt(handle, OPTION, value); curlpp setOpt(new Option(v)).
  const Expr *Option =
      Rule.Library == "curlpp" ? argument(Site, 0) : argument(Site, 1);
  return Option && llvm::is_contained(optionNames(Option), Rule.Option.str());
}

// An assignment that puts a part on a request: `headers["Procore-Company-Id"]
// = value`, or `Request.path = Path` to a member of a library's request
// that holds one part of it, named by its rows as Class::member (a member,
// or an accessor returning a reference to it).
void RequestAnalysis::recordAssignment(const Expr *Site) {
  const auto *Assign = dyn_cast<CXXOperatorCallExpr>(Site);
  if (!Assign || Assign->getOperator() != OO_Equal || Assign->getNumArgs() != 2)
    return;
  if (const auto *Subscript =
          dyn_cast<CXXOperatorCallExpr>(stripValueWrappers(Assign->getArg(0)));
      Subscript && Subscript->getOperator() == OO_Subscript &&
      Subscript->getNumArgs() == 2) {
    if (ObjectKey Key = objectKey(Subscript->getArg(0)))
      Facts[Key].push_back({&SubscriptAssignment, Site});
    return;
  }
  // The part: a member (`Request.path`), or an accessor that returns it
  // by reference (`Request.headers() = Defaults`).
  const Expr *Target = Assign->getArg(0)->IgnoreParenImpCasts();
  const ValueDecl *Part = nullptr;
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    Part = Member->getMemberDecl();
    Object = Member->getBase();
  } else if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(Target)) {
    Part = Accessor->getMethodDecl();
    Object = Accessor->getImplicitObjectArgument();
  }
  if (!Part)
    return;
  auto Rules = RulesByCallee.find(plainQualifiedName(Part));
  if (Rules == RulesByCallee.end())
    return;
  for (const CallRule *Rule : Rules->second)
    if (ObjectKey Key =
            Rule->Object == AssignedObject ? objectKey(Object) : ObjectKey())
      Facts[Key].push_back({Rule, Site});
}

// One case per kind of call a request is built with, tried in order (header
// assignments, library rules, helpers): a dispatch, kept whole so the order
// reads in one place.
void RequestAnalysis::record(const Expr *Site) {
  const NamedDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Site))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site))
    Callee = Construct->getConstructor();
  if (!Callee) {
    // Through a function pointer: the functions stored in it. A call in a
    // template's pattern names nothing yet; its instantiations are recorded.
    if (const auto *Call = dyn_cast<CallExpr>(Site);
        Call && !Call->isInstantiationDependent())
      recordHelperCall(Call, Tracer.writes().calleesOf(Call));
    return;
  }
  std::string Name = plainQualifiedName(Callee);
  if (const auto *Call = dyn_cast<CallExpr>(Site))
    if (const CXXRecordDecl *Made = madeClass(Call))
      Name = plainQualifiedName(Made);

  // headers["Procore-Company-Id"] = value; Request.path = Path;
  recordAssignment(Site);

  auto Rules = RulesByCallee.find(Name);
  if (Rules != RulesByCallee.end()) {
    for (const CallRule *Rule : Rules->second) {
      if (!rowApplies(*Rule, Site))
        continue;
      if (Rule->What == Fact::Creates)
        continue; // Read where a request comes from (gatherObject).
      if (Rule->What == Fact::SendsRequest) {
        if (llvm::none_of(Sends,
                          [&](const auto &Send) { return Send.first == Site; }))
          Sends.emplace_back(Site, Rule);
        continue;
      }
      ObjectKey Key;
      switch (Rule->Object) {
      case ImplicitObject:
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Site))
          Key = objectKey(Member->getImplicitObjectArgument());
        else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Site))
          Key = objectKey(Operator->getArg(0));
        break;
      case ConstructedObject:
        Key = initializedObject(Site);
        if (!Key)
          Key = static_cast<const Stmt *>(Site);
        break;
      case CallResult:
        Key = static_cast<const Stmt *>(Site);
        break;
      case NoArgument:
        if (const FunctionDecl *Function = enclosingFunction(Site))
          Key = static_cast<const Decl *>(Function);
        break;
      default:
        Key = objectKey(argument(Site, Rule->Object));
      }
      if (Key)
        Facts[Key].push_back({Rule, Site});
    }
    return;
  }

  const auto *Call = dyn_cast<CallExpr>(Site);
  const auto *Function = dyn_cast<FunctionDecl>(Callee);
  // A class's own copy assignment replaces the object: see originAt.
  if (!Call || !Function || isMemberwiseAssignment(Function))
    return;
  for (const WrapperRule &Wrapper : Wrappers)
    if (Name == Wrapper.Callee ||
        llvm::StringRef(Name).ends_with("::" + Wrapper.Callee))
      WrapperCalls.emplace_back(Call, &Wrapper);

  // A call of a helper of this translation unit, or of the overriders of
  // a virtual one, or of the lambdas in a std::function.
  llvm::SmallVector<const FunctionDecl *, 2> Callees =
      Tracer.writes().calleesOf(Call);
  const FunctionDecl *Definition = Function->getDefinition();
  // A library's call operator whose targets the file does not show (a
  // std::function kept where the analysis cannot read it) runs unseen code.
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Callees.empty() ||
      !Context.getSourceManager().isInSystemHeader(
          (Definition ? Definition : Function)->getLocation()) ||
      (Operator && Operator->getOperator() == OO_Call))
    recordHelperCall(Call, Callees);
}

// Remember which objects a call of helpers hands them, and where each is
// called from. A call whose code the translation unit does not hold (a
// function defined in another file) may add any header to what it gets.
void RequestAnalysis::recordHelperCall(
    const CallExpr *Call, llvm::ArrayRef<const FunctionDecl *> Callees) {
  if (Callees.empty()) {
    for (const Expr *Argument : Call->arguments())
      if (ObjectKey Key = objectKey(Argument))
        Opaque.insert(Key);
    return;
  }
  for (const FunctionDecl *Definition : Callees) {
    CallSites[Definition].push_back(Call);
    unsigned Shift = firstBoundArgument(Call, Definition);
    // A helper changes the caller's object only through a reference or
    // pointer; one taken by value is a copy.
    for (unsigned I = 0; I < Definition->getNumParams(); ++I)
      if (I + Shift < Call->getNumArgs() &&
          canWriteThrough(Definition->getParamDecl(I)->getType()))
        if (ObjectKey Key = objectKey(Call->getArg(I + Shift)))
          Passes[Key].push_back({Definition, I, Call});
  }
}

// The variable, member or object member a construction initializes or
// is assigned to, through the nodes that only carry the value.
ObjectKey RequestAnalysis::initializedObject(const Expr *Construct) const {
  const Expr *Current = Construct;
  DynTypedNodeList Parents = Context.getParents(*Construct);
  for (int Guard = 0; !Parents.empty() && Guard < 8; ++Guard) {
    // A default member initializer has two parents: its field, and the
    // CXXDefaultInitExpr of each constructor that uses it.
    for (const DynTypedNode &Parent : Parents) {
      if (const auto *Var = Parent.get<VarDecl>())
        return static_cast<const Decl *>(Var);
      if (const auto *Field = Parent.get<FieldDecl>())
        return static_cast<const Decl *>(Field);
    }
    // A member initializer: the parent map goes straight to the constructor.
    if (const auto *Constructor = Parents[0].get<CXXConstructorDecl>()) {
      for (const CXXCtorInitializer *Init : Constructor->inits())
        if (Init->getInit() == Current && Init->getMember())
          return static_cast<const Decl *>(Init->getMember());
      return {};
    }
    const auto *Parent = Parents[0].get<Expr>();
    // `Client = std::make_shared<http_client>(...)`: the assigned object.
    const Expr *Assigned = nullptr;
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
        Assign && Assign->getOpcode() == BO_Assign &&
        Assign->getRHS() == Current)
      Assigned = Assign->getLHS();
    if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
        Assign && Assign->getOperator() == OO_Equal &&
        Assign->getNumArgs() == 2 && Assign->getArg(1) == Current)
      Assigned = Assign->getArg(0);
    if (Assigned) {
      if (ObjectKey Key = objectKey(Assigned))
        return Key;
      if (const ValueDecl *Stored = WriteIndex::storageOf(Assigned))
        return static_cast<const Decl *>(Stored);
      return {};
    }
    if (!Parent ||
        !(isa<ExprWithCleanups>(Parent) ||
          isa<MaterializeTemporaryExpr>(Parent) ||
          isa<CXXBindTemporaryExpr>(Parent) || isa<ImplicitCastExpr>(Parent) ||
          isa<CXXFunctionalCastExpr>(Parent) || isa<CXXConstructExpr>(Parent) ||
          isa<CXXNewExpr>(Parent))) // `Session = new HTTPSClientSession(...)`
      return {};
    Current = Parent;
    Parents = Context.getParents(*Parent);
  }
  return {};
}

const FunctionDecl *RequestAnalysis::enclosingFunction(const Expr *E) const {
  return Tracer.dominance().enclosingFunction(E);
}

//===--- Gathering what is known about one request ------------------------===//

// The member a key names for every object of its class, if it does.
static const FieldDecl *classWideMember(ObjectKey Key) {
  return llvm::dyn_cast_if_present<FieldDecl>(Key.dyn_cast<const Decl *>());
}

// A name and value pair, not a string built from a pointer and an allocator.
static bool isPair(const CXXConstructExpr *Construct) {
  return Construct->getNumArgs() == 2 &&
         !isa<CXXDefaultArgExpr>(Construct->getArg(1)) &&
         !isStringType(Construct->getType());
}

void RequestAnalysis::gatherObject(const Expr *Object, State &S,
                                   unsigned Depth) {
  if (!Object)
    return;
  // `std::move(Request)`: the object itself.
  if (const auto *Call = dyn_cast<CallExpr>(stripIndirection(Object)))
    if (const Expr *Moved = movedObject(Call)) {
      gatherObject(Moved, S, Depth);
      return;
    }
  if (ObjectKey Key = objectKey(Object)) {
    // A member of a library's object (`It->second` of a map of clients)
    // is no member of the program's own: what holds it is not known.
    const FieldDecl *Field = classWideMember(Key);
    if (Field &&
        Context.getSourceManager().isInSystemHeader(Field->getLocation())) {
      S.Escapes = true;
      explain(S, Object,
              "the request object is a member of a library's object; no "
              "finding");
      return;
    }
    gatherKey(Key, S, Depth);
    // A member whose object cannot be followed: every object's.
    if (Field)
      gatherEveryMember(Field, /*AsList=*/false, S, Depth);
    return;
  }
  // `Dry ? NULL : curl_easy_init()`: each arm that holds an object.
  if (const auto *Choice =
          dyn_cast<AbstractConditionalOperator>(stripValueWrappers(Object))) {
    llvm::SmallVector<const Expr *, 2> Arms;
    for (const Expr *Arm : {Choice->getTrueExpr(), Choice->getFalseExpr()})
      if (!Arm->isNullPointerConstant(Context,
                                      Expr::NPC_ValueDependentIsNotNull))
        Arms.push_back(Arm);
    OneOfSeveral Each(S, Arms.size());
    for (const Expr *Arm : Arms)
      gatherObject(Arm, S, Depth);
    return;
  }
  // A request built and returned by a helper: `manager.get(makeRequest(p))`.
  const auto *Call = dyn_cast<CallExpr>(stripValueWrappers(Object));
  llvm::SmallVector<const FunctionDecl *, 2> Helpers =
      Tracer.returningDefinitions(Call);
  // Each return a path reaches under the call's arguments is one of the
  // requests it may give; a null pointer is none.
  if (!Helpers.empty() && Depth < MaxHelperDepth) {
    S.Chain.push_back(Call);
    OneOfSeveral Several(S, Helpers.size());
    for (const FunctionDecl *Helper : Helpers) {
      StringTracer::BindingScope Scope(Tracer, Helper, Call);
      std::vector<const Expr *> Returned = Tracer.reachedReturnValues(Helper);
      llvm::erase_if(Returned, [&](const Expr *Value) {
        return Value->isNullPointerConstant(Context,
                                            Expr::NPC_ValueDependentIsNotNull);
      });
      OneOfSeveral Each(S, Returned.size());
      for (const Expr *Value : Returned)
        gatherObject(Value, S, depthInside(Call, Depth));
    }
    S.Chain.pop_back();
    return;
  }
  if (const ValueDecl *Container = takenFrom(Object);
      Container && Tracer.visitBoundElement(Container, [&](const Expr *E) {
        gatherObject(E, S, Depth);
      }))
    return;
  // A new request from the library (`Handle(curl_easy_init())` in a
  // constructor): nothing is set on it there.
  if (createsRequest(Call)) {
    explain(S, Object, "a new request, with nothing set on it yet");
    return;
  }
  S.Escapes = true;
  explain(S, Object,
          "the request object comes from code the analysis cannot "
          "follow; no finding");
}

// Whether \p Call returns a new request, per the library's rows.
bool RequestAnalysis::createsRequest(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  auto Rules = RulesByCallee.find(plainQualifiedName(Callee));
  return Rules != RulesByCallee.end() &&
         llvm::any_of(Rules->second, [](const CallRule *Rule) {
           return Rule->What == Fact::Creates;
         });
}

// The clears among an object's facts: a reset of the request
// (curl_easy_reset on a handle the program reuses), or a header list
// attached in place of the one before (CURLOPT_HTTPHEADER), that runs on
// every path to the send in a function the request leaves through. They
// are kept for every object read after: the handle a helper receives is
// the one its caller resets.
void RequestAnalysis::noteClears(llvm::ArrayRef<Recorded> KeyFacts, State &S) {
  Dominance &Flow = Tracer.dominance();
  for (const Recorded &Fact : KeyFacts) {
    if (Fact.Rule->What != Fact::Reset && Fact.Rule->What != Fact::HeaderList)
      continue;
    const Stmt *Point = S.pointIn(Flow.enclosingFunction(Fact.Site), Flow);
    if (Point && Flow.dominates(Fact.Site, Point, Dominance::MayNotRun) &&
        llvm::none_of(S.Clears, [&](const State::Clear &C) {
          return C.Site == Fact.Site;
        }))
      S.Clears.push_back({Fact.Site, Fact.Rule->What == Fact::HeaderList,
                          clearedObjectType(Fact)});
  }
}

// The type of the object a fact acts on; a clear of the handle leaves the
// header lists it attaches alone.
QualType RequestAnalysis::clearedObjectType(const Recorded &Fact) const {
  const Expr *Object = argument(Fact.Site, Fact.Rule->Object);
  if (!Object)
    return QualType();
  QualType Type = Object->getType().getCanonicalType();
  if (Type->isPointerType())
    Type = Type->getPointeeType().getCanonicalType();
  return Type.getUnqualifiedType();
}

// Whether what \p Fact sets is gone before the send: a clear of its object
// (for a header list, a reset or a list attached in place of it) comes
// after it in the clear's function, or \p Fact is in a function that no
// call after the clear runs (another request's options on the same
// handle).
bool RequestAnalysis::clearedBefore(const Recorded &Fact, const State &S) {
  Dominance &Flow = Tracer.dominance();
  const SourceManager &SM = Context.getSourceManager();
  bool IsList = Fact.Rule->What == Fact::HeaderList ||
                Fact.Rule->What == Fact::ExtraHeaderList;
  QualType Type = clearedObjectType(Fact);
  return llvm::any_of(S.Clears, [&](const State::Clear &Clear) {
    if (Fact.Site == Clear.Site || (Clear.ListsOnly && !IsList) ||
        Clear.Object != Type)
      return false;
    const FunctionDecl *Clears = Flow.enclosingFunction(Clear.Site);
    if (Flow.enclosingFunction(Fact.Site) == Clears)
      return SM.isBeforeInTranslationUnit(Fact.Site->getBeginLoc(),
                                          Clear.Site->getBeginLoc());
    return llvm::none_of(callsRunning(Clears, Fact.Site, /*ThisOnly=*/false),
                         [&](const Stmt *Call) {
                           return SM.isBeforeInTranslationUnit(
                               Clear.Site->getEndLoc(), Call->getBeginLoc());
                         });
  });
}

void RequestAnalysis::applyFacts(llvm::ArrayRef<Recorded> KeyFacts, State &S,
                                 unsigned Depth) {
  noteClears(KeyFacts, S);
  for (const Recorded &Fact : KeyFacts) {
    if (clearedBefore(Fact, S)) {
      explain(S, Fact.Site, "cleared before the send");
      continue;
    }
    // A fact no path reaches under the arguments bound now (`if (Extra)`
    // with the caller's nullptr) is not on the request.
    if (const FunctionDecl *Function = enclosingFunction(Fact.Site);
        Function &&
        Tracer.everyPathPasses(Function, {}, Fact.Site, Dominance::MayNotRun)) {
      explain(S, Fact.Site, "not reached with the arguments of this call");
      continue;
    }
    apply(Fact, S, Depth);
  }
}

void RequestAnalysis::gatherKey(ObjectKey Key, State &S, unsigned Depth,
                                bool FollowOrigin) {
  if (!S.Visited.insert({Key.getOpaqueValue(), Tracer.innermostCall()}).second)
    return;
  auto Found = Facts.find(Key);
  if (Found != Facts.end())
    applyFacts(Found->second, S, Depth);
  // A stage hands the request on to the next stage, which the client's
  // other stage facts describe.
  const auto *Param =
      llvm::dyn_cast_if_present<ParmVarDecl>(Key.dyn_cast<const Decl *>());
  if (Opaque.contains(Key) && !(Param && S.Stages.contains(Param)))
    unknownHeader(S, nullptr,
                  "the request is handed to a virtual or unseen function");

  // A request handed in: what the caller did to it counts too; from an
  // unknown caller, headers may come that the analysis cannot see.
  if (Param && FollowOrigin && !S.Stages.contains(Param))
    if (!Tracer.visitBoundObject(
            Param,
            [&](const Expr *Argument) { gatherObject(Argument, S, Depth); }) &&
        !llvm::is_contained(S.UnseenCallers, Param))
      S.UnseenCallers.push_back(Param);

  // `auto Request = makeRequest();`, or a copy of another object.
  if (const auto *Var =
          llvm::dyn_cast_if_present<VarDecl>(Key.dyn_cast<const Decl *>());
      Var && FollowOrigin)
    if (const Expr *Init = Var->getInit()) {
      const Expr *Stripped = stripValueWrappers(Init);
      if (const auto *Call = dyn_cast<CallExpr>(Stripped))
        if (const Expr *Moved = movedObject(Call))
          Stripped = stripValueWrappers(Moved);
      if (const auto *Call = dyn_cast<CallExpr>(Stripped);
          Call && !Tracer.returningDefinitions(Call).empty())
        gatherObject(Call, S, Depth);
      else if (isa<DeclRefExpr>(Stripped) || isa<MemberExpr>(Stripped)) {
        CopyCut Cut(S, Var, Init);
        gatherObject(Stripped, S, Depth);
      }
    }

  // A member of a local object: where that object comes from.
  if (const auto *Path = Key.dyn_cast<const MemberPath *>();
      Path && FollowOrigin)
    gatherMember(*Path, /*AsList=*/false, S, Depth);

  // Helpers that receive the object add their own facts.
  forEachHandOver(Key, nullptr, S, Depth, [&](ObjectRoot Theirs) {
    gatherKey(static_cast<const Decl *>(Theirs.get<const VarDecl *>()), S,
              Depth + 1);
  });
  if (const auto *Var =
          llvm::dyn_cast_if_present<VarDecl>(Key.dyn_cast<const Decl *>());
      Var && Var->hasLocalStorage())
    gatherThroughHolders(Var, S, Depth);
}

// The local \p E denotes, or whose copy it is: through a pointer to it, a
// std::any, std::variant or std::optional made from it, and the value one
// of those holds (`std::any_cast<const Event &>(Boxed)`, `std::get<E>(V)`).
static const VarDecl *heldLocal(const Expr *E) {
  E = stripValueWrappers(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Call->getNumArgs() == 1 &&
        llvm::is_contained({"any_cast", "get", "get_if"}, Callee->getName()))
      E = stripValueWrappers(Call->getArg(0));
  }
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      Construct->getConstructor()->getParent()->isInStdNamespace() &&
      llvm::is_contained({"any", "variant", "optional"},
                         Construct->getConstructor()->getParent()->getName()))
    E = Construct->getArg(0);
  const VarDecl *Local = referencedVariable(stripIndirection(E));
  return Local && Local->hasLocalStorage() ? Local : nullptr;
}

const RequestAnalysis::HolderIndex &
RequestAnalysis::holdersIn(const FunctionDecl *Function) {
  std::unique_ptr<HolderIndex> &Index = Holders[Function];
  if (Index)
    return *Index;
  Index = std::make_unique<HolderIndex>();
  auto NoteHeld = [&](const Expr *Holder) {
    bool Holds = false;
    forEachHeldLocal(Holder, [&](const VarDecl *Held, const FieldDecl *Member) {
      Index->HeldIn[Held].push_back({Holder, Member});
      Holds = true;
    });
    return Holds;
  };
  llvm::SmallVector<const Stmt *, 64> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    llvm::append_range(Work, S->children());
    if (const auto *Decls = dyn_cast<DeclStmt>(S))
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit()) {
          // A braced list is the variable's holder list even when it holds
          // nothing; a construction only when it binds a local.
          const Expr *Init = stripValueWrappers(Var->getInit());
          bool List = isa<InitListExpr>(Init);
          if ((List || isa<CXXConstructExpr>(Init)) &&
              (NoteHeld(Init) || List)) {
            Index->ListVariable[Init] = Var;
          } else if (const VarDecl *Copied = heldLocal(Var->getInit());
                     Copied && Copied != Var) {
            Index->CopiedInto[Copied].push_back(Var);
          }
        }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      continue;
    // A const method too: it may write through the members.
    if (const auto *Method = dyn_cast<CXXMemberCallExpr>(Call))
      if (const VarDecl *Object = referencedVariable(
              stripIndirection(Method->getImplicitObjectArgument()));
          Object && Object->hasLocalStorage())
        Index->PassedTo[Object].push_back({Call, StringTracer::ThisParameter});
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      const Expr *Argument = stripValueWrappers(Call->getArg(I));
      if (const auto *List = dyn_cast<InitListExpr>(Argument)) {
        Index->ListArgument[List] = {Call, I};
        NoteHeld(List);
      } else if (const VarDecl *Passed = heldLocal(Argument)) {
        Index->PassedTo[Passed].push_back({Call, I});
      }
    }
  }
  return *Index;
}

void RequestAnalysis::gatherThroughHolders(const VarDecl *Var, State &S,
                                           unsigned Depth) {
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Function || !Function->hasBody() || Depth >= MaxHelperDepth)
    return;
  const HolderIndex &Index = holdersIn(Function);
  auto Held = Index.HeldIn.find(Var);
  if (Held == Index.HeldIn.end())
    return;
  ObjectKey Key = static_cast<const Decl *>(Var);
  for (auto [List, Member] : Held->second) {
    if (auto Holder = Index.ListVariable.find(List);
        Holder != Index.ListVariable.end())
      gatherThroughHolder(Key, Holder->second, Member, S, Depth);
    // What the holder's constructor does through the member it binds.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(List))
      gatherThroughConstructor(Construct, Member, S, Depth);
    // A temporary aggregate built in the call's arguments.
    if (auto Argument = Index.ListArgument.find(List);
        Argument != Index.ListArgument.end()) {
      auto [Call, I] = Argument->second;
      handArgumentOver(Key, Call, I, S, [&](ObjectRoot Theirs) {
        gatherThroughHolder(Key, Theirs, Member, S, Depth + 1);
      });
    }
  }
}

// `ScopedSession Session(Client, Token);` whose constructor sets default
// headers through the member bound to Client: facts on the client, made
// with the construction's arguments, when it is made before the send.
void RequestAnalysis::gatherThroughConstructor(
    const CXXConstructExpr *Construct, const FieldDecl *Member, State &S,
    unsigned Depth) {
  const FunctionDecl *Constructor = nullptr;
  if (Depth >= MaxHelperDepth ||
      !Construct->getConstructor()->isDefined(Constructor))
    return;
  // Made before the send and, when its destructor may undo what it did,
  // still alive there.
  const SourceManager &SM = Context.getSourceManager();
  if (const Stmt *Point =
          S.pointIn(enclosingFunction(Construct), Tracer.dominance())) {
    if (!SM.isBeforeInTranslationUnit(Construct->getEndLoc(),
                                      Point->getBeginLoc()))
      return;
    const CXXDestructorDecl *Destructor =
        Construct->getConstructor()->getParent()->getDestructor();
    DynTypedNodeList Parents = Context.getParents(*Construct);
    const Stmt *Scope = nullptr;
    for (int Hop = 0; !Parents.empty() && !Scope && Hop < 8;
         Parents = Context.getParents(Parents[0]), ++Hop)
      Scope = Parents[0].get<CompoundStmt>();
    if (Destructor && Destructor->isUserProvided() && Scope &&
        !SM.isPointWithin(Point->getBeginLoc(), Scope->getBeginLoc(),
                          Scope->getEndLoc()))
      return;
  }
  StringTracer::BindingScope Scope(Tracer, Constructor, Construct);
  applyFacts(memberFactsIn(Member,
                           [&](const Stmt *Site) {
                             return Tracer.dominance().enclosingFunction(
                                        Site) == Constructor;
                           }),
             S, Depth + 1);
}

void RequestAnalysis::gatherThroughHolder(ObjectKey Key, ObjectRoot Holder,
                                          const FieldDecl *Member, State &S,
                                          unsigned Depth) {
  if (Depth >= MaxHelperDepth)
    return;
  gatherKey(memberPath(Holder, Member), S, Depth + 1, /*FollowOrigin=*/false);
  const auto *Var = Holder.dyn_cast<const VarDecl *>();
  const auto *Function =
      Var ? dyn_cast<FunctionDecl>(Var->getDeclContext()) : nullptr;
  if (!Function || !Function->hasBody())
    return;
  const HolderIndex &Index = holdersIn(Function);
  // A holder of the holder (`CompanyScope Scope(Session)`) whose
  // constructor reaches the member through it.
  if (auto Held = Index.HeldIn.find(Var); Held != Index.HeldIn.end())
    for (auto [Outer, Through] : Held->second)
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(Outer))
        gatherThroughConstructor(Construct, Member, S, Depth + 1);
  if (auto Copies = Index.CopiedInto.find(Var); Copies != Index.CopiedInto.end())
    for (const VarDecl *Copy : Copies->second)
      gatherThroughHolder(Key, Copy, Member, S, Depth + 1);
  auto Passed = Index.PassedTo.find(Var);
  if (Passed == Index.PassedTo.end())
    return;
  for (auto [Call, I] : Passed->second)
    handArgumentOver(Key, Call, I, S, [&](ObjectRoot Theirs) {
      gatherThroughHolder(Key, Theirs, Member, S, Depth + 1);
    });
}

// Hands argument \p I of \p Call, or with ThisParameter the object a method
// runs on (which sees the members as its own), to each function the call
// may run. A function of the user's whose body the file does not hold may
// write anything through the members.
void RequestAnalysis::handArgumentOver(
    ObjectKey Key, const CallExpr *Call, unsigned I, State &S,
    llvm::function_ref<void(ObjectRoot)> Visit) {
  llvm::SmallVector<const FunctionDecl *, 2> Callees =
      Tracer.writes().calleesOf(Call);
  const FunctionDecl *Direct = Call->getDirectCallee();
  if (Callees.empty() && Direct &&
      !Context.getSourceManager().isInSystemHeader(Direct->getLocation())) {
    const Stmt *Point = S.pointIn(enclosingFunction(Call), Tracer.dominance());
    if (!Point || Context.getSourceManager().isBeforeInTranslationUnit(
                      Call->getBeginLoc(), Point->getBeginLoc()))
      unknownHeader(S, Call,
                    "the request's holder is handed to '" +
                        Direct->getNameAsString() +
                        "', whose body the file does not show");
    return;
  }
  for (const FunctionDecl *Callee : Callees) {
    if (I == StringTracer::ThisParameter) {
      if (Tracer.writes().runsOnCallObject(Call, Callee))
        handOver(Key, Call, Callee, Callee, S, Visit);
      continue;
    }
    unsigned Shift = firstBoundArgument(Call, Callee);
    if (I >= Shift && I - Shift < Callee->getNumParams())
      handOver(Key, Call, Callee, Callee->getParamDecl(I - Shift), S, Visit);
  }
}

void RequestAnalysis::forEachHandOver(
    ObjectKey Key, ObjectRoot Root, State &S, unsigned Depth,
    llvm::function_ref<void(ObjectRoot)> Visit) {
  if (Depth >= MaxHelperDepth)
    return;
  if (auto Handed = Passes.find(Key); Key && Handed != Passes.end())
    for (const Pass &P : Handed->second)
      handOver(Key, P.Call, P.Callee, P.Callee->getParamDecl(P.Parameter), S,
               Visit);
  if (!Root)
    return;
  // A copy: the scan may grow the tracer's map.
  std::vector<StringTracer::Handing> Methods(Tracer.handingsOf(Root).begin(),
                                             Tracer.handingsOf(Root).end());
  for (const StringTracer::Handing &H : Methods)
    if (H.Parameter == StringTracer::ThisParameter)
      handOver(Key, H.Call, H.Callee, H.Callee, S, Visit);
}

// Visits \p Theirs, the object as \p Callee knows it, bound to \p Call,
// unless the call cannot run it or runs where it does not count for the
// send.
void RequestAnalysis::handOver(ObjectKey Key, const CallExpr *Call,
                               const FunctionDecl *Callee, ObjectRoot Theirs,
                               State &S,
                               llvm::function_ref<void(ObjectRoot)> Visit) {
  const SourceManager &SM = Context.getSourceManager();
  // A virtual call runs the override of its object's class; any of them,
  // each one of several, while that class is open.
  if (!Tracer.mayDispatchTo(Call, Callee))
    return;
  if (const FunctionDecl *Function = enclosingFunction(Call);
      Function &&
      Tracer.everyPathPasses(Function, {}, Call, Dominance::MayNotRun)) {
    explain(S, Call, "not reached with the arguments of this call");
    return;
  }
  std::optional<bool> EveryElement = Tracer.runsEveryElement(Call);
  size_t Overrides = 0;
  if (const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
      Method && Method->isVirtual() && !EveryElement)
    for (const FunctionDecl *Other : Tracer.writes().calleesOf(Call))
      Overrides += Tracer.mayDispatchTo(Call, Other);
  OneOfSeveral Several(S, Overrides);
  // Handed on after the request left, or after the copy that is sent
  // was made: not for this request.
  if (const Stmt *Point =
          S.pointIn(enclosingFunction(Call), Tracer.dominance());
      Point &&
      SM.isBeforeInTranslationUnit(Point->getEndLoc(), Call->getBeginLoc()))
    return;
  if (const Stmt *Cut = S.cutIn(Call, Tracer.dominance());
      Cut &&
      SM.isBeforeInTranslationUnit(Cut->getEndLoc(), Call->getBeginLoc()))
    return;
  // Handed over where no path goes on to the send (a `--logout` branch
  // that returns), or where each one that does resets the request first
  // (curl_easy_reset on the handle): what the helper does is gone.
  if (handedOffThePath(Key, Call, S)) {
    explain(S, Call,
            "handed to '" + Callee->getNameAsString() +
                "' on no path that reaches the send without a reset");
    return;
  }
  // Another call of a function the request leaves through sends a
  // request of its own: what it does is for that one.
  if (!llvm::is_contained(S.Points, Call) &&
      llvm::any_of(S.Points, [&](const Stmt *Point) {
        const FunctionDecl *Sender =
            Tracer.dominance().enclosingFunction(Point);
        return Sender &&
               Sender->getCanonicalDecl() == Callee->getCanonicalDecl();
      })) {
    explain(S, Call,
            "handed to '" + Callee->getNameAsString() +
                "', which sends a request of its own there");
    return;
  }
  if (EveryElement && !*EveryElement) {
    unknownHeader(S, Call,
                  "the request is handed to the elements of a list whose "
                  "classes the file does not show");
    return;
  }
  explain(S, Call, "handed to '" + Callee->getNameAsString() + "'");
  StringTracer::BindingScope Scope(Tracer, Callee, Call);
  S.Chain.push_back(Call);
  Visit(Theirs);
  S.Chain.pop_back();
}

// Whether every path from \p Call to the point the request leaves its
// function through passes a reset of \p Key, vacuously when none reaches
// it.
bool RequestAnalysis::handedOffThePath(ObjectKey Key, const CallExpr *Call,
                                       const State &S) {
  const FunctionDecl *Function = enclosingFunction(Call);
  const Stmt *Point = S.pointIn(Function, Tracer.dominance());
  if (!Point || Point == Call)
    return false;
  llvm::SmallVector<const Stmt *, 2> Resets;
  if (auto Found = Facts.find(Key); Key && Found != Facts.end())
    for (const Recorded &Fact : Found->second)
      if (Fact.Rule->What == Fact::Reset &&
          enclosingFunction(Fact.Site) == Function)
        Resets.push_back(Fact.Site);
  return Tracer.everyPathPasses(Function, Resets, Point, Dominance::MayNotRun,
                                {Call}, /*FromEntry=*/false);
}

//===--- Members of local objects -----------------------------------------===//
//
// `R.Headers` of a local R or a parameter is R's own: what is written to it
// through R, what the helpers R is handed to write through their
// parameter, and what the object R comes from (the caller's argument, its
// initializer, a helper's result, a constructor) holds. What is written
// through `this` or to a global's member is read for every object of the
// class. An object the analysis cannot follow to where it is built reads
// the member of every object, as a member without an owner.

void RequestAnalysis::gatherMember(const MemberPath &Path, bool AsList,
                                   State &S, unsigned Depth) {
  if (!S.firstRead(&Path, Tracer.innermostCall()))
    return;
  const auto *Var = Path.Root.dyn_cast<const VarDecl *>();
  // One known object: its methods' writes reach it through the calls on
  // it, read below with their arguments.
  bool KnownObject = (Var && !isa<ParmVarDecl>(Var)) ||
                     Tracer.visitBoundObject(Path.Root, [](const Expr *) {});
  gatherClassMember(Path.Member, AsList, S, Depth,
                    KnownObject ? StoredWrites::OwnerlessOutsideMethods
                                : StoredWrites::Ownerless);
  gatherHandedMember(Path, AsList, S, Depth);
  // `Req_ = buildRequest();` in the function the request leaves through
  // replaces the object, as an assignment to a local does.
  if (!AsList)
    if (auto [Site, Value] = assignedBeforeSend(Path, S); Site) {
      explain(S, Site,
              "member '" + Path.Member->getName() + "' assigned whole here");
      CopyCut Cut(S, Path.Member, Site);
      gatherMemberValue(Value, AsList, S, Depth);
      return;
    }
  // Where the object comes from: the caller's, for a parameter or the
  // object a method runs on.
  if (!Var || isa<ParmVarDecl>(Var)) {
    if (!Tracer.visitBoundObject(Path.Root, [&](const Expr *Object) {
          gatherMemberOf(Object, Path.Member, AsList, S, Depth);
        }))
      gatherEveryMember(Path.Member, AsList, S, Depth);
    return;
  }
  // A whole assignment before the request leaves replaces the object.
  if (const Stmt *Point = S.pointIn(
          dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod()),
          Tracer.dominance())) {
    StringTracer::Origin From = Tracer.originAt(Var, Point);
    if (!From.Known) {
      gatherEveryMember(Path.Member, AsList, S, Depth);
      return;
    }
    if (From.Since) {
      CopyCut Cut(S, Var, cast<Expr>(From.Since));
      gatherMemberOf(From.Source, Path.Member, AsList, S, Depth);
      return;
    }
  }
  // `for (const Job &J : Batch)`: the element the chain put in, else
  // every object's.
  if (const ValueDecl *Container = walkedContainer(Var->getInit())) {
    if (!Tracer.visitBoundElement(Container, [&](const Expr *Element) {
          gatherMemberOf(Element, Path.Member, AsList, S, Depth);
        }))
      gatherEveryMember(Path.Member, AsList, S, Depth);
  } else if (const Expr *Init = Var->getInit()) {
    CopyCut Cut(S, Var, Init);
    gatherMemberOf(Init, Path.Member, AsList, S, Depth);
  } else if (Path.Member->hasInClassInitializer()) {
    gatherMemberValue(Path.Member->getInClassInitializer(), AsList, S, Depth);
  }
}

// The last assignment of the whole member through its own object before
// the request leaves that assignment's function, when it runs on every
// path there.
RequestAnalysis::WholeAssignment
RequestAnalysis::assignedBeforeSend(const MemberPath &Path, const State &S) {
  Dominance &Flow = Tracer.dominance();
  const SourceManager &SM = Context.getSourceManager();
  const WriteIndex::Write *Last = nullptr;
  const Stmt *LastPoint = nullptr;
  for (const WriteIndex::Write &W : Tracer.writes().writesOf(Path.Member)) {
    // A C string copy writes part of the member, not the whole object.
    if (W.Braced || W.Value == W.Site ||
        !Tracer.writesTo(Path.Root, W.Root, W.This))
      continue;
    const Stmt *Point = S.pointIn(Flow.enclosingFunction(W.Site), Flow);
    if (Point &&
        SM.isBeforeInTranslationUnit(W.Site->getEndLoc(),
                                     Point->getBeginLoc()) &&
        (!Last || SM.isBeforeInTranslationUnit(Last->Site->getEndLoc(),
                                               W.Site->getEndLoc()))) {
      Last = &W;
      LastPoint = Point;
    }
  }
  if (!Last || !Flow.dominates(Last->Site, LastPoint, Dominance::MayNotRun))
    return {};
  return {cast<Expr>(Last->Site), Last->Value};
}

// What is done to the member through its object, and by the helpers and
// methods the object is handed to, through theirs.
void RequestAnalysis::gatherHandedMember(const MemberPath &Path, bool AsList,
                                         State &S, unsigned Depth) {
  gatherOwnMember(Path, AsList, S, Depth);
  ObjectKey Key;
  if (const auto *Var = Path.Root.dyn_cast<const VarDecl *>())
    Key = static_cast<const Decl *>(Var);
  if (Key && Opaque.contains(Key))
    unknownHeader(S, nullptr,
                  "the object is handed to a virtual or unseen function");
  forEachHandOver(Key, Path.Root, S, Depth, [&](ObjectRoot Theirs) {
    const MemberPath *Handed = memberPath(Theirs, Path.Member);
    if (S.firstRead(Handed, Tracer.innermostCall()))
      gatherHandedMember(*Handed, AsList, S, Depth + 1);
  });
}

// The local variable a heap object is made into (`auto Config =
// std::make_shared<Config>()`, `Session *S = new Session(...)`), if any.
const VarDecl *RequestAnalysis::heapHolder(const Expr *Made) const {
  Made = stripIndirection(Made);
  if (!Made || isa<CXXConstructExpr>(Made) || !madeObject(Made))
    return nullptr;
  const auto *Holder = dyn_cast_if_present<VarDecl>(
      initializedObject(Made).dyn_cast<const Decl *>());
  return Holder && Holder->hasLocalStorage() && !isa<ParmVarDecl>(Holder)
             ? Holder
             : nullptr;
}

// `Config->Headers` of a member `Config`: the member of the object that
// member holds there (`Client(std::shared_ptr<Config> C) :
// Config(std::move(C))`), else every object's.
void RequestAnalysis::gatherHeldMember(const MemberExpr *Holding,
                                       const FieldDecl *Member, bool AsList,
                                       State &S, unsigned Depth) {
  bool Followed = false;
  Tracer.judgeMember(Holding->getBase(),
                     cast<FieldDecl>(Holding->getMemberDecl()), Holding, 0,
                     [&](const Expr *Held) -> std::optional<bool> {
                       if (!Held)
                         return std::nullopt;
                       Followed = true;
                       gatherMemberOf(Held, Member, AsList, S, Depth + 1);
                       return true;
                     });
  if (!Followed)
    gatherEveryMember(Member, AsList, S, Depth);
}

// The member of the object \p Object denotes.
void RequestAnalysis::gatherMemberOf(const Expr *Object,
                                     const FieldDecl *Member, bool AsList,
                                     State &S, unsigned Depth) {
  const Expr *E = stripIndirection(Object);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (const Expr *Moved = movedObject(Call)) {
      gatherMemberOf(Moved, Member, AsList, S, Depth);
      return;
    }
  // A heap object is also changed through the variable that holds it
  // (`auto Config = std::make_shared<Config>(); Config->headers()[K] = V;`).
  if (const VarDecl *Holder = heapHolder(E))
    gatherMember(*memberPath(Holder, Member), AsList, S, Depth);
  auto Default = [&] {
    if (Member->hasInClassInitializer())
      gatherMemberValue(Member->getInClassInitializer(), AsList, S, Depth);
  };
  if (!E) {
    gatherEveryMember(Member, AsList, S, Depth);
  } else if (allocatesDefault(E)) {
    Default();
  } else if (const Expr *Made = madeObject(E)) {
    const FunctionDecl *Constructor = nullptr;
    if (!isa<CXXConstructExpr>(Made) && !AsList &&
        !Tracer.writes().writesOf(Member).empty()) {
      // A heap object written through other pointers later: every
      // object's (see StringTracer::objectValue).
      gatherEveryMember(Member, AsList, S, Depth);
    } else if (const Expr *Source = copiedObject(Made)) {
      gatherMemberOf(Source, Member, AsList, S, Depth);
    } else if (const Expr *Init =
                   madeMemberInitializer(Made, Member, Constructor)) {
      StringTracer::BindingScope Scope(Tracer, Constructor, Made);
      gatherMemberValue(Init, AsList, S, Depth);
    } else {
      Default();
    }
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasLocalStorage()) {
      gatherMember(*memberPath(Var, Member), AsList, S, Depth);
    } else {
      gatherEveryMember(Member, AsList, S, Depth);
    }
  } else if (isa<CXXThisExpr>(E)) {
    if (const FunctionDecl *Method = memberOwningMethod(E))
      gatherMember(*memberPath(Method, Member), AsList, S, Depth);
    else if (const auto *Constructor =
                 dyn_cast_or_null<CXXConstructorDecl>(enclosingFunction(E)))
      gatherConstructedMember(Constructor, Member, AsList, S, Depth);
    else
      gatherEveryMember(Member, AsList, S, Depth);
  } else if (const auto *List = dyn_cast<InitListExpr>(E)) {
    if (const Expr *Init = initializerOfMember(List, Member))
      gatherMemberValue(Init, AsList, S, Depth);
    else
      Default();
  } else if (const auto *Outer = dyn_cast<MemberExpr>(E);
             Outer && isa<FieldDecl>(Outer->getMemberDecl()) &&
             Depth < MaxHelperDepth) {
    gatherHeldMember(Outer, Member, AsList, S, Depth);
  } else if (const ValueDecl *Container = takenFrom(E)) {
    // `Queue.front()`: the element the chain put in, else every object's.
    if (!Tracer.visitBoundElement(Container, [&](const Expr *Element) {
          gatherMemberOf(Element, Member, AsList, S, Depth);
        }))
      gatherEveryMember(Member, AsList, S, Depth);
  } else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && Depth < MaxHelperDepth) {
    llvm::SmallVector<const FunctionDecl *, 2> Helpers =
        Tracer.returningDefinitions(Call);
    if (Helpers.empty() || llvm::any_of(Helpers, [](const FunctionDecl *F) {
          return returnValues(F).empty();
        })) {
      gatherEveryMember(Member, AsList, S, Depth);
      return;
    }
    S.Chain.push_back(Call);
    OneOfSeveral Several(S, Helpers.size());
    for (const FunctionDecl *Helper : Helpers) {
      StringTracer::BindingScope Scope(Tracer, Helper, Call);
      for (const Expr *Value : returnValues(Helper))
        gatherMemberOf(Value, Member, AsList, S, depthInside(Call, Depth));
    }
    S.Chain.pop_back();
  } else {
    gatherEveryMember(Member, AsList, S, Depth);
  }
}

void RequestAnalysis::gatherMemberValue(const Expr *Value, bool AsList,
                                        State &S, unsigned Depth) {
  // `{NULL, curl_send}`: no object yet; the one assigned later is the
  // member's own.
  if (Value->isNullPointerConstant(Context, Expr::NPC_ValueDependentIsNotNull))
    return;
  if (AsList)
    gatherHeaderList(Value, S, Depth);
  else
    gatherObject(Value, S, Depth);
}

// The facts on \p Member made at the sites \p Chosen accepts. What a
// constructor does to a member is kept under the member itself (objectKey),
// beside what other code does through it.
std::vector<RequestAnalysis::Recorded>
RequestAnalysis::memberFactsIn(const FieldDecl *Member,
                               llvm::function_ref<bool(const Stmt *)> Chosen) {
  std::vector<Recorded> Found;
  auto All = Facts.find(static_cast<const Decl *>(Member));
  if (All != Facts.end())
    llvm::copy_if(All->second, std::back_inserter(Found),
                  [&](const Recorded &Fact) { return Chosen(Fact.Site); });
  return Found;
}

// `this` in a constructor is the object being made, which no other code
// has reached yet: its member holds its initializer's value and what the
// constructor itself does to it (kept under the member: see objectKey).
void RequestAnalysis::gatherConstructedMember(
    const CXXConstructorDecl *Constructor, const FieldDecl *Member, bool AsList,
    State &S, unsigned Depth) {
  if (!S.ConstructedMembersRead.insert({Member, Tracer.innermostCall()}).second)
    return;
  const Expr *Initial = constructorInitializer(Constructor, Member);
  if (!Initial && Member->hasInClassInitializer())
    Initial = Member->getInClassInitializer();
  if (Initial)
    gatherMemberValue(Initial, AsList, S, Depth);
  const Stmt *Point = S.pointIn(Constructor, Tracer.dominance());
  auto Own = [&](const Stmt *Site) {
    return Tracer.dominance().enclosingFunction(Site) == Constructor &&
           (!Point || Context.getSourceManager().isBeforeInTranslationUnit(
                          Site->getBeginLoc(), Point->getBeginLoc()));
  };
  for (const WriteIndex::Write &W : Tracer.writes().writesOf(Member))
    if (!W.Root && Own(W.Site))
      gatherMemberValue(W.Value, AsList, S, Depth);
  for (const WriteIndex::Write &W : Tracer.writes().resetsOf(Member))
    if (!W.Root && Own(W.Site))
      noteReset(W.Site, S);
  applyFacts(memberFactsIn(Member, Own), S, Depth);
}

void RequestAnalysis::gatherEveryMember(const FieldDecl *Member, bool AsList,
                                        State &S, unsigned Depth) {
  // The object the calls followed make, when it is of the member's class,
  // holds what its construction gives the member; what is done to it
  // through other names (`Config->Headers[...] = ...` on the pointer the
  // maker returned) is read as for every object.
  bool Held = false;
  bool Made =
      S.MadeMembersRead.insert({Member, Tracer.innermostCall()}).second &&
      Tracer.visitMadeObject(ownerOf(Member), [&](const Expr *Made) {
        explain(S, Made,
                "member '" + Member->getName() + "' of the object made here");
        Held = heapHolder(Made);
        gatherMemberOf(Made, Member, AsList, S, Depth);
      });
  if (!S.EveryMemberRead.insert(Member).second)
    return;
  if (!Made) {
    Tracer.noteEveryObjectRead(Member);
    explain(S, nullptr,
            "the object whose member '" + Member->getName() +
                "' is read cannot be followed; every object's is read");
    // What the callers do before the request leaves through them (set up
    // the object first, or not) may settle what every object's holds.
    if (!S.Points.empty())
      if (const FunctionDecl *Outermost =
              Tracer.dominance().enclosingFunction(S.Points.back()))
        Tracer.noteUnboundIn(Outermost);
  }
  gatherClassMember(Member, AsList, S, Depth);
  // Lists stored through any object (`Job.Headers = {...}`), or given to
  // one as it is built (`return Job{Url, {...}}`). Each is one object's: a
  // reset in the making of one (`L = curl_slist_append(NULL, ...)`) drops
  // nothing from the others.
  if (AsList) {
    llvm::SaveAndRestore OneObjects(S.ListOfOneObject, Member);
    for (const WriteIndex::Write &W : Tracer.writes().writesOf(Member))
      if (W.Root || W.Braced)
        gatherHeaderList(W.Value, S, Depth);
  }
  // A member already read for an object of the request (the object a
  // method sending it runs on, under that call) is not read again with
  // the call's arguments unknown; nor are other objects' for a made object
  // whose other name is the variable it is made into.
  auto Paths = PathsOfMember.find(Member);
  if (Paths != PathsOfMember.end() && !Held)
    for (const MemberPath *Path : Paths->second)
      if (!S.PathsRead.contains(Path))
        gatherOwnMember(*Path, AsList, S, Depth);
}

// What is done to the member through its own object: the facts on it and,
// for a header list, the lists stored in it.
void RequestAnalysis::gatherOwnMember(const MemberPath &Path, bool AsList,
                                      State &S, unsigned Depth) {
  gatherKey(&Path, S, Depth, /*FollowOrigin=*/false);
  const auto *Var = Path.Root.dyn_cast<const VarDecl *>();
  auto Reaches = [&](const WriteIndex::Write &W) {
    return Tracer.writesTo(Path.Root, W.Root, W.This) &&
           !madeAnewBeforeSend(Var, W.Site, S);
  };
  if (AsList)
    for (const WriteIndex::Write &W : Tracer.writes().writesOf(Path.Member))
      if (Reaches(W))
        gatherHeaderList(W.Value, S, Depth);
  // The list replaced or cleared, or its whole object zeroed.
  if (AsList)
    for (const WriteIndex::Write &W : Tracer.writes().resetsOf(Path.Member))
      if (Reaches(W))
        noteReset(W.Site, S, Var ? Path.Member : nullptr);
  if (Var)
    for (const WriteIndex::Write &W : Tracer.writes().resetsOf(Var))
      if (isa<CallExpr>(W.Site) && !madeAnewBeforeSend(Var, W.Site, S))
        noteReset(W.Site, S, Path.Member);
}

// Whether every way from \p Site to the send makes the local object \p Var
// anew (`Request Copy = Prototype;` at the top of a loop body): what
// \p Site does to it is an earlier object's.
bool RequestAnalysis::madeAnewBeforeSend(const VarDecl *Var, const Stmt *Site,
                                         State &S) {
  if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
      !Var->getInit())
    return false;
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Function = Flow.enclosingFunction(Site);
  const Stmt *Point = S.pointIn(Function, Flow);
  if (!Point || Flow.enclosingFunction(Var->getInit()) != Function ||
      !Tracer.everyPathPasses(Function, {Var->getInit()}, Point,
                              Dominance::MayNotRun, {Site},
                              /*FromEntry=*/false))
    return false;
  explain(S, dyn_cast<Expr>(Site),
          "done to an earlier '" + Var->getName() +
              "': it is made anew before the send");
  return true;
}

// What is done to the member through `this` or a global: one per class.
void RequestAnalysis::gatherClassMember(const FieldDecl *Member, bool AsList,
                                        State &S, unsigned Depth,
                                        StoredWrites Writes) {
  const Decl *PerClass = Member;
  if (AsList)
    gatherStoredList(PerClass, nullptr, S, Depth, Writes);
  gatherKey(PerClass, S, Depth, /*FollowOrigin=*/false);
}

// The text of a piece of the URL, counting its reads of every object of a
// class.
TracedValues RequestAnalysis::traceUrlPart(const Expr *Part, State &S) {
  size_t Before = Tracer.everyObjectReads();
  TracedValues Text = Tracer.traceRowByRow(Part);
  S.UrlEveryObjectReads += Tracer.everyObjectReads() - Before;
  return Text;
}

// One case per kind of fact (Fact): a switch over the request model's rows.
void RequestAnalysis::apply(const Recorded &Fact, State &S, unsigned Depth) {
  const CallRule &Rule = *Fact.Rule;
  const Expr *Value = argument(Fact.Site, Rule.Value);
  switch (Rule.What) {
  case Fact::Url:
  case Fact::Base:
  case Fact::Host:
  case Fact::Path: {
    if (!Value)
      break;
    std::vector<Candidate> &Into = Rule.What == Fact::Url      ? S.Urls
                                   : Rule.What == Fact::Base   ? S.Bases
                                   : Rule.What == Fact::Path   ? S.Paths
                                   : Rule.Object == NoArgument ? S.FallbackHosts
                                                               : S.Hosts;
    Into.push_back({traceUrlPart(Value, S), Fact.Site});
    explain(S, Fact.Site,
            llvm::Twine(Rule.What == Fact::Url    ? "URL "
                        : Rule.What == Fact::Base ? "base URL "
                        : Rule.What == Fact::Path ? "path "
                                                  : "host ") +
                readableValues(Into.back().Value));
    break;
  }
  case Fact::Method:
    S.MethodSet = true;
    // A method set on some paths only (POST when there is a body) leaves
    // the request's method unknown.
    if (!runsBeforeSend(Fact.Site, S)) {
      explain(S, Fact.Site, "method set on some paths only; ignored");
      break;
    }
    // What a function the request leaves through sets before it leaves
    // decides over what others set at times the analysis cannot order
    // (a token request's POST on a shared handle).
    if (S.pointIn(Tracer.dominance().enclosingFunction(Fact.Site),
                  Tracer.dominance()))
      S.MethodSetOnTheWay = true;
    else if (S.MethodSetOnTheWay) {
      explain(S, Fact.Site, "method set elsewhere; the send's own wins");
      break;
    }
    if (!Rule.Method.empty())
      S.Method = Rule.Method.str();
    else if (Value)
      S.Method = methodOf(Value);
    explain(S, Fact.Site, "method '" + S.Method + "'");
    break;
  case Fact::Header:
    if (Fact.Rule == &SubscriptAssignment) {
      const auto *Assign = cast<CXXOperatorCallExpr>(Fact.Site);
      const auto *Subscript =
          cast<CXXOperatorCallExpr>(stripValueWrappers(Assign->getArg(0)));
      if (!gatherWalkedList(Subscript->getArg(1), Fact.Site, S, Depth))
        addHeader(Subscript->getArg(1), Assign->getArg(1), Fact.Site, S);
    } else if (gatherWalkedList(Value, Fact.Site, S, Depth)) {
      // Each element of a list the loop walks.
    } else if (Rule.Second != NoArgument && argument(Fact.Site, Rule.Second))
      addHeader(Value, argument(Fact.Site, Rule.Second), Fact.Site, S);
    else if (Value)
      addHeaderPair(Value, Fact.Site, S, Depth);
    break;
  case Fact::HeaderLine:
    if (!Value || gatherWalkedList(Value, Fact.Site, S, Depth))
      break;
    // A list of pairs or of name and value records takes
    // emplace_back(Name, Value) and push_back({Name, Value}).
    if (const Expr *PairValue = argument(Fact.Site, Rule.Value + 1))
      addHeader(Value, PairValue, Fact.Site, S);
    else
      addHeaderElement(Value, Fact.Site, S, Depth);
    break;
  case Fact::HeaderList:
  case Fact::ExtraHeaderList:
    if (!Value)
      break;
    // A row whose list is a range, `insert(Position, Extra.begin(),
    // Extra.end())`, adds the list walked; nothing for another insert.
    if (Rule.Value >= 0 &&
        Rule.MinArguments > static_cast<unsigned>(Rule.Value) + 1) {
      Value = iteratedRange(Value, argument(Fact.Site, Rule.Value + 1));
      if (Value)
        gatherHeaderList(Value, S, Depth);
      break;
    }
    if (const VarDecl *Var = referencedVariable(Value);
        Var && Var->hasLocalStorage()) {
      if (!S.HeaderList) {
        S.HeaderList = Var;
        S.HeaderListAttach = Fact.Site;
      }
      // A list held by value is copied onto the request (`Request.headers()
      // = Defaults`): what is added to it afterwards is not on the request;
      // a list pointer (CURLOPT_HTTPHEADER) is read when the request leaves.
      CopyCut Cut(S, Var, Fact.Site);
      gatherHeaderList(Value, S, Depth);
      break;
    }
    gatherHeaderList(Value, S, Depth);
    break;
  case Fact::AlgorithmOutput:
    gatherAlgorithmOutput(cast<CallExpr>(Fact.Site), S, Depth);
    break;
  case Fact::Stage:
    if (const ParmVarDecl *Request = stageRequest(Value)) {
      explain(S, Fact.Site, "a pipeline stage runs on every request");
      S.Stages.insert(Request);
      gatherKey(static_cast<const Decl *>(Request), S, Depth + 1);
    } else {
      unknownHeader(S, Fact.Site, "a pipeline stage that cannot be read");
    }
    break;
  case Fact::Reset: // Read in gatherKey.
  case Fact::Creates:
  case Fact::SendsRequest:
    break;
  }
}

// The request parameter of the code a pipeline stage runs: `propagate` of
// a stage class made with std::make_shared or new, or a lambda's first
// parameter.
const ParmVarDecl *RequestAnalysis::stageRequest(const Expr *Stage) const {
  const Expr *Made = stripValueWrappers(Stage);
  // shared_ptr<Stage> converted to shared_ptr<http_pipeline_stage>.
  while (const auto *Convert = dyn_cast_or_null<CXXConstructExpr>(Made))
    Made = Convert->getNumArgs() == 1 ? stripValueWrappers(Convert->getArg(0))
                                      : nullptr;
  const FunctionDecl *Code = nullptr;
  const CXXRecordDecl *Class = nullptr;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Made))
    Class = madeClass(Call);
  else if (const auto *New = dyn_cast_or_null<CXXNewExpr>(Made))
    Class = New->getAllocatedType()->getAsCXXRecordDecl();
  else if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(Made))
    Code = Lambda->getCallOperator();
  if (Class)
    for (const CXXMethodDecl *Method : Class->methods())
      if (Method->getDeclName().isIdentifier() &&
          Method->getName() == "propagate" && Method->hasBody())
        Code = Method;
  return Code && Code->getNumParams() > 0 ? Code->getParamDecl(0) : nullptr;
}

void RequestAnalysis::gatherHeaderList(const Expr *List, State &S,
                                       unsigned Depth) {
  List = stripValueWrappers(List);
  if (!List || isa<CXXNullPtrLiteralExpr>(List) || isa<GNUNullExpr>(List) ||
      isa<IntegerLiteral>(List))
    return;
  // curlpp: setOpt(new curlpp::options::HttpHeader(list)).
  if (const auto *New = dyn_cast<CXXNewExpr>(List)) {
    if (New->getConstructExpr())
      gatherHeaderList(New->getConstructExpr(), S, Depth);
    else
      unknownHeader(S, List, "a header list that cannot be read");
    return;
  }
  if (const auto *Init = dyn_cast<InitListExpr>(List)) {
    for (const Expr *Element : Init->inits()) {
      const Expr *Item = stripValueWrappers(Element);
      // The NULL that ends an array of header lines.
      if (Element->getType()->isPointerType() &&
          Element->isNullPointerConstant(Context,
                                         Expr::NPC_ValueDependentIsNotNull))
        continue;
      addHeaderElement(Item, Element, S, Depth);
    }
    return;
  }
  if (const auto *Elements = dyn_cast<CXXStdInitializerListExpr>(List)) {
    gatherHeaderList(Elements->getSubExpr(), S, Depth);
    return;
  }
  // A loop over `va_arg(Args, const char *)`: each line the call passes.
  if (const auto *Read = dyn_cast<VAArgExpr>(List)) {
    if (!Tracer.forEachVariadicArgument(Read, [&](const Expr *Argument) {
          addHeaderElement(stripValueWrappers(Argument), Argument, S, Depth);
        }))
      unknownHeader(S, List,
                    "header lines of calls the analysis reads one "
                    "by one");
    return;
  }
  // `Scoped ? WithCompany : Plain`: the list the arguments bound now
  // choose, else either one.
  if (const auto *Choice = dyn_cast<ConditionalOperator>(List)) {
    if (std::optional<bool> Chosen =
            Tracer.evaluateCondition(Choice->getCond())) {
      gatherHeaderList(*Chosen ? Choice->getTrueExpr() : Choice->getFalseExpr(),
                       S, Depth);
      return;
    }
    OneOfSeveral Several(S, 2);
    gatherHeaderList(Choice->getTrueExpr(), S, Depth);
    gatherHeaderList(Choice->getFalseExpr(), S, Depth);
    return;
  }
  if (const Expr *Copied = copiedRange(List)) {
    gatherHeaderList(Copied, S, Depth);
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(List)) {
    if (Construct->getNumArgs() == 0)
      return;
    for (const Expr *Arg : Construct->arguments())
      if (isa<CXXStdInitializerListExpr>(stripValueWrappers(Arg)) ||
          isa<InitListExpr>(stripValueWrappers(Arg))) {
        gatherHeaderList(Arg, S, Depth);
        return;
      }
    gatherHeaderList(Construct->getArg(0), S, Depth);
    return;
  }
  // A list member of the object a constructor is making.
  if (const auto *Member = dyn_cast<MemberExpr>(List);
      Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    if (const auto *Constructor =
            dyn_cast_or_null<CXXConstructorDecl>(enclosingFunction(List)))
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl())) {
        gatherConstructedMember(Constructor, Field, /*AsList=*/true, S, Depth);
        return;
      }
  ObjectKey Key = objectKey(List);
  // `Headers.get()` on a wrapper of the user's handed in as a parameter,
  // which holds no list of its own: what the method returns, read in its
  // body with the caller's object.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(List);
      Member && Depth < MaxHelperDepth &&
      isa_and_present<ParmVarDecl>(Key.dyn_cast<const Decl *>()))
    if (const FunctionDecl *Method = userDefinition(Member))
      if (const Expr *Returned = singleReturnValue(Method)) {
        StringTracer::BindingScope Scope(Tracer, Method, Member);
        gatherHeaderList(Returned, S, Depth + 1);
        return;
      }
  if (Key) {
    if (const auto *Path = Key.dyn_cast<const MemberPath *>())
      gatherMember(*Path, /*AsList=*/true, S, Depth);
    else
      gatherStoredList(Key, List, S, Depth, StoredWrites::All);
    gatherKey(Key, S, Depth, /*FollowOrigin=*/false);
    if (const FieldDecl *Field = classWideMember(Key))
      gatherEveryMember(Field, /*AsList=*/true, S, Depth);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(List)) {
    // `Headers_(std::move(Headers))`: the list itself.
    if (const Expr *Moved = movedObject(Call)) {
      gatherHeaderList(Moved, S, Depth);
      return;
    }
    // curl_slist_append(list, "Name: value") returns the grown list.
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      auto Rules = RulesByCallee.find(plainQualifiedName(Callee));
      if (Rules != RulesByCallee.end())
        for (const CallRule *Rule : Rules->second)
          if (Rule->What == Fact::HeaderLine && Rule->Object >= 0) {
            gatherHeaderList(argument(Call, Rule->Object), S, Depth);
            apply({Rule, Call}, S, Depth);
            return;
          }
    }
    llvm::SmallVector<const FunctionDecl *, 2> Helpers =
        Tracer.returningDefinitions(Call);
    if (!Helpers.empty() && Depth < MaxHelperDepth &&
        llvm::all_of(Helpers, singleReturnValue)) {
      OneOfSeveral Several(S, Helpers.size());
      for (const FunctionDecl *Helper : Helpers) {
        StringTracer::BindingScope Scope(Tracer, Helper, Call);
        gatherHeaderList(singleReturnValue(Helper), S,
                         depthInside(Call, Depth));
      }
      return;
    }
  }
  unknownHeader(S, List, "a header list that cannot be read");
}

// Whether \p S holds a statement that leaves an iteration early.
static bool leavesEarly(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ContinueStmt>(S) || isa<BreakStmt>(S) || isa<ReturnStmt>(S) ||
      isa<GotoStmt>(S) || isa<CXXThrowExpr>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  return llvm::any_of(S->children(), leavesEarly);
}

// Whether \p Site runs each time the body of \p Loop does: no branch,
// inner loop or early exit on the way.
static bool runsEveryIteration(const Stmt *Site, const Stmt *Loop,
                               ASTContext &Context) {
  const Stmt *Body = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    Body = For->getBody();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    Body = Range->getBody();
  else if (const auto *Algorithm = dyn_cast<CallExpr>(Loop)) // std::for_each
    if (const auto *Lambda = dyn_cast<LambdaExpr>(
            stripValueWrappers(Algorithm->getArg(Algorithm->getNumArgs() - 1))))
      Body = Lambda->getBody();
  if (leavesEarly(Body))
    return false;
  for (DynTypedNodeList Parents = Context.getParents(*Site); !Parents.empty();
       Parents = Context.getParents(Parents[0])) {
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return false;
    if (Parent == Loop)
      return true;
    if (isa<IfStmt>(Parent) || isa<SwitchStmt>(Parent) ||
        isa<AbstractConditionalOperator>(Parent) || isa<ForStmt>(Parent) ||
        isa<WhileStmt>(Parent) || isa<DoStmt>(Parent) ||
        isa<CXXForRangeStmt>(Parent))
      return false;
    if (const auto *Binary = dyn_cast<BinaryOperator>(Parent);
        Binary && Binary->isLogicalOp())
      return false;
  }
  return false;
}

// `for (const auto &[Name, Value] : Headers) Request.set(Name, Value)`: a
// loop that hands on each element of a list adds what the list holds, as
// the request's analysis reads the list (through the helpers and objects
// it is handed to) where the tracer cannot name the element.
bool RequestAnalysis::gatherWalkedList(const Expr *Element, const Expr *Site,
                                       State &S, unsigned Depth) {
  std::optional<StringTracer::CollectionWalk> Walk =
      Element ? Tracer.walkOf(Element) : std::nullopt;
  if (!Walk || !runsEveryIteration(Site, Walk->Loop, Context))
    return false;
  // Names the tracer reads from the element itself stay with it: it knows
  // each entry's own path. The list is read when it cannot, unless the
  // element depends on callers, whose calls are analysed one by one.
  TracedValues Names = Tracer.traceAll(Element);
  if (llvm::none_of(Names,
                    [](const TracedString &Name) {
                      return llvm::StringRef(Name.text())
                          .starts_with(llvm::StringRef(&UnknownText, 1));
                    }) ||
      Tracer.readUnboundParameterOf(enclosingFunction(Site)))
    return false;
  if (S.Visited.insert({Walk->Loop, Tracer.innermostCall()}).second) {
    explain(S, Site, "adds each header of the list its loop walks");
    gatherHeaderList(Walk->Collection, S, Depth);
  }
  return true;
}

// A list filled through an output iterator: std::copy and std::move add
// the range they walk, the unary std::transform what its function returns
// for each element (read with the element as a loop's variable); what
// another algorithm writes cannot be read.
void RequestAnalysis::gatherAlgorithmOutput(const CallExpr *Inserter, State &S,
                                            unsigned Depth) {
  // The algorithm the iterator is handed to, through copies of it.
  AlgorithmOutput Output;
  const Expr *Child = Inserter;
  for (int Hop = 0; !Output.Container && Child && Hop < 4; ++Hop) {
    DynTypedNodeList Parents = Context.getParents(*Child);
    if (Parents.empty())
      break;
    if (const auto *Algorithm = Parents[0].get<CallExpr>())
      Output = algorithmOutput(Algorithm);
    Child = Parents[0].get<Expr>();
  }
  if (Output.Inserter == Inserter && Output.Range) {
    explain(S, Inserter, "adds each element of the range copied");
    gatherHeaderList(Output.Range, S, Depth);
  } else if (Output.Inserter == Inserter && Output.Returned) {
    explain(S, Inserter, "adds what the function returns for each element");
    addHeaderElement(Output.Returned, Output.Returned, S, Depth);
  } else {
    unknownHeader(S, Inserter, "a header list an algorithm fills");
  }
}

// A header list stored in a variable, parameter, member or global: its
// initializer, the caller's argument, and what the code stores there
// (with \p OwnerlessOnly, only through `this` or a global).
void RequestAnalysis::gatherStoredList(ObjectKey Key, const Expr *List,
                                       State &S, unsigned Depth,
                                       StoredWrites Writes) {
  const Decl *D = Key.dyn_cast<const Decl *>();
  if (const auto *Param = llvm::dyn_cast_if_present<ParmVarDecl>(D)) {
    // A list handed in: read the caller's argument, if the call is known.
    if (!Tracer.visitBoundObject(Param, [&](const Expr *Argument) {
          gatherHeaderList(Argument, S, Depth);
        }))
      unknownHeader(S, List, "a header list handed in by unknown callers");
  } else if (const auto *Var = llvm::dyn_cast_if_present<VarDecl>(D)) {
    if (const Expr *Init = Var->getInit()) {
      CopyCut Cut(S, Var, Init);
      gatherHeaderList(Init, S, Depth);
    }
  } else if (const auto *Field = llvm::dyn_cast_if_present<FieldDecl>(D);
             Field && Field->hasInClassInitializer()) {
    gatherHeaderList(Field->getInClassInitializer(), S, Depth);
  }
  // A list kept in a member or global: whatever the code stores there
  // (`Slot->Headers = buildHeaders(Config)`).
  // The writes of a member are read once: `Headers =
  // curl_slist_append(Headers, ...)` reads the member it writes.
  auto &Read = Writes == StoredWrites::OwnerlessOutsideMethods
                   ? S.ListsReadOutsideMethods
                   : S.ListsRead;
  auto Wanted = [&](const WriteIndex::Write &W) {
    if (Writes == StoredWrites::All)
      return true;
    if (W.Root)
      return false;
    const FunctionDecl *Method = W.This ? Tracer.methodOfThis(W.This) : nullptr;
    return Writes == StoredWrites::Ownerless || !Method ||
           isa<CXXConstructorDecl>(Method);
  };
  if (const auto *Stored = llvm::dyn_cast_if_present<ValueDecl>(D);
      Stored && !isa<ParmVarDecl>(Stored) && Read.insert(Stored).second) {
    for (const WriteIndex::Write &W : Tracer.writes().writesOf(Stored))
      if (Wanted(W) && !(Writes != StoredWrites::All && W.Braced))
        gatherHeaderList(W.Value, S, Depth);
    for (const WriteIndex::Write &W : Tracer.writes().resetsOf(Stored))
      if (Wanted(W))
        noteReset(W.Site, S);
  }
}

// An element of a header list: a pair or a name and value record, or a
// line.
void RequestAnalysis::addHeaderElement(const Expr *Element, const Expr *Site,
                                       State &S, unsigned Depth) {
  if (Element->getType()->isRecordType() && !isStringType(Element->getType()))
    addHeaderPair(Element, Site, S, Depth);
  else
    addHeaderLine(Element, Site, S);
}

// insert({name, value}), insert(std::make_pair(name, value)), or a pair
// made elsewhere: forwarded from a parameter, returned by a helper
// (`h.emplace(accept_json())`), kept in a variable.
void RequestAnalysis::addHeaderPair(const Expr *Pair, const Expr *Site,
                                    State &S, unsigned Depth) {
  Pair = stripValueWrappers(Pair);
  auto Unknown = [&] {
    unknownHeader(S, Site, "a header whose name cannot be read");
  };
  if (const auto *List = dyn_cast_or_null<InitListExpr>(Pair);
      List && List->getNumInits() == 2 && List->getInit(0) &&
      List->getInit(1)) {
    addHeader(List->getInit(0), List->getInit(1), Site, S);
    return;
  }
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Pair)) {
    if (isPair(Construct))
      addHeader(Construct->getArg(0), Construct->getArg(1), Site, S);
    else if (Construct->getNumArgs() == 1 &&
             Construct->getConstructor()->isCopyOrMoveConstructor())
      addHeaderPair(Construct->getArg(0), Site, S, Depth);
    else
      Unknown();
    return;
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Pair)) {
    if (const Expr *Moved = movedObject(Call)) {
      addHeaderPair(Moved, Site, S, Depth);
      return;
    }
    llvm::SmallVector<const FunctionDecl *, 2> Helpers =
        Depth < MaxHelperDepth ? Tracer.returningDefinitions(Call)
                               : llvm::SmallVector<const FunctionDecl *, 2>();
    if (!Helpers.empty()) {
      OneOfSeveral Several(S, Helpers.size());
      for (const FunctionDecl *Helper : Helpers) {
        StringTracer::BindingScope Scope(Tracer, Helper, Call);
        for (const Expr *Value : returnValues(Helper))
          addHeaderPair(Value, Site, S, depthInside(Call, Depth));
      }
    } else if (Call->getNumArgs() == 2) { // std::make_pair(name, value)
      addHeader(Call->getArg(0), Call->getArg(1), Site, S);
    } else {
      Unknown();
    }
    return;
  }
  const VarDecl *Var = referencedVariable(Pair);
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Var)) {
    if (!Tracer.visitBoundObject(Param, [&](const Expr *Argument) {
          addHeaderPair(Argument, Site, S, Depth);
        }))
      Unknown();
    return;
  }
  if (Var && Var->hasLocalStorage()) {
    StringTracer::Origin From = Tracer.originAt(Var, Site);
    if (From.Known && From.Source) {
      addHeaderPair(From.Source, Site, S, Depth);
      return;
    }
  }
  Unknown();
}

// A name a person wrote for Procore-Company-Id that Procore does not read:
// X-Procore-Company-Id, Procore-CompanyId, Company-Id, Procore-Company.
static bool isNearMissCompanyHeader(llvm::StringRef Name) {
  if (isCompanyHeaderName(Name))
    return false;
  std::string Folded;
  for (char C : Name)
    if (llvm::isAlnum(C))
      Folded.push_back(llvm::toLower(C));
  llvm::StringRef F(Folded);
  return F.ends_with("companyid") || F == "procorecompany" ||
         F == "xprocorecompany";
}

// Whether a header added at \p Site is on the request on every path to the
// send: in the sending function (or the caller that hands the request to a
// sending helper) it must dominate the send or that call; in any other
// function (a builder, a helper that adds headers) it must run on every
// path through that function.
bool RequestAnalysis::runsBeforeSend(const Expr *Site, const State &S) {
  Dominance &Flow = Tracer.dominance();
  if (const Stmt *Point = S.pointIn(Flow.enclosingFunction(Site), Flow))
    return Flow.dominates(Site, Point, Dominance::RunOnce);
  return Flow.runsOnEveryPath(Site, Dominance::RunOnce);
}

// Calls in \p S, not inside a lambda it holds.
static void forEachCall(const Stmt *S,
                        llvm::function_ref<void(const CallExpr *)> Visit) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Visit(Call);
  for (const Stmt *Child : S->children())
    forEachCall(Child, Visit);
}

// A company header added at \p Site (whose value, for an entry of a header
// map, \p Certain says is always put in). Seen from the sending function,
// the add is the outermost call that leads to it; inside the helpers it
// must run on every path the arguments bound now allow.
void RequestAnalysis::noteCompanyHeader(const Expr *Site, bool EmptyValue,
                                        State &S, bool Certain,
                                        const Expr *Shown) {
  if (!Shown)
    Shown = Site;
  if (EmptyValue) {
    S.SawEmptyHeader = true;
    S.EmptyHeaderSite = Site->getBeginLoc();
    explain(S, Site, "Procore-Company-Id added with an empty value");
    return;
  }
  S.AddedByOneOfSeveral |= S.AmongSeveral > 0;
  Certain = Certain && S.AmongSeveral == 0;
  bool WhenRun = Certain;
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Adds = Flow.enclosingFunction(Site);
  if (!S.pointIn(Adds, Flow)) {
    StringTracer::PresenceScope Guarded(Tracer);
    const auto *Put = dyn_cast<CXXMemberCallExpr>(Site);
    Certain =
        Certain && Adds &&
        (Tracer.everyPathPasses(Adds, {Site}, nullptr, Dominance::RunOnce) ||
         addedUnlessFailed(Adds, Site, S) ||
         (Put && Tracer.madeWithTheOthers(
                     WriteIndex::storageOf(Put->getImplicitObjectArgument()),
                     Site, Adds)));
    if (WhenRun && !Certain && Adds)
      noteAddsAtCalls(Adds, Site, Shown, S);
  }
  const Stmt *Lifted = S.liftedToPoint(Site, Flow);
  // Added to the original of a copy: only what runs before the copy.
  const SourceManager &SM = Context.getSourceManager();
  if (const Stmt *Cut = S.cutIn(Lifted, Flow);
      Cut && !SM.isPointWithin(Lifted->getBeginLoc(), Cut->getBeginLoc(),
                               Cut->getEndLoc())) {
    if (SM.isBeforeInTranslationUnit(Cut->getEndLoc(), Lifted->getBeginLoc())) {
      explain(S, Shown, "Procore-Company-Id added after the copy is made");
      return;
    }
    // On every path to the copy, with the branches the arguments settle.
    Certain =
        Certain && Tracer.everyPathPasses(Flow.enclosingFunction(Cut), {Lifted},
                                          Cut, Dominance::RunOnce);
  }
  S.CompanyAdds.push_back({Lifted, Shown, Certain, Site, WhenRun,
                           S.Cuts.empty() ? nullptr : S.Cuts.back()});
  explain(S, Shown,
          llvm::Twine("Procore-Company-Id added") +
              (Certain ? "" : ", but not on every path through its function"));
}

// A helper that adds the header when its arguments say so
// (`set_headers(1)`, `build_headers(WithCompany)`), called in a function the
// request leaves through: each call whose arguments make it add on every
// path is an add at that call.
void RequestAnalysis::noteAddsAtCalls(const FunctionDecl *Adds,
                                      const Stmt *Site, const Expr *Shown,
                                      State &S) {
  Dominance &Flow = Tracer.dominance();
  llvm::SmallPtrSet<const FunctionDecl *, 4> Done;
  for (const Stmt *Point : S.Points) {
    const FunctionDecl *Function = Flow.enclosingFunction(Point);
    if (!Function || !Done.insert(Function).second)
      continue;
    forEachCall(Function->getBody(), [&](const CallExpr *Call) {
      const FunctionDecl *Callee = userDefinition(Call);
      if (!Callee || Callee->getCanonicalDecl() != Adds->getCanonicalDecl())
        return;
      StringTracer::BindingScope Bound(Tracer, Adds, Call);
      if (Tracer.everyPathPasses(Adds, {Site}, nullptr, Dominance::RunOnce)) {
        S.CompanyAdds.push_back({Call, Shown, /*Certain=*/true, Site,
                                 /*WhenRun=*/true});
        explain(S, Call, "Procore-Company-Id added by this call");
      }
    });
  }
}

// The constant an integer, boolean or pointer return gives back.
static std::optional<llvm::APSInt> returnedConstant(const ReturnStmt *Return,
                                                    const ASTContext &Context) {
  const Expr *Value = Return->getRetValue();
  if (!Value || Value->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (Value->getType()->isIntegralOrEnumerationType() &&
      Value->EvaluateAsInt(Result, Context))
    return Result.Val.getInt();
  if (Value->getType()->isPointerType() &&
      Value->isNullPointerConstant(const_cast<ASTContext &>(Context),
                                   Expr::NPC_ValueDependentIsNotNull))
    return llvm::APSInt::get(0);
  return std::nullopt;
}

// What \p Condition is when \p Call returned one of \p Values: `f() != 0`,
// `!f()`, `(Rc = f()) < 0`, or `Rc` where `int Rc = f();` reaches it;
// nullopt when the values do not settle it.
static std::optional<bool>
conditionOnResult(const Expr *Condition, const CallExpr *Call,
                  llvm::ArrayRef<llvm::APSInt> Values, StringTracer &Tracer,
                  const ASTContext &Context) {
  auto Recurse = [&](const Expr *E) {
    return conditionOnResult(E, Call, Values, Tracer, Context);
  };
  auto IsResult = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Assign = dyn_cast<BinaryOperator>(E);
        Assign && Assign->getOpcode() == BO_Assign)
      E = Assign->getRHS()->IgnoreParenImpCasts();
    if (E == Call)
      return true;
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
      return false;
    StringTracer::Origin From = Tracer.originAt(Var, Ref);
    return From.Known && From.Source &&
           From.Source->IgnoreParenImpCasts() == Call;
  };
  // Whether \p Test holds for every value, for none, or it depends.
  auto ForEvery =
      [&](llvm::function_ref<std::optional<bool>(const llvm::APSInt &)> Test)
      -> std::optional<bool> {
    std::optional<bool> Agreed;
    for (const llvm::APSInt &Value : Values) {
      std::optional<bool> Holds = Test(Value);
      if (!Holds || (Agreed && *Agreed != *Holds))
        return std::nullopt;
      Agreed = Holds;
    }
    return Agreed;
  };
  const Expr *E = Condition->IgnoreParenImpCasts();
  if (IsResult(E))
    return ForEvery(
        [](const llvm::APSInt &V) -> std::optional<bool> { return V != 0; });
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = Recurse(Unary->getSubExpr());
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  const auto *Binary = dyn_cast<BinaryOperator>(E);
  if (!Binary)
    return std::nullopt;
  if (Binary->isLogicalOp()) {
    bool And = Binary->getOpcode() == BO_LAnd;
    std::optional<bool> A = Recurse(Binary->getLHS());
    std::optional<bool> B = Recurse(Binary->getRHS());
    if ((A && *A != And) || (B && *B != And))
      return !And;
    if (A && B)
      return And;
    return std::nullopt;
  }
  if (!Binary->isComparisonOp())
    return std::nullopt;
  const Expr *Result = Binary->getLHS(), *Other = Binary->getRHS();
  bool Swapped = false;
  if (!IsResult(Result)) {
    std::swap(Result, Other);
    Swapped = true;
  }
  Expr::EvalResult Constant;
  if (!IsResult(Result) || Other->isValueDependent() ||
      !Other->EvaluateAsInt(Constant, Context))
    return std::nullopt;
  llvm::APSInt Known = Constant.Val.getInt();
  return ForEvery([&](const llvm::APSInt &Value) {
    return Swapped ? compareIntegers(Binary->getOpcode(), Known, Value)
                   : compareIntegers(Binary->getOpcode(), Value, Known);
  });
}

// A setup function that adds the header on every path that reports
// success and returns a failure value (a constant no adding path returns)
// on the others: `if (!Token) return -1; ... add ...; return 0;`. The add
// counts as made on every path when, after each call of it, a failure
// leaves no path on which the request is still made: the caller checks the
// result and gives up (`if (login() != 0) goto cleanup;`).
bool RequestAnalysis::addedUnlessFailed(const FunctionDecl *Adds,
                                        const Stmt *Site, const State &S) {
  if (Adds->getReturnType()->isVoidType() || S.Points.empty() ||
      Tracer.writes().addressTaken(Adds))
    return false;
  llvm::SmallVector<llvm::APSInt, 2> Failed, Succeeded;
  // A builder that returns the object it made (`return Ctx;`) on the paths
  // that add, and null on the others: the object was written through on
  // those paths, so it is not null there.
  bool ReturnsObject = false;
  for (const ReturnStmt *Return : returnStatements(Adds)) {
    std::optional<llvm::APSInt> Value = returnedConstant(Return, Context);
    bool Adding =
        Tracer.everyPathPasses(Adds, {Site}, Return, Dominance::RunOnce);
    if (!Value && Adding && Adds->getReturnType()->isPointerType()) {
      ReturnsObject = true;
      continue;
    }
    if (!Value)
      return false;
    (Adding ? Succeeded : Failed).push_back(*Value);
  }
  if (Failed.empty() || (Succeeded.empty() && !ReturnsObject) ||
      llvm::any_of(Failed, [&](const llvm::APSInt &F) {
        return llvm::any_of(Succeeded, [&](const llvm::APSInt &V) {
          return llvm::APSInt::isSameValue(F, V);
        });
      }))
    return false;
  llvm::ArrayRef<const CallExpr *> Calls = callSitesOf(Adds);
  if (Calls.empty() || Calls.size() > MaxCallSites)
    return false;
  Dominance &Flow = Tracer.dominance();
  return llvm::none_of(Calls, [&](const CallExpr *Call) {
    auto Decide = [&](const Expr *Condition,
                      const Expr *Case) -> std::optional<bool> {
      if (Case)
        return std::nullopt;
      return conditionOnResult(Condition, Call, Failed, Tracer, Context);
    };
    // This request leaves the caller at its own point there, if it has
    // one: reaching the outer point again on the next turn of a loop is
    // another request.
    const FunctionDecl *Caller = Flow.enclosingFunction(Call);
    const Stmt *Point = S.pointIn(Caller, Flow);
    return requestMayFollow(Caller, Call, Decide,
                            Point ? Point : S.Points.back(), 0);
  });
}

// Whether the request made at \p Outermost (the outermost point it leaves
// through) may still be made once \p Function runs on from the call
// \p From, with its branches settled by \p Decide: a path from there
// reaches that point or a call that leads to it, or returns to a caller
// from which one may.
bool RequestAnalysis::requestMayFollow(const FunctionDecl *Function,
                                       const CallExpr *From,
                                       Dominance::Decider Decide,
                                       const Stmt *Outermost, unsigned Depth) {
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Target = Flow.enclosingFunction(Outermost);
  if (!Function || !Function->getBody() || !Target || Depth > MaxContextDepth)
    return true;
  // The functions from which a call may reach the point's function.
  llvm::DenseMap<const FunctionDecl *, bool> Leads;
  std::function<bool(const FunctionDecl *, unsigned)> LeadsTo =
      [&](const FunctionDecl *Callee, unsigned Level) {
        if (Callee->getCanonicalDecl() == Target->getCanonicalDecl())
          return true;
        if (!Callee->getBody())
          return false;
        if (Level > MaxContextDepth)
          return true;
        auto [Found, New] = Leads.try_emplace(Callee, false);
        if (!New)
          return Found->second;
        bool Result = false;
        forEachCall(Callee->getBody(), [&](const CallExpr *Call) {
          for (const FunctionDecl *Next : Tracer.writes().calleesOf(Call))
            Result = Result || LeadsTo(Next, Level + 1);
        });
        Leads[Callee] = Result;
        return Result;
      };
  llvm::SmallVector<const Stmt *, 4> Leading;
  if (Function->getCanonicalDecl() == Target->getCanonicalDecl())
    Leading.push_back(Outermost);
  forEachCall(Function->getBody(), [&](const CallExpr *Call) {
    if (Call != From &&
        llvm::any_of(Tracer.writes().calleesOf(Call),
                     [&](const FunctionDecl *F) { return LeadsTo(F, 0); }))
      Leading.push_back(Call);
  });
  for (const Stmt *Point : Leading)
    if (!Flow.everyPathPasses(Function, {}, Point, Dominance::MayNotRun, Decide,
                              {From}, /*FromEntry=*/false))
      return true;
  if (Flow.everyPathPasses(Function, {}, nullptr, Dominance::MayNotRun, Decide,
                           {From}, /*FromEntry=*/false))
    return false; // It never returns from there.
  // It returns: its callers go on.
  llvm::ArrayRef<const CallExpr *> Callers = callSitesOf(Function);
  if (Callers.size() > MaxCallSites || Tracer.writes().addressTaken(Function))
    return true;
  auto Undecided = [](const Expr *, const Expr *) -> std::optional<bool> {
    return std::nullopt;
  };
  return llvm::any_of(Callers, [&](const CallExpr *Call) {
    return requestMayFollow(Flow.enclosingFunction(Call), Call, Undecided,
                            Outermost, Depth + 1);
  });
}

// Whether a header map has an entry whenever its headers are copied: put
// in before the send (or the call of the sending helper) in that function,
// or on every path through another function.
RequestAnalysis::EntryPresence
RequestAnalysis::entryPresence(const StringTracer::TracedEntry &Entry,
                               const State &S) {
  if (!Entry.Site)
    return EntryPresence::SomePaths;
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Puts = Flow.enclosingFunction(Entry.Site);
  const Stmt *Point = S.pointIn(Puts, Flow);
  if (!Point)
    return Entry.Certain ? EntryPresence::EveryPath : EntryPresence::SomePaths;
  // `if (Endpoints[Which].NeedsCompany) add(...)` with the caller's
  // endpoint one that does not: no path the arguments allow puts it in.
  if (Tracer.everyPathPasses(Puts, {}, Entry.Site, Dominance::MayNotRun))
    return EntryPresence::Never;
  return Tracer.everyPathPasses(Puts, {Entry.Site}, Point, Dominance::RunOnce)
             ? EntryPresence::EveryPath
             : EntryPresence::SomePaths;
}

// Where an entry of a header container is put in, else where it is read.
static const Expr *entrySite(const StringTracer::TracedEntry &Entry,
                             const Expr *Read) {
  const auto *Put = llvm::dyn_cast_if_present<Expr>(Entry.Site);
  return Put ? Put : Read;
}

// A reset at \p Site of the headers gathered so far (a list replaced whole
// or cleared, the request zeroed). It counts when it runs on every path
// through its function, seen from a function the request leaves through as
// the outermost call of the chain that leads to it; a reset on the
// original after the copy that is sent was made is not on the request.
void RequestAnalysis::noteReset(const Stmt *Site, State &S,
                                const FieldDecl *OfObject) {
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Resets = Flow.enclosingFunction(Site);
  if (!Resets)
    return;
  if (!OfObject)
    OfObject = S.ListOfOneObject;
  if (!S.pointIn(Resets, Flow) &&
      !Tracer.everyPathPasses(Resets, {Site}, nullptr, Dominance::MayNotRun)) {
    if (llvm::none_of(S.SomePathResets, [&](const State::Reset &R) {
          return R.Original == Site;
        }))
      S.SomePathResets.push_back({Site, OfObject, Site});
    return;
  }
  const Stmt *Lifted = S.liftedToPoint(Site, Flow);
  const SourceManager &SM = Context.getSourceManager();
  if (const Stmt *Cut = S.cutIn(Lifted, Flow);
      Cut &&
      SM.isBeforeInTranslationUnit(Cut->getEndLoc(), Lifted->getBeginLoc()))
    return;
  if (llvm::any_of(S.Resets,
                   [&](const State::Reset &R) { return R.Site == Lifted; }))
    return;
  S.Resets.push_back({Lifted, OfObject, Site});
  explain(S, dyn_cast<Expr>(Site), "the headers gathered so far are replaced");
}

// The calls in \p From that run the function of \p Site, directly or
// through one call more that its caller makes on every path. A site in a
// method is reached only through calls on the same object (`this`).
llvm::SmallVector<const Stmt *, 2>
RequestAnalysis::callsRunning(const FunctionDecl *From, const Stmt *Site,
                              bool ThisOnly) {
  Dominance &Flow = Tracer.dominance();
  const FunctionDecl *Target = Flow.enclosingFunction(Site);
  llvm::SmallVector<const Stmt *, 2> Found;
  if (!From || !Target)
    return Found;
  auto OnThis = [&](const CallExpr *Call) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    return !ThisOnly ||
           (Member &&
            isa<CXXThisExpr>(
                Member->getImplicitObjectArgument()->IgnoreParenImpCasts()));
  };
  auto Definitions = [&](const CallExpr *Call) {
    llvm::SmallVector<const FunctionDecl *, 2> Result;
    if (OnThis(Call))
      for (const FunctionDecl *Callee : Tracer.writes().declaredCallees(Call))
        if (const FunctionDecl *Definition = Callee->getDefinition())
          Result.push_back(Definition);
    return Result;
  };
  auto Runs = [&](const CallExpr *Call) {
    return llvm::any_of(Definitions(Call), [&](const FunctionDecl *F) {
      return F->getCanonicalDecl() == Target->getCanonicalDecl();
    });
  };
  forEachCall(From->getBody(), [&](const CallExpr *Call) {
    if (Runs(Call)) {
      Found.push_back(Call);
      return;
    }
    for (const FunctionDecl *Callee : Definitions(Call)) {
      bool Through = false;
      if (Callee != From)
        forEachCall(Callee->getBody(), [&](const CallExpr *Inner) {
          Through = Through || (Runs(Inner) &&
                                Tracer.everyPathPasses(Callee, {Inner}, nullptr,
                                                       Dominance::MayNotRun));
        });
      if (Through) {
        Found.push_back(Call);
        return;
      }
    }
  });
  return Found;
}

// Whether \p Site is in a method run on an object: only calls on the same
// object (`this`) run it.
static bool inInstanceMethod(Dominance &Flow, const Stmt *Site) {
  const auto *Method =
      dyn_cast_or_null<CXXMethodDecl>(Flow.enclosingFunction(Site));
  return Method && Method->isInstance();
}

// The company header adds and the resets of the headers, seen from
// \p Function, a function the request leaves through: those in it, and
// the calls in it that run those made elsewhere. A reset that adds the
// header itself (`Headers = {{"Procore-Company-Id", Id}}`) is an add.
RequestAnalysis::PathEvents
RequestAnalysis::eventsIn(const State &S, const FunctionDecl *Function,
                          bool WithResets) {
  Dominance &Flow = Tracer.dominance();
  const SourceManager &SM = Context.getSourceManager();
  auto Outside = [&](const Stmt *Site) {
    return !S.pointIn(Flow.enclosingFunction(Site), Flow);
  };
  auto SeenFrom = [&](const Stmt *Site) {
    if (Flow.enclosingFunction(Site) == Function)
      return llvm::SmallVector<const Stmt *, 2>{Site};
    if (Outside(Site))
      return callsRunning(Function, Site, inInstanceMethod(Flow, Site));
    return llvm::SmallVector<const Stmt *, 2>{};
  };
  PathEvents Events;
  WithResets = WithResets && !S.Resets.empty();
  for (const State::CompanyAdd &Add : S.CompanyAdds) {
    if (!Add.Certain)
      continue;
    if (!WithResets && Flow.enclosingFunction(Add.Site) != Function)
      continue;
    for (const Stmt *Site : SeenFrom(Add.Site))
      Events.Adds.push_back(Site);
  }
  if (!WithResets)
    return Events;
  auto Holds = [&](const Stmt *Outer, const Stmt *Inner) {
    return SM.isPointWithin(Inner->getBeginLoc(), Outer->getBeginLoc(),
                            Outer->getEndLoc());
  };
  for (const State::Reset &Reset : S.Resets) {
    // One object's list reset, while the list is read from every object
    // of its class: the request may be another object's.
    if (Reset.OfObject && S.EveryMemberRead.contains(Reset.OfObject))
      continue;
    // The assignment that brings the header in.
    if (llvm::any_of(S.CompanyAdds, [&](const State::CompanyAdd &Add) {
          return Add.BroughtBy && Add.BroughtBy == Reset.Original;
        }))
      continue;
    for (const Stmt *Site : SeenFrom(Reset.Site))
      if (llvm::none_of(Events.Adds,
                        [&](const Stmt *Add) { return Holds(Site, Add); }) &&
          llvm::none_of(S.CompanyAdds, [&](const State::CompanyAdd &Add) {
            return Holds(Site, Add.Shown);
          }))
        Events.Resets.push_back(Site);
  }
  return Events;
}

// Whether the company header is on the request on every path to the send.
// The functions it leaves through are read from the outermost caller in:
// the header is there at the call into the next one when every path to
// that call passes an add after the last reset, or, when it was there on
// entry, when no reset on the way is left without an add after it. An add
// made on every path of a function no call leads to counts on entry.
bool RequestAnalysis::companyHeaderOnEveryPath(const State &S,
                                               bool WithResets) {
  Dominance &Flow = Tracer.dominance();
  bool Present = S.addedBeforeAnyPoint(Flow, machines());
  for (size_t I = S.Points.size(); I-- > 0;) {
    const FunctionDecl *Function = Flow.enclosingFunction(S.Points[I]);
    if (std::optional<bool> Entry =
            stateEntry(S, Function, S.Points[I], WithResets, Present,
                       /*Must=*/true))
      Present = *Entry;
    PathEvents Events = eventsIn(S, Function, WithResets);
    if (Events.Adds.empty() && Events.Resets.empty())
      continue;
    StringTracer::PresenceScope Guarded(Tracer);
    Present = Tracer.everyPathPasses(Function, Events.Adds, S.Points[I],
                                     Dominance::RunOnce, Events.Resets,
                                     /*FromEntry=*/!Present);
  }
  return Present;
}

// Where resets drop the company header that would otherwise be on every
// path: the innermost reset on the way, and whether the header reaches the
// send on no path at all (read as companyHeaderOnEveryPath, with paths that
// may carry it).
std::optional<std::pair<const Stmt *, bool>>
RequestAnalysis::companyHeaderDropped(const State &S) {
  if (S.Resets.empty() || !companyHeaderOnEveryPath(S, /*WithResets=*/false))
    return std::nullopt;
  Dominance &Flow = Tracer.dominance();
  bool MayBePresent = S.addedBeforeAnyPoint(Flow, machines());
  const Stmt *Shown = nullptr;
  for (size_t I = S.Points.size(); I-- > 0;) {
    const FunctionDecl *Function = Flow.enclosingFunction(S.Points[I]);
    if (std::optional<bool> Entry =
            stateEntry(S, Function, S.Points[I], /*WithResets=*/true,
                       MayBePresent, /*Must=*/false))
      MayBePresent = *Entry;
    PathEvents Events = eventsIn(S, Function, /*WithResets=*/true);
    if (Events.Adds.empty() && Events.Resets.empty())
      continue;
    if (!Events.Resets.empty())
      Shown = Events.Resets.front();
    MayBePresent = !Tracer.everyPathPasses(Function, Events.Resets, S.Points[I],
                                           Dominance::MayNotRun, Events.Adds,
                                           /*FromEntry=*/MayBePresent);
  }
  if (!Shown)
    return std::nullopt;
  return std::make_pair(Shown, !MayBePresent);
}

//===--- Requests assembled across the steps of a state machine -----------===//
//
// A send in a state's code (a case of the switch over the state, or a
// handler the state's table entry or case runs) finds on the request what
// every step before it left there: the header is on it on entry to the
// state when every path through the state graph into it passes an add
// after the last reset. A must fixpoint over the graph decides that; the
// step from one state to the next is read on the CFG of its code, from its
// entry to the exit (a return, an assignment of the state) that leads on.

StateMachines &RequestAnalysis::machines() {
  if (!Machines)
    Machines = std::make_unique<StateMachines>(Context);
  return *Machines;
}

RequestAnalysis::PathEvents
RequestAnalysis::stepEvents(const State &S, const FunctionDecl *Function,
                            bool WithResets, bool AllAdds) {
  Dominance &Flow = Tracer.dominance();
  auto SeenFrom = [&](const Stmt *Original, const Stmt *Site,
                      bool EveryPath) -> llvm::SmallVector<const Stmt *, 2> {
    if (Flow.enclosingFunction(Original) == Function)
      return {Original};
    if (Flow.enclosingFunction(Site) == Function)
      return {Site};
    if (!EveryPath)
      return {};
    return callsRunning(Function, Original, inInstanceMethod(Flow, Original));
  };
  PathEvents Events;
  for (const State::CompanyAdd &Add : S.CompanyAdds)
    if (Add.WhenRun || AllAdds)
      Events.Adds.append(SeenFrom(Add.Original, Add.Site, Add.Certain));
  if (!WithResets)
    return Events;
  const SourceManager &SM = Context.getSourceManager();
  auto Resets = [&](llvm::ArrayRef<State::Reset> List, bool EveryPath) {
    // The steps share the machine's context: a reset of one object's
    // list is a reset of the list the send reads, unlike eventsIn.
    for (const State::Reset &Reset : List) {
      // A reset that puts the header in (`Headers = {{"Procore-Company-Id",
      // Id}}`) is an add.
      if (llvm::any_of(S.CompanyAdds, [&](const State::CompanyAdd &Add) {
            return SM.isPointWithin(Add.Original->getBeginLoc(),
                                    Reset.Original->getBeginLoc(),
                                    Reset.Original->getEndLoc());
          }))
        continue;
      Events.Resets.append(SeenFrom(Reset.Original, Reset.Site, EveryPath));
    }
  };
  Resets(S.Resets, /*EveryPath=*/true);
  Resets(S.SomePathResets, /*EveryPath=*/false);
  return Events;
}

std::optional<bool> RequestAnalysis::stateEntry(const State &S,
                                                const FunctionDecl *Function,
                                                const Stmt *Point,
                                                bool WithResets, bool AtStart,
                                                bool Must) {
  auto [Machine, Region] = machines().regionOf(Function, Point);
  if (!Machine)
    return std::nullopt;
  StringTracer::PresenceScope Guarded(Tracer);
  llvm::DenseMap<const FunctionDecl *, PathEvents> Events;
  auto Step = [&](const StateMachines::Region &From,
                  const StateMachines::Exit &Exit, bool OnEntry) {
    auto Found = Events.find(From.Function);
    if (Found == Events.end())
      Found = Events
                  .try_emplace(From.Function,
                               stepEvents(S, From.Function, WithResets, !Must))
                  .first;
    const PathEvents &Seen = Found->second;
    if (Must)
      return Tracer.everyPathPasses(From.Function, Seen.Adds, Exit.Point,
                                    Dominance::RunOnce, Seen.Resets, !OnEntry);
    return !Tracer.everyPathPasses(From.Function, Seen.Resets, Exit.Point,
                                   Dominance::MayNotRun, Seen.Adds, OnEntry);
  };
  llvm::DenseMap<int64_t, bool> In =
      machines().solve(*Machine, Must, AtStart, Step);
  bool Entry = StateMachines::onEntry(*Region, In, Must);
  if (Must && WithResets && !Entry && !S.EnteredWithout)
    for (const StateMachines::Region &From : Machine->Regions)
      for (const StateMachines::Exit &Exit : From.Exits)
        for (int64_t State : Region->States) {
          bool OnEntry = StateMachines::onEntry(From, In, Must);
          if (!llvm::is_contained(Exit.Next, State) ||
              Step(From, Exit, OnEntry))
            continue;
          if (S.EnteredWithout && !OnEntry)
            continue;
          S.EnteredWithout = Exit.Point;
          S.EnteredState = StateMachines::stateName(*Machine, State);
          S.EnteredAfterReset = nullptr;
          const SourceManager &SM = Context.getSourceManager();
          SourceRange Steps =
              From.Case ? From.Range : From.Function->getSourceRange();
          for (const Stmt *Reset : Events[From.Function].Resets)
            if (SM.isPointWithin(Reset->getBeginLoc(), Steps.getBegin(),
                                 Steps.getEnd()) &&
                SM.isBeforeInTranslationUnit(Reset->getBeginLoc(),
                                             Exit.Point->getBeginLoc()))
              S.EnteredAfterReset = Reset;
        }
  if (Must && WithResets) {
    std::string States;
    for (int64_t State : Region->States)
      States += (States.empty() ? "'" : ", '") +
                StateMachines::stateName(*Machine, State) + "'";
    explain(
        S, dyn_cast<Expr>(Point),
        "in state " + States + " of the state machine over '" +
            Machine->Variable->getName() + "': Procore-Company-Id " +
            (Entry ? "on every path into it" : "not on every path into it"));
  }
  return Entry;
}

// Whether the company header may be on the request at the send: an add
// outside the functions it leaves through (and the machine's steps) may
// have run, or one on the way is not undone by a reset on every path.
bool RequestAnalysis::companyHeaderOnSomePath(const State &S) {
  Dominance &Flow = Tracer.dominance();
  bool May = llvm::any_of(S.CompanyAdds, [&](const State::CompanyAdd &Add) {
    const FunctionDecl *Adds = Flow.enclosingFunction(Add.Original);
    return !S.pointIn(Flow.enclosingFunction(Add.Site), Flow) &&
           !machines().regionOf(Adds, nullptr).first;
  });
  bool ThroughMachine = false;
  for (size_t I = S.Points.size(); I-- > 0;) {
    const FunctionDecl *Function = Flow.enclosingFunction(S.Points[I]);
    if (std::optional<bool> Entry =
            stateEntry(S, Function, S.Points[I], /*WithResets=*/true, May,
                       /*Must=*/false)) {
      May = *Entry;
      ThroughMachine = true;
    }
    PathEvents Events =
        stepEvents(S, Function, /*WithResets=*/true, /*AllAdds=*/true);
    May = !Tracer.everyPathPasses(Function, Events.Resets, S.Points[I],
                                  Dominance::MayNotRun, Events.Adds, May);
  }
  // Outside state machines the adds are taken as they always were: on
  // some paths.
  return May || !ThroughMachine;
}

// A near miss of the company header's name, shown where a literal spells
// it (a table row, a map entry) or else at the call that adds it.
void RequestAnalysis::noteNearMiss(const TracedString &Text,
                                   llvm::StringRef Name, const Expr *Site,
                                   State &S) {
  if (!isNearMissCompanyHeader(Name))
    return;
  explain(S, Site, "header '" + Name + "', a near miss of Procore-Company-Id");
  if (!S.NearMissName.empty())
    return;
  S.NearMissName = Name.str();
  S.NearMissSite = Site->getBeginLoc();
  size_t Begin = Name.data() - Text.text().data();
  for (const TracedString::Origin &Origin : Text.origins())
    if (Origin.Begin <= Begin && Begin < Origin.End && Origin.Literal)
      S.NearMissSite = writtenLocation(Origin.Literal->getBeginLoc(),
                                       Context.getSourceManager());
}

// Whether \p E reads the same loop element as \p Key: the binding `Name`
// of `auto &[Name, Value]`, or `H.first` of `auto &H`.
static bool readsSameElement(const Expr *E, const Expr *Key) {
  E = stripValueWrappers(E);
  Key = stripValueWrappers(Key);
  if (const auto *KeyRef = dyn_cast<DeclRefExpr>(Key)) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref && Ref->getDecl() == KeyRef->getDecl();
  }
  const auto *KeyMember = dyn_cast<MemberExpr>(Key);
  const auto *Member = dyn_cast<MemberExpr>(E);
  if (!KeyMember || !Member ||
      Member->getMemberDecl() != KeyMember->getMemberDecl())
    return false;
  const auto *Base =
      dyn_cast<DeclRefExpr>(stripValueWrappers(Member->getBase()));
  const auto *KeyBase =
      dyn_cast<DeclRefExpr>(stripValueWrappers(KeyMember->getBase()));
  return Base && KeyBase && Base->getDecl() == KeyBase->getDecl();
}

// \p Condition in a loop over header entries, for the entry whose name is
// \p Name: comparisons of the loop's key with a known text are decided by
// that name (`if (!Scoped && Key == "Procore-Company-Id") continue;`).
std::optional<bool> RequestAnalysis::conditionForEntry(const Expr *Condition,
                                                       const Expr *Key,
                                                       llvm::StringRef Name) {
  return Tracer.evaluateCondition(
      Condition, [&](const Expr *E) -> std::optional<bool> {
        const Expr *Left = nullptr, *Right = nullptr;
        bool Equal = true;
        if (!splitEquality(E, Left, Right, Equal))
          return std::nullopt;
        if (readsSameElement(Right, Key))
          std::swap(Left, Right);
        if (!readsSameElement(Left, Key))
          return std::nullopt;
        TracedString Other = Tracer.trace(Right);
        if (Other.text().find(UnknownText) != std::string::npos)
          return std::nullopt;
        return (Other.text() == Name) == Equal;
      });
}

// Whether the add at \p Site, in a loop that copies header entries, runs
// for the entry named \p Name: the conditions around it and the
// `if (...) continue;` before it in the loop's body, decided for that entry.
std::optional<bool> RequestAnalysis::addRunsForEntry(const Expr *Site,
                                                     const Expr *Key,
                                                     llvm::StringRef Name) {
  bool Unknown = false;
  auto Require = [&](const Expr *Condition, bool Wanted) {
    std::optional<bool> Value = conditionForEntry(Condition, Key, Name);
    if (!Value)
      Unknown = true;
    return !Value || *Value == Wanted;
  };
  DynTypedNode Node = DynTypedNode::create(*Site);
  for (int Guard = 0; Guard < 32; ++Guard) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      break;
    const Stmt *Child = Node.get<Stmt>();
    if (Parents[0].get<CXXForRangeStmt>() || Parents[0].get<ForStmt>() ||
        Parents[0].get<WhileStmt>() || Parents[0].get<Decl>())
      break;
    if (const auto *If = Parents[0].get<IfStmt>(); If && Child) {
      if (Child == If->getThen() && !Require(If->getCond(), true))
        return false;
      if (Child == If->getElse() && !Require(If->getCond(), false))
        return false;
    }
    if (const auto *Block = Parents[0].get<CompoundStmt>(); Block && Child)
      for (const Stmt *Before : Block->body()) {
        if (Before == Child)
          break;
        const auto *If = dyn_cast<IfStmt>(Before);
        const Stmt *Then = If ? If->getThen() : nullptr;
        if (const auto *Inner = dyn_cast_or_null<CompoundStmt>(Then);
            Inner && Inner->size() > 0)
          Then = Inner->body_back();
        if (Then && isa<ContinueStmt>(Then) && !If->getElse() &&
            !Require(If->getCond(), false))
          return false;
      }
    Node = Parents[0];
  }
  if (Unknown)
    return std::nullopt;
  return true;
}

void RequestAnalysis::addHeader(const Expr *Name, const Expr *Value,
                                const Expr *Site, State &S) {
  if (!Name)
    return;
  // A name read in a loop over a header map: each entry of the map, which
  // its function may put in on some paths only, and which the loop may
  // skip.
  if (std::optional<std::vector<StringTracer::TracedEntry>> Entries =
          Tracer.traceElementEntries(stripValueWrappers(Name))) {
    for (const StringTracer::TracedEntry &Entry : *Entries) {
      EntryPresence Presence = entryPresence(Entry, S);
      if (Presence == EntryPresence::Never) {
        explain(S, entrySite(Entry, Site),
                "not reached with the arguments of this call");
        continue;
      }
      for (const TracedString &Alternative : Entry.Text) {
        std::optional<bool> Runs =
            addRunsForEntry(Site, Name, Alternative.text());
        if (Runs && !*Runs)
          continue;
        addHeaderName(Alternative, Value, Site, S,
                      Runs && Presence == EntryPresence::EveryPath,
                      /*NoteCompany=*/true, entrySite(Entry, Site));
      }
    }
    return;
  }
  TracedValues Names = Tracer.traceAll(Name);
  // Beast's http::field::host names a field by enumerator; cpprest's
  // header_names::user_agent by a constant whose text the library's
  // headers do not show. The name is the header's, '_' for '-'.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(stripValueWrappers(Name)))
    if (isa<EnumConstantDecl>(Ref->getDecl()) ||
        (isa<VarDecl>(Ref->getDecl()) && Names.size() == 1 &&
         Names.front().isUnknown() &&
         Context.getSourceManager().isInSystemHeader(
             Ref->getDecl()->getLocation()))) {
      std::string Spelled = Ref->getDecl()->getName().str();
      if (!isa<EnumConstantDecl>(Ref->getDecl()))
        std::replace(Spelled.begin(), Spelled.end(), '_', '-');
      Names = {TracedString::plain(Spelled)};
    }
  bool Company = false;
  for (const TracedString &Alternative : Names)
    Company |= addHeaderName(Alternative, Value, Site, S,
                             /*Certain=*/true, /*NoteCompany=*/false);
  if (Company)
    noteCompanyHeader(Site, hasEmptyValue(Value), S);
}

bool RequestAnalysis::hasEmptyValue(const Expr *Value) {
  std::string ValueText = Value ? Tracer.trace(Value).text() : "";
  return Value && llvm::StringRef(ValueText).trim().empty();
}

// One name a header may have; true when it is the company header.
bool RequestAnalysis::addHeaderName(const TracedString &Text, const Expr *Value,
                                    const Expr *Site, State &S, bool Certain,
                                    bool NoteCompany, const Expr *Shown) {
  llvm::StringRef Name = llvm::StringRef(Text.text()).trim();
  if (Name.contains(UnknownText)) {
    unknownHeader(S, Site, "a header named '" + readableText(Name) + "'");
    return false;
  }
  explain(S, Site, "header '" + Name + "'");
  if (Name.equals_insensitive("host") && Value)
    S.Hosts.push_back({traceUrlPart(Value, S), Site});
  noteNearMiss(Text, Name, Site, S);
  if (!isCompanyHeaderName(Name))
    return false;
  if (NoteCompany)
    noteCompanyHeader(Site, hasEmptyValue(Value), S, Certain, Shown);
  return true;
}

void RequestAnalysis::addHeaderLine(const Expr *Line, const Expr *Site,
                                    State &S) {
  // A line read from an array or list of lines (`Request->Lines[I]` in the
  // loop that copies them into a curl_slist): each line put in, which its
  // function may put in on some paths only.
  if (std::optional<std::vector<StringTracer::TracedEntry>> Entries =
          Tracer.traceElementEntries(stripValueWrappers(Line))) {
    for (const StringTracer::TracedEntry &Entry : *Entries)
      if (EntryPresence Presence = entryPresence(Entry, S);
          Presence != EntryPresence::Never)
        addHeaderLineText(Entry.Text, Site, S,
                          Presence == EntryPresence::EveryPath,
                          entrySite(Entry, Site));
      else
        explain(S, entrySite(Entry, Site),
                "not reached with the arguments of this call");
    return;
  }
  addHeaderLineText(Tracer.traceAll(Line), Site, S, /*Certain=*/true, Site);
}

void RequestAnalysis::addHeaderLineText(const TracedValues &Lines,
                                        const Expr *Site, State &S,
                                        bool Certain, const Expr *Shown) {
  for (const TracedString &Alternative : Lines) {
    llvm::StringRef Header(Alternative.text());
    size_t Colon = Header.find_first_of(":;");
    llvm::StringRef Name = Header.take_front(Colon).trim();
    if (Name.contains(UnknownText)) {
      unknownHeader(S, Site, "a header line '" + readableText(Header) + "'");
      continue;
    }
    explain(S, Site, "header line '" + Header + "'");
    noteNearMiss(Alternative, Name, Site, S);
    if (!isCompanyHeaderName(Name))
      continue;
    llvm::StringRef Value =
        Colon == llvm::StringRef::npos ? "" : Header.drop_front(Colon + 1);
    noteCompanyHeader(Site, Value.trim().empty(), S, Certain, Shown);
    return;
  }
}

std::string RequestAnalysis::methodOf(const Expr *E) {
  std::string Text = Tracer.trace(E).text();
  if (Text.find(UnknownText) == std::string::npos && !Text.empty())
    return llvm::StringRef(Text).trim().upper();
  // http::verb::get, methods::GET, HTTPRequest::HTTP_GET.
  // Named constants only: a variable called `method` says nothing.
  const Expr *Stripped = stripValueWrappers(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Stripped);
      Ref && (isa<EnumConstantDecl>(Ref->getDecl()) ||
              (isa<VarDecl>(Ref->getDecl()) &&
               !cast<VarDecl>(Ref->getDecl())->hasLocalStorage()))) {
    llvm::StringRef Name = Ref->getDecl()->getName();
    Name.consume_front("HTTP_");
    return Name.upper();
  }
  if (const auto *Member = dyn_cast<MemberExpr>(Stripped);
      Member && !isa<FieldDecl>(Member->getMemberDecl()))
    return Member->getMemberDecl()->getName().upper();
  return "";
}

const TracedValues *
RequestAnalysis::choose(const std::vector<Candidate> &Candidates,
                        const Expr *Send, const Expr **Site) {
  // The last value set before the send in its own function wins; values
  // set elsewhere (a constructor, a helper) come before any of those.
  const SourceManager &SM = Context.getSourceManager();
  const FunctionDecl *SendFunction = enclosingFunction(Send);
  const Candidate *Best = nullptr;
  bool BestIsLocal = false;
  for (const Candidate &C : Candidates) {
    bool Local = enclosingFunction(C.Site) == SendFunction;
    // Set after the send: not for this request.
    if (Local &&
        SM.isBeforeInTranslationUnit(Send->getEndLoc(), C.Site->getBeginLoc()))
      continue;
    if (!Best || Local || !BestIsLocal) {
      Best = &C;
      BestIsLocal = Local;
    }
  }
  if (!Best)
    return nullptr;
  *Site = Best->Site;
  return &Best->Value;
}

//===--- Requests ---------------------------------------------------------===//

// "https://" (unless the base has a scheme), the base, and the path, with
// one '/' between them.
static TracedString joinBaseAndPath(const TracedString &Base,
                                    const TracedString &Path) {
  TracedString Joined;
  if (Base.text().find("//") == std::string::npos)
    Joined.append(TracedString::plain("https://"));
  Joined.append(Base);
  if (!Joined.text().empty() && Joined.text().back() == '/' &&
      !Path.text().empty() && Path.text().front() == '/')
    Joined = Joined.slice(0, Joined.text().size() - 1);
  Joined.append(Path);
  return Joined;
}

// A pipeline stage that adds the header for some requests only (`if
// (Request.request_uri().path().rfind("/rest/v1.", 0) == 0)`): with its
// request parameter bound to the request judged, the branch settles. An
// add no path takes for this URL is dropped; one every path takes holds.
void RequestAnalysis::settleStageAdds(State &S, const TracedValues &Urls) {
  Dominance &Flow = Tracer.dominance();
  for (const ParmVarDecl *Stage : S.Stages) {
    const auto *Code = dyn_cast<FunctionDecl>(Stage->getDeclContext());
    StringTracer::BoundRequestScope Bound(Tracer, Stage, Urls);
    StringTracer::PresenceScope Guarded(Tracer);
    llvm::erase_if(S.CompanyAdds, [&](State::CompanyAdd &Add) {
      if (Add.Certain || !Add.WhenRun || Add.BroughtBy ||
          Flow.enclosingFunction(Add.Original) != Code)
        return false;
      if (Tracer.everyPathPasses(Code, {}, Add.Original,
                                 Dominance::MayNotRun)) {
        explain(S, Add.Shown,
                "Procore-Company-Id not added for this request's URL");
        return true;
      }
      Add.Certain = Tracer.everyPathPasses(Code, {Add.Original}, nullptr,
                                           Dominance::RunOnce);
      if (Add.Certain)
        explain(S, Add.Shown,
                "Procore-Company-Id added for this request's URL");
      return false;
    });
  }
}

// What the gathered facts say of the header. A header the analysis cannot
// see may be the company header; one added on some paths only is not
// counted as present.
void RequestAnalysis::settleHeader(const State &S, SentRequest &Request) {
  Request.NearMissName = S.NearMissName;
  Request.NearMissSite = S.NearMissSite;
  if (companyHeaderOnEveryPath(S)) {
    Request.Header = HeaderState::Present;
    S.EnteredWithout = nullptr;
  } else if (auto Dropped = companyHeaderDropped(S)) {
    Request.Header =
        Dropped->second ? HeaderState::Absent : HeaderState::Conditional;
    Request.HeaderSite = S.CompanyAdds.front().Shown->getBeginLoc();
    // Through a state machine, the reset on the way that the state graph
    // shows.
    Request.ResetSite =
        (S.EnteredAfterReset ? S.EnteredAfterReset : Dropped->first)
            ->getBeginLoc();
  } else if (S.SawEmptyHeader) {
    Request.Header = HeaderState::Empty;
    Request.HeaderSite = S.EmptyHeaderSite;
  } else if (S.SawUnknownHeader) {
    Request.Header = HeaderState::Unknown;
  } else if (S.AddedByOneOfSeveral) {
    // The URLs and headers of the overloads are merged: which one lacks
    // the header, and whether its URL needs it, is not told apart.
    Request.Header = HeaderState::Unknown;
  } else if (!S.CompanyAdds.empty() && companyHeaderOnSomePath(S)) {
    Request.Header = HeaderState::Conditional;
    Request.HeaderSite = S.CompanyAdds.front().Shown->getBeginLoc();
  } else {
    Request.Header = HeaderState::Absent;
  }
  if (S.EnteredWithout) {
    Request.StateEntrySite = S.EnteredWithout->getBeginLoc();
    Request.EnteredState = S.EnteredState;
  }
}

// Callers the analysis cannot see may have put headers on a request
// handed in, unless the function it is handed to clears them on every path
// to where it leaves (curl_easy_reset, a header list attached in place of
// the caller's).
void RequestAnalysis::settleUnseenCallers(State &S) {
  Dominance &Flow = Tracer.dominance();
  for (const ParmVarDecl *Param : S.UnseenCallers) {
    if (llvm::any_of(S.Clears, [&](const State::Clear &Clear) {
          return Flow.enclosingFunction(Clear.Site) ==
                 dyn_cast<FunctionDecl>(Param->getDeclContext());
        })) {
      explain(S, nullptr,
              "the callers are not known, but every path replaces the "
              "headers they may have added");
      continue;
    }
    unknownHeader(S, nullptr,
                  "the request is a parameter of a function whose callers "
                  "are not known");
  }
}

// Nothing the analysis sees sets a method: the library's own default,
// unless the request went where the analysis cannot follow it.
void RequestAnalysis::applyDefaultMethod(State &S, llvm::StringRef Library) {
  if (S.MethodSet || S.Escapes || S.SawUnknownHeader ||
      !S.UnseenCallers.empty() || defaultMethod(Library).empty())
    return;
  S.Method = defaultMethod(Library).str();
  explain(S, S.Send,
          "no option sets the method: " + Library + " sends " + S.Method);
}

// The outermost call builds the request. Past the construction of the
// object that sends it, none does: the calls inside are the object's own,
// and the request is the send's. A call that runs a step of a state
// machine builds nothing either: it runs every state's requests.
SourceLocation
RequestAnalysis::builtAt(llvm::ArrayRef<const CallExpr *> Calls) {
  // A retry that hands the sending function a request it makes anew
  // builds that request; its callers only gave the first one.
  if (auto Retry = llvm::find_if(
          Calls,
          [&](const CallExpr *Call) { return retriesWithNewRequest(Call); });
      Retry != Calls.end())
    return writtenLocation((*Retry)->getBeginLoc(), Context.getSourceManager());
  auto Builder = llvm::find_if(llvm::reverse(Calls), [&](const CallExpr *Call) {
    return !machines().runsStep(Call);
  });
  if (Builder == Calls.rend() || madeClass(Calls.back()))
    return SourceLocation();
  return writtenLocation((*Builder)->getBeginLoc(), Context.getSourceManager());
}

SentRequest
RequestAnalysis::analyseSend(const Expr *Send,
                             llvm::ArrayRef<const CallExpr *> Calls) {
  State S;
  S.Send = Send;
  size_t EveryObjectReadsBefore = Tracer.everyObjectReads();
  llvm::SmallVector<const Stmt *, 4> Leaves = {Send};
  Leaves.append(Calls.begin(), Calls.end());
  for (const Stmt *Point : Leaves)
    for (int Guard = 0; Point && Guard < 8;
         Point = Tracer.dominance().enclosingLambda(Point), ++Guard)
      S.Points.push_back(Point);
  SentRequest Request;
  Request.Send = Send;
  if (Explaining)
    S.Log = &Request.Explanations;
  for (size_t I = 0; I < Calls.size(); ++I) {
    const ValueDecl *Queue = nullptr;
    explain(S, Calls[I],
            madeClass(Calls[I]) ? "sent by the object made here"
            : queuedElement(Calls[I], Queue)
                ? "put into '" + Queue->getNameAsString() +
                      "' here, which the request is taken from"
                : "sent for this call of '" +
                      enclosingFunction(I ? Calls[I - 1] : Send)
                          ->getNameAsString() +
                      "'");
  }
  const auto *Call = dyn_cast<CallExpr>(Send);
  std::string Name = Call && Call->getDirectCallee()
                         ? plainQualifiedName(Call->getDirectCallee())
                         : "";
  auto Rules = RulesByCallee.find(Name);
  if (Rules == RulesByCallee.end())
    return Request;

  bool OnlyImplicitObject = true;
  for (const CallRule *Rule : Rules->second) {
    Request.Library = Rule->Library;
    if (Rule->What != Fact::SendsRequest)
      continue;
    OnlyImplicitObject &= Rule->Object == ImplicitObject;
    if (!Rule->Method.empty())
      S.Method = Rule->Method.str();
    const Expr *Object = nullptr;
    if (Rule->Object == ImplicitObject) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Send))
        Object = Member->getImplicitObjectArgument();
    } else if (Rule->Object >= 0) {
      Object = argument(Send, Rule->Object);
      // cpprest's request(method, path) is not request(http_request).
      if (Object && Rule->Library == "cpprestsdk" &&
          (!Object->getType()->getAsCXXRecordDecl() ||
           plainQualifiedName(Object->getType()->getAsCXXRecordDecl()) !=
               "web::http::http_request"))
        Object = nullptr;
      else if (Object)
        Request.RequestObject = Object;
    }
    if (Object)
      gatherObject(Object, S, 0);
  }
  // Facts the send call itself carries.
  auto Inline = Facts.find(Send);
  if (Inline != Facts.end())
    for (const Recorded &Fact : Inline->second)
      apply(Fact, S, 0);
  // A session that is its own request (cpr::Session, curlpp::Easy).
  if (!Request.RequestObject && OnlyImplicitObject)
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Send))
      Request.RequestObject = Member->getImplicitObjectArgument();

  // cpr::Get(cpr::Url{...}, cpr::Header{...}): arguments read by type, as
  // written (cpr::Header is an alias of std::map).
  if (Call)
    for (const Expr *Arg : Call->arguments()) {
      const Expr *Written = Arg->IgnoreImplicit()->IgnoreParens();
      for (const std::string &TypeName :
           writtenTypeNames(Written->getType().getNonReferenceType())) {
        auto Typed = TypedRules.find(TypeName);
        if (Typed == TypedRules.end())
          continue;
        for (const TypedArgumentRule *Rule : Typed->second) {
          if (Rule->What == Fact::Url)
            S.Urls.push_back({traceUrlPart(Arg, S), Arg});
          else if (Rule->What == Fact::ExtraHeaderList) {
            Request.SendHasHeaderArgument = true;
            gatherHeaderList(Arg, S, 0);
          }
        }
        break;
      }
    }
  if (auto Local = Facts.find(enclosingFunction(Send)); Local != Facts.end())
    for (const Recorded &Fact : Local->second)
      apply(Fact, S, 0);
  if (S.HeaderListAttach == Send)
    Request.SendHasHeaderArgument = true;
  settleUnseenCallers(S);
  applyDefaultMethod(S, Request.Library);

  // Join the pieces: a full URL, or base (or host) and path.
  const Expr *UrlSite = nullptr;
  if (const TracedValues *Urls = choose(S.Urls, Send, &UrlSite)) {
    Request.Urls = *Urls;
  } else {
    const Expr *PathSite = nullptr, *BaseSite = nullptr;
    const TracedValues *Paths = choose(S.Paths, Send, &PathSite);
    const TracedValues *Bases = choose(S.Bases, Send, &BaseSite);
    if (!Bases)
      Bases = choose(S.Hosts, Send, &BaseSite);
    if (!Bases)
      Bases = choose(S.FallbackHosts, Send, &BaseSite);
    if (Bases && Paths) {
      for (const TracedString &Base : *Bases)
        for (const TracedString &Path : *Paths)
          addAlternative(Request.Urls, joinBaseAndPath(Base, Path));
      UrlSite = PathSite;
    } else if (Bases && llvm::any_of(*Bases, [](const TracedString &Base) {
                 return Base.text().find("//") != std::string::npos;
               })) {
      Request.Urls = *Bases; // A client made for one full URL.
      UrlSite = BaseSite;
    } else if (Paths) {
      // A client whose base this send cannot see: the path still says
      // where the request goes.
      for (const TracedString &Path : *Paths)
        addAlternative(Request.Urls,
                       joinBaseAndPath(TracedString::unknown(), Path));
      UrlSite = PathSite;
    } else {
      Request.Urls = {TracedString::unknown()};
    }
  }
  if (UrlSite)
    Request.UrlSite =
        writtenLocation(UrlSite->getBeginLoc(), Context.getSourceManager());
  Request.BuiltAt = builtAt(Calls);
  Request.Method = S.Method;
  Request.Escapes = S.Escapes;
  Request.HeaderList = S.HeaderList;
  Request.HeaderListAttach = S.HeaderListAttach;
  for (const CXXRecordDecl *Class :
       Tracer.everyObjectClasses(EveryObjectReadsBefore))
    if (Class && !llvm::is_contained(Request.EveryObjectClasses, Class))
      Request.EveryObjectClasses.push_back(Class);
  Request.MixesObjects = Tracer.everyObjectReads() != EveryObjectReadsBefore;
  Request.UrlMixesObjects = S.UrlEveryObjectReads > 1;
  settleStageAdds(S, Request.Urls);
  settleHeader(S, Request);
  explain(S, Send,
          "sends " + (S.Method.empty() ? std::string("<?>") : S.Method) + " " +
              readableValues(Request.Urls));
  return Request;
}

bool RequestAnalysis::mentionsCompanyHeader(const FunctionDecl *Function,
                                            unsigned Depth) {
  if (!Function || !Function->getBody() || Depth > 2)
    return false;
  llvm::SmallVector<const Stmt *, 64> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Literal = dyn_cast<StringLiteral>(S)) {
      std::string Text = literalText(Literal);
      if (isCompanyHeaderName(llvm::StringRef(Text).take_until(
              [](char C) { return C == ':' || C == ';'; })))
        return true;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (mentionsCompanyHeader(userDefinition(Call), Depth + 1))
        return true;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

SentRequest RequestAnalysis::analyseWrapper(const CallExpr *Call,
                                            const WrapperRule &Rule) {
  SentRequest Request;
  Request.Send = Call;
  Request.Library = "RequestFunctions";
  Request.Method = Rule.Method;
  const Expr *UrlArgument = argument(Call, Rule.UrlArgument);
  if (!UrlArgument) {
    Request.Urls = {TracedString::unknown()};
    return Request;
  }
  TracedValues Url = {TracedString()};
  if (!Rule.BaseMember.empty()) {
    // The base is a member of the wrapper's class or a named constant.
    const ValueDecl *Base = nullptr;
    if (const auto *Method =
            dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
      for (const Decl *Member : Method->getParent()->decls())
        if (const auto *Named = dyn_cast<ValueDecl>(Member);
            Named && Named->getIdentifier() &&
            Named->getName() == Rule.BaseMember &&
            (isa<FieldDecl>(Named) || isa<VarDecl>(Named)))
          Base = Named;
    if (!Base) {
      auto Found = Context.getTranslationUnitDecl()->lookup(
          &Context.Idents.get(Rule.BaseMember));
      if (!Found.empty())
        Base = dyn_cast<VarDecl>(Found.front());
    }
    Url = Base ? Tracer.traceDeclarationAll(Base)
               : TracedValues{TracedString::unknown()};
  }
  Request.Urls = concatenate(Url, Tracer.traceAll(UrlArgument));
  Request.UrlSite =
      writtenLocation(UrlArgument->getBeginLoc(), Context.getSourceManager());
  if (mentionsCompanyHeader(Call->getDirectCallee()
                                ? Call->getDirectCallee()->getDefinition()
                                : nullptr,
                            0)) {
    Request.Header = HeaderState::Present;
    return Request;
  }
  if (const Expr *Headers = argument(Call, Rule.HeadersArgument)) {
    State S;
    S.Send = Call;
    gatherHeaderList(Headers, S, 0);
    settleHeader(S, Request);
  }
  return Request;
}

std::vector<SendJudgements> RequestAnalysis::requests(bool JudgeHelpersAlone,
                                                      bool UrlsPerCall) {
  this->UrlsPerCall = UrlsPerCall;
  std::vector<SendJudgements> Result;
  llvm::SmallPtrSet<const FunctionDecl *, 8> WrapperBodies;
  for (const auto &[Call, Rule] : WrapperCalls) {
    Result.push_back({analyseWrapper(Call, *Rule), true, {}});
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (const FunctionDecl *Definition = Callee->getDefinition())
        WrapperBodies.insert(Definition);
  }
  for (const auto &[Send, Rule] : Sends) {
    const FunctionDecl *Function = enclosingFunction(Send);
    // A wrapper declared in RequestFunctions is judged at its calls.
    if (Function && WrapperBodies.contains(Function))
      continue;
    SendJudgements Judged;
    llvm::SmallVector<const CallExpr *, 4> Calls;
    analyseInContext(Send, Calls, Judged.PerCall);
    // Past the callers, a judgement that mixes classes is left for the
    // ones per class.
    llvm::erase_if(Judged.PerCall, [](const SentRequest &Request) {
      return Request.SplitByClass && Request.BuiltAt.isValid();
    });
    auto Alone = llvm::find_if(Judged.PerCall, [](const SentRequest &Request) {
      return Request.BuiltAt.isInvalid() && !Request.AsClass && !Request.AsRow;
    });
    Judged.AloneRuns = Alone != Judged.PerCall.end();
    if (Judged.AloneRuns) {
      Judged.Alone = std::move(*Alone);
      Judged.PerCall.erase(Alone);
    } else if (JudgeHelpersAlone && !Judged.PerCall.empty()) {
      Tracer.clearOpenDispatch();
      Judged.Alone = analyseSend(Send, {});
      Judged.Alone.SplitByClass =
          Tracer.openDispatch().has_value() || Tracer.openRows();
    }
    Result.push_back(std::move(Judged));
  }
  return Result;
}

// Where the API or OAuth path of a URL's text starts; npos for none.
static size_t apiPathStart(llvm::StringRef Text) {
  return std::min(
      {Text.find("/rest/v"), Text.find("/vapid/"), Text.find("/oauth/")});
}

// Whether a request's verdict needs nothing more from callers: its
// headers are known, of its own object, and one of its URLs is a Procore API or
// OAuth call on a host the code spells.
static bool isSettled(const SentRequest &Request) {
  // Every object's headers together may hold one that this object's lack.
  if (Request.Header == HeaderState::Unknown ||
      Request.Header == HeaderState::Conditional ||
      (Request.MixesObjects && Request.Header == HeaderState::Present))
    return false;
  return llvm::any_of(Request.Urls, [](const TracedString &Url) {
    llvm::StringRef Text(Url.text());
    size_t Path = apiPathStart(Text);
    return Path != llvm::StringRef::npos &&
           !Text.take_front(Path).contains(UnknownText);
  });
}

// Whether the chain, past a put into a container, comes to a caller that
// hands on an element taken out of that same container (a worker queueing
// a job again for a retry): the request is one that another put brought
// in, judged through that put.
static bool replaysElement(llvm::ArrayRef<const CallExpr *> Calls,
                           llvm::ArrayRef<const ValueDecl *> Taken) {
  const ValueDecl *Into = nullptr;
  if (Calls.empty() || queuedElement(Calls.back(), Into))
    return false;
  return llvm::any_of(Calls.drop_back(), [&](const CallExpr *Call) {
    return queuedElement(Call, Into) && llvm::is_contained(Taken, Into);
  });
}

// A call in the function it calls, from a lambda there (a retry the
// library runs later), that hands it a request made anew in that function
// (`QNetworkRequest Again(Req.url()); fetch(Nam, Again, Attempt + 1)`):
// a request of its own, not the one handed in sent again.
bool RequestAnalysis::retriesWithNewRequest(const CallExpr *Call) const {
  const FunctionDecl *Callee = userDefinition(Call);
  const FunctionDecl *Around = Tracer.dominance().namedFunction(Call);
  if (!Callee || !Around ||
      Callee->getCanonicalDecl() != Around->getCanonicalDecl())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  return llvm::any_of(Call->arguments(), [&](const Expr *Argument) {
    const VarDecl *Made = referencedVariable(Argument);
    return Made && !isa<ParmVarDecl>(Made) && Made->hasLocalStorage() &&
           Made->getType()->isRecordType() &&
           SM.isPointWithin(Made->getLocation(), Around->getBeginLoc(),
                            Around->getEndLoc());
  });
}

// A lambda that only the library runs (a timer's, a reply's finished
// slot, a thread's) and that captures its enclosing function's parameters
// reads them as that function's callers give them: the way out goes on
// through those callers.
const FunctionDecl *RequestAnalysis::deferredLambdaHost(const Stmt *Inner) {
  const FunctionDecl *Function = enclosingFunction(cast<Expr>(Inner));
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
  if (!Method || !Method->getParent()->isLambda())
    return Function;
  const FunctionDecl *Host = Tracer.dominance().namedFunction(Inner);
  const LambdaExpr *Lambda = Tracer.dominance().enclosingLambda(Inner);
  if (!Host || Host == Function || !Lambda ||
      llvm::none_of(Lambda->captures(), [&](const LambdaCapture &Capture) {
        const auto *Param =
            Capture.capturesVariable()
                ? dyn_cast<ParmVarDecl>(Capture.getCapturedVar())
                : nullptr;
        return Param && Param->getDeclContext() == Host;
      }))
    return Function;
  auto Sites = CallSites.find(Function);
  const SourceManager &SM = Context.getSourceManager();
  bool RunByProgram =
      Sites != CallSites.end() &&
      llvm::any_of(Sites->second, [&](const CallExpr *Site) {
        return SM.isInMainFile(SM.getExpansionLoc(Site->getBeginLoc()));
      });
  return RunByProgram ? Function : Host;
}

// A helper that sends what its callers give it sends one request per call:
// the request is analysed with the arguments of each call bound. Further
// out, the callers of the outermost function are followed only when the
// analysis read one of that function's parameters.
void RequestAnalysis::analyseInContext(
    const Expr *Send, llvm::SmallVectorImpl<const CallExpr *> &Calls,
    std::vector<SentRequest> &Result) {
  const FunctionDecl *Outermost =
      deferredLambdaHost(Calls.empty() ? Send : Calls.back());
  auto Sites = Outermost ? CallSites.find(Outermost) : CallSites.end();
  // A method depends on its callers through its object too.
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Outermost);
  bool CanGoOut =
      Outermost &&
      (Outermost->getNumParams() > 0 || (Method && Method->isInstance())) &&
      Sites != CallSites.end() && Sites->second.size() <= MaxCallSites &&
      Calls.size() < MaxContextDepth;
  bool Unsettles = false;
  // Containers the request was taken out of with no hop saying which
  // element: the elements put in decide, as callers decide parameters.
  std::vector<const ValueDecl *> Taken;
  if (CanGoOut && !Calls.empty()) {
    Tracer.clearUnboundReads();
    std::vector<SentRequest> Requests = withCallsBound(Send, Calls);
    Taken = Tracer.unboundElementReads().vec();
    if (replaysElement(Calls, Taken))
      return;
    bool ReadsCallers =
        Tracer.readUnboundParameterOf(Outermost) || !Taken.empty();
    // The calls so far never reach the send, or reach it through an object
    // whose class only the callers tell.
    if (Requests.empty()) {
      if (!ReadsCallers)
        return;
    } else if (!ReadsCallers ||
               llvm::all_of(Requests, [&](const SentRequest &R) {
                 return isSettled(R) && !UrlsPerCall;
               })) {
      for (SentRequest &Request : Requests) {
        Request.WithFewerCalls = Unsettled;
        Result.push_back(std::move(Request));
      }
      return;
    } else {
      Unsettled.push_back(std::move(Requests.front()));
      Unsettles = true;
    }
  }
  auto Pop = llvm::make_scope_exit([&] {
    if (Unsettles)
      Unsettled.pop_back();
  });
  if (!Taken.empty() && throughElements(Send, Calls, Taken, Result))
    return;
  // A function called from where the translation unit does not show (a
  // callback) is also judged with its parameters unknown.
  if (!CanGoOut || Tracer.writes().addressTaken(Outermost)) {
    Tracer.clearUnboundReads();
    std::vector<SentRequest> Requests = withCallsBound(Send, Calls);
    Taken = Tracer.unboundElementReads().vec();
    if (replaysElement(Calls, Taken))
      return;
    if (!CanGoOut && !Taken.empty() &&
        throughElements(Send, Calls, Taken, Result))
      return;
    if (!CanGoOut && splitByObject(Send, Calls, Requests, Result))
      return;
    for (SentRequest &Request : Requests) {
      Request.WithFewerCalls = Unsettled;
      Result.push_back(std::move(Request));
    }
    if (!CanGoOut)
      return;
  }
  // Recursion: a function already on the way out is not entered again,
  // nor the sending function's own continuation calling it again (a retry
  // in a lambda it hands on). The way out starts again at an element put
  // into a container: the function that puts it in is called from
  // elsewhere (`main` parks a job, then calls the worker that replays it).
  auto Hop = llvm::find_if(llvm::reverse(Calls), [&](const CallExpr *Call) {
    const ValueDecl *Queue = nullptr;
    return queuedElement(Call, Queue);
  });
  llvm::ArrayRef<const CallExpr *> WayOut(
      Hop == Calls.rend() ? Calls.begin() : std::prev(Hop.base()), Calls.end());
  const FunctionDecl *Sender =
      Hop == Calls.rend() ? enclosingFunction(Send) : nullptr;
  for (const CallExpr *Site : Sites->second) {
    const FunctionDecl *Caller = enclosingFunction(Site);
    if ((Sender &&
         (Caller == Sender ||
          Tracer.dominance().namedFunction(Site) == Sender) &&
         !retriesWithNewRequest(Site)) ||
        llvm::any_of(WayOut, [&](const CallExpr *Call) {
          return enclosingFunction(Call) == Caller;
        }))
      continue;
    Calls.push_back(Site);
    analyseInContext(Send, Calls, Result);
    Calls.pop_back();
  }
}

// A request taken out of a container (a queue of jobs a worker sends) is
// one request per element put in: judged again with each put followed,
// and out through the callers of the function that puts it in. Only when
// every element is put in so, and once per chain.
bool RequestAnalysis::throughElements(
    const Expr *Send, llvm::SmallVectorImpl<const CallExpr *> &Calls,
    llvm::ArrayRef<const ValueDecl *> Containers,
    std::vector<SentRequest> &Result) {
  if (Calls.size() >= MaxContextDepth)
    return false;
  llvm::SmallVector<const CallExpr *, 4> Puts;
  for (const ValueDecl *Container : Containers) {
    // A queue member of a class the program makes several objects of (one
    // mailbox per actor): what one object's element went through before
    // it was put in is not known from the puts into every object.
    if (const auto *Member = dyn_cast<FieldDecl>(Container))
      if (const auto *Owner = dyn_cast<CXXRecordDecl>(Member->getParent());
          Owner && Tracer.writes().objectsMadeOf(Owner) > 1)
        return false;
    for (const WriteIndex::Entry &Entry :
         Tracer.writes().entriesOf(Container)) {
      const auto *Put = dyn_cast<CallExpr>(Entry.Site);
      const ValueDecl *Into = nullptr;
      if (!Put || !queuedElement(Put, Into) || Into != Container)
        return false; // put in some other way: not every element is known
      if (!llvm::is_contained(Calls, Put) && !llvm::is_contained(Puts, Put))
        Puts.push_back(Put);
    }
  }
  if (Puts.empty() || Puts.size() > MaxCallSites)
    return false;
  for (const CallExpr *Put : Puts) {
    Calls.push_back(Put);
    analyseInContext(Send, Calls, Result);
    Calls.pop_back();
  }
  return true;
}

// A request read from members of objects the calls do not lead to (a
// session object whose methods run from the library's callbacks, built by
// `std::make_shared<Session>(Host, std::move(Request))`), where no caller
// leads further, is one request per object the program makes: judged
// again with each construction of the class followed, and out through the
// callers of the function that makes it. Only when every object of the
// class is made that way, and once per chain.
bool RequestAnalysis::splitByObject(
    const Expr *Send, llvm::SmallVectorImpl<const CallExpr *> &Calls,
    llvm::ArrayRef<SentRequest> Requests, std::vector<SentRequest> &Result) {
  if (llvm::any_of(Calls, [](const CallExpr *Call) { return madeClass(Call); }))
    return false;
  llvm::SmallVector<const CXXRecordDecl *, 2> Classes;
  for (const SentRequest &Request : Requests)
    for (const CXXRecordDecl *Class : Request.EveryObjectClasses)
      if (!llvm::is_contained(Classes, Class))
        Classes.push_back(Class);
  llvm::SmallVector<const CallExpr *, 4> Makes;
  for (const CXXRecordDecl *Class : Classes)
    for (const CXXRecordDecl *Concrete :
         Tracer.writes().concreteClassesOf(Class))
      for (const Expr *Site : Tracer.writes().constructionsOf(Concrete)) {
        const auto *Make = dyn_cast<CallExpr>(Site);
        if (!Make)
          return false;
        if (!llvm::is_contained(Makes, Make))
          Makes.push_back(Make);
      }
  if (Makes.empty() || Makes.size() > MaxCallSites)
    return false;
  for (const CallExpr *Make : Makes) {
    Calls.push_back(Make);
    analyseInContext(Send, Calls, Result);
    Calls.pop_back();
  }
  return true;
}

// Whether the literal that spells the API path of \p Request's URLs is in
// the function of one of \p Calls: a request handed in from there, not made
// past them.
bool RequestAnalysis::pathSpelledIn(
    const SentRequest &Request, llvm::ArrayRef<const CallExpr *> Calls) const {
  const SourceManager &SM = Context.getSourceManager();
  auto In = [&](SourceLocation Site) {
    return llvm::any_of(Calls, [&](const CallExpr *Call) {
      const FunctionDecl *Function = enclosingFunction(Call);
      return Function &&
             SM.isPointWithin(SM.getExpansionLoc(Site), Function->getBeginLoc(),
                              Function->getEndLoc());
    });
  };
  for (const TracedString &Url : Request.Urls) {
    size_t Path = apiPathStart(Url.text());
    for (const TracedString::Origin &Origin : Url.origins())
      if (Origin.Begin <= Path && Path < Origin.End && Origin.Literal &&
          In(Origin.Literal->getBeginLoc()))
        return true;
  }
  return false;
}

// Whether the calls of \p Calls (innermost first) reach the send: each
// runs the function the one inside it is in (a virtual call may run
// another class's override), on a path a branch the caller settles does
// not close (`if (!Body.empty())` with a body the caller passes).
bool RequestAnalysis::reachesSend(const Expr *Send,
                                  llvm::ArrayRef<const CallExpr *> Calls,
                                  bool ClassPinned,
                                  size_t *DispatchedElsewhere) {
  for (size_t I = 0; I <= Calls.size(); ++I) {
    const Expr *Point = I ? Calls[I - 1] : Send;
    const FunctionDecl *Function = enclosingFunction(Point);
    if (Function && I < Calls.size() &&
        !Tracer.mayDispatchTo(Calls[I], Function)) {
      if (DispatchedElsewhere)
        *DispatchedElsewhere = std::min(*DispatchedElsewhere, I);
      return false;
    }
    if (Function && (!Calls.empty() || ClassPinned) &&
        Tracer.everyPathPasses(Function, {}, Point, Dominance::MayNotRun))
      return false;
  }
  return true;
}

// The send with the arguments of \p Calls (innermost first) bound; none
// when the calls do not reach it.
std::vector<SentRequest>
RequestAnalysis::withCallsBound(const Expr *Send,
                                llvm::ArrayRef<const CallExpr *> Calls) {
  StringTracer::ChainScope Bound(Tracer, Send, Calls);
  Tracer.clearOpenDispatch();
  if (!reachesSend(Send, Calls))
    return {};
  return perClass(Send, Calls);
}

// A send whose request the virtual calls of an object shape (`baseUrl() +
// path()` on the sending method's object, `Endpoint.addHeaders(Request)`
// on one handed in), when the calls leave that object's class open, is
// one request per class it may be: each joins its own host and path. The
// judgement that mixes the classes comes first, marked, for a reader that
// wants one verdict. A class that runs another method on the way (its own
// override of the sending one) does not reach the send; when one class
// alone does, its request is the send's only one.
std::vector<SentRequest>
RequestAnalysis::perClass(const Expr *Send,
                          llvm::ArrayRef<const CallExpr *> Calls) {
  SentRequest Mixed = analyseSend(Send, Calls);
  std::optional<StringTracer::OpenDispatch> Open = Tracer.openDispatch();
  if (const RecordDecl *Table = Tracer.openRows(); Table && !Open)
    return perRow(Send, Calls, std::move(Mixed), Table);
  if (!Open || Open->Classes.empty() || Open->Classes.size() > MaxClasses)
    return {Mixed};
  std::vector<SentRequest> Result;
  size_t Routing = Calls.size();
  for (const CXXRecordDecl *Class : Open->Classes) {
    StringTracer::ClassScope Pinned(Tracer, Open->Root, Class);
    if (!reachesSend(Send, Calls, /*ClassPinned=*/true, &Routing))
      continue;
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Open->Root);
        Method && Method->isVirtual() &&
        Method->getCorrespondingMethodInClass(Class, /*MayBeBase=*/true)
                ->getCanonicalDecl() != Method->getCanonicalDecl())
      continue;
    Result.push_back(analyseSend(Send, Calls));
    Result.back().AsClass = Class;
  }
  // When the class decides which function a call on the way runs, and the
  // request's path is spelled before that call (a request handed to a
  // transport interface that a decorator adding the header or the raw
  // transport may implement), the request goes this way only for an
  // object the code does not show: no verdict. A path spelled past the
  // call (by the class's own methods) is the class's own request.
  if (Routing < Calls.size() &&
      llvm::any_of(Result, [&](const SentRequest &Request) {
        return pathSpelledIn(Request, Calls.drop_front(Routing));
      }))
    return {};
  // The one class that reaches the send makes its only request; none, no
  // request.
  if (Result.size() == 1)
    Result.front().AsClass = nullptr;
  if (Result.size() <= 1)
    return Result;
  Mixed.SplitByClass = true;
  Result.insert(Result.begin(), std::move(Mixed));
  return Result;
}

// A send whose request functions called through a table of function
// pointers build (`Ops->build_url(Url, ...)`, `Ops->add_headers(&List,
// ...)` in a C driver), when the calls leave the row open, is one request
// per row: each row's URL meets only its own headers. The judgement that
// mixes the rows comes first, marked.
std::vector<SentRequest>
RequestAnalysis::perRow(const Expr *Send,
                        llvm::ArrayRef<const CallExpr *> Calls,
                        SentRequest Mixed, const RecordDecl *Table) {
  std::vector<SentRequest> Result;
  for (const InitListExpr *Row : Tracer.writes().onlyBracedObjectsOf(Table)) {
    StringTracer::RowScope Pinned(Tracer, Table, Row);
    Result.push_back(analyseSend(Send, Calls));
    Result.back().AsRow = Row;
  }
  Mixed.SplitByClass = true;
  Result.insert(Result.begin(), std::move(Mixed));
  return Result;
}

} // namespace clang::tidy::procore
