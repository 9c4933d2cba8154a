/*
 * pcl - Procore command line helper used by the estimating desktop tools.
 *
 *   pcl login CODE            exchange an authorization code for tokens
 *   pcl refresh               refresh the stored access token
 *   pcl logout                revoke the stored token
 *   pcl whoami                show the signed-in user
 *   pcl projects COMPANY_ID   list the company's projects
 *
 * Tokens live in $HOME/.pcl_token (access token on line 1, refresh on line 2).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define REDIRECT_URI "urn:ietf:wg:oauth:2.0:oob"

static char access_token[1024];
static char refresh_token[1024];

static const char *login_base(void)
{
    const char *s = getenv("PROCORE_LOGIN_URL");
    return (s && *s) ? s : "https://api.procore.com";
}

static const char *api_base(void)
{
    const char *s = getenv("PROCORE_API_URL");
    return (s && *s) ? s : "https://api.procore.com";
}

static size_t to_file(void *ptr, size_t size, size_t nmemb, void *stream)
{
    return fwrite(ptr, size, nmemb, (FILE *)stream);
}

static void token_path(char *buf, size_t len)
{
    const char *home = getenv("HOME");
    snprintf(buf, len, "%s/.pcl_token", home ? home : ".");
}

static int load_tokens(void)
{
    char path[512];
    FILE *f;

    token_path(path, sizeof path);
    if (!(f = fopen(path, "r")))
        return -1;
    if (!fgets(access_token, sizeof access_token, f) ||
        !fgets(refresh_token, sizeof refresh_token, f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    access_token[strcspn(access_token, "\n")] = '\0';
    refresh_token[strcspn(refresh_token, "\n")] = '\0';
    return 0;
}

/* Runs one request and leaves the body in a temp file for the caller. */
static long run(const char *url, const char *post, int with_auth, FILE *out)
{
    char auth[1100];
    struct curl_slist *hdrs = NULL;
    long code = 0;
    int attempt;
    CURLcode rc = CURLE_FAILED_INIT;
    CURL *c = curl_easy_init();

    if (!c)
        return -1;
    if (with_auth) {
        strcpy(auth, "Authorization: Bearer ");
        strncat(auth, access_token, sizeof auth - strlen(auth) - 1);
        hdrs = curl_slist_append(hdrs, auth);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_file);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);

    for (attempt = 0; attempt < 3; attempt++) {
        rc = curl_easy_perform(c);
        if (rc == CURLE_OK)
            break;
        fprintf(stderr, "pcl: %s (attempt %d)\n", curl_easy_strerror(rc), attempt + 1);
    }
    if (rc != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
cleanup:
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    return code;
}

static int oauth_token(const char *grant_body)
{
    char url[256];
    FILE *tmp = tmpfile();

    snprintf(url, sizeof url, "%s/oauth/token", login_base());
    long code = run(url, grant_body, 0, tmp);
    if (code != 200) {
        fprintf(stderr, "pcl: token endpoint returned %ld\n", code);
        fclose(tmp);
        return 1;
    }
    rewind(tmp);
    /* hand the raw response to the store helper */
    char path[512];
    token_path(path, sizeof path);
    FILE *f = fopen(path, "w");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, tmp);
    buf[n] = '\0';
    char *a = strstr(buf, "\"access_token\":\"");
    char *r = strstr(buf, "\"refresh_token\":\"");
    if (f && a && r) {
        fprintf(f, "%.*s\n", (int)strcspn(a + 16, "\""), a + 16);
        fprintf(f, "%.*s\n", (int)strcspn(r + 17, "\""), r + 17);
    }
    if (f)
        fclose(f);
    fclose(tmp);
    return 0;
}

static int cmd_whoami(void)
{
    char url[256], buf[4096];
    int user_id = 0;
    FILE *tmp = tmpfile();

    snprintf(url, sizeof url, "%s/rest/v1.0/me", api_base());
    if (run(url, NULL, 1, tmp) != 200) {
        fclose(tmp);
        return 1;
    }
    rewind(tmp);
    size_t n = fread(buf, 1, sizeof buf - 1, tmp);
    buf[n] = '\0';
    char *p = strstr(buf, "\"id\":");
    if (p)
        sscanf(p, "\"id\":%d", &user_id);
    char *login = strstr(buf, "\"login\":\"");
    printf("%.*s (user %d)\n", login ? (int)strcspn(login + 9, "\"") : 0,
           login ? login + 9 : "", user_id);
    fclose(tmp);
    return 0;
}

static int cmd_projects(const char *company_arg)
{
    char url[256];
    long long company_id = strtoll(company_arg, NULL, 10);

    snprintf(url, sizeof url, "%s/rest/v1.0/companies/%lld/projects", api_base(), company_id);
    return run(url, NULL, 1, stdout) == 200 ? 0 : 1;
}

int main(int argc, char **argv)
{
    char body[3072];
    const char *cid = getenv("PROCORE_CLIENT_ID");
    const char *secret = getenv("PROCORE_CLIENT_SECRET");
    int rc = 2;

    if (argc < 2 || !cid || !secret) {
        fprintf(stderr, "usage: pcl login CODE | refresh | logout | whoami | projects COMPANY_ID\n");
        fprintf(stderr, "see https://developers.procore.com/documentation/oauth-introduction\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    if (strcmp(argv[1], "login") == 0 && argc > 2) {
        snprintf(body, sizeof body,
                 "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s&redirect_uri=%s",
                 argv[2], cid, secret, REDIRECT_URI);
        rc = oauth_token(body);
    } else if (load_tokens() != 0) {
        fprintf(stderr, "pcl: not logged in\n");
        rc = 1;
    } else if (strcmp(argv[1], "refresh") == 0) {
        snprintf(body, sizeof body,
                 "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
                 refresh_token, cid, secret);
        rc = oauth_token(body);
    } else if (strcmp(argv[1], "logout") == 0) {
        char url[256];
        snprintf(url, sizeof url, "%s/oauth/revoke", login_base());
        snprintf(body, sizeof body, "token=%s&client_id=%s&client_secret=%s",
                 access_token, cid, secret);
        rc = run(url, body, 0, stderr) == 200 ? 0 : 1;
    } else if (strcmp(argv[1], "whoami") == 0) {
        rc = cmd_whoami();
    } else if (strcmp(argv[1], "projects") == 0 && argc > 2) {
        rc = cmd_projects(argv[2]);
    }
    curl_global_cleanup();
    return rc;
}
