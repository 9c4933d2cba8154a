// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Header lists copied with std::for_each: the lambda's parameter walks the
// list as a range-for's variable does, so the request carries the list's
// names.

#include <httplib.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using RawHeaders = std::vector<std::pair<std::string, std::string>>;

RawHeaders authHeaders() {
  return {{"Authorization", "Bearer token"}, {"Accept", "application/json"}};
}

RawHeaders companyHeaders(long long Company) {
  RawHeaders H = authHeaders();
  H.emplace_back("Procore-Company-Id", std::to_string(Company));
  return H;
}

httplib::Headers build(const RawHeaders &Raw) {
  httplib::Headers Out;
  std::for_each(Raw.begin(), Raw.end(),
                [&Out](const auto &H) { Out.emplace(H.first, H.second); });
  return Out;
}

int main() {
  httplib::Client Client("https://api.procore.com");
  Client.Get("/rest/v1.0/projects/7/rfis", build(authHeaders()));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Client.Get("/rest/v1.0/projects/7/submittals", build(companyHeaders(42)));
}
