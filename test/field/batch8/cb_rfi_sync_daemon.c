/* cb_rfi_sync_daemon.c - mirrors open RFIs from Procore into the document-control
 * spool directory; cron, every 10 min. Config: /etc/rfisync/rfisync.ini + RFISYNC_* env.
 * Auth: refresh-token flow (authorization-code app installed per company). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

enum { RFISYNC_OK = 0, RFISYNC_ECONFIG = -1, RFISYNC_ETRANSPORT = -2, RFISYNC_EHTTP = -3, RFISYNC_ENOMEM = -4 };

#define PROCORE_TOKEN_URL "https://api.procore.com/oauth/token"
#define PROCORE_API_BASE  "https://api.procore.com"
#define PROCORE_WEB_BASE  "https://app.procore.com"

struct http_req {
    char url[512];
    const char *method;
    const char *headers[16];
    int nheaders;
    char hdrbuf[4][600];
    const char *body;
};

struct http_resp { long status; char *body; size_t len; };

struct transport_ops {
    int (*send)(void *ctx, const struct http_req *r, struct http_resp *out);
    void (*destroy)(void *ctx);
};

struct rfisync_config {
    char client_id[128];
    char client_secret[128];
    char refresh_token[256];
    char spool_dir[256];
    int64_t company_id;
    int64_t project_id;
    int per_page;
};

typedef struct procore_client {
    const struct transport_ops *ops;
    void *tctx;
    struct rfisync_config cfg;
    char access_token[512];
} procore_client_t;

typedef int (*item_cb)(void *user, const char *json);

/* ---- libcurl transport ------------------------------------------------ */
static size_t write_cb(char *p, size_t sz, size_t n, void *ud)
{
    struct http_resp *r = ud;
    size_t add = sz * n;
    char *nb = realloc(r->body, r->len + add + 1);
    if (!nb) return 0;
    memcpy(nb + r->len, p, add);
    r->len += add;
    nb[r->len] = '\0';
    r->body = nb;
    return add;
}

static int curl_send(void *ctx, const struct http_req *r, struct http_resp *out)
{
    CURL *h = ctx;
    struct curl_slist *hl = NULL;
    int i, rc = RFISYNC_OK;

    curl_easy_reset(h);
    for (i = 0; i < r->nheaders; i++)
        hl = curl_slist_append(hl, r->headers[i]);
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    if (r->body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
    if (curl_easy_perform(h) != CURLE_OK) { rc = RFISYNC_ETRANSPORT; goto cleanup; }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    if (out->status >= 400) rc = RFISYNC_EHTTP;
cleanup:
    curl_slist_free_all(hl);
    return rc;
}

static void curl_destroy(void *ctx) { curl_easy_cleanup((CURL *)ctx); }

static const struct transport_ops curl_ops = { curl_send, curl_destroy };

/* ---- tiny JSON helpers (no library on the build box) ------------------ */
static const char *json_find(const char *json, const char *key)
{
    char pat[80];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    if (!json || !(p = strstr(json, pat))) return NULL;
    p += strlen(pat);
    while (*p == ' ' || *p == ':') p++;
    return p;
}

static int json_get_string(const char *json, const char *key, char *out, size_t outsz)
{
    const char *p = json_find(json, key);
    size_t n = 0;
    if (!p || *p != '"') return -1;
    for (p++; *p && *p != '"' && n + 1 < outsz; p++) out[n++] = *p;
    out[n] = '\0';
    return 0;
}

static int json_each_object(const char *arr, item_cb cb, void *user)
{
    int depth = 0, count = 0, in_str = 0;
    const char *start = NULL, *p;
    for (p = arr; p && *p; p++) {
        if (in_str) { if (*p == '\\' && p[1]) p++; else if (*p == '"') in_str = 0; continue; }
        if (*p == '"') { in_str = 1; continue; }
        if (*p == '{') { if (depth++ == 0) start = p; }
        else if (*p == '}' && --depth == 0 && start) {
            size_t len = (size_t)(p - start) + 1;
            char *obj = malloc(len + 1);
            if (!obj) return RFISYNC_ENOMEM;
            memcpy(obj, start, len); obj[len] = '\0';
            count++;
            if (cb(user, obj) != 0) { free(obj); break; }
            free(obj);
        }
    }
    return count;
}

/* ---- request builders ------------------------------------------------- */
static void bearer_req(procore_client_t *c, struct http_req *r, const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->method = method;
    snprintf(r->url, sizeof r->url, "%s%s", PROCORE_API_BASE, path);
    snprintf(r->hdrbuf[0], sizeof r->hdrbuf[0], "Authorization: Bearer %s", c->access_token);
    r->headers[r->nheaders++] = r->hdrbuf[0];
    r->headers[r->nheaders++] = "Accept: application/json";
}

static void procore_req(procore_client_t *c, struct http_req *r, const char *method, const char *path)
{
    bearer_req(c, r, method, path);
    snprintf(r->hdrbuf[1], sizeof r->hdrbuf[1], "Procore-Company-Id: %" PRId64, c->cfg.company_id);
    r->headers[r->nheaders++] = r->hdrbuf[1];
}

/* ---- API -------------------------------------------------------------- */
static int procore_refresh(procore_client_t *c)
{
    struct http_req r;
    struct http_resp resp = {0};
    char body[768];
    int rc;

    memset(&r, 0, sizeof r);
    r.method = "POST";
    snprintf(r.url, sizeof r.url, "%s", PROCORE_TOKEN_URL);
    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             c->cfg.client_id, c->cfg.client_secret, c->cfg.refresh_token);
    r.body = body;
    r.headers[r.nheaders++] = "Content-Type: application/x-www-form-urlencoded";
    rc = c->ops->send(c->tctx, &r, &resp);
    if (rc != RFISYNC_OK) goto cleanup;
    json_get_string(resp.body, "access_token", c->access_token, sizeof c->access_token);
    json_get_string(resp.body, "refresh_token", c->cfg.refresh_token, sizeof c->cfg.refresh_token);
cleanup:
    free(resp.body);
    return rc;
}

static int procore_whoami(procore_client_t *c, char *login, size_t loginsz)
{
    struct http_req r;
    struct http_resp resp = {0};
    int rc;

    bearer_req(c, &r, "GET", "/rest/v1.0/me");
    rc = c->ops->send(c->tctx, &r, &resp);
    if (rc == RFISYNC_OK)
        json_get_string(resp.body, "login", login, loginsz);
    free(resp.body);
    return rc;
}

static int procore_get_rfi(procore_client_t *c, int64_t rfi_id, struct http_resp *out)
{
    struct http_req r;
    char path[256];
    snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/rfis/%" PRId64,
             c->cfg.project_id, rfi_id);
    bearer_req(c, &r, "GET", path);
    return c->ops->send(c->tctx, &r, out);
}

static int procore_list_rfis(procore_client_t *c, item_cb cb, void *user)
{
    int page = 1, n, rc = RFISYNC_OK;
    for (;;) {
        struct http_req r;
        struct http_resp resp = {0};
        char path[256];
        snprintf(path, sizeof path, "/rest/v1.1/projects/%" PRId64 "/rfis?filters[status]=open&page=%d&per_page=%d",
                 c->cfg.project_id, page, c->cfg.per_page);
        procore_req(c, &r, "GET", path);
        rc = c->ops->send(c->tctx, &r, &resp);
        if (rc != RFISYNC_OK) { free(resp.body); break; }
        n = json_each_object(resp.body, cb, user);
        free(resp.body);
        if (n < c->cfg.per_page) break;
        page++;
    }
    return rc;
}

/* ---- sync ------------------------------------------------------------- */
static int on_rfi(void *user, const char *json)
{
    procore_client_t *c = user;
    struct http_resp detail = {0};
    const char *p = json_find(json, "id");
    char fn[512];
    FILE *f;

    if (!p) return 0;
    long rfi_id = strtol(p, NULL, 10);
    if (procore_get_rfi(c, rfi_id, &detail) != RFISYNC_OK) goto cleanup;
    snprintf(fn, sizeof fn, "%s/rfi-%ld.json", c->cfg.spool_dir, rfi_id);
    if ((f = fopen(fn, "w")) != NULL) {
        fputs(detail.body ? detail.body : json, f);
        fprintf(f, "\n// %s/%" PRId64 "/project/rfi/list\n", PROCORE_WEB_BASE, c->cfg.project_id);
        fclose(f);
    }
cleanup:
    free(detail.body);
    return 0;
}

static int load_ini(const char *path, struct rfisync_config *cfg)
{
    char line[512], key[64], val[400];
    const char *env;
    FILE *f = fopen(path, "r");
    if (!f) return RFISYNC_ECONFIG;
    cfg->per_page = 100;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
        if (sscanf(line, " %63[^= ] = %399[^\r\n]", key, val) != 2) continue;
        if (!strcmp(key, "client_id")) snprintf(cfg->client_id, sizeof cfg->client_id, "%s", val);
        else if (!strcmp(key, "client_secret")) snprintf(cfg->client_secret, sizeof cfg->client_secret, "%s", val);
        else if (!strcmp(key, "refresh_token")) snprintf(cfg->refresh_token, sizeof cfg->refresh_token, "%s", val);
        else if (!strcmp(key, "spool_dir")) snprintf(cfg->spool_dir, sizeof cfg->spool_dir, "%s", val);
        else if (!strcmp(key, "company_id")) cfg->company_id = strtoll(val, NULL, 10);
        else if (!strcmp(key, "project_id")) cfg->project_id = strtoll(val, NULL, 10);
        else if (!strcmp(key, "per_page")) cfg->per_page = atoi(val);
    }
    fclose(f);
    if ((env = getenv("RFISYNC_PROJECT_ID")) != NULL) cfg->project_id = strtoll(env, NULL, 10);
    if ((env = getenv("RFISYNC_SPOOL_DIR")) != NULL) snprintf(cfg->spool_dir, sizeof cfg->spool_dir, "%s", env);
    return (cfg->company_id > 0 && cfg->project_id > 0) ? RFISYNC_OK : RFISYNC_ECONFIG;
}

int main(int argc, char **argv)
{
    procore_client_t client;
    char login[128] = "";
    int rc;

    memset(&client, 0, sizeof client);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if ((rc = load_ini(argc > 1 ? argv[1] : "/etc/rfisync/rfisync.ini", &client.cfg)) != RFISYNC_OK) {
        fprintf(stderr, "rfisync: bad config\n");
        goto cleanup;
    }
    client.ops = &curl_ops;
    client.tctx = curl_easy_init();
    if ((rc = procore_refresh(&client)) != RFISYNC_OK) goto cleanup;
    if (procore_whoami(&client, login, sizeof login) == RFISYNC_OK)
        fprintf(stderr, "rfisync: running as %s\n", login);
    rc = procore_list_rfis(&client, on_rfi, &client);
cleanup:
    if (client.ops) client.ops->destroy(client.tctx);
    curl_global_cleanup();
    return rc == RFISYNC_OK ? 0 : 1;
}
