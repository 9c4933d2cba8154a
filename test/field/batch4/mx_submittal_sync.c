/*
 * mx_submittal_sync.c - nightly submittal status sync for the field office
 * dashboards.  Pulls the submittal log of one project, flags items whose
 * ball-in-court is empty, and pushes a summary to the internal dashboard.
 *
 *   cc -std=c99 -O2 -o submittal_sync mx_submittal_sync.c -lcurl
 *   PROCORE_REFRESH_TOKEN=... submittal_sync <company_id> <project_id>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#if defined(USE_SANDBOX)
#define LOGIN_HOST "https://login-sandbox.procore.com"
#define API_HOST   "https://sandbox.procore.com"
#else
#define LOGIN_HOST "https://login.procore.com"
#define API_HOST   "https://api.procore.com"
#endif

#define WEB_HOST        "https://app.procore.com"
#define DASHBOARD_HOST  "http://dashboards.fieldops.internal"
#define DASHBOARD_PORT  8080

#define HDR_AUTH     "Authorization: Bearer "
#define HDR_COMPANY  "Procore-Company-Id: "
#define HDR_JSON     "Content-Type: application/json"

#define URL_MAX   512
#define HDR_MAX   1100
#define MAX_SUBMITTALS 512

typedef int64_t  procore_id_t;
typedef uint32_t spec_section_id_t;

/*  name               method   path                                                  company */
#define PROCORE_ENDPOINTS(X) \
    X(ME,               "GET",   "/rest/v1.0/me",                                          0) \
    X(PROJECTS,         "GET",   "/rest/v1.0/projects?company_id=%" PRId64,                1) \
    X(SUBMITTALS,       "GET",   "/rest/v1.0/projects/%" PRId64 "/submittals",             0) \
    X(SUBMITTAL_UPDATE, "PATCH", "/rest/v1.0/projects/%" PRId64 "/submittals/%" PRId64,    1) \
    X(SPEC_SECTIONS,    "GET",   "/rest/v1.0/specification_sections?project_id=%" PRId64,  1)

#define EP_ENUM(name, method, path, company) EP_##name,
typedef enum { PROCORE_ENDPOINTS(EP_ENUM) EP_COUNT } endpoint_t;
#undef EP_ENUM

typedef struct {
    const char *method;
    const char *url_fmt;
    int         needs_company;
} endpoint_desc_t;

#define EP_DESC(name, method, path, company) { method, API_HOST path, company },
static const endpoint_desc_t g_endpoints[EP_COUNT] = { PROCORE_ENDPOINTS(EP_DESC) };
#undef EP_DESC

typedef struct {
    procore_id_t      id;
    char              number[32];
    char              status[32];
    spec_section_id_t spec_section_id;
    int               has_ball_in_court;
} submittal_t;

typedef struct { char *data; size_t len; } buf_t;

static char         g_token[1024];
static procore_id_t g_company_id;

#define SETOPT(h, opt, val)                                              \
    do {                                                                 \
        if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK) {           \
            fprintf(stderr, "curl_easy_setopt(%s) failed\n", #opt);      \
            return -1;                                                   \
        }                                                                \
    } while (0)

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    buf_t *b = (buf_t *)userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p) return 0;
    memcpy(p + b->len, ptr, n);
    b->data = p;
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* Sends one table endpoint; varargs fill the path format. */
static long send_endpoint(CURL *h, endpoint_t ep, const char *body, buf_t *out, ...)
{
    const endpoint_desc_t *d = &g_endpoints[ep];
    char url[URL_MAX], auth[HDR_MAX], company[HDR_MAX];
    struct curl_slist *hdrs = NULL;
    long status = 0;
    va_list ap;

    va_start(ap, out);
    vsnprintf(url, sizeof url, d->url_fmt, ap);
    va_end(ap);

    snprintf(auth, sizeof auth, HDR_AUTH "%s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    if (d->needs_company) {
        snprintf(company, sizeof company, HDR_COMPANY "%" PRId64, g_company_id);
        hdrs = curl_slist_append(hdrs, company);
    }
    if (body) hdrs = curl_slist_append(hdrs, HDR_JSON);

    curl_easy_reset(h);
    SETOPT(h, CURLOPT_URL, url);
    SETOPT(h, CURLOPT_CUSTOMREQUEST, d->method);
    SETOPT(h, CURLOPT_HTTPHEADER, hdrs);
    SETOPT(h, CURLOPT_WRITEFUNCTION, on_write);
    SETOPT(h, CURLOPT_WRITEDATA, out);
    if (body) SETOPT(h, CURLOPT_POSTFIELDS, body);

    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

static int refresh_token(CURL *h, const char *refresh, const char *client_id, const char *secret)
{
    char form[2048];
    buf_t out = {0};
    long status = 0;
    char *p, *q;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             refresh, client_id, secret);
    curl_easy_reset(h);
    SETOPT(h, CURLOPT_URL, LOGIN_HOST "/oauth/token");
    SETOPT(h, CURLOPT_POSTFIELDS, form);
    SETOPT(h, CURLOPT_WRITEFUNCTION, on_write);
    SETOPT(h, CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(h) != CURLE_OK) return -1;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 || !out.data || !(p = strstr(out.data, "\"access_token\":\""))) {
        free(out.data);
        return -1;
    }
    p += strlen("\"access_token\":\"");
    q = strchr(p, '"');
    if (!q || (size_t)(q - p) >= sizeof g_token) { free(out.data); return -1; }
    memcpy(g_token, p, (size_t)(q - p));
    g_token[q - p] = '\0';
    free(out.data);
    return 0;
}

/* Crude scan: the submittal list is an array of flat-ish objects. */
static int parse_submittals(const char *json, submittal_t *out, int max)
{
    const char *p = json;
    int n = 0;

    while (n < max && (p = strstr(p, "{\"id\":")) != NULL) {
        submittal_t *s = &out[n];
        const char *next = strstr(p + 1, "{\"id\":");
        const char *f;

        memset(s, 0, sizeof *s);
        s->id = strtoll(p + 6, NULL, 10);
        if ((f = strstr(p, "\"number\":\"")) && (!next || f < next))
            sscanf(f + 10, "%31[^\"]", s->number);
        if ((f = strstr(p, "\"status\":{")) && (!next || f < next) && (f = strstr(f, "\"name\":\"")))
            sscanf(f + 8, "%31[^\"]", s->status);
        if ((f = strstr(p, "\"specification_section\":{\"id\":")) && (!next || f < next))
            s->spec_section_id = (spec_section_id_t)strtoul(f + 31, NULL, 10);
        f = strstr(p, "\"ball_in_court\":[");
        s->has_ball_in_court = f && (!next || f < next) && f[17] != ']';
        n++;
        p = next ? next : p + 1;
        if (!next) break;
    }
    return n;
}

int main(int argc, char **argv)
{
    static submittal_t subs[MAX_SUBMITTALS];
    buf_t me = {0}, projects = {0}, list = {0}, sections = {0}, dash = {0};
    procore_id_t project_id;
    int count, i, stale = 0, page = 1;
    char payload[4096];
    CURL *h;

    if (argc < 3) {
        fprintf(stderr, "usage: %s <company_id> <project_id>\n", argv[0]);
        return 2;
    }
    g_company_id = atoi(argv[1]);
    project_id   = strtoll(argv[2], NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    h = curl_easy_init();
    if (!h || refresh_token(h, getenv("PROCORE_REFRESH_TOKEN"),
                            getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET")) != 0) {
        fprintf(stderr, "auth failed\n");
        return 1;
    }

    if (send_endpoint(h, EP_ME, NULL, &me) != 200) {
        fprintf(stderr, "token rejected\n");
        return 1;
    }
    if (send_endpoint(h, EP_PROJECTS, NULL, &projects, g_company_id) != 200)
        fprintf(stderr, "warning: project list unavailable (page %d)\n", page);

    if (send_endpoint(h, EP_SUBMITTALS, NULL, &list, project_id) != 200 || !list.data) {
        fprintf(stderr, "submittal list failed\n");
        return 1;
    }
    count = parse_submittals(list.data, subs, MAX_SUBMITTALS);
    send_endpoint(h, EP_SPEC_SECTIONS, NULL, &sections, project_id);

    for (i = 0; i < count; i++) {
        submittal_t *s = &subs[i];
        if (strcmp(s->status, "Open") != 0 || s->has_ball_in_court)
            continue;
        stale++;
        printf("submittal %d (%s) has no ball-in-court, section %u\n",
               (int)s->id, s->number, s->spec_section_id);
        printf("  review: " WEB_HOST "/%" PRId64 "/project/submittal_logs/%" PRId64 "\n",
               project_id, s->id);
        {
            buf_t resp = {0};
            const char *body = "{\"submittal\":{\"private\":false}}";
            if (send_endpoint(h, EP_SUBMITTAL_UPDATE, body, &resp, project_id, s->id) >= 300)
                fprintf(stderr, "  update failed for %" PRId64 "\n", s->id);
            free(resp.data);
        }
    }

    snprintf(payload, sizeof payload,
             "{\"project_id\":%" PRId64 ",\"submittals\":%d,\"stale\":%d}",
             project_id, count, stale);
    {
        char url[URL_MAX];
        struct curl_slist *hdrs = curl_slist_append(NULL, HDR_JSON);
        snprintf(url, sizeof url, DASHBOARD_HOST ":%d/api/ingest/submittals", DASHBOARD_PORT);
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &dash);
        curl_easy_perform(h);
        curl_slist_free_all(hdrs);
    }

    free(me.data); free(projects.data); free(list.data); free(sections.data); free(dash.data);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return 0;
}
