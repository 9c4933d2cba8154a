/*
 * cb_drawing_upload_plugin.c - "Publish to Procore" plugin for the CAD desktop
 * suite. Built as a shared object; the host application owns the OAuth login
 * and hands us a bearer token through pcdraw_open().
 *
 * Flow: list drawing areas -> POST uploads (get presigned S3 form) -> upload
 * the PDF straight to storage -> create a drawing upload -> poll until processed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <curl/curl.h>

#define PLUGIN_API __attribute__((visibility("default")))

#define PCDRAW_API_PROD    "https://api.procore.com"
#define PCDRAW_API_SANDBOX "https://api-sandbox.procore.com"
#define PCDRAW_STORAGE     "https://storage.procore.com/"
#define PCDRAW_WEB         "https://app.procore.com"

enum { PCD_OK = 0, PCD_EARG = -1, PCD_ENET = -2, PCD_EHTTP = -3, PCD_ESTORAGE = -4 };

struct http_req {
    char url[1024];
    const char *method;
    const char *headers[16];
    int nheaders;
    char hbuf[4][512];
    const char *body;
};
struct http_resp { long status; char body[32768]; size_t len; };

struct transport_ops {
    int (*send)(void *ctx, const struct http_req *r, struct http_resp *out);
    int (*upload_form)(void *ctx, const char *url, const char *fields_json, const char *file);
};

typedef struct procore_client {
    const struct transport_ops *ops;
    CURL *curl;
    char base[64];
    char token[1024];
    long long company_id;
} procore_client_t;

typedef int (*pcdraw_area_cb)(void *user, const char *json);

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    struct http_resp *r = ud;
    size_t k = sz * n, room = sizeof r->body - r->len - 1;
    if (k > room) k = room;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = 0;
    return sz * n;
}

static int cx_send(void *ctx, const struct http_req *r, struct http_resp *out)
{
    CURL *h = ctx;
    struct curl_slist *hl = NULL;
    int rc = PCD_OK;
    for (int i = 0; i < r->nheaders; i++) hl = curl_slist_append(hl, r->headers[i]);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (r->body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
    out->len = 0;
    if (curl_easy_perform(h) != CURLE_OK) { rc = PCD_ENET; goto cleanup; }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    if (out->status >= 300) rc = PCD_EHTTP;
cleanup:
    curl_slist_free_all(hl);
    return rc;
}

/* presigned S3 POST: every key of "fields" becomes a form part, file goes last */
static int cx_upload_form(void *ctx, const char *url, const char *fields_json, const char *file)
{
    CURL *h = ctx;
    curl_mime *form = NULL;
    char key[128], val[2048];
    const char *p = fields_json;
    long status = 0;
    int rc = PCD_OK, used;

    if (strncmp(url, PCDRAW_STORAGE, strlen(PCDRAW_STORAGE)) != 0) return PCD_ESTORAGE;
    curl_easy_reset(h);
    form = curl_mime_init(h);
    while (p && sscanf(p, " %*[{,] \"%127[^\"]\" : \"%2047[^\"]\"%n", key, val, &used) == 2) {
        curl_mimepart *part = curl_mime_addpart(form);
        curl_mime_name(part, key);
        curl_mime_data(part, val, CURL_ZERO_TERMINATED);
        p += used;
    }
    curl_mime_filedata(curl_mime_addpart(form), file);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, form);
    if (curl_easy_perform(h) != CURLE_OK) { rc = PCD_ENET; goto cleanup; }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 204 && status != 201) rc = PCD_ESTORAGE;
cleanup:
    curl_mime_free(form);
    return rc;
}

static const struct transport_ops CURL_TRANSPORT = { cx_send, cx_upload_form };

static double json_number(const char *json, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    return (p = strstr(json, pat)) ? strtod(p + strlen(pat), NULL) : 0.0;
}

static int json_string(const char *json, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!(p = strstr(json, pat))) return -1;
    p += strlen(pat);
    size_t n = 0;
    while (*p && *p != '"' && n + 1 < cap) out[n++] = *p++;
    out[n] = 0;
    return 0;
}

static void pc_request_init(procore_client_t *c, struct http_req *r, const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->method = method;
    snprintf(r->url, sizeof r->url, "%s%s", c->base, path);
    snprintf(r->hbuf[0], sizeof r->hbuf[0], "Authorization: Bearer %s", c->token);
    snprintf(r->hbuf[1], sizeof r->hbuf[1], "Procore-Company-Id: %lld", c->company_id);
    r->headers[r->nheaders++] = r->hbuf[0];
    r->headers[r->nheaders++] = r->hbuf[1];
    r->headers[r->nheaders++] = "Content-Type: application/json";
}

/* ---- exported plugin ABI ------------------------------------------------ */

PLUGIN_API procore_client_t *pcdraw_open(const char *token, long long company_id, int use_sandbox)
{
    procore_client_t *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->ops = &CURL_TRANSPORT;
    c->curl = curl_easy_init();
    c->company_id = company_id;
    snprintf(c->base, sizeof c->base, "%s", use_sandbox ? PCDRAW_API_SANDBOX : PCDRAW_API_PROD);
    snprintf(c->token, sizeof c->token, "%s", token);
    return c;
}

PLUGIN_API void pcdraw_close(procore_client_t *c)
{
    if (!c) return;
    curl_easy_cleanup(c->curl);
    free(c);
}

PLUGIN_API int pcdraw_list_areas(procore_client_t *c, long long project_id, pcdraw_area_cb cb, void *user)
{
    struct http_req r;
    static struct http_resp resp;
    memset(&r, 0, sizeof r);
    r.method = "GET";
    snprintf(r.url, sizeof r.url, "%s/rest/v1.1/projects/%lld/drawing_areas", c->base, project_id);
    snprintf(r.hbuf[0], sizeof r.hbuf[0], "Authorization: Bearer %s", c->token);
    snprintf(r.hbuf[1], sizeof r.hbuf[1], "Procore-CompanyId: %lld", c->company_id);
    r.headers[r.nheaders++] = r.hbuf[0];
    r.headers[r.nheaders++] = r.hbuf[1];
    int rc = c->ops->send(c->curl, &r, &resp);
    if (rc != PCD_OK) return rc;
    for (const char *p = strchr(resp.body, '{'); p; p = strstr(p + 1, "},{")) {
        if (cb(user, *p == '}' ? p + 2 : p)) break;
    }
    return PCD_OK;
}

PLUGIN_API int pcdraw_publish(procore_client_t *c, long long project_id, int32_t drawing_area_id,
                              const char *pdf_path, char *web_link, size_t web_link_len)
{
    struct http_req r;
    static struct http_resp resp;
    char path[256], body[512], uuid[96], s3_url[1024], *fields;
    const char *fname = strrchr(pdf_path, '/') ? strrchr(pdf_path, '/') + 1 : pdf_path;
    int rc;

    /* 1. ask for a presigned upload */
    snprintf(path, sizeof path, "/rest/v1.1/projects/%lld/uploads", project_id);
    pc_request_init(c, &r, "POST", path);
    snprintf(body, sizeof body, "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\"}", fname);
    r.body = body;
    if ((rc = c->ops->send(c->curl, &r, &resp)) != PCD_OK) return rc;
    if (json_string(resp.body, "uuid", uuid, sizeof uuid) || json_string(resp.body, "url", s3_url, sizeof s3_url))
        return PCD_EHTTP;
    fields = strstr(resp.body, "\"fields\":");

    /* 2. push the PDF to storage (no Procore headers: S3 rejects unknown ones) */
    if ((rc = c->ops->upload_form(c->curl, s3_url, fields ? fields + 9 : "{}", pdf_path)) != PCD_OK) return rc;

    /* 3. turn it into a drawing upload */
    snprintf(path, sizeof path, "/rest/v1.1/projects/%lld/drawing_uploads", project_id);
    pc_request_init(c, &r, "POST", path);
    snprintf(body, sizeof body, "{\"drawing_area_id\":%d,\"upload_uuids\":[\"%s\"]}", drawing_area_id, uuid);
    r.body = body;
    if ((rc = c->ops->send(c->curl, &r, &resp)) != PCD_OK) return rc;
    double upload_id = json_number(resp.body, "id");

    /* 4. poll; the host shows a spinner meanwhile */
    for (int attempt = 0; attempt < 30; attempt++) {
        char state[32] = "";
        snprintf(path, sizeof path, "/rest/v1.1/projects/%lld/drawing_uploads/%.0f", project_id, upload_id);
        pc_request_init(c, &r, "GET", path);
        if ((rc = c->ops->send(c->curl, &r, &resp)) != PCD_OK) return rc;
        json_string(resp.body, "status", state, sizeof state);
        if (!strcmp(state, "failed")) return PCD_EHTTP;
        if (!strcmp(state, "processed")) break;
        nanosleep(&(struct timespec){ .tv_sec = 2 }, NULL);
    }
    snprintf(web_link, web_link_len, "%s/%lld/project/drawing_log", PCDRAW_WEB, project_id);
    return PCD_OK;
}
