/*
 * tc_export - weekly timecard export for payroll. Authenticates as the payroll
 * service account (DMSA, client credentials), pulls timecard entries for every
 * project in parallel (curl multi), writes one CSV and PUTs it to the payroll
 * S3 drop via a presigned URL.
 *   TC_CLIENT_ID / TC_CLIENT_SECRET   service account credentials
 *   TC_COMPANY_ID                     company the service account lives in
 *   TC_PROJECTS                       "1234,5678,..."
 *   TC_FROM / TC_TO                   YYYY-MM-DD
 *   TC_S3_PUT_URL                     presigned PUT url (optional)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define PROCORE_LOGIN   "https://login.procore.com"
#define PROCORE_HOST    "https://api.procore.com"
#define API_ROOT        PROCORE_HOST "/rest/v1.0"
#define TOKEN_URL       PROCORE_LOGIN "/oauth/token"
#define COMPANIES_URL   API_ROOT "/companies"
#define TIMECARDS_FMT   API_ROOT "/projects/%lld/timecard_entries?start_date=%s&end_date=%s&per_page=%d"

#define PER_PAGE     500
#define MAX_PROJECTS 32
#define MAX_ENTRIES  8192
#define RESP_CAP     (1024 * 1024)

struct request {
    char method[8];
    char url[1536];                     /* presigned S3 urls are long */
    char headers[6][320];
    int  n_headers;
    const char *body;
};
struct response {
    long status;
    char *buf;
    size_t len;
};
struct transport {
    int (*send)(struct transport *, const struct request *, struct response *);
    CURL *easy;
};

struct config {
    const char *client_id, *client_secret;
    long long company_id;
    long long projects[MAX_PROJECTS];
    int n_projects;
    char from[11], to[11];
    const char *s3_url;
    char token[2048];
};

struct entry {
    long long id;
    long long project_id;
    long long party_id;
    int cost_code_id;
    double hours;
    char date[11];
};

struct slot {
    CURL *h;
    struct curl_slist *hdrs;
    long long project_id;
    struct response rs;
};

static struct entry entries[MAX_ENTRIES];
static int n_entries;

static size_t on_data(char *p, size_t sz, size_t nm, void *ud)
{
    struct response *r = ud;
    size_t n = sz * nm;
    if (r->len + n + 1 > RESP_CAP) return 0;    /* abort transfer, something is off */
    memcpy(r->buf + r->len, p, n);
    r->len += n;
    r->buf[r->len] = '\0';
    return n;
}

static struct curl_slist *header_list(const char *const *lines, int n)
{
    struct curl_slist *l = NULL;
    int i;
    for (i = 0; i < n; i++)
        if (lines[i] && lines[i][0])
            l = curl_slist_append(l, lines[i]);
    return l;
}

static int easy_send(struct transport *t, const struct request *rq, struct response *rs)
{
    const char *lines[6];
    struct curl_slist *l;
    CURLcode rc;
    int i;

    for (i = 0; i < rq->n_headers; i++)
        lines[i] = rq->headers[i];
    l = header_list(lines, rq->n_headers);
    rs->len = 0;
    curl_easy_reset(t->easy);
    curl_easy_setopt(t->easy, CURLOPT_URL, rq->url);
    curl_easy_setopt(t->easy, CURLOPT_CUSTOMREQUEST, rq->method);
    if (rq->body) curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, rs);
    rc = curl_easy_perform(t->easy);
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &rs->status);
    curl_slist_free_all(l);
    return rc == CURLE_OK ? 0 : -1;
}

static int get_token(struct transport *t, struct config *c, struct response *rs)
{
    struct request rq = { "POST", TOKEN_URL, { "Content-Type: application/x-www-form-urlencoded" }, 1, NULL };
    char form[512];
    const char *p;

    snprintf(form, sizeof(form), "grant_type=client_credentials&client_id=%s&client_secret=%s",
             c->client_id, c->client_secret);
    rq.body = form;
    if (t->send(t, &rq, rs) != 0 || rs->status != 200 ||
        (p = strstr(rs->buf, "\"access_token\":\"")) == NULL)
        return -1;
    return sscanf(p + 16, "%2047[^\"]", c->token) == 1 ? 0 : -1;
}

/* sanity check: make sure the service account still sees the payroll company */
static int company_visible(struct transport *t, const struct config *c, struct response *rs)
{
    struct request rq = { "GET", COMPANIES_URL, { "" }, 0, NULL };
    char needle[40];

    snprintf(rq.headers[rq.n_headers++], sizeof(rq.headers[0]), "Authorization: Bearer %s", c->token);
    snprintf(rq.headers[rq.n_headers++], sizeof(rq.headers[0]), "Accept: application/json");
    if (t->send(t, &rq, rs) != 0 || rs->status != 200)
        return 0;
    snprintf(needle, sizeof(needle), "\"id\":%lld,", c->company_id);
    return strstr(rs->buf, needle) != NULL;
}

static struct curl_slist *procore_headers(const struct config *c)
{
    char auth[2100], company[64];
    const char *lines[3];

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
    snprintf(company, sizeof(company), "Procore-Company-Id: %lld", c->company_id);
    lines[0] = auth; lines[1] = company; lines[2] = "Accept: application/json";
    return header_list(lines, 3);
}

static void parse_entries(const struct slot *s)
{
    const char *p = s->rs.buf;

    while (p && (p = strstr(p, "{\"id\":")) != NULL && n_entries < MAX_ENTRIES) {
        struct entry *e = &entries[n_entries];
        const char *party = strstr(p, "\"party\":{\"id\":");
        const char *cc = strstr(p, "\"cost_code\":{\"id\":");
        const char *hrs = strstr(p, "\"hours\":\"");
        const char *dt = strstr(p, "\"date\":\"");

        e->id = strtoll(p + 6, NULL, 10);
        e->project_id = s->project_id;
        e->party_id = party ? strtoll(party + 14, NULL, 10) : 0;
        e->cost_code_id = cc ? atoi(cc + 18) : 0;
        e->hours = hrs ? strtod(hrs + 9, NULL) : 0.0;
        if (dt) sscanf(dt + 8, "%10s", e->date);
        n_entries++;
        p = dt ? dt + 1 : p + 1;
    }
}

static int fetch_timecards(const struct config *c, struct slot *slots)
{
    CURLM *m = curl_multi_init();
    CURLMsg *msg;
    int i, running = 0, left, failed = 0;

    for (i = 0; i < c->n_projects; i++) {
        char url[512];
        struct slot *s = &slots[i];
        snprintf(url, sizeof(url), TIMECARDS_FMT, c->projects[i], c->from, c->to, PER_PAGE);
        s->project_id = c->projects[i];
        s->rs.buf = malloc(RESP_CAP);
        s->rs.len = 0;
        s->h = curl_easy_init();
        s->hdrs = procore_headers(c);
        curl_easy_setopt(s->h, CURLOPT_URL, url);
        curl_easy_setopt(s->h, CURLOPT_HTTPHEADER, s->hdrs);
        curl_easy_setopt(s->h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(s->h, CURLOPT_WRITEDATA, &s->rs);
        curl_easy_setopt(s->h, CURLOPT_PRIVATE, s);
        curl_multi_add_handle(m, s->h);
    }
    do {
        CURLMcode mc = curl_multi_perform(m, &running);
        if (mc == CURLM_OK && running)
            mc = curl_multi_poll(m, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK) break;
    } while (running);

    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
        struct slot *s;
        if (msg->msg != CURLMSG_DONE) continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &s->rs.status);
        if (msg->data.result != CURLE_OK || s->rs.status != 200) {
            fprintf(stderr, "project %lld: HTTP %ld (%s)\n", s->project_id, s->rs.status,
                    curl_easy_strerror(msg->data.result));
            failed++;
            continue;
        }
        parse_entries(s);
    }
    for (i = 0; i < c->n_projects; i++) {
        curl_multi_remove_handle(m, slots[i].h);
        curl_easy_cleanup(slots[i].h);
        curl_slist_free_all(slots[i].hdrs);
        free(slots[i].rs.buf);
    }
    curl_multi_cleanup(m);
    return failed;
}

static int load_config(struct config *c)
{
    const char *v;
    char *list, *tok, *save = NULL;

    memset(c, 0, sizeof(*c));
    c->client_id = getenv("TC_CLIENT_ID");
    c->client_secret = getenv("TC_CLIENT_SECRET");
    c->s3_url = getenv("TC_S3_PUT_URL");
    if (!c->client_id || !c->client_secret || !(v = getenv("TC_COMPANY_ID")))
        return -1;
    c->company_id = strtoll(v, NULL, 10);
    snprintf(c->from, sizeof(c->from), "%s", getenv("TC_FROM") ? getenv("TC_FROM") : "2024-01-01");
    snprintf(c->to, sizeof(c->to), "%s", getenv("TC_TO") ? getenv("TC_TO") : "2024-01-07");
    if (!(v = getenv("TC_PROJECTS")) || !(list = strdup(v))) return -1;
    for (tok = strtok_r(list, ",", &save); tok && c->n_projects < MAX_PROJECTS; tok = strtok_r(NULL, ",", &save))
        c->projects[c->n_projects++] = strtoll(tok, NULL, 10);
    free(list);
    return c->n_projects > 0 ? 0 : -1;
}

int main(void)
{
    static struct slot slots[MAX_PROJECTS];
    struct config cfg;
    struct transport tr = { easy_send, NULL };
    struct response rs = { 0, NULL, 0 };
    FILE *csv;
    char *csvbuf = NULL; size_t csvlen = 0;
    int i, failed;

    if (load_config(&cfg) != 0) {
        fprintf(stderr, "usage: see header; docs https://developers.procore.com/reference/rest/timecard-entries\n");
        return 64;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    tr.easy = curl_easy_init();
    rs.buf = malloc(RESP_CAP);
    if (get_token(&tr, &cfg, &rs) != 0 || !company_visible(&tr, &cfg, &rs)) {
        fprintf(stderr, "tc_export: service account cannot reach company %lld\n", cfg.company_id);
        return 1;
    }

    failed = fetch_timecards(&cfg, slots);
    csv = open_memstream(&csvbuf, &csvlen);
    fprintf(csv, "entry_id,project_id,party_id,cost_code_id,date,hours\n");
    for (i = 0; i < n_entries; i++) {
        const struct entry *e = &entries[i];
        fprintf(csv, "%lld,%lld,%ld,", e->id, e->project_id, (long)e->party_id);
        fprintf(csv, "%d,%s,%.2f\n", e->cost_code_id, e->date, e->hours);
    }
    fclose(csv);
    printf("tc_export: %d entries from %d projects (%d failed)\n", n_entries, cfg.n_projects, failed);

    if (cfg.s3_url) {
        struct request put = { "PUT", "", { "Content-Type: text/csv" }, 1, csvbuf };
        snprintf(put.url, sizeof(put.url), "%s", cfg.s3_url);
        if (tr.send(&tr, &put, &rs) != 0 || rs.status != 200)
            fprintf(stderr, "tc_export: S3 upload failed (HTTP %ld)\n", rs.status);
    }
    free(csvbuf); free(rs.buf);
    curl_easy_cleanup(tr.easy);
    curl_global_cleanup();
    return failed ? 2 : 0;
}
