/*
 * dmsa-export: nightly vendor directory export for accounting.
 *
 * Runs as a Developer Managed Service Account (client credentials), writes
 * vendors.csv and uploads it to the accounting bucket via a presigned PUT URL.
 *
 * usage: dmsa-export COMPANY_ID OUTPUT.csv [PRESIGNED_PUT_URL]
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>

#define LOGIN_URL     "https://login.procore.com/oauth/token"
#define API_URL       "https://api.procore.com/rest/v1.0"
#define USER_AGENT    "acme-dmsa-export/1.4"
#define MAX_RETRIES   4

struct hdr_entry {
    const char *name;
    const char *value;
};

static const struct hdr_entry std_headers[] = {
    { "Accept",     "application/json" },
    { "User-Agent", USER_AGENT },
};

struct membuf {
    char  *data;
    size_t len;
};

static char bearer[1100];

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

static struct curl_slist *base_headers(void)
{
    struct curl_slist *h = NULL;
    char line[256];
    size_t i;

    for (i = 0; i < sizeof std_headers / sizeof std_headers[0]; i++) {
        snprintf(line, sizeof line, "%s: %s", std_headers[i].name, std_headers[i].value);
        h = curl_slist_append(h, line);
    }
    if (bearer[0])
        h = curl_slist_append(h, bearer);
    return h;
}

static long http_get(const char *url, struct curl_slist *hdrs, struct membuf *out)
{
    long code = 0;
    int tries = 0;
    CURL *c = curl_easy_init();

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
retry:
    out->len = 0;
    if (curl_easy_perform(c) != CURLE_OK)
        goto fail;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code == 429 && ++tries < MAX_RETRIES) {
        sleep(1u << tries);
        goto retry;
    }
fail:
    curl_easy_cleanup(c);
    return code;
}

static int get_token(void)
{
    struct membuf mb = { NULL, 0 };
    char body[1024];
    int rc = -1;
    CURL *c = curl_easy_init();

    snprintf(body, sizeof body, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    curl_easy_setopt(c, CURLOPT_URL, LOGIN_URL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &mb);
    if (curl_easy_perform(c) != CURLE_OK || !mb.data)
        goto cleanup;
    char *p = strstr(mb.data, "\"access_token\":\"");
    if (!p)
        goto cleanup;
    p += 16;
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %.*s", (int)strcspn(p, "\""), p);
    rc = 0;
cleanup:
    free(mb.data);
    curl_easy_cleanup(c);
    return rc;
}

static int company_visible(int64_t company_id)
{
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = base_headers();
    char needle[40];
    int found = 0;

    if (http_get(API_URL "/companies", h, &mb) == 200 && mb.data) {
        snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",", company_id);
        found = strstr(mb.data, needle) != NULL;
    }
    curl_slist_free_all(h);
    free(mb.data);
    return found;
}

static int export_vendors(int64_t company_id, FILE *csv)
{
    struct membuf mb = { NULL, 0 };
    struct curl_slist *h = base_headers();
    char url[256], line[64];
    int rows = 0;

    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, company_id);
    h = curl_slist_append(h, line);
    snprintf(url, sizeof url, API_URL "/vendors?company_id=%" PRId64, company_id);
    if (http_get(url, h, &mb) != 200 || !mb.data)
        goto done;

    fprintf(csv, "vendor_id,name\n");
    for (char *p = mb.data; (p = strstr(p, "{\"id\":")) != NULL; ) {
        int64_t vendor_id = strtoll(p + 6, &p, 10);
        char *name = strstr(p, "\"name\":\"");
        if (!name)
            break;
        name += 8;
        fprintf(csv, "%ld,\"%.*s\"\n", vendor_id, (int)strcspn(name, "\""), name);
        rows++;
    }
done:
    curl_slist_free_all(h);
    free(mb.data);
    return rows;
}

static int upload_csv(const char *path, const char *put_url)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    CURL *c = curl_easy_init();
    long code = 0;

    if (!f || stat(path, &st) != 0)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, put_url);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READDATA, f);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    fclose(f);
    return code == 200 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s COMPANY_ID OUTPUT.csv [PRESIGNED_PUT_URL]\n", argv[0]);
        return 2;
    }
    int64_t company_id = strtoll(argv[1], NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (get_token() != 0) {
        fprintf(stderr, "dmsa-export: could not obtain token\n");
        return 1;
    }
    if (!company_visible(company_id)) {
        fprintf(stderr, "dmsa-export: service account has no access to company %" PRId64 "\n",
                company_id);
        return 1;
    }
    FILE *csv = fopen(argv[2], "w");
    if (!csv)
        return 1;
    int rows = export_vendors(company_id, csv);
    fclose(csv);
    printf("dmsa-export: %d vendors written to %s\n", rows, argv[2]);
    if (argc > 3 && upload_csv(argv[2], argv[3]) != 0)
        fprintf(stderr, "dmsa-export: upload to accounting bucket failed\n");
    curl_global_cleanup();
    return 0;
}
