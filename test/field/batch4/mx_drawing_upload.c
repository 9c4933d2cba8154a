/*
 * mx_drawing_upload.c - pushes a PDF drawing set from the plotter share
 * into a project's drawing log.
 *
 *   drawing_upload -c upload.conf -p <project_id> -a <drawing_area_id> set.pdf
 *
 * upload.conf:  company_id=<id>\nrefresh_token=<token>\nclient_id=..\nclient_secret=..
 * API reference: https://developers.procore.com/reference/rest/drawing-uploads
 */
#define _POSIX_C_SOURCE 200809L  /* getopt, stat */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>

#define TOKEN_URL     "https://api.procore.com/oauth/token"
#define API_ROOT      "https://api.procore.com"
#define WEB_ROOT      "https://app.procore.com"
#define STORAGE_HOST  "storage.procore.com"

#define HDR_COMPANY   "Procore-Company-Id: %lld"
#define HDR_BEARER    "Authorization: Bearer %s"
#define HDR_JSON      "Content-Type: application/json"

#define BUF_URL   600
#define BUF_HDR   2100
#define BUF_BODY  2048

typedef long long procore_id_t;

enum { EP_ME, EP_UPLOADS, EP_DRAWING_UPLOADS, EP_DRAWING_AREAS, EP_COUNT };

static const struct endpoint {
    const char *method;
    const char *path_fmt;  /* %lld = project id */
    int         company;
} ENDPOINTS[EP_COUNT] = {
    [EP_ME]              = { "GET",  "/rest/v1.0/me",                              0 },
    [EP_UPLOADS]         = { "POST", "/rest/v1.0/projects/%lld/uploads",           1 },
    [EP_DRAWING_UPLOADS] = { "POST", "/rest/v1.1/projects/%lld/drawing_uploads",   1 },
    [EP_DRAWING_AREAS]   = { "GET",  "/rest/v1.1/projects/%lld/drawing_areas",     0 },
};

struct options {
    const char  *conf_path;
    const char  *pdf_path;
    procore_id_t company_id;
    procore_id_t project_id;
    unsigned     drawing_area_id;
    char         refresh_token[512];
    char         client_id[128];
    char         client_secret[128];
};

struct sink { char buf[16384]; size_t len; };

static CURL *g_curl;
static char  g_token[2048];

#define CURL_SET(opt, val)   curl_easy_setopt(g_curl, (opt), (val))

static size_t sink_write(char *p, size_t s, size_t n, void *ud)
{
    struct sink *k = ud;
    size_t len = s * n, room = sizeof k->buf - 1 - k->len;
    if (len > room) len = room;
    memcpy(k->buf + k->len, p, len);
    k->len += len;
    k->buf[k->len] = '\0';
    return s * n;
}

static int json_str(const char *json, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p;
    size_t i = 0;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!(p = strstr(json, pat))) return -1;
    for (p += strlen(pat); *p && *p != '"' && i + 1 < cap; p++) out[i++] = *p;
    out[i] = '\0';
    return 0;
}

static long call(int ep, const struct options *o, const char *body, struct sink *out)
{
    char url[BUF_URL], auth[BUF_HDR], company[64];
    struct curl_slist *hdrs = NULL;
    long status = 0;

    snprintf(url, sizeof url, API_ROOT "%s", ENDPOINTS[ep].path_fmt);
    if (strstr(url, "%lld")) {
        char tmp[BUF_URL];
        snprintf(tmp, sizeof tmp, url, o->project_id);
        strcpy(url, tmp);
    }
    snprintf(auth, sizeof auth, HDR_BEARER, g_token);
    hdrs = curl_slist_append(hdrs, auth);
    if (ENDPOINTS[ep].company) {
        snprintf(company, sizeof company, HDR_COMPANY, o->company_id);
        hdrs = curl_slist_append(hdrs, company);
    }
    if (body) hdrs = curl_slist_append(hdrs, HDR_JSON);

    curl_easy_reset(g_curl);
    CURL_SET(CURLOPT_URL, url);
    CURL_SET(CURLOPT_CUSTOMREQUEST, ENDPOINTS[ep].method);
    CURL_SET(CURLOPT_HTTPHEADER, hdrs);
    if (body) CURL_SET(CURLOPT_POSTFIELDS, body);
    CURL_SET(CURLOPT_WRITEFUNCTION, sink_write);
    CURL_SET(CURLOPT_WRITEDATA, out);
    out->len = 0;
    if (curl_easy_perform(g_curl) == CURLE_OK)
        curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

static int load_conf(struct options *o)
{
    char line[700];
    FILE *f = fopen(o->conf_path, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "company_id=%lld", &o->company_id) == 1) continue;
        if (sscanf(line, "refresh_token=%511s", o->refresh_token) == 1) continue;
        if (sscanf(line, "client_id=%127s", o->client_id) == 1) continue;
        sscanf(line, "client_secret=%127s", o->client_secret);
    }
    fclose(f);
    return o->company_id > 0 ? 0 : -1;
}

static int get_token(const struct options *o)
{
    char form[BUF_BODY];
    struct sink out = {{0}, 0};
    long status = 0;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             o->refresh_token, o->client_id, o->client_secret);
    curl_easy_reset(g_curl);
    CURL_SET(CURLOPT_URL, TOKEN_URL);
    CURL_SET(CURLOPT_POSTFIELDS, form);
    CURL_SET(CURLOPT_WRITEFUNCTION, sink_write);
    CURL_SET(CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(g_curl) != CURLE_OK) return -1;
    curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &status);
    return (status == 200 && json_str(out.buf, "access_token", g_token, sizeof g_token) == 0) ? 0 : -1;
}

static int put_to_storage(const char *presigned, const char *path)
{
    struct stat st;
    long status = 0;
    FILE *fp;
    CURLcode rc;

    if (!strstr(presigned, STORAGE_HOST) || stat(path, &st) != 0 || !(fp = fopen(path, "rb")))
        return -1;
    curl_easy_reset(g_curl);
    CURL_SET(CURLOPT_URL, presigned);
    CURL_SET(CURLOPT_UPLOAD, 1L);
    CURL_SET(CURLOPT_READDATA, fp);
    CURL_SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
    rc = curl_easy_perform(g_curl);
    fclose(fp);
    if (rc == CURLE_OK) curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &status);
    return (status >= 200 && status < 300) ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct options o;
    struct sink resp;
    char body[BUF_BODY], uuid[128], put_url[1024], area_hint[80];
    int opt, user_id;
    const char *p;

    memset(&o, 0, sizeof o);
    while ((opt = getopt(argc, argv, "c:p:a:")) != -1) {
        switch (opt) {
        case 'c': o.conf_path = optarg; break;
        case 'p': sscanf(optarg, "%lld", &o.project_id); break;
        case 'a': sscanf(optarg, "%u", &o.drawing_area_id); break;
        default:  return 2;
        }
    }
    if (optind >= argc || !o.conf_path || !o.project_id || load_conf(&o) != 0) {
        fprintf(stderr, "usage: %s -c conf -p project [-a area] file.pdf\n", argv[0]);
        return 2;
    }
    o.pdf_path = argv[optind];

    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_curl = curl_easy_init();
    if (get_token(&o) != 0) { fprintf(stderr, "oauth failed\n"); return 1; }

    if (call(EP_ME, &o, NULL, &resp) != 200 || !(p = strstr(resp.buf, "\"id\":"))) return 1;
    user_id = atoi(p + 5);
    fprintf(stderr, "uploading as user %d\n", user_id);

    if (!o.drawing_area_id && call(EP_DRAWING_AREAS, &o, NULL, &resp) == 200 &&
        (p = strstr(resp.buf, "\"id\":")) != NULL) {
        sscanf(p + 5, "%u", &o.drawing_area_id);
        json_str(p, "name", area_hint, sizeof area_hint);
        fprintf(stderr, "no area given, using first area '%s'\n", area_hint);
    }

    snprintf(body, sizeof body, "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\"}",
             strrchr(o.pdf_path, '/') ? strrchr(o.pdf_path, '/') + 1 : o.pdf_path);
    if (call(EP_UPLOADS, &o, body, &resp) != 201 ||
        json_str(resp.buf, "uuid", uuid, sizeof uuid) != 0 ||
        json_str(resp.buf, "url", put_url, sizeof put_url) != 0) {
        fprintf(stderr, "could not create upload: %s\n", resp.buf);
        return 1;
    }
    if (put_to_storage(put_url, o.pdf_path) != 0) { fprintf(stderr, "storage PUT failed\n"); return 1; }

    snprintf(body, sizeof body,
             "{\"drawing_area_id\":%u,\"drawing_upload\":{\"upload_uuids\":[\"%s\"]}}",
             o.drawing_area_id, uuid);
    if (call(EP_DRAWING_UPLOADS, &o, body, &resp) >= 300) {
        fprintf(stderr, "drawing upload rejected: %s\n", resp.buf);
        return 1;
    }
    printf("queued for OCR; check " WEB_ROOT "/%lld/project/drawing_log\n", o.project_id);

    curl_easy_cleanup(g_curl);
    curl_global_cleanup();
    return 0;
}
