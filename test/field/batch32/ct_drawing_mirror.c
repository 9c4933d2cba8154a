/*
 * drawing_mirror -- mirror drawing metadata for one project into the manifest
 * the plotter workstation watches.  ops: me areas drawings revisions
 * Uses the refresh token the desktop plugin stored after the user went
 * through the authorization-code flow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define DEFAULT_API_BASE   "https://api.procore.com"
#define DEFAULT_LOGIN_BASE "https://login.procore.com"
#define DEFAULT_OUT        "drawings.manifest"
#define WEB_DRAWINGS_FMT   "https://app.procore.com/%lld/project/drawing_areas"
#define MAX_OPS            8
#define MAX_RECORDS        512

struct buf { char *data; size_t len, cap; };

struct ctx {
    const char *api_base;
    const char *login_base;
    char token[1024];
    long long company_id;
    long long project_id;
};

struct record {
    long long id;
    int area_id;
    char number[64];
    char title[160];
    int revision;
};

struct procore_ops {
    const char *name;
    int (*build_url)(char *out, size_t n, const struct ctx *c);
    int (*add_headers)(struct curl_slist **h, const struct ctx *c);
    int (*parse)(const char *body, struct record *r);
};

static size_t on_body(char *p, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t n = sz * nm;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
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
    b->data[b->len] = '\0';
    return n;
}

/* tiny JSON scanner -- good enough for the flat list payloads we get back */
static long long json_ll(const char *obj, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    return p ? strtoll(p + strlen(pat), NULL, 10) : 0;
}

static void json_str(const char *obj, const char *key, char *out, size_t n)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(obj, pat);
    out[0] = '\0';
    if (!p)
        return;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    size_t len = e ? (size_t)(e - p) : 0;
    if (len >= n)
        len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
}

static int auth_only_headers(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    *h = curl_slist_append(*h, "Accept: application/json");
    return *h ? 0 : -1;
}

static int company_headers(struct curl_slist **h, const struct ctx *c)
{
    char line[64];
    if (auth_only_headers(h, c) < 0)
        return -1;
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int url_me(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/me", c->api_base);
}

static int url_areas(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.1/projects/%lld/drawing_areas",
                    c->api_base, c->project_id);
}

static int url_drawings(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/projects/%lld/drawings",
                    c->api_base, c->project_id);
}

static int url_revisions(char *out, size_t n, const struct ctx *c)
{
    return snprintf(out, n, "%s/rest/v1.0/projects/%lld/drawing_revisions?per_page=100",
                    c->api_base, c->project_id);
}

static int parse_me(const char *body, struct record *r)
{
    memset(r, 0, sizeof *r);
    r->id = json_ll(body, "id");
    json_str(body, "login", r->title, sizeof r->title);
    return 1;
}

static int parse_list(const char *body, struct record *r)
{
    char rev[16];
    int n = 0;
    const char *p = strchr(body, '{');
    while (p && n < MAX_RECORDS) {
        r[n].id = json_ll(p, "id");
        r[n].area_id = json_ll(p, "drawing_area_id");
        json_str(p, "number", r[n].number, sizeof r[n].number);
        json_str(p, "title", r[n].title, sizeof r[n].title);
        json_str(p, "revision_number", rev, sizeof rev);
        r[n].revision = atoi(rev);
        n++;
        p = strstr(p, "},{");
        if (p)
            p += 2;
    }
    return n;
}

static const struct procore_ops OPS[] = {
    { "me",        url_me,        auth_only_headers, parse_me   },
    { "areas",     url_areas,     company_headers,   parse_list },
    { "drawings",  url_drawings,  company_headers,   parse_list },
    { "revisions", url_revisions, auth_only_headers, parse_list },
};

static int refresh_token(struct ctx *c)
{
    const char *rt = getenv("PROCORE_REFRESH_TOKEN");
    const char *id = getenv("PROCORE_CLIENT_ID");
    const char *secret = getenv("PROCORE_CLIENT_SECRET");
    char url[256], form[2048];
    struct buf b = {0};
    long code = 0;

    if (!rt || !id || !secret)
        return -1;
    snprintf(url, sizeof url, "%s/oauth/token", c->login_base);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             id, secret, rt);
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(e);
    if (rc != CURLE_OK || code != 200 || !b.data) {
        fprintf(stderr, "token refresh failed (%ld)\n", code);
        free(b.data);
        return -1;
    }
    json_str(b.data, "access_token", c->token, sizeof c->token);
    free(b.data);
    return c->token[0] ? 0 : -1;
}

static int perform_call(const struct ctx *c, const struct procore_ops **ops,
                        size_t nops, struct buf *bodies, long *status)
{
    CURLM *m = curl_multi_init();
    CURL *easy[MAX_OPS] = {0};
    struct curl_slist *hdrs[MAX_OPS] = {0};
    char url[1024];
    int running = 0;

    for (size_t i = 0; i < nops; i++) {
        easy[i] = curl_easy_init();
        ops[i]->build_url(url, sizeof url, c);
        ops[i]->add_headers(&hdrs[i], c);
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs[i]);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &bodies[i]);
        curl_multi_add_handle(m, easy[i]);
    }
    do {
        if (curl_multi_perform(m, &running) != CURLM_OK)
            break;
        if (running)
            curl_multi_wait(m, NULL, 0, 1000, NULL);
    } while (running);

    for (size_t i = 0; i < nops; i++) {
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &status[i]);
        curl_multi_remove_handle(m, easy[i]);
        curl_easy_cleanup(easy[i]);
        curl_slist_free_all(hdrs[i]);
    }
    curl_multi_cleanup(m);
    return 0;
}

int main(int argc, char **argv)
{
    static struct record recs[MAX_RECORDS];
    static const char *defaults[] = { "areas", "drawings", "revisions" };
    const struct procore_ops *sel[MAX_OPS];
    struct buf bodies[MAX_OPS] = {0};
    long status[MAX_OPS] = {0};
    size_t nsel = 0;
    struct ctx c = {0};

    const char *cid = getenv("PROCORE_COMPANY_ID");
    const char *pid = getenv("PROCORE_PROJECT_ID");
    const char *out_path = getenv("MIRROR_OUT") ? getenv("MIRROR_OUT") : DEFAULT_OUT;
    c.api_base = getenv("PROCORE_API_BASE") ? getenv("PROCORE_API_BASE") : DEFAULT_API_BASE;
    c.login_base = getenv("PROCORE_LOGIN_BASE") ? getenv("PROCORE_LOGIN_BASE") : DEFAULT_LOGIN_BASE;
    if (!cid || !pid) {
        fprintf(stderr, "PROCORE_COMPANY_ID and PROCORE_PROJECT_ID are required\n");
        return 2;
    }
    c.company_id = strtoll(cid, NULL, 10);
    c.project_id = atoi(pid);

    int nargs = argc > 1 ? argc - 1 : 3;
    for (int i = 0; i < nargs && nsel < MAX_OPS; i++) {
        const char *want = argc > 1 ? argv[i + 1] : defaults[i];
        size_t k;
        for (k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
            if (strcmp(OPS[k].name, want) == 0)
                break;
        if (k == sizeof OPS / sizeof OPS[0]) {
            fprintf(stderr, "unknown op '%s'\n", want);
            return 2;
        }
        sel[nsel++] = &OPS[k];
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh_token(&c) != 0) {
        curl_global_cleanup();
        return 1;
    }
    perform_call(&c, sel, nsel, bodies, status);

    FILE *out = fopen(out_path, "w");
    if (!out) {
        perror(out_path);
        return 1;
    }
    fprintf(out, "# " WEB_DRAWINGS_FMT "\n", c.company_id);
    for (size_t i = 0; i < nsel; i++) {
        if (status[i] != 200 || !bodies[i].data) {
            fprintf(stderr, "%s: HTTP %ld\n", sel[i]->name, status[i]);
            continue;
        }
        int n = sel[i]->parse(bodies[i].data, recs);
        for (int k = 0; k < n; k++)
            fprintf(out, "%s\t%lld\t%lld\t%s\t%s\t%d\n", sel[i]->name, recs[k].id,
                    (long long)recs[k].area_id, recs[k].number, recs[k].title,
                    recs[k].revision);
        free(bodies[i].data);
    }
    fclose(out);
    curl_global_cleanup();
    return 0;
}
