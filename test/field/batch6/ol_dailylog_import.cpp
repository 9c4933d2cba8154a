// ol_dailylog_import.cpp
//
// Imports the superintendents' daily manpower sheet (CSV exported from the
// timekeeping system) into Procore daily logs.  One line per crew per day:
//
//   project_id,date,vendor_id,workers,hours,notes
//
// Build: g++ ol_dailylog_import.cpp -lPocoNetSSL -lPocoNet -lPocoFoundation
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iostream>
#include <sstream>
#include <string>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/StreamCopier.h>

using Poco::Net::HTTPSClientSession;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPMessage;
using Poco::Net::Context;

#define LOGIN_HOST      "api.procore.com"
#define API_HOST        "api.procore.com"
#define HTTPS_PORT      443
#define TOKEN_PATH      "/oauth/token"
#define REST_BASE       "/rest/v1.0/projects/"
#define SLACK_HOST      "hooks.slack.com"
#define SLACK_PATH      "/services/T02F9/B77Q1/xYzSuperintendents"
#define MAX_LINE        1024

struct ImportConfig {
    char      client_id[80];
    char      client_secret[80];
    char      refresh_token[256];
    long long company_id;
    int       dry_run;
};
ImportConfig g_cfg;

struct CsvRow {
    long long project_id;
    char      date[16];
    long long vendor_id;
    int       workers;
    double    hours;
    char      notes[512];
};

class DailyLogImporter {
public:
    HTTPSClientSession *m_api;
    HTTPSClientSession *m_login;
    char m_token[1024];
    int  m_posted;
    int  m_failed;

    int init()
    {
        Context::Ptr ctx = new Context(Context::CLIENT_USE, "", "", "", Context::VERIFY_RELAXED);
        m_api = new HTTPSClientSession(API_HOST, HTTPS_PORT, ctx);
        m_login = new HTTPSClientSession(LOGIN_HOST, HTTPS_PORT, ctx);
        m_api->setTimeout(Poco::Timespan(30, 0));
        m_token[0] = '\0';
        m_posted = 0;
        m_failed = 0;
        return 0;
    }

    void cleanup()
    {
        delete m_api;
        delete m_login;
        m_api = NULL;
        m_login = NULL;
    }

    int get_token()
    {
        char body[600];
        sprintf(body, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
                g_cfg.refresh_token, g_cfg.client_id, g_cfg.client_secret);
        HTTPRequest req(HTTPRequest::HTTP_POST, TOKEN_PATH, HTTPMessage::HTTP_1_1);
        req.setContentType("application/x-www-form-urlencoded");
        req.setContentLength(strlen(body));
        std::ostream &os = m_login->sendRequest(req);
        os << body;
        HTTPResponse resp;
        std::string out;
        Poco::StreamCopier::copyToString(m_login->receiveResponse(resp), out);
        if (resp.getStatus() != HTTPResponse::HTTP_OK) return -1;
        const char *p = strstr(out.c_str(), "\"access_token\":\"");
        if (p == NULL) return -2;
        sscanf(p + 16, "%1023[^\"]", m_token);
        return 0;
    }

    int post_manpower(const CsvRow &row, int *out_status)
    {
        char path[256], body[1024], company[32], bearer[1100];
        sprintf(path, REST_BASE "%lld/manpower_logs", row.project_id);
        snprintf(body, sizeof(body),
                 "{\"manpower_log\":{\"date\":\"%s\",\"num_workers\":%d,\"num_hours\":%.2f,"
                 "\"vendor_id\":%lld,\"notes\":\"%s\"}}",
                 row.date, row.workers, row.hours, row.vendor_id, row.notes);
        sprintf(company, "%lld", g_cfg.company_id);
        sprintf(bearer, "Bearer %s", m_token);
        HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", bearer);
        req.set("Procore-Company-Id", company);
        req.setContentType("application/json");
        req.setContentLength(strlen(body));
        std::ostream &os = m_api->sendRequest(req);
        os << body;
        HTTPResponse resp;
        std::string out;
        Poco::StreamCopier::copyToString(m_api->receiveResponse(resp), out);
        *out_status = (int)resp.getStatus();
        return (*out_status == 201) ? 0 : -1;
    }

    // free-text remarks go into the notes log so the PM sees them on the day
    int post_note(const CsvRow &row, int *out_status)
    {
        char path[256], body[1024], company[32], bearer[1100];
        sprintf(path, REST_BASE "%ld/notes_logs", (long)row.project_id);
        snprintf(body, sizeof(body), "{\"notes_log\":{\"date\":\"%s\",\"comment\":\"%s\"}}",
                 row.date, row.notes);
        sprintf(company, "%lld", g_cfg.company_id);
        sprintf(bearer, "Bearer %s", m_token);
        HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", bearer);
        req.set("X-Procore-Company-Id", company);
        req.setContentType("application/json");
        req.setContentLength(strlen(body));
        std::ostream &os = m_api->sendRequest(req);
        os << body;
        HTTPResponse resp;
        std::string out;
        Poco::StreamCopier::copyToString(m_api->receiveResponse(resp), out);
        *out_status = (int)resp.getStatus();
        return (*out_status == 201) ? 0 : -1;
    }

    // summary to the supers' Slack channel -- not Procore, no company header
    void post_summary(const char *csv_name)
    {
        char body[512];
        snprintf(body, sizeof(body), "{\"text\":\"daily log import %s: %d posted, %d failed\"}",
                 csv_name, m_posted, m_failed);
        Context::Ptr ctx = new Context(Context::CLIENT_USE, "", "", "", Context::VERIFY_RELAXED);
        HTTPSClientSession slack(SLACK_HOST, HTTPS_PORT, ctx);
        HTTPRequest req(HTTPRequest::HTTP_POST, SLACK_PATH, HTTPMessage::HTTP_1_1);
        req.setContentType("application/json");
        req.setContentLength(strlen(body));
        slack.sendRequest(req) << body;
        HTTPResponse resp;
        slack.receiveResponse(resp);
    }
};

int parse_csv_line(char *line, CsvRow *row)
{
    char *fields[6];
    int n = 0;
    char *tok = strtok(line, ",\r\n");
    while (tok != NULL && n < 6) {
        fields[n++] = tok;
        tok = strtok(NULL, n == 5 ? "\r\n" : ",\r\n");
    }
    if (n < 5) return -1;
    memset(row, 0, sizeof(CsvRow));
    row->project_id = atoi(fields[0]);
    strncpy(row->date, fields[1], sizeof(row->date) - 1);
    row->vendor_id = strtoll(fields[2], NULL, 10);
    row->workers = atoi(fields[3]);
    row->hours = atof(fields[4]);
    if (n == 6) strncpy(row->notes, fields[5], sizeof(row->notes) - 1);
    return 0;
}

int main(int argc, char **argv)
{
    char line[MAX_LINE];
    int lineno = 0, status = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: dailylog_import <sheet.csv>\n");
        return 2;
    }
    memset(&g_cfg, 0, sizeof(g_cfg));
    strncpy(g_cfg.client_id, getenv("PROCORE_CLIENT_ID") ? getenv("PROCORE_CLIENT_ID") : "", 79);
    strncpy(g_cfg.client_secret, getenv("PROCORE_CLIENT_SECRET") ? getenv("PROCORE_CLIENT_SECRET") : "", 79);
    strncpy(g_cfg.refresh_token, getenv("PROCORE_REFRESH") ? getenv("PROCORE_REFRESH") : "", 255);
    g_cfg.company_id = getenv("PROCORE_COMPANY") ? strtoll(getenv("PROCORE_COMPANY"), NULL, 10) : 0;
    g_cfg.dry_run = getenv("DRY_RUN") != NULL;

    FILE *fp = fopen(argv[1], "r");
    if (fp == NULL) { perror(argv[1]); return 1; }

    DailyLogImporter imp;
    imp.init();
    if (imp.get_token() != 0) {
        fprintf(stderr, "token refresh failed\n");
        imp.cleanup();
        return 1;
    }
    while (fgets(line, sizeof(line), fp) != NULL) {
        CsvRow row;
        if (++lineno == 1) continue;             // header
        if (parse_csv_line(line, &row) != 0) continue;
        if (g_cfg.dry_run) {
            printf("line %d: project %lld, %d workers\n", lineno, row.project_id, row.workers);
            continue;
        }
        if (imp.post_manpower(row, &status) == 0) imp.m_posted++;
        else { imp.m_failed++; fprintf(stderr, "line %d: HTTP %d\n", lineno, status); }
        if (row.notes[0] != '\0' && imp.post_note(row, &status) != 0)
            fprintf(stderr, "line %d: note failed, HTTP %d\n", lineno, status);
    }
    fclose(fp);
    imp.post_summary(argv[1]);
    imp.cleanup();
    return 0;
}
