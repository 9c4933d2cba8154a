/*
 * cb_sa_directory_export.c - nightly export of the Procore company directory
 * (users, with their vendor/company link) to CSV for the HR onboarding system.
 *
 * Runs as a Developer Managed Service Account: client_credentials grant, no
 * user in the loop. All settings come from the environment (systemd unit):
 *   PROCORE_ENV=production|sandbox|monthly  PROCORE_CLIENT_ID  PROCORE_CLIENT_SECRET
 *   PROCORE_COMPANY_ID  EXPORT_CSV  HR_WEBHOOK_URL (optional)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

typedef enum { PC_OK = 0, PC_ECONFIG, PC_ENET, PC_EHTTP, PC_EAUTH, PC_EPARSE } pc_err_t;

struct http_req {
    char url[512];
    const char *method;
    const char *headers[16];
    int nheaders;
    const char *body;
    char scratch[2][576];
};

struct http_resp { long status; char *data; size_t size; };

struct transport_ops {
    int (*send)(void *ctx, const struct http_req *r, struct http_resp *out);
    void (*close)(void *ctx);
};

struct procore_env { const char *name; const char *login_base; const char *api_base; };

static const struct procore_env ENVS[] = {
    { "production", "https://login.procore.com",                  "https://api.procore.com" },
    { "sandbox",    "https://sandbox.procore.com",                "https://sandbox.procore.com" },
    { "monthly",    "https://login-sandbox-monthly.procore.com",  "https://api-monthly.procore.com" },
};

struct sa_config {
    char client_id[96];
    char client_secret[96];
    char csv_path[256];
    char webhook[256];
    int64_t company_id;
    const struct procore_env *env;
};

typedef struct procore_client {
    const struct transport_ops *ops;
    void *tctx;
    struct sa_config cfg;
    char token[384];
} procore_client_t;

struct user_row {
    int64_t id;
    char name[128];
    char email[128];
    long vendor_id;
};

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    struct http_resp *r = ud;
    char *nb = realloc(r->data, r->size + sz * n + 1);
    if (!nb) return 0;
    memcpy(nb + r->size, p, sz * n);
    r->size += sz * n;
    nb[r->size] = 0;
    r->data = nb;
    return sz * n;
}

static int curl_transport_send(void *ctx, const struct http_req *r, struct http_resp *out)
{
    CURL *h = (CURL *)ctx;
    struct curl_slist *hdrs = NULL;
    CURLcode cc;
    for (int i = 0; i < r->nheaders; i++) hdrs = curl_slist_append(hdrs, r->headers[i]);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (r->body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
    cc = curl_easy_perform(h);
    if (cc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hdrs);
    if (cc != CURLE_OK) return PC_ENET;
    return out->status < 300 ? PC_OK : PC_EHTTP;
}

static void curl_transport_close(void *ctx) { curl_easy_cleanup((CURL *)ctx); }

static const struct transport_ops CURL_TRANSPORT = { curl_transport_send, curl_transport_close };

/* hand-rolled lookups; Procore responses are flat enough for this */
static const char *jval(const char *obj, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    if (!(p = strstr(obj, pat))) return NULL;
    p += strlen(pat);
    while (*p == ' ') p++;
    return p;
}

static int64_t jint64(const char *obj, const char *key)
{
    const char *p = jval(obj, key);
    return (p && *p != 'n') ? strtoll(p, NULL, 10) : 0;
}

static void jstr(const char *obj, const char *key, char *out, size_t cap)
{
    const char *p = jval(obj, key);
    size_t n = 0;
    if (p && *p == '"')
        for (p++; *p && *p != '"' && n + 1 < cap; p++) out[n++] = *p;
    out[n] = 0;
}

static pc_err_t sa_authenticate(procore_client_t *c)
{
    struct http_req r = {0};
    struct http_resp resp = {0};
    char body[320];
    pc_err_t rc;

    snprintf(r.url, sizeof r.url, "%s/oauth/token", c->cfg.env->login_base);
    snprintf(body, sizeof body, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             c->cfg.client_id, c->cfg.client_secret);
    r.method = "POST";
    r.body = body;
    r.headers[r.nheaders++] = "Content-Type: application/x-www-form-urlencoded";
    rc = (pc_err_t)c->ops->send(c->tctx, &r, &resp);
    if (rc != PC_OK) goto cleanup;
    jstr(resp.data, "access_token", c->token, sizeof c->token);
    if (!c->token[0]) rc = PC_EAUTH;
cleanup:
    free(resp.data);
    return rc;
}

static pc_err_t procore_get(procore_client_t *c, const char *path, int company_scoped, struct http_resp *out)
{
    struct http_req r = {0};
    r.method = "GET";
    snprintf(r.url, sizeof r.url, "%s%s", c->cfg.env->api_base, path);
    snprintf(r.scratch[0], sizeof r.scratch[0], "Authorization: Bearer %s", c->token);
    r.headers[r.nheaders++] = r.scratch[0];
    if (company_scoped) {
        snprintf(r.scratch[1], sizeof r.scratch[1], "Procore-Company-Id: %" PRId64, c->cfg.company_id);
        r.headers[r.nheaders++] = r.scratch[1];
    }
    return (pc_err_t)c->ops->send(c->tctx, &r, out);
}

/* walks a JSON array of objects, one callback per element */
static int each_item(const char *json, int (*on_item)(void *user, const char *json), void *user)
{
    int depth = 0, n = 0;
    const char *s = NULL;
    char buf[8192];
    for (const char *p = json; p && *p; p++) {
        if (*p == '{' && depth++ == 0) s = p;
        else if (*p == '}' && --depth == 0 && s && (size_t)(p - s + 1) < sizeof buf) {
            memcpy(buf, s, (size_t)(p - s + 1));
            buf[p - s + 1] = 0;
            n++;
            if (on_item(user, buf)) break;
        }
    }
    return n;
}

struct export_ctx { FILE *csv; int rows; };

static int write_user(void *user, const char *json)
{
    struct export_ctx *x = user;
    struct user_row u;
    u.id = jint64(json, "id");
    jstr(json, "name", u.name, sizeof u.name);
    jstr(json, "email_address", u.email, sizeof u.email);
    u.vendor_id = jint64(json, "vendor_id");
    fprintf(x->csv, "%" PRId64 ",\"%s\",%s,%ld\n", u.id, u.name, u.email, u.vendor_id);
    x->rows++;
    return 0;
}

static pc_err_t export_users(procore_client_t *c, struct export_ctx *x)
{
    char path[160];
    pc_err_t rc = PC_OK;
    for (int page = 1; rc == PC_OK; page++) {
        struct http_resp resp = {0};
        snprintf(path, sizeof path, "/rest/v1.0/companies/%" PRId64 "/users?page=%d&per_page=100",
                 c->cfg.company_id, page);
        rc = procore_get(c, path, 1, &resp);
        int got = (rc == PC_OK) ? each_item(resp.data, write_user, x) : 0;
        free(resp.data);
        if (got < 100) break;
    }
    return rc;
}

static pc_err_t check_company_access(procore_client_t *c)
{
    struct http_resp resp = {0};
    char needle[48];
    pc_err_t rc = procore_get(c, "/rest/v1.0/companies", 0, &resp);
    snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",", c->cfg.company_id);
    if (rc == PC_OK && !strstr(resp.data ? resp.data : "", needle)) rc = PC_EAUTH;
    free(resp.data);
    return rc;
}

static void notify_hr(const char *webhook, const char *csv_path, int rows)
{
    CURL *h = curl_easy_init();
    char body[512];
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (!h) return;
    snprintf(body, sizeof body, "{\"source\":\"procore\",\"file\":\"%s\",\"rows\":%d}", csv_path, rows);
    curl_easy_setopt(h, CURLOPT_URL, webhook);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
}

static pc_err_t load_env_config(struct sa_config *cfg)
{
    const char *v;
    memset(cfg, 0, sizeof *cfg);
    cfg->env = &ENVS[0];
    if ((v = getenv("PROCORE_ENV")) != NULL)
        for (size_t i = 0; i < sizeof ENVS / sizeof ENVS[0]; i++)
            if (!strcmp(v, ENVS[i].name)) cfg->env = &ENVS[i];
    if (!(v = getenv("PROCORE_CLIENT_ID"))) return PC_ECONFIG;
    snprintf(cfg->client_id, sizeof cfg->client_id, "%s", v);
    if (!(v = getenv("PROCORE_CLIENT_SECRET"))) return PC_ECONFIG;
    snprintf(cfg->client_secret, sizeof cfg->client_secret, "%s", v);
    if (!(v = getenv("PROCORE_COMPANY_ID"))) return PC_ECONFIG;
    cfg->company_id = atol(v);
    snprintf(cfg->csv_path, sizeof cfg->csv_path, "%s",
             getenv("EXPORT_CSV") ? getenv("EXPORT_CSV") : "/var/lib/procore-export/directory.csv");
    if ((v = getenv("HR_WEBHOOK_URL")) != NULL) snprintf(cfg->webhook, sizeof cfg->webhook, "%s", v);
    return PC_OK;
}

int main(void)
{
    procore_client_t c = {0};
    struct export_ctx x = {0};
    pc_err_t rc;

    if ((rc = load_env_config(&c.cfg)) != PC_OK) { fputs("missing PROCORE_* env\n", stderr); return 2; }
    curl_global_init(CURL_GLOBAL_ALL);
    c.ops = &CURL_TRANSPORT;
    c.tctx = curl_easy_init();
    if ((rc = sa_authenticate(&c)) != PC_OK) goto cleanup;
    if ((rc = check_company_access(&c)) != PC_OK) {
        fprintf(stderr, "service account cannot see company %" PRId64 "\n", c.cfg.company_id);
        goto cleanup;
    }
    if (!(x.csv = fopen(c.cfg.csv_path, "w"))) { rc = PC_ECONFIG; goto cleanup; }
    fputs("id,name,email,vendor_id\n", x.csv);
    rc = export_users(&c, &x);
    if (rc == PC_OK && c.cfg.webhook[0]) notify_hr(c.cfg.webhook, c.cfg.csv_path, x.rows);
cleanup:
    if (x.csv) fclose(x.csv);
    c.ops->close(c.tctx);
    curl_global_cleanup();
    return rc == PC_OK ? 0 : 1;
}
