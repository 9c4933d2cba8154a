// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

static const char *const kHost = "api.procore.com";
static const std::string kProjects = "/rest/v1.0/projects";

// --- Positives ----------------------------------------------------------------

// Method and target in the constructor, host in a field.
void listProjects(beast::tcp_stream &Stream, long long company_id) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  Req.set(http::field::user_agent, BOOST_BEAST_VERSION_STRING);
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:36: note: URL set here
  // CHECK-FIXES: Req.set("Procore-Company-Id", std::to_string(company_id));
  // CHECK-FIXES: http::write(Stream, Req);
}

// Method and target set one by one; the host is the name the resolver looked up.
void deleteRfi(const std::string &companyId) {
  net::io_context Ioc;
  tcp::resolver Resolver(Ioc);
  beast::tcp_stream Stream(Ioc);
  auto const Results = Resolver.resolve("api.procore.com", "443");
  Stream.connect(Results);
  http::request<http::empty_body> Req;
  Req.method(http::verb::delete_);
  Req.target(kProjects + "/7/rfis/3");
  Req.version(11);
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-FIXES: Req.version(11);
  // CHECK-FIXES: Req.set("Procore-Company-Id", companyId);
  // CHECK-FIXES: http::write(Stream, Req);
}

// A target built from pieces; a vapid call on the sandbox.
void patchDrawing(beast::tcp_stream &Stream, int ProjectId) {
  http::request<http::string_body> Req;
  Req.method(http::verb::patch);
  Req.target("/vapid/projects/" + std::to_string(ProjectId) + "/drawings/3");
  Req.set(http::field::host, "sandbox.procore.com");
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/vapid/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// Sent asynchronously.
void listVendors(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/vendors", 11};
  Req.set(http::field::host, kHost);
  http::async_write(Stream, Req, [](beast::error_code, std::size_t) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:36: note: URL set here
}

// The request is built by a helper and sent elsewhere.
http::request<http::empty_body> makeRequest(const std::string &Target) {
  http::request<http::empty_body> Req{http::verb::get, Target, 11};
  Req.set(http::field::host, kHost);
  return Req;
}
void fetchSubmittals(beast::tcp_stream &Stream) {
  auto Req = makeRequest("/rest/v1.0/projects/7/submittals");
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-8]]:35: note: URL set here
}

// A helper sends what its callers build: one finding per call.
void send(beast::tcp_stream &Stream, http::request<http::string_body> &Req) {
  http::write(Stream, Req);
}
void viaSendHelper(beast::tcp_stream &Stream) {
  http::request<http::string_body> Tasks{http::verb::get, "/rest/v1.0/projects/7/tasks", 11};
  Tasks.set(http::field::host, kHost);
  send(Stream, Tasks);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/tasks' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: sent here
  http::request<http::string_body> Me{http::verb::get, "/rest/v1.0/me", 11};
  Me.set(http::field::host, kHost);
  send(Stream, Me);
}

// Only GET of /companies is exempt.
void createCompany(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::post, "/rest/v1.0/companies", 11};
  Req.set(http::field::host, kHost);
  Req.body() = "{}";
  Req.prepare_payload();
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-6]]:36: note: URL set here
}

// The header is there with an empty value.
void emptyCompany(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  Req.set("Procore-Company-Id", "");
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:36: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: header set here
}

// --- Negatives ----------------------------------------------------------------

void withHeader(beast::tcp_stream &Stream, long long CompanyId) {
  http::request<http::string_body> Req{http::verb::post, "/rest/v1.0/projects/7/rfis", 11};
  Req.set(http::field::host, kHost);
  Req.set("Procore-Company-Id", std::to_string(CompanyId));
  Req.body() = "{}";
  Req.prepare_payload();
  http::write(Stream, Req);
}

void withLowercaseHeader(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.insert(http::field::host, kHost);
  Req.insert("procore-company-id", "9");
  http::write(Stream, Req);
}

void headerNameInVariable(beast::tcp_stream &Stream) {
  const std::string Name = "PROCORE-COMPANY-ID";
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  Req.set(Name, "3");
  http::write(Stream, Req);
}

// The header is set by a helper that takes the request.
void addCompany(http::request<http::string_body> &Req, const std::string &Id) {
  Req.set("Procore-Company-Id", Id);
}
void headerInHelper(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  addCompany(Req, "42");
  http::write(Stream, Req);
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
void exempt(beast::tcp_stream &Stream) {
  http::request<http::string_body> Me{http::verb::get, "/rest/v1.0/me", 11};
  Me.set(http::field::host, kHost);
  http::write(Stream, Me);
  http::request<http::string_body> Companies{http::verb::get, "/rest/v1.0/companies", 11};
  Companies.set(http::field::host, kHost);
  http::write(Stream, Companies);
}

// OAuth never needs it.
void token(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::post, "/oauth/token", 11};
  Req.set(http::field::host, "login.procore.com");
  Req.body() = "grant_type=client_credentials";
  http::write(Stream, Req);
}

// Other hosts.
void otherHosts(beast::tcp_stream &Stream) {
  http::request<http::string_body> GitHub{http::verb::get, "/rest/v1.0/projects", 11};
  GitHub.set(http::field::host, "api.github.com");
  http::write(Stream, GitHub);
  http::request<http::string_body> Upload{http::verb::put, "/rest/v1.0/uploads/1", 11};
  Upload.set(http::field::host, "storage.procore.com");
  http::write(Stream, Upload);
}

// Targets and hosts that cannot be resolved.
void unknownTarget(beast::tcp_stream &Stream, const std::string &Target) {
  http::request<http::string_body> Req{http::verb::get, Target, 11};
  Req.set(http::field::host, kHost);
  http::write(Stream, Req);
}
void unknownHost(beast::tcp_stream &Stream, const std::string &Host) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, Host);
  http::write(Stream, Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:36: note: URL set here
}

// A request behind a shared_ptr, as async code keeps it alive: the pointer
// stands for the request std::make_shared builds.
void sharedRequest(beast::tcp_stream &Stream) {
  auto Req = std::make_shared<http::request<http::string_body>>(
      http::verb::get, "/rest/v1.0/projects/7/rfis", 11);
  Req->set(http::field::host, kHost);
  http::async_write(Stream, *Req, [Req](beast::error_code, std::size_t) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:14: note: URL set here
}

// --- The header part of a message, and a const request ----------------------------

// A header set through message::base() is on the request.
void throughBase(beast::tcp_stream &Stream) {
  http::request<http::string_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  Req.base().set("Procore-Company-Id", "1");
  http::write(Stream, Req);
}

// A const request cannot take the header: reported at the call that hands
// it over, with no fix-it.
void sendConst(beast::tcp_stream &Stream, const http::request<http::empty_body> &Req,
               long long company_id) {
  http::write(Stream, Req);
}
void useSendConst(beast::tcp_stream &Stream) {
  http::request<http::empty_body> Req{http::verb::get, "/rest/v1.0/projects", 11};
  Req.set(http::field::host, kHost);
  sendConst(Stream, Req, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: sent here
}

// A session keeps its request in a member that the sending method assigns
// whole from a virtual builder: the request sent is what the builder of the
// session's class returns. Scoping a copy of it (`scoped(Req)` taking the
// request by value) and dropping the result leaves the request without the
// header.
namespace session_builders {
using Request = http::request<http::string_body>;

static Request scoped(Request Req, long long CompanyId) {
  Req.set("Procore-Company-Id", std::to_string(CompanyId));
  return Req;
}

class Session {
public:
  explicit Session(tcp::socket &Socket) : Socket(Socket) {}
  virtual ~Session() = default;
  void start() {
    Req = build();
    Req.set(http::field::host, kHost);
    http::write(Socket, Req);
  }

protected:
  virtual Request build() = 0;

private:
  tcp::socket &Socket;
  Request Req;
};

class RfiSession : public Session {
public:
  using Session::Session;

protected:
  Request build() override {
    Request R{http::verb::get, "/rest/v1.0/projects/7/rfis", 11};
    scoped(R, 42);
    return R;
  }
};

class SubmittalSession : public Session {
public:
  using Session::Session;

protected:
  Request build() override {
    Request R{http::verb::get, "/rest/v1.0/projects/7/submittals", 11};
    return scoped(R, 42);
  }
};

void run(tcp::socket &Socket) {
  std::make_shared<RfiSession>(Socket)->start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-37]]:5: note: sent here
  std::make_shared<SubmittalSession>(Socket)->start();
}
} // namespace session_builders

// A client that keeps extra headers in a map member and copies them into
// each request (`Req.set(Kv.first, Kv.second)`, names passed as Beast's
// string_view): a request sent before the company is chosen goes without.
namespace header_maps {
using Request = http::request<http::string_body>;

class Client {
public:
  explicit Client(beast::tcp_stream &Stream) : Stream(Stream) {}
  void roundtrip(Request &Req) {
    Req.set(http::field::host, "api.procore.com");
    for (const auto &Kv : Extra)
      Req.set(Kv.first, Kv.second);
    http::write(Stream, Req);
  }
  void projects() {
    Request Req{http::verb::get, "/rest/v1.0/projects", 11};
    roundtrip(Req);
  }
  void useCompany(std::int64_t Id) {
    Extra["Procore-Company-Id"] = std::to_string(Id);
  }

private:
  beast::tcp_stream &Stream;
  std::map<std::string, std::string> Extra;
};

void run(beast::tcp_stream &Stream) {
  Client Early(Stream);
  Early.projects();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-19]]:5: note: sent here
  Client Scoped(Stream);
  Scoped.useCompany(42);
  Scoped.projects();
}
} // namespace header_maps
