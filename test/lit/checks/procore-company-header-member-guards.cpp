// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <cpprest/http_client.h>

#include <cstdint>
#include <string>

using namespace web::http;
using namespace web::http::client;

// A helper adds the company id when its options carry one. A caller that
// sets it from a value the code does not show sends it, as a reviewer
// reads it; a caller that leaves the default 0 does not.
struct CallOptions {
  std::int64_t company_id = 0; // 0: no company context
  int page = 1;
};

pplx::task<http_response> call(http_client &Api, const utility::string_t &Path,
                               const CallOptions &Options = {}) {
  http_request Request(methods::GET);
  Request.set_request_uri(Path);
  if (Options.company_id != 0)
    Request.headers().add(U("Procore-Company-Id"), Options.company_id);
  return Api.request(Request);
}

pplx::task<http_response> callForCompany(http_client &Api,
                                         const utility::string_t &Path,
                                         std::int64_t CompanyId) {
  CallOptions Options;
  Options.company_id = CompanyId;
  return call(Api, Path, Options);
}

// The same guard on a member of the object a method runs on.
class Directory {
public:
  explicit Directory(std::int64_t CompanyId) : company_id_(CompanyId) {}
  pplx::task<http_response> vendors(http_client &Api) {
    http_request Request(methods::GET);
    Request.set_request_uri(U("/rest/v1.0/vendors"));
    if (company_id_ > 0)
      Request.headers().add(U("Procore-Company-Id"), company_id_);
    return Api.request(Request);
  }

private:
  std::int64_t company_id_;
};

int main(int argc, char **argv) {
  http_client Api(U("https://api.procore.com"));
  const long long CompanyId = std::stoll(argv[1]);
  callForCompany(Api, U("/rest/v1.0/projects"), CompanyId).wait();
  call(Api, U("/rest/v1.0/me")).wait();
  call(Api, U("/rest/v1.0/projects/5/rfis")).wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/5/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :25:10: note: sent here
  Directory(CompanyId).vendors(Api).wait();
}
