/*
 * pcq -- tiny Procore query tool for the field-ops team.
 *
 *   pcq [--env prod|sandbox|monthly] me
 *   pcq companies
 *   pcq projects <company_id>
 *   pcq rfis <company_id> <project_id>
 *   pcq rfi  <company_id> <project_id> <rfi_id>
 *   pcq token-info
 *
 * Reads the OAuth access token from $PCQ_TOKEN (see `pcq-login`).
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- public interface (pcq_client.h in the old tree) ---- */
typedef struct procore_client procore_client;
typedef enum { PC_OK = 0, PC_E_ARGS, PC_E_NOMEM, PC_E_NET, PC_E_HTTP } pc_status;

typedef struct pc_request {
    const char *host;            /* base URL, no trailing slash */
    char        path[256];
    int64_t     company_id;      /* 0 = do not scope */
} pc_request;

typedef int (*pc_item_cb)(const char *obj, void *user);

procore_client *procore_client_new(const char *env, const char *token, pc_status *st);
void            procore_client_free(procore_client *c);
const char     *procore_client_api_base(const procore_client *c);
const char     *procore_client_login_base(const procore_client *c);
int             procore_client_get(procore_client *c, const pc_request *req, pc_item_cb cb,
                                   void *user, pc_status *st);

/* ---- implementation ---- */
typedef struct { const char *name, *login, *api; } pc_env;

static const pc_env k_envs[] = {
    { "prod",    "https://login.procore.com",                 "https://api.procore.com" },
    { "sandbox", "https://sandbox.procore.com",
                 "https://sandbox.procore.com" },
    { "monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com" },
};

struct procore_client {
    CURL         *curl;
    const pc_env *env;
    char          auth[512];
};

typedef struct { char *data; size_t len; } pc_buf;

static size_t pc_sink(char *p, size_t sz, size_t n, void *user)
{
    pc_buf *b = user;
    char *nd = realloc(b->data, b->len + sz * n + 1);
    if (!nd) return 0;
    memcpy(nd + b->len, p, sz * n);
    b->len += sz * n;
    nd[b->len] = '\0';
    b->data = nd;
    return sz * n;
}

procore_client *procore_client_new(const char *env, const char *token, pc_status *st)
{
    procore_client *c;
    size_t i;

    if (!token) { *st = PC_E_ARGS; return NULL; }
    if (!(c = calloc(1, sizeof *c))) { *st = PC_E_NOMEM; return NULL; }
    c->env = &k_envs[0];
    for (i = 0; env && i < sizeof k_envs / sizeof k_envs[0]; i++)
        if (!strcmp(env, k_envs[i].name)) c->env = &k_envs[i];
    c->curl = curl_easy_init();
    snprintf(c->auth, sizeof c->auth, "Authorization: Bearer %s", token);
    *st = PC_OK;
    return c;
}

void procore_client_free(procore_client *c)
{
    if (!c) return;
    curl_easy_cleanup(c->curl);
    free(c);
}

const char *procore_client_api_base(const procore_client *c) { return c->env->api; }
const char *procore_client_login_base(const procore_client *c) { return c->env->login; }

/* Hands every top-level object of a JSON array (or the single object) to cb. */
static int pc_split_objects(const char *json, pc_item_cb cb, void *user)
{
    int depth = 0, n = 0, in_str = 0;
    const char *start = NULL, *p;
    char *obj;

    for (p = json; p && *p; p++) {
        if (in_str) { if (*p == '\\' && p[1]) p++; else if (*p == '"') in_str = 0; continue; }
        if (*p == '"') in_str = 1;
        else if (*p == '{' && depth++ == 0) start = p;
        else if (*p == '}' && --depth == 0 && start) {
            obj = strndup(start, (size_t)(p - start + 1));
            if (cb(obj, user) != 0) { free(obj); return n; }
            free(obj);
            n++;
        }
    }
    return n;
}

int procore_client_get(procore_client *c, const pc_request *req, pc_item_cb cb, void *user,
                       pc_status *st)
{
    struct curl_slist *hdrs = NULL;
    pc_buf buf = { NULL, 0 };
    char url[512], company[64];
    long http = 0;
    CURLcode rc;
    int n = -1;

    snprintf(url, sizeof url, "%s%s", req->host, req->path);
    hdrs = curl_slist_append(hdrs, c->auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (req->company_id) {
        snprintf(company, sizeof company, "Procore-Company-Id: %" PRId64, req->company_id);
        hdrs = curl_slist_append(hdrs, company);
    }
    curl_easy_reset(c->curl);
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, pc_sink);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &buf);
    rc = curl_easy_perform(c->curl);
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &http);
    if (rc != CURLE_OK) *st = PC_E_NET;
    else if (http >= 400) { *st = PC_E_HTTP; fprintf(stderr, "HTTP %ld: %s\n", http, buf.data); }
    else { *st = PC_OK; n = cb ? pc_split_objects(buf.data, cb, user) : 0; }
    curl_slist_free_all(hdrs);
    free(buf.data);
    return n;
}

static void pc_req_init(pc_request *r, const char *host, const char *path)
{
    memset(r, 0, sizeof *r);
    r->host = host;
    snprintf(r->path, sizeof r->path, "%s", path);
}

static void pc_req_scope(pc_request *r, int64_t company_id) { r->company_id = company_id; }

/* ---- commands ---- */
static int print_line(const char *obj, void *user)
{
    const char *keys = user, *k;
    char pat[40];
    for (k = keys; *k; k += strlen(k) + 1) {
        const char *v;
        snprintf(pat, sizeof pat, "\"%s\":", k);
        v = strstr(obj, pat);
        printf("%-12.*s ", v ? (int)strcspn(v + strlen(pat), ",}") : 1, v ? v + strlen(pat) : "-");
    }
    putchar('\n');
    return 0;
}

typedef struct { int64_t company_id; int count; } project_ctx;

static int print_project(const char *obj, void *user)
{
    project_ctx *ctx = user;
    const char *p = strstr(obj, "\"id\":");
    int64_t id = p ? strtoll(p + 5, NULL, 10) : 0;
    printf("%" PRId64 "  https://app.procore.com/%" PRId64 "/project/home\n", id, id);
    ctx->count++;
    return 0;
}

int main(int argc, char **argv)
{
    const char *env = NULL, *cmd;
    procore_client *c;
    pc_request req;
    pc_status st;
    int argi = 1, page;

    if (argc > 2 && !strcmp(argv[1], "--env")) { env = argv[2]; argi = 3; }
    if (argi >= argc) { fprintf(stderr, "usage: pcq [--env E] <command> ...\n"); return 2; }
    cmd = argv[argi];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!(c = procore_client_new(env, getenv("PCQ_TOKEN"), &st))) return 1;

    if (!strcmp(cmd, "me")) {
        pc_req_init(&req, procore_client_api_base(c), "/rest/v1.0/me");
        procore_client_get(c, &req, print_line, "id\0login\0name\0", &st);
    } else if (!strcmp(cmd, "companies")) {
        pc_req_init(&req, procore_client_api_base(c), "/rest/v1.0/companies");
        procore_client_get(c, &req, print_line, "id\0name\0is_active\0", &st);
    } else if (!strcmp(cmd, "token-info")) {
        pc_req_init(&req, procore_client_login_base(c), "/oauth/token/info");
        procore_client_get(c, &req, print_line, "resource_owner_id\0expires_in_seconds\0", &st);
    } else if (!strcmp(cmd, "projects") && argc > argi + 1) {
        project_ctx ctx = { strtoll(argv[argi + 1], NULL, 10), 0 };
        for (page = 1; page < 50; page++) {
            char path[128];
            int before = ctx.count;
            snprintf(path, sizeof path, "/rest/v1.0/projects?company_id=%" PRId64 "&page=%d&per_page=100",
                     ctx.company_id, page);
            pc_req_init(&req, procore_client_api_base(c), path);
            pc_req_scope(&req, ctx.company_id);
            if (procore_client_get(c, &req, print_project, &ctx, &st) < 0 || ctx.count - before < 100)
                break;
        }
        fprintf(stderr, "%d projects\n", ctx.count);
    } else if (!strcmp(cmd, "rfis") && argc > argi + 2) {
        int64_t company_id = strtoll(argv[argi + 1], NULL, 10);
        long project_id = strtol(argv[argi + 2], NULL, 10);
        char path[128];
        snprintf(path, sizeof path, "/rest/v1.0/projects/%ld/rfis", project_id);
        pc_req_init(&req, procore_client_api_base(c), path);
        pc_req_scope(&req, company_id);
        procore_client_get(c, &req, print_line, "id\0number\0subject\0status\0", &st);
    } else if (!strcmp(cmd, "rfi") && argc > argi + 3) {
        int64_t project_id = strtoll(argv[argi + 2], NULL, 10);
        int rfi_id = atoi(argv[argi + 3]);
        char path[128];
        snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/rfis/%d", project_id, rfi_id);
        pc_req_init(&req, procore_client_api_base(c), path);
        procore_client_get(c, &req, print_line, "id\0number\0subject\0due_date\0", &st);
    } else {
        fprintf(stderr, "unknown command '%s' (docs: https://developers.procore.com/reference/rest)\n", cmd);
        st = PC_E_ARGS;
    }
    procore_client_free(c);
    curl_global_cleanup();
    return st == PC_OK ? 0 : 1;
}
