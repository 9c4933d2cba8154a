/*
 * submittal_bridge.c -- fab shop MES <-> Procore submittal bridge
 *
 * Approved steel shop-drawing submittals are released to the MES cut list;
 * when the MES reports a fabrication hold we flag the submittal back in
 * Procore. Access token is dropped in TOKEN_PATH by the shop SSO agent.
 * Target: developer sandbox (pilot line 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#define API_BASE     "https://sandbox.procore.com"
#define REVOKE_URL   "https://login-sandbox.procore.com/oauth/revoke"
#define MES_BASE     "http://10.20.0.15"
#define MES_PORT     8081
#define TOKEN_PATH   "/run/shop-sso/procore.token"
#define MAX_SUB      128

typedef struct {
    const char *method;
    const char *path_fmt;
    int needs_company;
} endpoint_t;

static const endpoint_t ENDPOINTS[] = {
    /* 0 */ { "GET",   "/rest/v1.0/me",                                      0 },
    /* 1 */ { "GET",   "/rest/v1.1/projects/%lld/submittals?page=%d&per_page=50", 1 },
    /* 2 */ { "GET",   "/vapid/projects/%lld/submittals/%lld/attachments",   0 },
    /* 3 */ { "PATCH", "/rest/v1.1/projects/%lld/submittals/%lld",           1 },
    /* 4 */ { "GET",   "/rest/v1.0/projects/%lld/specification_sections",    1 },
};

struct http_req {
    const char *method;
    char url[512];
    char hdrs[8][160];
    int nhdrs;
    char body[512];
};

struct submittal {
    int64_t id;
    uint32_t spec_section_id;
    int revision;
    int attachments;
    char number[24];
};

static struct submittal g_sub[MAX_SUB];
static int g_nsub;
static int64_t g_company, g_project, g_me;
static char g_tok[512];
static char g_rx[1 << 17];
static size_t g_rxn;

static size_t rx_write(char *d, size_t s, size_t n, void *u)
{
    size_t k = s * n;
    (void)u;
    if (g_rxn + k > sizeof g_rx - 1)
        k = sizeof g_rx - 1 - g_rxn;
    memcpy(g_rx + g_rxn, d, k);
    g_rxn += k;
    g_rx[g_rxn] = 0;
    return s * n;
}

static void req_init(struct http_req *r, const char *method)
{
    memset(r, 0, sizeof *r);
    r->method = method;
}

static void req_add_header(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    if (r->nhdrs >= 8)
        return;
    va_start(ap, fmt);
    vsnprintf(r->hdrs[r->nhdrs], sizeof r->hdrs[0], fmt, ap);
    va_end(ap);
    r->nhdrs++;
}

static void req_set_url(struct http_req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->url, sizeof r->url, fmt, ap);
    va_end(ap);
}

static long req_send(struct http_req *r)
{
    CURL *h;
    struct curl_slist *sl = NULL;
    long code = -1;
    int i;

    h = curl_easy_init();
    if (!h)
        goto cleanup;
    g_rxn = 0;
    for (i = 0; i < r->nhdrs; i++)
        sl = curl_slist_append(sl, r->hdrs[i]);
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, sl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, rx_write);
    if (r->body[0])
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
    if (curl_easy_perform(h) != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
cleanup:
    curl_slist_free_all(sl);
    if (h)
        curl_easy_cleanup(h);
    return code;
}

/* build a Procore request from the endpoint table */
static long procore(int ep, const char *body, ...)
{
    struct http_req r;
    char path[256];
    va_list ap;

    req_init(&r, ENDPOINTS[ep].method);
    va_start(ap, body);
    vsnprintf(path, sizeof path, ENDPOINTS[ep].path_fmt, ap);
    va_end(ap);
    req_set_url(&r, "%s%s", API_BASE, path);
    req_add_header(&r, "Authorization: Bearer %s", g_tok);
    if (ENDPOINTS[ep].needs_company)
        req_add_header(&r, "Procore-Company-Id: %" PRId64, g_company);
    if (body) {
        req_add_header(&r, "Content-Type: application/json");
        snprintf(r.body, sizeof r.body, "%s", body);
    }
    return req_send(&r);
}

static long mes_post(const char *what, const char *json)
{
    struct http_req r;
    req_init(&r, "POST");
    req_set_url(&r, "%s:%d/mes/api/%s", MES_BASE, MES_PORT, what);
    req_add_header(&r, "Content-Type: application/json");
    req_add_header(&r, "X-Station: LINE2");
    snprintf(r.body, sizeof r.body, "%s", json);
    return req_send(&r);
}

static int load_submittals(void)
{
    int page;
    char *p, *q;

    for (page = 1; page <= 10; page++) {
        if (procore(1, NULL, (long long)g_project, page) != 200)
            return -1;
        if (!strstr(g_rx, "{\"id\":"))
            break;
        for (p = g_rx; (p = strstr(p, "{\"id\":")) && g_nsub < MAX_SUB; p += 6) {
            struct submittal *s = &g_sub[g_nsub];
            s->id = strtoll(p + 6, NULL, 10);
            q = strstr(p, "\"specification_section\":{\"id\":");
            if (q)
                sscanf(q + 31, "%u", &s->spec_section_id);
            q = strstr(p, "\"revision\":\"");
            s->revision = q ? atoi(q + 12) : 0;
            q = strstr(p, "\"number\":\"");
            if (q)
                sscanf(q + 10, "%23[^\"]", s->number);
            if (strstr(p, "\"name\":\"Approved\"") && strstr(p, "\"name\":\"Approved\"") < strstr(p + 6, "{\"id\":"))
                g_nsub++;
        }
    }
    return g_nsub;
}

int main(int argc, char **argv)
{
    char json[400];
    FILE *tf;
    char *p;
    int i;

    if (argc < 3) {
        fprintf(stderr, "usage: %s <company_id> <project_id>\n", argv[0]);
        return 2;
    }
    g_company = strtoll(argv[1], NULL, 10);
    g_project = strtoll(argv[2], NULL, 10);
    tf = fopen(TOKEN_PATH, "r");
    if (!tf || !fgets(g_tok, sizeof g_tok, tf)) {
        fprintf(stderr, "no token in %s\n", TOKEN_PATH);
        return 1;
    }
    fclose(tf);
    g_tok[strcspn(g_tok, "\r\n")] = 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (procore(0, NULL) == 200 && (p = strstr(g_rx, "\"id\":")))
        sscanf(p + 5, "%" SCNd64, &g_me);
    if (load_submittals() < 0)
        goto out;
    procore(4, NULL, (long long)g_project);

    for (i = 0; i < g_nsub; i++) {
        struct submittal *s = &g_sub[i];
        if (procore(2, NULL, (long long)g_project, (long long)s->id) == 200)
            for (p = g_rx, s->attachments = 0; (p = strstr(p, "\"url\":")); p++)
                s->attachments++;
        snprintf(json, sizeof json,
                 "{\"submittal\":\"%s\",\"rev\":%d,\"spec\":%u,\"files\":%d,\"released_by\":%" PRId64 "}",
                 s->number, s->revision, s->spec_section_id, s->attachments, g_me);
        if (mes_post("cutlist/release", json) == 409) {
            snprintf(json, sizeof json, "{\"submittal\":{\"private\":true,\"description\":\"MES hold rev %d\"}}",
                     s->revision);
            procore(3, json, (long long)g_project, (long long)s->id);
        }
    }
out:
    snprintf(json, sizeof json, "token=%s", g_tok);
    {
        struct http_req r;
        req_init(&r, "POST");
        req_set_url(&r, "%s", REVOKE_URL);
        snprintf(r.body, sizeof r.body, "%s&client_id=%s", json, getenv("SHOP_CLIENT_ID") ? getenv("SHOP_CLIENT_ID") : "");
        req_send(&r);
    }
    curl_global_cleanup();
    return 0;
}
