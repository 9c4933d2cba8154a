/*
 * ml_submittal_attachments.c - pull every submittal attachment of a project
 * into a local folder tree: <out>/<submittal id>/<attachment id>_<name>.
 *
 * usage: submittal_attachments <company id> <project id> <out dir>
 * env:   PROCORE_ACCESS_TOKEN, PROCORE_REFRESH_TOKEN, PROCORE_CLIENT_ID,
 *        PROCORE_CLIENT_SECRET
 */
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOKEN_URL "https://api.procore.com/oauth/token"
#define API       "https://api.procore.com/rest/v1.1"
#define SLOTS     8

enum kind { K_REFRESH, K_LIST, K_SUBMITTAL, K_DOWNLOAD };

struct job {
    enum kind kind;
    int page;
    unsigned submittal_id;
    int64_t attachment_id;
    char src[1024];           /* presigned URL for K_DOWNLOAD */
    char dest[512];
    struct job *next;
};

struct ctx;
typedef void (*complete_cb)(struct ctx *c, long http);

struct ctx {
    CURL *easy;
    struct curl_slist *hdrs;
    char url[1100];
    FILE *sink;               /* file for downloads, NULL for JSON */
    char *json;
    size_t json_len;
    struct job job;
    complete_cb done;
};

static CURLM *g_multi;
static struct job *g_queue, *g_last;
static int64_t g_company, g_project;
static char g_token[512], g_refresh[512];
static const char *g_out;
static int g_refresh_pending;

static void enqueue(const struct job *tmpl)
{
    struct job *j = malloc(sizeof *j);
    *j = *tmpl;
    j->next = NULL;
    if (g_last) g_last->next = j; else g_queue = j;
    g_last = j;
}

static size_t on_json(char *p, size_t s, size_t n, void *ud)
{
    struct ctx *c = ud;
    char *grown = realloc(c->json, c->json_len + s * n + 1);
    if (!grown) return 0;
    memcpy(grown + c->json_len, p, s * n);
    c->json_len += s * n;
    grown[c->json_len] = 0;
    c->json = grown;
    return s * n;
}

static int json_i64(const char *s, const char *key, int64_t *out)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(s, pat);
    if (!p) return -1;
    *out = strtoll(p + strlen(pat), NULL, 10);
    return 0;
}

static int json_str(const char *s, const char *key, char *out, size_t cap)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(s, pat);
    if (!p) return -1;
    p += strlen(pat);
    size_t i = 0;
    while (*p && *p != '"' && i + 1 < cap) out[i++] = *p++;
    out[i] = 0;
    return 0;
}

static void done_refresh(struct ctx *c, long http)
{
    g_refresh_pending = 0;
    if (http != 200) { fprintf(stderr, "refresh failed (%ld)\n", http); exit(3); }
    json_str(c->json, "access_token", g_token, sizeof g_token);
    json_str(c->json, "refresh_token", g_refresh, sizeof g_refresh);
}

static void done_list(struct ctx *c, long http)
{
    int n = 0;
    if (http != 200) return;
    for (const char *p = strstr(c->json, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
        int64_t sid = 0;
        json_i64(p, "id", &sid);
        struct job j = { .kind = K_SUBMITTAL };
        j.submittal_id = sid;
        enqueue(&j);
        n++;
    }
    if (n > 0) {
        struct job next = { .kind = K_LIST, .page = c->job.page + 1 };
        enqueue(&next);
    }
}

static void done_submittal(struct ctx *c, long http)
{
    char dir[512], name[256];
    if (http != 200) return;
    const char *att = strstr(c->json, "\"attachments\":[");
    if (!att) return;
    snprintf(dir, sizeof dir, "%s/%u", g_out, c->job.submittal_id);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) { perror(dir); return; }
    for (const char *p = strstr(att, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
        struct job j = { .kind = K_DOWNLOAD, .submittal_id = c->job.submittal_id };
        json_i64(p, "id", &j.attachment_id);
        if (json_str(p, "name", name, sizeof name) != 0) strcpy(name, "file");
        if (json_str(p, "url", j.src, sizeof j.src) != 0) continue;
        snprintf(j.dest, sizeof j.dest, "%s/%" PRId64 "_%s", dir, j.attachment_id, name);
        enqueue(&j);
    }
}

static void done_download(struct ctx *c, long http)
{
    if (http == 200) printf("saved %s\n", c->job.dest);
    else { fprintf(stderr, "download %s: HTTP %ld\n", c->job.dest, http); remove(c->job.dest); }
}

static struct ctx *prepare(const struct job *j)
{
    struct ctx *c = calloc(1, sizeof *c);
    char h[600];
    c->job = *j;
    c->easy = curl_easy_init();
    switch (j->kind) {
    case K_REFRESH: {
        char body[1200];
        snprintf(c->url, sizeof c->url, "%s", TOKEN_URL);
        snprintf(body, sizeof body, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
                 g_refresh, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
        curl_easy_setopt(c->easy, CURLOPT_COPYPOSTFIELDS, body);
        c->done = done_refresh;
        break;
    }
    case K_LIST:
        snprintf(c->url, sizeof c->url, API "/projects/%" PRId64 "/submittals?page=%d&per_page=50",
                 g_project, j->page);
        c->done = done_list;
        break;
    case K_SUBMITTAL:
        snprintf(c->url, sizeof c->url, API "/projects/%" PRId64 "/submittals/%u", g_project, j->submittal_id);
        c->done = done_submittal;
        break;
    case K_DOWNLOAD:
        /* presigned storage.procore.com URL: no bearer, no company header */
        snprintf(c->url, sizeof c->url, "%s", j->src);
        c->sink = fopen(j->dest, "wb");
        curl_easy_setopt(c->easy, CURLOPT_FOLLOWLOCATION, 1L);
        c->done = done_download;
        break;
    }
    if (j->kind == K_LIST || j->kind == K_SUBMITTAL) {
        snprintf(h, sizeof h, "Authorization: Bearer %s", g_token);
        c->hdrs = curl_slist_append(c->hdrs, h);
        snprintf(h, sizeof h, "Procore-Company-Id: %" PRId64, g_company);
        c->hdrs = curl_slist_append(c->hdrs, h);
        curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->hdrs);
    }
    curl_easy_setopt(c->easy, CURLOPT_URL, c->url);
    if (c->sink) {
        curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, c->sink);
    } else {
        curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_json);
        curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, c);
    }
    curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c);
    return c;
}

static int start_jobs(int active)
{
    while (g_queue && active < SLOTS) {
        if (g_refresh_pending && g_queue->kind != K_REFRESH) break;
        struct job *j = g_queue;
        g_queue = j->next;
        if (!g_queue) g_last = NULL;
        struct ctx *c = prepare(j);
        free(j);
        curl_multi_add_handle(g_multi, c->easy);
        active++;
    }
    return active;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: %s company project outdir\n", argv[0]); return 2; }
    g_company = strtoll(argv[1], NULL, 10);
    g_project = atoi(argv[2]);
    g_out = argv[3];
    snprintf(g_token, sizeof g_token, "%s", getenv("PROCORE_ACCESS_TOKEN") ? getenv("PROCORE_ACCESS_TOKEN") : "");
    snprintf(g_refresh, sizeof g_refresh, "%s", getenv("PROCORE_REFRESH_TOKEN") ? getenv("PROCORE_REFRESH_TOKEN") : "");
    mkdir(g_out, 0755);

    curl_global_init(CURL_GLOBAL_ALL);
    g_multi = curl_multi_init();
    enqueue(&(struct job){ .kind = K_LIST, .page = 1 });

    int active = 0, still = 0;
    for (;;) {
        active = start_jobs(active);
        if (!active) break;
        curl_multi_perform(g_multi, &still);
        CURLMsg *m;
        int q;
        while ((m = curl_multi_info_read(g_multi, &q))) {
            if (m->msg != CURLMSG_DONE) continue;
            struct ctx *c;
            long http = 0;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &http);
            curl_multi_remove_handle(g_multi, m->easy_handle);
            active--;
            if (c->sink) fclose(c->sink);
            if (http == 401 && c->job.kind != K_REFRESH) {
                enqueue(&c->job);                       /* retry after refresh */
                if (!g_refresh_pending) {
                    struct job *r = calloc(1, sizeof *r);
                    r->kind = K_REFRESH;
                    r->next = g_queue;                  /* jump the queue */
                    g_queue = r;
                    g_refresh_pending = 1;
                }
            } else {
                c->done(c, http);
            }
            curl_slist_free_all(c->hdrs);
            curl_easy_cleanup(c->easy);
            free(c->json);
            free(c);
        }
        if (still) curl_multi_poll(g_multi, NULL, 0, 500, NULL);
    }
    curl_multi_cleanup(g_multi);
    curl_global_cleanup();
    return 0;
}
