/*
 * dlsync - pulls Procore daily manpower logs into the local site-report spool.
 *
 * Runs from cron every 15 minutes on the field-office box.  Everything is
 * assembled in fixed buffers on purpose: this used to run on an ARM gateway
 * with 8 MB of RAM and nobody has wanted to touch it since.
 *
 *   dlsync <company_id> <project_id> <yyyy-mm-dd>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#define API_HOST   "https://api.procore.com"
#define LOGIN_HOST "https://login.procore.com"
#define WEB_HOST   "https://app.procore.com"

#define URL_CAP  512
#define HDR_CAP  256
#define BODY_CAP (256 * 1024)

enum endpoint {
    EP_ME,
    EP_COMPANIES,
    EP_PROJECTS,
    EP_MANPOWER,
    EP_NOTES,
    EP_COUNT
};

static const char *const ep_fmt[EP_COUNT] = {
    "/rest/v1.0/me",
    "/rest/v1.0/companies",
    "/rest/v1.0/projects?company_id=%lld&page=%d&per_page=%d",
    "/rest/v1.0/projects/%lld/manpower_logs?log_date=%s",
    "/rest/v1.0/projects/%lld/notes_logs",
};

struct buf {
    char data[BODY_CAP];
    size_t len;
};

struct manpower_row {
    long long id;
    long created_by;          /* user id of whoever filed it */
    int workers;
    double hours;
};

static char g_token[128];
static char g_refresh[128];

/* append src to dst without overrunning cap; returns new length */
static size_t sb_append(char *dst, size_t cap, const char *src)
{
    size_t len = strlen(dst);
    size_t n = strlen(src);
    if (len + n >= cap)
        n = cap - len - 1;
    memcpy(dst + len, src, n);
    dst[len + n] = '\0';
    return len + n;
}

static size_t on_body(char *ptr, size_t sz, size_t nm, void *ud)
{
    struct buf *b = (struct buf *)ud;
    size_t n = sz * nm;
    if (b->len + n >= sizeof b->data)
        n = sizeof b->data - b->len - 1;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return sz * nm;
}

/* GET API_HOST + path; adds the company header when company_id is non-zero */
static long api_get(const char *path, long long company_id, struct buf *out)
{
    char url[URL_CAP];
    char auth[HDR_CAP];
    char comp[64];
    struct curl_slist *hdrs = NULL;
    long status = 0;
    CURL *c = curl_easy_init();

    if (!c)
        return -1;
    strcpy(url, API_HOST);
    sb_append(url, sizeof url, path);

    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (company_id > 0) {
        snprintf(comp, sizeof comp, "Procore-Company-Id: %lld", company_id);
        hdrs = curl_slist_append(hdrs, comp);
    }

    out->len = 0;
    out->data[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);

    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    return status;
}

static int refresh_token(void)
{
    char url[URL_CAP];
    char form[512];
    struct buf *resp = calloc(1, sizeof *resp);
    CURL *c = curl_easy_init();
    char *p;
    size_t off;

    strcpy(url, "https://api.procore.com/oauth/token");
    off = (size_t)snprintf(form, sizeof form, "grant_type=refresh_token");
    off += (size_t)snprintf(form + off, sizeof form - off, "&refresh_token=%s", g_refresh);
    snprintf(form + off, sizeof form - off, "&client_id=%s&client_secret=%s",
             getenv("DLSYNC_CLIENT_ID"), getenv("DLSYNC_CLIENT_SECRET"));

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
    curl_easy_perform(c);
    curl_easy_cleanup(c);

    p = strstr(resp->data, "\"access_token\":\"");
    if (p) {
        p += 16;
        off = strcspn(p, "\"");
        if (off >= sizeof g_token)
            off = sizeof g_token - 1;
        memcpy(g_token, p, off);
        g_token[off] = '\0';
    }
    free(resp);
    return p != NULL;
}

/* naive scan of a JSON array of manpower logs; good enough for our payloads */
static int parse_manpower(const char *json, struct manpower_row *rows, int max)
{
    const char *p = json;
    int n = 0;
    while (n < max && (p = strstr(p, "{\"id\":")) != NULL) {
        char *end;
        p += 6;
        rows[n].id = strtoll(p, &end, 10);
        p = end;
        const char *cb = strstr(p, "\"created_by\":{\"id\":");
        if (cb) {
            cb += 19;
            rows[n].created_by = strtol(cb, NULL, 10);
        }
        const char *w = strstr(p, "\"num_workers\":");
        rows[n].workers = w ? atoi(w + 14) : 0;
        const char *h = strstr(p, "\"num_hours\":");
        rows[n].hours = h ? strtod(h + 12, NULL) : 0.0;
        n++;
    }
    return n;
}

static void post_note(long long company_id, long long project_id, const char *text)
{
    char url[URL_CAP];
    char body[1024];
    char auth[HDR_CAP];
    char comp[64];
    struct curl_slist *hdrs = NULL;
    CURL *c = curl_easy_init();

    memcpy(url, API_HOST, sizeof API_HOST);
    snprintf(url + strlen(url), sizeof url - strlen(url), ep_fmt[EP_NOTES], project_id);
    snprintf(body, sizeof body, "{\"notes_log\":{\"comment\":\"%s\"}}", text);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    snprintf(comp, sizeof comp, "X-Procore-Company-Id: %lld", company_id);
    hdrs = curl_slist_append(hdrs, comp);

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_perform(c);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    static struct buf resp;
    struct manpower_row rows[200];
    char path[URL_CAP];
    char link[URL_CAP];
    char *end;
    int page = 1, per_page = 100, n, i, total_workers = 0;
    long status;

    if (argc < 4) {
        fprintf(stderr, "usage: %s <company_id> <project_id> <yyyy-mm-dd>\n", argv[0]);
        return 2;
    }
    int company_id = atoi(argv[1]);
    long long project_id = strtoll(argv[2], &end, 10);
    const char *log_date = argv[3];

    strncpy(g_token, getenv("DLSYNC_TOKEN") ? getenv("DLSYNC_TOKEN") : "", sizeof g_token - 1);
    strncpy(g_refresh, getenv("DLSYNC_REFRESH") ? getenv("DLSYNC_REFRESH") : "", sizeof g_refresh - 1);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    status = api_get(ep_fmt[EP_ME], 0, &resp);
    if (status == 401 && refresh_token())
        status = api_get(ep_fmt[EP_ME], 0, &resp);
    if (status != 200) {
        fprintf(stderr, "auth failed (%ld); re-authorize at %s/oauth/authorize\n", status, LOGIN_HOST);
        return 1;
    }

    api_get(ep_fmt[EP_COMPANIES], 0, &resp);

    snprintf(path, sizeof path, ep_fmt[EP_PROJECTS], (long long)company_id, page, per_page);
    status = api_get(path, company_id, &resp);
    if (status != 200 || !strstr(resp.data, argv[2]))
        fprintf(stderr, "warning: project %s not visible to this token\n", argv[2]);

    snprintf(path, sizeof path, ep_fmt[EP_MANPOWER], project_id, log_date);
    status = api_get(path, 0, &resp);
    if (status != 200) {
        fprintf(stderr, "manpower fetch failed: HTTP %ld\n", status);
        return 1;
    }

    n = parse_manpower(resp.data, rows, (int)(sizeof rows / sizeof rows[0]));
    for (i = 0; i < n; i++) {
        total_workers += rows[i].workers;
        printf("%lld\t%ld\t%d\t%.1f\n", rows[i].id, rows[i].created_by,
               rows[i].workers, rows[i].hours);
    }

    snprintf(link, sizeof link, "%s/%lld/project/daily_log/list?date=%s",
             WEB_HOST, project_id, log_date);
    fprintf(stderr, "%d logs, %d workers on %s -- review: %s\n", n, total_workers, log_date, link);

    if (n == 0) {
        char note[256];
        snprintf(note, sizeof note, "dlsync: no manpower logged for %s", log_date);
        post_note(company_id, project_id, note);
    }

    curl_global_cleanup();
    return 0;
}
