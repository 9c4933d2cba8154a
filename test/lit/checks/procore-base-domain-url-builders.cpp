// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// URL objects edited in place: cpprestsdk's uri_builder appends path
// segments and query parameters and sets parts, alone or chained; the
// host a request reaches is the one the builder holds when it is read.

#include <cpprest/http_client.h>

using namespace web::http;
using namespace web::http::client;

pplx::task<http_response> segmentsOnLegacyHost() {
  web::uri_builder Url(U("https://app.procore.com/rest/v1.0"));
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+5]]:10: note: used for a REST API endpoint here
  // CHECK-FIXES: web::uri_builder Url(U("https://api.procore.com/rest/v1.0"));
  Url.append_path(U("projects"));
  Url.append_query(U("company_id"), 42);
  http_client Client(Url.to_uri());
  return Client.request(methods::GET, U(""));
}

pplx::task<http_response> chainedSetters() {
  web::uri_builder Url;
  Url.set_scheme(U("https")).set_host(U("api.procore.com")).set_path(U("/oauth/token"));
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+3]]:10: note: used for an OAuth endpoint here
  // CHECK-FIXES: Url.set_scheme(U("https")).set_host(U("login.procore.com")).set_path(U("/oauth/token"));
  http_client Client(Url.to_uri());
  return Client.request(methods::POST, U(""));
}

// The host replaced after the legacy one was written: only the last
// counts.
pplx::task<http_response> hostReplaced() {
  web::uri_builder Url(U("https://app.procore.com"));
  Url.set_host(U("api.procore.com"));
  Url.append_path(U("rest/v1.0/me"));
  http_client Client(Url.to_uri());
  return Client.request(methods::GET, U(""));
}

// A web link built the same way stays on app.procore.com.
utility::string_t projectHome(int64_t ProjectId) {
  return web::uri_builder(U("https://app.procore.com"))
      .append_path(utility::conversions::to_string_t(std::to_string(ProjectId)))
      .append_path(U("project/home"))
      .to_string();
}

// A route class that keeps its builder as a member: each `/` copies the
// object and edits the copy's builder in place, so the URL is the root
// with every segment after it.
class Route {
public:
  explicit Route(const utility::string_t &Root) : Builder(Root) {}
  Route operator/(const utility::string_t &Segment) const {
    Route Next = *this;
    Next.Builder.append_path(Segment);
    return Next;
  }
  operator utility::string_t() const { return Builder.to_string(); }

private:
  web::uri_builder Builder;
};

pplx::task<http_response> routeOnLegacyHost() {
  const utility::string_t Url =
      Route(U("https://app.procore.com")) / U("vapid") / U("projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+3]]:10: note: used for a REST API endpoint here
  // CHECK-FIXES: Route(U("https://api.procore.com")) / U("vapid") / U("projects");
  http_client Client(Url);
  return Client.request(methods::GET, U(""));
}

// The same route to a person's project page stays a web link.
utility::string_t routeToProjectHome() {
  return Route(U("https://app.procore.com")) / U("1234") / U("project/home");
}
