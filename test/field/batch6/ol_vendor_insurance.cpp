/*
 * ol_vendor_insurance.cpp - weekly vendor insurance checker
 *
 * Walks the company directory, pulls each vendor's insurance certificates
 * and flags the ones that expire within WARN_DAYS to the compliance service.
 * Set PROCORE_ENV=monthly to run against the monthly sandbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <map>
#include <string>
#include <curl/curl.h>

#define PROD_LOGIN        "https://login.procore.com"
#define PROD_API          "https://api.procore.com"
#define MONTHLY_LOGIN     "https://login-sandbox-monthly.procore.com"
#define MONTHLY_API       "https://api-monthly.procore.com"
#define COMPLIANCE_URL    "https://compliance.internal.acme-builders.com/api/v2/flags"
#define HELP_URL          "https://support.procore.com/products/online/user-guide/company-level/directory"
#define WARN_DAYS         30
#define MAX_VENDORS       5000

typedef long long    CompanyId;
typedef unsigned int VendorId;
typedef long long    InsuranceId;

struct EnvConfig {
    const char *login_base;
    const char *api_base;
    CompanyId   company_id;
    char        access_token[1024];
};
struct EnvConfig g_env;

struct VendorInfo {
    VendorId    id;
    char        name[128];
    int         expiring;
    int         expired;
    InsuranceId worst_insurance;
};

struct Buffer { char *p; size_t n; };

static size_t on_data(void *d, size_t s, size_t m, void *u)
{
    Buffer *b = (Buffer *)u;
    b->p = (char *)realloc(b->p, b->n + s * m + 1);
    memcpy(b->p + b->n, d, s * m);
    b->n += s * m;
    b->p[b->n] = 0;
    return s * m;
}

/* perform a request; hdr_lines is NULL terminated, post_body NULL for GET */
int http_call(const char *url, const char **hdr_lines, const char *post_body, Buffer *out, long *code)
{
    struct curl_slist *list = NULL;
    int i;
    for (i = 0; hdr_lines[i] != NULL; i++)
        list = curl_slist_append(list, hdr_lines[i]);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    if (post_body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, code);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

int login(const char *client_id, const char *client_secret, const char *refresh)
{
    char url[256], body[1024];
    const char *hdrs[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
    Buffer b = { NULL, 0 };
    long code = 0;
    strcpy(url, g_env.login_base);
    strcat(url, "/oauth/token");
    snprintf(body, sizeof(body), "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, client_secret, refresh);
    if (http_call(url, hdrs, body, &b, &code) != 0 || code != 200) { free(b.p); return -1; }
    char *t = strstr(b.p, "\"access_token\":\"");
    if (t) sscanf(t + 16, "%1023[^\"]", g_env.access_token);
    free(b.p);
    return t ? 0 : -1;
}

int print_company_name()
{
    char url[256], auth[1100];
    Buffer b = { NULL, 0 };
    long code = 0;
    sprintf(auth, "Authorization: Bearer %s", g_env.access_token);
    const char *hdrs[] = { auth, NULL };
    sprintf(url, "%s/rest/v1.0/companies", g_env.api_base);
    if (http_call(url, hdrs, NULL, &b, &code) != 0) { free(b.p); return -1; }
    char needle[40], name[128] = "";
    sprintf(needle, "\"id\":%lld,\"name\":\"", g_env.company_id);
    char *p = strstr(b.p, needle);
    if (p) sscanf(p + strlen(needle), "%127[^\"]", name);
    printf("checking vendors of %s (%lld)\n", name, g_env.company_id);
    free(b.p);
    return 0;
}

int load_vendors(std::map<VendorId, VendorInfo> *vendors)
{
    char url[256], auth[1100], company[48];
    Buffer b = { NULL, 0 };
    long code = 0;
    sprintf(auth, "Authorization: Bearer %s", g_env.access_token);
    sprintf(company, "Procore-Company-Id: %lld", g_env.company_id);
    const char *hdrs[] = { auth, company, "Accept: application/json", NULL };
    sprintf(url, "%s/rest/v1.0/vendors?company_id=%lld&filters[is_active]=true", g_env.api_base,
            g_env.company_id);
    if (http_call(url, hdrs, NULL, &b, &code) != 0 || code != 200) { free(b.p); return -1; }
    char *p = b.p;
    while ((p = strstr(p, "{\"id\":")) != NULL && (int)vendors->size() < MAX_VENDORS) {
        VendorInfo v;
        memset(&v, 0, sizeof(v));
        v.id = (VendorId)strtoul(p + 6, NULL, 10);
        char *n = strstr(p, "\"name\":\"");
        if (n) sscanf(n + 8, "%127[^\"]", v.name);
        (*vendors)[v.id] = v;
        p += 6;
    }
    free(b.p);
    return 0;
}

int days_until(const char *ymd)
{
    int y, m, d;
    if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3) return 9999;
    struct tm tmv;
    memset(&tmv, 0, sizeof(tmv));
    tmv.tm_year = y - 1900; tmv.tm_mon = m - 1; tmv.tm_mday = d;
    return (int)(difftime(mktime(&tmv), time(NULL)) / 86400.0);
}

int check_insurances(VendorInfo *v)
{
    char url[256], auth[1100], company[48];
    Buffer b = { NULL, 0 };
    long code = 0;
    sprintf(auth, "Authorization: Bearer %s", g_env.access_token);
    sprintf(company, "Procore-CompanyId: %lld", g_env.company_id);
    const char *hdrs[] = { auth, company, NULL };
    sprintf(url, "%s/rest/v1.0/vendors/%u/insurances?company_id=%lld", g_env.api_base, v->id,
            g_env.company_id);
    if (http_call(url, hdrs, NULL, &b, &code) != 0 || code != 200) { free(b.p); return -1; }
    char *p = b.p;
    int worst = 9999;
    while ((p = strstr(p, "{\"id\":")) != NULL) {
        long long insurance_id = atol(p + 6);
        char *e = strstr(p, "\"expiration_date\":\"");
        if (e) {
            int left = days_until(e + 19);
            if (left < 0) v->expired++;
            else if (left <= WARN_DAYS) v->expiring++;
            if (left < worst) { worst = left; v->worst_insurance = insurance_id; }
        }
        p += 6;
    }
    free(b.p);
    return 0;
}

/* compliance service is ours -- its own header names, not Procore */
int flag_vendor(const VendorInfo *v)
{
    char body[512], company[48];
    Buffer b = { NULL, 0 };
    long code = 0;
    sprintf(company, "Company-Id: %lld", g_env.company_id);
    const char *hdrs[] = { "Content-Type: application/json", company, NULL };
    snprintf(body, sizeof(body),
             "{\"source\":\"procore\",\"vendor\":\"%s\",\"expired\":%d,\"expiring\":%d,"
             "\"insurance\":%lld,\"help\":\"%s\"}",
             v->name, v->expired, v->expiring, v->worst_insurance, HELP_URL);
    int rc = http_call(COMPLIANCE_URL, hdrs, body, &b, &code);
    free(b.p);
    return rc;
}

int main(void)
{
    const char *env = getenv("PROCORE_ENV");
    int flagged = 0;
    if (env && strcmp(env, "monthly") == 0) {
        g_env.login_base = MONTHLY_LOGIN;
        g_env.api_base = MONTHLY_API;
    } else {
        g_env.login_base = PROD_LOGIN;
        g_env.api_base = PROD_API;
    }
    g_env.company_id = getenv("PROCORE_COMPANY_ID") ? strtoll(getenv("PROCORE_COMPANY_ID"), NULL, 10) : 0;

    curl_global_init(CURL_GLOBAL_ALL);
    if (login(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"), getenv("PROCORE_REFRESH")) != 0) {
        fprintf(stderr, "login failed\n");
        return 1;
    }
    print_company_name();

    std::map<VendorId, VendorInfo> *vendors = new std::map<VendorId, VendorInfo>();
    if (load_vendors(vendors) != 0) {
        fprintf(stderr, "could not load vendors\n");
        delete vendors;
        return 1;
    }
    std::map<VendorId, VendorInfo>::iterator it;
    for (it = vendors->begin(); it != vendors->end(); ++it) {
        if (check_insurances(&it->second) != 0) continue;
        if (it->second.expired > 0 || it->second.expiring > 0) {
            flag_vendor(&it->second);
            flagged++;
        }
    }
    printf("%d of %d vendors flagged\n", flagged, (int)vendors->size());
    delete vendors;
    curl_global_cleanup();
    return 0;
}
