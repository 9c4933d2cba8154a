// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// A transport that picks its host with `?:` is judged per call: the
// condition is settled under each call's arguments (`empty()` of a text
// whose every value is known to be empty, or known to hold a character),
// so each host is judged by the requests that really go to it. A
// default-constructed object's members hold their defaults until written.

#include <curl/curl.h>
#include <httplib.h>

#include <string>
#include <string_view>

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
  // CHECK-MESSAGES: :[[@LINE-11]]:10: note: used for a REST API endpoint here
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
  // CHECK-MESSAGES: :[[@LINE-28]]:10: note: used for an OAuth endpoint here
  // CHECK-FIXES: Wrong.Host = "login.procore.com";
  Wrong.Path = "/oauth/revoke";
  sendTo(Wrong, "api.procore.com");
}

// A host kept in a constant of the code's own type and joined to a path
// by the code's own operator: the operator's body says what it builds.
struct Origin {
  const char *SchemeHost;
};

std::string operator+(Origin O, const std::string &Path) {
  std::string Url(O.SchemeHost);
  Url += Path;
  return Url;
}

const Origin LoginOrigin{"https://login.procore.com"};
const Origin ApiOrigin{"https://api.procore.com"};
const Origin SandboxOrigin{"https://sandbox.procore.com"};
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: base URL for OAuth endpoints on API host 'sandbox.procore.com'; MPR requires 'login-sandbox.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE-8]]:3: note: used for an OAuth endpoint here
// CHECK-MESSAGES: :[[@LINE+13]]:9: note: used for an OAuth endpoint here
// CHECK-MESSAGES: :[[@LINE+6]]:3: note: used for an OAuth endpoint here
// CHECK-FIXES: const Origin SandboxOrigin{"https://login-sandbox.procore.com"};

void fetch(const std::string &Url) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_perform(Curl);
}

void ownOperator() {
  fetch(LoginOrigin + "/oauth/token");
  fetch(ApiOrigin + "/rest/v1.0/projects");
  fetch(SandboxOrigin + "/oauth/token");
}

// Routes whose host is a member of a member (`R.Target.Name`), joined to
// their path in a helper every route goes through: each call joins its own
// host and path, not every host the code has to every path. A login host
// used only for OAuth and an API host used only for REST are right; OAuth
// on the API host is not.
struct Host {
  std::string_view Name;
};
struct Route {
  Host Target;
  std::string Path;
};

std::string operator+(const Host &H, const std::string &Path) {
  return "https://" + std::string(H.Name) + Path;
}

Route tokenRoute() { return {Host{"login.procore.com"}, "/oauth/token"}; }
Route projectsRoute() { return {Host{"api.procore.com"}, "/rest/v1.0/projects"}; }
Route revokeRoute() { return {Host{"api.procore.com"}, "/oauth/revoke"}; }
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE-7]]:10: note: used for an OAuth endpoint here
// CHECK-MESSAGES: :[[@LINE+5]]:27: note: used for an OAuth endpoint here
// CHECK-MESSAGES: :[[@LINE-32]]:3: note: used for an OAuth endpoint here
// CHECK-FIXES: Route revokeRoute() { return {Host{"login.procore.com"}, "/oauth/revoke"}; }

void visitRoute(const Route &R) {
  const std::string Url = R.Target + R.Path;
  fetch(Url);
}

void memberOfMember() {
  visitRoute(tokenRoute());
  visitRoute(projectsRoute());
  visitRoute(revokeRoute());
}

} // namespace
