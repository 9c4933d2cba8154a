// rfi-sync daemon: pulls RFIs for the configured projects into the local cache
// and pushes status changes back. Runs under systemd (deploy/rfi-sync.service).
// Calls go through one request queue so the rate limiter sees all of them.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <mutex>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

const char* kLoginBase = "https://login.procore.com";
const char* kApiBase = "https://api.procore.com";

void log(const char* level, const std::string& msg) {
  std::time_t now = std::time(nullptr);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::fprintf(stderr, "%s [%s] rfi-sync: %s\n", ts, level, msg.c_str());
}

enum class Op { RefreshToken, Me, ListProjects, ListRfis, UpdateRfi };

struct Request {
  Op op;
  std::string method;
  std::string path;
  std::string body;
  int priority = 0;
  int attempts = 0;
  std::int64_t company_id = 0;
  std::int64_t project_id = 0;
  std::int64_t rfi_id = 0;
  httplib::Headers headers;
  std::function<void(const json&)> on_done;
};

struct ByPriority {
  bool operator()(const Request& a, const Request& b) const { return a.priority < b.priority; }
};

std::string build_path(const Request& r) {
  switch (r.op) {
    case Op::RefreshToken: return "/oauth/token";
    case Op::Me: return "/rest/v1.0/me";
    case Op::ListProjects: return "/rest/v1.0/projects?company_id=" + std::to_string(r.company_id);
    case Op::ListRfis: return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/rfis";
    case Op::UpdateRfi:
      return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/rfis/" + std::to_string(r.rfi_id);
  }
  return {};
}

class TokenBucket {
 public:
  TokenBucket(double rate_per_sec, double burst) : rate_(rate_per_sec), cap_(burst), tokens_(burst) {}
  void acquire() {
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
      refill();
      if (tokens_ >= 1.0) { tokens_ -= 1.0; return; }
      lk.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      lk.lock();
    }
  }
 private:
  void refill() {
    auto now = std::chrono::steady_clock::now();
    double dt = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(cap_, tokens_ + dt * rate_);
  }
  double rate_, cap_, tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::mutex mu_;
};

struct RfiRow {
  int id;
  std::string number;
  std::string subject;
  std::string status;
};

std::priority_queue<Request, std::vector<Request>, ByPriority> g_queue;
std::mutex g_mu;
std::condition_variable g_cv;
std::atomic<bool> g_stop{false};
std::vector<std::function<void(Request&)>> g_interceptors;
std::string g_access_token;
std::string g_refresh_token;
TokenBucket g_bucket(1.0, 20.0);  // Procore allows 3600/h per token

void enqueue(Request r) {
  r.path = build_path(r);
  {
    std::lock_guard<std::mutex> lk(g_mu);
    g_queue.push(std::move(r));
  }
  g_cv.notify_one();
}

json transport(httplib::Client& login, httplib::Client& api, Request& r) {
  httplib::Client& cli = (r.op == Op::RefreshToken) ? login : api;
  auto dispatch = [&]() -> httplib::Result {
    if (r.method == "POST") return cli.Post(r.path, r.headers, r.body, "application/x-www-form-urlencoded");
    if (r.method == "PATCH") return cli.Patch(r.path, r.headers, r.body, "application/json");
    return cli.Get(r.path, r.headers);
  };
  g_bucket.acquire();
  auto res = dispatch();
  if (!res) throw std::runtime_error("transport error " + httplib::to_string(res.error()));
  int status = res->status;
  log("DEBUG", r.method + " " + r.path + " -> " + std::to_string(status));
  if (status == 429 || status >= 500) throw std::runtime_error("retryable " + std::to_string(status));
  if (status >= 400) throw std::invalid_argument("HTTP " + std::to_string(status) + ": " + res->body);
  return res->body.empty() ? json::object() : json::parse(res->body);
}

void worker(int n) {
  httplib::Client login(kLoginBase);
  httplib::Client api(kApiBase);
  api.set_read_timeout(30);
  for (;;) {
    Request r;
    {
      std::unique_lock<std::mutex> lk(g_mu);
      g_cv.wait(lk, [] { return g_stop || !g_queue.empty(); });
      if (g_stop && g_queue.empty()) return;
      r = g_queue.top();
      g_queue.pop();
    }
    for (auto& ic : g_interceptors) ic(r);
    try {
      json body = transport(login, api, r);
      if (r.on_done) r.on_done(body);
    } catch (const std::runtime_error& e) {
      log("WARN", "worker " + std::to_string(n) + ": " + e.what() + ", attempt " + std::to_string(r.attempts));
      if (r.attempts < 4) { r.headers.clear(); enqueue(r); }
    } catch (const std::exception& e) {
      log("ERROR", std::string("dropping request: ") + e.what());
    }
  }
}

void install_interceptors(const std::string& client_id, const std::string& client_secret) {
  g_interceptors.push_back([](Request& r) {
    r.headers.emplace("User-Agent", "rfi-sync/2.3.1 (+ops@harbourbuild.example)");
  });
  g_interceptors.push_back([client_id, client_secret](Request& r) {
    if (r.op != Op::RefreshToken) return;
    r.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + client_secret +
             "&refresh_token=" + g_refresh_token;
  });
  g_interceptors.push_back([](Request& r) {
    if (r.op != Op::RefreshToken) r.headers.emplace("Authorization", "Bearer " + g_access_token);
  });
  // Company header on the project-scoped calls; /me doesn't want it.
  g_interceptors.push_back([](Request& r) {
    if (r.op == Op::ListRfis || r.op == Op::UpdateRfi)
      r.headers.emplace("Procore-Company-Id", std::to_string(r.company_id));
  });
  g_interceptors.push_back([](Request& r) { ++r.attempts; });
}

}  // namespace

int main() {
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  const char* projects = std::getenv("RFI_SYNC_PROJECTS");
  if (!cid || !secret || !refresh || !company || !projects) {
    log("ERROR", "missing PROCORE_* / RFI_SYNC_PROJECTS environment");
    return 2;
  }
  g_refresh_token = refresh;
  const std::int64_t company_id = std::stoll(company);
  install_interceptors(cid, secret);

  std::vector<std::thread> pool;
  for (int i = 0; i < 2; ++i) pool.emplace_back(worker, i);

  Request tok{Op::RefreshToken, "POST"};
  tok.priority = 100;
  tok.on_done = [](const json& j) {
    g_access_token = j.at("access_token").get<std::string>();
    g_refresh_token = j.value("refresh_token", g_refresh_token);
    log("INFO", "access token refreshed");
  };
  enqueue(tok);
  std::this_thread::sleep_for(std::chrono::seconds(2));

  Request me{Op::Me, "GET"};
  me.priority = 50;
  me.on_done = [](const json& j) { log("INFO", "running as " + j.value("login", std::string("?"))); };
  enqueue(me);

  Request lp{Op::ListProjects, "GET"};
  lp.company_id = company_id;
  lp.priority = 40;
  lp.on_done = [](const json& j) { log("INFO", "company has " + std::to_string(j.size()) + " visible projects"); };
  enqueue(lp);

  std::stringstream ss(projects);
  std::string tok_s;
  while (std::getline(ss, tok_s, ',')) {
    std::int64_t pid = std::stoi(tok_s);
    Request lr{Op::ListRfis, "GET"};
    lr.company_id = company_id;
    lr.project_id = pid;
    lr.priority = 10;
    lr.on_done = [company_id, pid](const json& arr) {
      for (const auto& item : arr) {
        RfiRow row;
        row.id = item.at("id");
        row.number = item.value("number", "");
        row.subject = item.value("subject", "");
        row.status = item.value("status", "");
        if (row.status == "closed") continue;
        std::printf("%s  %-40s  https://app.procore.com/%lld/project/rfis/%s\n", row.number.c_str(),
                    row.subject.c_str(), static_cast<long long>(pid), row.number.c_str());
        if (row.status == "draft") {
          Request up{Op::UpdateRfi, "PATCH"};
          up.company_id = company_id;
          up.project_id = pid;
          up.rfi_id = row.id;
          up.body = json{{"rfi", {{"status", "open"}}}}.dump();
          enqueue(up);
        }
      }
    };
    enqueue(lr);
  }

  std::this_thread::sleep_for(std::chrono::minutes(5));
  g_stop = true;
  g_cv.notify_all();
  for (auto& t : pool) t.join();
  log("INFO", "cycle complete");
  return 0;
}
