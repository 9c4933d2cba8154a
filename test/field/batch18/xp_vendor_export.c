/*
 * vendor_export.c -- dump the company directory's vendors (optionally with
 * insurance expirations) as CSV for the accounting import.
 *
 *   PROCORE_ACCESS_TOKEN=... PROCORE_COMPANY_ID=... vendor_export [--insurance]
 *
 * The access token comes from `pcauth login` (authorization-code flow).
 */
#if !defined(USE_QT) && !defined(USE_CURL)
# define USE_CURL 1
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(USE_QT)
# include "qt_http_bridge.h"
#elif defined(USE_CURL)
# include <curl/curl.h>
#else
# include "winhttp_shim.h"
#endif

#ifdef _WIN32
# define snprintf _snprintf
# define strcasecmp _stricmp
typedef __int64 pc_id_t;
# define ID_FMT "%I64d"
#else
# include <strings.h>
typedef long pc_id_t;            /* long is 64-bit on every box we ship to */
# define ID_FMT "%ld"
#endif

#define XLOG(fmt, ...) fprintf(stderr, "%s:%d " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__)

#define PC_API_DEFAULT     "https://app.procore.com"
#define NOTIFY_URL_DEFAULT "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"
#define PER_PAGE           100
#define MAX_VENDORS        4000

struct membuf { char *p; size_t n; };

typedef struct {
    pc_id_t id;
    char name[160];
} vendor_t;

static struct {
    const char *api;
    const char *token;
    const char *notify_url;
    pc_id_t company_id;
} cfg;

static size_t sink(void *data, size_t sz, size_t nm, void *ud)
{
    struct membuf *m = (struct membuf *)ud;
    size_t k = sz * nm;
    char *np = (char *)realloc(m->p, m->n + k + 1);
    if (!np) return 0;
    m->p = np;
    memcpy(m->p + m->n, data, k);
    m->n += k;
    m->p[m->n] = 0;
    return k;
}

/* GET url; `company_hdr` is a full header line or NULL. Caller frees. */
static char *pc_get(const char *url, const char *company_hdr, long *status)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    struct membuf m = { NULL, 0 };
    char auth[600];

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg.token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Accept: application/json");
    if (company_hdr) h = curl_slist_append(h, company_hdr);

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &m);
    if (curl_easy_perform(c) != CURLE_OK) {
        XLOG("transport error on %s", url);
        free(m.p);
        m.p = NULL;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return m.p;
}

static const char *json_str(const char *from, const char *key, char *out, size_t cap)
{
    char pat[48];
    const char *s, *e;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!(s = strstr(from, pat))) { out[0] = 0; return NULL; }
    s += strlen(pat);
    e = strchr(s, '"');
    snprintf(out, cap, "%.*s", (int)(e - s), s);
    return e;
}

static int member_of_company(void)
{
    long st = 0;
    char url[256], needle[64];
    char *body;
    int ok;

    snprintf(url, sizeof url, "%s/rest/v1.0/companies", cfg.api);
    body = pc_get(url, NULL, &st);
    if (!body || st != 200) { free(body); return 0; }
    snprintf(needle, sizeof needle, "\"id\":" ID_FMT ",", cfg.company_id);
    ok = strstr(body, needle) != NULL;
    free(body);
    return ok;
}

static int fetch_vendors(vendor_t *out, int max)
{
    char url[512], hdr[64];
    int page, count = 0;

    snprintf(hdr, sizeof hdr, "Procore-Company-Id: " ID_FMT, cfg.company_id);
    for (page = 1; count < max; ++page) {
        long st = 0;
        int got = 0;
        const char *cur;
        char *body;

        snprintf(url, sizeof url, "%s/rest/v1.0/vendors?company_id=" ID_FMT "&page=%d&per_page=%d",
                 cfg.api, cfg.company_id, page, PER_PAGE);
        body = pc_get(url, hdr, &st);
        if (!body || st != 200) { XLOG("vendors page %d: HTTP %ld", page, st); free(body); break; }
        for (cur = body; (cur = strstr(cur, "{\"id\":")) && count < max; ++got) {
            vendor_t *v = &out[count++];
            v->id = strtol(cur + 6, NULL, 10);
            cur = json_str(cur, "name", v->name, sizeof v->name);
            if (!cur) break;
        }
        free(body);
        if (got < PER_PAGE) break;
    }
    return count;
}

static void print_insurance(const vendor_t *v)
{
    char url[512], exp[32];
    long st = 0;
    char *body;

    snprintf(url, sizeof url, "%s/rest/v1.0/vendors/" ID_FMT "/insurances?company_id=" ID_FMT,
             cfg.api, v->id, cfg.company_id);
    body = pc_get(url, NULL, &st);
    if (!body || st != 200) { printf(",\n"); free(body); return; }
    json_str(body, "expiration_date", exp, sizeof exp);
    printf(",%s\n", exp);
    free(body);
}

static void notify(int exported)
{
    CURL *c = curl_easy_init();
    char payload[128];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

    snprintf(payload, sizeof payload, "{\"text\":\"vendor export finished: %d vendors\"}", exported);
    curl_easy_setopt(c, CURLOPT_URL, cfg.notify_url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    static vendor_t vendors[MAX_VENDORS];
    const char *env;
    int i, n, with_ins = argc > 1 && strcasecmp(argv[1], "--insurance") == 0;

    cfg.api        = (env = getenv("PROCORE_API")) ? env : PC_API_DEFAULT;
    cfg.notify_url = (env = getenv("EXPORT_NOTIFY_URL")) ? env : NOTIFY_URL_DEFAULT;
    cfg.token      = getenv("PROCORE_ACCESS_TOKEN");
    if (!cfg.token || !(env = getenv("PROCORE_COMPANY_ID"))) {
        XLOG("PROCORE_ACCESS_TOKEN and PROCORE_COMPANY_ID are required");
        return 2;
    }
    cfg.company_id = atoi(env);

    curl_global_init(CURL_GLOBAL_ALL);
    if (!member_of_company()) {
        XLOG("token has no access to company " ID_FMT, cfg.company_id);
        return 1;
    }
    n = fetch_vendors(vendors, MAX_VENDORS);
    printf(with_ins ? "vendor_id,name,insurance_expires\n" : "vendor_id,name\n");
    for (i = 0; i < n; ++i) {
        printf(ID_FMT ",\"%s\"", vendors[i].id, vendors[i].name);
        if (with_ins) print_insurance(&vendors[i]);
        else putchar('\n');
    }
    notify(n);
    curl_global_cleanup();
    return 0;
}
