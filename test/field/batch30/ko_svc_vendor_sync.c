/*
 * svc_vendor_sync.c -- nightly vendor master sync, plant ERP -> Procore
 *
 * Uses a Developer Managed Service Account (client credentials), so there is
 * no user token to refresh: we ask for a fresh access token every run.
 * Target is the developer sandbox until the cut-over is signed off.
 *
 * Build: cc -std=gnu99 -o svc_vendor_sync svc_vendor_sync.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <curl/curl.h>

#define API_BASE   "https://sandbox.procore.com"
#define AUTH_BASE  "https://sandbox.procore.com"
#define ERP_HOST   "erp-gw.plant.local"
#define ERP_PORT   8080
#define CFG_PATH   "/etc/vendor_sync.conf"
#define MAX_VEND   256

enum { EP_COMPANIES, EP_VENDORS, EP_VENDOR_NEW, EP_VENDOR_UPD, EP_NUM };

static const struct {
    const char *method;
    const char *path_fmt;
    int needs_company;
} ENDPOINTS[EP_NUM] = {
    [EP_COMPANIES]  = { "GET",   "/rest/v1.0/companies",                      0 },
    [EP_VENDORS]    = { "GET",   "/rest/v1.0/vendors?company_id=%lld&page=%d", 1 },
    [EP_VENDOR_NEW] = { "POST",  "/rest/v1.0/vendors?company_id=%lld",        1 },
    [EP_VENDOR_UPD] = { "PATCH", "/rest/v1.0/vendors/%lu?company_id=%lld",    1 },
};

struct http_req {
    char method[8];
    char url[512];
    char hdrs[8][160];
    int nhdrs;
    char body[1024];
};

struct vendor {
    uint32_t procore_id;
    int erp_no;
    char name[80];
    char phone[32];
};

static struct vendor g_vend[MAX_VEND];
static int g_nvend;
static long long g_company_id;
static char g_token[512];
static char g_rx[131072];
static size_t g_rxlen;

static size_t rx_cb(char *d, size_t s, size_t n, void *u)
{
    size_t len = s * n, room = sizeof(g_rx) - 1 - g_rxlen;
    (void)u;
    if (len > room)
        len = room;
    memcpy(g_rx + g_rxlen, d, len);
    g_rxlen += len;
    g_rx[g_rxlen] = 0;
    return s * n;
}

static void req_init(struct http_req *r, const char *method)
{
    memset(r, 0, sizeof(*r));
    strncpy(r->method, method, sizeof(r->method) - 1);
}

static void req_add_header(struct http_req *r, const char *name, const char *val)
{
    if (r->nhdrs < 8)
        snprintf(r->hdrs[r->nhdrs++], sizeof(r->hdrs[0]), "%s: %s", name, val);
}

static void req_set_url(struct http_req *r, const char *base, int ep, ...)
{
    va_list ap;
    int n = snprintf(r->url, sizeof(r->url), "%s", base);
    va_start(ap, ep);
    vsnprintf(r->url + n, sizeof(r->url) - (size_t)n, ENDPOINTS[ep].path_fmt, ap);
    va_end(ap);
}

static long req_send(const struct http_req *r)
{
    struct curl_slist *sl = NULL;
    long code = 0;
    CURLcode cc;
    int i;
    CURL *h = curl_easy_init();

    if (!h)
        return -1;
    g_rxlen = 0;
    g_rx[0] = 0;
    for (i = 0; i < r->nhdrs; i++)
        sl = curl_slist_append(sl, r->hdrs[i]);
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, sl);
    if (r->body[0])
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, rx_cb);
    cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        fprintf(stderr, "curl: %s (%s)\n", curl_easy_strerror(cc), r->url);
        code = -1;
        goto cleanup;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
cleanup:
    curl_slist_free_all(sl);
    curl_easy_cleanup(h);
    return code;
}

static void req_auth(struct http_req *r, int ep)
{
    char v[32];
    char b[600];
    snprintf(b, sizeof(b), "Bearer %s", g_token);
    req_add_header(r, "Authorization", b);
    req_add_header(r, "Content-Type", "application/json");
    if (ENDPOINTS[ep].needs_company) {
        snprintf(v, sizeof(v), "%lld", g_company_id);
        req_add_header(r, "Procore-Company-Id", v);
    }
}

static int get_token(const char *cid, const char *secret)
{
    struct http_req r;
    char *p, *e;

    req_init(&r, "POST");
    snprintf(r.url, sizeof(r.url), "%s/oauth/token", AUTH_BASE);
    req_add_header(&r, "Content-Type", "application/x-www-form-urlencoded");
    snprintf(r.body, sizeof(r.body),
             "grant_type=client_credentials&client_id=%s&client_secret=%s", cid, secret);
    if (req_send(&r) != 200)
        return -1;
    p = strstr(g_rx, "\"access_token\":\"");
    if (!p)
        return -1;
    p += 16;
    e = strchr(p, '"');
    if (!e || e - p >= (long)sizeof(g_token))
        return -1;
    memcpy(g_token, p, (size_t)(e - p));
    g_token[e - p] = 0;
    return 0;
}

static int load_erp(void)
{
    struct http_req r;
    char *p;

    req_init(&r, "GET");
    snprintf(r.url, sizeof(r.url), "http://%s:%d/api/vendors?active=1", ERP_HOST, ERP_PORT);
    req_add_header(&r, "Accept", "application/json");
    if (req_send(&r) != 200)
        return -1;
    for (p = g_rx; (p = strstr(p, "\"vendor_no\":")) && g_nvend < MAX_VEND; p++) {
        struct vendor *v = &g_vend[g_nvend];
        v->erp_no = (int)strtol(p + 12, NULL, 10);
        if (sscanf(strstr(p, "\"name\":\"") + 8, "%79[^\"]", v->name) != 1)
            continue;
        v->procore_id = 0;
        g_nvend++;
    }
    return g_nvend;
}

static void match_procore(void)
{
    struct http_req r;
    int page, i;
    char *p, *q;

    for (page = 1; page < 50; page++) {
        req_init(&r, "GET");
        req_set_url(&r, API_BASE, EP_VENDORS, g_company_id, page);
        req_auth(&r, EP_VENDORS);
        if (req_send(&r) != 200 || strcmp(g_rx, "[]") == 0)
            break;
        for (p = g_rx; (p = strstr(p, "{\"id\":")) != NULL; p++) {
            unsigned long id = strtoul(p + 6, &q, 10);
            for (i = 0; i < g_nvend; i++)
                if (strstr(q, g_vend[i].name) == q + 9)
                    g_vend[i].procore_id = (uint32_t)id;
        }
    }
}

int main(void)
{
    struct http_req r;
    char cid[96] = "", sec[128] = "", line[256];
    FILE *f = fopen(CFG_PATH, "r");
    int i, created = 0, updated = 0;

    if (!f)
        return 1;
    while (fgets(line, sizeof(line), f)) {
        sscanf(line, "client_id=%95s", cid);
        sscanf(line, "client_secret=%127s", sec);
        sscanf(line, "company_id=%lld", &g_company_id);
    }
    fclose(f);
    curl_global_init(CURL_GLOBAL_ALL);
    if (get_token(cid, sec) != 0)
        goto out;

    req_init(&r, "GET");
    req_set_url(&r, API_BASE, EP_COMPANIES);
    req_auth(&r, EP_COMPANIES);
    if (req_send(&r) != 200 || !strstr(g_rx, "\"is_active\":true"))
        goto out;

    if (load_erp() <= 0)
        goto out;
    match_procore();

    for (i = 0; i < g_nvend; i++) {
        struct vendor *v = &g_vend[i];
        if (v->procore_id == 0) {
            req_init(&r, "POST");
            req_set_url(&r, API_BASE, EP_VENDOR_NEW, g_company_id);
            snprintf(r.body, sizeof(r.body),
                     "{\"vendor\":{\"name\":\"%s\",\"origin_id\":\"ERP-%d\"}}", v->name, v->erp_no);
            req_auth(&r, EP_VENDOR_NEW);
            if (req_send(&r) == 201)
                created++;
        } else {
            req_init(&r, "PATCH");
            req_set_url(&r, API_BASE, EP_VENDOR_UPD, (unsigned long)v->procore_id, g_company_id);
            snprintf(r.body, sizeof(r.body),
                     "{\"vendor\":{\"origin_id\":\"ERP-%d\"}}", v->erp_no);
            req_auth(&r, EP_VENDOR_UPD);
            if (req_send(&r) == 200)
                updated++;
        }
    }
    printf("vendors: %d erp, %d created, %d updated\n", g_nvend, created, updated);
out:
    curl_global_cleanup();
    return 0;
}
