/*
 * bt_vendor_import - nightly vendor directory import (cron: 15 2 * * *)
 *
 * Reads vendors.csv exported from the accounting system and creates or
 * updates the matching vendors in the Procore company directory.
 *
 *   vendor_id,name,abbreviated_name,email,trade_name
 *   ,Acme Concrete,ACME,ap@acme.example,Concrete
 *   562949953421412,Bolt Electric,BOLT,office@bolt.example,Electrical
 *
 * Empty vendor_id => create.  Writes a line per row to the report file.
 *
 * usage: bt_vendor_import COMPANY_ID vendors.csv report.txt
 * env:   PROCORE_TOKEN (access token minted by the token-refresh job)
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROCORE_API "https://api.procore.com"
#define ALERT_WEBHOOK "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
#define MAX_LINE 2048
#define MAX_FIELDS 8

struct sink {
    char data[8192];
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct sink *s = (struct sink *)userdata;
    size_t n = size * nmemb;
    size_t room = sizeof(s->data) - 1 - s->len;
    size_t take = n < room ? n : room;
    memcpy(s->data + s->len, ptr, take);
    s->len += take;
    s->data[s->len] = '\0';
    return n;
}

/* Split a CSV line in place.  No quoting support: the export never quotes. */
static int split_csv(char *line, char **fields, int max)
{
    int count = 0;
    char *p = line;
    fields[count++] = p;
    while (*p && count < max) {
        if (*p == ',') {
            *p = '\0';
            fields[count++] = p + 1;
        } else if (*p == '\r' || *p == '\n') {
            *p = '\0';
            break;
        }
        p++;
    }
    return count;
}

static long verify_token(CURL *curl, const char *auth)
{
    struct curl_slist *hdrs = NULL;
    struct sink body = {{0}, 0};
    long status = 0;

    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, PROCORE_API "/rest/v1.0/me");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

static long create_vendor(CURL *curl, const char *auth, int64_t company_id,
                          const char *json, struct sink *out)
{
    char url[512];
    char company_hdr[64];
    struct curl_slist *hdrs = NULL;
    long status = 0;

    snprintf(url, sizeof url, PROCORE_API "/rest/v1.0/vendors?company_id=%lld",
             (long long)company_id);
    snprintf(company_hdr, sizeof company_hdr, "Procore-Company-Id: %lld",
             (long long)company_id);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, company_hdr);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");

    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

static long update_vendor(CURL *curl, const char *auth, int64_t company_id,
                          long vendor_id, const char *json, struct sink *out)
{
    char url[512];
    struct curl_slist *hdrs = NULL;
    long status = 0;

    snprintf(url, sizeof url,
             PROCORE_API "/rest/v1.0/vendors/%ld?company_id=%lld",
             vendor_id, (long long)company_id);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");

    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

static void post_alert(CURL *curl, const char *text)
{
    char payload[512];
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(payload, sizeof payload, "{\"text\":\"%s\"}", text);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, ALERT_WEBHOOK);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
    curl_easy_perform(curl);
    curl_slist_free_all(hdrs);
}

int main(int argc, char **argv)
{
    char auth[1024];
    char line[MAX_LINE];
    char json[1024];
    char *fields[MAX_FIELDS];
    const char *token = getenv("PROCORE_TOKEN");
    int64_t company_id;
    int line_no = 0, created = 0, updated = 0, failed = 0;
    FILE *in, *report;
    CURL *curl;
    char *end;

    if (argc < 4 || !token) {
        fprintf(stderr, "usage: %s COMPANY_ID vendors.csv report.txt\n", argv[0]);
        return 2;
    }
    errno = 0;
    company_id = strtoll(argv[1], &end, 10);
    if (errno || *end || company_id <= 0) {
        fprintf(stderr, "bad company id: %s\n", argv[1]);
        return 2;
    }
    in = fopen(argv[2], "r");
    report = fopen(argv[3], "w");
    if (!in || !report) {
        perror("open");
        return 1;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);

    if (verify_token(curl, auth) != 200) {
        post_alert(curl, "bt_vendor_import: Procore token rejected");
        fprintf(report, "token check failed, nothing imported\n");
        fclose(report);
        return 1;
    }

    fprintf(report, "vendor import %ld company %lld\n", (long)time(NULL),
            (long long)company_id);
    fprintf(report, "directory: https://app.procore.com/%lld/company/directory\n",
            (long long)company_id);

    while (fgets(line, sizeof line, in)) {
        struct sink resp = {{0}, 0};
        long status;
        long vendor_id = 0;
        int n;

        line_no++;
        if (line_no == 1 || line[0] == '#' || line[0] == '\n')
            continue; /* header row, comments, blanks */
        n = split_csv(line, fields, MAX_FIELDS);
        if (n < 5) {
            fprintf(report, "line %d: expected 5 fields, got %d\n", line_no, n);
            failed++;
            continue;
        }
        snprintf(json, sizeof json,
                 "{\"vendor\":{\"name\":\"%s\",\"abbreviated_name\":\"%s\","
                 "\"email_address\":\"%s\",\"trade_name\":\"%s\"}}",
                 fields[1], fields[2], fields[3], fields[4]);

        if (fields[0][0] == '\0') {
            status = create_vendor(curl, auth, company_id, json, &resp);
            if (status == 201) created++; else failed++;
            fprintf(report, "line %d: create %s -> %ld\n", line_no, fields[1], status);
        } else {
            vendor_id = strtol(fields[0], &end, 10);
            if (*end != '\0') {
                fprintf(report, "line %d: bad vendor id '%s'\n", line_no, fields[0]);
                failed++;
                continue;
            }
            status = update_vendor(curl, auth, company_id, vendor_id, json, &resp);
            if (status == 200) updated++; else failed++;
            fprintf(report, "line %d: update %ld %s -> %ld\n", line_no, vendor_id,
                    fields[1], status);
        }
    }

    fprintf(report, "done: %d created, %d updated, %d failed\n", created, updated, failed);
    if (failed > 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "bt_vendor_import: %d rows failed", failed);
        post_alert(curl, msg);
    }

    curl_easy_cleanup(curl);
    curl_global_cleanup();
    fclose(in);
    fclose(report);
    return failed ? 1 : 0;
}
