/* procache.c -- read-through cache in front of the Procore REST API for the
 * nightly direct-cost export.  Each GET is fingerprinted (FNV-1a over method,
 * URL and company id); a hit is revalidated with If-Modified-Since, a POST
 * drops every fingerprint of the collection it wrote to.  The access token is
 * cached on disk together with its expiry so cron runs don't refresh each time.
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PROCORE_API     "https://api.procore.com"
#define PROCORE_LOGIN   "https://login.procore.com"
#define TOKEN_INFO_URL  "https://api.procore.com/oauth/token/info"
#define TOKEN_CACHE     ".procache_token"
#define CACHE_SLOTS     256

struct buf {
    char *data;
    size_t len;
};

struct cache_entry {
    uint64_t fingerprint;
    char last_modified[64];
    char *body;
    time_t stored_at;
};

static struct cache_entry g_cache[CACHE_SLOTS];
static long long g_company_id;
static char g_token[512];
static time_t g_token_expiry;
static char g_last_modified[64];

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    b->data = p;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static size_t header_cb(char *line, size_t size, size_t nitems, void *userdata)
{
    size_t n = size * nitems;
    (void)userdata;
    if (n > 15 && strncasecmp(line, "Last-Modified:", 14) == 0) {
        size_t len = n - 15 < sizeof g_last_modified - 1 ? n - 15 : sizeof g_last_modified - 1;
        memcpy(g_last_modified, line + 15, len);
        g_last_modified[strcspn(g_last_modified, "\r\n")] = '\0';
    }
    return n;
}

static uint64_t fingerprint(const char *method, const char *url, long long company_id)
{
    char key[1024];
    uint64_t h = 1469598103934665603ULL;
    snprintf(key, sizeof key, "%s %s %lld", method, url, company_id);
    for (const char *c = key; *c; ++c) {
        h ^= (unsigned char)*c;
        h *= 1099511628211ULL;
    }
    return h;
}

static long long json_ll(const char *body, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = body ? strstr(body, pat) : NULL;
    return p ? strtoll(p + strlen(pat), NULL, 10) : 0;
}

static int load_cached_token(void)
{
    FILE *f = fopen(TOKEN_CACHE, "r");
    long long expiry = 0;
    if (!f)
        return 0;
    int ok = fscanf(f, "%511s %lld", g_token, &expiry) == 2;
    fclose(f);
    g_token_expiry = (time_t)expiry;
    return ok && g_token_expiry > time(NULL) + 60;
}

static int token_still_valid(void)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char auth[600];
    long code = 0;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_setopt(curl, CURLOPT_URL, TOKEN_INFO_URL);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK && code == 200;
}

static int refresh_token(const char *client_id, const char *secret, const char *refresh)
{
    CURL *curl = curl_easy_init();
    struct buf resp = {0};
    char form[1024];
    snprintf(form, sizeof form, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    curl_easy_setopt(curl, CURLOPT_URL, PROCORE_LOGIN "/oauth/token");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK || !resp.data)
        return 0;
    const char *at = strstr(resp.data, "\"access_token\":\"");
    if (at)
        sscanf(at + 16, "%511[^\"]", g_token);
    g_token_expiry = time(NULL) + (time_t)json_ll(resp.data, "expires_in");
    FILE *f = fopen(TOKEN_CACHE, "w");
    if (f) {
        fprintf(f, "%s %lld\n", g_token, (long long)g_token_expiry);
        fclose(f);
    }
    free(resp.data);
    return at != NULL;
}

/* cache-aside GET: every read in this tool goes through here */
static const char *get_or_fetch(const char *path)
{
    char url[512], auth[600], company[64], ims[96];
    snprintf(url, sizeof url, "%s%s", PROCORE_API, path);
    uint64_t fp = fingerprint("GET", url, g_company_id);
    struct cache_entry *e = &g_cache[fp % CACHE_SLOTS];
    struct curl_slist *hdrs = NULL;
    struct buf resp = {0};
    long code = 0;

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    snprintf(company, sizeof company, "Procore-Company-Id: %lld", g_company_id);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, company);
    if (e->fingerprint == fp && e->last_modified[0]) {
        snprintf(ims, sizeof ims, "If-Modified-Since: %s", e->last_modified);
        hdrs = curl_slist_append(hdrs, ims);
    }
    g_last_modified[0] = '\0';
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_cb);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);

    if (rc == CURLE_OK && code == 304 && e->fingerprint == fp) {
        free(resp.data);
        return e->body;
    }
    if (rc != CURLE_OK || code != 200) {
        free(resp.data);
        return e->fingerprint == fp ? e->body : NULL; /* serve stale on outage */
    }
    free(e->body);
    e->fingerprint = fp;
    e->body = resp.data;
    e->stored_at = time(NULL);
    snprintf(e->last_modified, sizeof e->last_modified, "%s", g_last_modified);
    return e->body;
}

/* write-through POST: send it, then forget the cached GET of the collection */
static int post_and_invalidate(const char *path, const char *json)
{
    char url[512], auth[600];
    snprintf(url, sizeof url, "%s%s", PROCORE_API, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    CURL *curl = curl_easy_init();
    long code = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);

    struct cache_entry *e = &g_cache[fingerprint("GET", url, g_company_id) % CACHE_SLOTS];
    free(e->body);
    memset(e, 0, sizeof *e);
    return rc == CURLE_OK && code < 300;
}

int main(int argc, char **argv)
{
    char path[256], payload[512];
    if (argc < 3 || !getenv("PROCORE_COMPANY_ID")) {
        fprintf(stderr, "usage: procache <project_id> <amount>  (PROCORE_COMPANY_ID must be set)\n");
        return 2;
    }
    g_company_id = strtoll(getenv("PROCORE_COMPANY_ID"), NULL, 10);
    long long project_id = strtoll(argv[1], NULL, 10);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    if (!load_cached_token() || !token_still_valid()) {
        if (!refresh_token(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
                           getenv("PROCORE_REFRESH_TOKEN"))) {
            fprintf(stderr, "token refresh failed, see https://support.procore.com/faq/oauth\n");
            return 1;
        }
    }

    snprintf(path, sizeof path, "/rest/v1.0/companies/%lld/vendors", g_company_id);
    const char *vendors = get_or_fetch(path);
    const char *first = vendors ? strstr(vendors, "\"id\":") : NULL;
    int vendor_id = first ? (int)strtol(first + 5, NULL, 10) : 0;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/direct_costs", project_id);
    snprintf(payload, sizeof payload,
             "{\"direct_cost\":{\"vendor_id\":%d,\"grand_total\":\"%s\",\"direct_cost_type\":\"invoice\"}}",
             vendor_id, argv[2]);
    if (!post_and_invalidate(path, payload))
        fprintf(stderr, "direct cost POST failed\n");

    const char *costs = get_or_fetch(path);
    printf("project=%ld company=%lld direct_costs_bytes=%zu\n", (long)project_id, g_company_id,
           costs ? strlen(costs) : (size_t)0);

    curl_global_cleanup();
    return 0;
}
