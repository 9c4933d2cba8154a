/*
 * rfi_poller -- cron job: every few minutes, pull open RFIs for the projects in
 * PROCORE_PROJECT_IDS (comma separated), all projects in flight at once, and
 * post new ones to the project channel webhook.
 *
 * usage: rfi_poller [op ...]    ops: project rfis open_rfis   (default: open_rfis)
 * Token: refresh-token grant, refresh token from the integration's vault file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define DEFAULT_API_BASE   "https://app.procore.com"
#define DEFAULT_LOGIN_BASE "https://login.procore.com"
#define DEFAULT_WEBHOOK    "https://hooks.slack.com/services/T000/B000/XXXX"
#define DEFAULT_STATE      "/var/lib/rfi_poller/last_seen"
#define DEFAULT_PER_PAGE   50
#define MAX_PROJECTS       16
#define MAX_JOBS           48

struct buf { char *data; size_t len, cap; };

struct ctx {
    const char *api_base;
    char token[1024];
    long long company_id;
    long long project_id;
    int per_page;
};

struct record {
    long long id;
    int assignee_id;
    char number[32];
    char subject[200];
    char status[24];
};

struct procore_ops {
    const char *name;
    int (*build_url)(char *out, size_t n, const struct ctx *c);
    int (*add_headers)(struct curl_slist **h, const struct ctx *c);
    int (*parse)(const char *body, struct record *r);
};

struct job {
    const struct procore_ops *op;
    struct ctx c;
    struct buf body;
    long http_status;
    CURL *easy;
    struct curl_slist *hdrs;
};

static size_t grow_write(char *p, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t n = sz * nm;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? 2 * b->cap : 8192;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *d = realloc(b->data, nc);
        if (!d)
            return 0;
        b->data = d;
        b->cap = nc;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return n;
}

static const char *json_key(const char *obj, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    return p ? p + strlen(pat) : NULL;
}

static void json_copy(const char *obj, const char *key, char *out, size_t n)
{
    const char *p = json_key(obj, key);
    out[0] = 0;
    if (!p || *p != '"')
        return;
    const char *e = strchr(++p, '"');
    size_t len = e ? (size_t)(e - p) : 0;
    if (len >= n)
        len = n - 1;
    memcpy(out, p, len);
    out[len] = 0;
}

static int std_headers(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    snprintf(line, sizeof line, "procore-company-id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int url_project(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/projects/%lld?company_id=%lld",
                    c->api_base, c->project_id, c->company_id);
}

static int url_rfis(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/projects/%lld/rfis?per_page=%d",
                    c->api_base, c->project_id, c->per_page);
}

static int url_open_rfis(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/projects/%lld/rfis?filters[status]=open&per_page=%d",
                    c->api_base, c->project_id, c->per_page);
}

static int parse_rfis(const char *body, struct record *r)
{
    int n = 0;
    for (const char *p = strstr(body, "{\"id\":"); p && n < 100; p = strstr(p + 1, "{\"id\":")) {
        const char *v;
        r[n].id = strtoll(p + 6, NULL, 10);
        v = json_key(p, "assignee_id");
        r[n].assignee_id = v ? (int)strtoll(v, NULL, 10) : 0;
        json_copy(p, "number", r[n].number, sizeof r[n].number);
        json_copy(p, "subject", r[n].subject, sizeof r[n].subject);
        json_copy(p, "status", r[n].status, sizeof r[n].status);
        n++;
    }
    return n;
}

static int parse_project(const char *body, struct record *r)
{
    memset(r, 0, sizeof *r);
    r->id = strtoll(json_key(body, "id") ? json_key(body, "id") : "0", NULL, 10);
    json_copy(body, "name", r->subject, sizeof r->subject);
    return 1;
}

static const struct procore_ops OPS[] = {
    { "project",   url_project,   std_headers, parse_project },
    { "rfis",      url_rfis,      std_headers, parse_rfis },
    { "open_rfis", url_open_rfis, std_headers, parse_rfis },
};

static int refresh(char *token, size_t n)
{
    const char *login = getenv("PROCORE_LOGIN_BASE") ? getenv("PROCORE_LOGIN_BASE") : DEFAULT_LOGIN_BASE;
    char url[256], form[2048];
    struct buf b = {0};
    snprintf(url, sizeof url, "%s/oauth/token", login);
    snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             getenv("PROCORE_REFRESH_TOKEN"), getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, form);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, grow_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(e);
    curl_easy_cleanup(e);
    if (rc == CURLE_OK && b.data)
        json_copy(b.data, "access_token", token, n);
    free(b.data);
    return token[0] ? 0 : -1;
}

static void perform_call(struct job *jobs, int njobs)
{
    CURLM *m = curl_multi_init();
    char url[1024];
    int running = 0;
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
    for (int i = 0; i < njobs; i++) {
        struct job *j = &jobs[i];
        j->easy = curl_easy_init();
        j->op->build_url(url, sizeof url, &j->c);
        j->op->add_headers(&j->hdrs, &j->c);
        curl_easy_setopt(j->easy, CURLOPT_URL, url);
        curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
        curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, grow_write);
        curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, &j->body);
        curl_multi_add_handle(m, j->easy);
    }
    do {
        curl_multi_perform(m, &running);
        curl_multi_wait(m, NULL, 0, 500, NULL);
    } while (running > 0);
    for (int i = 0; i < njobs; i++) {
        curl_easy_getinfo(jobs[i].easy, CURLINFO_RESPONSE_CODE, &jobs[i].http_status);
        curl_multi_remove_handle(m, jobs[i].easy);
        curl_easy_cleanup(jobs[i].easy);
        curl_slist_free_all(jobs[i].hdrs);
    }
    curl_multi_cleanup(m);
}

static void notify(const char *webhook, const struct record *r, long long project_id)
{
    char payload[512];
    snprintf(payload, sizeof payload, "{\"text\":\"New RFI #%s on project %lld: %s\"}",
             r->number, project_id, r->subject);
    CURL *e = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(e, CURLOPT_URL, webhook);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, payload);
    curl_easy_perform(e);
    curl_slist_free_all(h);
    curl_easy_cleanup(e);
}

int main(int argc, char **argv)
{
    static struct job jobs[MAX_JOBS];
    static struct record recs[100];
    struct ctx base = {0};
    char list[512], token[1024];
    long long last_seen = 0, newest = 0;
    int njobs = 0;

    const char *state = getenv("RFI_STATE") ? getenv("RFI_STATE") : DEFAULT_STATE;
    const char *hook = getenv("RFI_WEBHOOK") ? getenv("RFI_WEBHOOK") : DEFAULT_WEBHOOK;
    base.api_base = getenv("PROCORE_API_BASE") ? getenv("PROCORE_API_BASE") : DEFAULT_API_BASE;
    base.company_id = strtoll(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0", NULL, 10);
    base.per_page = getenv("RFI_PER_PAGE") ? atoi(getenv("RFI_PER_PAGE")) : DEFAULT_PER_PAGE;
    snprintf(list, sizeof list, "%s", getenv("PROCORE_PROJECT_IDS") ? getenv("PROCORE_PROJECT_IDS") : "");

    FILE *sf = fopen(state, "r");
    if (sf) {
        if (fscanf(sf, "%lld", &last_seen) != 1)
            last_seen = 0;
        fclose(sf);
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh(token, sizeof token) != 0) {
        fprintf(stderr, "rfi_poller: could not refresh access token\n");
        return 1;
    }
    memcpy(base.token, token, sizeof token);

    for (char *tok = strtok(list, ","); tok && njobs < MAX_JOBS; tok = strtok(NULL, ",")) {
        for (int a = (argc > 1 ? 1 : 0); a < (argc > 1 ? argc : 1) && njobs < MAX_JOBS; a++) {
            const char *want = argc > 1 ? argv[a] : "open_rfis";
            for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
                if (strcmp(OPS[k].name, want) != 0)
                    continue;
                jobs[njobs].op = &OPS[k];
                jobs[njobs].c = base;
                jobs[njobs].c.project_id = atol(tok);
                njobs++;
            }
        }
    }
    perform_call(jobs, njobs);

    for (int i = 0; i < njobs; i++) {
        if (jobs[i].http_status != 200) {
            fprintf(stderr, "%s project %lld: HTTP %ld\n", jobs[i].op->name,
                    jobs[i].c.project_id, jobs[i].http_status);
            continue;
        }
        int n = jobs[i].op->parse(jobs[i].body.data, recs);
        for (int k = 0; k < n; k++) {
            printf("%-10s %ld %s [%s] %s\n", jobs[i].op->name, (long)recs[k].id,
                   recs[k].number, recs[k].status, recs[k].subject);
            if (jobs[i].op->parse == parse_rfis && recs[k].id > last_seen) {
                notify(hook, &recs[k], jobs[i].c.project_id);
                if (recs[k].id > newest)
                    newest = recs[k].id;
            }
        }
        free(jobs[i].body.data);
    }
    if (newest > last_seen && (sf = fopen(state, "w")) != NULL) {
        fprintf(sf, "%lld\n", newest);
        fclose(sf);
    }
    curl_global_cleanup();
    return 0;
}
