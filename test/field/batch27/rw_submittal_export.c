/*
 * submittal_export -- dump a project's submittal log to CSV for the weekly
 * owner meeting.
 *
 *   usage: submittal_export COMPANY_ID PROJECT_ID > log.csv
 *   env:   PROCORE_TOKEN (access token from the desktop login helper)
 *
 * Plain C, OpenSSL BIO connections, HTTP/1.1 written by hand. The JSON scanning
 * is deliberately minimal: Procore always sends "id" as the first key.
 */
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_HOST "login.procore.com"
#define API_HOST "app.procore.com"
#define PER_PAGE 100
#define MAX_VENDORS 256

struct buf {
    char *data;
    size_t len;
};

struct vendor_name {
    long long id;
    char name[128];
};

static struct vendor_name vendor_cache[MAX_VENDORS];
static int vendor_count = 0;

static int company_header_line(char *dst, size_t cap, long long company_id)
{
    return snprintf(dst, cap, "Procore-Company-Id: %lld\r\n", company_id);
}

/* Sends req to host:443, stores the body in out. Returns the HTTP status. */
static int https_request(SSL_CTX *ctx, const char *host, const char *req, struct buf *out)
{
    char target[256];
    char chunk[4096];
    char *hdr_end;
    char *cl;
    int status = 0;
    int n;
    BIO *bio;

    snprintf(target, sizeof target, "%s:443", host);
    bio = BIO_new_ssl_connect(ctx);
    if (!bio)
        return -1;
    BIO_set_conn_hostname(bio, target);
    {
        SSL *ssl = NULL;
        BIO_get_ssl(bio, &ssl);
        SSL_set_tlsext_host_name(ssl, host);
    }
    if (BIO_do_connect(bio) <= 0) {
        ERR_print_errors_fp(stderr);
        BIO_free_all(bio);
        return -1;
    }
    BIO_write(bio, req, (int)strlen(req));

    out->len = 0;
    out->data = NULL;
    while ((n = BIO_read(bio, chunk, sizeof chunk)) > 0) {
        out->data = realloc(out->data, out->len + n + 1);
        memcpy(out->data + out->len, chunk, n);
        out->len += n;
        out->data[out->len] = '\0';
    }
    BIO_free_all(bio);
    if (!out->data)
        return -1;

    sscanf(out->data, "HTTP/1.%*d %d", &status);
    hdr_end = strstr(out->data, "\r\n\r\n");
    if (!hdr_end)
        return status;
    cl = strstr(out->data, "Content-Length: ");
    if (cl && cl < hdr_end) {
        size_t declared = (size_t)strtoul(cl + 16, NULL, 10);
        if (declared < out->len)
            hdr_end[4 + declared] = '\0';
    }
    memmove(out->data, hdr_end + 4, strlen(hdr_end + 4) + 1);
    out->len = strlen(out->data);
    return status;
}

/* Copies the string value of "key" found after p into dst. */
static void json_str(const char *p, const char *key, char *dst, size_t cap)
{
    char pat[64];
    const char *s;
    size_t i = 0;

    dst[0] = '\0';
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    s = strstr(p, pat);
    if (!s)
        return;
    s += strlen(pat);
    while (*s && *s != '"' && i + 1 < cap)
        dst[i++] = *s++;
    dst[i] = '\0';
}

static const char *vendor_lookup(SSL_CTX *ctx, const char *token, long long company_id,
                                 long long vendor_id)
{
    char req[2048];
    struct buf body;
    int i;

    for (i = 0; i < vendor_count; i++)
        if (vendor_cache[i].id == vendor_id)
            return vendor_cache[i].name;
    if (vendor_count == MAX_VENDORS)
        return "";

    snprintf(req, sizeof req,
             "GET /rest/v1.0/vendors/%lld?company_id=%lld HTTP/1.1\r\n"
             "Host: %s\r\n"
             "Authorization: Bearer %s\r\n"
             "Connection: close\r\n\r\n",
             vendor_id, company_id, API_HOST, token);
    vendor_cache[vendor_count].id = vendor_id;
    vendor_cache[vendor_count].name[0] = '\0';
    if (https_request(ctx, API_HOST, req, &body) == 200)
        json_str(body.data, "name", vendor_cache[vendor_count].name,
                 sizeof vendor_cache[vendor_count].name);
    free(body.data);
    return vendor_cache[vendor_count++].name;
}

static void usage(void)
{
    fprintf(stderr, "usage: submittal_export COMPANY_ID PROJECT_ID\n"
                    "see https://support.procore.com/products/online/user-guide/"
                    "project-level/submittals\n");
}

int main(int argc, char **argv)
{
    const char *token = getenv("PROCORE_TOKEN");
    long long company_id;
    int project_id;
    char req[4096];
    char project_name[256];
    struct buf body;
    int page;
    int rows = 0;
    SSL_CTX *ctx;

    if (argc != 3 || !token) {
        usage();
        return 2;
    }
    company_id = strtoll(argv[1], NULL, 10);
    project_id = atoi(argv[2]);

    ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_default_verify_paths(ctx);

    /* fail early with a clear message when the pasted token is stale */
    snprintf(req, sizeof req,
             "GET /oauth/token/info HTTP/1.1\r\nHost: %s\r\n"
             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
             LOGIN_HOST, token);
    if (https_request(ctx, LOGIN_HOST, req, &body) != 200) {
        fprintf(stderr, "token rejected, log in again with procore-login\n");
        return 1;
    }
    free(body.data);

    snprintf(req, sizeof req,
             "GET /rest/v1.0/projects/%d HTTP/1.1\r\nHost: %s\r\n"
             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
             project_id, API_HOST, token);
    if (https_request(ctx, API_HOST, req, &body) != 200) {
        fprintf(stderr, "project %s not visible to this login\n", argv[2]);
        return 1;
    }
    json_str(body.data, "name", project_name, sizeof project_name);
    free(body.data);

    printf("# %s -- https://app.procore.com/%lld/project/submittals\n", project_name, company_id);
    printf("id,number,title,status,responsible_contractor\n");

    for (page = 1;; page++) {
        const char *p;
        int n = snprintf(req, sizeof req,
                         "GET /rest/v1.1/projects/%d/submittals?page=%d&per_page=%d HTTP/1.1\r\n"
                         "Host: %s\r\nAuthorization: Bearer %s\r\n",
                         project_id, page, PER_PAGE, API_HOST, token);
        n += company_header_line(req + n, sizeof req - n, company_id);
        snprintf(req + n, sizeof req - n, "Connection: close\r\n\r\n");
        if (https_request(ctx, API_HOST, req, &body) != 200)
            break;
        if (strcmp(body.data, "[]") == 0) {
            free(body.data);
            break;
        }
        for (p = strstr(body.data, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
            char number[64], title[256], status[64];
            long sub_id = strtol(p + 6, NULL, 10);
            long long vendor_id = 0;
            const char *rc = strstr(p, "\"responsible_contractor\":{\"id\":");
            json_str(p, "number", number, sizeof number);
            json_str(p, "title", title, sizeof title);
            json_str(p, "name", status, sizeof status);
            if (rc)
                vendor_id = strtoll(rc + 31, NULL, 10);
            printf("%ld,%s,\"%s\",%s,\"%s\"\n", sub_id, number, title, status,
                   vendor_id ? vendor_lookup(ctx, token, company_id, vendor_id) : "");
            rows++;
        }
        free(body.data);
    }
    fprintf(stderr, "%d submittals exported\n", rows);
    SSL_CTX_free(ctx);
    return 0;
}
