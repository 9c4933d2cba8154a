// tk_curl_token_manager.cpp
//
// Token manager + authorized session used by the nightly procore-sync daemon.
// The TokenManager owns the OAuth side (refresh, introspection, revoke); the
// AuthorizedSession decorates REST requests before handing them to perform().
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace psync {

constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kApiBase = "https://api.procore.com";

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& h) { list_ = curl_slist_append(list_, h.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

struct Response {
  long status = 0;  // CURLINFO_RESPONSE_CODE wants a long
  std::string body;
};

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
  static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
  return size * nmemb;
}

// Lowest layer: sends whatever it is given, knows nothing about auth.
Response perform(const char* method, const std::string& url,
                 const HeaderList& headers, const std::string& body = {}) {
  EasyHandle h(curl_easy_init());
  if (!h) throw std::runtime_error("curl_easy_init failed");
  Response r;
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, 30L);
  if (!body.empty()) curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
  CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

struct Token {
  std::string access;
  std::string refresh;
  Clock::time_point expires_at{};
  bool fresh() const { return Clock::now() + std::chrono::seconds(60) < expires_at; }
};

class TokenManager {
 public:
  TokenManager(std::string client_id, std::string secret)
      : client_id_(std::move(client_id)), secret_(std::move(secret)) {}

  // Tokens are cached per company: each company install has its own grant.
  void seed(int64_t company_id, const std::string& refresh_token) {
    std::lock_guard<std::mutex> lock(mu_);
    cache_[company_id].refresh = refresh_token;
  }

  std::string accessToken(int64_t company_id) {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = cache_.at(company_id);
    if (!t.fresh()) refreshLocked(t);
    return t.access;
  }

  void forceRefresh(int64_t company_id) {
    std::lock_guard<std::mutex> lock(mu_);
    refreshLocked(cache_.at(company_id));
  }

  // Who does this token belong to? Used by the audit log.
  json introspect(int64_t company_id) {
    HeaderList h;
    h.add("Authorization: Bearer " + accessToken(company_id));
    const std::string url = "https://api.procore.com/oauth/token/info";
    Response r = perform("GET", url, h);
    if (r.status != 200) throw std::runtime_error("token/info failed");
    return json::parse(r.body);
  }

  void revoke(int64_t company_id) {
    std::lock_guard<std::mutex> lock(mu_);
    HeaderList h;
    h.add("Content-Type: application/x-www-form-urlencoded");
    std::string form = "token=" + cache_.at(company_id).access +
                       "&client_id=" + client_id_ + "&client_secret=" + secret_;
    perform("POST", std::string(kLoginBase) + "/oauth/revoke", h, form);
    cache_.erase(company_id);
  }

 private:
  void refreshLocked(Token& t) {
    HeaderList h;
    h.add("Content-Type: application/json");
    json req = {{"grant_type", "refresh_token"},
                {"client_id", client_id_},
                {"client_secret", secret_},
                {"refresh_token", t.refresh}};
    Response r = perform("POST", std::string(kLoginBase) + "/oauth/token", h, req.dump());
    if (r.status != 200) throw std::runtime_error("refresh failed: " + r.body);
    json j = json::parse(r.body);
    t.access = j.at("access_token").get<std::string>();
    t.refresh = j.value("refresh_token", t.refresh);
    t.expires_at = Clock::now() + std::chrono::seconds(j.at("expires_in").get<int>());
  }

  std::string client_id_;
  std::string secret_;
  std::mutex mu_;
  std::map<int64_t, Token> cache_;
};

// Decorates every REST request with auth + company scope, retries once on 401.
class AuthorizedSession {
 public:
  AuthorizedSession(TokenManager& tm, int64_t company_id) : tm_(tm), company_id_(company_id) {}

  json get(const std::string& path) { return send(path, true); }
  // Only for the endpoints that are not company scoped (/me, /companies).
  json getUnscoped(const std::string& path) { return send(path, false); }

 private:
  json send(const std::string& path, bool scoped) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      HeaderList h;
      h.add("Authorization: Bearer " + tm_.accessToken(company_id_));
      h.add("Accept: application/json");
      if (scoped) h.add("Procore-Company-Id: " + std::to_string(company_id_));
      Response r = perform("GET", std::string(kApiBase) + path, h);
      if (r.status == 401 && attempt == 0) {
        tm_.forceRefresh(company_id_);
        continue;
      }
      if (r.status >= 300) throw std::runtime_error("GET " + path + " -> " + std::to_string(r.status));
      return json::parse(r.body);
    }
    throw std::runtime_error("unauthorized after refresh");
  }

  TokenManager& tm_;
  int64_t company_id_;
};

}  // namespace psync

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <company_id> <refresh_token>\n", argv[0]);
    return 2;
  }
  psync::CurlGlobal curl;
  const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
  psync::TokenManager tokens(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"));
  tokens.seed(company_id, argv[2]);
  psync::AuthorizedSession session(tokens, company_id);

  json info = tokens.introspect(company_id);
  int owner_id = info["resource_owner_id"].get<int>();
  std::printf("token owner %d, scopes %s\n", owner_id, info["scope"].dump().c_str());

  json me = session.getUnscoped("/rest/v1.0/me");
  std::printf("running as %s\n", me.value("login", "?").c_str());
  json companies = session.getUnscoped("/rest/v1.0/companies");
  std::printf("%zu companies visible\n", companies.size());

  json projects = session.getUnscoped("/rest/v1.0/projects?company_id=" + std::to_string(company_id));
  int page_count = 0;
  for (const auto& p : projects) {
    const int64_t project_id = p.at("id").get<int64_t>();
    json rfis = session.get("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis");
    std::printf("project %lld: %zu RFIs, https://app.procore.com/%lld/project/home\n",
                static_cast<long long>(project_id), rfis.size(),
                static_cast<long long>(project_id));
    ++page_count;
  }
  std::printf("synced %d projects\n", page_count);

  tokens.revoke(company_id);
  return 0;
}
