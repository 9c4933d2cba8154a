// manpower_batch_post -- takes the nightly CSV export from the timekeeping
// system (project_id,vendor_id,date,workers,hours) and posts one manpower log
// per row to Procore, several projects in flight at once. Rows whose vendor is
// not on the project directory are skipped; rows already posted are deduped.
//
// PROCORE_ACCESS_TOKEN is injected by the scheduler's secret store.
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#define API_ROOT "https://api.procore.com"
#define VAPID_ROOT "https://app.procore.com/vapid"
#define PUSHGATEWAY "http://localhost:9091/metrics/job/manpower_batch_post"

namespace {

struct Row {
  int64_t project_id = 0;
  int64_t vendor_id = 0;
  std::string date;
  int workers = 0;
  double hours = 0.0;
};

struct Call {
  std::string url;
  std::string json;
  curl_slist* hdr = nullptr;
  std::string out;
  long status = 0;
  int kind = 0;  // 0 = vendors, 1 = existing logs, 2 = post, 3 = project info, 4 = metrics
  int64_t project_id = 0;
  CURL* ez = nullptr;
  ~Call() {
    if (ez) curl_easy_cleanup(ez);
    curl_slist_free_all(hdr);
  }
};

class RequestBuilder {
 public:
  explicit RequestBuilder(std::string root) : url_(std::move(root)) {}
  RequestBuilder& path(const std::string& p) { url_ += p; return *this; }
  RequestBuilder& query(const std::string& k, const std::string& v) {
    url_ += (has_query_ ? "&" : "?") + k + "=" + v;
    has_query_ = true;
    return *this;
  }
  RequestBuilder& header(const std::string& k, const std::string& v) { headers_[k] = v; return *this; }
  RequestBuilder& company(int64_t id) { return header("Procore-Company-Id", std::to_string(id)); }
  RequestBuilder& json(std::string body) {
    headers_["Content-Type"] = "application/json";
    body_ = std::move(body);
    return *this;
  }
  std::unique_ptr<Call> build(int kind, int64_t project_id = 0) {
    auto c = std::make_unique<Call>();
    c->url = url_;
    c->json = body_;
    c->kind = kind;
    c->project_id = project_id;
    for (const auto& [k, v] : headers_) c->hdr = curl_slist_append(c->hdr, (k + ": " + v).c_str());
    return c;
  }

 private:
  std::string url_, body_;
  bool has_query_ = false;
  std::unordered_map<std::string, std::string> headers_;
};

size_t append_cb(char* d, size_t s, size_t n, void* ud) {
  static_cast<Call*>(ud)->out.append(d, s * n);
  return s * n;
}

CURLM* g_multi;
std::vector<std::unique_ptr<Call>> g_calls;
std::string g_bearer;
int64_t g_company = 0;
std::unordered_map<int64_t, std::unordered_set<int64_t>> g_project_vendors;
std::unordered_set<int64_t> g_already_logged_vendor;  // vendor ids with a log on the batch date
int g_posted = 0, g_failed = 0;

void start(std::unique_ptr<Call> c) {
  c->ez = curl_easy_init();
  curl_easy_setopt(c->ez, CURLOPT_URL, c->url.c_str());
  curl_easy_setopt(c->ez, CURLOPT_HTTPHEADER, c->hdr);
  curl_easy_setopt(c->ez, CURLOPT_WRITEFUNCTION, append_cb);
  curl_easy_setopt(c->ez, CURLOPT_WRITEDATA, c.get());
  curl_easy_setopt(c->ez, CURLOPT_PRIVATE, c.get());
  if (!c->json.empty()) curl_easy_setopt(c->ez, CURLOPT_POSTFIELDS, c->json.c_str());
  curl_multi_add_handle(g_multi, c->ez);
  g_calls.push_back(std::move(c));
}

void on_complete(Call& c) {
  rapidjson::Document doc;
  doc.Parse(c.out.c_str());
  switch (c.kind) {
    case 0:
      if (!doc.IsArray()) break;
      for (const auto& v : doc.GetArray()) g_project_vendors[c.project_id].insert(v["id"].GetInt());
      break;
    case 1:
      if (!doc.IsArray()) break;
      for (auto it = doc.Begin(); it != doc.End(); ++it)
        if ((*it).HasMember("vendor_id") && (*it)["vendor_id"].IsInt64())
          g_already_logged_vendor.insert((*it)["vendor_id"].GetInt64());
      break;
    case 2:
      (c.status == 201 || c.status == 200) ? ++g_posted : ++g_failed;
      break;
    case 3:
      if (doc.IsObject() && doc.HasMember("name"))
        std::fprintf(stderr, "project %s (https://app.procore.com/%lld/project/daily_log/list)\n",
                     doc["name"].GetString(), static_cast<long long>(c.project_id));
      break;
    default:
      break;
  }
}

void run_all() {
  int running = 0;
  do {
    curl_multi_perform(g_multi, &running);
    int msgs = 0;
    while (CURLMsg* m = curl_multi_info_read(g_multi, &msgs)) {
      if (m->msg != CURLMSG_DONE) continue;
      Call* c = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &c);
      curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &c->status);
      curl_multi_remove_handle(g_multi, m->easy_handle);
      on_complete(*c);
    }
    if (running) curl_multi_poll(g_multi, nullptr, 0, 1000, nullptr);
  } while (running);
  g_calls.clear();
}

inline std::string project_path(int64_t pid, const char* tail) {
  return "/rest/v1.0/projects/" + std::to_string(pid) + tail;
}

std::vector<Row> load_csv(const char* path) {
  std::vector<Row> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string f[5];
    for (auto& cell : f) std::getline(ss, cell, ',');
    Row r;
    r.project_id = std::stoll(f[0]);
    r.vendor_id = std::stoll(f[1]);
    r.date = f[2];
    r.workers = std::stoi(f[3]);
    r.hours = std::stod(f[4]);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  const char* tok = std::getenv("PROCORE_ACCESS_TOKEN");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!tok || !company || argc < 3) {
    std::fprintf(stderr, "usage: %s export.csv YYYY-MM-DD\n", argv[0]);
    return 1;
  }
  g_bearer = std::string("Bearer ") + tok;
  g_company = std::strtoll(company, nullptr, 10);
  const std::string batch_date = argv[2];
  std::vector<Row> rows = load_csv(argv[1]);

  std::map<int64_t, int> rows_per_project;
  for (const auto& r : rows) ++rows_per_project[r.project_id];

  curl_global_init(CURL_GLOBAL_DEFAULT);
  g_multi = curl_multi_init();

  for (const auto& [pid, count] : rows_per_project) {
    start(RequestBuilder(VAPID_ROOT)
              .path("/projects/" + std::to_string(pid))
              .header("Authorization", g_bearer)
              .company(g_company)
              .build(3, pid));
    start(RequestBuilder(API_ROOT)
              .path(project_path(pid, "/vendors"))
              .query("per_page", "500")
              .header("Authorization", g_bearer)
              .company(g_company)
              .build(0, pid));
    start(RequestBuilder(API_ROOT)
              .path(project_path(pid, "/manpower_logs"))
              .query("log_date", batch_date)
              .header("Authorization", g_bearer)
              .build(1, pid));
  }
  run_all();

  for (const auto& r : rows) {
    if (!g_project_vendors[r.project_id].count(r.vendor_id)) continue;
    if (r.date == batch_date && g_already_logged_vendor.count(r.vendor_id)) continue;
    char body[256];
    std::snprintf(body, sizeof body,
                  "{\"manpower_log\":{\"date\":\"%s\",\"vendor_id\":%ld,\"num_workers\":%d,\"num_hours\":%.2f}}",
                  r.date.c_str(), r.vendor_id, r.workers, r.hours);
    start(RequestBuilder(API_ROOT)
              .path(project_path(r.project_id, "/manpower_logs"))
              .header("Authorization", g_bearer)
              .company(g_company)
              .json(body)
              .build(2, r.project_id));
  }
  run_all();

  std::string metrics = "manpower_posted " + std::to_string(g_posted) + "\nmanpower_failed " +
                        std::to_string(g_failed) + "\n";
  start(RequestBuilder(PUSHGATEWAY).json(metrics).header("Content-Type", "text/plain").build(4));
  run_all();

  std::fprintf(stderr, "%d posted, %d failed, %zu projects\n", g_posted, g_failed, rows_per_project.size());
  curl_multi_cleanup(g_multi);
  curl_global_cleanup();
  return g_failed ? 3 : 0;
}
