// schedule_addin.cpp - native helper DLL behind the MS Project "Procore Schedule" add-in.
// The VSTO side P/Invokes the sa_* functions below; all state lives in slots.
#include <curl/curl.h>
#include <json/json.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#if defined(_WIN32)
#define SA_API __declspec(dllexport)
#else
#define SA_API __attribute__((visibility("default")))
#endif

#define LEGACY_BASE "https://app.procore.com/vapid"

extern "C" {
typedef struct sa_task {
    long long id;
    int parent_id;
    char name[256];
    char start[32];
    char finish[32];
    int percent_complete;
} sa_task;

typedef int (*sa_task_cb)(const sa_task *task, void *user);

SA_API int sa_init(const char *cfg_path);
SA_API void sa_shutdown(int h);
SA_API int sa_refresh(int h);
SA_API int sa_fetch_tasks(int h, long long project_id, sa_task_cb cb, void *user);
SA_API int sa_project_name(int h, long project_id, char *out, int outlen);
SA_API int sa_update_percent(int h, long long project_id, long long task_id, int percent);
SA_API int sa_whoami(int h, char *out, int outlen);
SA_API int sa_web_url(long long project_id, char *out, int outlen);
}

namespace {

size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    static_cast<std::string *>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hostsFor(const std::string &env)
{
    if (env == "sandbox")
        return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
    if (env == "monthly")
        return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    return {"https://login.procore.com", "https://api.procore.com"};
}

} // namespace

class ScheduleClient {
public:
    explicit ScheduleClient(const std::string &cfgPath);
    ~ScheduleClient();
    long perform(const std::string &method, const std::string &url, const std::string &body,
                 std::string &out, bool companyScoped);
    bool refresh();
    const Hosts &hosts() const;
    long long companyId() const;

private:
    struct Impl;
    std::unique_ptr<Impl> p;
};

struct ScheduleClient::Impl {
    std::map<std::string, std::string> cfg;
    std::string cfgPath;
    Hosts hosts;
    std::string token;
    long long companyId = 0;
    CURL *curl = nullptr;
};

ScheduleClient::ScheduleClient(const std::string &cfgPath) : p(new Impl)
{
    p->cfgPath = cfgPath;
    std::ifstream in(cfgPath);
    for (std::string line; std::getline(in, line);) {
        auto eq = line.find('=');
        if (eq != std::string::npos)
            p->cfg[line.substr(0, eq)] = line.substr(eq + 1);
    }
    p->hosts = hostsFor(p->cfg["environment"]);
    p->token = p->cfg["access_token"];
    p->companyId = std::strtoll(p->cfg["company_id"].c_str(), nullptr, 10);
    p->curl = curl_easy_init();
}

ScheduleClient::~ScheduleClient()
{
    if (p->curl)
        curl_easy_cleanup(p->curl);
}

const Hosts &ScheduleClient::hosts() const { return p->hosts; }
long long ScheduleClient::companyId() const { return p->companyId; }

long ScheduleClient::perform(const std::string &method, const std::string &url, const std::string &body,
                             std::string &out, bool companyScoped)
{
    CURL *c = p->curl;
    curl_easy_reset(c);
    struct curl_slist *hdrs = nullptr;
    if (!p->token.empty())
        hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + p->token).c_str());
    if (companyScoped)
        hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(p->companyId)).c_str());
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (!body.empty())
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

bool ScheduleClient::refresh()
{
    Json::Value req;
    req["grant_type"] = "refresh_token";
    req["refresh_token"] = p->cfg["refresh_token"];
    req["client_id"] = p->cfg["client_id"];
    req["client_secret"] = p->cfg["client_secret"];
    std::string out;
    p->token.clear();
    if (perform("POST", p->hosts.login + "/oauth/token", Json::writeString(Json::StreamWriterBuilder(), req),
                out, false) != 200)
        return false;
    Json::Value tok;
    std::istringstream is(out);
    if (!Json::parseFromStream(Json::CharReaderBuilder(), is, &tok, nullptr))
        return false;
    p->token = tok["access_token"].asString();
    return !p->token.empty();
}

static std::unique_ptr<ScheduleClient> g_slots[16];

static ScheduleClient *slot(int h)
{
    return (h >= 0 && h < 16) ? g_slots[h].get() : nullptr;
}

static bool parse(const std::string &text, Json::Value &v)
{
    std::istringstream is(text);
    return Json::parseFromStream(Json::CharReaderBuilder(), is, &v, nullptr);
}

extern "C" {

SA_API int sa_init(const char *cfg_path)
{
    for (int i = 0; i < 16; ++i) {
        if (!g_slots[i]) {
            g_slots[i].reset(new ScheduleClient(cfg_path));
            return i;
        }
    }
    return -1;
}

SA_API void sa_shutdown(int h)
{
    if (h >= 0 && h < 16)
        g_slots[h].reset();
}

SA_API int sa_refresh(int h)
{
    ScheduleClient *c = slot(h);
    return c && c->refresh() ? 0 : -1;
}

SA_API int sa_fetch_tasks(int h, long long project_id, sa_task_cb cb, void *user)
{
    ScheduleClient *c = slot(h);
    if (!c)
        return -1;
    int count = 0;
    for (int page = 1;; ++page) {
        std::string url = c->hosts().api + "/rest/v1.0/projects/" + std::to_string(project_id) +
                          "/schedule/tasks?per_page=200&page=" + std::to_string(page);
        std::string out;
        Json::Value arr;
        if (c->perform("GET", url, "", out, true) != 200 || !parse(out, arr) || arr.empty())
            break;
        for (const Json::Value &t : arr) {
            sa_task task{};
            task.id = t["id"].asInt64();
            task.parent_id = t["parent_id"].isNull() ? 0 : t["parent_id"].asInt();
            std::snprintf(task.name, sizeof task.name, "%s", t["name"].asCString());
            std::snprintf(task.start, sizeof task.start, "%s", t["start_date"].asCString());
            std::snprintf(task.finish, sizeof task.finish, "%s", t["finish_date"].asCString());
            task.percent_complete = t["percentage"].asInt();
            ++count;
            if (cb(&task, user) != 0)
                return count;
        }
    }
    return count;
}

SA_API int sa_project_name(int h, long project_id, char *out, int outlen)
{
    ScheduleClient *c = slot(h);
    if (!c)
        return -1;
    std::string url = c->hosts().api + "/rest/v1.0/projects/" + std::to_string(project_id) +
                      "?company_id=" + std::to_string(c->companyId());
    std::string body;
    Json::Value proj;
    if (c->perform("GET", url, "", body, false) != 200 || !parse(body, proj))
        return -1;
    return std::snprintf(out, outlen, "%s", proj["name"].asCString());
}

SA_API int sa_update_percent(int h, long long project_id, long long task_id, int percent)
{
    ScheduleClient *c = slot(h);
    if (!c)
        return -1;
    char url[512];
    std::snprintf(url, sizeof url, LEGACY_BASE "/projects/%lld/schedule/tasks/%lld", project_id, task_id);
    std::string out;
    long status = c->perform("PATCH", url, "{\"task\":{\"percentage\":" + std::to_string(percent) + "}}", out, true);
    if (status != 200)
        std::fprintf(stderr, "sa_update_percent: task %d failed (HTTP %ld)\n", (int)task_id, status);
    return status == 200 ? 0 : -1;
}

SA_API int sa_whoami(int h, char *out, int outlen)
{
    ScheduleClient *c = slot(h);
    if (!c)
        return -1;
    std::string body;
    Json::Value me;
    if (c->perform("GET", c->hosts().api + "/rest/v1.0/me", "", body, false) != 200 || !parse(body, me))
        return -1;
    return std::snprintf(out, outlen, "%s <%s>", me["name"].asCString(), me["login"].asCString());
}

SA_API int sa_web_url(long long project_id, char *out, int outlen)
{
    return std::snprintf(out, outlen, "https://app.procore.com/%lld/project/schedule", project_id);
}

} // extern "C"
