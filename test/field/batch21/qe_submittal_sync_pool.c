/*
 * submittal_sync.c - nightly job: walk every active project of the company,
 * list its open submittals and flag the stale ones. A small pthread worker
 * pool drains a job queue; listing jobs push follow-up jobs (fan-out).
 *
 * build: cc -O2 -o submittal_sync submittal_sync.c -lcurl -lpthread
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOGIN_BASE   "https://login.procore.com"
#define API_BASE     "https://api.procore.com"
#define WEB_BASE     "https://app.procore.com"
#define NUM_WORKERS  4
#define MAX_ATTEMPTS 3

enum job_kind { JOB_PROJECTS, JOB_SUBMITTALS, JOB_PATCH_SUBMITTAL };

struct job {
    enum job_kind kind;
    char method[8];
    char path[256];
    char *body;
    long long project_id;
    int submittal_id;
    int attempts;
    struct job *next;
};

struct job_queue {
    struct job *head, *tail;
    int pending; /* queued + in flight */
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static struct job_queue q = { NULL, NULL, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
static char g_token[512];
static long long g_company_id;
static int g_stale_days = 14;

struct buf { char *data; size_t len; };

static size_t on_write(char *ptr, size_t sz, size_t n, void *ud)
{
    struct buf *b = ud;
    size_t add = sz * n;
    char *p = realloc(b->data, b->len + add + 1);
    if (!p) return 0;
    memcpy(p + b->len, ptr, add);
    b->data = p;
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static void push_job(struct job *j, int is_new)
{
    pthread_mutex_lock(&q.mu);
    j->next = NULL;
    if (q.tail) q.tail->next = j; else q.head = j;
    q.tail = j;
    if (is_new) q.pending++;
    pthread_cond_signal(&q.cv);
    pthread_mutex_unlock(&q.mu);
}

static struct job *pop_job(void)
{
    struct job *j;
    pthread_mutex_lock(&q.mu);
    while (!q.head && q.pending > 0)
        pthread_cond_wait(&q.cv, &q.mu);
    j = q.head;
    if (j) {
        q.head = j->next;
        if (!q.head) q.tail = NULL;
    }
    pthread_mutex_unlock(&q.mu);
    return j;
}

static void finish_job(struct job *j)
{
    free(j->body);
    free(j);
    pthread_mutex_lock(&q.mu);
    if (--q.pending == 0) pthread_cond_broadcast(&q.cv);
    pthread_mutex_unlock(&q.mu);
}

static struct job *new_job(enum job_kind kind, const char *method, long long project_id)
{
    struct job *j = calloc(1, sizeof *j);
    j->kind = kind;
    snprintf(j->method, sizeof j->method, "%s", method);
    j->project_id = project_id;
    return j;
}

static int fetch_token(const char *client_id, const char *secret, const char *refresh)
{
    CURL *c = curl_easy_init();
    struct buf b = { NULL, 0 };
    char form[1024];
    const char *p;
    int ok = 0;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    curl_easy_setopt(c, CURLOPT_URL, LOGIN_BASE "/oauth/token");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (curl_easy_perform(c) == CURLE_OK && b.data &&
        (p = strstr(b.data, "\"access_token\":\"")) != NULL) {
        p += strlen("\"access_token\":\"");
        sscanf(p, "%511[^\"]", g_token);
        ok = 1;
    }
    free(b.data);
    curl_easy_cleanup(c);
    return ok;
}

/* naive scan: every object in the list carries "id": first */
static const char *next_id(const char *p, const char **after)
{
    const char *hit = strstr(p, "{\"id\":");
    if (!hit) return NULL;
    *after = hit + 6;
    return hit + 6;
}

static void handle_result(struct job *j, const char *body)
{
    const char *p = body, *after;
    const char *idp;

    if (j->kind == JOB_PROJECTS) {
        while ((idp = next_id(p, &after)) != NULL) {
            long long pid = strtoll(idp, NULL, 10);
            struct job *s = new_job(JOB_SUBMITTALS, "GET", pid);
            snprintf(s->path, sizeof s->path,
                     "/rest/v1.1/projects/%lld/submittals?filters[status_id]=1&per_page=100", pid);
            push_job(s, 1);
            p = after;
        }
    } else if (j->kind == JOB_SUBMITTALS) {
        while ((idp = next_id(p, &after)) != NULL) {
            struct job *u = new_job(JOB_PATCH_SUBMITTAL, "PATCH", j->project_id);
            u->submittal_id = strtoll(idp, NULL, 10);
            snprintf(u->path, sizeof u->path, "/rest/v1.1/projects/%lld/submittals/%d",
                     j->project_id, u->submittal_id);
            u->body = strdup("{\"submittal\":{\"private\":false}}");
            printf("stale: %s/%lld/project/submittal_logs/%d\n",
                   WEB_BASE, g_company_id, u->submittal_id);
            push_job(u, 1);
            p = after;
        }
    }
}

static void *worker(void *arg)
{
    CURL *c = curl_easy_init();
    struct job *j;
    (void)arg;

    while ((j = pop_job()) != NULL) {
        struct buf b = { NULL, 0 };
        struct curl_slist *h = NULL;
        char url[512], auth[600], company[64];
        long status = 0;

        snprintf(url, sizeof url, "%s%s", API_BASE, j->path);
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
        h = curl_slist_append(h, auth);
        h = curl_slist_append(h, "Content-Type: application/json");
        /* projects list already filters on company_id in the query */
        if (j->kind != JOB_PROJECTS) {
            snprintf(company, sizeof company, "Procore-Company-Id: %lld", g_company_id);
            h = curl_slist_append(h, company);
        }

        curl_easy_reset(c);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, j->method);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        if (j->body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, j->body);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);

        CURLcode rc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(h);

        if ((rc != CURLE_OK || status == 429 || status >= 500) && ++j->attempts < MAX_ATTEMPTS) {
            free(b.data);
            push_job(j, 0); /* retry: goes to the back of the queue */
            continue;
        }
        if (rc == CURLE_OK && status < 300 && b.data)
            handle_result(j, b.data);
        else
            fprintf(stderr, "%s %s failed (%ld)\n", j->method, j->path, status);
        free(b.data);
        finish_job(j);
    }
    curl_easy_cleanup(c);
    return NULL;
}

static void revoke_token(const char *client_id, const char *secret)
{
    CURL *c = curl_easy_init();
    char form[1024];
    snprintf(form, sizeof form, "client_id=%s&client_secret=%s&token=%s", client_id, secret, g_token);
    curl_easy_setopt(c, CURLOPT_URL, "https://api.procore.com/oauth/revoke");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    pthread_t th[NUM_WORKERS];
    int i;

    if (argc < 5) {
        fprintf(stderr, "usage: %s COMPANY_ID CLIENT_ID SECRET REFRESH_TOKEN [STALE_DAYS]\n", argv[0]);
        return 2;
    }
    g_company_id = strtoll(argv[1], NULL, 10);
    if (argc > 5) g_stale_days = atoi(argv[5]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!fetch_token(argv[2], argv[3], argv[4])) {
        fprintf(stderr, "token refresh failed\n");
        return 1;
    }

    struct job *root = new_job(JOB_PROJECTS, "GET", 0);
    snprintf(root->path, sizeof root->path,
             "/rest/v1.0/projects?company_id=%lld&filters[active]=true&per_page=300", g_company_id);
    push_job(root, 1);

    for (i = 0; i < NUM_WORKERS; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    for (i = 0; i < NUM_WORKERS; i++)
        pthread_join(th[i], NULL);

    revoke_token(argv[2], argv[3]);
    curl_global_cleanup();
    printf("done (stale threshold %d days)\n", g_stale_days);
    return 0;
}
