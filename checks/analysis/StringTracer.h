//===--- StringTracer.h - What text does a string expression hold? -*- C++ -*-//
//
// Resolves a string-valued expression to the text it holds, remembering for
// every character which string literal (and which code unit of it) spelled
// it, so a check can point at — and fix — the exact characters of a host.
// Text the tracer cannot see (a parameter, a number, a runtime value) is
// marked with UnknownText.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_STRINGTRACER_H
#define MPR_LINT_CHECKS_ANALYSIS_STRINGTRACER_H

#include "analysis/Dominance.h"
#include "model/EndpointModel.h"
#include "model/RequestModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PointerUnion.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::procore {

/// Text with the literal each character came from.
class TracedString {
public:
  /// Appending stops at this length, past the URLs servers accept (and far
  /// past any Procore URL), or at this many literals; an unknown run marks
  /// the cut.
  static constexpr size_t MaxTracedLength = 4 * 1024;
  static constexpr size_t MaxTracedPieces = 256;

  /// Where a run of characters was spelled.
  struct Origin {
    size_t Begin = 0; ///< Offset in text().
    size_t End = 0;
    const StringLiteral *Literal = nullptr;
    size_t FirstUnit = 0; ///< Code unit of Literal that text()[Begin] is.
  };

  static TracedString literal(const StringLiteral *Literal);
  static TracedString unknown();
  static TracedString plain(llvm::StringRef Text);

  void append(const TracedString &Other);
  TracedString slice(size_t Begin, size_t End) const;

  const std::string &text() const { return Text; }
  bool isUnknown() const { return Text.size() == 1 && Text[0] == UnknownText; }
  bool hasKnownText() const;
  /// Appending adds nothing more.
  bool isFull() const {
    return Text.size() >= MaxTracedLength || Origins.size() >= MaxTracedPieces;
  }
  /// The literal and code-unit range that spell [Begin, End) of text(), when
  /// one literal spells all of it.
  std::optional<Origin> originOf(size_t Begin, size_t End) const;
  const std::vector<Origin> &origins() const { return Origins; }

private:
  std::string Text;
  std::vector<Origin> Origins;
};

/// The text of a literal, one character per code unit; units outside ASCII
/// in wide literals become 0x7f.
std::string literalText(const StringLiteral *Literal);

/// Where code units [Begin, End) of \p Literal are spelled, when they are
/// spelled plainly (no escapes, no line splices) in one token of a file.
std::optional<CharSourceRange> spellingOfUnits(const StringLiteral *Literal,
                                               size_t Begin, size_t End,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts);

/// The best location to report code unit \p Unit of \p Literal at.
SourceLocation locationOfUnit(const StringLiteral *Literal, size_t Unit,
                              const SourceManager &SM,
                              const LangOptions &LangOpts);

/// Where the user wrote the code at \p Loc: through macro arguments to the
/// call site, through other macros to their use.
SourceLocation writtenLocation(SourceLocation Loc, const SourceManager &SM);

/// The texts an expression may hold: one per way the code can produce it
/// (both arms of `?:`, each row of a table, each return of a helper, each
/// value a member is given, a default beside an environment variable).
/// Never empty; at most MaxAlternatives, the first ones found.
using TracedValues = llvm::SmallVector<TracedString, 1>;
constexpr size_t MaxAlternatives = 8;

/// The alternative a single-valued reader should use: the first with no
/// unknown text, else the first with some known text, else the first.
const TracedString &bestAlternative(const TracedValues &Values);

/// \p Url with \p Part replaced by \p Value: `QUrl::setPath` and the like.
/// A host that ends in unknown text keeps only its known start when its
/// path is replaced: the unknown rest may be the old path.
TracedString replaceUrlPart(const TracedString &Url, UrlPart Part,
                            const TracedString &Value);

/// Part \p Part of \p Url. A part after text the trace does not know
/// starts with that unknown text: the unknown may hold more of it.
TracedString urlPartOf(const TracedString &Url, UrlPart Part);

/// \p Url after a URL object's edit with the texts of its arguments (one,
/// or a query's name and value).
TracedString editUrl(const TracedString &Url, UrlEdit Edit,
                     llvm::ArrayRef<TracedString> Arguments);

class WriteIndex;
struct BufferWrite;

/// An object whose members a function writes: a variable (a local, or a
/// parameter that refers to the caller's object), or the object a method
/// runs on (its `this`), named by the method.
using ObjectRoot = llvm::PointerUnion<const VarDecl *, const FunctionDecl *>;

class StringTracer {
public:
  using Judge = llvm::function_ref<std::optional<bool>(const Expr *)>;
  /// Settles member \p Field of the object \p Object names where \p Use
  /// reads it, by \p Decide of the value last given to it (null: left to
  /// its default): the write in the object's function that reaches the use,
  /// else its initializer's; through the parameters bound now to the
  /// caller's object at the call.
  std::optional<bool> judgeMember(const Expr *Object, const FieldDecl *Field,
                                  const Stmt *Use, unsigned Depth,
                                  Judge Decide);

  explicit StringTracer(ASTContext &Context);
  ~StringTracer();

  /// Every text \p E may evaluate to, as far as the translation unit shows.
  TracedValues traceAll(const Expr *E);
  /// The best of them (see bestAlternative).
  TracedString trace(const Expr *E) { return bestAlternative(traceAll(E)); }

  /// The texts a member or constant holds wherever it is read.
  TracedValues traceDeclarationAll(const ValueDecl *D);
  TracedString traceDeclaration(const ValueDecl *D) {
    return bestAlternative(traceDeclarationAll(D));
  }

  /// The texts of variable \p Var where \p Use reads it: the definitions
  /// that may reach the use (its initializer and the assignments of its
  /// function that come before, back to one that dominates the use), each
  /// with the appends that follow it.
  TracedValues traceVariableAt(const VarDecl *Var, const Expr *Use);

  /// One element of a container, as a key or value read sees it.
  struct TracedEntry {
    TracedValues Text;
    const Stmt *Site; ///< Where it is put in; null when unknown.
    bool Certain;     ///< Put in on every path of its function.
    /// The expression put in, when one expression is the whole entry.
    const Expr *Value = nullptr;
  };
  /// The entries an element read (`it->first`, `kv.second`, a structured
  /// binding, `it.key()`) may see; nullopt for other expressions.
  std::optional<std::vector<TracedEntry>> traceElementEntries(const Expr *E);

  bool forEachVariadicArgument(const VAArgExpr *Read,
                               llvm::function_ref<void(const Expr *)> Each);
  /// A loop that hands on a collection one element at a time.
  struct CollectionWalk {
    const Stmt *Loop;
    const Expr *Collection;
  };
  /// The walk whose current element \p Element reads, or whose text begins
  /// with that element's key: `Name` of `for (auto &[Name, Value] :
  /// Headers)`, `H.first`, `H.Name`, `Lines[I]` with I the loop's counter,
  /// `E->data` of `for (E = List; E; E = E->next)`, and
  /// `(Name + ": " + Value).c_str()`. nullopt for anything else, and for
  /// reads of the value part alone.
  std::optional<CollectionWalk> walkOf(const Expr *Element);

  /// Settles a condition under the arguments bound now: literals, flags
  /// the caller passes, `!`, `&&`, `||`, and texts compared with `==`.
  /// \p Known, when given, settles any part of it first (a comparison
  /// with a loop's key, for one entry).
  std::optional<bool> evaluateCondition(
      const Expr *Condition,
      llvm::function_ref<std::optional<bool>(const Expr *)> Known = {});
  bool initialisesLazily(const Expr *Condition);
  bool neverChangedAfterInit(const VarDecl *Var);
  bool givenOwnValue(const Expr *Tested);
  const FunctionDecl *fillingHelper(const CallExpr *Call);

  /// While alive, a test that a value is there (`if (CompanyId != 0)`,
  /// `if (!Company.empty())`) that the arguments bound now leave open is
  /// taken to pass: code that adds the company header behind such a guard
  /// adds it, as a reviewer reads it. A caller's `0` or `""` still settles
  /// it the other way.
  class PresenceScope {
  public:
    explicit PresenceScope(StringTracer &Tracer) : Tracer(Tracer) {
      ++Tracer.AssumingPresence;
    }
    ~PresenceScope() { --Tracer.AssumingPresence; }

  private:
    StringTracer &Tracer;
  };

  /// While alive, the request parameter \p Param of code a library runs
  /// on every request (a pipeline stage's `propagate`) is the request
  /// being judged, which goes to \p Urls: `Request.request_uri()` reads
  /// them, so a branch on the request's path settles.
  class BoundRequestScope {
  public:
    BoundRequestScope(StringTracer &Tracer, const ParmVarDecl *Param,
                      TracedValues Urls)
        : Tracer(Tracer), Param(Param) {
      Tracer.BoundRequests[Param] = std::move(Urls);
    }
    ~BoundRequestScope() { Tracer.BoundRequests.erase(Param); }

  private:
    StringTracer &Tracer;
    const ParmVarDecl *Param;
  };

  /// Whether an entry put into the member or global \p Container at
  /// \p Site is there whenever \p Function fills it: every path through
  /// the function that puts in any entry puts this one. A path that puts
  /// none (an early return on a failed login) leaves what an earlier call
  /// put in.
  bool madeWithTheOthers(const ValueDecl *Container, const Stmt *Site,
                         const FunctionDecl *Function);

  /// Dominance::everyPathPasses with the branches evaluateCondition
  /// settles under the arguments bound now.
  bool everyPathPasses(const FunctionDecl *Function,
                       llvm::ArrayRef<const Stmt *> Through, const Stmt *To,
                       Dominance::LoopBodies Loops,
                       llvm::ArrayRef<const Stmt *> From = {},
                       bool FromEntry = true);

  /// The functions of this translation unit whose returns are \p Call's
  /// value: the helper it calls, or the call operators of the callable an
  /// invoker runs. For std::visit, only those that take the alternative its
  /// variant holds under the arguments bound now, when that is known.
  llvm::SmallVector<const FunctionDecl *, 2>
  returningDefinitions(const CallExpr *Call);

  /// Virtual calls run the method of their object's class. An object whose
  /// class the code leaves open is one of Classes, reached through Root: a
  /// variable, a member, or the method whose `this` it is.
  struct OpenDispatch {
    const Decl *Root;
    std::vector<const CXXRecordDecl *> Classes;
  };
  /// The first open dispatch met since clearOpenDispatch(): a reader that
  /// needs one answer per class may pin each with a ClassScope.
  const std::optional<OpenDispatch> &openDispatch() const { return Open; }
  void clearOpenDispatch() {
    Open.reset();
    OpenRows = nullptr;
  }
  /// The first table of function pointers met since clearOpenDispatch()
  /// whose row a call through one of its members leaves open (`Ops->send`
  /// where Ops may be any row of `static const struct ops Table[]`): a
  /// reader that needs one answer per row may pin each with a RowScope.
  const RecordDecl *openRows() const { return OpenRows; }

  /// While alive, the object reached through \p Root is of \p Class.
  class ClassScope {
  public:
    ClassScope(StringTracer &Tracer, const Decl *Root,
               const CXXRecordDecl *Class);
    ~ClassScope();

  private:
    StringTracer &Tracer;
    const Decl *Root;
    const CXXRecordDecl *Before;
  };

  /// traceAll, but a text that joins members of every object of one class
  /// (`Route.Host + Route.Path` of a row of an endpoint table), where
  /// braced initializers build every object, joins each object's members
  /// with its own: traced once per object, a host meets only its row's
  /// path, and no read of every object is left.
  TracedValues traceRowByRow(const Expr *E);

  /// The rows of an endpoint table that \p Object may be, when the code
  /// shows which: an element std::find_if picks with a predicate settled
  /// for each row (`[Key](const Route &R) { return R.Name == Key; }`),
  /// reached through iterators, references, parameters and the returns of
  /// the user's functions. nullopt when it cannot tell.
  std::optional<llvm::SmallVector<const InitListExpr *, 4>>
  rowsDenotedBy(const Expr *Object, unsigned Depth);
  std::optional<llvm::SmallVector<const InitListExpr *, 4>>
  rowsPicked(const CallExpr *FindIf);

  /// While alive, every object of \p Record is \p Row: a read of a
  /// member for every object reads this one's (one row of a table).
  class RowScope {
  public:
    RowScope(StringTracer &Tracer, const RecordDecl *Record,
             const InitListExpr *Row);
    ~RowScope();

  private:
    StringTracer &Tracer;
    const RecordDecl *Record;
  };

  /// Whether \p Call may run \p Definition: false for a virtual call whose
  /// object's class is known and runs another method, and for a call
  /// through a callable parameter whose caller's argument holds others.
  bool mayDispatchTo(const CallExpr *Call, const FunctionDecl *Definition);

  /// For a virtual call on the element a range-for walks (`for (auto &P :
  /// Policies) P->decorate(R)`): each element is an object of its own and
  /// the loop runs them all, so when the code shows the elements (true)
  /// the override of every element's class runs, and no other; false when
  /// it does not. Nullopt for other calls.
  std::optional<bool> runsEveryElement(const CallExpr *Call);

  /// Control flow of the functions of this translation unit.
  Dominance &dominance() { return *Flow; }

  /// Writes to members, globals and containers of this translation unit.
  WriteIndex &writes() { return *Writes; }

  /// Whether a parameter of \p Function (or, for a method, its object) was
  /// read, since the last clearUnboundReads(), while no call bound it: its
  /// value depends on the caller, so a reader may analyse again once per
  /// call of \p Function.
  bool readUnboundParameterOf(const FunctionDecl *Function) const {
    return UnboundReads.contains(Function);
  }
  /// The containers an element was taken from (`Queue.front()`), since the
  /// last clearUnboundReads(), while no hop of the chain said which
  /// element: a reader may analyse again once per element put in.
  llvm::ArrayRef<const ValueDecl *> unboundElementReads() const {
    return UnboundElements.getArrayRef();
  }
  void clearUnboundReads() {
    UnboundReads.clear();
    UnboundElements.clear();
  }
  /// Notes that what was read depends on the callers of \p Function.
  void noteUnboundIn(const FunctionDecl *Function);

  /// How many reads of a member so far took every object's value, the
  /// object read not being followed to where it was built.
  size_t everyObjectReads() const { return EveryObjectLog.size(); }
  /// The classes of those reads from the \p First on.
  llvm::ArrayRef<const CXXRecordDecl *> everyObjectClasses(size_t First) const {
    return llvm::ArrayRef(EveryObjectLog).drop_front(First);
  }
  /// Notes a read of \p Field for every object.
  void noteEveryObjectRead(const FieldDecl *Field);

  /// The string a format call builds (printf, fmt/std::format, QString::arg):
  /// \p Format with each placeholder replaced by the matching argument.
  enum class FormatStyle { Printf, Braces, QtArg };
  TracedValues format(const Expr *Format, llvm::ArrayRef<const Expr *> Args,
                      FormatStyle Style);

  /// A "<<" chain flattened to its operands, stream first.
  static std::vector<const Expr *> streamOperands(const Expr *E);

  ASTContext &context() { return Context; }

  /// While a helper function is analysed for one call of it, its parameters
  /// hold that call's arguments.
  /// Calls \p Visit with the caller's expression for \p Handed (the
  /// argument bound to a parameter, or the object a method runs on), in
  /// the frames of the caller it belongs to; false when no call binds it.
  bool visitBoundObject(ObjectRoot Handed,
                        llvm::function_ref<void(const Expr *)> Visit);

  /// The call whose arguments were bound last, if any: what a reader that
  /// visits each object once should tell visits apart by.
  const Expr *innermostCall() const {
    return BindingStack.empty() ? nullptr : BindingStack.back().Call;
  }

  /// Where a variable's value at a use comes from: Source (null when it is
  /// built empty), assigned at Since (null: its initializer). Not Known
  /// when a whole assignment reaches the use on some paths only.
  struct Origin {
    const Expr *Source;
    const Stmt *Since;
    bool Known;
  };
  Origin originAt(const VarDecl *Var, const Stmt *Use);

  /// The method whose object \p This is (through the lambdas it is in).
  const FunctionDecl *methodOfThis(const CXXThisExpr *This);
  /// Whether a write through \p Root (the variable at the bottom of the
  /// access) or \p This is made to \p Object.
  bool writesTo(ObjectRoot Object, const VarDecl *Root,
                const CXXThisExpr *This);

  /// The calls of a function that hand one of its objects to a helper:
  /// the call, the helper run, and the parameter index (ThisParameter
  /// when the helper is a method run on the object).
  struct Handing {
    const CallExpr *Call;
    const FunctionDecl *Callee;
    unsigned Parameter;
    /// Handed inside an aggregate that holds it (the parameter is the
    /// holder, whose writes reach the object through its member).
    bool Held = false;
  };
  static constexpr unsigned ThisParameter = ~0u;
  llvm::ArrayRef<Handing> handingsOf(ObjectRoot Root);
  bool mayWriteMember(const Handing &Handed, const FieldDecl *Field);

  class BindingScope {
  public:
    BindingScope(StringTracer &Tracer, const FunctionDecl *Callee,
                 const CallExpr *Call);
    BindingScope(StringTracer &Tracer, const FunctionDecl *Constructor,
                 const CXXConstructExpr *Construct);
    /// Any construction madeObject gives.
    BindingScope(StringTracer &Tracer, const FunctionDecl *Constructor,
                 const Expr *Made);
    ~BindingScope();

  private:
    void bind(const FunctionDecl *Callee, const Expr *Call,
              llvm::ArrayRef<const Expr *> Arguments, const Expr *This);
    StringTracer &Tracer;
  };

  /// While alive, an object of \p Class (or of a class derived from it)
  /// that no call on the way binds, `this` of its methods included, is the
  /// one \p Made builds (a `std::make_shared<C>(...)` call): the methods
  /// of a session object run from callbacks whose calls the code does not
  /// show are analysed once per object the program makes.
  class ObjectScope {
  public:
    ObjectScope(StringTracer &Tracer, const Expr *Made,
                const CXXRecordDecl *Class);
    ~ObjectScope();

  private:
    StringTracer &Tracer;
  };

  /// While alive, each call of \p Calls (innermost first: a call of the
  /// function that holds \p Inner, then a call of the function that holds
  /// that call, and so on out) binds its arguments. A std::make_shared
  /// call among them makes the object the functions inside it run on (an
  /// ObjectScope), and the next call is one of the function holding it.
  class ChainScope {
  public:
    ChainScope(StringTracer &Tracer, const Expr *Inner,
               llvm::ArrayRef<const CallExpr *> Calls);
    ~ChainScope();

  private:
    StringTracer &Tracer;
    std::vector<std::unique_ptr<BindingScope>> Scopes;
    std::vector<std::unique_ptr<ObjectScope>> Objects;
    size_t ElementFrames = 0;
  };

  /// Calls \p Visit with the element a hop of the chain put into
  /// \p Container, in the frames of the function that puts it in; false
  /// when no hop did (the read is noted as unbound).
  bool visitBoundElement(const ValueDecl *Container,
                         llvm::function_ref<void(const Expr *)> Visit);

  /// Calls \p Visit with the object an ObjectScope made for \p Class, in
  /// the frames of the function that makes it; false when none did.
  bool visitMadeObject(const CXXRecordDecl *Class,
                       llvm::function_ref<void(const Expr *)> Visit);

  /// The values of the returns of \p Definition a path reaches under the
  /// arguments bound now; all of them when none is settled.
  std::vector<const Expr *> reachedReturnValues(const FunctionDecl *Definition);

private:
  /// One pattern of format(), filled in with the arguments' texts.
  TracedValues formatPattern(const TracedString &Pattern,
                             llvm::ArrayRef<TracedValues> Texts,
                             FormatStyle Style);
  std::optional<bool>
  evaluateExactly(const Expr *Condition,
                  llvm::function_ref<std::optional<bool>(const Expr *)> Known);
  std::optional<bool> compareNumbers(const BinaryOperator *Compare);
  std::optional<llvm::APSInt> numberValue(const Expr *E, unsigned Depth);
  std::optional<TracedValues> countedText(const CXXConstructExpr *Construct);
  std::optional<bool> sameEndCharacter(const Expr *Left, const Expr *Right);
  std::optional<bool> evaluateCase(const Expr *Value, const Expr *Case);
  std::optional<TracedValues> fieldValue(const Expr *Object, const Expr *Key,
                                         const Stmt *Use, unsigned Depth);
  unsigned AssumingPresence = 0;
  llvm::DenseMap<const ParmVarDecl *, TracedValues> BoundRequests;
  std::optional<TracedValues> requestUrlRead(const CXXMemberCallExpr *Call);
  std::optional<TracedValues> constructedRequestUrl(const Expr *Object,
                                                    const RequestUrlRule &Rule,
                                                    unsigned Depth);
  /// The loop whose first pass an appended text is read for: the text
  /// that follows what the value held before the loop.
  const Stmt *FirstPass = nullptr;
  TracedValues traceAppended(llvm::function_ref<TracedValues()> Read,
                             const Stmt *Site, const Stmt *Start);
  std::optional<llvm::APSInt> firstPassValue(const Expr *E);
  /// The same for a member of `this`: the object the method is called on,
  /// or what a caller on the way writes through its own `this`.
  std::optional<bool> judgeThisMember(const CXXThisExpr *This,
                                      const FieldDecl *Field, unsigned Depth,
                                      Judge Decide);
  std::optional<bool> judgeBuilt(const Expr *Built, const FieldDecl *Field,
                                 unsigned Depth, Judge Decide);
  /// Whether a std::optional holds a value.
  std::optional<bool> engaged(const Expr *Optional, unsigned Depth);
  QualType heldAlternative(const Expr *Variant, unsigned Depth);
  /// The class of the object \p Object denotes, when the code shows it;
  /// else null, and the dispatch is noted open.
  const CXXRecordDecl *objectClass(const Expr *Object);
  std::optional<llvm::SmallVector<const CXXRecordDecl *, 2>>
  walkedElementClasses(const Expr *Object);
  const CXXRecordDecl *classOfObject(const Expr *Object, unsigned Depth,
                                     const Decl *&Root);
  const CXXRecordDecl *agreedClass(llvm::ArrayRef<const Expr *> Values,
                                   unsigned Depth);
  const CXXRecordDecl *
  classOfMadeMember(const Expr *Base, const FieldDecl *Field, unsigned Depth);
  const CXXRecordDecl *constructedMemberClass(const FieldDecl *Field,
                                              unsigned Depth, bool &Disagree);
  /// The definitions a virtual call may run.
  llvm::SmallVector<const FunctionDecl *, 2>
  dispatchedDefinitions(const CXXMemberCallExpr *Call);
  /// A call of a predicate helper settled by its returns.
  std::optional<bool> calledPredicate(const CallExpr *Call);
  llvm::DenseMap<const Decl *, const CXXRecordDecl *> Pinned;
  llvm::DenseMap<const RecordDecl *, const InitListExpr *> PinnedRows;
  std::optional<OpenDispatch> Open;
  const RecordDecl *OpenRows = nullptr;
  std::optional<bool> rowHoldsCallable(const Expr *Callable,
                                       const FunctionDecl *Definition);
  TracedValues traceUncached(const Expr *E);
  std::optional<TracedValues> guardedTexts(const Expr *E);
  TracedValues traceCall(const CallExpr *Call);
  TracedValues traceField(const FieldDecl *Field);
  TracedValues globalWrites(const VarDecl *Global);
  const Expr *prefixTest(const Expr *Test, std::string &Prefix,
                         bool &WhenPrefix, unsigned Depth);
  std::optional<TracedValues> concatenateChosen(const Expr *Left,
                                                const Expr *Right);
  TracedValues traceWrite(const Expr *Written);
  TracedValues writtenText(const BufferWrite &Write);
  /// The text of an element of a container read through an iterator, a
  /// range-for variable or a structured binding; nullopt for other reads.
  std::optional<TracedValues> traceElement(const Expr *E);
  /// `Settings.at("api_base")`, `Cfg["login_url"]`, `Map.value("path")`:
  /// the values put into the map under the key the code reads, when the key
  /// is known text; nullopt for other expressions.
  std::optional<TracedValues> traceKeyedRead(const Expr *E);
  /// The keys and the values of the entries of the map \p Map, one for
  /// one; false when the two walks disagree.
  bool keyedEntries(const Expr *Map, std::vector<TracedEntry> &Names,
                    std::vector<TracedEntry> &Values);
  /// The values of the entries a keyed read \p E may read (an entry whose
  /// key is unknown may be it; with \p AnyKey, every entry when the key
  /// read is unknown); nullopt when the key or the entries are not known.
  std::optional<std::vector<TracedEntry>> keyedReadEntries(const Expr *E,
                                                           bool AnyKey = false);
  /// The maps whose entries are being collected: a put behind a test of
  /// the same map (`if (!M.count(K)) M[K] = V;`) is not judged again.
  llvm::SmallPtrSet<const void *, 4> KeyedInProgress;
  /// Whether the map \p Map has an entry under \p Key (`Map.count(Key)`,
  /// `Map.find(Key) != Map.end()`), when the entries put in settle it.
  std::optional<bool> mapHasKey(const Expr *Map, const Expr *Key);
  /// `Map.value("with_company", true).toBool()`: the flag the entries
  /// under the key (or the default) spell as literals.
  std::optional<bool> keyedFlag(const Expr *E);
  void collectEntries(const ValueDecl *Container, bool Values, unsigned Depth,
                      std::vector<TracedEntry> &Out);
  std::optional<CollectionWalk> variadicWalk(const VarDecl *Var,
                                             const Expr *Use);
  void collectEntriesOf(const Expr *Source, bool Values, unsigned Depth,
                        std::vector<TracedEntry> &Out);
  bool appendListedEntries(const Expr *List, bool Values,
                           std::vector<TracedEntry> &Out);
  /// The walk that binds \p Var to each element of a collection: the
  /// range-for that declares it, or the std::for_each whose lambda takes
  /// it (`std::for_each(H.begin(), H.end(), [&](const auto &E) {...})`).
  std::optional<CollectionWalk> loopOver(const VarDecl *Var);
  const CallExpr *algorithmCalling(const ParmVarDecl *Param,
                                   llvm::StringRef Name);
  struct ElementRead;
  std::optional<ElementRead> elementRead(const Expr *E);
  const ValueDecl *iteratedContainer(const Expr *Iterator);
  std::unique_ptr<Dominance> Flow;
  std::unique_ptr<WriteIndex> Writes;
  /// A helper that copies its template parameter into a buffer character
  /// by character, writing other text where the template names a
  /// placeholder (`{project_id}`, `:id`), after what it first writes at
  /// the buffer's start.
  struct TemplateCopy {
    unsigned Index;                   ///< The template parameter's.
    const CallExpr *Prefix = nullptr; ///< The write at the start, if any.
    std::string Openers, Closers;     ///< Characters around a placeholder.
  };
  std::optional<TemplateCopy> templateCopy(const FunctionDecl *Helper,
                                           const ParmVarDecl *Buffer);
  TracedValues copiedTemplate(const TemplateCopy &Copy, const CallExpr *Call);
  struct Mutation {
    /// EditUrl: `Url.setPath(P)`, `Builder.append_path(P)` on a URL object.
    enum Kind { Assign, Append, EditUrl } Action;
    const Stmt *Site;
    std::vector<const Expr *> Values; ///< Appended in order (Assign: reset).
    const Expr *Format = nullptr;     ///< snprintf-style assignment.
    UrlEdit Edit = UrlEdit::SetWhole;
    /// A helper's call that fills the variable through its parameter: the
    /// values are the helper's, read with this call's arguments.
    const CallExpr *Through = nullptr;
    /// The helper copies a template into the variable (templateCopy).
    std::optional<TemplateCopy> Copy;
    /// The helper writes it on some of its paths only: what it held before
    /// may be left.
    bool SomePaths = false;
    /// A buffer handed to a function pointer (`Ops->build_url(Url, ...)`):
    /// what the function the pinned row holds writes, else unknown.
    const VarDecl *RowFilled = nullptr;
  };
  TracedValues editedUrl(const TracedValues &Url, UrlEdit Edit,
                         llvm::ArrayRef<const Expr *> Arguments);
  static Mutation bufferMutation(const BufferWrite &Write, const Stmt *Site);
  std::optional<Mutation> filledByHelper(const CallExpr *Call,
                                         const VarDecl *Var);
  std::optional<unsigned> transcodedParameter(const FunctionDecl *Helper);
  std::optional<unsigned> copiedParameter(const FunctionDecl *Helper);
  std::vector<TracedValues> argumentTexts(llvm::ArrayRef<const Expr *> Args);
  const Expr *tableElement(const ArraySubscriptExpr *Subscript);
  const InitListExpr *tableRow(const Expr *E);
  llvm::DenseMap<const FunctionDecl *, std::optional<unsigned>> Transcoders;
  /// The changes made to \p Var in its function, or, for a global, in
  /// \p In.
  const std::vector<Mutation> &mutationsOf(const VarDecl *Var,
                                           const FunctionDecl *In = nullptr);
  std::optional<TracedValues> globalAtUse(const VarDecl *Global,
                                          const Expr *Use);
  bool callsWriterOf(const VarDecl *Global, const FunctionDecl *Function,
                     SourceRange Between);
  TracedValues valueFromMutations(llvm::ArrayRef<Mutation> All, const Expr *Use,
                                  TracedValues Initial, bool Known,
                                  const Stmt *Declared = nullptr);

  llvm::DenseMap<std::pair<const VarDecl *, const FunctionDecl *>,
                 std::vector<Mutation>>
      Mutations;

  /// The arguments of one call being followed, by parameter.
  struct Bindings {
    llvm::DenseMap<const ParmVarDecl *, const Expr *> Arguments;
    const Expr *Call = nullptr; ///< A call or a constructor call.
    const FunctionDecl *Callee = nullptr;
    /// The object a method runs on (`Request` in `Request.send()`), which
    /// its `this` denotes; null for other calls.
    const Expr *This = nullptr;
    /// For an ObjectScope: the class of the object This makes.
    const CXXRecordDecl *Made = nullptr;
    /// For a hop through a container (Call puts Element into Elements):
    /// the element a read of the container takes out.
    const ValueDecl *Elements = nullptr;
    const Expr *Element = nullptr;
  };
  std::vector<Bindings> BindingStack;
  bool mayHoldCallable(const Expr *Callable, const FunctionDecl *Definition);
  /// The argument bound to \p Param; the frames from its binding on are
  /// moved to \p Outer until the argument is traced.
  const Expr *boundArgument(const ParmVarDecl *Param,
                            std::vector<Bindings> &Outer);
  /// The same for the object `this` denotes in \p Method.
  const Expr *boundThis(const FunctionDecl *Method,
                        std::vector<Bindings> &Outer);
  /// The same for the element a container hop put into \p Container.
  const Expr *boundElement(const ValueDecl *Container,
                           std::vector<Bindings> &Outer);
  const Expr *objectOfFrame(llvm::function_ref<bool(const Bindings &)> Binds,
                            std::vector<Bindings> &Outer);
  /// The same for an object of \p Class an ObjectScope makes.
  const Expr *madeObjectOf(const CXXRecordDecl *Class,
                           std::vector<Bindings> &Outer);

  /// The object \p E hands in from a caller: a parameter, or `this`.
  ObjectRoot handedObject(const Expr *E);
  /// While alive, the tracer runs in the frames of the call that binds a
  /// handed-in object, and Object is the caller's expression for it; null
  /// when no call binds it (the function then depends on its callers).
  struct CallerFrames {
    CallerFrames(StringTracer &Tracer, ObjectRoot Handed);
    /// The frames of the object an ObjectScope made for \p Class.
    CallerFrames(StringTracer &Tracer, const CXXRecordDecl *Class);
    /// The frames of the innermost call of a function (no Object).
    struct CallOf {
      const FunctionDecl *Callee;
    };
    CallerFrames(StringTracer &Tracer, CallOf Function);
    ~CallerFrames();
    const Expr *Object = nullptr;
    const Expr *Call = nullptr; ///< The call that binds it.

  private:
    StringTracer &Tracer;
    std::vector<Bindings> Outer;
  };
  /// The calls the trace came out of, innermost last, each the call whose
  /// callee reads what its caller's code handed it (CallerFrames::Call).
  std::vector<const Expr *> ExitCalls;
  /// Where a use of the local buffer \p Var reads it: a buffer whose
  /// address is stored (`struct req R = {url}`, `Req.Url = url`) is read
  /// when the callee the trace came out of reads the pointer, not where
  /// the pointer was taken.
  const Expr *bufferReadPoint(const VarDecl *Var, const DeclRefExpr *Ref);

  /// One write to a member of an object, seen from the object's
  /// function: made there, or by a helper the object is handed to.
  struct ObjectWrite {
    TracedValues Text;
    const Stmt *Lifted; ///< The write, or the call of the helper that makes it.
    bool Certain;       ///< The helpers make it on every path.
    bool Append;        ///< strcat and the like: extends the value.
    bool Reset = false; ///< Empties the container (`clear()`, `memset`).
    /// The value of a write made here, not by a helper: a member object
    /// given whole (`Job.Req = Built`) is read inside.
    const Expr *Value = nullptr;
  };
  /// The writes to \p Member of \p Root whose statement (or the call of
  /// the helper that makes them) lies in \p Window; those outside are not
  /// traced at all (an in-place edit read at its own call is no cycle).
  void collectObjectWrites(ObjectRoot Root, const ValueDecl *Member,
                           bool Entries, bool Values,
                           llvm::function_ref<bool(const Stmt *)> Window,
                           const Stmt *Lifted, bool Certain, unsigned Depth,
                           std::vector<ObjectWrite> &Out);
  /// What a member of an object holds where the object is used.
  std::optional<TracedValues> traceObjectMember(const MemberExpr *Member);
  /// The members to read inside a member's value, outermost first:
  /// `Name` of `Route.Host.Name` when Host is the member read.
  using FieldPath = llvm::ArrayRef<const FieldDecl *>;
  std::optional<TracedValues> objectValue(const Expr *Object,
                                          const FieldDecl *Field,
                                          unsigned Depth, FieldPath Inner = {});
  std::optional<TracedValues> constructedValue(const Expr *Made,
                                               const FieldDecl *Field,
                                               unsigned Depth,
                                               FieldPath Inner = {});
  std::optional<TracedValues> memberValue(const Expr *Value, unsigned Depth,
                                          FieldPath Inner);
  bool constructorWrites(const FunctionDecl *Constructor,
                         const ValueDecl *Member);
  bool constructedEntries(const Expr *Made, const ValueDecl *Member,
                          bool Values, unsigned Depth,
                          std::vector<TracedEntry> &Out);
  /// \p Start (the member's value on entry) after the writes this function
  /// makes before \p Use. Without a known start (\p StartKnown false) the
  /// value is known only when a write on every path to \p Use settles it.
  std::optional<TracedValues>
  afterOwnWrites(ObjectRoot Root, const FieldDecl *Field, const Expr *Use,
                 std::optional<TracedValues> Start, const Stmt *Since,
                 unsigned Depth, FieldPath Inner = {}, bool StartKnown = true);
  /// The entries of a container member of an object at its use.
  bool collectObjectEntries(const Expr *Container, bool Values,
                            std::vector<TracedEntry> &Out);
  bool subobjectEntries(const MemberExpr *Inner, const ValueDecl *Member,
                        bool Values, unsigned Depth,
                        std::vector<TracedEntry> &Out);
  bool objectEntries(const Expr *Object, const ValueDecl *Member, bool Values,
                     unsigned Depth, std::vector<TracedEntry> &Out);
  void ownEntries(ObjectRoot Root, const ValueDecl *Member, bool Values,
                  const Expr *Use, std::vector<TracedEntry> &Out,
                  const Stmt *Since = nullptr);
  llvm::DenseMap<ObjectRoot, std::vector<Handing>> Handings;
  llvm::SmallPtrSet<const FunctionDecl *, 4> ScannedForHandings;
  /// The whole assignments of each variable (`Request = Other;`): where,
  /// and the value assigned.
  struct Assignment {
    const Stmt *Site;
    const Expr *Value;
  };
  llvm::DenseMap<const VarDecl *, std::vector<Assignment>> WholeAssignments;
  unsigned SettlingOrigin = 0; ///< originAt's calls in progress.
  bool replacedByHelper(const VarDecl *Var);
  bool keptBefore(const VarDecl *Var, const Stmt *Use);
  llvm::SmallPtrSet<const FunctionDecl *, 8> UnboundReads;
  std::vector<const FunctionDecl *> UnboundLog; ///< In the order read.
  llvm::SmallSetVector<const ValueDecl *, 2> UnboundElements;
  std::vector<const ValueDecl *> UnboundElementLog; ///< In the order read.
  void noteUnbound(const ParmVarDecl *Param);

  ASTContext &Context;
  struct CachedTrace {
    TracedValues Text;
    unsigned Depth; ///< The depth it was traced at.
    bool Complete;  ///< The depth limit cut nothing short.
    /// Functions whose unbound parameters the trace read.
    std::vector<const FunctionDecl *> Unbound;
    /// The dispatch the trace left open first, if it noted one.
    std::optional<OpenDispatch> Open;
    /// The classes whose members it read for every object.
    std::vector<const CXXRecordDecl *> EveryObject;
    /// Containers whose elements it took out unbound.
    std::vector<const ValueDecl *> UnboundElements;
  };
  llvm::DenseMap<const Expr *, CachedTrace> Cache;
  /// What is being traced, each with the calls it is traced under: the
  /// same expression read again under other calls (a member of `*this`
  /// through a chain `Base / "a" / 7 / "b"` of one operator) is a new
  /// question; under the same calls it is a cycle. Recursion that makes
  /// new frames forever ends at MaxDepth.
  llvm::DenseSet<std::pair<const void *, size_t>> InProgress;
  std::pair<const void *, size_t> inProgressKey(const void *Traced) const;
  const Stmt *loopOutlivedBy(const VarDecl *Var, const Stmt *Use);
  bool carriedByLoop(const VarDecl *Var, const FieldDecl *Field,
                     const Stmt *Use);
  /// Members whose every value is being read (traceField): a value that
  /// reads the member again (`State = Resume` where `Resume = State`) is
  /// a cycle, whatever calls it is read under.
  llvm::SmallPtrSet<const FieldDecl *, 4> FieldsInProgress;
  unsigned Depth = 0;
  /// Path decisions under way (everyPathPasses deciding branches).
  unsigned DecidingPaths = 0;
  /// DecidingPaths when the innermost afterOwnWrites began: the conditions
  /// that decide the paths of its writes read members without it, or the
  /// work multiplies with each member a condition reads.
  std::optional<unsigned> OwnWritesAt;
  unsigned DepthCutoffs = 0; ///< Traces the depth limit has cut short.
  /// Traces cut short because they reached a question under way; what
  /// they gave holds only inside that question and is not kept.
  unsigned CycleCutoffs = 0;
  /// The class of each member read for every object, in the order read.
  std::vector<const CXXRecordDecl *> EveryObjectLog;
};

/// The class whose member \p Field is.
const CXXRecordDecl *ownerOf(const FieldDecl *Field);

/// Strips the nodes that only carry a value along: parentheses, implicit
/// casts, temporaries, functional casts, copies, and a std::optional or
/// std::variant made from a value.
const Expr *stripValueWrappers(const Expr *E);

/// The object of `Text.c_str()` and the like (`toStdString()`,
/// `toUtf8()`, a conversion to std::string_view), which return its text
/// unchanged; null for other expressions.
const Expr *passedThroughObject(const Expr *E);

/// Splits `Left == Right` or `Left != Right` (built-in or an overloaded
/// operator); false for anything else.
bool splitEquality(const Expr *E, const Expr *&Left, const Expr *&Right,
                   bool &Equal);

/// A read of a string-keyed map by key: `Map.at(Key)`, `Map[Key]`,
/// `Map.value(Key)` and `Map.value(Key, Default)` of a std::map,
/// std::unordered_map or Qt map, and `It->second` or `It.value()` of an
/// iterator `Map.find(Key)` gave.
struct KeyedRead {
  const Expr *Map;
  const Expr *Key;
  const Expr *Default = nullptr;
};
std::optional<KeyedRead> keyedRead(const Expr *E);

/// The container a new one copies element by element:
/// `Other` of `Headers(Other.begin(), Other.end())`; null otherwise.
const Expr *copiedRange(const Expr *E);

/// What a structured binding \p E names (`Headers` of `auto [Url, Headers]
/// = build()`): the member or element of the object it decomposes; null
/// for other expressions.
const Expr *boundMember(const Expr *E);

/// Whether `Left Opcode Right` holds for two integers; nullopt for an
/// operator that is no comparison.
std::optional<bool> compareIntegers(BinaryOperatorKind Opcode,
                                    const llvm::APSInt &Left,
                                    const llvm::APSInt &Right);

/// The definition a call runs when the translation unit holds its body
/// outside system headers: a helper of the user's code. Null otherwise.
const FunctionDecl *userDefinition(const CallExpr *Call);

/// The value of the only return statement of \p Function, if it has one.
const Expr *singleReturnValue(const FunctionDecl *Function);

/// The return statements of \p Function in source order, not those of
/// lambdas inside it.
std::vector<const ReturnStmt *> returnStatements(const FunctionDecl *Function);

/// The values of every return statement of \p Function (not of lambdas
/// inside it).
std::vector<const Expr *> returnValues(const FunctionDecl *Function);

/// Adds \p Value to \p Into unless its text is there already or the set is
/// full.
void addAlternative(TracedValues &Into, const TracedString &Value);
/// Every alternative of \p Head followed by every alternative of \p Tail.
TracedValues concatenate(const TracedValues &Head, const TracedValues &Tail);

/// The variable \p E names, if it is a plain reference to one.
const VarDecl *referencedVariable(const Expr *E);

/// An object of its own, not a reference or pointer to another.
bool isCopy(const VarDecl *Var);

/// `std::make_shared<T>()`, `std::make_unique<T>()`, `new T`: a new object
/// built by its default constructor.
bool allocatesDefault(const Expr *E);

/// A class's own copy or move assignment, which assigns member by member.
bool isMemberwiseAssignment(const FunctionDecl *Function);

/// fmt::format and std::format: "{}" placeholders.
bool isFormatFunction(const FunctionDecl *Function);

/// `std::make_shared` or `std::make_unique`.
bool isStdMaker(const FunctionDecl *Callee);

/// The class `std::make_shared<T>(...)` or `std::make_unique<T>(...)`
/// constructs inside the library; null for other calls.
const CXXRecordDecl *madeClass(const CallExpr *Call);

/// The object of `std::move(Object)` or `std::forward<T>(Object)`; null
/// for other calls.
const Expr *movedObject(const CallExpr *Call);

/// The rule of a URL object's in-place edit that \p Call makes
/// (`Url.append_path(Segment)`), from the request model's table.
const UrlEditRule *urlEditRule(const CXXMemberCallExpr *Call);
/// The object at the start of a chain of URL edits: `Url` in
/// `Url.set_host(H).set_path(P)`.
const Expr *editedObject(const CXXMemberCallExpr *Call);

/// The value a braced initializer gives member \p Field; null when it
/// leaves the member to its default.
const Expr *initializerOfMember(const InitListExpr *List,
                                const FieldDecl *Field);

/// Calls \p Visit with each local a braced list or a construction holds
/// and the member that holds it: the address a pointer member is given, the
/// object a reference member is bound to (`Outgoing{.Request = &Spec, .Id =
/// Id}`, `Scope(Client &C) : Held(C)` made with a local client).
void forEachHeldLocal(
    const Expr *Holder,
    llvm::function_ref<void(const VarDecl *, const FieldDecl *)> Visit);

/// The value the constructor \p Construct runs gives \p Field in its
/// written member initializer (the constructor in \p Constructor); null
/// when it has none.
const Expr *memberInitializer(const CXXConstructExpr *Construct,
                              const FieldDecl *Field,
                              const FunctionDecl *&Constructor);

/// The value \p Constructor's written member initializer gives \p Field;
/// null when it has none.
const Expr *constructorInitializer(const FunctionDecl *Constructor,
                                   const FieldDecl *Field);

/// The construction that builds the object \p E makes: a constructor call,
/// the one `new C(...)` runs, or `std::make_shared<C>(...)` and
/// `std::make_unique<C>(...)`; null for other expressions.
const Expr *madeObject(const Expr *E);

/// The constructor `std::make_shared<C>(Args...)` runs: the one of C's
/// defined constructors (not copying) that takes that many arguments, when
/// only one does.
const FunctionDecl *madeConstructor(const CallExpr *Make);

/// The object the construction \p Made (see madeObject) copies or moves
/// from; null when it runs another constructor.
const Expr *copiedObject(const Expr *Made);

/// memberInitializer for any construction madeObject gives.
const Expr *madeMemberInitializer(const Expr *Made, const FieldDecl *Field,
                                  const FunctionDecl *&Constructor);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_STRINGTRACER_H
