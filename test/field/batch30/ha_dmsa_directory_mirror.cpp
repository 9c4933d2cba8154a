// dmsa_directory_mirror -- nightly job that mirrors the Procore company
// directory (company users + per-project rosters) into directory.csv for the
// identity team. Runs headless under a Developer Managed Service Account, so
// it authenticates with the client-credentials grant.
//
// Setup notes for ops: https://support.procore.com/products/online/user-guide/company-level/admin/tutorials/add-a-developer-managed-service-account
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#define PROCORE_LOGIN_BASE "https://login.procore.com"
#define PROCORE_API_BASE "https://api.procore.com"

namespace {

using UserId = long;

struct Xfer {
  std::string url;
  std::string payload;
  curl_slist* hdrs = nullptr;
  std::string rx;
  CURL* easy = nullptr;
  void (*done)(Xfer&) = nullptr;
  int64_t project_id = 0;
  ~Xfer() {
    if (easy) curl_easy_cleanup(easy);
    if (hdrs) curl_slist_free_all(hdrs);
  }
};

struct UserRow {
  UserId id = 0;
  std::string name;
  std::string email;
  std::vector<int64_t> project_ids;
};

class RequestBuilder {
 public:
  explicit RequestBuilder(const char* base) : url_(base) {}
  RequestBuilder& path(const std::string& p) { url_ += p; return *this; }
  RequestBuilder& query(const std::string& k, const std::string& v) {
    url_ += (url_.find('?') == std::string::npos ? "?" : "&") + k + "=" + v;
    return *this;
  }
  RequestBuilder& header(const std::string& k, const std::string& v) { h_[k] = v; return *this; }
  RequestBuilder& post(std::string body) { body_ = std::move(body); return *this; }
  RequestBuilder& on_done(void (*cb)(Xfer&)) { cb_ = cb; return *this; }
  RequestBuilder& tag(int64_t project_id) { tag_ = project_id; return *this; }
  std::unique_ptr<Xfer> build() {
    auto x = std::make_unique<Xfer>();
    x->url = url_;
    x->payload = body_;
    x->done = cb_;
    x->project_id = tag_;
    for (const auto& kv : h_) x->hdrs = curl_slist_append(x->hdrs, (kv.first + ": " + kv.second).c_str());
    return x;
  }

 private:
  std::string url_, body_;
  std::unordered_map<std::string, std::string> h_;
  void (*cb_)(Xfer&) = nullptr;
  int64_t tag_ = 0;
};

size_t sink(char* p, size_t s, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, s * n);
  return s * n;
}

CURLM* g_multi = nullptr;
std::vector<std::unique_ptr<Xfer>> g_live;
std::string g_token;
int64_t g_company_id = 0;
std::unordered_map<UserId, UserRow> g_users;
std::unordered_set<int> g_seen_projects;

void launch(std::unique_ptr<Xfer> x) {
  x->easy = curl_easy_init();
  curl_easy_setopt(x->easy, CURLOPT_URL, x->url.c_str());
  curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
  curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, &x->rx);
  curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x.get());
  curl_easy_setopt(x->easy, CURLOPT_TIMEOUT, 60L);
  if (!x->payload.empty()) curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->payload.c_str());
  curl_multi_add_handle(g_multi, x->easy);
  g_live.push_back(std::move(x));
}

void pump() {
  int running = 0;
  do {
    curl_multi_perform(g_multi, &running);
    int pending = 0;
    while (CURLMsg* msg = curl_multi_info_read(g_multi, &pending)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Xfer* x = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &x);
      curl_multi_remove_handle(g_multi, msg->easy_handle);
      for (size_t i = 0; i < g_live.size(); ++i) {
        if (g_live[i].get() != x) continue;
        std::unique_ptr<Xfer> owned = std::move(g_live[i]);
        g_live.erase(g_live.begin() + static_cast<std::ptrdiff_t>(i));
        if (owned->done) owned->done(*owned);
        break;
      }
    }
    if (running) curl_multi_poll(g_multi, nullptr, 0, 1000, nullptr);
  } while (running || !g_live.empty());
}

inline RequestBuilder api(const std::string& path) {
  RequestBuilder b(PROCORE_API_BASE);
  b.path(path)
      .header("Authorization", "Bearer " + g_token)
      .header("Procore-Company-Id", std::to_string(g_company_id));
  return b;
}

void on_token(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (!d.IsObject() || !d.HasMember("access_token")) {
    std::fprintf(stderr, "client_credentials grant failed: %s\n", x.rx.c_str());
    std::exit(3);
  }
  g_token = d["access_token"].GetString();
  int ttl = d.HasMember("expires_in") ? d["expires_in"].GetInt() : 0;
  std::fprintf(stderr, "service account token ok, ttl %ds\n", ttl);
}

void on_companies(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (!d.IsArray()) return;
  for (auto it = d.Begin(); it != d.End(); ++it)
    if ((*it)["id"].GetInt64() == g_company_id)
      std::fprintf(stderr, "company: %s\n", (*it)["name"].GetString());
}

void on_me(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (d.IsObject() && d.HasMember("login")) std::fprintf(stderr, "acting as %s\n", d["login"].GetString());
}

void on_company_users(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (!d.IsArray()) return;
  for (const auto& u : d.GetArray()) {
    UserRow row;
    row.id = u["id"].GetInt64();
    row.name = u["name"].IsString() ? u["name"].GetString() : "";
    row.email = u["email_address"].IsString() ? u["email_address"].GetString() : "";
    g_users.emplace(row.id, std::move(row));
  }
}

void on_project_users(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (!d.IsArray()) return;
  for (const auto& u : d.GetArray()) {
    auto it = g_users.find(u["id"].GetInt64());
    if (it != g_users.end()) it->second.project_ids.push_back(x.project_id);
  }
}

void on_projects(Xfer& x) {
  rapidjson::Document d;
  d.Parse(x.rx.c_str());
  if (!d.IsArray()) return;
  for (const auto& p : d.GetArray()) {
    int64_t pid = p["id"].GetInt64();
    if (!g_seen_projects.insert(pid).second) continue;
    launch(api("/rest/v1.0/projects/" + std::to_string(pid) + "/users")
               .query("per_page", "500")
               .tag(pid)
               .on_done(on_project_users)
               .build());
  }
}

void write_csv(const char* path) {
  std::ofstream out(path, std::ios::trunc);
  out << "user_id,name,email,project_count\n";
  for (const auto& kv : g_users)
    out << kv.first << ',' << kv.second.name << ',' << kv.second.email << ','
        << kv.second.project_ids.size() << '\n';
}

}  // namespace

int main() {
  const char* cid = std::getenv("DMSA_CLIENT_ID");
  const char* secret = std::getenv("DMSA_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!cid || !secret || !company) return 1;
  g_company_id = std::strtoll(company, nullptr, 10);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  g_multi = curl_multi_init();

  launch(RequestBuilder(PROCORE_LOGIN_BASE)
             .path("/oauth/token")
             .post(std::string("grant_type=client_credentials&client_id=") + cid + "&client_secret=" + secret)
             .on_done(on_token)
             .build());
  pump();

  launch(RequestBuilder(PROCORE_API_BASE)
             .path("/rest/v1.0/companies")
             .header("Authorization", "Bearer " + g_token)
             .on_done(on_companies)
             .build());
  launch(api("/rest/v1.0/me").on_done(on_me).build());
  launch(api("/rest/v1.0/companies/" + std::to_string(g_company_id) + "/users")
             .query("per_page", "1000")
             .on_done(on_company_users)
             .build());
  pump();

  launch(api("/rest/v1.0/projects").query("company_id", std::to_string(g_company_id)).on_done(on_projects).build());
  pump();

  write_csv("directory.csv");
  curl_multi_cleanup(g_multi);
  curl_global_cleanup();
  return 0;
}
