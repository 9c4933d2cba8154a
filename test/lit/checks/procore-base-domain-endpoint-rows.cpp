// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17 %stub_flags

// An endpoint table: each row pairs a host with a path, and the send joins
// the members of whichever row it is handed. Read for every row at once,
// every host would meet every path (the login host a REST path, the API
// host an OAuth one); braced initializers build every row and nothing
// writes them later, so the URL is traced once per row and each host meets
// only its own row's path.

#include <cpr/cpr.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

struct Route {
  std::string_view Name;
  std::string_view Host;
  std::string_view Path;
};

constexpr std::array<Route, 4> kRoutes{{
    {"token", "login.procore.com", "/oauth/token"},
    {"me", "api.procore.com", "/rest/v1.0/me"},
    {"insurances", "us02.procore.com", "/vapid/vendors/1/insurances"},
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: base URL for REST API endpoints on zone web host 'us02.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
    // CHECK-FIXES: {{^}}    {"insurances", "api.procore.com", "/vapid/vendors/1/insurances"},{{$}}
    // CHECK-MESSAGES: :[[@LINE+18]]:28: note: used for a REST API endpoint here
    // CHECK-MESSAGES: :[[@LINE+17]]:10: note: used for a REST API endpoint here
    {"revoke", "app.procore.com", "/oauth/revoke"},
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
    // CHECK-FIXES: {{^}}    {"revoke", "login.procore.com", "/oauth/revoke"},{{$}}
    // CHECK-MESSAGES: :[[@LINE+13]]:28: note: used for an OAuth endpoint here
    // CHECK-MESSAGES: :[[@LINE+12]]:10: note: used for an OAuth endpoint here
}};

const Route &route(std::string_view Name) {
  auto It = std::find_if(kRoutes.begin(), kRoutes.end(),
                         [Name](const Route &R) { return R.Name == Name; });
  if (It == kRoutes.end())
    throw std::runtime_error("no route");
  return *It;
}

std::string call(const Route &R) {
  return cpr::Get(cpr::Url{"https://" + std::string(R.Host) +
                           std::string(R.Path)},
                  cpr::Header{{"Procore-Company-Id", "1"}})
      .text;
}

int main() {
  call(route("token"));
  call(route("me"));
  call(route("insurances"));
  call(kRoutes[3]);
}
