// rfi_sync: mirrors open RFIs from Procore into the field tracker.
// All HTTP goes through a small middleware pipeline (see Pipeline below);
// the OAuth and REST clients each get their own chain at startup.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace hdr {
constexpr const char* kAuthorization = "Authorization";
constexpr const char* kCompany = "Procore-Company-Id";
constexpr const char* kUserAgent = "User-Agent";
constexpr const char* kContentType = "Content-Type";
}  // namespace hdr

constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kApiBase = "https://api.procore.com";

struct Request {
  std::string method = "GET";
  std::string url;
  std::string path;  // kept separately so middlewares can route on it
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct Response {
  long status = 0;
  std::string body;
};

class Middleware {
 public:
  virtual ~Middleware() = default;
  virtual void before(Request& req) = 0;
  virtual void after(const Request&, Response&) {}
};

class UserAgentMw : public Middleware {
 public:
  explicit UserAgentMw(std::string ua) : ua_(std::move(ua)) {}
  void before(Request& req) override { req.headers.emplace_back(hdr::kUserAgent, ua_); }

 private:
  std::string ua_;
};

class BearerMw : public Middleware {
 public:
  explicit BearerMw(const std::string& token) : token_(token) {}
  void before(Request& req) override {
    req.headers.emplace_back(hdr::kAuthorization, "Bearer " + token_);
  }

 private:
  std::string token_;
};

class CompanyScopeMw : public Middleware {
 public:
  explicit CompanyScopeMw(int64_t company_id) : company_id_(company_id) {}
  void before(Request& req) override {
    // company-level routes already carry the id in the path
    if (req.path.find("/companies/") != std::string::npos) return;
    req.headers.emplace_back(hdr::kCompany, std::to_string(company_id_));
  }

 private:
  int64_t company_id_;
};

class LogMw : public Middleware {
 public:
  void before(Request& req) override { std::cerr << "> " << req.method << " " << req.path << "\n"; }
  void after(const Request& req, Response& res) override {
    std::cerr << "< " << res.status << " " << req.path << " (" << res.body.size() << " bytes)\n";
  }
};

static size_t collect(char* data, size_t size, size_t nmemb, void* user) {
  static_cast<std::string*>(user)->append(data, size * nmemb);
  return size * nmemb;
}

// Terminal transport. Everything ends up here, pipeline or not.
static Response transport(const Request& req) {
  Response res;
  CURL* h = curl_easy_init();
  if (!h) return res;
  curl_slist* list = nullptr;
  for (const auto& kv : req.headers)
    list = curl_slist_append(list, (kv.first + ": " + kv.second).c_str());
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &res.body);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  if (curl_easy_perform(h) == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(h);
  return res;
}

class Pipeline {
 public:
  void use(std::unique_ptr<Middleware> mw) { chain_.push_back(std::move(mw)); }
  void set_attempts(int n) { attempts_ = n; }

  Response send(Request req) {
    for (auto& mw : chain_) mw->before(req);
    Response res;
    for (int attempt = 0; attempt < attempts_; ++attempt) {
      res = transport(req);
      if (res.status != 429 && res.status < 500) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500 << attempt));
    }
    for (auto& mw : chain_) mw->after(req, res);
    return res;
  }

 private:
  std::vector<std::unique_ptr<Middleware>> chain_;
  int attempts_ = 1;
};

struct Config {
  int64_t company_id = 0;
  std::string client_id, client_secret, refresh_token;
  bool verbose = false;
};

struct Project {
  int64_t id = 0;
  std::string name;
};

struct Rfi {
  int32_t id = 0;
  int64_t project_id = 0;
  std::string number;
  std::string subject;
  std::string status;
  int64_t assignee_id = 0;
};

static Pipeline make_oauth_pipeline(const Config& cfg) {
  Pipeline p;
  p.use(std::make_unique<UserAgentMw>("rfi-sync/2.3"));
  if (cfg.verbose) p.use(std::make_unique<LogMw>());
  p.set_attempts(2);
  return p;
}

static Pipeline make_rest_pipeline(const Config& cfg, const std::string& token) {
  Pipeline p;
  p.use(std::make_unique<UserAgentMw>("rfi-sync/2.3"));
  p.use(std::make_unique<BearerMw>(token));
  if (cfg.company_id != 0) p.use(std::make_unique<CompanyScopeMw>(cfg.company_id));
  if (cfg.verbose) p.use(std::make_unique<LogMw>());
  p.set_attempts(4);
  return p;
}

static Request rest(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  r.url = std::string(kApiBase) + path;
  return r;
}

// Escape hatch: no middlewares at all. Only for the token sanity probe.
static Response raw_get(const std::string& url, const std::string& token) {
  Request r;
  r.url = url;
  r.path = url;
  r.headers = {{hdr::kAuthorization, "Bearer " + token}};
  return transport(r);
}

static std::string refresh_access_token(Pipeline& oauth, const Config& cfg) {
  Request r;
  r.method = "POST";
  r.path = "/oauth/token";
  r.url = std::string(kLoginBase) + r.path;
  r.headers.emplace_back(hdr::kContentType, "application/json");
  r.body = json{{"grant_type", "refresh_token"},
                {"client_id", cfg.client_id},
                {"client_secret", cfg.client_secret},
                {"refresh_token", cfg.refresh_token}}.dump();
  Response res = oauth.send(r);
  if (res.status != 200) return {};
  return json::parse(res.body).value("access_token", "");
}

static std::vector<Project> list_projects(Pipeline& api, int64_t company_id) {
  std::vector<Project> out;
  Response res = api.send(rest("GET", "/rest/v1.0/companies/" + std::to_string(company_id) + "/projects"));
  if (res.status != 200) return out;
  for (const auto& j : json::parse(res.body))
    out.push_back({j.at("id").get<int64_t>(), j.value("name", "")});
  return out;
}

static std::vector<Rfi> list_open_rfis(Pipeline& api, int64_t project_id) {
  std::vector<Rfi> out;
  for (int page = 1;; ++page) {
    std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                       "/rfis?filters[status]=open&per_page=100&page=" + std::to_string(page);
    Response res = api.send(rest("GET", path));
    if (res.status != 200) break;
    json arr = json::parse(res.body);
    if (arr.empty()) break;
    for (const auto& j : arr) {
      Rfi r;
      j.at("id").get_to(r.id);
      r.project_id = project_id;
      r.number = j.value("number", "");
      r.subject = j.value("subject", "");
      r.status = j.value("status", "");
      r.assignee_id = j.value("assignee_id", 0);
      out.push_back(r);
    }
  }
  return out;
}

static bool mark_synced(Pipeline& api, const Rfi& rfi) {
  Request r = rest("PATCH", "/rest/v1.0/projects/" + std::to_string(rfi.project_id) + "/rfis/" +
                                std::to_string(rfi.id));
  r.headers.emplace_back(hdr::kContentType, "application/json");
  r.body = json{{"rfi", {{"private", false}}}}.dump();
  return api.send(r).status == 200;
}

int main(int argc, char** argv) {
  Config cfg;
  if (const char* c = std::getenv("PROCORE_COMPANY_ID")) cfg.company_id = std::stoll(c);
  if (const char* v = std::getenv("PROCORE_CLIENT_ID")) cfg.client_id = v;
  if (const char* v = std::getenv("PROCORE_CLIENT_SECRET")) cfg.client_secret = v;
  if (const char* v = std::getenv("PROCORE_REFRESH_TOKEN")) cfg.refresh_token = v;
  cfg.verbose = argc > 1 && std::string(argv[1]) == "-v";

  curl_global_init(CURL_GLOBAL_DEFAULT);
  Pipeline oauth = make_oauth_pipeline(cfg);
  std::string token = refresh_access_token(oauth, cfg);
  if (token.empty()) {
    std::cerr << "token refresh failed\n";
    return 1;
  }
  if (raw_get(std::string(kApiBase) + "/rest/v1.0/me", token).status != 200) {
    std::cerr << "token rejected by /me\n";
    return 1;
  }

  Pipeline api = make_rest_pipeline(cfg, token);
  int synced = 0;
  for (const Project& p : list_projects(api, cfg.company_id)) {
    for (const Rfi& rfi : list_open_rfis(api, p.id)) {
      if (!mark_synced(api, rfi)) continue;
      ++synced;
      std::cout << rfi.number << "\t" << rfi.subject << "\thttps://app.procore.com/" << p.id
                << "/project/rfi/show/" << rfi.id << "\n";
    }
  }
  std::cerr << synced << " RFIs synced\n";
  curl_global_cleanup();
  return 0;
}
