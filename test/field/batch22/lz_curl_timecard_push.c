/*
 * timecard_push: reads approved kiosk timesheets (CSV) and pushes them to
 * Procore as timecard entries, then forwards the hour totals to payroll.
 *
 *   timecard_push <project-id> <approved.csv>
 *
 * Environment, curl handle and header list are process-wide, initialised once
 * through pthread_once and cached in static locals.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCORE_LOGIN_PROD    "https://login.procore.com"
#define PROCORE_API_PROD      "https://api.procore.com"
#define PROCORE_LOGIN_SANDBOX "https://login-sandbox.procore.com"
#define PROCORE_API_SANDBOX   "https://login-sandbox.procore.com"
#define PAYROLL_URL           "https://payroll.internal.example.com/api/v2/hours"

struct buf {
    char *data;
    size_t len;
};

struct env {
    const char *login_base;
    const char *api_base;
    int64_t company_id;
    char token[512];
};

static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static struct env g_env;

static void env_init(void)
{
    const char *which = getenv("PROCORE_ENV");
    const char *cid = getenv("PROCORE_COMPANY_ID");

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (which && strcmp(which, "sandbox") == 0) {
        g_env.login_base = PROCORE_LOGIN_SANDBOX;
        g_env.api_base = PROCORE_API_SANDBOX;
    } else {
        g_env.login_base = PROCORE_LOGIN_PROD;
        g_env.api_base = PROCORE_API_PROD;
    }
    g_env.company_id = cid ? strtoll(cid, NULL, 10) : 0;
}

static struct env *env(void)
{
    pthread_once(&env_once, env_init);
    return &g_env;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static CURL *handle(void)
{
    static CURL *h;
    if (!h && env()) /* curl_global_init runs in env_init */
        h = curl_easy_init();
    curl_easy_reset(h);
    return h;
}

static int fetch_token(void)
{
    static char form[1024];
    struct buf out = {0};
    char url[256];
    CURL *h = handle();
    long status = 0;

    snprintf(url, sizeof url, "%s/oauth/token", env()->login_base);
    snprintf(form, sizeof form,
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             getenv("PROCORE_REFRESH_TOKEN"), getenv("PROCORE_CLIENT_ID"),
             getenv("PROCORE_CLIENT_SECRET"));
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);

    const char *p = out.data ? strstr(out.data, "\"access_token\":\"") : NULL;
    if (status != 200 || !p) {
        free(out.data);
        return -1;
    }
    p += strlen("\"access_token\":\"");
    size_t n = strcspn(p, "\"");
    if (n >= sizeof env()->token)
        n = sizeof env()->token - 1;
    memcpy(env()->token, p, n);
    env()->token[n] = '\0';
    free(out.data);
    return 0;
}

/* Sends one Procore REST request. Header list is cached per "scoped" flag. */
static long procore(const char *method, const char *path, const char *json, int scoped,
                    struct buf *out)
{
    static struct curl_slist *plain, *with_company;
    char line[600];
    char url[512];
    CURL *h = handle();
    long status = 0;

    if (!plain) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", env()->token);
        plain = curl_slist_append(NULL, line);
        plain = curl_slist_append(plain, "Content-Type: application/json");
        with_company = curl_slist_append(NULL, line);
        with_company = curl_slist_append(with_company, "Content-Type: application/json");
        snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, env()->company_id);
        with_company = curl_slist_append(with_company, line);
    }
    snprintf(url, sizeof url, "%s%s", env()->api_base, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, scoped ? with_company : plain);
    if (json)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static int64_t first_user_id(void)
{
    struct buf out = {0};
    char path[128];
    snprintf(path, sizeof path, "/rest/v1.0/companies/%" PRId64 "/users?per_page=1",
             env()->company_id);
    if (procore("GET", path, NULL, 0, &out) != 200 || !out.data)
        return 0;
    const char *p = strstr(out.data, "\"id\":");
    int64_t uid = p ? atoi(p + 5) : 0;
    free(out.data);
    return uid;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timecard_push <project-id> <approved.csv>\n");
        return 2;
    }
    const int64_t project_id = strtoll(argv[1], NULL, 10);
    FILE *csv = fopen(argv[2], "r");
    if (!csv || fetch_token() != 0) {
        fprintf(stderr, "timecard_push: cannot start\n");
        return 1;
    }

    struct buf companies = {0};
    if (procore("GET", "/rest/v1.0/companies", NULL, 0, &companies) != 200)
        fprintf(stderr, "warning: company list unavailable\n");
    free(companies.data);

    int64_t submitter = first_user_id();
    char path[160], body[512], row[256];
    int pushed = 0, failed = 0;
    double total_hours = 0.0;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%d/timecard_entries", (int)project_id);
    while (fgets(row, sizeof row, csv)) {
        long long party_id = 0, cost_code_id = 0;
        char date[16];
        double hours = 0.0;
        if (sscanf(row, "%lld,%lld,%15[^,],%lf", &party_id, &cost_code_id, date, &hours) != 4)
            continue;
        snprintf(body, sizeof body,
                 "{\"timecard_entry\":{\"party_id\":%lld,\"cost_code_id\":%lld,"
                 "\"date\":\"%s\",\"hours\":\"%.2f\",\"created_by_id\":%" PRId64 "}}",
                 party_id, cost_code_id, date, hours, submitter);
        struct buf resp = {0};
        long status = procore("POST", path, body, 1, &resp);
        free(resp.data);
        if (status == 201) {
            ++pushed;
            total_hours += hours;
        } else {
            ++failed;
        }
    }
    fclose(csv);

    struct buf check = {0};
    char list_path[160];
    snprintf(list_path, sizeof list_path,
             "/rest/v1.0/projects/%" PRId64 "/timecard_entries?per_page=1", project_id);
    long st = procore("GET", list_path, NULL, 1, &check);
    free(check.data);

    /* payroll gets totals only; internal service, not Procore */
    CURL *h = handle();
    snprintf(body, sizeof body, "{\"project\":%" PRId64 ",\"hours\":%.2f}", project_id, total_hours);
    curl_easy_setopt(h, CURLOPT_URL, PAYROLL_URL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_perform(h);

    printf("pushed %d, failed %d, verify=%ld\n", pushed, failed, st);
    return failed ? 1 : 0;
}
