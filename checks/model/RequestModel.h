//===--- RequestModel.h - HTTP libraries described as data ------*- C++ -*-===//
//
// What each HTTP library's calls do to a request, as rows of a table: which
// call sets the URL, adds a header or sends. The analysis in
// RequestAnalysis.cpp reads only these rows, so supporting a new library is
// a new block of rows (and a fixture), not new code.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_MODEL_REQUESTMODEL_H
#define MPR_LINT_CHECKS_MODEL_REQUESTMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::procore {

/// Where a call finds the thing a rule talks about.
enum ArgumentIndex : int {
  ImplicitObject = -1,    ///< `object.method(...)`.
  ConstructedObject = -2, ///< The variable or temporary a constructor makes.
  CallResult = -3,        ///< The value the call returns.
  NoArgument = -4,
  /// `object.member = value`: the object whose member a row names
  /// (`httplib::Request::path`); the value is the assignment's argument 0.
  AssignedObject = -5,
};

/// What a call contributes to the request it acts on.
enum class Fact {
  Url,             ///< A full URL.
  Base,            ///< A base URL or "scheme://host" a path is appended to.
  Host,            ///< A bare host name.
  Path,            ///< A path (target, URI) appended to the base or host.
  Method,          ///< The HTTP method.
  Header,          ///< A header as name and value.
  HeaderLine,      ///< A header as one "Name: value" string.
  HeaderList,      ///< A container of headers attached to the request in
                   ///< place of any attached before (libcurl's
                   ///< CURLOPT_HTTPHEADER keeps only the last list).
  ExtraHeaderList, ///< A container of headers added to those the request
                   ///< already has (cpr's UpdateHeader, a per-call list).
  AlgorithmOutput, ///< A container handed to a standard algorithm through
                   ///< an output iterator (std::back_inserter(List)): it
                   ///< gets what the algorithm writes.
  Stage,           ///< Code that runs on every request the client sends: a
                   ///< pipeline stage, its first parameter the request.
  SendsRequest,    ///< The request leaves here.
  Reset,           ///< Clears what was set on the request (curl_easy_reset).
  Creates,         ///< Returns a new request with nothing set on it
                   ///< (curl_easy_init): an object that starts there holds
                   ///< only what is done to it after.
};

/// One call of one library.
struct CallRule {
  llvm::StringRef Library;
  std::string Callee; ///< Qualified name without template arguments; a
                      ///< constructor is named by its class.
  Fact What;
  int Object; ///< The request, client or header list acted on.
  int Value = NoArgument;
  int Second = NoArgument; ///< The header value of a Header fact.
  /// For option-style setters (curl_easy_setopt, curlpp::Easy::setOpt): the
  /// option the call must pass, by enumerator name.
  llvm::StringRef Option = "";
  /// For SendsRequest and Method: the method the call implies.
  llvm::StringRef Method = "";
  /// The row applies only when the Value argument has this type: a class or
  /// enum by qualified name, or "string" for any string.
  llvm::StringRef ArgumentType = "";
  /// The row applies only to calls with at least this many arguments.
  unsigned MinArguments = 0;
};

/// The rows of every library the check knows.
llvm::ArrayRef<CallRule> builtinCallRules();

/// Types whose values hold a piece of a request when passed to a send call
/// whose arguments are read by type (cpr::Get(cpr::Url{...},
/// cpr::Header{...})).
struct TypedArgumentRule {
  llvm::StringRef Library;
  llvm::StringRef Type;
  Fact What;
};
llvm::ArrayRef<TypedArgumentRule> builtinTypedArgumentRules();

/// How to add the header in each library's idiom. Placeholders: {object},
/// {list}, {value} (the company id as the text the library wants).
struct HeaderFixRule {
  llvm::StringRef Library;
  enum Shape {
    StatementBeforeSend, ///< Insert `Template;` before the send statement.
    StatementBeforeList, ///< Before the call that attaches header list {list}.
    ExtraArgument,       ///< Append `, Template` to the send call's arguments.
    ArgumentAfterFirst,  ///< Insert `, Template` after the first argument.
  } Where;
  llvm::StringRef Template;
  enum ValueStyle { StdString, QtBytes, Raw } Value;
  /// The class {object} must be, when the library's sends take several
  /// kinds of object (httplib's Client verbs, its Request for send).
  llvm::StringRef ObjectClass = "";
};
llvm::ArrayRef<HeaderFixRule> builtinHeaderFixRules();

/// What a URL object's method does to the URL the object holds.
enum class UrlEdit {
  SetScheme, ///< Replaces one part (QUrl::setHost, uri_builder::set_host).
  SetHost,
  SetPath,
  SetQuery,
  SetWhole,      ///< Replaces the whole URL (QUrl::setUrl).
  AppendSegment, ///< Adds a path segment, one '/' between (append_path).
  AppendQuery,   ///< Adds `name=value` (two arguments) or a query text (one),
                 ///< after '?' or '&' (append_query, addQueryParameter).
  Resolve,       ///< Resolves a reference against the URL (QUrl::resolved).
};
/// One method of a URL class that edits its object in place and returns it.
struct UrlEditRule {
  llvm::StringRef Class; ///< Qualified name; empty for any class (the names
                         ///< QUrl and Poco::URI share, which wrappers copy).
  llvm::StringRef Method;
  UrlEdit Edit;
};
llvm::ArrayRef<UrlEditRule> builtinUrlEditRules();

/// The parts of a URL.
enum class UrlPart { Scheme, Host, Path, Query };
/// One method of a URL class that returns one part of its URL
/// (`Poco::URI::getPath`, `QUrl::host`).
struct UrlPartRule {
  llvm::StringRef Class; ///< Qualified name; empty for any class.
  llvm::StringRef Method;
  UrlPart Part;
};
llvm::ArrayRef<UrlPartRule> builtinUrlPartRules();

/// A getter of the URL a request object goes to. Code a library runs on
/// every request (a cpprest pipeline stage) reads it to decide what to
/// add; bound to the request being judged, it gives that request's URL.
struct RequestUrlRule {
  llvm::StringRef Class; ///< Qualified name.
  llvm::StringRef Method;
  bool Relative; ///< The path and query only (cpprest's request_uri).
  /// The constructor argument that gives a request its URL, or -1: a
  /// request the code constructs and never changes the URL of returns it
  /// (`QNetworkRequest Again(Req.url())`).
  int ConstructorArgument = -1;
  llvm::StringRef Setter = ""; ///< The method that gives it another URL.
};
llvm::ArrayRef<RequestUrlRule> builtinRequestUrlRules();

/// The method a library sends when nothing sets one (libcurl and curlpp:
/// GET, until an option such as CURLOPT_POSTFIELDS says otherwise); empty
/// for libraries whose every send names its method.
llvm::StringRef defaultMethod(llvm::StringRef Library);

/// A user wrapper declared in the RequestFunctions option:
///   `ProcoreClient::get(url=0, headers=1, base=BaseUrl, method=GET)`
/// Several are separated by ';'.
struct WrapperRule {
  std::string Callee;
  int UrlArgument = 0;
  int HeadersArgument = NoArgument;
  std::string BaseMember; ///< A member or constant that holds the base URL.
  std::string Method;
};
/// Parses the option; errors name the offending entry.
bool parseWrapperRules(llvm::StringRef Option, std::vector<WrapperRule> &Rules,
                       std::string &Error);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_MODEL_REQUESTMODEL_H
