// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Endpoints looked up by name in a table: std::find_if with a predicate
// that compares the row's name with the caller's settles which row the
// lookup returns, so the token request is the OAuth call it is, not every
// endpoint of the table.

#include <httplib.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

struct Endpoint {
  std::string_view Key;
  const char *Path;
};

constexpr std::array<Endpoint, 3> kEndpoints{{
    {"token", "/oauth/token"},
    {"areas", "/rest/v1.1/projects/7/drawing_areas"},
    {"vendors", "/rest/v1.0/vendors"},
}};

std::string endpointPath(std::string_view Key) {
  auto It = std::find_if(kEndpoints.begin(), kEndpoints.end(),
                         [Key](const Endpoint &E) { return E.Key == Key; });
  return It == kEndpoints.end() ? std::string() : std::string(It->Path);
}

int main() {
  httplib::Client Client("https://login.procore.com");
  httplib::Client Api("https://api.procore.com");
  Client.Post(endpointPath("token"), "grant_type=refresh_token",
              "application/x-www-form-urlencoded");
  Api.Get(endpointPath("areas"), httplib::Headers{{"Authorization", "Bearer t"}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.1/projects/7/drawing_areas' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Api.Get(endpointPath("vendors"),
          httplib::Headers{{"Procore-Company-Id", "42"}});
}
