/*
 * st_rfi_pager.c -- nightly RFI export for the QA dashboard.
 *
 * The job is a transition table so the cron wrapper can log exactly which
 * step failed and resume from it. Production tenant; the refresh token comes
 * from the file the onboarding tool writes.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_BASE "https://login.procore.com"
#define API_BASE "https://api.procore.com"
#define DASHBOARD_URL "http://qa-dashboard.internal:8080/ingest/rfis"
#define ARCHIVE_URL "http://archive.internal:9000/put/rfis.csv"
#define MAX_PROJECTS 64
#define MAX_RETRIES 3

enum state { ST_AUTH, ST_COMPANIES, ST_PROJECTS, ST_RFIS, ST_UPLOAD, ST_DONE, ST_FAILED };
enum event { EV_OK, EV_MORE, EV_RETRY, EV_FAIL };

struct buf {
    char *data;
    size_t len;
};

struct sync_ctx {
    char client_id[128];
    char client_secret[128];
    char refresh_token[256];
    char access_token[256];
    int64_t company_id;
    int64_t project_ids[MAX_PROJECTS];
    int project_count;
    int project_idx;
    int page;
    int retries;
    long http_status;
    struct curl_slist *headers; /* Authorization, then Procore-Company-Id */
    char url[1024];
    struct buf body;
    FILE *csv;
};

typedef enum event (*state_fn)(struct sync_ctx *);

struct transition {
    enum state from;
    enum event ev;
    enum state to;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + b->len, ptr, n);
    b->data = grown;
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* Sends ctx->url with the given header list; the reply lands in ctx->body. */
static int http_send(struct sync_ctx *ctx, struct curl_slist *hdrs, const char *post)
{
    CURL *h = curl_easy_init();
    CURLcode rc;
    if (!h)
        return -1;
    free(ctx->body.data);
    ctx->body.data = NULL;
    ctx->body.len = 0;
    curl_easy_setopt(h, CURLOPT_URL, ctx->url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ctx->body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (post)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
    rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ctx->http_status);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Minimal scanners; the payloads we read are flat enough for this. */
static const char *json_i64(const char *from, const char *key, int64_t *out)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = from ? strstr(from, pat) : NULL;
    if (!p)
        return NULL;
    p += strlen(pat);
    *out = strtoll(p, NULL, 10);
    return p;
}

static int json_str(const char *from, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p, *end;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    p = from ? strstr(from, pat) : NULL;
    if (!p)
        return -1;
    p += strlen(pat);
    end = strchr(p, '"');
    if (!end || (size_t)(end - p) >= cap)
        return -1;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return 0;
}

static enum event st_auth(struct sync_ctx *ctx)
{
    char form[1024], line[320];
    struct curl_slist *form_hdrs =
        curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    int rc;

    snprintf(ctx->url, sizeof ctx->url, "%s/oauth/token", LOGIN_BASE);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             ctx->client_id, ctx->client_secret, ctx->refresh_token);
    rc = http_send(ctx, form_hdrs, form);
    curl_slist_free_all(form_hdrs);
    if (rc != 0 || ctx->http_status >= 500)
        return EV_RETRY;
    if (ctx->http_status != 200 ||
        json_str(ctx->body.data, "access_token", ctx->access_token, sizeof ctx->access_token))
        return EV_FAIL;
    json_str(ctx->body.data, "refresh_token", ctx->refresh_token, sizeof ctx->refresh_token);

    curl_slist_free_all(ctx->headers);
    snprintf(line, sizeof line, "Authorization: Bearer %s", ctx->access_token);
    ctx->headers = curl_slist_append(NULL, line);
    return EV_OK;
}

static enum event st_companies(struct sync_ctx *ctx)
{
    char line[64];
    if (ctx->company_id == 0) {
        snprintf(ctx->url, sizeof ctx->url, "%s/rest/v1.0/companies", API_BASE);
        if (http_send(ctx, ctx->headers, NULL) != 0 || ctx->http_status >= 500)
            return EV_RETRY;
        if (!json_i64(ctx->body.data, "id", &ctx->company_id))
            return EV_FAIL;
    }
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, ctx->company_id);
    ctx->headers = curl_slist_append(ctx->headers, line);
    return EV_OK;
}

static enum event st_projects(struct sync_ctx *ctx)
{
    const char *p;
    int64_t id;
    snprintf(ctx->url, sizeof ctx->url, "%s/rest/v1.0/projects?company_id=%" PRId64 "&per_page=100",
             API_BASE, ctx->company_id);
    if (http_send(ctx, ctx->headers, NULL) != 0 || ctx->http_status >= 500)
        return EV_RETRY;
    ctx->project_count = 0;
    for (p = ctx->body.data; (p = json_i64(p, "id", &id)) && ctx->project_count < MAX_PROJECTS;)
        ctx->project_ids[ctx->project_count++] = id;
    ctx->project_idx = 0;
    ctx->page = 1;
    return ctx->project_count ? EV_OK : EV_FAIL;
}

static enum event st_rfis(struct sync_ctx *ctx)
{
    char auth[320];
    struct curl_slist *rfi_hdrs = NULL;
    const char *p;
    int64_t pid = ctx->project_ids[ctx->project_idx], rfi_id;
    int rows = 0, rc;

    /* RFIs are project scoped, so a lean list is enough here */
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", ctx->access_token);
    rfi_hdrs = curl_slist_append(rfi_hdrs, auth);
    rfi_hdrs = curl_slist_append(rfi_hdrs, "Accept: application/json");
    snprintf(ctx->url, sizeof ctx->url, "%s/rest/v1.0/projects/%" PRId64 "/rfis?page=%d&per_page=100",
             API_BASE, pid, ctx->page);
    rc = http_send(ctx, rfi_hdrs, NULL);
    curl_slist_free_all(rfi_hdrs);
    if (rc != 0 || ctx->http_status == 429 || ctx->http_status >= 500)
        return EV_RETRY;
    for (p = ctx->body.data; (p = json_i64(p, "id", &rfi_id)); ++rows)
        fprintf(ctx->csv, "%" PRId64 ",%ld\n", pid, (long)rfi_id);
    ctx->retries = 0;
    if (rows == 100) {
        ctx->page++;
        return EV_MORE;
    }
    ctx->page = 1;
    return ++ctx->project_idx < ctx->project_count ? EV_MORE : EV_OK;
}

static enum event st_upload(struct sync_ctx *ctx)
{
    const char *targets[] = {DASHBOARD_URL, ARCHIVE_URL};
    CURL *easy[2];
    CURLM *multi = curl_multi_init();
    struct curl_slist *hdrs = curl_slist_append(NULL, "X-Api-Key: qa-dashboard-nightly");
    char *csv_text;
    long size;
    int running = 0, i;

    fflush(ctx->csv);
    size = ftell(ctx->csv);
    rewind(ctx->csv);
    csv_text = calloc(1, (size_t)size + 1);
    if (!csv_text || fread(csv_text, 1, (size_t)size, ctx->csv) != (size_t)size)
        return EV_FAIL;
    for (i = 0; i < 2; ++i) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, targets[i]);
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, csv_text);
        curl_multi_add_handle(multi, easy[i]);
    }
    do {
        curl_multi_perform(multi, &running);
        curl_multi_poll(multi, NULL, 0, 1000, NULL);
    } while (running);
    for (i = 0; i < 2; ++i) {
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(hdrs);
    free(csv_text);
    printf("Export done. Open https://app.procore.com/%" PRId64 "/company/home to review.\n",
           ctx->company_id);
    return EV_OK;
}

static const state_fn handlers[] = {
    [ST_AUTH] = st_auth,       [ST_COMPANIES] = st_companies, [ST_PROJECTS] = st_projects,
    [ST_RFIS] = st_rfis,       [ST_UPLOAD] = st_upload,
};

static const struct transition table[] = {
    {ST_AUTH, EV_OK, ST_COMPANIES},      {ST_AUTH, EV_RETRY, ST_AUTH},
    {ST_COMPANIES, EV_OK, ST_PROJECTS},  {ST_COMPANIES, EV_RETRY, ST_AUTH},
    {ST_PROJECTS, EV_OK, ST_RFIS},       {ST_PROJECTS, EV_RETRY, ST_PROJECTS},
    {ST_RFIS, EV_MORE, ST_RFIS},         {ST_RFIS, EV_RETRY, ST_RFIS},
    {ST_RFIS, EV_OK, ST_UPLOAD},         {ST_UPLOAD, EV_OK, ST_DONE},
};

static enum state next_state(enum state s, enum event e)
{
    size_t i;
    for (i = 0; i < sizeof table / sizeof table[0]; ++i)
        if (table[i].from == s && table[i].ev == e)
            return table[i].to;
    return ST_FAILED;
}

int main(void)
{
    struct sync_ctx ctx;
    enum state s = ST_AUTH;
    const char *env_company = getenv("PROCORE_COMPANY_ID");

    memset(&ctx, 0, sizeof ctx);
    snprintf(ctx.client_id, sizeof ctx.client_id, "%s", getenv("PROCORE_CLIENT_ID"));
    snprintf(ctx.client_secret, sizeof ctx.client_secret, "%s", getenv("PROCORE_CLIENT_SECRET"));
    snprintf(ctx.refresh_token, sizeof ctx.refresh_token, "%s", getenv("PROCORE_REFRESH_TOKEN"));
    if (env_company)
        ctx.company_id = atoi(env_company);
    ctx.csv = tmpfile();
    if (!ctx.csv)
        return 1;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    while (s != ST_DONE && s != ST_FAILED) {
        enum event e = handlers[s](&ctx);
        if (e == EV_RETRY && ++ctx.retries > MAX_RETRIES)
            e = EV_FAIL;
        s = next_state(s, e);
    }
    curl_slist_free_all(ctx.headers);
    free(ctx.body.data);
    fclose(ctx.csv);
    curl_global_cleanup();
    return s == ST_DONE ? 0 : 2;
}
