/*
 * sm_rfi_poller.c -- watches open RFIs on one project and acknowledges the
 * ones assigned to the integration user. Table-driven state machine: each
 * handler does one request and returns the next state.
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOGIN_BASE "https://login.procore.com"
#define API_BASE   "https://api.procore.com"
#define WEB_BASE   "https://app.procore.com"

#define MAX_RFIS       64
#define POLL_SECONDS   300
#define MAX_RETRIES    3

typedef enum {
    ST_REFRESH_TOKEN, ST_WHOAMI, ST_LIST_RFIS, ST_FETCH_RFI, ST_RETRY_FETCH,
    ST_POST_REPLY, ST_SLEEP, ST_FAIL, ST_COUNT
} poll_state;

struct buf { char *data; size_t len; };

struct poller {
    CURL *curl;
    char access_token[512];
    char refresh_token[512];
    char client_id[128];
    char client_secret[128];
    long long company_id;
    long long project_id;
    int64_t me_id;
    long long rfi_ids[MAX_RFIS];
    int rfi_count;
    int cursor;
    int retries;
    long http_status;
    struct buf body;
};

typedef poll_state (*state_fn)(struct poller *);

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);

    if (!grown) return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static int perform(struct poller *p, const char *url, struct curl_slist *hdrs,
                   const char *post_body)
{
    CURLcode rc;

    free(p->body.data);
    p->body.data = NULL, p->body.len = 0;

    curl_easy_reset(p->curl);
    curl_easy_setopt(p->curl, CURLOPT_URL, url);
    curl_easy_setopt(p->curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(p->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, &p->body);
    curl_easy_setopt(p->curl, CURLOPT_TIMEOUT, 30L);
    if (post_body)
        curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, post_body);

    rc = curl_easy_perform(p->curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "rfi-poller: %s: %s\n", url, curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &p->http_status);
    return 0;
}

static struct curl_slist *api_headers(const struct poller *p)
{
    char line[600];
    struct curl_slist *h = NULL;

    snprintf(line, sizeof line, "Authorization: Bearer %s", p->access_token);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", p->company_id);
    h = curl_slist_append(h, line);
    h = curl_slist_append(h, "Accept: application/json");
    return h;
}

/* naive scanners, good enough for the flat objects we read */
static const char *json_field(const char *from, const char *key)
{
    char pat[64];
    const char *hit;

    if (!from) return NULL;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    hit = strstr(from, pat);
    return hit ? hit + strlen(pat) : NULL;
}

static void json_string(const char *from, const char *key, char *out, size_t cap)
{
    const char *v = json_field(from, key);
    size_t n = 0;

    out[0] = '\0';
    if (!v || *v++ != '"') return;
    while (v[n] && v[n] != '"' && n + 1 < cap) n++;
    memcpy(out, v, n);
    out[n] = '\0';
}

static poll_state next_rfi(struct poller *p)
{
    p->cursor++;
    p->retries = 0;
    return p->cursor < p->rfi_count ? ST_FETCH_RFI : ST_SLEEP;
}

static poll_state st_refresh_token(struct poller *p)
{
    char form[1400];
    struct curl_slist *h;
    int rc;

    h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    snprintf(form, sizeof form,
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             p->refresh_token, p->client_id, p->client_secret);
    rc = perform(p, LOGIN_BASE "/oauth/token", h, form);
    curl_slist_free_all(h);
    if (rc != 0 || p->http_status != 200) return ST_FAIL;

    json_string(p->body.data, "access_token", p->access_token, sizeof p->access_token);
    json_string(p->body.data, "refresh_token", p->refresh_token, sizeof p->refresh_token);
    return p->me_id ? ST_LIST_RFIS : ST_WHOAMI;
}

static poll_state st_whoami(struct poller *p)
{
    char auth[600];
    struct curl_slist *h;
    const char *v;
    int rc;

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", p->access_token);
    h = curl_slist_append(NULL, auth);
    rc = perform(p, API_BASE "/rest/v1.0/me", h, NULL);
    curl_slist_free_all(h);
    if (rc != 0 || p->http_status != 200) return ST_FAIL;

    v = json_field(p->body.data, "id");
    p->me_id = v ? atol(v) : 0;
    return ST_LIST_RFIS;
}

static poll_state st_list_rfis(struct poller *p)
{
    char url[256];
    struct curl_slist *h = api_headers(p);
    const char *cur;
    int rc;

    snprintf(url, sizeof url,
             "%s/rest/v1.0/projects/%lld/rfis?filters[status]=open&per_page=%d",
             API_BASE, p->project_id, MAX_RFIS);
    rc = perform(p, url, h, NULL);
    curl_slist_free_all(h);
    if (rc != 0) return ST_FAIL;
    if (p->http_status == 401) return ST_REFRESH_TOKEN;

    p->rfi_count = p->cursor = p->retries = 0;
    cur = p->body.data;
    /* every element of the list starts with {"id":<n>, */
    while (p->rfi_count < MAX_RFIS && cur && (cur = strstr(cur, "{\"id\":")) != NULL) {
        cur += 6;
        p->rfi_ids[p->rfi_count++] = strtoll(cur, NULL, 10);
    }
    return p->rfi_count ? ST_FETCH_RFI : ST_SLEEP;
}

static poll_state evaluate_rfi(struct poller *p)
{
    const char *v;

    if (p->http_status == 401) return ST_REFRESH_TOKEN;
    if (p->http_status == 429 || p->http_status >= 500) return ST_RETRY_FETCH;
    if (p->http_status != 200) return next_rfi(p);

    v = json_field(p->body.data, "assignee_id");
    if (v && strtoll(v, NULL, 10) == p->me_id &&
        strstr(p->body.data, "\"replies\":[]") != NULL)
        return ST_POST_REPLY;
    return next_rfi(p);
}

static poll_state st_fetch_rfi(struct poller *p)
{
    char url[256];
    struct curl_slist *h = api_headers(p);
    int rc;

    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis/%lld",
             API_BASE, p->project_id, p->rfi_ids[p->cursor]);
    rc = perform(p, url, h, NULL);
    curl_slist_free_all(h);
    return rc == 0 ? evaluate_rfi(p) : ST_FAIL;
}

static poll_state st_retry_fetch(struct poller *p)
{
    char url[256], auth[600];
    struct curl_slist *h;
    int rc;

    if (++p->retries > MAX_RETRIES) return next_rfi(p);
    sleep(1u << p->retries);

    /* rebuilt from scratch after the backoff: the token may have rotated */
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis/%d",
             API_BASE, p->project_id, (int)p->rfi_ids[p->cursor]);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", p->access_token);
    h = curl_slist_append(NULL, auth);
    h = curl_slist_append(h, "Accept: application/json");
    rc = perform(p, url, h, NULL);
    curl_slist_free_all(h);
    return rc == 0 ? evaluate_rfi(p) : ST_FAIL;
}

static poll_state st_post_reply(struct poller *p)
{
    char url[256];
    struct curl_slist *h = api_headers(p);
    long long rfi_id = p->rfi_ids[p->cursor];
    int rc;

    h = curl_slist_append(h, "Content-Type: application/json");
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis/%lld/replies",
             API_BASE, p->project_id, rfi_id);
    rc = perform(p, url, h,
                 "{\"reply\":{\"body\":\"Received - the design team is reviewing.\"}}");
    curl_slist_free_all(h);
    if (rc == 0 && p->http_status == 201)
        printf("acknowledged RFI: " WEB_BASE "/%lld/project/rfi/show/%lld\n",
               p->project_id, rfi_id);
    return next_rfi(p);
}

static poll_state st_sleep(struct poller *p)
{
    (void)p;
    sleep(POLL_SECONDS);
    return ST_LIST_RFIS;
}

static const state_fn handlers[ST_COUNT] = {
    [ST_REFRESH_TOKEN] = st_refresh_token,
    [ST_WHOAMI]        = st_whoami,
    [ST_LIST_RFIS]     = st_list_rfis,
    [ST_FETCH_RFI]     = st_fetch_rfi,
    [ST_RETRY_FETCH]   = st_retry_fetch,
    [ST_POST_REPLY]    = st_post_reply,
    [ST_SLEEP]         = st_sleep,
};

int main(void)
{
    static struct poller p;
    const char *env;
    poll_state s = ST_REFRESH_TOKEN;

    if (!(env = getenv("PROCORE_COMPANY_ID"))) return 2;
    p.company_id = strtoll(env, NULL, 10);
    if (!(env = getenv("PROCORE_PROJECT_ID"))) return 2;
    p.project_id = strtoll(env, NULL, 10);
    snprintf(p.client_id, sizeof p.client_id, "%s", getenv("PROCORE_CLIENT_ID"));
    snprintf(p.client_secret, sizeof p.client_secret, "%s", getenv("PROCORE_CLIENT_SECRET"));
    snprintf(p.refresh_token, sizeof p.refresh_token, "%s", getenv("PROCORE_REFRESH_TOKEN"));

    curl_global_init(CURL_GLOBAL_DEFAULT);
    p.curl = curl_easy_init();
    while (s != ST_FAIL)
        s = handlers[s](&p);

    curl_easy_cleanup(p.curl);
    curl_global_cleanup();
    free(p.body.data);
    return 1;
}
