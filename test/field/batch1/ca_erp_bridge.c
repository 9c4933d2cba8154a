/*
 * erp-bridge: pushes new subcontractor records from the Vista ERP gateway
 * into the Procore company directory and writes the Procore vendor id back.
 *
 * usage: erp-bridge -c COMPANY_ID [-e prod|sandbox|monthly] [-H erp_host] [-p erp_port]
 *
 * PROCORE_ACCESS_TOKEN must hold a user token minted by `pcl login`.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <curl/curl.h>

#define ERP_DEFAULT_HOST "erp-gw.internal"
#define ERP_DEFAULT_PORT 8080
#define PAGE_SIZE        50
#define MAX_ATTEMPTS     3

struct bridge_cfg {
    int64_t     company_id;
    const char *api_base;
    const char *erp_host;
    int         erp_port;
    const char *token;
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

static const char *api_base_for(char env)
{
    switch (env) {
    case 's': return "https://sandbox.procore.com";
    case 'm': return "https://api-monthly.procore.com";
    default:  return "https://api.procore.com";
    }
}

static struct curl_slist *procore_headers(const struct bridge_cfg *cfg, int json_body)
{
    char buf[1100];
    struct curl_slist *h = NULL;

    snprintf(buf, sizeof buf, "Authorization: Bearer %s", cfg->token);
    h = curl_slist_append(h, buf);
    snprintf(buf, sizeof buf, "Procore-Company-Id: %" PRId64, cfg->company_id);
    h = curl_slist_append(h, buf);
    if (json_body)
        h = curl_slist_append(h, "Content-Type: application/json");
    return h;
}

static long send_req(const char *method, const char *url, struct curl_slist *hdrs,
                     const char *body, struct membuf *out)
{
    long status = 0;
    int attempt = 0;
    CURLcode rc;
    CURL *c = curl_easy_init();

    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (hdrs)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
again:
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        if (++attempt < MAX_ATTEMPTS) {
            sleep((unsigned)attempt * 2);
            goto again;
        }
        goto cleanup;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
cleanup:
    curl_easy_cleanup(c);
    return status;
}

static int check_login(const struct bridge_cfg *cfg)
{
    char url[256], auth[1100];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h;

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->token);
    h = curl_slist_append(NULL, auth);
    snprintf(url, sizeof url, "%s/rest/v1.0/me", cfg->api_base);
    long status = send_req("GET", url, h, NULL, &mb);
    curl_slist_free_all(h);
    free(mb.data);
    return status == 200;
}

static int64_t create_vendor(const struct bridge_cfg *cfg, const char *name, const char *abbrev)
{
    char url[256], body[1024];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = procore_headers(cfg, 1);
    int64_t vendor_id = 0;

    snprintf(url, sizeof url, "%s/rest/v1.0/vendors?company_id=%" PRId64, cfg->api_base, cfg->company_id);
    snprintf(body, sizeof body, "{\"vendor\":{\"name\":\"%s\",\"abbreviated_name\":\"%s\"}}", name, abbrev);
    if (send_req("POST", url, h, body, &mb) == 201 && mb.data) {
        char *p = strstr(mb.data, "\"id\":");
        if (p)
            vendor_id = strtoll(p + 5, NULL, 10);
    }
    curl_slist_free_all(h);
    free(mb.data);
    return vendor_id;
}

static int write_back(const struct bridge_cfg *cfg, int erp_vendor_no, int64_t vendor_id)
{
    char url[256], body[128];
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

    snprintf(url, sizeof url, "http://%s:%d/api/vendors/%d/links", cfg->erp_host, cfg->erp_port, erp_vendor_no);
    snprintf(body, sizeof body, "{\"system\":\"procore\",\"external_id\":\"%" PRId64 "\"}", vendor_id);
    long status = send_req("PUT", url, h, body, &mb);
    curl_slist_free_all(h);
    free(mb.data);
    return status == 200 || status == 204;
}

static int sync_page(const struct bridge_cfg *cfg, int page)
{
    char url[256], name[128], abbrev[32];
    struct membuf mb = { NULL, 0 };
    int n = 0, erp_vendor_no;

    snprintf(url, sizeof url, "http://%s:%d/api/vendors?status=new&page=%d&size=%d",
             cfg->erp_host, cfg->erp_port, page, PAGE_SIZE);
    if (send_req("GET", url, NULL, NULL, &mb) != 200 || !mb.data)
        goto out;
    for (char *p = mb.data; (p = strstr(p, "{\"no\":")) != NULL; p++, n++) {
        if (sscanf(p, "{\"no\":%d,\"name\":\"%127[^\"]\",\"short\":\"%31[^\"]\"",
                   &erp_vendor_no, name, abbrev) != 3)
            continue;
        int64_t vendor_id = create_vendor(cfg, name, abbrev);
        if (vendor_id > 0 && write_back(cfg, erp_vendor_no, vendor_id))
            printf("ERP %d -> Procore vendor %" PRId64 "\n", erp_vendor_no, vendor_id);
    }
out:
    free(mb.data);
    return n;
}

int main(int argc, char **argv)
{
    struct bridge_cfg cfg = { 0, NULL, ERP_DEFAULT_HOST, ERP_DEFAULT_PORT, NULL };
    char env = 'p';
    int opt, page, total = 0;

    while ((opt = getopt(argc, argv, "c:e:H:p:")) != -1) {
        switch (opt) {
        case 'c': cfg.company_id = strtoll(optarg, NULL, 10); break;
        case 'e': env = optarg[0]; break;
        case 'H': cfg.erp_host = optarg; break;
        case 'p': cfg.erp_port = atoi(optarg); break;
        default:  return 2;
        }
    }
    cfg.token = getenv("PROCORE_ACCESS_TOKEN");
    cfg.api_base = api_base_for(env);
    if (!cfg.company_id || !cfg.token) {
        fprintf(stderr, "usage: %s -c COMPANY_ID [-e env] [-H host] [-p port]\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!check_login(&cfg)) {
        fprintf(stderr, "erp-bridge: token rejected, run `pcl login` again\n");
        return 1;
    }
    for (page = 1; ; page++) {
        int n = sync_page(&cfg, page);
        total += n;
        if (n < PAGE_SIZE)
            break;
    }
    printf("erp-bridge: %d ERP vendors processed\n", total);
    printf("review: https://app.procore.com/%" PRId64 "/company/directory/vendors\n", cfg.company_id);
    curl_global_cleanup();
    return 0;
}
