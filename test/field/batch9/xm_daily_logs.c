/*
 * dailylogd.c - nightly export of Procore daily logs to the owner's archive.
 *
 * Runs under a Developer Managed Service Account (client credentials), one
 * process per project, started from cron:
 *     dailylogd <company_id> <project_id> <YYYY-MM-DD>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

/* ---- ids ---------------------------------------------------------------- */
typedef int64_t dl_company_t;
typedef int64_t dl_project_t;
typedef int64_t dl_log_id_t;

/* ---- build configuration ------------------------------------------------ */
#ifdef SANDBOX
#  define LOGIN_ROOT  "https://login-sandbox.procore.com"
#  define API_ROOT    "https://sandbox.procore.com"
#else
#  define LOGIN_ROOT  "https://login.procore.com"
#  define API_ROOT    "https://api.procore.com"
#endif
#define FILES_ROOT    "https://app.procore.com/rest/v1.0"

#define TOKEN_URL         LOGIN_ROOT "/oauth/token"
#define REST(p)           API_ROOT "/rest/v1.0" p
#define REST_PROJ(seg)    REST("/projects/%" PRId64 "/" seg)
#define VAPID_PROJ(seg)   API_ROOT "/vapid/projects/%" PRId64 "/" seg

#define ARCHIVE_HOST  "archive.owner-net.local"
#define ARCHIVE_PORT  8443

#define STR_(x) #x
#define STR(x)  STR_(x)
#define ARCHIVE_URL   "https://" ARCHIVE_HOST ":" STR(ARCHIVE_PORT) "/dailylogs/"

/* X(name, path segment) -- the log types we archive */
#define DAILY_LOG_TYPES(X)            \
    X(manpower,  "manpower_logs")     \
    X(notes,     "notes_logs")        \
    X(weather,   "weather_logs")      \
    X(equipment, "equipment_logs")    \
    X(visitors,  "visitor_logs")

enum dl_type {
#define X(name, seg) DL_##name,
    DAILY_LOG_TYPES(X)
#undef X
    DL__COUNT
};

static const char *const dl_names[DL__COUNT] = {
#define X(name, seg) #name,
    DAILY_LOG_TYPES(X)
#undef X
};

struct dl_cfg {
    dl_company_t company;
    dl_project_t project;
    char         date[11];
    char         token[1024];
};

struct dl_entry {
    dl_log_id_t id;
    int32_t     created_by_id;
    char        date[11];
};

static size_t to_file(char *d, size_t sz, size_t nm, void *ud)
{
    return fwrite(d, sz, nm, (FILE *)ud) * sz;
}

static size_t to_mem(char *d, size_t sz, size_t nm, void *ud)
{
    char *dst = ud;
    size_t have = strlen(dst), len = sz * nm;
    if (have + len >= 4096) len = 4095 - have;
    memcpy(dst + have, d, len);
    dst[have + len] = '\0';
    return sz * nm;
}

/* GET helper. company == 0 means "not company-scoped". */
static long api_get(const struct dl_cfg *c, const char *url, dl_company_t company, FILE *out)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hd = NULL;
    char line[1100];
    long code = 0;

    snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
    hd = curl_slist_append(hd, line);
    if (company) {
        snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, company);
        hd = curl_slist_append(hd, line);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, to_file);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return code;
}

static int get_service_token(struct dl_cfg *c)
{
    char body[4096] = "", form[512];
    CURL *h = curl_easy_init();
    int ok = 0;

    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("DMSA_CLIENT_ID"), getenv("DMSA_CLIENT_SECRET"));
    curl_easy_setopt(h, CURLOPT_URL, TOKEN_URL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, to_mem);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    if (curl_easy_perform(h) == CURLE_OK) {
        const char *t = strstr(body, "\"access_token\":\"");
        if (t && sscanf(t + 16, "%1023[^\"]", c->token) == 1) ok = 1;
    }
    curl_easy_cleanup(h);
    return ok;
}

/* export_<name>(): one function per log type, generated from the table. */
#define X(name, seg)                                                              \
static long export_##name(const struct dl_cfg *c, FILE *out)                      \
{                                                                                 \
    char url[512];                                                                \
    snprintf(url, sizeof url, REST_PROJ(seg) "?log_date=%s", c->project, c->date); \
    return api_get(c, url, c->company, out);                                      \
}
DAILY_LOG_TYPES(X)
#undef X

static long (*const exporters[DL__COUNT])(const struct dl_cfg *, FILE *) = {
#define X(name, seg) export_##name,
    DAILY_LOG_TYPES(X)
#undef X
};

/* Delay logs still only come back complete from the legacy endpoint. */
static long export_delays(const struct dl_cfg *c, FILE *out)
{
    char url[512];
    snprintf(url, sizeof url, VAPID_PROJ("delay_logs") "?log_date=%s", c->project, c->date);
    return api_get(c, url, c->company, out);
}

static long fetch_attachment(const struct dl_cfg *c, dl_log_id_t image_id, FILE *out)
{
    char url[512];
    snprintf(url, sizeof url, FILES_ROOT "/images/%" PRId64 "?project_id=%" PRId64,
             image_id, c->project);
    return api_get(c, url, c->company, out);
}

/* first entry of an exported file, for the audit line */
static int first_entry(const char *path, struct dl_entry *e)
{
    char buf[4096];
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    const char *p = strstr(buf, "\"id\":");
    const char *q = strstr(buf, "\"created_by\":{\"id\":");
    if (!p) return 0;
    e->id = strtoll(p + 5, NULL, 10);
    e->created_by_id = q ? strtoll(q + 19, NULL, 10) : 0;
    return 1;
}

static int upload_archive(const char *path, const char *name)
{
    char url[512];
    FILE *f = fopen(path, "rb");
    CURL *h = curl_easy_init();
    int port = ARCHIVE_PORT;
    CURLcode rc;

    if (!f) return -1;
    snprintf(url, sizeof url, ARCHIVE_URL "%s", name);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READDATA, f);
    rc = curl_easy_perform(h);
    if (rc != CURLE_OK) fprintf(stderr, "archive upload to port %d failed: %s\n", port, curl_easy_strerror(rc));
    curl_easy_cleanup(h);
    fclose(f);
    return rc == CURLE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct dl_cfg cfg = {0};
    char path[256], name[128];
    int failures = 0;

    if (argc < 4) { fprintf(stderr, "usage: dailylogd COMPANY PROJECT DATE [IMAGE_ID]\n"); return 2; }
    cfg.company = strtoll(argv[1], NULL, 10);
    cfg.project = strtoll(argv[2], NULL, 10);
    snprintf(cfg.date, sizeof cfg.date, "%s", argv[3]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!get_service_token(&cfg)) { fprintf(stderr, "token request failed\n"); return 1; }

    /* sanity: which service account are we, and which companies can it see */
    api_get(&cfg, REST("/me"), 0, stderr);
    api_get(&cfg, REST("/companies"), 0, stderr);

    for (int t = 0; t < DL__COUNT; t++) {
        snprintf(name, sizeof name, "%ld_%s_%s.json", (long)cfg.project, cfg.date, dl_names[t]);
        snprintf(path, sizeof path, "/var/spool/dailylogd/%s", name);
        FILE *out = fopen(path, "wb");
        if (!out) { failures++; continue; }
        if (exporters[t](&cfg, out) != 200) failures++;
        fclose(out);
        if (upload_archive(path, name) != 0) failures++;
        struct dl_entry e;
        if (t == DL_notes && first_entry(path, &e))
            fprintf(stderr, "notes: first log %" PRId64 " by user %" PRId32 "\n", e.id, e.created_by_id);
    }

    snprintf(path, sizeof path, "/var/spool/dailylogd/%" PRId64 "_%s_delays.json", cfg.project, cfg.date);
    FILE *dl = fopen(path, "wb");
    if (dl) {
        if (export_delays(&cfg, dl) != 200) failures++;
        fclose(dl);
    }

    if (argc > 4) {
        struct dl_entry e = {0};
        e.id = strtoll(argv[4], NULL, 10);
        FILE *img = fopen("/var/spool/dailylogd/attachment.bin", "wb");
        if (img) { fetch_attachment(&cfg, e.id, img); fclose(img); }
    }

    printf("%s: %d failures\n", cfg.date, failures);
    curl_global_cleanup();
    return failures ? 1 : 0;
}
