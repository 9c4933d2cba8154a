/*
 * punchsync.c - pull open punch items from Procore into the site tablet cache
 * and push "closed on site" flags back.
 *
 * Build:  cc -DSANDBOX punchsync.c -lcurl   (developer sandbox)
 *         cc -DMONTHLY punchsync.c -lcurl   (monthly sandbox, used by QA)
 *         cc punchsync.c -lcurl             (production)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

/* ---- shared id types (keep in sync with tablet/cache.h) ---------------- */
typedef int64_t pc_company_id;
typedef int64_t pc_project_id;
typedef int64_t pc_punch_id;
typedef int     pc_assignee_id;

/* ---- environment ------------------------------------------------------- */
#if defined(SANDBOX)
#  define LOGIN_ROOT "https://login-sandbox.procore.com"
#  define API_ROOT   "https://sandbox.procore.com"
#  define ENV_NAME   "sandbox"
#elif defined(MONTHLY)
#  define LOGIN_ROOT "https://login-sandbox.procore.com"
#  define API_ROOT   "https://api-monthly.procore.com"
#  define ENV_NAME   "monthly"
#else
#  define LOGIN_ROOT "https://login.procore.com"
#  define API_ROOT   "https://api.procore.com"
#  define ENV_NAME   "production"
#endif

#define REST(p)   API_ROOT "/rest/v1.0" p
#define OAUTH(p)  LOGIN_ROOT "/oauth" p
#define WEB_PUNCH_FMT "https://app.procore.com/%" PRId64 "/project/punch_list"

#define PER_PAGE 100

/* ---- endpoint table: X(name, method, path template) -------------------- */
#define PUNCH_ENDPOINTS(X)                                                          \
    X(LIST_ITEMS, "GET",   REST("/punch_items?project_id=%" PRId64 "&page=%d&per_page=%d")) \
    X(SHOW_ITEM,  "GET",   REST("/punch_items/%" PRId64 "?project_id=%" PRId64))      \
    X(CLOSE_ITEM, "PATCH", REST("/punch_items/%" PRId64 "?project_id=%" PRId64))      \
    X(ME,         "GET",   REST("/me"))

enum punch_ep {
#define X(name, m, p) EP_##name,
    PUNCH_ENDPOINTS(X)
#undef X
    EP__COUNT
};

static const char *const ep_method[EP__COUNT] = {
#define X(name, m, p) m,
    PUNCH_ENDPOINTS(X)
#undef X
};

static const char *const ep_path[EP__COUNT] = {
#define X(name, m, p) p,
    PUNCH_ENDPOINTS(X)
#undef X
};

/* ---- header helpers ---------------------------------------------------- */
#define HDR_AUTH(lst, tok)  do { char h_[600]; snprintf(h_, sizeof h_, "Authorization: Bearer %s", (tok)); \
                                 (lst) = curl_slist_append((lst), h_); } while (0)
#define HDR_COMPANY(lst, id) do { char h_[64]; snprintf(h_, sizeof h_, "Procore-Company-Id: %" PRId64, (int64_t)(id)); \
                                 (lst) = curl_slist_append((lst), h_); } while (0)
#define HDR_JSON(lst)        ((lst) = curl_slist_append((lst), "Content-Type: application/json"))

struct buf { char *p; size_t n; };

struct punch_cfg {
    pc_company_id company;
    pc_project_id project;
    char token[512];
    char refresh[512];
};

struct punch_row {
    pc_punch_id    id;
    pc_assignee_id assignee;
    char           status[24];
};

static size_t on_data(char *d, size_t sz, size_t nm, void *ud)
{
    struct buf *b = ud;
    size_t len = sz * nm;
    char *np = realloc(b->p, b->n + len + 1);
    if (!np) return 0;
    b->p = np;
    memcpy(b->p + b->n, d, len);
    b->n += len;
    b->p[b->n] = '\0';
    return len;
}

static const char *json_after(const char *s, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *k = strstr(s, pat);
    return k ? k + strlen(pat) : NULL;
}

/* Common send path for everything in PUNCH_ENDPOINTS. */
static long pc_send(const struct punch_cfg *c, enum punch_ep ep, const char *url,
                    const char *body, struct buf *out)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hd = NULL;
    long status = 0;

    HDR_AUTH(hd, c->token);
    HDR_COMPANY(hd, c->company);
    if (body) HDR_JSON(hd);

    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, ep_method[ep]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);

    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return status;
}

static int refresh_token(struct punch_cfg *c, const char *client_id, const char *secret)
{
    char form[1400];
    struct buf out = {0};
    CURL *h = curl_easy_init();
    int ok = 0;

    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             client_id, secret, c->refresh);
    curl_easy_setopt(h, CURLOPT_URL, OAUTH("/token"));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(h) == CURLE_OK && out.p) {
        const char *t = json_after(out.p, "access_token");
        if (t && sscanf(t, " \"%511[^\"]\"", c->token) == 1) ok = 1;
    }
    free(out.p);
    curl_easy_cleanup(h);
    return ok;
}

static int pull_page(const struct punch_cfg *c, int page, struct punch_row *rows, int max)
{
    char url[512];
    struct buf out = {0};
    int n = 0;

    snprintf(url, sizeof url, ep_path[EP_LIST_ITEMS], c->project, page, PER_PAGE);
    if (pc_send(c, EP_LIST_ITEMS, url, NULL, &out) != 200 || !out.p) { free(out.p); return -1; }

    for (const char *p = out.p; n < max && (p = json_after(p, "id")) != NULL; n++) {
        rows[n].id = strtoll(p, (char **)&p, 10);
        const char *a = json_after(p, "assignee_id");
        rows[n].assignee = a ? atoi(a) : 0;
        const char *s = json_after(p, "status");
        if (!s || sscanf(s, " \"%23[^\"]\"", rows[n].status) != 1) strcpy(rows[n].status, "?");
    }
    free(out.p);
    return n;
}

static int show_item(const struct punch_cfg *c, pc_punch_id id)
{
    char url[512];
    struct buf out = {0};
    snprintf(url, sizeof url, ep_path[EP_SHOW_ITEM], id, c->project);
    long st = pc_send(c, EP_SHOW_ITEM, url, NULL, &out);
    if (out.p) fputs(out.p, stdout);
    free(out.p);
    return st == 200;
}

/* Tablet "closed on site" button: kept separate so it can run from the
 * offline queue without a full config reload. */
static int close_item(const char *token, pc_project_id project, pc_punch_id id)
{
    char url[512];
    const char *body = "{\"punch_item\":{\"status\":\"ready_for_review\"}}";
    struct curl_slist *hd = NULL;
    CURL *h = curl_easy_init();
    long st = 0;

    snprintf(url, sizeof url, ep_path[EP_CLOSE_ITEM], id, project);
    HDR_AUTH(hd, token);
    HDR_JSON(hd);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, ep_method[EP_CLOSE_ITEM]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return st == 200;
}

int main(int argc, char **argv)
{
    struct punch_cfg cfg = {0};
    struct punch_row rows[PER_PAGE];
    char link[256];

    if (argc < 3) {
        fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID [PUNCH_ID...]\n", argv[0]);
        return 2;
    }
    cfg.company = strtoll(argv[1], NULL, 10);
    cfg.project = strtoll(argv[2], NULL, 10);
    snprintf(cfg.refresh, sizeof cfg.refresh, "%s", getenv("PUNCH_REFRESH") ? getenv("PUNCH_REFRESH") : "");

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!refresh_token(&cfg, getenv("PUNCH_CLIENT_ID"), getenv("PUNCH_CLIENT_SECRET"))) {
        fprintf(stderr, "[%s] token refresh failed\n", ENV_NAME);
        return 1;
    }
    if (getenv("PUNCH_VERBOSE")) {
        struct buf me = {0};
        pc_send(&cfg, EP_ME, ep_path[EP_ME], NULL, &me);
        fprintf(stderr, "[%s] signed in as %s\n", ENV_NAME, me.p ? me.p : "?");
        free(me.p);
    }

    for (int page = 1;; page++) {
        int n = pull_page(&cfg, page, rows, PER_PAGE);
        if (n <= 0) break;
        for (int i = 0; i < n; i++)
            printf("%" PRId64 "\t%d\t%s\n", rows[i].id, rows[i].assignee, rows[i].status);
        if (n < PER_PAGE) break;
    }

    for (int i = 3; i < argc; i++) {
        pc_punch_id id = strtoll(argv[i], NULL, 10);
        if (show_item(&cfg, id) && !close_item(cfg.token, cfg.project, id))
            fprintf(stderr, "close %" PRId64 " failed\n", id);
    }

    snprintf(link, sizeof link, WEB_PUNCH_FMT, cfg.project);
    printf("review on the web: %s\n", link);
    curl_global_cleanup();
    return 0;
}
