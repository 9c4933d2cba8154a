/*
 * timecard_export -- payroll hand-off.  Pulls timecard entries, users, crews
 * and cost codes for one project concurrently and writes payroll.csv.
 *
 * usage: timecard_export [op ...]   ops: timecards users crews cost_codes
 * Token: refresh-token grant; the refresh token rotates on every use, so the
 * new one is written back to PROCORE_REFRESH_FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <curl/curl.h>

#define LOGIN_BASE          "https://login.procore.com"
#define REST_BASE           "https://api.procore.com/rest/v1.0"
#define VAPID_BASE          "https://us02.procore.com/vapid"
#define DEFAULT_REFRESH     "/etc/timecard_export/refresh_token"
#define DEFAULT_CSV         "payroll.csv"
#define DEFAULT_METRICS_PORT 9091
#define MAX_OPS             8
#define MAX_ROWS            2000

struct buf { char *data; size_t len, cap; };

struct ctx {
    char token[1024];
    long long company_id;
    long long project_id;
    const char *date;
};

struct record {
    long long id;
    uint32_t user_id;
    double hours;
    char name[128];
    char code[32];
};

struct procore_ops {
    const char *name;
    int (*build_url)(char *out, size_t n, const struct ctx *c);
    int (*add_headers)(struct curl_slist **h, const struct ctx *c);
    int (*parse)(const char *body, struct record *r);
};

static size_t append(char *p, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t n = sz * nm;
    if (b->cap - b->len <= n) {
        size_t nc = b->cap + n + 8192;
        char *d = realloc(b->data, nc);
        if (!d)
            return 0;
        b->data = d;
        b->cap = nc;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static const char *after(const char *s, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(s, pat);
    return p ? p + strlen(pat) : NULL;
}

static void str_of(const char *s, const char *key, char *out, size_t n)
{
    const char *p = after(s, key), *e;
    *out = '\0';
    if (p && *p == '"' && (e = strchr(p + 1, '"')))
        snprintf(out, n, "%.*s", (int)(e - p - 1), p + 1);
}

static int hdr_company(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int hdr_users(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    snprintf(line, sizeof line, "Procore-CompanyId: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int url_timecards(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, VAPID_BASE "/projects/%lld/timecard_entries?log_date=%s",
                    c->project_id, c->date);
}
static int url_users(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, REST_BASE "/companies/%lld/users?per_page=500", c->company_id);
}
static int url_crews(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, REST_BASE "/projects/%lld/crews", c->project_id);
}
static int url_cost_codes(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, REST_BASE "/cost_codes?project_id=%lld", c->project_id);
}

static int parse_entries(const char *body, struct record *r)
{
    int n = 0;
    for (const char *p = strstr(body, "{\"id\":"); p && n < MAX_ROWS; p = strstr(p + 1, "{\"id\":")) {
        const char *v;
        memset(&r[n], 0, sizeof r[n]);
        r[n].id = strtoll(p + 6, NULL, 10);
        if ((v = after(p, "party_id")) != NULL || (v = after(p, "user_id")) != NULL)
            r[n].user_id = strtoull(v, NULL, 10);
        if ((v = after(p, "hours")) != NULL)
            r[n].hours = strtod(*v == '"' ? v + 1 : v, NULL);
        str_of(p, "name", r[n].name, sizeof r[n].name);
        str_of(p, "full_code", r[n].code, sizeof r[n].code);
        n++;
    }
    return n;
}

static const struct procore_ops OPS[] = {
    { "timecards",  url_timecards,  hdr_company, parse_entries },
    { "users",      url_users,      hdr_users,   parse_entries },
    { "crews",      url_crews,      hdr_company, parse_entries },
    { "cost_codes", url_cost_codes, hdr_company, parse_entries },
};

static int oauth_post(const char *path, const char *form, struct buf *out)
{
    long code = 0;
    CURL *e = curl_easy_init();
    char url[128];
    snprintf(url, sizeof url, LOGIN_BASE "%s", path);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, form);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
    CURLcode rc = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(e);
    return rc == CURLE_OK ? (int)code : -1;
}

static int refresh(struct ctx *c, const char *rt_path)
{
    char rt[512] = {0}, form[1600];
    struct buf b = {0};
    FILE *f = fopen(rt_path, "r");
    if (!f || !fgets(rt, sizeof rt, f))
        return -1;
    fclose(f);
    rt[strcspn(rt, "\n")] = '\0';
    snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             rt, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    if (oauth_post("/oauth/token", form, &b) != 200) {
        free(b.data);
        return -1;
    }
    str_of(b.data, "access_token", c->token, sizeof c->token);
    str_of(b.data, "refresh_token", rt, sizeof rt);
    if ((f = fopen(rt_path, "w")) != NULL) {
        fprintf(f, "%s\n", rt);
        fclose(f);
    }
    free(b.data);
    return 0;
}

static void perform_call(const struct ctx *c, const struct procore_ops **ops, int nops,
                         struct buf *bodies, long *status)
{
    CURLM *mh = curl_multi_init();
    CURL *eh[MAX_OPS];
    struct curl_slist *hh[MAX_OPS] = {0};
    int running = 1;
    for (int i = 0; i < nops; i++) {
        char url[600];
        ops[i]->build_url(url, sizeof url, c);
        ops[i]->add_headers(&hh[i], c);
        eh[i] = curl_easy_init();
        curl_easy_setopt(eh[i], CURLOPT_URL, url);
        curl_easy_setopt(eh[i], CURLOPT_HTTPHEADER, hh[i]);
        curl_easy_setopt(eh[i], CURLOPT_WRITEFUNCTION, append);
        curl_easy_setopt(eh[i], CURLOPT_WRITEDATA, &bodies[i]);
        curl_easy_setopt(eh[i], CURLOPT_TIMEOUT, 60L);
        curl_multi_add_handle(mh, eh[i]);
    }
    while (running) {
        if (curl_multi_perform(mh, &running) != CURLM_OK)
            break;
        if (running && curl_multi_wait(mh, NULL, 0, 1000, NULL) != CURLM_OK)
            break;
    }
    for (int i = 0; i < nops; i++) {
        curl_easy_getinfo(eh[i], CURLINFO_RESPONSE_CODE, &status[i]);
        curl_multi_remove_handle(mh, eh[i]);
        curl_easy_cleanup(eh[i]);
        curl_slist_free_all(hh[i]);
    }
    curl_multi_cleanup(mh);
}

static void push_metric(int port, int rows)
{
    char url[128], body[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/metrics/job/timecard_export", port);
    snprintf(body, sizeof body, "timecard_rows %d\n", rows);
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_perform(e);
    curl_easy_cleanup(e);
}

int main(int argc, char **argv)
{
    static struct record rows[MAX_ROWS];
    static const char *all[] = { "timecards", "users", "crews", "cost_codes" };
    const struct procore_ops *sel[MAX_OPS];
    struct buf bodies[MAX_OPS] = {0};
    long status[MAX_OPS] = {0};
    struct ctx c = {0};
    int nsel = 0, total = 0;
    const char *rt_path = getenv("PROCORE_REFRESH_FILE") ? getenv("PROCORE_REFRESH_FILE") : DEFAULT_REFRESH;
    const char *csv = getenv("PAYROLL_CSV") ? getenv("PAYROLL_CSV") : DEFAULT_CSV;
    int port = getenv("METRICS_PORT") ? atoi(getenv("METRICS_PORT")) : DEFAULT_METRICS_PORT;

    c.company_id = strtoll(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0", NULL, 10);
    unsigned long project = strtoul(getenv("PROCORE_PROJECT_ID") ? getenv("PROCORE_PROJECT_ID") : "0", NULL, 10);
    c.project_id = (long long)project;
    c.date = getenv("LOG_DATE") ? getenv("LOG_DATE") : "today";

    for (int i = 0; i < (argc > 1 ? argc - 1 : 4) && nsel < MAX_OPS; i++) {
        const char *want = argc > 1 ? argv[i + 1] : all[i];
        for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
            if (strcmp(want, OPS[k].name) == 0)
                sel[nsel++] = &OPS[k];
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh(&c, rt_path) != 0) {
        fprintf(stderr, "timecard_export: refresh failed, re-run the consent flow\n");
        return 1;
    }
    perform_call(&c, sel, nsel, bodies, status);

    FILE *out = fopen(csv, "w");
    if (!out)
        return 1;
    fputs("source,id,user_id,hours,name,code\n", out);
    for (int i = 0; i < nsel; i++) {
        int n = status[i] == 200 && bodies[i].data ? sel[i]->parse(bodies[i].data, rows) : 0;
        for (int k = 0; k < n; k++)
            fprintf(out, "%s,%lld,%llu,%.2f,\"%s\",%s\n", sel[i]->name, rows[k].id,
                    (unsigned long long)rows[k].user_id, rows[k].hours, rows[k].name, rows[k].code);
        total += n;
        free(bodies[i].data);
    }
    fclose(out);

    char form[1200];
    struct buf ignored = {0};
    snprintf(form, sizeof form, "token=%s&client_id=%s&client_secret=%s", c.token,
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    oauth_post("/oauth/revoke", form, &ignored);
    free(ignored.data);
    push_metric(port, total);
    curl_global_cleanup();
    return 0;
}
