/* fieldsync-uploaderd -- pushes tablet field data (manpower, notes, photos) from the
 * spool directory into Procore daily logs. FIELDSYNC_DRY_RUN=1 selects the logging transport. */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FS_LOGIN_BASE  "https://login.procore.com"
#define FS_API_BASE    "https://api.procore.com"
#define FS_HEARTBEAT   "http://monitor.fieldsync.local:%d/heartbeat"
#define FS_MAX_HEADERS 8

typedef enum { FS_OK = 0, FS_ERR_IO, FS_ERR_HTTP, FS_ERR_PARSE } fs_err;

typedef struct fs_request { const char *method; char url[512]; const char *body; } fs_request;
typedef struct fs_response { long status; char *body; size_t len; } fs_response;

typedef struct fs_transport fs_transport;
typedef struct fs_transport_vtbl {
    int  (*send)(fs_transport *t, const fs_request *req, fs_response *resp, fs_err *err);
    void (*add_header)(fs_transport *t, const char *name, const char *value);
    void (*free)(fs_transport *t);
} fs_transport_vtbl;

struct fs_transport {
    const fs_transport_vtbl *vt;
    char  headers[FS_MAX_HEADERS][256];
    int   n_headers;
    CURL *curl;
};

typedef struct fs_daemon {
    fs_transport *t;
    char          access_token[256];
    int64_t       company_id;
    int64_t       project_id;
    int           monitor_port;
} fs_daemon;

static void fs_add_header(fs_transport *t, const char *name, const char *value)
{
    if (t->n_headers < FS_MAX_HEADERS)
        snprintf(t->headers[t->n_headers++], sizeof t->headers[0], "%s: %s", name, value);
}

static size_t fs_write_cb(char *ptr, size_t sz, size_t n, void *user)
{
    fs_response *r = user;
    size_t add = sz * n;
    char *p = realloc(r->body, r->len + add + 1);
    if (!p) return 0;
    memcpy(p + r->len, ptr, add);
    r->len += add;
    p[r->len] = '\0';
    r->body = p;
    return add;
}

static int curl_send(fs_transport *t, const fs_request *req, fs_response *resp, fs_err *err)
{
    struct curl_slist *hl = NULL;
    CURLcode rc;
    int i;

    curl_easy_reset(t->curl);
    for (i = 0; i < t->n_headers; i++) hl = curl_slist_append(hl, t->headers[i]);
    t->n_headers = 0;
    curl_easy_setopt(t->curl, CURLOPT_URL, req->url);
    curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, fs_write_cb);
    curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, resp);
    rc = curl_easy_perform(t->curl);
    if (rc == CURLE_OK) curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &resp->status);
    curl_slist_free_all(hl);
    *err = rc != CURLE_OK ? FS_ERR_IO : resp->status >= 400 ? FS_ERR_HTTP : FS_OK;
    return *err == FS_OK ? 0 : -1;
}

static int dryrun_send(fs_transport *t, const fs_request *req, fs_response *resp, fs_err *err)
{
    int i;
    fprintf(stderr, "[dry-run] %s %s\n", req->method, req->url);
    for (i = 0; i < t->n_headers; i++) fprintf(stderr, "[dry-run]   %s\n", t->headers[i]);
    t->n_headers = 0;
    resp->status = 200;
    resp->body = strdup("{\"id\":0,\"access_token\":\"dry\",\"url\":\"\"}");
    resp->len = strlen(resp->body);
    *err = FS_OK;
    return 0;
}

static void fs_transport_free(fs_transport *t)
{
    if (t->curl) curl_easy_cleanup(t->curl);
    free(t);
}

static const fs_transport_vtbl curl_vtbl   = { curl_send, fs_add_header, fs_transport_free };
static const fs_transport_vtbl dryrun_vtbl = { dryrun_send, fs_add_header, fs_transport_free };

static fs_transport *fs_transport_new(int dry_run)
{
    fs_transport *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->vt = dry_run ? &dryrun_vtbl : &curl_vtbl;
    t->curl = dry_run ? NULL : curl_easy_init();
    return t;
}

/* Pull a quoted string value out of a flat JSON object. */
static int json_str(const char *json, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p, *e;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if (!json || !(p = strstr(json, pat))) return -1;
    p += strlen(pat);
    if (!(e = strchr(p, '"')) || (size_t)(e - p) >= cap) return -1;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return 0;
}

static int fs_refresh_token(fs_daemon *d, const char *client_id, const char *secret,
                            const char *refresh, fs_err *err)
{
    fs_request req = { "POST", FS_LOGIN_BASE "/oauth/token", NULL };
    fs_response resp = { 0, NULL, 0 };
    char body[1024];
    int rc;

    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    req.body = body;
    d->t->vt->add_header(d->t, "Content-Type", "application/x-www-form-urlencoded");
    rc = d->t->vt->send(d->t, &req, &resp, err);
    if (rc == 0 && json_str(resp.body, "access_token", d->access_token, sizeof d->access_token))
        *err = FS_ERR_PARSE, rc = -1;
    free(resp.body);
    return rc;
}

/* Every daily-log call goes through here so auth + company scoping stay consistent. */
static int fs_api_call(fs_daemon *d, const char *method, const char *path, const char *body,
                       fs_response *resp, fs_err *err)
{
    fs_request req = { method, "", body };
    char auth[300], company[32];

    snprintf(req.url, sizeof req.url, "%s%s", FS_API_BASE, path);
    snprintf(auth, sizeof auth, "Bearer %s", d->access_token);
    snprintf(company, sizeof company, "%" PRId64, d->company_id);
    d->t->vt->add_header(d->t, "Authorization", auth);
    d->t->vt->add_header(d->t, "Procore-Company-Id", company);
    d->t->vt->add_header(d->t, "Content-Type", "application/json");
    return d->t->vt->send(d->t, &req, resp, err);
}

static int fs_upload_manpower(fs_daemon *d, const char *date, int workers, double hours,
                              int64_t vendor_id, fs_err *err)
{
    char path[128], body[512];
    fs_response resp = { 0, NULL, 0 };
    int rc;

    snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/manpower_logs", d->project_id);
    snprintf(body, sizeof body,
             "{\"manpower_log\":{\"date\":\"%s\",\"num_workers\":%d,\"num_hours\":%.1f,"
             "\"contact_id\":%" PRId64 "}}", date, workers, hours, vendor_id);
    rc = fs_api_call(d, "POST", path, body, &resp, err);
    free(resp.body);
    return rc;
}

/* Notes logs were bolted on for the superintendents' app in 2.3. */
static int fs_upload_notes(fs_daemon *d, const char *date, const char *comment, fs_err *err)
{
    fs_request req = { "POST", "", NULL };
    fs_response resp = { 0, NULL, 0 };
    char auth[300], body[1024];
    int rc;

    snprintf(req.url, sizeof req.url, FS_API_BASE "/rest/v1.0/projects/%" PRId64 "/notes_logs",
             d->project_id);
    snprintf(body, sizeof body, "{\"notes_log\":{\"date\":\"%s\",\"comment\":\"%s\"}}", date, comment);
    req.body = body;
    snprintf(auth, sizeof auth, "Bearer %s", d->access_token);
    d->t->vt->add_header(d->t, "Authorization", auth);
    d->t->vt->add_header(d->t, "Content-Type", "application/json");
    rc = d->t->vt->send(d->t, &req, &resp, err);
    free(resp.body);
    return rc;
}

static int fs_upload_photo(fs_daemon *d, const char *file, fs_err *err)
{
    char path[128], body[256], put_url[1024];
    fs_request put = { "PUT", "", NULL };
    fs_response resp = { 0, NULL, 0 }, put_resp = { 0, NULL, 0 };
    int rc;

    snprintf(path, sizeof path, "/rest/v1.1/projects/%" PRId64 "/uploads", d->project_id);
    snprintf(body, sizeof body, "{\"response_filename\":\"%s\",\"response_content_type\":\"image/jpeg\"}", file);
    rc = fs_api_call(d, "POST", path, body, &resp, err);
    /* presigned URL, e.g. https://storage.procore.com/..., takes no Procore headers */
    if (rc == 0 && json_str(resp.body, "url", put_url, sizeof put_url) == 0 && put_url[0]) {
        snprintf(put.url, sizeof put.url, "%s", put_url);
        rc = d->t->vt->send(d->t, &put, &put_resp, err);
    }
    free(resp.body);
    free(put_resp.body);
    return rc;
}

static void fs_heartbeat(fs_daemon *d, int processed)
{
    fs_request req = { "POST", "", NULL };
    fs_response resp = { 0, NULL, 0 };
    char body[64];
    fs_err err;
    snprintf(req.url, sizeof req.url, FS_HEARTBEAT, d->monitor_port);
    snprintf(body, sizeof body, "{\"processed\":%d}", processed);
    req.body = body;
    d->t->vt->send(d->t, &req, &resp, &err);
    free(resp.body);
}

static int fs_process_file(fs_daemon *d, const char *fname, fs_err *err)
{
    char line[512], date[16] = "", comment[400] = "";
    int workers = 0;
    double hours = 0;
    int64_t vendor_id = 0;
    FILE *f = fopen(fname, "r");

    if (!f) return *err = FS_ERR_IO, -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "date=", 5))
            snprintf(date, sizeof date, "%s", line + 5);
        else if (!strncmp(line, "workers=", 8))
            workers = (int)strtol(line + 8, NULL, 10);
        else if (!strncmp(line, "hours=", 6))
            hours = strtod(line + 6, NULL);
        else if (!strncmp(line, "vendor_id=", 10))
            vendor_id = strtoll(line + 10, NULL, 10);
        else if (!strncmp(line, "comment=", 8))
            snprintf(comment, sizeof comment, "%s", line + 8);
    }
    fclose(f);
    if (strstr(fname, ".jpg")) return fs_upload_photo(d, fname, err);
    if (comment[0]) return fs_upload_notes(d, date, comment, err);
    return fs_upload_manpower(d, date, workers, hours, vendor_id, err);
}

int main(void)
{
    const char *dry = getenv("FIELDSYNC_DRY_RUN"), *spool = getenv("FIELDSYNC_SPOOL");
    fs_daemon d;
    fs_err err;
    int processed = 0;

    memset(&d, 0, sizeof d);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    d.t = fs_transport_new(dry && *dry == '1');
    d.company_id = strtoll(getenv("FIELDSYNC_COMPANY_ID"), NULL, 10);
    d.project_id = atoi(getenv("FIELDSYNC_PROJECT_ID"));
    d.monitor_port = atoi(getenv("FIELDSYNC_MONITOR_PORT"));
    if (fs_refresh_token(&d, getenv("FIELDSYNC_CLIENT_ID"), getenv("FIELDSYNC_CLIENT_SECRET"),
                         getenv("FIELDSYNC_REFRESH_TOKEN"), &err) != 0) {
        return fprintf(stderr, "token refresh failed (%d)\n", (int)err), 1;
    }
    printf("daily log: https://app.procore.com/%" PRId64 "/project/daily_log/list\n", d.project_id);
    for (;;) {
        DIR *dir = opendir(spool ? spool : "/var/spool/fieldsync");
        struct dirent *de;
        while (dir && (de = readdir(dir)) != NULL) {
            if (de->d_name[0] == '.') continue;
            if (chdir(spool ? spool : "/var/spool/fieldsync") == 0 && fs_process_file(&d, de->d_name, &err) == 0) {
                unlink(de->d_name);
                processed++;
            }
        }
        if (dir) closedir(dir);
        fs_heartbeat(&d, processed);
        sleep(30);
    }
    d.t->vt->free(d.t);
    curl_global_cleanup();
    return 0;
}
