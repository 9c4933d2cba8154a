/*
 * rfi-export: dumps open RFIs of a Procore project to stdout (cron job).
 *
 * Environment selection (MPR migration, see ops ticket OPS-1182):
 *   PROCORE_ENV = production | sandbox | monthly   (or --env on the command line)
 *   PROCORE_USE_MPR_HOSTS = 1 switches to the per-environment login/API hosts.
 *
 * TODO(mpr): once every cron host has PROCORE_USE_MPR_HOSTS=1, delete the
 * legacy macros and the _legacy helpers below.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kept for compatibility with the old export scripts that source this file. */
#define PROCORE_LEGACY_BASE  "https://app.procore.com"
#define PROCORE_LEGACY_TOKEN "https://app.procore.com/oauth/token"
/* Web UI, only for links printed for humans. */
#define PROCORE_WEB_BASE     "https://app.procore.com"

typedef enum { ENV_PRODUCTION = 0, ENV_DEV_SANDBOX = 1, ENV_MONTHLY_SANDBOX = 2 } procore_env;

typedef struct {
    const char *name;
    const char *login_base;
    const char *api_base;
} env_hosts_t;

static const env_hosts_t ENV_HOSTS[] = {
    { "production", "https://login.procore.com",                 "https://api.procore.com" },
    { "sandbox",    "https://login-sandbox.procore.com",         "https://sandbox.procore.com" },
    { "monthly",    "https://login-sandbox-monthly.procore.com", "https://login-sandbox-monthly.procore.com" },
};

typedef struct {
    long rfi_id;
    int64_t project_id;
    char subject[256];
} rfi_row;

struct buf {
    char *data;
    size_t len;
};

static int use_mpr_hosts = 0;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = (struct buf *)userdata;
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

static procore_env parse_env(const char *s)
{
    if (!s || !*s || strcmp(s, "production") == 0 || strcmp(s, "prod") == 0)
        return ENV_PRODUCTION;
    if (strcmp(s, "sandbox") == 0 || strcmp(s, "developer") == 0)
        return ENV_DEV_SANDBOX;
    if (strcmp(s, "monthly") == 0)
        return ENV_MONTHLY_SANDBOX;
    fprintf(stderr, "unknown environment '%s', using production\n", s);
    return ENV_PRODUCTION;
}

static const char *api_base(procore_env env)
{
    if (use_mpr_hosts)
        return ENV_HOSTS[env].api_base;
    return PROCORE_LEGACY_BASE; /* old behaviour: everything on the web host */
}

/* POST /oauth/token with a refresh token; writes the raw JSON into out. */
static int refresh_access_token(procore_env env, const char *client_id, const char *secret,
                                const char *refresh_token, struct buf *out)
{
    char url[256];
    char form[1024];
    CURL *curl = curl_easy_init();
    CURLcode rc;

    if (!curl)
        return -1;
    if (use_mpr_hosts)
        snprintf(url, sizeof url, "%s/oauth/token", ENV_HOSTS[env].login_base);
    else
        snprintf(url, sizeof url, "%s", PROCORE_LEGACY_TOKEN);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh_token);

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? 0 : -1;
}

/* Deprecated: kept until the ops dashboard stops calling it.  Use refresh_access_token. */
static void revoke_token_legacy(const char *token)
{
    char form[512];
    CURL *curl = curl_easy_init();
    if (!curl)
        return;
    snprintf(form, sizeof form, "token=%s", token);
    curl_easy_setopt(curl, CURLOPT_URL, "https://api.procore.com/oauth/revoke");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_perform(curl);
    curl_easy_cleanup(curl);
}

/* GET helper.  company_id == 0 means "no company header" (me/companies). */
static long procore_get(const char *url, const char *token, int64_t company_id, struct buf *out)
{
    char auth[1024];
    char company[64];
    long status = 0;
    struct curl_slist *hdrs = NULL;
    CURL *curl = curl_easy_init();

    if (!curl)
        return -1;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    hdrs = curl_slist_append(hdrs, auth);
    if (company_id != 0) {
        snprintf(company, sizeof company, "Procore-Company-Id: %" PRId64, company_id);
        hdrs = curl_slist_append(hdrs, company);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

/* Deprecated wrapper from before the company header existed.
 * TODO(mpr): migrate the remaining callers to procore_get(). */
static long procore_get_legacy(const char *path, const char *token, struct buf *out)
{
    char url[512];
    char auth[1024];
    long status = 0;
    struct curl_slist *hdrs = NULL;
    CURL *curl = curl_easy_init();

    if (!curl)
        return -1;
    snprintf(url, sizeof url, "%s%s", PROCORE_LEGACY_BASE, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

int main(int argc, char **argv)
{
    const char *env_name = getenv("PROCORE_ENV");
    const char *flag = getenv("PROCORE_USE_MPR_HOSTS");
    const char *token = getenv("PROCORE_ACCESS_TOKEN");
    procore_env env;
    int64_t company_id = 0;
    const char *project_arg = NULL;
    int page = 1;
    int per_page = 100;
    char url[512];
    struct buf body = { NULL, 0 };
    long status;
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--env") == 0 && i + 1 < argc)
            env_name = argv[++i];
        else if (strcmp(argv[i], "--company") == 0 && i + 1 < argc)
            company_id = strtoll(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--project") == 0 && i + 1 < argc)
            project_arg = argv[++i];
        else if (strcmp(argv[i], "--revoke") == 0 && token)
            revoke_token_legacy(token);
    }
    use_mpr_hosts = flag && strcmp(flag, "1") == 0;
    env = parse_env(env_name);
    int project_id = project_arg ? atoi(project_arg) : 0;
    if (!token || company_id == 0 || project_id == 0) {
        fprintf(stderr, "usage: rfi-export --company ID --project ID [--env NAME]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* sanity check the token: /me never needed the company header */
    snprintf(url, sizeof url, "%s/rest/v1.0/me", api_base(env));
    status = procore_get(url, token, 0, &body);
    if (status == 401) {
        const char *refresh = getenv("PROCORE_REFRESH_TOKEN");
        free(body.data);
        body.data = NULL;
        body.len = 0;
        if (!refresh || refresh_access_token(env, getenv("PROCORE_CLIENT_ID"),
                                             getenv("PROCORE_CLIENT_SECRET"), refresh, &body) != 0) {
            fprintf(stderr, "token expired and refresh failed\n");
            return 1;
        }
        printf("%s\n", body.data);
        return 0;
    }

    /* migrated call site */
    free(body.data);
    body.data = NULL;
    body.len = 0;
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%d/rfis?page=%d&per_page=%d",
             api_base(env), project_id, page, per_page);
    status = procore_get(url, token, company_id, &body);
    printf("rfis (%ld): %s\n", status, body.data ? body.data : "");
    if (body.data) {
        const char *p = strstr(body.data, "\"id\":");
        if (p) {
            rfi_row first;
            first.project_id = project_id;
            first.rfi_id = strtol(p + 5, NULL, 10);
            first.subject[0] = '\0';
            fprintf(stderr, "first rfi: %ld\n", first.rfi_id);
        }
    }

    /* not migrated yet: submittals still go through the old wrapper */
    free(body.data);
    body.data = NULL;
    body.len = 0;
    snprintf(url, sizeof url, "/rest/v1.0/projects/%d/submittals?page=%d", project_id, page);
    status = procore_get_legacy(url, token, &body);
    printf("submittals (%ld): %s\n", status, body.data ? body.data : "");

    /* project users: migrated host, but someone passed 0 for the company */
    free(body.data);
    body.data = NULL;
    body.len = 0;
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%d/users", api_base(env), project_id);
    status = procore_get(url, token, 0, &body);
    printf("users (%ld): %s\n", status, body.data ? body.data : "");

    printf("Open in Procore: %s/%" PRId64 "/project/home\n", PROCORE_WEB_BASE, company_id);
    free(body.data);
    curl_global_cleanup();
    return 0;
}
