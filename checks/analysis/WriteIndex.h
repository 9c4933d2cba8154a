//===--- WriteIndex.h - Where the TU writes lasting values ------*- C++ -*-===//
//
// One pass over the translation unit that records every write to storage
// that outlives a call: members and globals (assignments, aggregate
// initializers, C string copies into their buffers) and the entries of
// containers (maps, hashes, vectors of pairs or strings). A reader of a
// member, a global, or an element of a container (`it->first`, `kv.second`,
// `auto &[Name, Value]`, `it.key()`) asks here what may have been written,
// and to which object (the variable at the bottom of the member access).
// The same pass answers which functions a call that is not direct may run:
// those stored in a function pointer or std::function, the overrides of a
// virtual method.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_WRITEINDEX_H
#define MPR_LINT_CHECKS_ANALYSIS_WRITEINDEX_H

#include "analysis/CallableFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace clang::tidy::procore {

/// How a C library call (strcpy, strcat, snprintf and their twins) writes
/// the buffer its first argument points to.
struct BufferWrite {
  enum Kind { Copy, Append, Format } Action;
  const Expr *Source; ///< The text copied or appended, or the format.
  std::vector<const Expr *> FormatArguments;
  /// The buffer written: the first argument, or `Buffer` of `Buffer +
  /// Used` and `&Buffer[Used]`.
  const Expr *Buffer;
  /// Written past the buffer's start (`Buffer + strlen(Buffer)`, `Url + N`
  /// with N what an earlier write printed): what the buffer holds before
  /// is kept.
  bool PastStart = false;
  /// Whether the write keeps the buffer's text and adds its own after it.
  bool appends() const { return Action == Append || PastStart; }
};
std::optional<BufferWrite> bufferWrite(const CallExpr *Call);

/// The one declaration all declarations of \p Record share.
inline const RecordDecl *canonicalRecord(const RecordDecl *Record) {
  return cast<RecordDecl>(Record->getCanonicalDecl());
}

/// The definition of \p Function when the translation unit holds its body
/// outside system headers: code of the user's. Null otherwise.
const FunctionDecl *userCodeDefinition(const FunctionDecl *Function);

/// Whether \p Class is \p Base or derives from it. False when \p Class
/// has no definition (a class whose declaration clang could not recover),
/// whose bases cannot be read.
bool isSameOrDerived(const CXXRecordDecl *Class, const CXXRecordDecl *Base);

/// Whether a parameter of type \p Type lets a function change the
/// caller's object: a pointer or reference to non-const.
bool canWriteThrough(QualType Type);

/// std::string, QString, QByteArray: text classes, empty when built by
/// default, whose `+=` appends.
bool isTextClass(QualType Type);

/// \p E without what only points at an object: value wrappers, `&`, `*`
/// and a smart pointer's `->` and `*`.
const Expr *stripIndirection(const Expr *E);

/// std::unique_ptr and std::shared_ptr: a pointer that owns its object.
bool isOwningPointer(QualType Type);

/// The parameter a local pointer or reference names when it is bound to
/// one at its declaration (`auto *In = static_cast<Request *>(Opaque)`,
/// `auto &R = *Rq`): a write through it is a write to the caller's object.
/// \p Var itself otherwise.
const VarDecl *aliasedVariable(const VarDecl *Var);

/// The member a call of an accessor names: a method of the user's that
/// hands out a member of its object by reference, as it is (`Headers
/// &headers() { return Headers; }`), so `Config->headers()[Key] = Value`
/// writes that member of `Config`. Null for other expressions.
const FieldDecl *accessedMember(const Expr *E);

/// The element a call puts into a container of objects (`Queue.push_back(
/// std::move(Job))`, `Pending.enqueue(Request)`), with the container (a
/// variable or member) in \p Container; null for other calls.
const Expr *queuedElement(const CallExpr *Call, const ValueDecl *&Container);

/// The container `Begin, End` walks whole: `Extra` of `Extra.begin(),
/// Extra.end()` or of `std::begin(Extra), std::end(Extra)`; null otherwise.
const Expr *iteratedRange(const Expr *Begin, const Expr *End);

/// What a standard algorithm writes through an output iterator into a
/// container (`std::copy(First, Last, std::back_inserter(List))`).
struct AlgorithmOutput {
  const Expr *Container = nullptr;    ///< `List`; null for other calls.
  const CallExpr *Inserter = nullptr; ///< `std::back_inserter(List)`.
  /// std::copy and std::move: the container whose elements are copied.
  const Expr *Range = nullptr;
  /// The unary std::transform: what its function returns for an element
  /// (read with the function's parameter as the walk's element).
  const Expr *Returned = nullptr;
};
AlgorithmOutput algorithmOutput(const CallExpr *Algorithm);

/// The container a range-for walks, from its loop variable's initializer:
/// `Batch` in `for (const Job &J : Batch)`; null otherwise.
const ValueDecl *walkedContainer(const Expr *Init);

/// The container (a variable or member) whose element \p E reads:
/// `Queue.front()`, `Jobs.back()`, `Pending.dequeue()`, the element a
/// range-for's loop variable is bound to; null otherwise.
const ValueDecl *takenFrom(const Expr *E);

/// Whether \p Match holds for \p Root or a statement inside it (the
/// bodies of its lambdas too).
bool anyStatement(const Stmt *Root,
                  llvm::function_ref<bool(const Stmt *)> Match);

/// The callable a library invoker runs with the arguments after it: `F` of
/// `std::visit(F, Variant)` and of `std::invoke(F, Args...)`; null for
/// other calls.
const Expr *invokedCallable(const CallExpr *Call);

/// The index of the argument of \p Call that \p Callee's first parameter
/// takes: past the object of an operator call of a method or of a call
/// through a callable object, and past the
/// callable of an invoker.
unsigned firstBoundArgument(const CallExpr *Call, const FunctionDecl *Callee);

class CallableFlow;

class WriteIndex {
public:
  /// One element put into a container: a key and value pair, or (Second
  /// null) a single element.
  struct Entry {
    const Expr *First;
    const Expr *Second;
    const Stmt *Site; ///< The statement that puts it in.
    /// The variable whose member the container is (`Request.Headers`,
    /// `Request->Lines[N]`); null for other containers.
    const VarDecl *Root = nullptr;
    /// `this` when the container is a member of the object a method runs
    /// on (`Headers.push_back(...)` in a method).
    const CXXThisExpr *This = nullptr;
    /// First is a container all of whose elements are put in
    /// (`Headers.insert(Headers.end(), Extra.begin(), Extra.end())`).
    bool Range = false;
  };

  /// One value written to a member or a global.
  struct Write {
    const Expr *Value; ///< The value, or the C string call that writes it.
    const Stmt *Site;  ///< The statement that writes it.
    /// The variable whose member is written (`Request.Url = ...`,
    /// `strcpy(Request->Url, ...)`); null for globals and `this`.
    const VarDecl *Root = nullptr;
    /// `this` when a method writes a member of its own object.
    const CXXThisExpr *This = nullptr;
    /// Part of a braced initializer: the member of the object it builds,
    /// which its readers follow from where it is built.
    bool Braced = false;
  };

  explicit WriteIndex(ASTContext &Context);
  ~WriteIndex();

  /// Values written to a member or a global outside its constructors and
  /// its own initializer. A C string copy (`strcpy(cfg.host, "...")`,
  /// `snprintf(g_url, ...)`) is recorded as the call.
  llvm::ArrayRef<Write> writesOf(const ValueDecl *D);

  /// Text appended to a string member (`Path += Segment`): the write's
  /// value is the appended text. Kept apart from writesOf, whose readers
  /// take each write as the member's whole value.
  llvm::ArrayRef<Write> appendsOf(const ValueDecl *D);

  /// Where \p D (a variable, parameter or member) is emptied or replaced
  /// whole: `memset(R, 0, ...)`, `Headers.clear()`, or an assignment whose
  /// value does not read \p D (`Headers = {{"Accept", "..."}}`, `List =
  /// NULL`). What was put into it before is gone. Value is null.
  llvm::ArrayRef<Write> resetsOf(const ValueDecl *D);

  /// Elements put into container \p D anywhere in the translation unit:
  /// its initializer list, `D[key] = value`, insert, emplace, push_back...
  llvm::ArrayRef<Entry> entriesOf(const ValueDecl *D);

  /// The variable or member an expression names (see stripIndirection).
  static const ValueDecl *storageOf(const Expr *E);

  /// The variable at the bottom of a member access: `Request` in
  /// `Request.Url`, `Request->Lines[I]` or `(*Request).Url`.
  static const VarDecl *rootOf(const Expr *E);

  /// `this` when it is at the bottom of a member access: `Url` or
  /// `this->Headers[I]` in a method.
  static const CXXThisExpr *thisRootOf(const Expr *E);

  /// The functions of this translation unit a call may run: its callee, the
  /// overriders of a virtual callee, the functions stored in a function
  /// pointer, the lambdas stored in a std::function it calls, and every
  /// call operator of the callable an invoker runs (each overload a
  /// std::visit may pick), and the slots of an emitted Qt signal.
  llvm::SmallVector<const FunctionDecl *, 2> calleesOf(const CallExpr *Call);

  /// The functions a call names: its callee and the overriders of a
  /// virtual one; nothing for a call through a callable value.
  llvm::SmallVector<const FunctionDecl *, 2>
  declaredCallees(const CallExpr *Call);

  /// The functions callable value \p E may hold (see CallableFlow).
  llvm::SmallVector<const FunctionDecl *, 2> callableTargets(const Expr *E);

  /// The Qt connections the translation unit makes.
  llvm::ArrayRef<SignalConnection> connections();

  /// Whether \p Call emits a Qt signal the user's code connects, which
  /// runs the connected slots with its arguments (calleesOf lists them).
  bool emitsSignal(const CallExpr *Call);

  /// Whether \p Callee, run by \p Call, runs on the call's object: not a
  /// slot run by an emitted signal, whose object is the receiver.
  bool runsOnCallObject(const CallExpr *Call, const FunctionDecl *Callee);

  /// Whether \p Function is named other than as a callee (a callback, a
  /// value stored in a function pointer): it may be called from anywhere.
  bool addressTaken(const FunctionDecl *Function);
  /// Whether code takes the address of member \p Field (`&Reply.Status`,
  /// handed to curl_easy_getinfo): what it holds may be written through
  /// that pointer anywhere.
  bool addressTaken(const FieldDecl *Field);

  /// The constructions handed local \p Var by non-const reference or by
  /// address (`Tokenizer Tok(Sink);`): the object made may keep it and
  /// write its members whenever its own methods run.
  llvm::ArrayRef<const CXXConstructExpr *>
  keptByConstructions(const VarDecl *Var);

  /// The classes an object of \p Base may be, as far as this translation
  /// unit shows: \p Base and the classes derived from it that are not
  /// abstract, of those the ones it makes objects of (all of them when it
  /// makes none: they are made elsewhere).
  std::vector<const CXXRecordDecl *>
  concreteClassesOf(const CXXRecordDecl *Base);

  /// Where the program makes complete objects of \p Class: its
  /// constructions, and the std::make_shared and std::make_unique calls.
  llvm::ArrayRef<const Expr *> constructionsOf(const CXXRecordDecl *Class);

  /// How many objects of \p Class the program makes: its constructions
  /// that are not copies or moves of another object.
  size_t objectsMadeOf(const CXXRecordDecl *Class);

  /// The objects of \p Record, when braced initializers build every one
  /// and nothing writes their members afterwards (the rows of an endpoint
  /// table): its braced initializers. Empty otherwise.
  llvm::ArrayRef<const InitListExpr *>
  onlyBracedObjectsOf(const RecordDecl *Record);

private:
  void build();
  bool everyObjectBraced(const RecordDecl *Record);
  CallableFlow &flow();

  ASTContext &Context;
  bool Built = false;
  llvm::DenseMap<const ValueDecl *, std::vector<Write>> Writes;
  llvm::DenseMap<const ValueDecl *, std::vector<Write>> Appends;
  llvm::DenseMap<const ValueDecl *, std::vector<Write>> Resets;
  llvm::DenseMap<const ValueDecl *, std::vector<Entry>> Entries;
  /// Definitions of the methods that override each virtual method.
  llvm::DenseMap<const CXXMethodDecl *, std::vector<const CXXMethodDecl *>>
      Overriders;
  llvm::DenseSet<const FunctionDecl *> AddressTaken;
  llvm::DenseSet<const FunctionDecl *> ConnectedSignals;
  std::vector<SignalConnection> Connections;
  llvm::DenseSet<const FieldDecl *> FieldsAddressTaken;
  llvm::DenseMap<const VarDecl *, std::vector<const CXXConstructExpr *>>
      KeptByConstructions;
  /// The classes the user's code defines, in the order defined.
  std::vector<const CXXRecordDecl *> Classes;
  llvm::DenseSet<const CXXRecordDecl *> Constructed;
  llvm::DenseMap<const CXXRecordDecl *, std::vector<const Expr *>>
      Constructions;
  llvm::DenseMap<const RecordDecl *, std::vector<const InitListExpr *>>
      BracedObjects;
  /// onlyBracedObjectsOf's answers, asked at every member read.
  llvm::DenseMap<const RecordDecl *, bool> OnlyBraced;
  /// Which functions each callable may hold; built on first need.
  std::unique_ptr<CallableFlow> Flow;
  friend class WriteCollector;
};

/// Whether \p S, or an expression inside it, names \p D (a variable or
/// a member).
bool namesDeclaration(const Stmt *S, const ValueDecl *D);

/// The key and value of a pair written as `{k, v}`, `std::pair(k, v)` or
/// `std::make_pair(k, v)`; nullopt for anything else.
std::optional<std::pair<const Expr *, const Expr *>> pairParts(const Expr *E);

/// The elements a braced list puts into a container:
/// `std::map<std::string, std::string> Headers = {{"Accept", "..."}}`.
std::vector<WriteIndex::Entry> listEntries(const Expr *Init, const Stmt *Site,
                                           const VarDecl *Root = nullptr,
                                           const CXXThisExpr *This = nullptr);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_WRITEINDEX_H
