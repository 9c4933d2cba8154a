//===--- WriteIndex.cpp - Where the TU writes lasting values --------------===//

#include "WriteIndex.h"
#include "StringTracer.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::procore {

namespace {
// C string functions that copy (false) or append (true) their second
// argument to their first, a buffer.
const llvm::StringMap<bool> CStringCopies = {
    {"strcpy", false}, {"strncpy", false}, {"strlcpy", false},
    {"stpcpy", false}, {"wcscpy", false},  {"strcat", true},
    {"strncat", true}, {"strlcat", true},  {"wcscat", true}};

// Formatting functions that write their buffer, and where the format is.
const llvm::StringMap<unsigned> PrintfFormatIndex = {
    {"sprintf", 1}, {"snprintf", 2}, {"swprintf", 2}, {"asprintf", 1}};

// Member functions that put one element (or a key and a value) into a
// container.
const llvm::StringSet<> InsertingMethods = {
    "insert", "emplace", "emplace_back", "push_back", "append", "try_emplace",
    "insert_or_assign", "emplace_hint", "push_front", "emplace_front",
    "prepend",
    // Header collections: cpprest http_headers, Poco NameValueCollection.
    "add", "set"};
} // namespace

std::optional<BufferWrite> bufferWrite(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclName().isIdentifier() ||
      Call->getNumArgs() < 2)
    return std::nullopt;
  llvm::StringRef Name = Callee->getName();
  if (auto Copy = CStringCopies.find(Name); Copy != CStringCopies.end())
    return BufferWrite{Copy->second ? BufferWrite::Append : BufferWrite::Copy,
                       Call->getArg(1),
                       {}};
  auto Format = PrintfFormatIndex.find(Name);
  if (Format == PrintfFormatIndex.end() || Call->getNumArgs() <= Format->second)
    return std::nullopt;
  BufferWrite Write{BufferWrite::Format, Call->getArg(Format->second), {}};
  for (unsigned I = Format->second + 1; I < Call->getNumArgs(); ++I)
    Write.FormatArguments.push_back(Call->getArg(I));
  return Write;
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
    break;
  }
  return E;
}

const ValueDecl *WriteIndex::storageOf(const Expr *E) {
  E = stripIndirection(E);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    return dyn_cast<ValueDecl>(Member->getMemberDecl());
  return nullptr;
}

// A key and value written as `{k, v}`, `std::pair(k, v)` or
// `std::make_pair(k, v)`; anything else is one element.
static WriteIndex::Entry entryOf(const Expr *Element, const Stmt *Site) {
  const Expr *Item = stripValueWrappers(Element);
  if (const auto *List = dyn_cast<InitListExpr>(Item);
      List && List->getNumInits() == 2)
    return {List->getInit(0), List->getInit(1), Site};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Item);
      Construct && Construct->getNumArgs() == 2 &&
      !isa<CXXDefaultArgExpr>(Construct->getArg(1)) &&
      Construct->getType()->getAsCXXRecordDecl() &&
      Construct->getType()->getAsCXXRecordDecl()->getName() == "pair")
    return {Construct->getArg(0), Construct->getArg(1), Site};
  if (const auto *Call = dyn_cast<CallExpr>(Item);
      Call && Call->getDirectCallee() &&
      Call->getDirectCallee()->getDeclName().isIdentifier() &&
      Call->getDirectCallee()->getName() == "make_pair" &&
      Call->getNumArgs() == 2)
    return {Call->getArg(0), Call->getArg(1), Site};
  return {Element, nullptr, Site};
}

class WriteCollector : public RecursiveASTVisitor<WriteCollector> {
public:
  explicit WriteCollector(WriteIndex &Index) : Index(Index) {}

  // Aggregate initializers are read in their semantic form, where every
  // initializer stands at its field's index.
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitInitListExpr(InitListExpr *List) {
    if (!List->isSemanticForm())
      return true;
    const auto *Record = List->getType()->getAsRecordDecl();
    if (!Record || Record->isUnion())
      return true;
    unsigned Index = 0;
    if (const auto *Class = dyn_cast<CXXRecordDecl>(Record))
      Index = Class->getNumBases();
    for (const FieldDecl *Field : Record->fields()) {
      if (Index >= List->getNumInits())
        break;
      const Expr *Init = List->getInit(Index++);
      if (!isa<ImplicitValueInitExpr>(Init))
        this->Index.Writes[Field].push_back(Init);
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
    if (Assign->getOpcode() == BO_Assign)
      noteWrite(Assign->getLHS(), Assign->getRHS());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getOperator() != OO_Equal || Call->getNumArgs() != 2)
      return true;
    // `headers["Accept"] = value` puts an entry into the container.
    if (const auto *Subscript =
            dyn_cast<CXXOperatorCallExpr>(stripValueWrappers(Call->getArg(0)));
        Subscript && Subscript->getOperator() == OO_Subscript &&
        Subscript->getNumArgs() == 2) {
      if (const ValueDecl *Container =
              WriteIndex::storageOf(Subscript->getArg(0)))
        Index.Entries[Container].push_back(
            {Subscript->getArg(1), Call->getArg(1), Call});
      return true;
    }
    noteWrite(Call->getArg(0), Call->getArg(1));
    // `Headers = {{"Accept", "..."}}` replaces the entries; both count.
    if (const ValueDecl *Container = WriteIndex::storageOf(Call->getArg(0)))
      noteInitialElements(Container, Call->getArg(1));
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
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
      unsigned First =
          Arguments >= 2 && Call->getArg(0)->getType()->getAsCXXRecordDecl() &&
                  Call->getArg(0)
                      ->getType()
                      ->getAsCXXRecordDecl()
                      ->getName()
                      .contains("iterator")
              ? 1
              : 0;
      if (Arguments - First == 2)
        Index.Entries[Container].push_back(
            {Call->getArg(First), Call->getArg(First + 1), Call});
      else if (Arguments - First == 1)
        Index.Entries[Container].push_back(entryOf(Call->getArg(First), Call));
      return true;
    }
    // strcpy(config.host, "..."), snprintf(g_base, sizeof g_base, ...).
    if (bufferWrite(Call))
      if (const ValueDecl *Buffer = WriteIndex::storageOf(Call->getArg(0));
          Buffer && !isLocal(Buffer))
        Index.Writes[Buffer].push_back(Call);
    return true;
  }

private:
  static bool isLocal(const ValueDecl *D) {
    const auto *Var = dyn_cast<VarDecl>(D);
    return Var && Var->hasLocalStorage();
  }

  void noteWrite(const Expr *Target, const Expr *Value) {
    if (const ValueDecl *Written = WriteIndex::storageOf(Target);
        Written && !isLocal(Written) &&
        (isa<FieldDecl>(Written) || isa<VarDecl>(Written)) &&
        isa<MemberExpr>(stripValueWrappers(Target)) == isa<FieldDecl>(Written))
      Index.Writes[Written].push_back(Value);
  }

  // `std::map<std::string, std::string> Headers = {{"Accept", "..."}}`.
  void noteInitialElements(const ValueDecl *Container, const Expr *Init) {
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
    const auto *Elements = dyn_cast<InitListExpr>(List);
    if (!Elements || Elements->getType()->isRecordType())
      return;
    for (const Expr *Element : Elements->inits())
      Index.Entries[Container].push_back(entryOf(Element, Init));
  }

  WriteIndex &Index;
};

void WriteIndex::build() {
  Built = true;
  WriteCollector Collector(*this);
  const SourceManager &SM = Context.getSourceManager();
  for (Decl *D : Context.getTranslationUnitDecl()->decls())
    if (!SM.isInSystemHeader(D->getLocation()))
      Collector.TraverseDecl(D);
}

llvm::ArrayRef<const Expr *> WriteIndex::writesOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Writes.find(D);
  return Found == Writes.end() ? llvm::ArrayRef<const Expr *>()
                               : llvm::ArrayRef<const Expr *>(Found->second);
}

llvm::ArrayRef<WriteIndex::Entry> WriteIndex::entriesOf(const ValueDecl *D) {
  if (!Built)
    build();
  auto Found = Entries.find(D);
  return Found == Entries.end() ? llvm::ArrayRef<Entry>()
                                : llvm::ArrayRef<Entry>(Found->second);
}

} // namespace clang::tidy::procore
