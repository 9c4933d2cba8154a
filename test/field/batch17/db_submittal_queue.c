/*
 * submittal-queue: two-way sync between the field tablets' SQLite store and
 * Procore submittals. Local edits set dirty=1; this daemon pushes them, then
 * pulls everything changed since the last watermark.
 */
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOKEN_ENDPOINT "https://login.procore.com/oauth/token"
#define FALLBACK_BASE "https://app.procore.com"
#define CHAT_HOOK "https://chat.internal.example.com/hooks/submittals"
#define MAX_RETRIES 6

struct mem { char *p; size_t n; };

static size_t sink(char *d, size_t s, size_t m, void *u)
{
    struct mem *b = u;
    size_t n = s * m;
    char *q = realloc(b->p, b->n + n + 1);
    if (!q) return 0;
    memcpy(q + b->n, d, n);
    b->p = q; b->n += n; q[b->n] = 0;
    return n;
}

static sqlite3 *db;
static char base_url[256];
static char bearer[600];
static long long company_id;

static void load_settings(void)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT key, value FROM settings", -1, &st, NULL);
    strcpy(base_url, FALLBACK_BASE);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(k, "base_url") == 0)
            snprintf(base_url, sizeof base_url, "%s", sqlite3_column_text(st, 1));
        else if (strcmp(k, "company_id") == 0)
            company_id = sqlite3_column_int64(st, 1);
        else if (strcmp(k, "access_token") == 0)
            snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
}

static long refresh(const char *refresh_token)
{
    char form[1024];
    struct mem r = {0};
    long code = 0;
    CURL *c = curl_easy_init();
    snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s",
             refresh_token, getenv("PROCORE_CLIENT_ID"));
    curl_easy_setopt(c, CURLOPT_URL, TOKEN_ENDPOINT);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    if (code == 200 && r.p) {
        char *t = strstr(r.p, "\"access_token\":\"");
        if (t) {
            t += 16;
            t[strcspn(t, "\"")] = 0;
            snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", t);
        }
    }
    free(r.p);
    return code;
}

/* Remember who the token belongs to so edits can be attributed. */
static void whoami(void)
{
    char url[512];
    struct mem r = {0};
    struct curl_slist *h = curl_slist_append(NULL, bearer);
    CURL *c = curl_easy_init();
    snprintf(url, sizeof url, "%s/rest/v1.0/me", base_url);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    if (curl_easy_perform(c) == CURLE_OK && r.p) {
        char *p = strstr(r.p, "\"id\":");
        if (p) {
            int me_id = atoi(p + 5);
            sqlite3_stmt *st;
            sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO settings VALUES ('user_id', ?1)", -1, &st, NULL);
            sqlite3_bind_int64(st, 1, me_id);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
    }
    free(r.p);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

/* Send a JSON body to Procore; returns HTTP status, response in *out. */
static long procore_send(const char *method, const char *path, const char *json, struct mem *out)
{
    char url[512], company[80];
    long code = 0;
    struct curl_slist *h = NULL;
    CURL *c = curl_easy_init();
    snprintf(url, sizeof url, "%s%s", base_url, path);
    snprintf(company, sizeof company, "X-Procore-Company-Id: %lld", company_id);
    h = curl_slist_append(h, bearer);
    h = curl_slist_append(h, company);
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return code;
}

static int push_queue(void)
{
    sqlite3_stmt *q, *clear, *bump;
    int pushed = 0;
    sqlite3_prepare_v2(db,
        "SELECT local_id, id, project_id, title, status FROM submittals "
        "WHERE dirty = 1 AND attempts < ?1", -1, &q, NULL);
    sqlite3_bind_int(q, 1, MAX_RETRIES);
    sqlite3_prepare_v2(db, "UPDATE submittals SET dirty = 0, id = ?2 WHERE local_id = ?1", -1, &clear, NULL);
    sqlite3_prepare_v2(db, "UPDATE submittals SET attempts = attempts + 1 WHERE local_id = ?1", -1, &bump, NULL);

    while (sqlite3_step(q) == SQLITE_ROW) {
        int local_id = sqlite3_column_int(q, 0);
        sqlite3_int64 submittal_id = sqlite3_column_int64(q, 1);
        sqlite3_int64 project_id = sqlite3_column_int64(q, 2);
        char path[160], body[1024];
        struct mem r = {0};
        long code;

        snprintf(body, sizeof body, "{\"submittal\":{\"title\":\"%s\",\"status\":\"%s\"}}",
                 sqlite3_column_text(q, 3), sqlite3_column_text(q, 4));
        if (sqlite3_column_type(q, 1) == SQLITE_NULL) {
            snprintf(path, sizeof path, "/rest/v1.1/projects/%lld/submittals", project_id);
            code = procore_send("POST", path, body, &r);
            if (code == 201 && r.p && strstr(r.p, "\"id\":"))
                submittal_id = strtoll(strstr(r.p, "\"id\":") + 5, NULL, 10);
        } else {
            snprintf(path, sizeof path, "/rest/v1.1/projects/%lld/submittals/%lld",
                     project_id, submittal_id);
            code = procore_send("PATCH", path, body, &r);
        }
        free(r.p);

        if (code == 200 || code == 201) {
            sqlite3_bind_int(clear, 1, local_id);
            sqlite3_bind_int(clear, 2, (int)submittal_id);
            sqlite3_step(clear);
            sqlite3_reset(clear);
            pushed++;
        } else {
            sqlite3_bind_int(bump, 1, local_id);
            sqlite3_step(bump);
            sqlite3_reset(bump);
        }
    }
    sqlite3_finalize(q);
    sqlite3_finalize(clear);
    sqlite3_finalize(bump);
    return pushed;
}

static void pull_changes(sqlite3_int64 project_id, const char *since)
{
    char url[512], company[80];
    struct mem r = {0};
    struct curl_slist *h = NULL;
    CURL *c = curl_easy_init();
    snprintf(url, sizeof url,
             "%s/rest/v1.1/projects/%lld/submittals?filters[updated_at]=%s...&per_page=200",
             base_url, project_id, since);
    snprintf(company, sizeof company, "Procore-Company-Id: %lld", company_id);
    h = curl_slist_append(h, bearer);
    h = curl_slist_append(h, company);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_perform(c);
    /* upsert handled by the import trigger on submittals_raw */
    if (r.p) {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, "INSERT INTO submittals_raw (project_id, body) VALUES (?1, ?2)", -1, &st, NULL);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_text(st, 2, r.p, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    free(r.p);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void notify_chat(int pushed)
{
    char msg[128];
    CURL *c = curl_easy_init();
    snprintf(msg, sizeof msg, "{\"text\":\"submittal-queue pushed %d rows\"}", pushed);
    curl_easy_setopt(c, CURLOPT_URL, CHAT_HOOK);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, msg);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
}

int main(void)
{
    if (sqlite3_open("/var/lib/submittal-queue/store.db", &db) != SQLITE_OK)
        return 1;
    curl_global_init(CURL_GLOBAL_ALL);
    load_settings();
    if (refresh(getenv("PROCORE_REFRESH_TOKEN")) != 200)
        fprintf(stderr, "refresh failed, trying the stored token\n");
    whoami();

    for (;;) {
        sqlite3_stmt *wm;
        int pushed = push_queue();
        sqlite3_prepare_v2(db, "SELECT id, COALESCE(submittals_watermark, '') FROM projects", -1, &wm, NULL);
        while (sqlite3_step(wm) == SQLITE_ROW)
            pull_changes(sqlite3_column_int64(wm, 0), (const char *)sqlite3_column_text(wm, 1));
        sqlite3_finalize(wm);
        if (pushed > 0)
            notify_chat(pushed);
        sleep(300);
    }
}
