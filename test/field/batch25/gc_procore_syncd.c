/*
 * procore_syncd.c - pulls projects and RFIs from Procore into the local
 * job-costing cache.  Runs under systemd; the refresh token lives in
 * /var/lib/procore-syncd/token and is rotated on every refresh.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PC_LOGIN_BASE "https://login.procore.com"
#define PC_API_BASE   "https://api.procore.com"
#define PC_WEB_BASE   "https://app.procore.com"
#define SYNCD_STATUS_PORT 8089

typedef enum {
    PC_OK = 0,
    PC_ERR_NOMEM = -1,
    PC_ERR_TRANSPORT = -2,
    PC_ERR_HTTP = -3,
    PC_ERR_PARSE = -4,
} pc_err;

struct pc_buf { char *data; size_t len; };

struct pc_request {
    const char *method;
    const char *url;
    const char *body;
    struct curl_slist *headers;
};

struct pc_response { long status; struct pc_buf body; };

struct pc_transport_vtbl {
    pc_err (*send)(void *ctx, const struct pc_request *req, struct pc_response *out);
    void (*destroy)(void *ctx);
};

struct pc_transport { const struct pc_transport_vtbl *vt; void *ctx; };

typedef struct pc_client {
    struct pc_transport transport;
    char access_token[1024];
    char refresh_token[512];
    char client_id[128];
    char client_secret[128];
    int64_t company_id;
} pc_client;

static size_t write_cb(char *ptr, size_t sz, size_t n, void *ud)
{
    struct pc_buf *b = ud;
    size_t add = sz * n;
    char *p = realloc(b->data, b->len + add + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, ptr, add);
    b->data = p;
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static pc_err curl_send(void *ctx, const struct pc_request *req, struct pc_response *out)
{
    CURL *h = ctx;
    pc_err rc = PC_OK;
    CURLcode cc;

    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, req->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, req->headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);

    cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        fprintf(stderr, "syncd: %s: %s\n", req->url, curl_easy_strerror(cc));
        rc = PC_ERR_TRANSPORT;
        goto cleanup;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    if (out->status >= 400)
        rc = PC_ERR_HTTP;
cleanup:
    return rc;
}

static void curl_destroy(void *ctx) { curl_easy_cleanup((CURL *)ctx); }

static const struct pc_transport_vtbl curl_vtbl = { curl_send, curl_destroy };

/* Tiny JSON helper: finds "key": <number> and reads it as a 64-bit value. */
static pc_err json_get_i64(const char *json, const char *key, int64_t *out)
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(json, pat);
    if (!p)
        return PC_ERR_PARSE;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    *out = strtoll(p, NULL, 10);
    return PC_OK;
}

static pc_err json_get_str(const char *json, const char *key, char *out, size_t outlen)
{
    char pat[64];
    const char *p, *end;

    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    p = strstr(json, pat);
    if (!p)
        return PC_ERR_PARSE;
    p += strlen(pat);
    end = strchr(p, '"');
    if (!end || (size_t)(end - p) >= outlen)
        return PC_ERR_PARSE;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return PC_OK;
}

pc_err pc_client_create(const char *client_id, const char *secret, int64_t company_id,
                        pc_client **out)
{
    pc_client *c = calloc(1, sizeof *c);
    CURL *h = NULL;

    if (!c)
        return PC_ERR_NOMEM;
    h = curl_easy_init();
    if (!h) {
        free(c);
        return PC_ERR_TRANSPORT;
    }
    c->transport.vt = &curl_vtbl;
    c->transport.ctx = h;
    snprintf(c->client_id, sizeof c->client_id, "%s", client_id);
    snprintf(c->client_secret, sizeof c->client_secret, "%s", secret);
    c->company_id = company_id;
    *out = c;
    return PC_OK;
}

void pc_client_destroy(pc_client *c)
{
    if (!c)
        return;
    c->transport.vt->destroy(c->transport.ctx);
    free(c);
}

pc_err pc_refresh(pc_client *c)
{
    char body[1024];
    struct pc_request req = { "POST", PC_LOGIN_BASE "/oauth/token", body, NULL };
    struct pc_response resp = { 0, { NULL, 0 } };
    pc_err rc;

    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             c->client_id, c->client_secret, c->refresh_token);
    req.headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    rc = c->transport.vt->send(c->transport.ctx, &req, &resp);
    if (rc != PC_OK)
        goto cleanup;
    rc = json_get_str(resp.body.data, "access_token", c->access_token, sizeof c->access_token);
    if (rc != PC_OK)
        goto cleanup;
    rc = json_get_str(resp.body.data, "refresh_token", c->refresh_token, sizeof c->refresh_token);
cleanup:
    curl_slist_free_all(req.headers);
    free(resp.body.data);
    return rc;
}

static pc_err pc_rest_get(pc_client *c, const char *path, int with_company,
                          struct pc_response *out)
{
    char url[1024], auth[1100], hdr[64];
    struct pc_request req = { "GET", url, NULL, NULL };
    pc_err rc;

    snprintf(url, sizeof url, "%s%s", PC_API_BASE, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->access_token);
    req.headers = curl_slist_append(req.headers, auth);
    req.headers = curl_slist_append(req.headers, "Accept: application/json");
    if (with_company) {
        snprintf(hdr, sizeof hdr, "Procore-Company-Id: %" PRId64, c->company_id);
        req.headers = curl_slist_append(req.headers, hdr);
    }
    rc = c->transport.vt->send(c->transport.ctx, &req, out);
    curl_slist_free_all(req.headers);
    return rc;
}

static pc_err sync_rfis(pc_client *c, int64_t project_id, int *synced)
{
    char path[256];
    struct pc_response resp = { 0, { NULL, 0 } };
    const char *cur;
    pc_err rc;
    int n = 0;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/rfis?per_page=100", project_id);
    rc = pc_rest_get(c, path, 0, &resp);
    if (rc != PC_OK)
        goto cleanup;
    for (cur = strstr(resp.body.data, "{\"id\":"); cur; cur = strstr(cur + 1, "{\"id\":")) {
        int rfi_id = atoi(cur + 6);
        printf("rfi %d -> %s/%" PRId64 "/project/rfi/show/%d\n", rfi_id, PC_WEB_BASE,
               project_id, rfi_id);
        n++;
    }
    *synced = n;
cleanup:
    free(resp.body.data);
    return rc;
}

int main(int argc, char **argv)
{
    pc_client *c = NULL;
    struct pc_response me = { 0, { NULL, 0 } }, projects = { 0, { NULL, 0 } };
    char path[256];
    int64_t user_id = 0, project_id = 0;
    int synced = 0, status = 1;

    if (argc < 5) {
        fprintf(stderr, "usage: %s CLIENT_ID SECRET COMPANY_ID REFRESH_TOKEN\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (pc_client_create(argv[1], argv[2], strtoll(argv[3], NULL, 10), &c) != PC_OK)
        goto cleanup;
    snprintf(c->refresh_token, sizeof c->refresh_token, "%s", argv[4]);
    if (pc_refresh(c) != PC_OK)
        goto cleanup;

    if (pc_rest_get(c, "/rest/v1.0/me", 0, &me) != PC_OK)
        goto cleanup;
    json_get_i64(me.body.data, "id", &user_id);
    fprintf(stderr, "syncd: running as user %" PRId64 ", status on :%d\n", user_id,
            SYNCD_STATUS_PORT);

    snprintf(path, sizeof path, "/rest/v1.0/projects?company_id=%" PRId64, c->company_id);
    if (pc_rest_get(c, path, 1, &projects) != PC_OK)
        goto cleanup;
    if (json_get_i64(projects.body.data, "id", &project_id) != PC_OK)
        goto cleanup;
    if (sync_rfis(c, project_id, &synced) != PC_OK)
        goto cleanup;
    fprintf(stderr, "syncd: %d rfis synced\n", synced);
    status = 0;
cleanup:
    free(me.body.data);
    free(projects.body.data);
    pc_client_destroy(c);
    curl_global_cleanup();
    return status;
}
