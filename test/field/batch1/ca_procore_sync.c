/*
 * procore-sync: mirrors Procore projects and cost codes into the local
 * job-cost spool directory, once per interval.
 *
 * usage: procore-sync [-e prod|sandbox|monthly] [-i seconds] company_id
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <curl/curl.h>

#define MAX_PROJECTS 256

enum procore_env {
    ENV_PRODUCTION = 0,
    ENV_SANDBOX,
    ENV_MONTHLY,
    ENV_COUNT
};

struct env_info {
    const char *name;
    const char *login_base;
    const char *api_base;
};

static const struct env_info environments[ENV_COUNT] = {
    [ENV_PRODUCTION] = { "prod",    "https://login.procore.com",                 "https://api.procore.com" },
    [ENV_SANDBOX]    = { "sandbox", "https://sandbox.procore.com",               "https://sandbox.procore.com" },
    [ENV_MONTHLY]    = { "monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com" },
};

struct membuf {
    char  *data;
    size_t len;
};

static size_t collect(void *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct membuf *mb = userdata;
    size_t n = size * nmemb;
    char *p = realloc(mb->data, mb->len + n + 1);
    if (!p)
        return 0;
    mb->data = p;
    memcpy(mb->data + mb->len, ptr, n);
    mb->len += n;
    mb->data[mb->len] = '\0';
    return n;
}

static enum procore_env parse_env(const char *s)
{
    for (int i = 0; i < ENV_COUNT; i++)
        if (strcmp(environments[i].name, s) == 0)
            return (enum procore_env)i;
    fprintf(stderr, "procore-sync: unknown environment '%s', using prod\n", s);
    return ENV_PRODUCTION;
}

static struct curl_slist *auth_headers(const char *token)
{
    char buf[1024];
    struct curl_slist *h = NULL;

    snprintf(buf, sizeof buf, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, buf);
    h = curl_slist_append(h, "Accept: application/json");
    return h;
}

static struct curl_slist *company_headers(const char *token, int64_t company_id)
{
    char buf[64];
    struct curl_slist *h = auth_headers(token);

    snprintf(buf, sizeof buf, "Procore-Company-Id: %" PRId64, company_id);
    return curl_slist_append(h, buf);
}

static long do_request(const char *url, struct curl_slist *hdrs,
                       const char *post, struct membuf *out)
{
    long status = 0;
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (hdrs)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

static int fetch_token(const struct env_info *env, char *token, size_t toklen)
{
    char url[256], body[2048];
    struct membuf mb = { NULL, 0 };
    const char *id = getenv("PROCORE_CLIENT_ID");
    const char *secret = getenv("PROCORE_CLIENT_SECRET");
    const char *refresh = getenv("PROCORE_REFRESH_TOKEN");
    int rc = -1;

    if (!id || !secret || !refresh)
        return -1;
    snprintf(url, sizeof url, "%s/oauth/token", env->login_base);
    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             id, secret, refresh);
    if (do_request(url, NULL, body, &mb) != 200)
        goto out;

    char *p = strstr(mb.data, "\"access_token\":\"");
    if (!p)
        goto out;
    p += strlen("\"access_token\":\"");
    char *q = strchr(p, '"');
    if (!q || (size_t)(q - p) >= toklen)
        goto out;
    memcpy(token, p, (size_t)(q - p));
    token[q - p] = '\0';
    rc = 0;
out:
    free(mb.data);
    return rc;
}

static int list_projects(const struct env_info *env, const char *token,
                         int64_t company_id, long long *ids, int max)
{
    char url[512];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = company_headers(token, company_id);
    int n = 0;

    snprintf(url, sizeof url, "%s/rest/v1.0/projects?company_id=%" PRId64 "&per_page=300",
             env->api_base, company_id);
    if (do_request(url, h, NULL, &mb) == 200) {
        for (char *p = mb.data; n < max && (p = strstr(p, "{\"id\":")) != NULL; p += 6)
            ids[n++] = atoi(p + 6);
    }
    curl_slist_free_all(h);
    free(mb.data);
    return n;
}

static void sync_cost_codes(const struct env_info *env, const char *token,
                            long long project_id, FILE *spool)
{
    char url[512];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = auth_headers(token);

    snprintf(url, sizeof url, "%s/rest/v1.0/cost_codes?project_id=%lld", env->api_base, project_id);
    long status = do_request(url, h, NULL, &mb);
    if (status == 200)
        fprintf(spool, "%lld\t%s\n", project_id, mb.data);
    else
        fprintf(stderr, "procore-sync: project %lld: HTTP %ld\n", project_id, status);
    curl_slist_free_all(h);
    free(mb.data);
}

int main(int argc, char **argv)
{
    enum procore_env env_id = ENV_PRODUCTION;
    int interval = 900, opt;
    char token[1024];
    long long projects[MAX_PROJECTS];

    while ((opt = getopt(argc, argv, "e:i:")) != -1) {
        switch (opt) {
        case 'e': env_id = parse_env(optarg); break;
        case 'i': interval = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-e env] [-i seconds] company_id\n", argv[0]);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: %s [-e env] [-i seconds] company_id\n", argv[0]);
        return 2;
    }
    int64_t company_id = strtoll(argv[optind], NULL, 10);
    const struct env_info *env = &environments[env_id];

    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (;;) {
        if (fetch_token(env, token, sizeof token) != 0) {
            fprintf(stderr, "procore-sync: token refresh failed\n");
            sleep(60);
            continue;
        }
        int n = list_projects(env, token, company_id, projects, MAX_PROJECTS);
        FILE *spool = fopen("/var/spool/procore-sync/cost_codes.tsv", "w");
        if (spool) {
            for (int i = 0; i < n; i++)
                sync_cost_codes(env, token, projects[i], spool);
            fclose(spool);
        }
        printf("procore-sync: %d projects synced (%s)\n", n, env->name);
        sleep((unsigned)interval);
    }
    curl_global_cleanup();
    return 0;
}
