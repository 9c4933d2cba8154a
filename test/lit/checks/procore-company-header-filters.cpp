// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Interceptors that add the company header only to requests for the API
// host: the test reads the request's own Host field, which is what the
// transport set before it ran the interceptors. A host chosen once from a
// table and read twice is the same choice; texts that share no value are
// never equal.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
using Request = http::request<http::string_body>;

struct Hosts {
  const char *Login;
  const char *Api;
};

static Hosts hostsFor(const std::string &Env) {
  if (Env == "sandbox")
    return {"login-sandbox.procore.com", "sandbox.procore.com"};
  return {"login.procore.com", "api.procore.com"};
}

class Connection {
public:
  Connection(beast::tcp_stream &Stream, std::string Host)
      : Stream(Stream), Host(std::move(Host)) {}
  void intercept(std::function<void(Request &)> Interceptor) {
    Interceptors.push_back(std::move(Interceptor));
  }
  void send(Request Req) {
    Req.set(http::field::host, Host);
    for (const auto &Interceptor : Interceptors)
      Interceptor(Req);
    http::write(Stream, Req);
  }

private:
  beast::tcp_stream &Stream;
  std::string Host;
  std::vector<std::function<void(Request &)>> Interceptors;
};

// --- Negative: the filter passes for the API connection's requests -----------

void syncProjects(beast::tcp_stream &Stream, std::int64_t CompanyId) {
  const Hosts H = hostsFor(std::getenv("PROCORE_ENV") ? std::getenv("PROCORE_ENV")
                                                      : "production");
  Connection Api(Stream, H.Api);
  Api.intercept([&](Request &Req) {
    if (Req[http::field::host] != H.Api)
      return;
    Req.set("Procore-Company-Id", std::to_string(CompanyId));
  });
  Api.send(Request{http::verb::get, "/rest/v1.0/projects", 11});
}

// --- Positive: a filter no request of this connection passes -----------------
// The add never runs for this connection's requests; the finding says the
// header is sent on some paths only.

void syncVendors(beast::tcp_stream &Stream, std::int64_t CompanyId) {
  Connection Api(Stream, "api.procore.com");
  Api.intercept([&](Request &Req) {
    if (Req[http::field::host] != "sandbox.procore.com")
      return;
    Req.set("Procore-Company-Id", std::to_string(CompanyId));
  });
  Api.send(Request{http::verb::get, "/rest/v1.0/vendors", 11});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-36]]:5: note: sent here
  // CHECK-MESSAGES: :[[@LINE-19]]:5: note: added here, but not on every path to the send
}
