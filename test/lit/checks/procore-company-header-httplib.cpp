// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <httplib.h>

#include <cstdint>
#include <string>

static const std::string kApiBase = "https://api.procore.com";
const char *const kRfis = "/rest/v1.0/projects/7/rfis";

// --- Positives ----------------------------------------------------------------

// A header map without the company id; the fix adds it to the map.
void listProjects(long long company_id) {
  httplib::Client Cli("https://api.procore.com");
  httplib::Headers Headers = {{"Accept", "application/json"}};
  auto Res = Cli.Get("/rest/v1.0/projects", Headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: Headers.emplace("Procore-Company-Id", std::to_string(company_id));
  // CHECK-FIXES: auto Res = Cli.Get("/rest/v1.0/projects", Headers);
}

// No headers at all: the fix passes them after the path.
void createRfi(const std::string &companyId) {
  httplib::Client Cli(kApiBase);
  auto Res = Cli.Post(kRfis, "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: auto Res = Cli.Post(kRfis, httplib::Headers{{[{][{]}}"Procore-Company-Id", companyId}}, "{}", "application/json");
}

// Base constant and a path built from pieces.
void deleteSubmittal(int CompanyId) {
  httplib::Client Cli(kApiBase);
  std::string Path = std::string("/rest/v1.0/projects/") + std::to_string(7) + "/submittals/3";
  Cli.Delete(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: Cli.Delete(Path, httplib::Headers{{[{][{]}}"Procore-Company-Id", std::to_string(CompanyId)}});
}

// Host and port, no scheme.
void listVendors() {
  httplib::Client Cli("api.procore.com", 443);
  Cli.Get("/rest/v1.0/vendors");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A vapid call through the implementation class.
void listDrawings() {
  httplib::ClientImpl Cli("sandbox.procore.com");
  Cli.Get("/vapid/projects/7/drawings");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/vapid/projects/7/drawings' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A progress callback is not a header map: the fix puts the headers first.
void download(long long company_id) {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/projects/7/documents", [](uint64_t, uint64_t) { return true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/documents' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: Cli.Get("/rest/v1.0/projects/7/documents", httplib::Headers{{[{][{]}}"Procore-Company-Id", std::to_string(company_id)}}, [](uint64_t, uint64_t) { return true; });
}

// A braced header list already passed: a second list inserted after the
// path would pick another overload, so no fix-it.
void listUsers(long long company_id) {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/companies/1/users", {{"Authorization", "Bearer t"}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/1/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  (void)company_id;
}

// Headers built by a helper, without the company id.
httplib::Headers jsonHeaders() { return {{"Accept", "application/json"}}; }
void headersBuiltElsewhere() {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/projects/7/rfis", jsonHeaders());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// The client is built by a helper and used elsewhere.
httplib::Client makeClient() { return httplib::Client(kApiBase); }
void clientBuiltElsewhere() {
  auto Cli = makeClient();
  Cli.Get("/rest/v1.0/projects/7/tasks");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/tasks' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A helper sends what its callers give it: one finding per call.
httplib::Result sendGet(httplib::Client &Cli, const std::string &Path) {
  return Cli.Get(Path.c_str());
}
void viaSendHelper() {
  httplib::Client Cli(kApiBase);
  sendGet(Cli, "/rest/v1.0/projects/7/meetings");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/meetings' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-6]]:10: note: sent here
  sendGet(Cli, "/rest/v1.0/me");
}

// Only GET of /companies is exempt.
void createCompany() {
  httplib::Client Cli(kApiBase);
  Cli.Post("/rest/v1.0/companies", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// The header is there with an empty value.
void emptyCompany() {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/projects", {{"Procore-Company-Id", ""}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
}
void emptyDefault() {
  httplib::Client Cli(kApiBase);
  Cli.set_default_headers({{"Procore-Company-Id", ""}});
  Cli.Get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: header set here
}

// A Request filled by hand and sent whole: its path joins the client's base,
// its headers are those set on it (set_header, or a list assigned to
// headers). The fix sets the header on the request.
void sendBuiltRequest(long long company_id) {
  httplib::Client Cli(kApiBase);
  httplib::Request Req;
  Req.method = "PATCH";
  Req.path = "/rest/v1.0/projects/7/rfis/9";
  Req.headers = {{"Accept", "application/json"}};
  Req.set_header("Content-Type", "application/json");
  Cli.send(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis/9' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: URL set here
  // CHECK-FIXES: {{^}}  Req.set_header("Procore-Company-Id", std::to_string(company_id));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  Cli.send(Req);{{$}}
}
void sendScopedRequest(long long company_id) {
  httplib::Client Cli(kApiBase);
  httplib::Request Req;
  Req.method = "GET";
  Req.path = "/rest/v1.0/projects/7/rfis";
  Req.headers = {{"Procore-Company-Id", std::to_string(company_id)}};
  Cli.send(Req);
}

// --- Negatives ----------------------------------------------------------------

void withHeader(long long CompanyId) {
  httplib::Client Cli(kApiBase);
  httplib::Headers Headers = {{"Procore-Company-Id", std::to_string(CompanyId)}};
  Cli.Get("/rest/v1.0/projects", Headers);
}

void withLowercaseHeader() {
  httplib::Client Cli(kApiBase);
  httplib::Headers Headers;
  Headers.emplace("procore-company-id", "7");
  Cli.Post("/rest/v1.0/projects/7/rfis", Headers, "{}", "application/json");
}

// The header comes from a helper that returns the map.
httplib::Headers companyHeaders(const std::string &Id) {
  return {{"Procore-Company-Id", Id}};
}
void headersFromHelper() {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/projects", companyHeaders("1"));
}

// The header is added by a helper that takes the map.
void addCompany(httplib::Headers &Headers) {
  Headers.emplace("PROCORE-COMPANY-ID", "5");
}
void headersFilledByHelper() {
  httplib::Client Cli(kApiBase);
  httplib::Headers Headers;
  addCompany(Headers);
  Cli.Get("/rest/v1.0/projects", Headers);
}

// Default headers of the client.
void defaultHeaders() {
  httplib::Client Cli(kApiBase);
  Cli.set_default_headers({{"Procore-Company-Id", "42"}});
  Cli.Get("/rest/v1.0/projects");
  Cli.Put("/rest/v1.0/projects/7", "{}", "application/json");
}
void configure(httplib::Client &Cli) {
  Cli.set_default_headers({{"procore-company-id", "42"}});
}
void defaultHeadersInHelper() {
  httplib::Client Cli(kApiBase);
  configure(Cli);
  Cli.Get("/rest/v1.0/projects");
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
void exempt() {
  httplib::Client Cli(kApiBase);
  Cli.Get("/rest/v1.0/me");
  Cli.Get("/rest/v1.0/companies?page=2");
}

// OAuth never needs it.
void token() {
  httplib::Client Login("https://login.procore.com");
  httplib::Params Form{{"grant_type", "client_credentials"}};
  Login.Post("/oauth/token", Form);
  httplib::Client Api(kApiBase);
  Api.Post("/oauth/token/info", "", "application/json");
}

// Other hosts.
void otherHosts() {
  httplib::Client GitHub("https://api.github.com");
  GitHub.Get("/rest/v1.0/projects");
  httplib::Client Storage("https://storage.procore.com");
  Storage.Put("/rest/v1.0/uploads/1", "data", "application/octet-stream");
}

// URLs that cannot be resolved.
void unknownPath(const std::string &Path) {
  httplib::Client Cli(kApiBase);
  Cli.Get(Path.c_str());
}
void unknownHost(const std::string &Host) {
  httplib::Client Cli(Host);
  Cli.Get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A client member initialized in the constructor.
class ProcoreApi {
public:
  ProcoreApi() : Cli(kApiBase) {}
  httplib::Result projects() { return Cli.Get("/rest/v1.0/projects"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

private:
  httplib::Client Cli;
};

// A client member initialized in the class, in a class with a constructor.
class ProcoreApiInline {
public:
  ProcoreApiInline() {}
  httplib::Result vendors() { return Other.Get("/rest/v1.0/vendors"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

private:
  httplib::Client Other{kApiBase};
};

// A client behind a smart pointer: the pointer stands for the client
// std::make_unique builds.
void clientPointer() {
  auto Cli = std::make_unique<httplib::Client>(kApiBase);
  Cli->Get("/rest/v1.0/projects/7/rfis");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// --- Overloads with parameters beside the headers ---------------------------------

// Get(path, params, headers, progress): the headers are the third argument,
// not the params map.
void paramsAndHeaders() {
  httplib::Client Cli(kApiBase);
  httplib::Params Params{{"page", "1"}};
  httplib::Headers Headers{{"Procore-Company-Id", "1"}};
  Cli.Get("/rest/v1.0/projects", Params, Headers, httplib::Progress());
}

// Post(path, params) sends a form: the fix passes the header in the
// Post(path, headers, params) overload, never in the form.
void postForm(long long company_id) {
  httplib::Client Cli(kApiBase);
  httplib::Params Form{{"title", "x"}};
  Cli.Post("/rest/v1.0/projects/7/rfis", Form);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: {{^}}  Cli.Post("/rest/v1.0/projects/7/rfis", httplib::Headers{{[{][{]}}"Procore-Company-Id", std::to_string(company_id)}}, Form);{{$}}
}

// A const header map cannot take the header: reported, no fix-it.
void constHeaders(long long company_id) {
  httplib::Client Cli(kApiBase);
  const httplib::Headers Headers = {{"Accept", "application/json"}};
  Cli.Get("/rest/v1.0/projects", Headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A client keeps the header map it is built with, moved into a member, and
// copies it onto each request. The helper that scopes a request takes a
// copy: dropping its result leaves the request without the header.
class ResourceClient {
public:
  ResourceClient(httplib::Client &Cli, httplib::Headers Headers)
      : Cli(Cli), Headers(std::move(Headers)) {}

  void create(long long company_id) {
    httplib::Request Req = make("POST", "/rest/v1.1/projects/7/direct_costs");
    scoped(Req, company_id);
    Cli.send(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.1/projects/7/direct_costs' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+12]]:5: note: URL set here
    // CHECK-FIXES: {{^}}    Req.set_header("Procore-Company-Id", std::to_string(company_id));{{$}}
    // CHECK-FIXES-NEXT: {{^}}    Cli.send(Req);{{$}}
  }
  void list(long long company_id) {
    Cli.send(scoped(make("GET", "/rest/v1.1/projects/7/direct_costs"), company_id));
  }

private:
  httplib::Request make(const std::string &Method, const std::string &Path) const {
    httplib::Request Req;
    Req.method = Method;
    Req.path = Path;
    for (const auto &[Name, Value] : Headers)
      Req.set_header(Name, Value);
    return Req;
  }
  static httplib::Request scoped(httplib::Request Req, long long company_id) {
    Req.set_header("Procore-Company-Id", std::to_string(company_id));
    return Req;
  }

  httplib::Client &Cli;
  httplib::Headers Headers;
};

void useResourceClient() {
  httplib::Client Cli(kApiBase);
  ResourceClient Costs(Cli, {{"Authorization", "Bearer t"}});
  Costs.create(42);
  Costs.list(42);
}
