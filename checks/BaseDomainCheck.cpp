//===--- BaseDomainCheck.cpp - procore-base-domain ------------------------===//

#include "BaseDomainCheck.h"
#include "analysis/WriteIndex.h"
#include "model/FormatFunctions.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::procore {

namespace {
// Where a URL is assembled from pieces; each is traced as a whole so a base
// URL meets the path that is appended to it.
constexpr llvm::StringLiteral ComposeBinding = "compose";
constexpr llvm::StringLiteral LiteralBinding = "literal";
constexpr llvm::StringLiteral RequestCallBinding = "request-call";
constexpr llvm::StringLiteral ConstructBinding = "construct";

constexpr unsigned MaxUseNotes = 3;
} // namespace

BaseDomainCheck::BaseDomainCheck(StringRef Name, ClangTidyContext *Context)
    : ProcoreCheck(Name, Context) {}

//===--- What it matches --------------------------------------------------===//

void BaseDomainCheck::registerMatchers(MatchFinder *Finder) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder->addMatcher(stringLiteral(InUserCode).bind(LiteralBinding), this);
  Finder->addMatcher(
      cxxOperatorCallExpr(hasAnyOverloadedOperatorName("+", "+=", "<<"),
                          InUserCode)
          .bind(ComposeBinding),
      this);
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("append", "arg"))),
                        InUserCode)
          .bind(ComposeBinding),
      this);
  Finder->addMatcher(callExpr(InUserCode).bind(RequestCallBinding), this);
  Finder->addMatcher(cxxConstructExpr(InUserCode).bind(ConstructBinding), this);
}

void BaseDomainCheck::check(const MatchFinder::MatchResult &Result) {
  SM = Result.SourceManager;
  LangOpts = &Result.Context->getLangOpts();
  // Requests join a client's base or host to the path sent through it.
  beginUnit(*Result.Context);
  RequestAnalysis *Requests = requests();
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>(RequestCallBinding)) {
    Requests->record(Call);
    recordFormatted(Call);
    return;
  }
  if (const auto *Construct =
          Result.Nodes.getNodeAs<CXXConstructExpr>(ConstructBinding)) {
    Requests->record(Construct);
    return;
  }
  if (const auto *Literal =
          Result.Nodes.getNodeAs<StringLiteral>(LiteralBinding)) {
    recordHosts(TracedString::literal(Literal), Literal->getBeginLoc(),
                /*FromLiteralAlone=*/true);
    return;
  }
  if (const auto *Compose = Result.Nodes.getNodeAs<Expr>(ComposeBinding)) {
    Composed.push_back(Compose);
    return;
  }
}

// `std::cerr << Method << " " << Base << Path`: a line for a person to
// read. It joins a host to a path but sends nothing, so what it joins
// counts only for a host no request uses.
bool BaseDomainCheck::writesToConsole(const Expr *Compose) {
  const Expr *Stream = Compose;
  for (int Guard = 0; Guard < 64; ++Guard) {
    const auto *Shift = dyn_cast<CXXOperatorCallExpr>(Stream->IgnoreImplicit());
    if (!Shift || Shift->getOperator() != OO_LessLess ||
        Shift->getNumArgs() != 2)
      break;
    Stream = Shift->getArg(0);
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Stream->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isInStdNamespace() && Var->getIdentifier() &&
         llvm::is_contained({"cout", "cerr", "clog", "wcout", "wcerr", "wclog"},
                            Var->getName());
}

// fmt::format and std::format join like '+'; sprintf and its relatives
// write their format, filled in, into a buffer.
void BaseDomainCheck::recordFormatted(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return;
  if (isFormatFunction(Callee)) {
    Composed.push_back(Call);
    return;
  }
  const FormatFunction *Printf =
      Callee->getIdentifier() ? findFormatFunction(Callee->getName()) : nullptr;
  unsigned FormatIndex = Printf ? Printf->FormatArgument : 0;
  if (!Printf || !Printf->WritesBuffer || Call->getNumArgs() <= FormatIndex)
    return;
  std::vector<const Expr *> Args(Call->arg_begin() + FormatIndex + 1,
                                 Call->arg_end());
  for (const TracedString &Text : tracer()->format(
           Call->getArg(FormatIndex), Args, StringTracer::FormatStyle::Printf))
    recordHosts(Text, Call->getBeginLoc(), false);
}

void BaseDomainCheck::recordHosts(const TracedString &Text, SourceLocation Use,
                                  bool FromLiteralAlone, bool Fallback) {
  for (const UrlOccurrence &Url : findProcoreUrls(Text.text(), hosts())) {
    std::optional<TracedString::Origin> Origin =
        Text.originOf(Url.HostBegin, Url.HostEnd);
    if (!Origin)
      continue;
    SourceLocation Spelled =
        locationOfUnit(Origin->Literal, Origin->FirstUnit, *SM, *LangOpts);
    if (Spelled.isInvalid() || SM->isInSystemHeader(Spelled))
      continue;
    HostSite &Site = Sites[Spelled];
    if (!Site.Literal) {
      Site.Literal = Origin->Literal;
      Site.FirstUnit = Origin->FirstUnit;
      Site.SpelledHost =
          Text.text().substr(Url.HostBegin, Url.HostEnd - Url.HostBegin);
      Site.Host = Url.Host;
      Site.Location = Spelled;
    }
    if (Url.Follower != HostFollower::Path || Url.Kind == EndpointKind::None)
      continue;
    // "https://app.procore.com/rest/..." spells host and path in one token;
    // PROCORE_BASE "/rest/..." joins a macro's base to a path at the use.
    size_t HostLength = Url.HostEnd - Url.HostBegin;
    bool PathInSameToken =
        FromLiteralAlone &&
        spellingOfUnits(Origin->Literal, Origin->FirstUnit + HostLength - 1,
                        Origin->FirstUnit + HostLength + 1, *SM, *LangOpts);
    Site.SpelledWithPath |= PathInSameToken;
    auto &Into = Fallback ? Site.FallbackUses : Site.Uses;
    if (Into.size() < 64)
      Into.emplace_back(Url.Kind, writtenLocation(Use, *SM));
  }
}

// Text joined from a function's parameters is read once per call of the
// function, out through its callers while it still depends on them: read
// with the parameters unknown, `Host + Path` would join every host the code
// has to every path.
void BaseDomainCheck::recordComposed(
    const Expr *Compose, llvm::SmallVectorImpl<const CallExpr *> &Calls) {
  constexpr size_t MaxCallers = 8, MaxDepth = 3;
  constexpr size_t MaxClasses = 16;
  std::vector<TracedString> Texts;
  const FunctionDecl *Outermost = nullptr;
  {
    StringTracer::ChainScope Bound(*tracer(), Compose, Calls);
    Outermost = tracer()->dominance().enclosingFunction(
        Calls.empty() ? Compose : Calls.back());
    tracer()->clearUnboundReads();
    tracer()->clearOpenDispatch();
    llvm::append_range(Texts, tracer()->traceRowByRow(Compose));
    // Joined by virtual calls of an object whose class is open: each
    // class joins its own pieces (`baseUrl() + path()`).
    std::optional<StringTracer::OpenDispatch> Open = tracer()->openDispatch();
    if (Open && !Open->Classes.empty() && Open->Classes.size() <= MaxClasses) {
      Texts.clear();
      for (const CXXRecordDecl *Class : Open->Classes) {
        StringTracer::ClassScope Pinned(*tracer(), Open->Root, Class);
        llvm::append_range(Texts, tracer()->traceRowByRow(Compose));
      }
    }
  }
  llvm::ArrayRef<const CallExpr *> Callers =
      Outermost ? requests()->callSitesOf(Outermost)
                : llvm::ArrayRef<const CallExpr *>();
  bool ReadsCallers = Outermost && tracer()->readUnboundParameterOf(Outermost);
  bool GoesOut = ReadsCallers && !Callers.empty() &&
                 Callers.size() <= MaxCallers && Calls.size() < MaxDepth &&
                 !tracer()->writes().addressTaken(Outermost);
  // Read with the parameters unknown (here, or where the chain of calls
  // stops), the text is what the function may join under any arguments,
  // every host with every path: the uses of a host no call reaches.
  if (!GoesOut || Calls.empty())
    for (const TracedString &Text : Texts)
      recordHosts(Text, Compose->getBeginLoc(), false,
                  /*Fallback=*/ReadsCallers || writesToConsole(Compose));
  if (!GoesOut)
    return;
  for (const CallExpr *Caller : Callers) {
    // Recursion: a function already on the way out is not entered again.
    const FunctionDecl *Calling =
        tracer()->dominance().enclosingFunction(Caller);
    if (llvm::any_of(Calls, [&](const CallExpr *Call) {
          return tracer()->dominance().enclosingFunction(Call) == Calling;
        }))
      continue;
    Calls.push_back(Caller);
    recordComposed(Compose, Calls);
    Calls.pop_back();
  }
}

void BaseDomainCheck::onEndOfTranslationUnit() {
  if (tracer())
    for (const Expr *Compose : Composed) {
      llvm::SmallVector<const CallExpr *, 4> Calls;
      recordComposed(Compose, Calls);
    }
  Composed.clear();
  if (requests())
    for (const SendJudgements &Send :
         requests()->requests(/*JudgeHelpersAlone=*/false,
                              /*UrlsPerCall=*/true)) {
      // A request read from every object's members (its callers unknown)
      // joins every host to every path: those uses count only for hosts
      // no better-known request uses.
      if (Send.AloneRuns && !Send.Alone.SplitByClass)
        for (const TracedString &Url : Send.Alone.Urls)
          recordHosts(Url, Send.Alone.Send->getBeginLoc(), false,
                      /*Fallback=*/Send.Alone.UrlMixesObjects);
      for (const SentRequest &Request : Send.PerCall)
        for (const TracedString &Url : Request.Urls)
          recordHosts(Url, Request.Send->getBeginLoc(), false,
                      /*Fallback=*/Request.UrlMixesObjects);
    }
  for (const auto &Entry : Sites)
    reportSite(Entry.second);
  Sites.clear();
  endUnit();
}

//===--- What it reports, how it fixes ------------------------------------===//

// The whole host, written in lower case: a review shows 'app.procore.com'
// becoming 'api.procore.com', not one letter. A host split over literals
// ("https://app." "procore.com") keeps the labels both names end in and
// replaces those before them, when they lie in one literal.
void BaseDomainCheck::addHostFix(DiagnosticBuilder &Diag, const HostSite &Site,
                                 StringRef Required) {
  StringRef Spelled = Site.SpelledHost;
  if (std::optional<CharSourceRange> Range =
          spellingOfUnits(Site.Literal, Site.FirstUnit,
                          Site.FirstUnit + Spelled.size(), *SM, *LangOpts)) {
    Diag << FixItHint::CreateReplacement(*Range, Required);
    return;
  }
  size_t Shared = 0;
  while (Shared < Spelled.size() && Shared < Required.size() &&
         llvm::toLower(Spelled[Spelled.size() - 1 - Shared]) ==
             Required[Required.size() - 1 - Shared])
    ++Shared;
  while (Shared > 0 && Shared < Spelled.size() &&
         Spelled[Spelled.size() - Shared] != '.')
    --Shared;
  size_t End = Site.FirstUnit + Spelled.size() - Shared;
  std::optional<CharSourceRange> Range =
      spellingOfUnits(Site.Literal, Site.FirstUnit, End, *SM, *LangOpts);
  if (!Range)
    return;
  StringRef Replacement = Required.drop_back(Shared);
  if (End == Site.FirstUnit)
    Diag << FixItHint::CreateInsertion(Range->getBegin(), Replacement);
  else
    Diag << FixItHint::CreateReplacement(*Range, Replacement);
}

void BaseDomainCheck::reportSite(const HostSite &Site) {
  const auto &Uses = Site.Uses.empty() ? Site.FallbackUses : Site.Uses;
  bool UsedForOAuth = false, UsedForApi = false;
  for (const auto &[Kind, Loc] : Uses) {
    UsedForOAuth |= Kind == EndpointKind::OAuth;
    UsedForApi |= Kind == EndpointKind::RestApi;
  }
  StringRef Host = Site.Host->Name;
  StringRef LoginHost = requiredHost(Site.Host->Env, EndpointKind::OAuth);
  StringRef ApiHost = requiredHost(Site.Host->Env, EndpointKind::RestApi);
  bool WrongForOAuth = UsedForOAuth && LoginHost != Host;
  bool WrongForApi = UsedForApi && ApiHost != Host;
  if (!WrongForOAuth && !WrongForApi)
    return;

  // Point at the uses, except the literal itself; a macro or constant
  // defined in a header is then shown with its uses in the main file. A
  // use inside a library's own code (Qt's operator+ joining two strings)
  // is not one the user can act on: its caller is noted already.
  auto IsNotNoted = [&](SourceLocation Use) {
    return SM->isInSystemHeader(SM->getExpansionLoc(Use)) ||
           (SM->getFileID(Use) == SM->getFileID(Site.Location) &&
            SM->getSpellingLineNumber(Use) ==
                SM->getSpellingLineNumber(Site.Location));
  };
  auto NoteUses = [&](EndpointKind Wanted) {
    unsigned Notes = 0;
    llvm::SmallPtrSet<const void *, 8> Seen;
    for (const auto &[Kind, Loc] : Uses) {
      if (Kind != Wanted || IsNotNoted(Loc) ||
          !Seen.insert(Loc.getPtrEncoding()).second || Notes++ == MaxUseNotes)
        continue;
      diag(Loc, "used for %select{an OAuth|a REST API}0 endpoint here",
           DiagnosticIDs::Note)
          << (Kind == EndpointKind::RestApi);
    }
  };

  if (UsedForOAuth && UsedForApi) {
    diag(Site.Location,
         "base URL on %0 '%1' is used for both OAuth and REST API endpoints; "
         "MPR requires '%2' for OAuth and '%3' for the REST API: use two "
         "base URLs")
        << describeRole(Site.Host->Role) << Host << LoginHost << ApiHost;
    NoteUses(EndpointKind::OAuth);
    NoteUses(EndpointKind::RestApi);
    return;
  }

  EndpointKind Kind =
      UsedForOAuth ? EndpointKind::OAuth : EndpointKind::RestApi;
  StringRef Required = UsedForOAuth ? LoginHost : ApiHost;
  {
    auto Diag = diag(Site.Location, Site.SpelledWithPath
                                        ? "%0 on %1 '%2'; MPR requires '%3'"
                                        : "base URL for %0s on %1 '%2'; MPR "
                                          "requires '%3'");
    Diag << describeEndpoint(Kind) << describeRole(Site.Host->Role) << Host
         << Required;
    addHostFix(Diag, Site, Required);
  }
  NoteUses(Kind);
}

} // namespace clang::tidy::procore
