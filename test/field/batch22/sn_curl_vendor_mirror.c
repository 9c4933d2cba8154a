/*
 * vendor_mirror.c -- nightly mirror of the ERP vendor master into the
 * Procore company directory.
 *
 * The ERP export is loaded into an in-memory table (stand-in for the
 * staging DB), the remote vendor list is pulled page by page, and the
 * diff is turned into create / update / delete requests.
 *
 * Build: cc -o vendor_mirror vendor_mirror.c -lcurl
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_BASE     "https://api.procore.com/rest/v1.0"
#define TOKEN_URL    "https://api.procore.com/oauth/token"
#define WEB_BASE     "https://app.procore.com"
#define MAX_VENDORS  1024
#define PER_PAGE     100

struct vendor {
    int64_t procore_id;          /* 0 = not in Procore yet */
    char    erp_code[32];
    char    name[128];
    char    email[128];
    int     is_active;
};

struct store {
    struct vendor rows[MAX_VENDORS];
    size_t count;
};

enum op_kind { OP_CREATE, OP_UPDATE, OP_DELETE };

struct sync_op {
    enum op_kind kind;
    struct vendor *local;        /* NULL for deletes */
    long remote_id;
};

struct buffer {
    char  *data;
    size_t len;
};

struct request {
    char url[512];
    const char *method;
    struct curl_slist *headers;
    char body[1024];
};

static char    g_token[512];
static int64_t g_company_id;
static struct store g_local, g_remote;
static struct sync_op g_ops[2 * MAX_VENDORS];
static size_t g_nops;

static size_t collect(void *ptr, size_t sz, size_t n, void *ud)
{
    struct buffer *b = ud;
    size_t add = sz * n;
    char *p = realloc(b->data, b->len + add + 1);
    if (!p) return 0;
    b->data = p;
    memcpy(b->data + b->len, ptr, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

/* Sends one REST request; every API call in this tool goes through here. */
static long perform(const struct request *rq, struct buffer *out)
{
    CURL *c = curl_easy_init();
    long status = 0;
    if (!c) return -1;
    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, rq->headers);
    if (rq->body[0])
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

static int refresh_token(const char *client_id, const char *secret, const char *refresh)
{
    struct buffer out = {0};
    char form[1024];
    CURL *c = curl_easy_init();
    const char *p;
    size_t i = 0;
    if (!c) return -1;
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    curl_easy_setopt(c, CURLOPT_URL, TOKEN_URL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (!out.data || !(p = strstr(out.data, "\"access_token\":\""))) {
        free(out.data);
        return -1;
    }
    for (p += 16; *p && *p != '"' && i + 1 < sizeof g_token; ++p)
        g_token[i++] = *p;
    g_token[i] = '\0';
    free(out.data);
    return 0;
}

static struct request make_prototype(void)
{
    struct request proto;
    char line[600];
    memset(&proto, 0, sizeof proto);
    proto.method = "GET";
    snprintf(line, sizeof line, "Authorization: Bearer %s", g_token);
    proto.headers = curl_slist_append(NULL, line);
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, g_company_id);
    proto.headers = curl_slist_append(proto.headers, line);
    proto.headers = curl_slist_append(proto.headers, "Content-Type: application/json");
    return proto;
}

/* Poor man's scanner: the vendor index payload is a flat array of objects. */
static size_t parse_vendor_page(const char *json, struct store *dst)
{
    size_t found = 0;
    const char *p = json;
    while (p && (p = strstr(p, "{\"id\":")) && dst->count < MAX_VENDORS) {
        struct vendor *v = &dst->rows[dst->count++];
        const char *n = strstr(p, "\"name\":\"");
        memset(v, 0, sizeof *v);
        v->procore_id = atol(p + 6);
        if (n) sscanf(n + 8, "%127[^\"]", v->name);
        v->is_active = strstr(p, "\"is_active\":true") != NULL;
        ++found;
        ++p;
    }
    return found;
}

static void fetch_remote(const struct request *proto)
{
    int page = 1;
    for (;;) {
        struct request rq = *proto;
        struct buffer out = {0};
        size_t got;
        snprintf(rq.url, sizeof rq.url, API_BASE "/vendors?company_id=%" PRId64
                 "&page=%d&per_page=%d", g_company_id, page, PER_PAGE);
        if (perform(&rq, &out) != 200) { free(out.data); break; }
        got = parse_vendor_page(out.data ? out.data : "", &g_remote);
        free(out.data);
        if (got < PER_PAGE) break;
        ++page;
    }
}

static void load_local(const char *csv)
{
    char line[512];
    FILE *f = fopen(csv, "r");
    if (!f) return;
    while (fgets(line, sizeof line, f) && g_local.count < MAX_VENDORS) {
        struct vendor *v = &g_local.rows[g_local.count];
        char idbuf[32] = "";
        memset(v, 0, sizeof *v);
        if (sscanf(line, "%31[^,],%127[^,],%127[^,],%31s", v->erp_code, v->name,
                   v->email, idbuf) < 3)
            continue;
        v->procore_id = strtoll(idbuf, NULL, 10);
        v->is_active = 1;
        g_local.count++;
    }
    fclose(f);
}

static const struct vendor *find_remote(int64_t id)
{
    size_t i;
    for (i = 0; i < g_remote.count; ++i)
        if (g_remote.rows[i].procore_id == id) return &g_remote.rows[i];
    return NULL;
}

static void diff(void)
{
    size_t i, j;
    for (i = 0; i < g_local.count; ++i) {
        struct vendor *l = &g_local.rows[i];
        const struct vendor *r = l->procore_id ? find_remote(l->procore_id) : NULL;
        if (!r)
            g_ops[g_nops++] = (struct sync_op){OP_CREATE, l, 0};
        else if (strcmp(r->name, l->name) != 0)
            g_ops[g_nops++] = (struct sync_op){OP_UPDATE, l, l->procore_id};
    }
    for (j = 0; j < g_remote.count; ++j) {
        int keep = 0;
        for (i = 0; i < g_local.count && !keep; ++i)
            keep = g_local.rows[i].procore_id == g_remote.rows[j].procore_id;
        if (!keep && g_remote.rows[j].is_active)
            g_ops[g_nops++] = (struct sync_op){OP_DELETE, NULL, g_remote.rows[j].procore_id};
    }
}

static void apply(const struct request *proto)
{
    size_t i;
    char auth[600];
    struct curl_slist *del_headers;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    /* the gateway rejects DELETE with a JSON content type, send auth only */
    del_headers = curl_slist_append(NULL, auth);

    for (i = 0; i < g_nops; ++i) {
        const struct sync_op *op = &g_ops[i];
        struct request rq = *proto;
        struct buffer out = {0};
        long status;
        switch (op->kind) {
        case OP_CREATE:
            rq.method = "POST";
            snprintf(rq.url, sizeof rq.url, API_BASE "/vendors?company_id=%" PRId64, g_company_id);
            snprintf(rq.body, sizeof rq.body,
                     "{\"vendor\":{\"name\":\"%s\",\"email_address\":\"%s\",\"origin_id\":\"%s\"}}",
                     op->local->name, op->local->email, op->local->erp_code);
            status = perform(&rq, &out);
            if (status == 201 && out.data && strstr(out.data, "\"id\":"))
                op->local->procore_id = strtoll(strstr(out.data, "\"id\":") + 5, NULL, 10);
            break;
        case OP_UPDATE:
            rq.method = "PATCH";
            snprintf(rq.url, sizeof rq.url, API_BASE "/vendors/%" PRId64 "?company_id=%" PRId64,
                     op->local->procore_id, g_company_id);
            snprintf(rq.body, sizeof rq.body, "{\"vendor\":{\"name\":\"%s\"}}", op->local->name);
            status = perform(&rq, &out);
            break;
        default:
            rq.method = "DELETE";
            rq.headers = del_headers;
            snprintf(rq.url, sizeof rq.url, API_BASE "/vendors/%ld?company_id=%" PRId64,
                     op->remote_id, g_company_id);
            status = perform(&rq, &out);
            break;
        }
        if (status >= 300)
            fprintf(stderr, "op %zu failed with HTTP %ld: %s\n", i, status, out.data ? out.data : "");
        free(out.data);
    }
    curl_slist_free_all(del_headers);
}

int main(int argc, char **argv)
{
    struct request proto;
    const char *company = getenv("PROCORE_COMPANY_ID");
    if (argc < 2 || !company) {
        fprintf(stderr, "usage: PROCORE_COMPANY_ID=... %s vendors.csv\n", argv[0]);
        return 2;
    }
    g_company_id = strtoll(company, NULL, 10);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh_token(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
                      getenv("PROCORE_REFRESH_TOKEN")) != 0) {
        fprintf(stderr, "token refresh failed\n");
        return 1;
    }
    proto = make_prototype();
    load_local(argv[1]);
    fetch_remote(&proto);
    diff();
    apply(&proto);
    printf("%zu operations applied; review at " WEB_BASE "/%" PRId64 "/company/directory\n",
           g_nops, g_company_id);
    curl_slist_free_all(proto.headers);
    curl_global_cleanup();
    return 0;
}
