/*
 * vendor_bridge.c - nightly push of the ERP vendor master into Procore.
 *
 * Authenticates as a Developer Managed Service Account (client_credentials),
 * reads vendors.csv exported by the ERP (erp_code,procore_id,name,phone) and
 * creates or updates the matching Procore vendor.  procore_id is 0 for new
 * vendors; the id Procore assigns is written back to the ERP sync endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

enum env { ENV_PROD, ENV_SANDBOX, ENV_COUNT };

static const char *const login_base[ENV_COUNT] = {
    "https://login.procore.com",
    "https://login-sandbox.procore.com",
};
static const char *const api_base[ENV_COUNT] = {
    "https://api.procore.com",
    "https://sandbox.procore.com",
};

#define TOKEN_INFO_URL "https://sandbox.procore.com/oauth/token/info"
#define ERP_SYNC_URL   "https://erp.corp.example.net/api/v2/vendor-links"

enum hdr { H_AUTH, H_COMPANY, H_CTYPE, H_COUNT };
static const char *const hdr_name[H_COUNT] = {
    "Authorization",
    "Procore-Company-Id",
    "Content-Type",
};

struct erp_vendor {
    char erp_code[16];
    unsigned procore_id;
    char name[128];
    char phone[32];
};

struct resp {
    char body[64 * 1024];
    size_t len;
};

static enum env g_env = ENV_SANDBOX;
static char g_bearer[160];

static size_t sb_cat(char *dst, size_t cap, const char *src)
{
    size_t used = strnlen(dst, cap);
    if (used + 1 >= cap)
        return used;
    strncat(dst, src, cap - used - 1);
    return strlen(dst);
}

static void add_hdr(struct curl_slist **l, enum hdr h, const char *val)
{
    char line[256];
    char *p = line;
    size_t n = strlen(hdr_name[h]);
    memcpy(p, hdr_name[h], n);
    p += n;
    *p++ = ':';
    *p++ = ' ';
    snprintf(p, sizeof line - (size_t)(p - line), "%s", val);
    *l = curl_slist_append(*l, line);
}

static size_t collect(char *d, size_t s, size_t n, void *u)
{
    struct resp *r = (struct resp *)u;
    size_t k = s * n;
    if (r->len + k >= sizeof r->body)
        k = sizeof r->body - r->len - 1;
    memcpy(r->body + r->len, d, k);
    r->len += k;
    r->body[r->len] = '\0';
    return s * n;
}

/* one request; company header only when cid is non-NULL */
static long send_req(const char *method, const char *url, const char *json,
                     const char *cid, struct resp *out)
{
    struct curl_slist *h = NULL;
    long code = 0;
    CURL *c = curl_easy_init();

    add_hdr(&h, H_AUTH, g_bearer);
    if (cid)
        add_hdr(&h, H_COMPANY, cid);
    if (json)
        add_hdr(&h, H_CTYPE, "application/json");

    out->len = 0;
    out->body[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (json)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return code;
}

static int fetch_token(struct resp *r)
{
    char url[256] = "";
    char form[512];
    char *p, *q;
    CURL *c = curl_easy_init();

    sb_cat(url, sizeof url, login_base[g_env]);
    sb_cat(url, sizeof url, "/oauth/token");
    snprintf(form, sizeof form,
             "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));

    r->len = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_perform(c);
    curl_easy_cleanup(c);

    if (!(p = strstr(r->body, "\"access_token\":\"")))
        return 0;
    p += strlen("\"access_token\":\"");
    q = strchr(p, '"');
    if (!q)
        return 0;
    strcpy(g_bearer, "Bearer ");
    strncat(g_bearer, p, (size_t)(q - p) < sizeof g_bearer - 8 ? (size_t)(q - p) : sizeof g_bearer - 8);
    return 1;
}

static void check_token(struct resp *r)
{
    send_req("GET", TOKEN_INFO_URL, NULL, NULL, r);
    if (strstr(r->body, "\"expires_in_seconds\""))
        fprintf(stderr, "token ok: %.80s\n", r->body);
}

static void link_back(const char *erp_code, long long procore_id)
{
    char body[256];
    struct resp *r = malloc(sizeof *r);
    snprintf(body, sizeof body, "{\"erp_code\":\"%s\",\"procore_vendor_id\":%lld}",
             erp_code, procore_id);
    send_req("POST", ERP_SYNC_URL, body, NULL, r);
    free(r);
}

int main(int argc, char **argv)
{
    static struct resp r;
    char url[512], body[1024], cid[24], line[512];
    const char *csv = argc > 1 ? argv[1] : "vendors.csv";
    int created = 0, updated = 0, failed = 0, lineno = 0;
    long code;
    FILE *fp;

    long long company_id = strtoll(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0", NULL, 10);
    snprintf(cid, sizeof cid, "%lld", company_id);
    if (getenv("PROCORE_ENV") && strcmp(getenv("PROCORE_ENV"), "production") == 0)
        g_env = ENV_PROD;

    curl_global_init(CURL_GLOBAL_ALL);
    if (!fetch_token(&r)) {
        fprintf(stderr, "client_credentials grant failed: %s\n", r.body);
        return 1;
    }
    check_token(&r);

    /* service account sanity: who are we and which companies can we see */
    snprintf(url, sizeof url, "%s/rest/v1.0/me", api_base[g_env]);
    send_req("GET", url, NULL, cid, &r);
    snprintf(url, sizeof url, "%s/rest/v1.0/companies", api_base[g_env]);
    code = send_req("GET", url, NULL, NULL, &r);
    if (code != 200 || !strstr(r.body, cid)) {
        fprintf(stderr, "company %s not granted to this service account\n", cid);
        return 1;
    }

    if (!(fp = fopen(csv, "r"))) {
        perror(csv);
        return 1;
    }
    while (fgets(line, sizeof line, fp)) {
        struct erp_vendor v;
        size_t len;
        memset(&v, 0, sizeof v);
        if (++lineno == 1 || sscanf(line, "%15[^,],%u,%127[^,],%31[^\r\n]",
                                    v.erp_code, &v.procore_id, v.name, v.phone) < 3)
            continue;

        snprintf(body, sizeof body,
                 "{\"vendor\":{\"name\":\"%s\",\"business_phone\":\"%s\",\"origin_id\":\"%s\"}}",
                 v.name, v.phone, v.erp_code);

        if (v.procore_id == 0) {
            len = (size_t)snprintf(url, sizeof url, "%s", api_base[g_env]);
            snprintf(url + len, sizeof url - len, "/rest/v1.0/vendors?company_id=%lld", company_id);
            code = send_req("POST", url, body, cid, &r);
            if (code == 201) {
                char *p = strstr(r.body, "\"id\":");
                long long new_id = p ? strtoll(p + 5, NULL, 10) : 0;
                printf("created %s -> %ld\n", v.erp_code, (long)new_id);
                link_back(v.erp_code, new_id);
                created++;
            } else {
                failed++;
            }
        } else {
            len = (size_t)snprintf(url, sizeof url, "%s", api_base[g_env]);
            snprintf(url + len, sizeof url - len, "/rest/v1.0/vendors/%u?company_id=%s",
                     v.procore_id, cid);
            code = send_req("PATCH", url, body, NULL, &r);
            if (code == 200)
                updated++;
            else
                failed++;
        }
    }
    fclose(fp);

    fprintf(stderr, "%d created, %d updated, %d failed (%d lines)\n",
            created, updated, failed, lineno);
    curl_global_cleanup();
    return failed ? 3 : 0;
}
