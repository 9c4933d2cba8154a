/*
 * rfi_sync.c - polls open RFIs for every project of one company and writes
 * one CSV per project into RFI_SYNC_OUT_DIR. Runs under systemd on the build
 * box and as a scheduled task on the Windows file server.
 *
 * Build (Linux):  cc -DUSE_CURL rfi_sync.c -lcurl -o rfi_sync
 * Build (Win32):  cl /DUSE_WINHTTP rfi_sync.c winhttp.lib
 */
#if !defined(USE_QT) && !defined(USE_CURL) && !defined(USE_WINHTTP)
#define USE_CURL 1
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>

#if defined(USE_QT)
#error "the Qt backend is only available in the C++ build of the sync tools"
#elif defined(USE_CURL)
#include <curl/curl.h>
#else
#include <windows.h>
#include <winhttp.h>
#endif

#ifdef _WIN32
#define snprintf _snprintf
#define PATH_SEP "\\"
#define sleep(s) Sleep((DWORD)(s) * 1000)
typedef __int64 pc_id_t;
#define PC_ID_FMT "%I64d"
#else
#include <unistd.h>
#define PATH_SEP "/"
typedef int64_t pc_id_t;
#define PC_ID_FMT "%" PRId64
#endif

#define LOG_AT(lvl, ...) do { \
        fprintf(stderr, "[%s] %s:%d: ", lvl, __FILE__, __LINE__); \
        fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } while (0)
#define LOG_INFO(...) LOG_AT("info", __VA_ARGS__)
#define LOG_ERR(...)  LOG_AT("error", __VA_ARGS__)

#define DEFAULT_LOGIN_BASE "https://login.procore.com"
#define DEFAULT_API_BASE   "https://api.procore.com"
#define DEFAULT_WEB_BASE   "https://app.procore.com"
#define DEFAULT_OUT_DIR    "/var/lib/rfi-sync"
#define DEFAULT_PER_PAGE   100

typedef struct {
    const char *login_base, *api_base, *web_base, *out_dir;
    const char *client_id, *client_secret, *refresh_token;
    pc_id_t company_id;
    char access_token[512];
} sync_config_t;

typedef struct { char *data; size_t len; } buf_t;

/* platform-neutral request; company_id == 0 means "no company header" */
typedef struct {
    const char *url;
    const char *form;          /* POST body (x-www-form-urlencoded) or NULL */
    const char *token;
    pc_id_t company_id;
    long status;
    buf_t resp;
} net_request_t;

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return (v && *v) ? v : def;
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    buf_t *b = (buf_t *)ud;
    size_t add = sz * n;
    char *grown = (char *)realloc(b->data, b->len + add + 1);
    if (!grown) return 0;
    memcpy(grown + b->len, p, add);
    b->data = grown;
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

#if defined(USE_CURL)
static int net_perform(net_request_t *r)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char line[600];
    CURLcode rc;

    if (!h) return -1;
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (r->token) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", r->token);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (r->company_id != 0) {
        snprintf(line, sizeof line, "Procore-Company-Id: " PC_ID_FMT, r->company_id);
        hdrs = curl_slist_append(hdrs, line);
    }
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->resp);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (r->form) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->form);

    rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) {
        LOG_ERR("%s: %s", r->url, curl_easy_strerror(rc));
        return -1;
    }
    return (r->status >= 200 && r->status < 300) ? 0 : -1;
}
#else
int winhttp_perform(net_request_t *r); /* rfi_sync_win.c */
#define net_perform winhttp_perform
#endif

/* naive scanner: finds the next "key":<number> after *cursor */
static pc_id_t next_id(const char **cursor, const char *key)
{
    char pat[64];
    const char *hit;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    hit = strstr(*cursor, pat);
    if (!hit) return 0;
    *cursor = hit + strlen(pat);
    return (pc_id_t)strtoll(*cursor, NULL, 10);
}

static int refresh_access_token(sync_config_t *cfg)
{
    char url[256], form[1024];
    net_request_t req = {0};
    const char *p, *end;

    snprintf(url, sizeof url, "%s/oauth/token", cfg->login_base);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             cfg->client_id, cfg->client_secret, cfg->refresh_token);
    req.url = url;
    req.form = form;
    if (net_perform(&req) != 0) { free(req.resp.data); return -1; }

    p = strstr(req.resp.data, "\"access_token\":\"");
    if (!p) { free(req.resp.data); return -1; }
    p += strlen("\"access_token\":\"");
    end = strchr(p, '"');
    snprintf(cfg->access_token, sizeof cfg->access_token, "%.*s", (int)(end - p), p);
    free(req.resp.data);
    return 0;
}

static void sync_project_rfis(sync_config_t *cfg, pc_id_t project_id)
{
    char url[512], path[512];
    net_request_t req = {0};
    const char *cur;
    FILE *out;
    int written = 0;

    snprintf(url, sizeof url, "%s/rest/v1.0/projects/" PC_ID_FMT "/rfis?filters[status]=open&per_page=%d",
             cfg->api_base, project_id, DEFAULT_PER_PAGE);
    req.url = url;
    req.token = cfg->access_token;
    if (net_perform(&req) != 0) {
        LOG_ERR("rfis for project " PC_ID_FMT ": HTTP %ld", project_id, req.status);
        free(req.resp.data);
        return;
    }

    snprintf(path, sizeof path, "%s" PATH_SEP "rfis_" PC_ID_FMT ".csv", cfg->out_dir, project_id);
    out = fopen(path, "w");
    if (!out) { LOG_ERR("cannot open %s", path); free(req.resp.data); return; }
    fprintf(out, "rfi_id,link\n");
    for (cur = req.resp.data;;) {
        pc_id_t rfi_id = next_id(&cur, "id");
        if (rfi_id == 0) break;
        fprintf(out, "%ld,%s/%" PRId64 "/project/rfis/%ld\n", (long)rfi_id,
                cfg->web_base, project_id, (long)rfi_id);
        ++written;
    }
    fclose(out);
    LOG_INFO("project " PC_ID_FMT ": %d open RFIs", project_id, written);
    free(req.resp.data);
}

static int run_once(sync_config_t *cfg)
{
    char url[512];
    net_request_t me = {0}, projects = {0};
    const char *cur;

    snprintf(url, sizeof url, "%s/rest/v1.0/me", cfg->api_base);
    me.url = url;
    me.token = cfg->access_token;
    if (net_perform(&me) != 0) {
        LOG_ERR("token rejected (HTTP %ld)", me.status);
        free(me.resp.data);
        return -1;
    }
    free(me.resp.data);

    snprintf(url, sizeof url, "%s/rest/v1.0/projects?company_id=" PC_ID_FMT "&per_page=%d",
             cfg->api_base, cfg->company_id, DEFAULT_PER_PAGE);
    projects.url = url;
    projects.token = cfg->access_token;
    projects.company_id = cfg->company_id;
    if (net_perform(&projects) != 0) { free(projects.resp.data); return -1; }

    for (cur = projects.resp.data;;) {
        pc_id_t project_id = next_id(&cur, "id");
        if (project_id == 0) break;
        sync_project_rfis(cfg, project_id);
        /* skip the nested company object that follows each project */
        next_id(&cur, "id");
    }
    free(projects.resp.data);
    return 0;
}

int main(void)
{
    sync_config_t cfg;
    int interval = atoi(env_or("RFI_SYNC_INTERVAL", "300"));

    memset(&cfg, 0, sizeof cfg);
    cfg.login_base    = env_or("PROCORE_LOGIN_BASE", DEFAULT_LOGIN_BASE);
    cfg.api_base      = env_or("PROCORE_API_BASE", DEFAULT_API_BASE);
    cfg.web_base      = env_or("PROCORE_WEB_BASE", DEFAULT_WEB_BASE);
    cfg.out_dir       = env_or("RFI_SYNC_OUT_DIR", DEFAULT_OUT_DIR);
    cfg.client_id     = env_or("PROCORE_CLIENT_ID", "");
    cfg.client_secret = env_or("PROCORE_CLIENT_SECRET", "");
    cfg.refresh_token = env_or("PROCORE_REFRESH_TOKEN", "");
    cfg.company_id    = strtoll(env_or("PROCORE_COMPANY_ID", "0"), NULL, 10);

#ifdef USE_CURL
    curl_global_init(CURL_GLOBAL_DEFAULT);
#endif
    for (;;) {
        if (refresh_access_token(&cfg) != 0) LOG_ERR("token refresh failed");
        else if (run_once(&cfg) != 0) LOG_ERR("sync pass failed");
        sleep((unsigned)interval);
    }
#ifdef USE_CURL
    curl_global_cleanup();
#endif
    return 0;
}
