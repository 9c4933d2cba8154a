// timecard_bridge.cpp - nightly export of ERP payroll hours into Procore timecards
//
// Reads the payroll extract written by the AS/400 job (semicolon separated),
// maps employees to Procore users and posts one timecard entry per line.
// Built on the old build box with: g++ -o tcbridge timecard_bridge.cpp -lcurl

#include <curl/curl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#define PROCORE_LOGIN      "https://login.procore.com"
#define PROCORE_API        "https://api.procore.com"
#define TOKEN_URL          PROCORE_API "/oauth/token"
#define PROJECTS_URL       PROCORE_API "/rest/v1.0/projects?company_id=%s"
#define TIMECARD_URL       PROCORE_API "/rest/v1.0/projects/%s/timecard_entries"
#define ME_URL             PROCORE_API "/rest/v1.0/me"
#define SLACK_HOOK         "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"

#define MAX_LINE   1024
#define MAX_FIELDS 16

// globals filled in by LoadSettings()
char  g_clientId[128];
char  g_clientSecret[128];
char  g_refreshToken[512];
char  g_accessToken[2048];
char  g_companyIdStr[32];
long  g_companyId = 0;
int   g_verbose = 0;
int   g_posted = 0;
int   g_failed = 0;

static size_t WriteToString(void *ptr, size_t size, size_t nmemb, void *userdata)
{
    std::string *out = (std::string *)userdata;
    out->append((const char *)ptr, size * nmemb);
    return size * nmemb;
}

static std::map<std::string, std::string> BuildHeaders(bool withCompany)
{
    std::map<std::string, std::string> h;
    char auth[2100];
    sprintf(auth, "Bearer %s", g_accessToken);
    h["Authorization"] = auth;
    h["Content-Type"] = "application/json";
    h["Accept"] = "application/json";
    if (withCompany)
        h["Procore-Company-Id"] = g_companyIdStr;
    return h;
}

// returns HTTP status, body in *out
static int DoRequest(const char *method, const char *url, const char *body,
                     const std::map<std::string, std::string> &headers, std::string *out)
{
    CURL *curl = curl_easy_init();
    if (!curl) return -1;
    struct curl_slist *list = NULL;
    std::map<std::string, std::string>::const_iterator it;
    for (it = headers.begin(); it != headers.end(); ++it) {
        char line[2300];
        sprintf(line, "%s: %s", it->first.c_str(), it->second.c_str());
        list = curl_slist_append(list, line);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteToString);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    if (g_verbose) curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return -1;
    return (int)status;
}

static int RefreshToken()
{
    std::map<std::string, std::string> h;
    h["Content-Type"] = "application/x-www-form-urlencoded";
    char *form = new char[2048];
    sprintf(form, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
            g_clientId, g_clientSecret, g_refreshToken);
    std::string resp;
    int status = DoRequest("POST", TOKEN_URL, form, h, &resp);
    delete[] form;
    if (status != 200) return 0;
    const char *p = strstr(resp.c_str(), "\"access_token\":\"");
    if (!p) return 0;
    p += 16;
    const char *e = strchr(p, '"');
    strncpy(g_accessToken, p, e - p);
    g_accessToken[e - p] = 0;
    return 1;
}

static void LoadSettings()
{
    const char *v;
    strcpy(g_clientId, (v = getenv("TCB_CLIENT_ID")) ? v : "");
    strcpy(g_clientSecret, (v = getenv("TCB_CLIENT_SECRET")) ? v : "");
    strcpy(g_refreshToken, (v = getenv("TCB_REFRESH_TOKEN")) ? v : "");
    strcpy(g_companyIdStr, (v = getenv("TCB_COMPANY")) ? v : "0");
    g_companyId = atol(g_companyIdStr);
    g_verbose = getenv("TCB_VERBOSE") ? 1 : 0;
}

static void NotifySlack(const char *text)
{
    std::map<std::string, std::string> h;
    h["Content-Type"] = "application/json";
    char body[512];
    sprintf(body, "{\"text\":\"%s\"}", text);
    std::string resp;
    DoRequest("POST", SLACK_HOOK, body, h, &resp);
}

static int SplitLine(char *line, char **fields)
{
    int n = 0;
    char *tok = strtok(line, ";\r\n");
    while (tok && n < MAX_FIELDS) {
        fields[n++] = tok;
        tok = strtok(NULL, ";\r\n");
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s payroll_extract.csv\n", argv[0]);
        return 2;
    }
    LoadSettings();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!RefreshToken()) {
        fprintf(stderr, "token refresh failed\n");
        return 1;
    }

    std::string resp;
    int status = DoRequest("GET", ME_URL, NULL, BuildHeaders(false), &resp);
    if (status != 200) {
        fprintf(stderr, "token rejected (%d)\n", status);
        return 1;
    }

    // sanity check that the company is visible to this login
    char url[512];
    sprintf(url, PROJECTS_URL, g_companyIdStr);
    resp.clear();
    status = DoRequest("GET", url, NULL, BuildHeaders(false), &resp);
    if (status != 200) {
        fprintf(stderr, "company %ld not visible (%d)\n", g_companyId, status);
        return 1;
    }

    FILE *fp = fopen(argv[1], "r");
    if (!fp) { perror(argv[1]); return 1; }
    char line[MAX_LINE];
    char *fields[MAX_FIELDS];
    int lineNo = 0;
    while (fgets(line, sizeof(line), fp)) {
        lineNo++;
        if (lineNo == 1) continue;          // header row
        int n = SplitLine(line, fields);
        if (n < 6) continue;
        // EMPNO;PROJECT;PROCORE_USER;DATE;HOURS;COSTCODE
        long long projectId = atoll(fields[1]);
        long long userId = strtoll(fields[2], NULL, 10);
        double hours = atof(fields[4]);
        long long costCodeId = atol(fields[5]);

        char body[512];
        sprintf(body, "{\"timecard_entry\":{\"party_id\":%lld,\"date\":\"%s\",\"hours\":\"%.2f\",\"cost_code_id\":%lld}}",
                userId, fields[3], hours, costCodeId);
        char pid[32];
        sprintf(pid, "%lld", projectId);
        sprintf(url, TIMECARD_URL, pid);
        resp.clear();
        status = DoRequest("POST", url, body, BuildHeaders(true), &resp);
        if (status == 201) {
            g_posted++;
        } else {
            g_failed++;
            fprintf(stderr, "line %d: project %lld user %lld -> HTTP %d\n", lineNo, projectId, userId, status);
        }
    }
    fclose(fp);

    char msg[256];
    sprintf(msg, "timecard bridge: %d posted, %d failed for company %s", g_posted, g_failed, g_companyIdStr);
    NotifySlack(msg);
    printf("%s\n", msg);
    printf("review: https://app.procore.com/%s/company/timesheets\n", g_companyIdStr);
    curl_global_cleanup();
    return g_failed ? 1 : 0;
}
