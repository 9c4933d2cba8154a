/*
 * submittal_batch -- small CLI the document control team uses to look at
 * submittals across environments before a sandbox refresh.
 *
 *   submittal_batch authorize              print the consent URL
 *   submittal_batch exchange CODE          trade the auth code for tokens
 *   submittal_batch run [--submittal ID] op...   ops: me submittals packages detail
 *
 * env: PROCORE_ENV (production|sandbox|monthly), PROCORE_CLIENT_ID,
 *      PROCORE_CLIENT_SECRET, PROCORE_REDIRECT_URI, PROCORE_COMPANY_ID,
 *      PROCORE_PROJECT_ID, SUBMITTAL_TOKEN_FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define DEFAULT_ENV        "production"
#define DEFAULT_REDIRECT   "urn:ietf:wg:oauth:2.0:oob"
#define DEFAULT_TOKEN_FILE ".submittal_token"
#define PROJECT_LINK_FMT   "https://app.procore.com/%lld/project/submittals"
#define MAX_OPS            8
#define MAX_ROWS           300

struct env_hosts { const char *name, *login, *api; };

static const struct env_hosts ENVS[] = {
    { .name = "production",
      .login = "https://login.procore.com",
      .api = "https://api.procore.com" },
    { .name = "sandbox",
      .login = "https://sandbox.procore.com",
      .api = "https://sandbox.procore.com" },
    { .name = "monthly",
      .login = "https://login-sandbox-monthly.procore.com",
      .api = "https://api-monthly.procore.com" },
};

struct buf { char *data; size_t len, cap; };

struct ctx {
    const struct env_hosts *env;
    char token[1024];
    long long company_id;
    long long project_id;
    long long submittal_id;
};

struct record {
    long long id;
    long contractor_id;
    char number[48];
    char title[200];
    char status[32];
};

struct procore_ops {
    const char *name;
    int (*build_url)(char *out, size_t n, const struct ctx *c);
    int (*add_headers)(struct curl_slist **h, const struct ctx *c);
    int (*parse)(const char *body, struct record *r);
};

static size_t collect(char *p, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t n = sz * nm;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->len + n + 1)
            nc *= 2;
        void *d = realloc(b->data, nc);
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

static const char *field(const char *obj, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    return p ? p + strlen(pat) : NULL;
}

static void field_str(const char *obj, const char *key, char *out, size_t n)
{
    const char *p = field(obj, key), *e;
    out[0] = 0;
    if (p && *p == '"' && (e = strchr(p + 1, '"')) != NULL)
        snprintf(out, n, "%.*s", (int)(e - p - 1), p + 1);
}

static int h_auth(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int h_company(struct curl_slist **h, const struct ctx *c)
{
    char line[80];
    h_auth(h, c);
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return 0;
}

static int h_packages(struct curl_slist **h, const struct ctx *c)
{
    char line[80];
    h_auth(h, c);
    snprintf(line, sizeof line, "X-Procore-Company-Id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    *h = curl_slist_append(*h, "Accept: application/json");
    return 0;
}

static int u_me(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, "%s/rest/v1.0/me", c->env->api);
}
static int u_submittals(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, "%s/rest/v1.1/projects/%lld/submittals", c->env->api, c->project_id);
}
static int u_packages(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, "%s/rest/v1.0/projects/%lld/submittal_packages", c->env->api, c->project_id);
}
static int u_detail(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, "%s/rest/v1.1/projects/%lld/submittals/%lld",
                    c->env->api, c->project_id, c->submittal_id);
}

static int p_rows(const char *body, struct record *r)
{
    int n = 0;
    const char *p = body && *body == '[' ? body + 1 : body;
    while (p && *p == '{' && n < MAX_ROWS) {
        const char *v = field(p, "responsible_contractor_id");
        r[n].id = strtoll(field(p, "id") ? field(p, "id") : "0", NULL, 10);
        r[n].contractor_id = v ? strtol(v, NULL, 10) : 0;
        field_str(p, "number", r[n].number, sizeof r[n].number);
        field_str(p, "title", r[n].title, sizeof r[n].title);
        field_str(p, "name", r[n].status, sizeof r[n].status);
        n++;
        p = strstr(p, "},{\"id\"");
        p = p ? p + 2 : NULL;
    }
    return n;
}

static const struct procore_ops OPS[] = {
    { "me",         u_me,         h_auth,     p_rows },
    { "submittals", u_submittals, h_company,  p_rows },
    { "packages",   u_packages,   h_packages, p_rows },
    { "detail",     u_detail,     h_company,  p_rows },
};

static int exchange(const struct ctx *c, const char *code, const char *token_file)
{
    char url[256], form[2048];
    struct buf b = {0};
    const char *redirect = getenv("PROCORE_REDIRECT_URI") ? getenv("PROCORE_REDIRECT_URI") : DEFAULT_REDIRECT;
    snprintf(url, sizeof url, "%s/oauth/token", c->env->login);
    snprintf(form, sizeof form,
             "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s&redirect_uri=%s",
             code, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"), redirect);
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(e);
    curl_easy_cleanup(e);
    char tok[1024];
    if (rc != CURLE_OK || !b.data || (field_str(b.data, "access_token", tok, sizeof tok), !tok[0])) {
        fprintf(stderr, "exchange failed: %s\n", b.data ? b.data : curl_easy_strerror(rc));
        free(b.data);
        return 1;
    }
    FILE *f = fopen(token_file, "w");
    if (f) {
        fputs(tok, f);
        fclose(f);
    }
    free(b.data);
    return 0;
}

static void perform_call(const struct ctx *c, const struct procore_ops **ops, int nops,
                         struct buf *bodies, long *status)
{
    CURLM *multi = curl_multi_init();
    CURL *e[MAX_OPS];
    struct curl_slist *hs[MAX_OPS] = {0};
    char url[512];
    int active;
    for (int i = 0; i < nops; i++) {
        e[i] = curl_easy_init();
        ops[i]->build_url(url, sizeof url, c);
        ops[i]->add_headers(&hs[i], c);
        curl_easy_setopt(e[i], CURLOPT_URL, url);
        curl_easy_setopt(e[i], CURLOPT_HTTPHEADER, hs[i]);
        curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(e[i], CURLOPT_WRITEDATA, &bodies[i]);
        curl_multi_add_handle(multi, e[i]);
    }
    do {
        curl_multi_perform(multi, &active);
        if (active)
            curl_multi_wait(multi, NULL, 0, 800, NULL);
    } while (active);
    for (int i = 0; i < nops; i++) {
        curl_easy_getinfo(e[i], CURLINFO_RESPONSE_CODE, &status[i]);
        curl_multi_remove_handle(multi, e[i]);
        curl_easy_cleanup(e[i]);
        curl_slist_free_all(hs[i]);
    }
    curl_multi_cleanup(multi);
}

int main(int argc, char **argv)
{
    static struct record rows[MAX_ROWS];
    const struct procore_ops *sel[MAX_OPS];
    struct buf bodies[MAX_OPS] = {0};
    long status[MAX_OPS] = {0};
    struct ctx c = {0};
    int nsel = 0;
    const char *envname = getenv("PROCORE_ENV") ? getenv("PROCORE_ENV") : DEFAULT_ENV;
    const char *token_file = getenv("SUBMITTAL_TOKEN_FILE") ? getenv("SUBMITTAL_TOKEN_FILE") : DEFAULT_TOKEN_FILE;

    for (size_t i = 0; i < sizeof ENVS / sizeof ENVS[0]; i++)
        if (strcmp(ENVS[i].name, envname) == 0)
            c.env = &ENVS[i];
    if (!c.env || argc < 2) {
        fprintf(stderr, "usage: %s authorize|exchange CODE|run op...\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "authorize") == 0) {
        printf("%s/oauth/authorize?response_type=code&client_id=%s&redirect_uri=%s\n",
               c.env->login, getenv("PROCORE_CLIENT_ID"), DEFAULT_REDIRECT);
        return 0;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (strcmp(argv[1], "exchange") == 0 && argc > 2)
        return exchange(&c, argv[2], token_file);

    FILE *tf = fopen(token_file, "r");
    if (!tf || !fgets(c.token, sizeof c.token, tf)) {
        fprintf(stderr, "no token; run '%s exchange CODE' first\n", argv[0]);
        return 1;
    }
    fclose(tf);
    c.token[strcspn(c.token, "\r\n")] = 0;
    c.company_id = strtoll(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0", NULL, 10);
    c.project_id = strtoll(getenv("PROCORE_PROJECT_ID") ? getenv("PROCORE_PROJECT_ID") : "0", NULL, 10);

    for (int a = 2; a < argc && nsel < MAX_OPS; a++) {
        if (strcmp(argv[a], "--submittal") == 0 && a + 1 < argc) {
            int only_id = atoi(argv[++a]);
            c.submittal_id = only_id;
            continue;
        }
        for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
            if (strcmp(OPS[k].name, argv[a]) == 0)
                sel[nsel++] = &OPS[k];
    }
    perform_call(&c, sel, nsel, bodies, status);

    for (int i = 0; i < nsel; i++) {
        int n = status[i] == 200 ? sel[i]->parse(bodies[i].data, rows) : 0;
        printf("== %s (HTTP %ld, %d rows)\n", sel[i]->name, status[i], n);
        for (int k = 0; k < n; k++)
            printf("  %lld  %-10s %-12s %s\n", rows[k].id, rows[k].number, rows[k].status, rows[k].title);
        free(bodies[i].data);
    }
    printf("open in browser: " PROJECT_LINK_FMT "\n", c.company_id);
    curl_global_cleanup();
    return 0;
}
