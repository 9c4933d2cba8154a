/*
 * dailylog.c  -  "Send to Procore" add-in for the site timesheet tool.
 * Posts the crew's manpower lines and a notes log for today, checks the
 * cost codes the foreman picked.  Built with MinGW for the site laptops,
 * and on Linux for the office test box.
 *
 * dailylog login <code>      exchange the code shown in the browser
 * dailylog post <project_id> <timesheet.txt>
 * dailylog logout
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#ifdef _WIN32
#include <windows.h>
#define TOKEN_FILE "%APPDATA%\\SiteSheet\\procore.tok"
#else
#define TOKEN_FILE "/var/lib/sitesheet/procore.tok"
#endif

#define LOGIN_HOST   "https://login.procore.com"
#define API_HOST     "https://api.procore.com"
#define REDIRECT_URI "urn:ietf:wg:oauth:2.0:oob"
#define BUFSIZE      65536

struct dl_config {
    char client_id[96];
    char client_secret[96];
    long company_id;            /* from the add-in settings */
    char access_token[1024];
    char refresh_token[256];
};

static struct dl_config cfg;
static CURL *curl;
static char resp[BUFSIZE];
static int resp_len;
static char errbuf[CURL_ERROR_SIZE];

static size_t on_data(void *p, size_t s, size_t n, void *u)
{
    int len = (int)(s * n);
    (void)u;
    if (resp_len + len > BUFSIZE - 1) len = BUFSIZE - 1 - resp_len;
    memcpy(resp + resp_len, p, len);
    resp_len += len;
    resp[resp_len] = 0;
    return s * n;
}

static void load_settings(void)
{
    const char *v;
#ifdef _WIN32
    char buf[64];
    GetPrivateProfileStringA("procore", "client_id", "", cfg.client_id, sizeof(cfg.client_id), "sitesheet.ini");
    GetPrivateProfileStringA("procore", "client_secret", "", cfg.client_secret, sizeof(cfg.client_secret), "sitesheet.ini");
    GetPrivateProfileStringA("procore", "company_id", "0", buf, sizeof(buf), "sitesheet.ini");
    cfg.company_id = atol(buf);
#else
    if ((v = getenv("SITESHEET_CLIENT_ID")) != NULL) strncpy(cfg.client_id, v, 95);
    if ((v = getenv("SITESHEET_CLIENT_SECRET")) != NULL) strncpy(cfg.client_secret, v, 95);
    if ((v = getenv("SITESHEET_COMPANY_ID")) != NULL) cfg.company_id = strtol(v, NULL, 10);
#endif
    (void)v;
}

static int json_str(const char *key, char *out, int outlen)
{
    char pat[64];
    char *p;
    int i = 0;
    sprintf(pat, "\"%s\":\"", key);
    if (!(p = strstr(resp, pat))) return -1;
    p += strlen(pat);
    while (*p && *p != '"' && i < outlen - 1) out[i++] = *p++;
    out[i] = 0;
    return 0;
}

static int token_request(const char *form)
{
    long http = 0;
    resp_len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, LOGIN_HOST "/oauth/token");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
    if (curl_easy_perform(curl) != CURLE_OK) {
        fprintf(stderr, "oauth: %s\n", errbuf);
        return -1;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
    if (http != 200) return -1;
    json_str("access_token", cfg.access_token, sizeof(cfg.access_token));
    json_str("refresh_token", cfg.refresh_token, sizeof(cfg.refresh_token));
    return 0;
}

static void save_tokens(void)
{
    FILE *f = fopen(TOKEN_FILE, "w");
    if (!f) return;
    fprintf(f, "%s\n%s\n", cfg.access_token, cfg.refresh_token);
    fclose(f);
}

static int load_tokens(void)
{
    char form[1024];
    FILE *f = fopen(TOKEN_FILE, "r");
    if (!f) return -1;
    if (!fgets(cfg.access_token, sizeof(cfg.access_token), f) ||
        !fgets(cfg.refresh_token, sizeof(cfg.refresh_token), f)) { fclose(f); return -1; }
    fclose(f);
    cfg.access_token[strcspn(cfg.access_token, "\n")] = 0;
    cfg.refresh_token[strcspn(cfg.refresh_token, "\n")] = 0;
    /* tokens live 2h; the laptops sleep for days, so always refresh */
    sprintf(form, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
            cfg.client_id, cfg.client_secret, cfg.refresh_token);
    if (token_request(form) != 0) return -1;
    save_tokens();
    return 0;
}

static struct curl_slist *auth_headers(int json)
{
    char line[1100];
    struct curl_slist *h = NULL;
    sprintf(line, "Authorization: Bearer %s", cfg.access_token);
    h = curl_slist_append(h, line);
    if (json) h = curl_slist_append(h, "Content-Type: application/json");
    return h;
}

static int check_cost_code(long long project_id, const char *code)
{
    char url[512];
    struct curl_slist *h = auth_headers(0);
    int found = 0;
    sprintf(url, API_HOST "/rest/v1.0/cost_codes?project_id=%lld", project_id);
    resp_len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(curl) == CURLE_OK) {
        char pat[64];
        sprintf(pat, "\"full_code\":\"%s\"", code);
        found = strstr(resp, pat) != NULL;
    }
    curl_slist_free_all(h);
    return found;
}

/* after login: who am I and which companies can I pick in the settings */
static void show_account(void)
{
    struct curl_slist *h = auth_headers(0);
    char name[128], *p;

    resp_len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, API_HOST "/rest/v1.0/me");
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(curl) == CURLE_OK && json_str("name", name, sizeof(name)) == 0)
        printf("Logged in as %s\n", name);
    resp_len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, API_HOST "/rest/v1.0/companies");
    if (curl_easy_perform(curl) == CURLE_OK) {
        printf("Companies you can use (put the id into sitesheet.ini):\n");
        for (p = resp; (p = strstr(p, "{\"id\":")) != NULL; p += 6)
            printf("  %.*s\n", (int)strcspn(p + 6, ","), p + 6);
    }
    curl_slist_free_all(h);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
}

static int post_json(const char *url, const char *body)
{
    char line[64];
    long http = 0;
    struct curl_slist *h = auth_headers(1);
    sprintf(line, "Procore-Company-Id: %ld", cfg.company_id);
    h = curl_slist_append(h, line);
    resp_len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
    curl_slist_free_all(h);
    return (int)http;
}

static int post_timesheet(long long project_id, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256], code[32], url[512], body[1024], today[11];
    int workers, posted = 0, status;
    double hours;
    time_t now = time(NULL);

    if (!f) return -1;
    strftime(today, sizeof(today), "%Y-%m-%d", localtime(&now));
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%31s %d %lf", code, &workers, &hours) != 3) continue;
        if (!check_cost_code(project_id, code)) {
            printf("skipping unknown cost code %s\n", code);
            continue;
        }
        snprintf(url, sizeof(url), API_HOST "/rest/v1.0/projects/%lld/manpower_logs", project_id);
        snprintf(body, sizeof(body),
                 "{\"manpower_log\":{\"date\":\"%s\",\"num_workers\":%d,\"num_hours\":%.2f,\"notes\":\"%s\"}}",
                 today, workers, hours, code);
        status = post_json(url, body);
        if (status == 201) posted++;
        else printf("manpower line %s -> HTTP %d\n", code, status);
    }
    fclose(f);
    snprintf(url, sizeof(url), API_HOST "/rest/v1.0/projects/%lld/notes_logs", project_id);
    snprintf(body, sizeof(body), "{\"notes_log\":{\"date\":\"%s\",\"comment\":\"%d crew lines sent from SiteSheet\"}}",
             today, posted);
    post_json(url, body);
    printf("Done. Check it at https://app.procore.com/%lld/project/dailylog/list?date=%s\n", project_id, today);
    return posted;
}

static void logout(void)
{
    char form[512];
    sprintf(form, "token=%s&client_id=%s&client_secret=%s", cfg.access_token, cfg.client_id, cfg.client_secret);
    curl_easy_setopt(curl, CURLOPT_URL, "https://api.procore.com/oauth/revoke");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_perform(curl);
    remove(TOKEN_FILE);
}

int main(int argc, char **argv)
{
    char form[1024];
    int rc = 1;

    if (argc < 2) {
        printf("Open %s/oauth/authorize?response_type=code&client_id=<id>&redirect_uri=%s\n", LOGIN_HOST, REDIRECT_URI);
        return 1;
    }
    load_settings();
    curl_global_init(CURL_GLOBAL_ALL);
    curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);

    if (!strcmp(argv[1], "login") && argc > 2) {
        sprintf(form, "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s&redirect_uri=%s",
                argv[2], cfg.client_id, cfg.client_secret, REDIRECT_URI);
        if (token_request(form) != 0) goto out;
        save_tokens();
        show_account();
        rc = 0;
    } else if (!strcmp(argv[1], "post") && argc > 3) {
        long long project_id = atol(argv[2]);
        if (load_tokens() != 0) { fprintf(stderr, "please run 'dailylog login' first\n"); goto out; }
        rc = post_timesheet(project_id, argv[3]) > 0 ? 0 : 2;
    } else if (!strcmp(argv[1], "logout")) {
        if (load_tokens() == 0) logout();
        rc = 0;
    }
out:
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return rc;
}
