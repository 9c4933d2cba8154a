/* pq_submittal_syncd.c - pulls submittals into the local cache and marks scanned
 * ones received. Producers fill jobs into a ring; workers add the token and send.
 * build: cc -O2 -o submittal_syncd pq_submittal_syncd.c -lcurl -lpthread */
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define API_BASE   "https://api.procore.com"
#define TOKEN_URL  "https://api.procore.com/oauth/token"
#define RING_CAP   64
#define MAX_HDRS   6
#define MAX_RETRY  4
#define N_WORKERS  3

enum job_kind { JOB_ME, JOB_LIST_SUBMITTALS, JOB_GET_SUBMITTAL, JOB_MARK_RECEIVED, JOB_REFRESH };

struct job {
    enum job_kind kind;
    const char *method;
    char url[512];
    char headers[MAX_HDRS][160];
    int n_headers;
    char body[512];
    int64_t company_id;
    int64_t project_id;
    int64_t submittal_id;
    int attempts;
};

struct ring {
    struct job slots[RING_CAP];
    size_t head, tail, count;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

struct buf { char *data; size_t len; };

static struct ring q = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
/* token refresh jumps the line: one priority slot that pop_job checks first */
static struct job refresh_slot;
static int refresh_state; /* 0 idle, 1 queued, 2 in flight */
static volatile int running = 1;

static char access_token[512];
static char refresh_tok[512];
static pthread_mutex_t tok_mu = PTHREAD_MUTEX_INITIALIZER;

static void add_header(struct job *j, const char *line)
{
    if (j->n_headers < MAX_HDRS)
        snprintf(j->headers[j->n_headers++], sizeof j->headers[0], "%s", line);
}

static void add_company_header(struct job *j)
{
    char line[64];
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", (long long)j->company_id);
    add_header(j, line);
}

static int push_job(const struct job *j)
{
    pthread_mutex_lock(&q.mu);
    if (q.count == RING_CAP) {
        pthread_mutex_unlock(&q.mu);
        fprintf(stderr, "ring full, dropping %s %s\n", j->method, j->url);
        return -1;
    }
    q.slots[q.tail] = *j;
    q.tail = (q.tail + 1) % RING_CAP;
    q.count++;
    pthread_cond_signal(&q.cv);
    pthread_mutex_unlock(&q.mu);
    return 0;
}

static void push_refresh(void)
{
    pthread_mutex_lock(&q.mu);
    if (refresh_state == 0) {
        memset(&refresh_slot, 0, sizeof refresh_slot);
        refresh_slot.kind = JOB_REFRESH;
        refresh_slot.method = "POST";
        snprintf(refresh_slot.url, sizeof refresh_slot.url, "%s", TOKEN_URL);
        add_header(&refresh_slot, "Content-Type: application/x-www-form-urlencoded");
        pthread_mutex_lock(&tok_mu);
        snprintf(refresh_slot.body, sizeof refresh_slot.body,
                 "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
                 getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"), refresh_tok);
        pthread_mutex_unlock(&tok_mu);
        refresh_state = 1;
        pthread_cond_broadcast(&q.cv);
    }
    pthread_mutex_unlock(&q.mu);
}

static int pop_job(struct job *out)
{
    pthread_mutex_lock(&q.mu);
    while (running && refresh_state != 1 && q.count == 0)
        pthread_cond_wait(&q.cv, &q.mu);
    if (refresh_state == 1) {
        *out = refresh_slot;
        refresh_state = 2;
    } else if (q.count > 0) {
        *out = q.slots[q.head];
        q.head = (q.head + 1) % RING_CAP;
        q.count--;
    } else {
        pthread_mutex_unlock(&q.mu);
        return -1;
    }
    pthread_mutex_unlock(&q.mu);
    return 0;
}

static size_t collect(char *ptr, size_t sz, size_t n, void *ud)
{
    struct buf *b = ud;
    char *p = realloc(b->data, b->len + sz * n + 1);
    if (!p) return 0;
    memcpy(p + b->len, ptr, sz * n);
    b->data = p;
    b->len += sz * n;
    b->data[b->len] = '\0';
    return sz * n;
}

static void copy_json_string(const char *body, const char *key, char *out, size_t cap)
{
    const char *p = strstr(body, key);
    if (!p || !(p = strchr(p + strlen(key), '"')))
        return;
    size_t i = 0;
    for (++p; *p && *p != '"' && i + 1 < cap; ++p)
        out[i++] = *p;
    out[i] = '\0';
}

static void handle_response(const struct job *j, const char *body)
{
    switch (j->kind) {
    case JOB_REFRESH:
        pthread_mutex_lock(&tok_mu);
        copy_json_string(body, "\"access_token\":", access_token, sizeof access_token);
        copy_json_string(body, "\"refresh_token\":", refresh_tok, sizeof refresh_tok);
        pthread_mutex_unlock(&tok_mu);
        pthread_mutex_lock(&q.mu);
        refresh_state = 0;
        pthread_cond_broadcast(&q.cv);
        pthread_mutex_unlock(&q.mu);
        break;
    case JOB_ME: {
        const char *p = strstr(body, "\"id\":");
        long long me = p ? strtoll(p + 5, NULL, 10) : 0;
        fprintf(stderr, "running as procore user %lld\n", me);
        break;
    }
    case JOB_LIST_SUBMITTALS:
        for (const char *p = strstr(body, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
            struct job g = { .kind = JOB_GET_SUBMITTAL, .method = "GET" };
            int sid = atoi(p + 6);
            g.company_id = j->company_id;
            g.project_id = j->project_id;
            g.submittal_id = sid;
            snprintf(g.url, sizeof g.url, API_BASE "/rest/v1.1/projects/%lld/submittals/%lld",
                     (long long)g.project_id, (long long)g.submittal_id);
            add_header(&g, "Accept: application/json");
            push_job(&g);
        }
        break;
    case JOB_GET_SUBMITTAL: {
        char path[256];
        snprintf(path, sizeof path, "cache/submittals/%lld-%lld.json",
                 (long long)j->project_id, (long long)j->submittal_id);
        FILE *f = fopen(path, "w");
        if (f)
            fputs(body, f), fclose(f);
        break;
    }
    case JOB_MARK_RECEIVED:
        fprintf(stderr, "submittal %lld marked received\n", (long long)j->submittal_id);
        break;
    }
}

static void *worker(void *arg)
{
    (void)arg;
    CURL *h = curl_easy_init();
    struct job j;
    while (pop_job(&j) == 0) {
        struct curl_slist *hdrs = NULL;
        struct buf resp = { NULL, 0 };
        long status = 0;
        for (int i = 0; i < j.n_headers; i++)
            hdrs = curl_slist_append(hdrs, j.headers[i]);
        if (j.kind != JOB_REFRESH) {
            char auth[600];
            pthread_mutex_lock(&tok_mu);
            snprintf(auth, sizeof auth, "Authorization: Bearer %s", access_token);
            pthread_mutex_unlock(&tok_mu);
            hdrs = curl_slist_append(hdrs, auth);
        }
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, j.url);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, j.method);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        if (j.body[0])
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, j.body);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
        CURLcode rc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdrs);

        if (rc == CURLE_OK && status == 401 && j.kind != JOB_REFRESH) {
            push_refresh();
            push_job(&j); /* retried once the new token lands */
        } else if (rc != CURLE_OK || status == 429 || status >= 500) {
            if (j.kind != JOB_REFRESH && ++j.attempts < MAX_RETRY) {
                sleep(1u << j.attempts);
                push_job(&j);
            } else {
                fprintf(stderr, "giving up on %s %s (%ld)\n", j.method, j.url, status);
            }
        } else if (status < 300) {
            handle_response(&j, resp.data ? resp.data : "");
        } else {
            fprintf(stderr, "%s %s -> %ld\n", j.method, j.url, status);
        }
        free(resp.data);
    }
    curl_easy_cleanup(h);
    return NULL;
}

/* producer: the scanner drops "<project_id> <submittal_id> <yyyy-mm-dd>" lines here */
static void produce_received(int64_t company_id, const char *spool)
{
    FILE *f = fopen(spool, "r");
    char line[128];
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        struct job m = { .kind = JOB_MARK_RECEIVED, .method = "PATCH", .company_id = company_id };
        long long pid, sid;
        char date[11];
        if (sscanf(line, "%lld %lld %10s", &pid, &sid, date) != 3)
            continue;
        m.project_id = pid;
        m.submittal_id = sid;
        snprintf(m.url, sizeof m.url, API_BASE "/rest/v1.1/projects/%lld/submittals/%lld", pid, sid);
        snprintf(m.body, sizeof m.body, "{\"submittal\":{\"received_date\":\"%s\"}}", date);
        add_header(&m, "Content-Type: application/json");
        add_company_header(&m);
        push_job(&m);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    pthread_t th[N_WORKERS];
    const char *cid = getenv("PROCORE_COMPANY_ID");
    if (!cid || argc < 2) {
        fprintf(stderr, "usage: PROCORE_COMPANY_ID=... %s <project_id>...\n", argv[0]);
        return 2;
    }
    int64_t company_id = strtoll(cid, NULL, 10);
    snprintf(access_token, sizeof access_token, "%s", getenv("PROCORE_ACCESS_TOKEN") ? getenv("PROCORE_ACCESS_TOKEN") : "");
    snprintf(refresh_tok, sizeof refresh_tok, "%s", getenv("PROCORE_REFRESH_TOKEN") ? getenv("PROCORE_REFRESH_TOKEN") : "");
    curl_global_init(CURL_GLOBAL_DEFAULT);

    struct job me = { .kind = JOB_ME, .method = "GET", .url = API_BASE "/rest/v1.0/me" };
    push_job(&me);

    for (int i = 1; i < argc; i++) {
        struct job l = { .kind = JOB_LIST_SUBMITTALS, .method = "GET", .company_id = company_id };
        l.project_id = strtoll(argv[i], NULL, 10);
        snprintf(l.url, sizeof l.url, API_BASE "/rest/v1.1/projects/%lld/submittals?per_page=100",
                 (long long)l.project_id);
        add_company_header(&l);
        push_job(&l);
        printf("review: https://app.procore.com/%lld/project/submittals\n", (long long)l.project_id);
    }
    produce_received(company_id, "spool/received.txt");

    for (int i = 0; i < N_WORKERS; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    sleep(600); /* cron restarts us; workers are torn down with the process */
    running = 0;
    curl_global_cleanup();
    return 0;
}
