/*
 * daily_log_push.c -- site gateway task
 *
 * Pushes per-shift manpower totals from the turnstile controller into the
 * Procore daily log of every project mapped to this gateway, and appends a
 * notes entry with the controller's fault counters.
 *
 * Runs from cron on the gateway (ARM, glibc). Refresh token lives on the
 * config partition; the rotated token is written back after every run.
 *
 * Build: cc -std=c99 -O2 -o daily_log_push daily_log_push.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <curl/curl.h>

#define LOGIN_BASE    "https://login.procore.com"
#define TOKEN_FILE    "/etc/gateway/procore.refresh"
#define COUNT_FILE    "/var/run/turnstile/shift_count"
#define MAX_PROJECTS  16
#define RESP_MAX      65536

char g_base[128] = "https://api.procore.com";

enum { EP_ME, EP_PROJECTS, EP_MANPOWER, EP_WEATHER, EP_NOTES, EP_COUNT };

static const struct {
    const char *method;
    const char *path_fmt;
    int needs_company;
} ENDPOINTS[EP_COUNT] = {
    { "GET",  "/rest/v1.0/me",                                    0 },
    { "GET",  "/rest/v1.0/projects?company_id=%lld",              1 },
    { "POST", "/rest/v1.0/projects/%lld/manpower_logs",           1 },
    { "GET",  "/rest/v1.0/projects/%lld/weather_logs?log_date=%s", 0 },
    { "POST", "/rest/v1.0/projects/%lld/notes_logs",              1 },
};

struct http_req {
    const char *method;
    char url[512];
    char hdrs[8][160];
    int nhdrs;
    const char *body;
};

struct project {
    long long id;
    char name[64];
    int shift_total;
};

static char g_resp[RESP_MAX];
static size_t g_resp_len;
static char g_access[256];
static char g_refresh[256];
static int64_t g_company_id;
static long g_user_id;
static struct project g_projects[MAX_PROJECTS];
static int g_nprojects;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    size_t len = sz * n;
    (void)ud;
    if (g_resp_len + len >= RESP_MAX)
        len = RESP_MAX - 1 - g_resp_len;
    memcpy(g_resp + g_resp_len, p, len);
    g_resp_len += len;
    g_resp[g_resp_len] = '\0';
    return sz * n;
}

static void req_init(struct http_req *r, const char *method)
{
    memset(r, 0, sizeof(*r));
    r->method = method;
}

static int req_add_header(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    if (r->nhdrs >= 8)
        return -1;
    va_start(ap, fmt);
    vsnprintf(r->hdrs[r->nhdrs], sizeof(r->hdrs[0]), fmt, ap);
    va_end(ap);
    r->nhdrs++;
    return 0;
}

static void req_set_url(struct http_req *r, const char *base, const char *fmt, va_list ap)
{
    size_t n = (size_t)snprintf(r->url, sizeof(r->url), "%s", base);
    vsnprintf(r->url + n, sizeof(r->url) - n, fmt, ap);
}

static long req_send(struct http_req *r)
{
    CURL *c;
    struct curl_slist *sl = NULL;
    long status = -1;
    int i;

    g_resp_len = 0;
    g_resp[0] = '\0';
    c = curl_easy_init();
    if (!c)
        return -1;
    for (i = 0; i < r->nhdrs; i++)
        sl = curl_slist_append(sl, r->hdrs[i]);
    curl_easy_setopt(c, CURLOPT_URL, r->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, sl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    if (strcmp(r->method, "POST") == 0)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body ? r->body : "");
    if (curl_easy_perform(c) != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
cleanup:
    curl_slist_free_all(sl);
    curl_easy_cleanup(c);
    return status;
}

static long call_ep(int ep, const char *body, ...)
{
    struct http_req r;
    va_list ap;

    req_init(&r, ENDPOINTS[ep].method);
    va_start(ap, body);
    req_set_url(&r, g_base, ENDPOINTS[ep].path_fmt, ap);
    va_end(ap);
    req_add_header(&r, "Authorization: Bearer %s", g_access);
    req_add_header(&r, "Accept: application/json");
    if (ENDPOINTS[ep].needs_company)
        req_add_header(&r, "Procore-Company-Id: %lld", (long long)g_company_id);
    if (body) {
        req_add_header(&r, "Content-Type: application/json");
        r.body = body;
    }
    return req_send(&r);
}

/* copy value of "key":"..." into out */
static int json_str(const char *txt, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p, *e;
    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    p = strstr(txt, pat);
    if (!p)
        return -1;
    p += strlen(pat);
    e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= cap)
        return -1;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return 0;
}

static int refresh_token(void)
{
    struct http_req r;
    char body[640];
    FILE *f;
    int rc = -1;

    f = fopen(TOKEN_FILE, "r");
    if (!f || !fgets(g_refresh, sizeof(g_refresh), f))
        goto out;
    g_refresh[strcspn(g_refresh, "\r\n")] = '\0';
    snprintf(body, sizeof(body),
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             g_refresh, getenv("GW_CLIENT_ID"), getenv("GW_CLIENT_SECRET"));
    req_init(&r, "POST");
    snprintf(r.url, sizeof(r.url), "%s/oauth/token", LOGIN_BASE);
    req_add_header(&r, "Content-Type: application/x-www-form-urlencoded");
    r.body = body;
    if (req_send(&r) != 200)
        goto out;
    if (json_str(g_resp, "access_token", g_access, sizeof(g_access)) ||
        json_str(g_resp, "refresh_token", g_refresh, sizeof(g_refresh)))
        goto out;
    fclose(f);
    f = fopen(TOKEN_FILE, "w");
    if (f)
        fprintf(f, "%s\n", g_refresh);
    rc = 0;
out:
    if (f)
        fclose(f);
    return rc;
}

static int load_projects(const char *site_code)
{
    const char *p = g_resp;
    char name[64];

    if (call_ep(EP_PROJECTS, NULL, (long long)g_company_id) != 200)
        return -1;
    g_nprojects = 0;
    while ((p = strstr(p, "{\"id\":")) != NULL && g_nprojects < MAX_PROJECTS) {
        long long id = strtoll(p + 6, NULL, 10);
        p += 6;
        if (json_str(p, "name", name, sizeof(name)) == 0 && strstr(name, site_code)) {
            g_projects[g_nprojects].id = id;
            strcpy(g_projects[g_nprojects].name, name);
            g_nprojects++;
        }
    }
    return g_nprojects;
}

int main(int argc, char **argv)
{
    char body[512], date[16];
    const char *site = argc > 1 ? argv[1] : "GW";
    FILE *cf;
    int shift_total = 0, faults = 0, i;
    char *p;

    if (!getenv("GW_COMPANY_ID")) {
        fprintf(stderr, "GW_COMPANY_ID not set\n");
        return 2;
    }
    g_company_id = strtoll(getenv("GW_COMPANY_ID"), NULL, 10);
    cf = fopen(COUNT_FILE, "r");
    if (cf) {
        if (fscanf(cf, "%15s %d %d", date, &shift_total, &faults) != 3)
            shift_total = 0;
        fclose(cf);
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh_token() != 0) {
        fprintf(stderr, "token refresh failed\n");
        goto done;
    }
    if (call_ep(EP_ME, NULL) == 200 && (p = strstr(g_resp, "\"id\":")) != NULL)
        g_user_id = strtol(p + 5, NULL, 10);

    if (load_projects(site) <= 0)
        goto done;

    for (i = 0; i < g_nprojects; i++) {
        struct project *pr = &g_projects[i];
        int log_id = 0;

        pr->shift_total = shift_total;
        snprintf(body, sizeof(body),
                 "{\"manpower_log\":{\"date\":\"%s\",\"num_workers\":%d,\"notes\":\"turnstile %s\"}}",
                 date, shift_total, site);
        if (call_ep(EP_MANPOWER, body, pr->id) == 201 && (p = strstr(g_resp, "\"id\":")))
            log_id = atoi(p + 5);

        if (call_ep(EP_WEATHER, NULL, pr->id, date) == 200 && !strstr(g_resp, "\"id\""))
            printf("%s: no weather entry yet for %s\n", pr->name, date);

        snprintf(body, sizeof(body),
                 "{\"notes_log\":{\"date\":\"%s\",\"comment\":\"gw faults=%d, manpower log %d\"}}",
                 date, faults, log_id);
        call_ep(EP_NOTES, body, pr->id);

        printf("%s -> https://app.procore.com/%lld/project/daily_log/list?date=%s (user %lld)\n",
               pr->name, pr->id, date, (long long)g_user_id);
    }
done:
    curl_global_cleanup();
    return 0;
}
