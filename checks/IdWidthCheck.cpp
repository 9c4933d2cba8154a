//===--- IdWidthCheck.cpp - procore-id-width ------------------------------===//
//
// Reads top to bottom as: what it matches (declarations, the flows of values
// between them, casts, conversions, format strings; IdFacts records them),
// what it proves (IdProof: which declarations hold Procore IDs, evidence
// then propagation along flows), what it reports and how it fixes
// (IdReporter).
//
//===----------------------------------------------------------------------===//

#include "IdWidthCheck.h"
#include "IdFacts.h"
#include "IdProof.h"
#include "IdReporter.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::procore {
namespace {

constexpr llvm::StringLiteral DeclBinding = "decl";
constexpr llvm::StringLiteral CallBinding = "call";
constexpr llvm::StringLiteral ConstructBinding = "construct";
constexpr llvm::StringLiteral UnresolvedConstructBinding = "unresolved";
constexpr llvm::StringLiteral AssignBinding = "assign";
constexpr llvm::StringLiteral CompareBinding = "compare";
constexpr llvm::StringLiteral CastBinding = "cast";
constexpr llvm::StringLiteral StaticAssertBinding = "staticAssert";
constexpr llvm::StringLiteral LiteralBinding = "literal";
constexpr llvm::StringLiteral RangeForBinding = "rangefor";
constexpr llvm::StringLiteral InitListBinding = "initlist";

} // namespace

IdWidthCheck::IdWidthCheck(StringRef Name, ClangTidyContext *Context)
    : ProcoreCheck(Name, Context), FlagLong(boolOption("FlagLong", true)),
      IdType(Options.get("IdType", "")),
      UnsignedIdType(Options.get("UnsignedIdType", "")),
      ExtraResourceNames(Options.get("ExtraResourceNames", "")),
      PrintfUsesLongLong(Options.get("PrintfFormat", "PRId64") == "lld"),
      Classifier(splitOptionList(ExtraResourceNames)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()),
      Settings(new idwidth::IdWidthSettings{FlagLong, Classifier, hosts(),
                                            wrappers()}) {
  llvm::StringRef Format = Options.get("PrintfFormat", "PRId64");
  if (Format != "PRId64" && Format != "lld")
    configurationDiag("invalid PrintfFormat '%0' for %1; use 'PRId64' or 'lld'")
        << Format << Name;
}

IdWidthCheck::~IdWidthCheck() = default;

void IdWidthCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  ProcoreCheck::storeOptions(Opts);
  Options.store(Opts, "FlagLong", FlagLong ? "true" : "false");
  Options.store(Opts, "IdType", IdType);
  Options.store(Opts, "UnsignedIdType", UnsignedIdType);
  Options.store(Opts, "ExtraResourceNames", ExtraResourceNames);
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
      cxxUnresolvedConstructExpr(InUserCode).bind(UnresolvedConstructBinding),
      this);
  Finder->addMatcher(
      binaryOperator(InUserCode, hasOperatorName("=")).bind(AssignBinding),
      this);
  Finder->addMatcher(binaryOperator(InUserCode, hasAnyOperatorName("==", "!="))
                         .bind(CompareBinding),
                     this);
  Finder->addMatcher(explicitCastExpr(InUserCode).bind(CastBinding), this);
  Finder->addMatcher(staticAssertDecl(InUserCode).bind(StaticAssertBinding),
                     this);
  Finder->addMatcher(stringLiteral(InUserCode).bind(LiteralBinding), this);
  Finder->addMatcher(cxxForRangeStmt(InUserCode).bind(RangeForBinding), this);
  Finder->addMatcher(initListExpr(InUserCode).bind(InitListBinding), this);
}

void IdWidthCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Seen) {
    beginUnit(*Result.Context);
    Seen = std::make_unique<idwidth::IdFacts>(*Result.Context, *Settings,
                                              *tracer());
  }
  idwidth::IdFacts &F = *Seen;
  const BoundNodes &Nodes = Result.Nodes;
  if (const auto *D = Nodes.getNodeAs<Decl>(DeclBinding))
    F.recordDeclaration(D);
  else if (const auto *Literal = Nodes.getNodeAs<StringLiteral>(LiteralBinding))
    F.recordLiteral(Literal);
  else if (const auto *Assign = Nodes.getNodeAs<BinaryOperator>(AssignBinding))
    F.recordAssignment(Assign);
  else if (const auto *Compare =
               Nodes.getNodeAs<BinaryOperator>(CompareBinding))
    F.recordComparison(Compare);
  else if (const auto *RangeFor =
               Nodes.getNodeAs<CXXForRangeStmt>(RangeForBinding))
    F.recordRangeFor(RangeFor);
  else if (const auto *List = Nodes.getNodeAs<InitListExpr>(InitListBinding))
    F.recordInitList(List);
  else if (const auto *Cast = Nodes.getNodeAs<ExplicitCastExpr>(CastBinding))
    F.recordCast(Cast);
  else if (const auto *Assert =
               Nodes.getNodeAs<StaticAssertDecl>(StaticAssertBinding))
    F.recordStaticAssert(Assert);
  else if (const auto *Call = Nodes.getNodeAs<CallExpr>(CallBinding))
    F.recordCall(Call);
  else if (const auto *Construct =
               Nodes.getNodeAs<CXXConstructExpr>(ConstructBinding))
    F.recordConstruction(Construct);
  else if (const auto *Unresolved = Nodes.getNodeAs<CXXUnresolvedConstructExpr>(
               UnresolvedConstructBinding))
    F.recordUnresolvedConstruction(Unresolved);
}

//===--- What it proves, what it reports ----------------------------------===//

void IdWidthCheck::onEndOfTranslationUnit() {
  if (!Seen)
    return;
  idwidth::IdFacts &F = *Seen;
  ASTContext &Context = F.Context;
  idwidth::IdProof Proof(F);
  Proof.prove();

  // The 64-bit types fixes write: the options', else Qt's where Qt's types
  // are visible (Qt's overloads take qint64, not long), else <cstdint>'s.
  const LangOptions &LangOpts = Context.getLangOpts();
  bool HasQtTypes =
      LangOpts.CPlusPlus && !Context.getTranslationUnitDecl()
                                 ->lookup(&Context.Idents.get("qint64"))
                                 .empty();
  idwidth::WideTypes Wide{HasQtTypes           ? "qint64"
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

  idwidth::IdReporter Reporter(*this, Inserter, F, Proof, Wide);
  for (const auto &[H, Why] : Proof.ids())
    if (!idwidth::isInSystemHeader(H.D))
      Reporter.reportDeclaration(H, Why);
  llvm::DenseSet<const Expr *> ReadByUnfixableFormats;
  for (const idwidth::FormatUse &Use : F.FormatUses)
    if (!Reporter.formatFixRange(Use))
      ReadByUnfixableFormats.insert(Use.Argument->IgnoreParenImpCasts());
  for (const ExplicitCastExpr *Cast : F.Casts)
    Reporter.reportCast(Cast, !ReadByUnfixableFormats.contains(Cast));
  llvm::DenseSet<const Expr *> ReadsIntoIds;
  for (const idwidth::Flow &Flow : F.Flows)
    if (Flow.From.E && Proof.isId(Flow.To))
      ReadsIntoIds.insert(Flow.From.E);
  for (const CallExpr *Call : F.NarrowCalls)
    Reporter.reportNarrowCall(Call, ReadsIntoIds.contains(Call));
  for (const idwidth::FormatUse &Use : F.FormatUses)
    Reporter.reportFormat(Use);
  for (const idwidth::LibrarySink &Sink : F.LibrarySinks)
    Reporter.reportLibrarySink(Sink);
  Seen.reset();
  endUnit();
}

} // namespace clang::tidy::procore
