/*
 * dwgpush.c - push plotted PDF sheets into a Procore drawing area.
 *
 * Called by the plot server after each batch:
 *   dwgpush <company_id> <project_id> <area name> file1.pdf [file2.pdf ...]
 * Access token is read from $DWGPUSH_TOKEN (refreshed by pcauth).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define LOGIN_BASE      "https://login.procore.com"
#define API_BASE        "https://api.procore.com"
#define AREAS_URL_FMT   "https://us02.procore.com/rest/v1.1/projects/%lld/drawing_areas"
#define UPLOADS_URL_FMT API_BASE "/rest/v1.0/projects/%lld/uploads"
#define DRAWUP_URL_FMT  API_BASE "/rest/v1.1/projects/%lld/drawing_uploads"
#define STORAGE_PREFIX  "https://storage.procore.com/"
#define PROXY_HOST      "plotproxy.corp.local"
#define PROXY_PORT      3128

#define MAX_FILES       64
#define BUFSZ           (256 * 1024)

enum { DP_OK = 0, DP_ENET = -1, DP_EHTTP = -2, DP_EJSON = -3 };

static char rbuf[BUFSZ];
static size_t rlen;
static char bearer[1100];
static char hline[128];
static struct curl_slist *hdr_list;

static size_t to_rbuf(char *p, size_t s, size_t n, void *u)
{
    size_t k = s * n;
    (void)u;
    if (rlen + k >= BUFSZ)
        return 0;
    memcpy(rbuf + rlen, p, k);
    rlen += k;
    rbuf[rlen] = 0;
    return k;
}

static void common_opts(CURL *c)
{
    int port = PROXY_PORT;
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_rbuf);
    curl_easy_setopt(c, CURLOPT_PROXY, PROXY_HOST);
    curl_easy_setopt(c, CURLOPT_PROXYPORT, (long)port);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
}

/*
 * Send a JSON request.  company_id == 0 means "no company header"
 * (OAuth endpoints, or project-scoped calls where the project is enough).
 */
static int pc_send(const char *method, const char *url, long long company_id,
                   const char *json)
{
    CURL *c;
    long code = 0;
    int rc = DP_OK;

    curl_slist_free_all(hdr_list);
    hdr_list = curl_slist_append(NULL, bearer);
    hdr_list = curl_slist_append(hdr_list, "Content-Type: application/json");
    if (company_id != 0) {
        snprintf(hline, sizeof(hline), "Procore-Company-Id: %lld", company_id);
        hdr_list = curl_slist_append(hdr_list, hline);
    }
    if ((c = curl_easy_init()) == NULL)
        return DP_ENET;
    rlen = 0;
    rbuf[0] = 0;
    common_opts(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr_list);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (json)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    if (curl_easy_perform(c) != CURLE_OK) {
        rc = DP_ENET;
        goto cleanup;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 300) {
        fprintf(stderr, "dwgpush: %s %s -> %ld: %.200s\n", method, url, code, rbuf);
        rc = DP_EHTTP;
    }
cleanup:
    curl_easy_cleanup(c);
    return rc;
}

/* copy quoted value of key into out */
static int jstr(const char *from, const char *key, char *out, size_t max)
{
    char pat[48];
    const char *p;
    size_t i = 0;
    sprintf(pat, "\"%s\":\"", key);
    if ((p = strstr(from, pat)) == NULL)
        return DP_EJSON;
    p += strlen(pat);
    while (*p && *p != '"' && i + 1 < max)
        out[i++] = *p++;
    out[i] = 0;
    return DP_OK;
}

/* raw PUT of the file body to the presigned storage URL, no Procore headers */
static int put_file(const char *url, const char *path)
{
    FILE *fp = fopen(path, "rb");
    CURL *c;
    long code = 0;
    int rc = DP_OK;

    if (!fp)
        return DP_ENET;
    if ((c = curl_easy_init()) == NULL) {
        fclose(fp);
        return DP_ENET;
    }
    rlen = 0;
    common_opts(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READDATA, fp);
    if (curl_easy_perform(c) != CURLE_OK)
        rc = DP_ENET;
    else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        if (code != 200)
            rc = DP_EHTTP;
    }
    curl_easy_cleanup(c);
    fclose(fp);
    return rc;
}

static int check_token(void)
{
    return pc_send("GET", LOGIN_BASE "/oauth/token/info", 0, NULL);
}

static long long find_area(long long company_id, long long project_id, const char *name)
{
    char url[256], pat[160];
    const char *p, *v;
    long long area_id;

    snprintf(url, sizeof(url), AREAS_URL_FMT, project_id);
    if (pc_send("GET", url, company_id, NULL) != DP_OK)
        return -1;
    snprintf(pat, sizeof(pat), "\"name\":\"%s\"", name);
    if ((p = strstr(rbuf, pat)) == NULL)
        return -1;
    /* "id" precedes "name" in each area object; walk back to the brace */
    while (p > rbuf && *p != '{')
        p--;
    if ((v = strstr(p, "\"id\":")) == NULL)
        return -1;
    area_id = atol(v + 5);
    return area_id;
}

static int upload_one(long long company_id, long long project_id, const char *path,
                      char *uuid_out, size_t uuid_max)
{
    char url[256], body[512], put_url[2048];
    const char *base = strrchr(path, '/');

    base = base ? base + 1 : path;
    snprintf(url, sizeof(url), UPLOADS_URL_FMT, project_id);
    snprintf(body, sizeof(body),
             "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\"}",
             base);
    if (pc_send("POST", url, company_id, body) != DP_OK)
        return DP_EHTTP;
    if (jstr(rbuf, "uuid", uuid_out, uuid_max) || jstr(rbuf, "url", put_url, sizeof(put_url)))
        return DP_EJSON;
    if (strncmp(put_url, STORAGE_PREFIX, strlen(STORAGE_PREFIX)) != 0)
        fprintf(stderr, "dwgpush: unexpected upload host in %s\n", put_url);
    return put_file(put_url, path);
}

int main(int argc, char **argv)
{
    long long company_id, project_id, area_id;
    char uuids[MAX_FILES][64];
    char body[MAX_FILES * 72 + 128], url[256];
    int i, nfiles, rc;
    size_t off;

    if (argc < 5) {
        fprintf(stderr, "usage: %s <company_id> <project_id> <area> files...\n", argv[0]);
        return 2;
    }
    if (!getenv("DWGPUSH_TOKEN")) {
        fprintf(stderr, "dwgpush: DWGPUSH_TOKEN not set\n");
        return 2;
    }
    snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", getenv("DWGPUSH_TOKEN"));
    company_id = strtoll(argv[1], NULL, 10);
    project_id = strtoll(argv[2], NULL, 10);
    nfiles = argc - 4 > MAX_FILES ? MAX_FILES : argc - 4;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if ((rc = check_token()) != DP_OK)
        goto cleanup;
    if ((area_id = find_area(company_id, project_id, argv[3])) < 0) {
        fprintf(stderr, "dwgpush: no drawing area named %s\n", argv[3]);
        rc = DP_EJSON;
        goto cleanup;
    }

    off = (size_t)snprintf(body, sizeof(body),
                           "{\"drawing_area_id\":%lld,\"files\":[", area_id);
    for (i = 0; i < nfiles; i++) {
        if ((rc = upload_one(company_id, project_id, argv[4 + i], uuids[i],
                             sizeof(uuids[i]))) != DP_OK)
            goto cleanup;
        off += (size_t)snprintf(body + off, sizeof(body) - off, "%s{\"upload_uuid\":\"%s\"}",
                                i ? "," : "", uuids[i]);
    }
    snprintf(body + off, sizeof(body) - off, "]}");

    snprintf(url, sizeof(url), DRAWUP_URL_FMT, project_id);
    rc = pc_send("POST", url, 0, body);
    if (rc == DP_OK)
        printf("dwgpush: %d sheet(s) queued for OCR\n", nfiles);

cleanup:
    curl_slist_free_all(hdr_list);
    curl_global_cleanup();
    return rc == DP_OK ? 0 : 1;
}
