/*
 * cb_timecard_bridge.c - pushes approved Procore timecard entries to the payroll
 * partner every Friday. Service account (DMSA) using the client_credentials grant.
 *
 * /etc/tcbridge.ini:
 *   [procore]  environment = production|monthly   client_id = ...   client_secret = ...
 *              company_id = 562949953421312       projects = 1001, 1002, 1003
 *   [payroll]  endpoint = https://api.payroll-partner.example/v1/batches   tenant = ACME
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#define TCB_VAPID_BASE "https://us02.procore.com"   /* legacy time types live on the zone host */

enum tcb_err { TCB_OK = 0, TCB_ECONF = 1, TCB_ENET = 2, TCB_EHTTP = 3, TCB_EAUTH = 4 };

struct http_req {
    char url[512];
    const char *method;
    const char *headers[16];
    int nheaders;
    char hbuf[3][512];
    const char *body;
};
struct http_resp { long status; char *text; size_t n; };

struct transport_ops {
    int (*send)(void *ctx, const struct http_req *r, struct http_resp *out);
};

/* retry decorator: wraps another transport, retries 429/5xx */
struct retry_ctx { const struct transport_ops *inner; void *inner_ctx; int max_tries; };

struct tcb_config {
    char login_base[64];
    char api_base[64];
    char client_id[80];
    char client_secret[80];
    int64_t company_id;
    long project_ids[16];
    int nprojects;
    char payroll_endpoint[256];
    char payroll_tenant[32];
};

typedef struct procore_client {
    const struct transport_ops *ops;
    void *ctx;
    char bearer[512];
    const struct tcb_config *cfg;
} procore_client_t;

static size_t grow(char *p, size_t sz, size_t nm, void *ud)
{
    struct http_resp *r = ud;
    char *t = realloc(r->text, r->n + sz * nm + 1);
    if (!t) return 0;
    memcpy(t + r->n, p, sz * nm);
    r->n += sz * nm;
    t[r->n] = 0;
    r->text = t;
    return sz * nm;
}

static int curl_do(void *ctx, const struct http_req *r, struct http_resp *out)
{
    struct curl_slist *hs = NULL;
    int rc = TCB_OK;
    for (int i = 0; i < r->nheaders; i++) hs = curl_slist_append(hs, r->headers[i]);
    curl_easy_reset(ctx);
    curl_easy_setopt(ctx, CURLOPT_URL, r->url);
    curl_easy_setopt(ctx, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(ctx, CURLOPT_WRITEFUNCTION, grow);
    curl_easy_setopt(ctx, CURLOPT_WRITEDATA, out);
    if (r->body) curl_easy_setopt(ctx, CURLOPT_POSTFIELDS, r->body);
    if (curl_easy_perform(ctx) != CURLE_OK) rc = TCB_ENET;
    else curl_easy_getinfo(ctx, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hs);
    return rc;
}

static int retry_do(void *ctx, const struct http_req *r, struct http_resp *out)
{
    struct retry_ctx *rc = ctx;
    int err = TCB_ENET;
    for (int attempt = 1; attempt <= rc->max_tries; attempt++) {
        free(out->text);
        memset(out, 0, sizeof *out);
        err = rc->inner->send(rc->inner_ctx, r, out);
        if (err == TCB_OK && out->status != 429 && out->status < 500) break;
    }
    if (err == TCB_OK && out->status >= 400) err = out->status == 401 ? TCB_EAUTH : TCB_EHTTP;
    return err;
}

static const struct transport_ops CURL_OPS = { curl_do };
static const struct transport_ops RETRY_OPS = { retry_do };

static int ini_load(const char *path, struct tcb_config *cfg)
{
    char line[512], sect[32] = "", k[64], v[400];
    FILE *f = fopen(path, "r");
    if (!f) return TCB_ECONF;
    strcpy(cfg->login_base, "https://login.procore.com");
    strcpy(cfg->api_base, "https://api.procore.com");
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, " [%31[^]]", sect) == 1 || sscanf(line, " %63[^= ] = %399[^\n]", k, v) != 2) continue;
        if (!strcmp(sect, "procore") && !strcmp(k, "environment") && !strcmp(v, "monthly")) {
            strcpy(cfg->login_base, "https://login-sandbox-monthly.procore.com");
            strcpy(cfg->api_base, "https://api-monthly.procore.com");
        } else if (!strcmp(k, "client_id")) snprintf(cfg->client_id, sizeof cfg->client_id, "%s", v);
        else if (!strcmp(k, "client_secret")) snprintf(cfg->client_secret, sizeof cfg->client_secret, "%s", v);
        else if (!strcmp(k, "company_id")) cfg->company_id = strtoll(v, NULL, 10);
        else if (!strcmp(k, "projects")) {
            char *p = v, *end;
            while (cfg->nprojects < 16) {
                cfg->project_ids[cfg->nprojects] = strtol(p, &end, 10);
                if (end == p) break;
                cfg->nprojects++;
                p = end + strspn(end, ", ");
            }
        } else if (!strcmp(k, "endpoint")) snprintf(cfg->payroll_endpoint, sizeof cfg->payroll_endpoint, "%s", v);
        else if (!strcmp(k, "tenant")) snprintf(cfg->payroll_tenant, sizeof cfg->payroll_tenant, "%s", v);
    }
    fclose(f);
    return cfg->company_id && cfg->nprojects ? TCB_OK : TCB_ECONF;
}

static void req_api(procore_client_t *c, struct http_req *r, const char *base, const char *path, int with_company)
{
    memset(r, 0, sizeof *r);
    r->method = "GET";
    snprintf(r->url, sizeof r->url, "%s%s", base, path);
    snprintf(r->hbuf[0], sizeof r->hbuf[0], "Authorization: Bearer %s", c->bearer);
    r->headers[r->nheaders++] = r->hbuf[0];
    if (with_company) {
        snprintf(r->hbuf[1], sizeof r->hbuf[1], "Procore-Company-Id: %" PRId64, c->cfg->company_id);
        r->headers[r->nheaders++] = r->hbuf[1];
    }
}

static int fetch_token(procore_client_t *c)
{
    struct http_req r = {0};
    struct http_resp out = {0};
    char form[256];
    const char *tok;
    int rc;
    snprintf(r.url, sizeof r.url, "%s/oauth/token", c->cfg->login_base);
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             c->cfg->client_id, c->cfg->client_secret);
    r.method = "POST";
    r.body = form;
    if ((rc = c->ops->send(c->ctx, &r, &out)) != TCB_OK) goto cleanup;
    if (!(tok = strstr(out.text, "\"access_token\":\"")) ||
        sscanf(tok + 16, "%500[^\"]", c->bearer) != 1) rc = TCB_EAUTH;
cleanup:
    free(out.text);
    return rc;
}

/* DMSA tokens can be scoped to several companies; make sure ours is among them */
static int verify_company(procore_client_t *c)
{
    struct http_req r;
    struct http_resp out = {0};
    char needle[40];
    int rc;
    req_api(c, &r, c->cfg->api_base, "/rest/v1.0/companies", 1);
    rc = c->ops->send(c->ctx, &r, &out);
    snprintf(needle, sizeof needle, "\"id\":%" PRId64, c->cfg->company_id);
    if (rc == TCB_OK && (!out.text || !strstr(out.text, needle))) rc = TCB_EAUTH;
    free(out.text);
    return rc;
}

/* calls on_item once per approved entry; returns number of entries seen */
static int each_timecard(procore_client_t *c, long long project_id, const char *day,
                         int (*on_item)(void *user, const char *json), void *user)
{
    struct http_req r;
    struct http_resp out = {0};
    char path[256];
    int seen = 0;
    snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/timecard_entries?filters[date]=%s", project_id, day);
    req_api(c, &r, c->cfg->api_base, path, 1);
    if (c->ops->send(c->ctx, &r, &out) == TCB_OK) {
        for (const char *p = out.text; (p = strstr(p, "{\"id\":")) != NULL; p++, seen++)
            if (strstr(p, "\"approval_status\":\"approved\"") && on_item(user, p)) break;
    }
    free(out.text);
    return seen;
}

static void load_time_types(procore_client_t *c, long long project_id, char *out, size_t cap)
{
    struct http_req r;
    struct http_resp resp = {0};
    char path[160];
    snprintf(path, sizeof path, "/vapid/projects/%lld/timecard_time_types", project_id);
    req_api(c, &r, TCB_VAPID_BASE, path, 0);
    if (c->ops->send(c->ctx, &r, &resp) == TCB_OK && resp.text)
        snprintf(out, cap, "%s", resp.text);
    free(resp.text);
}

struct batch { char buf[60000]; size_t len; int rows; };

static int add_row(void *user, const char *json)
{
    struct batch *b = user;
    int64_t entry_id = strtoll(json + 6, NULL, 10);
    const char *h = strstr(json, "\"hours\":");
    double hours = h ? strtod(h + 8 + (h[8] == '"'), NULL) : 0.0;
    if (b->len + 64 >= sizeof b->buf) return 1;
    b->len += (size_t)snprintf(b->buf + b->len, sizeof b->buf - b->len, "%s{\"ref\":\"%" PRId64 "\",\"hours\":%.2f}",
                               b->rows ? "," : "", entry_id, hours);
    b->rows++;
    return 0;
}

static int post_payroll(const struct tcb_config *cfg, struct batch *b)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hs = NULL;
    char tenant[64], *payload = malloc(b->len + 16);
    long status = 0;
    if (!h || !payload) { free(payload); if (h) curl_easy_cleanup(h); return TCB_ENET; }
    snprintf(payload, b->len + 16, "{\"rows\":[%s]}", b->buf);
    snprintf(tenant, sizeof tenant, "Company-Id: %s", cfg->payroll_tenant);
    hs = curl_slist_append(hs, tenant);
    hs = curl_slist_append(hs, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, cfg->payroll_endpoint);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hs);
    curl_easy_cleanup(h);
    free(payload);
    return status == 202 ? TCB_OK : TCB_EHTTP;
}

int main(int argc, char **argv)
{
    static struct tcb_config cfg;
    static struct batch b;
    static char time_types[8192];
    struct retry_ctx retry = { &CURL_OPS, NULL, 3 };
    procore_client_t c = { &RETRY_OPS, &retry, "", &cfg };
    const char *day = argc > 1 ? argv[1] : "2024-06-07";
    int rc;

    if (ini_load("/etc/tcbridge.ini", &cfg) != TCB_OK) { fputs("tcbridge: bad ini\n", stderr); return TCB_ECONF; }
    curl_global_init(CURL_GLOBAL_ALL);
    retry.inner_ctx = curl_easy_init();
    if ((rc = fetch_token(&c)) != TCB_OK || (rc = verify_company(&c)) != TCB_OK) goto cleanup;
    for (int i = 0; i < cfg.nprojects; i++) {
        if (i == 0) load_time_types(&c, cfg.project_ids[i], time_types, sizeof time_types);
        if (i == 0 && !strstr(time_types, "\"Regular\"")) fputs("tcbridge: no Regular time type?\n", stderr);
        int n = each_timecard(&c, cfg.project_ids[i], day, add_row, &b);
        fprintf(stderr, "project %lld: %d entries\n", (long long)cfg.project_ids[i], n);
    }
    rc = b.rows ? post_payroll(&cfg, &b) : TCB_OK;
cleanup:
    curl_easy_cleanup(retry.inner_ctx);
    curl_global_cleanup();
    return rc;
}
