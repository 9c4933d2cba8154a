// budgetrpt - pulls budget views out of Procore for the monthly cost report.
//
//   budgetrpt auth-url
//   budgetrpt token <code>
//   budgetrpt views
//   budgetrpt summary <view id>
//   budgetrpt export <view id> <file.csv> [--upload]
//
// Settings in ./budgetrpt.ini: client_id, client_secret, company_id, project_id, token

#include <curl/curl.h>
#include <json/json.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

#define AUTH_BASE        "https://app.procore.com"
#define API_BASE         "https://api.procore.com"
#define REDIRECT_URI     "urn:ietf:wg:oauth:2.0:oob"
#define AUTHORIZE_URL    AUTH_BASE "/oauth/authorize?response_type=code&client_id=%s&redirect_uri=" REDIRECT_URI
#define TOKEN_URL        AUTH_BASE "/oauth/token"
#define VIEWS_URL        API_BASE "/rest/v1.0/budget_views?project_id=%lld"
#define DETAIL_URL       API_BASE "/rest/v1.0/budget_views/%lld/detail_rows?project_id=%lld&page=%d&per_page=%d"
#define SUMMARY_URL      API_BASE "/rest/v1.0/budget_views/%lld/summary_rows?project_id=%lld"
#define REPORT_UPLOAD    "https://reports.acme-build.internal/api/v2/upload?kind=budget"
#define PAGE_SIZE        200
#define MAX_VIEWS        64

struct BudgetView {
    long long id;
    char name[128];
};

char      g_clientId[128];
char      g_clientSecret[128];
char      g_token[2048];
long long g_companyId;
long long g_projectId;

static size_t Sink(char *p, size_t s, size_t n, void *ud)
{
    ((std::string *)ud)->append(p, s * n);
    return s * n;
}

static long HttpSend(const char *url, struct curl_slist *hdrs, const char *postBody, std::string &out)
{
    CURL *h = curl_easy_init();
    long code = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (hdrs) curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (postBody) curl_easy_setopt(h, CURLOPT_POSTFIELDS, postBody);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(h);
    return code;
}

static struct curl_slist *ProcoreHeaders()
{
    char buf[2100];
    struct curl_slist *l = NULL;
    sprintf(buf, "Authorization: Bearer %s", g_token);
    l = curl_slist_append(l, buf);
    sprintf(buf, "Procore-Company-Id: %lld", g_companyId);
    l = curl_slist_append(l, buf);
    l = curl_slist_append(l, "Accept: application/json");
    return l;
}

static void LoadIni()
{
    FILE *fp = fopen("budgetrpt.ini", "r");
    if (!fp) return;
    char line[2200], key[64], val[2100];
    while (fgets(line, sizeof(line), fp)) {
        if (sscanf(line, " %63[^= ] = %2099[^\r\n]", key, val) != 2) continue;
        if (!strcmp(key, "client_id")) strcpy(g_clientId, val);
        else if (!strcmp(key, "client_secret")) strcpy(g_clientSecret, val);
        else if (!strcmp(key, "token")) strcpy(g_token, val);
        else if (!strcmp(key, "company_id")) sscanf(val, "%lld", &g_companyId);
        else if (!strcmp(key, "project_id")) sscanf(val, "%lld", &g_projectId);
    }
    fclose(fp);
}

static int LoadViews(BudgetView *views, int maxViews)
{
    char url[512];
    sprintf(url, VIEWS_URL, g_projectId);
    std::string out;
    struct curl_slist *h = ProcoreHeaders();
    long code = HttpSend(url, h, NULL, out);
    curl_slist_free_all(h);
    if (code != 200) return -1;
    Json::Value root;
    std::istringstream is(out);
    is >> root;
    int n = 0;
    for (Json::ArrayIndex i = 0; i < root.size() && n < maxViews; ++i, ++n) {
        views[n].id = root[i]["id"].asInt();
        strncpy(views[n].name, root[i]["name"].asCString(), sizeof(views[n].name) - 1);
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: budgetrpt <command> ...\n"); return 2; }
    LoadIni();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char *cmd = argv[1];
    std::string out;
    char url[512];
    int rc = 0;

    if (!strcmp(cmd, "auth-url")) {
        printf(AUTHORIZE_URL "\n", g_clientId);
    } else if (!strcmp(cmd, "token") && argc > 2) {
        char *form = new char[1024];
        sprintf(form, "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s&redirect_uri=%s",
                argv[2], g_clientId, g_clientSecret, REDIRECT_URI);
        long code = HttpSend(TOKEN_URL, NULL, form, out);
        delete[] form;
        printf("%ld\n%s\n", code, out.c_str());
        rc = code == 200 ? 0 : 1;
    } else if (!strcmp(cmd, "views")) {
        BudgetView *views = new BudgetView[MAX_VIEWS];
        int n = LoadViews(views, MAX_VIEWS);
        for (int i = 0; i < n; ++i)
            printf("%ld\t%s\n", (long)views[i].id, views[i].name);
        delete[] views;
        rc = n < 0 ? 1 : 0;
    } else if (!strcmp(cmd, "summary") && argc > 2) {
        unsigned viewId = strtoul(argv[2], NULL, 10);
        sprintf(url, SUMMARY_URL, (long long)viewId, g_projectId);
        char auth[2100];
        sprintf(auth, "Authorization: Bearer %s", g_token);
        struct curl_slist *h = curl_slist_append(NULL, auth);
        h = curl_slist_append(h, "Accept: application/json");
        long code = HttpSend(url, h, NULL, out);
        curl_slist_free_all(h);
        printf("%s\n", out.c_str());
        rc = code == 200 ? 0 : 1;
    } else if (!strcmp(cmd, "export") && argc > 3) {
        unsigned long long viewId = strtoull(argv[2], NULL, 10);
        FILE *csv = fopen(argv[3], "w");
        if (!csv) { perror(argv[3]); return 1; }
        fprintf(csv, "cost_code,description,original_budget,revised_budget,projected_costs\n");
        struct curl_slist *h = ProcoreHeaders();
        int rows = 0;
        for (int page = 1; ; ++page) {
            sprintf(url, DETAIL_URL, (long long)viewId, g_projectId, page, PAGE_SIZE);
            std::string chunk;
            if (HttpSend(url, h, NULL, chunk) != 200) break;
            Json::Value arr;
            std::istringstream is(chunk);
            is >> arr;
            if (arr.size() == 0) break;
            for (Json::ArrayIndex i = 0; i < arr.size(); ++i, ++rows)
                fprintf(csv, "\"%s\",\"%s\",%s,%s,%s\n", arr[i]["cost_code"].asCString(),
                        arr[i]["description"].asCString(), arr[i]["original_budget_amount"].asCString(),
                        arr[i]["revised_budget"].asCString(), arr[i]["projected_costs"].asCString());
        }
        curl_slist_free_all(h);
        fclose(csv);
        printf("%d rows written to %s\n", rows, argv[3]);
        if (argc > 4 && !strcmp(argv[4], "--upload")) {
            std::string upOut;
            struct curl_slist *uh = curl_slist_append(NULL, "Content-Type: text/csv");
            std::string data;
            FILE *in = fopen(argv[3], "r");
            char buf[4096];
            size_t got;
            while (in && (got = fread(buf, 1, sizeof(buf), in)) > 0) data.append(buf, got);
            if (in) fclose(in);
            long code = HttpSend(REPORT_UPLOAD, uh, data.c_str(), upOut);
            curl_slist_free_all(uh);
            rc = code / 100 == 2 ? 0 : 1;
        }
    } else {
        fprintf(stderr, "unknown command %s\n", cmd);
        rc = 2;
    }
    curl_global_cleanup();
    return rc;
}
