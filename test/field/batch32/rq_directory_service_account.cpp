// directory-provisioner: runs nightly as a Developer Managed Service Account and
// makes sure every active employee from the HR export is on the project
// directory of the projects their crew is assigned to. Monthly sandbox first,
// production once the pilot is signed off.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

static const char* kLoginHost = "login-sandbox-monthly.procore.com";
static const char* kApiHost = "api-monthly.procore.com";
static const char* kSlackHost = "hooks.slack.com";

static std::mutex g_log_mu;
static void logf(const char* lvl, const std::string& m) {
  std::lock_guard<std::mutex> lk(g_log_mu);
  auto t = std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  std::fprintf(stderr, "%lld %-5s provisioner %s\n", static_cast<long long>(t), lvl, m.c_str());
}

enum class OpKind { Me, ListCompanies, ListProjects, ListProjectUsers, AddProjectUser };

struct Req {
  OpKind kind;
  std::string method = "GET";
  std::string path;
  std::string body;
  int prio = 0;
  int tries = 0;
  bool skip = false;
  std::uint64_t company_id = 0;
  std::uint64_t project_id = 0;
  std::uint64_t user_id = 0;
  httplib::Headers headers;
  std::function<void(const json&)> then;
};

static std::string path_for(const Req& r) {
  switch (r.kind) {
    case OpKind::Me: return "/rest/v1.0/me";
    case OpKind::ListCompanies: return "/rest/v1.0/companies";
    case OpKind::ListProjects: return "/rest/v1.0/projects?company_id=" + std::to_string(r.company_id);
    case OpKind::ListProjectUsers: return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/users";
    case OpKind::AddProjectUser:
      return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/users/" + std::to_string(r.user_id) +
             "/actions/add";
  }
  return "";
}

struct Bucket {
  double rate, burst, level;
  std::chrono::steady_clock::time_point at = std::chrono::steady_clock::now();
  std::mutex mu;
  Bucket(double r, double b) : rate(r), burst(b), level(b) {}
  void wait_token() {
    std::unique_lock<std::mutex> lk(mu);
    while (true) {
      auto now = std::chrono::steady_clock::now();
      level = std::min(burst, level + rate * std::chrono::duration<double>(now - at).count());
      at = now;
      if (level >= 1.0) break;
      lk.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      lk.lock();
    }
    level -= 1.0;
  }
};

struct Config {
  std::string client_id, client_secret, slack_path;
  std::uint64_t company_id = 0;
  bool dry_run = true;
};

static std::priority_queue<Req, std::vector<Req>, std::function<bool(const Req&, const Req&)>> g_q(
    [](const Req& a, const Req& b) { return a.prio < b.prio; });
static std::mutex g_qmu;
static std::condition_variable g_qcv;
static bool g_done = false;
static std::vector<std::function<void(Req&)>> g_interceptors;
static Bucket g_bucket(0.9, 30);
static std::map<int32_t, std::string> g_user_names;
static std::vector<std::int64_t> g_hr_user_ids;

static void submit(Req r) {
  r.path = path_for(r);
  std::lock_guard<std::mutex> lk(g_qmu);
  g_q.push(std::move(r));
  g_qcv.notify_one();
}

// Client-credentials token, fetched lazily by the auth interceptor.
static std::string g_token;
static std::chrono::steady_clock::time_point g_token_exp;
static std::mutex g_token_mu;
static std::string current_token(const Config& cfg) {
  std::lock_guard<std::mutex> lk(g_token_mu);
  if (!g_token.empty() && std::chrono::steady_clock::now() < g_token_exp) return g_token;
  httplib::SSLClient login(kLoginHost, 443);
  httplib::Params form{{"grant_type", "client_credentials"},
                       {"client_id", cfg.client_id},
                       {"client_secret", cfg.client_secret}};
  auto res = login.Post("/oauth/token", form);
  if (!res || res->status != 200) throw std::runtime_error("token request failed");
  json j = json::parse(res->body);
  g_token = j.at("access_token").get<std::string>();
  g_token_exp = std::chrono::steady_clock::now() + std::chrono::seconds(j.value("expires_in", 3600) - 120);
  logf("INFO", "service account token renewed");
  return g_token;
}

static void setup_interceptors(const Config& cfg) {
  g_interceptors.push_back([](Req& r) { r.headers.emplace("User-Agent", "hr-directory-provisioner/1.4"); });
  g_interceptors.push_back([&cfg](Req& r) { r.headers.emplace("Authorization", "Bearer " + current_token(cfg)); });
  // /me and /companies are exempt from the company header
  g_interceptors.push_back([&cfg](Req& r) {
    if (r.kind == OpKind::Me || r.kind == OpKind::ListCompanies) return;
    r.headers.emplace("Procore-Company-Id", std::to_string(cfg.company_id));
  });
  if (cfg.dry_run) {
    g_interceptors.push_back([](Req& r) {
      if (r.method != "GET") { r.skip = true; logf("INFO", "[dry-run] would " + r.method + " " + r.path); }
    });
  }
  g_interceptors.push_back([](Req& r) { r.headers.emplace("X-Attempt", std::to_string(++r.tries)); });
}

static void transport(httplib::SSLClient& api, Req& r) {
  g_bucket.wait_token();
  auto res = (r.method == "POST") ? api.Post(r.path, r.headers, r.body, "application/json")
                                  : api.Get(r.path, r.headers);
  if (!res) throw std::runtime_error(httplib::to_string(res.error()));
  if (res->status == 429) throw std::runtime_error("429 rate limited");
  if (res->status >= 400) {
    logf("ERROR", r.path + " -> " + std::to_string(res->status) + " " + res->body.substr(0, 200));
    return;
  }
  if (r.then) r.then(json::parse(res->body));
}

static void worker_loop() {
  httplib::SSLClient api(kApiHost, 443);
  api.set_read_timeout(45);
  for (;;) {
    Req r{OpKind::Me};
    {
      std::unique_lock<std::mutex> lk(g_qmu);
      g_qcv.wait(lk, [] { return g_done || !g_q.empty(); });
      if (g_q.empty()) return;
      r = g_q.top();
      g_q.pop();
    }
    for (auto& ic : g_interceptors) ic(r);
    if (r.skip) continue;
    try {
      transport(api, r);
    } catch (const std::exception& e) {
      logf("WARN", std::string(e.what()) + " on " + r.path);
      if (r.tries < 5) { r.headers.clear(); std::this_thread::sleep_for(std::chrono::seconds(r.tries)); submit(r); }
    }
  }
}

int main() {
  Config cfg;
  const char* id = std::getenv("DMSA_CLIENT_ID");
  const char* sec = std::getenv("DMSA_CLIENT_SECRET");
  const char* co = std::getenv("PROCORE_COMPANY_ID");
  if (!id || !sec || !co) { logf("ERROR", "DMSA_CLIENT_ID/DMSA_CLIENT_SECRET/PROCORE_COMPANY_ID required"); return 2; }
  cfg.client_id = id;
  cfg.client_secret = sec;
  cfg.company_id = std::strtoull(co, nullptr, 10);
  cfg.dry_run = std::getenv("PROVISION_APPLY") == nullptr;
  if (const char* s = std::getenv("SLACK_WEBHOOK_PATH")) cfg.slack_path = s;
  if (const char* ids = std::getenv("HR_PROCORE_USER_IDS")) {
    std::string all = ids;
    for (size_t pos = 0, next; pos < all.size(); pos = next + 1) {
      next = all.find(',', pos);
      if (next == std::string::npos) next = all.size();
      g_hr_user_ids.push_back(std::stoll(all.substr(pos, next - pos)));
    }
  }
  setup_interceptors(cfg);

  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i) workers.emplace_back(worker_loop);

  Req me{OpKind::Me};
  me.prio = 9;
  me.then = [](const json& j) { logf("INFO", "service account user " + j.value("name", std::string())); };
  submit(me);

  Req companies{OpKind::ListCompanies};
  companies.prio = 8;
  companies.then = [&cfg](const json& arr) {
    for (const auto& c : arr)
      if (c.at("id").get<std::uint64_t>() == cfg.company_id) return;
    logf("ERROR", "service account is not installed in company " + std::to_string(cfg.company_id));
  };
  submit(companies);

  Req projects{OpKind::ListProjects};
  projects.company_id = cfg.company_id;
  projects.then = [](const json& arr) {
    for (const auto& p : arr) {
      Req pu{OpKind::ListProjectUsers};
      pu.project_id = p.at("id").get<std::uint64_t>();
      pu.then = [pid = pu.project_id](const json& users) {
        std::vector<std::int64_t> present;
        for (const auto& u : users) {
          g_user_names[u.at("id").get<int32_t>()] = u.value("name", "");
          present.push_back(u.at("id").get<std::int64_t>());
        }
        for (std::int64_t hr : g_hr_user_ids) {
          if (std::find(present.begin(), present.end(), hr) != present.end()) continue;
          Req add{OpKind::AddProjectUser, "POST"};
          add.project_id = pid;
          add.user_id = static_cast<std::uint64_t>(hr);
          add.body = json{{"permission_template_id", nullptr}}.dump();
          submit(add);
        }
        char buf[96];
        std::snprintf(buf, sizeof buf, "project %ld has %zu directory users", static_cast<long>(pid), users.size());
        logf("INFO", buf);
      };
      submit(pu);
    }
  };
  submit(projects);

  std::this_thread::sleep_for(std::chrono::minutes(10));
  { std::lock_guard<std::mutex> lk(g_qmu); g_done = true; }
  g_qcv.notify_all();
  for (auto& w : workers) w.join();

  if (!cfg.slack_path.empty()) {
    httplib::SSLClient slack(kSlackHost, 443);
    json msg{{"text", "Directory sync finished: " + std::to_string(g_user_names.size()) +
                          " users seen. Details: https://support.procore.com/products/online/user-guide/project-level/directory"}};
    slack.Post(cfg.slack_path, msg.dump(), "application/json");
  }
  return 0;
}
