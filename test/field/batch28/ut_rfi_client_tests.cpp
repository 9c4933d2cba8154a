// rfi_client_tests.cpp -- Procore RFI client of the fieldsync daemon plus its tests.
//   rfi_client_tests --test | sync <env> <project_id>
// Tokens come from the desktop login flow (authorization code); we only refresh here.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// ------------------------------------------------------------------ transport
struct Request {
  http::verb method = http::verb::get;
  std::string host;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
};

struct Response { int status = 0; std::string body; };

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Response send(const Request& req) = 0;
};

class BeastTransport : public Transport {
 public:
  Response send(const Request& r) override {
    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    tcp::resolver resolver{ioc};
    beast::ssl_stream<beast::tcp_stream> stream{ioc, ctx};
    SSL_set_tlsext_host_name(stream.native_handle(), r.host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(r.host, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{r.method, r.target, 11};
    req.set(http::field::host, r.host);
    req.set(http::field::user_agent, "fieldsync-rfi/2.3");
    for (const auto& h : r.headers) req.set(h.first, h.second);
    req.body() = r.body;
    req.prepare_payload();
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);  // servers often skip close_notify; ignore
    return {static_cast<int>(res.result_int()), res.body()};
  }
};

// ---------------------------------------------------------------- environment
struct Environment {
  const char* name;
  const char* login_host;
  const char* api_host;
};

static const Environment kProduction{"production", "login.procore.com", "api.procore.com"};
static const Environment kSandbox{"sandbox", "sandbox.procore.com", "sandbox.procore.com"};
static const Environment kMonthly{"monthly", "login-sandbox-monthly.procore.com",
                                  "api-monthly.procore.com"};

// --------------------------------------------------------------------- client
struct Rfi {
  int64_t id = 0;
  std::string number;
  std::string subject;
  std::string status;
  int assignee_id = 0;
};

static Json::Value parse(const std::string& body) {
  Json::Value v;
  Json::CharReaderBuilder b;
  std::string errs;
  std::istringstream in(body);
  Json::parseFromStream(b, in, &v, &errs);
  return v;
}

class RfiClient {
 public:
  RfiClient(Transport& t, Environment env, int64_t company_id, std::string access, std::string refresh)
      : t_(t), env_(env), company_id_(company_id), access_(std::move(access)), refresh_(std::move(refresh)) {}

  bool refresh_tokens(const std::string& client_id, const std::string& secret) {
    Request r;
    r.method = http::verb::post;
    r.host = env_.login_host;
    r.target = "/oauth/token";
    r.headers["Content-Type"] = "application/x-www-form-urlencoded";
    r.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
             "&refresh_token=" + refresh_;
    Response res = t_.send(r);
    if (res.status != 200) return false;
    Json::Value v = parse(res.body);
    access_ = v["access_token"].asString();
    refresh_ = v["refresh_token"].asString();
    return true;
  }

  std::string whoami() {
    Request r = base("/rest/v1.0/me");
    Response res = t_.send(r);
    return parse(res.body)["login"].asString();
  }

  std::vector<Rfi> list_rfis(int64_t project_id, int page) {
    Request r = base("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis?page=" +
                     std::to_string(page) + "&per_page=100");
    r.headers["Procore-Company-Id"] = std::to_string(company_id_);
    Response res = t_.send(r);
    std::vector<Rfi> out;
    for (const auto& j : parse(res.body)) out.push_back(to_rfi(j));
    return out;
  }

  Rfi get_rfi(int64_t project_id, int64_t rfi_id) {
    Request r = base("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                     std::to_string(rfi_id));
    Response res = t_.send(r);
    return to_rfi(parse(res.body));
  }

  int post_reply(int64_t project_id, int64_t rfi_id, const std::string& text) {
    Request r = base("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                     std::to_string(rfi_id) + "/replies");
    r.method = http::verb::post;
    r.headers["Procore-Company-Id"] = std::to_string(company_id_);
    r.headers["Content-Type"] = "application/json";
    Json::Value body;
    body["reply"]["body"] = text;
    r.body = Json::writeString(Json::StreamWriterBuilder{}, body);
    return t_.send(r).status;
  }

  std::vector<std::pair<int64_t, std::string>> list_projects() {
    Request r = base("/rest/v1.0/projects?company_id=" + std::to_string(company_id_));
    Response res = t_.send(r);
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& p : parse(res.body)) out.emplace_back(p["id"].asInt64(), p["name"].asString());
    return out;
  }

  // Link shown in the tray notification; opens the RFI in the browser.
  std::string web_link(int64_t project_id, int64_t rfi_id) const {
    return "https://app.procore.com/" + std::to_string(project_id) + "/project/rfi/show/" +
           std::to_string(rfi_id);
  }

 private:
  Request base(const std::string& target) const {
    Request r;
    r.host = env_.api_host;
    r.target = target;
    r.headers["Authorization"] = "Bearer " + access_;
    r.headers["Accept"] = "application/json";
    return r;
  }

  static Rfi to_rfi(const Json::Value& j) {
    Rfi r;
    r.id = j["id"].asInt64();
    r.number = j["number"].asString();
    r.subject = j["subject"].asString();
    r.status = j["status"].asString();
    r.assignee_id = j["assignee"]["id"].asInt();
    return r;
  }

  Transport& t_;
  Environment env_;
  int64_t company_id_;
  std::string access_;
  std::string refresh_;
};

// ---------------------------------------------------------------------- tests
struct TestCase { const char* name; std::function<void()> fn; };
static std::vector<TestCase>& registry() { static std::vector<TestCase> r; return r; }
struct Registrar { Registrar(const char* n, std::function<void()> f) { registry().push_back({n, f}); } };
#define TEST(name) static void name(); static Registrar reg_##name(#name, name); static void name()
static int g_failures = 0;
#define CHECK(c) do { if (!(c)) { ++g_failures; std::fprintf(stderr, "  FAIL %s:%d %s\n", __FILE__, __LINE__, #c); } } while (0)

class FakeTransport : public Transport {
 public:
  std::vector<Request> sent;
  std::vector<Response> queue;
  Response send(const Request& r) override {
    sent.push_back(r);
    if (queue.empty()) return {200, "[]"};
    Response x = queue.front(); queue.erase(queue.begin()); return x;
  }
};

static RfiClient make_client(Transport& t, const Environment& env) {
  return RfiClient(t, env, 4264807LL, "access-token", "refresh-token");
}

TEST(list_rfis_builds_paged_target) {
  FakeTransport f;
  auto c = make_client(f, kProduction);
  c.list_rfis(562949953421312LL, 2);
  CHECK(f.sent.size() == 1 && f.sent[0].host == "api.procore.com");
  CHECK(f.sent[0].target == "/rest/v1.0/projects/562949953421312/rfis?page=2&per_page=100");
  CHECK(f.sent[0].headers.count("Procore-Company-Id") == 1);
}

TEST(refresh_goes_to_login_host) {
  FakeTransport f;
  f.queue.push_back({200, R"({"access_token":"a2","refresh_token":"r2"})"});
  auto c = make_client(f, kMonthly);
  CHECK(c.refresh_tokens("cid", "secret"));
  CHECK(f.sent[0].host == std::string("login-sandbox-monthly.procore.com"));
  CHECK(f.sent[0].headers.count("Procore-Company-Id") == 0);
}

TEST(get_rfi_keeps_large_ids) {
  FakeTransport f;
  f.queue.push_back({200, R"({"id":9007199254740993,"number":"14","subject":"Slab edge",)"
                          R"("status":"open","assignee":{"id":77}})"});
  auto c = make_client(f, kSandbox);
  Rfi r = c.get_rfi(1001, 9007199254740993LL);
  CHECK(r.id == 9007199254740993LL);
  CHECK(f.sent[0].host == "sandbox.procore.com");
}

static int run_tests() {
  for (const auto& t : registry()) { std::fprintf(stderr, "[ RUN ] %s\n", t.name); t.fn(); }
  std::fprintf(stderr, "%zu tests, %d failures\n", registry().size(), g_failures);
  return g_failures == 0 ? 0 : 1;
}

// ----------------------------------------------------------------------- main
static const Environment& pick_env(const std::string& n) {
  return n == "sandbox" ? kSandbox : n == "monthly" ? kMonthly : kProduction;
}

static std::string env_or(const char* k, const char* dflt) {
  const char* v = std::getenv(k); return v ? v : dflt;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--test") return run_tests();
  if (argc < 4 || std::string(argv[1]) != "sync") {
    std::fprintf(stderr, "usage: %s --test | sync <env> <project_id>\n", argv[0]);
    return 2;
  }
  const Environment& env = pick_env(argv[2]);
  int64_t project_id = std::stoll(argv[3]);
  int64_t company_id = std::strtoll(env_or("PROCORE_COMPANY_ID", "0").c_str(), nullptr, 10);

  BeastTransport transport;
  RfiClient client(transport, env, company_id, env_or("PROCORE_ACCESS_TOKEN", ""),
                   env_or("PROCORE_REFRESH_TOKEN", ""));
  if (!client.refresh_tokens(env_or("PROCORE_CLIENT_ID", ""), env_or("PROCORE_CLIENT_SECRET", ""))) {
    std::fprintf(stderr, "token refresh failed against %s\n", env.login_host);
    return 1;
  }
  std::printf("signed in as %s (%s)\n", client.whoami().c_str(), env.name);

  bool known = false;
  for (const auto& p : client.list_projects()) known = known || p.first == project_id;
  if (!known) std::fprintf(stderr, "warning: project %lld not in company list\n", (long long)project_id);

  for (int page = 1;; ++page) {
    auto rfis = client.list_rfis(project_id, page);
    if (rfis.empty()) break;
    for (const auto& r : rfis) {
      if (r.status != "open") continue;
      Rfi full = client.get_rfi(project_id, r.id);
      std::printf("RFI #%s %-40s %s\n", full.number.c_str(), full.subject.c_str(),
                  client.web_link(project_id, full.id).c_str());
    }
  }
  return 0;
}
