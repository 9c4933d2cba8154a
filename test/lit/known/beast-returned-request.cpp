// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17
// Known miss: the Host field of a request that is only returned (sent by
// code the unit does not show) is joined to its target.

#include <boost/beast/http.hpp>

namespace http = boost::beast::http;

http::request<http::string_body> legacyHostField() {
  http::request<http::string_body> Req;
  Req.method(http::verb::post);
  Req.target("/oauth/token");
  Req.set(http::field::host, "app.procore.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  Req.set(http::field::host, "login.procore.com");{{$}}
  return Req;
}
