//===--- StringTracer.cpp - What text does a string expression hold? ------===//

#include "analysis/StringTracer.h"
#include "analysis/CallableFlow.h"
#include "analysis/Dominance.h"
#include "analysis/FormatStrings.h"
#include "analysis/RequestAnalysis.h"
#include "analysis/WriteIndex.h"
#include "model/FormatFunctions.h"
#include "model/IdNames.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::procore {

namespace {

// How deep one trace nests; each step of an operator chain (`Path / "a" /
// Id`) reading its left side's member takes several levels.
constexpr unsigned MaxDepth = 32;
// How many hops (a parameter to its argument, a variable to its source, a
// call to what it returns) an object is followed back: builder chains such
// as `withBearer(post(url, body), token)` take two or three per helper.
constexpr unsigned MaxObjectHops = 16;

// Methods that return the text of their object unchanged.
const llvm::StringSet<> PassThroughMethods = {"c_str",        "data",
                                              "str",          "toStdString",
                                              "toUtf8",       "toLatin1",
                                              "toLocal8Bit",  "toString",
                                              "toEncoded",    "to_string",
                                              "string",       "constData",
                                              "toStdWString", "getPathAndQuery",
                                              "getPathEtc",   "to_string_t",
                                              "to_uri"};

} // namespace

const Expr *passedThroughObject(const Expr *E) {
  // A view made from a text (boost::string_view from std::string, as
  // Beast's `set(Name, Value)` takes it).
  if (const auto *View = dyn_cast<CXXConstructExpr>(E);
      View && View->getNumArgs() == 1 && View->getConstructor() &&
      View->getConstructor()->getParent()->getName() == "basic_string_view" &&
      isTextClass(View->getArg(0)->getType()))
    return View->getArg(0);
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  // A text class's conversion to a view of it (std::string to
  // std::string_view).
  if (Method && isa<CXXConversionDecl>(Method) &&
      isTextClass(Call->getImplicitObjectArgument()->getType()) &&
      Method->getReturnType()->getAsCXXRecordDecl() &&
      Method->getReturnType()->getAsCXXRecordDecl()->getName() ==
          "basic_string_view")
    return Call->getImplicitObjectArgument();
  if (!Method || !Method->getDeclName().isIdentifier() ||
      Call->getNumArgs() != 0 ||
      !PassThroughMethods.contains(Method->getName()))
    return nullptr;
  return Call->getImplicitObjectArgument();
}

namespace {

// Free or static functions that return the text of their first argument.
const llvm::StringSet<> PassThroughFunctions = {
    "fromUtf8", "fromLatin1", "fromLocal8Bit", "fromStdString", "fromUserInput",
    "fromEncoded", "fromStdWString", "conversions::to_string_t", "to_string_t",
    "to_utf8string",
    // Between wide and multibyte text: std::wstring_convert, Qt.
    "to_bytes", "from_bytes", "fromWCharArray", "fromUtf16"};

const Expr *firstNonDefaultArgumentsOnly(const CXXConstructExpr *Construct) {
  if (Construct->getNumArgs() == 0)
    return nullptr;
  for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(Construct->getArg(I)))
      return nullptr;
  return Construct->getArg(0);
}

// Parses a literal token's spelling: prefix, raw delimiter, body.
struct TokenBody {
  size_t Begin = 0;
  size_t End = 0;
  bool Raw = false;
};
std::optional<TokenBody> parseLiteralToken(llvm::StringRef Spelling) {
  size_t Quote = Spelling.find('"');
  // A user-defined literal's suffix (`"..."sv`) follows the closing quote.
  size_t Close = Spelling.rfind('"');
  if (Quote == llvm::StringRef::npos || Close == Quote ||
      !llvm::all_of(Spelling.substr(Close + 1),
                    [](char C) { return llvm::isAlnum(C) || C == '_'; }))
    return std::nullopt;
  Spelling = Spelling.take_front(Close + 1);
  TokenBody Body;
  Body.Raw = Quote > 0 && Spelling[Quote - 1] == 'R';
  if (!Body.Raw) {
    Body.Begin = Quote + 1;
    Body.End = Spelling.size() - 1;
    return Body;
  }
  size_t Paren = Spelling.find('(', Quote);
  if (Paren == llvm::StringRef::npos)
    return std::nullopt;
  size_t DelimiterLength = Paren - Quote - 1;
  Body.Begin = Paren + 1;
  if (Spelling.size() < Body.Begin + DelimiterLength + 2)
    return std::nullopt;
  Body.End = Spelling.size() - DelimiterLength - 2;
  return Body;
}

unsigned utf8SequenceLength(unsigned char Lead) {
  if (Lead < 0x80)
    return 1;
  if ((Lead >> 5) == 0x6)
    return 2;
  if ((Lead >> 4) == 0xe)
    return 3;
  return 4;
}

// How many code units of a literal of width CharWidth one code point takes.
unsigned unitsForCodePoint(uint32_t CodePoint, unsigned CharWidth) {
  if (CharWidth == 4)
    return 1;
  if (CharWidth == 2)
    return CodePoint > 0xffff ? 2 : 1;
  if (CodePoint < 0x80)
    return 1;
  if (CodePoint < 0x800)
    return 2;
  return CodePoint < 0x10000 ? 3 : 4;
}

// One code unit of a literal and where it is spelled.
struct UnitSpelling {
  SourceLocation Loc;
  unsigned Length = 0; ///< Source characters that spell it.
  bool Plain = false;  ///< Spelled as itself, not by an escape.
};

// Maps every code unit of a literal to its spelling. Units of tokens that
// cannot be mapped are left invalid.
std::vector<UnitSpelling> spellUnits(const StringLiteral *Literal,
                                     const SourceManager &SM,
                                     const LangOptions &LangOpts) {
  std::vector<UnitSpelling> Units;
  unsigned Width = Literal->getCharByteWidth();
  for (unsigned Token = 0; Token < Literal->getNumConcatenated(); ++Token) {
    SourceLocation TokenLoc = SM.getSpellingLoc(Literal->getStrTokenLoc(Token));
    unsigned Length = Lexer::MeasureTokenLength(TokenLoc, SM, LangOpts);
    bool Invalid = false;
    const char *Data = SM.getCharacterData(TokenLoc, &Invalid);
    if (Invalid || Length == 0)
      return {};
    llvm::StringRef Spelling(Data, Length);
    std::optional<TokenBody> Body = parseLiteralToken(Spelling);
    if (!Body || Spelling.contains("\\\n") || Spelling.contains("\\\r"))
      return {};
    size_t I = Body->Begin;
    while (I < Body->End) {
      UnitSpelling Unit;
      Unit.Loc = TokenLoc.getLocWithOffset(I);
      unsigned char C = Spelling[I];
      unsigned Count = 1;
      if (C == '\\' && !Body->Raw) {
        // An escape: one unit, except \u and \U in narrow literals.
        size_t Start = I++;
        char Kind = I < Body->End ? Spelling[I] : 0;
        if (Kind == 'x') {
          ++I;
          while (I < Body->End && llvm::isHexDigit(Spelling[I]))
            ++I;
        } else if (Kind >= '0' && Kind <= '7') {
          for (int N = 0; N < 3 && I < Body->End && Spelling[I] >= '0' &&
                          Spelling[I] <= '7';
               ++N)
            ++I;
        } else if (Kind == 'u' || Kind == 'U') {
          size_t Digits = Kind == 'u' ? 4 : 8;
          uint32_t CodePoint = 0;
          llvm::StringRef(Spelling.data() + I + 1,
                          std::min(Digits, Body->End - I - 1))
              .getAsInteger(16, CodePoint);
          I += 1 + Digits;
          Count = unitsForCodePoint(CodePoint, Width);
        } else {
          ++I;
        }
        Unit.Length = I - Start;
      } else if (C >= 0x80) {
        unsigned SequenceLength = utf8SequenceLength(C);
        uint32_t CodePoint = C & (0xff >> (SequenceLength + 1));
        for (unsigned K = 1; K < SequenceLength && I + K < Body->End; ++K)
          CodePoint = (CodePoint << 6) | (Spelling[I + K] & 0x3f);
        Count = unitsForCodePoint(CodePoint, Width);
        Unit.Length = SequenceLength;
        I += SequenceLength;
      } else {
        Unit.Plain = true;
        Unit.Length = 1;
        ++I;
      }
      for (unsigned K = 0; K < Count; ++K)
        Units.push_back(Unit);
    }
  }
  if (Units.size() != Literal->getLength())
    return {};
  return Units;
}

bool refersTo(const Expr *E, const VarDecl *Var) {
  return E && referencedVariable(E) == Var;
}

// The braced initializer of the table \p Subscript indexes, if it has one.
const InitListExpr *tableRows(const ArraySubscriptExpr *Subscript) {
  const VarDecl *Table = referencedVariable(Subscript->getBase());
  const Expr *Init = Table ? Table->getAnyInitializer() : nullptr;
  return Init ? dyn_cast<InitListExpr>(stripValueWrappers(Init)) : nullptr;
}

} // namespace

bool isFormatFunction(const FunctionDecl *Function) {
  // Most calls are not named format: no qualified name is built for them.
  if (!Function->getIdentifier() || Function->getName() != "format")
    return false;
  std::string Name = Function->getQualifiedNameAsString();
  return Name == "fmt::format" || Name == "std::format" ||
         (llvm::StringRef(Name).starts_with("fmt::v") && Name.size() > 8 &&
          llvm::StringRef(Name).ends_with("::format"));
}

//===--- TracedString -----------------------------------------------------===//

TracedString TracedString::literal(const StringLiteral *Literal) {
  TracedString Result;
  Result.Text = literalText(Literal);
  Result.Origins.push_back({0, Result.Text.size(), Literal, 0});
  return Result;
}

TracedString TracedString::unknown() {
  TracedString Result;
  Result.Text = std::string(1, UnknownText);
  return Result;
}

TracedString TracedString::plain(llvm::StringRef Text) {
  TracedString Result;
  Result.Text = Text.str();
  return Result;
}

void TracedString::append(const TracedString &Other) {
  // Two unknown runs in a row say no more than one.
  if (Other.isUnknown() && !Text.empty() && Text.back() == UnknownText)
    return;
  // Text that doubles at each step (a = b + b; b = c + c; ...), or grows by
  // thousands of appends, would fill memory; past the caps it is unknown.
  if (isFull()) {
    if (Text.empty() || Text.back() != UnknownText)
      Text += UnknownText;
    return;
  }
  size_t Shift = Text.size();
  size_t Kept = std::min(Other.Text.size(), MaxTracedLength - Shift);
  size_t PiecesLeft = MaxTracedPieces - Origins.size();
  if (Other.Origins.size() > PiecesLeft)
    Kept = std::min(Kept, Other.Origins[PiecesLeft].Begin);
  Text.append(Other.Text, 0, Kept);
  for (Origin O : Other.Origins) {
    if (O.Begin >= Kept)
      break;
    O.End = std::min(O.End, Kept) + Shift;
    O.Begin += Shift;
    Origins.push_back(O);
  }
  if (Kept < Other.Text.size())
    Text += UnknownText;
}

TracedString TracedString::slice(size_t Begin, size_t End) const {
  TracedString Result;
  End = std::min(End, Text.size());
  if (Begin >= End)
    return Result;
  Result.Text = Text.substr(Begin, End - Begin);
  for (const Origin &O : Origins) {
    size_t From = std::max(O.Begin, Begin), To = std::min(O.End, End);
    if (From >= To)
      continue;
    Result.Origins.push_back(
        {From - Begin, To - Begin, O.Literal, O.FirstUnit + (From - O.Begin)});
  }
  return Result;
}

TracedString replaceUrlPart(const TracedString &Url, UrlPart Part,
                            const TracedString &Value) {
  const std::string &Text = Url.text();
  auto EndOr = [&](size_t Found) {
    return Found == std::string::npos ? Text.size() : Found;
  };
  size_t SchemeEnd = Text.find("://");
  size_t HostBegin = SchemeEnd == std::string::npos ? 0 : SchemeEnd + 3;
  size_t HostEnd = EndOr(Text.find_first_of("/?#", HostBegin));
  size_t UnknownInHost = Text.find(UnknownText, HostBegin);
  if (UnknownInHost > HostBegin && UnknownInHost < HostEnd)
    HostEnd = UnknownInHost;
  size_t PathEnd = std::max(HostEnd, EndOr(Text.find_first_of("?#", HostEnd)));
  size_t QueryEnd = std::max(PathEnd, EndOr(Text.find('#', PathEnd)));
  auto Splice = [&](size_t Begin, size_t End, const TracedString &Middle) {
    TracedString Out = Url.slice(0, Begin);
    Out.append(Middle);
    Out.append(Url.slice(End, Text.size()));
    return Out;
  };
  switch (Part) {
  case UrlPart::Scheme: {
    TracedString Scheme = Value;
    Scheme.append(TracedString::plain("://"));
    return Splice(0, HostBegin, Scheme);
  }
  case UrlPart::Host:
    return Splice(HostBegin, HostEnd, Value);
  case UrlPart::Path:
    return Splice(HostEnd, PathEnd, Value);
  case UrlPart::Query: {
    TracedString Query;
    if (!Value.text().empty()) {
      Query = TracedString::plain("?");
      Query.append(Value);
    }
    return Splice(PathEnd, QueryEnd, Query);
  }
  }
  return Url;
}

TracedString urlPartOf(const TracedString &Url, UrlPart Part) {
  const std::string &Text = Url.text();
  auto EndOr = [&](size_t Found) {
    return Found == std::string::npos ? Text.size() : Found;
  };
  size_t SchemeEnd = Text.find("://");
  size_t HostBegin = SchemeEnd == std::string::npos ? 0 : SchemeEnd + 3;
  // No scheme: a path, unless it starts with text of its own.
  if (SchemeEnd == std::string::npos && !llvm::StringRef(Text).starts_with("/"))
    HostBegin = std::string::npos;
  size_t HostEnd = HostBegin == std::string::npos
                       ? 0
                       : EndOr(Text.find_first_of("/?#", HostBegin));
  size_t PathEnd = std::max(HostEnd, EndOr(Text.find_first_of("?#", HostEnd)));
  size_t QueryEnd = std::max(PathEnd, EndOr(Text.find('#', PathEnd)));
  // Unknown text before a part may hold more of it: the part starts there.
  auto From = [&](size_t Begin) {
    size_t Unknown = Text.rfind(UnknownText, Begin);
    return Unknown != std::string::npos && Begin > 0 ? Unknown : Begin;
  };
  switch (Part) {
  case UrlPart::Scheme:
    return SchemeEnd == std::string::npos ? TracedString::unknown()
                                          : Url.slice(0, SchemeEnd);
  case UrlPart::Host:
    return HostBegin == std::string::npos ? TracedString::unknown()
                                          : Url.slice(HostBegin, HostEnd);
  case UrlPart::Path:
    return Url.slice(From(HostEnd), PathEnd);
  case UrlPart::Query:
    return PathEnd < QueryEnd ? Url.slice(From(PathEnd + 1), QueryEnd)
                              : TracedString::plain("");
  }
  return Url;
}

TracedString editUrl(const TracedString &Url, UrlEdit Edit,
                     llvm::ArrayRef<TracedString> Arguments) {
  static const TracedString Empty = TracedString::plain("");
  const TracedString &First = Arguments.empty() ? Empty : Arguments[0];
  const std::string &Text = Url.text();
  switch (Edit) {
  case UrlEdit::SetScheme:
    return replaceUrlPart(Url, UrlPart::Scheme, First);
  case UrlEdit::SetHost:
    return replaceUrlPart(Url, UrlPart::Host, First);
  case UrlEdit::SetPath:
    return replaceUrlPart(Url, UrlPart::Path, First);
  case UrlEdit::SetQuery:
    return replaceUrlPart(Url, UrlPart::Query, First);
  case UrlEdit::SetWhole:
    return First;
  case UrlEdit::AppendSegment: {
    // The segment goes at the end of the path, before any query.
    size_t PathEnd = std::min(Text.find_first_of("?#"), Text.size());
    TracedString Out = Url.slice(0, PathEnd);
    bool Slashed = (PathEnd > 0 && Text[PathEnd - 1] == '/') ||
                   llvm::StringRef(First.text()).starts_with("/");
    if (!Slashed && !First.text().empty())
      Out.append(TracedString::plain("/"));
    Out.append(First);
    Out.append(Url.slice(PathEnd, Text.size()));
    return Out;
  }
  case UrlEdit::AppendQuery: {
    size_t QueryEnd = std::min(Text.find('#'), Text.size());
    TracedString Out = Url.slice(0, QueryEnd);
    bool HasQuery = Text.find('?') < QueryEnd;
    if (!HasQuery)
      Out.append(TracedString::plain("?"));
    else if (QueryEnd > 0 && Text[QueryEnd - 1] != '?' &&
             Text[QueryEnd - 1] != '&')
      Out.append(TracedString::plain("&"));
    Out.append(First);
    if (Arguments.size() > 1) {
      Out.append(TracedString::plain("="));
      Out.append(Arguments[1]);
    }
    Out.append(Url.slice(QueryEnd, Text.size()));
    return Out;
  }
  case UrlEdit::Resolve: {
    // RFC 3986 references: absolute, network-path, absolute-path, or
    // relative to the base's last path segment.
    llvm::StringRef Reference(First.text());
    if (Reference.contains("://") && !Reference.starts_with("/"))
      return First;
    size_t SchemeEnd = Text.find("://");
    if (SchemeEnd == std::string::npos)
      return TracedString::unknown();
    size_t HostEnd =
        std::min(Text.find_first_of("/?#", SchemeEnd + 3), Text.size());
    TracedString Out;
    if (Reference.starts_with("//")) {
      Out = Url.slice(0, SchemeEnd + 1);
    } else if (Reference.starts_with("/")) {
      Out = Url.slice(0, HostEnd);
    } else {
      size_t PathEnd = std::min(Text.find_first_of("?#", HostEnd), Text.size());
      size_t LastSlash = Text.rfind('/', PathEnd);
      Out = LastSlash != std::string::npos && LastSlash >= HostEnd
                ? Url.slice(0, LastSlash + 1)
                : Url.slice(0, HostEnd);
      if (LastSlash == std::string::npos || LastSlash < HostEnd)
        Out.append(TracedString::plain("/"));
    }
    Out.append(First);
    return Out;
  }
  }
  return Url;
}

// The row of \p Rules for the method \p Call runs: its name, and its class
// when the row names one.
template <typename Rule>
static const Rule *urlMethodRule(llvm::ArrayRef<Rule> Rules,
                                 const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier())
    return nullptr;
  for (const Rule &Row : Rules)
    if (Row.Method == Method->getName() &&
        (Row.Class.empty() ||
         plainQualifiedName(Method->getParent()) == Row.Class))
      return &Row;
  return nullptr;
}

const UrlEditRule *urlEditRule(const CXXMemberCallExpr *Call) {
  return Call->getNumArgs() == 0 ? nullptr
                                 : urlMethodRule(builtinUrlEditRules(), Call);
}

const Expr *editedObject(const CXXMemberCallExpr *Call) {
  const Expr *Object = Call->getImplicitObjectArgument()->IgnoreImplicit();
  while (const auto *Inner = dyn_cast<CXXMemberCallExpr>(Object)) {
    if (!urlEditRule(Inner))
      break;
    Object = Inner->getImplicitObjectArgument()->IgnoreImplicit();
  }
  return Object;
}

// Whether \p Call ends a chain of edits that starts at \p Var
// (`Url.set_host(H).set_path(P)`), not an edit called on it directly.
static bool editsThroughChain(const CXXMemberCallExpr *Call,
                              const VarDecl *Var) {
  const Expr *Start = editedObject(Call);
  return refersTo(Start, Var) && Call->getImplicitObjectArgument() != Start;
}

// The URL a request getter \p Call reads (RequestUrlRule): on the request
// parameter a BoundRequestScope binds (`Request.request_uri()` in a
// pipeline stage) the URL of the request being judged, a relative read
// keeping the path and query when the host before them is known; on a
// request the code constructs, the URL it was constructed with.
std::optional<TracedValues>
StringTracer::requestUrlRead(const CXXMemberCallExpr *Call) {
  const RequestUrlRule *Rule =
      Call->getNumArgs() == 0 ? urlMethodRule(builtinRequestUrlRules(), Call)
                              : nullptr;
  if (!Rule)
    return std::nullopt;
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(
      referencedVariable(Call->getImplicitObjectArgument()));
  auto Bound = Param ? BoundRequests.find(Param) : BoundRequests.end();
  if (Bound == BoundRequests.end())
    return constructedRequestUrl(Call->getImplicitObjectArgument(), *Rule, 0);
  if (!Rule->Relative)
    return Bound->second;
  TracedValues Relative;
  for (const TracedString &Url : Bound->second) {
    llvm::StringRef Text = Url.text();
    size_t SchemeEnd = Text.find("://");
    size_t PathBegin = SchemeEnd == llvm::StringRef::npos
                           ? 0
                           : Text.find_first_of("/?#", SchemeEnd + 3);
    if (PathBegin == llvm::StringRef::npos)
      PathBegin = Text.size();
    if (Text.take_front(PathBegin).contains(UnknownText))
      addAlternative(Relative, TracedString::unknown());
    else
      addAlternative(Relative, Url.slice(PathBegin, Text.size()));
  }
  return Relative;
}

// The URL a request object was constructed with, when the code never
// gives it another (no setter call on it): through parameters to the
// caller's object.
std::optional<TracedValues> StringTracer::constructedRequestUrl(
    const Expr *Object, const RequestUrlRule &Rule, unsigned Depth) {
  const VarDecl *Var = referencedVariable(Object);
  if (Rule.ConstructorArgument < 0 || !Var || Depth > MaxObjectHops)
    return std::nullopt;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    CallerFrames Caller(*this, Param);
    return Caller.Object ? constructedRequestUrl(Caller.Object, Rule, Depth + 1)
                         : std::nullopt;
  }
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr);
  if (!Construct || Construct->getNumArgs() <=
                        static_cast<unsigned>(Rule.ConstructorArgument))
    return std::nullopt;
  // Changed after: `Request.setUrl(Other)`, assigned, or handed on.
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Function || !neverChangedAfterInit(Var) || !handingsOf(Var).empty())
    return std::nullopt;
  if (anyStatement(Function->getBody(), [&](const Stmt *S) {
        const auto *Set = dyn_cast<CXXMemberCallExpr>(S);
        return Set && Set->getMethodDecl() &&
               Set->getMethodDecl()->getIdentifier() &&
               Set->getMethodDecl()->getName() == Rule.Setter &&
               referencedVariable(Set->getImplicitObjectArgument()) == Var;
      }))
    return std::nullopt;
  return traceAll(Construct->getArg(Rule.ConstructorArgument));
}

// The part of its URL a URL object's getter \p Call returns.
static std::optional<UrlPart> urlPartRead(const CXXMemberCallExpr *Call) {
  const UrlPartRule *Rule = Call->getNumArgs() == 0
                                ? urlMethodRule(builtinUrlPartRules(), Call)
                                : nullptr;
  return Rule ? std::optional<UrlPart>(Rule->Part) : std::nullopt;
}

// The arguments an edit reads: the first, and for a query's `name, value`
// form the second (a flag such as `do_encoding` is not a value).
static std::vector<const Expr *> urlEditArguments(const CallExpr *Call,
                                                  const UrlEditRule &Rule) {
  std::vector<const Expr *> Arguments = {Call->getArg(0)};
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Rule.Edit == UrlEdit::AppendQuery && Call->getNumArgs() >= 2 &&
      !isa<CXXDefaultArgExpr>(Call->getArg(1)) && Callee &&
      Callee->getNumParams() >= 2 &&
      !Callee->getParamDecl(1)->getType()->isBooleanType())
    Arguments.push_back(Call->getArg(1));
  return Arguments;
}

TracedValues StringTracer::editedUrl(const TracedValues &Url, UrlEdit Edit,
                                     llvm::ArrayRef<const Expr *> Arguments) {
  std::vector<TracedValues> Texts;
  for (const Expr *Argument : Arguments)
    Texts.push_back(traceAll(Argument));
  TracedValues Result;
  for (const TracedString &Text : Url)
    for (const TracedString &First : Texts[0]) {
      if (Texts.size() == 1) {
        addAlternative(Result, editUrl(Text, Edit, {First}));
        continue;
      }
      for (const TracedString &Second : Texts[1])
        addAlternative(Result, editUrl(Text, Edit, {First, Second}));
    }
  return Result;
}

bool TracedString::hasKnownText() const {
  return llvm::any_of(Text, [](char C) { return C != UnknownText; });
}

std::optional<TracedString::Origin> TracedString::originOf(size_t Begin,
                                                           size_t End) const {
  for (const Origin &O : Origins)
    if (O.Begin <= Begin && End <= O.End)
      return Origin{Begin, End, O.Literal, O.FirstUnit + (Begin - O.Begin)};
  return std::nullopt;
}

//===--- Literal spelling -------------------------------------------------===//

std::string literalText(const StringLiteral *Literal) {
  if (Literal->getCharByteWidth() == 1)
    return Literal->getString().str();
  std::string Text;
  Text.reserve(Literal->getLength());
  for (unsigned I = 0; I < Literal->getLength(); ++I) {
    uint32_t Unit = Literal->getCodeUnit(I);
    Text.push_back(Unit < 0x80 ? static_cast<char>(Unit) : '\x7f');
  }
  return Text;
}

std::optional<CharSourceRange> spellingOfUnits(const StringLiteral *Literal,
                                               size_t Begin, size_t End,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts) {
  std::vector<UnitSpelling> Units = spellUnits(Literal, SM, LangOpts);
  if (Units.empty() || Begin > End || End > Units.size() ||
      Begin >= Units.size())
    return std::nullopt;
  if (Begin == End) {
    if (!Units[Begin].Plain || !Units[Begin].Loc.isFileID())
      return std::nullopt;
    return CharSourceRange::getCharRange(Units[Begin].Loc, Units[Begin].Loc);
  }
  for (size_t I = Begin; I < End; ++I) {
    if (!Units[I].Plain || !Units[I].Loc.isFileID() ||
        SM.isWrittenInScratchSpace(Units[I].Loc))
      return std::nullopt;
    if (I > Begin && Units[I].Loc != Units[I - 1].Loc.getLocWithOffset(1))
      return std::nullopt; // Split across tokens.
  }
  return CharSourceRange::getCharRange(Units[Begin].Loc,
                                       Units[End - 1].Loc.getLocWithOffset(1));
}

SourceLocation locationOfUnit(const StringLiteral *Literal, size_t Unit,
                              const SourceManager &SM,
                              const LangOptions &LangOpts) {
  std::vector<UnitSpelling> Units = spellUnits(Literal, SM, LangOpts);
  if (Unit < Units.size() && !SM.isWrittenInScratchSpace(Units[Unit].Loc))
    return Units[Unit].Loc;
  SourceLocation Begin = Literal->getBeginLoc();
  SourceLocation Spelling = SM.getSpellingLoc(Begin);
  return SM.isWrittenInScratchSpace(Spelling) ? SM.getExpansionLoc(Begin)
                                              : Spelling;
}

SourceLocation writtenLocation(SourceLocation Loc, const SourceManager &SM) {
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc))
      Loc = SM.getImmediateSpellingLoc(Loc);
    else
      Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return Loc;
}

const TracedString &bestAlternative(const TracedValues &Values) {
  assert(!Values.empty() && "a trace has at least one alternative");
  for (const TracedString &Value : Values)
    if (Value.text().find(UnknownText) == std::string::npos)
      return Value;
  for (const TracedString &Value : Values)
    if (Value.hasKnownText())
      return Value;
  return Values.front();
}

void addAlternative(TracedValues &Into, const TracedString &Value) {
  if (llvm::any_of(Into, [&](const TracedString &Existing) {
        return Existing.text() == Value.text();
      }))
    return;
  // A full set says that it is incomplete: its last alternative becomes
  // unknown, so no reader takes the set for every value.
  if (Into.size() >= MaxAlternatives) {
    Into.back() = TracedString::unknown();
    return;
  }
  Into.push_back(Value);
}

TracedValues concatenate(const TracedValues &Head, const TracedValues &Tail) {
  TracedValues Result;
  for (const TracedString &First : Head)
    for (const TracedString &Second : Tail) {
      TracedString Joined = First;
      Joined.append(Second);
      addAlternative(Result, Joined);
    }
  return Result;
}

//===--- Expression helpers -----------------------------------------------===//

static bool isStdClass(QualType Type, llvm::StringRef Name) {
  const CXXRecordDecl *Class = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Class && Class->isInStdNamespace() && Class->getIdentifier() &&
         Class->getName() == Name;
}

// `std::optional<T>(Value)`, `std::variant<A, B>(Value)`: a holder that is
// its value, not an empty one or one built in place.
static bool holdsConvertedValue(const CXXConstructExpr *Construct) {
  const CXXConstructorDecl *Constructor = Construct->getConstructor();
  QualType Holder = Construct->getType();
  if (Construct->getNumArgs() != 1 || Constructor->isCopyOrMoveConstructor() ||
      !(isStdClass(Holder, "optional") || isStdClass(Holder, "variant")))
    return false;
  QualType Tag = Construct->getArg(0)->getType();
  static const char *const Tags[] = {"nullopt_t", "in_place_t",
                                     "in_place_type_t", "in_place_index_t"};
  return llvm::none_of(Tags,
                       [&](const char *Name) { return isStdClass(Tag, Name); });
}

const Expr *stripValueWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    else if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Temporary->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *Cast = dyn_cast<CStyleCastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Next))
      Next = Default->getExpr(); // The member's default in a braced list.
    else if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(Next))
      Next = Default->getExpr(); // The parameter's default a call leaves.
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
             Construct && Construct->getNumArgs() == 1 &&
             (Construct->getConstructor()->isCopyOrMoveConstructor() ||
              holdsConvertedValue(Construct)))
      Next = Construct->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

std::vector<const ReturnStmt *> returnStatements(const FunctionDecl *Function) {
  std::vector<const ReturnStmt *> Returns;
  llvm::SmallVector<const Stmt *, 32> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Return = dyn_cast<ReturnStmt>(S))
      Returns.push_back(Return);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  std::reverse(Returns.begin(), Returns.end());
  return Returns;
}

// The container of `begin()` or `std::begin(C)`.
static const Expr *beganContainer(const Expr *E) {
  E = stripValueWrappers(E);
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier() ||
      !(Callee->getName() == "begin" || Callee->getName() == "cbegin"))
    return nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Call->getNumArgs() == 0 ? Member->getImplicitObjectArgument()
                                   : nullptr;
  return Call->getNumArgs() == 1 ? Call->getArg(0) : nullptr;
}

const Expr *copiedRange(const Expr *E) {
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(stripValueWrappers(E));
  if (!Construct || Construct->getNumArgs() < 2)
    return nullptr;
  return beganContainer(Construct->getArg(0));
}

// A library function (not std::move or std::forward, and not a C string
// write that bufferWrite reads) that takes \p Var by reference to non-const,
// or a char buffer \p Var to fill with text.
static bool fillsThroughReference(const CallExpr *Call, const VarDecl *Var) {
  // A char buffer handed to a `char *` parameter that writes text.
  auto FillsBuffer = [&](QualType Param) {
    return Param->isPointerType() && Param->getPointeeType()->isCharType() &&
           !Param->getPointeeType().isConstQualified() &&
           Var->getType()->isArrayType();
  };
  auto Handed = [&](unsigned I) {
    return referencedVariable(Call->getArg(I)) == Var;
  };
  const FunctionDecl *Callee = Call->getDirectCallee();
  // `Ops->build_url(Url, sizeof Url, Ctx)` through a function pointer.
  if (!Callee && !isa<CXXOperatorCallExpr>(Call)) {
    const auto *Pointer =
        Call->getCallee()->getType()->getAs<clang::PointerType>();
    const auto *Prototype =
        Pointer ? Pointer->getPointeeType()->getAs<FunctionProtoType>()
                : nullptr;
    for (unsigned I = 0;
         Prototype && I < Call->getNumArgs() && I < Prototype->getNumParams();
         ++I)
      if (Handed(I) && FillsBuffer(Prototype->getParamType(I)))
        return true;
    return false;
  }
  if (!Callee || isa<CXXOperatorCallExpr>(Call) || isa<CXXMethodDecl>(Callee) ||
      movedObject(Call) || bufferWrite(Call) ||
      !Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    return false;
  bool Scans = Callee->isVariadic() && Callee->getIdentifier() &&
               Callee->getName().contains("scanf");
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (!Handed(I))
      continue;
    // sscanf(Line, "%s", Value), fgets(Line, N, In).
    if (I >= Callee->getNumParams()) {
      if (Scans)
        return true;
      continue;
    }
    QualType Param = Callee->getParamDecl(I)->getType();
    if ((Param->isLValueReferenceType() &&
         !Param.getNonReferenceType().isConstQualified()) ||
        FillsBuffer(Param))
      return true;
  }
  return false;
}

const Expr *boundMember(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *Binding = Ref ? dyn_cast<BindingDecl>(Ref->getDecl()) : nullptr;
  return Binding ? Binding->getBinding() : nullptr;
}

// The values of the returns of \p Definition that a path reaches under
// the arguments bound now: `if (Text.back() == '/') return Text + Seg;`
// with a Text the caller settles gives one of its two returns.
std::vector<const Expr *>
StringTracer::reachedReturnValues(const FunctionDecl *Definition) {
  std::vector<const Expr *> Values;
  std::vector<const ReturnStmt *> Returns = returnStatements(Definition);
  for (const ReturnStmt *Return : Returns)
    if (Return->getRetValue() &&
        (Returns.size() == 1 ||
         !everyPathPasses(Definition, {}, Return, Dominance::MayNotRun)))
      Values.push_back(Return->getRetValue());
  return Values.empty() ? returnValues(Definition) : Values;
}

const FunctionDecl *userDefinition(const CallExpr *Call) {
  return userCodeDefinition(Call ? Call->getDirectCallee() : nullptr);
}

const Expr *singleReturnValue(const FunctionDecl *Function) {
  std::vector<const ReturnStmt *> Returns = returnStatements(Function);
  return Returns.size() == 1 ? Returns.front()->getRetValue() : nullptr;
}

std::vector<const Expr *> returnValues(const FunctionDecl *Function) {
  std::vector<const Expr *> Values;
  for (const ReturnStmt *Return : returnStatements(Function))
    if (Return->getRetValue())
      Values.push_back(Return->getRetValue());
  return Values;
}

const VarDecl *referencedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripValueWrappers(E)))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

std::vector<const Expr *> StringTracer::streamOperands(const Expr *E) {
  std::vector<const Expr *> Operands;
  E = stripValueWrappers(E);
  while (const auto *Shift = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
    if (Shift->getOperator() != OO_LessLess || Shift->getNumArgs() != 2)
      break;
    Operands.push_back(Shift->getArg(1));
    E = stripValueWrappers(Shift->getArg(0));
  }
  Operands.push_back(E);
  std::reverse(Operands.begin(), Operands.end());
  return Operands;
}

// Whether \p Object is a Boost.Beast header field list (a request or its
// header), read by field name.
static bool isFieldsClass(const Expr *Object) {
  const CXXRecordDecl *Class =
      Object->IgnoreParenImpCasts()->getType()->getAsCXXRecordDecl();
  auto IsFields = [](const CXXRecordDecl *Base) {
    return Base->getIdentifier() && Base->getName() == "basic_fields";
  };
  return Class && Class->hasDefinition() &&
         (IsFields(Class) ||
          !Class->forallBases(
              [&](const CXXRecordDecl *Base) { return !IsFields(Base); }));
}

// The enumerator a field name names (`http::field::host`).
static const Decl *fieldName(const Expr *Key) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Key->IgnoreParenImpCasts());
  return Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
}

//===--- Tracing ----------------------------------------------------------===//

static llvm::ArrayRef<const Expr *> madeArguments(const Expr *Made);

StringTracer::BindingScope::BindingScope(StringTracer &Tracer,
                                         const FunctionDecl *Callee,
                                         const CallExpr *Call)
    : Tracer(Tracer) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  bool OnObject = Method && Method->isInstance();
  // The object of an operator call, or the callable an invoker runs, is
  // the method's object.
  unsigned Shift = firstBoundArgument(Call, Callee);
  const Expr *This = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      OnObject && Member && Tracer.writes().runsOnCallObject(Call, Callee))
    This = Member->getImplicitObjectArgument();
  else if (OnObject && Shift && Call->getNumArgs() > 0)
    This = Call->getArg(0);
  bind(Callee, Call,
       llvm::ArrayRef(Call->getArgs(), Call->getNumArgs())
           .drop_front(std::min(Shift, Call->getNumArgs())),
       This);
}

StringTracer::BindingScope::BindingScope(StringTracer &Tracer,
                                         const FunctionDecl *Constructor,
                                         const CXXConstructExpr *Construct)
    : Tracer(Tracer) {
  bind(Constructor, Construct,
       llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs()), nullptr);
}

void StringTracer::BindingScope::bind(const FunctionDecl *Callee,
                                      const Expr *Call,
                                      llvm::ArrayRef<const Expr *> Arguments,
                                      const Expr *This) {
  Bindings Frame;
  Frame.Call = Call;
  Frame.Callee = Callee;
  Frame.This = This;
  for (unsigned I = 0; I < Callee->getNumParams() && I < Arguments.size(); ++I)
    Frame.Arguments[Callee->getParamDecl(I)] = Arguments[I];
  Tracer.BindingStack.push_back(std::move(Frame));
}

StringTracer::BindingScope::BindingScope(StringTracer &Tracer,
                                         const FunctionDecl *Constructor,
                                         const Expr *Made)
    : Tracer(Tracer) {
  bind(Constructor, Made, madeArguments(Made), nullptr);
}

StringTracer::BindingScope::~BindingScope() { Tracer.BindingStack.pop_back(); }

StringTracer::ObjectScope::ObjectScope(StringTracer &Tracer, const Expr *Made,
                                       const CXXRecordDecl *Class)
    : Tracer(Tracer) {
  Bindings Frame;
  Frame.Call = Made;
  Frame.This = Made;
  Frame.Made = Class;
  Tracer.BindingStack.push_back(std::move(Frame));
}

StringTracer::ObjectScope::~ObjectScope() { Tracer.BindingStack.pop_back(); }

StringTracer::ChainScope::ChainScope(StringTracer &Tracer, const Expr *Inner,
                                     llvm::ArrayRef<const CallExpr *> Calls)
    : Tracer(Tracer) {
  // Outermost first, so each callee's frame sits above its caller's.
  for (size_t I = Calls.size(); I-- > 0;) {
    if (const CXXRecordDecl *Class = madeClass(Calls[I])) {
      Objects.push_back(std::make_unique<ObjectScope>(Tracer, Calls[I], Class));
      continue;
    }
    // `Queue.push_back(std::move(Job))`: the element the inner function
    // takes out of the queue.
    const ValueDecl *Container = nullptr;
    if (const Expr *Element = queuedElement(Calls[I], Container)) {
      Bindings Frame;
      Frame.Call = Calls[I];
      Frame.Elements = Container;
      Frame.Element = Element;
      Tracer.BindingStack.push_back(std::move(Frame));
      ++ElementFrames;
      continue;
    }
    const Stmt *Within = I ? Calls[I - 1] : Inner;
    const FunctionDecl *Callee = Tracer.dominance().enclosingFunction(Within);
    // A call of the function around the lambda the way in sits in (a
    // lambda the library runs later) binds that function's parameters,
    // which the lambda captures.
    if (const FunctionDecl *Called = userDefinition(Calls[I]);
        Called && Callee &&
        Called->getCanonicalDecl() != Callee->getCanonicalDecl() &&
        Tracer.dominance().namedFunction(Within) &&
        Tracer.dominance().namedFunction(Within)->getCanonicalDecl() ==
            Called->getCanonicalDecl())
      Callee = Called;
    Scopes.push_back(std::make_unique<BindingScope>(Tracer, Callee, Calls[I]));
  }
}

StringTracer::ChainScope::~ChainScope() {
  // Every frame is popped from the top; the scopes pop theirs after.
  Tracer.BindingStack.resize(Tracer.BindingStack.size() - ElementFrames);
}

bool StringTracer::visitBoundElement(
    const ValueDecl *Container, llvm::function_ref<void(const Expr *)> Visit) {
  std::vector<Bindings> Outer;
  const Expr *Element = boundElement(Container, Outer);
  if (!Element) {
    UnboundElements.insert(Container);
    UnboundElementLog.push_back(Container);
    return false;
  }
  Visit(Element);
  BindingStack.insert(BindingStack.end(), Outer.begin(), Outer.end());
  return true;
}

const Expr *StringTracer::boundElement(const ValueDecl *Container,
                                       std::vector<Bindings> &Outer) {
  for (size_t I = BindingStack.size(); I-- > 0;) {
    if (BindingStack[I].Elements != Container)
      continue;
    // The element belongs to the function that puts it in: trace it in
    // that function's frames.
    const Expr *Element = BindingStack[I].Element;
    Outer.assign(BindingStack.begin() + I, BindingStack.end());
    BindingStack.resize(I);
    return Element;
  }
  return nullptr;
}

bool StringTracer::visitBoundObject(
    ObjectRoot Handed, llvm::function_ref<void(const Expr *)> Visit) {
  CallerFrames Caller(*this, Handed);
  if (Caller.Object)
    Visit(Caller.Object);
  return Caller.Object;
}

bool StringTracer::visitMadeObject(
    const CXXRecordDecl *Class, llvm::function_ref<void(const Expr *)> Visit) {
  CallerFrames Caller(*this, Class);
  if (Caller.Object)
    Visit(Caller.Object);
  return Caller.Object;
}

StringTracer::StringTracer(ASTContext &Context)
    : Flow(std::make_unique<Dominance>(Context)),
      Writes(std::make_unique<WriteIndex>(Context)), Context(Context) {}
StringTracer::~StringTracer() = default;

std::pair<const void *, size_t>
StringTracer::inProgressKey(const void *Traced) const {
  llvm::hash_code Calls = llvm::hash_value(BindingStack.size());
  for (const Bindings &Frame : BindingStack)
    Calls = llvm::hash_combine(Calls, Frame.Call);
  return {Traced, static_cast<size_t>(Calls)};
}

TracedValues StringTracer::traceAll(const Expr *E) {
  if (!E)
    return {TracedString::unknown()};
  // Values inside a helper depend on the call being followed, and virtual
  // calls on the classes pinned: no caching.
  bool Cacheable = BindingStack.empty() && Pinned.empty() &&
                   PinnedRows.empty() && !FirstPass && BoundRequests.empty();
  if (Cacheable) {
    auto Cached = Cache.find(E);
    // A result the depth limit cut short is only as good as the depth it
    // was traced at: a trace that starts higher up must look further.
    if (Cached != Cache.end() &&
        (Cached->second.Complete || Depth >= Cached->second.Depth)) {
      for (const FunctionDecl *Function : Cached->second.Unbound)
        UnboundReads.insert(Function);
      for (const ValueDecl *Container : Cached->second.UnboundElements) {
        UnboundElements.insert(Container);
        UnboundElementLog.push_back(Container);
      }
      EveryObjectLog.insert(EveryObjectLog.end(),
                            Cached->second.EveryObject.begin(),
                            Cached->second.EveryObject.end());
      if (!Open)
        Open = Cached->second.Open;
      return Cached->second.Text;
    }
  }
  if (Depth >= MaxDepth) {
    ++DepthCutoffs;
    return {TracedString::unknown()};
  }
  auto Key = inProgressKey(E);
  if (!InProgress.insert(Key).second) {
    ++CycleCutoffs;
    return {TracedString::unknown()};
  }
  unsigned CutoffsBefore = DepthCutoffs;
  unsigned CyclesBefore = CycleCutoffs;
  size_t UnboundBefore = UnboundLog.size();
  size_t UnboundElementsBefore = UnboundElementLog.size();
  size_t EveryObjectBefore = EveryObjectLog.size();
  bool OpenBefore = Open.has_value();
  unsigned StartDepth = Depth++;
  TracedValues Result = traceUncached(E);
  if (Result.size() == 1 && Result.front().isUnknown())
    if (std::optional<TracedValues> Guarded = guardedTexts(E))
      Result = std::move(*Guarded);
  --Depth;
  InProgress.erase(Key);
  if (Cacheable && CycleCutoffs == CyclesBefore)
    Cache[E] = {
        Result,
        StartDepth,
        DepthCutoffs == CutoffsBefore,
        std::vector<const FunctionDecl *>(UnboundLog.begin() + UnboundBefore,
                                          UnboundLog.end()),
        OpenBefore ? std::nullopt : Open,
        std::vector<const CXXRecordDecl *>(
            EveryObjectLog.begin() + EveryObjectBefore, EveryObjectLog.end()),
        std::vector<const ValueDecl *>(UnboundElementLog.begin() +
                                           UnboundElementsBefore,
                                       UnboundElementLog.end())};
  return Result;
}

// Whether \p A and \p B read the same variable, member of one, or element
// at the same constant index: `argv[1]` and `argv[1]`.
static bool sameOperand(const Expr *A, const Expr *B) {
  A = stripValueWrappers(A);
  B = stripValueWrappers(B);
  if (const auto *RefA = dyn_cast<DeclRefExpr>(A))
    return isa<DeclRefExpr>(B) &&
           RefA->getDecl() == cast<DeclRefExpr>(B)->getDecl();
  if (const auto *MemberA = dyn_cast<MemberExpr>(A)) {
    const auto *MemberB = dyn_cast<MemberExpr>(B);
    return MemberB && MemberA->getMemberDecl() == MemberB->getMemberDecl() &&
           sameOperand(MemberA->getBase(), MemberB->getBase());
  }
  const auto *ElementA = dyn_cast<ArraySubscriptExpr>(A);
  const auto *ElementB = dyn_cast<ArraySubscriptExpr>(B);
  const auto *IndexA =
      ElementA
          ? dyn_cast<IntegerLiteral>(ElementA->getIdx()->IgnoreParenImpCasts())
          : nullptr;
  const auto *IndexB =
      ElementB
          ? dyn_cast<IntegerLiteral>(ElementB->getIdx()->IgnoreParenImpCasts())
          : nullptr;
  return IndexA && IndexB && IndexA->getValue() == IndexB->getValue() &&
         sameOperand(ElementA->getBase(), ElementB->getBase());
}

// The literals \p Condition, when it is \p Holds, says \p Tested equals one
// of: `!strcmp(Tested, "me") || !strcmp(Tested, "companies")`, `Tested ==
// "me"` on a text class. Empty when it says nothing about it.
static std::vector<const StringLiteral *>
impliedLiterals(const Expr *Condition, bool Holds, const Expr *Tested) {
  const Expr *E = Condition->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot)
    return impliedLiterals(Not->getSubExpr(), !Holds, Tested);
  if (const auto *Logical = dyn_cast<BinaryOperator>(E);
      Logical && Logical->isLogicalOp()) {
    std::vector<const StringLiteral *> Left =
        impliedLiterals(Logical->getLHS(), Holds, Tested);
    std::vector<const StringLiteral *> Right =
        impliedLiterals(Logical->getRHS(), Holds, Tested);
    // `A || B` holding, or `A && B` failing: one of the two, so each must
    // say it. `A && B` holding, or `A || B` failing: both, so either may.
    if ((Logical->getOpcode() == BO_LOr) == Holds) {
      if (Left.empty() || Right.empty())
        return {};
      Left.insert(Left.end(), Right.begin(), Right.end());
      return Left;
    }
    return Left.empty() ? Right : Left;
  }
  // `Tested == "me"` on a text class; strcmp(Tested, "me") compared with
  // 0, or as a truth value (non-zero when the texts differ).
  auto TextComparison = [](const Expr *Call) -> const CallExpr * {
    const auto *Compare = dyn_cast<CallExpr>(Call->IgnoreParenImpCasts());
    const FunctionDecl *Callee = Compare ? Compare->getDirectCallee() : nullptr;
    return Callee && Callee->getIdentifier() && Compare->getNumArgs() == 2 &&
                   llvm::is_contained({"strcmp", "strcasecmp", "wcscmp"},
                                      Callee->getName())
               ? Compare
               : nullptr;
  };
  const Expr *Left = nullptr, *Right = nullptr;
  bool EqualityTest = true;
  bool Same = !Holds;
  if (splitEquality(E, Left, Right, EqualityTest)) {
    Same = EqualityTest == Holds;
    const auto *Zero = dyn_cast<IntegerLiteral>(Right->IgnoreParenImpCasts());
    if (Zero && Zero->getValue().isZero()) {
      if (const CallExpr *Compare = TextComparison(Left)) {
        Left = Compare->getArg(0);
        Right = Compare->getArg(1);
      } else {
        Left = nullptr;
      }
    } else if (!isa<CXXOperatorCallExpr>(E)) {
      Left = nullptr; // Two pointers compared: addresses, not texts.
    }
  } else if (const CallExpr *Compare = TextComparison(E)) {
    Left = Compare->getArg(0);
    Right = Compare->getArg(1);
  }
  if (!Left || !Same)
    return {};
  for (auto [Side, Other] : {std::pair(Left, Right), std::pair(Right, Left)})
    if (const auto *Literal =
            dyn_cast<StringLiteral>(stripValueWrappers(Other));
        Literal && sameOperand(Side, Tested))
      return {Literal};
  return {};
}

// A text the trace cannot read, inside a branch whose condition compares
// it with literals (`else if (!strcmp(argv[1], "me") || ...)`): one of
// them, unless the branch writes the variable before.
std::optional<TracedValues> StringTracer::guardedTexts(const Expr *E) {
  QualType Type = E->getType();
  // `Command` or `argv[1]`: the variable a write would change.
  const Expr *Named = stripValueWrappers(E);
  if (const auto *Element = dyn_cast<ArraySubscriptExpr>(Named))
    Named = Element->getBase();
  const VarDecl *Var = referencedVariable(Named);
  if (!Var || (!isTextClass(Type) && !(Type->isPointerType() &&
                                       Type->getPointeeType()->isCharType())))
    return std::nullopt;
  DynTypedNode Child = DynTypedNode::create(*E);
  for (int Hop = 0; Hop < 64; ++Hop) {
    DynTypedNodeList Parents = Context.getParents(Child);
    if (Parents.empty() || Parents[0].get<FunctionDecl>() ||
        Parents[0].get<LambdaExpr>())
      return std::nullopt;
    if (const auto *If = Parents[0].get<IfStmt>()) {
      const Stmt *Branch = Child.get<Stmt>();
      bool InThen = Branch && Branch == If->getThen();
      bool InElse = Branch && Branch == If->getElse();
      std::vector<const StringLiteral *> Literals =
          InThen || InElse ? impliedLiterals(If->getCond(), InThen, E)
                           : std::vector<const StringLiteral *>();
      if (!Literals.empty()) {
        const SourceManager &SM = Context.getSourceManager();
        if (!Var->hasLocalStorage() ||
            llvm::any_of(mutationsOf(Var), [&](const Mutation &M) {
              return SM.isPointWithin(M.Site->getBeginLoc(),
                                      Branch->getBeginLoc(),
                                      Branch->getEndLoc());
            }))
          return std::nullopt;
        TracedValues Texts;
        for (const StringLiteral *Literal : Literals)
          addAlternative(Texts, TracedString::literal(Literal));
        return Texts;
      }
    }
    Child = Parents[0];
  }
  return std::nullopt;
}

const Expr *StringTracer::boundArgument(const ParmVarDecl *Param,
                                        std::vector<Bindings> &Outer) {
  for (size_t I = BindingStack.size(); I-- > 0;) {
    auto Found = BindingStack[I].Arguments.find(Param);
    if (Found == BindingStack[I].Arguments.end())
      continue;
    // The argument belongs to the caller: trace it in the caller's frames.
    const Expr *Argument = Found->second;
    Outer.assign(BindingStack.begin() + I, BindingStack.end());
    BindingStack.resize(I);
    return Argument;
  }
  return nullptr;
}

// The object of the innermost frame \p Binds accepts; the frames from it on
// are moved to \p Outer until the object is read.
const Expr *
StringTracer::objectOfFrame(llvm::function_ref<bool(const Bindings &)> Binds,
                            std::vector<Bindings> &Outer) {
  for (size_t I = BindingStack.size(); I-- > 0;) {
    if (!BindingStack[I].This || !Binds(BindingStack[I]))
      continue;
    const Expr *Object = BindingStack[I].This;
    Outer.assign(BindingStack.begin() + I, BindingStack.end());
    BindingStack.resize(I);
    return Object;
  }
  return nullptr;
}

const Expr *StringTracer::boundThis(const FunctionDecl *Method,
                                    std::vector<Bindings> &Outer) {
  return objectOfFrame(
      [&](const Bindings &Frame) {
        return Frame.Callee &&
               Frame.Callee->getCanonicalDecl() == Method->getCanonicalDecl();
      },
      Outer);
}

const Expr *StringTracer::madeObjectOf(const CXXRecordDecl *Class,
                                       std::vector<Bindings> &Outer) {
  if (!Class)
    return nullptr;
  return objectOfFrame(
      [&](const Bindings &Frame) {
        return Frame.Made && isSameOrDerived(Frame.Made, Class);
      },
      Outer);
}

const FunctionDecl *StringTracer::methodOfThis(const CXXThisExpr *This) {
  const Stmt *At = This;
  const FunctionDecl *Function = Flow->enclosingFunction(At);
  // A lambda's `this` is the one of the method it is written in.
  for (int Guard = 0; Function && Guard < 8; ++Guard) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Function);
    if (!Method || !Method->getParent()->isLambda())
      return Function;
    const LambdaExpr *Lambda = Flow->enclosingLambda(At);
    if (!Lambda)
      return nullptr;
    At = Lambda;
    Function = Flow->enclosingFunction(At);
  }
  return nullptr;
}

ObjectRoot StringTracer::handedObject(const Expr *E) {
  if (const auto *This = dyn_cast_or_null<CXXThisExpr>(E)) {
    if (const FunctionDecl *Method = methodOfThis(This))
      return Method;
    return {};
  }
  // `auto &In = *static_cast<Request *>(Opaque)` stands for the parameter.
  if (const auto *Param =
          dyn_cast_or_null<ParmVarDecl>(aliasedVariable(referencedVariable(E))))
    return Param;
  return {};
}

StringTracer::CallerFrames::CallerFrames(StringTracer &Tracer,
                                         ObjectRoot Handed)
    : Tracer(Tracer) {
  if (const auto *Param = dyn_cast_if_present<ParmVarDecl>(
          Handed.dyn_cast<const VarDecl *>())) {
    Object = Tracer.boundArgument(Param, Outer);
    if (!Object)
      Tracer.noteUnbound(Param);
  } else if (const auto *Method = Handed.dyn_cast<const FunctionDecl *>()) {
    Object = Tracer.boundThis(Method, Outer);
    // No call on the way binds it: the object the chain follows, if it is
    // of the method's class.
    if (!Object)
      Object = Tracer.madeObjectOf(
          dyn_cast<CXXRecordDecl>(Method->getDeclContext()), Outer);
    if (!Object)
      Tracer.noteUnboundIn(Method);
  }
  if (Object)
    Call = Outer.front().Call;
  Tracer.ExitCalls.push_back(Call);
}

StringTracer::CallerFrames::CallerFrames(StringTracer &Tracer,
                                         const CXXRecordDecl *Class)
    : Tracer(Tracer) {
  Object = Tracer.madeObjectOf(Class, Outer);
  if (Object)
    Call = Outer.front().Call;
  Tracer.ExitCalls.push_back(Call);
}

StringTracer::CallerFrames::CallerFrames(StringTracer &Tracer, CallOf Function)
    : Tracer(Tracer) {
  for (size_t I = Tracer.BindingStack.size(); I-- > 0;) {
    const Bindings &Frame = Tracer.BindingStack[I];
    if (!Frame.Callee || !isa<CallExpr>(Frame.Call) ||
        Frame.Callee->getCanonicalDecl() != Function.Callee->getCanonicalDecl())
      continue;
    Call = Frame.Call;
    Outer.assign(Tracer.BindingStack.begin() + I, Tracer.BindingStack.end());
    Tracer.BindingStack.resize(I);
    break;
  }
  Tracer.ExitCalls.push_back(Call);
}

StringTracer::CallerFrames::~CallerFrames() {
  Tracer.ExitCalls.pop_back();
  Tracer.BindingStack.insert(Tracer.BindingStack.end(), Outer.begin(),
                             Outer.end());
}

const Expr *StringTracer::bufferReadPoint(const VarDecl *Var,
                                          const DeclRefExpr *Ref) {
  const auto *Array = Context.getAsConstantArrayType(Var->getType());
  if (!Var->hasLocalStorage() || !Array ||
      !Array->getElementType()->isAnyCharacterType())
    return Ref;
  // Decayed to a pointer that is kept, not handed to a call that reads it
  // now (strcpy, snprintf, a helper).
  DynTypedNodeList Parents = Context.getParents(*Ref);
  const auto *Decay =
      Parents.empty() ? nullptr : Parents[0].get<ImplicitCastExpr>();
  if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
    return Ref;
  Parents = Context.getParents(*Decay);
  if (Parents.empty() || Parents[0].get<CallExpr>() ||
      Parents[0].get<CXXConstructExpr>())
    return Ref;
  const FunctionDecl *Function = Flow->enclosingFunction(Ref);
  const SourceManager &SM = Context.getSourceManager();
  for (const Expr *Call : llvm::reverse(ExitCalls))
    if (Call && Flow->enclosingFunction(Call) == Function &&
        SM.isBeforeInTranslationUnit(Ref->getBeginLoc(), Call->getBeginLoc()))
      return Call;
  return Ref;
}

// The function whose code makes what \p Root's writes are: the variable's,
// or the method itself for its object.
static const FunctionDecl *functionOf(ObjectRoot Root) {
  if (const auto *Var = Root.dyn_cast<const VarDecl *>())
    return dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Root.get<const FunctionDecl *>();
}

bool StringTracer::writesTo(ObjectRoot Object, const VarDecl *Root,
                            const CXXThisExpr *This) {
  if (const auto *Var = Object.dyn_cast<const VarDecl *>())
    return Root == Var;
  const FunctionDecl *Method = This ? methodOfThis(This) : nullptr;
  return Method && Method->getCanonicalDecl() ==
                       Object.get<const FunctionDecl *>()->getCanonicalDecl();
}

// Calls that read a value from outside the program and fall back to a
// default the code spells: the default is one of the texts they may give.
const llvm::StringMap<unsigned> DefaultArgumentOf = {
    {"std::optional::value_or", 0},
    {"QSettings::value", 1},
    {"qEnvironmentVariable", 1},
    {"QProcessEnvironment::value", 1},
    {"nlohmann::basic_json::value", 1},
    {"Poco::Util::AbstractConfiguration::getString", 1},
    {"Poco::Util::AbstractConfiguration::getRawString", 1},
    {"Poco::Environment::get", 1},
};

// Named constants libraries define out of line, where no header shows
// their text: HTTP methods and versions.
const llvm::StringMap<llvm::StringRef> LibraryConstants = {
    {"Poco::Net::HTTPRequest::HTTP_GET", "GET"},
    {"Poco::Net::HTTPRequest::HTTP_HEAD", "HEAD"},
    {"Poco::Net::HTTPRequest::HTTP_PUT", "PUT"},
    {"Poco::Net::HTTPRequest::HTTP_POST", "POST"},
    {"Poco::Net::HTTPRequest::HTTP_OPTIONS", "OPTIONS"},
    {"Poco::Net::HTTPRequest::HTTP_DELETE", "DELETE"},
    {"Poco::Net::HTTPRequest::HTTP_PATCH", "PATCH"},
    {"Poco::Net::HTTPMessage::HTTP_1_0", "HTTP/1.0"},
    {"Poco::Net::HTTPMessage::HTTP_1_1", "HTTP/1.1"},
    {"web::http::methods::GET", "GET"},
    {"web::http::methods::POST", "POST"},
    {"web::http::methods::PUT", "PUT"},
    {"web::http::methods::DEL", "DELETE"},
    {"web::http::methods::HEAD", "HEAD"},
    {"web::http::methods::OPTIONS", "OPTIONS"},
    {"web::http::methods::PATCH", "PATCH"},
};

static std::optional<llvm::StringRef> libraryConstant(const VarDecl *Var) {
  if (!Var->isStaticDataMember() && !Var->hasGlobalStorage())
    return std::nullopt;
  auto Found = LibraryConstants.find(Var->getQualifiedNameAsString());
  if (Found == LibraryConstants.end())
    return std::nullopt;
  return Found->second;
}

// Member `first` or `second` of the pair \p Pair that `std::get<0>` or
// `std::get<1>` reads; null for other expressions.
static const FieldDecl *pairElement(const Expr *E, const Expr *&Pair) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Call->getNumArgs() != 1 || !Callee->getIdentifier() ||
      Callee->getName() != "get" || !Callee->isInStdNamespace())
    return nullptr;
  const TemplateArgumentList *Arguments =
      Callee->getTemplateSpecializationArgs();
  const CXXRecordDecl *Class =
      Call->getArg(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!Arguments || Arguments->size() == 0 ||
      Arguments->get(0).getKind() != TemplateArgument::Integral || !Class ||
      !Class->getIdentifier() || Class->getName() != "pair")
    return nullptr;
  uint64_t Index = Arguments->get(0).getAsIntegral().getZExtValue();
  for (const FieldDecl *Field : Class->fields())
    if (Index < 2 && Field->getIdentifier() &&
        Field->getName() == (Index == 0 ? "first" : "second")) {
      Pair = Call->getArg(0);
      return Field;
    }
  return nullptr;
}

// One case per kind of expression, tried in order: a dispatch, kept whole so
// the order that decides reads in one place.
TracedValues StringTracer::traceUncached(const Expr *E) {
  E = stripValueWrappers(E);
  if (const auto *Literal = dyn_cast<StringLiteral>(E))
    return {TracedString::literal(Literal)};
  // path += '/': a printable character is text too.
  if (const auto *Character = dyn_cast<CharacterLiteral>(E);
      Character && Character->getValue() >= 0x20 &&
      Character->getValue() < 0x7f)
    return {TracedString::plain(
        std::string(1, static_cast<char>(Character->getValue())))};
  if (const auto *Opaque = dyn_cast<OpaqueValueExpr>(E))
    return traceAll(Opaque->getSourceExpr());
  // `std::get<0>(Pair)`, as `const auto [Host, Target] = endpoint(R);`
  // reads a pair: its member.
  const Expr *Pair = nullptr;
  if (const FieldDecl *Element = pairElement(E, Pair))
    if (std::optional<TracedValues> Value = objectValue(Pair, Element, 0))
      return *Value;
  // `cond ? a : b` and `a ?: b`: the text the condition picks under the
  // arguments bound now, or either.
  if (const auto *Conditional = dyn_cast<AbstractConditionalOperator>(E)) {
    if (const auto *Ternary = dyn_cast<ConditionalOperator>(Conditional))
      if (std::optional<bool> Picked = evaluateCondition(Ternary->getCond()))
        return traceAll(*Picked ? Ternary->getTrueExpr()
                                : Ternary->getFalseExpr());
    TracedValues Result = traceAll(Conditional->getTrueExpr());
    for (const TracedString &Other : traceAll(Conditional->getFalseExpr()))
      addAlternative(Result, Other);
    return Result;
  }
  // kBaseUrls[env] with the index settled: the one element it picks.
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    if (const Expr *Row = tableElement(Subscript))
      return traceAll(Row);
  if (std::optional<TracedValues> Value = traceKeyedRead(E))
    return *Value;
  if (std::optional<TracedValues> Element = traceElement(E))
    return *Element;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
      if (std::optional<llvm::StringRef> Known = libraryConstant(Var))
        return {TracedString::plain(*Known)};
      return traceVariableAt(Var, bufferReadPoint(Var, Ref));
    }
    if (const Expr *Named = boundMember(Ref))
      return traceAll(Named);
    return {TracedString::unknown()};
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    // A member of the rows of a table the code picks (`It->Path` after
    // std::find_if by name): those rows' values.
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
        Field && !PinnedRows.count(canonicalRecord(Field->getParent())) &&
        !Writes->onlyBracedObjectsOf(Field->getParent()).empty())
      if (auto Rows = rowsDenotedBy(Member->getBase(), 0)) {
        TracedValues Picked;
        for (const InitListExpr *Row : *Rows) {
          RowScope Pinned(*this, Field->getParent(), Row);
          for (const TracedString &Value : traceField(Field))
            addAlternative(Picked, Value);
        }
        return Picked;
      }
    if (std::optional<TracedValues> OfObject = traceObjectMember(Member))
      return *OfObject;
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl())) {
      // The object the calls followed make.
      std::optional<TracedValues> OfMade;
      visitMadeObject(ownerOf(Field), [&](const Expr *Made) {
        OfMade = objectValue(Made, Field, 1);
      });
      if (OfMade)
        return *OfMade;
      if (!PinnedRows.count(canonicalRecord(Field->getParent())))
        noteEveryObjectRead(Field);
      return traceField(Field);
    }
    if (const auto *Var = dyn_cast<VarDecl>(Member->getMemberDecl()))
      return traceVariableAt(Var, Member);
    return {TracedString::unknown()};
  }
  // kBaseUrls[env], the index unsettled: any element of a table the code
  // initializes.
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    const InitListExpr *Rows = tableRows(Subscript);
    if (!Rows || Rows->getNumInits() == 0)
      return {TracedString::unknown()};
    TracedValues Result;
    for (const Expr *Row : Rows->inits())
      for (const TracedString &Value : traceAll(Row))
        addAlternative(Result, Value);
    return Result;
  }
  if (const auto *New = dyn_cast<CXXNewExpr>(E))
    return New->getConstructExpr() ? traceAll(New->getConstructExpr())
                                   : TracedValues{TracedString::unknown()};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const Expr *Source = firstNonDefaultArgumentsOnly(Construct);
    // cpr::Url{base, "/rest/v1.0/me"}: the pieces of a list, joined.
    if (const auto *Pieces = dyn_cast_or_null<CXXStdInitializerListExpr>(
            Source ? stripValueWrappers(Source) : nullptr)) {
      const auto *List =
          dyn_cast<InitListExpr>(stripValueWrappers(Pieces->getSubExpr()));
      if (!List)
        return {TracedString::unknown()};
      TracedValues Joined = {TracedString::plain("")};
      for (const Expr *Piece : List->inits())
        Joined = concatenate(Joined, traceAll(Piece));
      return Joined;
    }
    if (Source)
      return traceAll(Source);
    if (std::optional<TracedValues> Counted = countedText(Construct))
      return *Counted;
    // std::string(), QByteArray(): empty text.
    if (llvm::all_of(Construct->arguments(), [](const Expr *Arg) {
          return isa<CXXDefaultArgExpr>(Arg);
        }))
      if (const auto *Record = Construct->getType()->getAsCXXRecordDecl();
          Record && Record->getIdentifier() &&
          llvm::is_contained({"basic_string", "QString", "QByteArray"},
                             Record->getName()))
        return {TracedString::plain("")};
    return {TracedString::unknown()};
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return traceCall(Call);
  return {TracedString::unknown()};
}

// `std::string(Chars, Count)`: the first Count characters, all of them
// when Count is their length (what a string literal operator receives:
// `"/rest/v1.0"_path`).
std::optional<TracedValues>
StringTracer::countedText(const CXXConstructExpr *Construct) {
  QualType Type = Construct->getType();
  if (!(isStdClass(Type, "basic_string") ||
        isStdClass(Type, "basic_string_view")) ||
      Construct->getNumArgs() < 2 ||
      (Construct->getNumArgs() > 2 &&
       !isa<CXXDefaultArgExpr>(Construct->getArg(2))) ||
      !Construct->getArg(0)->IgnoreImpCasts()->getType()->isPointerType() ||
      !Construct->getArg(1)->getType()->isIntegerType())
    return std::nullopt;
  std::optional<llvm::APSInt> Count = numberValue(Construct->getArg(1), 0);
  TracedValues Result;
  for (const TracedString &Chars : traceAll(Construct->getArg(0))) {
    const std::string &Text = Chars.text();
    bool Known = Text.find(UnknownText) == std::string::npos;
    if (Count && Known && Count->getLimitedValue() <= Text.size())
      addAlternative(Result, Chars.slice(0, Count->getLimitedValue()));
    else
      addAlternative(Result, TracedString::unknown());
  }
  return Result;
}

// `std::make_shared<Request>()`, `std::make_unique<Request>()` and
// `new Request`: a new object built by its default constructor, whose
// members hold what their class gives them.
bool allocatesDefault(const Expr *E) {
  if (const auto *New = dyn_cast<CXXNewExpr>(E))
    return !New->isArray() && (!New->getConstructExpr() ||
                               New->getConstructExpr()->getNumArgs() == 0);
  const auto *Call = dyn_cast<CallExpr>(E);
  return Call && Call->getNumArgs() == 0 && isStdMaker(Call->getDirectCallee());
}

bool isStdMaker(const FunctionDecl *Callee) {
  return Callee && Callee->isInStdNamespace() &&
         Callee->getDeclName().isIdentifier() &&
         (Callee->getName() == "make_shared" ||
          Callee->getName() == "make_unique");
}

const CXXRecordDecl *madeClass(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!isStdMaker(Callee))
    return nullptr;
  const TemplateArgumentList *Arguments =
      Callee->getTemplateSpecializationArgs();
  if (!Arguments || Arguments->size() == 0 ||
      Arguments->get(0).getKind() != TemplateArgument::Type)
    return nullptr;
  return Arguments->get(0).getAsType()->getAsCXXRecordDecl();
}

// `std::move(Request)` and `std::forward<T>(Request)` are Request.
const Expr *movedObject(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && Callee->isInStdNamespace() &&
      Callee->getDeclName().isIdentifier() && Call->getNumArgs() == 1 &&
      (Callee->getName() == "move" || Callee->getName() == "forward"))
    return Call->getArg(0);
  return nullptr;
}

// The type of the value a std::variant was made from where it is read:
// through the parameters bound now and the locals it was copied into.
// Null when not known.
QualType StringTracer::heldAlternative(const Expr *Variant, unsigned Depth) {
  if (!Variant || Depth > MaxObjectHops)
    return {};
  const Expr *E = stripValueWrappers(Variant);
  QualType Type = E->getType().getNonReferenceType().getUnqualifiedType();
  if (!isStdClass(Type, "variant"))
    return Type;
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (const auto *Param =
          Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr) {
    QualType Held;
    visitBoundObject(Param, [&](const Expr *Argument) {
      Held = heldAlternative(Argument, Depth + 1);
    });
    return Held;
  }
  if (const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      Var && Var->hasLocalStorage())
    if (Origin From = originAt(Var, Ref); From.Known && From.Source)
      return heldAlternative(From.Source, Depth + 1);
  return {};
}

//===--- Virtual calls ----------------------------------------------------===//

// A call that picks its method by the object's class: a virtual method of
// the user's code, not named with its class (`Base::path()`).
static const CXXMethodDecl *virtualDispatch(const CallExpr *Call) {
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->isVirtual())
    return nullptr;
  const auto *Access =
      dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParenImpCasts());
  if (Access && Access->hasQualifier())
    return nullptr;
  return Method;
}

StringTracer::ClassScope::ClassScope(StringTracer &Tracer, const Decl *Root,
                                     const CXXRecordDecl *Class)
    : Tracer(Tracer), Root(Root), Before(Tracer.Pinned.lookup(Root)) {
  Tracer.Pinned[Root] = Class;
}

TracedValues StringTracer::traceRowByRow(const Expr *E) {
  constexpr size_t MaxRows = 64;
  size_t Before = EveryObjectLog.size();
  TracedValues Text = traceAll(E);
  llvm::ArrayRef<const CXXRecordDecl *> Classes =
      llvm::ArrayRef(EveryObjectLog).drop_front(Before);
  if (Classes.size() < 2 || !Classes.front() || !llvm::all_equal(Classes))
    return Text;
  const CXXRecordDecl *Class = Classes.front();
  llvm::ArrayRef<const InitListExpr *> Rows =
      Writes->onlyBracedObjectsOf(Class);
  if (Rows.size() < 2 || Rows.size() > MaxRows)
    return Text;
  TracedValues ByRow;
  for (const InitListExpr *Row : Rows) {
    RowScope Pinned(*this, Class, Row);
    size_t Inside = EveryObjectLog.size();
    for (const TracedString &Value : traceAll(E))
      addAlternative(ByRow, Value);
    if (EveryObjectLog.size() != Inside) {
      EveryObjectLog.resize(Inside);
      return Text; // Another object's members are read too.
    }
  }
  EveryObjectLog.resize(Before);
  return ByRow;
}

std::optional<llvm::SmallVector<const InitListExpr *, 4>>
StringTracer::rowsDenotedBy(const Expr *Object, unsigned Depth) {
  if (!Object || Depth > MaxObjectHops)
    return std::nullopt;
  const Expr *E = stripIndirection(Object);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage())
      return std::nullopt;
    if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
      CallerFrames Caller(*this, Param);
      return Caller.Object ? rowsDenotedBy(Caller.Object, Depth + 1)
                           : std::nullopt;
    }
    Origin From = originAt(Var, Ref);
    return From.Known && From.Source ? rowsDenotedBy(From.Source, Depth + 1)
                                     : std::nullopt;
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
      Callee->getName() == "find_if" && Call->getNumArgs() == 3)
    return rowsPicked(Call);
  // What the user's function returns, with the call's arguments bound.
  const FunctionDecl *Definition = userDefinition(Call);
  if (!Definition)
    return std::nullopt;
  BindingScope Bound(*this, Definition, Call);
  llvm::SmallVector<const InitListExpr *, 4> Rows;
  std::vector<const ReturnStmt *> Returns = returnStatements(Definition);
  if (Returns.empty())
    return std::nullopt;
  for (const ReturnStmt *Return : Returns) {
    auto Returned = rowsDenotedBy(Return->getRetValue(), Depth + 1);
    if (!Returned)
      return std::nullopt;
    for (const InitListExpr *Row : *Returned)
      if (!llvm::is_contained(Rows, Row))
        Rows.push_back(Row);
  }
  return Rows;
}

// `std::find_if(kRoutes.begin(), kRoutes.end(), [Key](const Route &R) {
// return R.Name == Key; })` over a table whose rows braced initializers
// build: the rows whose member values do not settle the predicate false.
std::optional<llvm::SmallVector<const InitListExpr *, 4>>
StringTracer::rowsPicked(const CallExpr *FindIf) {
  const auto *Lambda =
      dyn_cast<LambdaExpr>(stripValueWrappers(FindIf->getArg(2)));
  const Expr *Range = iteratedRange(FindIf->getArg(0), FindIf->getArg(1));
  const VarDecl *Table = Range ? referencedVariable(Range) : nullptr;
  const auto *Body =
      Lambda ? dyn_cast<CompoundStmt>(Lambda->getBody()) : nullptr;
  const auto *Return = Body && Body->size() == 1
                           ? dyn_cast<ReturnStmt>(Body->body_front())
                           : nullptr;
  const CXXMethodDecl *Operator = Lambda ? Lambda->getCallOperator() : nullptr;
  if (!Table || !Table->getInit() || !Return || !Return->getRetValue() ||
      !Operator || Operator->getNumParams() != 1)
    return std::nullopt;
  const RecordDecl *Record = Operator->getParamDecl(0)
                                 ->getType()
                                 .getNonReferenceType()
                                 ->getAsRecordDecl();
  if (!Record)
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  SourceRange Written = Table->getInit()->getSourceRange();
  llvm::SmallVector<const InitListExpr *, 4> Rows;
  for (const InitListExpr *Row : Writes->onlyBracedObjectsOf(Record)) {
    if (!SM.isPointWithin(Row->getBeginLoc(), Written.getBegin(),
                          Written.getEnd()))
      continue;
    RowScope Pinned(*this, Record, Row);
    if (evaluateCondition(Return->getRetValue()) != std::optional<bool>(false))
      Rows.push_back(Row);
  }
  if (Rows.empty())
    return std::nullopt;
  return Rows;
}

StringTracer::RowScope::RowScope(StringTracer &Tracer, const RecordDecl *Record,
                                 const InitListExpr *Row)
    : Tracer(Tracer), Record(canonicalRecord(Record)) {
  Tracer.PinnedRows[this->Record] = Row;
}

StringTracer::RowScope::~RowScope() { Tracer.PinnedRows.erase(Record); }

StringTracer::ClassScope::~ClassScope() {
  if (Before)
    Tracer.Pinned[Root] = Before;
  else
    Tracer.Pinned.erase(Root);
}

// Through `*`, `->`, `&`, .get() and std::move to what holds an object: a
// pointer, a smart pointer or the object itself. Null through an iterator,
// whose class is not what it points to.
static const Expr *objectHolder(const Expr *Object) {
  const Expr *E = Object;
  for (int Guard = 0; Guard < 8; ++Guard) {
    E = stripValueWrappers(E);
    const Expr *Inner = nullptr;
    bool Dereferences = false;
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref) {
        Inner = Unary->getSubExpr();
        Dereferences = Unary->getOpcode() == UO_Deref;
      }
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Operator->getNumArgs() == 1 && (Operator->getOperator() == OO_Arrow ||
                                          Operator->getOperator() == OO_Star)) {
        // libstdc++ reaches `->` through a base of the smart pointer.
        Inner = Operator->getArg(0)->IgnoreImpCasts();
        Dereferences = true;
      }
    } else if (const auto *Get = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Get->getMethodDecl();
      if (Method && Method->isInStdNamespace() && Method->getIdentifier() &&
          Method->getName() == "get")
        Inner = Get->getImplicitObjectArgument();
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      Inner = movedObject(Call);
    }
    if (!Inner)
      break;
    QualType Holder = Inner->getType().getNonReferenceType();
    if (Dereferences && !Holder->isPointerType() && !isOwningPointer(Holder))
      return nullptr;
    E = Inner;
  }
  return E;
}

// The local or parameter container whose elements a range-for walks, when
// \p Object is its element. (A member's elements are read through the
// writes to the member, one class per element the class puts in.)
static const VarDecl *walkedContainerOf(const Expr *Object) {
  const VarDecl *Element = referencedVariable(stripIndirection(Object));
  const auto *Container = dyn_cast_or_null<VarDecl>(
      Element && Element->getInit() ? walkedContainer(Element->getInit())
                                    : nullptr);
  return Container && Container->hasLocalStorage() ? Container : nullptr;
}

const CXXRecordDecl *StringTracer::objectClass(const Expr *Object) {
  const Decl *Root = nullptr;
  const CXXRecordDecl *Class = classOfObject(Object, 0, Root);
  // The class the object is declared with: what it may be is that class
  // or one derived from it.
  QualType Type = stripIndirection(Object)->getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Static = Type->getAsCXXRecordDecl();
  if (const auto *Smart =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(Static);
      Smart && Smart->isInStdNamespace() &&
      Smart->getTemplateArgs().size() >= 1 &&
      Smart->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    Static = Smart->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (Class && Static && isSameOrDerived(Class, Static))
    return Class;
  // The element a loop walks is each element in turn, not one object.
  if (Root && Static && !Open && !walkedContainerOf(Object))
    Open = OpenDispatch{Root, Writes->concreteClassesOf(Static)};
  return nullptr;
}

// The elements a local container holds when the code shows them all:
// its initializer's and those put in one by one.
static bool localElements(StringTracer &Tracer, const VarDecl *Local,
                          llvm::SmallVectorImpl<const Expr *> &Out) {
  return Local->hasLocalStorage() && !isa<ParmVarDecl>(Local) &&
         llvm::none_of(Tracer.writes().entriesOf(Local),
                       [&](const WriteIndex::Entry &Entry) {
                         Out.push_back(Entry.First);
                         return Entry.Range;
                       }) &&
         !Out.empty();
}

// The same for a container value: a local's, a braced list, or what every
// return of the helper that makes it lists.
static bool listedElements(StringTracer &Tracer, const Expr *Value,
                           llvm::SmallVectorImpl<const Expr *> &Out) {
  Value = stripValueWrappers(Value);
  if (const VarDecl *Local = referencedVariable(Value))
    return localElements(Tracer, Local, Out);
  llvm::SmallVector<const Expr *, 2> Lists = {Value};
  if (const auto *Call = dyn_cast<CallExpr>(Value)) {
    Lists.clear();
    for (const FunctionDecl *Helper : Tracer.returningDefinitions(Call))
      for (const Expr *Returned : returnValues(Helper))
        Lists.push_back(Returned);
  }
  for (const Expr *List : Lists) {
    std::vector<WriteIndex::Entry> Entries = listEntries(List, List);
    if (Entries.empty())
      return false;
    for (const WriteIndex::Entry &Entry : Entries)
      Out.push_back(Entry.First);
  }
  return !Out.empty();
}

std::optional<llvm::SmallVector<const CXXRecordDecl *, 2>>
StringTracer::walkedElementClasses(const Expr *Object) {
  const VarDecl *Container = walkedContainerOf(Object);
  if (!Container)
    return std::nullopt;
  llvm::SmallVector<const Expr *, 4> Elements;
  std::vector<Bindings> Outer;
  bool Known = false;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Container)) {
    if (const Expr *Argument = boundArgument(Param, Outer))
      Known = listedElements(*this, Argument, Elements);
  } else {
    Known = localElements(*this, Container, Elements);
  }
  std::optional<llvm::SmallVector<const CXXRecordDecl *, 2>> Classes;
  if (Known)
    Classes.emplace();
  for (size_t I = 0; Classes && I < Elements.size(); ++I) {
    const Decl *Ignored = nullptr;
    if (const CXXRecordDecl *Class = classOfObject(Elements[I], 0, Ignored)) {
      if (!llvm::is_contained(*Classes, Class))
        Classes->push_back(Class);
    } else {
      Classes.reset();
    }
  }
  BindingStack.insert(BindingStack.end(), Outer.begin(), Outer.end());
  return Classes;
}

// The class of the object an expression denotes: through pointers, smart
// pointers, the parameters and `this` bound now, the locals it was made in,
// `new`, std::make_unique and the helpers that make it. \p Root becomes
// the first variable, member or `this` on the way, which a ClassScope may
// pin.
const CXXRecordDecl *StringTracer::classOfObject(const Expr *Object,
                                                 unsigned Depth,
                                                 const Decl *&Root) {
  if (!Object || Depth > MaxObjectHops)
    return nullptr;
  const Expr *E = objectHolder(Object);
  if (!E)
    return nullptr;
  // An object held by value is of the class it is declared with.
  auto Exact = [](QualType Type) -> const CXXRecordDecl * {
    if (Type->isReferenceType() || Type->isPointerType() ||
        isOwningPointer(Type))
      return nullptr;
    return Type->getAsCXXRecordDecl();
  };
  auto PinnedClass = [&](const Decl *D) {
    if (!Root)
      Root = D;
    return Pinned.lookup(D);
  };
  if (const auto *This = dyn_cast<CXXThisExpr>(E)) {
    const FunctionDecl *Method = methodOfThis(This);
    if (!Method)
      return nullptr;
    if (const CXXRecordDecl *Class = PinnedClass(Method->getCanonicalDecl()))
      return Class;
    CallerFrames Caller(*this, Method);
    return Caller.Object ? classOfObject(Caller.Object, Depth + 1, Root)
                         : nullptr;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return nullptr;
    if (const CXXRecordDecl *Class = PinnedClass(Var->getCanonicalDecl()))
      return Class;
    if (const CXXRecordDecl *Class = Exact(Var->getType()))
      return Class;
    if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
      CallerFrames Caller(*this, Param);
      return Caller.Object ? classOfObject(Caller.Object, Depth + 1, Root)
                           : nullptr;
    }
    if (Var->hasLocalStorage())
      if (Origin From = originAt(Var, Ref); From.Known && From.Source)
        return classOfObject(From.Source, Depth + 1, Root);
    return nullptr;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return nullptr;
    if (const CXXRecordDecl *Class = PinnedClass(Field))
      return Class;
    if (const CXXRecordDecl *Class = Exact(Field->getType()))
      return Class;
    if (const CXXRecordDecl *Class =
            classOfMadeMember(Member->getBase(), Field, Depth + 1))
      return Class;
    // What every write to the member makes, and what the constructors
    // the program runs give it.
    std::vector<const Expr *> Values;
    if (Field->hasInClassInitializer())
      Values.push_back(Field->getInClassInitializer());
    for (const WriteIndex::Write &W : Writes->writesOf(Field))
      Values.push_back(W.Value);
    bool Disagree = false;
    const CXXRecordDecl *Constructed =
        constructedMemberClass(Field, Depth + 1, Disagree);
    if (Disagree)
      return nullptr;
    if (Values.empty())
      return Constructed;
    const CXXRecordDecl *Written = agreedClass(Values, Depth + 1);
    return !Constructed || Written == Constructed ? Written : nullptr;
  }
  if (const auto *New = dyn_cast<CXXNewExpr>(E))
    return New->getAllocatedType()->getAsCXXRecordDecl();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // A smart pointer converted from one to a derived class.
    if (Construct->getNumArgs() == 1 && isOwningPointer(Construct->getType()))
      return classOfObject(Construct->getArg(0), Depth + 1, Root);
    return Exact(Construct->getType());
  }
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    const CXXRecordDecl *True =
        classOfObject(Conditional->getTrueExpr(), Depth + 1, Root);
    return True == classOfObject(Conditional->getFalseExpr(), Depth + 1, Root)
               ? True
               : nullptr;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return nullptr;
  if (const CXXRecordDecl *Made = madeClass(Call))
    return Made;
  // A factory: the class every return makes.
  llvm::SmallVector<const FunctionDecl *, 2> Definitions =
      returningDefinitions(Call);
  if (Definitions.size() != 1)
    return nullptr;
  BindingScope Bound(*this, Definitions.front(), Call);
  return agreedClass(returnValues(Definitions.front()), Depth + 1);
}

// The class member \p Field holds in the one object \p Base denotes, when
// the calls bound now lead to where that object is made and nothing but
// its construction gives the member a value: `port_` of the use case that
// `main` builds on the decorated port, while another use case holds the
// bare one.
const CXXRecordDecl *StringTracer::classOfMadeMember(const Expr *Base,
                                                     const FieldDecl *Field,
                                                     unsigned Depth) {
  if (!Base || Depth > MaxObjectHops || !Writes->writesOf(Field).empty())
    return nullptr;
  const Expr *E = stripIndirection(Base);
  if (const auto *This = dyn_cast_or_null<CXXThisExpr>(E)) {
    const FunctionDecl *Method = methodOfThis(This);
    if (!Method)
      return nullptr;
    CallerFrames Caller(*this, Method);
    return classOfMadeMember(Caller.Object, Field, Depth + 1);
  }
  const VarDecl *Var = referencedVariable(E);
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Var)) {
    CallerFrames Caller(*this, Param);
    return classOfMadeMember(Caller.Object, Field, Depth + 1);
  }
  const Expr *Made = madeObject(E);
  if (!Made && Var && Var->hasLocalStorage() &&
      !Var->getType()->isReferenceType()) {
    Origin From = originAt(Var, E);
    if (!From.Known)
      return nullptr;
    if (From.Source)
      return classOfMadeMember(From.Source, Field, Depth + 1);
    if (!From.Since && Var->getInit())
      Made = madeObject(stripValueWrappers(Var->getInit()));
  }
  const FunctionDecl *Constructor = nullptr;
  const Expr *Init =
      Made ? madeMemberInitializer(Made, Field, Constructor) : nullptr;
  if (!Init)
    return nullptr;
  BindingScope Bound(*this, Constructor, Made);
  const Decl *Ignored = nullptr;
  return classOfObject(Init, Depth + 1, Ignored);
}

// The class the constructors the program runs give member \p Field
// (`Inner(std::move(Inner))`, with each construction's arguments bound),
// when they agree; \p Disagree when they make objects of different
// classes or one that cannot be told.
const CXXRecordDecl *
StringTracer::constructedMemberClass(const FieldDecl *Field, unsigned Depth,
                                     bool &Disagree) {
  const auto *Owner = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Owner)
    return nullptr;
  const CXXRecordDecl *Agreed = nullptr;
  for (const Expr *Site : Writes->constructionsOf(Owner)) {
    const FunctionDecl *Constructor = nullptr;
    const Expr *Init = madeMemberInitializer(Site, Field, Constructor);
    if (!Init)
      continue;
    BindingScope Bound(*this, Constructor, Site);
    const Decl *Ignored = nullptr;
    const CXXRecordDecl *Class = classOfObject(Init, Depth, Ignored);
    if (!Class || (Agreed && Agreed != Class)) {
      Disagree = true;
      return nullptr;
    }
    Agreed = Class;
  }
  return Agreed;
}

// The class each of \p Values makes, when they all make one.
const CXXRecordDecl *
StringTracer::agreedClass(llvm::ArrayRef<const Expr *> Values, unsigned Depth) {
  const CXXRecordDecl *Agreed = nullptr;
  for (const Expr *Value : Values) {
    const Decl *Ignored = nullptr;
    const CXXRecordDecl *Class = classOfObject(Value, Depth, Ignored);
    if (!Class || (Agreed && Agreed != Class))
      return nullptr;
    Agreed = Class;
  }
  return Agreed;
}

llvm::SmallVector<const FunctionDecl *, 2>
StringTracer::dispatchedDefinitions(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const CXXRecordDecl *Class = objectClass(Call->getImplicitObjectArgument());
  if (!Class)
    return Writes->calleesOf(Call);
  const CXXMethodDecl *Final =
      Method->getCorrespondingMethodInClass(Class, /*MayBeBase=*/true);
  const FunctionDecl *Definition = Final ? Final->getDefinition() : nullptr;
  if (!Definition || !Definition->hasBody() ||
      Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return {};
  return {Definition};
}

bool StringTracer::mayDispatchTo(const CallExpr *Call,
                                 const FunctionDecl *Definition) {
  if (const Expr *Callable = calledValue(Call))
    return mayHoldCallable(Callable, Definition);
  const CXXMethodDecl *Virtual = virtualDispatch(Call);
  if (!Virtual)
    return true;
  if (std::optional<llvm::SmallVector<const CXXRecordDecl *, 2>> Classes =
          walkedElementClasses(
              cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument()))
    return llvm::any_of(*Classes, [&](const CXXRecordDecl *Class) {
      const CXXMethodDecl *Runs =
          Virtual->getCorrespondingMethodInClass(Class, /*MayBeBase=*/true);
      return Runs && Runs->getCanonicalDecl() == Definition->getCanonicalDecl();
    });
  llvm::SmallVector<const FunctionDecl *, 2> Runs =
      dispatchedDefinitions(cast<CXXMemberCallExpr>(Call));
  return llvm::any_of(Runs, [&](const FunctionDecl *Run) {
    return Run->getCanonicalDecl() == Definition->getCanonicalDecl();
  });
}

std::optional<bool> StringTracer::runsEveryElement(const CallExpr *Call) {
  if (!virtualDispatch(Call))
    return std::nullopt;
  const Expr *Object =
      cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument();
  if (!walkedContainerOf(Object))
    return std::nullopt;
  return walkedElementClasses(Object).has_value();
}

// A callable parameter (`Prepare(Request)` in a fetch helper) holds what
// the argument of the call being followed holds: the caller's lambda, not
// every lambda any caller passes.
bool StringTracer::mayHoldCallable(const Expr *Callable,
                                   const FunctionDecl *Definition) {
  if (std::optional<bool> InRow = rowHoldsCallable(Callable, Definition))
    return *InRow;
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(
      referencedVariable(stripIndirection(Callable)));
  std::vector<Bindings> Outer;
  const Expr *Argument = Param ? boundArgument(Param, Outer) : nullptr;
  if (!Argument)
    return true;
  bool Holds = true;
  if (isa_and_nonnull<ParmVarDecl>(
          referencedVariable(stripIndirection(Argument)))) {
    Holds = mayHoldCallable(Argument, Definition);
  } else {
    llvm::SmallVector<const FunctionDecl *, 2> Targets =
        Writes->callableTargets(Argument);
    Holds =
        Targets.empty() ||
        llvm::any_of(Targets, [&](const FunctionDecl *Target) {
          return Target->getCanonicalDecl() == Definition->getCanonicalDecl();
        });
  }
  BindingStack.insert(BindingStack.end(), Outer.begin(), Outer.end());
  return Holds;
}

// A function pointer member of the rows of a constant table (`Ops->
// add_headers(...)`, every object of its struct built by a braced
// initializer): the pinned row's function, else any row's, leaving the
// rows open. nullopt for any other callable.
std::optional<bool>
StringTracer::rowHoldsCallable(const Expr *Callable,
                               const FunctionDecl *Definition) {
  constexpr size_t MaxRows = 64;
  const auto *Member = dyn_cast<MemberExpr>(Callable->IgnoreParenImpCasts());
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field || !Field->getType()->isFunctionPointerType())
    return std::nullopt;
  const RecordDecl *Record = canonicalRecord(Field->getParent());
  auto Pinned = PinnedRows.find(Record);
  if (Pinned == PinnedRows.end()) {
    llvm::ArrayRef<const InitListExpr *> Rows =
        Writes->onlyBracedObjectsOf(Field->getParent());
    if (Rows.size() < 2 || Rows.size() > MaxRows)
      return std::nullopt;
    if (!OpenRows)
      OpenRows = Record;
    return true;
  }
  const Expr *Init = initializerOfMember(Pinned->second, Field);
  return Init && llvm::any_of(Writes->callableTargets(Init),
                              [&](const FunctionDecl *Target) {
                                return Target->getCanonicalDecl() ==
                                       Definition->getCanonicalDecl();
                              });
}

// A predicate helper (`if (needsCompanyHeader())`, the override of the
// object's class for a virtual one) whose returns agree under the
// arguments of the call.
std::optional<bool> StringTracer::calledPredicate(const CallExpr *Call) {
  if (Depth >= MaxDepth)
    return std::nullopt;
  std::optional<bool> Agreed;
  llvm::SmallVector<const FunctionDecl *, 2> Definitions =
      returningDefinitions(Call);
  for (const FunctionDecl *Definition : Definitions) {
    auto Key = inProgressKey(Definition);
    if (!InProgress.insert(Key).second)
      return std::nullopt;
    auto Done = llvm::make_scope_exit([&] { InProgress.erase(Key); });
    BindingScope Bound(*this, Definition, Call);
    ++Depth;
    auto Up = llvm::make_scope_exit([&] { --Depth; });
    std::vector<const Expr *> Values = returnValues(Definition);
    if (Values.empty())
      return std::nullopt;
    for (const Expr *Value : Values) {
      std::optional<bool> Result = evaluateCondition(Value);
      if (!Result || (Agreed && *Agreed != *Result))
        return std::nullopt;
      Agreed = Result;
    }
  }
  return Agreed;
}

llvm::SmallVector<const FunctionDecl *, 2>
StringTracer::returningDefinitions(const CallExpr *Call) {
  if (!Call)
    return {};
  if (virtualDispatch(Call))
    return dispatchedDefinitions(cast<CXXMemberCallExpr>(Call));
  if (!invokedCallable(Call)) {
    if (const FunctionDecl *Definition = userDefinition(Call))
      return {Definition};
    return {};
  }
  llvm::SmallVector<const FunctionDecl *, 2> Callees = Writes->calleesOf(Call);
  if (Call->getDirectCallee()->getName() != "visit" || Call->getNumArgs() != 2)
    return Callees;
  QualType Held = heldAlternative(Call->getArg(1), 0);
  if (Held.isNull())
    return Callees;
  llvm::SmallVector<const FunctionDecl *, 2> Taking;
  for (const FunctionDecl *Callee : Callees)
    if (Callee->getNumParams() == 1 &&
        Context.hasSameUnqualifiedType(
            Callee->getParamDecl(0)->getType().getNonReferenceType(), Held))
      Taking.push_back(Callee);
  // An overload taking a base class or a conversion: any may run.
  return Taking.empty() ? Callees : Taking;
}

// Text, a character or a view of text: what `+` joins.
static bool isText(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isAnyCharacterType() || isTextClass(Type))
    return true;
  if (Type->isPointerType() || Type->isArrayType())
    return Type->getPointeeOrArrayElementType()->isAnyCharacterType();
  const auto *Class = Type->getAsCXXRecordDecl();
  return Class && Class->getIdentifier() &&
         llvm::is_contained({"basic_string_view", "QStringView",
                             "QLatin1String", "QStringRef", "QStringBuilder",
                             "QChar", "QLatin1Char"},
                            Class->getName());
}

// An operator that code outside the system headers defines on a value of
// its own (`Origin + Path`, `Url / Segment`): a helper whose body says what
// it returns. Text joined to text is concatenation, whoever declares it;
// assignments and stream inserts return their object, not the text.
static bool buildsValue(const CXXOperatorCallExpr *Operator) {
  OverloadedOperatorKind Kind = Operator->getOperator();
  return userDefinition(Operator) && Kind != OO_PlusEqual &&
         Kind != OO_LessLess && Kind != OO_Call && Kind != OO_Equal &&
         !llvm::all_of(Operator->arguments(),
                       [](const Expr *Arg) { return isText(Arg->getType()); });
}

// A lambda of the user's called in place or by name (`[](const auto &S) {
// return std::string(S); }(Segment)`): a helper like any function. Not the
// lambda a macro such as QStringLiteral wraps a literal in.
static bool callsWrittenLambda(const CXXOperatorCallExpr *Operator) {
  if (Operator->getOperator() != OO_Call)
    return false;
  const auto *Closure = Operator->getArg(0)->getType()->getAsCXXRecordDecl();
  return Closure && Closure->isLambda() &&
         !Closure->getBeginLoc().isMacroID() && userDefinition(Operator);
}

// One case per kind of call (operators, library calls, members, the
// program's functions), tried in order: kept whole so the order that decides
// reads in one place.
TracedValues StringTracer::traceCall(const CallExpr *Call) {
  // `"https://api.procore.com"sv` and `"..."s`: the standard literal
  // operators make a view or a string of the literal.
  if (const auto *Suffixed = dyn_cast<UserDefinedLiteral>(Call);
      Suffixed &&
      Suffixed->getLiteralOperatorKind() == UserDefinedLiteral::LOK_String &&
      Suffixed->getDirectCallee() &&
      Suffixed->getDirectCallee()->isInStdNamespace())
    if (const auto *Literal =
            dyn_cast<StringLiteral>(Suffixed->getArg(0)->IgnoreImpCasts()))
      return {TracedString::literal(Literal)};
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && !buildsValue(Operator) && !callsWrittenLambda(Operator)) {
    switch (Operator->getOperator()) {
    case OO_Plus:
    case OO_PlusEqual: {
      if (Operator->getNumArgs() != 2)
        break;
      if (std::optional<TracedValues> Chosen =
              concatenateChosen(Operator->getArg(0), Operator->getArg(1)))
        return *Chosen;
      return concatenate(traceAll(Operator->getArg(0)),
                         traceAll(Operator->getArg(1)));
    }
    case OO_LessLess: {
      // A stream expression used as a value: concatenate its operands.
      std::vector<const Expr *> Operands = streamOperands(Operator);
      TracedValues Result = traceAll(Operands.front());
      for (size_t I = 1; I < Operands.size(); ++I)
        Result = concatenate(Result, traceAll(Operands[I]));
      return Result;
    }
    case OO_Call: {
      // QStringLiteral("...") is an immediately called lambda that wraps
      // the literal; its text is the one wide literal inside.
      const auto *Closure =
          Operator->getArg(0)->getType()->getAsCXXRecordDecl();
      if (!Closure || !Closure->isLambda())
        break;
      const StringLiteral *Found = nullptr;
      llvm::SmallVector<const Stmt *, 16> Work = {
          Closure->getLambdaCallOperator()->getBody()};
      while (!Work.empty() && !Found) {
        const Stmt *S = Work.pop_back_val();
        if (!S)
          continue;
        if (const auto *Literal = dyn_cast<StringLiteral>(S);
            Literal && Literal->getLength() > 0)
          Found = Literal;
        for (const Stmt *Child : S->children())
          Work.push_back(Child);
      }
      if (Found)
        return {TracedString::literal(Found)};
      break;
    }
    case OO_Subscript:
      // `Request[http::field::host]`: what the request's field was set to.
      if (Operator->getNumArgs() == 2 && isFieldsClass(Operator->getArg(0)))
        if (std::optional<TracedValues> Value = fieldValue(
                Operator->getArg(0), Operator->getArg(1), Operator, 0))
          return *Value;
      break;
    default:
      break;
    }
    return {TracedString::unknown()};
  }

  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return {TracedString::unknown()};
  llvm::StringRef Name =
      Callee->getDeclName().isIdentifier() ? Callee->getName() : "";

  if (const Expr *Object = passedThroughObject(Call))
    return traceAll(Object);
  if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call)) {
    const Expr *Object = MemberCall->getImplicitObjectArgument();
    if (Name == "append" && Call->getNumArgs() == 1)
      return concatenate(traceAll(Object), traceAll(Call->getArg(0)));
    if (std::optional<TracedValues> Read = requestUrlRead(MemberCall))
      return *Read;
    if (std::optional<UrlPart> Part = urlPartRead(MemberCall)) {
      TracedValues Parts;
      for (const TracedString &Url : traceAll(Object))
        addAlternative(Parts, urlPartOf(Url, *Part));
      return Parts;
    }
    // A chained edit: `uri_builder(Base).append_path(P)`.
    if (const UrlEditRule *Edit = urlEditRule(MemberCall))
      return editedUrl(traceAll(Object), Edit->Edit,
                       urlEditArguments(MemberCall, *Edit));
    if (Name == "arg" && Call->getNumArgs() >= 1) {
      std::vector<const Expr *> Args;
      for (const Expr *Arg : Call->arguments())
        if (!isa<CXXDefaultArgExpr>(Arg))
          Args.push_back(Arg);
      return format(Object, Args, FormatStyle::QtArg);
    }
  }

  if (const Expr *Moved = movedObject(Call))
    return traceAll(Moved);
  if (PassThroughFunctions.contains(Name) && Call->getNumArgs() >= 1)
    return traceAll(Call->getArg(0));
  if (isFormatFunction(Callee) && Call->getNumArgs() >= 1) {
    std::vector<const Expr *> Args(Call->arg_begin() + 1, Call->arg_end());
    return format(Call->getArg(0), Args, FormatStyle::Braces);
  }
  // Poco::format(Result, Format, ...) fills Result and returns nothing.
  if ((Name == "format" || Name == "asprintf") && Call->getNumArgs() >= 1 &&
      !Call->getType()->isVoidType() &&
      returnsPrintfText(plainQualifiedName(Callee))) {
    std::vector<const Expr *> Args(Call->arg_begin() + 1, Call->arg_end());
    return format(Call->getArg(0), Args, FormatStyle::Printf);
  }
  auto Defaulted = DefaultArgumentOf.find(plainQualifiedName(Callee));
  if (Defaulted != DefaultArgumentOf.end()) {
    TracedValues Result = {TracedString::unknown()};
    unsigned Index = Defaulted->second;
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    if (Index + Shift < Call->getNumArgs() &&
        !isa<CXXDefaultArgExpr>(Call->getArg(Index + Shift)))
      for (const TracedString &Value : traceAll(Call->getArg(Index + Shift)))
        addAlternative(Result, Value);
    return Result;
  }

  // A helper such as `std::string url(path) { return kBase + path; }`,
  // read with its parameters bound to this call's arguments; a helper with
  // several returns (a switch over environments) may give any of them.
  TracedValues Result;
  for (const FunctionDecl *Definition : returningDefinitions(Call)) {
    if (std::optional<unsigned> Copied = transcodedParameter(Definition);
        Copied && *Copied < Call->getNumArgs()) {
      for (const TracedString &Text : traceAll(Call->getArg(*Copied)))
        addAlternative(Result, Text);
      continue;
    }
    if (returnValues(Definition).empty())
      return {TracedString::unknown()};
    BindingScope Scope(*this, Definition, Call);
    for (const Expr *Value : reachedReturnValues(Definition))
      for (const TracedString &Text : traceAll(Value))
        addAlternative(Result, Text);
  }
  if (Result.empty())
    return {TracedString::unknown()};
  return Result;
}

// Whether \p Type holds text: a text class, or a pointer to characters.
static bool holdsText(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType())
    return Type->getPointeeType()->isAnyCharacterType();
  return isTextClass(Type);
}

// Whether \p S holds a string literal that is not empty.
static bool spellsText(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Literal = dyn_cast<StringLiteral>(S))
    return Literal->getLength() != 0;
  return llvm::any_of(S->children(), spellsText);
}

// The text parameter of a helper that only copies it, character by
// character, into the text it returns: a hand-written transcoder (`for (;
// *In; ++In) Out += char(*In);`, UTF-16 to UTF-8). Every return gives one
// local that starts empty and is only appended to, in loops that walk the
// parameter, and the helper spells no text of its own. Its result is the
// parameter's text.
std::optional<unsigned>
StringTracer::transcodedParameter(const FunctionDecl *Helper) {
  auto Cached = Transcoders.find(Helper);
  if (Cached != Transcoders.end())
    return Cached->second;
  std::optional<unsigned> Result = copiedParameter(Helper);
  Transcoders[Helper] = Result;
  return Result;
}

std::optional<unsigned>
StringTracer::copiedParameter(const FunctionDecl *Helper) {
  if (!Helper->getBody() || !holdsText(Helper->getReturnType()))
    return std::nullopt;
  std::optional<unsigned> Text;
  for (unsigned I = 0; I < Helper->getNumParams(); ++I)
    if (holdsText(Helper->getParamDecl(I)->getType())) {
      if (Text)
        return std::nullopt;
      Text = I;
    }
  if (!Text)
    return std::nullopt;
  const VarDecl *In = Helper->getParamDecl(*Text);
  const VarDecl *Out = nullptr;
  for (const ReturnStmt *Return : returnStatements(Helper)) {
    const VarDecl *Returned = referencedVariable(Return->getRetValue());
    if (!Returned || !Returned->hasLocalStorage() ||
        isa<ParmVarDecl>(Returned) || (Out && Returned != Out))
      return std::nullopt;
    Out = Returned;
  }
  if (!Out || (Out->getInit() &&
               !isa<CXXConstructExpr>(stripValueWrappers(Out->getInit()))))
    return std::nullopt;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(stripValueWrappers(Out->getInit()));
  if (Construct && Construct->getNumArgs() != 0)
    return std::nullopt;
  // No text of its own, and every change of the result an append in a loop
  // that walks the parameter.
  if (spellsText(Helper->getBody()))
    return std::nullopt;
  for (const Mutation &M : mutationsOf(Out)) {
    if (M.Action != Mutation::Append)
      return std::nullopt;
    const Stmt *Loop = nullptr;
    for (DynTypedNodeList Parents = Context.getParents(*M.Site);
         !Parents.empty() && !Loop; Parents = Context.getParents(Parents[0])) {
      const Stmt *Parent = Parents[0].get<Stmt>();
      if (!Parent)
        break;
      if (isa<ForStmt>(Parent) || isa<WhileStmt>(Parent) ||
          isa<DoStmt>(Parent) || isa<CXXForRangeStmt>(Parent))
        Loop = Parent;
    }
    if (!Loop || !namesDeclaration(Loop, In))
      return std::nullopt;
  }
  return Text;
}

// Whether two expressions name one stored object: one variable, or one
// member of one object (`R.Url` and `R.Url`).
static bool sameStorage(const Expr *A, const Expr *B) {
  A = stripValueWrappers(A);
  B = stripValueWrappers(B);
  if (!A || !B)
    return false;
  if (isa<CXXThisExpr>(A) && isa<CXXThisExpr>(B))
    return true;
  if (const auto *RefA = dyn_cast<DeclRefExpr>(A))
    if (const auto *RefB = dyn_cast<DeclRefExpr>(B))
      return RefA->getDecl() == RefB->getDecl();
  if (const auto *MemberA = dyn_cast<MemberExpr>(A))
    if (const auto *MemberB = dyn_cast<MemberExpr>(B))
      return MemberA->getMemberDecl() == MemberB->getMemberDecl() &&
             sameStorage(MemberA->getBase(), MemberB->getBase());
  return false;
}

// The text \p Test checks that object \p Tested begins with, through the
// locals that hold the test: `Path.rfind("/oauth/", 0) == 0`,
// `Path.find("/oauth/") == 0`, `Path.startsWith("/oauth/")`, `!` of one.
// \p WhenPrefix is what the test says of a text that begins so.
const Expr *StringTracer::prefixTest(const Expr *Test, std::string &Prefix,
                                     bool &WhenPrefix, unsigned Depth) {
  if (!Test || Depth > MaxObjectHops)
    return nullptr;
  const Expr *E = Test->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
      return nullptr;
    Origin From = originAt(Var, Ref);
    return From.Known ? prefixTest(From.Source, Prefix, WhenPrefix, Depth + 1)
                      : nullptr;
  }
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot) {
    const Expr *Tested =
        prefixTest(Not->getSubExpr(), Prefix, WhenPrefix, Depth + 1);
    WhenPrefix = !WhenPrefix;
    return Tested;
  }
  auto KnownText = [&](const Expr *Arg) {
    TracedValues Texts = traceAll(Arg);
    if (Texts.size() != 1 ||
        Texts.front().text().find(UnknownText) != std::string::npos ||
        Texts.front().text().empty())
      return false;
    Prefix = Texts.front().text();
    return true;
  };
  const CXXMemberCallExpr *Call = nullptr;
  WhenPrefix = true;
  if (const auto *Compare = dyn_cast<BinaryOperator>(E);
      Compare && Compare->isEqualityOp()) {
    std::optional<llvm::APSInt> Zero = numberValue(Compare->getRHS(), 0);
    Call =
        dyn_cast<CXXMemberCallExpr>(Compare->getLHS()->IgnoreParenImpCasts());
    if (!Zero || !Zero->isZero() || !Call || !Call->getMethodDecl() ||
        !Call->getMethodDecl()->getDeclName().isIdentifier())
      return nullptr;
    llvm::StringRef Name = Call->getMethodDecl()->getName();
    std::optional<llvm::APSInt> From = Call->getNumArgs() > 1
                                           ? numberValue(Call->getArg(1), 0)
                                           : std::optional<llvm::APSInt>();
    bool AtStart = Name == "rfind"  ? From && From->isZero()
                   : Name == "find" ? !From || From->isZero()
                                    : false;
    if (!AtStart || Call->getNumArgs() == 0 || !KnownText(Call->getArg(0)))
      return nullptr;
    WhenPrefix = Compare->getOpcode() == BO_EQ;
    return Call->getImplicitObjectArgument();
  }
  Call = dyn_cast<CXXMemberCallExpr>(E);
  if (!Call || !Call->getMethodDecl() ||
      !Call->getMethodDecl()->getDeclName().isIdentifier() ||
      Call->getNumArgs() == 0)
    return nullptr;
  llvm::StringRef Name = Call->getMethodDecl()->getName();
  if ((Name != "startsWith" && Name != "starts_with") ||
      !KnownText(Call->getArg(0)))
    return nullptr;
  return Call->getImplicitObjectArgument();
}

// `(IsOAuth ? Login : Api) + Path`, where IsOAuth tests how Path begins:
// each text of Path is joined to the side its own test picks, not to both.
std::optional<TracedValues> StringTracer::concatenateChosen(const Expr *Left,
                                                            const Expr *Right) {
  const Expr *Head = stripValueWrappers(Left);
  // `std::string(Cond ? A : B)`: the text constructor's other arguments
  // are defaults.
  while (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Head)) {
    if (Construct->getNumArgs() == 0 ||
        !llvm::all_of(
            llvm::drop_begin(Construct->arguments()),
            [](const Expr *Arg) { return isa<CXXDefaultArgExpr>(Arg); }))
      break;
    Head = stripValueWrappers(Construct->getArg(0));
  }
  const auto *Choice = dyn_cast_or_null<ConditionalOperator>(Head);
  if (!Choice || evaluateCondition(Choice->getCond()))
    return std::nullopt;

  std::string Prefix;
  bool WhenPrefix = true;
  const Expr *Tested = prefixTest(Choice->getCond(), Prefix, WhenPrefix, 0);
  if (!Tested || !sameStorage(Tested, Right))
    return std::nullopt;
  // A text whose known start is shorter than the prefix and agrees with
  // it may go either way: both sides.
  TracedValues Sides[2] = {traceAll(Choice->getTrueExpr()),
                           traceAll(Choice->getFalseExpr())};
  TracedValues Either = Sides[0];
  for (const TracedString &Other : Sides[1])
    addAlternative(Either, Other);
  TracedValues Result;
  for (const TracedString &Tail : traceAll(Right)) {
    llvm::StringRef Text = Tail.text();
    llvm::StringRef Known =
        Text.take_until([](char C) { return C == UnknownText; });
    bool Begins = Text.starts_with(Prefix);
    bool Undecided = !Begins && Known.size() < Text.size() &&
                     llvm::StringRef(Prefix).starts_with(Known);
    const TracedValues &Heads =
        Undecided ? Either : Sides[Begins == WhenPrefix ? 0 : 1];
    for (const TracedString &Joined : concatenate(Heads, {Tail}))
      addAlternative(Result, Joined);
  }
  return Result;
}

// The element of a table the code initializes that \p Subscript reads,
// when its index is settled (a constant, or a caller's argument).
const Expr *StringTracer::tableElement(const ArraySubscriptExpr *Subscript) {
  const InitListExpr *Rows = tableRows(Subscript);
  const VarDecl *Table = referencedVariable(Subscript->getBase());
  // `const char *const Urls[]`: the array's constness is its elements'; a
  // table of `const char *` that no code writes holds its rows too.
  auto Initial = [&](const WriteIndex::Entry &Entry) {
    return Entry.Site == Table->getInit();
  };
  if (!Rows ||
      (!Context.getBaseElementType(Table->getType()).isConstQualified() &&
       (!llvm::all_of(Writes->entriesOf(Table), Initial) ||
        !Writes->writesOf(Table).empty())))
    return nullptr;
  std::optional<llvm::APSInt> Index = numberValue(Subscript->getIdx(), 0);
  if (!Index || Index->isNegative() ||
      Index->getZExtValue() >= Rows->getNumInits())
    return nullptr;
  return Rows->getInit(Index->getZExtValue());
}

// The braced row of a constant table an object expression reads: the
// element itself, or the one a reference to it was bound to (`const Row &R
// = kRows[Index];`).
const InitListExpr *StringTracer::tableRow(const Expr *E) {
  if (const VarDecl *Var = referencedVariable(E);
      Var && Var->getType()->isReferenceType() && Var->getInit())
    E = stripValueWrappers(Var->getInit());
  const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(E);
  const Expr *Row = Subscript ? tableElement(Subscript) : nullptr;
  return dyn_cast_or_null<InitListExpr>(Row ? stripValueWrappers(Row)
                                            : nullptr);
}

TracedValues StringTracer::traceDeclarationAll(const ValueDecl *D) {
  if (const auto *Field = dyn_cast<FieldDecl>(D))
    return traceField(Field);
  if (const auto *Var = dyn_cast<VarDecl>(D))
    return traceVariableAt(Var, nullptr);
  return {TracedString::unknown()};
}

//===--- Elements of containers -------------------------------------------===//

static bool isQtAssociative(QualType Type) {
  const auto *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && Record->getIdentifier() &&
         llvm::is_contained({"QMap", "QHash", "QMultiMap", "QMultiHash"},
                            Record->getName());
}

// `Map.keys()` or `Map.values()`: a range of one part of a map's entries.
static const CXXMemberCallExpr *keysOrValues(const Expr *Range) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Range);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  return Method && Method->getDeclName().isIdentifier() &&
                 (Method->getName() == "keys" || Method->getName() == "values")
             ? Call
             : nullptr;
}

// `for (auto It = Headers.begin(); It != Headers.end(); ++It)`: the
// container the loop's iterator \p Var walks whole, as a range-for would.
static const Expr *iteratorWalk(const VarDecl *Var, const ForStmt *Loop) {
  const Expr *Left = nullptr, *Right = nullptr;
  bool Equal = true;
  if (!Loop->getCond() ||
      !splitEquality(Loop->getCond()->IgnoreParenImpCasts(), Left, Right,
                     Equal) ||
      Equal || referencedVariable(Left) != Var || !Var->getInit() ||
      !Loop->getInc() || !namesDeclaration(Loop->getInc(), Var))
    return nullptr;
  return iteratedRange(Var->getInit(), Right);
}

std::optional<StringTracer::CollectionWalk>
StringTracer::loopOver(const VarDecl *Var) {
  for (const DynTypedNode &Parent : Context.getParents(*Var))
    if (const auto *Declaration = Parent.get<DeclStmt>())
      for (const DynTypedNode &Outer : Context.getParents(*Declaration)) {
        if (const auto *Loop = Outer.get<CXXForRangeStmt>();
            Loop && Loop->getLoopVariable() == Var)
          return CollectionWalk{Loop, Loop->getRangeInit()};
        if (const auto *Loop = Outer.get<ForStmt>();
            Loop && Loop->getInit() == Declaration)
          if (const Expr *Walked = iteratorWalk(Var, Loop))
            return CollectionWalk{Loop, Walked};
      }
  const auto *Param = dyn_cast<ParmVarDecl>(Var);
  if (!Param || Param->getFunctionScopeIndex() != 0)
    return std::nullopt;
  // std::for_each(First, Last, F), or the unary std::transform(First,
  // Last, Out, F): F's parameter is each element of the range in turn.
  for (auto [Name, Arguments] :
       {std::pair<llvm::StringRef, unsigned>{"for_each", 3}, {"transform", 4}})
    if (const CallExpr *Call = algorithmCalling(Param, Name);
        Call && Call->getNumArgs() == Arguments)
      if (const Expr *Range = iteratedRange(Call->getArg(0), Call->getArg(1)))
        return CollectionWalk{Call, Range};
  return std::nullopt;
}

// The call of the standard algorithm \p Name that \p Param's lambda is
// handed to, if it is.
const CallExpr *StringTracer::algorithmCalling(const ParmVarDecl *Param,
                                               llvm::StringRef Name) {
  const auto *Operator = dyn_cast<CXXMethodDecl>(Param->getDeclContext());
  if (!Operator || !Operator->getParent()->isLambda())
    return nullptr;
  // A generic lambda's parameter is its instance's; the body is written in
  // its pattern, under the lambda.
  const FunctionDecl *Written = Operator->getTemplateInstantiationPattern();
  const Stmt *Body = (Written ? Written : Operator)->getBody();
  if (!Body)
    return nullptr;
  // The body hangs under the call operator, the lambda's class, then the
  // lambda expression.
  const LambdaExpr *Lambda = nullptr;
  DynTypedNode Node = DynTypedNode::create(*Body);
  for (int Hop = 0; !Lambda && Hop < 4; ++Hop) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    Lambda = Node.get<LambdaExpr>();
  }
  const Stmt *Child = Lambda;
  for (int Hop = 0; Child && Hop < 6; ++Hop) {
    DynTypedNodeList Parents = Context.getParents(*Child);
    if (Parents.empty())
      return nullptr;
    if (const auto *Call = Parents[0].get<CallExpr>()) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      bool Named = Callee && Callee->isInStdNamespace() &&
                   Callee->getIdentifier() && Callee->getName() == Name;
      return Named && Call->getNumArgs() &&
                     stripValueWrappers(Call->getArg(Call->getNumArgs() - 1)) ==
                         Lambda
                 ? Call
                 : nullptr;
    }
    Child = Parents[0].get<Expr>(); // Casts and temporaries on the way.
  }
  return nullptr;
}

// The container an iterator variable walks: `auto It = Map.begin()`,
// `It = Map.find(Key)`, `QMapIterator<K, V> It(Map)`.
const ValueDecl *StringTracer::iteratedContainer(const Expr *Iterator) {
  const VarDecl *Var = referencedVariable(Iterator);
  const Expr *Init = Var ? Var->getInit() : nullptr;
  if (Var && !Init && Var->hasLocalStorage())
    for (const Mutation &M : mutationsOf(Var))
      if (M.Action == Mutation::Assign && !M.Format && !M.Values.empty()) {
        Init = M.Values.front();
        break;
      }
  for (int Guard = 0; Init && Guard < 4; ++Guard) {
    Init = stripValueWrappers(Init);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Init)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getDeclName().isIdentifier() &&
          llvm::is_contained({"begin", "cbegin", "constBegin", "find",
                              "constFind", "lower_bound", "upper_bound"},
                             Method->getName()))
        return WriteIndex::storageOf(Call->getImplicitObjectArgument());
      return nullptr;
    }
    const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
    if (!Construct || Construct->getNumArgs() != 1)
      return nullptr;
    // A const_iterator made from an iterator goes on to the iterator; a Qt
    // Java-style iterator is made from its container.
    const auto *Argument =
        Construct->getArg(0)->getType()->getAsCXXRecordDecl();
    if (!Argument || !Argument->getName().contains("terator"))
      return WriteIndex::storageOf(Construct->getArg(0));
    Init = Construct->getArg(0);
  }
  return nullptr;
}

// The array or sequence an element read indexes: `Request->Lines` in
// `Request->Lines[I]`, `Lines` in `Lines[I]` or `Request.Headers[I]`.
static const Expr *subscriptedSequence(const Expr *E) {
  const Expr *Base = nullptr;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    Base = Subscript->getBase();
  } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
             Operator && Operator->getOperator() == OO_Subscript &&
             Operator->getNumArgs() == 2) {
    // A map's operator[] reads the value of one key, not any element.
    const auto *Class = Operator->getArg(0)->getType()->getAsCXXRecordDecl();
    if (!Class || !Class->getIdentifier() ||
        !llvm::is_contained({"vector", "array", "deque", "QList", "QVector",
                             "QStringList", "QByteArrayList"},
                            Class->getName()))
      return nullptr;
    Base = Operator->getArg(0);
  }
  const Expr *Stripped = Base ? stripIndirection(Base) : nullptr;
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Stripped))
    return isa<FieldDecl>(Member->getMemberDecl()) ? Base : nullptr;
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Stripped))
    return isa<VarDecl>(Ref->getDecl()) ? Base : nullptr;
  return nullptr;
}

/// Which part of a container's element \p E reads, and through what.
struct StringTracer::ElementRead {
  enum Part { Key, Value, Whole } Which = Whole;
  /// The element (or iterator) the part is read from.
  const Expr *Holder = nullptr;
  /// The loop variable that is the element, if any.
  const VarDecl *LoopVariable = nullptr;
};

std::optional<StringTracer::ElementRead>
StringTracer::elementRead(const Expr *E) {
  ElementRead Read;
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    Read.Holder = stripValueWrappers(Member->getBase());
    if (Field->getParent()->getIdentifier() &&
        Field->getParent()->getName() == "pair" &&
        (Field->getName() == "first" || Field->getName() == "second")) {
      Read.Which =
          Field->getName() == "first" ? ElementRead::Key : ElementRead::Value;
    } else if (const VarDecl *Element = referencedVariable(Read.Holder);
               Element && Field->getFieldIndex() < 2 &&
               std::distance(Field->getParent()->field_begin(),
                             Field->getParent()->field_end()) == 2 &&
               Element->hasLocalStorage() && loopOver(Element)) {
      // for (const Header &H : Request.Headers) ... H.Name, H.Value: the
      // parts of a two-member element, put in as {name, value}.
      Read.Which =
          Field->getFieldIndex() == 0 ? ElementRead::Key : ElementRead::Value;
    } else {
      return std::nullopt;
    }
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getDeclName().isIdentifier() ||
        Call->getNumArgs() != 0 ||
        !(Method->getName() == "key" || Method->getName() == "value") ||
        !Method->getParent()->getName().contains("terator"))
      return std::nullopt;
    Read.Which =
        Method->getName() == "key" ? ElementRead::Key : ElementRead::Value;
    Read.Holder = Call->getImplicitObjectArgument();
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    // for (const auto &[Name, Value] : Headers)
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl())) {
      const auto *Decomposed =
          dyn_cast_or_null<DecompositionDecl>(Binding->getDecomposedDecl());
      if (!Decomposed || Decomposed->bindings().size() != 2)
        return std::nullopt;
      if (!loopOver(Decomposed))
        return std::nullopt;
      Read.Which = Decomposed->bindings()[0] == Binding ? ElementRead::Key
                                                        : ElementRead::Value;
      Read.LoopVariable = Decomposed;
    } else if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
               Var && Var->hasLocalStorage() && loopOver(Var)) {
      Read.Which = ElementRead::Whole;
      Read.LoopVariable = Var;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  return Read;
}

std::optional<std::vector<StringTracer::TracedEntry>>
StringTracer::traceElementEntries(const Expr *E) {
  // Line.c_str() reads the element Line.
  while (const Expr *Object = passedThroughObject(E))
    E = stripValueWrappers(Object);
  if (const Expr *Array = subscriptedSequence(E)) {
    // Request->Lines[I], Lines[I]: every element put into that array; for
    // a member, into that object's array.
    const ValueDecl *Container = WriteIndex::storageOf(Array);
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(Container);
    if (!Container || (!Param && Writes->entriesOf(Container).empty()))
      return std::nullopt;
    std::vector<TracedEntry> Entries;
    if (!collectObjectEntries(Array, /*Values=*/false, Entries))
      collectEntries(Container, /*Values=*/false, 0, Entries);
    return Entries;
  }
  std::optional<ElementRead> Read = elementRead(E);
  if (!Read)
    return std::nullopt;
  ElementRead::Part Which = Read->Which;
  const Expr *Holder = Read->Holder;
  const VarDecl *LoopVariable = Read->LoopVariable;

  // Which container holds the element.
  const Expr *Range = nullptr;
  if (!LoopVariable && Holder) {
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Holder);
        Operator && Operator->getNumArgs() == 1 &&
        (Operator->getOperator() == OO_Arrow ||
         Operator->getOperator() == OO_Star))
      Holder = Operator->getArg(0);
    if (const VarDecl *Var = referencedVariable(Holder);
        Var && Var->hasLocalStorage() && loopOver(Var))
      LoopVariable = Var;
  }
  const ValueDecl *Container = nullptr;
  if (LoopVariable) {
    Range = stripValueWrappers(loopOver(LoopVariable)->Collection);
    // for (const auto &Name : Headers.keys()): the keys; `.values()`: the
    // values; a Qt map itself iterates its values.
    if (const CXXMemberCallExpr *Call = keysOrValues(Range)) {
      if (Which == ElementRead::Whole)
        Which = Call->getMethodDecl()->getName() == "keys" ? ElementRead::Key
                                                           : ElementRead::Value;
      Range = Call->getImplicitObjectArgument();
    } else if (Which == ElementRead::Whole &&
               isQtAssociative(Range->getType())) {
      Which = ElementRead::Value;
    }
    if (const Expr *Named = boundMember(Range))
      Range = Named;
    Container = WriteIndex::storageOf(Range);
    Range = stripValueWrappers(Range);
  } else if (Holder) {
    Container = iteratedContainer(Holder);
  }
  std::vector<TracedEntry> Entries;
  if (Range &&
      collectObjectEntries(Range, Which == ElementRead::Value, Entries))
    return Entries;
  // The object the calls followed make.
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(Container)) {
    bool OfMade = false;
    visitMadeObject(ownerOf(Field), [&](const Expr *Made) {
      OfMade =
          objectEntries(Made, Field, Which == ElementRead::Value, 1, Entries);
    });
    if (OfMade)
      return Entries;
    Entries.clear();
    noteEveryObjectRead(Field);
  }
  if (Container)
    collectEntries(Container, Which == ElementRead::Value, 0, Entries);
  else if (Range) // for (auto &[Name, Value] : buildHeaders(Flag))
    collectEntriesOf(Range, Which == ElementRead::Value, 0, Entries);
  else if (isa<MemberExpr>(E)) // Kv.first of a pair that is no element.
    return std::nullopt;
  else
    Entries.push_back({{TracedString::unknown()}, nullptr, false});
  return Entries;
}

std::optional<TracedValues> StringTracer::traceElement(const Expr *E) {
  std::optional<std::vector<TracedEntry>> Entries = traceElementEntries(E);
  if (!Entries)
    return std::nullopt;
  TracedValues Result;
  for (const TracedEntry &Entry : *Entries)
    for (const TracedString &Text : Entry.Text)
      addAlternative(Result, Text);
  if (Result.empty())
    return TracedValues{TracedString::unknown()};
  return Result;
}

//===--- Maps read by key -------------------------------------------------===//

// std::map, std::unordered_map and the Qt maps (QVariantMap among them).
static bool isKeyedMap(QualType Type) {
  const auto *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier())
    return false;
  if (Record->isInStdNamespace())
    return llvm::is_contained({"map", "unordered_map"}, Record->getName());
  return isQtAssociative(Type);
}

// `Map.find(Key)`, or a local iterator initialised with it (`auto It =
// Map.find(Key)`).
static std::optional<KeyedRead> foundEntry(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1)
    E = Construct->getArg(0)->IgnoreParenImpCasts(); // an iterator's copy
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Var->getInit())
      E = stripValueWrappers(Var->getInit());
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getDeclName().isIdentifier() ||
      Method->getName() != "find" || Call->getNumArgs() != 1 ||
      !isKeyedMap(Call->getImplicitObjectArgument()->getType()))
    return std::nullopt;
  return KeyedRead{Call->getImplicitObjectArgument(), Call->getArg(0)};
}

std::optional<KeyedRead> keyedRead(const Expr *E) {
  // `It->second` and `It.value()` of an iterator `Map.find(Key)` gave: read
  // only where the entry was found.
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && Member->getMemberDecl()->getDeclName().isIdentifier() &&
      Member->getMemberDecl()->getName() == "second")
    if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(
            Member->getBase()->IgnoreParenImpCasts());
        Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
      return foundEntry(Arrow->getArg(0));
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && Call->getNumArgs() == 0 && Call->getMethodDecl() &&
      Call->getMethodDecl()->getDeclName().isIdentifier() &&
      Call->getMethodDecl()->getName() == "value")
    if (std::optional<KeyedRead> Found =
            foundEntry(Call->getImplicitObjectArgument()))
      return Found;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getNumArgs() == 2 && isKeyedMap(Operator->getArg(0)->getType()))
    return KeyedRead{Operator->getArg(0), Operator->getArg(1)};
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getDeclName().isIdentifier() ||
      !isKeyedMap(Call->getImplicitObjectArgument()->getType()))
    return std::nullopt;
  if (Method->getName() == "at" && Call->getNumArgs() == 1)
    return KeyedRead{Call->getImplicitObjectArgument(), Call->getArg(0)};
  if (Method->getName() == "value" && Call->getNumArgs() >= 1 &&
      Call->getNumArgs() <= 2)
    return KeyedRead{Call->getImplicitObjectArgument(), Call->getArg(0),
                     Call->getNumArgs() == 2 &&
                             !isa<CXXDefaultArgExpr>(Call->getArg(1))
                         ? Call->getArg(1)
                         : nullptr};
  return std::nullopt;
}

static bool isExactText(const TracedString &Text) {
  return Text.text().find(UnknownText) == std::string::npos;
}

std::optional<std::vector<StringTracer::TracedEntry>>
StringTracer::keyedReadEntries(const Expr *E, bool AnyKey) {
  std::optional<KeyedRead> Read = keyedRead(E);
  if (!Read)
    return std::nullopt;
  TracedValues Keys = traceAll(Read->Key);
  bool KnownKey = llvm::all_of(Keys, isExactText);
  std::vector<TracedEntry> Names, Values;
  if ((!KnownKey && !AnyKey) || !keyedEntries(Read->Map, Names, Values))
    return std::nullopt;
  // An entry whose key may be the one read: known and equal, or unknown.
  auto MayBeKey = [&](const TracedString &Name) {
    return !KnownKey || !isExactText(Name) ||
           llvm::any_of(Keys, [&](const TracedString &Key) {
             return Key.text() == Name.text();
           });
  };
  std::vector<TracedEntry> Found;
  for (size_t I = 0; I < Names.size(); ++I)
    if (llvm::any_of(Names[I].Text, MayBeKey))
      Found.push_back(std::move(Values[I]));
  return Found;
}

std::optional<TracedValues> StringTracer::traceKeyedRead(const Expr *E) {
  std::optional<std::vector<TracedEntry>> Entries = keyedReadEntries(E);
  // `kZoneBase.at(Zone)` with a zone read at run time: a constant map
  // gives one of its values, whichever the key.
  if (!Entries)
    if (std::optional<KeyedRead> Read = keyedRead(E))
      if (const auto *Map =
              dyn_cast_or_null<VarDecl>(WriteIndex::storageOf(Read->Map));
          Map && Map->getType().isConstQualified())
        Entries = keyedReadEntries(E, /*AnyKey=*/true);
  if (!Entries)
    return std::nullopt;
  TracedValues Result;
  for (const TracedEntry &Entry : *Entries)
    for (const TracedString &Value : Entry.Text)
      addAlternative(Result, Value);
  if (const Expr *Default = keyedRead(E)->Default)
    for (const TracedString &Value : traceAll(Default))
      addAlternative(Result, Value);
  if (Result.empty())
    return std::nullopt;
  return Result;
}

// Both walks visit the same puts in the same order.
bool StringTracer::keyedEntries(const Expr *Map,
                                std::vector<TracedEntry> &Names,
                                std::vector<TracedEntry> &Values) {
  Map = stripValueWrappers(Map);
  const ValueDecl *Container = WriteIndex::storageOf(Map);
  const void *Key = Container ? static_cast<const void *>(Container)
                              : static_cast<const void *>(Map);
  if (!KeyedInProgress.insert(Key).second)
    return false;
  auto Done = llvm::make_scope_exit([&] { KeyedInProgress.erase(Key); });
  if (Container) {
    if (!collectObjectEntries(Map, /*Values=*/false, Names))
      collectEntries(Container, /*Values=*/false, 0, Names);
    if (!collectObjectEntries(Map, /*Values=*/true, Values))
      collectEntries(Container, /*Values=*/true, 0, Values);
  } else {
    collectEntriesOf(Map, /*Values=*/false, 0, Names);
    collectEntriesOf(Map, /*Values=*/true, 0, Values);
  }
  return Names.size() == Values.size();
}

namespace {
/// Whether an entry is put in under \p Key: surely (its one key is known,
/// equal, and put in on every path), maybe (an unknown key, or one of its
/// texts equal), or not.
enum class KeyMatch { No, Maybe, Surely };
KeyMatch matchKey(const StringTracer::TracedEntry &Name, llvm::StringRef Key) {
  bool Exact = llvm::all_of(Name.Text, isExactText);
  bool Equal = llvm::any_of(
      Name.Text, [&](const TracedString &Text) { return Text.text() == Key; });
  if (Exact && Equal && Name.Text.size() == 1 && Name.Certain)
    return KeyMatch::Surely;
  return Equal || !Exact ? KeyMatch::Maybe : KeyMatch::No;
}
} // namespace

// Present when an entry put in on every path has the key; absent when every
// entry's key is known and none is it.
std::optional<bool> StringTracer::mapHasKey(const Expr *Map, const Expr *Key) {
  TracedValues Keys = traceAll(Key);
  std::vector<TracedEntry> Names, Values;
  if (Keys.size() != 1 || !isExactText(Keys.front()) ||
      !keyedEntries(Map, Names, Values))
    return std::nullopt;
  bool Unsure = false;
  for (const TracedEntry &Name : Names) {
    KeyMatch Match = matchKey(Name, Keys.front().text());
    if (Match == KeyMatch::Surely)
      return true;
    Unsure |= Match == KeyMatch::Maybe;
  }
  return Unsure ? std::nullopt : std::optional<bool>(false);
}

// The literal a flag entry holds, through the QVariant it is wrapped in.
static std::optional<bool> literalFlag(const Expr *Value) {
  if (!Value)
    return std::nullopt;
  Value = Value->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value);
      Construct && Construct->getNumArgs() == 1)
    Value = Construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(Value))
    return Bool->getValue();
  if (const auto *Integer = dyn_cast<IntegerLiteral>(Value))
    return !Integer->getValue().isZero();
  return std::nullopt;
}

std::optional<bool> StringTracer::keyedFlag(const Expr *E) {
  // `.toBool()` of the QVariant read, or the read a wrapper stripped.
  if (const auto *Convert = dyn_cast<CXXMemberCallExpr>(E);
      Convert && Convert->getMethodDecl() &&
      Convert->getMethodDecl()->getDeclName().isIdentifier() &&
      Convert->getMethodDecl()->getName() == "toBool")
    E = stripValueWrappers(Convert->getImplicitObjectArgument());
  std::optional<KeyedRead> Read = keyedRead(E);
  TracedValues Keys;
  std::vector<TracedEntry> Names, Values;
  if (!Read || (Keys = traceAll(Read->Key)).size() != 1 ||
      !isExactText(Keys.front()) || !keyedEntries(Read->Map, Names, Values))
    return std::nullopt;
  // Each entry that may be under the key, and the default when none
  // surely is.
  std::optional<bool> Agreed;
  bool Surely = false;
  auto Agree = [&](std::optional<bool> Flag) {
    if (!Flag || (Agreed && *Agreed != *Flag))
      return false;
    Agreed = Flag;
    return true;
  };
  for (size_t I = 0; I < Names.size(); ++I) {
    KeyMatch Match = matchKey(Names[I], Keys.front().text());
    if (Match == KeyMatch::No)
      continue;
    if (!Agree(literalFlag(Values[I].Value)))
      return std::nullopt;
    Surely |= Match == KeyMatch::Surely;
  }
  if (!Surely && !Agree(Read->Default ? literalFlag(Read->Default)
                                      : std::optional<bool>(false)))
    return std::nullopt;
  return Agreed;
}

// Whether \p Step moves \p Counter on by one: `I++`, `++I`, `I += 1`.
static bool stepsCounter(const Stmt *Step, const VarDecl *Counter) {
  const auto *E = dyn_cast_or_null<Expr>(Step);
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->isIncrementOp() &&
           referencedVariable(Unary->getSubExpr()) == Counter;
  if (const auto *Compound = dyn_cast<CompoundAssignOperator>(E))
    return Compound->getOpcode() == BO_AddAssign &&
           referencedVariable(Compound->getLHS()) == Counter;
  return false;
}

// The list a for loop walks node by node: `List` in
// `for (T *Node = List; Node; Node = Node->next)`.
static const Expr *walkedList(const VarDecl *Node, const ForStmt *Loop) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(Loop->getInit());
  const auto *Step = dyn_cast_or_null<BinaryOperator>(
      Loop->getInc() ? Loop->getInc()->IgnoreParenImpCasts() : nullptr);
  if (!Init || !Init->isSingleDecl() || Init->getSingleDecl() != Node ||
      !Node->getInit() || !Step || Step->getOpcode() != BO_Assign ||
      referencedVariable(Step->getLHS()) != Node)
    return nullptr;
  const auto *Next =
      dyn_cast<MemberExpr>(Step->getRHS()->IgnoreParenImpCasts());
  if (!Next || referencedVariable(Next->getBase()) != Node)
    return nullptr;
  return Node->getInit();
}

// `Header` read in `while ((Header = va_arg(Args, const char *)) != NULL)`:
// the loop walks the arguments its function's call passes past the named
// ones.
std::optional<StringTracer::CollectionWalk>
StringTracer::variadicWalk(const VarDecl *Var, const Expr *Use) {
  for (DynTypedNodeList Parents = Context.getParents(*Use); !Parents.empty();
       Parents = Context.getParents(Parents[0])) {
    const Stmt *Loop = Parents[0].get<Stmt>();
    if (!Loop || isa<LambdaExpr>(Loop))
      break;
    const Expr *Condition = nullptr;
    if (const auto *While = dyn_cast<WhileStmt>(Loop))
      Condition = While->getCond();
    else if (const auto *For = dyn_cast<ForStmt>(Loop))
      Condition = For->getCond();
    llvm::SmallVector<const Stmt *, 8> Work = {Condition};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      Work.append(S->child_begin(), S->child_end());
      if (const auto *Assign = dyn_cast<BinaryOperator>(S);
          Assign && Assign->getOpcode() == BO_Assign &&
          referencedVariable(Assign->getLHS()) == Var)
        if (const auto *Read =
                dyn_cast<VAArgExpr>(Assign->getRHS()->IgnoreParenImpCasts()))
          return CollectionWalk{Loop, Read};
    }
  }
  return std::nullopt;
}

// Hands \p Each the arguments a call passes for the `...` of the function
// \p Read is in, up to a null one: the call bound now, its arguments read
// in its caller's frames. False when no call is bound.
bool StringTracer::forEachVariadicArgument(
    const VAArgExpr *Read, llvm::function_ref<void(const Expr *)> Each) {
  const FunctionDecl *Function = Flow->enclosingFunction(Read);
  if (!Function)
    return false;
  CallerFrames Caller(*this, CallerFrames::CallOf{Function});
  if (!Caller.Call) {
    noteUnboundIn(Function);
    return false;
  }
  const auto *Call = cast<CallExpr>(Caller.Call);
  for (unsigned I = Function->getNumParams(); I < Call->getNumArgs(); ++I) {
    const Expr *Argument = Call->getArg(I);
    if (Argument->IgnoreParenImpCasts()->isNullPointerConstant(
            Context, Expr::NPC_ValueDependentIsNotNull))
      break;
    Each(Argument);
  }
  return true;
}

std::optional<StringTracer::CollectionWalk>
StringTracer::walkOf(const Expr *Element) {
  // Text.c_str() is its text; `Name + ": " + Value` begins with Name.
  const Expr *E = stripValueWrappers(Element);
  for (int Guard = 0; E && Guard < 8; ++Guard) {
    if (const Expr *Object = passedThroughObject(E))
      E = stripValueWrappers(Object);
    else if (const auto *Plus = dyn_cast<CXXOperatorCallExpr>(E);
             Plus && Plus->getOperator() == OO_Plus && Plus->getNumArgs() == 2)
      E = stripValueWrappers(Plus->getArg(0));
    else
      break;
  }
  // The element a range-for declares, one of its bindings, or a member of
  // it; the second part of a pair is a value, not a header of its own.
  const VarDecl *Var = nullptr;
  bool ValuePart = false;
  // `It.key()` of a Qt iterator names the key of a map that a range-for
  // would hand on by value.
  bool IteratorKey = false;
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Accessor = dyn_cast<CXXMemberCallExpr>(E);
  if (Member) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    ValuePart = Field->getFieldIndex() != 0;
    Var = referencedVariable(Member->getBase());
    // `It->first` of a loop's iterator.
    if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(
            stripValueWrappers(Member->getBase()));
        !Var && Arrow && Arrow->getOperator() == OO_Arrow)
      Var = referencedVariable(Arrow->getArg(0));
  } else if (Accessor && Accessor->getNumArgs() == 0 &&
             Accessor->getMethodDecl() &&
             Accessor->getMethodDecl()->getIdentifier() &&
             llvm::is_contained({"key", "value"},
                                Accessor->getMethodDecl()->getName())) {
    Var = referencedVariable(Accessor->getImplicitObjectArgument());
    ValuePart = Accessor->getMethodDecl()->getName() == "value";
    IteratorKey = true;
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl())) {
      const auto *Decomposed =
          dyn_cast_or_null<DecompositionDecl>(Binding->getDecomposedDecl());
      if (!Decomposed || Decomposed->bindings().front() != Binding)
        return std::nullopt;
      Var = Decomposed;
    } else {
      Var = dyn_cast<VarDecl>(Ref->getDecl());
    }
  }
  if (Var && Var->hasLocalStorage())
    if (std::optional<CollectionWalk> Walk = loopOver(Var)) {
      if (ValuePart)
        return std::nullopt;
      const Expr *Range = stripValueWrappers(Walk->Collection);
      // `.keys()`, `.values()` and a Qt map's values hand on one part.
      if (keysOrValues(Range) ||
          (isQtAssociative(Range->getType()) && !IteratorKey))
        return std::nullopt;
      return CollectionWalk{Walk->Loop, Range};
    }
  if (Var && Var->hasLocalStorage())
    if (std::optional<CollectionWalk> Walk = variadicWalk(Var, E))
      return Walk;
  // A node of a list, or an element indexed by the loop's counter.
  const VarDecl *Counter = nullptr;
  const Expr *Sequence = nullptr;
  bool StepsItself = false;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    Counter = referencedVariable(Subscript->getIdx());
    Sequence = Subscript->getBase();
  } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
             Operator && Operator->getOperator() == OO_Subscript &&
             Operator->getNumArgs() == 2 && subscriptedSequence(Operator)) {
    Counter = referencedVariable(Operator->getArg(1));
    Sequence = Operator->getArg(0);
  } else if (const auto *Deref = dyn_cast<UnaryOperator>(E);
             Deref && Deref->getOpcode() == UO_Deref) {
    // `*Headers` in `for (; *Headers; ++Headers)`, `*Headers++` in a
    // while loop: the pointer steps through the array it starts at.
    Sequence = Deref->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *Step = dyn_cast<UnaryOperator>(Sequence);
        Step && Step->isIncrementOp()) {
      Sequence = Step->getSubExpr();
      StepsItself = true;
    }
    Counter = referencedVariable(Sequence);
  } else if (!Member || !Var || !Var->hasLocalStorage()) {
    return std::nullopt;
  }
  for (DynTypedNodeList Parents = Context.getParents(*E); !Parents.empty();
       Parents = Context.getParents(Parents[0])) {
    if (Parents[0].get<FunctionDecl>() || Parents[0].get<LambdaExpr>())
      break;
    if (const Stmt *Loop = Parents[0].get<Stmt>();
        Counter && StepsItself &&
        (isa<WhileStmt>(Loop) || isa<DoStmt>(Loop) || isa<ForStmt>(Loop)))
      return CollectionWalk{Loop, Sequence};
    const auto *Loop = Parents[0].get<ForStmt>();
    if (!Loop)
      continue;
    if (Counter && stepsCounter(Loop->getInc(), Counter))
      return CollectionWalk{Loop, Sequence};
    if (!Counter)
      if (const Expr *List = walkedList(Var, Loop))
        return CollectionWalk{Loop, List};
  }
  return std::nullopt;
}

// The entries a braced list puts in, each put in where the list is; false
// when \p List is no list or an empty one.
bool StringTracer::appendListedEntries(const Expr *List, bool Values,
                                       std::vector<TracedEntry> &Out) {
  std::vector<WriteIndex::Entry> Listed = listEntries(List, List);
  for (const WriteIndex::Entry &Entry : Listed) {
    const Expr *Part = Values && Entry.Second ? Entry.Second : Entry.First;
    Out.push_back({traceAll(Part), List, true, Part});
  }
  return !Listed.empty();
}

// The entries of the container an expression names, or builds and returns
// from a helper of the translation unit.
void StringTracer::collectEntriesOf(const Expr *Source, bool Values,
                                    unsigned Depth,
                                    std::vector<TracedEntry> &Out) {
  if (const auto *Read = dyn_cast<VAArgExpr>(stripValueWrappers(Source))) {
    if (!forEachVariadicArgument(Read, [&](const Expr *Argument) {
          Out.push_back({traceAll(Argument), Argument, true, Argument});
        }))
      Out.push_back({{TracedString::unknown()}, nullptr, false});
    return;
  }
  if (const ValueDecl *From = WriteIndex::storageOf(Source)) {
    collectEntries(From, Values, Depth + 1, Out);
    return;
  }
  // send(url, {}) and send(url, {"Accept: application/json", auth}): a
  // braced temporary.
  if (const auto *Construct =
          dyn_cast<CXXConstructExpr>(stripValueWrappers(Source));
      Construct && llvm::all_of(Construct->arguments(), [](const Expr *Arg) {
        return isa<CXXDefaultArgExpr>(Arg);
      }))
    return;
  if (appendListedEntries(Source, Values, Out))
    return;
  if (const Expr *Copied = copiedRange(Source)) {
    collectEntriesOf(Copied, Values, Depth + 1, Out);
    return;
  }
  // `Environments.at(Name)` of a map of maps: the entries of each map put
  // in under that key.
  // With the key unknown, any of them, as for a row of a table.
  if (std::optional<std::vector<TracedEntry>> Maps =
          keyedReadEntries(stripValueWrappers(Source), /*AnyKey=*/true)) {
    for (const TracedEntry &Map : *Maps) {
      if (Map.Value)
        collectEntriesOf(Map.Value, Values, Depth + 1, Out);
      else
        Out.push_back({{TracedString::unknown()}, nullptr, false});
    }
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(stripValueWrappers(Source));
  llvm::SmallVector<const FunctionDecl *, 2> Definitions =
      returningDefinitions(Call);
  if (Definitions.empty()) {
    Out.push_back({{TracedString::unknown()}, nullptr, false});
    return;
  }
  for (const FunctionDecl *Definition : Definitions) {
    BindingScope Scope(*this, Definition, Call);
    for (const Expr *Returned : returnValues(Definition))
      collectEntriesOf(Returned, Values, Depth + 1, Out);
  }
}

// The keys (or values) of every element put into \p Container, through the
// arguments bound to a parameter and the containers it was copied from,
// each with whether the function that puts it in always does so under the
// arguments bound now.
void StringTracer::collectEntries(const ValueDecl *Container, bool Values,
                                  unsigned Depth,
                                  std::vector<TracedEntry> &Out) {
  // Each container on the way counts twice: its entries, and the source
  // they are read from.
  if (Depth > 8) {
    Out.push_back({{TracedString::unknown()}, nullptr, false});
    return;
  }
  // A parameter holds what its caller passed, and what the function puts
  // into it.
  if (const auto *Param = dyn_cast<ParmVarDecl>(Container)) {
    CallerFrames Caller(*this, Param);
    if (Caller.Object)
      collectEntriesOf(Caller.Object, Values, Depth, Out);
    else
      Out.push_back({{TracedString::unknown()}, nullptr, false});
  }
  // Whether a write at Site is made on every path of its function; none
  // when no path makes it under the arguments bound now (a flag the caller
  // passes as false).
  auto MadeAlways = [&](const Stmt *Site) -> std::optional<bool> {
    const FunctionDecl *Function = Flow->enclosingFunction(Site);
    if (!Function)
      return true;
    if (everyPathPasses(Function, {}, Site, Dominance::MayNotRun))
      return std::nullopt;
    return everyPathPasses(Function, {Site}, nullptr, Dominance::RunOnce) ||
           madeWithTheOthers(Container, Site, Function);
  };
  for (const WriteIndex::Entry &Entry : Writes->entriesOf(Container)) {
    std::optional<bool> Certain = MadeAlways(Entry.Site);
    if (!Certain)
      continue;
    if (Entry.Range) {
      std::vector<TracedEntry> Inserted;
      collectEntriesOf(Entry.First, Values, Depth + 1, Inserted);
      for (TracedEntry &Each : Inserted)
        Out.push_back(
            {std::move(Each.Text), Entry.Site, *Certain && Each.Certain});
      continue;
    }
    const Expr *Part = Values && Entry.Second ? Entry.Second : Entry.First;
    Out.push_back({traceWrite(Part), Entry.Site, *Certain, Part});
  }
  // A member or global assigned as a whole (`Job.Headers =
  // companyHeader();`): the entries of each value assigned.
  for (const WriteIndex::Write &W : Writes->writesOf(Container)) {
    std::optional<bool> Certain = MadeAlways(W.Site);
    if (!Certain)
      continue;
    std::vector<TracedEntry> Assigned;
    collectEntriesOf(W.Value, Values, Depth + 1, Assigned);
    for (TracedEntry &Entry : Assigned)
      Out.push_back({std::move(Entry.Text), W.Site, *Certain && Entry.Certain});
  }
  // A container copied from another one, or returned by a helper.
  if (const auto *Var = dyn_cast<VarDecl>(Container);
      Var && !isa<ParmVarDecl>(Var))
    if (const Expr *Init = Var->getInit()) {
      const Expr *Stripped = stripValueWrappers(Init);
      const auto *Construct = dyn_cast<CXXConstructExpr>(Stripped);
      bool Listed =
          isa<InitListExpr>(Stripped) ||
          (Construct &&
           (Construct->getNumArgs() == 0 ||
            llvm::any_of(Construct->arguments(), [](const Expr *Arg) {
              return isa<CXXStdInitializerListExpr>(stripValueWrappers(Arg));
            })));
      if (!Listed)
        collectEntriesOf(Init, Values, Depth, Out);
    }
}

// A member or global container keeps its entries between calls, so the
// entry is there when every path from an earlier put passes it, and so
// does every path to a later one.
bool StringTracer::madeWithTheOthers(const ValueDecl *Container,
                                     const Stmt *Site,
                                     const FunctionDecl *Function) {
  if (!Container || !Function)
    return false;
  if (const auto *Var = dyn_cast<VarDecl>(Container);
      !isa<FieldDecl>(Container) && (!Var || Var->hasLocalStorage()))
    return false;
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const Stmt *, 4> Earlier, Later;
  auto Note = [&](const Stmt *Other) {
    if (Other == Site || Flow->enclosingFunction(Other) != Function)
      return;
    (SM.isBeforeInTranslationUnit(Other->getBeginLoc(), Site->getBeginLoc())
         ? Earlier
         : Later)
        .push_back(Other);
  };
  for (const WriteIndex::Entry &Entry : Writes->entriesOf(Container))
    Note(Entry.Site);
  for (const WriteIndex::Write &W : Writes->writesOf(Container))
    Note(W.Site);
  if (Earlier.empty() && Later.empty())
    return false;
  return (Earlier.empty() ||
          everyPathPasses(Function, {Site}, nullptr, Dominance::RunOnce,
                          Earlier, /*FromEntry=*/false)) &&
         llvm::all_of(Later, [&](const Stmt *Other) {
           return everyPathPasses(Function, {Site}, Other, Dominance::RunOnce);
         });
}

bool StringTracer::everyPathPasses(const FunctionDecl *Function,
                                   llvm::ArrayRef<const Stmt *> Through,
                                   const Stmt *To, Dominance::LoopBodies Loops,
                                   llvm::ArrayRef<const Stmt *> From,
                                   bool FromEntry) {
  ++DecidingPaths;
  auto Decided = llvm::make_scope_exit([&] { --DecidingPaths; });
  return Flow->everyPathPasses(
      Function, Through, To, Loops,
      [this](const Expr *Condition, const Expr *Case) {
        return Case ? evaluateCase(Condition, Case)
                    : evaluateCondition(Condition);
      },
      From, FromEntry);
}

// `Request->Count < MAX_HEADERS`: a count kept in a struct checked against
// its capacity. Code that adds a header behind such a guard adds it; the
// guard is assumed to hold, as a reviewer reads it.
static std::optional<bool> capacityGuard(const BinaryOperator *Compare,
                                         const ASTContext &Context) {
  // The count is an integer member; the capacity a constant that is the
  // length of an array member of the same record (`char Lines[8][128]`),
  // so an HTTP status checked against 200 or 300 is no guard.
  auto IsGuard = [&](const Expr *Count, const Expr *Capacity) {
    const auto *Member = dyn_cast<MemberExpr>(stripValueWrappers(Count));
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    Expr::EvalResult Size;
    if (!Field || !Field->getType()->isIntegerType() ||
        Capacity->isValueDependent() ||
        !Capacity->getType()->isIntegralOrEnumerationType() ||
        !Capacity->EvaluateAsInt(Size, Context))
      return false;
    return llvm::any_of(Field->getParent()->fields(), [&](const FieldDecl *F) {
      const auto *Array = Context.getAsConstantArrayType(F->getType());
      return Array &&
             llvm::APSInt::isSameValue(llvm::APSInt(Array->getSize(), true),
                                       Size.Val.getInt());
    });
  };
  bool Below = Compare->getOpcode() == BO_LT || Compare->getOpcode() == BO_LE;
  if (IsGuard(Compare->getLHS(), Compare->getRHS()))
    return Below;
  if (IsGuard(Compare->getRHS(), Compare->getLHS()))
    return !Below;
  return std::nullopt;
}

bool splitEquality(const Expr *E, const Expr *&Left, const Expr *&Right,
                   bool &Equal) {
  if (const auto *Binary = dyn_cast<BinaryOperator>(E);
      Binary &&
      (Binary->getOpcode() == BO_EQ || Binary->getOpcode() == BO_NE)) {
    Left = Binary->getLHS();
    Right = Binary->getRHS();
    Equal = Binary->getOpcode() == BO_EQ;
    return true;
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
      Operator && Operator->getNumArgs() == 2 &&
      (Operator->getOperator() == OO_EqualEqual ||
       Operator->getOperator() == OO_ExclaimEqual)) {
    Left = Operator->getArg(0);
    Right = Operator->getArg(1);
    Equal = Operator->getOperator() == OO_EqualEqual;
    return true;
  }
  return false;
}

static bool sameChoice(const TracedValues &A, const TracedValues &B);
static bool textsDiffer(const TracedString &A, const TracedString &B);

// The text before the first unknown run: all of it when none.
static llvm::StringRef knownStart(llvm::StringRef Text) {
  return Text.take_front(std::min(Text.find(UnknownText), Text.size()));
}

// What field \p Key of the request \p Object holds at \p Use: the value of
// the last `set(Key, Value)` on that variable before the use in its
// function; for a request handed in and not set here, the caller's at
// the call.
std::optional<TracedValues> StringTracer::fieldValue(const Expr *Object,
                                                     const Expr *Key,
                                                     const Stmt *Use,
                                                     unsigned Depth) {
  const Decl *Name = fieldName(Key);
  const VarDecl *Var = referencedVariable(stripIndirection(Object));
  const auto *Function =
      Var ? dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod())
          : nullptr;
  if (!Name || !Function || !Function->getBody() || Depth > MaxObjectHops)
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  const CXXMemberCallExpr *Latest = nullptr;
  llvm::SmallVector<const Stmt *, 64> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Set = dyn_cast<CXXMemberCallExpr>(S);
        Set && Set->getNumArgs() == 2 && Set->getMethodDecl() &&
        Set->getMethodDecl()->getDeclName().isIdentifier() &&
        Set->getMethodDecl()->getName() == "set" &&
        fieldName(Set->getArg(0)) == Name &&
        refersTo(Set->getImplicitObjectArgument(), Var) &&
        SM.isBeforeInTranslationUnit(Set->getBeginLoc(), Use->getBeginLoc()) &&
        (!Latest || SM.isBeforeInTranslationUnit(Latest->getBeginLoc(),
                                                 Set->getBeginLoc())))
      Latest = Set;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  if (Latest)
    return traceAll(Latest->getArg(1));
  const auto *Param = dyn_cast<ParmVarDecl>(Var);
  if (!Param)
    return std::nullopt;
  CallerFrames Caller(*this, Param);
  if (!Caller.Object || !Caller.Call)
    return std::nullopt;
  return fieldValue(Caller.Object, Key, Caller.Call, Depth + 1);
}

// Whether \p E tests that an ID is there: a parameter, local or member
// named as one ID, as a number against zero (`CompanyId != 0`,
// `CompanyId > 0`, `CompanyId`), a text for emptiness
// (`company_id.empty()`) or a std::optional for a value. \p WhenThere is
// the test's result when it is; \p Tested is the ID (a member counts only
// when givenOwnValue says the code gave it one).
static bool isPresenceTest(const Expr *E, bool &WhenThere,
                           const Expr *&Tested) {
  E = E->IgnoreParenImpCasts();
  auto IsValue = [&](const Expr *Value) {
    static const IdNameClassifier Names;
    const NamedDecl *Named = referencedVariable(Value);
    if (const auto *Member = dyn_cast<MemberExpr>(Value->IgnoreParenImpCasts()))
      Named = dyn_cast<FieldDecl>(Member->getMemberDecl());
    else if (!Named || !cast<VarDecl>(Named)->hasLocalStorage())
      return false;
    std::optional<IdName> Id = Named && Named->getIdentifier()
                                   ? Names.classify(Named->getName())
                                   : std::nullopt;
    Tested = Value->IgnoreParenImpCasts();
    return Id && Id->Shape == IdName::Single;
  };
  auto IsZero = [](const Expr *Value) {
    const auto *Zero = dyn_cast<IntegerLiteral>(Value->IgnoreParenImpCasts());
    return Zero && Zero->getValue() == 0;
  };
  if (IsValue(E) &&
      (E->getType()->isIntegerType() || isStdClass(E->getType(), "optional"))) {
    WhenThere = true;
    return true;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    const Expr *L = Binary->getLHS(), *R = Binary->getRHS();
    BinaryOperatorKind Op = Binary->getOpcode();
    if (IsZero(L)) { // `0 < Id` reads as `Id > 0`
      std::swap(L, R);
      Op = BinaryOperator::reverseComparisonOp(Op);
    }
    if (!IsValue(L) || !IsZero(R) || !L->getType()->isIntegerType())
      return false;
    WhenThere = Op == BO_NE || Op == BO_GT;
    return Op == BO_NE || Op == BO_GT || Op == BO_EQ || Op == BO_LE;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && Call->getNumArgs() == 0 && Call->getMethodDecl() &&
      Call->getMethodDecl()->getDeclName().isIdentifier() &&
      (Call->getMethodDecl()->getName() == "empty" ||
       Call->getMethodDecl()->getName() == "isEmpty") &&
      IsValue(Call->getImplicitObjectArgument())) {
    WhenThere = false;
    return true;
  }
  return false;
}

std::optional<bool> StringTracer::evaluateCondition(
    const Expr *Condition,
    llvm::function_ref<std::optional<bool>(const Expr *)> Known) {
  std::optional<bool> Value = evaluateExactly(Condition, Known);
  bool WhenThere = false;
  const Expr *Tested = nullptr;
  if (!Value && AssumingPresence &&
      isPresenceTest(stripValueWrappers(Condition), WhenThere, Tested) &&
      givenOwnValue(Tested))
    return WhenThere;
  if (!Value && initialisesLazily(Condition))
    return true;
  return Value;
}

// Whether a tested ID holds a value the code gave it: any local or
// parameter; a member only when a write or an initializer that reaches the
// read gives it one, not when it may still hold its default (a client
// whose `company_id_` is set by a setter called later, or never).
bool StringTracer::givenOwnValue(const Expr *Tested) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(Tested);
  if (!Member)
    return true;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  if (!Field)
    return false;
  auto Given = [&](const Expr *Value) -> std::optional<bool> {
    return Value && Value != Field->getInClassInitializer();
  };
  return judgeMember(Member->getBase(), Field, Member, 0, Given) == true;
}

// `if (!Plain) { Plain = ...; WithCompany = ...; }` on a static or global
// that only this branch writes: a call either runs the branch or comes
// after one that did, so past the `if` everything stands as the branch
// leaves it.
bool StringTracer::initialisesLazily(const Expr *Condition) {
  const Expr *Tested = nullptr;
  const Expr *E = Condition->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot)
    Tested = Not->getSubExpr();
  else if (const auto *Compare = dyn_cast<BinaryOperator>(E);
           Compare && Compare->getOpcode() == BO_EQ &&
           Compare->getRHS()->isNullPointerConstant(
               Context, Expr::NPC_ValueDependentIsNotNull))
    Tested = Compare->getLHS();
  const VarDecl *Var = Tested ? referencedVariable(Tested) : nullptr;
  if (!Var || Var->hasLocalStorage() || !Var->getType()->isPointerType())
    return false;
  DynTypedNodeList Parents = Context.getParents(*Condition);
  const auto *If = Parents.empty() ? nullptr : Parents[0].get<IfStmt>();
  if (!If || If->getCond() != Condition || !If->getThen())
    return false;
  llvm::ArrayRef<WriteIndex::Write> All = Writes->writesOf(Var);
  const SourceManager &SM = Context.getSourceManager();
  SourceRange Branch = If->getThen()->getSourceRange();
  return !All.empty() && llvm::all_of(All, [&](const WriteIndex::Write &W) {
    return SM.isPointWithin(W.Site->getBeginLoc(), Branch.getBegin(),
                            Branch.getEnd());
  });
}

// Whether a switch over \p Value takes the case labelled \p Case.
std::optional<bool> StringTracer::evaluateCase(const Expr *Value,
                                               const Expr *Case) {
  std::optional<llvm::APSInt> Label = numberValue(Case, 0);
  std::optional<llvm::APSInt> Number =
      Label ? numberValue(Value, 0) : std::nullopt;
  if (!Number)
    return std::nullopt;
  return llvm::APSInt::isSameValue(*Number, *Label);
}

// Two numbers the arguments bound now settle: `Company != 0` with the
// caller's 0.
std::optional<bool>
StringTracer::compareNumbers(const BinaryOperator *Compare) {
  if (!Compare->getLHS()->getType()->isIntegralOrEnumerationType() ||
      !Compare->getRHS()->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  auto Number = [&](const Expr *E) {
    std::optional<llvm::APSInt> Value = numberValue(E, 0);
    return Value ? Value : firstPassValue(E);
  };
  std::optional<llvm::APSInt> L = Number(Compare->getLHS());
  std::optional<llvm::APSInt> R = L ? Number(Compare->getRHS()) : std::nullopt;
  if (!L || !R)
    return std::nullopt;
  return compareIntegers(Compare->getOpcode(), *L, *R);
}

std::optional<bool> compareIntegers(BinaryOperatorKind Opcode,
                                    const llvm::APSInt &Left,
                                    const llvm::APSInt &Right) {
  int Order = llvm::APSInt::compareValues(Left, Right);
  switch (Opcode) {
  case BO_EQ:
    return Order == 0;
  case BO_NE:
    return Order != 0;
  case BO_LT:
    return Order < 0;
  case BO_GT:
    return Order > 0;
  case BO_LE:
    return Order <= 0;
  case BO_GE:
    return Order >= 0;
  default:
    return std::nullopt;
  }
}

// The number \p E holds: a constant, or a parameter's argument.
std::optional<llvm::APSInt> StringTracer::numberValue(const Expr *E,
                                                      unsigned Depth) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E))
    E = Default->getExpr()->IgnoreParenImpCasts();
  if (E->isValueDependent() || Depth > MaxObjectHops)
    return std::nullopt;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Context))
    return Result.Val.getInt();
  if (const auto *Param =
          dyn_cast_or_null<ParmVarDecl>(referencedVariable(E))) {
    CallerFrames Caller(*this, Param);
    if (Caller.Object)
      return numberValue(Caller.Object, Depth + 1);
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    if (const Expr *Row = tableElement(Subscript))
      return numberValue(Row, Depth + 1);
  // A member of the object the calls bound: `Verb_` set by its
  // constructor from the caller's `Verb::Get`.
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl())) {
      std::optional<llvm::APSInt> Found;
      auto Read = [&](const Expr *Value) -> std::optional<bool> {
        Found = Value ? numberValue(Value, Depth + 1) : std::nullopt;
        return Found ? std::optional<bool>(true) : std::nullopt;
      };
      if (judgeMember(Member->getBase(), Field, Member, Depth + 1, Read))
        return Found;
    }
  return std::nullopt;
}

std::optional<bool> StringTracer::evaluateExactly(
    const Expr *Condition,
    llvm::function_ref<std::optional<bool>(const Expr *)> Known) {
  const Expr *E = stripValueWrappers(Condition);
  if (Known)
    if (std::optional<bool> Value = Known(E))
      return Value;
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E))
    return evaluateCondition(Default->getExpr(), Known); // `bool Scoped = true`
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(E))
    return Bool->getValue();
  if (const auto *Integer = dyn_cast<IntegerLiteral>(E))
    return Integer->getValue() != 0;
  // A pointer the caller passes: `send(Path, nullptr)` or a text.
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return false;
  if (isa<StringLiteral>(E))
    return true;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return true;
  // An array handed on as a pointer (`get(Url, Header)` with `char
  // Header[128]`) is never null.
  if (E->IgnoreParenImpCasts()->getType()->isArrayType())
    return true;
  if (passedThroughObject(E) && E->getType()->isPointerType())
    return true; // Text.c_str()
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_LNot) {
    if (std::optional<bool> Value =
            evaluateCondition(Unary->getSubExpr(), Known))
      return !*Value;
    return std::nullopt;
  }
  // `Path.rfind("/rest/v1.0/companies", 0) == 0`, `startsWith`: decided by
  // each text's known start.
  std::string Prefix;
  bool WhenPrefix = true;
  if (const Expr *Tested = prefixTest(E, Prefix, WhenPrefix, 0)) {
    std::optional<bool> Agreed;
    for (const TracedString &Text : traceAll(Tested)) {
      llvm::StringRef Known = knownStart(Text.text());
      std::optional<bool> Starts;
      if (Known.starts_with(Prefix))
        Starts = true;
      else if (!llvm::StringRef(Prefix).starts_with(Known))
        Starts = false;
      if (!Starts || (Agreed && *Agreed != (*Starts == WhenPrefix)))
        return std::nullopt;
      Agreed = *Starts == WhenPrefix;
    }
    return Agreed;
  }
  const Expr *Left = nullptr, *Right = nullptr;
  bool Equal = true;
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (Binary->getOpcode() == BO_LAnd || Binary->getOpcode() == BO_LOr) {
      bool And = Binary->getOpcode() == BO_LAnd;
      std::optional<bool> A = evaluateCondition(Binary->getLHS(), Known);
      std::optional<bool> B = evaluateCondition(Binary->getRHS(), Known);
      if ((A && *A != And) || (B && *B != And))
        return !And; // false && ..., true || ...
      if (A && B)
        return And;
      return std::nullopt;
    }
    if (std::optional<bool> Compared = compareNumbers(Binary))
      return Compared;
    if (Binary->isRelationalOp())
      return capacityGuard(Binary, Context);
    if (!splitEquality(E, Left, Right, Equal))
      return std::nullopt;
  } else if (splitEquality(E, Left, Right, Equal)) {
    // `a == b` of class type: compared below.
  } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    // A flag member: `if (Options.Scoped)`, `if (Scoped)` in a method.
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    auto Flag = [&](const Expr *Value) {
      return Value ? evaluateCondition(Value) : std::nullopt;
    };
    if (!Field)
      return std::nullopt;
    return judgeMember(Member->getBase(), Field, Member, 0, Flag);
  } else if (const auto *Test = dyn_cast<CXXMemberCallExpr>(E);
             Test && Test->getNumArgs() == 0 && Test->getMethodDecl() &&
             (isa<CXXConversionDecl>(Test->getMethodDecl()) ||
              Test->getMethodDecl()->getName() == "has_value") &&
             isStdClass(Test->getImplicitObjectArgument()->getType(),
                        "optional")) {
    return engaged(Test->getImplicitObjectArgument(), 0);
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
             Call && Call->getNumArgs() == 0 && Call->getMethodDecl() &&
             Call->getMethodDecl()->getDeclName().isIdentifier() &&
             (Call->getMethodDecl()->getName() == "empty" ||
              Call->getMethodDecl()->getName() == "isEmpty")) {
    // `Body.empty()` on a text the trace knows completely.
    const auto *Class =
        Call->getImplicitObjectArgument()->getType()->getAsCXXRecordDecl();
    if (!Class || !Class->getIdentifier() ||
        !llvm::is_contained(
            {"basic_string", "basic_string_view", "QString", "QByteArray"},
            Class->getName()))
      return std::nullopt;
    // Empty when every value is known and empty, not empty when each
    // has a known character.
    TracedValues Text = traceAll(Call->getImplicitObjectArgument());
    auto KnownEmpty = [](const TracedString &T) { return T.text().empty(); };
    auto KnownFull = [](const TracedString &T) {
      return llvm::any_of(T.text(), [](char C) { return C != UnknownText; });
    };
    if (!Text.empty() && llvm::all_of(Text, KnownEmpty))
      return true;
    if (!Text.empty() && llvm::all_of(Text, KnownFull))
      return false;
    return std::nullopt;
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
             Call && Call->getNumArgs() == 1 && Call->getMethodDecl() &&
             Call->getMethodDecl()->getDeclName().isIdentifier() &&
             (Call->getMethodDecl()->getName() == "count" ||
              Call->getMethodDecl()->getName() == "contains") &&
             isKeyedMap(Call->getImplicitObjectArgument()->getType())) {
    return mapHasKey(Call->getImplicitObjectArgument(), Call->getArg(0));
  } else if (std::optional<bool> Flag = keyedFlag(E)) {
    return Flag;
  } else if (const Expr *Named = boundMember(E)) {
    // `auto [Url, Post] = build(R); if (Post)`: the member it names.
    return evaluateCondition(Named, Known);
  } else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && Call->getType()->isBooleanType()) {
    return calledPredicate(Call);
  } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E);
             Subscript && Subscript->getType()->isIntegralOrEnumerationType()) {
    // `kNeedsCompany[Endpoint]`: a flag of a constant table, the row
    // settled.
    if (std::optional<llvm::APSInt> Flag = numberValue(Subscript, 0))
      return !Flag->isZero();
    return std::nullopt;
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (std::optional<llvm::APSInt> First = firstPassValue(Ref))
      return !First->isZero(); // `First ? "?" : "&"`
    // A flag computed once: `const bool OAuth = Kind == Kind::Token;`.
    if (const auto *Flag = dyn_cast<VarDecl>(Ref->getDecl());
        Flag && !isa<ParmVarDecl>(Flag) && Flag->hasLocalStorage() &&
        Flag->getType()->isBooleanType() && Flag->getInit() &&
        neverChangedAfterInit(Flag))
      return evaluateCondition(Flag->getInit(), Known);
    // A flag the caller passes: `BuildHeaders(false)`.
    // Unbound, its callers may settle it.
    const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
    if (!Param)
      return std::nullopt;
    CallerFrames Caller(*this, Param);
    return Caller.Object ? evaluateCondition(Caller.Object) : std::nullopt;
  }
  if (!Left)
    return std::nullopt;
  // `Map.find(Key) != Map.end()`, through an iterator variable.
  for (int Turn = 0; Turn < 2; ++Turn, std::swap(Left, Right)) {
    std::optional<KeyedRead> Found = foundEntry(Left);
    const auto *End = dyn_cast<CXXMemberCallExpr>(stripValueWrappers(Right));
    if (Found && End && End->getMethodDecl() &&
        End->getMethodDecl()->getDeclName().isIdentifier() &&
        End->getMethodDecl()->getName() == "end") {
      std::optional<bool> Present = mapHasKey(Found->Map, Found->Key);
      return Present ? std::optional<bool>(*Present != Equal) : std::nullopt;
    }
  }
  if (std::optional<bool> Same = sameEndCharacter(Left, Right))
    return *Same == Equal;
  // Two texts the trace knows completely: `method == "GET"`.
  if (!Left->getType()->isRecordType() && !Left->getType()->isPointerType() &&
      !Left->getType()->isArrayType())
    return std::nullopt;
  TracedValues A = traceAll(Left), B = traceAll(Right);
  auto Complete = [](const TracedValues &Values) {
    return llvm::none_of(Values, [](const TracedString &Text) {
      return Text.text().find(UnknownText) != std::string::npos;
    });
  };
  if (!Complete(A) || !Complete(B)) {
    // Known text that differs where both sides know it: never equal
    // (`/rest/v1.0/vendors/<id>` is not `/rest/v1.0/me`).
    if (llvm::all_of(A, [&](const TracedString &X) {
          return llvm::all_of(
              B, [&](const TracedString &Y) { return textsDiffer(X, Y); });
        }))
      return !Equal;
    return std::nullopt;
  }
  auto In = [](const TracedString &Text, const TracedValues &Values) {
    return llvm::any_of(Values, [&](const TracedString &Other) {
      return Other.text() == Text.text();
    });
  };
  // No text of one side is a text of the other: never equal.
  if (llvm::none_of(A, [&](const TracedString &Text) { return In(Text, B); }))
    return !Equal;
  if (A.size() == 1 && B.size() == 1)
    return Equal;
  // One value read twice: the same choice among the same literals
  // (`Request[Host] != Hosts.Api` with the host set from Hosts.Api).
  if (sameChoice(A, B))
    return Equal;
  return std::nullopt;
}

// Whether nothing changes local \p Var after its initializer: it is
// const, or its function never assigns it, steps it, takes its address
// or binds it to a reference.
bool StringTracer::neverChangedAfterInit(const VarDecl *Var) {
  if (Var->getType().isConstQualified())
    return true;
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Function || !Function->getBody())
    return false;
  auto Names = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == Var;
  };
  auto BindsMutably = [&](QualType Type, const Expr *Init) {
    return Type->isReferenceType() &&
           !Type.getNonReferenceType().isConstQualified() && Init &&
           Names(Init);
  };
  return !anyStatement(Function->getBody(), [&](const Stmt *S) {
    if (const auto *Binary = dyn_cast<BinaryOperator>(S))
      return Binary->isAssignmentOp() && Names(Binary->getLHS());
    if (const auto *Unary = dyn_cast<UnaryOperator>(S))
      return (Unary->isIncrementDecrementOp() ||
              Unary->getOpcode() == UO_AddrOf) &&
             Names(Unary->getSubExpr());
    if (const auto *Declared = dyn_cast<DeclStmt>(S))
      return llvm::any_of(Declared->decls(), [&](const Decl *D) {
        const auto *Other = dyn_cast<VarDecl>(D);
        return Other && BindsMutably(Other->getType(), Other->getInit());
      });
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return false;
    for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams();
         ++I)
      if (BindsMutably(Callee->getParamDecl(I)->getType(), Call->getArg(I)))
        return true;
    return false;
  });
}

// `Url.back() == '/'`, `Path.front() == '/'`: whether the first or last
// character of a text is the one compared with, when every traced value
// knows it.
std::optional<bool> StringTracer::sameEndCharacter(const Expr *Left,
                                                   const Expr *Right) {
  for (int Turn = 0; Turn < 2; ++Turn, std::swap(Left, Right)) {
    const auto *End = dyn_cast<CXXMemberCallExpr>(stripValueWrappers(Left));
    const auto *Character =
        dyn_cast<CharacterLiteral>(stripValueWrappers(Right));
    const CXXMethodDecl *Method = End ? End->getMethodDecl() : nullptr;
    if (!Character || !Method || End->getNumArgs() != 0 ||
        !Method->getDeclName().isIdentifier() ||
        !(Method->getName() == "back" || Method->getName() == "front") ||
        !isTextClass(End->getImplicitObjectArgument()->getType()))
      continue;
    bool Back = Method->getName() == "back";
    std::optional<bool> Agreed;
    for (const TracedString &Value :
         traceAll(End->getImplicitObjectArgument())) {
      const std::string &Text = Value.text();
      if (Text.empty())
        return std::nullopt;
      char At = Back ? Text.back() : Text.front();
      bool Same = At == static_cast<char>(Character->getValue());
      if (At == UnknownText || (Agreed && *Agreed != Same))
        return std::nullopt;
      Agreed = Same;
    }
    return Agreed;
  }
  return std::nullopt;
}

// Whether two texts, each perhaps with unknown runs, can never be equal:
// their known starts, or their known ends, disagree.
static bool textsDiffer(const TracedString &A, const TracedString &B) {
  llvm::StringRef X(A.text()), Y(B.text());
  auto End = [](llvm::StringRef T) {
    size_t Last = T.rfind(UnknownText);
    return Last == llvm::StringRef::npos ? T : T.drop_front(Last + 1);
  };
  bool Exact = !X.contains(UnknownText) && !Y.contains(UnknownText);
  if (Exact)
    return X != Y;
  llvm::StringRef StartX = knownStart(X), StartY = knownStart(Y);
  llvm::StringRef EndX = End(X), EndY = End(Y);
  size_t Common = std::min(StartX.size(), StartY.size());
  size_t CommonEnd = std::min(EndX.size(), EndY.size());
  return StartX.take_front(Common) != StartY.take_front(Common) ||
         EndX.take_back(CommonEnd) != EndY.take_back(CommonEnd);
}

// Whether two sets of alternatives are one set: the same texts, each
// spelled by the same literals.
static bool sameChoice(const TracedValues &A, const TracedValues &B) {
  auto Literals = [](const TracedString &Text) {
    std::vector<const StringLiteral *> Spelled;
    for (const TracedString::Origin &Origin : Text.origins())
      Spelled.push_back(Origin.Literal);
    return Spelled;
  };
  auto Covered = [&](const TracedValues &From, const TracedValues &To) {
    return llvm::all_of(From, [&](const TracedString &Text) {
      return llvm::any_of(To, [&](const TracedString &Other) {
        return Other.text() == Text.text() && Literals(Other) == Literals(Text);
      });
    });
  };
  return Covered(A, B) && Covered(B, A);
}

// A flag member of `this` that a caller on the way to here sets before its
// call: `Scoped = true; request(...);` settles `if (Scoped)` in the
// helpers request() runs.
std::optional<bool> StringTracer::judgeThisMember(const CXXThisExpr *This,
                                                  const FieldDecl *Field,
                                                  unsigned Depth,
                                                  Judge Decide) {
  if (const FunctionDecl *Method = methodOfThis(This)) {
    CallerFrames Caller(*this, Method);
    if (Caller.Object && Caller.Call &&
        !isa_and_nonnull<CXXThisExpr>(stripIndirection(Caller.Object)))
      if (std::optional<bool> Value =
              judgeMember(Caller.Object, Field, Caller.Call, Depth + 1, Decide))
        return Value;
  }
  const SourceManager &SM = Context.getSourceManager();
  for (size_t I = BindingStack.size(); I-- > 0;) {
    const Expr *Call = BindingStack[I].Call;
    const FunctionDecl *Caller = Flow->enclosingFunction(Call);
    const WriteIndex::Write *Latest = nullptr;
    for (const WriteIndex::Write &W : Writes->writesOf(Field))
      if (!W.Root && !W.Braced && Flow->enclosingFunction(W.Site) == Caller &&
          Flow->dominates(W.Site, Call, Dominance::MayNotRun) &&
          (!Latest || SM.isBeforeInTranslationUnit(Latest->Site->getBeginLoc(),
                                                   W.Site->getBeginLoc())))
        Latest = &W;
    if (Latest) {
      std::vector<Bindings> Outer(BindingStack.begin() + I, BindingStack.end());
      BindingStack.resize(I);
      std::optional<bool> Value = Decide(Latest->Value);
      BindingStack.insert(BindingStack.end(), Outer.begin(), Outer.end());
      return Value;
    }
  }
  return std::nullopt;
}

// A member of a parameter is the caller's object's at the call; one of a
// local is what the last write before the use gives it, when that write
// reaches the use on every path, else what its initializer gives it.
std::optional<bool> StringTracer::judgeMember(const Expr *Object,
                                              const FieldDecl *Field,
                                              const Stmt *Use, unsigned Depth,
                                              Judge Decide) {
  // A member written through its address (`curl_easy_getinfo(H,
  // CURLINFO_RESPONSE_CODE, &Reply.Status)`) holds what no write shows.
  if (Depth > MaxObjectHops || Writes->addressTaken(Field))
    return std::nullopt;
  const Expr *E = stripIndirection(Object);
  if (const auto *This = dyn_cast_or_null<CXXThisExpr>(E))
    return judgeThisMember(This, Field, Depth, Decide);
  // `Api->Config` of a member `Api`: the member of the object it holds.
  if (const auto *Outer = dyn_cast_or_null<MemberExpr>(E);
      Outer && isa<FieldDecl>(Outer->getMemberDecl()))
    return judgeMember(
        Outer->getBase(), cast<FieldDecl>(Outer->getMemberDecl()), Use,
        Depth + 1, [&](const Expr *Held) -> std::optional<bool> {
          if (!Held)
            return std::nullopt;
          return judgeMember(Held, Field, Held, Depth + 1, Decide);
        });
  // A flag of the row of a constant table a settled index picks.
  if (const InitListExpr *Row = E ? tableRow(E) : nullptr)
    return Decide(initializerOfMember(Row, Field));
  const VarDecl *Var = aliasedVariable(referencedVariable(E));
  if (!Var)
    return judgeBuilt(E, Field, Depth, Decide); // `send(Kind{Id})`.
  // `static const Options Defaults = {...}`: nothing writes it.
  if (Var->getType().isConstQualified() && Var->getType()->isRecordType() &&
      Var->getInit())
    return judgeBuilt(Var->getInit(), Field, Depth, Decide);
  if (!Var->hasLocalStorage())
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  auto Before = [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  };
  const FunctionDecl *Function = Flow->enclosingFunction(Use);
  const Stmt *Latest = nullptr;
  const Expr *Value = nullptr;
  for (const WriteIndex::Write &W : Writes->writesOf(Field))
    if (W.Root == Var && Flow->enclosingFunction(W.Site) == Function &&
        Before(W.Site, Use) && (!Latest || Before(Latest, W.Site))) {
      Latest = W.Site;
      Value = W.Value;
    }
  Origin From = originAt(Var, Use);
  // A helper or method handed the object before the use may write it
  // (past the helper that replaced it whole, `Queue.pop(Job)`); so may an
  // object built before the use that keeps a reference to it.
  for (const Handing &Handed : handingsOf(Var))
    if (Flow->enclosingFunction(Handed.Call) == Function &&
        Before(Handed.Call, Use) && (!Latest || Before(Latest, Handed.Call)) &&
        (!From.Since || Before(From.Since, Handed.Call)) &&
        mayWriteMember(Handed, Field))
      return std::nullopt;
  if (keptBefore(Var, Use))
    return std::nullopt;
  // In a loop around the use that the object outlives, a write or a method
  // call at or after the use on one iteration comes before it on the next
  // (`for (...) Job.step();` where step() moves the job's state).
  if (carriedByLoop(Var, Field, Use))
    return std::nullopt;
  if (!From.Known)
    return std::nullopt;
  // Assigned whole since its last member write (`Opts = &Defaults`): the
  // member of what was assigned.
  if (From.Since && (!Latest || Before(Latest, From.Since)))
    return From.Source
               ? judgeMember(From.Source, Field, From.Since, Depth + 1, Decide)
               : std::nullopt;
  if (Latest)
    return Flow->dominates(Latest, Use, Dominance::MayNotRun) ? Decide(Value)
                                                              : std::nullopt;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    CallerFrames Caller(*this, Param);
    if (!Caller.Object || !Caller.Call)
      return std::nullopt;
    return judgeMember(Caller.Object, Field, Caller.Call, Depth + 1, Decide);
  }
  return judgeBuilt(From.Source, Field, Depth, Decide);
}

// Whether the function \p Handed gives the object to may change its member
// \p Field: it writes the member or replaces its parameter whole, hands it
// on, or cannot be seen (a std::function), when the program writes the
// member anywhere outside a braced initializer.
bool StringTracer::mayWriteMember(const Handing &Handed,
                                  const FieldDecl *Field) {
  llvm::ArrayRef<WriteIndex::Write> All = Writes->writesOf(Field);
  if (!Handed.Callee || Handed.Held || Handed.Parameter == ThisParameter ||
      Handed.Parameter >= Handed.Callee->getNumParams())
    return llvm::any_of(All,
                        [](const WriteIndex::Write &W) { return !W.Braced; });
  const ParmVarDecl *Param = Handed.Callee->getParamDecl(Handed.Parameter);
  if (!handingsOf(Param).empty() || WholeAssignments.count(Param))
    return true;
  return llvm::any_of(All, [&](const WriteIndex::Write &W) {
    return Flow->enclosingFunction(W.Site) == Handed.Callee;
  });
}

// The innermost loop around \p Use that \p Var lives across, so what one
// iteration leaves in it the next one reads; null when there is none or
// each iteration makes a new object.
const Stmt *StringTracer::loopOutlivedBy(const VarDecl *Var, const Stmt *Use) {
  const Stmt *Loop = Flow->commonLoop(Use, Use);
  if (!Loop ||
      (Var && Context.getSourceManager().isPointWithin(
                  Var->getLocation(), Loop->getBeginLoc(), Loop->getEndLoc())))
    return nullptr;
  return Loop;
}

// Whether a loop around \p Use, inside the life of \p Var, writes \p Field
// of it at or after the use, or there hands it to a function that writes
// the member (or that the analysis cannot see).
bool StringTracer::carriedByLoop(const VarDecl *Var, const FieldDecl *Field,
                                 const Stmt *Use) {
  const Stmt *Loop = loopOutlivedBy(Var, Use);
  if (!Loop)
    return false;
  const SourceManager &SM = Context.getSourceManager();
  auto Carried = [&](const Stmt *Site) {
    return !SM.isBeforeInTranslationUnit(Site->getBeginLoc(),
                                         Use->getBeginLoc()) &&
           Flow->commonLoop(Site, Use) == Loop;
  };
  auto WritesIn = [&](const FunctionDecl *Callee) {
    return !Callee ||
           llvm::any_of(Writes->writesOf(Field),
                        [&](const WriteIndex::Write &W) {
                          return Flow->enclosingFunction(W.Site) == Callee;
                        });
  };
  return llvm::any_of(Writes->writesOf(Field),
                      [&](const WriteIndex::Write &W) {
                        return W.Root == Var && Carried(W.Site);
                      }) ||
         llvm::any_of(handingsOf(Var), [&](const Handing &Handed) {
           return Carried(Handed.Call) && WritesIn(Handed.Callee);
         });
}

// A member of an object as it is built: what a braced initializer gives
// it, else its default (null for an object built empty).
std::optional<bool> StringTracer::judgeBuilt(const Expr *Built,
                                             const FieldDecl *Field,
                                             unsigned Depth, Judge Decide) {
  if (Depth > MaxObjectHops)
    return std::nullopt;
  const Expr *Init = Built ? stripValueWrappers(Built) : nullptr;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Init)) {
    if (const Expr *Moved = movedObject(Call))
      return judgeMember(Moved, Field, Call, Depth + 1, Decide);
    // `Queue.front()`: the element the chain's hop put in, if it has one.
    if (const ValueDecl *Container = takenFrom(Call)) {
      std::optional<bool> Value;
      visitBoundElement(Container, [&](const Expr *Element) {
        Value = judgeMember(Element, Field, Element, Depth + 1, Decide);
      });
      return Value;
    }
  }
  // `std::make_shared<Client>(Config)`: what the constructor's initializer
  // gives the member, read with the make's arguments.
  if (const auto *Make = dyn_cast_or_null<CallExpr>(Init);
      Make && madeClass(Make)) {
    const FunctionDecl *Constructor = nullptr;
    if (const Expr *Given = madeMemberInitializer(Make, Field, Constructor)) {
      BindingScope Scope(*this, Constructor, Make);
      return Decide(Given);
    }
    if (!Constructor || constructorWrites(Constructor, Field))
      return std::nullopt;
    return Field->hasInClassInitializer()
               ? Decide(Field->getInClassInitializer())
               : std::nullopt;
  }
  // A helper's result: what every object it returns holds, when they agree.
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Init)) {
    std::optional<bool> Agreed;
    bool First = true;
    for (const FunctionDecl *Definition : returningDefinitions(Call)) {
      BindingScope Scope(*this, Definition, Call);
      // `return Job;` of a local: what that object holds there.
      for (const Expr *Returned : reachedReturnValues(Definition)) {
        std::optional<bool> Value =
            judgeMember(Returned, Field, Returned, Depth + 1, Decide);
        if (!Value || (!First && Value != Agreed))
          return std::nullopt;
        Agreed = Value;
        First = false;
      }
    }
    return Agreed;
  }
  // A fluent method's `return *this`: the object it was called on.
  if (const auto *This = dyn_cast_or_null<CXXThisExpr>(
          Init ? stripIndirection(Init) : nullptr))
    return judgeThisMember(This, Field, Depth + 1, Decide);
  if (const auto *List = dyn_cast_or_null<InitListExpr>(Init)) {
    if (const Expr *Given = initializerOfMember(List, Field))
      return Decide(Given);
  } else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init);
             Construct && Construct->getNumArgs() > 0) {
    // What the constructor's initializer gives the member, read with the
    // construction's arguments; a copy holds its source's.
    if (const Expr *Source = copiedObject(Construct))
      return judgeMember(Source, Field, Construct, Depth + 1, Decide);
    const FunctionDecl *Constructor = nullptr;
    const Expr *Given = memberInitializer(Construct, Field, Constructor);
    if (!Given)
      return std::nullopt;
    BindingScope Scope(*this, Constructor, Construct);
    return Decide(Given);
  } else if (Init && !isa<CXXConstructExpr>(Init)) {
    return std::nullopt;
  }
  if (Field->hasInClassInitializer())
    return Decide(Field->getInClassInitializer());
  return isStdClass(Field->getType(), "optional") ? Decide(nullptr)
                                                  : std::nullopt;
}

// An optional made from a value holds one; std::nullopt and one built
// empty do not.
std::optional<bool> StringTracer::engaged(const Expr *Optional,
                                          unsigned Depth) {
  if (!Optional)
    return false; // Left to its default.
  if (Depth > MaxObjectHops)
    return std::nullopt;
  const Expr *E = stripValueWrappers(Optional);
  // `auto [Method, Path, Company] = toCall(R); if (Company)`: the member
  // of the decomposed object.
  if (const Expr *Named = boundMember(E))
    E = stripValueWrappers(Named);
  if (!isStdClass(E->getType(), "optional"))
    return !isStdClass(E->getType(), "nullopt_t");
  auto Holds = [&](const Expr *Value) { return engaged(Value, Depth + 1); };
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0 ||
        isStdClass(Construct->getArg(0)->getType(), "nullopt_t"))
      return false;
    // Built from a value (`std::optional<CompanyId>(R.Company)`) it holds
    // one; from another optional, what that one holds.
    return Holds(Construct->getArg(0));
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    return judgeMember(Member->getBase(), Field, Member, Depth + 1, Holds);
  }
  const VarDecl *Var = referencedVariable(E);
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Var)) {
    CallerFrames Caller(*this, Param);
    return Caller.Object ? Holds(Caller.Object) : std::nullopt;
  }
  if (Var && Var->hasLocalStorage())
    if (Origin From = originAt(Var, E); From.Known)
      return From.Source ? Holds(From.Source) : false;
  return std::nullopt;
}

// A value written to a member or global: an expression, or a C string
// call that fills its buffer.
TracedValues StringTracer::traceWrite(const Expr *Written) {
  const auto *Call = dyn_cast<CallExpr>(Written);
  std::optional<BufferWrite> Write = Call ? bufferWrite(Call) : std::nullopt;
  if (!Write)
    return traceAll(Written);
  if (Write->appends())
    return {TracedString::unknown()}; // What it adds to is another write's.
  return writtenText(*Write);
}

// The text a C string call puts into its buffer, at the start or past it.
TracedValues StringTracer::writtenText(const BufferWrite &Write) {
  if (Write.Action == BufferWrite::Format)
    return format(Write.Source, Write.FormatArguments, FormatStyle::Printf);
  return traceAll(Write.Source);
}

// The values the functions of the program leave in a global, read in each
// writing function in source order: strcat(Global, ...) extends what the
// write before it in that function put there, and a value that the next
// write of its function, run on every path, replaces or extends is never
// seen outside it (snprintf then strncat build one bearer header).
TracedValues StringTracer::globalWrites(const VarDecl *Global) {
  llvm::ArrayRef<WriteIndex::Write> Written = Writes->writesOf(Global);
  TracedValues Result;
  TracedValues Previous;
  for (size_t I = 0; I < Written.size(); ++I) {
    const WriteIndex::Write &W = Written[I];
    const auto *Call = dyn_cast<CallExpr>(W.Value);
    std::optional<BufferWrite> Buffer = Call ? bufferWrite(Call) : std::nullopt;
    bool SameFunction = I > 0 && Flow->enclosingFunction(Written[I - 1].Site) ==
                                     Flow->enclosingFunction(W.Site);
    TracedValues Values;
    if (Buffer && Buffer->appends() && SameFunction)
      Values = concatenate(Previous, writtenText(*Buffer));
    else
      Values = traceWrite(W.Value);
    Previous = Values;
    if (I + 1 < Written.size() &&
        Flow->enclosingFunction(Written[I + 1].Site) ==
            Flow->enclosingFunction(W.Site) &&
        Flow->runsOnEveryPath(Written[I + 1].Site, Dominance::MayNotRun))
      continue;
    for (const TracedString &Text : Values)
      addAlternative(Result, Text);
  }
  return Result;
}

TracedValues StringTracer::traceField(const FieldDecl *Field) {
  // A member holds any value the code gives it: in its constructors, its
  // default member initializer (unless every constructor overrides it),
  // aggregate initializers and assignments.
  if (const InitListExpr *Row =
          PinnedRows.lookup(canonicalRecord(Field->getParent()))) {
    const Expr *Init = initializerOfMember(Row, Field);
    if (!Init && Field->hasInClassInitializer())
      Init = Field->getInClassInitializer();
    return Init ? traceAll(Init) : TracedValues{TracedString::unknown()};
  }
  if (!FieldsInProgress.insert(Field).second)
    return {TracedString::unknown()};
  auto Done = llvm::make_scope_exit([&] { FieldsInProgress.erase(Field); });
  TracedValues Result;
  auto Consider = [&](const Expr *Init) {
    for (const TracedString &Value : traceAll(Init))
      addAlternative(Result, Value);
  };
  const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
  unsigned Constructors = 0, Initializing = 0;
  if (Record) {
    for (const CXXConstructorDecl *Constructor : Record->ctors()) {
      const auto *Definition =
          dyn_cast_or_null<CXXConstructorDecl>(Constructor->getDefinition());
      if (!Definition || Definition->isImplicit())
        continue;
      ++Constructors;
      bool Initializes = false;
      for (const CXXCtorInitializer *Init : Definition->inits())
        if (Init->getMember() == Field && Init->isWritten()) {
          Consider(Init->getInit());
          Initializes = true;
        }
      Initializing += Initializes;
    }
  }
  bool EveryConstructorInitializes =
      Constructors && Initializing == Constructors;
  if (Field->hasInClassInitializer() && !EveryConstructorInitializes)
    Consider(Field->getInClassInitializer());
  for (const WriteIndex::Write &Written : Writes->writesOf(Field))
    for (const TracedString &Value : traceWrite(Written.Value))
      addAlternative(Result, Value);
  if (Result.empty())
    return {TracedString::unknown()};
  return Result;
}

// One walk of the function body, one case per way of changing text in
// place; the cases share the walk's state (what to descend into).
const std::vector<StringTracer::Mutation> &
StringTracer::mutationsOf(const VarDecl *Var, const FunctionDecl *In) {
  const auto *Function =
      Var->hasLocalStorage()
          ? dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod())
          : In;
  auto Found = Mutations.find({Var, Function});
  if (Found != Mutations.end())
    return Found->second;
  std::vector<Mutation> &Result = Mutations[{Var, Function}];
  if (!Function || !Function->getBody())
    return Result;
  llvm::SmallVector<const Stmt *, 64> Work = {Function->getBody()};
  std::vector<Mutation> Found2;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    bool Descend = true;
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
        Operator && Operator->getNumArgs() == 2 &&
        refersTo(Operator->getArg(0), Var)) {
      if (Operator->getOperator() == OO_Equal)
        Found2.push_back({Mutation::Assign, S, {Operator->getArg(1)}});
      else if (Operator->getOperator() == OO_PlusEqual)
        Found2.push_back({Mutation::Append, S, {Operator->getArg(1)}});
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
               Operator && Operator->getOperator() == OO_LessLess) {
      std::vector<const Expr *> Operands = streamOperands(Operator);
      if (refersTo(Operands.front(), Var)) {
        Found2.push_back(
            {Mutation::Append, S,
             std::vector<const Expr *>(Operands.begin() + 1, Operands.end())});
        Descend = false;
      }
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
               Assign && Assign->getOpcode() == BO_Assign &&
               refersTo(Assign->getLHS(), Var)) {
      Found2.push_back({Mutation::Assign, S, {Assign->getRHS()}});
    } else if (const auto *Chain = dyn_cast<CXXMemberCallExpr>(S);
               Chain && urlEditRule(Chain) && editsThroughChain(Chain, Var)) {
      // `Url.set_host(H).set_path(P)`: the chain's value is the variable's.
      Found2.push_back({Mutation::Assign, S, {Chain}});
      Descend = false;
    } else if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(S);
               MemberCall && MemberCall->getMethodDecl() &&
               MemberCall->getMethodDecl()->getDeclName().isIdentifier() &&
               refersTo(MemberCall->getImplicitObjectArgument(), Var)) {
      llvm::StringRef Name = MemberCall->getMethodDecl()->getName();
      if ((Name == "append" || Name == "assign") &&
          MemberCall->getNumArgs() == 1)
        Found2.push_back(
            {Name == "append" ? Mutation::Append : Mutation::Assign,
             S,
             {MemberCall->getArg(0)}});
      else if (const UrlEditRule *Edit = urlEditRule(MemberCall);
               Edit && !MemberCall->getMethodDecl()->isConst())
        Found2.push_back({Edit->Edit == UrlEdit::SetWhole ? Mutation::Assign
                                                          : Mutation::EditUrl,
                          S, urlEditArguments(MemberCall, *Edit), nullptr,
                          Edit->Edit});
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // strcpy(buffer, text), strcat(buffer, text), snprintf(buffer, ...),
      // snprintf(buffer + strlen(buffer), ...).
      if (std::optional<BufferWrite> Write = bufferWrite(Call);
          Write && refersTo(Write->Buffer, Var))
        Found2.push_back(bufferMutation(*Write, S));
    }
    // `to_utf8(Wide, Buffer, sizeof Buffer)`: a helper of the program
    // that fills the buffer it is handed.
    // `std::getline(In, Line)`: a library call that fills a variable it
    // takes by reference gives it text the analysis cannot see.
    // Through a function pointer, which function fills it depends on the
    // row pinned when it is read, not when this list is made and kept.
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      bool Indirect = !Call->getDirectCallee();
      if (std::optional<Mutation> Filled =
              Indirect ? std::nullopt : filledByHelper(Call, Var)) {
        Found2.push_back(std::move(*Filled));
      } else if (fillsThroughReference(Call, Var)) {
        Found2.push_back({Mutation::Assign, S, {Call}});
        if (Indirect)
          Found2.back().RowFilled = Var;
      }
    }
    // Children pushed last to first are visited in evaluation order, which
    // is source order except where the writes of an expansion share their
    // locations: a fold expression over a pack appends element by element.
    if (Descend) {
      size_t First = Work.size();
      Work.append(S->child_begin(), S->child_end());
      std::reverse(Work.begin() + First, Work.end());
    }
  }
  Result = std::move(Found2);
  return Result;
}

// The mutation of a buffer a C string write makes: one at the buffer's
// start replaces its text, one past it or a strcat appends.
StringTracer::Mutation StringTracer::bufferMutation(const BufferWrite &Write,
                                                    const Stmt *Site) {
  Mutation M{Write.appends() ? Mutation::Append : Mutation::Assign,
             Site,
             {Write.Source}};
  if (Write.Action == BufferWrite::Format) {
    M.Format = Write.Source;
    M.Values = Write.FormatArguments;
  }
  return M;
}

// A call of a helper of the program that hands it \p Var (a buffer, or a
// text by reference) with the helper's last C string write to that
// parameter: `wcstombs(Out, In, N)` in `to_utf8(In, Out, N)`. The value
// is that write's, read with the call's arguments; when the write runs on
// some paths of the helper only, what the variable held may stay.
std::optional<StringTracer::Mutation>
StringTracer::filledByHelper(const CallExpr *Call, const VarDecl *Var) {
  const FunctionDecl *Helper = fillingHelper(Call);
  if (!Helper || !Helper->getBody() || isa<CXXOperatorCallExpr>(Call))
    return std::nullopt;
  const ParmVarDecl *Param = nullptr;
  for (unsigned I = 0; I < Call->getNumArgs() && I < Helper->getNumParams();
       ++I)
    if (refersTo(Call->getArg(I), Var)) {
      QualType Type = Helper->getParamDecl(I)->getType();
      if ((Type->isPointerType() || Type->isReferenceType()) &&
          !Type->getPointeeType().isConstQualified())
        Param = Helper->getParamDecl(I);
    }
  if (!Param)
    return std::nullopt;
  if (std::optional<TemplateCopy> Copy = templateCopy(Helper, Param)) {
    Mutation M{Mutation::Assign, Call, {}};
    M.Through = Call;
    M.Copy = std::move(Copy);
    return M;
  }
  const CallExpr *Last = nullptr;
  std::optional<BufferWrite> Write;
  unsigned Writes = 0;
  llvm::SmallVector<const Stmt *, 32> Work = {Helper->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Inner = dyn_cast<CallExpr>(S))
      if (std::optional<BufferWrite> Found = bufferWrite(Inner);
          Found && refersTo(Found->Buffer, Param)) {
        ++Writes;
        if (!Last || Context.getSourceManager().isBeforeInTranslationUnit(
                         Last->getBeginLoc(), Inner->getBeginLoc())) {
          Last = Inner;
          Write = Found;
        }
      }
    Work.append(S->child_begin(), S->child_end());
  }
  if (!Last)
    return std::nullopt;
  bool EveryPath = Flow->everyPathPasses(
      Helper, {Last}, nullptr, Dominance::MayNotRun,
      [](const Expr *, const Expr *) { return std::nullopt; });
  // A helper that appends (`memcpy(Dst + Len, Src, N)` in `append(Dst,
  // Cap, Src)`) adds to what the buffer holds, when that is all it writes.
  Mutation M = bufferMutation(*Write, Call);
  if (M.Action == Mutation::Append && (Writes > 1 || !EveryPath))
    return std::nullopt;
  M.Through = Call;
  M.SomePaths = !EveryPath; // `if (!Token) return -1;` before the write.
  return M;
}

// The program's function \p Call runs: its direct callee, or through a
// function pointer member of a table's rows (`Ops->build_url(Url, ...)`)
// the one the pinned row holds, leaving the rows open when none is.
const FunctionDecl *StringTracer::fillingHelper(const CallExpr *Call) {
  if (const FunctionDecl *Direct = userDefinition(Call))
    return Direct;
  const Expr *Callable = Call->getDirectCallee() ? nullptr : calledValue(Call);
  if (!Callable)
    return nullptr;
  const FunctionDecl *Held = nullptr;
  for (const FunctionDecl *Candidate : Writes->calleesOf(Call))
    if (rowHoldsCallable(Callable, Candidate) == true) {
      if (Held)
        return nullptr; // Any of several rows.
      Held = userCodeDefinition(Candidate);
    }
  return Held;
}

// The variable a pointer read names: `P` in `*P`, `*P++`, `P[I]`.
static const VarDecl *readThrough(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return referencedVariable(Subscript->getBase());
  const auto *Deref = dyn_cast<UnaryOperator>(E);
  if (!Deref || Deref->getOpcode() != UO_Deref)
    return nullptr;
  const Expr *Pointer = Deref->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Step = dyn_cast<UnaryOperator>(Pointer);
      Step && Step->isIncrementDecrementOp())
    Pointer = Step->getSubExpr();
  return referencedVariable(Pointer);
}

// Whether \p E reads the character \p Walker points at: `*T`, `T[0]`.
static bool readsCurrent(const Expr *E, const VarDecl *Walker) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    Expr::EvalResult Index;
    return referencedVariable(Subscript->getBase()) == Walker &&
           Subscript->getIdx()->EvaluateAsInt(Index, Walker->getASTContext()) &&
           Index.Val.getInt().isZero();
  }
  const auto *Deref = dyn_cast<UnaryOperator>(E);
  return Deref && Deref->getOpcode() == UO_Deref &&
         referencedVariable(Deref->getSubExpr()) == Walker;
}

// `Url[O++] = *T++` in `expand(Url, Size, Tmpl, Vars)`, with T walking the
// template parameter: the helper writes the template into the buffer,
// except where the characters it tests the template's for (`*T == '{'`)
// open a placeholder it fills from elsewhere. Nullopt when the buffer
// gets anything else at its start or character by character.
std::optional<StringTracer::TemplateCopy>
StringTracer::templateCopy(const FunctionDecl *Helper,
                           const ParmVarDecl *Buffer) {
  const SourceManager &SM = Context.getSourceManager();
  const VarDecl *Walker = nullptr;
  const Stmt *FirstCopy = nullptr;
  llvm::SmallVector<const CallExpr *, 2> Starts;
  llvm::SmallVector<std::pair<const Expr *, const Expr *>, 8> Compared;
  llvm::SmallVector<const Expr *, 8> Assigned; // `T = Tmpl`
  std::string Characters;
  llvm::SmallVector<const Stmt *, 32> Work = {Helper->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    Work.append(S->child_begin(), S->child_end());
    if (const auto *Character = dyn_cast<CharacterLiteral>(S)) {
      Characters += static_cast<char>(Character->getValue());
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (std::optional<BufferWrite> Write = bufferWrite(Call);
          Write && refersTo(Write->Buffer, Buffer) && !Write->appends())
        Starts.push_back(Call);
    } else if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
      if (Binary->getOpcode() == BO_EQ || Binary->getOpcode() == BO_NE)
        Compared.push_back({Binary->getLHS(), Binary->getRHS()});
      if (Binary->getOpcode() != BO_Assign)
        continue;
      Assigned.push_back(Binary);
      const auto *Element =
          dyn_cast<ArraySubscriptExpr>(Binary->getLHS()->IgnoreParenImpCasts());
      if (!Element || !refersTo(Element->getBase(), Buffer))
        continue;
      Expr::EvalResult Constant;
      if (Binary->getRHS()->EvaluateAsInt(Constant, Context))
        continue; // The terminating NUL.
      const VarDecl *Read = readThrough(Binary->getRHS());
      if (!Read || (Walker && Read != Walker))
        return std::nullopt;
      Walker = Read;
      if (!FirstCopy)
        FirstCopy = Binary;
    }
  }
  if (!Walker)
    return std::nullopt;
  // The template: the parameter the walker is, or the one it starts from.
  const auto *Template = dyn_cast<ParmVarDecl>(Walker);
  auto ParameterOf = [&](const Expr *E) {
    return E ? dyn_cast_or_null<ParmVarDecl>(referencedVariable(E)) : nullptr;
  };
  if (!Template)
    Template = ParameterOf(Walker->getInit());
  for (const Expr *E : Assigned)
    if (const auto *Assign = cast<BinaryOperator>(E);
        !Template && referencedVariable(Assign->getLHS()) == Walker)
      Template = ParameterOf(Assign->getRHS());
  if (!Template || Template == Buffer ||
      !Template->getType()->isPointerType() ||
      !Template->getType()->getPointeeType().isConstQualified())
    return std::nullopt;
  // What opens a placeholder: a character the template's current one is
  // compared with. What may close it: any other punctuation the helper
  // spells (`strchr(P, '}')`, `T[Len + 1] == '}'`).
  TemplateCopy Copy{Template->getFunctionScopeIndex()};
  for (auto [Left, Right] : Compared)
    for (int Turn = 0; Turn < 2; ++Turn, std::swap(Left, Right))
      if (const auto *Character =
              dyn_cast<CharacterLiteral>(Right->IgnoreParenImpCasts());
          Character && readsCurrent(Left, Walker) &&
          isPunctuation(static_cast<char>(Character->getValue())))
        Copy.Openers += static_cast<char>(Character->getValue());
  for (char C : Characters)
    if (isPunctuation(C) && C != '_' && !llvm::is_contained(Copy.Openers, C))
      Copy.Closers += C;
  if (Copy.Openers.empty())
    return std::nullopt;
  // One write at the start, before the copy on every path: a prefix.
  if (Starts.size() > 1)
    return std::nullopt;
  if (!Starts.empty()) {
    if (!SM.isBeforeInTranslationUnit(Starts[0]->getEndLoc(),
                                      FirstCopy->getBeginLoc()) ||
        !Flow->dominates(Starts[0], FirstCopy, Dominance::MayNotRun))
      return std::nullopt;
    Copy.Prefix = Starts[0];
  }
  return Copy;
}

// What a template copy writes: its prefix, then the call's template with
// each placeholder unknown.
TracedValues StringTracer::copiedTemplate(const TemplateCopy &Copy,
                                          const CallExpr *Call) {
  TracedValues Text = {TracedString::plain("")};
  if (Copy.Prefix) {
    BindingScope Helper(*this, fillingHelper(Call), Call);
    Text = writtenText(*bufferWrite(Copy.Prefix));
  }
  auto IsName = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  TracedValues Filled;
  for (const TracedString &Template : traceAll(Call->getArg(Copy.Index))) {
    const std::string &Chars = Template.text();
    TracedValues Pieces = {TracedString::plain("")};
    size_t Kept = 0;
    for (size_t I = 0; I + 1 < Chars.size(); ++I) {
      if (!llvm::is_contained(Copy.Openers, Chars[I]) ||
          !(llvm::isAlpha(Chars[I + 1]) || Chars[I + 1] == '_'))
        continue;
      size_t End = I + 1;
      while (End < Chars.size() && IsName(Chars[End]))
        ++End;
      if (End < Chars.size() && llvm::is_contained(Copy.Closers, Chars[End]))
        ++End;
      Pieces = concatenate(Pieces, {Template.slice(Kept, I)});
      Pieces = concatenate(Pieces, {TracedString::unknown()});
      Kept = End;
      I = End - 1;
    }
    Pieces = concatenate(Pieces, {Template.slice(Kept, Chars.size())});
    for (const TracedString &Piece : Pieces)
      addAlternative(Filled, Piece);
  }
  return concatenate(Text, Filled);
}

// The characters of a constant: an array of char, or a class that holds
// one as its only member (std::array<char, N>), up to the first NUL.
static std::optional<std::string> constantCharacters(const APValue &Value) {
  if (Value.isStruct() && Value.getStructNumFields() == 1 &&
      Value.getStructNumBases() == 0)
    return constantCharacters(Value.getStructField(0));
  if (!Value.isArray())
    return std::nullopt;
  std::string Text;
  for (unsigned I = 0; I < Value.getArraySize(); ++I) {
    const APValue &Element = I < Value.getArrayInitializedElts()
                                 ? Value.getArrayInitializedElt(I)
                                 : Value.getArrayFiller();
    if (!Element.isInt() || Element.getInt().getBitWidth() != 8)
      return std::nullopt;
    char Character = static_cast<char>(Element.getInt().getExtValue());
    if (Character == '\0')
      break;
    Text += Character;
  }
  return Text;
}

// What a constant the compiler computes holds (`constexpr auto Api =
// concat("https://", "api.procore.com")`): the text the evaluation gives,
// spelled by the literal arguments when they make it up in order.
static std::optional<TracedString> evaluatedConstant(const VarDecl *Var) {
  if (!Var->isConstexpr() || !Var->getType()->isRecordType())
    return std::nullopt;
  const APValue *Value = Var->evaluateValue();
  std::optional<std::string> Text =
      Value ? constantCharacters(*Value) : std::nullopt;
  if (!Text)
    return std::nullopt;
  TracedString Spelled;
  if (const auto *Call =
          dyn_cast_or_null<CallExpr>(stripValueWrappers(Var->getInit())))
    for (const Expr *Argument : Call->arguments()) {
      const auto *Literal =
          dyn_cast<StringLiteral>(Argument->IgnoreParenImpCasts());
      if (!Literal) {
        Spelled = TracedString();
        break;
      }
      Spelled.append(TracedString::literal(Literal));
    }
  if (Spelled.text() == *Text)
    return Spelled;
  return TracedString::plain(*Text);
}

// The statement that declares local \p Var.
static const Stmt *declarationOf(const VarDecl *Var) {
  DynTypedNodeList Parents = Var->getASTContext().getParents(*Var);
  return Parents.empty() ? nullptr : Parents[0].get<DeclStmt>();
}

TracedValues StringTracer::traceVariableAt(const VarDecl *Var,
                                           const Expr *Use) {
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    CallerFrames Caller(*this, Param);
    if (!Caller.Object)
      return {TracedString::unknown()};
    return traceAll(Caller.Object);
  }

  const VarDecl *Definition = Var->getDefinition();
  if (!Definition)
    Definition = Var;
  if (std::optional<TracedString> Constant = evaluatedConstant(Definition))
    return {*Constant};
  const Expr *Init = Definition->getAnyInitializer();
  if (Var->getType()->isReferenceType() && !Init)
    return {TracedString::unknown()};
  TracedValues Initial = {TracedString::plain("")};
  bool Known = false;
  if (Init) {
    const Expr *Stripped = stripValueWrappers(Init);
    const auto *Construct = dyn_cast<CXXConstructExpr>(Stripped);
    bool DefaultConstructed = Construct && Construct->getNumArgs() == 0;
    if (!DefaultConstructed && !isa<InitListExpr>(Stripped))
      Initial = traceAll(Init);
    Known = true; // Otherwise an empty string or stream.
  } else if (Var->hasLocalStorage()) {
    Known = true; // A buffer filled later.
  }

  // A global holds its initializer or any value the code leaves in it.
  if (!Var->hasLocalStorage()) {
    if (Use)
      if (std::optional<TracedValues> Local = globalAtUse(Definition, Use))
        return *Local;
    TracedValues Result;
    if (Known && (Init || Writes->writesOf(Definition).empty()))
      Result = Initial;
    for (const TracedString &Text : globalWrites(Definition))
      addAlternative(Result, Text);
    return Result.empty() ? TracedValues{TracedString::unknown()} : Result;
  }
  if (!Use)
    return Known ? Initial : TracedValues{TracedString::unknown()};
  return valueFromMutations(mutationsOf(Var), Use, std::move(Initial), Known,
                            declarationOf(Var));
}

// A global read in a function that writes it whole on every path before
// the read holds what that function left there, as a local would: legacy C
// formats each header line into one shared buffer just before appending
// it. Unless a call in between runs another function that writes it.
std::optional<TracedValues> StringTracer::globalAtUse(const VarDecl *Global,
                                                      const Expr *Use) {
  const FunctionDecl *Function = Flow->enclosingFunction(Use);
  if (!Function)
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  const std::vector<Mutation> &All = mutationsOf(Global, Function);
  const Mutation *Last = nullptr;
  for (const Mutation &M : All)
    if (M.Action == Mutation::Assign && !M.SomePaths &&
        SM.isBeforeInTranslationUnit(M.Site->getEndLoc(), Use->getBeginLoc()) &&
        Flow->dominates(M.Site, Use, Dominance::MayNotRun))
      Last = &M;
  if (!Last ||
      callsWriterOf(Global, Function,
                    SourceRange(Last->Site->getEndLoc(), Use->getBeginLoc())))
    return std::nullopt;
  return valueFromMutations(All, Use, {}, /*Known=*/false);
}

// Whether \p Function calls, within \p Between, another function of the
// program that writes \p Global.
bool StringTracer::callsWriterOf(const VarDecl *Global,
                                 const FunctionDecl *Function,
                                 SourceRange Between) {
  llvm::SmallPtrSet<const FunctionDecl *, 4> Writers;
  for (llvm::ArrayRef<WriteIndex::Write> List :
       {Writes->writesOf(Global), Writes->appendsOf(Global)})
    for (const WriteIndex::Write &W : List)
      if (const FunctionDecl *Writer = Flow->enclosingFunction(W.Site);
          Writer && Writer != Function)
        Writers.insert(Writer->getCanonicalDecl());
  if (Writers.empty())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const Stmt *, 32> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call &&
        SM.isBeforeInTranslationUnit(Between.getBegin(), Call->getBeginLoc()) &&
        SM.isBeforeInTranslationUnit(Call->getBeginLoc(), Between.getEnd()))
      for (const FunctionDecl *Callee : Writes->calleesOf(Call))
        if (Writers.contains(Callee->getCanonicalDecl()))
          return true;
    Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

// What \p Read gives for a text appended at \p Site in a loop to a value
// that lives across the loop's passes (it starts at \p Start, outside the
// loop): the text that follows the value's start is the first pass's, so
// `(I == 0 ? "?" : "&")` there is "?". Later passes add after it.
TracedValues
StringTracer::traceAppended(llvm::function_ref<TracedValues()> Read,
                            const Stmt *Site, const Stmt *Start) {
  const Stmt *Loop = Flow->commonLoop(Site, Site);
  const SourceManager &SM = Context.getSourceManager();
  if (Loop && Start &&
      SM.isPointWithin(Start->getBeginLoc(), Loop->getBeginLoc(),
                       Loop->getEndLoc()))
    Loop = nullptr; // Started again on every pass.
  const Stmt *Outer = FirstPass;
  FirstPass = Loop;
  auto Restore = llvm::make_scope_exit([&] { FirstPass = Outer; });
  return Read();
}

// On the first pass of the loop FirstPass, the number a local holds when
// the loop only changes it after reading it (its counter, a `First` flag
// cleared once used): what it entered the loop with.
std::optional<llvm::APSInt> StringTracer::firstPassValue(const Expr *E) {
  const auto *Ref =
      FirstPass ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      !Var->getInit() || !Var->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  auto Inside = [&](const Stmt *Range, SourceLocation Loc) {
    return Range &&
           SM.isPointWithin(Loc, Range->getBeginLoc(), Range->getEndLoc());
  };
  const auto *For = dyn_cast<ForStmt>(FirstPass);
  bool Counter =
      For && For->getInit() && Inside(For->getInit(), Var->getLocation());
  // Made again on each pass, or, declared outside an enclosing loop,
  // entering this one with what an earlier pass of that loop left.
  const Stmt *Enclosing = Flow->commonLoop(FirstPass, FirstPass);
  Expr::EvalResult Start;
  if (!Inside(FirstPass, Ref->getBeginLoc()) ||
      (!Counter && Inside(FirstPass, Var->getLocation())) ||
      (Enclosing && !Inside(Enclosing, Var->getLocation())) ||
      !Var->getInit()->EvaluateAsInt(Start, Context))
    return std::nullopt;
  const FunctionDecl *Function = Flow->enclosingFunction(FirstPass);
  if (!Function || !Function->getBody())
    return std::nullopt;
  // Every other use reads it, or changes it in the loop's step or later
  // in the same pass (not in an inner loop that also holds the read).
  llvm::SmallVector<const Stmt *, 32> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    Work.append(S->child_begin(), S->child_end());
    const auto *Use = dyn_cast<DeclRefExpr>(S);
    if (!Use || Use->getDecl() != Var || Use == Ref)
      continue;
    DynTypedNodeList Parents = Context.getParents(*Use);
    const Stmt *Parent = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
    if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
        Cast && Cast->getCastKind() == CK_LValueToRValue)
      continue;
    const auto *Step = dyn_cast_or_null<UnaryOperator>(Parent);
    const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
    bool Changes = (Step && Step->isIncrementDecrementOp()) ||
                   (Assign && Assign->isAssignmentOp() &&
                    Assign->getLHS()->IgnoreParens() == Use);
    if (!Changes)
      return std::nullopt; // Its address taken, a reference bound to it.
    bool InStep = Counter && Inside(For->getInc(), Use->getBeginLoc());
    bool LaterInPass =
        Inside(FirstPass, Use->getBeginLoc()) &&
        SM.isBeforeInTranslationUnit(Ref->getEndLoc(), Use->getBeginLoc()) &&
        Flow->commonLoop(Parent, Ref) == FirstPass;
    bool AfterLoop = SM.isBeforeInTranslationUnit(FirstPass->getEndLoc(),
                                                  Use->getBeginLoc());
    if (!InStep && !LaterInPass && !AfterLoop)
      return std::nullopt;
  }
  return Start.Val.getInt();
}

// The value of a variable at \p Use from the changes \p All made to it in
// the use's function, starting from \p Initial when that is \p Known (as
// \p Declared, the local's declaration, leaves it).
// Walking back from the use, every assignment may reach it until one that
// runs on every path to it: that one, and what was assigned after it on
// some paths, are the candidates; appends after a candidate extend it. A
// variable appended to and read thousands of times costs each read only
// the appends before the cap.
TracedValues StringTracer::valueFromMutations(llvm::ArrayRef<Mutation> All,
                                              const Expr *Use,
                                              TracedValues Initial, bool Known,
                                              const Stmt *Declared) {
  const SourceManager &SM = Context.getSourceManager();
  auto Before = [&](const Mutation &M) {
    return SM.isBeforeInTranslationUnit(M.Site->getEndLoc(),
                                        Use->getBeginLoc());
  };
  // Sorted by where they begin: those that begin after the use cannot
  // end before it.
  auto BeginAfterUse = llvm::partition_point(All, [&](const Mutation &M) {
    return SM.isBeforeInTranslationUnit(M.Site->getBeginLoc(),
                                        Use->getBeginLoc());
  });
  llvm::ArrayRef<Mutation> Candidates =
      All.take_front(BeginAfterUse - All.begin());
  std::optional<size_t> Start;
  llvm::SmallVector<size_t, 4> MayReach;
  for (size_t I = Candidates.size(); I-- > 0;) {
    if (Candidates[I].Action != Mutation::Assign || !Before(Candidates[I]))
      continue;
    if (!Candidates[I].SomePaths &&
        Flow->dominates(Candidates[I].Site, Use, Dominance::MayNotRun)) {
      Start = I;
      break;
    }
    if (MayReach.size() < MaxAlternatives)
      MayReach.push_back(I);
  }
  // The value from assignment (or initializer) \p From on, with the appends
  // that follow it.
  // What a mutation writes, read in the helper that writes it.
  auto Written = [&](const Mutation &Made) {
    // Through a table's function pointer: the pinned row's function.
    std::optional<Mutation> Resolved;
    if (Made.RowFilled) {
      Resolved = filledByHelper(cast<CallExpr>(Made.Site), Made.RowFilled);
      if (!Resolved)
        return TracedValues{TracedString::unknown()};
    }
    const Mutation &M = Resolved ? *Resolved : Made;
    if (M.Copy)
      return copiedTemplate(*M.Copy, M.Through);
    std::optional<BindingScope> Helper;
    if (M.Through)
      Helper.emplace(*this, fillingHelper(M.Through), M.Through);
    if (M.Format)
      return format(M.Format, M.Values, FormatStyle::Printf);
    TracedValues Text = traceAll(M.Values.front());
    for (const Expr *Appended : llvm::ArrayRef(M.Values).drop_front())
      Text = concatenate(Text, traceAll(Appended));
    return Text;
  };
  auto Appended = [&](const Mutation &M, const Stmt *Start) {
    return traceAppended([&] { return Written(M); }, M.Site, Start);
  };
  auto ValueFrom = [&](std::optional<size_t> From) {
    TracedValues Value = Initial;
    size_t First = 0;
    if (From) {
      Value = Written(Candidates[*From]);
      First = *From + 1;
    }
    for (const Mutation &M : Candidates.drop_front(First)) {
      if (!Before(M))
        continue;
      if (M.Action == Mutation::Assign) {
        if (From)
          break; // Another candidate; its value is traced on its own.
        continue;
      }
      if (llvm::all_of(Value,
                       [](const TracedString &T) { return T.isFull(); })) {
        // Only appends follow: they would only mark the cut.
        Value = concatenate(Value, {TracedString::unknown()});
        break;
      }
      if (M.Action == Mutation::EditUrl) {
        Value = editedUrl(Value, M.Edit, M.Values);
        continue;
      }
      Value = concatenate(
          Value, Appended(M, From ? Candidates[*From].Site : Declared));
    }
    return Value;
  };
  if (!Start && MayReach.empty() && !Known)
    return {TracedString::unknown()};
  TracedValues Result;
  for (size_t Index : MayReach)
    for (const TracedString &Text : ValueFrom(Index))
      addAlternative(Result, Text);
  if (Start || Known)
    for (const TracedString &Text : ValueFrom(Start))
      addAlternative(Result, Text);
  if (!Start && !Known)
    addAlternative(Result, TracedString::unknown());
  return Result;
}

//===--- Members of objects in a function's frame -------------------------===//
//
// A request struct filled by helpers (`req_init(&Request, ...)`,
// `add_header(&Request, ...)`) and read by a transport (`Request->Url`,
// `Request->Lines[I]`) is one object: its members hold what was written to
// that object before it was handed on, not what any object of its type was
// ever given. Writes are found in the object's function and, through the
// calls that hand it to helpers, in the helpers with their arguments bound.

void StringTracer::noteUnbound(const ParmVarDecl *Param) {
  if (const auto *Function =
          dyn_cast_or_null<FunctionDecl>(Param->getDeclContext()))
    noteUnboundIn(Function);
}

void StringTracer::noteUnboundIn(const FunctionDecl *Function) {
  UnboundReads.insert(Function);
  UnboundLog.push_back(Function);
}

void StringTracer::noteEveryObjectRead(const FieldDecl *Field) {
  EveryObjectLog.push_back(ownerOf(Field));
}

const CXXRecordDecl *ownerOf(const FieldDecl *Field) {
  return dyn_cast<CXXRecordDecl>(Field->getParent());
}

// Whether every return of \p Method gives back the object it runs on
// (`return *this;`, `return header(...);` of another such method): a
// fluent setter, whose result is its object.
static bool returnsOwnObject(const FunctionDecl *Method,
                             const SourceManager &SM, unsigned Depth = 0);

// The object a chain of fluent setters runs on: `Request` in
// `Request.path("/x").bearer(Token)`.
static const Expr *fluentRoot(const Expr *E, const SourceManager &SM,
                              unsigned Depth = 0) {
  for (int Guard = 0; E && Guard < 16; ++Guard) {
    E = stripIndirection(E);
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
    const FunctionDecl *Definition = Call ? userDefinition(Call) : nullptr;
    if (!Definition || !returnsOwnObject(Definition, SM, Depth + 1))
      break;
    E = Call->getImplicitObjectArgument();
  }
  return E;
}

static bool returnsOwnObject(const FunctionDecl *Method,
                             const SourceManager &SM, unsigned Depth) {
  const auto *AsMethod = dyn_cast<CXXMethodDecl>(Method);
  if (Depth > 4 || !AsMethod || !AsMethod->isInstance() ||
      !(Method->getReturnType()->isReferenceType() ||
        Method->getReturnType()->isPointerType()))
    return false;
  std::vector<const Expr *> Returns = returnValues(Method);
  return !Returns.empty() && llvm::all_of(Returns, [&](const Expr *Value) {
    return isa_and_nonnull<CXXThisExpr>(fluentRoot(Value, SM, Depth));
  });
}

// The variable an assignment replaces as a whole: `Request` in `Request =
// ...`, or the parameter `Out` in `*Out = ...`.
static const VarDecl *wholeTarget(const Expr *LHS) {
  if (const VarDecl *Var = referencedVariable(LHS))
    return Var;
  const auto *Deref = dyn_cast<UnaryOperator>(stripValueWrappers(LHS));
  if (!Deref || Deref->getOpcode() != UO_Deref)
    return nullptr;
  return dyn_cast_or_null<ParmVarDecl>(referencedVariable(Deref->getSubExpr()));
}

// Whether an object built before \p Use keeps a reference to \p Var
// (`Parser Reader(Token);`): its methods may write Var's members at any
// call, which no write in this function shows.
bool StringTracer::keptBefore(const VarDecl *Var, const Stmt *Use) {
  const SourceManager &SM = Context.getSourceManager();
  return llvm::any_of(Writes->keptByConstructions(Var),
                      [&](const CXXConstructExpr *Keeper) {
                        return SM.isBeforeInTranslationUnit(
                            Keeper->getBeginLoc(), Use->getBeginLoc());
                      });
}

// Whether a helper \p Var is handed to replaces it as a whole in more than
// one place (`*Out = Jobs[Tail];` or `*Out = Retry;`): what it holds then
// is one of those. One place is an assignment at the call (originAt).
bool StringTracer::replacedByHelper(const VarDecl *Var) {
  std::vector<Handing> Handed(handingsOf(Var).begin(), handingsOf(Var).end());
  return llvm::any_of(Handed, [&](const Handing &H) {
    if (!H.Callee || H.Parameter == ThisParameter || H.Held)
      return false;
    const ParmVarDecl *Param = H.Callee->getParamDecl(H.Parameter);
    (void)handingsOf(Param); // The scan notes whole assignments.
    auto Replaced = WholeAssignments.find(Param);
    return Replaced != WholeAssignments.end() && Replaced->second.size() > 1;
  });
}

// One walk of the function body, one case per way of handing an object on;
// the cases share the walk's state.
llvm::ArrayRef<StringTracer::Handing>
StringTracer::handingsOf(ObjectRoot Root) {
  const FunctionDecl *Function = functionOf(Root);
  if (!Function || !Function->getBody() ||
      !ScannedForHandings.insert(Function).second) {
    auto Found = Handings.find(Root);
    return Found == Handings.end() ? llvm::ArrayRef<Handing>()
                                   : llvm::ArrayRef<Handing>(Found->second);
  }
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const Stmt *, 64> Work = {Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
    // `Request = Other;` replaces the whole object, and so does `*Out =
    // Other;` the object a pointer parameter points to.
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign)
      if (const VarDecl *Target = wholeTarget(Assign->getLHS()))
        WholeAssignments[Target].push_back({Assign, Assign->getRHS()});
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      continue;
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2) {
      if (const VarDecl *Target = wholeTarget(Operator->getArg(0)))
        WholeAssignments[Target].push_back({Call, Operator->getArg(1)});
      // The class's own copy or move assignment: a whole assignment.
      if (isMemberwiseAssignment(Call->getDirectCallee()))
        continue;
    }
    llvm::SmallVector<const FunctionDecl *, 2> Callees =
        Writes->calleesOf(Call);
    const FunctionDecl *Direct = Call->getDirectCallee();
    // A library function, but not a std::function whose target is unknown.
    const auto *Invoke = dyn_cast<CXXOperatorCallExpr>(Call);
    bool Library = Direct && SM.isInSystemHeader(Direct->getLocation()) &&
                   !(Invoke && Invoke->getOperator() == OO_Call);
    unsigned Shift =
        Direct ? firstBoundArgument(Call, Callees.empty() ? Direct : Callees[0])
               : 0;
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
      // An aggregate holding a local's address hands the local on too, to
      // any parameter (a copy of the holder points to the same object).
      const Expr *Argument = stripValueWrappers(Call->getArg(I));
      if (const VarDecl *Holder = referencedVariable(Argument);
          Holder && Holder->hasLocalStorage() && Holder->getInit())
        Argument = stripValueWrappers(Holder->getInit());
      if (const auto *List = dyn_cast<InitListExpr>(Argument))
        forEachHeldLocal(List, [&](const VarDecl *Held, const FieldDecl *) {
          for (const FunctionDecl *Callee : Callees)
            if (I - Shift < Callee->getNumParams())
              Handings[Held].push_back({Call, Callee, I - Shift, true});
        });
      const auto *Ref =
          dyn_cast_or_null<DeclRefExpr>(stripIndirection(Call->getArg(I)));
      const auto *Passed = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!Passed || !Passed->hasLocalStorage())
        continue;
      if (Callees.empty() && !Library)
        Handings[Passed].push_back({Call, nullptr, I - Shift});
      // Only a parameter that refers to the object can change it; one
      // taken by value is a copy.
      for (const FunctionDecl *Callee : Callees)
        if (I - Shift < Callee->getNumParams() &&
            canWriteThrough(Callee->getParamDecl(I - Shift)->getType()))
          Handings[Passed].push_back({Call, Callee, I - Shift});
    }
    // `Request.path("/x")`, `header(...)` in a method: a method that may
    // change the object it runs on, which is a local object or `this`.
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Direct);
    if (!Method || !Method->isInstance() || Method->isConst() || Library ||
        isMemberwiseAssignment(Method))
      continue;
    const Expr *Object =
        Shift ? Call->getArg(0)
        : isa<CXXMemberCallExpr>(Call)
            ? cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument()
            : nullptr;
    Object = fluentRoot(Object, SM);
    ObjectRoot Owner;
    if (const auto *This = dyn_cast_or_null<CXXThisExpr>(Object)) {
      if (const FunctionDecl *Runner = methodOfThis(This))
        Owner = Runner;
    } else if (const VarDecl *Local = referencedVariable(Object);
               Local && Local->hasLocalStorage()) {
      Owner = Local;
    }
    if (Owner)
      for (const FunctionDecl *Callee : Callees)
        if (Writes->runsOnCallObject(Call, Callee))
          Handings[Owner].push_back({Call, Callee, ThisParameter});
  }
  return handingsOf(Root);
}

void StringTracer::collectObjectWrites(
    ObjectRoot Root, const ValueDecl *Member, bool Entries, bool Values,
    llvm::function_ref<bool(const Stmt *)> Window, const Stmt *Lifted,
    bool Certain, unsigned Depth, std::vector<ObjectWrite> &Out) {
  if (Depth > 4)
    return;
  const FunctionDecl *Function = functionOf(Root);
  // Inside a helper a write counts when every path through it, under the
  // arguments bound now, makes it; a write no path makes is not there.
  auto Reaches = [&](const Stmt *Site) {
    if (!Window(Lifted ? Lifted : Site))
      return false;
    return Depth == 0 || !Function ||
           !everyPathPasses(Function, {}, Site, Dominance::MayNotRun);
  };
  auto Always = [&](const Stmt *Site) {
    return Certain &&
           (Depth == 0 || !Function ||
            everyPathPasses(Function, {Site}, nullptr, Dominance::RunOnce));
  };
  if (Entries) {
    for (const WriteIndex::Entry &Entry : Writes->entriesOf(Member))
      if (writesTo(Root, Entry.Root, Entry.This) && Reaches(Entry.Site)) {
        const Stmt *Site = Lifted ? Lifted : Entry.Site;
        if (Entry.Range) {
          std::vector<TracedEntry> Inserted;
          collectEntriesOf(Entry.First, Values, Depth + 1, Inserted);
          for (TracedEntry &Each : Inserted)
            Out.push_back({std::move(Each.Text), Site,
                           Always(Entry.Site) && Each.Certain, false});
          continue;
        }
        const Expr *Part = Values && Entry.Second ? Entry.Second : Entry.First;
        Out.push_back({traceWrite(Part), Site, Always(Entry.Site), false});
      }
    // The container emptied or replaced, or its whole object zeroed.
    auto NoteReset = [&](const WriteIndex::Write &W) {
      if (Reaches(W.Site))
        Out.push_back({{},
                       Lifted ? Lifted : W.Site,
                       Always(W.Site),
                       false,
                       /*Reset=*/true});
    };
    for (const WriteIndex::Write &W : Writes->resetsOf(Member))
      if (writesTo(Root, W.Root, W.This))
        NoteReset(W);
    if (const auto *Var = Root.dyn_cast<const VarDecl *>())
      for (const WriteIndex::Write &W : Writes->resetsOf(Var))
        if (isa<CallExpr>(W.Site))
          NoteReset(W);
  } else {
    for (const WriteIndex::Write &W : Writes->writesOf(Member))
      if (writesTo(Root, W.Root, W.This) && Reaches(W.Site)) {
        const auto *Call = dyn_cast<CallExpr>(W.Value);
        std::optional<BufferWrite> Buffer =
            Call ? bufferWrite(Call) : std::nullopt;
        bool Append = Buffer && Buffer->appends();
        Out.push_back({Append ? writtenText(*Buffer) : traceWrite(W.Value),
                       Lifted ? Lifted : W.Site, Always(W.Site), Append,
                       /*Reset=*/false, Lifted ? nullptr : W.Value});
      }
    for (const WriteIndex::Write &W : Writes->appendsOf(Member))
      if (writesTo(Root, W.Root, W.This) && Reaches(W.Site)) {
        const auto *Local = Root.dyn_cast<const VarDecl *>();
        TracedValues Text = traceAppended(
            [&] { return traceAll(W.Value); }, W.Site,
            Local && Local->hasLocalStorage() ? declarationOf(Local) : nullptr);
        Out.push_back({Text, Lifted ? Lifted : W.Site, Always(W.Site), true});
      }
  }
  // A copy: the helpers below may scan other functions, growing the map.
  std::vector<Handing> Handed(handingsOf(Root).begin(), handingsOf(Root).end());
  for (const Handing &H : Handed) {
    if (!Reaches(H.Call))
      continue;
    if (!H.Callee) {
      // A function the analysis cannot see may write anything: any value
      // the code gives this member of any object.
      TracedValues Any = {TracedString::unknown()};
      if (const auto *Field = dyn_cast<FieldDecl>(Member); Field && !Entries)
        for (const TracedString &Text : traceField(Field))
          addAlternative(Any, Text);
      Out.push_back({Any, Lifted ? Lifted : H.Call, false, false});
      continue;
    }
    BindingScope Scope(*this, H.Callee, H.Call);
    ObjectRoot Theirs = H.Callee;
    if (H.Parameter != ThisParameter)
      Theirs = H.Callee->getParamDecl(H.Parameter);
    collectObjectWrites(Theirs, Member, Entries, Values, Window,
                        Lifted ? Lifted : H.Call, Always(H.Call), Depth + 1,
                        Out);
  }
}

void forEachHeldLocal(
    const Expr *Holder,
    llvm::function_ref<void(const VarDecl *, const FieldDecl *)> Visit) {
  const RecordDecl *Record = Holder->getType()->getAsRecordDecl();
  const auto *List = dyn_cast<InitListExpr>(Holder);
  const auto *Construct = dyn_cast<CXXConstructExpr>(Holder);
  const FunctionDecl *Constructor = nullptr;
  if (!Record || (!List && !Construct) ||
      (Construct && (Construct->getConstructor()->isCopyOrMoveConstructor() ||
                     !Construct->getConstructor()->isDefined(Constructor))))
    return;
  for (const FieldDecl *Field : Record->fields()) {
    const Expr *Init = List ? initializerOfMember(List, Field)
                            : constructorInitializer(Constructor, Field);
    if (!Init)
      continue;
    Init = stripValueWrappers(Init);
    // `Held(Client)` in the constructor: the argument of that parameter.
    if (const auto *Param =
            dyn_cast_or_null<ParmVarDecl>(referencedVariable(Init))) {
      if (!Construct || Param->getDeclContext() != Constructor ||
          Param->getFunctionScopeIndex() >= Construct->getNumArgs())
        continue;
      Init =
          stripValueWrappers(Construct->getArg(Param->getFunctionScopeIndex()));
    } else if (Construct) {
      continue;
    }
    if (const auto *Address = dyn_cast<UnaryOperator>(Init);
        Address && Address->getOpcode() == UO_AddrOf &&
        Field->getType()->isPointerType())
      Init = Address->getSubExpr();
    else if (!Field->getType()->isReferenceType())
      continue;
    if (const VarDecl *Held = referencedVariable(Init);
        Held && Held->hasLocalStorage())
      Visit(Held, Field);
  }
}

// The value a braced initializer gives member \p Field.
const Expr *initializerOfMember(const InitListExpr *List,
                                const FieldDecl *Field) {
  if (!List || Field->getParent() != List->getType()->getAsRecordDecl())
    return nullptr;
  unsigned Index = Field->getFieldIndex();
  if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent()))
    Index += Class->getNumBases();
  // Null where clang could not recover the initializer.
  const Expr *Init =
      Index < List->getNumInits() ? List->getInit(Index) : nullptr;
  return Init && !isa<ImplicitValueInitExpr>(Init) ? Init : nullptr;
}

bool isCopy(const VarDecl *Var) {
  return !Var->getType()->isReferenceType() && !Var->getType()->isPointerType();
}

// What a variable starts as: null when it is built empty, else the object
// or braced list it is initialized from (a copy, a helper's result).
static const Expr *initialSource(const VarDecl *Var) {
  const Expr *Init = Var->getInit();
  if (!Init)
    return nullptr;
  const Expr *Stripped = stripValueWrappers(Init);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Stripped)) {
    if (Construct->getNumArgs() == 0)
      return nullptr;
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      return Construct->getArg(0);
  }
  return Stripped;
}

bool isMemberwiseAssignment(const FunctionDecl *Function) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
  return Method &&
         (Method->isCopyAssignmentOperator() ||
          Method->isMoveAssignmentOperator()) &&
         (Method->isImplicit() || Method->isDefaulted());
}

// Where \p Var's value at \p Use comes from: the last whole assignment
// before the use when it runs on every path to it, else the initializer.
// Unknown when an assignment reaches the use on some paths only.
StringTracer::Origin StringTracer::originAt(const VarDecl *Var,
                                            const Stmt *Use) {
  const SourceManager &SM = Context.getSourceManager();
  std::vector<Assignment> Earlier;
  auto Before = [&](const Stmt *Site) {
    return SM.isBeforeInTranslationUnit(Site->getEndLoc(), Use->getBeginLoc());
  };
  // A helper handed the object that replaces it whole (`bool pop(Job &Out)
  // { ...; Out = Queue.front(); }`) assigns it at the call.
  std::vector<Handing> Handed(handingsOf(Var).begin(), handingsOf(Var).end());
  for (const Handing &H : Handed) {
    if (!H.Callee || H.Parameter == ThisParameter || H.Held ||
        !Before(H.Call))
      continue;
    const ParmVarDecl *Param = H.Callee->getParamDecl(H.Parameter);
    (void)handingsOf(Param); // The scan notes whole assignments.
    auto Replaced = WholeAssignments.find(Param);
    if (Replaced != WholeAssignments.end() && Replaced->second.size() == 1)
      Earlier.push_back({H.Call, Replaced->second.front().Value});
  }
  auto Found = WholeAssignments.find(Var);
  if (Found != WholeAssignments.end())
    for (const Assignment &A : Found->second)
      if (Before(A.Site))
        Earlier.push_back(A);
  llvm::sort(Earlier, [&](const Assignment &A, const Assignment &B) {
    return SM.isBeforeInTranslationUnit(B.Site->getEndLoc(),
                                        A.Site->getEndLoc());
  });
  // The latest assignment that every path to the use passes sets the
  // value. One behind a branch the bound arguments settle either always
  // runs or never does: `if (!Opts) Opts = &Defaults;` when the caller
  // passes null, or passes its own options.
  // Settling a branch may read this variable again: only the outermost
  // question asks it.
  const FunctionDecl *Function =
      SettlingOrigin ? nullptr : Flow->enclosingFunction(Use);
  ++SettlingOrigin;
  auto Settled = llvm::make_scope_exit([&] { --SettlingOrigin; });
  for (const Assignment &Last : Earlier) {
    if (Flow->dominates(Last.Site, Use, Dominance::MayNotRun) ||
        (Function &&
         everyPathPasses(Function, {Last.Site}, Use, Dominance::MayNotRun)))
      return {Last.Value, Last.Site, true};
    if (!Function ||
        !everyPathPasses(Function, {}, Last.Site, Dominance::MayNotRun))
      return {nullptr, nullptr, false};
  }
  return {initialSource(Var), nullptr, true};
}

// Whether \p Write runs before \p Use and, when \p Since is given (the whole
// assignment the object's value comes from), after it.
static bool madeBetween(const Stmt *Write, const Stmt *Since, const Stmt *Use,
                        const SourceManager &SM) {
  return SM.isBeforeInTranslationUnit(Write->getEndLoc(), Use->getBeginLoc()) &&
         (!Since || SM.isBeforeInTranslationUnit(Since->getEndLoc(),
                                                 Write->getBeginLoc()));
}

// What member \p Field of \p Root holds at \p Use: \p Start (unknown when
// absent), then the writes made to \p Root in its function before the use,
// directly or by helpers it is handed to. The last write on every path to
// the use sets the value; writes after it on some paths are alternatives,
// appends extend.
std::optional<TracedValues>
StringTracer::afterOwnWrites(ObjectRoot Root, const FieldDecl *Field,
                             const Expr *Use, std::optional<TracedValues> Start,
                             const Stmt *Since, unsigned Depth, FieldPath Inner,
                             bool StartKnown) {
  if (OwnWritesAt && DecidingPaths > *OwnWritesAt)
    return std::nullopt;
  std::optional<unsigned> Outer = OwnWritesAt;
  OwnWritesAt = DecidingPaths;
  auto Done = llvm::make_scope_exit([&] { OwnWritesAt = Outer; });
  const SourceManager &SM = Context.getSourceManager();
  auto Window = [&](const Stmt *Site) {
    return madeBetween(Site, Since, Use, SM);
  };
  std::vector<ObjectWrite> Found;
  collectObjectWrites(Root, Field, /*Entries=*/false, /*Values=*/false, Window,
                      nullptr, true, 0, Found);
  // A member inside a member (`R.Host.Name = ...`) is written through the
  // same root.
  std::vector<ObjectWrite> Through;
  if (!Inner.empty())
    collectObjectWrites(Root, Inner.back(), /*Entries=*/false,
                        /*Values=*/false, Window, nullptr, true, 0, Through);
  // In a loop around the use, what an iteration writes at or after the use
  // (the call `Job.step()` that moves the job's state) is there on the
  // next one, unless the loop sets the value again first.
  std::vector<ObjectWrite> Carried;
  const Stmt *Loop = Inner.empty()
                         ? loopOutlivedBy(Root.dyn_cast<const VarDecl *>(), Use)
                         : nullptr;
  auto InLoop = [&](const Stmt *S) {
    return S && Flow->commonLoop(S, Use) == Loop;
  };
  if (Loop && !InLoop(Since))
    collectObjectWrites(
        Root, Field, /*Entries=*/false, /*Values=*/false,
        [&](const Stmt *Site) { return !Window(Site) && InLoop(Site); },
        nullptr, true, 0, Carried);
  if (Found.empty() && Through.empty() && Carried.empty())
    return StartKnown ? Start : std::nullopt;
  if (!Inner.empty() && Through.empty()) {
    // The member object given whole on every path (`Job.Req = Built`):
    // what the last such write gives it.
    const ObjectWrite *Last = nullptr;
    for (const ObjectWrite &W : Found)
      if (!W.Append && W.Certain && W.Value &&
          Flow->dominates(W.Lifted, Use, Dominance::MayNotRun) &&
          (!Last || SM.isBeforeInTranslationUnit(Last->Lifted->getEndLoc(),
                                                 W.Lifted->getEndLoc())))
        Last = &W;
    if (!Last || llvm::any_of(Found, [&](const ObjectWrite &W) {
          return SM.isBeforeInTranslationUnit(Last->Lifted->getEndLoc(),
                                              W.Lifted->getEndLoc());
        }))
      return std::nullopt;
    return memberValue(Last->Value, Depth + 1, Inner);
  }
  if (!Inner.empty()) {
    // Only writes one level down, each spelling this member (not a
    // sibling's `R.Fallback.Name`), read as the member's own; a whole
    // member replaced, or a helper's write, leaves it unknown.
    if (!Found.empty() || Inner.size() != 1 ||
        llvm::any_of(Through, [&](const ObjectWrite &W) {
          return !namesDeclaration(W.Lifted, Field);
        }))
      return std::nullopt;
    Found = std::move(Through);
  }
  // By where each ends: the calls of a chain (`R.path(P).query(Q)`) begin
  // together and end in the order they run.
  llvm::stable_sort(Found, [&](const ObjectWrite &A, const ObjectWrite &B) {
    return SM.isBeforeInTranslationUnit(A.Lifted->getEndLoc(),
                                        B.Lifted->getEndLoc());
  });
  std::optional<size_t> Kill;
  for (size_t I = Found.size(); I-- > 0 && !Kill;)
    if (!Found[I].Append && Found[I].Certain &&
        Flow->dominates(Found[I].Lifted, Use, Dominance::MayNotRun))
      Kill = I;
  if (!Kill && !StartKnown)
    return std::nullopt;
  if (Kill && InLoop(Found[*Kill].Lifted))
    Carried.clear(); // Set again before the use on every iteration.
  TracedValues Value = Kill    ? Found[*Kill].Text
                       : Start ? *Start
                               : TracedValues{TracedString::unknown()};
  for (size_t I = Kill ? *Kill + 1 : 0; I < Found.size(); ++I) {
    if (Found[I].Append)
      Value = concatenate(Value, Found[I].Text);
    else
      for (const TracedString &Text : Found[I].Text)
        addAlternative(Value, Text);
  }
  for (const ObjectWrite &W : Carried)
    if (!W.Append)
      for (const TracedString &Text : W.Text)
        addAlternative(Value, Text);
  return Value;
}

// What member \p Field of the object \p Object denotes holds where it is
// evaluated; objects are followed as in objectEntries. Nullopt when the
// object cannot be followed or nothing is known of the member.
std::optional<TracedValues> StringTracer::objectValue(const Expr *Object,
                                                      const FieldDecl *Field,
                                                      unsigned Depth,
                                                      FieldPath Inner) {
  if (Depth > MaxObjectHops)
    return std::nullopt;
  const Expr *E = stripIndirection(Object);
  if (const Expr *Named = boundMember(E))
    E = stripIndirection(Named);
  // `Route.Host.Name`: member Name of what member Host of Route holds.
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    if (const auto *Outer = dyn_cast<FieldDecl>(Member->getMemberDecl())) {
      llvm::SmallVector<const FieldDecl *, 4> Path = {Field};
      Path.append(Inner.begin(), Inner.end());
      return objectValue(Member->getBase(), Outer, Depth + 1, Path);
    }
  // `kEndpoints[Index]` with an index the code settles: that row.
  if (const InitListExpr *Row = tableRow(E))
    if (const Expr *Init = initializerOfMember(Row, Field))
      return memberValue(Init, Depth + 1, Inner);
  if (const Expr *Made = madeObject(E)) {
    // An object made on the heap is reached through pointers the code may
    // write it through later: its construction alone settles a member
    // nothing else writes.
    if (!isa<CXXConstructExpr>(Made) &&
        (!Writes->writesOf(Field).empty() || !Writes->appendsOf(Field).empty()))
      return std::nullopt;
    return constructedValue(Made, Field, Depth, Inner);
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    if (const Expr *Moved = movedObject(Call))
      return objectValue(Moved, Field, Depth + 1, Inner);
    // `Queue.front()`: the element the chain's hop put in, if it has one.
    if (const ValueDecl *Container = takenFrom(Call)) {
      std::optional<TracedValues> Value;
      visitBoundElement(Container, [&](const Expr *Element) {
        Value = objectValue(Element, Field, Depth + 1, Inner);
      });
      return Value;
    }
    TracedValues Result;
    for (const FunctionDecl *Definition : returningDefinitions(Call)) {
      BindingScope Scope(*this, Definition, Call);
      for (const Expr *Returned : reachedReturnValues(Definition)) {
        std::optional<TracedValues> Value =
            objectValue(Returned, Field, Depth + 1, Inner);
        if (!Value)
          return std::nullopt;
        for (const TracedString &Text : *Value)
          addAlternative(Result, Text);
      }
    }
    return Result.empty() ? std::nullopt : std::optional<TracedValues>(Result);
  }
  if (const auto *List = dyn_cast_or_null<InitListExpr>(E)) {
    if (const Expr *Init = initializerOfMember(List, Field))
      return memberValue(Init, Depth, Inner);
    if (Inner.empty())
      return TracedValues{TracedString::plain("")};
    return std::nullopt;
  }
  // A parameter, or `this` in a method: the caller's object, with what
  // this function has done to it before the use.
  if (ObjectRoot Handed = handedObject(E)) {
    std::optional<TracedValues> Value;
    {
      CallerFrames Caller(*this, Handed);
      if (Caller.Object)
        Value = objectValue(Caller.Object, Field, Depth + 1, Inner);
    }
    // A caller that cannot be followed (a function reached through a table
    // of handlers) leaves the member unknown unless this function writes it
    // on every path before the use: then that write is its value.
    return afterOwnWrites(Handed, Field, Object, Value, nullptr, Depth, Inner,
                          /*StartKnown=*/Value.has_value());
  }
  const auto *Var = aliasedVariable(referencedVariable(E));
  // A constant holds what its initializer gives it.
  if (Var && !Var->hasLocalStorage() && Var->getType().isConstQualified() &&
      Var->getAnyInitializer())
    return objectValue(Var->getAnyInitializer(), Field, Depth + 1, Inner);
  if (!Var || !Var->hasLocalStorage())
    return std::nullopt;
  // `for (const Job &J : Batch)`: the element the chain's hop put in, if
  // it has one, with what the loop body does to it before the use.
  if (const ValueDecl *Container = walkedContainer(Var->getInit())) {
    std::optional<TracedValues> Value;
    if (!visitBoundElement(Container, [&](const Expr *Element) {
          Value = objectValue(Element, Field, Depth + 1, Inner);
        }))
      return std::nullopt;
    return afterOwnWrites(Var, Field, Object, Value, nullptr, Depth, Inner,
                          /*StartKnown=*/Value.has_value());
  }
  if (!isCopy(Var) || replacedByHelper(Var) || keptBefore(Var, Object))
    return std::nullopt;
  Origin From = originAt(Var, Object);
  if (!From.Known)
    return std::nullopt;
  std::optional<TracedValues> Start;
  if (From.Source)
    Start = objectValue(From.Source, Field, Depth + 1, Inner);
  else if (const auto *Default = dyn_cast_or_null<CXXConstructExpr>(
               Var->getInit() ? stripValueWrappers(Var->getInit()) : nullptr);
           !From.Since && Default)
    Start = constructedValue(Default, Field, Depth + 1, Inner); // `Request R;`
  return afterOwnWrites(Var, Field, Object, Start, From.Since, Depth, Inner);
}

// The value a member is given, or the member \p Inner names inside it.
std::optional<TracedValues>
StringTracer::memberValue(const Expr *Value, unsigned Depth, FieldPath Inner) {
  if (Inner.empty())
    return traceAll(Value);
  return objectValue(Value, Inner.front(), Depth + 1, Inner.drop_front());
}

// The construction of member \p Field that \p Constructor leaves to the
// member's default constructor, if any.
static const CXXConstructExpr *
defaultConstructedMember(const FunctionDecl *Constructor,
                         const FieldDecl *Field) {
  const auto *Defined = dyn_cast_or_null<CXXConstructorDecl>(Constructor);
  if (!Defined)
    return nullptr;
  for (const CXXCtorInitializer *Init : Defined->inits())
    if (Init->getMember() == Field && !Init->isWritten()) {
      const auto *Construct =
          dyn_cast_or_null<CXXConstructExpr>(Init->getInit()->IgnoreImplicit());
      return Construct && Construct->getNumArgs() == 0 ? Construct : nullptr;
    }
  return nullptr;
}

// What member \p Field holds in the object \p Made builds (see madeObject):
// a copy holds the source's value, another constructor what its member
// initializer gives it from the arguments (`std::pair{name, value}`,
// `Route(std::string Path) : Path(std::move(Path))`) or else the member's
// default: its default member initializer, or empty text.
std::optional<TracedValues>
StringTracer::constructedValue(const Expr *Made, const FieldDecl *Field,
                               unsigned Depth, FieldPath Inner) {
  if (const Expr *Source = copiedObject(Made))
    return objectValue(Source, Field, Depth + 1, Inner);
  const FunctionDecl *Constructor = nullptr;
  if (const Expr *Init = madeMemberInitializer(Made, Field, Constructor)) {
    BindingScope Scope(*this, Constructor, Made);
    return memberValue(Init, Depth, Inner);
  }
  if (!Constructor || constructorWrites(Constructor, Field))
    return std::nullopt;
  if (const Expr *Default = Field->getInClassInitializer())
    return memberValue(Default, Depth, Inner);
  if (Inner.empty() && isTextClass(Field->getType()))
    return TracedValues{TracedString::plain("")};
  // A member object the constructor leaves alone is default-constructed,
  // so its members hold their defaults (`Job.Req.Base` of `Job J;`).
  if (const CXXConstructExpr *Member =
          defaultConstructedMember(Constructor, Field);
      Member && !Inner.empty())
    return constructedValue(Member, Inner.front(), Depth + 1,
                            Inner.drop_front());
  return std::nullopt;
}

// Whether the body of \p Constructor writes \p Member of its object.
bool StringTracer::constructorWrites(const FunctionDecl *Constructor,
                                     const ValueDecl *Member) {
  auto Own = [&](auto Written) {
    return llvm::any_of(Written, [&](const auto &W) {
      return writesTo(Constructor, W.Root, W.This);
    });
  };
  return Own(Writes->writesOf(Member)) || Own(Writes->appendsOf(Member)) ||
         Own(Writes->entriesOf(Member));
}

const Expr *constructorInitializer(const FunctionDecl *Constructor,
                                   const FieldDecl *Field) {
  const auto *Defined = dyn_cast_or_null<CXXConstructorDecl>(Constructor);
  if (!Defined)
    return nullptr;
  for (const CXXCtorInitializer *Init : Defined->inits())
    if (Init->getMember() == Field && Init->isWritten())
      return Init->getInit();
  return nullptr;
}

const Expr *memberInitializer(const CXXConstructExpr *Construct,
                              const FieldDecl *Field,
                              const FunctionDecl *&Constructor) {
  if (!Construct->getConstructor()->isDefined(Constructor))
    return nullptr;
  return constructorInitializer(Constructor, Field);
}

const Expr *madeObject(const Expr *E) {
  if (const auto *New = dyn_cast_or_null<CXXNewExpr>(E))
    return New->isArray() ? nullptr : New->getConstructExpr();
  if (isa_and_present<CXXConstructExpr>(E))
    return E;
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  return Call && madeClass(Call) ? Call : nullptr;
}

// The arguments the construction \p Made passes to its constructor.
static llvm::ArrayRef<const Expr *> madeArguments(const Expr *Made) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Made))
    return llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  const auto *Make = cast<CallExpr>(Made);
  return llvm::ArrayRef(Make->getArgs(), Make->getNumArgs());
}

const Expr *copiedObject(const Expr *Made) {
  llvm::ArrayRef<const Expr *> Arguments = madeArguments(Made);
  if (Arguments.size() != 1)
    return nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Made))
    return Construct->getConstructor()->isCopyOrMoveConstructor()
               ? Arguments.front()
               : nullptr;
  const CXXRecordDecl *Class = madeClass(cast<CallExpr>(Made));
  return Arguments.front()->getType()->getAsCXXRecordDecl() == Class
             ? Arguments.front()
             : nullptr;
}

const FunctionDecl *madeConstructor(const CallExpr *Make) {
  const CXXRecordDecl *Class = madeClass(Make);
  if (!Class || !Class->hasDefinition())
    return nullptr;
  const FunctionDecl *Found = nullptr;
  for (const CXXConstructorDecl *Candidate : Class->ctors()) {
    const FunctionDecl *Definition = nullptr;
    if (Candidate->isCopyOrMoveConstructor() ||
        !Candidate->isDefined(Definition) ||
        Make->getNumArgs() < Candidate->getMinRequiredArguments() ||
        Make->getNumArgs() > Candidate->getNumParams())
      continue;
    if (Found)
      return nullptr;
    Found = Definition;
  }
  return Found;
}

const Expr *madeMemberInitializer(const Expr *Made, const FieldDecl *Field,
                                  const FunctionDecl *&Constructor) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Made))
    return memberInitializer(Construct, Field, Constructor);
  Constructor = madeConstructor(cast<CallExpr>(Made));
  return constructorInitializer(Constructor, Field);
}

std::optional<TracedValues>
StringTracer::traceObjectMember(const MemberExpr *Member) {
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  if (!Field)
    return std::nullopt;
  return objectValue(Member->getBase(), Field, 0);
}

bool StringTracer::collectObjectEntries(const Expr *Container, bool Values,
                                        std::vector<TracedEntry> &Out) {
  const Expr *Stripped = stripIndirection(Container);
  if (const FieldDecl *Accessed = Stripped ? accessedMember(Stripped) : nullptr)
    return objectEntries(
        cast<CXXMemberCallExpr>(Stripped)->getImplicitObjectArgument(),
        Accessed, Values, 0, Out);
  const auto *Member = dyn_cast_or_null<MemberExpr>(Stripped);
  return Member && objectEntries(Member->getBase(), Member->getMemberDecl(),
                                 Values, 0, Out);
}

// The entries written to container member \p Member of \p Root in its
// function before \p Use, directly or by helpers it is handed to.
void StringTracer::ownEntries(ObjectRoot Root, const ValueDecl *Member,
                              bool Values, const Expr *Use,
                              std::vector<TracedEntry> &Out,
                              const Stmt *Since) {
  const SourceManager &SM = Context.getSourceManager();
  std::vector<ObjectWrite> Found;
  collectObjectWrites(
      Root, Member, /*Entries=*/true, Values,
      [&](const Stmt *Site) { return madeBetween(Site, Since, Use, SM); },
      nullptr, true, 0, Found);
  const FunctionDecl *Function = Flow->enclosingFunction(Use);
  std::vector<const Stmt *> Resets;
  for (const ObjectWrite &W : Found)
    if (W.Reset && W.Certain && Flow->enclosingFunction(W.Lifted) == Function)
      Resets.push_back(W.Lifted);
  for (const ObjectWrite &W : Found) {
    if (W.Reset)
      continue;
    // A helper that empties the container and then fills it (a request
    // builder) puts its entries in after its own reset.
    llvm::SmallVector<const Stmt *, 2> After;
    if (Flow->enclosingFunction(W.Lifted) == Function)
      for (const Stmt *Reset : Resets)
        if (!SM.isPointWithin(W.Lifted->getBeginLoc(), Reset->getBeginLoc(),
                              Reset->getEndLoc()))
          After.push_back(Reset);
    // Gone on every path to the use: reset after it was put in.
    if (!After.empty() && Function &&
        everyPathPasses(Function, After, Use, Dominance::MayNotRun, {W.Lifted},
                        /*FromEntry=*/false))
      continue;
    bool Certain =
        W.Certain && Function &&
        everyPathPasses(Function, {W.Lifted}, Use, Dominance::RunOnce, After);
    Out.push_back({W.Text, W.Lifted, Certain});
  }
}

// The entries of container member \p Member of the object \p Object
// denotes, where it is evaluated. An object is a value: a variable holds
// what it was initialized from (a helper's result, a copy of another
// variable) and what is written to it before the use; a parameter taken
// by value holds its argument's entries and its own; a helper's result
// holds what the object it returns holds there. False when the object
// cannot be followed.
bool StringTracer::objectEntries(const Expr *Object, const ValueDecl *Member,
                                 bool Values, unsigned Depth,
                                 std::vector<TracedEntry> &Out) {
  if (Depth > MaxObjectHops)
    return false;
  const Expr *E = stripIndirection(Object);
  if (E && allocatesDefault(E))
    return true;
  if (const auto *Inner = dyn_cast_or_null<MemberExpr>(E))
    return subobjectEntries(Inner, Member, Values, Depth, Out);
  if (const Expr *Made = madeObject(E)) {
    if (!isa<CXXConstructExpr>(Made) && (!Writes->writesOf(Member).empty() ||
                                         !Writes->entriesOf(Member).empty()))
      return false; // See objectValue.
    return constructedEntries(Made, Member, Values, Depth, Out);
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    if (const Expr *Moved = movedObject(Call))
      return objectEntries(Moved, Member, Values, Depth + 1, Out);
    if (const ValueDecl *Container = takenFrom(Call)) {
      bool Resolved = false;
      visitBoundElement(Container, [&](const Expr *Element) {
        Resolved = objectEntries(Element, Member, Values, Depth + 1, Out);
      });
      return Resolved;
    }
    // A helper's result: the entries of each object it returns, as of the
    // call.
    llvm::SmallVector<const FunctionDecl *, 2> Definitions =
        returningDefinitions(Call);
    if (Definitions.empty())
      return false;
    for (const FunctionDecl *Definition : Definitions) {
      std::vector<const Expr *> Returns = returnValues(Definition);
      if (Returns.empty())
        return false;
      BindingScope Scope(*this, Definition, Call);
      for (const Expr *Returned : Returns) {
        std::vector<TracedEntry> Returning;
        if (!objectEntries(Returned, Member, Values, Depth + 1, Returning))
          return false;
        for (TracedEntry &Entry : Returning)
          Out.push_back({std::move(Entry.Text), Call,
                         Entry.Certain && Returns.size() == 1 &&
                             Definitions.size() == 1});
      }
    }
    return true;
  }
  // Built in place: `Request{"GET", Url, {{"Accept", "..."}}}`.
  if (const auto *List = dyn_cast_or_null<InitListExpr>(E)) {
    if (const auto *Field = dyn_cast<FieldDecl>(Member))
      if (const Expr *Init = initializerOfMember(List, Field))
        appendListedEntries(Init, Values, Out);
    return true;
  }
  if (ObjectRoot Handed = handedObject(E)) {
    // `this` in a constructor is the object being made: it holds what its
    // initializer and the constructor put in before the use, nothing else.
    if (const auto *Constructor = dyn_cast_if_present<CXXConstructorDecl>(
            Handed.dyn_cast<const FunctionDecl *>())) {
      const auto *Field = dyn_cast<FieldDecl>(Member);
      const Expr *Initial =
          Field ? constructorInitializer(Constructor, Field) : nullptr;
      if (!Initial && Field)
        Initial = Field->getInClassInitializer();
      if (Initial)
        collectEntriesOf(Initial, Values, Depth + 1, Out);
      ownEntries(Handed, Member, Values, Object, Out);
      return true;
    }
    bool Resolved = false;
    {
      CallerFrames Caller(*this, Handed);
      if (Caller.Object)
        Resolved = objectEntries(Caller.Object, Member, Values, Depth + 1, Out);
    }
    // What this function puts into it before the use counts too.
    if (Resolved)
      ownEntries(Handed, Member, Values, Object, Out);
    return Resolved;
  }
  const auto *Var = aliasedVariable(referencedVariable(E));
  if (!Var || !Var->hasLocalStorage())
    return false;
  // `for (const Job &J : Batch)`: the element the chain's hop put in.
  if (const ValueDecl *Container = walkedContainer(Var->getInit())) {
    bool Resolved = false;
    if (!visitBoundElement(Container, [&](const Expr *Element) {
          Resolved = objectEntries(Element, Member, Values, Depth + 1, Out);
        }))
      return false;
    if (Resolved)
      ownEntries(Var, Member, Values, Object, Out);
    return Resolved;
  }
  if (!isCopy(Var) || replacedByHelper(Var))
    return false;
  Origin From = originAt(Var, Object);
  if (!From.Known)
    return false;
  // What a copy, a helper's result or a braced initializer holds.
  if (From.Source) {
    std::vector<TracedEntry> Initial;
    if (!objectEntries(From.Source, Member, Values, Depth + 1, Initial))
      return false;
    const Stmt *Site = From.Since ? From.Since : Var->getInit();
    for (TracedEntry &Entry : Initial)
      Out.push_back({std::move(Entry.Text), Site, Entry.Certain});
  }
  ownEntries(Var, Member, Values, Object, Out, From.Since);
  return true;
}

// The entries of container \p Member of a member object (`Job.Req` of
// `Job.Req.Headers`): those of the object last given to the member whole
// (`Job.Req = Built`, a constructor's or braced initializer's), and those
// put in through the outer object (`Job.Req.Headers[K] = V`), found as
// the outer object's own. False when neither way can be followed.
bool StringTracer::subobjectEntries(const MemberExpr *Inner,
                                    const ValueDecl *Member, bool Values,
                                    unsigned Depth,
                                    std::vector<TracedEntry> &Out) {
  const auto *Field = dyn_cast<FieldDecl>(Inner->getMemberDecl());
  if (!Field || !Field->getType()->isRecordType())
    return false;
  bool Given = false;
  judgeMember(Inner->getBase(), Field, Inner, Depth + 1,
              [&](const Expr *Value) -> std::optional<bool> {
                Given = Value &&
                        objectEntries(Value, Member, Values, Depth + 1, Out);
                return Given ? std::optional<bool>(true) : std::nullopt;
              });
  // A sibling member object's entries may be among these (`Job.Fallback`
  // beside `Job.Req`): more headers, never fewer, so no false finding.
  bool Written =
      objectEntries(Inner->getBase(), Member, Values, Depth + 1, Out);
  return Given || Written;
}

// The entries of container member \p Member of the object \p Construct
// builds: a copy's source's, else what the member initializer gives it,
// else its default member initializer's. False when the constructor's
// body puts entries in.
bool StringTracer::constructedEntries(const Expr *Made, const ValueDecl *Member,
                                      bool Values, unsigned Depth,
                                      std::vector<TracedEntry> &Out) {
  if (const Expr *Source = copiedObject(Made))
    return objectEntries(Source, Member, Values, Depth + 1, Out);
  const auto *Field = dyn_cast<FieldDecl>(Member);
  if (!Field)
    return madeArguments(Made).empty();
  const FunctionDecl *Constructor = nullptr;
  if (const Expr *Init = madeMemberInitializer(Made, Field, Constructor)) {
    BindingScope Scope(*this, Constructor, Made);
    collectEntriesOf(Init, Values, 0, Out);
    return true;
  }
  if (!Constructor)
    return madeArguments(Made).empty();
  if (constructorWrites(Constructor, Field))
    return false;
  if (const Expr *Default = Field->getInClassInitializer())
    appendListedEntries(Default, Values, Out);
  return true;
}

//===--- Format strings ---------------------------------------------------===//

// The texts of a format's arguments. A va_list that a variadic function of
// the program hands on (`vswprintf(Buf, N, Fmt, Args)` in `Format(const
// wchar_t *Fmt, ...)`) stands for what the call being followed passes
// after its named parameters, read in the caller's frames.
std::vector<TracedValues>
StringTracer::argumentTexts(llvm::ArrayRef<const Expr *> Args) {
  std::vector<TracedValues> Texts;
  for (const Expr *Arg : Args) {
    const VarDecl *List = referencedVariable(Arg);
    const auto *Function =
        List ? dyn_cast_or_null<FunctionDecl>(List->getParentFunctionOrMethod())
             : nullptr;
    if (!Function || !Function->isVariadic() ||
        !Context.hasSameType(List->getType(), Context.getBuiltinVaListType())) {
      Texts.push_back(traceAll(Arg));
      continue;
    }
    size_t Frame = BindingStack.size();
    while (Frame-- > 0)
      if (BindingStack[Frame].Callee &&
          BindingStack[Frame].Callee->getCanonicalDecl() ==
              Function->getCanonicalDecl())
        break;
    const auto *Call =
        Frame < BindingStack.size()
            ? dyn_cast_or_null<CallExpr>(BindingStack[Frame].Call)
            : nullptr;
    if (!Call || isa<CXXOperatorCallExpr>(Call)) {
      Texts.push_back({TracedString::unknown()});
      continue;
    }
    std::vector<Bindings> Outer(BindingStack.begin() + Frame,
                                BindingStack.end());
    BindingStack.resize(Frame);
    for (unsigned I = Function->getNumParams(); I < Call->getNumArgs(); ++I)
      Texts.push_back(traceAll(Call->getArg(I)));
    BindingStack.insert(BindingStack.end(), Outer.begin(), Outer.end());
  }
  return Texts;
}

TracedValues StringTracer::format(const Expr *Format,
                                  llvm::ArrayRef<const Expr *> Args,
                                  FormatStyle Style) {
  // A pattern picked from a table (`URLS[Index]`) may be any of its rows:
  // each one is filled in.
  std::vector<TracedValues> Texts = argumentTexts(Args);
  TracedValues Result;
  for (const TracedString &Pattern : traceAll(Format))
    for (const TracedString &Filled : formatPattern(Pattern, Texts, Style))
      addAlternative(Result, Filled);
  return Result;
}

TracedValues StringTracer::formatPattern(const TracedString &Pattern,
                                         llvm::ArrayRef<TracedValues> Texts,
                                         FormatStyle Style) {
  const std::string &Text = Pattern.text();
  TracedValues Result = {TracedString()};
  size_t NextArg = 0;
  auto ArgText = [&](size_t Index) {
    return Index < Texts.size() ? Texts[Index]
                                : TracedValues{TracedString::unknown()};
  };
  auto Append = [&](const TracedValues &Piece) {
    Result = concatenate(Result, Piece);
  };

  // QString::arg fills the lowest-numbered placeholders, one per argument.
  std::vector<unsigned> QtOrder;
  if (Style == FormatStyle::QtArg) {
    for (size_t I = 0; I + 1 < Text.size(); ++I)
      if (Text[I] == '%' && llvm::isDigit(Text[I + 1]))
        QtOrder.push_back(Text[I + 1] - '0');
    llvm::sort(QtOrder);
    QtOrder.erase(std::unique(QtOrder.begin(), QtOrder.end()), QtOrder.end());
  }

  std::vector<FormatConversion> Conversions;
  if (Style == FormatStyle::Printf)
    Conversions = formatConversions(Text, /*Scans=*/false, Context);
  size_t NextConversion = 0;

  size_t Literal = 0; // Start of the literal run not yet copied.
  auto CopyUpTo = [&](size_t End) { Append({Pattern.slice(Literal, End)}); };
  for (size_t I = 0; I < Text.size();) {
    char C = Text[I];
    if (Style == FormatStyle::Braces && (C == '{' || C == '}')) {
      if (I + 1 < Text.size() && Text[I + 1] == C) {
        CopyUpTo(I + 1);
        Literal = I += 2;
        continue;
      }
      if (C == '{') {
        size_t Close = Text.find('}', I);
        if (Close == std::string::npos)
          break;
        llvm::StringRef Field(Text.data() + I + 1, Close - I - 1);
        llvm::StringRef Id = Field.take_until([](char C) { return C == ':'; });
        size_t Index = NextArg;
        if (!Id.empty() && !Id.getAsInteger(10, Index))
          ;
        else if (Id.empty())
          ++NextArg;
        else
          Index = Texts.size(); // Named arguments are not traced.
        CopyUpTo(I);
        Append(ArgText(Index));
        Literal = I = Close + 1;
        continue;
      }
    }
    if (NextConversion < Conversions.size() &&
        Conversions[NextConversion].Begin == I) {
      const FormatConversion &Conversion = Conversions[NextConversion++];
      // "%%" is one '%' of the text.
      CopyUpTo(Conversion.Conversion == '%' ? I + 1 : I);
      if (Conversion.TakesArgument) {
        TracedValues Value = ArgText(Conversion.Argument);
        Append(Conversion.Conversion == 's'
                   ? Value
                   : TracedValues{TracedString::unknown()});
      }
      Literal = I = Conversion.End;
      continue;
    }
    if (Style == FormatStyle::QtArg && C == '%' && I + 1 < Text.size() &&
        llvm::isDigit(Text[I + 1])) {
      unsigned Number = Text[I + 1] - '0';
      auto Position = llvm::find(QtOrder, Number);
      size_t Index = Position - QtOrder.begin();
      CopyUpTo(I);
      Append(Index < Texts.size()
                 ? ArgText(Index)
                 : TracedValues{TracedString::plain(Text.substr(I, 2))});
      Literal = I = I + 2;
      continue;
    }
    ++I;
  }
  CopyUpTo(Text.size());
  return Result;
}

} // namespace clang::tidy::procore
