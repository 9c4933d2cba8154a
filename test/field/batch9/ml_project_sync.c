/*
 * ml_project_sync.c - bulk project sync against the Procore monthly sandbox.
 *
 * Walks every page of the company's project list, fetches each project's
 * detail record and prints one TSV line per project.  All transfers share one
 * curl multi handle; a 401 queues a refresh-token transfer on the same engine
 * and puts the failed job back behind it.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_BASE   "https://login-sandbox-monthly.procore.com"
#define API_BASE     "https://api-monthly.procore.com"
#define WEB_BASE     "https://app.procore.com"
#define PER_PAGE     100
#define MAX_PARALLEL 6

enum job_kind { JOB_TOKEN, JOB_PROJECTS_PAGE, JOB_PROJECT_DETAIL, JOB_WHOAMI };

struct job {
    enum job_kind kind;
    int page;
    int64_t project_id;
    struct job *next;
};

struct buf { char *data; size_t len; };

struct engine;
struct xfer;
typedef void (*done_fn)(struct engine *, struct xfer *, long status);

struct xfer {
    CURL *easy;
    struct curl_slist *headers;
    char url[512];
    struct buf body;
    struct job job;
    done_fn on_done;
};

struct engine {
    CURLM *multi;
    struct job *head, *tail;
    int in_flight;
    int refreshing;
    int64_t company_id;
    char access_token[512];
    char refresh_token[512];
    const char *client_id, *client_secret;
};

static size_t write_cb(char *ptr, size_t sz, size_t n, void *ud)
{
    struct buf *b = ud;
    size_t add = sz * n;
    char *p = realloc(b->data, b->len + add + 1);
    if (!p) return 0;
    memcpy(p + b->len, ptr, add);
    b->len += add;
    p[b->len] = '\0';
    b->data = p;
    return add;
}

static void queue_push(struct engine *e, enum job_kind kind, int page, int64_t project_id, int front)
{
    struct job *j = calloc(1, sizeof *j);
    j->kind = kind;
    j->page = page;
    j->project_id = project_id;
    if (front) {
        j->next = e->head;
        e->head = j;
        if (!e->tail) e->tail = j;
    } else {
        if (e->tail) e->tail->next = j; else e->head = j;
        e->tail = j;
    }
}

/* Tiny JSON helpers: good enough for the flat objects we read. */
static const char *json_find(const char *s, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(s, pat);
    if (!p) return NULL;
    p += strlen(pat);
    while (*p == ' ') p++;
    return p;
}

static int json_copy_str(const char *s, const char *key, char *out, size_t n)
{
    const char *p = json_find(s, key);
    if (!p || *p != '"') return -1;
    size_t i = 0;
    for (p++; *p && *p != '"' && i + 1 < n; p++) out[i++] = *p;
    out[i] = '\0';
    return 0;
}

static void on_token(struct engine *e, struct xfer *x, long status)
{
    e->refreshing = 0;
    if (status != 200 || !x->body.data) {
        fprintf(stderr, "token refresh failed: HTTP %ld\n", status);
        exit(1);
    }
    json_copy_str(x->body.data, "access_token", e->access_token, sizeof e->access_token);
    json_copy_str(x->body.data, "refresh_token", e->refresh_token, sizeof e->refresh_token);
}

static void on_projects_page(struct engine *e, struct xfer *x, long status)
{
    int count = 0;
    if (status != 200 || !x->body.data) return;
    for (const char *p = x->body.data; (p = strstr(p, "{\"id\":")) != NULL; p += 6) {
        long id = strtol(p + 6, NULL, 10);
        queue_push(e, JOB_PROJECT_DETAIL, 0, id, 0);
        count++;
    }
    if (count == PER_PAGE)
        queue_push(e, JOB_PROJECTS_PAGE, x->job.page + 1, 0, 0);
}

static void on_project_detail(struct engine *e, struct xfer *x, long status)
{
    char name[256] = "", number[64] = "";
    (void)e;
    if (status != 200 || !x->body.data) return;
    json_copy_str(x->body.data, "name", name, sizeof name);
    json_copy_str(x->body.data, "project_number", number, sizeof number);
    printf("%" PRId64 "\t%s\t%s\t" WEB_BASE "/%" PRId64 "/project/home\n",
           x->job.project_id, number, name, x->job.project_id);
}

static void on_whoami(struct engine *e, struct xfer *x, long status)
{
    char login[128] = "";
    (void)e;
    if (status == 200 && x->body.data)
        json_copy_str(x->body.data, "login", login, sizeof login);
    fprintf(stderr, "syncing as %s\n", login[0] ? login : "(unknown)");
}

static struct xfer *setup_xfer(struct engine *e, const struct job *j)
{
    struct xfer *x = calloc(1, sizeof *x);
    char line[600];
    x->job = *j;
    x->easy = curl_easy_init();

    switch (j->kind) {
    case JOB_TOKEN: {
        char form[1400];
        snprintf(x->url, sizeof x->url, LOGIN_BASE "/oauth/token");
        snprintf(form, sizeof form,
                 "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
                 e->refresh_token, e->client_id, e->client_secret);
        curl_easy_setopt(x->easy, CURLOPT_COPYPOSTFIELDS, form);
        x->on_done = on_token;
        break;
    }
    case JOB_PROJECTS_PAGE:
        snprintf(x->url, sizeof x->url,
                 API_BASE "/rest/v1.0/projects?company_id=%" PRId64 "&page=%d&per_page=%d",
                 e->company_id, j->page, PER_PAGE);
        x->on_done = on_projects_page;
        break;
    case JOB_PROJECT_DETAIL:
        snprintf(x->url, sizeof x->url,
                 API_BASE "/rest/v1.0/projects/%" PRId64 "?company_id=%" PRId64,
                 j->project_id, e->company_id);
        x->on_done = on_project_detail;
        break;
    case JOB_WHOAMI:
        snprintf(x->url, sizeof x->url, "https://login-sandbox-monthly.procore.com/rest/v1.0/me");
        x->on_done = on_whoami;
        break;
    }

    if (j->kind != JOB_TOKEN) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", e->access_token);
        x->headers = curl_slist_append(x->headers, line);
    }
    if (j->kind == JOB_PROJECTS_PAGE) {
        /* detail URLs already carry company_id in the query; /me needs none */
        snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, e->company_id);
        x->headers = curl_slist_append(x->headers, line);
    }
    x->headers = curl_slist_append(x->headers, "Accept: application/json");

    curl_easy_setopt(x->easy, CURLOPT_URL, x->url);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, &x->body);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT, 60L);
    return x;
}

static void pump(struct engine *e)
{
    while (e->head && e->in_flight < MAX_PARALLEL) {
        struct job *j = e->head;
        if (e->refreshing && j->kind != JOB_TOKEN) break;
        e->head = j->next;
        if (!e->head) e->tail = NULL;
        struct xfer *x = setup_xfer(e, j);
        if (j->kind == JOB_TOKEN) e->refreshing = 1;
        free(j);
        curl_multi_add_handle(e->multi, x->easy);
        e->in_flight++;
    }
}

static void finish(struct engine *e, CURLMsg *msg)
{
    struct xfer *x = NULL;
    long status = 0;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
    curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(e->multi, msg->easy_handle);
    e->in_flight--;

    if (status == 401 && x->job.kind != JOB_TOKEN) {
        queue_push(e, x->job.kind, x->job.page, x->job.project_id, 0);
        if (!e->refreshing) queue_push(e, JOB_TOKEN, 0, 0, 1);
    } else if (msg->data.result != CURLE_OK) {
        fprintf(stderr, "%s: %s\n", x->url, curl_easy_strerror(msg->data.result));
    } else {
        x->on_done(e, x, status);
    }
    curl_slist_free_all(x->headers);
    curl_easy_cleanup(x->easy);
    free(x->body.data);
    free(x);
}

int main(void)
{
    struct engine e = {0};
    const char *cid = getenv("PROCORE_COMPANY_ID");
    const char *rt = getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !rt) {
        fprintf(stderr, "set PROCORE_COMPANY_ID and PROCORE_REFRESH_TOKEN\n");
        return 2;
    }
    e.company_id = atol(cid);
    snprintf(e.refresh_token, sizeof e.refresh_token, "%s", rt);
    e.client_id = getenv("PROCORE_CLIENT_ID");
    e.client_secret = getenv("PROCORE_CLIENT_SECRET");

    curl_global_init(CURL_GLOBAL_DEFAULT);
    e.multi = curl_multi_init();
    queue_push(&e, JOB_TOKEN, 0, 0, 0);
    queue_push(&e, JOB_WHOAMI, 0, 0, 0);
    queue_push(&e, JOB_PROJECTS_PAGE, 1, 0, 0);

    int running = 0;
    do {
        pump(&e);
        curl_multi_perform(e.multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(e.multi, &left)) != NULL)
            if (msg->msg == CURLMSG_DONE) finish(&e, msg);
        if (running || e.head)
            curl_multi_poll(e.multi, NULL, 0, 1000, NULL);
    } while (running || e.head || e.in_flight);

    curl_multi_cleanup(e.multi);
    curl_global_cleanup();
    return 0;
}
