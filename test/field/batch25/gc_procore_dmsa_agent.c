/*
 * dmsa_agent.c - nightly directory/vendor mirror for the ERP bridge.
 * Authenticates as a Developer Managed Service Account (client_credentials),
 * walks the companies the account was installed in and dumps users and
 * vendors as TSV for the ERP import job.
 */
#include <curl/curl.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DMSA_TOKEN_URL "https://api.procore.com/oauth/token"
#define DMSA_API_BASE  "https://api.procore.com"
#define DMSA_MAX_COMPANIES 16

typedef int dmsa_status;
#define DMSA_OK        0
#define DMSA_E_NOMEM  -1
#define DMSA_E_NET    -2
#define DMSA_E_AUTH   -3
#define DMSA_E_JSON   -4

typedef struct { char *ptr; size_t len; } dmsa_buf;

typedef struct dmsa_transport_ops {
    dmsa_status (*send)(void *impl, const char *method, const char *url,
                        struct curl_slist *hdrs, const char *body, dmsa_buf *out);
} dmsa_transport_ops;

typedef struct dmsa_agent {
    const dmsa_transport_ops *ops;
    void *impl;
    char token[2048];
} dmsa_agent;

typedef struct vendor_rec {
    int32_t id;
    char name[128];
} vendor_rec;

static size_t on_data(char *d, size_t sz, size_t nm, void *ud)
{
    dmsa_buf *b = ud;
    size_t n = sz * nm;
    char *p = realloc(b->ptr, b->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, d, n);
    b->ptr = p;
    b->len += n;
    p[b->len] = '\0';
    return n;
}

static dmsa_status curl_send(void *impl, const char *method, const char *url,
                             struct curl_slist *hdrs, const char *body, dmsa_buf *out)
{
    CURL *c = impl;
    long code = 0;

    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) != CURLE_OK)
        return DMSA_E_NET;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code == 401 || code == 403)
        return DMSA_E_AUTH;
    return code < 300 ? DMSA_OK : DMSA_E_NET;
}

static const dmsa_transport_ops curl_ops = { curl_send };

/* --- minimal JSON scanning: walk top-level objects of an array --------- */

static const char *json_next_object(const char *p)
{
    while (*p && *p != '{')
        p++;
    return *p ? p : NULL;
}

static const char *json_skip_object(const char *p)
{
    int depth = 0, in_str = 0;
    for (; *p; p++) {
        if (in_str) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_str = 0;
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}' && --depth == 0) {
            return p + 1;
        }
    }
    return p;
}

static int json_field_i64(const char *obj, const char *key, int64_t *out)
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof pat, "\"%s\"", key);
    if (!(p = strstr(obj, pat)))
        return -1;
    p = strchr(p + strlen(pat), ':');
    if (!p)
        return -1;
    while (isspace((unsigned char)*++p))
        ;
    *out = strtoll(p, NULL, 10);
    return 0;
}

static int json_field_str(const char *obj, const char *key, char *dst, size_t cap)
{
    char pat[64];
    const char *p;
    size_t i = 0;

    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!(p = strstr(obj, pat)))
        return -1;
    for (p += strlen(pat); *p && *p != '"' && i + 1 < cap; p++)
        dst[i++] = *p;
    dst[i] = '\0';
    return 0;
}

dmsa_status dmsa_agent_create(dmsa_agent **out)
{
    dmsa_agent *a = calloc(1, sizeof *a);
    if (!a)
        return DMSA_E_NOMEM;
    a->ops = &curl_ops;
    a->impl = curl_easy_init();
    if (!a->impl) {
        free(a);
        return DMSA_E_NET;
    }
    *out = a;
    return DMSA_OK;
}

void dmsa_agent_destroy(dmsa_agent *a)
{
    if (a) {
        curl_easy_cleanup(a->impl);
        free(a);
    }
}

dmsa_status dmsa_authenticate(dmsa_agent *a, const char *client_id, const char *secret)
{
    struct curl_slist *h = NULL;
    dmsa_buf resp = { NULL, 0 };
    char body[512];
    dmsa_status st;

    snprintf(body, sizeof body, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             client_id, secret);
    h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
    st = a->ops->send(a->impl, "POST", DMSA_TOKEN_URL, h, body, &resp);
    if (st != DMSA_OK)
        goto cleanup;
    if (json_field_str(resp.ptr, "access_token", a->token, sizeof a->token) != 0)
        st = DMSA_E_AUTH;
cleanup:
    curl_slist_free_all(h);
    free(resp.ptr);
    return st;
}

static dmsa_status dmsa_get(dmsa_agent *a, const char *path, const int64_t *company_id,
                            dmsa_buf *out)
{
    struct curl_slist *h = NULL;
    char url[512], auth[2100], cid[64];
    dmsa_status st;

    snprintf(url, sizeof url, DMSA_API_BASE "%s", path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", a->token);
    h = curl_slist_append(h, auth);
    if (company_id) {
        snprintf(cid, sizeof cid, "Procore-Company-Id: %" PRId64, *company_id);
        h = curl_slist_append(h, cid);
    }
    st = a->ops->send(a->impl, "GET", url, h, NULL, out);
    curl_slist_free_all(h);
    return st;
}

static dmsa_status dump_company(dmsa_agent *a, int64_t company_id, FILE *tsv)
{
    dmsa_buf users = { NULL, 0 }, vendors = { NULL, 0 };
    vendor_rec v;
    char path[256], name[128];
    const char *o;
    int64_t user_id, raw;
    unsigned int vendor_count = 0;
    dmsa_status st;

    snprintf(path, sizeof path, "/rest/v1.0/companies/%" PRId64 "/users?per_page=500", company_id);
    if ((st = dmsa_get(a, path, &company_id, &users)) != DMSA_OK)
        goto cleanup;
    for (o = json_next_object(users.ptr); o; o = json_next_object(json_skip_object(o))) {
        if (json_field_i64(o, "id", &user_id) == 0 && json_field_str(o, "name", name, sizeof name) == 0)
            fprintf(tsv, "user\t%" PRId64 "\t%" PRId64 "\t%s\n", company_id, user_id, name);
    }

    snprintf(path, sizeof path, "/rest/v1.0/vendors?company_id=%" PRId64, company_id);
    if ((st = dmsa_get(a, path, &company_id, &vendors)) != DMSA_OK)
        goto cleanup;
    for (o = json_next_object(vendors.ptr); o; o = json_next_object(json_skip_object(o))) {
        if (json_field_i64(o, "id", &raw) != 0)
            continue;
        v.id = (int32_t)raw;
        json_field_str(o, "name", v.name, sizeof v.name);
        fprintf(tsv, "vendor\t%" PRId64 "\t%" PRId32 "\t%s\n", company_id, v.id, v.name);
        vendor_count++;
    }
    fprintf(stderr, "dmsa: company %" PRId64 ": %u vendors\n", company_id, vendor_count);
cleanup:
    free(users.ptr);
    free(vendors.ptr);
    return st;
}

int main(void)
{
    dmsa_agent *a = NULL;
    dmsa_buf companies = { NULL, 0 };
    int64_t ids[DMSA_MAX_COMPANIES];
    const char *o;
    int n = 0, i, rc = 1;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (dmsa_agent_create(&a) != DMSA_OK)
        goto cleanup;
    if (dmsa_authenticate(a, getenv("DMSA_CLIENT_ID"), getenv("DMSA_CLIENT_SECRET")) != DMSA_OK)
        goto cleanup;
    if (dmsa_get(a, "/rest/v1.0/companies", NULL, &companies) != DMSA_OK)
        goto cleanup;
    for (o = json_next_object(companies.ptr); o && n < DMSA_MAX_COMPANIES;
         o = json_next_object(json_skip_object(o)))
        if (json_field_i64(o, "id", &ids[n]) == 0)
            n++;
    for (i = 0; i < n; i++)
        if (dump_company(a, ids[i], stdout) != DMSA_OK)
            goto cleanup;
    rc = 0;
cleanup:
    free(companies.ptr);
    dmsa_agent_destroy(a);
    curl_global_cleanup();
    return rc;
}
