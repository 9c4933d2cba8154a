// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <cpprest/http_client.h>

#include <string>

using namespace web::http;
using namespace web::http::client;

static const utility::string_t kApiBase = U("https://api.procore.com");

// A stage that adds the company id only to v1 routes: each request's own
// path settles its branch.
class VersionOneCompanyStage : public http_pipeline_stage {
public:
  explicit VersionOneCompanyStage(long long CompanyId) : CompanyId(CompanyId) {}
  pplx::task<http_response> propagate(http_request Request) override {
    Request.headers().add(header_names::authorization, U("Bearer t"));
    if (Request.request_uri().path().rfind(U("/rest/v1."), 0) == 0)
      Request.headers().add(U("Procore-Company-Id"), CompanyId);
    return next_stage()->propagate(Request);
  }

private:
  long long CompanyId;
};

struct Sync {
  http_client Procore{kApiBase};
  explicit Sync(long long CompanyId) {
    Procore.add_handler(std::make_shared<VersionOneCompanyStage>(CompanyId));
  }

  pplx::task<http_response> tasks() {
    return Procore.request(methods::GET, U("/rest/v1.0/tasks?project_id=5"));
  }

  pplx::task<http_response> calendar() {
    return Procore.request(methods::GET,
                           U("/rest/v2.0/companies/1/projects/5/calendar"));
    // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: Procore API request to '/rest/v2.0/companies/1/projects/5/calendar' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  }

  // Known up to the version, the path settles the branch.
  pplx::task<http_response> resource(const utility::string_t &Name) {
    return Procore.request(methods::GET, U("/rest/v1.1/") + Name);
  }
};

// A lambda stage that skips OAuth calls, testing the whole relative URI.
pplx::task<http_response> throughLambdaStage(long long CompanyId) {
  http_client Client(kApiBase);
  Client.add_handler([CompanyId](http_request Request,
                                 std::shared_ptr<http_pipeline_stage> Next) {
    if (Request.relative_uri().to_string().rfind(U("/oauth/"), 0) != 0)
      Request.headers().add(U("Procore-Company-Id"), CompanyId);
    return Next->propagate(Request);
  });
  Client.request(methods::POST, U("/oauth/token")).wait();
  return Client.request(methods::GET, U("/rest/v1.0/projects/5/rfis"));
}

// The same, reading the path of the absolute URI.
pplx::task<http_response> throughAbsoluteStage(long long CompanyId) {
  http_client Client(kApiBase);
  Client.add_handler([CompanyId](http_request Request,
                                 std::shared_ptr<http_pipeline_stage> Next) {
    if (Request.absolute_uri().path().rfind(U("/rest/"), 0) == 0)
      Request.headers().add(U("Procore-Company-Id"), CompanyId);
    return Next->propagate(Request);
  });
  return Client.request(methods::GET, U("/rest/v1.0/projects/5/submittals"));
}

// A stage whose choice no request settles (an environment switch) still
// adds the header on some paths only.
class SwitchedCompanyStage : public http_pipeline_stage {
public:
  pplx::task<http_response> propagate(http_request Request) override {
    if (std::getenv("PROCORE_COMPANY_HEADER"))
      Request.headers().add(U("Procore-Company-Id"), U("42"));
    return next_stage()->propagate(Request);
  }
};
pplx::task<http_response> throughSwitchedStage() {
  http_client Client(kApiBase);
  Client.add_handler(std::make_shared<SwitchedCompanyStage>());
  return Client.request(methods::GET, U("/rest/v1.0/projects/5/rfis"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/5/rfis' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :81:7: note: added here, but not on every path to the send
}
