// mc_submittal_log.cpp -- submittal log generator for the PM desktop toolkit.
//
// Builds a markdown submittal log grouped by spec section, with the
// responsible contractor of each item, and optionally posts the summary to
// the project's Teams channel.  Shares the macro layer with the C tools, so
// it is C-with-std::string more than C++.
//
//   submittal_log <company_id> <project_id> [--teams] | --logout
#include <curl/curl.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#ifndef PROCORE_ENV
#define PROCORE_ENV 1            // 0 prod, 1 developer sandbox, 2 monthly sandbox
#endif

#if PROCORE_ENV == 1
#define LOGIN_HOST "https://login-sandbox.procore.com"
#define API_HOST   "https://sandbox.procore.com"
#elif PROCORE_ENV == 2
#define LOGIN_HOST "https://login-sandbox-monthly.procore.com"
#define API_HOST   "https://api-monthly.procore.com"
#else
#define LOGIN_HOST "https://login.procore.com"
#define API_HOST   "https://api.procore.com"
#endif

#define V10 API_HOST "/rest/v1.0"
#define V11 API_HOST "/rest/v1.1"

#define URL_ME          V10 "/me"
#define URL_SUBMITTALS  V11 "/projects/%" PRId64 "/submittals?page=%d&per_page=%d"
#define URL_SPEC_SECTS  V10 "/specification_sections?project_id=%" PRId64
#define URL_VENDOR      V10 "/vendors/%" PRId64 "?company_id=%" PRId64
#define URL_REVOKE      LOGIN_HOST "/oauth/revoke"
#define WEB_SUBMITTAL   "https://app.procore.com/%" PRId64 "/project/submittal_logs/%" PRId64
#define HELP_LINK       "https://support.procore.com/products/online/user-guide/project-level/submittals"

#define HDR_AUTH     "Authorization: Bearer %s"
#define HDR_COMPANY  "Procore-Company-ID: %" PRId64
#define PER_PAGE     100

#define APPEND_HDR(list, ...) do {                                        \
    char hl_[2048];                                                       \
    std::snprintf(hl_, sizeof hl_, __VA_ARGS__);                          \
    (list) = curl_slist_append((list), hl_);                              \
  } while (0)

#define HTTP_GET(h, url, hdrs, out, status) do {                          \
    (out).clear();                                                        \
    curl_easy_reset(h);                                                   \
    curl_easy_setopt((h), CURLOPT_URL, (url));                            \
    curl_easy_setopt((h), CURLOPT_HTTPHEADER, (hdrs));                    \
    curl_easy_setopt((h), CURLOPT_WRITEFUNCTION, &append_cb);             \
    curl_easy_setopt((h), CURLOPT_WRITEDATA, &(out));                     \
    (status) = 0;                                                         \
    if (curl_easy_perform(h) == CURLE_OK)                                 \
      curl_easy_getinfo((h), CURLINFO_RESPONSE_CODE, &(status));          \
  } while (0)

static size_t append_cb(char *p, size_t sz, size_t n, void *ud)
{
  static_cast<std::string *>(ud)->append(p, sz * n);
  return sz * n;
}

static std::string g_token;

struct Submittal {
  int64_t id;
  int64_t section_id;
  int64_t contractor_id;
  std::string number, title, status;
};

#define JSON_NUM(obj, key) json_num((obj), "\"" key "\":")
#define JSON_STR(obj, key) json_str((obj), "\"" key "\":\"")

static int64_t json_num(const std::string &o, const char *pat)
{
  size_t p = o.find(pat);
  return p == std::string::npos ? 0 : std::strtoll(o.c_str() + p + std::strlen(pat), nullptr, 10);
}

static std::string json_str(const std::string &o, const char *pat)
{
  size_t p = o.find(pat);
  if (p == std::string::npos) return {};
  p += std::strlen(pat);
  return o.substr(p, o.find('"', p) - p);
}

static std::vector<std::string> split_objects(const std::string &arr)
{
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < arr.size(); ++i) {
    if (arr[i] == '{' && depth++ == 0) start = i;
    else if (arr[i] == '}' && --depth == 0) out.push_back(arr.substr(start, i - start + 1));
  }
  return out;
}

static struct curl_slist *base_headers()
{
  struct curl_slist *h = nullptr;
  APPEND_HDR(h, HDR_AUTH, g_token.c_str());
  return curl_slist_append(h, "Accept: application/json");
}

static struct curl_slist *company_headers(int64_t company_id)
{
  struct curl_slist *h = base_headers();
  APPEND_HDR(h, HDR_COMPANY, company_id);
  return h;
}

static std::vector<Submittal> load_submittals(CURL *h, int64_t company_id, int64_t project_id)
{
  std::vector<Submittal> all;
  std::string body;
  char url[256];
  struct curl_slist *hd = company_headers(company_id);
  for (int page = 1;; ++page) {
    long status;
    std::snprintf(url, sizeof url, URL_SUBMITTALS, project_id, page, PER_PAGE);
    HTTP_GET(h, url, hd, body, status);
    if (status != 200) break;
    auto objs = split_objects(body);
    for (const auto &o : objs) {
      Submittal s;
      s.id = JSON_NUM(o, "id");
      s.section_id = json_num(o.substr(o.find("\"specification_section\"") + 1), "\"id\":");
      s.contractor_id = json_num(o.substr(o.find("\"responsible_contractor\"") + 1), "\"id\":");
      s.number = JSON_STR(o, "number");
      s.title = JSON_STR(o, "title");
      s.status = json_str(o.substr(o.find("\"status\"") + 1), "\"name\":\"");
      all.push_back(s);
    }
    if (objs.size() < PER_PAGE) break;
  }
  curl_slist_free_all(hd);
  return all;
}

typedef std::map<int, std::string> SectionMap;   // spec section id -> "03 30 00 Cast-in-place"

static SectionMap load_sections(CURL *h, int64_t company_id, int64_t project_id)
{
  SectionMap sections;
  std::string body;
  char url[200];
  long status;
  struct curl_slist *hd = company_headers(company_id);
  std::snprintf(url, sizeof url, URL_SPEC_SECTS, project_id);
  HTTP_GET(h, url, hd, body, status);
  for (const auto &o : split_objects(body))
    sections[JSON_NUM(o, "id")] = JSON_STR(o, "number") + " " + JSON_STR(o, "description");
  curl_slist_free_all(hd);
  return sections;
}

#define DEFINE_NAME_LOOKUP(res, URL_FMT)                                              \
  static std::string res##_name(CURL *h, int64_t company_id, int64_t id)              \
  {                                                                                   \
    static std::map<int64_t, std::string> cache;                                      \
    if (cache.count(id)) return cache[id];                                            \
    std::string body;                                                                 \
    char url[200];                                                                    \
    long status;                                                                      \
    struct curl_slist *hd = base_headers();                                           \
    APPEND_HDR(hd, "X-Procore-Company-Id: %" PRId64, company_id);                     \
    std::snprintf(url, sizeof url, URL_FMT, id, company_id);                          \
    HTTP_GET(h, url, hd, body, status);                                               \
    curl_slist_free_all(hd);                                                          \
    return cache[id] = status == 200 ? JSON_STR(body, "name") : std::string("?");     \
  }

DEFINE_NAME_LOOKUP(vendor, URL_VENDOR)

static void revoke(CURL *h)
{
  std::string form = "token=" + g_token + "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                     "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
  std::string sink;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, URL_REVOKE);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_perform(h);
}

static void post_teams(CURL *h, const std::string &text)
{
  const char *hook = std::getenv("TEAMS_WEBHOOK_URL");
  std::string json = "{\"text\":\"" + text + "\"}", sink;
  struct curl_slist *hd = curl_slist_append(nullptr, "Content-Type: application/json");
  if (!hook) return;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, hook);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_perform(h);
  curl_slist_free_all(hd);
}

int main(int argc, char **argv)
{
  const char *tok = std::getenv("PROCORE_ACCESS_TOKEN");
  if (!tok || argc < 2) {
    std::fprintf(stderr, "usage: %s <company_id> <project_id> [--teams] | --logout\n", argv[0]);
    return 2;
  }
  g_token = tok;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();

  if (std::string(argv[1]) == "--logout") {
    revoke(h);
    return 0;
  }
  if (argc < 3) {
    std::fprintf(stderr, "missing project id\n");
    return 2;
  }
  int64_t company_id = std::stoll(argv[1]);
  int project_id = std::stoi(argv[2]);

  std::string me;
  long status;
  struct curl_slist *hd = base_headers();
  HTTP_GET(h, URL_ME, hd, me, status);
  curl_slist_free_all(hd);
  if (status == 401) {
    std::fprintf(stderr, "token expired -- sign in again from the toolkit. Help: %s\n", HELP_LINK);
    return 1;
  }

  auto sections = load_sections(h, company_id, project_id);
  auto items = load_submittals(h, company_id, project_id);
  int open = 0;
  std::printf("# Submittal log (%zu items)\n\n| Section | # | Title | Status | Contractor |\n|---|---|---|---|---|\n",
              items.size());
  for (const auto &s : items) {
    if (s.status != "Closed") ++open;
    std::printf("| %s | [%s](" WEB_SUBMITTAL ") | %s | %s | %s |\n",
                sections[s.section_id].c_str(), s.number.c_str(), (int64_t)project_id, s.id,
                s.title.c_str(), s.status.c_str(),
                s.contractor_id ? vendor_name(h, company_id, s.contractor_id).c_str() : "-");
  }
  if (argc > 3 && std::string(argv[3]) == "--teams")
    post_teams(h, std::to_string(open) + " submittals open on project " + std::to_string(project_id));
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
