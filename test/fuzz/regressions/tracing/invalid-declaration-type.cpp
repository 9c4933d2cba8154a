// RUN: %check_mpr_lint %s procore-company-header %t -- --config="{CheckOptions: {procore-company-header.ServiceAccount: true}}" -- -std=c++17

// With ServiceAccount, GET /rest/v1.0/me and /rest/v1.0/companies need the
// header too.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <string>

namespace beast = boost::beast;
namespace http = beast::http;

void me(beast::tcp_stream &Stream, lon55555555555555555555555555555555555555555555555555555555555555555555555555555555555555555g long company_id) {
  http::request<http::empty_body> Req{http::verb::get, "/rest/v1.0/me", 11};
  Req.set(http::field::host, "api.procore.com");
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:35: note: URL set here
  // CHECK-FIXES: Req.set("Procore-Company-Id", std::to_string(company_id));
  // CHECK-FIXES: http::write(Stream, Req);
}

void companies(beast::tcp_stream &Stream) {
  http::request<http::empty_body> Req{http::verb::get, "/rest/v1.0/companies", 11};
  Req.set(http::field::host, "api.procore.com");
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:35: note: URL set here
}

// Negatives: the header is sent; OAuth never needs it.
void companiesWithHeader(beast::tcp_stream &Stream) {
  http::request<http::empty_body> Req{http::verb::get, "/rest/v1.0/companies", 11};
  Req.set(http::field::host, "api.procore.com");
  Req.set("Procore-Company-Id", "8");
  http::write(Stream, Req);
}
void toÿen(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::post, "/oauth/token", 11};
  Req.set(http::field::host, "login.procore.com");
  http::write(Stream, Req);
}
