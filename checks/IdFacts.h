//===--- IdFacts.h - what a translation unit shows about ID widths --------===//
//
// procore-id-width's first stage: while the matchers run, the values that
// may be IDs are gathered as facts (declarations named like IDs, flows of
// values between declarations, JSON reads, conversions, format strings,
// values sent in requests). IdProof decides from them which declarations
// hold Procore IDs; IdReporter says so.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_IDFACTS_H
#define MPR_LINT_CHECKS_IDFACTS_H

#include "analysis/StringTracer.h"
#include "analysis/WriteIndex.h"
#include "model/EndpointModel.h"
#include "model/IdNames.h"
#include "model/IdWidthModel.h"
#include "model/RequestModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::procore::idwidth {

/// The check's options, as the stages read them.
struct IdWidthSettings {
  bool FlagLong;
  const IdNameClassifier &Classifier;
  const HostTable &Hosts;
  const std::vector<WrapperRule> &Wrappers;
};

/// The class that \p D is the representation of, when that class is named
/// like an ID and wraps one integer (`class ProjectId { std::int64_t V; }`,
/// a strong typedef): its member, the parameter of a one-argument
/// constructor and the integer aliases it declares (`using Rep =
/// std::int32_t;`) hold what the class's name says.
const CXXRecordDecl *idWrapperOf(const Decl *D);

/// What holds a value: a declaration, or the keys of a map declaration (a
/// map from project ids to names holds IDs in its keys, not its elements).
struct Holder {
  const Decl *D = nullptr;
  bool Keys = false;
  bool operator==(const Holder &Other) const {
    return D == Other.D && Keys == Other.Keys;
  }
};

/// Where a value comes from, as far as its width is concerned.
struct ValueSource {
  enum Kind { None, Declaration, JsonRead, Conversion, BigLiteral } K = None;
  const Decl *D = nullptr; ///< Declaration: a variable, field or function.
  const Expr *E = nullptr; ///< The call or literal of the other kinds.
  bool Keys = false;       ///< Declaration: the keys of the map \c D.
  Holder holder() const { return {D, Keys}; }
};

/// A value moving from a source into a holder: an initializer, an
/// assignment, an argument, a return, an element or key added to a
/// container, a key looked up in one.
struct Flow {
  ValueSource From;
  Holder To;
  const Expr *Site;
  /// `pid != only_project`: compared, not stored; the values share a
  /// domain, and the reverse flow is recorded too.
  bool Compared = false;
};

/// Why a declaration holds a Procore ID.
struct Evidence {
  enum Kind {
    ResourceName, ///< Named after a Procore resource, in a Procore file.
    RecordName,   ///< The bare `id` of a record named after a Procore
                  ///< resource (`struct rfi_rec { uint64_t id; }`).
    JsonField,    ///< Read from a JSON field named like an ID.
    MapKey,       ///< Read from a string map under a key named like an ID.
    SentToProcore,
    ProcoreRecord,  ///< A member of a type filled from a Procore response.
    FromId,         ///< Receives another ID.
    IntoId,         ///< Is stored in another ID.
    ComparedWithId, ///< Is compared for equality with another ID.
    BigLiteral,     ///< Holds a literal above 32 bits.
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

} // namespace clang::tidy::procore::idwidth

template <> struct llvm::DenseMapInfo<clang::tidy::procore::idwidth::Holder> {
  using Holder = clang::tidy::procore::idwidth::Holder;
  using DeclInfo = DenseMapInfo<const clang::Decl *>;
  static Holder getEmptyKey() { return {DeclInfo::getEmptyKey()}; }
  static Holder getTombstoneKey() { return {DeclInfo::getTombstoneKey()}; }
  static unsigned getHashValue(const Holder &H) {
    return DeclInfo::getHashValue(H.D) * 2 + H.Keys;
  }
  static bool isEqual(const Holder &A, const Holder &B) { return A == B; }
};

namespace clang::tidy::procore::idwidth {

/// The function \p Param belongs to; none for a parameter of a function
/// type (void (*Callback)(int project_id)).
const FunctionDecl *ownerOf(const ParmVarDecl *Param);
/// The declaration every redeclaration of \p D shares, so that a parameter
/// of a header's prototype and of the definition are one node.
const Decl *nodeOf(const Decl *D);
/// The variable or field \p E names, if it is a plain reference to one.
const Decl *referencedDecl(const Expr *E);
const CXXRecordDecl *classOfMethod(const FunctionDecl *Function);
/// The NarrowCallRule a call follows, if any.
const NarrowCallRule *narrowCallRule(const CallExpr *Call);
/// A method call on a JSON value (nlohmann, rapidjson, jsoncpp, Qt, cpprest),
/// including nlohmann's implicit conversions.
bool isJsonValueCall(const CallExpr *Call);
bool isInSystemHeader(const Decl *D);
/// Strips what stripValueWrappers strips, and also what carries a value
/// unchanged in width terms: any explicit cast, a converting constructor,
/// and '&' (sscanf(s, "%d", &id)).
const Expr *stripCarriers(const Expr *E);
/// Whether \p D is a member of a template instance, whose written type is
/// the template's (void put(const T &)), not the instance's.
bool isTemplateInstance(const Decl *D);
/// Whether \p D belongs to an instance of a function template whose
/// declaration writes its type with a template parameter (`T parse_id(...)`,
/// `make_unique(Args &&...)`): the instance's type is what a call gave the
/// parameter (an int64_t that is 'long' on Linux, deduced or written), to be
/// judged at that call, not in the instance. A member of a class template
/// (`Box<int>::put(const T &)`) takes its type from where the class is named.
bool typeComesFromTemplateArgument(const Decl *D);
/// The type of the value \p D holds: a function's is what it returns.
QualType valueTypeOf(const Decl *D);
/// Whether a value stored in \p D can make it an ID: a number or a
/// container of numbers the user wrote, not a bool (IsInt()) or a string.
bool isFlowTarget(const Decl *D);
/// The container or array \p E is an element of: ids[0], names_by_id[id].
const Decl *indexedContainer(const Expr *E);
/// Where the value of \p E comes from.
ValueSource sourceOf(const Expr *E);
/// The range a range-for loop variable walks, as written.
const Expr *walkedRange(const VarDecl *LoopVariable);
/// The keys (`first`) or values (`second`) of the map whose entry \p E
/// reads: `Entry.second` of a range-for over the map, `It->first` of an
/// iterator from its find() or begin(), a structured binding `[Code, Id]`.
std::optional<Holder> mapEntryPart(const Expr *E);
/// What the value \p E reads is held in: a variable or member, or the keys
/// or values of a map whose entry it reads.
std::optional<Holder> readHolder(const Expr *E);
/// The rule of the container \p Type is (std::vector, QList, ...), if any.
const ContainerRule *findContainerOf(QualType Type);
bool isContainer(QualType Type);
/// Whether \p Type is an iterator of a library container.
bool isIterator(QualType Type);
/// The receiver of a JSON read, for finding the key it reads.
const Expr *jsonReceiver(const CallExpr *Call);
/// The key argument of j["key"], j.at("key"), obj.value("key"), if \p E is
/// such an access.
const Expr *keyArgument(const Expr *E);

/// Whether \p Text shows a Procore API call: a Procore host, a REST or
/// vapid path, or the company header.
bool isProcoreApiText(llvm::StringRef Text, const HostTable &Hosts);

/// What the translation unit showed, gathered while matching.
struct IdFacts {
  IdFacts(ASTContext &Context, const IdWidthSettings &Settings,
          StringTracer &Tracer)
      : Context(Context), Settings(Settings), Tracer(Tracer) {}

  /// What each matched node shows.
  void recordDeclaration(const Decl *D);
  void recordLiteral(const StringLiteral *Literal);
  void recordAssignment(const BinaryOperator *Assign);
  void recordComparison(const BinaryOperator *Compare);
  void recordRangeFor(const CXXForRangeStmt *RangeFor);
  void recordInitList(const InitListExpr *List);
  void recordCast(const ExplicitCastExpr *Cast);
  void recordStaticAssert(const StaticAssertDecl *Assert);
  void recordCall(const CallExpr *Call);
  void recordConstruction(const CXXConstructExpr *Construct);
  void
  recordUnresolvedConstruction(const CXXUnresolvedConstructExpr *Construct);

  ASTContext &Context;
  const IdWidthSettings &Settings;
  StringTracer &Tracer;
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
  /// Records whose layout a static_assert pins (`sizeof(Frame) == 56`,
  /// `offsetof(Frame, body)`): a wire or disk format widening breaks.
  llvm::MapVector<const RecordDecl *, const StaticAssertDecl *> PinnedLayouts;
  /// The static_assert that pins \p Record's layout, or that of a record
  /// holding it as a member (in place, in an array or a union); null
  /// otherwise.
  const StaticAssertDecl *layoutPin(const RecordDecl *Record);
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
  void addPathValues(const CallExpr *Call);

  /// Records that \p Value is stored in \p To (in its keys, for \p Keys),
  /// if it comes from somewhere the proof follows.
  void addFlow(const Expr *Value, const Decl *To, bool Keys = false);

  /// The flows of a container operation. Stored: `ids << id`, push_back,
  /// insert, emplace, `names[id]` (a key). Looked up: count, find,
  /// contains, std::find over its range; what is looked up in a container
  /// is of the kind it holds, so an ID looked up in a map makes its keys IDs.
  void addContainerFlows(const CallExpr *Call);
  void addAlgorithmFlows(const CallExpr *Call);

  /// Walks a function body top-down: its returns flow into \p Function,
  /// and each full expression is scanned for IDs sent to Procore. Top-down,
  /// so that no parent map of the whole translation unit is built.
  void scanBody(const Stmt *S, const FunctionDecl *Function);

  /// If \p Root uses an ID-named variable or member and is built from
  /// text, remembers the texts, to judge at the end whether it is a request.
  void scanFullExpression(const Expr *Root);

  void collectUses(const Stmt *S, std::vector<const Expr *> &IdUses,
                   std::vector<const Expr *> &TextReads,
                   std::vector<std::string> &Texts);

  const IdName *idName(const Decl *D);

  /// The JSON key whose value a conversion reads from text searched by
  /// hand: `atoi(p + 5)` after `p = strstr(body, "\"id\":")`,
  /// `std::stoll(body.substr(at + 5))` after `at = body.find("\"id\":")`;
  /// or the key of a string map it reads: `std::stoul(Event.at("id"))`.
  struct ReadKey {
    std::string Name;
    bool OfMap = false; ///< A map's key, not JSON text searched by hand.
  };
  std::optional<ReadKey> searchedJsonKey(const CallExpr *Conversion);
  /// The key of the JSON text whose value \p At reads, following helpers
  /// of the program at most \p Calls deep (`json_int(Obj, "vendor_id")`).
  std::optional<ReadKey> searchedKeyOf(const Expr *At, unsigned Calls);
  std::optional<ReadKey> searchedKeyReturned(const CallExpr *Call,
                                             const FunctionDecl *Helper,
                                             unsigned Calls);

private:
  void recordNarrowRead(const CallExpr *Call, const FunctionDecl *Callee);
  void recordFormatUses(const CallExpr *Call, const FunctionDecl *Callee);
  void recordArguments(const FunctionDecl *Callee,
                       llvm::ArrayRef<const Expr *> Args);
};

} // namespace clang::tidy::procore::idwidth

#endif // MPR_LINT_CHECKS_IDFACTS_H
