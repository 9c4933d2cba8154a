/*
 * rfi_export - one-shot CLI used by the PM office: exchanges an OAuth
 * authorization code, pulls the open RFIs of one project and writes a CSV
 * that finance imports.  Posts a summary to the #rfi-log Slack channel.
 *
 *   rfi_export --code XXX --company 123 --project 456 --out rfis.csv
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCORE_LOGIN_URL "https://login.procore.com"
#define PROCORE_API_URL   "https://app.procore.com"
#define PROCORE_WEB_URL   "https://app.procore.com"
#define SLACK_HOOK_URL    "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
#define REDIRECT_URI      "http://localhost:8765/callback"

enum { XP_OK = 0, XP_EIO = 1, XP_EHTTP = 2, XP_ENOMEM = 3, XP_EARG = 4 };

struct xbuf { char *p; size_t n; };

struct xport;
struct xport_ops {
    int (*perform)(struct xport *x, const char *method, const char *url,
                   const char *const *hdrs, size_t nhdrs, const char *body,
                   struct xbuf *out, long *status);
    void (*close)(struct xport *x);
};
struct xport { const struct xport_ops *ops; CURL *curl; };

struct export_opts {
    const char *code;
    const char *out_path;
    int64_t company_id;
    long project_id;
    int max_pages;
};

static size_t sink(char *d, size_t s, size_t m, void *u)
{
    struct xbuf *b = u;
    char *np = realloc(b->p, b->n + s * m + 1);
    if (!np)
        return 0;
    b->p = np;
    memcpy(b->p + b->n, d, s * m);
    b->n += s * m;
    b->p[b->n] = 0;
    return s * m;
}

static int curl_perform(struct xport *x, const char *method, const char *url,
                        const char *const *hdrs, size_t nhdrs, const char *body,
                        struct xbuf *out, long *status)
{
    struct curl_slist *list = NULL;
    int err = XP_OK;
    size_t i;

    for (i = 0; i < nhdrs; i++)
        list = curl_slist_append(list, hdrs[i]);
    curl_easy_reset(x->curl);
    curl_easy_setopt(x->curl, CURLOPT_URL, url);
    curl_easy_setopt(x->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(x->curl, CURLOPT_HTTPHEADER, list);
    if (body)
        curl_easy_setopt(x->curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(x->curl, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(x->curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(x->curl) != CURLE_OK) {
        err = XP_EIO;
        goto cleanup;
    }
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, status);
    if (*status >= 300)
        err = XP_EHTTP;
cleanup:
    curl_slist_free_all(list);
    return err;
}

static void curl_close(struct xport *x) { curl_easy_cleanup(x->curl); }

static const struct xport_ops curl_ops = { curl_perform, curl_close };

/* pulls "key":"value" out of a flat JSON object; caller frees *out */
static int json_str(const char *js, const char *key, char **out)
{
    char needle[96];
    const char *s, *e;

    snprintf(needle, sizeof needle, "\"%s\":\"", key);
    if (!(s = strstr(js, needle)))
        return XP_EARG;
    s += strlen(needle);
    if (!(e = strchr(s, '"')))
        return XP_EARG;
    *out = strndup(s, (size_t)(e - s));
    return *out ? XP_OK : XP_ENOMEM;
}

static int exchange_code(struct xport *x, const char *code, char **token_out)
{
    struct xbuf resp = { NULL, 0 };
    const char *hdrs[] = { "Content-Type: application/x-www-form-urlencoded" };
    char body[1024];
    long status = 0;
    int err;

    snprintf(body, sizeof body,
             "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s"
             "&redirect_uri=%s", code, getenv("PROCORE_CLIENT_ID"),
             getenv("PROCORE_CLIENT_SECRET"), REDIRECT_URI);
    err = x->ops->perform(x, "POST", PROCORE_LOGIN_URL "/oauth/token", hdrs, 1, body,
                          &resp, &status);
    if (err)
        goto cleanup;
    err = json_str(resp.p, "access_token", token_out);
cleanup:
    free(resp.p);
    return err;
}

static int api_get(struct xport *x, const char *token, int64_t company_id,
                   const char *path, struct xbuf *out)
{
    char url[512], auth[1200], comp[64];
    const char *hdrs[3];
    long status = 0;

    snprintf(url, sizeof url, "%s%s", PROCORE_API_URL, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    snprintf(comp, sizeof comp, "Procore-Company-Id: %" PRId64, company_id);
    hdrs[0] = auth;
    hdrs[1] = comp;
    hdrs[2] = "Accept: application/json";
    return x->ops->perform(x, "GET", url, hdrs, 3, NULL, out, &status);
}

static int write_csv(FILE *fp, const struct export_opts *o, const char *json, int *rows)
{
    const char *cur = json;
    char *subject = NULL;
    int64_t rfi_id;

    fprintf(fp, "rfi_id,subject,link\n");
    while ((cur = strstr(cur, "\"id\":")) != NULL) {
        rfi_id = strtoll(cur + 5, NULL, 10);
        if (json_str(cur, "subject", &subject) != XP_OK)
            break;
        fprintf(fp, "%" PRId64 ",\"%s\",%s/%ld/project/rfi/show/%" PRId64 "\n", rfi_id,
                subject, PROCORE_WEB_URL, o->project_id, rfi_id);
        free(subject);
        subject = NULL;
        (*rows)++;
        cur += 5;
    }
    return XP_OK;
}

static int notify_slack(struct xport *x, const char *project_name, int rows)
{
    struct xbuf resp = { NULL, 0 };
    const char *hdrs[] = { "Content-Type: application/json" };
    char body[512];
    long status = 0;
    int err;

    snprintf(body, sizeof body, "{\"text\":\"Exported %d RFIs for %s\"}", rows, project_name);
    err = x->ops->perform(x, "POST", SLACK_HOOK_URL, hdrs, 1, body, &resp, &status);
    free(resp.p);
    return err;
}

static int parse_args(int argc, char **argv, struct export_opts *o)
{
    int i;

    memset(o, 0, sizeof *o);
    o->max_pages = 10;
    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--code"))
            o->code = argv[i + 1];
        else if (!strcmp(argv[i], "--company"))
            o->company_id = strtoll(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--project"))
            o->project_id = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--out"))
            o->out_path = argv[i + 1];
        else if (!strcmp(argv[i], "--pages"))
            o->max_pages = atoi(argv[i + 1]);
        else
            return XP_EARG;
    }
    return (o->code && o->company_id && o->project_id && o->out_path) ? XP_OK : XP_EARG;
}

int main(int argc, char **argv)
{
    struct export_opts opts;
    struct xport x = { &curl_ops, NULL };
    struct xbuf company = { NULL, 0 }, project = { NULL, 0 }, rfis = { NULL, 0 };
    char *token = NULL, *name = NULL;
    char path[256];
    FILE *fp = NULL;
    int rows = 0, rc = 1;

    if (parse_args(argc, argv, &opts) != XP_OK) {
        fprintf(stderr, "usage: rfi_export --code C --company ID --project ID --out FILE\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!(x.curl = curl_easy_init()))
        goto cleanup;
    if (exchange_code(&x, opts.code, &token) != XP_OK)
        goto cleanup;

    snprintf(path, sizeof path, "/rest/v1.0/projects?company_id=%d", (int)opts.company_id);
    if (api_get(&x, token, opts.company_id, path, &company) != XP_OK)
        goto cleanup;
    snprintf(path, sizeof path, "/rest/v1.0/projects/%ld?company_id=%" PRId64,
             opts.project_id, opts.company_id);
    if (api_get(&x, token, opts.company_id, path, &project) != XP_OK)
        goto cleanup;
    json_str(project.p, "name", &name);
    snprintf(path, sizeof path, "/rest/v1.0/projects/%ld/rfis?filters[status]=open&per_page=100",
             opts.project_id);
    if (api_get(&x, token, opts.company_id, path, &rfis) != XP_OK)
        goto cleanup;

    if (!(fp = fopen(opts.out_path, "w")))
        goto cleanup;
    write_csv(fp, &opts, rfis.p, &rows);
    notify_slack(&x, name ? name : "?", rows);
    rc = 0;
cleanup:
    if (fp)
        fclose(fp);
    free(token);
    free(name);
    free(company.p);
    free(project.p);
    free(rfis.p);
    if (x.curl)
        x.ops->close(&x);
    curl_global_cleanup();
    return rc;
}
