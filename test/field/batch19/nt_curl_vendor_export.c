/*
 * vendor_export.c - nightly dump of the company vendor directory to CSV.
 *
 * Runs headless on the integration box using a Developer Managed Service
 * Account (client_credentials grant).  Points at the developer sandbox
 * until accounting signs off on the column layout.
 *
 * env: PC_CLIENT_ID, PC_CLIENT_SECRET, PC_COMPANY_ID, SLACK_HOOK (optional)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#define LOGIN_BASE      "https://login-sandbox.procore.com"
#define API_BASE        "https://sandbox.procore.com"
#define TOKEN_PATH      "/oauth/token"
#define REST_PREFIX     "/rest/v1.0"
#define OUT_FILE        "/srv/exports/vendors.csv"
#define PAGE_SIZE       200

#define E_OK    0
#define E_NET   10
#define E_AUTH  11
#define E_DATA  12

static char g_buf[1 << 20];
static size_t g_len;
static char g_token[2048];
static char g_url[1024];
static char g_line[2200];
static struct curl_slist *g_hdrs = NULL;
static int64_t g_company_id;

static size_t sink(char *d, size_t s, size_t n, void *u)
{
    size_t k = s * n;
    (void)u;
    if (g_len + k >= sizeof(g_buf))
        k = sizeof(g_buf) - g_len - 1;
    memcpy(g_buf + g_len, d, k);
    g_len += k;
    g_buf[g_len] = '\0';
    return s * n;
}

static int perform(CURL *c, const char *url, const char *body, long *status)
{
    CURLcode cc;
    g_len = 0;
    g_buf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, g_hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    else
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    cc = curl_easy_perform(c);
    if (cc != CURLE_OK)
        return E_NET;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    return E_OK;
}

/* value right after "key": -- numbers only */
static const char *num_after(const char *s, const char *key)
{
    char k[48];
    const char *p;
    snprintf(k, sizeof(k), "\"%s\":", key);
    p = strstr(s, k);
    return p ? p + strlen(k) : NULL;
}

static void str_after(const char *s, const char *key, char *out, size_t max)
{
    char k[48];
    const char *p;
    size_t i = 0;
    snprintf(k, sizeof(k), "\"%s\":\"", key);
    out[0] = '\0';
    if ((p = strstr(s, k)) == NULL)
        return;
    p += strlen(k);
    while (*p && *p != '"' && i + 1 < max) {
        out[i++] = (*p == ',') ? ' ' : *p;
        p++;
    }
    out[i] = '\0';
}

static void set_headers(int with_company)
{
    curl_slist_free_all(g_hdrs);
    g_hdrs = NULL;
    snprintf(g_line, sizeof(g_line), "Authorization: Bearer %s", g_token);
    g_hdrs = curl_slist_append(g_hdrs, g_line);
    if (with_company) {
        snprintf(g_line, sizeof(g_line), "Procore-Company-Id: %" PRId64, g_company_id);
        g_hdrs = curl_slist_append(g_hdrs, g_line);
    }
}

static int get_token(CURL *c)
{
    char body[512];
    long st = 0;
    const char *id = getenv("PC_CLIENT_ID"), *sec = getenv("PC_CLIENT_SECRET");

    if (!id || !sec)
        return E_AUTH;
    curl_slist_free_all(g_hdrs);
    g_hdrs = NULL;
    snprintf(body, sizeof(body),
             "grant_type=client_credentials&client_id=%s&client_secret=%s", id, sec);
    if (perform(c, LOGIN_BASE TOKEN_PATH, body, &st) != E_OK || st != 200)
        return E_AUTH;
    str_after(g_buf, "access_token", g_token, sizeof(g_token));
    return g_token[0] ? E_OK : E_AUTH;
}

/* make sure the service account was actually added to the company */
static int check_company_access(CURL *c)
{
    long st = 0;
    char needle[64];

    set_headers(0);
    if (perform(c, API_BASE REST_PREFIX "/companies", NULL, &st) != E_OK || st != 200)
        return E_NET;
    snprintf(needle, sizeof(needle), "\"id\":%" PRId64 ",", g_company_id);
    return strstr(g_buf, needle) ? E_OK : E_AUTH;
}

static int log_identity(CURL *c)
{
    long st = 0;
    char login[160];
    set_headers(1);
    if (perform(c, API_BASE REST_PREFIX "/me", NULL, &st) != E_OK || st != 200)
        return E_NET;
    str_after(g_buf, "login", login, sizeof(login));
    fprintf(stderr, "vendor_export: service account %s\n", login);
    return E_OK;
}

static int export_vendors(CURL *c, FILE *out, int *n_written)
{
    int page = 1, got;
    long st = 0;
    const char *p, *v;
    char name[256], city[128];

    set_headers(1);
    fprintf(out, "vendor_id,name,city,created_by\n");
    do {
        snprintf(g_url, sizeof(g_url),
                 API_BASE REST_PREFIX "/vendors?company_id=%" PRId64 "&page=%d&per_page=%d",
                 g_company_id, page, PAGE_SIZE);
        if (perform(c, g_url, NULL, &st) != E_OK || st != 200)
            return E_NET;
        got = 0;
        for (p = strstr(g_buf, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
            int64_t vendor_id = strtoll(p + 6, NULL, 10);
            int32_t created_by = 0;
            str_after(p, "name", name, sizeof(name));
            str_after(p, "city", city, sizeof(city));
            if ((v = num_after(p, "created_by_id")) != NULL)
                created_by = (int32_t)strtol(v, NULL, 10);
            fprintf(out, "%" PRId64 ",%s,%s,%d\n", vendor_id, name, city, created_by);
            got++;
        }
        *n_written += got;
        page++;
    } while (got == PAGE_SIZE);
    return E_OK;
}

static void notify_slack(CURL *c, int count)
{
    const char *hook = getenv("SLACK_HOOK");
    char msg[256];
    long st = 0;
    if (!hook)
        return;
    curl_slist_free_all(g_hdrs);
    g_hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(msg, sizeof(msg), "{\"text\":\"vendor export done: %d rows\"}", count);
    perform(c, hook, msg, &st);
}

int main(void)
{
    CURL *c = NULL;
    FILE *out = NULL;
    const char *cid = getenv("PC_COMPANY_ID");
    int rc = E_OK, rows = 0;

    if (!cid) {
        fprintf(stderr, "vendor_export: PC_COMPANY_ID not set\n");
        return E_AUTH;
    }
    g_company_id = strtoll(cid, NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if ((c = curl_easy_init()) == NULL) {
        rc = E_NET;
        goto cleanup;
    }
    if ((rc = get_token(c)) != E_OK)
        goto cleanup;
    if ((rc = check_company_access(c)) != E_OK) {
        fprintf(stderr, "vendor_export: no access to company %s\n", cid);
        goto cleanup;
    }
    log_identity(c);

    if ((out = fopen(OUT_FILE, "w")) == NULL) {
        rc = E_DATA;
        goto cleanup;
    }
    rc = export_vendors(c, out, &rows);
    if (rc == E_OK)
        notify_slack(c, rows);

cleanup:
    if (out)
        fclose(out);
    curl_slist_free_all(g_hdrs);
    if (c)
        curl_easy_cleanup(c);
    curl_global_cleanup();
    return rc;
}
