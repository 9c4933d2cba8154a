/*
 * budgetcsv.c - dump Procore budget view detail rows to CSV for the ERP
 * nightly import.  Runs on the accounting controller (x86_64 Linux).
 *
 *   budgetcsv [-p PROJECT_ID] > budget.csv
 *   env: PROCORE_COMPANY_ID, PROCORE_TOKEN, PROCORE_REFRESH, PROCORE_CLIENT_ID/SECRET
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <curl/curl.h>

/* ==== shared types (also in erp_bridge.h) ================================ */
typedef int64_t  pc_company_t;
typedef int64_t  pc_project_t;
typedef long     pc_budget_view_t;   /* 64-bit on the controller */
typedef int64_t  pc_line_t;
#define PRI_PCID PRId64

/* ==== endpoints ========================================================== */
#ifdef SANDBOX
#  define API_ROOT "https://sandbox.procore.com"
#else
#  define API_ROOT "https://api.procore.com"
#endif
#define REST(p)       API_ROOT "/rest/v1.0" p
#define TOKEN_URL     API_ROOT "/oauth/token"
#define HELP_URL      "https://support.procore.com/products/online/user-guide/project-level/budget"

#define URL_COMPANIES     REST("/companies")
#define URL_PROJECTS      REST("/projects?company_id=%" PRI_PCID "&page=%d&per_page=%d")
#define URL_BUDGET_VIEWS  REST("/budget_views?project_id=%" PRI_PCID)
#define URL_DETAIL_ROWS   REST("/budget_views/%ld/detail_rows?project_id=%" PRI_PCID "&page=%d")

/* ==== request helpers ==================================================== */
#define PROCORE_GET(url, co)       pc_request("GET", (url), (co))
#define PROCORE_GET_GLOBAL(url)    pc_request("GET", (url), 0)
#define ADD_HDR(l, ...)            do { char h_[1200]; snprintf(h_, sizeof h_, __VA_ARGS__); \
                                        (l) = curl_slist_append((l), h_); } while (0)

/* ==== CSV columns: X(json key, C type, printf conversion) ================ */
#define BUDGET_COLUMNS(X)                                   \
    X(id,                     pc_line_t, "%" PRI_PCID)      \
    X(cost_code,              char *,    "\"%s\"")          \
    X(description,            char *,    "\"%s\"")          \
    X(original_budget_amount, double,    "%.2f")            \
    X(approved_cos,           double,    "%.2f")            \
    X(revised_budget,         double,    "%.2f")            \
    X(committed_costs,        double,    "%.2f")

struct budget_row {
#define X(k, t, f) t k;
    BUDGET_COLUMNS(X)
#undef X
};

#define PER_PAGE 100

static char g_token[1024];
static struct { char *p; size_t n; } g_resp;

static size_t grow(char *d, size_t s, size_t n, void *ud)
{
    (void)ud;
    char *np = realloc(g_resp.p, g_resp.n + s * n + 1);
    if (!np) return 0;
    memcpy(np + g_resp.n, d, s * n);
    g_resp.p = np;
    g_resp.n += s * n;
    g_resp.p[g_resp.n] = 0;
    return s * n;
}

static long pc_request(const char *method, const char *url, pc_company_t company)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hd = NULL;
    long code = 0;

    free(g_resp.p);
    g_resp.p = NULL;
    g_resp.n = 0;
    ADD_HDR(hd, "Authorization: Bearer %s", g_token);
    ADD_HDR(hd, "Accept: application/json");
    if (company)
        ADD_HDR(hd, "Procore-Company-Id: %" PRI_PCID, company);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, grow);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return code;
}

static int refresh_token(void)
{
    char form[1600];
    const char *rt = getenv("PROCORE_REFRESH");
    CURL *h;
    long code = 0;

    if (!rt) return 0;
    snprintf(form, sizeof form,
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             rt, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    h = curl_easy_init();
    free(g_resp.p);
    g_resp.p = NULL;
    g_resp.n = 0;
    curl_easy_setopt(h, CURLOPT_URL, TOKEN_URL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, grow);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(h);
    if (code != 200 || !g_resp.p) return 0;
    const char *t = strstr(g_resp.p, "\"access_token\":\"");
    return t && sscanf(t + 16, "%1023[^\"]", g_token) == 1;
}

static const char *field(const char *obj, const char *key)
{
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    if (!p) return NULL;
    p += strlen(pat);
    return *p == '"' ? p + 1 : p;
}

static void csv_header(void)
{
    const char *sep = "";
#define X(k, t, f) printf("%s%s", sep, #k); sep = ",";
    BUDGET_COLUMNS(X)
#undef X
    putchar('\n');
}

static char *dup_str(const char *p)
{
    size_t n = p ? strcspn(p, "\"") : 0;
    char *s = malloc(n + 1);
    memcpy(s, p ? p : "", n);
    s[n] = 0;
    return s;
}

static void parse_row(const char *obj, struct budget_row *r)
{
    const char *v;
    r->id = (v = field(obj, "id")) ? strtoll(v, NULL, 10) : 0;
    r->cost_code = dup_str(field(obj, "cost_code"));
    r->description = dup_str(field(obj, "description"));
#define NUM(k) r->k = (v = field(obj, #k)) ? strtod(v, NULL) : 0.0;
    NUM(original_budget_amount) NUM(approved_cos) NUM(revised_budget) NUM(committed_costs)
#undef NUM
}

static void csv_row(const struct budget_row *r)
{
    const char *sep = "";
#define X(k, t, f) printf("%s", sep); printf(f, r->k); sep = ",";
    BUDGET_COLUMNS(X)
#undef X
    putchar('\n');
}

static int dump_project(pc_company_t co, pc_project_t project)
{
    char url[512];
    int rows = 0;

    snprintf(url, sizeof url, URL_BUDGET_VIEWS, project);
    if (PROCORE_GET(url, co) != 200 || !g_resp.p) return -1;
    const char *bv = field(g_resp.p, "id");
    if (!bv) return 0;
    pc_budget_view_t view = strtol(bv, NULL, 10);

    for (int page = 1;; page++) {
        snprintf(url, sizeof url, URL_DETAIL_ROWS, view, project, page);
        if (PROCORE_GET(url, co) != 200 || !g_resp.p) break;
        int n = 0;
        for (const char *p = strchr(g_resp.p, '{'); p; p = strchr(p + 1, '{'), n++) {
            struct budget_row r = {0};
            parse_row(p, &r);
            csv_row(&r);
            free(r.cost_code);
            free(r.description);
        }
        rows += n;
        if (n < PER_PAGE) break;
    }
    return rows;
}

int main(int argc, char **argv)
{
    pc_company_t company = atol(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0");
    pc_project_t only = 0;
    char url[512];
    int opt;

    while ((opt = getopt(argc, argv, "p:")) != -1)
        if (opt == 'p') only = strtoll(optarg, NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(g_token, sizeof g_token, "%s", getenv("PROCORE_TOKEN") ? getenv("PROCORE_TOKEN") : "");
    if (PROCORE_GET_GLOBAL(URL_COMPANIES) == 401 && !refresh_token()) {
        fprintf(stderr, "auth failed; see %s\n", HELP_URL);
        return 1;
    }

    csv_header();
    if (only) {
        dump_project(company, only);
    } else {
        snprintf(url, sizeof url, URL_PROJECTS, company, 1, PER_PAGE);
        if (PROCORE_GET_GLOBAL(url) == 200 && g_resp.p) {
            char *list = strdup(g_resp.p);
            for (const char *p = strstr(list, "\"id\":"); p; p = strstr(p + 5, "\"id\":")) {
                pc_project_t pid = strtoll(p + 5, NULL, 10);
                fprintf(stderr, "project %" PRI_PCID ": %d rows\n", pid, dump_project(company, pid));
            }
            free(list);
        }
    }
    curl_global_cleanup();
    return 0;
}
