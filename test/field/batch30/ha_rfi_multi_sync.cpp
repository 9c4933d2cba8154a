// rfi_multi_sync -- pulls open RFIs for every active project of one Procore
// company through a single curl multi handle and appends them to an NDJSON
// spool that the warehouse loader picks up. Runs from cron every 10 minutes.
//
// Auth: refresh-token grant. The refresh token rotates on every use, so the new
// one is written back to refresh_token.txt before anything else happens.
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

constexpr const char* kLoginHost = "https://login.procore.com";
constexpr const char* kApiHost = "https://api.procore.com";
constexpr const char* kSlackHook = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX";
constexpr int kPerPage = 100;

struct Transfer {
  std::string url;
  std::string post_body;
  curl_slist* headers = nullptr;
  std::string response;
  long http_status = 0;
  CURL* easy = nullptr;
  std::function<void(Transfer&)> on_done;
  ~Transfer() {
    curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

struct Rfi {
  int id = 0;
  int64_t project_id = 0;
  int64_t assignee_id = 0;
  std::string subject;
  std::string status;
};

size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

class RequestBuilder {
 public:
  explicit RequestBuilder(std::string host) : host_(std::move(host)) {}
  RequestBuilder& path(std::string p) { path_ = std::move(p); return *this; }
  RequestBuilder& query(const std::string& k, const std::string& v) {
    query_ += query_.empty() ? '?' : '&';
    query_ += k + "=" + v;
    return *this;
  }
  RequestBuilder& header(const std::string& k, const std::string& v) {
    headers_[k] = v;
    return *this;
  }
  RequestBuilder& form(std::string body) { body_ = std::move(body); return *this; }
  std::unique_ptr<Transfer> build() {
    auto t = std::make_unique<Transfer>();
    t->url = host_ + path_ + query_;
    t->post_body = std::move(body_);
    for (const auto& kv : headers_)
      t->headers = curl_slist_append(t->headers, (kv.first + ": " + kv.second).c_str());
    return t;
  }

 private:
  std::string host_, path_, query_, body_;
  std::unordered_map<std::string, std::string> headers_;
};

class EventLoop {
 public:
  EventLoop() : multi_(curl_multi_init()) {}
  ~EventLoop() { curl_multi_cleanup(multi_); }

  void submit(std::unique_ptr<Transfer> t, std::function<void(Transfer&)> done) {
    t->on_done = std::move(done);
    t->easy = curl_easy_init();
    curl_easy_setopt(t->easy, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, &t->response);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
    if (!t->post_body.empty())
      curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->post_body.c_str());
    curl_multi_add_handle(multi_, t->easy);
    inflight_.push_back(std::move(t));
  }

  void run() {
    int running = 0;
    do {
      curl_multi_perform(multi_, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* raw = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &raw->http_status);
        curl_multi_remove_handle(multi_, msg->easy_handle);
        finish(raw);
      }
      if (running > 0) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    } while (running > 0 || !inflight_.empty());
  }

 private:
  void finish(Transfer* raw) {
    for (auto it = inflight_.begin(); it != inflight_.end(); ++it) {
      if (it->get() != raw) continue;
      std::unique_ptr<Transfer> owned = std::move(*it);
      inflight_.erase(it);
      if (owned->on_done) owned->on_done(*owned);
      return;
    }
  }

  CURLM* multi_;
  std::deque<std::unique_ptr<Transfer>> inflight_;
};

inline std::string bearer(const std::string& token) { return "Bearer " + token; }
inline int64_t id_of(const rapidjson::Value& v) { return v["id"].GetInt64(); }

std::string g_token;
int64_t g_company_id = 0;
std::unordered_set<int64_t> g_projects;
std::vector<Rfi> g_rfis;

void refresh_token(EventLoop& loop, const std::string& client_id,
                   const std::string& secret, const std::string& refresh) {
  auto t = RequestBuilder(kLoginHost)
               .path("/oauth/token")
               .header("Content-Type", "application/x-www-form-urlencoded")
               .form("grant_type=refresh_token&client_id=" + client_id +
                     "&client_secret=" + secret + "&refresh_token=" + refresh)
               .build();
  loop.submit(std::move(t), [](Transfer& done) {
    rapidjson::Document doc;
    doc.Parse(done.response.c_str());
    if (doc.HasParseError() || !doc.HasMember("access_token")) {
      std::fprintf(stderr, "token refresh failed: HTTP %ld\n", done.http_status);
      std::exit(2);
    }
    g_token = doc["access_token"].GetString();
    std::ofstream("refresh_token.txt", std::ios::trunc) << doc["refresh_token"].GetString();
  });
  loop.run();
}

void whoami(EventLoop& loop) {
  auto t = RequestBuilder(kApiHost)
               .path("/rest/v1.0/me")
               .header("Authorization", bearer(g_token))
               .build();
  loop.submit(std::move(t), [](Transfer& done) {
    rapidjson::Document doc;
    doc.Parse(done.response.c_str());
    if (doc.IsObject() && doc.HasMember("login"))
      std::fprintf(stderr, "syncing as %s\n", doc["login"].GetString());
  });
}

void fetch_rfis(EventLoop& loop, int64_t project_id, int page) {
  auto t = RequestBuilder(kApiHost)
               .path("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis")
               .query("page", std::to_string(page))
               .query("per_page", std::to_string(kPerPage))
               .query("filters[status]", "open")
               .header("Authorization", bearer(g_token))
               .build();
  loop.submit(std::move(t), [&loop, project_id, page](Transfer& done) {
    rapidjson::Document doc;
    doc.Parse(done.response.c_str());
    if (done.http_status != 200 || !doc.IsArray()) {
      std::fprintf(stderr, "rfis %lld: HTTP %ld\n", static_cast<long long>(project_id), done.http_status);
      return;
    }
    for (auto it = doc.Begin(); it != doc.End(); ++it) {
      Rfi rfi;
      rfi.id = (*it)["id"].GetInt64();
      rfi.project_id = project_id;
      if ((*it).HasMember("assignee") && (*it)["assignee"].IsObject())
        rfi.assignee_id = (*it)["assignee"]["id"].GetInt();
      rfi.subject = (*it)["subject"].GetString();
      rfi.status = (*it)["status"].GetString();
      g_rfis.push_back(std::move(rfi));
    }
    if (static_cast<int>(doc.Size()) == kPerPage) fetch_rfis(loop, project_id, page + 1);
  });
}

void fetch_projects(EventLoop& loop, int page) {
  auto t = RequestBuilder(kApiHost)
               .path("/rest/v1.0/projects")
               .query("company_id", std::to_string(g_company_id))
               .query("page", std::to_string(page))
               .query("per_page", std::to_string(kPerPage))
               .header("Authorization", bearer(g_token))
               .header("Procore-Company-Id", std::to_string(g_company_id))
               .build();
  loop.submit(std::move(t), [&loop, page](Transfer& done) {
    rapidjson::Document doc;
    doc.Parse(done.response.c_str());
    if (!doc.IsArray()) return;
    for (const auto& p : doc.GetArray()) {
      if (p.HasMember("active") && !p["active"].GetBool()) continue;
      int64_t pid = id_of(p);
      if (g_projects.insert(pid).second) fetch_rfis(loop, pid, 1);
    }
    if (static_cast<int>(doc.Size()) == kPerPage) fetch_projects(loop, page + 1);
  });
}

void write_spool(const char* path) {
  std::ofstream out(path, std::ios::app);
  for (const auto& r : g_rfis) {
    out << "{\"rfi_id\":" << r.id << ",\"project_id\":" << r.project_id
        << ",\"assignee_id\":" << r.assignee_id << ",\"status\":\"" << r.status
        << "\",\"link\":\"https://app.procore.com/" << r.project_id
        << "/project/rfi/show/" << r.id << "\"}\n";
  }
}

void notify_slack(EventLoop& loop, int open_count, int project_count) {
  std::string text = "{\"text\":\"RFI sync: " + std::to_string(open_count) +
                     " open RFIs across " + std::to_string(project_count) + " projects\"}";
  auto t = RequestBuilder(kSlackHook).header("Content-Type", "application/json").form(text).build();
  loop.submit(std::move(t), [](Transfer& done) {
    if (done.http_status != 200) std::fprintf(stderr, "slack: HTTP %ld\n", done.http_status);
  });
}

}  // namespace

int main() {
  const char* client_id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!client_id || !secret || !company) {
    std::fprintf(stderr, "PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID required\n");
    return 1;
  }
  std::string refresh;
  std::ifstream("refresh_token.txt") >> refresh;
  g_company_id = std::strtoll(company, nullptr, 10);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  {
    EventLoop loop;
    refresh_token(loop, client_id, secret, refresh);
    whoami(loop);
    fetch_projects(loop, 1);
    loop.run();
    write_spool("rfis.ndjson");
    notify_slack(loop, static_cast<int>(g_rfis.size()), static_cast<int>(g_projects.size()));
    loop.run();
  }
  curl_global_cleanup();
  return 0;
}
