// submittal-push: create submittals in a Procore sandbox project from a CSV
// export of the spec book.
//
//   submittal-push --code <auth code> --project <id> --vendor <id> specs.csv
//
// The auth code comes from the browser consent page (see --help for the link).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

static const std::string kAuthBase = "https://sandbox.procore.com";
static const std::string kApiBase = "https://sandbox.procore.com";
static const std::string kRedirectUri = "http://localhost:8765/callback";
static const int kRedirectPort = 8765;

#define LOG(lvl, msg) (std::clog << "[" << lvl << "] submittal-push: " << msg << std::endl)

enum class Kind { ExchangeCode, ListSpecSections, CreateSubmittal, AssignVendor };

struct Call {
  Kind kind;
  std::string method;
  std::string path;
  std::string body;
  int priority = 0;
  int retries = 0;
  std::int64_t project_id = 0;
  std::int64_t submittal_id = 0;
  httplib::Headers headers;
  std::function<void(const json&)> done;
  bool operator<(const Call& o) const { return priority < o.priority; }
};

static std::string route(const Call& c) {
  const std::string p = std::to_string(c.project_id);
  switch (c.kind) {
    case Kind::ExchangeCode: return "/oauth/token";
    case Kind::ListSpecSections: return "/rest/v1.0/specification_sections?project_id=" + p;
    case Kind::CreateSubmittal: return "/rest/v1.1/projects/" + p + "/submittals";
    case Kind::AssignVendor:
      return "/rest/v1.1/projects/" + p + "/submittals/" + std::to_string(c.submittal_id);
  }
  return "/";
}

struct Settings {
  std::string client_id, client_secret, code;
  std::int64_t company_id = 0;
  std::int64_t project_id = 0;
  bool verbose = false;
};

class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : capacity_(per_minute), tokens_(per_minute) {}
  void take() {
    std::lock_guard<std::mutex> lk(mu_);
    auto now = std::chrono::steady_clock::now();
    tokens_ += std::chrono::duration<double>(now - stamp_).count() * capacity_ / 60.0;
    if (tokens_ > capacity_) tokens_ = capacity_;
    stamp_ = now;
    if (tokens_ < 1.0) {
      auto wait = std::chrono::duration<double>((1.0 - tokens_) * 60.0 / capacity_);
      LOG("DEBUG", "rate limited, sleeping " << wait.count() << "s");
      std::this_thread::sleep_for(wait);
      tokens_ = 1.0;
    }
    tokens_ -= 1.0;
  }
 private:
  int capacity_;
  double tokens_;
  std::chrono::steady_clock::time_point stamp_ = std::chrono::steady_clock::now();
  std::mutex mu_;
};

class CallQueue {
 public:
  void push(Call c) {
    c.path = route(c);
    std::lock_guard<std::mutex> lk(mu_);
    q_.push(std::move(c));
    ++pending_;
    cv_.notify_one();
  }
  bool pop(Call& out) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return closed_ || !q_.empty(); });
    if (q_.empty()) return false;
    out = q_.top();
    q_.pop();
    return true;
  }
  void finished() { std::lock_guard<std::mutex> lk(mu_); if (--pending_ == 0) idle_.notify_all(); }
  void wait_idle() { std::unique_lock<std::mutex> lk(mu_); idle_.wait(lk, [this] { return pending_ == 0; }); }
  void close() { std::lock_guard<std::mutex> lk(mu_); closed_ = true; cv_.notify_all(); }
 private:
  std::priority_queue<Call> q_;
  std::mutex mu_;
  std::condition_variable cv_, idle_;
  int pending_ = 0;
  bool closed_ = false;
};

static std::string g_token;
static RateLimiter g_limiter(50);
static std::vector<std::function<void(Call&)>> g_chain;

static json send(Call& c) {
  httplib::Client cli(c.kind == Kind::ExchangeCode ? kAuthBase : kApiBase);
  cli.set_connection_timeout(10);
  g_limiter.take();
  auto res = c.method == "POST"    ? cli.Post(c.path, c.headers, c.body, "application/json")
             : c.method == "PATCH" ? cli.Patch(c.path, c.headers, c.body, "application/json")
                                   : cli.Get(c.path, c.headers);
  if (!res) throw std::runtime_error("no response for " + c.path);
  if (res->status >= 300) throw std::runtime_error(std::to_string(res->status) + " " + res->body);
  return json::parse(res->body);
}

static void build_chain(const Settings& s) {
  g_chain.push_back([](Call& c) { c.headers.emplace("User-Agent", "submittal-push/0.9"); });
  g_chain.push_back([](Call& c) {
    if (c.kind != Kind::ExchangeCode) c.headers.emplace("Authorization", "Bearer " + g_token);
  });
  g_chain.push_back([cid = s.company_id](Call& c) {
    if (c.kind != Kind::ExchangeCode) c.headers.emplace("Procore-Company-Id", std::to_string(cid));
  });
  if (s.verbose)
    g_chain.push_back([](Call& c) { LOG("TRACE", c.method << " " << c.path << " retry=" << c.retries); });
}

int main(int argc, char** argv) {
  Settings s;
  long vendor_id = 0;
  std::string csv_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--code" && i + 1 < argc) s.code = argv[++i];
    else if (a == "--project" && i + 1 < argc) s.project_id = std::stoll(argv[++i]);
    else if (a == "--vendor" && i + 1 < argc) vendor_id = std::strtol(argv[++i], nullptr, 10);
    else if (a == "-v") s.verbose = true;
    else if (a == "--help") {
      std::cout << "Get a code at https://login-sandbox.procore.com/oauth/authorize?response_type=code"
                   "&client_id=<id>&redirect_uri=http://localhost:8765/callback\n"
                   "Docs: https://developers.procore.com/reference/rest/submittals\n";
      return 0;
    } else csv_path = a;
  }
  const char* id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!id || !secret || !company || s.code.empty() || csv_path.empty()) {
    LOG("ERROR", "usage: submittal-push --code C --project P --vendor V file.csv");
    return 2;
  }
  s.client_id = id;
  s.client_secret = secret;
  s.company_id = std::stoll(company);
  build_chain(s);

  CallQueue queue;
  std::thread worker([&queue] {
    Call c;
    while (queue.pop(c)) {
      for (auto& f : g_chain) f(c);
      try {
        json j = send(c);
        if (c.done) c.done(j);
      } catch (const std::exception& e) {
        LOG("WARN", e.what());
        if (++c.retries < 3) { c.headers.clear(); queue.push(c); }
      }
      queue.finished();
    }
  });

  Call ex{Kind::ExchangeCode, "POST"};
  ex.priority = 10;
  ex.body = json{{"grant_type", "authorization_code"}, {"code", s.code}, {"client_id", s.client_id},
                 {"client_secret", s.client_secret}, {"redirect_uri", kRedirectUri}}.dump();
  ex.done = [](const json& j) { g_token = j.at("access_token").get<std::string>(); };
  queue.push(ex);
  queue.wait_idle();
  if (g_token.empty()) { queue.close(); worker.join(); return 1; }

  // Make sure the project exists before we start creating things in it.
  httplib::Client pre(kApiBase);
  auto chk = pre.Get("/rest/v1.0/projects/" + std::to_string(s.project_id),
                     httplib::Headers{{"Authorization", "Bearer " + g_token}});
  if (!chk || chk->status != 200) {
    LOG("ERROR", "project " << s.project_id << " not reachable (callback port " << kRedirectPort << ")");
    queue.close(); worker.join(); return 1;
  }

  std::ifstream in(csv_path);
  std::string line;
  int created = 0;
  while (std::getline(in, line)) {
    auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    Call cs{Kind::CreateSubmittal, "POST"};
    cs.project_id = s.project_id;
    cs.body = json{{"submittal", {{"title", line.substr(comma + 1)}, {"number", line.substr(0, comma)}}}}.dump();
    cs.done = [&queue, &s, vendor_id, &created](const json& j) {
      int submittal_id = j["id"].get<int>();
      ++created;
      Call av{Kind::AssignVendor, "PATCH"};
      av.project_id = s.project_id;
      av.submittal_id = submittal_id;
      av.priority = 5;
      av.body = json{{"submittal", {{"responsible_contractor_id", vendor_id}}}}.dump();
      queue.push(av);
    };
    queue.push(cs);
  }
  queue.wait_idle();
  queue.close();
  worker.join();
  LOG("INFO", created << " submittals created in project " << s.project_id);
  return 0;
}
