/*
 * rfi_tablet_cache.c - pulls the RFIs (and the drawing revisions they point
 * at) for one project into rfi.cache, a fixed-layout file the field tablets
 * mmap read-only.  The layout is frozen: tablets in the field run old builds.
 *
 *   struct cache_hdr | struct cache_entry[count]        (packed, little endian)
 *
 * usage: rfi_tablet_cache <company_id> <project_id> <access_token> [refresh]
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCORE_LOGIN "https://login.procore.com"
#define PROCORE_API   "https://api.procore.com"
#define CACHE_MAGIC   "RFIC"
#define CACHE_VERSION 3
#define MAX_ENTRIES   512
#define MAX_HDRS      4

#pragma pack(push, 1)
struct cache_hdr {
    char     magic[4];
    uint16_t version;
    uint16_t count;          /* entries that follow */
    int64_t  company_id;
    int64_t  project_id;
};                           /* 24 bytes */

struct rfi_rec {
    uint64_t id;
    uint32_t number;         /* RFI number shown to people, not an id */
    int32_t  assignee_id;    /* 32 bits so the record stays at 128 bytes */
    uint8_t  status;         /* 0 draft, 1 open, 2 closed */
    char     subject[111];
};                           /* 8 + 4 + 4 + 1 + 111 = 128 */

struct drawing_ref {
    uint64_t drawing_id;
    uint64_t revision_id;
    char     number[32];
};

struct cache_entry {
    uint8_t kind;            /* 1 = rfi, 2 = drawing revision */
    union {
        struct rfi_rec     rfi;
        struct drawing_ref dwg;
    } u;
};                           /* 129 bytes on disk */
#pragma pack(pop)

/* Request metadata is kept in a flat record so the retry queue can be
 * dumped to disk as-is when the tablet sync box loses its uplink. */
struct req_meta {
    char url[256];
    char hdr[MAX_HDRS][128];
    int  nhdr;
    char body[512];
};

struct buf {
    char  *p;
    size_t n;
};

static struct cache_entry entries[MAX_ENTRIES];
static unsigned nentries;

static size_t on_data(char *d, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t len = sz * nm;
    char *np = realloc(b->p, b->n + len + 1);
    if (!np)
        return 0;
    memcpy(np + b->n, d, len);
    b->n += len;
    np[b->n] = '\0';
    b->p = np;
    return len;
}

static long send_req(const struct req_meta *m, struct buf *out)
{
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    long status = 0;
    int i;

    for (i = 0; i < m->nhdr; i++)
        hl = curl_slist_append(hl, m->hdr[i]);
    curl_easy_setopt(c, CURLOPT_URL, m->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    if (m->body[0])
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, m->body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return status;
}

static void meta_init(struct req_meta *m, const char *token)
{
    memset(m, 0, sizeof *m);
    if (token) {
        snprintf(m->hdr[0], sizeof m->hdr[0], "Authorization: Bearer %s", token);
        m->nhdr = 1;
    }
}

static void meta_company(struct req_meta *m, int64_t company_id)
{
    snprintf(m->hdr[m->nhdr++], sizeof m->hdr[0],
             "Procore-Company-Id: %" PRId64, company_id);
}

/* naive scanner: copies the scalar after "key": into out (quotes stripped) */
static const char *json_val(const char *obj, const char *key, char *out, size_t n)
{
    char pat[48];
    const char *p;
    size_t i = 0;

    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(obj, pat);
    out[0] = '\0';
    if (!p)
        return NULL;
    p += strlen(pat);
    if (*p == '"')
        p++;
    while (*p && *p != '"' && *p != ',' && *p != '}' && i + 1 < n)
        out[i++] = *p++;
    out[i] = '\0';
    return p;
}

static void parse_rfis(const char *body)
{
    const char *p = body;
    char v[128];

    while ((p = strstr(p, "{\"id\":")) != NULL && nentries < MAX_ENTRIES) {
        struct cache_entry *e = &entries[nentries++];
        e->kind = 1;
        json_val(p, "id", v, sizeof v);
        e->u.rfi.id = strtoull(v, NULL, 10);
        json_val(p, "number", v, sizeof v);
        e->u.rfi.number = (uint32_t)strtoul(v, NULL, 10);
        json_val(p, "assignee_id", v, sizeof v);
        e->u.rfi.assignee_id = atoi(v);
        if (e->u.rfi.assignee_id == 0)
            fprintf(stderr, "rfi %d has no assignee\n", (int)e->u.rfi.id);
        json_val(p, "status", v, sizeof v);
        e->u.rfi.status = strcmp(v, "closed") == 0 ? 2 : strcmp(v, "open") == 0 ? 1 : 0;
        json_val(p, "subject", e->u.rfi.subject, sizeof e->u.rfi.subject);
        p += 6;
    }
}

static void parse_revisions(const char *body)
{
    const char *p = body;
    char v[64];

    while ((p = strstr(p, "{\"id\":")) != NULL && nentries < MAX_ENTRIES) {
        struct cache_entry *e = &entries[nentries++];
        e->kind = 2;
        json_val(p, "id", v, sizeof v);
        e->u.dwg.revision_id = strtoull(v, NULL, 10);
        json_val(p, "drawing_id", v, sizeof v);
        e->u.dwg.drawing_id = strtoull(v, NULL, 10);
        json_val(p, "number", e->u.dwg.number, sizeof e->u.dwg.number);
        p += 6;
    }
}

int main(int argc, char **argv)
{
    struct req_meta m;
    struct buf out = {0};
    struct cache_hdr hdr;
    int64_t company_id, project_id;
    const char *token;
    char link[160];
    int page;
    FILE *f;

    if (argc < 4) {
        fprintf(stderr, "usage: %s company project token [refresh]\n", argv[0]);
        return 2;
    }
    company_id = strtoll(argv[1], NULL, 10);
    project_id = strtoll(argv[2], NULL, 10);
    token = argv[3];
    curl_global_init(CURL_GLOBAL_DEFAULT);

    if (argc > 4) {                     /* refresh first, tablets hand us stale tokens */
        meta_init(&m, NULL);
        snprintf(m.url, sizeof m.url, PROCORE_LOGIN "/oauth/token");
        snprintf(m.body, sizeof m.body,
                 "grant_type=refresh_token&refresh_token=%s&client_id=%s",
                 argv[4], getenv("PROCORE_CLIENT_ID") ? getenv("PROCORE_CLIENT_ID") : "");
        if (send_req(&m, &out) != 200)
            fprintf(stderr, "refresh failed, trying the old token\n");
        free(out.p);
        out.p = NULL;
        out.n = 0;
    }

    meta_init(&m, token);
    snprintf(m.url, sizeof m.url, PROCORE_API "/rest/v1.0/me");
    if (send_req(&m, &out) == 401) {
        fprintf(stderr, "token rejected\n");
        return 1;
    }
    free(out.p);
    out.p = NULL;
    out.n = 0;

    for (page = 1; page <= 20; page++) {
        meta_init(&m, token);
        meta_company(&m, company_id);
        snprintf(m.url, sizeof m.url,
                 PROCORE_API "/rest/v1.0/projects/%" PRId64 "/rfis?page=%d&per_page=100",
                 project_id, page);
        if (send_req(&m, &out) != 200 || out.n < 3)
            break;
        parse_rfis(out.p);
        free(out.p);
        out.p = NULL;
        out.n = 0;
    }

    meta_init(&m, token);
    snprintf(m.url, sizeof m.url,
             PROCORE_API "/rest/v1.0/projects/%" PRId64 "/drawing_revisions?per_page=200",
             project_id);
    if (send_req(&m, &out) == 200)
        parse_revisions(out.p);
    free(out.p);

    memcpy(hdr.magic, CACHE_MAGIC, 4);
    hdr.version = CACHE_VERSION;
    hdr.count = (uint16_t)nentries;
    hdr.company_id = company_id;
    hdr.project_id = project_id;

    f = fopen("rfi.cache", "wb");
    if (!f)
        return 1;
    fwrite(&hdr, sizeof hdr, 1, f);
    fwrite(entries, sizeof entries[0], nentries, f);
    fclose(f);

    snprintf(link, sizeof link, "https://app.procore.com/%" PRId64 "/project/home", project_id);
    printf("cached %u entries; open %s\n", nentries, link);
    curl_global_cleanup();
    return 0;
}
