// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// The host a session object resolves is given to its constructor by the
// function that makes it with std::make_shared; the request it writes
// later, from a completion handler, is judged with that host.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;

static const char *const kTokenHost = "api.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:40: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: {{^}}static const char *const kTokenHost = "login.procore.com";{{$}}
// CHECK-MESSAGES: :[[@LINE+22]]:5: note: used for an OAuth endpoint here
static const char *const kApiHost = "api.procore.com";

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
            Self->write(Results);
        });
  }

private:
  void write(const tcp::resolver::results_type &Results) {
    beast::get_lowest_layer(Stream).connect(Results);
    http::async_write(Stream, Req,
                      [Self = shared_from_this()](beast::error_code, size_t) {});
  }

  tcp::resolver Resolver;
  beast::tcp_stream Stream;
  std::string Host;
  Request Req;
};

void send(net::io_context &Io, const char *Host, Request Req) {
  std::make_shared<Session>(Io, Host, std::move(Req))->start();
}

void authenticate(net::io_context &Io, const std::string &Form) {
  Request Req{http::verb::post, "/oauth/token", 11};
  Req.body() = Form;
  send(Io, kTokenHost, std::move(Req));
}

// The REST call on the API host is right.
void listProjects(net::io_context &Io) {
  send(Io, kApiHost, Request{http::verb::get, "/rest/v1.0/projects", 11});
}
