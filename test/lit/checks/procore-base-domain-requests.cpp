// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// A transport that picks its host with `?:` is judged per call: the
// condition is settled under each call's arguments (`empty()` of a text
// whose every value is known to be empty, or known to hold a character),
// so each host is judged by the requests that really go to it. A
// default-constructed object's members hold their defaults until written.

#include <httplib.h>

#include <string>

namespace {

struct Target {
  std::string Host; // Empty: the API host.
  std::string Path;
};

int sendTo(const Target &T, const std::string &ApiHost) {
  const std::string Host = T.Host.empty() ? ApiHost : T.Host;
  httplib::Client Client("https://" + Host);
  return Client.Get(T.Path)->status;
}

void pickedPerCall() {
  Target Projects{"", "/rest/v1.0/projects"};
  sendTo(Projects, "api.procore.com");
  Target Token{"login.procore.com", "/oauth/token"};
  sendTo(Token, "api.procore.com");
  Target Vendors{"", "/rest/v1.0/vendors"};
  sendTo(Vendors, "login.procore.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: base URL for REST API endpoints on login host 'login.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: sendTo(Vendors, "api.procore.com");
}

// A default-constructed spec holds its members' defaults (an empty host)
// until the code writes them: another spec's host is not its own.
void defaultConstructed() {
  Target Me;
  Me.Path = "/rest/v1.0/me";
  sendTo(Me, "api.procore.com");
  Target Refresh;
  Refresh.Host = "login.procore.com";
  Refresh.Path = "/oauth/token";
  sendTo(Refresh, "api.procore.com");
  Target Wrong;
  Wrong.Host = "api.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-FIXES: Wrong.Host = "login.procore.com";
  Wrong.Path = "/oauth/revoke";
  sendTo(Wrong, "api.procore.com");
}

} // namespace
