//===--- RequestModel.cpp - HTTP libraries described as data --------------===//

#include "model/RequestModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::procore {

namespace {

constexpr int This = ImplicitObject;
constexpr int Made = ConstructedObject;
constexpr int Self = CallResult;

// The send calls that differ only by the method they imply.
struct Verb {
  const char *Name;
  const char *Method;
};
constexpr Verb HttplibVerbs[] = {{"Get", "GET"},       {"Post", "POST"},
                                 {"Put", "PUT"},       {"Patch", "PATCH"},
                                 {"Delete", "DELETE"}, {"Head", "HEAD"},
                                 {"Options", "OPTIONS"}};
constexpr Verb QtVerbs[] = {{"get", "GET"},
                            {"post", "POST"},
                            {"put", "PUT"},
                            {"deleteResource", "DELETE"},
                            {"head", "HEAD"},
                            {"sendCustomRequest", ""}};

// The calls of each HTTP library, one row per call: a table, long because
// the libraries have many calls, read one row at a time.
std::vector<CallRule> libraryCallRules() {
  return {
      // libcurl: an easy handle collects options, then is performed.
      {"libcurl", "curl_easy_setopt", Fact::Url, 0, 2, NoArgument, "CURLOPT_URL"},
      {"libcurl", "curl_easy_setopt", Fact::HeaderList, 0, 2, NoArgument, "CURLOPT_HTTPHEADER"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, 2, NoArgument, "CURLOPT_CUSTOMREQUEST"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_POST", "POST"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_POSTFIELDS", "POST"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_COPYPOSTFIELDS", "POST"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_MIMEPOST", "POST"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_UPLOAD", "PUT"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_NOBODY", "HEAD"},
      {"libcurl", "curl_easy_setopt", Fact::Method, 0, NoArgument, NoArgument, "CURLOPT_HTTPGET", "GET"},
      {"libcurl", "curl_slist_append", Fact::HeaderLine, 0, 1},
      {"libcurl", "curl_easy_reset", Fact::Reset, 0},
      {"libcurl", "curl_easy_init", Fact::Creates, CallResult},
      {"libcurl", "curl_easy_perform", Fact::SendsRequest, 0},
      {"libcurl", "curl_multi_add_handle", Fact::SendsRequest, 1},

      // cpp-httplib: a client holds the base and default headers.
      {"cpp-httplib", "httplib::Client", Fact::Base, Made, 0},
      {"cpp-httplib", "httplib::ClientImpl", Fact::Base, Made, 0},
      {"cpp-httplib", "httplib::SSLClient", Fact::Base, Made, 0},
      {"cpp-httplib", "httplib::Client::set_default_headers", Fact::HeaderList, This, 0},
      {"cpp-httplib", "httplib::ClientImpl::set_default_headers", Fact::HeaderList, This, 0},
      // A Request filled by hand and sent whole by Client::send.
      {"cpp-httplib", "httplib::Request::path", Fact::Path, AssignedObject, 0},
      {"cpp-httplib", "httplib::Request::method", Fact::Method, AssignedObject, 0},
      {"cpp-httplib", "httplib::Request::headers", Fact::HeaderList, AssignedObject, 0},
      {"cpp-httplib", "httplib::Request::set_header", Fact::Header, This, 0, 1},
      {"cpp-httplib", "httplib::Client::send", Fact::SendsRequest, This},
      {"cpp-httplib", "httplib::Client::send", Fact::SendsRequest, 0},
      {"cpp-httplib", "httplib::ClientImpl::send", Fact::SendsRequest, This},
      {"cpp-httplib", "httplib::ClientImpl::send", Fact::SendsRequest, 0},

      // Boost.Beast: a message carries method, target and fields; the host
      // is its Host field or the name the resolver looked up.
      {"Boost.Beast", "boost::beast::http::message", Fact::Method, Made, 0, NoArgument, "", "", "boost::beast::http::verb"},
      {"Boost.Beast", "boost::beast::http::message", Fact::Path, Made, 1},
      {"Boost.Beast", "boost::beast::http::header::method", Fact::Method, This, 0},
      {"Boost.Beast", "boost::beast::http::header::target", Fact::Path, This, 0},
      {"Boost.Beast", "boost::beast::http::basic_fields::set", Fact::Header, This, 0, 1},
      {"Boost.Beast", "boost::beast::http::basic_fields::insert", Fact::Header, This, 0, 1},
      {"Boost.Beast", "boost::asio::ip::basic_resolver::resolve", Fact::Host, NoArgument, 0},
      {"Boost.Beast", "boost::asio::ip::basic_resolver::async_resolve", Fact::Host, NoArgument, 0},
      {"Boost.Beast", "boost::beast::http::write", Fact::SendsRequest, 1},
      {"Boost.Beast", "boost::beast::http::async_write", Fact::SendsRequest, 1},

      // Qt: a QNetworkRequest is sent by a QNetworkAccessManager.
      {"Qt", "QNetworkRequest", Fact::Url, Made, 0},
      {"Qt", "QNetworkRequest::setUrl", Fact::Url, This, 0},
      {"Qt", "QNetworkRequest::setRawHeader", Fact::Header, This, 0, 1},
      {"Qt", "QNetworkAccessManager::sendCustomRequest", Fact::Method, Self, 1},

      // cpprestsdk: a client holds the base URI; a request, or a method and
      // a path, is sent through it.
      {"cpprestsdk", "web::http::client::http_client", Fact::Base, Made, 0},
      {"cpprestsdk", "web::http::http_request", Fact::Method, Made, 0},
      {"cpprestsdk", "web::http::http_request::set_request_uri", Fact::Path, This, 0},
      {"cpprestsdk", "web::http::http_request::set_method", Fact::Method, This, 0},
      {"cpprestsdk", "web::http::http_headers::add", Fact::Header, This, 0, 1},
      {"cpprestsdk", "web::http::http_request::headers", Fact::HeaderList, AssignedObject, 0},
      {"cpprestsdk", "web::http::client::http_client::add_handler", Fact::Stage, This, 0},
      {"cpprestsdk", "web::http::client::http_client::request", Fact::SendsRequest, This},
      {"cpprestsdk", "web::http::client::http_client::request", Fact::SendsRequest, 0},
      {"cpprestsdk", "web::http::client::http_client::request", Fact::Method, Self, 0, NoArgument, "", "", "string"},
      {"cpprestsdk", "web::http::client::http_client::request", Fact::Path, Self, 1, NoArgument, "", "", "string"},

      // Poco: a session holds the host; a request holds method, URI and
      // fields.
      {"Poco", "Poco::Net::HTTPClientSession", Fact::Host, Made, 0},
      {"Poco", "Poco::Net::HTTPSClientSession", Fact::Host, Made, 0},
      {"Poco", "Poco::Net::HTTPClientSession::setHost", Fact::Host, This, 0},
      // HTTPRequest(version) has one argument, HTTPRequest(method, uri) two.
      {"Poco", "Poco::Net::HTTPRequest", Fact::Method, Made, 0, NoArgument, "", "", "", 2},
      {"Poco", "Poco::Net::HTTPRequest", Fact::Path, Made, 1},
      {"Poco", "Poco::Net::HTTPRequest::setURI", Fact::Path, This, 0},
      {"Poco", "Poco::Net::HTTPRequest::setMethod", Fact::Method, This, 0},
      {"Poco", "Poco::Net::NameValueCollection::set", Fact::Header, This, 0, 1},
      {"Poco", "Poco::Net::NameValueCollection::add", Fact::Header, This, 0, 1},
      {"Poco", "Poco::Net::HTTPClientSession::sendRequest", Fact::SendsRequest, This},
      {"Poco", "Poco::Net::HTTPClientSession::sendRequest", Fact::SendsRequest, 0},

      // cpr: a session collects options, or one call takes them all.
      {"cpr", "cpr::Session::SetUrl", Fact::Url, This, 0},
      {"cpr", "cpr::Session::SetHeader", Fact::HeaderList, This, 0},
      {"cpr", "cpr::Session::UpdateHeader", Fact::ExtraHeaderList, This, 0},

      // curlpp: an Easy handle takes option objects, then is performed.
      {"curlpp", "curlpp::Easy::setOpt", Fact::Url, This, 0, NoArgument, "curlpp::options::Url"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::HeaderList, This, 0, NoArgument, "curlpp::options::HttpHeader"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, 0, NoArgument, "curlpp::options::CustomRequest"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, NoArgument, NoArgument, "curlpp::options::PostFields", "POST"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, NoArgument, NoArgument, "curlpp::options::Post", "POST"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, NoArgument, NoArgument, "curlpp::options::Upload", "PUT"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, NoArgument, NoArgument, "curlpp::options::NoBody", "HEAD"},
      {"curlpp", "curlpp::Easy::setOpt", Fact::Method, This, NoArgument, NoArgument, "curlpp::options::HttpGet", "GET"},
      {"curlpp", "curlpp::Easy::perform", Fact::SendsRequest, This},
  };
}

// Containers that hold header lines or names and values.
std::vector<CallRule> headerContainerRules() {
  return {
      // Standard containers used as header lists.
      {"std", "std::list::push_back", Fact::HeaderLine, This, 0},
      {"std", "std::list::emplace_back", Fact::HeaderLine, This, 0},
      {"std", "std::list::push_front", Fact::HeaderLine, This, 0},
      {"std", "std::list::emplace_front", Fact::HeaderLine, This, 0},
      {"std", "std::vector::push_back", Fact::HeaderLine, This, 0},
      {"std", "std::vector::emplace_back", Fact::HeaderLine, This, 0},
      {"std", "std::map::emplace", Fact::Header, This, 0, 1},
      {"std", "std::multimap::emplace", Fact::Header, This, 0, 1},
      {"std", "std::map::insert", Fact::Header, This, 0},
      {"std", "std::multimap::insert", Fact::Header, This, 0},
      {"std", "std::map::insert_or_assign", Fact::Header, This, 0, 1},
      {"std", "std::map::try_emplace", Fact::Header, This, 0, 1},
      {"std", "std::deque::push_back", Fact::HeaderLine, This, 0},
      // insert(Position, Extra.begin(), Extra.end()) adds another list.
      {"std", "std::vector::insert", Fact::ExtraHeaderList, This, 1, NoArgument,
       "", "", "", 3},
      {"std", "std::list::insert", Fact::ExtraHeaderList, This, 1, NoArgument,
       "", "", "", 3},
      {"std", "std::deque::insert", Fact::ExtraHeaderList, This, 1, NoArgument,
       "", "", "", 3},
      {"std", "std::deque::emplace_back", Fact::HeaderLine, This, 0},
      {"std", "std::unordered_map::emplace", Fact::Header, This, 0, 1},
      {"std", "std::unordered_map::insert", Fact::Header, This, 0},
      {"std", "std::unordered_map::insert_or_assign", Fact::Header, This, 0, 1},
      {"std", "std::unordered_map::try_emplace", Fact::Header, This, 0, 1},
      {"std", "std::unordered_multimap::emplace", Fact::Header, This, 0, 1},
      {"std", "std::unordered_multimap::insert", Fact::Header, This, 0},
      // std::copy(First, Last, std::back_inserter(List)) and the like.
      {"std", "std::back_inserter", Fact::AlgorithmOutput, 0},
      {"std", "std::front_inserter", Fact::AlgorithmOutput, 0},
      {"std", "std::inserter", Fact::AlgorithmOutput, 0},

      // Qt containers used as header lists.
      {"Qt", "QList::append", Fact::HeaderLine, This, 0},
      {"Qt", "QList::push_back", Fact::HeaderLine, This, 0},
      {"Qt", "QList::prepend", Fact::HeaderLine, This, 0},
      {"Qt", "QVector::append", Fact::HeaderLine, This, 0},
      {"Qt", "QVector::push_back", Fact::HeaderLine, This, 0},
      {"Qt", "QMap::insert", Fact::Header, This, 0, 1},
      {"Qt", "QMultiMap::insert", Fact::Header, This, 0, 1},
      {"Qt", "QHash::insert", Fact::Header, This, 0, 1},
      {"Qt", "QMultiHash::insert", Fact::Header, This, 0, 1},
  };
}

std::vector<CallRule> makeCallRules() {
  std::vector<CallRule> Rules = libraryCallRules();
  llvm::append_range(Rules, headerContainerRules());
  // The verbs of the clients that send with one call per method.
  for (const Verb &V : HttplibVerbs)
    for (const char *Client : {"httplib::Client::", "httplib::ClientImpl::"}) {
      std::string Name = std::string(Client) + V.Name;
      Rules.push_back({"cpp-httplib", Name, Fact::SendsRequest, This,
                       NoArgument, NoArgument, "", V.Method});
      Rules.push_back({"cpp-httplib", Name, Fact::Path, Self, 0});
      // Get(path, headers, ...) and Get(path, params, headers, ...).
      for (int Argument : {1, 2})
        Rules.push_back({"cpp-httplib", Name, Fact::ExtraHeaderList, Self,
                         Argument, NoArgument, "", "", "httplib::Headers"});
    }
  for (const Verb &V : QtVerbs)
    Rules.push_back({"Qt", std::string("QNetworkAccessManager::") + V.Name,
                     Fact::SendsRequest, 0, NoArgument, NoArgument, "",
                     V.Method});
  for (const Verb &V : HttplibVerbs) {
    Rules.push_back({"cpr", std::string("cpr::") + V.Name, Fact::SendsRequest,
                     Self, NoArgument, NoArgument, "", V.Method});
    Rules.push_back({"cpr", std::string("cpr::Session::") + V.Name,
                     Fact::SendsRequest, This, NoArgument, NoArgument, "",
                     V.Method});
  }
  return Rules;
}

} // namespace

llvm::ArrayRef<CallRule> builtinCallRules() {
  static const std::vector<CallRule> Rules = makeCallRules();
  return Rules;
}

llvm::StringRef defaultMethod(llvm::StringRef Library) {
  return Library == "libcurl" || Library == "curlpp" ? "GET" : "";
}

llvm::ArrayRef<TypedArgumentRule> builtinTypedArgumentRules() {
  static const TypedArgumentRule Rules[] = {
      {"cpr", "cpr::Url", Fact::Url},
      {"cpr", "cpr::Header", Fact::ExtraHeaderList},
  };
  return Rules;
}

llvm::ArrayRef<HeaderFixRule> builtinHeaderFixRules() {
  using R = HeaderFixRule;
  static const HeaderFixRule Rules[] = {
      {"libcurl", R::StatementBeforeList,
       "{list} = curl_slist_append({list}, (\"Procore-Company-Id: \" + "
       "{value}).c_str())",
       R::StdString},
      {"cpp-httplib", R::StatementBeforeSend,
       "{list}.emplace(\"Procore-Company-Id\", {value})", R::StdString},
      {"cpp-httplib", R::ArgumentAfterFirst,
       "httplib::Headers{{\"Procore-Company-Id\", {value}}}", R::StdString},
      {"cpp-httplib", R::StatementBeforeSend,
       "{object}.set_header(\"Procore-Company-Id\", {value})", R::StdString,
       "httplib::Request"},
      {"Boost.Beast", R::StatementBeforeSend,
       "{object}.set(\"Procore-Company-Id\", {value})", R::StdString},
      {"Qt", R::StatementBeforeSend,
       "{object}.setRawHeader(\"Procore-Company-Id\", {value})", R::QtBytes},
      {"cpprestsdk", R::StatementBeforeSend,
       "{object}.headers().add(U(\"Procore-Company-Id\"), {value})", R::Raw},
      {"Poco", R::StatementBeforeSend,
       "{object}.set(\"Procore-Company-Id\", {value})", R::StdString},
      {"cpr", R::ExtraArgument,
       "cpr::Header{{\"Procore-Company-Id\", {value}}}", R::StdString},
  };
  return Rules;
}

llvm::ArrayRef<UrlEditRule> builtinUrlEditRules() {
  static const UrlEditRule Rules[] = {
      {"", "setScheme", UrlEdit::SetScheme},
      {"", "setHost", UrlEdit::SetHost},
      {"", "setPath", UrlEdit::SetPath},
      {"", "setQuery", UrlEdit::SetQuery},
      {"", "setUrl", UrlEdit::SetWhole},
      {"Poco::URI", "addQueryParameter", UrlEdit::AppendQuery},
      {"Poco::URI", "resolve", UrlEdit::Resolve},
      {"QUrl", "resolved", UrlEdit::Resolve},
      // cpprestsdk's uri_builder: its setters return the builder, so calls
      // chain (`uri_builder(base).append_path(p).to_string()`).
      {"web::uri_builder", "set_scheme", UrlEdit::SetScheme},
      {"web::uri_builder", "set_host", UrlEdit::SetHost},
      {"web::uri_builder", "set_path", UrlEdit::SetPath},
      {"web::uri_builder", "set_query", UrlEdit::SetQuery},
      {"web::uri_builder", "append_path", UrlEdit::AppendSegment},
      {"web::uri_builder", "append_path_raw", UrlEdit::AppendSegment},
      {"web::uri_builder", "append_query", UrlEdit::AppendQuery},
  };
  return Rules;
}

llvm::ArrayRef<UrlPartRule> builtinUrlPartRules() {
  static const UrlPartRule Rules[] = {
      {"Poco::URI", "getScheme", UrlPart::Scheme},
      {"Poco::URI", "getHost", UrlPart::Host},
      {"Poco::URI", "getPath", UrlPart::Path},
      {"Poco::URI", "getQuery", UrlPart::Query},
      {"QUrl", "scheme", UrlPart::Scheme},
      {"QUrl", "host", UrlPart::Host},
      {"QUrl", "path", UrlPart::Path},
      {"QUrl", "query", UrlPart::Query},
      {"web::uri", "scheme", UrlPart::Scheme},
      {"web::uri", "host", UrlPart::Host},
      {"web::uri", "path", UrlPart::Path},
      {"web::uri", "query", UrlPart::Query},
  };
  return Rules;
}

llvm::ArrayRef<RequestUrlRule> builtinRequestUrlRules() {
  static const RequestUrlRule Rules[] = {
      {"web::http::http_request", "request_uri", true},
      {"web::http::http_request", "relative_uri", true},
      {"web::http::http_request", "absolute_uri", false},
      {"QNetworkRequest", "url", false, 0, "setUrl"},
  };
  return Rules;
}

bool parseWrapperRules(llvm::StringRef Option, std::vector<WrapperRule> &Rules,
                       std::string &Error) {
  llvm::SmallVector<llvm::StringRef> Entries;
  Option.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    WrapperRule Rule;
    size_t Open = Entry.find('(');
    Rule.Callee = Entry.take_front(Open).trim().str();
    if (Rule.Callee.empty()) {
      Error = "RequestFunctions: '" + Entry.str() + "' names no function";
      return false;
    }
    if (Open != llvm::StringRef::npos) {
      if (!Entry.ends_with(")")) {
        Error = "RequestFunctions: '" + Entry.str() + "' lacks ')'";
        return false;
      }
      llvm::SmallVector<llvm::StringRef> Fields;
      Entry.slice(Open + 1, Entry.size() - 1).split(Fields, ',');
      for (llvm::StringRef Field : Fields) {
        auto [Key, Value] = Field.split('=');
        Key = Key.trim();
        Value = Value.trim();
        int Index = 0;
        bool IsIndex = !Value.getAsInteger(10, Index) && Index >= 0;
        if (Key == "url" && IsIndex)
          Rule.UrlArgument = Index;
        else if (Key == "headers" && IsIndex)
          Rule.HeadersArgument = Index;
        else if (Key == "base" && !Value.empty())
          Rule.BaseMember = Value.str();
        else if (Key == "method" && !Value.empty())
          Rule.Method = Value.upper();
        else {
          Error = "RequestFunctions: '" + Field.trim().str() + "' in '" +
                  Entry.str() +
                  "' is not url=N, headers=N, base=NAME or method=VERB";
          return false;
        }
      }
    }
    Rules.push_back(std::move(Rule));
  }
  return true;
}

} // namespace clang::tidy::procore
