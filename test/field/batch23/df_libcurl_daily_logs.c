/*
 * dailylog_push.c - site gateway -> Procore daily logs.
 *
 * Runs on the jobsite gateway box every evening, reads the day's headcount
 * file exported by the gate turnstiles and pushes it as manpower log entries.
 *
 * Build: cc -std=c99 -Wall dailylog_push.c -lcurl
 * Usage: dailylog_push <company_id> <project_id> <yyyy-mm-dd> <headcount.csv>
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#define PC_API_BASE   "https://api.procore.com"
#define PC_AUTH_BASE  "https://api.procore.com"
#define PC_WEB_BASE   "https://app.procore.com"   /* links for the site super */
#define WX_API_BASE   "https://api.weather.gov"

typedef struct {
    char  *data;
    size_t len;
} pc_buf;

/*
 * Request options. Start from PC_REQ_DEFAULTS and override what you need;
 * company_id == 0 means "no company context".
 */
typedef struct {
    const char *base_url;
    const char *method;
    int64_t     company_id;
    const char *body;
    const char *content_type;
    long        timeout_s;
} pc_req_opts;

#define PC_REQ_DEFAULTS { PC_API_BASE, "GET", 0, NULL, "application/json", 30L }

typedef struct {
    int64_t     company_id;
    int64_t     project_id;
    const char *token;
    int         per_page;
} app_ctx;

typedef struct {
    int  vendor_id;
    int  workers;
    double hours;
    char notes[128];
} crew_row;

static size_t pc_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    pc_buf *b = (pc_buf *)userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static long pc_request(const char *token, const char *path,
                       const pc_req_opts *opts, pc_buf *out)
{
    static const pc_req_opts defaults = PC_REQ_DEFAULTS;
    struct curl_slist *hdrs = NULL;
    char url[1024], line[512];
    long status = 0;
    CURL *curl;

    if (!opts)
        opts = &defaults;
    curl = curl_easy_init();
    if (!curl)
        return -1;

    snprintf(url, sizeof url, "%s%s", opts->base_url ? opts->base_url : PC_API_BASE, path);
    if (token) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", token);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (opts->company_id != 0) {
        snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, opts->company_id);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (opts->body) {
        snprintf(line, sizeof line, "Content-Type: %s", opts->content_type);
        hdrs = curl_slist_append(hdrs, line);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, opts->body);
    }
    hdrs = curl_slist_append(hdrs, "Accept: application/json");

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, opts->method ? opts->method : "GET");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, opts->timeout_s);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "dailylog-push/1.4");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, pc_write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);

    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

static char *refresh_access_token(const char *client_id, const char *secret,
                                  const char *refresh)
{
    pc_req_opts o = PC_REQ_DEFAULTS;
    pc_buf buf = { NULL, 0 };
    char form[1024];
    char *tok = NULL, *p, *end;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    o.base_url = PC_AUTH_BASE;
    o.method = "POST";
    o.body = form;
    o.content_type = "application/x-www-form-urlencoded";

    if (pc_request(NULL, "/oauth/token", &o, &buf) == 200 &&
        (p = strstr(buf.data, "\"access_token\":\"")) != NULL) {
        p += strlen("\"access_token\":\"");
        end = strchr(p, '"');
        if (end)
            tok = strndup(p, (size_t)(end - p));
    }
    free(buf.data);
    return tok;
}

static int parse_crew_file(const char *path, crew_row *rows, int max_rows)
{
    FILE *f = fopen(path, "r");
    char line[256];
    int n = 0;

    if (!f)
        return -1;
    while (n < max_rows && fgets(line, sizeof line, f)) {
        crew_row *r = &rows[n];
        memset(r, 0, sizeof *r);
        if (sscanf(line, "%d,%d,%lf,%127[^\n]", &r->vendor_id, &r->workers,
                   &r->hours, r->notes) >= 3)
            n++;
    }
    fclose(f);
    return n;
}

static void push_manpower(const app_ctx *ctx, const char *date, const crew_row *r)
{
    pc_req_opts o = PC_REQ_DEFAULTS;
    pc_buf buf = { NULL, 0 };
    char path[256], body[512];
    long st;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/manpower_logs",
             ctx->project_id);
    snprintf(body, sizeof body,
             "{\"manpower_log\":{\"date\":\"%s\",\"contact_id\":%d,"
             "\"num_workers\":%d,\"num_hours\":%.2f,\"notes\":\"%s\"}}",
             date, r->vendor_id, r->workers, r->hours, r->notes);
    o.method = "POST";
    o.body = body;

    st = pc_request(ctx->token, path, &o, &buf);
    if (st != 201) {
        fprintf(stderr, "manpower log for vendor %d failed: HTTP %ld\n", r->vendor_id, st);
    } else {
        char *p = strstr(buf.data, "\"id\":");
        long log_id = p ? strtol(p + 5, NULL, 10) : 0;
        printf("created manpower log %ld\n", log_id);
    }
    free(buf.data);
}

static void check_vendor_directory(const app_ctx *ctx)
{
    pc_buf buf = { NULL, 0 };
    char path[256];
    long st;

    snprintf(path, sizeof path, "/rest/v1.0/vendors?company_id=%" PRId64 "&per_page=%d",
             ctx->company_id, ctx->per_page);
    st = pc_request(ctx->token, path, NULL, &buf);
    printf("vendor directory: HTTP %ld, %zu bytes\n", st, buf.len);
    free(buf.data);
}

int main(int argc, char **argv)
{
    app_ctx ctx;
    crew_row rows[200];
    pc_req_opts o = PC_REQ_DEFAULTS;
    pc_buf buf = { NULL, 0 };
    char path[256];
    int i, n;

    if (argc < 5) {
        fprintf(stderr, "usage: %s company_id project_id date file.csv\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    ctx.company_id = strtoll(argv[1], NULL, 10);
    ctx.project_id = atoi(argv[2]);
    ctx.per_page = 100;
    ctx.token = refresh_access_token(getenv("PC_CLIENT_ID"), getenv("PC_CLIENT_SECRET"),
                                     getenv("PC_REFRESH_TOKEN"));
    if (!ctx.token) {
        fprintf(stderr, "token refresh failed\n");
        return 1;
    }

    /* who am I - no company context needed */
    if (pc_request(ctx.token, "/rest/v1.0/me", NULL, &buf) != 200)
        fprintf(stderr, "warning: /me failed\n");
    free(buf.data);
    buf.data = NULL;
    buf.len = 0;

    /* weather for the log header; public NWS API, not Procore */
    o.base_url = WX_API_BASE;
    o.content_type = "application/geo+json";
    pc_request(NULL, "/gridpoints/OKX/33,37/forecast", &o, &buf);
    free(buf.data);
    buf.data = NULL;
    buf.len = 0;

    /* existing entries for the day, so we don't double post */
    o = (pc_req_opts)PC_REQ_DEFAULTS;
    o.company_id = ctx.company_id;
    snprintf(path, sizeof path,
             "/rest/v1.0/projects/%" PRId64 "/manpower_logs?log_date=%s&page=1&per_page=%d",
             ctx.project_id, argv[3], ctx.per_page);
    if (pc_request(ctx.token, path, &o, &buf) == 200 && buf.len > 2) {
        printf("manpower already logged for %s, skipping\n", argv[3]);
        free(buf.data);
        return 0;
    }
    free(buf.data);

    check_vendor_directory(&ctx);

    n = parse_crew_file(argv[4], rows, 200);
    for (i = 0; i < n; i++)
        push_manpower(&ctx, argv[3], &rows[i]);

    printf("%d crews pushed. Review: " PC_WEB_BASE "/%" PRId64 "/project/daily_log/list?date=%s\n",
           n, ctx.project_id, argv[3]);
    curl_global_cleanup();
    return 0;
}
