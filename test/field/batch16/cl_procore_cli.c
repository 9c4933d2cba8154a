/*
 * procore-cli - tiny command-line client for the Procore REST API.
 *
 * usage: procore-cli [-e ENV] [-c COMPANY_ID] [-v] COMMAND ...
 *
 *   procore-cli projects list
 *   procore-cli rfi show <project_id> <rfi_id>
 *   procore-cli me
 *   procore-cli token refresh
 *
 * Environment:
 *   PROCORE_ENV            production | sandbox | monthly (default production)
 *   PROCORE_TOKEN          OAuth access token
 *   PROCORE_COMPANY_ID     default company id
 *   PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN
 */
#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum env_kind { ENV_PRODUCTION, ENV_SANDBOX, ENV_MONTHLY, ENV_COUNT };

struct env_hosts {
    const char *name;
    const char *login;
    const char *api;
};

static const struct env_hosts HOSTS[ENV_COUNT] = {
    { "production", "https://login.procore.com",                 "https://api.procore.com" },
    { "sandbox",    "https://sandbox.procore.com",               "https://sandbox.procore.com" },
    { "monthly",    "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com" },
};

struct ctx {
    const struct env_hosts *env;
    const char *token;
    long long company_id;
    int verbose;
};

struct buffer {
    char *data;
    size_t len;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    b->data = p;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static const struct env_hosts *lookup_env(const char *name)
{
    for (int i = 0; i < ENV_COUNT; i++)
        if (strcmp(HOSTS[i].name, name) == 0)
            return &HOSTS[i];
    return NULL;
}

/* GET url; returns HTTP status or -1. */
static long http_get(const struct ctx *c, const char *url, int with_company, struct buffer *out)
{
    char line[256];
    struct curl_slist *h = NULL;
    long status = -1;
    CURL *curl = curl_easy_init();
    if (!curl)
        return -1;

    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    h = curl_slist_append(h, line);
    h = curl_slist_append(h, "Accept: application/json");
    if (with_company) {
        snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
        h = curl_slist_append(h, line);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, (long)c->verbose);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    return status;
}

/* Walk a JSON array of objects and print "id name" pairs.  Good enough for
 * the flat project list; we do not want a JSON dependency for a CLI. */
static int print_id_name_pairs(const char *json)
{
    int rows = 0;
    const char *p = json;
    while ((p = strstr(p, "\"id\":")) != NULL) {
        long long id = strtoll(p + 5, NULL, 10);
        const char *n = strstr(p, "\"name\":\"");
        char name[128] = "";
        if (n) {
            const char *e = strchr(n + 8, '"');
            size_t len = e ? (size_t)(e - (n + 8)) : 0;
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, n + 8, len);
            name[len] = '\0';
        }
        printf("%-14lld %s\n", id, name);
        rows++;
        p += 5;
    }
    return rows;
}

static int cmd_projects_list(const struct ctx *c)
{
    char url[512];
    int page = 1, per_page = 100, total = 0;
    for (;;) {
        struct buffer b = { 0 };
        snprintf(url, sizeof url, "%s/rest/v1.0/projects?company_id=%lld&page=%d&per_page=%d",
                 c->env->api, c->company_id, page, per_page);
        long st = http_get(c, url, 1, &b);
        if (st != 200) {
            fprintf(stderr, "projects list: HTTP %ld\n%s\n", st, b.data ? b.data : "");
            free(b.data);
            return 1;
        }
        int rows = print_id_name_pairs(b.data);
        free(b.data);
        total += rows;
        if (rows < per_page)
            break;
        page++;
    }
    fprintf(stderr, "%d project(s)\n", total);
    return 0;
}

static int cmd_rfi_show(const struct ctx *c, int argc, char **argv)
{
    char url[512];
    struct buffer b = { 0 };
    if (argc < 2) {
        fprintf(stderr, "usage: rfi show <project_id> <rfi_id>\n");
        return 2;
    }
    long long project_id = strtoll(argv[0], NULL, 10);
    int rfi_id = atoi(argv[1]);

    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis/%d", c->env->api, project_id, rfi_id);
    long st = http_get(c, url, 0, &b);
    if (st != 200) {
        fprintf(stderr, "rfi %d: HTTP %ld\n", rfi_id, st);
        free(b.data);
        return 1;
    }
    puts(b.data);
    printf("\nweb: https://app.procore.com/%lld/project/rfi/show/%d\n", project_id, rfi_id);
    free(b.data);
    return 0;
}

static int cmd_me(const struct ctx *c)
{
    char url[256];
    struct buffer b = { 0 };
    snprintf(url, sizeof url, "%s/rest/v1.0/me", c->env->api);
    long st = http_get(c, url, 0, &b);
    printf("HTTP %ld\n%s\n", st, b.data ? b.data : "");
    free(b.data);
    return st == 200 ? 0 : 1;
}

static int cmd_token_refresh(const struct ctx *c)
{
    char url[256], body[1024];
    const char *id = getenv("PROCORE_CLIENT_ID");
    const char *secret = getenv("PROCORE_CLIENT_SECRET");
    const char *refresh = getenv("PROCORE_REFRESH_TOKEN");
    struct buffer b = { 0 };
    long st = 0;
    if (!id || !secret || !refresh) {
        fprintf(stderr, "token refresh needs PROCORE_CLIENT_ID/SECRET/REFRESH_TOKEN\n");
        return 2;
    }
    snprintf(url, sizeof url, "%s/oauth/token", c->env->login);
    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             id, secret, refresh);

    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &st);
    curl_easy_cleanup(curl);
    printf("HTTP %ld\n%s\n", st, b.data ? b.data : "");
    free(b.data);
    return st == 200 ? 0 : 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: procore-cli [-e production|sandbox|monthly] [-c company_id] [-v]\n"
               "       projects list | rfi show <project> <rfi> | me | token refresh\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "env", required_argument, NULL, 'e' },
        { "company", required_argument, NULL, 'c' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *env_name = getenv("PROCORE_ENV");
    const char *company = getenv("PROCORE_COMPANY_ID");
    struct ctx c = { 0 };
    int opt;

    while ((opt = getopt_long(argc, argv, "e:c:vh", opts, NULL)) != -1) {
        switch (opt) {
        case 'e': env_name = optarg; break;
        case 'c': company = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    c.env = lookup_env(env_name ? env_name : "production");
    c.token = getenv("PROCORE_TOKEN");
    c.company_id = company ? strtoll(company, NULL, 10) : 0;
    if (!c.env || optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (!c.token && strcmp(argv[optind], "token") != 0) {
        fprintf(stderr, "PROCORE_TOKEN is not set\n");
        return 2;
    }
    if (c.verbose)
        fprintf(stderr, "env=%s api=%s company=%ld\n", c.env->name, c.env->api, (long)c.company_id);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = 2;
    const char *cmd = argv[optind];
    const char *sub = optind + 1 < argc ? argv[optind + 1] : "";
    if (strcmp(cmd, "projects") == 0 && strcmp(sub, "list") == 0)
        rc = cmd_projects_list(&c);
    else if (strcmp(cmd, "rfi") == 0 && strcmp(sub, "show") == 0)
        rc = cmd_rfi_show(&c, argc - optind - 2, argv + optind + 2);
    else if (strcmp(cmd, "me") == 0)
        rc = cmd_me(&c);
    else if (strcmp(cmd, "token") == 0 && strcmp(sub, "refresh") == 0)
        rc = cmd_token_refresh(&c);
    else
        usage(stderr);
    curl_global_cleanup();
    return rc;
}
