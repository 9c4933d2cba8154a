// tcbridge.cpp - turnstile badge reader -> Procore timecard entries.
// C++ because curlpp/jsoncpp; everything else kept C-style so the old
// gatehouse code (C) can be pasted in.
//
//   g++ -O2 tcbridge.cpp -lcurlpp -lcurl -ljsoncpp
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <list>
#include <string>
#include <sstream>
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Exception.hpp>
#include <json/json.h>

#define PROCORE_API    "https://api.procore.com"
#define PROCORE_LOGIN  "https://login.procore.com"
#define PROCORE_ZONE   "https://us02.procore.com"      /* company is hosted in us02 */
#define V1(p)          PROCORE_API "/rest/v1.0" p
#define TIMESHEET_WEB  "https://app.procore.com/%lld/project/timesheets"
#define GATEHOUSE_URL  "http://10.20.0.5:%d/heartbeat"
#define GATEHOUSE_PORT 8081
#define BADGE_FIFO     "/run/turnstile/events"
#define MAX_BADGES     512
#define PER_PAGE       200

#define PC_CALLS(X) \
    X(PC_COMPANIES,  V1("/companies")) \
    X(PC_USERS,      V1("/projects/%lld/users?page=%d&per_page=%d")) \
    X(PC_TC_LIST,    V1("/projects/%lld/timecard_entries?filters[date]=%s")) \
    X(PC_TC_CREATE,  PROCORE_ZONE "/rest/v1.0/projects/%lld/timecard_entries")

#define X_ENUM(n, u) n,
enum pc_call { PC_CALLS(X_ENUM) PC_NCALLS };
#undef X_ENUM
#define X_URL(n, u) u,
static const char *PC_URL[PC_NCALLS] = { PC_CALLS(X_URL) };
#undef X_URL

struct badge_user {
    char employee_no[16];
    long long user_id;
};

static struct {
    char client_id[96];
    char client_secret[96];
    char access[1024];
    char refresh[256];
    long long company_id;
    long long project_id;
    struct badge_user users[MAX_BADGES];
    int nusers;
} G;

static long http_do(const char *url, const std::list<std::string> &hdrs, const char *post, std::string *out)
{
    std::ostringstream os;
    try {
        curlpp::Easy req;
        req.setOpt(new curlpp::options::Url(url));
        req.setOpt(new curlpp::options::HttpHeader(hdrs));
        req.setOpt(new curlpp::options::WriteStream(&os));
        req.setOpt(new curlpp::options::Timeout(30));
        if (post) {
            req.setOpt(new curlpp::options::PostFields(post));
            req.setOpt(new curlpp::options::PostFieldSize((long)strlen(post)));
        }
        req.perform();
        if (out) *out = os.str();
        return curlpp::infos::ResponseCode::get(req);
    } catch (curlpp::RuntimeError &e) {
        fprintf(stderr, "tcbridge: %s: %s\n", url, e.what());
        return -1;
    }
}

static void auth_headers(std::list<std::string> &h, int with_company)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", G.access);
    h.push_back(line);
    if (with_company) {
        snprintf(line, sizeof line, "Procore-Company-Id: %lld", G.company_id);
        h.push_back(line);
    }
}

static int refresh_token(void)
{
    char form[1024];
    std::string body;
    std::list<std::string> h;
    Json::Value v;
    Json::Reader rd;

    snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             G.refresh, G.client_id, G.client_secret);
    h.push_back("Content-Type: application/x-www-form-urlencoded");
    if (http_do(PROCORE_LOGIN "/oauth/token", h, form, &body) != 200 || !rd.parse(body, v))
        return -1;
    snprintf(G.access, sizeof G.access, "%s", v["access_token"].asCString());
    snprintf(G.refresh, sizeof G.refresh, "%s", v["refresh_token"].asCString());
    return 0;
}

/* sanity check only: make sure our company is in the list for this login */
static int check_company(void)
{
    std::string body;
    std::list<std::string> h;
    Json::Value arr;
    Json::Reader rd;

    auth_headers(h, 0);
    if (http_do(PC_URL[PC_COMPANIES], h, NULL, &body) != 200 || !rd.parse(body, arr)) return -1;
    for (Json::ArrayIndex i = 0; i < arr.size(); i++)
        if (arr[i]["id"].asInt64() == G.company_id) return 0;
    return -1;
}

static int load_directory(void)
{
    char url[512];
    G.nusers = 0;
    for (int page = 1; page < 50; page++) {
        std::string body;
        std::list<std::string> h;
        Json::Value arr;
        Json::Reader rd;
        snprintf(url, sizeof url, PC_URL[PC_USERS], G.project_id, page, PER_PAGE);
        auth_headers(h, 1);
        if (http_do(url, h, NULL, &body) != 200 || !rd.parse(body, arr)) return -1;
        for (Json::ArrayIndex i = 0; i < arr.size() && G.nusers < MAX_BADGES; i++) {
            const Json::Value &u = arr[i];
            if (!u["employee_id"].isString()) continue;
            struct badge_user *b = &G.users[G.nusers++];
            snprintf(b->employee_no, sizeof b->employee_no, "%s", u["employee_id"].asCString());
            b->user_id = u["id"].asInt();
        }
        if ((int)arr.size() < PER_PAGE) break;
    }
    return G.nusers;
}

/* did the turnstile already report this person today? (reader double-fires) */
static int already_logged(long long user_id, const char *date)
{
    char url[512], hdr[1100];
    std::string body;
    std::list<std::string> h;
    Json::Value arr;
    Json::Reader rd;

    snprintf(url, sizeof url, PC_URL[PC_TC_LIST], G.project_id, date);
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s", G.access);
    h.push_back(hdr);
    sprintf(hdr, "Procore-CompanyId: %lld", G.company_id);
    h.push_back(hdr);
    if (http_do(url, h, NULL, &body) != 200 || !rd.parse(body, arr)) return 0;
    for (Json::ArrayIndex i = 0; i < arr.size(); i++)
        if (arr[i]["login_information"]["id"].asInt64() == user_id) return 1;
    return 0;
}

static int post_entry(long long user_id, const char *date, double hours)
{
    char url[512], body[512];
    std::list<std::string> h;
    snprintf(url, sizeof url, PC_URL[PC_TC_CREATE], G.project_id);
    snprintf(body, sizeof body,
             "{\"timecard_entry\":{\"login_information_id\":%lld,\"date\":\"%s\",\"hours\":\"%.2f\"}}",
             user_id, date, hours);
    auth_headers(h, 1);
    h.push_back("Content-Type: application/json");
    return http_do(url, h, body, NULL) == 201 ? 0 : -1;
}

static void heartbeat(int events)
{
    char url[128], body[64];
    std::list<std::string> h;
    snprintf(url, sizeof url, GATEHOUSE_URL, GATEHOUSE_PORT);
    snprintf(body, sizeof body, "{\"events\":%d}", events);
    h.push_back("Content-Type: application/json");
    http_do(url, h, body, NULL);
}

int main(void)
{
    char emp[16], dir[8], date[16];
    int hh, mm, events = 0;
    FILE *fifo;

    snprintf(G.client_id, sizeof G.client_id, "%s", getenv("TC_CLIENT_ID") ? getenv("TC_CLIENT_ID") : "");
    snprintf(G.client_secret, sizeof G.client_secret, "%s", getenv("TC_CLIENT_SECRET") ? getenv("TC_CLIENT_SECRET") : "");
    snprintf(G.refresh, sizeof G.refresh, "%s", getenv("TC_REFRESH_TOKEN") ? getenv("TC_REFRESH_TOKEN") : "");
    G.company_id = strtoll(getenv("TC_COMPANY") ? getenv("TC_COMPANY") : "0", NULL, 10);
    G.project_id = strtoll(getenv("TC_PROJECT") ? getenv("TC_PROJECT") : "0", NULL, 10);

    curlpp::Cleanup cleanup;
    if (refresh_token() != 0 || check_company() != 0 || load_directory() <= 0) {
        fprintf(stderr, "tcbridge: startup failed\n");
        return 1;
    }
    printf("tcbridge up, %d badges; timesheets at " TIMESHEET_WEB "\n", G.nusers, G.project_id);

    if (!(fifo = fopen(BADGE_FIFO, "r"))) return 1;
    while (fscanf(fifo, "%15s %7s %d:%d", emp, dir, &hh, &mm) == 4) {
        time_t now = time(NULL);
        strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
        if (strcmp(dir, "IN") != 0) continue;       /* hours get fixed up by the super */
        for (int i = 0; i < G.nusers; i++) {
            if (strcmp(G.users[i].employee_no, emp)) continue;
            if (!already_logged(G.users[i].user_id, date))
                post_entry(G.users[i].user_id, date, 8.0);
            break;
        }
        if (++events % 50 == 0) heartbeat(events);
    }
    fclose(fifo);
    return 0;
}
