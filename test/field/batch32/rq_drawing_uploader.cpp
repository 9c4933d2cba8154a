// drawing-uploader: watches the plotter output folder handed over by the
// design team and uploads new PDF sheets into a Procore drawing area.
//
//   drawing-uploader <project_id> <drawing_area_id> <sheet.pdf>...
//
// Uses the refresh token stored by the desktop login helper in ~/.config.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace procore {

constexpr const char* kBaseUrl = "https://api.procore.com";
constexpr const char* kStoragePrefix = "https://storage.procore.com/";

enum class Kind { Refresh, CreateUpload, PutFile, CreateDrawingUpload };

struct Request {
  Kind kind;
  std::string method;
  std::string path;
  std::string body;
  std::string content_type = "application/json";
  int priority = 0;
  int attempt = 0;
  std::int64_t company_id = 0;
  std::int64_t project_id = 0;
  std::int64_t area_id = 0;
  httplib::Headers headers;
  std::function<void(const json&)> on_ok;
};

inline std::string make_path(const Request& r) {
  switch (r.kind) {
    case Kind::Refresh: return "/oauth/token";
    case Kind::CreateUpload: return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/uploads";
    case Kind::PutFile: return r.path;  // presigned, filled in by the caller
    case Kind::CreateDrawingUpload:
      return "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/drawing_uploads";
  }
  return {};
}

class TokenBucket {
 public:
  TokenBucket(double per_sec, int burst) : per_sec_(per_sec), burst_(burst), avail_(burst) {}
  void take() {
    std::unique_lock<std::mutex> lk(m_);
    refill();
    while (avail_ < 1.0) {
      lk.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      lk.lock();
      refill();
    }
    avail_ -= 1.0;
  }
 private:
  void refill() {
    auto now = std::chrono::steady_clock::now();
    avail_ = std::min<double>(burst_, avail_ + per_sec_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }
  double per_sec_;
  int burst_;
  double avail_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::mutex m_;
};

}  // namespace procore

using procore::Kind;
using procore::Request;

struct Session {
  std::string client_id, client_secret, access, refresh;
  std::int64_t company_id = 0;
  bool trace = false;
};

static std::priority_queue<Request, std::vector<Request>, std::function<bool(const Request&, const Request&)>>
    g_queue([](const Request& a, const Request& b) { return a.priority < b.priority; });
static std::mutex g_mu;
static std::condition_variable g_cv;
static int g_outstanding = 0;
static procore::TokenBucket g_bucket(2.0, 10);

static void log_line(const std::string& s) {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char ts[24];
  std::strftime(ts, sizeof ts, "%H:%M:%S", std::localtime(&now));
  std::fprintf(stderr, "%s drawing-uploader: %s\n", ts, s.c_str());
}

static void enqueue(Request r) {
  if (r.kind != Kind::PutFile) r.path = procore::make_path(r);
  std::lock_guard<std::mutex> lk(g_mu);
  ++g_outstanding;
  g_queue.push(std::move(r));
  g_cv.notify_all();
}

static std::vector<std::function<void(Request&)>> make_interceptors(Session& s) {
  std::vector<std::function<void(Request&)>> v;
  v.push_back([](Request& r) { r.headers.emplace("User-Agent", "drawing-uploader/3.0.2 (Windows; plotter-bridge)"); });
  v.push_back([&s](Request& r) {
    if (r.kind == Kind::Refresh) {
      r.body = json{{"grant_type", "refresh_token"}, {"refresh_token", s.refresh},
                    {"client_id", s.client_id}, {"client_secret", s.client_secret}}.dump();
    } else if (r.kind != Kind::PutFile) {
      r.headers.emplace("Authorization", "Bearer " + s.access);
      r.headers.emplace("Procore-Company-Id", std::to_string(s.company_id));
    }
  });
  if (s.trace)
    v.push_back([](Request& r) { r.headers.emplace("X-Request-Id", std::to_string(std::rand())); });
  v.push_back([](Request& r) { ++r.attempt; });
  return v;
}

static httplib::Result transport(Request& r) {
  g_bucket.take();
  if (r.kind == Kind::PutFile) {
    auto host_end = r.path.find('/', 8);
    httplib::Client storage(r.path.substr(0, host_end));
    return storage.Put(r.path.substr(host_end), r.headers, r.body, r.content_type.c_str());
  }
  httplib::Client api(procore::kBaseUrl);
  api.set_read_timeout(120);
  if (r.method == "POST") return api.Post(r.path, r.headers, r.body, r.content_type.c_str());
  return api.Get(r.path, r.headers);
}

static std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int main(int argc, char** argv) {
  if (argc < 4) { std::fprintf(stderr, "usage: %s <project_id> <drawing_area_id> <sheet.pdf>...\n", argv[0]); return 2; }
  Session s;
  s.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  s.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  s.refresh = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
  s.company_id = std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0", nullptr, 10);
  s.trace = std::getenv("UPLOADER_TRACE") != nullptr;
  const std::int64_t project_id = std::strtoll(argv[1], nullptr, 10);
  const std::int64_t area_id = atol(argv[2]);
  auto interceptors = make_interceptors(s);

  auto work = [&] {
    for (;;) {
      Request r;
      {
        std::unique_lock<std::mutex> lk(g_mu);
        g_cv.wait(lk, [] { return !g_queue.empty() || g_outstanding == 0; });
        if (g_queue.empty()) return;
        r = g_queue.top();
        g_queue.pop();
      }
      for (auto& ic : interceptors) ic(r);
      auto res = transport(r);
      if (res && res->status == 401 && r.kind != Kind::Refresh && r.kind != Kind::PutFile) {
        log_line("401 on " + r.path + ", refreshing token and retrying once");
        httplib::Client auth(procore::kBaseUrl);
        auto tr = auth.Post("/oauth/token", json{{"grant_type", "refresh_token"}, {"refresh_token", s.refresh},
                                                 {"client_id", s.client_id}, {"client_secret", s.client_secret}}.dump(),
                            "application/json");
        if (tr && tr->status == 200) {
          auto tj = json::parse(tr->body);
          s.access = tj.at("access_token").get<std::string>();
          s.refresh = tj.value("refresh_token", s.refresh);
          httplib::Client api(procore::kBaseUrl);
          res = api.Post(r.path, httplib::Headers{{"Authorization", "Bearer " + s.access}}, r.body, "application/json");
        }
      }
      if (!res || res->status >= 300) {
        log_line("failed " + r.method + " " + r.path + " status=" + std::to_string(res ? res->status : -1));
      } else if (r.on_ok) {
        r.on_ok(res->body.empty() ? json::object() : json::parse(res->body));
      }
      std::lock_guard<std::mutex> lk(g_mu);
      if (--g_outstanding == 0) g_cv.notify_all();
    }
  };

  Request rf{Kind::Refresh, "POST"};
  rf.priority = 100;
  rf.on_ok = [&s](const json& j) { s.access = j.at("access_token").get<std::string>(); s.refresh = j.value("refresh_token", s.refresh); };
  enqueue(rf);

  for (int i = 3; i < argc; ++i) {
    std::string file = argv[i];
    std::string name = file.substr(file.find_last_of("/\\") + 1);
    Request cu{Kind::CreateUpload, "POST"};
    cu.project_id = project_id;
    cu.body = json{{"response_filename", name}, {"response_content_type", "application/pdf"}}.dump();
    cu.on_ok = [file, name, project_id, area_id](const json& up) {
      std::string url = up.at("url").get<std::string>();
      if (url.rfind(procore::kStoragePrefix, 0) != 0) { log_line("unexpected upload url " + url); return; }
      Request put{Kind::PutFile, "PUT"};
      put.path = url;
      put.body = slurp(file);
      put.content_type = "application/pdf";
      put.on_ok = [uuid = up.at("uuid").get<std::string>(), name, project_id, area_id](const json&) {
        Request du{Kind::CreateDrawingUpload, "POST"};
        du.project_id = project_id;
        du.body = json{{"drawing_area_id", area_id}, {"files", {{{"upload_uuid", uuid}}}}}.dump();
        du.on_ok = [name, area_id](const json&) {
          std::printf("queued %s for drawing area %d\n", name.c_str(), static_cast<int>(area_id));
        };
        enqueue(du);
      };
      enqueue(put);
    };
    enqueue(cu);
  }
  std::thread worker(work);
  worker.join();
  std::printf("done; review at https://app.procore.com/%lld/project/drawing_log\n", static_cast<long long>(project_id));
  return 0;
}
