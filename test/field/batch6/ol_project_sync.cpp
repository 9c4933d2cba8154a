/*
 * ol_project_sync.cpp  --  nightly Procore -> ERP project sync
 *
 * Runs from cron (02:15) on buildbox03 under the "erp-sync" Developer
 * Managed Service Account.  Pulls every project of the company and writes
 * the pipe-delimited staging file that the ERP loader picks up at 03:00.
 *
 * History:
 *   2009-04  original version (JD)
 *   2016-11  moved from Procore username/password to OAuth (RK)
 *   2021-02  switched to DMSA / client credentials (RK)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <map>
#include <string>
#include <curl/curl.h>

#ifdef USE_SANDBOX
#define PROCORE_LOGIN_HOST  "https://sandbox.procore.com"
#define PROCORE_API_HOST    "https://sandbox.procore.com"
#else
#define PROCORE_LOGIN_HOST  "https://login.procore.com"
#define PROCORE_API_HOST    "https://api.procore.com"
#endif
#define PROCORE_WEB_HOST    "https://app.procore.com"
#define REST_V10            "/rest/v1.0"
#define TOKEN_PATH          "/oauth/token"
#define STAGING_FILE        "/var/spool/erp/procore_projects.txt"
#define CREDS_FILE          "/etc/procore/erp-sync.conf"

#define SYNC_OK          0
#define SYNC_ERR_CONFIG  1
#define SYNC_ERR_HTTP    2
#define SYNC_ERR_PARSE   3

typedef long long CompanyId;
typedef long      ProjectId;

struct SyncConfig {
    char      client_id[128];
    char      client_secret[128];
    CompanyId company_id;
    int       per_page;
    int       max_pages;
    int       timeout_secs;
};
SyncConfig g_config;
char g_token[2048];

struct ProjectRow {
    ProjectId id;
    char      name[256];
    char      project_number[64];
    int       active;
};

class HttpBuffer {
public:
    char  *data;
    size_t len;
    void init() { data = (char *)malloc(1); data[0] = '\0'; len = 0; }
    void cleanup() { if (data) free(data); data = NULL; len = 0; }
};

static size_t write_cb(void *ptr, size_t size, size_t nmemb, void *userdata)
{
    HttpBuffer *buf = (HttpBuffer *)userdata;
    size_t n = size * nmemb;
    char *p = (char *)realloc(buf->data, buf->len + n + 1);
    if (p == NULL) return 0;
    buf->data = p;
    memcpy(buf->data + buf->len, ptr, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return n;
}

int load_config(const char *path, SyncConfig *cfg)
{
    char line[512];
    FILE *fp = fopen(path, "r");
    if (fp == NULL) return SYNC_ERR_CONFIG;
    memset(cfg, 0, sizeof(SyncConfig));
    cfg->per_page = 100;
    cfg->max_pages = 50;
    cfg->timeout_secs = 60;
    while (fgets(line, sizeof(line), fp) != NULL) {
        if (line[0] == '#') continue;
        sscanf(line, "client_id=%127s", cfg->client_id);
        sscanf(line, "client_secret=%127s", cfg->client_secret);
        sscanf(line, "company_id=%lld", &cfg->company_id);
        if (strncmp(line, "per_page=", 9) == 0) cfg->per_page = atoi(line + 9);
        if (strncmp(line, "max_pages=", 10) == 0) cfg->max_pages = atoi(line + 10);
    }
    fclose(fp);
    return (cfg->client_id[0] && cfg->company_id > 0) ? SYNC_OK : SYNC_ERR_CONFIG;
}

/* client credentials grant -- no company header on OAuth */
int fetch_token(char *out_token, size_t out_len)
{
    char url[256];
    char body[512];
    HttpBuffer buf;
    long http_code = 0;
    buf.init();
    sprintf(url, "%s%s", PROCORE_LOGIN_HOST, TOKEN_PATH);
    snprintf(body, sizeof(body), "grant_type=client_credentials&client_id=%s&client_secret=%s",
             g_config.client_id, g_config.client_secret);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_code);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK || http_code != 200) { buf.cleanup(); return SYNC_ERR_HTTP; }
    char *p = strstr(buf.data, "\"access_token\":\"");
    if (p == NULL) { buf.cleanup(); return SYNC_ERR_PARSE; }
    p += 16;
    char *end = strchr(p, '"');
    size_t n = (size_t)(end - p) < out_len - 1 ? (size_t)(end - p) : out_len - 1;
    strncpy(out_token, p, n);
    out_token[n] = '\0';
    buf.cleanup();
    return SYNC_OK;
}

/* make sure the service account can still see the company */
int check_company_access(int *out_found)
{
    char url[256];
    char auth[2100];
    HttpBuffer buf;
    buf.init();
    sprintf(url, "%s%s/companies", PROCORE_API_HOST, REST_V10);
    sprintf(auth, "Authorization: Bearer %s", g_token);
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) { buf.cleanup(); return SYNC_ERR_HTTP; }
    char needle[64];
    sprintf(needle, "\"id\":%lld", g_config.company_id);
    *out_found = (strstr(buf.data, needle) != NULL) ? 1 : 0;
    buf.cleanup();
    return SYNC_OK;
}

/* GET with the standard header set */
int do_get(const char *url, HttpBuffer *out, long *out_status)
{
    char hdr_auth[2100];
    char hdr_company[64];
    sprintf(hdr_auth, "Authorization: Bearer %s", g_token);
    sprintf(hdr_company, "Procore-Company-Id: %lld", g_config.company_id);
    const char *hdr_list[] = { hdr_auth, hdr_company, "Accept: application/json", NULL };
    struct curl_slist *hdrs = NULL;
    for (int i = 0; hdr_list[i] != NULL; i++)
        hdrs = curl_slist_append(hdrs, hdr_list[i]);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)g_config.timeout_secs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, out_status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? SYNC_OK : SYNC_ERR_HTTP;
}

/* hand parser: walks {"id":123,"name":"..","project_number":"..","active":true} */
int parse_projects(const char *json, std::map<ProjectId, ProjectRow> *rows, int *out_count)
{
    const char *p = json;
    *out_count = 0;
    while ((p = strstr(p, "{\"id\":")) != NULL) {
        ProjectRow row;
        memset(&row, 0, sizeof(row));
        row.id = strtoll(p + 6, NULL, 10);
        const char *n = strstr(p, "\"name\":\"");
        if (n) sscanf(n + 8, "%255[^\"]", row.name);
        const char *pn = strstr(p, "\"project_number\":\"");
        if (pn) sscanf(pn + 18, "%63[^\"]", row.project_number);
        const char *a = strstr(p, "\"active\":");
        row.active = (a && strncmp(a + 9, "true", 4) == 0) ? 1 : 0;
        (*rows)[row.id] = row;
        (*out_count)++;
        p++;
    }
    return SYNC_OK;
}

int write_staging(std::map<ProjectId, ProjectRow> &rows)
{
    char link[256];
    FILE *fp = fopen(STAGING_FILE, "w");
    if (fp == NULL) return SYNC_ERR_CONFIG;
    std::map<ProjectId, ProjectRow>::iterator it;
    for (it = rows.begin(); it != rows.end(); ++it) {
        sprintf(link, "%s/%lld/project/home", PROCORE_WEB_HOST, (long long)it->first);
        fprintf(fp, "%ld|%s|%s|%d|%s\n", it->second.id, it->second.project_number,
                it->second.name, it->second.active, link);
    }
    fclose(fp);
    return SYNC_OK;
}

int main(int argc, char **argv)
{
    char url[512];
    long status = 0;
    int found = 0, page, count, total = 0;
    std::map<ProjectId, ProjectRow> rows;

    if (load_config(argc > 1 ? argv[1] : CREDS_FILE, &g_config) != SYNC_OK) {
        fprintf(stderr, "project_sync: bad config\n");
        return SYNC_ERR_CONFIG;
    }
    curl_global_init(CURL_GLOBAL_ALL);
    if (fetch_token(g_token, sizeof(g_token)) != SYNC_OK) {
        fprintf(stderr, "project_sync: token request failed\n");
        return SYNC_ERR_HTTP;
    }
    if (check_company_access(&found) != SYNC_OK || !found) {
        fprintf(stderr, "project_sync: company %ld not visible\n", (long)g_config.company_id);
        return SYNC_ERR_HTTP;
    }

    HttpBuffer me;
    me.init();
    sprintf(url, "%s%s/me", PROCORE_API_HOST, REST_V10);
    do_get(url, &me, &status);
    printf("running as: %.80s\n", me.data);
    me.cleanup();

    for (page = 1; page <= g_config.max_pages; page++) {
        HttpBuffer buf;
        buf.init();
        sprintf(url, "%s%s/projects?company_id=%lld&page=%d&per_page=%d", PROCORE_API_HOST,
                REST_V10, g_config.company_id, page, g_config.per_page);
        if (do_get(url, &buf, &status) != SYNC_OK || status != 200) {
            fprintf(stderr, "project_sync: page %d failed (%ld)\n", page, status);
            buf.cleanup();
            break;
        }
        parse_projects(buf.data, &rows, &count);
        buf.cleanup();
        total += count;
        if (count < g_config.per_page) break;
    }
    printf("project_sync: %d projects (%d unique)\n", total, (int)rows.size());
    write_staging(rows);
    curl_global_cleanup();
    return SYNC_OK;
}
