/*
 * subexp.c - export the submittal register of one project to CSV.
 *
 * Runs against the monthly sandbox for the QA sign-off of each release;
 * switch the two host macros for production.
 *
 * usage: subexp <company_id> <project_id> <refresh_token> <out.csv>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define LOGIN_HOST      "https://login-sandbox-monthly.procore.com"
#define API_HOST        "https://api-monthly.procore.com"
#define API_V11         API_HOST "/rest/v1.1"
#define VAPID_ROOT      "https://app.procore.com/vapid"
#define SUPPORT_URL     "https://support.procore.com/products/online/user-guide/project-level/submittals"
#define CLIENT_ID       "b71e0c55d2"
#define CLIENT_SECRET   "ci-injected"

#define MAX_SUBS        4000
#define PER_PAGE        100
#define RESP_MAX        (2 * 1024 * 1024)

struct submittal {
    unsigned int id;
    long long spec_section_id;
    int revision;
    char number[32];
    char title[200];
    char status[40];
    char approver[120];
};

static struct submittal subs[MAX_SUBS];
static int nsubs;
static char resp[RESP_MAX];
static size_t resp_n;
static char access_tok[1024];
static char hbuf[1200];
static struct curl_slist *g_hdrs;
static long long company_id, project_id;

static size_t collect(void *d, size_t s, size_t n, void *u)
{
    size_t len = s * n;
    (void)u;
    if (resp_n + len >= RESP_MAX)
        return 0;
    memcpy(resp + resp_n, d, len);
    resp_n += len;
    resp[resp_n] = '\0';
    return len;
}

static int fetch(const char *url, struct curl_slist *h, const char *post)
{
    CURL *c = curl_easy_init();
    long code = 0;
    int ret = -1;

    if (!c)
        return -1;
    resp_n = 0;
    resp[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    if (curl_easy_perform(c) != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    ret = (int)code;
cleanup:
    curl_easy_cleanup(c);
    return ret;
}

static void grab(const char *obj, const char *key, char *out, size_t max)
{
    char pat[64];
    const char *p;
    size_t i = 0;
    sprintf(pat, "\"%s\":\"", key);
    out[0] = '\0';
    if (!(p = strstr(obj, pat)))
        return;
    for (p += strlen(pat); *p && *p != '"' && i + 1 < max; p++)
        out[i++] = *p;
    out[i] = '\0';
}

static const char *grab_num(const char *obj, const char *key)
{
    char pat[64];
    const char *p;
    sprintf(pat, "\"%s\":", key);
    p = strstr(obj, pat);
    return p ? p + strlen(pat) : NULL;
}

static int login(const char *refresh)
{
    char form[1500];
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    int st;
    snprintf(form, sizeof(form), "grant_type=refresh_token&refresh_token=%s"
             "&client_id=" CLIENT_ID "&client_secret=" CLIENT_SECRET, refresh);
    st = fetch(LOGIN_HOST "/oauth/token", h, form);
    curl_slist_free_all(h);
    if (st != 200)
        return -1;
    grab(resp, "access_token", access_tok, sizeof(access_tok));
    if (!access_tok[0])
        return -1;

    sprintf(hbuf, "Authorization: Bearer %s", access_tok);
    g_hdrs = curl_slist_append(NULL, hbuf);
    sprintf(hbuf, "Procore-Company-Id: %lld", company_id);
    g_hdrs = curl_slist_append(g_hdrs, hbuf);
    return 0;
}

static int load_register(void)
{
    char url[512];
    int page, got;
    const char *p, *v;

    for (page = 1; nsubs < MAX_SUBS; page++) {
        sprintf(url, API_V11 "/projects/%lld/submittals?page=%d&per_page=%d",
                project_id, page, PER_PAGE);
        if (fetch(url, g_hdrs, NULL) != 200)
            return -1;
        got = 0;
        for (p = strstr(resp, "{\"id\":"); p && nsubs < MAX_SUBS;
             p = strstr(p + 6, "{\"id\":")) {
            struct submittal *s = &subs[nsubs++];
            s->id = (unsigned int)strtoul(p + 6, NULL, 10);
            if ((v = grab_num(p, "specification_section_id")) != NULL)
                s->spec_section_id = strtoll(v, NULL, 10);
            if ((v = grab_num(p, "revision")) != NULL)
                s->revision = atoi(v);
            grab(p, "number", s->number, sizeof(s->number));
            grab(p, "title", s->title, sizeof(s->title));
            grab(p, "name", s->status, sizeof(s->status));
            got++;
        }
        if (got < PER_PAGE)
            break;
    }
    return 0;
}

/* ball-in-court only comes back from the old endpoint */
static void load_approver(struct submittal *s)
{
    char url[512];
    sprintf(url, VAPID_ROOT "/projects/%lld/submittals/%u/ball_in_court",
            project_id, s->id);
    if (fetch(url, g_hdrs, NULL) == 200)
        grab(resp, "name", s->approver, sizeof(s->approver));
}

/* workflow template name, only needed for the header row of the report */
static void print_workflow(FILE *out)
{
    char url[512], name[160];
    struct curl_slist *h = NULL;

    sprintf(hbuf, "Authorization: Bearer %s", access_tok);
    h = curl_slist_append(h, hbuf);
    sprintf(hbuf, "X-Procore-Company-Id: %lld", company_id);
    h = curl_slist_append(h, hbuf);
    sprintf(url, API_HOST "/rest/v1.0/workflows/templates?project_id=%lld", project_id);
    if (fetch(url, h, NULL) == 200) {
        grab(resp, "name", name, sizeof(name));
        fprintf(out, "# workflow: %s\n", name);
    }
    curl_slist_free_all(h);
}

int main(int argc, char **argv)
{
    FILE *out = NULL;
    int i, rc = 1;

    if (argc < 5) {
        fprintf(stderr, "usage: %s <company_id> <project_id> <refresh_token> <out.csv>\n"
                "field reference: " SUPPORT_URL "\n", argv[0]);
        return 2;
    }
    company_id = strtoll(argv[1], NULL, 10);
    project_id = strtoll(argv[2], NULL, 10);

    curl_global_init(CURL_GLOBAL_ALL);
    if (login(argv[3]) != 0) {
        fprintf(stderr, "subexp: login failed\n");
        goto cleanup;
    }
    if (load_register() != 0) {
        fprintf(stderr, "subexp: could not load submittals\n");
        goto cleanup;
    }
    if ((out = fopen(argv[4], "w")) == NULL)
        goto cleanup;

    print_workflow(out);
    fprintf(out, "id,number,rev,title,status,spec_section_id,ball_in_court\n");
    for (i = 0; i < nsubs; i++) {
        load_approver(&subs[i]);
        fprintf(out, "%u,%s,%d,\"%s\",%s,%lld,%s\n", subs[i].id, subs[i].number,
                subs[i].revision, subs[i].title, subs[i].status,
                subs[i].spec_section_id, subs[i].approver);
    }
    fprintf(stderr, "subexp: %d submittals written\n", nsubs);
    rc = 0;

cleanup:
    if (out)
        fclose(out);
    curl_slist_free_all(g_hdrs);
    curl_global_cleanup();
    return rc;
}
