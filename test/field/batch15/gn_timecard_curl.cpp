// timecard_export: nightly payroll feed. For each active project it pulls the
// previous day's timecard entries, resolves cost codes and crews, writes a CSV
// for the payroll import and posts a one-line summary to #payroll-ops.
//
// libcurl handles are owned through small RAII templates; request headers are
// passed as a variadic pack and folded into a curl_slist.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>

namespace tc {

using json = nlohmann::json;

// ---- RAII over the C API --------------------------------------------------------
template <auto Fn>
struct FnDeleter {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) Fn(p);
  }
};
template <class T, auto Fn>
using Owned = std::unique_ptr<T, FnDeleter<Fn>>;

using Easy = Owned<CURL, curl_easy_cleanup>;
using SList = Owned<curl_slist, curl_slist_free_all>;

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~GlobalInit() { curl_global_cleanup(); }
  GlobalInit(const GlobalInit&) = delete;
  GlobalInit& operator=(const GlobalInit&) = delete;
};

template <class... Lines>
SList header_list(const Lines&... lines) {
  curl_slist* l = nullptr;
  ((l = curl_slist_append(l, std::string(lines).c_str())), ...);
  return SList{l};
}

struct Reply {
  long status = 0;
  std::string body;
  json parsed() const { return json::parse(body, nullptr, false); }
};

inline size_t sink(char* p, size_t sz, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, sz * n);
  return sz * n;
}

template <class... Lines>
Reply perform(const std::string& url, const std::string* post_body, const Lines&... lines) {
  Reply r;
  Easy h{curl_easy_init()};
  if (!h) return r;
  SList hdrs = header_list("Accept: application/json", lines...);
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, hdrs.get());
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, &sink);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, 60L);
  if (post_body) curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, post_body->c_str());
  if (curl_easy_perform(h.get()) == CURLE_OK)
    curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

// ---- Procore ----------------------------------------------------------------------
constexpr const char* kTokenUrl = "https://login.procore.com/oauth/token";
constexpr const char* kApiV1 = "https://api.procore.com/rest/v1.0";
constexpr const char* kApiV2 = "https://us02.procore.com/rest/v2.0";

struct Project       { using id_type = std::int64_t; };
struct TimecardEntry { using id_type = std::int64_t; };
struct CostCode      { using id_type = std::int64_t; };
struct Crew          { using id_type = std::int64_t; };

inline std::string refresh_access_token(const std::string& refresh, const std::string& id,
                                        const std::string& secret) {
  const std::string form = "grant_type=refresh_token&refresh_token=" + refresh +
                           "&client_id=" + id + "&client_secret=" + secret;
  Reply r = perform(kTokenUrl, &form, "Content-Type: application/x-www-form-urlencoded");
  if (r.status != 200) return {};
  return r.parsed().value("access_token", "");
}

inline std::string yesterday() {
  std::time_t t = std::time(nullptr) - 24 * 3600;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
  return buf;
}

}  // namespace tc

int main() {
  using namespace tc;
  GlobalInit curl_init;

  const char* env_company = std::getenv("PROCORE_COMPANY_ID");
  const char* env_refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* env_id = std::getenv("PROCORE_CLIENT_ID");
  const char* env_secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* slack_hook = std::getenv("SLACK_PAYROLL_WEBHOOK");
  if (!env_company || !env_refresh || !env_id || !env_secret) {
    std::fprintf(stderr, "missing PROCORE_* environment\n");
    return 2;
  }

  const std::string token = refresh_access_token(env_refresh, env_id, env_secret);
  if (token.empty()) {
    std::fprintf(stderr, "token refresh failed; see "
                         "https://developers.procore.com/documentation/oauth-introduction\n");
    return 1;
  }

  const int company = std::atoi(env_company);
  const std::string bearer = "Authorization: Bearer " + token;
  const std::string scope = "Procore-Company-Id: " + std::to_string(company);
  const std::string date = yesterday();

  std::ofstream csv{"timecards_" + date + ".csv"};
  csv << "project_id,entry_id,party_id,cost_code,crew,hours\n";

  Reply projects = perform(std::string(kApiV1) + "/projects?company_id=" +
                               std::to_string(company) + "&filters[active]=true",
                           nullptr, bearer, scope);
  int total_entries = 0;
  double total_hours = 0.0;
  for (const auto& p : projects.parsed()) {
    const auto pid = p["id"].get<Project::id_type>();
    const std::string ps = std::to_string(pid);

    std::map<CostCode::id_type, std::string> codes;
    Reply cc = perform(std::string(kApiV1) + "/cost_codes?project_id=" + ps, nullptr, bearer);
    for (const auto& c : cc.parsed())
      codes[c["id"].get<CostCode::id_type>()] = c.value("full_code", "");

    std::map<Crew::id_type, std::string> crews;
    Reply cr = perform(std::string(kApiV2) + "/companies/" + std::to_string(company) +
                           "/projects/" + ps + "/crews",
                       nullptr, bearer, scope);
    for (const auto& c : cr.parsed().value("data", json::array()))
      crews[c["id"].get<Crew::id_type>()] = c.value("name", "");

    Reply entries = perform(std::string(kApiV1) + "/projects/" + ps +
                                "/timecard_entries?filters[date]=" + date,
                            nullptr, bearer, scope);
    int n = 0;
    for (const auto& e : entries.parsed()) {
      if (e.value("status", "") != "approved") continue;
      const auto entry_id = e["id"].get<TimecardEntry::id_type>();
      const auto party_id = e["party"]["id"].get<std::int64_t>();
      const double hours = std::stod(e.value("hours", "0"));
      const auto code_id = e.value("cost_code", json::object()).value<CostCode::id_type>("id", 0);
      const auto crew_id = e.value("crew", json::object()).value<Crew::id_type>("id", 0);
      csv << pid << ',' << entry_id << ',' << party_id << ',' << codes[code_id] << ','
          << crews[crew_id] << ',' << hours << '\n';
      if (!codes.count(code_id))
        std::fprintf(stderr, "entry %lld: cost code %lld not on project\n",
                     static_cast<long long>(entry_id), static_cast<long long>(code_id));
      total_hours += hours;
      ++n;
    }
    std::printf("project %ld: %d approved entries\n", pid, n);
    total_entries += n;
  }

  if (slack_hook) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "{\"text\":\"Payroll feed %s: %d entries, %.1f hours\"}", date.c_str(),
                  total_entries, total_hours);
    const std::string body = text;
    perform(slack_hook, &body, "Content-Type: application/json");
  }
  return 0;
}
