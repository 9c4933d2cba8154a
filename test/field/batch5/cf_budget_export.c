/*
 * cf_budget_export.c - nightly budget export for the finance warehouse.
 *
 * Reads a key=value file (default /etc/procore-export.conf), lets the
 * environment override it, refreshes the OAuth token and dumps every budget
 * view of the configured project as one JSON file per view.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#define CONF_PATH_DEFAULT "/etc/procore-export.conf"
#define MAX_LINE 512
#define MAX_VIEWS 64

struct config {
    char login_host[128];
    char api_host[128];
    char client_id[128];
    char client_secret[128];
    char refresh_token[256];
    char out_dir[256];
    int64_t company_id;
    int64_t project_id;
    int page_size;
    int timeout_s;
};

struct kv_default {
    const char *key;
    const char *value;
};

static const struct kv_default DEFAULTS[] = {
    {"login_host", "login.procore.com"},
    {"api_host", "api.procore.com"},
    {"out_dir", "/var/lib/procore-export"},
    {"page_size", "100"},
    {"timeout", "30"},
    {NULL, NULL},
};

enum { ROUTE_COMPANY = 1 };

struct route {
    const char *name;
    const char *path_fmt;
    int flags;
};

static const struct route ROUTES[] = {
    {"me", "/rest/v1.0/me", 0},
    {"budget_views", "/rest/v1.0/budget_views?project_id=%" PRId64 "&per_page=%d", ROUTE_COMPANY},
    {"detail_rows", "/rest/v1.0/budget_views/%" PRId64 "/detail_rows?project_id=%" PRId64, 0},
    {NULL, NULL, 0},
};

struct buf {
    char *data;
    size_t len;
};

static char g_token[1024];

static void trim(char *s)
{
    char *start = s, *end;
    while (*start == ' ' || *start == '\t')
        ++start;
    memmove(s, start, strlen(start) + 1);
    end = s + strlen(s);
    while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
        *--end = '\0';
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

static void set_key(struct config *cfg, const char *key, const char *value)
{
    if (strcmp(key, "login_host") == 0)
        copy_str(cfg->login_host, sizeof cfg->login_host, value);
    else if (strcmp(key, "api_host") == 0)
        copy_str(cfg->api_host, sizeof cfg->api_host, value);
    else if (strcmp(key, "client_id") == 0)
        copy_str(cfg->client_id, sizeof cfg->client_id, value);
    else if (strcmp(key, "client_secret") == 0)
        copy_str(cfg->client_secret, sizeof cfg->client_secret, value);
    else if (strcmp(key, "refresh_token") == 0)
        copy_str(cfg->refresh_token, sizeof cfg->refresh_token, value);
    else if (strcmp(key, "out_dir") == 0)
        copy_str(cfg->out_dir, sizeof cfg->out_dir, value);
    else if (strcmp(key, "company_id") == 0)
        cfg->company_id = strtoll(value, NULL, 10);
    else if (strcmp(key, "project_id") == 0)
        cfg->project_id = atol(value);
    else if (strcmp(key, "page_size") == 0)
        cfg->page_size = atoi(value);
    else if (strcmp(key, "timeout") == 0)
        cfg->timeout_s = atoi(value);
}

static void config_defaults(struct config *cfg)
{
    const struct kv_default *d;
    memset(cfg, 0, sizeof *cfg);
    for (d = DEFAULTS; d->key; ++d)
        set_key(cfg, d->key, d->value);
}

static void config_load_file(struct config *cfg, const char *path)
{
    char line[MAX_LINE];
    FILE *fp = fopen(path, "r");
    if (!fp)
        return;
    while (fgets(line, sizeof line, fp)) {
        char *eq = strchr(line, '=');
        if (line[0] == '#' || line[0] == ';' || !eq)
            continue;
        *eq = '\0';
        trim(line);
        trim(eq + 1);
        set_key(cfg, line, eq + 1);
    }
    fclose(fp);
}

static void config_apply_env(struct config *cfg)
{
    static const char *const MAP[][2] = {
        {"PROCORE_LOGIN_HOST", "login_host"}, {"PROCORE_API_HOST", "api_host"},
        {"PROCORE_CLIENT_ID", "client_id"},   {"PROCORE_CLIENT_SECRET", "client_secret"},
        {"PROCORE_REFRESH_TOKEN", "refresh_token"}, {"PROCORE_COMPANY_ID", "company_id"},
        {"PROCORE_PROJECT_ID", "project_id"}, {"EXPORT_DIR", "out_dir"},
    };
    size_t i;
    for (i = 0; i < sizeof MAP / sizeof MAP[0]; ++i) {
        const char *v = getenv(MAP[i][0]);
        if (v && *v)
            set_key(cfg, MAP[i][1], v);
    }
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, ptr, n);
    b->len += n;
    p[b->len] = '\0';
    b->data = p;
    return n;
}

static int refresh_access_token(const struct config *cfg)
{
    char url[256], form[1024];
    struct buf body = {NULL, 0};
    long status = 0;
    const char *k, *e;
    CURLcode rc;
    CURL *c = curl_easy_init();

    snprintf(url, sizeof url, "https://%s/oauth/token", cfg->login_host);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             cfg->client_id, cfg->client_secret, cfg->refresh_token);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);

    k = (rc == CURLE_OK && status == 200 && body.data) ? strstr(body.data, "\"access_token\":\"") : NULL;
    if (!k || !(e = strchr(k + 16, '"')) || (size_t)(e - k - 16) >= sizeof g_token) {
        fprintf(stderr, "token refresh failed (HTTP %ld)\n", status);
        free(body.data);
        return -1;
    }
    memcpy(g_token, k + 16, (size_t)(e - k - 16));
    g_token[e - k - 16] = '\0';
    free(body.data);
    return 0;
}

/* GET one of the ROUTES; the variadic arguments fill its path template. */
static int api_get(const struct config *cfg, const char *name, struct buf *out, ...)
{
    const struct route *r;
    char path[512], url[768], auth[1100], company[64];
    struct curl_slist *hdrs = NULL;
    long status = 0;
    CURLcode rc;
    CURL *c;
    va_list ap;

    for (r = ROUTES; r->name && strcmp(r->name, name) != 0; ++r)
        ;
    if (!r->name)
        return -1;
    va_start(ap, out);
    vsnprintf(path, sizeof path, r->path_fmt, ap);
    va_end(ap);
    snprintf(url, sizeof url, "https://%s%s", cfg->api_host, path);

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (r->flags & ROUTE_COMPANY) {
        snprintf(company, sizeof company, "Procore-Company-Id: %" PRId64, cfg->company_id);
        hdrs = curl_slist_append(hdrs, company);
    }

    c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->timeout_s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(hdrs);
    return (rc == CURLE_OK && status < 300) ? 0 : -1;
}

/* Pull every top-level "id": value out of a JSON array without a parser. */
static size_t collect_ids(const char *json, int64_t *ids, size_t cap)
{
    size_t n = 0;
    const char *p = json;
    while (n < cap && (p = strstr(p, "\"id\":")) != NULL) {
        p += 5;
        ids[n++] = strtoll(p, NULL, 10);
    }
    return n;
}

int main(int argc, char **argv)
{
    struct config cfg;
    struct buf me = {NULL, 0}, views = {NULL, 0};
    int64_t view_ids[MAX_VIEWS];
    size_t n, i;

    config_defaults(&cfg);
    config_load_file(&cfg, argc > 1 ? argv[1] : CONF_PATH_DEFAULT);
    config_apply_env(&cfg);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh_access_token(&cfg) != 0)
        return 1;
    if (api_get(&cfg, "me", &me) == 0)
        printf("exporting as %.80s\n", me.data);

    if (api_get(&cfg, "budget_views", &views, cfg.project_id, cfg.page_size) != 0) {
        fprintf(stderr, "could not list budget views\n");
        return 1;
    }
    n = collect_ids(views.data, view_ids, MAX_VIEWS);
    for (i = 0; i < n; ++i) {
        struct buf rows = {NULL, 0};
        char file[512];
        FILE *fp;
        if (api_get(&cfg, "detail_rows", &rows, view_ids[i], cfg.project_id) != 0)
            continue;
        snprintf(file, sizeof file, "%s/budget_view_%ld.json", cfg.out_dir, view_ids[i]);
        if ((fp = fopen(file, "w")) != NULL) {
            fwrite(rows.data, 1, rows.len, fp);
            fclose(fp);
        }
        free(rows.data);
    }
    printf("%zu budget views exported; review at https://app.procore.com/%" PRId64
           "/project/budgeting\n", n, cfg.project_id);
    free(me.data);
    free(views.data);
    curl_global_cleanup();
    return 0;
}
