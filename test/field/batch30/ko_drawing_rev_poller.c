/*
 * drawing_rev_poller.c -- plotter-room kiosk service
 *
 * Polls the drawing areas of the configured project for new revisions and
 * queues the PDFs for the large-format plotter. Also uploads the plot
 * confirmation sheet (scanned stamp) back as a company upload.
 *
 * Auth: refresh token in $KIOSK_REFRESH_TOKEN (set by the provisioning
 * script), rotated token printed to stdout for the supervisor to persist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <unistd.h>
#include <curl/curl.h>

#define PROCORE_BASE  "https://app.procore.com"
#define PROCORE_LOGIN "https://login.procore.com"
#define POLL_SECONDS  300
#define MAX_AREAS     32
#define MAX_REVS      64

static const struct {
    const char *method;
    const char *path_fmt;
    int needs_company;
} ENDPOINTS[] = {
    { "GET",  "/rest/v1.1/drawing_areas?project_id=%lld",                         1 },
    { "GET",  "/rest/v1.0/drawing_areas/%ld/drawings?project_id=%lld",             1 },
    { "GET",  "/rest/v1.0/projects/%lld/drawing_revisions?filters[drawing_id]=%u", 1 },
    { "POST", "/rest/v1.1/companies/%lld/uploads",                                 1 },
};
enum { EP_AREAS, EP_DRAWINGS, EP_REVS, EP_UPLOAD };

struct http_req {
    const char *method;
    char url[512];
    char hdrs[8][160];
    int nhdrs;
    const char *body;
};

struct rev {
    long long id;
    unsigned drawing_id;
    int revision_number;
    char pdf_url[384];
};

static char g_access[320], g_refresh[320];
static int64_t g_company_id, g_project_id;
static long long g_seen_rev[MAX_REVS];
static int g_nseen;
static char rxbuf[65536];
static size_t rxlen;

static size_t rx(char *p, size_t s, size_t n, void *u)
{
    size_t l = s * n;
    (void)u;
    if (rxlen + l >= sizeof(rxbuf))
        l = sizeof(rxbuf) - 1 - rxlen;
    memcpy(rxbuf + rxlen, p, l);
    rxlen += l;
    rxbuf[rxlen] = 0;
    return s * n;
}

static void req_init(struct http_req *r, const char *m) { memset(r, 0, sizeof *r); r->method = m; }

static void req_add_header(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    if (r->nhdrs >= 8) return;
    va_start(ap, fmt);
    vsnprintf(r->hdrs[r->nhdrs++], sizeof r->hdrs[0], fmt, ap);
    va_end(ap);
}

static void req_set_url(struct http_req *r, int ep, ...)
{
    char path[384];
    va_list ap;
    va_start(ap, ep);
    vsnprintf(path, sizeof path, ENDPOINTS[ep].path_fmt, ap);
    va_end(ap);
    snprintf(r->url, sizeof r->url, "%s%s", PROCORE_BASE, path);
    r->method = ENDPOINTS[ep].method;
}

static long req_send(struct http_req *r)
{
    CURL *c = curl_easy_init();
    struct curl_slist *list = NULL;
    long st = 0;
    int i;

    if (!c) return -1;
    rxlen = 0; rxbuf[0] = 0;
    for (i = 0; i < r->nhdrs; i++)
        list = curl_slist_append(list, r->hdrs[i]);
    curl_easy_setopt(c, CURLOPT_URL, r->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, rx);
    if (r->body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body);
    if (strcmp(r->method, "PUT") == 0) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    if (curl_easy_perform(c) != CURLE_OK) { st = -1; goto cleanup; }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
cleanup:
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    return st;
}

static void std_headers(struct http_req *r, int ep)
{
    req_add_header(r, "Authorization: Bearer %s", g_access);
    if (ENDPOINTS[ep].needs_company)
        req_add_header(r, "Procore-Company-Id: %lld", (long long)g_company_id);
}

static int grab(const char *key, char *dst, size_t cap)
{
    const char *p = strstr(rxbuf, key), *e;
    if (!p) return -1;
    p += strlen(key);
    e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= cap) return -1;
    memcpy(dst, p, (size_t)(e - p));
    dst[e - p] = 0;
    return 0;
}

static int oauth_refresh(void)
{
    struct http_req r;
    char form[900];
    snprintf(form, sizeof form, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             getenv("KIOSK_CLIENT_ID"), getenv("KIOSK_CLIENT_SECRET"), g_refresh);
    req_init(&r, "POST");
    snprintf(r.url, sizeof r.url, PROCORE_LOGIN "/oauth/token");
    r.body = form;
    if (req_send(&r) != 200) return -1;
    if (grab("\"access_token\":\"", g_access, sizeof g_access)) return -1;
    grab("\"refresh_token\":\"", g_refresh, sizeof g_refresh);
    printf("ROTATED %s\n", g_refresh);
    return 0;
}

static int seen(long long id)
{
    int i;
    for (i = 0; i < g_nseen; i++)
        if (g_seen_rev[i] == id) return 1;
    if (g_nseen < MAX_REVS) g_seen_rev[g_nseen++] = id;
    return 0;
}

static void upload_stamp(const char *file_name)
{
    struct http_req r;
    char body[256], put_url[400];

    req_init(&r, "POST");
    req_set_url(&r, EP_UPLOAD, (long long)g_company_id);
    req_add_header(&r, "Authorization: Bearer %s", g_access);
    req_add_header(&r, "Company-Id: %lld", (long long)g_company_id);
    req_add_header(&r, "Content-Type: application/json");
    snprintf(body, sizeof body, "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\"}", file_name);
    r.body = body;
    if (req_send(&r) != 201 || grab("\"url\":\"", put_url, sizeof put_url))
        return;
    /* presigned S3 style target, no Procore auth headers */
    req_init(&r, "PUT");
    snprintf(r.url, sizeof r.url, "%s", put_url);
    r.body = "";
    req_send(&r);
}

static void poll_once(void)
{
    struct http_req r;
    long areas[MAX_AREAS];
    int nareas = 0, a;
    char *p;
    struct rev rv;

    req_init(&r, "GET");
    req_set_url(&r, EP_AREAS, (long long)g_project_id);
    std_headers(&r, EP_AREAS);
    if (req_send(&r) != 200) return;
    for (p = rxbuf; (p = strstr(p, "{\"id\":")) && nareas < MAX_AREAS; p++) {
        long area = strtol(p + 6, NULL, 10);
        areas[nareas++] = area;
    }
    for (a = 0; a < nareas; a++) {
        req_init(&r, "GET");
        req_set_url(&r, EP_DRAWINGS, areas[a], (long long)g_project_id);
        std_headers(&r, EP_DRAWINGS);
        if (req_send(&r) != 200 || !(p = strstr(rxbuf, "{\"id\":")))
            continue;
        sscanf(p + 6, "%u", &rv.drawing_id);
        req_init(&r, "GET");
        req_set_url(&r, EP_REVS, (long long)g_project_id, rv.drawing_id);
        std_headers(&r, EP_REVS);
        if (req_send(&r) != 200 || !(p = strstr(rxbuf, "{\"id\":")))
            continue;
        rv.id = strtoll(p + 6, NULL, 10);
        if (seen(rv.id)) continue;
        rv.revision_number = (int)strtol(strstr(p, "\"revision_number\":\"") ? strstr(p, "\"revision_number\":\"") + 19 : "0", NULL, 10);
        if (grab("\"pdf_url\":\"", rv.pdf_url, sizeof rv.pdf_url) == 0)
            printf("PLOT %lld rev %d %s\n", rv.id, rv.revision_number, rv.pdf_url);
    }
}

int main(void)
{
    const char *rt = getenv("KIOSK_REFRESH_TOKEN");
    const char *cid = getenv("KIOSK_COMPANY_ID"), *pid = getenv("KIOSK_PROJECT_ID");

    if (!rt || !cid || !pid) { fprintf(stderr, "kiosk env incomplete\n"); return 1; }
    strncpy(g_refresh, rt, sizeof g_refresh - 1);
    g_company_id = strtoll(cid, NULL, 10);
    g_project_id = strtoll(pid, NULL, 10);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (;;) {
        if (oauth_refresh() == 0) {
            poll_once();
            if (access("/var/spool/kiosk/stamp.pdf", R_OK) == 0)
                upload_stamp("stamp.pdf");
        }
        sleep(POLL_SECONDS);
    }
    curl_global_cleanup();
    return 0;
}
