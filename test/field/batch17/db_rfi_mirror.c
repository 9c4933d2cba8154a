/*
 * rfi_mirror - keeps a local SQLite copy of Procore RFIs for the reporting box.
 *
 * Runs from cron every 10 minutes. Settings (base_url, company_id, tokens)
 * live in the `settings` table; the per-project watermark lives in
 * `projects.rfi_cursor` so a crash mid-run only replays one page.
 */
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 4
#define LOGIN_TOKEN_URL "https://login.procore.com/oauth/token"
#define DEFAULT_API_BASE "https://api.procore.com"

static const char *SCHEMA =
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS projects ("
    "  id INTEGER PRIMARY KEY, name TEXT, rfi_cursor TEXT DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS rfis ("
    "  id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL,"
    "  number TEXT, subject TEXT, status TEXT, updated_at TEXT,"
    "  payload TEXT, dirty INTEGER DEFAULT 0, retries INTEGER DEFAULT 0);";

struct buf {
    char *data;
    size_t len;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static char *setting(sqlite3 *db, const char *key, const char *fallback)
{
    sqlite3_stmt *st;
    char *out = NULL;
    sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out ? out : (fallback ? strdup(fallback) : NULL);
}

static int refresh_token(sqlite3 *db, char *access, size_t access_len)
{
    char *client_id = setting(db, "client_id", NULL);
    char *secret = setting(db, "client_secret", NULL);
    char *refresh = setting(db, "refresh_token", NULL);
    char form[2048];
    struct buf resp = {0};
    long status = 0;
    CURL *c = curl_easy_init();

    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, refresh);
    curl_easy_setopt(c, CURLOPT_URL, LOGIN_TOKEN_URL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);

    if (status == 200 && resp.data) {
        const char *p = strstr(resp.data, "\"access_token\":\"");
        if (p) {
            p += 16;
            size_t n = strcspn(p, "\"");
            if (n >= access_len)
                n = access_len - 1;
            memcpy(access, p, n);
            access[n] = '\0';
        }
    }
    free(resp.data);
    free(client_id);
    free(secret);
    free(refresh);
    return status == 200 ? 0 : -1;
}

/* GET base+path with the bearer token; caller frees the body. */
static char *api_get(const char *base, const char *path, const char *token,
                     int64_t company_id, long *status)
{
    char url[1024], auth[1200], company[64];
    struct buf resp = {0};
    struct curl_slist *hdrs = NULL;
    CURL *c = curl_easy_init();

    snprintf(url, sizeof url, "%s%s", base, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    snprintf(company, sizeof company, "Procore-Company-Id: %lld", (long long)company_id);
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, company);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    return resp.data;
}

static void store_rfis(sqlite3 *db, int64_t project_id, const char *json)
{
    sqlite3_stmt *up;
    const char *p = json;
    int stored = 0;
    sqlite3_prepare_v2(db,
        "INSERT INTO rfis (id, project_id, payload, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(id) DO UPDATE SET payload = excluded.payload, "
        "updated_at = excluded.updated_at WHERE rfis.dirty = 0", -1, &up, NULL);
    while ((p = strstr(p, "{\"id\":")) != NULL) {
        long long rfi_id = strtoll(p + 6, NULL, 10);
        const char *ts = strstr(p, "\"updated_at\":\"");
        char updated[32] = "";
        if (ts)
            sscanf(ts + 14, "%31[^\"]", updated);
        sqlite3_bind_int64(up, 1, rfi_id);
        sqlite3_bind_int64(up, 2, project_id);
        sqlite3_bind_text(up, 3, p, (int)strcspn(p, "}") + 1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 4, updated, -1, SQLITE_TRANSIENT);
        sqlite3_step(up);
        sqlite3_reset(up);
        stored++;
        p += 6;
    }
    sqlite3_finalize(up);
    fprintf(stderr, "project %lld: %d rfis upserted\n", (long long)project_id, stored);
}

static void pull_project_rfis(sqlite3 *db, const char *base, const char *token,
                              int64_t company_id)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT id, rfi_cursor FROM projects", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int project_id = sqlite3_column_int(st, 0);
        const char *cursor = (const char *)sqlite3_column_text(st, 1);
        char url[1024], auth[1200];
        struct buf resp = {0};
        struct curl_slist *hdrs = NULL;
        long status = 0;
        CURL *c = curl_easy_init();

        snprintf(url, sizeof url,
                 "%s/rest/v1.0/projects/%d/rfis?per_page=100&filters[updated_at]=%s...",
                 base, project_id, cursor ? cursor : "");
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        hdrs = curl_slist_append(hdrs, auth);
        hdrs = curl_slist_append(hdrs, "Accept: application/json");
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
        curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (status == 200 && resp.data)
            store_rfis(db, project_id, resp.data);
        else
            fprintf(stderr, "rfis for %lld: HTTP %ld (company %lld)\n",
                    (long long)project_id, status, (long long)company_id);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(c);
        free(resp.data);
    }
    sqlite3_finalize(st);
}

static void push_dirty(sqlite3 *db, const char *base, const char *token, int64_t company_id)
{
    sqlite3_stmt *st, *done;
    sqlite3_prepare_v2(db, "SELECT id, project_id, subject, retries FROM rfis "
                           "WHERE dirty = 1 AND retries < 5", -1, &st, NULL);
    sqlite3_prepare_v2(db, "UPDATE rfis SET dirty = ?2, retries = ?3 WHERE id = ?1", -1, &done, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 rfi_id = sqlite3_column_int64(st, 0);
        sqlite3_int64 project_id = sqlite3_column_int64(st, 1);
        const char *subject = (const char *)sqlite3_column_text(st, 2);
        int retries = sqlite3_column_int(st, 3);
        char url[1024], auth[1200], company[64], body[2048];
        struct curl_slist *hdrs = NULL;
        long status = 0;
        CURL *c = curl_easy_init();

        snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis/%lld", base,
                 (long long)project_id, (long long)rfi_id);
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        snprintf(company, sizeof company, "Procore-Company-Id: %lld", (long long)company_id);
        snprintf(body, sizeof body, "{\"rfi\":{\"subject\":\"%s\"}}", subject ? subject : "");
        hdrs = curl_slist_append(hdrs, auth);
        hdrs = curl_slist_append(hdrs, company);
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PATCH");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);

        sqlite3_bind_int64(done, 1, rfi_id);
        sqlite3_bind_int(done, 2, status == 200 ? 0 : 1);
        sqlite3_bind_int(done, 3, status == 200 ? 0 : retries + 1);
        sqlite3_step(done);
        sqlite3_reset(done);
        if (status != 200)
            fprintf(stderr, "push failed, see https://app.procore.com/%lld/project/rfis/%lld\n",
                    (long long)project_id, (long long)rfi_id);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(c);
    }
    sqlite3_finalize(done);
    sqlite3_finalize(st);
}

int main(int argc, char **argv)
{
    sqlite3 *db;
    char token[512] = "";
    long status = 0;
    const char *path = argc > 1 ? argv[1] : "/var/lib/rfi-mirror/rfis.db";

    if (sqlite3_open(path, &db) != SQLITE_OK)
        return 1;
    sqlite3_exec(db, SCHEMA, NULL, NULL, NULL);
    sqlite3_exec(db, "PRAGMA user_version = 4", NULL, NULL, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    char *base = setting(db, "base_url", DEFAULT_API_BASE);
    char *company_s = setting(db, "company_id", "0");
    int64_t company_id = strtoll(company_s, NULL, 10);

    if (refresh_token(db, token, sizeof token) != 0) {
        fprintf(stderr, "token refresh failed (schema v%d)\n", SCHEMA_VERSION);
        return 2;
    }

    char path_buf[128];
    snprintf(path_buf, sizeof path_buf, "/rest/v1.0/projects?company_id=%lld&per_page=300",
             (long long)company_id);
    char *projects = api_get(base, path_buf, token, company_id, &status);
    if (status == 200 && projects) {
        sqlite3_stmt *ins;
        const char *p = projects;
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO projects (id) VALUES (?1)", -1, &ins, NULL);
        while ((p = strstr(p, "{\"id\":")) != NULL) {
            sqlite3_bind_int64(ins, 1, strtoll(p + 6, NULL, 10));
            sqlite3_step(ins);
            sqlite3_reset(ins);
            p += 6;
        }
        sqlite3_finalize(ins);
    }
    free(projects);

    pull_project_rfis(db, base, token, company_id);
    push_dirty(db, base, token, company_id);

    free(base);
    free(company_s);
    curl_global_cleanup();
    sqlite3_close(db);
    return 0;
}
