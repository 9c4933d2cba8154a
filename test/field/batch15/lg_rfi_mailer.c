/*
 * rfi_mailer.c -- morning digest of overdue RFIs, mailed through the
 * office relay.  Runs as a Developer Managed Service Account
 * (client_credentials), so no user ever has to log in.
 *
 * env: PROCORE_CLIENT_ID PROCORE_CLIENT_SECRET PROCORE_COMPANY_ID
 *      SMTP_RELAY SMTP_PORT MAIL_FROM MAIL_TO
 *
 * 2011-03  jk   first version (Prolog Converge)
 * 2017-09  dm   moved to Procore
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>
#include <curl/curl.h>

#define RESP_MAX   (1024 * 1024)
#define MAIL_MAX   (64 * 1024)
#define MAX_PROJ   200

static CURL *g_curl;
static char g_base[128];
static char g_login[128];
static char g_token[2048];
static long long g_company_id;
static char g_resp[RESP_MAX];
static unsigned g_resp_len;
static char g_mail[MAIL_MAX];
static unsigned g_mail_len, g_mail_pos;
static long long g_projects[MAX_PROJ];
static char g_project_names[MAX_PROJ][96];
static int g_nprojects;
static int g_overdue_total;

static size_t collect(char *d, size_t s, size_t n, void *u)
{
    size_t len = s * n;
    (void)u;
    if (g_resp_len + len >= RESP_MAX) len = RESP_MAX - 1 - g_resp_len;
    memcpy(g_resp + g_resp_len, d, len);
    g_resp_len += (unsigned)len;
    g_resp[g_resp_len] = 0;
    return s * n;
}

static size_t mail_reader(char *d, size_t s, size_t n, void *u)
{
    size_t room = s * n, left = g_mail_len - g_mail_pos;
    (void)u;
    if (left > room) left = room;
    memcpy(d, g_mail + g_mail_pos, left);
    g_mail_pos += (unsigned)left;
    return left;
}

static void init_urls(void)
{
#ifdef USE_SANDBOX
    strcpy(g_base, "https://sandbox.procore.com");
    strcpy(g_login, "https://login-sandbox.procore.com");
#else
    strcpy(g_base, "https://api.procore.com");
    strcpy(g_login, "https://login.procore.com");
#endif
}

static int get_token(void)
{
    char url[256], form[512];
    const char *id = getenv("PROCORE_CLIENT_ID");
    const char *sec = getenv("PROCORE_CLIENT_SECRET");
    char *p;

    if (!id || !sec) return -1;
    strcpy(url, g_login);
    strcat(url, "/oauth/token");
    sprintf(form, "grant_type=client_credentials&client_id=%s&client_secret=%s", id, sec);
    g_resp_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_POSTFIELDS, form);
    if (curl_easy_perform(g_curl) != CURLE_OK) return -1;
    p = strstr(g_resp, "\"access_token\":\"");
    if (!p) return -1;
    sscanf(p + 16, "%2047[^\"]", g_token);
    return 0;
}

/* GET base+path into g_resp; /me and /companies are company-less */
static long api_get(const char *path, int with_company)
{
    char url[1024], line[2100];
    struct curl_slist *h = NULL;
    long status = 0;

    snprintf(url, sizeof(url), "%s%s", g_base, path);
    sprintf(line, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, line);
    if (with_company) {
        sprintf(line, "Procore-Company-Id: %lld", g_company_id);
        h = curl_slist_append(h, line);
    }
    g_resp_len = 0;
    g_resp[0] = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(g_curl) == CURLE_OK)
        curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return status;
}

static void mail_add(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_mail_len += vsnprintf(g_mail + g_mail_len, MAIL_MAX - g_mail_len, fmt, ap);
    va_end(ap);
    if (g_mail_len >= MAIL_MAX) g_mail_len = MAIL_MAX - 1;
}

static int load_projects(void)
{
    char path[256];
    char *p, *q;

    sprintf(path, "/rest/v1.0/projects?company_id=%lld&per_page=%d", g_company_id, MAX_PROJ);
    if (api_get(path, 1) != 200) return -1;
    for (p = g_resp; (p = strstr(p, "\"id\":")) && g_nprojects < MAX_PROJ; ) {
        g_projects[g_nprojects] = strtoll(p + 5, &q, 10);
        if ((q = strstr(q, "\"name\":\"")) != NULL)
            sscanf(q + 8, "%95[^\"]", g_project_names[g_nprojects]);
        g_nprojects++;
        p = strstr(p + 5, "},{");
        if (!p) break;
    }
    return 0;
}

static int rfi_responses(long long project_id, int rfi_id)
{
    char url[512], line[2100];
    struct curl_slist *h = NULL;
    int n = 0;
    char *p;

    snprintf(url, sizeof(url), "%s/rest/v1.0/projects/%lld/rfis/%d/replies", g_base, project_id, rfi_id);
    sprintf(line, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, line);
    sprintf(line, "Company-Id: %lld", g_company_id);
    h = curl_slist_append(h, line);
    g_resp_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(g_curl) == CURLE_OK)
        for (p = g_resp; (p = strstr(p, "\"body\":")) != NULL; p += 7) n++;
    curl_slist_free_all(h);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, NULL);
    return n;
}

static void scan_rfis(int idx)
{
    char path[256], due[16], today[16];
    char *p, *q;
    int rfi_id, replies;
    time_t now = time(NULL);

    strftime(today, sizeof(today), "%Y-%m-%d", localtime(&now));
    sprintf(path, "/rest/v1.1/projects/%lld/rfis?filters[status]=open", g_projects[idx]);
    if (api_get(path, 1) != 200) return;
    for (p = g_resp; (p = strstr(p, "{\"id\":")) != NULL; p = q) {
        rfi_id = atoi(p + 6);
        q = strstr(p + 6, "\"due_date\":\"");
        if (!q) break;
        sscanf(q + 12, "%10s", due);
        if (strcmp(due, today) >= 0) continue;
        replies = rfi_responses(g_projects[idx], rfi_id);
        mail_add("  %-40s RFI %d due %s (%d replies)\r\n"
                 "    https://app.procore.com/%lld/project/rfi/show/%d\r\n",
                 g_project_names[idx], rfi_id, due, replies, g_projects[idx], rfi_id);
        g_overdue_total++;
    }
}

static int send_mail(void)
{
    char relay[256];
    const char *host = getenv("SMTP_RELAY"), *from = getenv("MAIL_FROM"), *to = getenv("MAIL_TO");
    int port = getenv("SMTP_PORT") ? atoi(getenv("SMTP_PORT")) : 25;
    struct curl_slist *rcpt = NULL;
    CURLcode rc;

    if (!host || !from || !to) return -1;
    snprintf(relay, sizeof(relay), "smtp://%s:%d", host, port);
    rcpt = curl_slist_append(rcpt, to);
    curl_easy_reset(g_curl);
    curl_easy_setopt(g_curl, CURLOPT_URL, relay);
    curl_easy_setopt(g_curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(g_curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(g_curl, CURLOPT_READFUNCTION, mail_reader);
    curl_easy_setopt(g_curl, CURLOPT_UPLOAD, 1L);
    g_mail_pos = 0;
    rc = curl_easy_perform(g_curl);
    curl_slist_free_all(rcpt);
    return rc == CURLE_OK ? 0 : -1;
}

int main(void)
{
    int i, ret = 1;
    const char *cid = getenv("PROCORE_COMPANY_ID");
    char *p;

    if (!cid) { fprintf(stderr, "PROCORE_COMPANY_ID not set\n"); return 1; }
    g_company_id = strtoll(cid, NULL, 10);
    init_urls();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_curl = curl_easy_init();
    if (!g_curl) goto done;
    curl_easy_setopt(g_curl, CURLOPT_WRITEFUNCTION, collect);
    if (get_token() != 0) { fprintf(stderr, "token request failed\n"); goto done; }

    if (api_get("/rest/v1.0/me", 0) != 200) goto done;
    if (api_get("/rest/v1.0/companies", 0) != 200) goto done;
    if (!strstr(g_resp, cid)) {
        fprintf(stderr, "service account cannot see company %lld\n", g_company_id);
        goto done;
    }
    if ((p = strstr(g_resp, "\"name\":\"")) != NULL)
        printf("company: %.40s\n", p + 8);
    if (load_projects() != 0) goto done;

    mail_add("To: %s\r\nFrom: %s\r\nSubject: Overdue RFIs\r\n\r\n", getenv("MAIL_TO"), getenv("MAIL_FROM"));
    for (i = 0; i < g_nprojects; i++)
        scan_rfis(i);
    mail_add("\r\n%d overdue RFIs across %d projects.\r\n", g_overdue_total, g_nprojects);
    if (g_overdue_total > 0 && send_mail() != 0) {
        fprintf(stderr, "mail relay refused the digest\n");
        goto done;
    }
    ret = 0;
done:
    if (g_curl) curl_easy_cleanup(g_curl);
    curl_global_cleanup();
    return ret;
}
