//===--- CompanyHeaderCheck.cpp - procore-company-header ------------------===//

#include "CompanyHeaderCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

using namespace clang::ast_matchers;

namespace clang::tidy::procore {

namespace {
constexpr llvm::StringLiteral CallBinding = "call";
constexpr llvm::StringLiteral ConstructBinding = "construct";
constexpr llvm::StringLiteral LiteralBinding = "literal";
} // namespace

CompanyHeaderCheck::CompanyHeaderCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ProcoreCheck(Name, Context),
      ServiceAccount(boolOption("ServiceAccount", false)),
      ReportConditionalHeaders(boolOption("ReportConditionalHeaders", true)),
      Explain(Options.get("Explain", "")) {}

void CompanyHeaderCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  ProcoreCheck::storeOptions(Opts);
  Options.store(Opts, "ServiceAccount", ServiceAccount ? "true" : "false");
  Options.store(Opts, "ReportConditionalHeaders",
                ReportConditionalHeaders ? "true" : "false");
  Options.store(Opts, "Explain", Explain);
}

//===--- What it matches --------------------------------------------------===//

// Every call and construction of user code goes to the request analysis,
// which keeps those its library rows describe.
void CompanyHeaderCheck::registerMatchers(MatchFinder *Finder) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder->addMatcher(callExpr(InUserCode).bind(CallBinding), this);
  Finder->addMatcher(cxxConstructExpr(InUserCode).bind(ConstructBinding), this);
  Finder->addMatcher(stringLiteral(InUserCode).bind(LiteralBinding), this);
}

void CompanyHeaderCheck::check(const MatchFinder::MatchResult &Result) {
  if (!requests()) {
    Context = Result.Context;
    beginUnit(*Result.Context);
    if (!Explain.empty())
      requests()->explainRequests();
  }
  if (const auto *Literal =
          Result.Nodes.getNodeAs<StringLiteral>(LiteralBinding)) {
    // `QStringLiteral("https://api.procore.com")` is a UTF-16 literal.
    if (!MentionsProcoreHost)
      MentionsProcoreHost =
          !findProcoreUrls(literalText(Literal), hosts()).empty();
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>(CallBinding))
    requests()->record(Call);
  else if (const auto *Construct =
               Result.Nodes.getNodeAs<CXXConstructExpr>(ConstructBinding))
    requests()->record(Construct);
}

//===--- What it proves ---------------------------------------------------===//

// Whether two judgements of one send say the same to the user.
static bool sameVerdict(const SentRequest &A,
                        const CompanyHeaderCheck::Verdict &VA,
                        const SentRequest &B,
                        const CompanyHeaderCheck::Verdict &VB) {
  if (!VA.Call || !VB.Call)
    return !VA.Call && !VB.Call;
  return VA.Call->Path == VB.Call->Path && A.Header == B.Header &&
         A.NearMissName == B.NearMissName;
}

// Whether a chain's arguments leave the headers as the helper alone has them.
static bool headersAsAlone(const SentRequest &Request,
                           const SentRequest &Alone) {
  return Request.Header == Alone.Header &&
         Request.NearMissName == Alone.NearMissName &&
         Request.HeaderSite == Alone.HeaderSite;
}

// The innermost call of the chain whose arguments already make \p Call
// (every URL they leave goes to its path), past those whose headers were
// every object's (a header some other object has is no header of this one).
SourceLocation CompanyHeaderCheck::callGivingUrl(const SentRequest &Request,
                                                 const ApiCall &Call) const {
  for (const SentRequest &Fewer : Request.WithFewerCalls) {
    std::optional<ApiCall> Made = procoreApiCall(Fewer);
    std::optional<std::string> First =
        Fewer.Urls.empty() ? std::nullopt : restPath(Fewer.Urls.front());
    bool OnePath =
        First && llvm::all_of(Fewer.Urls, [&](const TracedString &U) {
          return restPath(U) == First;
        });
    if (Made && Made->Path == Call.Path && OnePath &&
        !(Fewer.MixesObjects && Fewer.Header == HeaderState::Present))
      return Fewer.BuiltAt;
  }
  return Request.BuiltAt;
}

// A helper that sends what its callers build is judged per chain of calls
// into it. When every chain gets the verdict the send gets on its own, the
// request is the helper's: one finding at the send, fixed there. Otherwise
// a chain's finding stays at the send when the helper alone decides its
// headers the same way, and goes to a call when the chain's arguments
// decide them: the innermost call that already gives the request its URL.
void CompanyHeaderCheck::onEndOfTranslationUnit() {
  if (requests())
    for (const SendJudgements &Send : requests()->requests()) {
      if (!Send.AloneRuns && Send.PerCall.empty())
        continue; // No caller reaches it.
      Verdict Alone = judge(Send.Alone);
      std::vector<Verdict> PerCall;
      bool JudgedAtSend = true;
      for (const SentRequest &Request : Send.PerCall) {
        PerCall.push_back(judge(Request));
        JudgedAtSend &= sameVerdict(Request, PerCall.back(), Send.Alone, Alone);
      }

      // A verdict that mixes the classes an object may be stands only when
      // each class gets it.
      if (JudgedAtSend || (Send.AloneRuns && !Send.Alone.SplitByClass)) {
        if (Alone.Call)
          report(Send.Alone, *Alone.Call, SourceLocation());
        explainRequest(Send.Alone, Alone.Why);
      } else {
        explainRequest(Send.Alone, "judged per call: the callers decide");
      }
      for (size_t I = 0; I < PerCall.size(); ++I) {
        const SentRequest &Request = Send.PerCall[I];
        if (JudgedAtSend) {
          explainRequest(Request,
                         ("judged at the send: every call gets its verdict, " +
                          PerCall[I].Why)
                             .str());
          continue;
        }
        // The overrides of a class decide its request, at the send.
        if (PerCall[I].Call)
          report(Request, *PerCall[I].Call,
                 headersAsAlone(Request, Send.Alone) || Request.AsClass ||
                         Request.AsRow
                     ? SourceLocation()
                     : callGivingUrl(Request, *PerCall[I].Call));
        explainRequest(Request, PerCall[I].Why);
      }
    }
  endUnit();
  FixedAt.clear();
  MentionsProcoreHost = false;
}

// `cli.Get(Path, {{"Authorization", ...}})`: the overload called already
// takes a header list, so another one inserted after the path would pick
// a different overload, or none.
static bool takesHeaderList(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  return llvm::any_of(
      Callee->parameters().drop_front(), [](const ParmVarDecl *Param) {
        const auto *Alias =
            Param->getType().getNonReferenceType()->getAs<TypedefType>();
        return Alias && Alias->getDecl()->getName() == "Headers";
      });
}

// The REST path of a URL on a Procore host.
static std::optional<std::string> apiPathOnProcoreHost(llvm::StringRef Url,
                                                       const HostTable &Hosts) {
  for (const UrlOccurrence &Occurrence : findProcoreUrls(Url, Hosts))
    if (Occurrence.Follower == HostFollower::Path &&
        Occurrence.Kind == EndpointKind::RestApi)
      return Occurrence.Path;
  return std::nullopt;
}

// The REST path of a URL whose base the translation unit cannot resolve
// (read from a file, a parameter nobody in the file passes): nothing but a
// scheme and unknown text before "/rest/v…" or "/vapid/".
static std::optional<std::string> apiPathOnUnknownHost(llvm::StringRef Url) {
  size_t PathBegin = std::min(Url.find("/rest/v"), Url.find("/vapid/"));
  if (PathBegin == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Base = Url.take_front(PathBegin);
  if (!Base.consume_front("https://"))
    Base.consume_front("http://");
  if (Base.empty() ||
      Base.find_first_not_of(UnknownText) != llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Path = Url.drop_front(PathBegin).take_until(
      [](char C) { return C == UnknownText; });
  if (classifyPath(Path) != EndpointKind::RestApi)
    return std::nullopt;
  return Path.str();
}

// The REST path a URL goes to: on a Procore host, or, when the translation
// unit spells one, on a base it cannot resolve.
std::optional<std::string>
CompanyHeaderCheck::restPath(const TracedString &Url) const {
  std::optional<std::string> Path = apiPathOnProcoreHost(Url.text(), hosts());
  if (!Path && MentionsProcoreHost)
    Path = apiPathOnUnknownHost(Url.text());
  return Path;
}

// The REST call the request may make that needs the header: the first of
// its URLs that goes to the Procore API and is not exempt. A URL with an
// unresolved base counts when its path is a Procore REST path and the
// translation unit spells a Procore host.
std::optional<CompanyHeaderCheck::ApiCall>
CompanyHeaderCheck::procoreApiCall(const SentRequest &Request) const {
  // An unknown method on an exempt path gets the benefit of the doubt.
  std::string Method = Request.Method.empty() ? "GET" : Request.Method;
  for (const TracedString &Url : Request.Urls) {
    std::optional<std::string> Path = restPath(Url);
    if (!Path || isCompanyHeaderExempt(Method, *Path, ServiceAccount))
      continue;
    bool Truncated = Url.text().find(*Path + std::string(1, UnknownText)) !=
                     std::string::npos;
    return ApiCall{*Path + (Truncated ? "..." : "")};
  }
  return std::nullopt;
}

//===--- What it reports --------------------------------------------------===//

CompanyHeaderCheck::Verdict
CompanyHeaderCheck::judge(const SentRequest &Request) const {
  if (Request.Escapes)
    return {"not reported: the request object cannot be followed", {}};
  if (Request.Header == HeaderState::Present)
    return {"not reported: the header is sent", {}};
  if (Request.Header == HeaderState::Unknown)
    return {"not reported: headers may come from code the analysis cannot see",
            {}};
  if (Request.Header == HeaderState::Conditional && !ReportConditionalHeaders)
    return {"not reported: the header is sent on some paths "
            "(ReportConditionalHeaders is off)",
            {}};
  std::optional<ApiCall> Call = procoreApiCall(Request);
  if (!Call)
    return {"not reported: no URL is a Procore REST call that needs the header",
            {}};
  return {"reported", Call};
}

void CompanyHeaderCheck::report(const SentRequest &Request, const ApiCall &Call,
                                SourceLocation Caller) {
  const SourceManager &SM = Context->getSourceManager();
  SourceLocation Send = writtenLocation(Request.Send->getBeginLoc(), SM);
  bool AtCall = Caller.isValid();
  SourceLocation At = AtCall ? Caller : Send;
  bool NearMiss =
      Request.Header == HeaderState::Absent && !Request.NearMissName.empty();
  {
    auto Diag = [&] {
      switch (Request.Header) {
      case HeaderState::Empty:
        return diag(At, "Procore API request to '%0' sends an empty "
                        "'Procore-Company-Id' header");
      case HeaderState::Conditional:
        return diag(At, "Procore API request to '%0' sends the "
                        "'Procore-Company-Id' header on some paths only; "
                        "MPR requires it on every REST API call");
      default:
        if (NearMiss)
          return diag(At, "Procore API request to '%0' does not send the "
                          "'Procore-Company-Id' header; it sends '%1', "
                          "which Procore does not read");
        return diag(At, "Procore API request to '%0' does not send the "
                        "'Procore-Company-Id' header; MPR requires it on "
                        "every REST API call");
      }
    }();
    Diag << Call.Path;
    if (NearMiss)
      Diag << Request.NearMissName;
    // A send shared by callers or classes that differ is fixed by them.
    else if (Request.Header == HeaderState::Absent && !AtCall &&
             !Request.AsClass && !Request.AsRow &&
             Request.ResetSite.isInvalid())
      addFix(Diag, Request);
  }
  auto LineOf = [&](SourceLocation Loc) {
    return std::make_pair(SM.getFileID(Loc), SM.getSpellingLineNumber(Loc));
  };
  // A note on a line the finding or its "sent here" already shows says
  // nothing new.
  auto OnOtherLine = [&](SourceLocation Loc) {
    return Loc.isValid() && LineOf(Loc) != LineOf(At) &&
           LineOf(Loc) != LineOf(Send);
  };
  if (AtCall && LineOf(Send) != LineOf(At))
    diag(Send, "sent here", DiagnosticIDs::Note);
  if (Request.AsClass)
    diag(Request.AsClass->getLocation(), "for an object of class '%0'",
         DiagnosticIDs::Note)
        << Request.AsClass->getName();
  if (Request.AsRow)
    diag(Request.AsRow->getBeginLoc(), "for this row of the table",
         DiagnosticIDs::Note);
  if (!AtCall && OnOtherLine(Request.BuiltAt))
    diag(Request.BuiltAt, "request built here", DiagnosticIDs::Note);
  // At a call, the call shows where the URL comes from.
  if (!AtCall && OnOtherLine(Request.UrlSite))
    diag(Request.UrlSite, "URL set here", DiagnosticIDs::Note);
  if (Request.Header == HeaderState::Empty && OnOtherLine(Request.HeaderSite))
    diag(Request.HeaderSite, "header set here", DiagnosticIDs::Note);
  if (Request.ResetSite.isValid()) {
    diag(Request.HeaderSite, "added here", DiagnosticIDs::Note);
    diag(Request.ResetSite,
         Request.Header == HeaderState::Conditional
             ? "the headers are replaced here on some paths to the send"
             : "the headers are replaced here before the send",
         DiagnosticIDs::Note);
  } else if (Request.Header == HeaderState::Conditional) {
    diag(Request.HeaderSite, "added here, but not on every path to the send",
         DiagnosticIDs::Note);
  }
  // Where a state machine leads to the send past the steps that add it.
  if (Request.StateEntrySite.isValid() &&
      (Request.Header == HeaderState::Conditional ||
       Request.ResetSite.isValid()))
    diag(Request.StateEntrySite, "state '%0' is entered here without it",
         DiagnosticIDs::Note)
        << Request.EnteredState;
  if (NearMiss)
    diag(Request.NearMissSite, "did you mean 'Procore-Company-Id'?",
         DiagnosticIDs::Note);
}

// "file.cpp:LINE" in the Explain option names a send, or a call of a helper
// that sends; the file matches by its last path components.
bool CompanyHeaderCheck::explains(SourceLocation Loc) const {
  if (Loc.isInvalid())
    return false;
  auto [File, LineText] = llvm::StringRef(Explain).rsplit(':');
  unsigned Line = 0;
  if (LineText.getAsInteger(10, Line))
    return false;
  const SourceManager &SM = Context->getSourceManager();
  PresumedLoc Presumed = SM.getPresumedLoc(SM.getSpellingLoc(Loc));
  if (!Presumed.isValid() || Presumed.getLine() != Line)
    return false;
  llvm::StringRef Name = Presumed.getFilename();
  return Name == File || Name.ends_with("/" + File.str());
}

std::string CompanyHeaderCheck::place(SourceLocation Loc) const {
  if (Loc.isInvalid())
    return "  ";
  const SourceManager &SM = Context->getSourceManager();
  PresumedLoc Presumed = SM.getPresumedLoc(SM.getSpellingLoc(Loc));
  return (llvm::sys::path::filename(Presumed.getFilename()) + ":" +
          llvm::Twine(Presumed.getLine()) + ": ")
      .str();
}

void CompanyHeaderCheck::explainRequest(const SentRequest &Request,
                                        llvm::StringRef Verdict) const {
  if (Explain.empty() || !Request.Send)
    return;
  if (!explains(Request.Send->getBeginLoc()) && !explains(Request.BuiltAt) &&
      llvm::none_of(Request.WithFewerCalls, [&](const SentRequest &Fewer) {
        return explains(Fewer.BuiltAt);
      }))
    return;
  llvm::raw_ostream &OS = llvm::errs();
  OS << place(Request.Send->getBeginLoc()) << "explain: " << Request.Library
     << " request\n";
  for (const Explanation &Step : Request.Explanations)
    OS << "  " << place(Step.Where) << Step.What << "\n";
  for (const SentRequest &Fewer : Request.WithFewerCalls) {
    std::optional<ApiCall> Made = procoreApiCall(Fewer);
    OS << "  " << place(Fewer.BuiltAt) << "calls out to here leave it open: "
       << (Made ? "'" + Made->Path + "'" : std::string("no Procore REST call"))
       << ", " << judge(Fewer).Why << "\n";
  }
  OS << "  verdict: " << Verdict << "\n";
}

//===--- How it fixes -----------------------------------------------------===//

namespace {

enum class IdKind { Integer, StdString, QString, Other };

IdKind idKind(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType();
  if (Type->isIntegerType() && !Type->isBooleanType() &&
      !Type->isAnyCharacterType())
    return IdKind::Integer;
  if (const auto *Record = Type->getAsCXXRecordDecl()) {
    std::string Name = plainQualifiedName(Record);
    if (Name == "std::basic_string")
      return IdKind::StdString;
    if (Name == "QString")
      return IdKind::QString;
  }
  return IdKind::Other;
}

bool namesCompanyId(llvm::StringRef Name) {
  std::string Folded;
  for (char C : Name)
    if (C != '_')
      Folded.push_back(llvm::toLower(C));
  llvm::StringRef F(Folded);
  F.consume_front("m");
  return F == "companyid" || Folded == "companyid";
}

// A variable, parameter or member named like company_id that holds an
// integer or a string, visible at the send.
const ValueDecl *companyIdInScope(const FunctionDecl *Function,
                                  const Expr *Send, const SourceManager &SM) {
  if (!Function)
    return nullptr;
  for (const ParmVarDecl *Param : Function->parameters())
    if (Param->getIdentifier() && namesCompanyId(Param->getName()) &&
        idKind(Param->getType()) != IdKind::Other)
      return Param;
  if (const Stmt *Body = Function->getBody()) {
    llvm::SmallVector<const Stmt *, 64> Work = {Body};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (const auto *Declaration = dyn_cast<DeclStmt>(S))
        for (const Decl *D : Declaration->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D);
              Var && Var->getIdentifier() && namesCompanyId(Var->getName()) &&
              idKind(Var->getType()) != IdKind::Other &&
              SM.isBeforeInTranslationUnit(Var->getLocation(),
                                           Send->getBeginLoc()))
            return Var;
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
  }
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function))
    for (const FieldDecl *Field : Method->getParent()->fields())
      if (Field->getIdentifier() && namesCompanyId(Field->getName()) &&
          idKind(Field->getType()) != IdKind::Other)
        return Field;
  return nullptr;
}

std::string idText(const ValueDecl *Id, HeaderFixRule::ValueStyle Style) {
  std::string Name = Id->getName().str();
  IdKind Kind = idKind(Id->getType());
  switch (Style) {
  case HeaderFixRule::StdString:
    return Kind == IdKind::Integer   ? "std::to_string(" + Name + ")"
           : Kind == IdKind::QString ? Name + ".toStdString()"
                                     : Name;
  case HeaderFixRule::QtBytes:
    return Kind == IdKind::Integer ? "QByteArray::number(" + Name + ")"
           : Kind == IdKind::QString
               ? Name + ".toUtf8()"
               : "QByteArray::fromStdString(" + Name + ")";
  case HeaderFixRule::Raw:
    break;
  }
  return Name;
}

// The statement of a block that contains \p E, to insert a statement before.
const Stmt *enclosingStatement(ASTContext &Context, const Expr *E) {
  DynTypedNode Node = DynTypedNode::create(*E);
  for (int Guard = 0; Guard < 64; ++Guard) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return nullptr;
    if (Parents[0].get<CompoundStmt>())
      return Node.get<Stmt>();
    if (Parents[0].get<Decl>() && !Parents[0].get<VarDecl>())
      return nullptr;
    Node = Parents[0];
  }
  return nullptr;
}

// A file location to insert at: \p Loc itself, or the start of the macro
// call that \p Loc begins (curl wraps curl_easy_setopt in one).
SourceLocation insertableLocation(SourceLocation Loc,
                                  const ASTContext &Context) {
  if (Loc.isFileID())
    return Loc;
  SourceLocation Start;
  if (Lexer::isAtStartOfMacroExpansion(Loc, Context.getSourceManager(),
                                       Context.getLangOpts(), &Start) &&
      Start.isFileID())
    return Start;
  return SourceLocation();
}

std::string spelled(const Expr *E, const ASTContext &Context) {
  return Lexer::getSourceText(
             CharSourceRange::getTokenRange(E->getSourceRange()),
             Context.getSourceManager(), Context.getLangOpts())
      .str();
}

} // namespace

void CompanyHeaderCheck::addFix(DiagnosticBuilder &Diag,
                                const SentRequest &Request) {
  // The fix templates build the header text with C++ (std::to_string,
  // c_str()); C code gets the finding without one.
  if (!Context->getLangOpts().CPlusPlus)
    return;
  const SourceManager &SM = Context->getSourceManager();
  const auto *Call = dyn_cast<CallExpr>(Request.Send);
  if (!Call)
    return;
  const FunctionDecl *Function = nullptr;
  for (DynTypedNodeList Parents = Context->getParents(*Request.Send);
       !Parents.empty(); Parents = Context->getParents(Parents[0]))
    if ((Function = Parents[0].get<FunctionDecl>()))
      break;
  const ValueDecl *Id = companyIdInScope(Function, Request.Send, SM);
  if (!Id)
    return;

  for (const HeaderFixRule &Rule : builtinHeaderFixRules()) {
    if (Rule.Library != Request.Library)
      continue;
    std::string Text = Rule.Template.str();
    auto Fill = [&](llvm::StringRef Placeholder, llvm::StringRef Value) {
      for (size_t At = Text.find(Placeholder.str()); At != std::string::npos;
           At = Text.find(Placeholder.str(), At + Value.size()))
        Text.replace(At, Placeholder.size(), Value.str());
    };
    Fill("{value}", idText(Id, Rule.Value));
    bool NeedsList = llvm::StringRef(Text).contains("{list}");
    bool NeedsObject = llvm::StringRef(Text).contains("{object}");
    if (NeedsList) {
      if (!Request.HeaderList || !Request.HeaderList->getIdentifier() ||
          Request.HeaderList->getType()
              .getNonReferenceType()
              .isConstQualified())
        continue;
      Fill("{list}", Request.HeaderList->getName());
    }
    if (NeedsObject) {
      const Expr *Object = Request.RequestObject
                               ? stripValueWrappers(Request.RequestObject)
                               : nullptr;
      const CXXRecordDecl *Class =
          Object ? Object->getType()->getAsCXXRecordDecl() : nullptr;
      if (!Object || !isa<DeclRefExpr>(Object) ||
          Object->getType().getNonReferenceType().isConstQualified() ||
          (!Rule.ObjectClass.empty() &&
           (!Class || plainQualifiedName(Class) != Rule.ObjectClass)))
        continue;
      Fill("{object}", spelled(Object, *Context));
    }

    const Expr *Anchor = Rule.Where == HeaderFixRule::StatementBeforeList
                             ? Request.HeaderListAttach
                             : Request.Send;
    switch (Rule.Where) {
    case HeaderFixRule::StatementBeforeSend:
    case HeaderFixRule::StatementBeforeList: {
      if (!Anchor || (Rule.Where == HeaderFixRule::StatementBeforeSend &&
                      NeedsList && Request.HeaderListAttach != Request.Send))
        continue;
      const Stmt *Statement = enclosingStatement(*Context, Anchor);
      SourceLocation Begin =
          Statement ? insertableLocation(Statement->getBeginLoc(), *Context)
                    : SourceLocation();
      if (Begin.isInvalid())
        continue;
      if (!FixedAt.insert(Begin).second)
        return;
      unsigned Column = SM.getSpellingColumnNumber(Begin);
      Diag << FixItHint::CreateInsertion(
          Begin, Text + ";\n" + std::string(Column - 1, ' '));
      return;
    }
    case HeaderFixRule::ArgumentAfterFirst: {
      // After the path: a call handed the request object takes no list.
      if (Request.SendHasHeaderArgument || Call->getNumArgs() == 0 ||
          takesHeaderList(Call) || Request.RequestObject == Call->getArg(0))
        continue;
      SourceLocation After = Lexer::getLocForEndOfToken(
          Call->getArg(0)->getEndLoc(), 0, SM, Context->getLangOpts());
      if (After.isInvalid())
        continue;
      if (!FixedAt.insert(After).second)
        return;
      Diag << FixItHint::CreateInsertion(After, ", " + Text);
      return;
    }
    case HeaderFixRule::ExtraArgument: {
      if (Request.SendHasHeaderArgument || Call->getNumArgs() == 0 ||
          Call->getRParenLoc().isMacroID())
        continue;
      if (!FixedAt.insert(Call->getRParenLoc()).second)
        return;
      Diag << FixItHint::CreateInsertion(Call->getRParenLoc(), ", " + Text);
      return;
    }
    }
  }
}

} // namespace clang::tidy::procore
