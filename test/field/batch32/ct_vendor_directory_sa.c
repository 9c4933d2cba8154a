/*
 * vendor_directory -- nightly export of the company directory (vendors and
 * users) for the ERP import.  Runs headless under a Developer Managed Service
 * Account, so it authenticates with the client-credentials grant.
 *
 * usage: vendor_directory [op ...]   ops: me companies vendors users
 * Setup notes: https://support.procore.com/products/online/user-guide/company-level/admin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define LOGIN_BASE       "https://login.procore.com"
#define API_BASE         "https://api.procore.com"
#define TOKEN_INFO_URL   "https://api.procore.com/oauth/token/info"
#define DEFAULT_OUT_DIR  "/srv/erp/inbound"
#define DEFAULT_PAGE_SZ  100
#define MAX_OPS          6
#define MAX_ROWS         1000

struct buf { char *data; size_t len, cap; };

struct ctx {
    char token[1024];
    long long company_id;
    int page;
    int per_page;
};

struct record {
    long long id;
    unsigned login_id;
    char name[160];
    char email[160];
};

struct procore_ops {
    const char *name;
    int (*build_url)(char *out, size_t n, const struct ctx *c);
    int (*add_headers)(struct curl_slist **h, const struct ctx *c);
    int (*parse)(const char *body, struct record *r);
};

static size_t sink(char *p, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t n = sz * nm, need = b->len + n + 1;
    if (need > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16384;
        while (nc < need)
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

static const char *jfind(const char *obj, const char *key)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    return p ? p + strlen(pat) : NULL;
}

static void jstr(const char *obj, const char *key, char *out, size_t n)
{
    const char *p = jfind(obj, key), *e;
    out[0] = '\0';
    if (!p || *p++ != '"' || !(e = strchr(p, '"')))
        return;
    snprintf(out, n, "%.*s", (int)(e - p), p);
}

static int bearer(struct curl_slist **h, const struct ctx *c)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    *h = curl_slist_append(*h, line);
    return *h ? 0 : -1;
}

static int bearer_and_company(struct curl_slist **h, const struct ctx *c)
{
    char line[64];
    bearer(h, c);
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
    *h = curl_slist_append(*h, line);
    return *h ? 0 : -1;
}

static int url_me(char *o, size_t n, const struct ctx *c)
{
    (void)c;
    return snprintf(o, n, API_BASE "/rest/v1.0/me");
}
static int url_companies(char *o, size_t n, const struct ctx *c)
{
    (void)c;
    return snprintf(o, n, API_BASE "/rest/v1.0/companies");
}
static int url_vendors(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, API_BASE "/rest/v1.0/vendors?company_id=%lld&page=%d&per_page=%d",
                    c->company_id, c->page, c->per_page);
}
static int url_users(char *o, size_t n, const struct ctx *c)
{
    return snprintf(o, n, API_BASE "/rest/v1.0/companies/%lld/users?page=%d&per_page=%d",
                    c->company_id, c->page, c->per_page);
}

static int parse_generic(const char *body, struct record *r)
{
    int n = 0;
    for (const char *p = strstr(body, "{\"id\":"); p && n < MAX_ROWS; p = strstr(p + 6, "{\"id\":")) {
        memset(&r[n], 0, sizeof r[n]);
        r[n].id = strtoll(p + 6, NULL, 10);
        jstr(p, "name", r[n].name, sizeof r[n].name);
        n++;
    }
    return n;
}

static int parse_vendors(const char *body, struct record *r)
{
    int n = 0;
    for (const char *p = strstr(body, "{\"id\":"); p && n < MAX_ROWS; p = strstr(p + 6, "{\"id\":")) {
        memset(&r[n], 0, sizeof r[n]);
        r[n].id = atoi(p + 6);
        jstr(p, "name", r[n].name, sizeof r[n].name);
        jstr(p, "email_address", r[n].email, sizeof r[n].email);
        n++;
    }
    return n;
}

static int parse_users(const char *body, struct record *r)
{
    int n = 0;
    for (const char *p = strstr(body, "{\"id\":"); p && n < MAX_ROWS; p = strstr(p + 6, "{\"id\":")) {
        const char *v = jfind(p, "login_information_id");
        memset(&r[n], 0, sizeof r[n]);
        r[n].id = strtoll(p + 6, NULL, 10);
        if (v)
            sscanf(v, "%u", &r[n].login_id);
        jstr(p, "name", r[n].name, sizeof r[n].name);
        jstr(p, "email_address", r[n].email, sizeof r[n].email);
        n++;
    }
    return n;
}

static const struct procore_ops OPS[] = {
    { "me",        url_me,        bearer_and_company, parse_generic },
    { "companies", url_companies, bearer,             parse_generic },
    { "vendors",   url_vendors,   bearer_and_company, parse_vendors },
    { "users",     url_users,     bearer_and_company, parse_users   },
};

static int post_form(const char *url, const char *form, const char *auth, struct buf *out)
{
    long code = 0;
    struct curl_slist *h = NULL;
    CURL *e = curl_easy_init();
    if (auth)
        h = curl_slist_append(h, auth);
    curl_easy_setopt(e, CURLOPT_URL, url);
    if (form)
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(e) == CURLE_OK)
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(e);
    return (int)code;
}

static int get_token(struct ctx *c)
{
    char form[1024], auth[1100];
    struct buf b = {0}, info = {0};
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    if (post_form(LOGIN_BASE "/oauth/token", form, NULL, &b) != 200 || !b.data) {
        free(b.data);
        return -1;
    }
    jstr(b.data, "access_token", c->token, sizeof c->token);
    free(b.data);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
    if (post_form(TOKEN_INFO_URL, NULL, auth, &info) != 200)
        fprintf(stderr, "warning: token/info check failed, continuing\n");
    free(info.data);
    return 0;
}

static void perform_call(const struct ctx *c, const struct procore_ops **ops, int nops,
                         struct buf *bodies, long *codes)
{
    CURL *h[MAX_OPS];
    struct curl_slist *hl[MAX_OPS] = {0};
    CURLM *multi = curl_multi_init();
    int still = 0;
    for (int i = 0; i < nops; i++) {
        char url[512];
        ops[i]->build_url(url, sizeof url, c);
        ops[i]->add_headers(&hl[i], c);
        h[i] = curl_easy_init();
        curl_easy_setopt(h[i], CURLOPT_URL, url);
        curl_easy_setopt(h[i], CURLOPT_HTTPHEADER, hl[i]);
        curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(h[i], CURLOPT_WRITEDATA, &bodies[i]);
        curl_multi_add_handle(multi, h[i]);
    }
    do {
        CURLMcode mc = curl_multi_perform(multi, &still);
        if (mc == CURLM_OK && still)
            mc = curl_multi_wait(multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK)
            break;
    } while (still);
    for (int i = 0; i < nops; i++) {
        curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &codes[i]);
        curl_multi_remove_handle(multi, h[i]);
        curl_easy_cleanup(h[i]);
        curl_slist_free_all(hl[i]);
    }
    curl_multi_cleanup(multi);
}

int main(int argc, char **argv)
{
    static struct record rows[MAX_ROWS];
    const struct procore_ops *sel[MAX_OPS];
    struct buf bodies[MAX_OPS] = {0};
    long codes[MAX_OPS] = {0};
    struct ctx c = {0};
    int nsel = 0;
    const char *dir = getenv("ERP_OUT_DIR") ? getenv("ERP_OUT_DIR") : DEFAULT_OUT_DIR;
    const char *cid = getenv("PROCORE_COMPANY_ID");

    if (argc < 2 || !cid) {
        fprintf(stderr, "usage: %s op...   (PROCORE_COMPANY_ID must be set)\n", argv[0]);
        return 2;
    }
    c.company_id = strtoll(cid, NULL, 10);
    c.page = 1;
    c.per_page = getenv("PAGE_SIZE") ? atoi(getenv("PAGE_SIZE")) : DEFAULT_PAGE_SZ;
    for (int a = 1; a < argc && nsel < MAX_OPS; a++)
        for (size_t k = 0; k < sizeof OPS / sizeof *OPS; k++)
            if (!strcmp(argv[a], OPS[k].name))
                sel[nsel++] = &OPS[k];

    curl_global_init(CURL_GLOBAL_ALL);
    if (get_token(&c) != 0) {
        fprintf(stderr, "client_credentials token request failed\n");
        return 1;
    }
    perform_call(&c, sel, nsel, bodies, codes);

    for (int i = 0; i < nsel; i++) {
        char path[512];
        if (codes[i] != 200) {
            fprintf(stderr, "%s -> HTTP %ld\n", sel[i]->name, codes[i]);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s.tsv", dir, sel[i]->name);
        FILE *f = fopen(path, "w");
        int n = sel[i]->parse(bodies[i].data, rows);
        for (int k = 0; f && k < n; k++)
            fprintf(f, "%lld\t%s\t%s\n", rows[k].id, rows[k].name, rows[k].email);
        if (f)
            fclose(f);
        free(bodies[i].data);
    }
    curl_global_cleanup();
    return 0;
}
