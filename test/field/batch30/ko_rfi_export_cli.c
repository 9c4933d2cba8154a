/*
 * rfi_export -- dump open RFIs of one project to CSV for the QA binder.
 *
 * usage: rfi_export <company_id> <project_id> [out.csv]
 *   PROCORE_TOKEN must hold a valid access token (obtained by the desktop
 *   login helper). Runs against the monthly sandbox until QA signs off.
 *
 * Build: cc -std=c99 -Wall -o rfi_export rfi_export.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <curl/curl.h>

#define API_BASE        "https://api-monthly.procore.com"
#define TOKEN_INFO_URL  "https://api-monthly.procore.com/oauth/token/info"
#define HELP_URL        "https://support.procore.com/products/online/user-guide/project-level/rfi"
#define PER_PAGE        100
#define MAX_RFI         512
#define MAX_HDR         8

struct ep_desc {
    const char *method;
    const char *path_fmt;
    int needs_company;
};

static const struct ep_desc ENDPOINTS[] = {
#define EP_COMPANIES 0
    { "GET", "/rest/v1.0/companies", 0 },
#define EP_PROJECT   1
    { "GET", "/rest/v1.0/projects/%lld?company_id=%lld", 1 },
#define EP_RFI_LIST  2
    { "GET", "/rest/v1.0/projects/%lld/rfis?page=%d&per_page=%d&filters[status]=open", 1 },
#define EP_RFI_SHOW  3
    { "GET", "/rest/v1.1/projects/%lld/rfis/%lld", 0 },
};

struct http_req {
    char url[512];
    char hdrs[MAX_HDR][160];
    int nhdrs;
};

struct rfi {
    int64_t id;
    int number;
    long assignee_id;
    int days_open;
    char subject[128];
};

static struct rfi g_rfis[MAX_RFI];
static int g_nrfi;
static const char *g_token;
static char *g_buf;
static size_t g_len;

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    char *nb = realloc(g_buf, g_len + s * n + 1);
    (void)u;
    if (!nb)
        return 0;
    g_buf = nb;
    memcpy(g_buf + g_len, p, s * n);
    g_len += s * n;
    g_buf[g_len] = '\0';
    return s * n;
}

static void req_init(struct http_req *r)
{
    r->url[0] = '\0';
    r->nhdrs = 0;
}

static void req_add_header(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    if (r->nhdrs == MAX_HDR)
        return;
    va_start(ap, fmt);
    vsnprintf(r->hdrs[r->nhdrs++], 160, fmt, ap);
    va_end(ap);
}

static void req_set_url(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->url, sizeof r->url, "%s", API_BASE);
    va_start(ap, fmt);
    vsnprintf(r->url + n, sizeof r->url - n, fmt, ap);
    va_end(ap);
}

static int req_send(struct http_req *r)
{
    CURL *cu = curl_easy_init();
    struct curl_slist *hl = NULL;
    long http = 0;
    int i;

    if (!cu)
        return -1;
    free(g_buf);
    g_buf = NULL;
    g_len = 0;
    for (i = 0; i < r->nhdrs; i++)
        hl = curl_slist_append(hl, r->hdrs[i]);
    curl_easy_setopt(cu, CURLOPT_URL, r->url);
    curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(cu, CURLOPT_FOLLOWLOCATION, 1L);
    if (curl_easy_perform(cu) == CURLE_OK)
        curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &http);
    curl_slist_free_all(hl);
    curl_easy_cleanup(cu);
    return (int)http;
}

static void add_std_headers(struct http_req *r, int ep, long long company)
{
    req_add_header(r, "Authorization: Bearer %s", g_token);
    req_add_header(r, "Accept: application/json");
    if (ENDPOINTS[ep].needs_company)
        req_add_header(r, "Procore-Company-Id: %lld", company);
}

static int token_ok(void)
{
    struct http_req r;
    req_init(&r);
    strcpy(r.url, TOKEN_INFO_URL);
    req_add_header(&r, "Authorization: Bearer %s", g_token);
    return req_send(&r) == 200 && g_buf && strstr(g_buf, "\"expires_in_seconds\"") != NULL;
}

static long long num_after(const char *from, const char *key)
{
    const char *p = strstr(from, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : 0;
}

static int fetch_rfis(long long company, long long project)
{
    struct http_req r;
    int page = 1, got;
    const char *p, *s;

    do {
        got = 0;
        req_init(&r);
        req_set_url(&r, ENDPOINTS[EP_RFI_LIST].path_fmt, project, page, PER_PAGE);
        add_std_headers(&r, EP_RFI_LIST, company);
        if (req_send(&r) != 200)
            return -1;
        for (p = g_buf; (p = strstr(p, "{\"id\":")) && g_nrfi < MAX_RFI; p += 6) {
            struct rfi *x = &g_rfis[g_nrfi++];
            x->id = strtoll(p + 6, NULL, 10);
            x->number = (int)num_after(p, "\"number\":\"");
            x->days_open = (int)num_after(p, "\"days_open\":");
            s = strstr(p, "\"subject\":\"");
            if (s)
                sscanf(s + 11, "%127[^\"]", x->subject);
            got++;
        }
        page++;
    } while (got == PER_PAGE);
    return g_nrfi;
}

int main(int argc, char **argv)
{
    long long company, project;
    struct http_req r;
    FILE *out = stdout;
    const char *p;
    int i, rc = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s <company_id> <project_id> [out.csv]\nsee %s\n", argv[0], HELP_URL);
        return 2;
    }
    company = strtoll(argv[1], NULL, 10);
    if (sscanf(argv[2], "%lld", &project) != 1)
        return 2;
    g_token = getenv("PROCORE_TOKEN");
    if (!g_token)
        return 2;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!token_ok()) {
        fprintf(stderr, "token expired, run procore-login first\n");
        goto cleanup;
    }
    req_init(&r);
    req_set_url(&r, ENDPOINTS[EP_COMPANIES].path_fmt);
    add_std_headers(&r, EP_COMPANIES, company);
    if (req_send(&r) != 200 || num_after(g_buf, "\"id\":") == 0)
        goto cleanup;

    req_init(&r);
    req_set_url(&r, ENDPOINTS[EP_PROJECT].path_fmt, project, company);
    add_std_headers(&r, EP_PROJECT, company);
    if (req_send(&r) != 200)
        goto cleanup;

    if (fetch_rfis(company, project) < 0)
        goto cleanup;

    for (i = 0; i < g_nrfi; i++) {
        req_init(&r);
        req_set_url(&r, ENDPOINTS[EP_RFI_SHOW].path_fmt, project, (long long)g_rfis[i].id);
        add_std_headers(&r, EP_RFI_SHOW, company);
        if (req_send(&r) != 200)
            continue;
        p = strstr(g_buf, "\"assignee\":{\"id\":");
        if (p)
            g_rfis[i].assignee_id = strtol(p + 17, NULL, 10);
    }

    if (argc > 3 && !(out = fopen(argv[3], "w")))
        goto cleanup;
    fprintf(out, "rfi_id,number,subject,assignee_id,days_open,link\n");
    for (i = 0; i < g_nrfi; i++)
        fprintf(out, "%lld,%d,\"%s\",%ld,%d,https://app.procore.com/%lld/project/rfi/show/%lld\n",
                (long long)g_rfis[i].id, g_rfis[i].number, g_rfis[i].subject,
                g_rfis[i].assignee_id, g_rfis[i].days_open, project, (long long)g_rfis[i].id);
    if (out != stdout)
        fclose(out);
    rc = 0;
cleanup:
    free(g_buf);
    curl_global_cleanup();
    return rc;
}
