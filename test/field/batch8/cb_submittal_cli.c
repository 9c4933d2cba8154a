/*
 * cb_submittal_cli.c - `pcsub`, the field team's submittal command line.
 *
 *   pcsub [-n] [-P profile] whoami
 *   pcsub [-n] [-P profile] list    -p PROJECT_ID [-s status]
 *   pcsub [-n] [-P profile] approve -p PROJECT_ID SUBMITTAL_ID
 *
 * Reads ~/.pcsubrc (INI, one [section] per profile). -n = dry run: requests
 * are printed instead of sent. Docs: https://developers.procore.com/reference/rest/submittals
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <curl/curl.h>

#define PCSUB_DEFAULT_API   "https://app.procore.com"
#define PCSUB_DEFAULT_LOGIN "https://login.procore.com"
#define PCSUB_HELP_URL      "https://support.procore.com/products/online/user-guide/project-level/submittals"

enum { E_OK = 0, E_USAGE = 64, E_CONFIG = 78, E_HTTP = 69 };

struct http_req {
    char url[512];
    const char *method;
    const char *headers[16];
    int nheaders;
    char hbuf[3][512];
    const char *body;
};

struct http_resp { long status; char buf[65536]; size_t len; };

struct transport_ops {
    const char *name;
    int (*send)(void *ctx, const struct http_req *r, struct http_resp *out);
};

struct profile {
    char api_base[128];
    char login_base[128];
    char access_token[512];
    int64_t company_id;
};

typedef struct procore_client {
    const struct transport_ops *t;
    void *tctx;
    struct profile prof;
} procore_client_t;

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
    struct http_resp *r = ud;
    size_t k = sz * n;
    if (r->len + k >= sizeof r->buf) k = sizeof r->buf - r->len - 1;
    memcpy(r->buf + r->len, p, k);
    r->len += k;
    r->buf[r->len] = '\0';
    return sz * n;
}

static int curl_send(void *ctx, const struct http_req *r, struct http_resp *out)
{
    struct curl_slist *h = NULL;
    int rc = E_OK;
    for (int i = 0; i < r->nheaders; i++) h = curl_slist_append(h, r->headers[i]);
    curl_easy_reset(ctx);
    curl_easy_setopt(ctx, CURLOPT_URL, r->url);
    curl_easy_setopt(ctx, CURLOPT_CUSTOMREQUEST, r->method);
    curl_easy_setopt(ctx, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(ctx, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(ctx, CURLOPT_WRITEDATA, out);
    if (r->body) curl_easy_setopt(ctx, CURLOPT_POSTFIELDS, r->body);
    if (curl_easy_perform(ctx) != CURLE_OK) { rc = E_HTTP; goto cleanup; }
    curl_easy_getinfo(ctx, CURLINFO_RESPONSE_CODE, &out->status);
    if (out->status / 100 != 2) rc = E_HTTP;
cleanup:
    curl_slist_free_all(h);
    return rc;
}

static int dry_send(void *ctx, const struct http_req *r, struct http_resp *out)
{
    (void)ctx;
    printf("%s %s\n", r->method, r->url);
    for (int i = 0; i < r->nheaders; i++)
        printf("  %s\n", strncmp(r->headers[i], "Authorization", 13) ? r->headers[i] : "Authorization: <redacted>");
    if (r->body) printf("\n%s\n", r->body);
    out->status = 200;
    strcpy(out->buf, "[]");
    return E_OK;
}

static const struct transport_ops CURL_OPS = { "curl", curl_send };
static const struct transport_ops DRY_OPS = { "dry-run", dry_send };

static int load_profile(const char *name, struct profile *p)
{
    char path[256], line[640], section[64] = "", key[64], val[560];
    int in_profile = 0;
    FILE *f;
    snprintf(p->api_base, sizeof p->api_base, "%s", PCSUB_DEFAULT_API);
    snprintf(p->login_base, sizeof p->login_base, "%s", PCSUB_DEFAULT_LOGIN);
    snprintf(path, sizeof path, "%s/.pcsubrc", getenv("HOME") ? getenv("HOME") : ".");
    if (!(f = fopen(path, "r"))) return E_CONFIG;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, " [%63[^]]]", section) == 1) { in_profile = !strcmp(section, name); continue; }
        if (!in_profile || sscanf(line, " %63[a-z_] = %559s", key, val) != 2) continue;
        if (!strcmp(key, "api_base")) snprintf(p->api_base, sizeof p->api_base, "%s", val);
        else if (!strcmp(key, "login_base")) snprintf(p->login_base, sizeof p->login_base, "%s", val);
        else if (!strcmp(key, "access_token")) snprintf(p->access_token, sizeof p->access_token, "%s", val);
        else if (!strcmp(key, "company_id")) p->company_id = strtoll(val, NULL, 10);
    }
    fclose(f);
    return p->access_token[0] ? E_OK : E_CONFIG;
}

static void build(procore_client_t *c, struct http_req *r, const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->method = method;
    snprintf(r->url, sizeof r->url, "%s%s", c->prof.api_base, path);
    snprintf(r->hbuf[0], sizeof r->hbuf[0], "Authorization: Bearer %s", c->prof.access_token);
    r->headers[r->nheaders++] = r->hbuf[0];
}

static void with_company(procore_client_t *c, struct http_req *r)
{
    snprintf(r->hbuf[1], sizeof r->hbuf[1], "Procore-Company-Id: %" PRId64, c->prof.company_id);
    r->headers[r->nheaders++] = r->hbuf[1];
}

static int cmd_whoami(procore_client_t *c)
{
    struct http_req r;
    static struct http_resp resp;
    build(c, &r, "GET", "/rest/v1.0/me");
    int rc = c->t->send(c->tctx, &r, &resp);
    printf("%s\n", resp.buf);
    return rc;
}

static int cmd_list(procore_client_t *c, int64_t project_id, const char *status)
{
    struct http_req r;
    static struct http_resp resp;
    char path[256];
    const char *p;
    int n = 0;
    snprintf(path, sizeof path, "/rest/v1.1/projects/%" PRId64 "/submittals?filters[status]=%s&per_page=200",
             project_id, status);
    build(c, &r, "GET", path);
    with_company(c, &r);
    int rc = c->t->send(c->tctx, &r, &resp);
    if (rc != E_OK) { fprintf(stderr, "pcsub: HTTP %ld\n%s\n", resp.status, resp.buf); return rc; }
    for (p = resp.buf; (p = strstr(p, "{\"id\":")) != NULL; p++) {
        char number[32] = "", title[96] = "";
        const char *q = strstr(p, "\"number\":"), *t = strstr(p, "\"title\":");
        if (q) sscanf(q + 9, " \"%31[^\"]\"", number);
        if (t) sscanf(t + 8, " \"%95[^\"]\"", title);
        printf("%-12d %-10s %s\n", atoi(p + 6), number, title);
        n++;
    }
    printf("%d submittal(s). Help: %s\n", n, PCSUB_HELP_URL);
    return E_OK;
}

static int cmd_approve(procore_client_t *c, int64_t project_id, uint64_t submittal_id)
{
    struct http_req r;
    static struct http_resp resp;
    char path[256];
    snprintf(path, sizeof path, "/rest/v1.1/projects/%" PRId64 "/submittals/%" PRIu64, project_id, submittal_id);
    build(c, &r, "PATCH", path);
    snprintf(r.hbuf[1], sizeof r.hbuf[1], "X-Procore-Company-Id: %" PRId64, c->prof.company_id);
    r.headers[r.nheaders++] = r.hbuf[1];
    r.headers[r.nheaders++] = "Content-Type: application/json";
    r.body = "{\"submittal\":{\"status\":{\"name\":\"Approved\"}}}";
    int rc = c->t->send(c->tctx, &r, &resp);
    printf("%s submittal %" PRIu64 ": HTTP %ld\n", rc == E_OK ? "approved" : "FAILED", submittal_id, resp.status);
    return rc;
}

static void usage(void)
{
    fprintf(stderr, "usage: pcsub [-n] [-P profile] whoami|list|approve [-p project] [-s status] [id]\n"
                    "see %s\n", PCSUB_HELP_URL);
}

int main(int argc, char **argv)
{
    procore_client_t c;
    const char *profile = "default", *status = "open";
    int64_t project_id = 0;
    int dry = 0, opt, rc = E_USAGE;
    const char *cmd;

    memset(&c, 0, sizeof c);
    while ((opt = getopt(argc, argv, "nP:p:s:")) != -1) {
        switch (opt) {
        case 'n': dry = 1; break;
        case 'P': profile = optarg; break;
        case 'p': project_id = atoi(optarg); break;
        case 's': status = optarg; break;
        default: usage(); return E_USAGE;
        }
    }
    if (optind >= argc) { usage(); return E_USAGE; }
    cmd = argv[optind++];
    if (load_profile(profile, &c.prof) != E_OK) {
        fprintf(stderr, "pcsub: profile [%s] missing or has no access_token\n", profile);
        return E_CONFIG;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c.t = dry ? &DRY_OPS : &CURL_OPS;
    c.tctx = dry ? NULL : curl_easy_init();

    if (!strcmp(cmd, "whoami")) rc = cmd_whoami(&c);
    else if (!strcmp(cmd, "list") && project_id > 0) rc = cmd_list(&c, project_id, status);
    else if (!strcmp(cmd, "approve") && project_id > 0 && optind < argc)
        rc = cmd_approve(&c, project_id, strtoull(argv[optind], NULL, 10));
    else usage();

    if (c.tctx) curl_easy_cleanup(c.tctx);
    curl_global_cleanup();
    return rc;
}
