// daily_log_puller.cpp
//
// Nightly job that mirrors Procore daily logs (manpower + notes) into the
// field-ops warehouse and posts a short summary to the superintendents' Slack
// channel. Request behaviour is assembled from small policy classes so one
// transport template serves the OAuth endpoint, Procore REST and Slack.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace fieldops {

using json = nlohmann::json;

// ------------------------------------------------------------------ hosts
struct ProductionLogin { static constexpr const char* base = "https://login.procore.com"; };
struct ProductionApi   { static constexpr const char* base = "https://api.procore.com"; };
struct SandboxLogin    { static constexpr const char* base = "https://login-sandbox.procore.com"; };
struct SandboxApi      { static constexpr const char* base = "https://sandbox.procore.com"; };
struct SlackHooks      { static constexpr const char* base = "https://hooks.slack.com"; };

#ifdef FIELDOPS_SANDBOX
using LoginHost = SandboxLogin;
using ApiHost = SandboxApi;
#else
using LoginHost = ProductionLogin;
using ApiHost = ProductionApi;
#endif

// ------------------------------------------------------------------ id traits
struct ProjectTag {};
struct UserTag {};
struct DailyLogTag {};

template <class Tag>
struct id_traits {
  using type = std::int64_t;
  static type parse(const json& j) { return j.get<std::int64_t>(); }
};

// log rows live in a compact warehouse table keyed by INTEGER
template <>
struct id_traits<DailyLogTag> {
  using type = int;
  static type parse(const json& j) { return j.get<int>(); }
};

template <class Tag>
using IdOf = typename id_traits<Tag>::type;

// ------------------------------------------------------------------ context
struct Context {
  std::string access_token;
  std::string refresh_token;
  std::int64_t company_id = 0;
};

class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }
  void add(const std::string& line) { list_ = curl_slist_append(list_, line.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// ------------------------------------------------------------------ policies
struct NoAuth {
  static void contribute(HeaderList&, const Context&) {}
};
struct BearerAuth {
  static void contribute(HeaderList& h, const Context& ctx) {
    h.add("Authorization: Bearer " + ctx.access_token);
  }
};
struct NoTenancy {
  static void contribute(HeaderList&, const Context&) {}
};
struct CompanyTenancy {
  static void contribute(HeaderList& h, const Context& ctx) {
    h.add("Procore-Company-Id: " + std::to_string(ctx.company_id));
  }
};
struct SingleShot { static constexpr int attempts = 1; static constexpr int base_delay_ms = 0; };
struct Backoff    { static constexpr int attempts = 4; static constexpr int base_delay_ms = 400; };

static size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

template <class Host, class Auth, class Tenancy, class Retry = SingleShot>
class Request {
 public:
  explicit Request(const Context& ctx) : ctx_(ctx) {}

  long send(const char* method, const std::string& path, const std::string& body,
            std::string& out, const char* content_type = "application/json") const {
    long status = 0;
    for (int attempt = 0; attempt < Retry::attempts; ++attempt) {
      if (attempt > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(Retry::base_delay_ms << attempt));
      CURL* curl = curl_easy_init();
      if (!curl) throw std::runtime_error("curl_easy_init failed");
      HeaderList headers;
      Auth::contribute(headers, ctx_);
      Tenancy::contribute(headers, ctx_);
      headers.add(std::string("Content-Type: ") + content_type);
      const std::string url = std::string(Host::base) + path;
      out.clear();
      curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
      if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
      curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
      const CURLcode rc = curl_easy_perform(curl);
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_cleanup(curl);
      if (rc == CURLE_OK && status != 429 && status < 500) break;
    }
    return status;
  }

 private:
  const Context& ctx_;
};

using TokenRequest    = Request<LoginHost, NoAuth, NoTenancy>;
using IdentityRequest = Request<ApiHost, BearerAuth, NoTenancy>;  // /me is not company scoped
using ProjectRequest  = Request<ApiHost, BearerAuth, CompanyTenancy, Backoff>;
using LogReader       = Request<ApiHost, BearerAuth, NoTenancy, Backoff>;
using SlackRequest    = Request<SlackHooks, NoAuth, NoTenancy, Backoff>;

// ------------------------------------------------------------------ model
struct LogRow {
  IdOf<DailyLogTag> id;
  IdOf<UserTag> created_by;
  std::string date;
  std::string notes;
  int workers = 0;
};

template <class Tag>
std::string id_to_string(IdOf<Tag> id) {
  if constexpr (std::is_integral_v<IdOf<Tag>>) return std::to_string(id);
  else return std::string(id);
}

bool refresh_access_token(Context& ctx, const std::string& client_id, const std::string& secret) {
  std::string out;
  const std::string form = "grant_type=refresh_token&client_id=" + client_id +
                           "&client_secret=" + secret + "&refresh_token=" + ctx.refresh_token;
  const long status = TokenRequest{ctx}.send("POST", "/oauth/token", form, out,
                                             "application/x-www-form-urlencoded");
  if (status != 200) return false;
  const json tok = json::parse(out);
  ctx.access_token = tok.at("access_token").get<std::string>();
  ctx.refresh_token = tok.value("refresh_token", ctx.refresh_token);
  return true;
}

IdOf<UserTag> whoami(const Context& ctx) {
  std::string out;
  if (IdentityRequest{ctx}.send("GET", "/rest/v1.0/me", "", out) != 200) return 0;
  return id_traits<UserTag>::parse(json::parse(out).at("id"));
}

std::vector<LogRow> pull_manpower(const Context& ctx, IdOf<ProjectTag> project_id,
                                  const std::string& date) {
  std::vector<LogRow> rows;
  std::string out;
  const std::string path = "/rest/v1.0/projects/" + id_to_string<ProjectTag>(project_id) +
                           "/manpower_logs?log_date=" + date;
  if (LogReader{ctx}.send("GET", path, "", out) != 200) return rows;
  for (const auto& item : json::parse(out)) {
    LogRow r;
    r.id = id_traits<DailyLogTag>::parse(item.at("id"));
    r.created_by = id_traits<UserTag>::parse(item.at("created_by").at("id"));
    r.date = item.value("date", date);
    r.notes = item.value("notes", "");
    r.workers = item.value("num_workers", 0);
    rows.push_back(r);
  }
  return rows;
}

int count_notes(const Context& ctx, IdOf<ProjectTag> project_id, const std::string& date) {
  std::string out;
  const std::string path = "/rest/v1.0/projects/" + id_to_string<ProjectTag>(project_id) +
                           "/notes_logs?log_date=" + date;
  if (ProjectRequest{ctx}.send("GET", path, "", out) != 200) return 0;
  return static_cast<int>(json::parse(out).size());
}

void post_sync_note(const Context& ctx, IdOf<ProjectTag> project_id, IdOf<UserTag> me,
                    const std::string& date, int workers) {
  json body = {{"notes_log", {{"date", date},
                              {"comment", "Warehouse sync: " + std::to_string(workers) +
                                              " workers recorded (bot user " +
                                              std::to_string(me) + ")"}}}};
  std::string out;
  const std::string path = "/rest/v1.0/projects/" + id_to_string<ProjectTag>(project_id) +
                           "/notes_logs";
  ProjectRequest{ctx}.send("POST", path, body.dump(), out);
}

void notify_slack(const Context& ctx, IdOf<ProjectTag> project_id, const std::string& date,
                  int workers, int notes) {
  const std::string link = "https://app.procore.com/" + std::to_string(project_id) +
                           "/project/daily_log/list?date=" + date;
  json msg = {{"text", "Daily log " + date + ": " + std::to_string(workers) + " workers, " +
                           std::to_string(notes) + " notes. <" + link + "|Open in Procore>"}};
  const char* hook = std::getenv("SLACK_HOOK_PATH");
  std::string out;
  if (hook) SlackRequest{ctx}.send("POST", hook, msg.dump(), out);
}

}  // namespace fieldops

int main(int argc, char** argv) {
  using namespace fieldops;
  if (argc < 4) {
    std::cerr << "usage: daily_log_puller <company_id> <project_id> <YYYY-MM-DD>\n";
    return 2;
  }
  Context ctx;
  ctx.company_id = std::strtoll(argv[1], nullptr, 10);
  const IdOf<ProjectTag> project_id = std::strtoll(argv[2], nullptr, 10);
  const std::string date = argv[3];
  const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  if (!rt || !cid || !secret) {
    std::cerr << "missing PROCORE_* environment\n";
    return 2;
  }
  ctx.refresh_token = rt;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (!refresh_access_token(ctx, cid, secret)) {
    std::cerr << "token refresh failed\n";
    curl_global_cleanup();
    return 1;
  }
  const IdOf<UserTag> me = whoami(ctx);
  const auto rows = pull_manpower(ctx, project_id, date);
  int workers = 0;
  for (const auto& r : rows) workers += r.workers;
  const int notes = count_notes(ctx, project_id, date);
  post_sync_note(ctx, project_id, me, date, workers);
  notify_slack(ctx, project_id, date, workers, notes);
  std::cout << rows.size() << " manpower rows, " << notes << " notes\n";
  curl_global_cleanup();
  return 0;
}
