// daily_log_client_tests.cpp -- superintendent tablet sync: daily manpower,
// weather and notes logs. Library + hand-rolled tests in one translation unit.
//   daily_log_client_tests selftest
//   daily_log_client_tests sync <zone> <project_id> <yyyy-mm-dd>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

using Headers = std::vector<std::pair<std::string, std::string>>;
struct Outgoing { http::verb verb; std::string host, target; Headers headers; std::string body; };
struct Incoming { unsigned status; std::string body; };

class Wire {
 public:
  virtual ~Wire() = default;
  virtual Incoming exchange(const Outgoing& o) = 0;
};

class TlsWire final : public Wire {
 public:
  Incoming exchange(const Outgoing& o) override {
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tlsv12_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> s(io, tls);
    if (!SSL_set_tlsext_host_name(s.native_handle(), o.host.c_str()))
      throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    tcp::resolver dns(io);
    beast::get_lowest_layer(s).expires_after(std::chrono::seconds(20));
    beast::get_lowest_layer(s).connect(dns.resolve(o.host, "https"));
    s.handshake(asio::ssl::stream_base::client);
    http::request<http::string_body> req(o.verb, o.target, 11);
    req.set(http::field::host, o.host);
    for (const auto& h : o.headers) req.set(h.first, h.second);
    req.body() = o.body;
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    return {res.result_int(), std::move(res.body())};
  }
};

struct Zone { const char* id; const char* login_host; const char* api_host; };
static const Zone kZones[] = {
    {"prod", "login.procore.com", "api.procore.com"},
    {"us02", "login.procore.com", "us02.procore.com"},
    {"sandbox", "login-sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

struct ManpowerLog {
  int64_t id = 0;
  int64_t vendor_id = 0;
  int num_workers = 0;
  double num_hours = 0;
  std::string notes;
};

class DailyLogClient {
 public:
  DailyLogClient(Wire& w, const Zone& z, int64_t company_id, std::string access, std::string refresh)
      : w_(w), z_(z), company_(std::to_string(company_id)), access_(std::move(access)), refresh_(std::move(refresh)) {}

  bool refresh(const std::string& cid, const std::string& secret) {
    Outgoing o{http::verb::post, z_.login_host, "/oauth/token",
               {{"Content-Type", "application/x-www-form-urlencoded"}},
               "grant_type=refresh_token&refresh_token=" + refresh_ + "&client_id=" + cid + "&client_secret=" + secret};
    Incoming in = w_.exchange(o);
    if (in.status != 200) return false;
    rapidjson::Document d;
    d.Parse(in.body.c_str());
    access_ = d["access_token"].GetString();
    refresh_ = d["refresh_token"].GetString();
    return true;
  }

  void revoke(const std::string& cid, const std::string& secret) {
    Outgoing o{http::verb::post, "api.procore.com", "/oauth/revoke",
               {{"Content-Type", "application/x-www-form-urlencoded"}},
               "token=" + access_ + "&client_id=" + cid + "&client_secret=" + secret};
    w_.exchange(o);
  }

  std::string me() { return field(w_.exchange(get("/rest/v1.0/me")).body, "login"); }

  std::vector<ManpowerLog> manpower(int64_t project_id, const std::string& date) {
    Outgoing o = get("/rest/v1.0/projects/" + std::to_string(project_id) + "/manpower_logs?log_date=" + date);
    o.headers.emplace_back("Procore-Company-Id", company_);
    rapidjson::Document d;
    d.Parse(w_.exchange(o).body.c_str());
    std::vector<ManpowerLog> out;
    if (!d.IsArray()) return out;
    for (const auto& m : d.GetArray()) {
      ManpowerLog l;
      l.id = m["id"].GetInt64();
      if (m.HasMember("vendor") && m["vendor"].IsObject()) l.vendor_id = m["vendor"]["id"].GetInt();
      l.num_workers = m["num_workers"].GetInt();
      l.num_hours = m["num_hours"].GetDouble();
      l.notes = m["notes"].IsString() ? m["notes"].GetString() : "";
      out.push_back(l);
    }
    return out;
  }

  unsigned add_manpower(int64_t project_id, const std::string& date, int workers, double hours, int64_t vendor_id) {
    char body[256];
    std::snprintf(body, sizeof body,
                  "{\"manpower_log\":{\"date\":\"%s\",\"num_workers\":%d,\"num_hours\":%.1f,\"vendor_id\":%lld}}",
                  date.c_str(), workers, hours, static_cast<long long>(vendor_id));
    Outgoing o = get("/rest/v1.0/projects/" + std::to_string(project_id) + "/manpower_logs");
    o.verb = http::verb::post;
    o.headers.emplace_back("Content-Type", "application/json");
    o.body = body;
    return w_.exchange(o).status;
  }

  std::string weather(int64_t project_id, const std::string& date) {
    Outgoing o = get("/rest/v1.0/projects/" + std::to_string(project_id) + "/weather_logs?log_date=" + date);
    o.headers.emplace_back("Company-Id", company_);
    return w_.exchange(o).body;
  }

  std::string notes(int64_t project_id, const std::string& date) {
    Outgoing o = get("/rest/v1.0/projects/" + std::to_string(project_id) + "/notes_logs?log_date=" + date);
    o.headers.emplace_back("procore-company-id", company_);
    return w_.exchange(o).body;
  }

 private:
  Outgoing get(std::string target) const {
    return {http::verb::get, z_.api_host, std::move(target), {{"Authorization", "Bearer " + access_}}, ""};
  }
  static std::string field(const std::string& json, const char* key) {
    rapidjson::Document d;
    d.Parse(json.c_str());
    return d.IsObject() && d.HasMember(key) && d[key].IsString() ? d[key].GetString() : "";
  }

  Wire& w_;
  const Zone& z_;
  std::string company_, access_, refresh_;
};

// ---------------------------------------------------------------------- tests
struct TapeWire : Wire {
  std::vector<Outgoing> tape;
  std::string reply = "[]";
  Incoming exchange(const Outgoing& o) override { tape.push_back(o); return {200, reply}; }
  const std::string* header(const char* name) const {
    for (const auto& h : tape.back().headers)
      if (strcasecmp(h.first.c_str(), name) == 0) return &h.second;
    return nullptr;
  }
};

static int g_bad = 0;
#define REQUIRE(e) do { if (!(e)) { std::fprintf(stderr, "  %s:%d REQUIRE(%s)\n", __func__, __LINE__, #e); ++g_bad; return; } } while (0)

static const int64_t kCompany = 562949953421999LL;
static const int64_t kProject = 3000000017LL;

static void manpower_parses_vendor_and_workers() {
  TapeWire w;
  w.reply = R"([{"id":4000000001,"vendor":{"id":12},"num_workers":6,"num_hours":8.0,"notes":"pour"}])";
  DailyLogClient c(w, kZones[0], kCompany, "a", "r");
  auto logs = c.manpower(kProject, "2024-05-02");
  REQUIRE(logs.size() == 1 && logs[0].id == 4000000001LL && logs[0].num_workers == 6);
  REQUIRE(w.tape[0].host == "api.procore.com");
  REQUIRE(w.header("Procore-Company-Id") && *w.header("Procore-Company-Id") == "562949953421999");
}

static void notes_header_is_case_insensitive() {
  TapeWire w;
  DailyLogClient c(w, kZones[2], kCompany, "a", "r");
  c.notes(kProject, "2024-05-02");
  REQUIRE(w.tape[0].host == "sandbox.procore.com");
  REQUIRE(w.header("Procore-Company-Id") != nullptr);
}

static void refresh_hits_login_host() {
  TapeWire w;
  w.reply = R"({"access_token":"n","refresh_token":"m"})";
  DailyLogClient c(w, kZones[3], kCompany, "a", "r");
  REQUIRE(c.refresh("cid", "sec"));
  REQUIRE(w.tape[0].host == "login-sandbox-monthly.procore.com" && w.tape[0].target == "/oauth/token");
}

static const struct { const char* name; void (*fn)(); } kTests[] = {
    {"manpower_parses_vendor_and_workers", manpower_parses_vendor_and_workers},
    {"notes_header_is_case_insensitive", notes_header_is_case_insensitive},
    {"refresh_hits_login_host", refresh_hits_login_host},
};

// ----------------------------------------------------------------------- main
int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "selftest") == 0) {
    for (const auto& t : kTests) { std::printf("- %s\n", t.name); t.fn(); }
    return g_bad ? 1 : 0;
  }
  if (argc != 5 || std::strcmp(argv[1], "sync") != 0) return 2;
  const Zone* zone = &kZones[0];
  for (const auto& z : kZones)
    if (std::strcmp(z.id, argv[2]) == 0) zone = &z;
  const char* company_env = std::getenv("PROCORE_COMPANY_ID");
  const auto company_id = static_cast<uint32_t>(std::stoul(company_env ? company_env : "0"));
  int64_t project_id = std::strtoll(argv[3], nullptr, 10);
  const std::string date = argv[4];

  TlsWire wire;
  DailyLogClient client(wire, *zone, company_id, std::getenv("PROCORE_TOKEN") ?: "", std::getenv("PROCORE_REFRESH") ?: "");
  if (!client.refresh(std::getenv("PROCORE_CLIENT_ID") ?: "", std::getenv("PROCORE_CLIENT_SECRET") ?: "")) return 1;
  std::printf("%s syncing %s for project %lld\n", client.me().c_str(), date.c_str(), static_cast<long long>(project_id));

  std::map<int, std::string> vendor_names;
  int total_workers = 0;
  for (const auto& l : client.manpower(project_id, date)) {
    total_workers += l.num_workers;
    vendor_names[l.vendor_id] += l.notes + "; ";
  }
  for (const auto& v : vendor_names) std::printf("  vendor %s: %s\n", std::to_string(v.first).c_str(), v.second.c_str());
  if (total_workers == 0) client.add_manpower(project_id, date, 0, 0.0, 0);
  std::printf("weather: %s\nnotes: %s\n", client.weather(project_id, date).c_str(), client.notes(project_id, date).c_str());
  client.revoke(std::getenv("PROCORE_CLIENT_ID") ?: "", std::getenv("PROCORE_CLIENT_SECRET") ?: "");
  return 0;
}
