/*
 * vendor-export: dump the company directory (vendors) to CSV for accounting.
 *
 * Runs unattended from cron with a Developer Managed Service Account, so it
 * authenticates with the client_credentials grant.
 *
 *   vendor-export [-f config] [-o out.csv] vendors export
 *   vendor-export vendors show <vendor_id>
 *   vendor-export companies
 *   vendor-export whoami
 *
 * Config (default ~/.config/procore/vendor-export.conf, or $VENDOR_EXPORT_CONF):
 *   environment = production | sandbox | monthly
 *   client_id = ...
 *   client_secret = ...
 *   company_id = 562949953421312
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct config {
    char environment[32];
    char client_id[128];
    char client_secret[128];
    long long company_id;
    const char *login_base;
    const char *api_base;
    char token[512];
};

struct buf { char *p; size_t n; };

static size_t sink(char *d, size_t s, size_t m, void *u)
{
    struct buf *b = u;
    char *np = realloc(b->p, b->n + s * m + 1);
    if (!np) return 0;
    memcpy(np + b->n, d, s * m);
    b->p = np;
    b->n += s * m;
    b->p[b->n] = 0;
    return s * m;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ')) *--e = 0;
    return s;
}

static int load_config(const char *path, struct config *cfg)
{
    char line[512];
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    strcpy(cfg->environment, "production");
    while (fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq) continue;
        *eq = 0;
        char *key = trim(line), *val = trim(eq + 1);
        if (strcmp(key, "environment") == 0)
            snprintf(cfg->environment, sizeof cfg->environment, "%s", val);
        else if (strcmp(key, "client_id") == 0)
            snprintf(cfg->client_id, sizeof cfg->client_id, "%s", val);
        else if (strcmp(key, "client_secret") == 0)
            snprintf(cfg->client_secret, sizeof cfg->client_secret, "%s", val);
        else if (strcmp(key, "company_id") == 0)
            cfg->company_id = atol(val);
    }
    fclose(f);

    if (strcmp(cfg->environment, "sandbox") == 0) {
        cfg->login_base = "https://login-sandbox.procore.com";
        cfg->api_base = "https://sandbox.procore.com";
    } else if (strcmp(cfg->environment, "monthly") == 0) {
        cfg->login_base = "https://login-sandbox-monthly.procore.com";
        cfg->api_base = "https://api-monthly.procore.com";
    } else {
        cfg->login_base = "https://login.procore.com";
        cfg->api_base = "https://api.procore.com";
    }
    return 0;
}

static struct curl_slist *std_headers(const struct config *cfg)
{
    char h[600];
    struct curl_slist *l = NULL;
    snprintf(h, sizeof h, "Authorization: Bearer %s", cfg->token);
    l = curl_slist_append(l, h);
    snprintf(h, sizeof h, "Procore-Company-Id: %lld", cfg->company_id);
    return curl_slist_append(l, h);
}

static int fetch_token(struct config *cfg)
{
    char url[256], body[512];
    struct buf b = { 0 };
    CURL *c = curl_easy_init();
    snprintf(url, sizeof url, "%s/oauth/token", cfg->login_base);
    snprintf(body, sizeof body, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             cfg->client_id, cfg->client_secret);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    const char *t = b.p ? strstr(b.p, "\"access_token\":\"") : NULL;
    if (rc != CURLE_OK || !t) { free(b.p); return -1; }
    t += 16;
    size_t len = strcspn(t, "\"");
    snprintf(cfg->token, sizeof cfg->token, "%.*s", (int)len, t);
    free(b.p);
    return 0;
}

static void csv_field(FILE *out, const char *obj, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *s = strstr(obj, pat);
    fputc('"', out);
    if (s) for (s += strlen(pat); *s && *s != '"'; s++) fputc(*s, out);
    fputc('"', out);
}

static int vendors_export(const struct config *cfg, FILE *out)
{
    int page = 1, written = 0;
    fprintf(out, "id,name,abbreviated_name\n");
    for (;;) {
        char url[512];
        struct buf b = { 0 };
        CURL *c = curl_easy_init();
        struct curl_slist *h = std_headers(cfg);
        snprintf(url, sizeof url, "%s/rest/v1.0/vendors?company_id=%lld&page=%d&per_page=200",
                 cfg->api_base, cfg->company_id, page);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
        CURLcode rc = curl_easy_perform(c);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        if (rc != CURLE_OK || !b.p) { free(b.p); return -1; }

        int rows = 0;
        for (const char *o = strstr(b.p, "{\"id\":"); o; o = strstr(o + 1, "{\"id\":")) {
            int64_t id = strtoll(o + 6, NULL, 10);
            fprintf(out, "%" PRId64 ",", id);
            csv_field(out, o, "name");
            fputc(',', out);
            csv_field(out, o, "abbreviated_name");
            fputc('\n', out);
            rows++;
        }
        free(b.p);
        written += rows;
        if (rows < 200) break;
        page++;
    }
    fprintf(stderr, "exported %d vendors\n", written);
    return 0;
}

static int simple_get(const struct config *cfg, const char *url, struct curl_slist *h)
{
    struct buf b = { 0 };
    long status = 0;
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    (void)cfg;
    printf("HTTP %ld\n%s\n", status, b.p ? b.p : "");
    free(b.p);
    return rc == CURLE_OK && status == 200 ? 0 : 1;
}

/* Optional: tell #accounting-ops that the nightly export ran. */
static void notify_slack(const char *text)
{
    const char *hook = getenv("SLACK_WEBHOOK_URL");
    char body[256];
    if (!hook) return;
    snprintf(body, sizeof body, "{\"text\":\"%s\"}", text);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, hook);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    const char *conf = getenv("VENDOR_EXPORT_CONF");
    const char *out_path = NULL;
    char default_conf[512];
    struct config cfg = { 0 };
    int opt;

    if (!conf) {
        snprintf(default_conf, sizeof default_conf, "%s/.config/procore/vendor-export.conf",
                 getenv("HOME") ? getenv("HOME") : ".");
        conf = default_conf;
    }
    while ((opt = getopt(argc, argv, "f:o:")) != -1) {
        if (opt == 'f') conf = optarg;
        else if (opt == 'o') out_path = optarg;
        else { fprintf(stderr, "usage: %s [-f conf] [-o out.csv] command\n", argv[0]); return 2; }
    }
    if (optind >= argc || load_config(conf, &cfg) != 0) return 2;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (fetch_token(&cfg) != 0) { fprintf(stderr, "token request failed\n"); return 1; }

    int rc = 2;
    char url[512];
    const char *cmd = argv[optind];
    if (strcmp(cmd, "vendors") == 0 && optind + 1 < argc && strcmp(argv[optind + 1], "export") == 0) {
        FILE *out = out_path ? fopen(out_path, "w") : stdout;
        rc = out && vendors_export(&cfg, out) == 0 ? 0 : 1;
        if (out && out != stdout) fclose(out);
        notify_slack(rc == 0 ? "vendor export finished" : "vendor export FAILED");
    } else if (strcmp(cmd, "vendors") == 0 && optind + 2 < argc && strcmp(argv[optind + 1], "show") == 0) {
        char *end;
        long vendor_id = strtol(argv[optind + 2], &end, 10);
        if (*end) { fprintf(stderr, "bad vendor id\n"); return 2; }
        snprintf(url, sizeof url, "%s/rest/v1.0/vendors/%ld?company_id=%lld",
                 cfg.api_base, vendor_id, cfg.company_id);
        rc = simple_get(&cfg, url, std_headers(&cfg));
    } else if (strcmp(cmd, "companies") == 0) {
        char auth[600];
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg.token);
        snprintf(url, sizeof url, "%s/rest/v1.0/companies", cfg.api_base);
        rc = simple_get(&cfg, url, curl_slist_append(NULL, auth));
    } else if (strcmp(cmd, "whoami") == 0) {
        snprintf(url, sizeof url, "%s/rest/v1.0/me", cfg.api_base);
        rc = simple_get(&cfg, url, std_headers(&cfg));
    } else {
        fprintf(stderr, "unknown command %s\n", cmd);
    }
    curl_global_cleanup();
    return rc;
}
