//===--- RequestAnalysis.h - Which HTTP requests does a TU send? -*- C++
//-*-===//
//
// Reads the calls of a translation unit through the library rows of
// RequestModel.h and answers, for every call that sends a request: where it
// goes, with which method, and whether a Procore-Company-Id header rides
// along. Objects are followed into helper functions (with their arguments
// bound), out of functions that build and return them, across the members
// of a wrapper class, to the call sites of a function that sends a
// request it was given, and, for a request kept in an object whose
// methods run from callbacks, to each std::make_shared that makes one.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_REQUESTANALYSIS_H
#define MPR_LINT_CHECKS_ANALYSIS_REQUESTANALYSIS_H

#include "analysis/StateMachines.h"
#include "analysis/StringTracer.h"
#include "model/RequestModel.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerUnion.h"
#include "llvm/ADT/StringMap.h"

#include <deque>

namespace clang::tidy::procore {

/// Whether a request carries the Procore-Company-Id header.
enum class HeaderState {
  Absent,  ///< Every header the request gets is known; it is not among them.
  Empty,   ///< It is there with an empty value.
  Present, ///< It is there.
  Unknown, ///< Some headers come from code the analysis cannot see.
  Conditional, ///< Added on some paths to the send only.
};

/// One step of the reasoning about a request, for --explain.
struct Explanation {
  SourceLocation Where; ///< Invalid when the step has no place.
  std::string What;
};

struct SentRequest {
  const Expr *Send = nullptr; ///< The call that sends it.
  llvm::StringRef Library;
  TracedValues Urls;      ///< Base and path joined, per alternative.
  SourceLocation UrlSite; ///< Where the URL or path was set.
  SourceLocation BuiltAt; ///< The call of the sending helper.
  std::string Method;     ///< Upper case; empty when unknown.
  HeaderState Header = HeaderState::Absent;
  SourceLocation HeaderSite; ///< Where an empty or conditional header
                             ///< was set.
  /// Where the headers that held Procore-Company-Id are replaced or
  /// cleared on the way to the send, when that is why it is missing.
  SourceLocation ResetSite;
  /// Where a state machine enters the state the request is sent in
  /// without the header (EnteredState names it).
  SourceLocation StateEntrySite;
  std::string EnteredState;
  /// A header named almost like Procore-Company-Id, sent instead of it.
  std::string NearMissName;
  SourceLocation NearMissSite;
  bool Escapes = false; ///< The request reaches unseen code.
  /// Its headers were read from every object of their class, the one sent
  /// not being followed: the callers may tell which it is.
  bool MixesObjects = false;
  /// The classes of those objects.
  std::vector<const CXXRecordDecl *> EveryObjectClasses;
  /// Two or more pieces of its URL were read from every object of their
  /// class: a host may be joined to the path of another object.
  bool UrlMixesObjects = false;

  // What a fix-it needs.
  const Expr *RequestObject = nullptr;    ///< Request object at the send.
  const VarDecl *HeaderList = nullptr;    ///< Local header list, if any.
  const Expr *HeaderListAttach = nullptr; ///< Call that attaches it.
  bool SendHasHeaderArgument = false;

  /// Judged for an object of this class, one of several that reach the
  /// send: the calls leave open the class of an object whose virtual calls
  /// shape the request, and its overrides decide.
  const CXXRecordDecl *AsClass = nullptr;
  /// Judged for this row of a table of function pointers, one of several:
  /// the calls leave open which row's functions build the request.
  const InitListExpr *AsRow = nullptr;
  /// Also judged once per class (AsClass) or row (AsRow): this judgement
  /// mixes them.
  bool SplitByClass = false;

  /// Judged in context: the same send judged with only the innermost calls
  /// of BuiltAt's chain bound, shortest first, where those were judged.
  std::vector<SentRequest> WithFewerCalls;

  /// Filled only when the analysis is asked to explain.
  std::vector<Explanation> Explanations;
};

/// One call that sends a request, judged on its own and, when the function
/// making it is a helper its callers reach, once per chain of calls into it
/// (outermost call last in BuiltAt).
struct SendJudgements {
  /// The send with its function's parameters unknown.
  SentRequest Alone;
  /// Alone is a request of its own: its function has no calls the
  /// translation unit shows, or is also called from where it cannot see.
  bool AloneRuns = false;
  std::vector<SentRequest> PerCall;
};

/// A member of a local variable, a parameter or the object a method runs
/// on (`Request.Headers`, `R->headers`, `Headers` in a method): each
/// object's member is an object of its own.
struct MemberPath {
  ObjectRoot Root;
  const FieldDecl *Member;
};

/// What a call acts on: a variable, a member of an object, a member
/// reached another way (of a global, or written in a constructor: one per
/// class), or a temporary built in place.
using ObjectKey =
    llvm::PointerUnion<const Decl *, const Stmt *, const MemberPath *>;

class RequestAnalysis {
public:
  RequestAnalysis(ASTContext &Context, StringTracer &Tracer,
                  llvm::ArrayRef<WrapperRule> Wrappers);

  /// Feeds one call or construction of user code.
  void record(const Expr *Site);

  /// Every request the translation unit sends: each send judged alone and
  /// per chain of calls into the helper that makes it. Without
  /// \p JudgeHelpersAlone, a send that only its callers reach is judged per
  /// call only (SendJudgements::Alone left empty): what a caller that
  /// needs the requests sent, not where to report them, asks for.
  /// With \p UrlsPerCall, a send is followed out through its callers while
  /// it reads their parameters even once its header verdict is settled:
  /// what a check of hosts needs, each host joined to its own path.
  std::vector<SendJudgements> requests(bool JudgeHelpersAlone = true,
                                       bool UrlsPerCall = false);

  /// The calls of \p Function the translation unit shows.
  llvm::ArrayRef<const CallExpr *>
  callSitesOf(const FunctionDecl *Function) const {
    auto Found = CallSites.find(Function);
    return Found == CallSites.end() ? llvm::ArrayRef<const CallExpr *>()
                                    : llvm::ArrayRef(Found->second);
  }

  /// Record in each SentRequest why it is judged as it is.
  void explainRequests() { Explaining = true; }

  struct State;

private:
  struct Recorded {
    const CallRule *Rule;
    const Expr *Site;
  };
  struct Pass {
    const FunctionDecl *Callee;
    unsigned Parameter;
    const CallExpr *Call;
  };
  struct Candidate {
    TracedValues Value;
    const Expr *Site;
  };

  void recordHelperCall(const CallExpr *Call,
                        llvm::ArrayRef<const FunctionDecl *> Callees);
  void gatherObject(const Expr *Object, State &S, unsigned Depth);
  /// Facts on \p Key and on what helpers it is handed to do to it; with
  /// \p FollowOrigin, also what its initializer or the caller's argument
  /// carries (off for a header list already read from those).
  void gatherKey(ObjectKey Key, State &S, unsigned Depth,
                 bool FollowOrigin = true);
  /// Calls \p Visit with the parameter of each helper \p Key is handed to
  /// by reference before the request leaves, bound to that call; for an
  /// object \p Root, also with each method run on it there (as the
  /// method's object).
  void forEachHandOver(ObjectKey Key, ObjectRoot Root, State &S, unsigned Depth,
                       llvm::function_ref<void(ObjectRoot)> Visit);
  void handOver(ObjectKey Key, const CallExpr *Call, const FunctionDecl *Callee,
                ObjectRoot Theirs, State &S,
                llvm::function_ref<void(ObjectRoot)> Visit);
  /// What is done to \p Var through each object that holds it in a member
  /// (its address in a pointer member, or a reference member bound to it:
  /// `Outgoing Out{&Request, Id}; decorate(Out);`).
  void gatherThroughHolders(const VarDecl *Var, State &S, unsigned Depth);
  /// What is done through \p Member of \p Holder, and through the same
  /// member in the frames of the calls that hand the holder on: the
  /// parameters of the helpers it is handed to (by value too: a copy
  /// points to the same object), the methods run on it (as their `this`),
  /// and its copies.
  void gatherThroughHolder(ObjectKey Key, ObjectRoot Holder,
                           const FieldDecl *Member, State &S, unsigned Depth);
  void handArgumentOver(ObjectKey Key, const CallExpr *Call, unsigned I,
                        State &S, llvm::function_ref<void(ObjectRoot)> Visit);
  struct HolderIndex {
    using Argument = std::pair<const CallExpr *, unsigned>;
    /// The braced lists and constructions that hold each local, and the
    /// member that holds it there.
    llvm::DenseMap<
        const VarDecl *,
        llvm::SmallVector<std::pair<const Expr *, const FieldDecl *>, 1>>
        HeldIn;
    llvm::DenseMap<const Expr *, const VarDecl *> ListVariable;
    llvm::DenseMap<const Expr *, Argument> ListArgument;
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<Argument, 2>> PassedTo;
    /// Locals initialized with a copy of another (`std::any Boxed = Event;`)
    /// or a pointer to it.
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<const VarDecl *, 1>>
        CopiedInto;
  };
  const HolderIndex &holdersIn(const FunctionDecl *Function);
  void gatherThroughConstructor(const CXXConstructExpr *Construct,
                                const FieldDecl *Member, State &S,
                                unsigned Depth);
  bool handedOffThePath(ObjectKey Key, const CallExpr *Call, const State &S);
  /// A member as the helpers and methods an object is handed to leave it.
  /// The assignment and the value assigned.
  using WholeAssignment = std::pair<const Expr *, const Expr *>;
  WholeAssignment assignedBeforeSend(const MemberPath &Path, const State &S);
  TracedValues traceUrlPart(const Expr *Part, State &S);
  void gatherHandedMember(const MemberPath &Path, bool AsList, State &S,
                          unsigned Depth);
  /// A member of a local object: what its own writes, the helpers the
  /// object is handed to, and the object it comes from put there. With
  /// \p AsList the member is a header list, else a request object.
  void gatherMember(const MemberPath &Path, bool AsList, State &S,
                    unsigned Depth);
  void gatherMemberOf(const Expr *Object, const FieldDecl *Member, bool AsList,
                      State &S, unsigned Depth);
  void gatherMemberValue(const Expr *Value, bool AsList, State &S,
                         unsigned Depth);
  void gatherOwnMember(const MemberPath &Path, bool AsList, State &S,
                       unsigned Depth);
  /// Which writes of a stored list to read: all, those not made through a
  /// named object, or of those only the ones outside the methods of the
  /// class (what is done to one known object, whose method calls are
  /// followed with their arguments).
  enum class StoredWrites { All, Ownerless, OwnerlessOutsideMethods };
  void gatherClassMember(const FieldDecl *Member, bool AsList, State &S,
                         unsigned Depth,
                         StoredWrites Writes = StoredWrites::Ownerless);
  /// Every object's \p Member together: for objects the analysis cannot
  /// follow to where they are built.
  void gatherConstructedMember(const CXXConstructorDecl *Constructor,
                               const FieldDecl *Member, bool AsList, State &S,
                               unsigned Depth);
  void applyFacts(llvm::ArrayRef<Recorded> KeyFacts, State &S, unsigned Depth);
  std::vector<Recorded>
  memberFactsIn(const FieldDecl *Member,
                llvm::function_ref<bool(const Stmt *)> Chosen);
  void gatherEveryMember(const FieldDecl *Member, bool AsList, State &S,
                         unsigned Depth);
  void gatherStoredList(ObjectKey Key, const Expr *List, State &S,
                        unsigned Depth, StoredWrites Writes);
  const MemberPath *memberPath(ObjectRoot Root, const FieldDecl *Member) const;
  const VarDecl *heapHolder(const Expr *Made) const;
  void gatherHeldMember(const MemberExpr *Holding, const FieldDecl *Member,
                        bool AsList, State &S, unsigned Depth);
  const FunctionDecl *memberOwningMethod(const Expr *Base) const;
  void apply(const Recorded &Fact, State &S, unsigned Depth);
  void gatherHeaderList(const Expr *List, State &S, unsigned Depth);
  void settleUnseenCallers(State &S);
  bool gatherWalkedList(const Expr *Element, const Expr *Site, State &S,
                        unsigned Depth);
  void gatherAlgorithmOutput(const CallExpr *Inserter, State &S,
                             unsigned Depth);
  void addHeader(const Expr *Name, const Expr *Value, const Expr *Site,
                 State &S);
  void addHeaderPair(const Expr *Pair, const Expr *Site, State &S,
                     unsigned Depth);
  void addHeaderElement(const Expr *Element, const Expr *Site, State &S,
                        unsigned Depth);
  std::optional<bool> conditionForEntry(const Expr *Condition, const Expr *Key,
                                        llvm::StringRef Name);
  std::optional<bool> addRunsForEntry(const Expr *Site, const Expr *Key,
                                      llvm::StringRef Name);
  bool addHeaderName(const TracedString &Text, const Expr *Value,
                     const Expr *Site, State &S, bool Certain,
                     bool NoteCompany = true, const Expr *Shown = nullptr);
  bool hasEmptyValue(const Expr *Value);
  void addHeaderLine(const Expr *Line, const Expr *Site, State &S);
  void addHeaderLineText(const TracedValues &Lines, const Expr *Site, State &S,
                         bool Certain, const Expr *Shown);
  /// \p Shown is where the note points, when not at \p Site (an entry of
  /// a header map read at \p Site).
  void noteCompanyHeader(const Expr *Site, bool EmptyValue, State &S,
                         bool Certain = true, const Expr *Shown = nullptr);
  bool createsRequest(const CallExpr *Call) const;
  void recordAssignment(const Expr *Site);
  void noteAddsAtCalls(const FunctionDecl *Adds, const Stmt *Site,
                       const Expr *Shown, State &S);
  bool addedUnlessFailed(const FunctionDecl *Adds, const Stmt *Site,
                         const State &S);
  bool requestMayFollow(const FunctionDecl *Function, const CallExpr *From,
                        Dominance::Decider Decide, const Stmt *Outermost,
                        unsigned Depth);
  void noteClears(llvm::ArrayRef<Recorded> KeyFacts, State &S);
  QualType clearedObjectType(const Recorded &Fact) const;
  bool clearedBefore(const Recorded &Fact, const State &S);
  void noteReset(const Stmt *Site, State &S,
                 const FieldDecl *OfObject = nullptr);
  bool madeAnewBeforeSend(const VarDecl *Var, const Stmt *Site, State &S);
  llvm::SmallVector<const Stmt *, 2>
  callsRunning(const FunctionDecl *From, const Stmt *Site, bool ThisOnly);
  struct PathEvents {
    llvm::SmallVector<const Stmt *, 4> Adds, Resets;
  };
  PathEvents eventsIn(const State &S, const FunctionDecl *Function,
                      bool WithResets);
  bool companyHeaderOnEveryPath(const State &S, bool WithResets = true);
  bool companyHeaderOnSomePath(const State &S);
  /// Adds and resets as a state machine's step in \p Function sees them;
  /// \p AllAdds also takes adds that may leave the header out.
  PathEvents stepEvents(const State &S, const FunctionDecl *Function,
                        bool WithResets, bool AllAdds);
  /// Whether the company header is on the request on entry to the state
  /// whose code holds \p Point (on every path when \p Must, else on some),
  /// when \p Function is a step of a state machine; \p AtStart is what
  /// holds when the machine starts.
  std::optional<bool> stateEntry(const State &S, const FunctionDecl *Function,
                                 const Stmt *Point, bool WithResets,
                                 bool AtStart, bool Must);
  StateMachines &machines();
  std::optional<std::pair<const Stmt *, bool>>
  companyHeaderDropped(const State &S);
  /// Whether an entry of a header container is in it at the send.
  enum class EntryPresence { Never, SomePaths, EveryPath };
  EntryPresence entryPresence(const StringTracer::TracedEntry &Entry,
                              const State &S);
  bool runsBeforeSend(const Expr *Site, const State &S);
  void settleStageAdds(State &S, const TracedValues &Urls);
  void settleHeader(const State &S, SentRequest &Request);
  void explain(const State &S, const Expr *Site, const llvm::Twine &What) const;
  void unknownHeader(State &S, const Expr *Site, const llvm::Twine &Why) const;
  void noteNearMiss(const TracedString &Text, llvm::StringRef Name,
                    const Expr *Site, State &S);
  std::string methodOf(const Expr *E);
  const ParmVarDecl *stageRequest(const Expr *Stage) const;
  const TracedValues *choose(const std::vector<Candidate> &Candidates,
                             const Expr *Send, const Expr **Site);
  SentRequest analyseSend(const Expr *Send,
                          llvm::ArrayRef<const CallExpr *> Calls);
  void applyDefaultMethod(State &S, llvm::StringRef Library);
  SourceLocation builtAt(llvm::ArrayRef<const CallExpr *> Calls);
  bool retriesWithNewRequest(const CallExpr *Call) const;
  const FunctionDecl *deferredLambdaHost(const Stmt *Inner);
  void analyseInContext(const Expr *Send,
                        llvm::SmallVectorImpl<const CallExpr *> &Calls,
                        std::vector<SentRequest> &Result);
  /// \p DispatchedElsewhere, when given, is lowered to the index of a call
  /// on the way that runs another function than the one inside it.
  bool reachesSend(const Expr *Send, llvm::ArrayRef<const CallExpr *> Calls,
                   bool ClassPinned = false,
                   size_t *DispatchedElsewhere = nullptr);
  bool throughElements(const Expr *Send,
                       llvm::SmallVectorImpl<const CallExpr *> &Calls,
                       llvm::ArrayRef<const ValueDecl *> Containers,
                       std::vector<SentRequest> &Result);
  bool splitByObject(const Expr *Send,
                     llvm::SmallVectorImpl<const CallExpr *> &Calls,
                     llvm::ArrayRef<SentRequest> Requests,
                     std::vector<SentRequest> &Result);
  bool pathSpelledIn(const SentRequest &Request,
                     llvm::ArrayRef<const CallExpr *> Calls) const;
  std::vector<SentRequest>
  withCallsBound(const Expr *Send, llvm::ArrayRef<const CallExpr *> Calls);
  std::vector<SentRequest> perClass(const Expr *Send,
                                    llvm::ArrayRef<const CallExpr *> Calls);
  std::vector<SentRequest> perRow(const Expr *Send,
                                  llvm::ArrayRef<const CallExpr *> Calls,
                                  SentRequest Mixed, const RecordDecl *Table);
  SentRequest analyseWrapper(const CallExpr *Call, const WrapperRule &Rule);
  ObjectKey objectKey(const Expr *E) const;
  const Expr *argument(const Expr *Site, int Index) const;
  bool optionMatches(const CallRule &Rule, const Expr *Site) const;
  const FunctionDecl *enclosingFunction(const Expr *E) const;
  ObjectKey initializedObject(const Expr *Construct) const;
  bool rowApplies(const CallRule &Rule, const Expr *Site) const;
  bool mentionsCompanyHeader(const FunctionDecl *Function, unsigned Depth);

  ASTContext &Context;
  StringTracer &Tracer;
  std::vector<WrapperRule> Wrappers;
  llvm::StringMap<std::vector<const CallRule *>> RulesByCallee;
  llvm::StringMap<std::vector<const TypedArgumentRule *>> TypedRules;
  llvm::DenseMap<ObjectKey, std::vector<Recorded>> Facts;
  llvm::DenseMap<ObjectKey, std::vector<Pass>> Passes;
  /// Objects handed to code the analysis cannot see into.
  llvm::DenseSet<ObjectKey> Opaque;
  mutable std::deque<MemberPath> Paths;
  mutable llvm::DenseMap<std::pair<ObjectRoot, const FieldDecl *>,
                         const MemberPath *>
      PathIndex;
  /// The local objects whose member each member path is.
  mutable llvm::DenseMap<const FieldDecl *, std::vector<const MemberPath *>>
      PathsOfMember;
  llvm::DenseMap<const FunctionDecl *, std::vector<const CallExpr *>> CallSites;
  /// Built on first use; the indexes stay put while others are added.
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<HolderIndex>> Holders;
  std::vector<std::pair<const Expr *, const CallRule *>> Sends;
  std::vector<std::pair<const CallExpr *, const WrapperRule *>> WrapperCalls;
  /// While going out through callers: the verdicts with fewer calls bound.
  std::vector<SentRequest> Unsettled;
  bool Explaining = false;
  bool UrlsPerCall = false;
  std::unique_ptr<StateMachines> Machines; ///< Found on first use.
};

/// \p Text with each unresolved piece shown as "<?>".
std::string readableText(llvm::StringRef Text);

/// The qualified name of \p D without template arguments or inline
/// namespaces: "std::map::emplace", "boost::beast::http::basic_fields::set".
std::string plainQualifiedName(const NamedDecl *D);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_REQUESTANALYSIS_H
