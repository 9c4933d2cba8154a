/*
 * ml_directory_mirror.c - mirror the Procore company directory (people and
 * vendors) into an LDIF file for the site badge/door system.
 *
 * Runs unattended as a Developer Managed Service Account: the access token is
 * obtained with the client-credentials grant and fetched again on a 401.
 *
 * usage: directory_mirror <company id> <out.ldif>
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOGIN_HOST "https://login.procore.com"
#define API_HOST   "https://api.procore.com"
#define PAGE_SIZE  100
#define NSLOTS     5

enum job_type { J_TOKEN, J_ME, J_COMPANIES, J_USERS, J_VENDORS };

struct transfer;
typedef void (*on_complete)(struct transfer *t, long code);

struct transfer {
    int in_use;
    enum job_type type;
    int page;
    int total;                        /* from the Total response header */
    CURL *easy;
    struct curl_slist *slist;
    char url[400];
    char *resp;
    size_t resp_len;
    on_complete cb;
};

struct vendor { int id; char name[160]; };
struct user { int64_t id; char name[160]; char email[160]; };

static struct transfer g_slots[NSLOTS];
static enum job_type g_queue[256];
static int g_queue_page[256];
static unsigned g_qhead, g_qtail;
static CURLM *g_multi;
static int64_t g_company_id;
static char g_bearer[600];
static int g_token_busy;
static FILE *g_ldif;

static void push_job(enum job_type type, int page)
{
    g_queue[g_qtail % 256] = type;
    g_queue_page[g_qtail % 256] = page;
    g_qtail++;
}

static void push_job_front(enum job_type type, int page)
{
    g_qhead--;
    g_queue[g_qhead % 256] = type;
    g_queue_page[g_qhead % 256] = page;
}

static size_t body_cb(char *d, size_t s, size_t n, void *u)
{
    struct transfer *t = u;
    char *r = realloc(t->resp, t->resp_len + s * n + 1);
    if (!r) return 0;
    memcpy(r + t->resp_len, d, s * n);
    t->resp_len += s * n;
    r[t->resp_len] = '\0';
    t->resp = r;
    return s * n;
}

static size_t header_cb(char *d, size_t s, size_t n, void *u)
{
    struct transfer *t = u;
    if (n * s > 6 && strncasecmp(d, "Total:", 6) == 0)
        t->total = atoi(d + 6);
    return s * n;
}

/* Minimal scanner: value of "key" inside the object starting at obj. */
static int64_t json_num(const char *obj, const char *key)
{
    char pat[40];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    return p ? strtoll(p + strlen(pat), NULL, 10) : 0;
}

static void json_text(const char *obj, const char *key, char *out, size_t cap)
{
    char pat[40];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(obj, pat);
    size_t i = 0;
    if (p)
        for (p += strlen(pat); *p && *p != '"' && i + 1 < cap; p++) out[i++] = *p;
    out[i] = '\0';
}

static void next_page(struct transfer *t)
{
    if (t->page * PAGE_SIZE < t->total) push_job(t->type, t->page + 1);
}

static void got_token(struct transfer *t, long code)
{
    char tok[512];
    g_token_busy = 0;
    if (code != 200) { fprintf(stderr, "client_credentials grant refused: %ld\n", code); exit(1); }
    json_text(t->resp, "access_token", tok, sizeof tok);
    snprintf(g_bearer, sizeof g_bearer, "Authorization: Bearer %s", tok);
}

static void got_me(struct transfer *t, long code)
{
    char login[160];
    if (code != 200) return;
    json_text(t->resp, "login", login, sizeof login);
    fprintf(stderr, "service account: %s\n", login);
}

static void got_companies(struct transfer *t, long code)
{
    char pat[48];
    if (code != 200) return;
    snprintf(pat, sizeof pat, "\"id\":%" PRId64 ",", g_company_id);
    if (!strstr(t->resp, pat)) {
        fprintf(stderr, "company %" PRId64 " not visible to this service account\n", g_company_id);
        exit(1);
    }
}

static void got_users(struct transfer *t, long code)
{
    if (code != 200) return;
    for (const char *p = strstr(t->resp, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
        struct user u;
        u.id = json_num(p, "id");
        json_text(p, "name", u.name, sizeof u.name);
        json_text(p, "email_address", u.email, sizeof u.email);
        fprintf(g_ldif, "dn: uid=%ld,ou=people,dc=site\ncn: %s\nmail: %s\n\n", (long)u.id, u.name, u.email);
    }
    next_page(t);
}

static void got_vendors(struct transfer *t, long code)
{
    if (code != 200) return;
    for (const char *p = strstr(t->resp, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
        struct vendor v;
        v.id = (int)json_num(p, "id");
        json_text(p, "name", v.name, sizeof v.name);
        fprintf(g_ldif, "dn: vendor=%d,ou=vendors,dc=site\no: %s\n\n", v.id, v.name);
    }
    next_page(t);
}

static void setup(struct transfer *t, enum job_type type, int page)
{
    char line[128];
    memset(t, 0, sizeof *t);
    t->in_use = 1;
    t->type = type;
    t->page = page;
    t->easy = curl_easy_init();
    switch (type) {
    case J_TOKEN:
        snprintf(t->url, sizeof t->url, LOGIN_HOST "/oauth/token");
        {
            char form[512];
            snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
                     getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
            curl_easy_setopt(t->easy, CURLOPT_COPYPOSTFIELDS, form);
        }
        t->cb = got_token;
        break;
    case J_ME:        snprintf(t->url, sizeof t->url, API_HOST "/rest/v1.0/me"); t->cb = got_me; break;
    case J_COMPANIES: snprintf(t->url, sizeof t->url, API_HOST "/rest/v1.0/companies"); t->cb = got_companies; break;
    case J_USERS:
        snprintf(t->url, sizeof t->url, API_HOST "/rest/v1.0/companies/%" PRId64 "/users?page=%d&per_page=%d",
                 g_company_id, page, PAGE_SIZE);
        t->cb = got_users;
        break;
    case J_VENDORS:
        snprintf(t->url, sizeof t->url, API_HOST "/rest/v1.0/vendors?company_id=%" PRId64 "&page=%d&per_page=%d",
                 g_company_id, page, PAGE_SIZE);
        t->cb = got_vendors;
        break;
    }
    if (type != J_TOKEN) {
        t->slist = curl_slist_append(t->slist, g_bearer);
        /* /companies is the one endpoint that is not scoped to a company */
        if (type != J_COMPANIES) {
            snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, g_company_id);
            t->slist = curl_slist_append(t->slist, line);
        }
    }
    curl_easy_setopt(t->easy, CURLOPT_URL, t->url);
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->slist);
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, body_cb);
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
}

static int dispatch(void)
{
    int busy = 0;
    for (int i = 0; i < NSLOTS; i++) busy += g_slots[i].in_use;
    for (int i = 0; i < NSLOTS && g_qhead != g_qtail; i++) {
        if (g_slots[i].in_use) continue;
        enum job_type type = g_queue[g_qhead % 256];
        if (g_token_busy || (!g_bearer[0] && type != J_TOKEN)) break;
        int page = g_queue_page[g_qhead % 256];
        g_qhead++;
        if (type == J_TOKEN) g_token_busy = 1;
        setup(&g_slots[i], type, page);
        curl_multi_add_handle(g_multi, g_slots[i].easy);
        busy++;
    }
    return busy;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s <company id> <out.ldif>\n", argv[0]); return 2; }
    g_company_id = strtoll(argv[1], NULL, 10);
    g_ldif = fopen(argv[2], "w");
    if (!g_ldif) { perror(argv[2]); return 1; }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_multi = curl_multi_init();
    push_job(J_TOKEN, 0);
    push_job(J_ME, 0);
    push_job(J_COMPANIES, 0);
    push_job(J_USERS, 1);
    push_job(J_VENDORS, 1);

    int still = 0;
    while (dispatch() > 0) {
        curl_multi_perform(g_multi, &still);
        CURLMsg *m;
        int pending;
        while ((m = curl_multi_info_read(g_multi, &pending))) {
            if (m->msg != CURLMSG_DONE) continue;
            struct transfer *t;
            long code = 0;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            curl_multi_remove_handle(g_multi, m->easy_handle);
            if (code == 401 && t->type != J_TOKEN) {
                push_job(t->type, t->page);    /* retry once a fresh token is in */
                if (g_bearer[0]) {
                    push_job_front(J_TOKEN, 0);
                    g_bearer[0] = '\0';
                }
            } else if (m->data.result == CURLE_OK) {
                t->cb(t, code);
            }
            curl_slist_free_all(t->slist);
            curl_easy_cleanup(t->easy);
            free(t->resp);
            t->in_use = 0;
        }
        if (still) curl_multi_poll(g_multi, NULL, 0, 1000, NULL);
    }
    fclose(g_ldif);
    curl_multi_cleanup(g_multi);
    curl_global_cleanup();
    return 0;
}
