/*
 * pcauth.c - OAuth helper shipped with the CAD plugin.
 *
 *   pcauth url                 print the authorize link for the user
 *   pcauth code <code>         exchange an authorization code
 *   pcauth refresh             refresh the stored token
 *   pcauth revoke              revoke the stored token
 *   pcauth projects            pick the first company and list projects
 *
 * Tokens live in ~/.pcauth (access\nrefresh\n).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define CLIENT_ID       "3f9a1c0e7d5b42aa8e61"
#define CLIENT_SECRET   "see-build-config"
#define REDIRECT_URI    "urn:ietf:wg:oauth:2.0:oob"

#define LOGIN_HOST      "https://login.procore.com"
#define API_HOST        "https://api.procore.com"
#define AUTHORIZE_URL   LOGIN_HOST "/oauth/authorize"
#define TOKEN_URL       "https://api.procore.com/oauth/token"
#define REVOKE_URL      LOGIN_HOST "/oauth/revoke"
#define TOKEN_INFO_URL  LOGIN_HOST "/oauth/token/info"
#define REST_V10        API_HOST "/rest/v1.0"
#define HELP_URL        "https://developers.procore.com/documentation/oauth-installed-apps"

#define PC_OK           0
#define PC_ECURL        1
#define PC_EHTTP        2
#define PC_EPARSE       3
#define PC_EFILE        4

static char resp_buf[256 * 1024];
static size_t resp_len;
static char access_token[1024];
static char refresh_token[1024];
static char line_buf[1200];
static struct curl_slist *hdrs;

static size_t on_data(char *p, size_t sz, size_t nm, void *u)
{
    size_t n = sz * nm;
    (void)u;
    if (resp_len + n >= sizeof(resp_buf))
        return 0;
    memcpy(resp_buf + resp_len, p, n);
    resp_len += n;
    resp_buf[resp_len] = 0;
    return n;
}

static int scan_string(const char *js, const char *key, char *out, size_t max)
{
    char needle[64];
    const char *p;
    size_t i = 0;

    snprintf(needle, sizeof(needle), "\"%s\"", key);
    if ((p = strstr(js, needle)) == NULL)
        return PC_EPARSE;
    p += strlen(needle);
    while (*p == ' ' || *p == ':')
        p++;
    if (*p++ != '"')
        return PC_EPARSE;
    while (*p && *p != '"' && i + 1 < max)
        out[i++] = *p++;
    out[i] = 0;
    return PC_OK;
}

static int token_path(char *out)
{
    const char *home = getenv("HOME");
    if (!home)
        return PC_EFILE;
    sprintf(out, "%s/.pcauth", home);
    return PC_OK;
}

static int load_tokens(void)
{
    char path[512];
    FILE *fp;
    if (token_path(path) || (fp = fopen(path, "r")) == NULL)
        return PC_EFILE;
    if (!fgets(access_token, sizeof(access_token), fp) ||
        !fgets(refresh_token, sizeof(refresh_token), fp)) {
        fclose(fp);
        return PC_EFILE;
    }
    fclose(fp);
    access_token[strcspn(access_token, "\n")] = 0;
    refresh_token[strcspn(refresh_token, "\n")] = 0;
    return PC_OK;
}

static int save_tokens(void)
{
    char path[512];
    FILE *fp;
    if (token_path(path) || (fp = fopen(path, "w")) == NULL)
        return PC_EFILE;
    fprintf(fp, "%s\n%s\n", access_token, refresh_token);
    fclose(fp);
    return PC_OK;
}

/* one request; post_body NULL means GET.  hdrs must be set by the caller. */
static int http_call(const char *url, const char *post_body)
{
    CURL *c = curl_easy_init();
    long code = 0;
    int rc = PC_OK;

    if (!c)
        return PC_ECURL;
    resp_len = 0;
    resp_buf[0] = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    if (post_body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body);
    if (curl_easy_perform(c) != CURLE_OK) {
        rc = PC_ECURL;
        goto cleanup;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code > 299) {
        fprintf(stderr, "pcauth: %s -> %ld\n%s\n", url, code, resp_buf);
        rc = PC_EHTTP;
    }
cleanup:
    curl_easy_cleanup(c);
    return rc;
}

static void set_bearer(void)
{
    curl_slist_free_all(hdrs);
    hdrs = NULL;
    sprintf(line_buf, "Authorization: Bearer %s", access_token);
    hdrs = curl_slist_append(hdrs, line_buf);
}

static int token_request(const char *form)
{
    int rc;
    curl_slist_free_all(hdrs);
    hdrs = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    rc = http_call(TOKEN_URL, form);
    if (rc != PC_OK)
        return rc;
    if (scan_string(resp_buf, "access_token", access_token, sizeof(access_token)))
        return PC_EPARSE;
    scan_string(resp_buf, "refresh_token", refresh_token, sizeof(refresh_token));
    return save_tokens();
}

static int cmd_code(const char *code)
{
    char form[1024];
    snprintf(form, sizeof(form),
             "grant_type=authorization_code&code=%s&client_id=" CLIENT_ID
             "&client_secret=" CLIENT_SECRET "&redirect_uri=" REDIRECT_URI, code);
    return token_request(form);
}

static int cmd_refresh(void)
{
    char form[1400];
    if (load_tokens())
        return PC_EFILE;
    snprintf(form, sizeof(form),
             "grant_type=refresh_token&refresh_token=%s&client_id=" CLIENT_ID
             "&client_secret=" CLIENT_SECRET, refresh_token);
    return token_request(form);
}

static int cmd_revoke(void)
{
    char form[1400];
    if (load_tokens())
        return PC_EFILE;
    curl_slist_free_all(hdrs);
    hdrs = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    snprintf(form, sizeof(form), "token=%s&client_id=" CLIENT_ID
             "&client_secret=" CLIENT_SECRET, access_token);
    return http_call(REVOKE_URL, form);
}

/* first "id" in the companies array */
static int pick_company(const char *js, char *name_out, size_t name_max)
{
    const char *p = strstr(js, "\"id\":");
    if (!p)
        return -1;
    scan_string(p, "name", name_out, name_max);
    return atoi(p + 5);
}

static int cmd_projects(void)
{
    char company_name[256], url[512], user[128];
    int company_id;
    int rc;

    if (load_tokens())
        return PC_EFILE;
    set_bearer();

    rc = http_call(TOKEN_INFO_URL, NULL);
    if (rc != PC_OK)
        return rc;

    rc = http_call(REST_V10 "/me", NULL);
    if (rc != PC_OK)
        return rc;
    scan_string(resp_buf, "login", user, sizeof(user));

    rc = http_call(REST_V10 "/companies", NULL);
    if (rc != PC_OK)
        return rc;
    company_id = pick_company(resp_buf, company_name, sizeof(company_name));
    if (company_id < 0)
        return PC_EPARSE;
    printf("%s @ %s (%d)\n", user, company_name, company_id);

    sprintf(line_buf, "Procore-Company-Id: %d", company_id);
    hdrs = curl_slist_append(hdrs, line_buf);
    snprintf(url, sizeof(url), REST_V10 "/projects?company_id=%d", company_id);
    rc = http_call(url, NULL);
    if (rc == PC_OK)
        fwrite(resp_buf, 1, resp_len, stdout);
    return rc;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: pcauth url|code <c>|refresh|revoke|projects\n"
                        "see " HELP_URL "\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_ALL);

    if (!strcmp(argv[1], "url")) {
        printf(AUTHORIZE_URL "?response_type=code&client_id=" CLIENT_ID
               "&redirect_uri=" REDIRECT_URI "\n");
        rc = PC_OK;
    } else if (!strcmp(argv[1], "code") && argc > 2) {
        rc = cmd_code(argv[2]);
    } else if (!strcmp(argv[1], "refresh")) {
        rc = cmd_refresh();
    } else if (!strcmp(argv[1], "revoke")) {
        rc = cmd_revoke();
    } else if (!strcmp(argv[1], "projects")) {
        rc = cmd_projects();
    } else {
        rc = 2;
    }

    curl_slist_free_all(hdrs);
    curl_global_cleanup();
    return rc;
}
