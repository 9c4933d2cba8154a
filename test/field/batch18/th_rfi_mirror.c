/*
 * th_rfi_mirror.c - mirror RFIs of every active project in a Procore company
 * into a local spool directory for the document-control box.
 *
 * The main thread lists projects and pushes one job per project into a ring
 * buffer; NUM_WORKERS pthreads pop jobs, each with its own CURL easy handle.
 *
 *   PROCORE_TOKEN=... PROCORE_COMPANY=12345 ./rfi_mirror /var/spool/rfi
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define API_BASE "https://api.procore.com"
#define WEB_BASE "https://app.procore.com"
#define SLACK_HOOK "https://hooks.slack.com/services/T000/B000/XXXX"
#define RING_CAP 32
#define NUM_WORKERS 4
#define REQ_GAP_US 250000 /* stay well under the 3600 req/h budget */

struct buf {
    char *data;
    size_t len;
};

typedef struct {
    int64_t project_id;
    char name[128];
} rfi_job;

static rfi_job ring[RING_CAP];
static int ring_head, ring_tail, ring_count, producer_done;
static pthread_mutex_t ring_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ring_not_full = PTHREAD_COND_INITIALIZER;

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static int total_rfis, failed_projects;

static char g_token[2048];
static int64_t g_company_id;
static const char *g_spool = ".";

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* Walks "id": values of a JSON array; good enough for the list endpoints. */
static const char *next_id(const char *p, int64_t *out)
{
    p = strstr(p, "\"id\":");
    if (!p)
        return NULL;
    *out = strtoll(p + 5, NULL, 10);
    return p + 5;
}

static struct curl_slist *procore_headers(void)
{
    char line[2200];
    struct curl_slist *h = NULL;
    snprintf(line, sizeof line, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, g_company_id);
    h = curl_slist_append(h, line);
    return h;
}

static long get_json(CURL *c, const char *url, struct curl_slist *hdr, struct buf *out)
{
    long status = 0;
    out->data = NULL;
    out->len = 0;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (curl_easy_perform(c) != CURLE_OK)
        return -1;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static void push_job(const rfi_job *job)
{
    pthread_mutex_lock(&ring_mu);
    while (ring_count == RING_CAP)
        pthread_cond_wait(&ring_not_full, &ring_mu);
    ring[ring_tail] = *job;
    ring_tail = (ring_tail + 1) % RING_CAP;
    ring_count++;
    pthread_cond_signal(&ring_not_empty);
    pthread_mutex_unlock(&ring_mu);
}

static int pop_job(rfi_job *job)
{
    pthread_mutex_lock(&ring_mu);
    while (ring_count == 0 && !producer_done)
        pthread_cond_wait(&ring_not_empty, &ring_mu);
    if (ring_count == 0) {
        pthread_mutex_unlock(&ring_mu);
        return 0;
    }
    *job = ring[ring_head];
    ring_head = (ring_head + 1) % RING_CAP;
    ring_count--;
    pthread_cond_signal(&ring_not_full);
    pthread_mutex_unlock(&ring_mu);
    return 1;
}

static void fetch_replies(CURL *c, int64_t project_id, int rfi_id, FILE *out)
{
    char url[512];
    char auth[2200];
    struct buf body;
    struct curl_slist *h = NULL;

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, auth);
    snprintf(url, sizeof url, API_BASE "/rest/v1.0/projects/%" PRId64 "/rfis/%d/replies",
             project_id, rfi_id);
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    body.data = NULL;
    body.len = 0;
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(c) == CURLE_OK && body.data)
        fprintf(out, ",\"replies_%d\":%s", rfi_id, body.data);
    free(body.data);
    curl_slist_free_all(h);
}

static void *worker(void *arg)
{
    CURL *c = curl_easy_init(); /* one handle per thread, never shared */
    struct curl_slist *hdr = procore_headers();
    rfi_job job;
    (void)arg;

    while (pop_job(&job)) {
        char url[512], path[512];
        struct buf body;
        snprintf(url, sizeof url, "%s/rest/v1.0/projects/%ld/rfis?per_page=100",
                 API_BASE, (long)job.project_id);
        long status = get_json(c, url, hdr, &body);
        if (status != 200) {
            fprintf(stderr, "[%s] RFIs failed (%ld), see %s/%" PRId64 "/project/rfi\n",
                    job.name, status, WEB_BASE, job.project_id);
            pthread_mutex_lock(&stats_mu);
            failed_projects++;
            pthread_mutex_unlock(&stats_mu);
            free(body.data);
            continue;
        }
        snprintf(path, sizeof path, "%s/%" PRId64 ".json", g_spool, job.project_id);
        FILE *out = fopen(path, "w");
        if (!out) {
            free(body.data);
            continue;
        }
        fprintf(out, "{\"rfis\":%s", body.data);
        int n = 0;
        for (const char *p = body.data; (p = strstr(p, "\"id\":")) != NULL; p += 5) {
            int rfi_id = atoi(p + 5);
            fetch_replies(c, job.project_id, rfi_id, out);
            n++;
            usleep(REQ_GAP_US);
        }
        fputs("}\n", out);
        fclose(out);
        free(body.data);
        pthread_mutex_lock(&stats_mu);
        total_rfis += n;
        pthread_mutex_unlock(&stats_mu);
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    return NULL;
}

static void notify_slack(void)
{
    char payload[256];
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(payload, sizeof payload, "{\"text\":\"rfi mirror: %d RFIs, %d projects failed\"}",
             total_rfis, failed_projects);
    curl_easy_setopt(c, CURLOPT_URL, SLACK_HOOK);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    pthread_t tids[NUM_WORKERS];
    const char *tok = getenv("PROCORE_TOKEN");
    const char *company = getenv("PROCORE_COMPANY");
    if (!tok || !company) {
        fprintf(stderr, "PROCORE_TOKEN and PROCORE_COMPANY are required\n");
        return 2;
    }
    snprintf(g_token, sizeof g_token, "%s", tok);
    g_company_id = strtoll(company, NULL, 10);
    if (argc > 1)
        g_spool = argv[1];

    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (int i = 0; i < NUM_WORKERS; i++)
        pthread_create(&tids[i], NULL, worker, NULL);

    CURL *c = curl_easy_init();
    struct curl_slist *hdr = procore_headers();
    char url[256];
    struct buf body;
    snprintf(url, sizeof url, API_BASE "/rest/v1.0/projects?company_id=%" PRId64, g_company_id);
    if (get_json(c, url, hdr, &body) == 200) {
        int64_t pid;
        for (const char *p = next_id(body.data, &pid); p; p = next_id(p, &pid)) {
            rfi_job job = {.project_id = pid};
            snprintf(job.name, sizeof job.name, "project-%" PRId64, pid);
            push_job(&job);
        }
    }
    free(body.data);

    pthread_mutex_lock(&ring_mu);
    producer_done = 1;
    pthread_cond_broadcast(&ring_not_empty);
    pthread_mutex_unlock(&ring_mu);
    for (int i = 0; i < NUM_WORKERS; i++)
        pthread_join(tids[i], NULL);

    notify_slack();
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    curl_global_cleanup();
    return failed_projects ? 1 : 0;
}
