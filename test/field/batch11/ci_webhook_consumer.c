/*
 * hookworker -- consumes Procore webhook deliveries relayed by hook-relay
 * (one JSON payload per line on stdin), enriches them from the REST API and
 * fans them out to Slack. Failed deliveries open a GitHub issue for on-call.
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WH_API_BASE    "https://api.procore.com"
#define WH_VAPID_BASE  "https://app.procore.com/vapid"   /* legacy submittal payloads */
#define WH_GITHUB_API  "https://api.github.com"
#define WH_MAX_ROUTES  16

enum { WH_OK = 0, WH_E_FULL, WH_E_NOROUTE, WH_E_FETCH, WH_E_PARSE };

typedef struct wh_event {
    int64_t delivery_id;
    int64_t company_id;
    int64_t project_id;
    int64_t resource_id;
    int64_t user_id;
    char    resource_name[48];
    char    event_type[16];
    int     attempt;
} wh_event;

typedef int (*wh_handler_fn)(const wh_event *ev, void *user, int *err);

typedef struct { char resource[48]; wh_handler_fn fn; void *user; } wh_route;
typedef struct { wh_route routes[WH_MAX_ROUTES]; int n; } wh_router;

typedef struct wh_ctx {
    CURL *curl;
    char  bearer[320];
    const char *slack_url;
    const char *gh_repo, *gh_token;
} wh_ctx;

typedef struct { char *p; size_t n; } wh_buf;

/* ---- tiny flat-JSON readers ---- */
static const char *json_find(const char *js, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    if (!(p = strstr(js, pat))) return NULL;
    p += strlen(pat);
    while (*p == ' ') p++;
    return p;
}

static int json_i64(const char *js, const char *key, int64_t *out)
{
    const char *p = json_find(js, key);
    char *end;
    if (!p) return -1;
    *out = strtoll(p, &end, 10);
    return end == p ? -1 : 0;
}

static int json_int(const char *js, const char *key)
{
    const char *p = json_find(js, key);
    return p ? (int)strtol(p, NULL, 10) : 0;
}

static void json_str(const char *js, const char *key, char *out, size_t cap)
{
    const char *p = json_find(js, key);
    size_t len;
    out[0] = '\0';
    if (!p || *p != '"') return;
    len = strcspn(p + 1, "\"");
    snprintf(out, cap, "%.*s", (int)len, p + 1);
}

/* ---- router ---- */
static void wh_register(wh_router *r, const char *resource, wh_handler_fn fn, void *user, int *err)
{
    if (r->n >= WH_MAX_ROUTES) { *err = WH_E_FULL; return; }
    snprintf(r->routes[r->n].resource, sizeof r->routes[0].resource, "%s", resource);
    r->routes[r->n].fn = fn;
    r->routes[r->n].user = user;
    r->n++;
    *err = WH_OK;
}

static int wh_dispatch(const wh_router *r, const wh_event *ev, int *err)
{
    int i;
    for (i = 0; i < r->n; i++)
        if (!strcmp(r->routes[i].resource, ev->resource_name))
            return r->routes[i].fn(ev, r->routes[i].user, err);
    *err = WH_E_NOROUTE;
    return -1;
}

/* ---- HTTP ---- */
static size_t wh_sink(char *d, size_t sz, size_t n, void *user)
{
    wh_buf *b = user;
    char *np = realloc(b->p, b->n + sz * n + 1);
    if (!np) return 0;
    memcpy(np + b->n, d, sz * n);
    b->n += sz * n;
    np[b->n] = '\0';
    b->p = np;
    return sz * n;
}

/* company_id <= 0 leaves the request unscoped */
static int wh_fetch(wh_ctx *ctx, const char *url, int64_t company_id, wh_buf *out, int *err)
{
    struct curl_slist *h = NULL;
    char company[64];
    long status = 0;
    CURLcode rc;

    h = curl_slist_append(h, ctx->bearer);
    if (company_id > 0) {
        snprintf(company, sizeof company, "Procore-Company-Id: %" PRId64, company_id);
        h = curl_slist_append(h, company);
    }
    curl_easy_reset(ctx->curl);
    curl_easy_setopt(ctx->curl, CURLOPT_URL, url);
    curl_easy_setopt(ctx->curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(ctx->curl, CURLOPT_WRITEFUNCTION, wh_sink);
    curl_easy_setopt(ctx->curl, CURLOPT_WRITEDATA, out);
    rc = curl_easy_perform(ctx->curl);
    curl_easy_getinfo(ctx->curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    *err = (rc == CURLE_OK && status < 300) ? WH_OK : WH_E_FETCH;
    return *err == WH_OK ? 0 : -1;
}

static void wh_post_json(wh_ctx *ctx, const char *url, const char *auth, const char *body, wh_buf *out)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (auth) h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "User-Agent: hookworker/1.4");
    curl_easy_reset(ctx->curl);
    curl_easy_setopt(ctx->curl, CURLOPT_URL, url);
    curl_easy_setopt(ctx->curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(ctx->curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(ctx->curl, CURLOPT_WRITEFUNCTION, wh_sink);
    curl_easy_setopt(ctx->curl, CURLOPT_WRITEDATA, out);
    curl_easy_perform(ctx->curl);
    curl_slist_free_all(h);
}

static void wh_slack(wh_ctx *ctx, const wh_event *ev, const char *title)
{
    char msg[768];
    wh_buf sink = { NULL, 0 };
    snprintf(msg, sizeof msg,
             "{\"text\":\"%s %s: %s <https://app.procore.com/%" PRId64 "/project/home|open project>\"}",
             ev->resource_name, ev->event_type, title, ev->project_id);
    wh_post_json(ctx, ctx->slack_url, NULL, msg, &sink);
    free(sink.p);
}

/* ---- handlers ---- */
static int on_rfi(const wh_event *ev, void *user, int *err)
{
    wh_ctx *ctx = user;
    wh_buf b = { NULL, 0 };
    char url[256], subject[256];

    snprintf(url, sizeof url, WH_API_BASE "/rest/v1.0/projects/%" PRId64 "/rfis/%" PRId64,
             ev->project_id, ev->resource_id);
    if (wh_fetch(ctx, url, ev->company_id, &b, err) == 0) {
        json_str(b.p, "subject", subject, sizeof subject);
        wh_slack(ctx, ev, subject);
    }
    free(b.p);
    return *err == WH_OK ? 0 : -1;
}

static int on_submittal(const wh_event *ev, void *user, int *err)
{
    wh_ctx *ctx = user;
    wh_buf b = { NULL, 0 };
    char url[256], title[256];

    snprintf(url, sizeof url, WH_VAPID_BASE "/projects/%" PRId64 "/submittals/%" PRId64,
             ev->project_id, ev->resource_id);
    if (wh_fetch(ctx, url, ev->company_id, &b, err) == 0) {
        json_str(b.p, "title", title, sizeof title);
        wh_slack(ctx, ev, title);
    }
    free(b.p);
    return *err == WH_OK ? 0 : -1;
}

static int on_drawing_revision(const wh_event *ev, void *user, int *err)
{
    wh_ctx *ctx = user;
    wh_buf b = { NULL, 0 };
    char url[256], number[64];

    /* revisions live under the project, the company is implied */
    snprintf(url, sizeof url, WH_API_BASE "/rest/v1.0/projects/%" PRId64 "/drawing_revisions/%" PRId64,
             ev->project_id, ev->resource_id);
    if (wh_fetch(ctx, url, 0, &b, err) == 0) {
        json_str(b.p, "number", number, sizeof number);
        wh_slack(ctx, ev, number);
    }
    free(b.p);
    return *err == WH_OK ? 0 : -1;
}

static int open_incident(wh_ctx *ctx, const wh_event *ev, int err)
{
    char url[256], auth[256], body[512];
    wh_buf b = { NULL, 0 };
    const char *num;
    int issue_number = 0;

    snprintf(url, sizeof url, WH_GITHUB_API "/repos/%s/issues", ctx->gh_repo);
    snprintf(auth, sizeof auth, "Authorization: token %s", ctx->gh_token);
    snprintf(body, sizeof body,
             "{\"title\":\"webhook %" PRId64 " failed (err %d, attempt %d)\",\"labels\":[\"oncall\"]}",
             ev->delivery_id, err, ev->attempt);
    wh_post_json(ctx, url, auth, body, &b);
    if (b.p && (num = json_find(b.p, "number")) != NULL) issue_number = atoi(num);
    free(b.p);
    return issue_number;
}

int main(void)
{
    wh_ctx ctx = { 0 };
    wh_router router = { .n = 0 };
    char line[8192];
    int err;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    ctx.curl = curl_easy_init();
    snprintf(ctx.bearer, sizeof ctx.bearer, "Authorization: Bearer %s", getenv("HOOKWORKER_TOKEN"));
    ctx.slack_url = getenv("HOOKWORKER_SLACK_WEBHOOK");
    ctx.gh_repo = getenv("HOOKWORKER_GH_REPO");
    ctx.gh_token = getenv("HOOKWORKER_GH_TOKEN");

    wh_register(&router, "RFIs", on_rfi, &ctx, &err);
    wh_register(&router, "Submittals", on_submittal, &ctx, &err);
    wh_register(&router, "Drawing Revisions", on_drawing_revision, &ctx, &err);

    while (fgets(line, sizeof line, stdin)) {
        wh_event ev;
        memset(&ev, 0, sizeof ev);
        if (json_i64(line, "id", &ev.delivery_id) || json_i64(line, "company_id", &ev.company_id) ||
            json_i64(line, "project_id", &ev.project_id) || json_i64(line, "resource_id", &ev.resource_id))
            continue;
        ev.user_id = json_int(line, "user_id");
        ev.attempt = json_int(line, "attempt");
        json_str(line, "resource_name", ev.resource_name, sizeof ev.resource_name);
        json_str(line, "event_type", ev.event_type, sizeof ev.event_type);
        if (wh_dispatch(&router, &ev, &err) != 0 && err != WH_E_NOROUTE) {
            int issue = open_incident(&ctx, &ev, err);
            fprintf(stderr, "delivery %" PRId64 " by user %" PRId64 " failed -> issue #%d\n",
                    ev.delivery_id, ev.user_id, issue);
        }
    }
    curl_easy_cleanup(ctx.curl);
    curl_global_cleanup();
    return 0;
}
