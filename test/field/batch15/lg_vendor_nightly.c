/*
 * vendor_nightly.c - nightly push of Procore company vendors into the
 * legacy ERP (SOAP, VendorMaster service).
 *
 * Originally the Timberline bridge (2007), pointed at Procore in 2016.
 * cron:  15 2 * * *  /opt/bridge/bin/vendor_nightly /etc/bridge/vendor.ini
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <time.h>
#include <curl/curl.h>

#ifdef _WIN32
#define snprintf _snprintf
#define DEFAULT_INI "C:\\bridge\\vendor.ini"
#else
#define DEFAULT_INI "/etc/bridge/vendor.ini"
#endif

#ifdef USE_SANDBOX
#define PROCORE_API   "https://sandbox.procore.com"
#define PROCORE_LOGIN "https://sandbox.procore.com"
#else
#define PROCORE_API   "https://api.procore.com"
#define PROCORE_LOGIN "https://login.procore.com"
#endif

#define ERP_SOAP_URL "http://erp01.corp.local:8080/VendorMaster/Service.asmx"
#define MAX_VENDORS 2000
#define BUF_SZ (512 * 1024)

struct vendor {
    long id;
    char name[128];
    char abbrev[32];
    int is_active;
    int erp_vendor_no;      /* ERP's own key, 6 digits */
};

struct config {
    char client_id[128];
    char client_secret[128];
    char refresh_token[256];
    long long company_id;
    char erp_user[64];
    char erp_pass[64];
    int verbose;
};

static CURL *g_curl = NULL;
static struct config g_cfg;
static char g_token[512];
static char g_buf[BUF_SZ];
static size_t g_buf_len = 0;
static struct curl_slist *g_hdrs = NULL;
static struct vendor g_vendors[MAX_VENDORS];
static int g_nvendors = 0;

static size_t write_cb(void *ptr, size_t sz, size_t nm, void *ud)
{
    size_t n = sz * nm;
    (void)ud;
    if (g_buf_len + n >= BUF_SZ - 1)
        n = BUF_SZ - 1 - g_buf_len;
    memcpy(g_buf + g_buf_len, ptr, n);
    g_buf_len += n;
    g_buf[g_buf_len] = '\0';
    return sz * nm;
}

static void trim(char *s)
{
    char *e;
    while (*s && isspace((unsigned char)*s)) memmove(s, s + 1, strlen(s));
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
}

static int load_config(const char *path)
{
    FILE *fp;
    char line[512];
    char *eq;

    memset(&g_cfg, 0, sizeof(g_cfg));
    fp = fopen(path, "r");
    if (!fp) return -1;
    while (fgets(line, sizeof(line), fp)) {
        if (line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
        if (!(eq = strchr(line, '='))) continue;
        *eq++ = '\0';
        trim(line); trim(eq);
        if (!strcmp(line, "client_id")) strncpy(g_cfg.client_id, eq, 127);
        else if (!strcmp(line, "client_secret")) strncpy(g_cfg.client_secret, eq, 127);
        else if (!strcmp(line, "refresh_token")) strncpy(g_cfg.refresh_token, eq, 255);
        else if (!strcmp(line, "company_id")) g_cfg.company_id = strtoll(eq, NULL, 10);
        else if (!strcmp(line, "erp_user")) strncpy(g_cfg.erp_user, eq, 63);
        else if (!strcmp(line, "erp_pass")) strncpy(g_cfg.erp_pass, eq, 63);
        else if (!strcmp(line, "verbose")) g_cfg.verbose = atoi(eq);
    }
    fclose(fp);
    return 0;
}

static int refresh_access_token(void)
{
    char url[256], post[1024];
    char *p;
    long code = 0;
    int rc = -1;

    sprintf(url, "%s/oauth/token", PROCORE_LOGIN);
    snprintf(post, sizeof(post),
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             g_cfg.client_id, g_cfg.client_secret, g_cfg.refresh_token);
    curl_easy_reset(g_curl);
    g_buf_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_POSTFIELDS, post);
    curl_easy_setopt(g_curl, CURLOPT_WRITEFUNCTION, write_cb);
    if (curl_easy_perform(g_curl) != CURLE_OK) goto fail;
    curl_easy_getinfo(g_curl, CURLINFO_RESPONSE_CODE, &code);
    if (code != 200) {
        fprintf(stderr, "token refresh failed: HTTP %ld\n", code);
        goto fail;
    }
    if (!(p = strstr(g_buf, "\"access_token\":\""))) goto fail;
    sscanf(p + 16, "%511[^\"]", g_token);
    if ((p = strstr(g_buf, "\"refresh_token\":\"")) != NULL)
        sscanf(p + 17, "%255[^\"]", g_cfg.refresh_token);
    rc = 0;
fail:
    return rc;
}

static void build_procore_headers(void)
{
    char line[600];
    if (g_hdrs) { curl_slist_free_all(g_hdrs); g_hdrs = NULL; }
    sprintf(line, "Authorization: Bearer %s", g_token);
    g_hdrs = curl_slist_append(g_hdrs, line);
    sprintf(line, "Procore-Company-Id: %lld", g_cfg.company_id);
    g_hdrs = curl_slist_append(g_hdrs, line);
    g_hdrs = curl_slist_append(g_hdrs, "Accept: application/json");
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, g_hdrs);
}

static int whoami(void)
{
    char url[256], auth[600];
    struct curl_slist *h = NULL;
    char *p;
    int rc;

    sprintf(url, "%s/rest/v1.0/me", PROCORE_API);
    sprintf(auth, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, auth);
    g_buf_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, h);
    rc = curl_easy_perform(g_curl);
    if (rc == CURLE_OK && (p = strstr(g_buf, "\"login\":\"")) != NULL)
        printf("running as %.*s\n", (int)(strchr(p + 9, '"') - (p + 9)), p + 9);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return rc == CURLE_OK ? 0 : -1;
}

static int fetch_vendors(void)
{
    char url[512];
    char *p, *q;
    struct vendor *v;

    snprintf(url, sizeof(url), "%s/rest/v1.0/vendors?company_id=%lld&filters[is_active]=true",
             PROCORE_API, g_cfg.company_id);
    build_procore_headers();
    g_buf_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_HTTPGET, 1L);
    if (curl_easy_perform(g_curl) != CURLE_OK) return -1;

    g_nvendors = 0;
    p = g_buf;
    while ((p = strstr(p, "{\"id\":")) != NULL && g_nvendors < MAX_VENDORS) {
        v = &g_vendors[g_nvendors];
        memset(v, 0, sizeof(*v));
        v->id = strtol(p + 6, &q, 10);
        if ((q = strstr(q, "\"name\":\"")) != NULL)
            sscanf(q + 8, "%127[^\"]", v->name);
        if ((q = strstr(p, "\"abbreviated_name\":\"")) != NULL)
            sscanf(q + 20, "%31[^\"]", v->abbrev);
        v->is_active = 1;
        g_nvendors++;
        p += 6;
    }
    if (g_cfg.verbose) printf("fetched %d vendors\n", g_nvendors);
    return 0;
}

static int push_vendor_to_erp(struct vendor *v)
{
    char body[2048];
    struct curl_slist *h = NULL;
    char *p;
    int rc = -1;

    snprintf(body, sizeof(body),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<UpsertVendor xmlns=\"http://corp.local/VendorMaster\"><User>%s</User><Pass>%s</Pass>"
        "<ExternalRef>PC-%ld</ExternalRef><Name>%s</Name><Short>%s</Short></UpsertVendor>"
        "</soap:Body></soap:Envelope>", g_cfg.erp_user, g_cfg.erp_pass, v->id, v->name, v->abbrev);
    h = curl_slist_append(h, "Content-Type: text/xml; charset=utf-8");
    h = curl_slist_append(h, "SOAPAction: \"http://corp.local/VendorMaster/UpsertVendor\"");
    g_buf_len = 0;
    curl_easy_setopt(g_curl, CURLOPT_URL, ERP_SOAP_URL);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(g_curl, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(g_curl) != CURLE_OK) goto cleanup;
    if ((p = strstr(g_buf, "<VendorNo>")) != NULL)
        v->erp_vendor_no = atoi(p + 10);
    rc = 0;
cleanup:
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return rc;
}

static int mark_vendor_synced(const struct vendor *v)
{
    char url[512], body[256], auth[600];
    struct curl_slist *h = NULL;
    int rc;

    snprintf(url, sizeof(url), "%s/rest/v1.0/vendors/%ld?company_id=%lld",
             PROCORE_API, v->id, g_cfg.company_id);
    snprintf(body, sizeof(body), "{\"vendor\":{\"origin_id\":\"ERP-%06d\"}}", v->erp_vendor_no);
    sprintf(auth, "Authorization: Bearer %s", g_token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(g_curl, CURLOPT_URL, url);
    curl_easy_setopt(g_curl, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(g_curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, h);
    g_buf_len = 0;
    rc = curl_easy_perform(g_curl);
    curl_easy_setopt(g_curl, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(g_curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return rc == CURLE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    int i, failed = 0;
    int ret = 1;

    if (load_config(argc > 1 ? argv[1] : DEFAULT_INI) != 0) {
        fprintf(stderr, "cannot read config\n");
        return 1;
    }
    curl_global_init(CURL_GLOBAL_ALL);
    if (!(g_curl = curl_easy_init())) goto cleanup;
    if (refresh_access_token() != 0) goto cleanup;
    whoami();
    if (fetch_vendors() != 0) goto cleanup;

    for (i = 0; i < g_nvendors; i++) {
        if (push_vendor_to_erp(&g_vendors[i]) != 0) { failed++; continue; }
        if (mark_vendor_synced(&g_vendors[i]) != 0) failed++;
        if (g_cfg.verbose)
            printf("vendor %ld -> ERP %06d\n", g_vendors[i].id, g_vendors[i].erp_vendor_no);
    }
    printf("%d vendors, %d failed; review at https://app.procore.com/%lld/company/vendors\n",
           g_nvendors, failed, g_cfg.company_id);
    /* TODO persist rotated refresh token back into the ini */
    ret = failed ? 2 : 0;
cleanup:
    if (g_hdrs) curl_slist_free_all(g_hdrs);
    if (g_curl) curl_easy_cleanup(g_curl);
    curl_global_cleanup();
    return ret;
}
