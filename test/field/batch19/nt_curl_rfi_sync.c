/*
 * rfisync.c - pull open RFIs from Procore into the local spool directory
 *
 * Originally written against the old vapid endpoints, moved to /rest/v1.0
 * when those were turned off.  Run from cron every 15 minutes.
 *
 * usage: rfisync <company_id> <project_id> <token_file>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#define API_HOST        "https://api.procore.com"
#define API_ROOT        API_HOST "/rest/v1.0"
#define WEB_HOST        "https://app.procore.com"
#define HDR_AUTH        "Authorization: Bearer "
#define HDR_COMPANY     "Procore-Company-Id: "
#define SPOOL_DIR       "/var/spool/rfisync"
#define MAX_BODY        (512 * 1024)
#define PER_PAGE        100

#define ERR_OK          0
#define ERR_CURL        -1
#define ERR_HTTP        -2
#define ERR_PARSE       -3
#define ERR_IO          -4

static char g_body[MAX_BODY];
static size_t g_body_len;
static char g_url[1024];
static char g_hdr[600];
static char g_token[512];
static struct curl_slist *g_headers = NULL;
static CURL *g_curl = NULL;

static long long g_company_id;
static long g_project_id;

static size_t write_cb(void *ptr, size_t size, size_t nmemb, void *ud)
{
    size_t n = size * nmemb;
    (void)ud;
    if (g_body_len + n >= MAX_BODY)
        n = MAX_BODY - g_body_len - 1;
    memcpy(g_body + g_body_len, ptr, n);
    g_body_len += n;
    g_body[g_body_len] = '\0';
    return size * nmemb;
}

/* (re)build the shared header list */
static void build_headers(int with_company)
{
    if (g_headers) {
        curl_slist_free_all(g_headers);
        g_headers = NULL;
    }
    sprintf(g_hdr, HDR_AUTH "%s", g_token);
    g_headers = curl_slist_append(g_headers, g_hdr);
    g_headers = curl_slist_append(g_headers, "Accept: application/json");
    if (with_company) {
        sprintf(g_hdr, HDR_COMPANY "%lld", g_company_id);
        g_headers = curl_slist_append(g_headers, g_hdr);
    }
}

static int do_get(const char *url)
{
    CURLcode rc;
    long status = 0;

    g_body_len = 0;
    g_body[0] = '\0';
    curl_easy_reset(g_curl);
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, g_headers);
    curl_easy_setopt(g_curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(g_curl, CURLOPT_TIMEOUT, 60L);
    rc = curl_easy_perform(g_curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "rfisync: %s: %s\n", url, curl_easy_strerror(rc));
        return ERR_CURL;
    }
    curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        fprintf(stderr, "rfisync: %s: HTTP %ld\n", url, status);
        return ERR_HTTP;
    }
    return ERR_OK;
}

/* copy the string value of "key" into out; 0 on success */
static int json_str(const char *s, const char *key, char *out, size_t outlen)
{
    char pat[64];
    const char *p, *e;
    size_t n;

    sprintf(pat, "\"%s\":\"", key);
    p = strstr(s, pat);
    if (!p)
        return ERR_PARSE;
    p += strlen(pat);
    e = strchr(p, '"');
    if (!e)
        return ERR_PARSE;
    n = (size_t)(e - p);
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return ERR_OK;
}

static int read_token(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ERR_IO;
    if (!fgets(g_token, sizeof(g_token), fp)) {
        fclose(fp);
        return ERR_IO;
    }
    fclose(fp);
    g_token[strcspn(g_token, "\r\n")] = '\0';
    return ERR_OK;
}

/* who am I -- logged only, so ops can see which account cron runs as */
static int log_whoami(void)
{
    char login[128];
    build_headers(0);
    if (do_get(API_ROOT "/me") != ERR_OK)
        return ERR_HTTP;
    if (json_str(g_body, "login", login, sizeof(login)) == ERR_OK)
        fprintf(stderr, "rfisync: running as %s\n", login);
    return ERR_OK;
}

static int fetch_project_name(char *out, size_t outlen)
{
    int rc;
    /* company is already in the query string */
    build_headers(0);
    sprintf(g_url, API_ROOT "/projects/%ld?company_id=%lld",
            g_project_id, g_company_id);
    rc = do_get(g_url);
    if (rc != ERR_OK)
        return rc;
    return json_str(g_body, "name", out, outlen);
}

static int spool_rfi(const char *project_name, const char *obj, long long rfi_id)
{
    char path[512], subject[256], number[32];
    FILE *fp;

    subject[0] = number[0] = '\0';
    json_str(obj, "subject", subject, sizeof(subject));
    json_str(obj, "number", number, sizeof(number));

    snprintf(path, sizeof(path), SPOOL_DIR "/%s-%s.txt", project_name, number);
    fp = fopen(path, "w");
    if (!fp)
        return ERR_IO;
    fprintf(fp, "Project: %s\nRFI #%s: %s\n", project_name, number, subject);
    fprintf(fp, "Link: " WEB_HOST "/%lld/project/rfi/show/%lld\n",
            g_company_id, rfi_id);
    fclose(fp);
    return ERR_OK;
}

static int sync_rfis(const char *project_name)
{
    int page = 1, count, total = 0, rc = ERR_OK;
    const char *p, *next;
    char obj[8192];

    build_headers(1);
    for (;;) {
        sprintf(g_url, API_ROOT "/projects/%ld/rfis?filters[status]=open"
                "&page=%d&per_page=%d", g_project_id, page, PER_PAGE);
        rc = do_get(g_url);
        if (rc != ERR_OK)
            goto cleanup;

        count = 0;
        p = g_body;
        while ((p = strstr(p, "{\"id\":")) != NULL) {
            long long rfi_id = atoi(p + 6);
            size_t n;
            next = strstr(p + 6, "{\"id\":");
            n = next ? (size_t)(next - p) : strlen(p);
            if (n >= sizeof(obj))
                n = sizeof(obj) - 1;
            memcpy(obj, p, n);
            obj[n] = '\0';
            if (spool_rfi(project_name, obj, rfi_id) != ERR_OK)
                fprintf(stderr, "rfisync: cannot spool rfi %lld\n", rfi_id);
            count++;
            p += 6;
        }
        total += count;
        if (count < PER_PAGE)
            break;
        page++;
    }
    fprintf(stderr, "rfisync: %d open RFIs\n", total);

cleanup:
    return rc;
}

int main(int argc, char **argv)
{
    char project_name[256];
    int rc;

    if (argc < 4) {
        fprintf(stderr, "usage: %s <company_id> <project_id> <token_file>\n",
                argv[0]);
        return 2;
    }
    g_company_id = strtoll(argv[1], NULL, 10);
    g_project_id = strtol(argv[2], NULL, 10);
    if (read_token(argv[3]) != ERR_OK) {
        fprintf(stderr, "rfisync: cannot read token from %s\n", argv[3]);
        return 1;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_curl = curl_easy_init();
    if (!g_curl) {
        rc = ERR_CURL;
        goto cleanup;
    }

    log_whoami();
    rc = fetch_project_name(project_name, sizeof(project_name));
    if (rc != ERR_OK)
        goto cleanup;
    rc = sync_rfis(project_name);

cleanup:
    if (g_headers)
        curl_slist_free_all(g_headers);
    if (g_curl)
        curl_easy_cleanup(g_curl);
    curl_global_cleanup();
    return rc == ERR_OK ? 0 : 1;
}
