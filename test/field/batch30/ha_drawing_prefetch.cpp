// drawing_prefetch -- warms the field-tablet cache with the current drawing
// set of one project. QA runs it against the monthly sandbox.
//
// Flow: print the authorize link, user pastes the ?code= from the redirect
// (local listener on :8765), we exchange it, then fan out over drawing areas,
// drawings and revisions with the curl multi interface.
//
//   ./drawing_prefetch PROJECT_ID [--area AREA_ID]
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

constexpr char kLogin[] = "https://login-sandbox-monthly.procore.com";
constexpr char kTokenUrl[] = "https://api-monthly.procore.com/oauth/token";
constexpr char kApi[] = "https://api-monthly.procore.com";
constexpr char kStoragePrefix[] = "https://storage.procore.com/";
constexpr int kRedirectPort = 8765;
constexpr int kMaxParallel = 4;

struct Job {
  std::string url;
  std::string form;
  curl_slist* headers = nullptr;
  std::string data;
  long code = 0;
  std::function<void(Job&)> then;
  CURL* h = nullptr;
  ~Job() {
    if (h) curl_easy_cleanup(h);
    curl_slist_free_all(headers);
  }
};

struct Drawing {
  int64_t id = 0;
  int64_t area_id = 0;
  int32_t current_revision_id = 0;
  std::string number;
};

class RequestBuilder {
 public:
  explicit RequestBuilder(std::string base) : base_(std::move(base)) {}
  RequestBuilder& path(const std::string& p) { path_ = p; return *this; }
  RequestBuilder& query(const std::string& k, const std::string& v) {
    qs_ += (qs_.empty() ? "?" : "&") + k + "=" + v;
    return *this;
  }
  RequestBuilder& header(const std::string& k, const std::string& v) { headers_[k] = v; return *this; }
  RequestBuilder& form(const std::string& f) { form_ = f; return *this; }
  std::unique_ptr<Job> build() {
    auto j = std::make_unique<Job>();
    j->url = base_ + path_ + qs_;
    j->form = form_;
    for (auto it = headers_.begin(); it != headers_.end(); ++it)
      j->headers = curl_slist_append(j->headers, (it->first + ": " + it->second).c_str());
    return j;
  }

 private:
  std::string base_, path_, qs_, form_;
  std::unordered_map<std::string, std::string> headers_;
};

size_t write_fn(char* buf, size_t sz, size_t nm, void* ud) {
  static_cast<Job*>(ud)->data.append(buf, sz * nm);
  return sz * nm;
}

class Loop {
 public:
  Loop() : m_(curl_multi_init()) {
    curl_multi_setopt(m_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(kMaxParallel));
  }
  ~Loop() { curl_multi_cleanup(m_); }

  void add(std::unique_ptr<Job> j, std::function<void(Job&)> then) {
    j->then = std::move(then);
    j->h = curl_easy_init();
    curl_easy_setopt(j->h, CURLOPT_URL, j->url.c_str());
    curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(j->h, CURLOPT_WRITEFUNCTION, write_fn);
    curl_easy_setopt(j->h, CURLOPT_WRITEDATA, j.get());
    curl_easy_setopt(j->h, CURLOPT_PRIVATE, j.get());
    if (!j->form.empty()) curl_easy_setopt(j->h, CURLOPT_POSTFIELDS, j->form.c_str());
    curl_multi_add_handle(m_, j->h);
    jobs_.push_back(std::move(j));
  }

  void run() {
    int active = 0;
    do {
      curl_multi_perform(m_, &active);
      int n = 0;
      while (CURLMsg* msg = curl_multi_info_read(m_, &n)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Job* j = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &j);
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &j->code);
        curl_multi_remove_handle(m_, msg->easy_handle);
        for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
          if (it->get() != j) continue;
          auto owned = std::move(*it);
          jobs_.erase(it);
          if (owned->then) owned->then(*owned);
          break;
        }
      }
      if (active) curl_multi_poll(m_, nullptr, 0, 1000, nullptr);
    } while (active || !jobs_.empty());
  }

 private:
  CURLM* m_;
  std::deque<std::unique_ptr<Job>> jobs_;
};

std::string g_token;
int64_t g_company_id = 0;
int64_t g_project_id = 0;
std::vector<Drawing> g_drawings;

inline std::string redirect_uri() { return "http://localhost:" + std::to_string(kRedirectPort) + "/callback"; }
inline std::string company_header() { return std::to_string(g_company_id); }

void list_revisions(Loop& loop, const Drawing& d) {
  auto j = RequestBuilder(kApi)
               .path("/rest/v1.0/projects/" + std::to_string(g_project_id) + "/drawing_revisions")
               .query("drawing_id", std::to_string(d.id))
               .header("Authorization", "Bearer " + g_token)
               .header("Procore-Company-Id", company_header())
               .build();
  int64_t drawing_id = d.id;
  loop.add(std::move(j), [drawing_id](Job& done) {
    rapidjson::Document doc;
    doc.Parse(done.data.c_str());
    if (!doc.IsArray()) return;
    for (const auto& rev : doc.GetArray()) {
      if (!rev.HasMember("pdf_url") || !rev["pdf_url"].IsString()) continue;
      std::string url = rev["pdf_url"].GetString();
      if (url.rfind(kStoragePrefix, 0) != 0) continue;  // only presigned storage links
      std::printf("%" PRId64 "\t%" PRId64 "\t%s\n", drawing_id, rev["id"].GetInt64(), url.c_str());
    }
  });
}

void list_drawings(Loop& loop, int64_t area_id) {
  auto j = RequestBuilder(kApi)
               .path("/rest/v1.0/drawing_areas/" + std::to_string(area_id) + "/drawings")
               .query("project_id", std::to_string(g_project_id))
               .header("Authorization", "Bearer " + g_token)
               .build();
  loop.add(std::move(j), [&loop, area_id](Job& done) {
    rapidjson::Document doc;
    doc.Parse(done.data.c_str());
    if (done.code != 200 || !doc.IsArray()) {
      std::fprintf(stderr, "drawings for area %" PRId64 ": HTTP %ld\n", area_id, done.code);
      return;
    }
    for (rapidjson::Value::ConstValueIterator it = doc.Begin(); it != doc.End(); ++it) {
      Drawing d;
      d.id = (*it)["id"].GetInt64();
      d.area_id = area_id;
      if ((*it).HasMember("current_revision_id") && (*it)["current_revision_id"].IsInt64())
        d.current_revision_id = (*it)["current_revision_id"].GetInt64();
      d.number = (*it)["number"].IsString() ? (*it)["number"].GetString() : "";
      g_drawings.push_back(d);
      list_revisions(loop, g_drawings.back());
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PROJECT_ID [--area AREA_ID]\n", argv[0]);
    return 1;
  }
  g_project_id = std::stoll(argv[1]);
  int area_filter = (argc > 3 && std::strcmp(argv[2], "--area") == 0) ? std::atoi(argv[3]) : 0;
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!cid || !secret || !company) return 1;
  g_company_id = std::strtoll(company, nullptr, 10);

  std::cout << "Open in a browser and approve:\n  " << kLogin
            << "/oauth/authorize?response_type=code&client_id=" << cid
            << "&redirect_uri=" << redirect_uri() << "\nPaste code: " << std::flush;
  std::string code;
  std::getline(std::cin, code);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  {
    Loop loop;
    loop.add(RequestBuilder(kTokenUrl)
                 .form("grant_type=authorization_code&code=" + code + "&client_id=" + cid +
                       "&client_secret=" + secret + "&redirect_uri=" + redirect_uri())
                 .build(),
             [](Job& done) {
               rapidjson::Document doc;
               doc.Parse(done.data.c_str());
               if (doc.IsObject() && doc.HasMember("access_token"))
                 g_token = doc["access_token"].GetString();
             });
    loop.run();
    if (g_token.empty()) {
      std::fprintf(stderr, "authorization code exchange failed\n");
      return 2;
    }

    loop.add(RequestBuilder(kApi).path("/rest/v1.0/me").header("Authorization", "Bearer " + g_token).build(),
             [](Job& done) { std::fprintf(stderr, "me: HTTP %ld\n", done.code); });
    loop.add(RequestBuilder(kApi)
                 .path("/rest/v1.1/projects/" + std::to_string(g_project_id) + "/drawing_areas")
                 .header("Authorization", "Bearer " + g_token)
                 .header("Procore-Company-Id", company_header())
                 .build(),
             [&loop, area_filter](Job& done) {
               rapidjson::Document doc;
               doc.Parse(done.data.c_str());
               if (!doc.IsArray()) return;
               for (const auto& area : doc.GetArray()) {
                 int64_t area_id = area["id"].GetInt64();
                 if (area_filter != 0 && area_id != area_filter) continue;
                 list_drawings(loop, area_id);
               }
             });
    loop.run();
  }
  std::fprintf(stderr, "%zu drawings prefetched\n", g_drawings.size());
  curl_global_cleanup();
  return 0;
}
