//===--- WriteIndex.cpp - Where the TU writes lasting values --------------===//

#include "analysis/WriteIndex.h"
#include "analysis/CallableFlow.h"
#include "analysis/StringTracer.h"
#include "model/FormatFunctions.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::procore {

namespace {
// C string functions that copy (false) or append (true) their second
// argument to their first, a buffer.
const llvm::StringMap<bool> CStringCopies = {
    {"strcpy", false},
    {"strncpy", false},
    {"strlcpy", false},
    {"stpcpy", false},
    {"wcscpy", false},
    {"wcsncpy", false},
    {"strcat", true},
    {"strncat", true},
    {"strlcat", true},
    {"wcscat", true},
    {"wcsncat", true},
    // memcpy(Url, kApiHost, sizeof kApiHost) copies a C string too.
    {"memcpy", false},
    {"memmove", false},
    // Conversions between wide and multibyte text keep the text.
    {"wcstombs", false},
    {"mbstowcs", false}};

// Member functions that put one element (or a key and a value) into a
// container.
const llvm::StringSet<> InsertingMethods = {
    "insert", "emplace", "emplace_back", "push_back", "append", "try_emplace",
    "insert_or_assign", "emplace_hint", "push_front", "emplace_front",
    "prepend", "push", "enqueue",
    // Header collections: cpprest http_headers, Poco NameValueCollection.
    "add", "set"};
} // namespace

// `Buffer + Used` or `&Buffer[Used]` on a character buffer: the buffer,
// written past its start. Null for other destinations (an element of an
// array of lines, `Lines[Count]`, is a buffer of its own).
static const Expr *bufferBelowOffset(const Expr *Destination) {
  const Expr *E = Destination->IgnoreParenImpCasts();
  if (const auto *Address = dyn_cast<UnaryOperator>(E);
      Address && Address->getOpcode() == UO_AddrOf)
    if (const auto *Element =
            dyn_cast<ArraySubscriptExpr>(Address->getSubExpr()->IgnoreParens());
        Element && Element->getType()->isAnyCharacterType())
      return Element->getBase();
  if (const auto *Add = dyn_cast<BinaryOperator>(E);
      Add && Add->getOpcode() == BO_Add &&
      Add->getLHS()->getType()->isPointerType())
    return Add->getLHS();
  return nullptr;
}

std::optional<BufferWrite> bufferWrite(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclName().isIdentifier() ||
      Call->getNumArgs() < 2)
    return std::nullopt;
  const Expr *Buffer = bufferBelowOffset(Call->getArg(0));
  const bool PastStart = Buffer;
  if (!Buffer)
    Buffer = Call->getArg(0);
  llvm::StringRef Name = Callee->getName();
  if (auto Copy = CStringCopies.find(Name); Copy != CStringCopies.end())
    return BufferWrite{Copy->second ? BufferWrite::Append : BufferWrite::Copy,
                       Call->getArg(1),
                       {},
                       Buffer,
                       PastStart};
  const FormatFunction *Format = findFormatFunction(Name);
  if (!Format || !Format->WritesBuffer ||
      Call->getNumArgs() <= Format->FormatArgument)
    return std::nullopt;
  BufferWrite Write{BufferWrite::Format,
                    Call->getArg(Format->FormatArgument),
                    {},
                    Buffer,
                    PastStart};
  for (unsigned I = Format->FormatArgument + 1; I < Call->getNumArgs(); ++I)
    Write.FormatArguments.push_back(Call->getArg(I));
  return Write;
}

const FunctionDecl *userCodeDefinition(const FunctionDecl *Function) {
  const FunctionDecl *Definition =
      Function ? Function->getDefinition() : nullptr;
  if (!Definition || !Definition->hasBody() ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return nullptr;
  return Definition;
}

bool isOwningPointer(QualType Type) {
  const CXXRecordDecl *Class = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Class && Class->isInStdNamespace() && Class->getIdentifier() &&
         (Class->getName() == "unique_ptr" || Class->getName() == "shared_ptr");
}

const Expr *stripIndirection(const Expr *E) {
  for (int Guard = 0; E && Guard < 8; ++Guard) {
    E = stripValueWrappers(E);
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary &&
        (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref)) {
      E = Unary->getSubExpr();
      continue;
    }
    // A smart pointer stands for the object it owns: `Client->request()`.
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
        Operator && Operator->getNumArgs() == 1 &&
        (Operator->getOperator() == OO_Arrow ||
         Operator->getOperator() == OO_Star)) {
      E = Operator->getArg(0);
      continue;
    }
    // `std::shared_ptr<Config> Shared = makeUnique();`, a pointer to a
    // derived class handed on as one to its base: the same object.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        isOwningPointer(Construct->getType()) &&
        isOwningPointer(Construct->getArg(0)->getType())) {
      E = Construct->getArg(0);
      continue;
    }
    break;
  }
  return E;
}

bool isSameOrDerived(const CXXRecordDecl *Class, const CXXRecordDecl *Base) {
  if (Class->getCanonicalDecl() == Base->getCanonicalDecl())
    return true;
  return Class->hasDefinition() && Class->isDerivedFrom(Base);
}

bool canWriteThrough(QualType Type) {
  if (!Type->isPointerType() && !Type->isReferenceType())
    return false;
  return !Type->getPointeeType().isConstQualified();
}

const FieldDecl *accessedMember(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(stripValueWrappers(E));
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || Method->getNumParams() != 0 ||
      !Method->getReturnType()->isLValueReferenceType())
    return nullptr;
  const auto *Definition =
      dyn_cast_or_null<CXXMethodDecl>(userCodeDefinition(Method));
  const auto *Body =
      Definition ? dyn_cast<CompoundStmt>(Definition->getBody()) : nullptr;
  const auto *Return = Body && Body->size() == 1
                           ? dyn_cast<ReturnStmt>(Body->body_front())
                           : nullptr;
  const auto *Member =
      Return && Return->getRetValue()
          ? dyn_cast<MemberExpr>(Return->getRetValue()->IgnoreParenImpCasts())
          : nullptr;
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

// The expression at the bottom of a member access, and whether there was
// one: `Request` in `Request.Url`, `Request->Lines[I]`, `(*Request).Url`,
// `Config->headers()[Key]`.
static const Expr *accessBottom(const Expr *E, bool &Member) {
  Member = false;
  for (int Guard = 0; E && Guard < 8; ++Guard) {
    E = stripIndirection(E);
    if (const auto *Access = dyn_cast<MemberExpr>(E)) {
      E = Access->getBase();
    } else if (accessedMember(E)) {
      E = cast<CXXMemberCallExpr>(E)->getImplicitObjectArgument();
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Subscript->getBase();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
               Operator && Operator->getOperator() == OO_Subscript) {
      E = Operator->getArg(0);
    } else {
      break;
    }
    Member = true;
  }
  return E;
}

const VarDecl *aliasedVariable(const VarDecl *Var) {
  const VarDecl *Alias = Var;
  for (int Guard = 0; Alias && Guard < 4; ++Guard) {
    if (isa<ParmVarDecl>(Alias) || !Alias->hasLocalStorage() ||
        !Alias->getInit() ||
        !(Alias->getType()->isPointerType() ||
          Alias->getType()->isReferenceType()))
      break;
    const auto *Named =
        dyn_cast<DeclRefExpr>(stripIndirection(Alias->getInit()));
    const auto *Target = Named ? dyn_cast<VarDecl>(Named->getDecl()) : nullptr;
    if (!Target || Target == Alias)
      break;
    Alias = Target;
  }
  // Only a parameter: what a local names may be reassigned or go out of
  // scope, a parameter's object is the caller's for the whole call.
  return isa_and_nonnull<ParmVarDecl>(Alias) ? Alias : Var;
}

const VarDecl *WriteIndex::rootOf(const Expr *E) {
  bool Member;
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(accessBottom(E, Member));
  return Member && Ref ? aliasedVariable(dyn_cast<VarDecl>(Ref->getDecl()))
                       : nullptr;
}

const CXXThisExpr *WriteIndex::thisRootOf(const Expr *E) {
  bool Member;
  const auto *This = dyn_cast_or_null<CXXThisExpr>(accessBottom(E, Member));
  return Member ? This : nullptr;
}

// The container an element write goes to: `Lines` in `Lines[I] = Text` or
// `snprintf(Request->Lines[Count++], ...)`.
static const Expr *subscriptedContainer(const Expr *E) {
  E = stripValueWrappers(E);
  if (const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(E))
    return Subscript->getBase();
  return nullptr;
}

// An iterator of a library container (a class named like one, or a
// pointer into a vector's storage).
static bool isIterator(const Expr *E) {
  const CXXRecordDecl *Class = E->getType()->getAsCXXRecordDecl();
  return Class && Class->getIdentifier() &&
         Class->getName().contains("iterator");
}

// The argument of a call of the function \p Name with one argument.
static const Expr *soleArgumentOf(const Expr *E, llvm::StringRef Name) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Call->getNumArgs() == 1 && Callee->getIdentifier() &&
                 Callee->getName() == Name
             ? Call->getArg(0)
             : nullptr;
}

const Expr *iteratedRange(const Expr *Begin, const Expr *End) {
  if (!Begin || !End)
    return nullptr;
  auto Walked = [](const Expr *E, llvm::StringRef Which) -> const Expr * {
    E = stripValueWrappers(E);
    // `std::make_move_iterator(Extra.begin())` walks the same elements.
    if (const Expr *Moved = soleArgumentOf(E, "make_move_iterator"))
      E = stripValueWrappers(Moved);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      // begin(), cbegin() and Qt's constBegin().
      if (Method && Method->getIdentifier() &&
          (Method->getName() == Which ||
           Method->getName() == ("c" + Which).str() ||
           Method->getName().equals_insensitive(("const" + Which).str())))
        return Member->getImplicitObjectArgument();
    }
    return soleArgumentOf(E, Which); // std::begin(Extra)
  };
  const Expr *From = Walked(Begin, "begin");
  const Expr *To = Walked(End, "end");
  if (!From || !To)
    return nullptr;
  const ValueDecl *Walking = WriteIndex::storageOf(From);
  return Walking && Walking == WriteIndex::storageOf(To) ? From : nullptr;
}

AlgorithmOutput algorithmOutput(const CallExpr *Algorithm) {
  auto StdNamed = [](const CallExpr *Call) -> llvm::StringRef {
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    return Callee && Callee->isInStdNamespace() && Callee->getIdentifier()
               ? Callee->getName()
               : "";
  };
  AlgorithmOutput Out;
  llvm::StringRef Name = StdNamed(Algorithm);
  if (Name.empty())
    return Out;
  for (const Expr *Argument : Algorithm->arguments()) {
    const auto *Inserter = dyn_cast<CallExpr>(stripValueWrappers(Argument));
    if (llvm::is_contained({"back_inserter", "front_inserter", "inserter"},
                           StdNamed(Inserter)) &&
        Inserter->getNumArgs() >= 1) {
      Out.Container = Inserter->getArg(0);
      Out.Inserter = Inserter;
    }
  }
  unsigned Arguments = Algorithm->getNumArgs();
  if (!Out.Container || Arguments < 3 ||
      stripValueWrappers(Algorithm->getArg(2)) != Out.Inserter)
    return Out;
  if ((Name == "copy" || Name == "move") && Arguments == 3)
    Out.Range = iteratedRange(Algorithm->getArg(0), Algorithm->getArg(1));
  if (Name == "transform" && Arguments == 4) {
    llvm::SmallVector<const FunctionDecl *, 2> Operators;
    callOperatorsOf(Algorithm->getArg(3)->getType(), Operators);
    if (Operators.size() == 1)
      Out.Returned = singleReturnValue(Operators.front());
  }
  return Out;
}

bool namesDeclaration(const Stmt *S, const ValueDecl *D) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == D)
    return true;
  if (const auto *Member = dyn_cast<MemberExpr>(S);
      Member && Member->getMemberDecl() == D)
    return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return namesDeclaration(Child, D);
  });
}

const ValueDecl *WriteIndex::storageOf(const Expr *E) {
  E = stripIndirection(E);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    return dyn_cast<ValueDecl>(Member->getMemberDecl());
  return E ? accessedMember(E) : nullptr;
}

std::optional<std::pair<const Expr *, const Expr *>> pairParts(const Expr *E) {
  const Expr *Item = stripValueWrappers(E);
  if (const auto *List = dyn_cast<InitListExpr>(Item);
      List && List->getNumInits() == 2 && List->getInit(0) && List->getInit(1))
    return std::make_pair(List->getInit(0), List->getInit(1));
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Item);
      Construct && Construct->getNumArgs() == 2 &&
      !isa<CXXDefaultArgExpr>(Construct->getArg(1)) &&
      Construct->getType()->getAsCXXRecordDecl() &&
      Construct->getType()->getAsCXXRecordDecl()->getName() == "pair")
    return std::make_pair(Construct->getArg(0), Construct->getArg(1));
  if (const auto *Call = dyn_cast<CallExpr>(Item);
      Call && Call->getDirectCallee() &&
      Call->getDirectCallee()->getDeclName().isIdentifier() &&
      Call->getDirectCallee()->getName() == "make_pair" &&
      Call->getNumArgs() == 2)
    return std::make_pair(Call->getArg(0), Call->getArg(1));
  return std::nullopt;
}

// A key and value written as a pair; anything else is one element.
static WriteIndex::Entry entryOf(const Expr *Element, const Stmt *Site,
                                 const VarDecl *Root = nullptr,
                                 const CXXThisExpr *This = nullptr) {
  if (auto Parts = pairParts(Element))
    return {Parts->first, Parts->second, Site, Root, This};
  return {Element, nullptr, Site, Root, This};
}

std::vector<WriteIndex::Entry> listEntries(const Expr *Init, const Stmt *Site,
                                           const VarDecl *Root,
                                           const CXXThisExpr *This) {
  const Expr *List = stripValueWrappers(Init);
  if (const auto *Elements = dyn_cast<CXXStdInitializerListExpr>(List))
    List = stripValueWrappers(Elements->getSubExpr());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(List))
    for (const Expr *Arg : Construct->arguments())
      if (const auto *Elements =
              dyn_cast<CXXStdInitializerListExpr>(stripValueWrappers(Arg))) {
        List = stripValueWrappers(Elements->getSubExpr());
        break;
      }
  std::vector<WriteIndex::Entry> Entries;
  const auto *Elements = dyn_cast<InitListExpr>(List);
  if (!Elements || Elements->getType()->isRecordType())
    return Entries;
  for (const Expr *Element : Elements->inits())
    Entries.push_back(entryOf(Element, Site, Root, This));
  return Entries;
}

bool isTextClass(QualType Type) {
  const auto *Class = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Class || !Class->getIdentifier())
    return false;
  llvm::StringRef Name = Class->getName();
  return Name == "basic_string" || Name == "QString" || Name == "QByteArray";
}

class WriteCollector : public RecursiveASTVisitor<WriteCollector> {
public:
  explicit WriteCollector(WriteIndex &Index) : Index(Index) {}

  // Which signals the user's code emits, and which slots then run only
  // where it does.
  void settleConnections() {
    for (const FunctionDecl *Signal : Connected)
      if (CalledWithoutBody.contains(Signal))
        Index.ConnectedSignals.insert(Signal);
    for (auto [Slot, Signal] : ConnectedSlots)
      if (!Index.ConnectedSignals.contains(Signal))
        Index.AddressTaken.insert(Slot->getCanonicalDecl());
  }

  // A fill counter set back to zero (`R->Count = 0` in `req_init(R)`)
  // empties the array it counts, as a memset would.
  void settleFillCounters() {
    for (const auto &[Counter, Zeroed] : ZeroedCounters)
      if (auto Counted = FillCounters.find(Counter);
          Counted != FillCounters.end())
        for (const ValueDecl *Container : Counted->second)
          Index.Resets[Container].push_back(Zeroed);
  }

  // Aggregate initializers are read in their semantic form, where every
  // initializer stands at its field's index.
  bool shouldVisitImplicitCode() const { return true; }
  // The writes of a template's instances are the ones the program runs.
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitInitListExpr(InitListExpr *List) {
    if (!List->isSemanticForm())
      return true;
    const auto *Record = List->getType()->getAsRecordDecl();
    if (!Record || Record->isUnion())
      return true;
    if (!List->isValueDependent())
      this->Index.BracedObjects[canonicalRecord(Record)].push_back(List);
    unsigned Index = 0;
    if (const auto *Class = dyn_cast<CXXRecordDecl>(Record))
      Index = Class->getNumBases();
    for (const FieldDecl *Field : Record->fields()) {
      if (Index >= List->getNumInits())
        break;
      // An initializer clang could not recover is missing (null).
      const Expr *Init = List->getInit(Index++);
      if (Init && !isa<ImplicitValueInitExpr>(Init))
        this->Index.Writes[Field].push_back(
            {Init, Init, nullptr, nullptr, /*Braced=*/true});
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (const Expr *Init = Var->getInit())
      noteInitialElements(Var, Init);
    return true;
  }
  bool VisitFieldDecl(FieldDecl *Field) {
    if (const Expr *Init = Field->getInClassInitializer())
      noteInitialElements(Field, Init);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (Assign->getOpcode() != BO_Assign)
      return true;
    noteZeroedCounter(Assign);
    // `Request->Lines[Count++] = Line` puts an element into the array.
    if (const Expr *Array = subscriptedContainer(Assign->getLHS())) {
      if (const ValueDecl *Container = WriteIndex::storageOf(Array)) {
        Index.Entries[Container].push_back({Assign->getRHS(), nullptr, Assign,
                                            WriteIndex::rootOf(Array),
                                            WriteIndex::thisRootOf(Array)});
        noteFillCounter(Assign->getLHS(), Container);
      }
      return true;
    }
    noteWrite(Assign->getLHS(), Assign->getRHS(), Assign);
    noteReplaced(Assign->getLHS(), Assign->getRHS(), Assign);
    return true;
  }

  // The classes the program makes objects of: `Projects P;`, `new P`,
  // std::make_unique<P>().
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    // A base class's part of an object is no object of the base class.
    if (Construct->getConstructionKind() != CXXConstructionKind::Complete)
      return true;
    if (const CXXRecordDecl *Class = Construct->getConstructor()->getParent()) {
      Index.Constructed.insert(Class->getCanonicalDecl());
      Index.Constructions[Class->getCanonicalDecl()].push_back(Construct);
    }
    noteKeptLocals(Construct);
    return true;
  }

  // `IncrementalTokenizer Tok(Sink);`: a local bound to a non-const
  // reference or pointer parameter of a constructor. A copy or move of
  // the local makes a new object and keeps nothing.
  void noteKeptLocals(const CXXConstructExpr *Construct) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    if (Constructor->isCopyOrMoveConstructor())
      return;
    for (unsigned I = 0;
         I < Construct->getNumArgs() && I < Constructor->getNumParams(); ++I) {
      QualType Type = Constructor->getParamDecl(I)->getType();
      if (!(Type->isPointerType() || Type->isLValueReferenceType()) ||
          Type->getPointeeType().isConstQualified())
        continue;
      const Expr *Arg = Construct->getArg(I)->IgnoreParenImpCasts();
      if (const auto *Address = dyn_cast<UnaryOperator>(Arg);
          Address && Address->getOpcode() == UO_AddrOf)
        Arg = Address->getSubExpr()->IgnoreParenImpCasts();
      else if (Type->isPointerType())
        continue;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
            Var && Var->hasLocalStorage())
          Index.KeptByConstructions[Var].push_back(Construct);
    }
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *Record) {
    if (Record->isThisDeclarationADefinition() && !Record->isLambda() &&
        !Record->isDependentContext() &&
        !Record->getASTContext().getSourceManager().isInSystemHeader(
            Record->getLocation()))
      Index.Classes.push_back(Record);
    return true;
  }

  // A method that overrides a virtual one may run wherever that one is
  // called.
  bool VisitCXXMethodDecl(CXXMethodDecl *Method) {
    if (!Method->isThisDeclarationADefinition() || !Method->hasBody())
      return true;
    llvm::SmallVector<const CXXMethodDecl *, 4> Work(
        Method->overridden_methods().begin(),
        Method->overridden_methods().end());
    llvm::SmallPtrSet<const CXXMethodDecl *, 4> Seen;
    while (!Work.empty()) {
      const CXXMethodDecl *Overridden = Work.pop_back_val();
      if (!Seen.insert(Overridden->getCanonicalDecl()).second)
        continue;
      Index.Overriders[Overridden->getCanonicalDecl()].push_back(Method);
      Work.append(Overridden->overridden_methods().begin(),
                  Overridden->overridden_methods().end());
    }
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getNumArgs() != 2)
      return true;
    // `Path += Segment` on a string member extends it.
    if (Call->getOperator() == OO_PlusEqual) {
      if (const auto *Member =
              dyn_cast<MemberExpr>(stripValueWrappers(Call->getArg(0)));
          Member && isa<FieldDecl>(Member->getMemberDecl()) &&
          isTextClass(Member->getType()))
        Index.Appends[Member->getMemberDecl()].push_back(
            {Call->getArg(1), Call, WriteIndex::rootOf(Member),
             WriteIndex::thisRootOf(Member)});
      return true;
    }
    if (Call->getOperator() != OO_Equal)
      return true;
    // `headers["Accept"] = value` puts an entry into the container.
    if (const auto *Subscript =
            dyn_cast<CXXOperatorCallExpr>(stripValueWrappers(Call->getArg(0)));
        Subscript && Subscript->getOperator() == OO_Subscript &&
        Subscript->getNumArgs() == 2) {
      if (const ValueDecl *Container =
              WriteIndex::storageOf(Subscript->getArg(0)))
        Index.Entries[Container].push_back(
            {Subscript->getArg(1), Call->getArg(1), Call,
             WriteIndex::rootOf(Subscript->getArg(0)),
             WriteIndex::thisRootOf(Subscript->getArg(0))});
      return true;
    }
    noteWrite(Call->getArg(0), Call->getArg(1), Call);
    noteReplaced(Call->getArg(0), Call->getArg(1), Call);
    // `Headers = {{"Accept", "..."}}` replaces the entries; both count.
    if (const ValueDecl *Container = WriteIndex::storageOf(Call->getArg(0)))
      noteInitialElements(Container, Call->getArg(1),
                          WriteIndex::rootOf(Call->getArg(0)),
                          WriteIndex::thisRootOf(Call->getArg(0)));
    return true;
  }

  // A function named other than as the callee of a call (passed as a
  // callback, stored in a pointer) may be called from anywhere.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl());
        Function && !CalleeRefs.contains(Ref))
      Index.AddressTaken.insert(Function->getCanonicalDecl());
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Address) {
    if (Address->getOpcode() == UO_AddrOf)
      if (const auto *Member =
              dyn_cast<MemberExpr>(Address->getSubExpr()->IgnoreParens()))
        if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
          Index.FieldsAddressTaken.insert(Field);
    return true;
  }

  // `In >> Cfg.CompanyId`, `std::getline(In, Cfg.Token)`: a member bound to
  // a reference the callee may write through holds what no write shows,
  // as one whose address is taken does.
  void noteMembersBoundToReferences(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return;
    unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
      if (I - Shift >= Callee->getNumParams())
        break;
      QualType Type = Callee->getParamDecl(I - Shift)->getType();
      if (!Type->isLValueReferenceType() ||
          Type->getPointeeType().isConstQualified())
        continue;
      if (const auto *Member =
              dyn_cast<MemberExpr>(Call->getArg(I)->IgnoreParenImpCasts()))
        if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
            Field && !Field->getType()->isRecordType())
          Index.FieldsAddressTaken.insert(Field);
    }
  }

  bool VisitCallExpr(CallExpr *Call) {
    // Visited before its children: the callee's name is not a use of its
    // address.
    if (const auto *Callee =
            dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
      CalleeRefs.insert(Callee);
    // A slot connected to a signal the user's code emits runs where it is
    // emitted, which the index shows; one connected to a signal that only
    // the library emits (it may not be in a system header) runs from
    // anywhere. Build settles which.
    for (SignalConnection &Connection : signalConnections(Call)) {
      const FunctionDecl *Signal = Connection.Signal->getCanonicalDecl();
      Connected.insert(Signal);
      if (Connection.SlotName) {
        CalleeRefs.insert(Connection.SlotName);
        ConnectedSlots.emplace_back(
            cast<FunctionDecl>(Connection.SlotName->getDecl()), Signal);
      }
      Index.Connections.push_back(std::move(Connection));
    }
    if (const auto *Method =
            dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
        Method && !Method->hasBody())
      CalledWithoutBody.insert(Method->getCanonicalDecl());
    // std::make_unique<P>() constructs in the library's code.
    if (const CXXRecordDecl *Made = madeClass(Call)) {
      Index.Constructed.insert(Made->getCanonicalDecl());
      Index.Constructions[Made->getCanonicalDecl()].push_back(Call);
    }
    noteCleared(Call);
    noteMembersBoundToReferences(Call);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      noteInPlaceWrite(Member, Method);
      if (!Method || !Method->getDeclName().isIdentifier() ||
          !InsertingMethods.contains(Method->getName()))
        return true;
      const ValueDecl *Container =
          WriteIndex::storageOf(Member->getImplicitObjectArgument());
      if (!Container)
        return true;
      unsigned Arguments = Call->getNumArgs();
      // insert(position, value) and emplace_hint(position, ...): skip the
      // iterator.
      unsigned First = Arguments >= 2 && isIterator(Call->getArg(0)) ? 1 : 0;
      const Expr *Object = Member->getImplicitObjectArgument();
      const VarDecl *Root = WriteIndex::rootOf(Object);
      const CXXThisExpr *This = WriteIndex::thisRootOf(Object);
      if (Arguments - First == 2 && isIterator(Call->getArg(First))) {
        // insert(position, begin, end): every element of one container.
        if (const Expr *Range =
                iteratedRange(Call->getArg(First), Call->getArg(First + 1)))
          Index.Entries[Container].push_back(
              {Range, nullptr, Call, Root, This, /*Range=*/true});
      } else if (Arguments - First == 2)
        Index.Entries[Container].push_back(
            {Call->getArg(First), Call->getArg(First + 1), Call, Root, This});
      else if (Arguments - First == 1)
        Index.Entries[Container].push_back(
            entryOf(Call->getArg(First), Call, Root, This));
      return true;
    }
    // std::copy(First, Last, std::back_inserter(List)) puts each element
    // of a range; std::transform what its function returns for each; an
    // algorithm read no further an element that may be anything.
    if (AlgorithmOutput Output = algorithmOutput(Call); Output.Container) {
      if (const ValueDecl *Container =
              WriteIndex::storageOf(Output.Container)) {
        const VarDecl *Root = WriteIndex::rootOf(Output.Container);
        const CXXThisExpr *This = WriteIndex::thisRootOf(Output.Container);
        if (Output.Range)
          Index.Entries[Container].push_back(
              {Output.Range, nullptr, Call, Root, This, /*Range=*/true});
        else
          Index.Entries[Container].push_back(entryOf(
              Output.Returned ? Output.Returned : Call, Call, Root, This));
      }
      return true;
    }
    std::optional<BufferWrite> Write = bufferWrite(Call);
    if (!Write)
      return true;
    // snprintf(Request->Lines[Count++], ...): an element of the array.
    if (const Expr *Array =
            Write->PastStart ? nullptr : subscriptedContainer(Write->Buffer)) {
      if (const ValueDecl *Container = WriteIndex::storageOf(Array)) {
        Index.Entries[Container].push_back(
            {Call, nullptr, Call, WriteIndex::rootOf(Array)});
        noteFillCounter(Write->Buffer, Container);
      }
      return true;
    }
    // strcpy(config.host, "..."), snprintf(g_base, sizeof g_base, ...),
    // vsnprintf(R->Url + N, ...).
    if (const ValueDecl *Buffer = WriteIndex::storageOf(Write->Buffer);
        Buffer && !isLocal(Buffer))
      Index.Writes[Buffer].push_back(
          {Call, Call, WriteIndex::rootOf(Write->Buffer)});
    return true;
  }

private:
  // A method that changes a member in place writes it, with the value the
  // call leaves: a URL edit (`Path.Builder.append_path(Segment)`) the edited
  // URL, a text method that returns nothing or the text itself (`assign`,
  // `replace`, not an accessor such as `begin()` or `data()`) what it
  // returns; append adds its argument, as `+=` does.
  void noteInPlaceWrite(const CXXMemberCallExpr *Call,
                        const CXXMethodDecl *Method) {
    // Operators are written as such and read where they are (`Url +=
    // Segment`); a member call of one is the body of an implicit copy.
    if (!Method || Method->isConst() || Method->isOverloadedOperator())
      return;
    const bool Edits = urlEditRule(Call);
    const auto *Member = dyn_cast<MemberExpr>(stripValueWrappers(
        Edits ? editedObject(Call) : Call->getImplicitObjectArgument()));
    if (!Member || !isa<FieldDecl>(Member->getMemberDecl()))
      return;
    QualType Returned = Method->getReturnType();
    if (!Edits &&
        (!isTextClass(Member->getType()) ||
         !(Returned->isVoidType() ||
           (Returned->isReferenceType() &&
            Returned->getPointeeCXXRecordDecl() == Method->getParent()))))
      return;
    const VarDecl *Root = WriteIndex::rootOf(Member);
    const CXXThisExpr *This = WriteIndex::thisRootOf(Member);
    bool Appends = !Edits && Method->getDeclName().isIdentifier() &&
                   Method->getName() == "append" && Call->getNumArgs() == 1;
    if (Appends)
      Index.Appends[Member->getMemberDecl()].push_back(
          {Call->getArg(0), Call, Root, This});
    else
      Index.Writes[Member->getMemberDecl()].push_back({Call, Call, Root, This});
  }

  // The counter of `Lines[Count++]`, or of `R->Lines[R->Count]` with the
  // count a member of the same object: the number of elements put in.
  void noteFillCounter(const Expr *Element, const ValueDecl *Container) {
    const auto *Subscript =
        dyn_cast<ArraySubscriptExpr>(stripValueWrappers(Element));
    if (!Subscript)
      return;
    const Expr *Index = Subscript->getIdx()->IgnoreParenImpCasts();
    bool Incremented = false;
    if (const auto *Step = dyn_cast<UnaryOperator>(Index);
        Step && Step->isIncrementOp()) {
      Index = Step->getSubExpr()->IgnoreParenImpCasts();
      Incremented = true;
    }
    if (!isa<DeclRefExpr>(Index) && !isa<MemberExpr>(Index))
      return;
    const ValueDecl *Counter = WriteIndex::storageOf(Index);
    const auto *CounterField = dyn_cast_or_null<FieldDecl>(Counter);
    const auto *ContainerField = dyn_cast<FieldDecl>(Container);
    if (Counter && (Incremented ||
                    (CounterField && ContainerField &&
                     CounterField->getParent() == ContainerField->getParent())))
      FillCounters[Counter].insert(Container);
  }

  void noteZeroedCounter(const BinaryOperator *Assign) {
    const Expr *Target = stripValueWrappers(Assign->getLHS());
    Expr::EvalResult Zero;
    if ((isa<DeclRefExpr>(Target) || isa<MemberExpr>(Target)) &&
        Target->getType()->isIntegerType() &&
        Assign->getRHS()->EvaluateAsInt(Zero, Index.Context) &&
        Zero.Val.getInt().isZero())
      if (const ValueDecl *Counter = WriteIndex::storageOf(Target))
        ZeroedCounters.push_back({Counter,
                                  {nullptr, Assign, WriteIndex::rootOf(Target),
                                   WriteIndex::thisRootOf(Target)}});
  }

  static bool isLocal(const ValueDecl *D) {
    const auto *Var = dyn_cast<VarDecl>(D);
    return Var && Var->hasLocalStorage();
  }

  void noteWrite(const Expr *Target, const Expr *Value, const Stmt *Site) {
    if (const ValueDecl *Written = WriteIndex::storageOf(Target);
        Written && !isLocal(Written) &&
        (isa<FieldDecl>(Written) || isa<VarDecl>(Written)) &&
        isa<MemberExpr>(stripValueWrappers(Target)) == isa<FieldDecl>(Written))
      Index.Writes[Written].push_back({Value, Site, WriteIndex::rootOf(Target),
                                       WriteIndex::thisRootOf(Target)});
  }

  // `Target = Value` replaces what Target held unless Value reads it
  // (`List = curl_slist_append(List, ...)` extends it).
  void noteReplaced(const Expr *Target, const Expr *Value, const Stmt *Site) {
    const Expr *Stripped = stripValueWrappers(Target);
    const ValueDecl *Written = WriteIndex::storageOf(Target);
    if (!Written ||
        !(isa<DeclRefExpr>(Stripped) || isa<MemberExpr>(Stripped)) ||
        namesDeclaration(Value, Written))
      return;
    Index.Resets[Written].push_back({nullptr, Site, WriteIndex::rootOf(Target),
                                     WriteIndex::thisRootOf(Target)});
  }

  // `memset(&Request, 0, sizeof Request)`, `bzero(R, n)`, `Headers.clear()`.
  void noteCleared(const CallExpr *Call) {
    const Expr *Cleared = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->getDeclName().isIdentifier() &&
          Method->getName() == "clear" && Call->getNumArgs() == 0)
        Cleared = Member->getImplicitObjectArgument();
    } else if (const FunctionDecl *Callee = Call->getDirectCallee();
               Callee && Callee->getDeclName().isIdentifier()) {
      llvm::StringRef Name = Callee->getName();
      Expr::EvalResult Zero;
      if (((Name == "memset" || Name == "__builtin_memset") &&
           Call->getNumArgs() == 3 &&
           Call->getArg(1)->EvaluateAsInt(Zero, Callee->getASTContext()) &&
           Zero.Val.getInt() == 0) ||
          ((Name == "bzero" || Name == "explicit_bzero") &&
           Call->getNumArgs() == 2))
        Cleared = Call->getArg(0);
    }
    if (!Cleared)
      return;
    if (const ValueDecl *D = WriteIndex::storageOf(Cleared))
      Index.Resets[D].push_back({nullptr, Call, WriteIndex::rootOf(Cleared),
                                 WriteIndex::thisRootOf(Cleared)});
  }

  void noteInitialElements(const ValueDecl *Container, const Expr *Init,
                           const VarDecl *Root = nullptr,
                           const CXXThisExpr *This = nullptr) {
    for (const WriteIndex::Entry &Entry : listEntries(Init, Init, Root, This))
      Index.Entries[Container].push_back(Entry);
  }

  WriteIndex &Index;
  llvm::DenseMap<const ValueDecl *, llvm::SmallPtrSet<const ValueDecl *, 2>>
      FillCounters;
  std::vector<std::pair<const ValueDecl *, WriteIndex::Write>> ZeroedCounters;
  llvm::DenseSet<const DeclRefExpr *> CalleeRefs;
  llvm::DenseSet<const FunctionDecl *> Connected, CalledWithoutBody;
  std::vector<std::pair<const FunctionDecl *, const FunctionDecl *>>
      ConnectedSlots;
};

WriteIndex::WriteIndex(ASTContext &Context) : Context(Context) {}
WriteIndex::~WriteIndex() = default;

void WriteIndex::build() {
  Built = true;
  WriteCollector Collector(*this);
  const SourceManager &SM = Context.getSourceManager();
  for (Decl *D : Context.getTranslationUnitDecl()->decls())
    if (!SM.isInSystemHeader(D->getLocation()))
      Collector.TraverseDecl(D);
  Collector.settleConnections();
  Collector.settleFillCounters();
}

llvm::ArrayRef<WriteIndex::Write> WriteIndex::writesOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Writes.find(D);
  return Found == Writes.end() ? llvm::ArrayRef<Write>()
                               : llvm::ArrayRef<Write>(Found->second);
}

llvm::ArrayRef<const InitListExpr *>
WriteIndex::onlyBracedObjectsOf(const RecordDecl *Record) {
  if (!Built)
    build();
  Record = canonicalRecord(Record);
  auto Found = BracedObjects.find(Record);
  if (Found == BracedObjects.end())
    return {};
  auto [Known, First] = OnlyBraced.try_emplace(Record, false);
  if (First)
    Known->second = everyObjectBraced(Record);
  return Known->second ? llvm::ArrayRef(Found->second)
                       : llvm::ArrayRef<const InitListExpr *>();
}

bool WriteIndex::everyObjectBraced(const RecordDecl *Record) {
  // Copies are of objects built before; any other construction is an
  // object no braced initializer shows.
  if (const auto *Class = dyn_cast<CXXRecordDecl>(Record);
      Class && (!Class->hasDefinition() || !Class->isAggregate() ||
                Class->getNumBases() || objectsMadeOf(Class)))
    return false;
  for (const FieldDecl *Field : Record->getDefinition()->fields()) {
    if (!appendsOf(Field).empty() || !resetsOf(Field).empty())
      return false;
    for (const Write &W : writesOf(Field))
      if (!W.Braced)
        return false;
  }
  return true;
}

llvm::ArrayRef<WriteIndex::Write> WriteIndex::appendsOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Appends.find(D);
  return Found == Appends.end() ? llvm::ArrayRef<Write>()
                                : llvm::ArrayRef<Write>(Found->second);
}

llvm::ArrayRef<WriteIndex::Write> WriteIndex::resetsOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Resets.find(D);
  return Found == Resets.end() ? llvm::ArrayRef<Write>()
                               : llvm::ArrayRef<Write>(Found->second);
}

bool WriteIndex::addressTaken(const FunctionDecl *Function) {
  if (!Built)
    build();
  return AddressTaken.contains(Function->getCanonicalDecl());
}

bool WriteIndex::addressTaken(const FieldDecl *Field) {
  if (!Built)
    build();
  return FieldsAddressTaken.contains(Field);
}

llvm::ArrayRef<const CXXConstructExpr *>
WriteIndex::keptByConstructions(const VarDecl *Var) {
  if (!Built)
    build();
  auto Found = KeptByConstructions.find(Var);
  return Found == KeptByConstructions.end()
             ? llvm::ArrayRef<const CXXConstructExpr *>()
             : llvm::ArrayRef<const CXXConstructExpr *>(Found->second);
}

std::vector<const CXXRecordDecl *>
WriteIndex::concreteClassesOf(const CXXRecordDecl *Base) {
  if (!Built)
    build();
  std::vector<const CXXRecordDecl *> Result;
  Base = Base->getDefinition();
  if (!Base)
    return Result;
  for (const CXXRecordDecl *Class : Classes)
    if (!Class->isAbstract() && isSameOrDerived(Class, Base) &&
        !llvm::is_contained(Result, Class))
      Result.push_back(Class);
  if (llvm::any_of(Result, [&](const CXXRecordDecl *Class) {
        return Constructed.contains(Class->getCanonicalDecl());
      }))
    llvm::erase_if(Result, [&](const CXXRecordDecl *Class) {
      return !Constructed.contains(Class->getCanonicalDecl());
    });
  return Result;
}

llvm::ArrayRef<const Expr *>
WriteIndex::constructionsOf(const CXXRecordDecl *Class) {
  if (!Built)
    build();
  auto Found = Constructions.find(Class->getCanonicalDecl());
  return Found == Constructions.end() ? llvm::ArrayRef<const Expr *>()
                                      : llvm::ArrayRef(Found->second);
}

size_t WriteIndex::objectsMadeOf(const CXXRecordDecl *Class) {
  return llvm::count_if(constructionsOf(Class), [](const Expr *Made) {
    const auto *Construct = dyn_cast<CXXConstructExpr>(Made);
    return !Construct ||
           !Construct->getConstructor()->isCopyOrMoveConstructor();
  });
}

llvm::ArrayRef<WriteIndex::Entry> WriteIndex::entriesOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Entries.find(D);
  return Found == Entries.end() ? llvm::ArrayRef<Entry>()
                                : llvm::ArrayRef<Entry>(Found->second);
}

static const Expr *libraryPut(const CallExpr *Call,
                              const ValueDecl *&Container);

bool anyStatement(const Stmt *Root,
                  llvm::function_ref<bool(const Stmt *)> Match) {
  llvm::SmallVector<const Stmt *, 32> Work = {Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (Match(S))
      return true;
    llvm::append_range(Work, S->children());
  }
  return false;
}

// Whether the program's own \p Method puts one of its parameters into a
// library container (`void push(Job J) { Queue.push(std::move(J)); }`).
static bool putsParameter(const FunctionDecl *Method) {
  return anyStatement(Method->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const ValueDecl *Container = nullptr;
    const Expr *Element =
        Call && !userDefinition(Call) ? libraryPut(Call, Container) : nullptr;
    if (!Element)
      return false;
    if (const auto *Move = dyn_cast<CallExpr>(stripValueWrappers(Element)))
      if (const Expr *Moved = movedObject(Move))
        Element = Moved;
    const auto *Param =
        dyn_cast_or_null<ParmVarDecl>(referencedVariable(Element));
    return Param && Param->getDeclContext() == Method;
  });
}

const Expr *queuedElement(const CallExpr *Call, const ValueDecl *&Container) {
  // A queue of the program's own whose method puts into a container of its
  // own is called, and the put inside it is the element's.
  const FunctionDecl *Own = userDefinition(Call);
  if (Own && putsParameter(Own))
    return nullptr;
  return libraryPut(Call, Container);
}

static const Expr *libraryPut(const CallExpr *Call,
                              const ValueDecl *&Container) {
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Call->getNumArgs() != 1 ||
      !llvm::is_contained({"push_back", "emplace_back", "push_front",
                           "emplace_front", "push", "emplace", "enqueue",
                           "append", "prepend"},
                          Method->getName()))
    return nullptr;
  Container = WriteIndex::storageOf(Member->getImplicitObjectArgument());
  const Expr *Element = Call->getArg(0);
  // A queue of requests, not a string a line is appended to.
  if (!Container || !Element->getType()->getAsCXXRecordDecl() ||
      isTextClass(Element->getType()))
    return nullptr;
  return Element;
}

// The loop variable's initializer is `*__begin1`, where `__begin1` is
// `__range1.begin()` and `__range1` is bound to the range.
const ValueDecl *walkedContainer(const Expr *E) {
  const auto *Deref = dyn_cast_or_null<CXXOperatorCallExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!Deref || Deref->getOperator() != OO_Star || Deref->getNumArgs() != 1)
    return nullptr;
  const auto *Iterator =
      dyn_cast<DeclRefExpr>(Deref->getArg(0)->IgnoreImpCasts());
  const auto *Begin =
      Iterator ? dyn_cast<VarDecl>(Iterator->getDecl()) : nullptr;
  if (!Begin || !Begin->isImplicit() || !Begin->getInit())
    return nullptr;
  const auto *BeginCall =
      dyn_cast<CXXMemberCallExpr>(Begin->getInit()->IgnoreImplicit());
  if (!BeginCall || !BeginCall->getMethodDecl() ||
      !BeginCall->getMethodDecl()->getIdentifier() ||
      BeginCall->getMethodDecl()->getName() != "begin")
    return nullptr;
  const auto *Range = dyn_cast<DeclRefExpr>(
      BeginCall->getImplicitObjectArgument()->IgnoreImpCasts());
  const auto *RangeVar = Range ? dyn_cast<VarDecl>(Range->getDecl()) : nullptr;
  if (!RangeVar || !RangeVar->isImplicit() || !RangeVar->getInit())
    return nullptr;
  return WriteIndex::storageOf(RangeVar->getInit());
}

const ValueDecl *takenFrom(const Expr *E) {
  if (const ValueDecl *Walked = walkedContainer(E))
    return Walked;
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(stripIndirection(E));
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      !llvm::is_contained({"front", "back", "top", "at", "first", "last",
                           "takeFirst", "takeLast", "dequeue", "head"},
                          Method->getName()))
    return nullptr;
  return WriteIndex::storageOf(Member->getImplicitObjectArgument());
}

const Expr *invokedCallable(const CallExpr *Call) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
      Call->getNumArgs() == 0)
    return nullptr;
  llvm::StringRef Name = Callee->getName();
  return Name == "visit" || Name == "invoke" ? Call->getArg(0) : nullptr;
}

unsigned firstBoundArgument(const CallExpr *Call, const FunctionDecl *Callee) {
  if (invokedCallable(Call))
    return 1;
  // `Send(Request)` on a std::function runs whatever it holds, a plain
  // function too, with the arguments after the object.
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getOperator() == OO_Call)
    return 1;
  return isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
}

llvm::ArrayRef<SignalConnection> WriteIndex::connections() {
  if (!Built)
    build();
  return Connections;
}

CallableFlow &WriteIndex::flow() {
  if (!Flow) {
    Flow = std::make_unique<CallableFlow>(Context, *this);
    Flow->build();
  }
  return *Flow;
}

llvm::SmallVector<const FunctionDecl *, 2>
WriteIndex::callableTargets(const Expr *E) {
  if (!Built)
    build();
  return flow().targetsOf(E);
}

bool WriteIndex::emitsSignal(const CallExpr *Call) {
  if (!Built)
    build();
  const FunctionDecl *Direct = Call->getDirectCallee();
  return Direct && ConnectedSignals.contains(Direct->getCanonicalDecl());
}

bool WriteIndex::runsOnCallObject(const CallExpr *Call,
                                  const FunctionDecl *Callee) {
  const FunctionDecl *Direct = Call->getDirectCallee();
  return !emitsSignal(Call) ||
         Callee->getCanonicalDecl() == Direct->getCanonicalDecl();
}

llvm::SmallVector<const FunctionDecl *, 2>
WriteIndex::calleesOf(const CallExpr *Call) {
  if (!Built)
    build();
  const Expr *Callable = calledValue(Call);
  if (!Callable) {
    llvm::SmallVector<const FunctionDecl *, 2> Result = declaredCallees(Call);
    if (emitsSignal(Call))
      for (const FunctionDecl *Slot : flow().slotsOf(Call->getDirectCallee()))
        if (!llvm::is_contained(Result, Slot))
          Result.push_back(Slot);
    return Result;
  }
  llvm::SmallVector<const FunctionDecl *, 2> Result =
      flow().targetsOf(Callable);
  // A callable whose value the pass cannot follow runs its class's call
  // operators, when it has a class.
  if (Result.empty()) {
    llvm::SmallVector<const FunctionDecl *, 4> Operators;
    callOperatorsOf(Callable->getType(), Operators);
    for (const FunctionDecl *Operator : Operators)
      if (const FunctionDecl *Definition = userCodeDefinition(Operator);
          Definition && !llvm::is_contained(Result, Definition))
        Result.push_back(Definition);
  }
  return Result;
}

llvm::SmallVector<const FunctionDecl *, 2>
WriteIndex::declaredCallees(const CallExpr *Call) {
  if (!Built)
    build();
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const FunctionDecl *, 2> Result;
  auto Add = [&](const FunctionDecl *Function) {
    if (const FunctionDecl *Definition = userCodeDefinition(Function);
        Definition && !llvm::is_contained(Result, Definition))
      Result.push_back(Definition);
  };
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Result;
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  Add(Callee);
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const auto *Access =
      Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens())
             : nullptr;
  // A virtual method a library declares may run the library's own
  // overriders, which this translation unit cannot see: no callees.
  if (Method && Method->isVirtual() &&
      SM.isInSystemHeader(Method->getCanonicalDecl()->getLocation()))
    return {};
  if (Method && Method->isVirtual() && !(Access && Access->hasQualifier())) {
    auto Found = Overriders.find(Method->getCanonicalDecl());
    if (Found != Overriders.end())
      for (const CXXMethodDecl *Override : Found->second)
        Add(Override);
  }
  return Result;
}

} // namespace clang::tidy::procore
