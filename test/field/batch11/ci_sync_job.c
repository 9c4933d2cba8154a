/*
 * erp-sync: nightly job that mirrors Procore projects, project users and the
 * company vendor directory into CSV drops for the ERP loader.
 * Authenticates as a Developer Managed Service Account (client credentials).
 * SYNC_DRY_RUN=1 logs requests instead of sending them.
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SJ_LOGIN_HOST "https://login.procore.com"
#define SJ_API_HOST   "https://api.procore.com"
#define SJ_QUEUE_CAP  512
#define SJ_MAX_HDRS   6

typedef enum { SJ_OK = 0, SJ_E_NET, SJ_E_HTTP, SJ_E_RATE, SJ_E_QUEUE } sj_err;
typedef enum { JOB_WHOAMI, JOB_COMPANIES, JOB_PROJECTS, JOB_PROJECT_USERS, JOB_VENDORS, JOB__COUNT } sj_kind;

typedef struct sj_request {
    const char *method;
    char        url[384];
    const char *body;
    char        headers[SJ_MAX_HDRS][256];
    int         n_headers;
} sj_request;

typedef struct sj_transport sj_transport;
struct sj_transport {
    long (*send)(sj_transport *self, sj_request *req, char **body_out, sj_err *err);
    void (*add_header)(sj_transport *self, sj_request *req, const char *name, const char *value);
    void (*free)(sj_transport *self);
    CURL *curl;
    FILE *log;
};

typedef struct sj_job {
    sj_kind kind;
    int64_t company_id;
    int64_t project_id;
    int     page;
    int     attempts;
} sj_job;

typedef struct sj_ctx {
    sj_transport *t;
    char          bearer[400];
    sj_job        queue[SJ_QUEUE_CAP];
    int           head, tail;
    FILE         *projects_csv, *users_csv, *vendors_csv;
} sj_ctx;

typedef int (*sj_job_fn)(sj_ctx *ctx, const sj_job *job, sj_err *err);

/* ---------- transports ---------- */
static size_t sj_collect(char *d, size_t sz, size_t n, void *user)
{
    char **buf = user;
    size_t old = *buf ? strlen(*buf) : 0;
    char *nb = realloc(*buf, old + sz * n + 1);
    if (!nb) return 0;
    memcpy(nb + old, d, sz * n);
    nb[old + sz * n] = '\0';
    *buf = nb;
    return sz * n;
}

static void sj_add_header(sj_transport *self, sj_request *req, const char *name, const char *value)
{
    (void)self;
    if (req->n_headers < SJ_MAX_HDRS)
        snprintf(req->headers[req->n_headers++], sizeof req->headers[0], "%s: %s", name, value);
}

static long sj_curl_send(sj_transport *self, sj_request *req, char **body_out, sj_err *err)
{
    struct curl_slist *hl = NULL;
    long status = 0;
    int i;

    for (i = 0; i < req->n_headers; i++) hl = curl_slist_append(hl, req->headers[i]);
    curl_easy_reset(self->curl);
    curl_easy_setopt(self->curl, CURLOPT_URL, req->url);
    curl_easy_setopt(self->curl, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) curl_easy_setopt(self->curl, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(self->curl, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(self->curl, CURLOPT_WRITEFUNCTION, sj_collect);
    curl_easy_setopt(self->curl, CURLOPT_WRITEDATA, body_out);
    if (curl_easy_perform(self->curl) != CURLE_OK) *err = SJ_E_NET;
    else {
        curl_easy_getinfo(self->curl, CURLINFO_RESPONSE_CODE, &status);
        *err = status == 429 ? SJ_E_RATE : status >= 400 ? SJ_E_HTTP : SJ_OK;
    }
    curl_slist_free_all(hl);
    return status;
}

static long sj_log_send(sj_transport *self, sj_request *req, char **body_out, sj_err *err)
{
    int i;
    fprintf(self->log, "%s %s\n", req->method, req->url);
    for (i = 0; i < req->n_headers; i++) fprintf(self->log, "    %s\n", req->headers[i]);
    *body_out = strdup("[]");
    *err = SJ_OK;
    return 200;
}

static void sj_transport_free(sj_transport *self)
{
    if (self->curl) curl_easy_cleanup(self->curl);
    free(self);
}

static sj_transport *sj_transport_create(int dry_run)
{
    sj_transport *t = calloc(1, sizeof *t);
    t->send = dry_run ? sj_log_send : sj_curl_send;
    t->add_header = sj_add_header;
    t->free = sj_transport_free;
    t->curl = dry_run ? NULL : curl_easy_init();
    t->log = stderr;
    return t;
}

/* ---------- request descriptors ---------- */
static void sj_req_get(sj_ctx *ctx, sj_request *req, const char *path)
{
    memset(req, 0, sizeof *req);
    req->method = "GET";
    snprintf(req->url, sizeof req->url, SJ_API_HOST "%s", path);
    ctx->t->add_header(ctx->t, req, "Authorization", ctx->bearer);
}

static void sj_req_company(sj_ctx *ctx, sj_request *req, int64_t company_id)
{
    char v[24];
    snprintf(v, sizeof v, "%" PRId64, company_id);
    ctx->t->add_header(ctx->t, req, "Procore-Company-Id", v);
}

static int sj_enqueue(sj_ctx *ctx, sj_job job, sj_err *err)
{
    if ((ctx->tail + 1) % SJ_QUEUE_CAP == ctx->head) { *err = SJ_E_QUEUE; return -1; }
    ctx->queue[ctx->tail] = job;
    ctx->tail = (ctx->tail + 1) % SJ_QUEUE_CAP;
    return 0;
}

/* ---------- job handlers ---------- */
static int job_whoami(sj_ctx *ctx, const sj_job *job, sj_err *err)
{
    sj_request req;
    char *body = NULL;
    sj_req_get(ctx, &req, "/rest/v1.0/me");
    sj_req_company(ctx, &req, job->company_id);
    ctx->t->send(ctx->t, &req, &body, err);
    fprintf(stderr, "service account: %.120s\n", body ? body : "?");
    free(body);
    return *err == SJ_OK ? 0 : -1;
}

/* sanity check that the DMSA is still installed in the company */
static int job_companies(sj_ctx *ctx, const sj_job *job, sj_err *err)
{
    sj_request req;
    char *body = NULL, needle[40];
    int found;
    sj_req_get(ctx, &req, "/rest/v1.0/companies");
    ctx->t->send(ctx->t, &req, &body, err);
    snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",", job->company_id);
    found = body && strstr(body, needle) != NULL;
    free(body);
    return (*err == SJ_OK && found) ? 0 : -1;
}

static int job_projects(sj_ctx *ctx, const sj_job *job, sj_err *err)
{
    sj_request req;
    char path[160], *body = NULL;
    const char *p;
    int rows = 0;

    snprintf(path, sizeof path, "/rest/v1.0/projects?company_id=%" PRId64 "&page=%d&per_page=100",
             job->company_id, job->page);
    sj_req_get(ctx, &req, path);
    sj_req_company(ctx, &req, job->company_id);
    ctx->t->send(ctx->t, &req, &body, err);
    for (p = body; *err == SJ_OK && p && (p = strstr(p, "{\"id\":")) != NULL; p++, rows++) {
        int32_t pid = (int32_t)strtol(p + 6, NULL, 10);
        sj_job users = { JOB_PROJECT_USERS, job->company_id, pid, 1, 0 };
        fprintf(ctx->projects_csv, "%" PRId64 ",%" PRId32 "\n", job->company_id, pid);
        sj_enqueue(ctx, users, err);
    }
    if (rows == 100) {
        sj_job next = *job;
        next.page++;
        sj_enqueue(ctx, next, err);
    }
    free(body);
    return *err == SJ_OK ? 0 : -1;
}

static int job_project_users(sj_ctx *ctx, const sj_job *job, sj_err *err)
{
    sj_request req;
    char path[128], *body = NULL;
    const char *p;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/users?page=%d", job->project_id, job->page);
    sj_req_get(ctx, &req, path);
    sj_req_company(ctx, &req, job->company_id);
    ctx->t->send(ctx->t, &req, &body, err);
    for (p = body; *err == SJ_OK && p && (p = strstr(p, "{\"id\":")) != NULL; p++)
        fprintf(ctx->users_csv, "%" PRId64 ",%lld\n", job->project_id, strtoll(p + 6, NULL, 10));
    free(body);
    return *err == SJ_OK ? 0 : -1;
}

static int job_vendors(sj_ctx *ctx, const sj_job *job, sj_err *err)
{
    sj_request req;
    char path[128], *body = NULL;
    const char *p;

    snprintf(path, sizeof path, "/rest/v1.0/vendors?company_id=%" PRId64, job->company_id);
    sj_req_get(ctx, &req, path);
    sj_req_company(ctx, &req, job->company_id);
    ctx->t->send(ctx->t, &req, &body, err);
    for (p = body; *err == SJ_OK && p && (p = strstr(p, "{\"id\":")) != NULL; p++) {
        int64_t vendor_id = strtoll(p + 6, NULL, 10);
        fprintf(ctx->vendors_csv, "%ld,%" PRId64 "\n", (long)vendor_id, job->company_id);
    }
    free(body);
    return *err == SJ_OK ? 0 : -1;
}

static const sj_job_fn k_handlers[JOB__COUNT] = {
    [JOB_WHOAMI] = job_whoami,   [JOB_COMPANIES] = job_companies, [JOB_PROJECTS] = job_projects,
    [JOB_PROJECT_USERS] = job_project_users, [JOB_VENDORS] = job_vendors,
};

static int sj_authenticate(sj_ctx *ctx, sj_err *err)
{
    sj_request req;
    char *body = NULL, *tok;
    memset(&req, 0, sizeof req);
    req.method = "POST";
    snprintf(req.url, sizeof req.url, SJ_LOGIN_HOST "/oauth/token");
    req.body = "grant_type=client_credentials";   /* client id/secret via basic auth below */
    ctx->t->add_header(ctx->t, &req, "Authorization", getenv("SYNC_BASIC_AUTH"));
    ctx->t->send(ctx->t, &req, &body, err);
    if (*err != SJ_OK || !body || !(tok = strstr(body, "\"access_token\":\""))) { free(body); return -1; }
    snprintf(ctx->bearer, sizeof ctx->bearer, "Bearer %.*s", (int)strcspn(tok + 16, "\""), tok + 16);
    free(body);
    return 0;
}

int main(void)
{
    static sj_ctx ctx;
    const char *dry = getenv("SYNC_DRY_RUN");
    int64_t company_id = strtoll(getenv("SYNC_COMPANY_ID"), NULL, 10);
    sj_kind k;
    sj_err err;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    ctx.t = sj_transport_create(dry && dry[0] == '1');
    ctx.projects_csv = fopen("projects.csv", "w");
    ctx.users_csv = fopen("project_users.csv", "w");
    ctx.vendors_csv = fopen("vendors.csv", "w");
    if (sj_authenticate(&ctx, &err) != 0) return 1;
    for (k = JOB_WHOAMI; k <= JOB_VENDORS; k++) {
        sj_job j = { k, company_id, 0, 1, 0 };
        if (k != JOB_PROJECT_USERS) sj_enqueue(&ctx, j, &err);
    }
    while (ctx.head != ctx.tail) {
        sj_job job = ctx.queue[ctx.head];
        ctx.head = (ctx.head + 1) % SJ_QUEUE_CAP;
        if (k_handlers[job.kind](&ctx, &job, &err) != 0 && err == SJ_E_RATE && job.attempts < 5) {
            job.attempts++;
            sleep(2u << job.attempts);
            sj_enqueue(&ctx, job, &err);
        }
    }
    fclose(ctx.projects_csv); fclose(ctx.users_csv); fclose(ctx.vendors_csv);
    ctx.t->free(ctx.t);
    curl_global_cleanup();
    return 0;
}
