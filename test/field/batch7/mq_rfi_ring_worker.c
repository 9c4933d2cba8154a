/*
 * rfi_ring_worker.c - pulls open RFIs for a set of projects through a small
 * pthread worker pool and mirrors them into the field office SQLite cache.
 * Queued replies (typed offline by superintendents) are pushed back the same way.
 *
 * Build: cc -O2 -o rfi_ring_worker rfi_ring_worker.c -lcurl -lsqlite3 -lpthread
 * Usage: rfi_ring_worker <cache.db> <company_id> <project_id>...
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_BASE   "https://api.procore.com"
#define LOGIN_BASE "https://login.procore.com"
#define WEB_BASE   "https://app.procore.com"

#define RING_CAP     64
#define MAX_HEADERS  6
#define MAX_ATTEMPTS 3
#define N_WORKERS    4
#define MAX_PROJECTS 32

typedef enum { JOB_GET, JOB_POST, JOB_PATCH } job_method;

typedef struct {
    job_method method;
    char path[256];
    char query[128];
    char headers[MAX_HEADERS][128];
    int n_headers;
    char *payload;          /* owned, freed by the worker */
    int64_t project_id;
    int64_t rfi_id;
    int attempts;
} sync_job;

typedef struct {
    sync_job slots[RING_CAP];
    int head, tail, count, closed;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
} job_ring;

struct buf { char *data; size_t len; };

static job_ring g_ring = { .mu = PTHREAD_MUTEX_INITIALIZER,
                           .not_empty = PTHREAD_COND_INITIALIZER,
                           .not_full = PTHREAD_COND_INITIALIZER };
static sqlite3 *g_db;
static pthread_mutex_t g_db_mu = PTHREAD_MUTEX_INITIALIZER;
static char g_token[512];
static int64_t g_company_id;

static void ring_push(const sync_job *job)
{
    pthread_mutex_lock(&g_ring.mu);
    while (g_ring.count == RING_CAP && !g_ring.closed)
        pthread_cond_wait(&g_ring.not_full, &g_ring.mu);
    g_ring.slots[g_ring.tail] = *job;
    g_ring.tail = (g_ring.tail + 1) % RING_CAP;
    g_ring.count++;
    pthread_cond_signal(&g_ring.not_empty);
    pthread_mutex_unlock(&g_ring.mu);
}

static int ring_pop(sync_job *out)
{
    pthread_mutex_lock(&g_ring.mu);
    while (g_ring.count == 0 && !g_ring.closed)
        pthread_cond_wait(&g_ring.not_empty, &g_ring.mu);
    if (g_ring.count == 0) {
        pthread_mutex_unlock(&g_ring.mu);
        return 0;
    }
    *out = g_ring.slots[g_ring.head];
    g_ring.head = (g_ring.head + 1) % RING_CAP;
    g_ring.count--;
    pthread_cond_signal(&g_ring.not_full);
    pthread_mutex_unlock(&g_ring.mu);
    return 1;
}

static void job_add_header(sync_job *job, const char *line)
{
    if (job->n_headers < MAX_HEADERS)
        snprintf(job->headers[job->n_headers++], sizeof job->headers[0], "%s", line);
}

static void job_add_company(sync_job *job)
{
    char line[64];
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, g_company_id);
    job_add_header(job, line);
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + b->len, ptr, n);
    b->data = grown;
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* The one place that talks to Procore for queued work. */
static long send_job(const sync_job *job, struct buf *out)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char url[512], auth[600];
    long status = 0;
    int i;

    snprintf(url, sizeof url, "%s%s%s%s", API_BASE, job->path,
             job->query[0] ? "?" : "", job->query);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    for (i = 0; i < job->n_headers; i++)
        hdrs = curl_slist_append(hdrs, job->headers[i]);

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (job->method == JOB_POST)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, job->payload);
    else if (job->method == JOB_PATCH) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PATCH");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, job->payload);
    }
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

static int refresh_token(const char *client_id, const char *secret, const char *refresh)
{
    CURL *curl = curl_easy_init();
    struct buf out = { NULL, 0 };
    char form[1024];
    long status = 0;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    curl_easy_setopt(curl, CURLOPT_URL, LOGIN_BASE "/oauth/token");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (status == 200 && out.data) {
        const char *p = strstr(out.data, "\"access_token\":\"");
        if (p)
            sscanf(p + 16, "%511[^\"]", g_token);
    }
    free(out.data);
    return status == 200;
}

static void store_rfis(int64_t project_id, const char *json)
{
    const char *p = json;
    sqlite3_stmt *st;

    pthread_mutex_lock(&g_db_mu);
    sqlite3_prepare_v2(g_db, "INSERT OR REPLACE INTO rfis(id, project_id, raw) VALUES(?,?,?)",
                       -1, &st, NULL);
    while ((p = strstr(p, "\"id\":")) != NULL) {
        int64_t rfi_id = strtoll(p + 5, NULL, 10);
        sqlite3_bind_int(st, 1, rfi_id);
        sqlite3_bind_int64(st, 2, project_id);
        sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
        p += 5;
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&g_db_mu);
}

static void enqueue_rfi_list(int64_t project_id, int page)
{
    sync_job job = { .method = JOB_GET, .project_id = project_id };
    snprintf(job.path, sizeof job.path, "/rest/v1.1/projects/%" PRId64 "/rfis", project_id);
    snprintf(job.query, sizeof job.query, "filters[status]=open&page=%d&per_page=100", page);
    job_add_company(&job);
    ring_push(&job);
}

static void enqueue_pending_replies(void)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(g_db, "SELECT project_id, rfi_id, body FROM pending_replies", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        sync_job job = { .method = JOB_POST };
        job.project_id = sqlite3_column_int64(st, 0);
        job.rfi_id = sqlite3_column_int(st, 1);
        snprintf(job.path, sizeof job.path, "/rest/v1.0/projects/%" PRId64 "/rfis/%" PRId64 "/replies",
                 job.project_id, job.rfi_id);
        job_add_header(&job, "Content-Type: application/json");
        job.payload = strdup((const char *)sqlite3_column_text(st, 2));
        ring_push(&job);
    }
    sqlite3_finalize(st);
}

static void *worker(void *arg)
{
    sync_job job;
    (void)arg;
    while (ring_pop(&job)) {
        struct buf out = { NULL, 0 };
        long status = send_job(&job, &out);
        if (status >= 200 && status < 300) {
            if (job.method == JOB_GET)
                store_rfis(job.project_id, out.data ? out.data : "[]");
            printf("ok %s -> %s/%" PRId64 "/project/rfi/list\n", job.path, WEB_BASE, job.project_id);
            free(job.payload);
        } else if (++job.attempts < MAX_ATTEMPTS) {
            /* v1.1 list is not enabled on every tenant yet: fall back to v1.0 */
            if (status == 404 && strncmp(job.path, "/rest/v1.1/", 11) == 0)
                memcpy(job.path + 6, "v1.0", 4);
            ring_push(&job);
        } else {
            fprintf(stderr, "giving up on %s (HTTP %ld)\n", job.path, status);
            free(job.payload);
        }
        free(out.data);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tids[N_WORKERS];
    int64_t project_ids[MAX_PROJECTS];
    int n_projects = 0, i;
    const char *tok = getenv("PROCORE_TOKEN");

    if (argc < 4) {
        fprintf(stderr, "usage: %s cache.db company_id project_id...\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sqlite3_open(argv[1], &g_db) != SQLITE_OK)
        return 1;
    g_company_id = strtoll(argv[2], NULL, 10);
    for (i = 3; i < argc && n_projects < MAX_PROJECTS; i++)
        project_ids[n_projects++] = atoi(argv[i]);

    if (tok)
        snprintf(g_token, sizeof g_token, "%s", tok);
    else if (!refresh_token(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
                            getenv("PROCORE_REFRESH_TOKEN")))
        return 1;

    {   /* fail fast on a dead token before spinning up workers */
        sync_job me = { .method = JOB_GET };
        struct buf out = { NULL, 0 };
        snprintf(me.path, sizeof me.path, "/rest/v1.0/me");
        if (send_job(&me, &out) != 200) {
            fprintf(stderr, "token rejected: %s\n", out.data ? out.data : "");
            return 1;
        }
        free(out.data);
    }

    for (i = 0; i < N_WORKERS; i++)
        pthread_create(&tids[i], NULL, worker, NULL);

    for (i = 0; i < n_projects; i++)
        enqueue_rfi_list(project_ids[i], 1);
    enqueue_pending_replies();

    pthread_mutex_lock(&g_ring.mu);
    g_ring.closed = 1;
    pthread_cond_broadcast(&g_ring.not_empty);
    pthread_mutex_unlock(&g_ring.mu);
    for (i = 0; i < N_WORKERS; i++)
        pthread_join(tids[i], NULL);

    sqlite3_close(g_db);
    curl_global_cleanup();
    return 0;
}
