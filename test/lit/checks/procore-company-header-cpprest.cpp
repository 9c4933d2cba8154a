// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <cpprest/http_client.h>

#include <string>

using namespace web::http;
using namespace web::http::client;

static const utility::string_t kApiBase = U("https://api.procore.com");

// --- Positives ----------------------------------------------------------------

// A request object without the company id; the fix adds it to its headers.
pplx::task<http_response> listProjects(int company_id) {
  http_client Client(U("https://api.procore.com"));
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects"));
  Request.headers().add(U("Accept"), U("application/json"));
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-FIXES: Request.headers().add(U("Procore-Company-Id"), company_id);
  // CHECK-FIXES-NEXT: return Client.request(Request);
}

// A method and a path sent through a client whose base is a constant.
pplx::task<http_response> listRfis() {
  http_client Client(kApiBase);
  return Client.request(methods::GET, U("/rest/v1.0/projects/7/rfis"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// The base carries the version prefix, the request the rest of the path.
pplx::task<http_response> updateProject(long long company_id) {
  http_client Client(kApiBase + U("/rest/v1.0"));
  http_request Request(methods::PUT);
  Request.set_request_uri(U("/projects/7"));
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
  // CHECK-FIXES: Request.headers().add(U("Procore-Company-Id"), company_id);
  // CHECK-FIXES-NEXT: return Client.request(Request);
}

// The base is a web::uri variable.
pplx::task<http_response> listVendors() {
  web::uri Base(U("https://api-monthly.procore.com"));
  http_client Client(Base);
  return Client.request(methods::GET, U("/rest/v1.0/vendors"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// request(method, path) has no request object to add a header to: reported,
// but a fix-it must not call headers() on the http_client (it has none).
pplx::task<http_response> createRfi(const std::string &companyId) {
  http_client Client(U("https://sandbox.procore.com/"));
  return Client.request(methods::POST, U("/vapid/projects/7/rfis"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/vapid/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// The header is there with an empty value.
pplx::task<http_response> emptyHeader() {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects"));
  Request.headers().add(U("Procore-Company-Id"), U(""));
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: header set here
}

// Only GET of /me and /companies is exempt.
pplx::task<http_response> deleteMe() {
  http_client Client(kApiBase);
  http_request Request;
  Request.set_method(methods::DEL);
  Request.set_request_uri(U("/rest/v1.0/me"));
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}
pplx::task<http_response> createCompany() {
  http_client Client(kApiBase);
  http_request Request(methods::POST);
  Request.set_request_uri(U("/rest/v1.0/companies"));
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// The client's base is the whole URL and request(method) sends it; no request
// object to add the header to, so no fix-it.
pplx::task<http_response> baseIsWholeUrl() {
  http_client Client(U("https://api.procore.com/rest/v1.0/projects"));
  return Client.request(methods::GET);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: URL set here
}

// The client is a member built in the constructor; the fix takes the
// company_id member. The helper never adds the header, whoever calls it: the
// finding is at its send.
struct Api {
  Api() : Client(U("https://api.procore.com")) {}
  http_client Client;
  std::string company_id;
  pplx::task<http_response> post(const utility::string_t &Path) {
    http_request Request(methods::POST);
    Request.set_request_uri(Path);
    return Client.request(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+6]]:23: note: request built here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: URL set here
    // CHECK-FIXES: Request.headers().add(U("Procore-Company-Id"), company_id);
    // CHECK-FIXES-NEXT: return Client.request(Request);
  }
};
void useApi(Api &A) { A.post(U("/rest/v1.0/projects")); }

// The client is a member with a default member initializer; the path comes
// from the caller. request(method, path) has no request object: no fix-it.
struct InlineApi {
  http_client Client{U("https://api.procore.com")};
  pplx::task<http_response> post(const utility::string_t &Path) {
    return Client.request(methods::POST, Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+3]]:35: note: request built here
  }
};
void useInlineApi(InlineApi &A) { A.post(U("/rest/v1.0/projects")); }

// A path built with uri_builder: appended in place, segment by segment and
// parameter by parameter, or in one chained expression.
pplx::task<http_response> rfisOfProject(int64_t company_id, int64_t ProjectId,
                                        int Page) {
  http_client Client(kApiBase);
  web::uri_builder Path(U("/rest/v1.0/projects"));
  Path.append_path(utility::conversions::to_string_t(std::to_string(ProjectId)));
  Path.append_path(U("rfis"));
  Path.append_query(U("page"), Page);
  http_request Request(methods::GET);
  Request.set_request_uri(Path.to_uri());
  return Client.request(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
  // CHECK-FIXES: Request.headers().add(U("Procore-Company-Id"), company_id);
  // CHECK-FIXES-NEXT: return Client.request(Request);
}
pplx::task<http_response> vendorsChained(int company_id) {
  http_client Client(kApiBase);
  return Client.request(methods::GET, web::uri_builder(U("/rest/v1.0"))
                                          .append_path(U("vendors"))
                                          .append_query(U("view"), U("compact"))
                                          .to_string());
  // CHECK-MESSAGES: :[[@LINE-4]]:10: warning: Procore API request to '/rest/v1.0/vendors?view=compact' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// --- Negatives ----------------------------------------------------------------

pplx::task<http_response> withHeader(int CompanyId) {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects"));
  Request.headers().add(U("procore-company-id"), CompanyId);
  return Client.request(Request);
}

// Set by subscript on the header map.
pplx::task<http_response> withSubscriptHeader() {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects"));
  Request.headers()[U("Procore-Company-Id")] = U("5");
  return Client.request(Request);
}

// The header is set by a helper that receives the request.
void addCompany(http_request &Request) {
  Request.headers().add(U("Procore-Company-Id"), 42);
}
pplx::task<http_response> headerInRequestHelper() {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects"));
  addCompany(Request);
  return Client.request(Request);
}

// ... or the header collection.
void addCompanyField(http_headers &Headers) {
  Headers.add(U("Procore-Company-Id"), U("42"));
}
pplx::task<http_response> headerInHeadersHelper() {
  http_client Client(kApiBase);
  http_request Request(methods::PATCH);
  Request.set_request_uri(U("/rest/v1.0/projects/7"));
  addCompanyField(Request.headers());
  return Client.request(Request);
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
pplx::task<http_response> me() {
  http_client Client(kApiBase);
  return Client.request(methods::GET, U("/rest/v1.0/me"));
}
pplx::task<http_response> meRequest() {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/me"));
  return Client.request(Request);
}
pplx::task<http_response> companies() {
  http_client Client(kApiBase);
  http_request Request;
  Request.set_request_uri(U("/rest/v1.0/companies"));
  return Client.request(Request);
}

// The builder ends at the exempt /me: GET /rest/v1.0/me needs no header.
pplx::task<http_response> meBuilt() {
  http_client Client(kApiBase);
  web::uri_builder Path(U("/rest/v1.0"));
  Path.append_path(U("me"));
  return Client.request(methods::GET, Path.to_string());
}
// A builder given the header's request.
pplx::task<http_response> projectBuiltWithHeader(int64_t CompanyId) {
  http_client Client(kApiBase);
  http_request Request(methods::GET);
  Request.set_request_uri(
      web::uri_builder(U("/rest/v1.0/projects")).append_path(U("7")).to_uri());
  Request.headers().add(U("Procore-Company-Id"), CompanyId);
  return Client.request(Request);
}

// OAuth never needs it.
pplx::task<http_response> token() {
  http_client Client(U("https://login.procore.com"));
  return Client.request(methods::POST, U("/oauth/token"));
}

// Other hosts.
pplx::task<http_response> github() {
  http_client Client(U("https://api.github.com"));
  return Client.request(methods::GET, U("/rest/v1.0/projects"));
}

// A base from a parameter with no known caller, joined to a Procore REST
// path in a file that names a Procore host: a Procore request.
pplx::task<http_response> fetchAny(const utility::string_t &Base) {
  http_client Client(Base);
  return Client.request(methods::GET, U("/rest/v1.0/projects"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// Pipeline stages run on every request of their client: a stage class's
// propagate() and a lambda stage add headers; header_names constants name
// headers whose text the library's headers do not show.
class CompanyStage : public http_pipeline_stage {
public:
  pplx::task<http_response> propagate(http_request Request) override {
    Request.headers().add(U("Procore-Company-Id"), U("42"));
    return next_stage()->propagate(Request);
  }
};
pplx::task<http_response> throughCompanyStage() {
  http_client Client(kApiBase);
  Client.add_handler(std::make_shared<CompanyStage>());
  return Client.request(methods::GET, U("/rest/v1.0/projects/7/rfis"));
}

pplx::task<http_response> throughAuthorizationStage() {
  http_client Client(kApiBase);
  Client.add_handler([](http_request Request,
                        std::shared_ptr<http_pipeline_stage> Next) {
    Request.headers().add(header_names::authorization, U("Bearer t"));
    return Next->propagate(Request);
  });
  return Client.request(methods::GET, U("/rest/v1.0/projects/7/submittals"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A header set given to a request whole (`headers() = Defaults`) puts its
// headers on it as they are at the copy: the company id added to the set
// afterwards is on the second request only.
pplx::task<http_response> sendWithDefaults(long long company_id) {
  http_client Client(kApiBase);
  http_headers Defaults;
  Defaults.add(U("Authorization"), U("Bearer t"));
  http_request First(methods::GET);
  First.set_request_uri(U("/rest/v1.0/projects/7/rfis"));
  First.headers() = Defaults;
  Client.request(First).wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-FIXES: First.headers().add(U("Procore-Company-Id"), company_id);
  // CHECK-FIXES-NEXT: Client.request(First).wait();
  Defaults.add(U("Procore-Company-Id"), company_id);
  http_request Second(methods::GET);
  Second.set_request_uri(U("/rest/v1.0/projects/7/submittals"));
  Second.headers() = Defaults;
  return Client.request(Second);
}
