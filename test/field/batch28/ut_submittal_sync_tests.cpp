// submittal_sync_tests.cpp -- nightly job that pushes submittal statuses from
// the document-control system into Procore, and the tests for it.
// Runs as a Developer Managed Service Account (client_credentials grant).
//
//   submittal_sync --test
//   submittal_sync sync <production|sandbox|monthly> <company_id> <export.json>
#include <cpprest/http_client.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cassert>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace http = web::http;

struct Request {
  http::method method = http::methods::GET;
  std::string base;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};

struct Response {
  int status = 0;
  std::string body;
};

struct Transport {
  virtual ~Transport() = default;
  virtual Response send(const Request& r) = 0;
};

struct CppRestTransport : Transport {
  Response send(const Request& r) override {
    http::client::http_client_config cfg;
    cfg.set_timeout(std::chrono::seconds(30));
    http::client::http_client client(r.base, cfg);
    http::http_request req(r.method);
    req.set_request_uri(r.path);
    for (const auto& h : r.headers) req.headers().add(h.first, h.second);
    if (!r.body.empty()) req.set_body(r.body, r.content_type);
    http::http_response resp = client.request(req).get();
    return {resp.status_code(), resp.extract_string().get()};
  }
};

struct Env {
  std::string login;
  std::string api;
};

static Env production_env() { return {"https://login.procore.com", "https://api.procore.com"}; }
static Env sandbox_env() { return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}; }
static Env monthly_env() {
  return {"https://login-sandbox-monthly.procore.com", "https://sandbox-monthly.procore.com"};
}

struct Submittal {
  int64_t id = 0;
  std::string number;
  std::string status;
  int64_t spec_section_id = 0;
};

class SubmittalClient {
 public:
  SubmittalClient(Transport& t, Env env, uint64_t company_id)
      : t_(t), env_(std::move(env)), company_id_(company_id) {}

  bool authenticate(const std::string& client_id, const std::string& client_secret) {
    Request r;
    r.method = http::methods::POST;
    r.base = env_.login;
    r.path = "/oauth/token";
    r.content_type = "application/x-www-form-urlencoded";
    r.body = "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + client_secret;
    Response res = t_.send(r);
    if (res.status != 200) return false;
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    token_ = d["access_token"].GetString();
    return true;
  }

  std::vector<std::string> company_names() {
    Request r = api_get("/rest/v1.0/companies");
    Response res = t_.send(r);
    std::vector<std::string> names;
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    for (const auto& c : d.GetArray()) names.emplace_back(c["name"].GetString());
    return names;
  }

  std::string service_login() {
    Request r = api_get("/rest/v1.0/me");
    r.headers.emplace_back("Procore-Company-Id", std::to_string(company_id_));
    rapidjson::Document d;
    d.Parse(t_.send(r).body.c_str());
    return d.HasMember("login") ? d["login"].GetString() : "";
  }

  std::vector<Submittal> list_submittals(long project_id, int page) {
    Request r = api_get("/rest/v1.1/projects/" + std::to_string(project_id) +
                        "/submittals?page=" + std::to_string(page) + "&per_page=100");
    r.headers.emplace_back("Procore-Company-Id", std::to_string(company_id_));
    Response res = t_.send(r);
    std::vector<Submittal> out;
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    if (!d.IsArray()) return out;
    for (const auto& s : d.GetArray()) {
      Submittal x;
      x.id = s["id"].GetInt64();
      x.number = s["number"].IsString() ? s["number"].GetString() : "";
      x.status = s["status"]["name"].GetString();
      if (s.HasMember("specification_section") && s["specification_section"].IsObject())
        x.spec_section_id = s["specification_section"]["id"].GetInt();
      out.push_back(x);
    }
    return out;
  }

  int set_status(int64_t project_id, int64_t submittal_id, int64_t status_id) {
    Request r = api_get("/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals/" +
                        std::to_string(submittal_id));
    r.method = http::methods::PATCH;
    r.body = "{\"submittal\":{\"status_id\":" + std::to_string(status_id) + "}}";
    return t_.send(r).status;
  }

  // Not Procore: the PM team's Teams channel.
  void notify(const std::string& webhook, const std::string& text) {
    Request r;
    r.method = http::methods::POST;
    r.base = "https://outlook.office.com";
    r.path = webhook;
    r.body = "{\"text\":\"" + text + "\"}";
    t_.send(r);
  }

 private:
  Request api_get(const std::string& path) const {
    Request r;
    r.base = env_.api;
    r.path = path;
    r.headers.emplace_back("Authorization", "Bearer " + token_);
    return r;
  }

  Transport& t_;
  Env env_;
  uint64_t company_id_;
  std::string token_;
};

// ---------------------------------------------------------------------- tests
struct RecordingTransport : Transport {
  std::vector<Request> log;
  std::vector<std::string> replies;
  Response send(const Request& r) override {
    log.push_back(r);
    std::string body = replies.empty() ? "[]" : replies.front();
    if (!replies.empty()) replies.erase(replies.begin());
    return {200, body};
  }
  bool has_header(size_t i, const std::string& name) const {
    for (const auto& h : log.at(i).headers)
      if (h.first == name) return true;
    return false;
  }
};

static SubmittalClient sandbox_client(RecordingTransport& t) { return {t, sandbox_env(), 8089ULL}; }
static SubmittalClient production_client(RecordingTransport& t) { return {t, production_env(), 8089ULL}; }

static void test_token_uses_client_credentials() {
  RecordingTransport t;
  t.replies.push_back(R"({"access_token":"svc","token_type":"bearer","expires_in":5400})");
  auto c = sandbox_client(t);
  assert(c.authenticate("id", "secret"));
  assert(t.log[0].base == "https://login-sandbox.procore.com");
  assert(t.log[0].body.find("grant_type=client_credentials") == 0);
}

static void test_submittals_page_and_header() {
  RecordingTransport t;
  t.replies.push_back(R"([{"id":3000000042,"number":"03 30 00-1","status":{"name":"Open"}}])");
  auto c = production_client(t);
  auto subs = c.list_submittals(207, 3);
  assert(subs.size() == 1 && subs[0].id == 3000000042LL);
  assert(t.log[0].path == "/rest/v1.1/projects/207/submittals?page=3&per_page=100");
  assert(t.has_header(0, "Procore-Company-Id"));
}

static void test_me_carries_company_for_service_account() {
  RecordingTransport t;
  auto c = production_client(t);
  c.service_login();
  assert(t.log[0].base == "https://api.procore.com");
  assert(t.has_header(0, "Procore-Company-Id"));
}

static int run_tests() {
  test_token_uses_client_credentials();
  test_submittals_page_and_header();
  test_me_carries_company_for_service_account();
  std::puts("all submittal tests passed");
  return 0;
}

// ----------------------------------------------------------------------- main
int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--test") return run_tests();
  if (argc != 5 || std::string(argv[1]) != "sync") {
    std::fprintf(stderr, "usage: %s --test | sync <env> <company_id> <export.json>\n", argv[0]);
    return 2;
  }
  std::string which = argv[2];
  Env env = which == "sandbox" ? sandbox_env() : which == "monthly" ? monthly_env() : production_env();
  uint64_t company_id = std::stoull(argv[3]);

  std::ifstream in(argv[4]);
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document exportDoc;
  exportDoc.Parse(ss.str().c_str());
  if (!exportDoc.IsObject()) return 1;

  CppRestTransport net;
  SubmittalClient client(net, env, company_id);
  const char* cid = std::getenv("DMSA_CLIENT_ID");
  const char* sec = std::getenv("DMSA_CLIENT_SECRET");
  if (!cid || !sec || !client.authenticate(cid, sec)) return 1;

  auto companies = client.company_names();
  std::printf("service account %s sees %zu companies\n", client.service_login().c_str(), companies.size());

  int64_t project_id = exportDoc["procore_project_id"].GetInt64();
  int updated = 0;
  for (int page = 1; page < 50; ++page) {
    auto subs = client.list_submittals(project_id, page);
    if (subs.empty()) break;
    for (const auto& s : subs) {
      const char* key = s.number.c_str();
      if (!exportDoc["statuses"].HasMember(key)) continue;
      const auto& row = exportDoc["statuses"][key];
      int revision = row["revision"].GetInt();
      int64_t status_id = row["procore_status_id"].GetInt64();
      if (client.set_status(project_id, s.id, status_id) < 300) ++updated;
      std::printf("%-14s rev %d -> status %" PRId64 "\n", key, revision, status_id);
    }
  }
  client.notify("/webhook/pm-channel", std::to_string(updated) + " submittals updated");
  return 0;
}
