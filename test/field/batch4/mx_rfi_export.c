/*
 * mx_rfi_export.c - exports the RFI log of a project to CSV for the
 * owner's monthly report.  Runs unattended on the reporting box under a
 * Developer Managed Service Account (client_credentials grant).
 *
 *   cc -std=c11 -o rfi_export mx_rfi_export.c -lcurl
 *   rfi_export <project_id> > rfis.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#if defined(USE_SANDBOX)
#  define PROCORE_LOGIN "https://login-sandbox.procore.com"
#  define PROCORE_API   "https://sandbox.procore.com"
#elif defined(USE_MONTHLY)
#  define PROCORE_LOGIN "https://login-sandbox-monthly.procore.com"
#  define PROCORE_API   "https://api-monthly.procore.com"
#else
#  define PROCORE_LOGIN "https://login.procore.com"
#  define PROCORE_API   "https://app.procore.com"
#endif

#define TOKEN_URL       PROCORE_LOGIN "/oauth/token"
#define COMPANIES_URL   PROCORE_API "/rest/v1.0/companies"
#define RFIS_URL_FMT    PROCORE_API "/rest/v1.0/projects/%ld/rfis?page=%d&per_page=%d"
#define RFI_URL_FMT     PROCORE_API "/rest/v1.0/projects/%ld/rfis/%" PRId64
#define RFI_LINK_FMT    "https://app.procore.com/%ld/project/rfi/show/%" PRId64

#define HDR_AUTH        "Authorization: Bearer "
#define HDR_COMPANY     "Procore-Company-Id: "
#define HDR_ACCEPT      "Accept: application/json"

#define PER_PAGE        100
#define MAX_RFIS        2000
#define LINE_MAX_       1024

#define SEND(h, url, hdrs, out) send_request((h), (url), (hdrs), (out), __func__)

typedef int64_t rfi_id_t;
typedef long    project_id_t;

typedef struct {
    rfi_id_t id;
    char     number[16];
    char     subject[256];
    char     status[24];
    int      assignee_id;
    char     due_date[16];
} rfi_t;

typedef struct { char *ptr; size_t len; } resp_t;

static char    g_access_token[2048];
static int64_t g_company_id;

static size_t collect(char *data, size_t sz, size_t nm, void *ud)
{
    resp_t *r = ud;
    size_t add = sz * nm;
    char *np = realloc(r->ptr, r->len + add + 1);
    if (np == NULL) return 0;
    r->ptr = np;
    memcpy(r->ptr + r->len, data, add);
    r->len += add;
    r->ptr[r->len] = 0;
    return add;
}

static long send_request(CURL *h, const char *url, struct curl_slist *hdrs,
                         resp_t *out, const char *who)
{
    long code = 0;
    CURLcode rc;

    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        fprintf(stderr, "%s: %s\n", who, curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/* Returns pointer just past "key": inside [p, end), or NULL. */
static const char *find_key(const char *p, const char *end, const char *key)
{
    char pat[64];
    const char *hit;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    hit = strstr(p, pat);
    return (hit && hit < end) ? hit + strlen(pat) : NULL;
}

static void copy_str(const char *v, char *dst, size_t cap)
{
    size_t i = 0;
    if (!v || *v != '"') { dst[0] = 0; return; }
    for (v++; *v && *v != '"' && i + 1 < cap; v++)
        dst[i++] = (*v == ',') ? ';' : *v;
    dst[i] = 0;
}

static struct curl_slist *base_headers(void)
{
    char auth[sizeof g_access_token + 32];
    struct curl_slist *h = NULL;
    snprintf(auth, sizeof auth, HDR_AUTH "%s", g_access_token);
    h = curl_slist_append(h, auth);
    return curl_slist_append(h, HDR_ACCEPT);
}

static int fetch_token(CURL *h)
{
    char body[1024];
    resp_t r = {0};
    const char *v;
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");

    snprintf(body, sizeof body, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    if (SEND(h, TOKEN_URL, hdrs, &r) != 200 || !r.ptr) goto fail;
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    if (!(v = find_key(r.ptr, r.ptr + r.len, "access_token"))) goto fail;
    copy_str(v, g_access_token, sizeof g_access_token);
    curl_slist_free_all(hdrs);
    free(r.ptr);
    return 0;
fail:
    curl_slist_free_all(hdrs);
    free(r.ptr);
    return -1;
}

static int check_company_visible(CURL *h)
{
    resp_t r = {0};
    char needle[40];
    struct curl_slist *hdrs = base_headers();
    long code = SEND(h, COMPANIES_URL, hdrs, &r);
    int ok = 0;

    snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",", g_company_id);
    ok = code == 200 && r.ptr && strstr(r.ptr, needle) != NULL;
    curl_slist_free_all(hdrs);
    free(r.ptr);
    return ok;
}

static int fetch_rfi_page(CURL *h, project_id_t project, int page, rfi_t *out, int cap)
{
    char url[LINE_MAX_], company[64];
    resp_t r = {0};
    struct curl_slist *hdrs = base_headers();
    const char *p, *end, *v;
    int n = 0;

    snprintf(company, sizeof company, HDR_COMPANY "%" PRId64, g_company_id);
    hdrs = curl_slist_append(hdrs, company);
    snprintf(url, sizeof url, RFIS_URL_FMT, project, page, PER_PAGE);
    if (SEND(h, url, hdrs, &r) != 200 || !r.ptr) { n = -1; goto out; }

    end = r.ptr + r.len;
    for (p = strstr(r.ptr, "{\"id\":"); p && n < cap; p = strstr(p + 1, "{\"id\":")) {
        const char *next = strstr(p + 1, "{\"id\":");
        const char *lim = next ? next : end;
        rfi_t *rfi = &out[n++];
        memset(rfi, 0, sizeof *rfi);
        rfi->id = strtoll(p + 6, NULL, 10);
        copy_str(find_key(p, lim, "number"), rfi->number, sizeof rfi->number);
        copy_str(find_key(p, lim, "subject"), rfi->subject, sizeof rfi->subject);
        copy_str(find_key(p, lim, "status"), rfi->status, sizeof rfi->status);
        copy_str(find_key(p, lim, "due_date"), rfi->due_date, sizeof rfi->due_date);
        if ((v = find_key(p, lim, "assignee")) && (v = find_key(v, lim, "id")))
            rfi->assignee_id = atoi(v);
    }
out:
    curl_slist_free_all(hdrs);
    free(r.ptr);
    return n;
}

static void print_last_reply(CURL *h, project_id_t project, rfi_id_t id)
{
    char url[LINE_MAX_], company[64];
    resp_t r = {0};
    struct curl_slist *hdrs = base_headers();
    const char *v;
    char reply[256];

    snprintf(company, sizeof company, "X-Procore-Company-Id: %" PRId64, g_company_id);
    hdrs = curl_slist_append(hdrs, company);
    snprintf(url, sizeof url, RFI_URL_FMT, project, id);
    if (SEND(h, url, hdrs, &r) == 200 && r.ptr &&
        (v = find_key(r.ptr, r.ptr + r.len, "plain_text_body"))) {
        copy_str(v, reply, sizeof reply);
        fprintf(stderr, "  last reply: %s\n", reply);
    }
    curl_slist_free_all(hdrs);
    free(r.ptr);
}

int main(int argc, char **argv)
{
    static rfi_t rfis[MAX_RFIS];
    project_id_t project;
    int total = 0, page, got, i, overdue = 0;
    const char *cid = getenv("PROCORE_COMPANY_ID");
    CURL *h;

    if (argc != 2 || !cid) {
        fprintf(stderr, "usage: PROCORE_COMPANY_ID=... %s <project_id>\n", argv[0]);
        return 2;
    }
    project = strtol(argv[1], NULL, 10);
    g_company_id = strtoll(cid, NULL, 10);

    curl_global_init(CURL_GLOBAL_ALL);
    h = curl_easy_init();
    if (fetch_token(h) != 0) { fprintf(stderr, "token request failed\n"); return 1; }
    if (!check_company_visible(h)) {
        fprintf(stderr, "company %" PRId64 " not visible to this service account\n", g_company_id);
        return 1;
    }

    for (page = 1; total < MAX_RFIS; page++) {
        got = fetch_rfi_page(h, project, page, rfis + total, MAX_RFIS - total);
        if (got <= 0) break;
        total += got;
        if (got < PER_PAGE) break;
    }

    printf("id,number,subject,status,assignee_id,due_date,link\n");
    for (i = 0; i < total; i++) {
        const rfi_t *r = &rfis[i];
        printf("%" PRId64 ",%s,%s,%s,%d,%s," RFI_LINK_FMT "\n", r->id, r->number, r->subject,
               r->status, r->assignee_id, r->due_date, project, r->id);
        if (strcmp(r->status, "open") == 0 && r->due_date[0] && strcmp(r->due_date, "2000") > 0) {
            overdue++;
            print_last_reply(h, project, r->id);
        }
    }
    fprintf(stderr, "%d RFIs exported (%d open with due date), %d pages\n", total, overdue, page);

    curl_easy_cleanup(h);
    curl_global_cleanup();
    return 0;
}
