// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Asynchronous session objects: a request handed to a session made with
// std::make_shared, kept in a member, and written from a completion
// handler whose caller the code does not show. Each session the program
// makes is its own request, judged out through the callers of the function
// that makes it; as the session alone sends no company header, a finding
// stays at the write, with a note at the call that builds the request.
// Also: a helper that adds the header only for a company ID it is given
// (`if (CompanyId != 0)`) adds it for a caller's ID and not for a
// caller's 0.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;

class Session : public std::enable_shared_from_this<Session> {
public:
  Session(net::io_context &Io, std::string Host, Request Req)
      : Resolver(Io), Stream(Io), Host(std::move(Host)), Req(std::move(Req)) {}

  void start() {
    Req.set(http::field::host, Host);
    Resolver.async_resolve(
        Host, "443",
        [Self = shared_from_this()](beast::error_code Ec,
                                    tcp::resolver::results_type Results) {
          if (!Ec)
            Self->connect(Results);
        });
  }

private:
  void connect(const tcp::resolver::results_type &Results) {
    Stream.async_connect(Results,
                         [Self = shared_from_this()](beast::error_code Ec,
                                                     const tcp::endpoint &) {
                           if (!Ec)
                             Self->write();
                         });
  }

  void write() {
    http::async_write(Stream, Req,
                      [Self = shared_from_this()](beast::error_code, size_t) {});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+27]]:5: note: request built here
    // CHECK-MESSAGES: :[[@LINE+59]]:13: note: URL set here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: Procore API request to '/rest/v1.0/vendors?company_id=...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  }

  tcp::resolver Resolver;
  beast::tcp_stream Stream;
  std::string Host;
  Request Req;
};

class Directory {
public:
  explicit Directory(net::io_context &Io) : Io(Io) {}

  // --- Positives --------------------------------------------------------------

  // The company ID is only in the query: no header.
  void listVendors(std::int64_t CompanyId) {
    send("api.procore.com",
         get("/rest/v1.0/vendors?company_id=" + std::to_string(CompanyId)));
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: request built here
    // CHECK-MESSAGES: :[[@LINE+38]]:13: note: URL set here
  }

  // A company ID of 0 skips the header.
  void listProjectsUnscoped() {
    send("api.procore.com", scoped("/rest/v1.0/projects", 0));
  }

  // --- Negatives --------------------------------------------------------------

  // The session made for this call carries the header.
  void listUsers(std::int64_t CompanyId) {
    Request Req = get("/rest/v1.0/companies/" + std::to_string(CompanyId) +
                      "/users");
    Req.set("Procore-Company-Id", std::to_string(CompanyId));
    send("api.procore.com", std::move(Req));
  }

  // An ID the helper is given passes its `CompanyId != 0` guard.
  void listRfis(std::int64_t CompanyId, std::int64_t ProjectId) {
    send("api.procore.com",
         scoped("/rest/v1.0/projects/" + std::to_string(ProjectId) + "/rfis",
                CompanyId));
  }

  // OAuth needs no company header.
  void refresh(const std::string &Form) {
    Request Req{http::verb::post, "/oauth/token", 11};
    Req.body() = Form;
    send("login.procore.com", std::move(Req));
  }

private:
  void send(const char *Host, Request Req) {
    std::make_shared<Session>(Io, Host, std::move(Req))->start();
  }

  static Request get(const std::string &Target) {
    Request Req{http::verb::get, Target, 11};
    Req.set(http::field::accept, "application/json");
    return Req;
  }

  static Request scoped(const std::string &Target, std::int64_t CompanyId) {
    Request Req = get(Target);
    if (CompanyId != 0)
      Req.set("Procore-Company-Id", std::to_string(CompanyId));
    return Req;
  }

  net::io_context &Io;
};
