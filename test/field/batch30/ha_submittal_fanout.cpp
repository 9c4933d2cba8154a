// submittal_fanout -- CLI used by the preconstruction team against the
// developer sandbox: given project ids, pull submittals and the company vendor
// list in parallel and print a CSV of submittal -> responsible vendor.
//
//   PROCORE_TOKEN=... PROCORE_COMPANY_ID=... ./submittal_fanout 1234 5678
//
// Token comes from the environment (minted by `procore-auth login`).
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

const std::string kApiBase = "https://sandbox.procore.com";
const std::string kTokenInfoUrl = "https://sandbox.procore.com/oauth/token/info";
constexpr long kMaxConnections = 6;
constexpr int kPerPage = 200;

enum class Kind { TokenInfo, Companies, Vendors, Submittals };

struct Request {
  Kind kind;
  std::string url;
  curl_slist* headers = nullptr;
  std::string body;
  int64_t project_id = 0;
  int page = 1;
  CURL* handle = nullptr;
  ~Request() {
    if (handle) curl_easy_cleanup(handle);
    curl_slist_free_all(headers);
  }
};

struct Submittal {
  int64_t id = 0;
  int64_t project_id = 0;
  unsigned responsible_vendor_id = 0;
  std::string number;
  std::string title;
};

class RequestBuilder {
 public:
  RequestBuilder(Kind kind, std::string base) : kind_(kind), base_(std::move(base)) {}
  RequestBuilder& path(const std::string& p) { path_ += p; return *this; }
  RequestBuilder& query(const std::string& key, const std::string& value) {
    params_.emplace_back(key, value);
    return *this;
  }
  RequestBuilder& header(std::string name, std::string value) {
    headers_[std::move(name)] = std::move(value);
    return *this;
  }
  RequestBuilder& project(int64_t id) { project_ = id; return *this; }
  RequestBuilder& page(int p) { page_ = p; return *this; }
  std::unique_ptr<Request> build() const {
    auto r = std::make_unique<Request>();
    r->kind = kind_;
    r->url = base_ + path_;
    for (size_t i = 0; i < params_.size(); ++i)
      r->url += (i == 0 ? "?" : "&") + params_[i].first + "=" + params_[i].second;
    for (const auto& h : headers_)
      r->headers = curl_slist_append(r->headers, (h.first + ": " + h.second).c_str());
    r->project_id = project_;
    r->page = page_;
    return r;
  }

 private:
  Kind kind_;
  std::string base_, path_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::unordered_map<std::string, std::string> headers_;
  int64_t project_ = 0;
  int page_ = 1;
};

size_t on_body(char* ptr, size_t size, size_t nmemb, void* userdata) {
  static_cast<Request*>(userdata)->body.append(ptr, size * nmemb);
  return size * nmemb;
}

std::string g_token;
int64_t g_company_id = 0;
std::unordered_map<int64_t, std::string> g_vendor_names;
std::vector<Submittal> g_submittals;
std::vector<std::unique_ptr<Request>> g_pending;

inline std::string auth() { return "Bearer " + g_token; }

void enqueue(CURLM* multi, std::unique_ptr<Request> req) {
  req->handle = curl_easy_init();
  curl_easy_setopt(req->handle, CURLOPT_URL, req->url.c_str());
  curl_easy_setopt(req->handle, CURLOPT_HTTPHEADER, req->headers);
  curl_easy_setopt(req->handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(req->handle, CURLOPT_WRITEDATA, req.get());
  curl_easy_setopt(req->handle, CURLOPT_PRIVATE, req.get());
  curl_easy_setopt(req->handle, CURLOPT_ACCEPT_ENCODING, "");
  curl_multi_add_handle(multi, req->handle);
  g_pending.push_back(std::move(req));
}

std::unique_ptr<Request> submittals_page(int64_t project_id, int page) {
  return RequestBuilder(Kind::Submittals, kApiBase)
      .path("/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals")
      .query("page", std::to_string(page))
      .query("per_page", std::to_string(kPerPage))
      .header("Authorization", auth())
      .header("X-Procore-Company-Id", std::to_string(g_company_id))
      .project(project_id)
      .page(page)
      .build();
}

std::unique_ptr<Request> vendors_page(int page) {
  return RequestBuilder(Kind::Vendors, kApiBase)
      .path("/rest/v1.0/vendors")
      .query("company_id", std::to_string(g_company_id))
      .query("page", std::to_string(page))
      .query("per_page", std::to_string(kPerPage))
      .header("Authorization", auth())
      .header("Procore-Company-Id", std::to_string(g_company_id))
      .page(page)
      .build();
}

void handle_done(CURLM* multi, Request& req, long status) {
  rapidjson::Document doc;
  doc.Parse(req.body.c_str());
  if (status != 200 || doc.HasParseError()) {
    std::fprintf(stderr, "%s -> HTTP %ld\n", req.url.c_str(), status);
    return;
  }
  switch (req.kind) {
    case Kind::TokenInfo:
      if (doc.HasMember("expires_in_seconds") && doc["expires_in_seconds"].GetInt() < 300)
        std::fprintf(stderr, "warning: token expires in under 5 minutes\n");
      break;
    case Kind::Companies: {
      bool found = false;
      for (const auto& c : doc.GetArray())
        if (c["id"].IsInt64() && c["id"].GetInt64() == g_company_id) found = true;
      if (!found) std::fprintf(stderr, "token has no access to company %lld\n", static_cast<long long>(g_company_id));
      break;
    }
    case Kind::Vendors:
      for (auto it = doc.Begin(); it != doc.End(); ++it)
        g_vendor_names[(*it)["id"].GetInt64()] = (*it)["name"].GetString();
      if (static_cast<int>(doc.Size()) == kPerPage) enqueue(multi, vendors_page(req.page + 1));
      break;
    case Kind::Submittals:
      for (const auto& s : doc.GetArray()) {
        Submittal sub;
        sub.id = s["id"].GetInt64();
        sub.project_id = req.project_id;
        if (s.HasMember("responsible_contractor") && s["responsible_contractor"].IsObject())
          sub.responsible_vendor_id = s["responsible_contractor"]["id"].GetUint();
        sub.number = s["number"].IsString() ? s["number"].GetString() : "";
        sub.title = s["title"].IsString() ? s["title"].GetString() : "";
        g_submittals.push_back(std::move(sub));
      }
      if (static_cast<int>(doc.Size()) == kPerPage)
        enqueue(multi, submittals_page(req.project_id, req.page + 1));
      break;
  }
}

void drain(CURLM* multi) {
  int still_running = 1;
  while (still_running || !g_pending.empty()) {
    curl_multi_perform(multi, &still_running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      Request* req = nullptr;
      long status = 0;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &req);
      curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi, m->easy_handle);
      for (auto it = g_pending.begin(); it != g_pending.end(); ++it) {
        if (it->get() != req) continue;
        std::unique_ptr<Request> owned = std::move(*it);
        g_pending.erase(it);
        handle_done(multi, *owned, status);
        break;
      }
    }
    int numfds = 0;
    if (still_running) curl_multi_poll(multi, nullptr, 0, 500, &numfds);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* token = std::getenv("PROCORE_TOKEN");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!token || !company || argc < 2) {
    std::fprintf(stderr, "usage: PROCORE_TOKEN=.. PROCORE_COMPANY_ID=.. %s PROJECT_ID...\n", argv[0]);
    return 1;
  }
  g_token = token;
  g_company_id = std::strtoll(company, nullptr, 10);
  std::vector<int64_t> project_ids;
  for (int i = 1; i < argc; ++i) project_ids.push_back(std::stoi(argv[i]));

  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, kMaxConnections);

  enqueue(multi, RequestBuilder(Kind::TokenInfo, kTokenInfoUrl).header("Authorization", auth()).build());
  enqueue(multi, RequestBuilder(Kind::Companies, kApiBase)
                     .path("/rest/v1.0/companies")
                     .header("Authorization", auth())
                     .build());
  enqueue(multi, vendors_page(1));
  for (int64_t pid : project_ids) enqueue(multi, submittals_page(pid, 1));
  drain(multi);

  std::printf("project_id,submittal_id,number,title,vendor\n");
  for (const auto& s : g_submittals) {
    auto v = g_vendor_names.find(s.responsible_vendor_id);
    std::printf("%lld,%lld,%s,\"%s\",\"%s\"\n", static_cast<long long>(s.project_id),
                static_cast<long long>(s.id), s.number.c_str(), s.title.c_str(),
                v == g_vendor_names.end() ? "" : v->second.c_str());
  }
  std::fprintf(stderr, "%zu submittals, %zu vendors\n", g_submittals.size(), g_vendor_names.size());

  curl_multi_cleanup(multi);
  curl_global_cleanup();
  return 0;
}
