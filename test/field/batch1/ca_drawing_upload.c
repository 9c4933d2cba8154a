/*
 * drawup: bulk-uploads PDF drawing sets from the plot server into a
 * Procore drawing area.
 *
 * usage: drawup COMPANY_ID PROJECT_ID DRAWING_AREA_ID file.pdf...
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <curl/curl.h>

#define PROCORE_WEB   "https://app.procore.com"
#define PROCORE_REST  PROCORE_WEB "/rest/v1.1"
#define MAX_FILES     64

struct membuf {
    char  *data;
    size_t len;
};

static char auth_line[1100];
static char company_line[64];

static size_t collect(void *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct membuf *mb = userdata;
    size_t n = size * nmemb;
    char *p = realloc(mb->data, mb->len + n + 1);
    if (!p)
        return 0;
    mb->data = p;
    memcpy(mb->data + mb->len, ptr, n);
    mb->len += n;
    mb->data[mb->len] = '\0';
    return n;
}

/* copies the string value of "key" into out; returns 0 when found */
static int json_str(const char *json, const char *key, char *out, size_t outlen)
{
    char pat[64];
    const char *p;
    size_t n;

    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!json || !(p = strstr(json, pat)))
        return -1;
    p += strlen(pat);
    n = strcspn(p, "\"");
    if (n >= outlen)
        return -1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 0;
}

static struct curl_slist *procore_headers(void)
{
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, auth_line);
    h = curl_slist_append(h, company_line);
    h = curl_slist_append(h, "Content-Type: application/json");
    return h;
}

static int start_upload(CURL *h, long long project_id, const char *path,
                        long long size, char *uuid, char *put_url, size_t url_len)
{
    char url[256], body[512];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *hdrs = procore_headers();
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    long code = 0;
    int rc = -1;

    snprintf(url, sizeof url, PROCORE_REST "/projects/%lld/uploads", project_id);
    snprintf(body, sizeof body,
             "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\","
             "\"segments\":[{\"size\":%lld}]}", base, size);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &mb);
    if (curl_easy_perform(h) != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (code != 201 || json_str(mb.data, "uuid", uuid, 64) != 0 ||
        json_str(mb.data, "url", put_url, url_len) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    curl_slist_free_all(hdrs);
    free(mb.data);
    return rc;
}

static int put_segment(CURL *h, const char *put_url, const char *path, long long size)
{
    FILE *f = fopen(path, "rb");
    long code = 0;

    if (!f)
        return -1;
    /* presigned storage URL: no Procore auth headers allowed here */
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, put_url);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READDATA, f);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    fclose(f);
    return (code == 200 || code == 204) ? 0 : -1;
}

int main(int argc, char **argv)
{
    char uuids[MAX_FILES][64], put_url[2048], body[8192], url[256];
    struct stat st;
    int nfiles = 0, i;
    long code = 0;

    if (argc < 5) {
        fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID DRAWING_AREA_ID file.pdf...\n", argv[0]);
        return 2;
    }
    long long company_id = strtoll(argv[1], NULL, 10);
    long long project_id = atol(argv[2]);
    long long area_id = strtoll(argv[3], NULL, 10);
    const char *token = getenv("PROCORE_TOKEN");
    if (!token) {
        fprintf(stderr, "drawup: PROCORE_TOKEN not set\n");
        return 2;
    }
    snprintf(auth_line, sizeof auth_line, "Authorization: Bearer %s", token);
    snprintf(company_line, sizeof company_line, "Procore-Company-Id: %lld", company_id);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();

    for (i = 4; i < argc && nfiles < MAX_FILES; i++) {
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            continue;
        }
        if (start_upload(h, project_id, argv[i], (long long)st.st_size,
                         uuids[nfiles], put_url, sizeof put_url) != 0 ||
            put_segment(h, put_url, argv[i], (long long)st.st_size) != 0) {
            fprintf(stderr, "drawup: %s: upload failed\n", argv[i]);
            continue;
        }
        nfiles++;
    }
    if (nfiles == 0)
        goto done;

    snprintf(body, sizeof body, "{\"drawing_upload\":{\"drawing_area_id\":%lld,\"upload_uuids\":[", area_id);
    for (i = 0; i < nfiles; i++) {
        strcat(body, i ? ",\"" : "\"");
        strcat(body, uuids[i]);
        strcat(body, "\"");
    }
    strcat(body, "]}}");

    struct curl_slist *fin = curl_slist_append(NULL, auth_line);
    fin = curl_slist_append(fin, "Content-Type: application/json");
    snprintf(url, sizeof url, PROCORE_REST "/projects/%lld/drawing_uploads", project_id);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, fin);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(fin);
    printf("drawup: %d files submitted for OCR, HTTP %ld\n", nfiles, code);
    printf("drawing log: " PROCORE_WEB "/%lld/project/drawing_log\n", project_id);
done:
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return nfiles ? 0 : 1;
}
