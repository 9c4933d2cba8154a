/*
 * punch_export.c - dump open punch items of every active project into
 * one CSV for the QA binder.  Fetches projects in parallel (curl multi).
 *
 * usage: punch_export [-c punch.ini] [-o out.csv]
 *
 * $Id: punch_export.c 1184 2012-06-14 09:12:55Z mbauer $
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#ifdef _WIN32
#include <io.h>
#define PATH_SEP '\\'
#else
#include <unistd.h>
#define PATH_SEP '/'
#endif

#define MAX_PROJECTS   256
#define MAX_PARALLEL   8
#define XFER_BUF       (256 * 1024)

typedef struct {
    char base_url[128];
    char token_file[256];
    char out_file[256];
    long long company_id;
    int per_page;
} punch_cfg;

typedef struct {
    CURL *easy;
    struct curl_slist *hdrs;
    unsigned project_idx;
    int page;
    char *buf;
    size_t len;
} xfer;

static punch_cfg g_cfg;
static char g_token[1024];
static unsigned int g_project_ids[MAX_PROJECTS];
static int g_nprojects = 0;
static FILE *g_out = NULL;
static long g_rows = 0;

static size_t xfer_write(char *data, size_t sz, size_t nm, void *userp)
{
    xfer *x = (xfer *)userp;
    size_t n = sz * nm;
    if (x->len + n >= XFER_BUF) n = XFER_BUF - 1 - x->len;
    memcpy(x->buf + x->len, data, n);
    x->len += n;
    x->buf[x->len] = '\0';
    return sz * nm;
}

static void cfg_defaults(void)
{
    memset(&g_cfg, 0, sizeof(g_cfg));
    strcpy(g_cfg.base_url, "https://app.procore.com");
    strcpy(g_cfg.token_file, ".procore_token");
    strcpy(g_cfg.out_file, "punch_items.csv");
    g_cfg.per_page = 100;
}

static int cfg_load(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[400], key[64], val[300];
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, " %63[^= ] = %299[^\r\n]", key, val) != 2) continue;
        if (!strcmp(key, "base_url")) strcpy(g_cfg.base_url, val);
        else if (!strcmp(key, "token_file")) strcpy(g_cfg.token_file, val);
        else if (!strcmp(key, "company_id")) g_cfg.company_id = strtoll(val, NULL, 10);
        else if (!strcmp(key, "per_page")) g_cfg.per_page = atoi(val);
    }
    fclose(f);
    return 0;
}

static int read_token(void)
{
    FILE *f = fopen(g_cfg.token_file, "r");
    if (!f) return -1;
    if (!fgets(g_token, sizeof g_token, f)) { fclose(f); return -1; }
    fclose(f);
    g_token[strcspn(g_token, "\r\n")] = '\0';
    return 0;
}

static int list_projects(void)
{
    CURL *c;
    xfer x;
    char url[512], hdr[1100];
    char *p, *q;
    int rc = -1;

    memset(&x, 0, sizeof x);
    x.buf = malloc(XFER_BUF);
    if (!x.buf || !(c = curl_easy_init())) goto cleanup;
    sprintf(url, "%s/rest/v1.0/projects?company_id=%lld&filters[active]=true", g_cfg.base_url, g_cfg.company_id);
    sprintf(hdr, "Authorization: Bearer %s", g_token);
    x.hdrs = curl_slist_append(x.hdrs, hdr);
    sprintf(hdr, "Procore-Company-Id: %lld", g_cfg.company_id);
    x.hdrs = curl_slist_append(x.hdrs, hdr);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, x.hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, xfer_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    if (curl_easy_perform(c) != CURLE_OK) goto cleanup_easy;

    for (p = x.buf; (p = strstr(p, "{\"id\":")) != NULL && g_nprojects < MAX_PROJECTS; p = q) {
        g_project_ids[g_nprojects++] = (unsigned int)strtoul(p + 6, &q, 10);
    }
    printf("%d active projects\n", g_nprojects);
    rc = 0;
cleanup_easy:
    curl_easy_cleanup(c);
cleanup:
    curl_slist_free_all(x.hdrs);
    free(x.buf);
    return rc;
}

static xfer *add_transfer(CURLM *multi, unsigned idx, int page)
{
    char url[512], hdr[1100];
    xfer *x = calloc(1, sizeof *x);

    if (!x) return NULL;
    x->buf = malloc(XFER_BUF);
    x->project_idx = idx;
    x->page = page;
    x->easy = curl_easy_init();
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%u/punch_items?filters[status]=open&page=%d&per_page=%d",
             g_cfg.base_url, g_project_ids[idx], page, g_cfg.per_page);
    sprintf(hdr, "Authorization: Bearer %s", g_token);
    x->hdrs = curl_slist_append(NULL, hdr);
    sprintf(hdr, "X-Procore-Company-Id: %lld", g_cfg.company_id);
    x->hdrs = curl_slist_append(x->hdrs, hdr);
    curl_easy_setopt(x->easy, CURLOPT_URL, url);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, xfer_write);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    curl_multi_add_handle(multi, x->easy);
    return x;
}

/* returns number of items seen in this page */
static int emit_rows(xfer *x)
{
    char *p, *q, name[256];
    long long item_id;
    long assignee_id;
    int n = 0;

    for (p = x->buf; (p = strstr(p, "{\"id\":")) != NULL; p = q, n++) {
        item_id = strtoll(p + 6, &q, 10);
        name[0] = '\0';
        assignee_id = 0;
        if ((q = strstr(q, "\"name\":\"")) != NULL)
            sscanf(q + 8, "%255[^\"]", name);
        if (q && (q = strstr(q, "\"assignee\":{\"id\":")) != NULL)
            assignee_id = strtol(q + 17, NULL, 10);
        if (!q) break;
        fprintf(g_out, "%u,%lld,\"%s\",%ld\n", g_project_ids[x->project_idx], item_id, name, assignee_id);
        g_rows++;
    }
    return n;
}

static void free_transfer(CURLM *multi, xfer *x)
{
    curl_multi_remove_handle(multi, x->easy);
    curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->hdrs);
    free(x->buf);
    free(x);
}

int main(int argc, char **argv)
{
    CURLM *multi = NULL;
    CURLMsg *msg;
    xfer *x;
    const char *ini = "punch.ini";
    unsigned next = 0;
    int running = 0, left, i, ret = 1;

    cfg_defaults();
    for (i = 1; i < argc - 1; i++) {
        if (!strcmp(argv[i], "-c")) ini = argv[++i];
        else if (!strcmp(argv[i], "-o")) strcpy(g_cfg.out_file, argv[++i]);
    }
    if (cfg_load(ini) != 0) fprintf(stderr, "warning: %s not found, using defaults\n", ini);
    if (read_token() != 0) { fprintf(stderr, "no token in %s\n", g_cfg.token_file); return 1; }

    curl_global_init(CURL_GLOBAL_ALL);
    if (list_projects() != 0) goto fail;
    if (!(g_out = fopen(g_cfg.out_file, "w"))) goto fail;
    fprintf(g_out, "project_id,punch_item_id,name,assignee_id\n");

    multi = curl_multi_init();
    while (next < (unsigned)g_nprojects && next < MAX_PARALLEL)
        add_transfer(multi, next++, 1);

    do {
        curl_multi_perform(multi, &running);
        while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE) continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            if (msg->data.result == CURLE_OK && emit_rows(x) == g_cfg.per_page)
                add_transfer(multi, x->project_idx, x->page + 1);
            else if (next < (unsigned)g_nprojects)
                add_transfer(multi, next++, 1);
            free_transfer(multi, x);
            running = 1;
        }
        if (running) curl_multi_wait(multi, NULL, 0, 1000, NULL);
    } while (running);

    printf("%ld rows written to %s%c%s\n", g_rows, ".", PATH_SEP, g_cfg.out_file);
    printf("Punch list for humans: https://app.procore.com/%lld/company/home\n", g_cfg.company_id);
    ret = 0;
fail:
    if (g_out) fclose(g_out);
    if (multi) curl_multi_cleanup(multi);
    curl_global_cleanup();
    return ret;
}
