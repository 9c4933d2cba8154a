// mx_daily_log_bridge.cpp - plugin for the site scheduling desktop app.
// Pulls the manpower log of a day from Procore into the crew planner and
// writes the planner's end-of-day note back as a daily-log note.
//
// The host application loads this as a shared library and calls the
// extern "C" entry points at the bottom.
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#define PROCORE_WEB "https://app.procore.com"
#if defined(USE_SANDBOX)
#  define PROCORE_LOGIN "https://login-sandbox-monthly.procore.com"
#  define PROCORE_REST  "https://api-monthly.procore.com/rest/v1.0"
#else
#  define PROCORE_LOGIN "https://login.procore.com"
#  define PROCORE_REST  PROCORE_WEB "/rest/v1.0"
#endif

#define HDR_AUTH_FMT     "Authorization: Bearer %s"
#define HDR_COMPANY_FMT  "Procore-Company-Id: %ld"
#define HDR_JSON         "Content-Type: application/json"

#define URL_LEN 512
#define HDR_LEN 2100

#define SET(opt, v) curl_easy_setopt(curl_, (opt), (v))

namespace {

using ProjectId = std::int64_t;

struct ManpowerEntry {
    std::int64_t  id;
    std::int64_t  created_by_id;
    int           vendor_id;
    std::uint32_t location_id;
    int           num_workers;
    double        num_hours;
    std::string   notes;
};

size_t append_cb(char *p, size_t s, size_t n, void *ud) {
    static_cast<std::string *>(ud)->append(p, s * n);
    return s * n;
}

class ProcoreSession {
public:
    ProcoreSession(std::string token, long company) : token_(std::move(token)), company_(company) {
        curl_ = curl_easy_init();
    }
    ~ProcoreSession() { curl_easy_cleanup(curl_); }

    // Sends one request; `extra` headers are appended after Authorization.
    long perform(const char *url, const char *method, curl_slist *extra,
                 const std::string *body, std::string &out) {
        char auth[HDR_LEN];
        std::snprintf(auth, sizeof auth, HDR_AUTH_FMT, token_.c_str());
        curl_slist *hdrs = curl_slist_append(nullptr, auth);
        for (curl_slist *e = extra; e; e = e->next) hdrs = curl_slist_append(hdrs, e->data);
        curl_slist_free_all(extra);

        curl_easy_reset(curl_);
        SET(CURLOPT_URL, url);
        SET(CURLOPT_CUSTOMREQUEST, method);
        SET(CURLOPT_HTTPHEADER, hdrs);
        SET(CURLOPT_WRITEFUNCTION, append_cb);
        SET(CURLOPT_WRITEDATA, &out);
        if (body) SET(CURLOPT_POSTFIELDS, body->c_str());
        long status = 0;
        if (curl_easy_perform(curl_) == CURLE_OK)
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdrs);
        return status;
    }

    curl_slist *company_header() const {
        char line[64];
        std::snprintf(line, sizeof line, HDR_COMPANY_FMT, company_);
        return curl_slist_append(nullptr, line);
    }

    long company() const { return company_; }

private:
    CURL *curl_ = nullptr;
    std::string token_;
    long company_;
};

bool token_still_valid(ProcoreSession &s) {
    std::string out;
    return s.perform(PROCORE_LOGIN "/oauth/token/info", "GET", nullptr, nullptr, out) == 200;
}

std::string current_user_name(ProcoreSession &s) {
    std::string out;
    if (s.perform(PROCORE_REST "/me", "GET", nullptr, nullptr, out) != 200) return {};
    rapidjson::Document d;
    d.Parse(out.c_str());
    return (!d.HasParseError() && d.HasMember("name")) ? d["name"].GetString() : "";
}

std::vector<ManpowerEntry> fetch_manpower(ProcoreSession &s, ProjectId project, const char *date) {
    char url[URL_LEN];
    std::snprintf(url, sizeof url, PROCORE_REST "/projects/%" PRId64 "/daily_logs/manpower_logs?log_date=%s",
                  project, date);
    std::string out;
    std::vector<ManpowerEntry> rows;
    if (s.perform(url, "GET", s.company_header(), nullptr, out) != 200) return rows;

    rapidjson::Document d;
    d.Parse(out.c_str());
    if (d.HasParseError() || !d.IsArray()) return rows;
    for (const auto &e : d.GetArray()) {
        ManpowerEntry m{};
        m.id = e["id"].GetInt64();
        if (e.HasMember("created_by") && e["created_by"].IsObject())
            m.created_by_id = e["created_by"]["id"].GetInt64();
        if (e.HasMember("vendor") && e["vendor"].IsObject())
            m.vendor_id = e["vendor"]["id"].GetInt();
        if (e.HasMember("location") && e["location"].IsObject())
            m.location_id = e["location"]["id"].GetUint();
        m.num_workers = e.HasMember("num_workers") ? e["num_workers"].GetInt() : 0;
        m.num_hours = e.HasMember("num_hours") ? e["num_hours"].GetDouble() : 0.0;
        if (e.HasMember("notes") && e["notes"].IsString()) m.notes = e["notes"].GetString();
        rows.push_back(std::move(m));
    }
    return rows;
}

bool post_note(ProcoreSession &s, ProjectId project, const char *date, const std::string &text) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("notes_log");
    w.StartObject();
    w.Key("date");    w.String(date);
    w.Key("comment"); w.String(text.c_str());
    w.EndObject();
    w.EndObject();
    std::string body = sb.GetString();

    char url[URL_LEN], company[64];
    std::snprintf(url, sizeof url, PROCORE_REST "/projects/%" PRId64 "/daily_logs/notes_logs", project);
    std::snprintf(company, sizeof company, "Company-Id: %ld", s.company());
    curl_slist *extra = curl_slist_append(nullptr, company);
    extra = curl_slist_append(extra, HDR_JSON);
    std::string out;
    return s.perform(url, "POST", extra, &body, out) == 201;
}

int count_locations(ProcoreSession &s, ProjectId project) {
    char url[URL_LEN];
    std::snprintf(url, sizeof url, PROCORE_REST "/projects/%" PRId64 "/locations", project);
    std::string out;
    if (s.perform(url, "GET", nullptr, nullptr, out) != 200) return -1;
    rapidjson::Document d;
    d.Parse(out.c_str());
    return d.IsArray() ? static_cast<int>(d.Size()) : -1;
}

ProcoreSession *g_session = nullptr;

}  // namespace

extern "C" {

// Called by the planner when the user links a schedule to Procore.
int mxplugin_connect(const char *access_token, const char *company_id) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    delete g_session;
    g_session = new ProcoreSession(access_token, std::strtol(company_id, nullptr, 10));
    if (!token_still_valid(*g_session)) return -1;
    std::fprintf(stderr, "[procore] connected as %s, company %ld\n",
                 current_user_name(*g_session).c_str(), g_session->company());
    return 0;
}

// Fills the crew planner grid; returns number of rows or -1.
int mxplugin_import_crews(const char *project_id, const char *date, char *report, size_t report_len) {
    if (!g_session) return -1;
    ProjectId project = std::strtoll(project_id, nullptr, 10);
    auto rows = fetch_manpower(*g_session, project, date);
    int locations = count_locations(*g_session, project);
    size_t used = 0;
    for (const auto &m : rows) {
        int n = std::snprintf(report + used, report_len - used,
                              "%" PRId64 "\tvendor=%d\tloc=%u\tworkers=%d\thours=%.1f\n",
                              m.id, m.vendor_id, m.location_id, m.num_workers, m.num_hours);
        if (n < 0 || static_cast<size_t>(n) >= report_len - used) break;
        used += static_cast<size_t>(n);
    }
    std::fprintf(stderr, "[procore] %zu manpower rows, %d locations; open %s/%" PRId64
                 "/project/daily_log/list?date=%s\n", rows.size(), locations, PROCORE_WEB,
                 project, date);
    return static_cast<int>(rows.size());
}

int mxplugin_export_note(const char *project_id, const char *date, const char *note) {
    if (!g_session) return -1;
    return post_note(*g_session, std::strtoll(project_id, nullptr, 10), date, note) ? 0 : -1;
}

void mxplugin_disconnect(void) {
    delete g_session;
    g_session = nullptr;
    curl_global_cleanup();
}

}  // extern "C"
