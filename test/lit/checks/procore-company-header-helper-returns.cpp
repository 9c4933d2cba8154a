// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A client made by a helper with several returns (the host a flag picks)
// is each object those returns build: a request the client sends without
// the header is reported whichever one it is. A client kept in a map of
// clients is a member of the library's pair, which the analysis cannot
// follow to where it was made (a pipeline stage may add the header): no
// finding.

#include <cpprest/http_client.h>

#include <map>
#include <memory>

using namespace web::http;
using namespace web::http::client;

static bool UseNewHosts = true;

static http_client makeClient() {
  if (UseNewHosts)
    return http_client(U("https://api.procore.com/rest/v1.0"));
  return http_client(U("https://api.procore.com/rest/v1.0"));
}

class ClientsByCompany {
public:
  http_client &forCompany(long long Company) {
    auto It = Made.find(Company);
    if (It != Made.end())
      return *It->second;
    auto Client = std::make_unique<http_client>(U("https://api.procore.com"));
    return *Made.emplace(Company, std::move(Client)).first->second;
  }

private:
  std::map<long long, std::unique_ptr<http_client>> Made;
};

int main() {
  http_client Api = makeClient();
  http_request Rfis(methods::GET);
  Rfis.set_request_uri(U("/projects/7/rfis"));
  Api.request(Rfis).wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here

  http_request Vendors(methods::GET);
  Vendors.set_request_uri(U("/companies/7/vendors"));
  Vendors.headers().add(U("Procore-Company-Id"), U("7"));
  Api.request(Vendors).wait();

  ClientsByCompany Clients;
  http_request Drawings(methods::GET);
  Drawings.set_request_uri(U("/rest/v1.0/projects/7/drawings"));
  Clients.forCompany(7).request(Drawings).wait();
}
