// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Requests as values: a std::variant of request kinds turned into a wire
// request by std::visit. Each call is judged with the overload that takes
// the alternative its variant holds (lambdas joined by `overloaded`, a
// functor's call operators, a generic lambda's instances), through
// structured bindings of the aggregate the overload returns. Where the
// held alternative is not known, every overload may run. Optional members
// and flags of the objects handed in are settled per call.

#include <curl/curl.h>
#include <httplib.h>

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace {

using Headers = std::map<std::string, std::string>;

struct ListProjects {
  long long Company;
};
struct ListTopics {
  long long Project;
};
struct ShowMe {};
using Request = std::variant<ListProjects, ListTopics, ShowMe>;

struct Wire {
  std::string Url;
  Headers Fields;
};

Headers bearer() { return {{"Authorization", "Bearer token"}}; }

Headers scoped(long long Company) {
  Headers Fields = bearer();
  Fields["Procore-Company-Id"] = std::to_string(Company);
  return Fields;
}

template <class... Ts> struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

const std::string Api = "https://api.procore.com";

Wire build(const Request &R) {
  return std::visit(
      overloaded{
          [](const ListProjects &P) -> Wire {
            return {Api + "/rest/v1.0/projects?company_id=" +
                        std::to_string(P.Company),
                    scoped(P.Company)};
          },
          [](const ListTopics &T) -> Wire {
            return {Api + "/rest/v1.0/meeting_topics?project_id=" +
                        std::to_string(T.Project),
                    bearer()};
          },
          [](const ShowMe &) -> Wire { return {Api + "/rest/v1.0/me", bearer()}; }},
      R);
}

void perform(const std::string &Url, const Headers &Fields) {
  CURL *Curl = curl_easy_init();
  curl_slist *List = nullptr;
  for (const auto &[Name, Value] : Fields)
    List = curl_slist_append(List, (Name + ": " + Value).c_str());
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
  curl_easy_perform(Curl);
  curl_slist_free_all(List);
  curl_easy_cleanup(Curl);
}

void send(const Request &R) {
  auto [Url, Fields] = build(R);
  perform(Url, Fields);
}

void overloadedLambdas() {
  send(ListProjects{598134325779301});
  send(ShowMe{});
  send(ListTopics{7});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/meeting_topics?project_id=...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-15]]:3: note: sent here
}

// A functor whose call operators build the request; the command list's
// alternatives are not known one by one, so every operator may run.
struct ToWire {
  long long Company;
  Wire operator()(const ListProjects &P) const {
    return {Api + "/rest/v1.0/projects?company_id=" + std::to_string(P.Company),
            scoped(Company)};
  }
  Wire operator()(const ListTopics &T) const {
    return {Api + "/rest/v1.0/meeting_topics?project_id=" +
                std::to_string(T.Project),
            scoped(Company)};
  }
  Wire operator()(const ShowMe &) const {
    return {Api + "/rest/v1.0/me", bearer()};
  }
};

void functorOverCommands(long long Company) {
  const ToWire Visitor{Company};
  const Wire Topics = std::visit(Visitor, Request{ListTopics{3}});
  perform(Topics.Url, Topics.Fields);
  std::vector<Request> Commands{ListProjects{Company}, ListTopics{5}};
  for (const Request &Command : Commands) {
    Wire W = std::visit(Visitor, Command);
    perform(W.Url, W.Fields);
  }
}

// A generic lambda: each instance takes one alternative.
Headers fieldsFor(const Request &R, long long Company) {
  return std::visit(
      [&](const auto &Kind) -> Headers {
        using Kind_t = std::decay_t<decltype(Kind)>;
        if constexpr (std::is_same_v<Kind_t, ListProjects>)
          return scoped(Company);
        else
          return bearer();
      },
      R);
}

void genericLambda(long long Company) {
  perform(Api + "/rest/v1.0/projects", fieldsFor(ListProjects{Company}, Company));
  perform(Api + "/rest/v1.0/rfis", fieldsFor(ListTopics{1}, Company));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-64]]:3: note: sent here
}

// Commands whose alternatives are not known one by one: any overload may
// run, and the URL and headers of each are not told apart, so a header only
// some overloads add is no finding (the limit of this analysis).
void commandList(const std::vector<Request> &Commands) {
  for (const Request &Command : Commands)
    send(Command);
}

// An optional company id decides whether the header is added: settled by
// what the request kind was built with, through the objects it is handed
// in (a braced kind that leaves it out holds none), and by what the caller
// wrote to a context's member before the call. A copy made element by
// element (`httplib::Headers(Map.begin(), Map.end())`) holds the same
// headers.
struct GetFolder {
  long long Folder;
  std::optional<long long> Company;
};

struct Context {
  std::string Token;
  std::optional<long long> Company;
};

Headers authorized(const std::string &Token, std::optional<long long> Company) {
  Headers Fields{{"Authorization", "Bearer " + Token}};
  if (Company)
    Fields.emplace("Procore-Company-Id", std::to_string(*Company));
  return Fields;
}

void getFolder(const GetFolder &Request, const Context &Ctx) {
  const Headers Fields = authorized(Ctx.Token, Request.Company);
  httplib::Headers Copied(Fields.begin(), Fields.end());
  httplib::Client Client("https://api.procore.com");
  Client.Get("/rest/v1.0/folders/" + std::to_string(Request.Folder), Copied);
}

void listTemplates(const Context &Ctx) {
  const Headers Fields = authorized(Ctx.Token, Ctx.Company);
  httplib::Client Client("https://api.procore.com");
  Client.Get("/rest/v1.0/checklist/list_templates",
             httplib::Headers(Fields.begin(), Fields.end()));
}

void optionalCompany(long long Company) {
  Context Ctx;
  Ctx.Token = "token";
  getFolder(GetFolder{1, Company}, Ctx);
  getFolder(GetFolder{2}, Ctx);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/folders/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-16]]:3: note: sent here
  listTemplates(Ctx);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/checklist/list_templates' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-13]]:3: note: sent here
  Ctx.Company = Company;
  listTemplates(Ctx);
}

// Header helpers built on one another's results, under an overload: a
// name that only looks like the header is read four helpers deep.
Headers jsonHeaders() { return {{"Accept", "application/json"}}; }

Headers withBearer() {
  Headers Fields = jsonHeaders();
  Fields["Authorization"] = "Bearer token";
  return Fields;
}

Headers updateHeaders(long long Company) {
  Headers Fields = withBearer();
  Fields["X-Procore-Company-Id"] = std::to_string(Company);
  return Fields;
}

struct UpdateVendor {
  long long Vendor;
  long long Company;
};
using Change = std::variant<UpdateVendor, ShowMe>;

Wire lower(const Change &C) {
  return std::visit(
      overloaded{[](const UpdateVendor &U) -> Wire {
                   return {Api + "/rest/v1.0/vendors/" + std::to_string(U.Vendor),
                           updateHeaders(U.Company)};
                 },
                 [](const ShowMe &) -> Wire {
                   return {Api + "/rest/v1.0/me", withBearer()};
                 }},
      C);
}

void sendChange(const Change &C) {
  auto [Url, Fields] = lower(C);
  perform(Url, Fields);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors/...' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-164]]:3: note: sent here
  // CHECK-MESSAGES: :[[@LINE-27]]:10: note: did you mean 'Procore-Company-Id'?
}

void deepHelpers() {
  sendChange(ShowMe{});
  sendChange(UpdateVendor{1, 2});
}

// Text a library call fills through a reference (std::getline) is not
// known to be empty: the send after `if (Segment.empty()) continue;` runs.
void perSegment(const std::string &Path) {
  std::istringstream In(Path);
  for (std::string Segment; std::getline(In, Segment, '/');) {
    if (Segment.empty())
      continue;
    getFolder(GetFolder{4}, Context{});
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/folders/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-80]]:3: note: sent here
  }
}

// An overload that leaves the optional company out returns a call without
// one; `if (Company)` on the structured binding of the returned aggregate
// is settled per request kind, through the optional built from a value
// (`R.Company`) or left to its default.
struct CompanyId {
  long long Value;
};
struct ListRfis {
  int Page;
};
struct GetRfi {
  CompanyId Company;
};
using RfiRequest = std::variant<ListRfis, GetRfi>;
struct HttpCall {
  std::string Method;
  std::string Path;
  std::string Body;
  std::optional<CompanyId> Company;
};

HttpCall toCall(const RfiRequest &Req) {
  return std::visit(
      overloaded{
          [](const ListRfis &) {
            return HttpCall{"GET", "/rest/v1.0/projects/7/rfis"};
          },
          [](const GetRfi &R) {
            return HttpCall{"GET", "/rest/v1.0/projects/7/rfis/9", {}, R.Company};
          },
      },
      Req);
}

void sendRfiRequest(httplib::Client &Api, const RfiRequest &Req) {
  const auto [Method, Path, Body, Company] = toCall(Req);
  httplib::Headers Fields{{"Accept", "application/json"}};
  if (Company)
    Fields.emplace("Procore-Company-Id", std::to_string(Company->Value));
  Api.Get(Path, Fields);
}

void optionalCompanyPerKind() {
  httplib::Client Api("https://api.procore.com");
  sendRfiRequest(Api, ListRfis{1});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: sent here
  sendRfiRequest(Api, GetRfi{CompanyId{5}});
}

} // namespace
