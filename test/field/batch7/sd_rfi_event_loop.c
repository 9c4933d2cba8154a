/* sd_rfi_event_loop.c - pulls open RFIs (and their reply counts) for every
 * active project into the field office cache.
 *
 * Uses the libcurl multi interface so one slow project does not stall the
 * others. Every transfer owns a context (struct xfer) with its URL, header
 * list, response buffer and a completion callback that queues follow-ups.
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_BASE "https://login.procore.com"
#define API_BASE   "https://api.procore.com"
#define WEB_BASE   "https://app.procore.com"
#define MAX_RETRIES 3

struct buf { char *data; size_t len; };

struct xfer;
typedef void (*done_fn)(struct xfer *x, long status);

struct xfer {
    CURL *easy;
    struct curl_slist *headers;
    char url[512];
    char *body;                 /* owned POST body, may be NULL */
    struct buf resp;
    done_fn on_done;
    long long project_id;
    long long rfi_id;
    int attempt;
};

struct rfi_row {
    long long id;
    long long project_id;
    long assignee_id;
    char subject[256];
    int days_open;
};

static CURLM *g_multi;
static char g_token[512];
static long long g_company_id;
static int g_inflight;
static int g_max_projects = 50;

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
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

static struct xfer *xfer_new(done_fn cb)
{
    struct xfer *x = calloc(1, sizeof *x);
    x->easy = curl_easy_init();
    x->on_done = cb;
    return x;
}

static void xfer_free(struct xfer *x)
{
    curl_slist_free_all(x->headers);
    curl_easy_cleanup(x->easy);
    free(x->body);
    free(x->resp.data);
    free(x);
}

static void add_bearer(struct xfer *x)
{
    char line[600];
    snprintf(line, sizeof line, "Authorization: Bearer %s", g_token);
    x->headers = curl_slist_append(x->headers, line);
    x->headers = curl_slist_append(x->headers, "Accept: application/json");
}

static void add_company(struct xfer *x)
{
    char line[64];
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", g_company_id);
    x->headers = curl_slist_append(x->headers, line);
}

/* (Re)submits a transfer from its context; used for first sends and retries. */
static void start(struct xfer *x)
{
    free(x->resp.data);
    x->resp.data = NULL;
    x->resp.len = 0;
    curl_easy_setopt(x->easy, CURLOPT_URL, x->url);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, &x->resp);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    if (x->body)
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body);
    curl_multi_add_handle(g_multi, x->easy);
    g_inflight++;
}

/* Finds the next `"key":` in p and returns a pointer to its value. */
static const char *next_key(const char *p, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *hit = p ? strstr(p, pat) : NULL;
    return hit ? hit + strlen(pat) : NULL;
}

static void on_projects(struct xfer *x, long status);
static void on_rfis(struct xfer *x, long status);
static void on_replies(struct xfer *x, long status);

static void on_me(struct xfer *x, long status)
{
    const char *v = next_key(x->resp.data, "id");
    if (status == 200 && v) {
        long long me_id = strtoll(v, NULL, 10);
        fprintf(stderr, "rfi-sync: running as user %lld\n", me_id);
    }
}

static void on_token(struct xfer *x, long status)
{
    const char *v = next_key(x->resp.data, "access_token");
    if (status != 200 || !v) {
        fprintf(stderr, "rfi-sync: token refresh failed (%ld)\n", status);
        return;
    }
    sscanf(v, " \"%511[^\"]\"", g_token);

    struct xfer *me = xfer_new(on_me);
    snprintf(me->url, sizeof me->url, "%s/rest/v1.0/me", API_BASE);
    add_bearer(me);
    start(me);

    struct xfer *pl = xfer_new(on_projects);
    snprintf(pl->url, sizeof pl->url,
             "%s/rest/v1.0/projects?company_id=%lld&filters[active]=true&per_page=%d",
             API_BASE, g_company_id, g_max_projects);
    add_bearer(pl);
    add_company(pl);
    start(pl);
}

static void queue_rfis(long long project_id)
{
    struct xfer *x = xfer_new(on_rfis);
    x->project_id = project_id;
    snprintf(x->url, sizeof x->url,
             "%s/rest/v1.0/projects/%lld/rfis?filters[status]=open", API_BASE, project_id);
    add_bearer(x);
    add_company(x);
    start(x);
}

static void queue_replies(long long project_id, long long rfi_id)
{
    struct xfer *x = xfer_new(on_replies);
    x->project_id = project_id;
    x->rfi_id = rfi_id;
    snprintf(x->url, sizeof x->url,
             "%s/rest/v1.0/projects/%lld/rfis/%lld/replies", API_BASE, project_id, rfi_id);
    add_bearer(x);
    start(x);
}

static void on_projects(struct xfer *x, long status)
{
    if (status != 200)
        return;
    int queued = 0;
    for (const char *p = next_key(x->resp.data, "id"); p && queued < g_max_projects;
         p = next_key(p, "id")) {
        long long project_id = strtoll(p, NULL, 10);
        queue_rfis(project_id);
        queued++;
    }
    fprintf(stderr, "rfi-sync: queued %d projects\n", queued);
}

static void on_rfis(struct xfer *x, long status)
{
    if (status != 200)
        return;
    for (const char *p = next_key(x->resp.data, "id"); p; p = next_key(p, "id")) {
        struct rfi_row row = {0};
        int rfi_id = atoi(p);
        row.id = rfi_id;
        row.project_id = x->project_id;
        const char *a = next_key(p, "assignee_id");
        if (a)
            row.assignee_id = strtoll(a, NULL, 10);
        printf("%s/%lld/project/rfi/show/%lld\n", WEB_BASE, row.project_id, row.id);
        queue_replies(x->project_id, rfi_id);
    }
}

static void on_replies(struct xfer *x, long status)
{
    int replies = 0;
    for (const char *p = next_key(x->resp.data, "body"); p; p = next_key(p, "body"))
        replies++;
    printf("rfi %lld: %d replies (HTTP %ld)\n", x->rfi_id, replies, status);
}

static void queue_token(const char *client_id, const char *secret, const char *refresh)
{
    struct xfer *x = xfer_new(on_token);
    snprintf(x->url, sizeof x->url, "%s/oauth/token", LOGIN_BASE);
    size_t n = strlen(client_id) + strlen(secret) + strlen(refresh) + 96;
    x->body = malloc(n);
    snprintf(x->body, n, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    x->headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    start(x);
}

int main(void)
{
    const char *company = getenv("PROCORE_COMPANY_ID");
    const char *max = getenv("RFI_MAX_PROJECTS");
    if (!company) {
        fprintf(stderr, "PROCORE_COMPANY_ID not set\n");
        return 2;
    }
    g_company_id = strtoll(company, NULL, 10);
    if (max)
        g_max_projects = atoi(max);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_multi = curl_multi_init();
    queue_token(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
                getenv("PROCORE_REFRESH_TOKEN"));

    int running = 0;
    do {
        curl_multi_perform(g_multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(g_multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct xfer *x;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(g_multi, msg->easy_handle);
            g_inflight--;
            if ((status == 429 || status >= 500) && x->attempt < MAX_RETRIES) {
                x->attempt++;
                start(x);
                continue;
            }
            x->on_done(x, status);
            xfer_free(x);
        }
        curl_multi_poll(g_multi, NULL, 0, 1000, NULL);
    } while (g_inflight > 0);

    curl_multi_cleanup(g_multi);
    curl_global_cleanup();
    return 0;
}
