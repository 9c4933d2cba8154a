// rfi_sync: mirrors open RFIs (and their replies) from Procore into the
// tracker's JSON drop folder. Runs every 15 minutes from cron on the build box.
//
//   PROCORE_REFRESH_TOKEN=... PROCORE_COMPANY_ID=... PROCORE_PROJECT_ID=... rfi_sync out/
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace pc {

constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kWebBase = "https://app.procore.com";

struct HttpResult {
  long status = 0;
  std::string body;
};

class CurlClient {
 public:
  CurlClient() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlClient() { curl_global_cleanup(); }
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  HttpResult perform(const std::string& method, const std::string& url,
                     curl_slist* headers, const std::string& body) {
    HttpResult out;
    CURL* h = curl_easy_init();
    if (!h) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (!body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlClient::collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
    return out;
  }

 private:
  static size_t collect(char* ptr, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(ptr, size * n);
    return size * n;
  }
};

// Fluent request description. Every setter returns *this so calls can be
// chained; copying a Request gives an independent variant.
class Request {
 public:
  static Request get(std::string base) { return Request("GET", std::move(base)); }
  static Request post(std::string base) { return Request("POST", std::move(base)); }

  Request& path(const std::string& p) { path_ += p; return *this; }
  Request& query(const std::string& k, const std::string& v) {
    query_ += (query_.empty() ? "?" : "&") + k + "=" + v;
    return *this;
  }
  Request& query(const std::string& k, std::int64_t v) { return query(k, std::to_string(v)); }
  Request& header(const std::string& k, const std::string& v) {
    headers_.emplace_back(k + ": " + v);
    return *this;
  }
  Request& bearer(const std::string& token) { return header("Authorization", "Bearer " + token); }
  Request& companyScope(std::int64_t companyId) {
    return header("Procore-Company-Id", std::to_string(companyId));
  }
  Request& form(const std::string& k, const std::string& v) {
    if (body_.empty()) header("Content-Type", "application/x-www-form-urlencoded");
    body_ += (body_.empty() ? "" : "&") + k + "=" + v;
    return *this;
  }

  std::string url() const { return base_ + path_ + query_; }

  HttpResult send(CurlClient& client) const {
    curl_slist* list = nullptr;
    for (const auto& h : headers_) list = curl_slist_append(list, h.c_str());
    HttpResult r = client.perform(method_, url(), list, body_);
    curl_slist_free_all(list);
    return r;
  }

 private:
  Request(std::string method, std::string base)
      : method_(std::move(method)), base_(std::move(base)) {}
  std::string method_, base_, path_, query_, body_;
  std::vector<std::string> headers_;
};

json expectJson(const HttpResult& r, const char* what) {
  if (r.status < 200 || r.status >= 300)
    throw std::runtime_error(std::string(what) + " -> HTTP " + std::to_string(r.status));
  return json::parse(r.body);
}

}  // namespace pc

struct RfiRecord {
  std::int64_t id = 0;
  std::string number;     // display number, e.g. "RFI-014"
  std::string subject;
  std::int64_t assigneeId = 0;
  int replyCount = 0;
  std::string webLink;
};

static std::string envOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

int main(int argc, char** argv) {
  const std::string outDir = argc > 1 ? argv[1] : "rfi_out";
  const std::int64_t companyId = std::stoll(envOr("PROCORE_COMPANY_ID", "0"));
  const int projectId = std::atoi(envOr("PROCORE_PROJECT_ID", "0").c_str());
  const int pageSize = 100;

  pc::CurlClient client;

  // OAuth: refresh the stored token. No company header on the login host.
  json tok = pc::expectJson(
      pc::Request::post(pc::kLoginBase)
          .path("/oauth/token")
          .form("grant_type", "refresh_token")
          .form("refresh_token", envOr("PROCORE_REFRESH_TOKEN", ""))
          .form("client_id", envOr("PROCORE_CLIENT_ID", ""))
          .form("client_secret", envOr("PROCORE_CLIENT_SECRET", ""))
          .send(client),
      "token refresh");
  const std::string access = tok.at("access_token").get<std::string>();

  json me = pc::expectJson(
      pc::Request::get(pc::kApiBase).path("/rest/v1.0/me").bearer(access).send(client), "me");
  std::cerr << "syncing as " << me.value("login", "?") << "\n";

  // Base builder for everything company-scoped; copied per call below.
  pc::Request scoped = pc::Request::get(pc::kApiBase).bearer(access);
  scoped.companyScope(companyId);

  pc::Request projectReq = scoped;
  json project = pc::expectJson(
      projectReq.path("/rest/v1.0/projects/" + std::to_string(projectId))
          .query("company_id", companyId)
          .send(client),
      "project");

  std::vector<RfiRecord> records;
  for (int page = 1;; ++page) {
    pc::Request listReq = scoped;
    listReq.path("/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis")
        .query("filters[status]", "open")
        .query("page", std::to_string(page))
        .query("per_page", std::to_string(pageSize));
    json batch = pc::expectJson(listReq.send(client), "rfis");
    for (const auto& item : batch) {
      RfiRecord rec;
      rec.id = item.at("id").get<std::int64_t>();
      rec.number = item.value("number", "");
      rec.subject = item.value("subject", "");
      if (item.contains("assignee") && !item["assignee"].is_null())
        rec.assigneeId = item["assignee"].at("id").get<std::int64_t>();
      rec.webLink = std::string(pc::kWebBase) + "/" + std::to_string(companyId) + "/project/rfis/show/" +
                    std::to_string(rec.id);
      records.push_back(rec);
    }
    if (static_cast<int>(batch.size()) < pageSize) break;
  }

  for (auto& rec : records) {
    // Replies live under the RFI; built fresh because the old v1 client did.
    json replies = pc::expectJson(
        pc::Request::get(pc::kApiBase)
            .path("/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis/" +
                  std::to_string(rec.id) + "/replies")
            .bearer(access)
            .send(client),
        "replies");
    rec.replyCount = static_cast<int>(replies.size());
    for (const auto& rep : replies) {
      int authorId = rep["created_by"]["id"].get<int>();
      if (authorId == 0) std::cerr << "reply without author on " << rec.number << "\n";
    }
  }

  json dump = json::array();
  for (const auto& rec : records) {
    dump.push_back({{"procore_id", rec.id},
                    {"number", rec.number},
                    {"subject", rec.subject},
                    {"assignee_id", rec.assigneeId},
                    {"replies", rec.replyCount},
                    {"url", rec.webLink}});
  }
  std::ofstream(outDir + "/rfis_" + std::to_string(projectId) + ".json") << dump.dump(2);
  std::cout << project.value("name", "project") << ": " << records.size() << " open RFIs\n";
  return 0;
}
