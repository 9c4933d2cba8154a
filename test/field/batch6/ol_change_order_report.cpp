// ol_change_order_report.cpp -- monthly change order report for the PM meeting
//
//   co_report <project_id> [<project_id> ...]  > co_report.html
//
// For every project: prime contract, its change order packages, totals per
// contract.  Access token comes from PROCORE_TOKEN (set by the login script).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Exception.hpp>

#define TOKEN_INFO_URL   "https://login.procore.com/oauth/token/info"
#define REST_PATH        "/rest/v1.0"
#define WEB_LINK_FMT     "https://app.procore.com/%d/project/change_order_packages"
#define RPT_OK           0
#define RPT_FAIL         -1

struct ReportConfig {
    char      base_url[128];
    char      token[1024];
    long long company_id;
    int       timeout;
    int       verbose;
};
static ReportConfig g_rc = { "https://app.procore.com", "", 0, 45, 0 };

struct ChangeOrderRow {
    long long id;
    long long contract_id;
    char      number[32];
    char      title[160];
    char      status[32];
    double    amount;
};

class ReportFetcher {
public:
    curlpp::Easy *m_easy;
    int           m_calls;

    void init() { m_easy = new curlpp::Easy(); m_calls = 0; }
    void cleanup() { delete m_easy; m_easy = NULL; }

    // with_company: 1 = send Procore-Company-Id
    int fetch(const char *url, int with_company, std::string *out, long *status)
    {
        char auth[1100];
        char company[48];
        const char *lines[4];
        int n = 0;
        sprintf(auth, "Authorization: Bearer %s", g_rc.token);
        lines[n++] = auth;
        lines[n++] = "Accept: application/json";
        if (with_company) {
            sprintf(company, "Procore-Company-Id: %lld", g_rc.company_id);
            lines[n++] = company;
        }
        std::list<std::string> headers;
        for (int i = 0; i < n; i++) headers.push_back(lines[i]);
        std::ostringstream os;
        try {
            m_easy->reset();
            m_easy->setOpt(new curlpp::options::Url(url));
            m_easy->setOpt(new curlpp::options::HttpHeader(headers));
            m_easy->setOpt(new curlpp::options::Timeout(g_rc.timeout));
            m_easy->setOpt(new curlpp::options::WriteStream(&os));
            m_easy->perform();
            *status = curlpp::infos::ResponseCode::get(*m_easy);
        } catch (curlpp::RuntimeError &e) {
            fprintf(stderr, "fetch %s: %s\n", url, e.what());
            return RPT_FAIL;
        }
        m_calls++;
        *out = os.str();
        return *status < 300 ? RPT_OK : RPT_FAIL;
    }
};

int check_token(ReportFetcher *f)
{
    std::string body;
    long status = 0;
    if (f->fetch(TOKEN_INFO_URL, 0, &body, &status) != RPT_OK) return RPT_FAIL;
    const char *p = strstr(body.c_str(), "\"expires_in_seconds\":");
    if (p && atoi(p + 21) < 300) fprintf(stderr, "warning: token expires in %d s\n", atoi(p + 21));
    return RPT_OK;
}

int project_name(ReportFetcher *f, long long project_id, char *out_name, size_t out_len)
{
    char url[256];
    std::string body;
    long status = 0;
    sprintf(url, "%s%s/projects/%lld?company_id=%lld", g_rc.base_url, REST_PATH, project_id,
            g_rc.company_id);
    if (f->fetch(url, 1, &body, &status) != RPT_OK) return RPT_FAIL;
    const char *p = strstr(body.c_str(), "\"name\":\"");
    if (p == NULL) return RPT_FAIL;
    snprintf(out_name, out_len, "%.*s", (int)(strchr(p + 8, '"') - (p + 8)), p + 8);
    return RPT_OK;
}

int prime_contract_id(ReportFetcher *f, long long project_id, long long *out_id)
{
    char url[256];
    std::string body;
    long status = 0;
    sprintf(url, "%s%s/prime_contracts?project_id=%lld", g_rc.base_url, REST_PATH, project_id);
    if (f->fetch(url, 1, &body, &status) != RPT_OK) return RPT_FAIL;
    const char *p = strstr(body.c_str(), "{\"id\":");
    if (p == NULL || sscanf(p, "{\"id\":%lld", out_id) != 1) return RPT_FAIL;
    return RPT_OK;
}

int load_change_orders(ReportFetcher *f, long long project_id, ChangeOrderRow *rows, int max_rows, int *out_n)
{
    char url[256];
    std::string body;
    long status = 0;
    sprintf(url, "%s%s/change_order_packages?project_id=%lld&per_page=200", g_rc.base_url,
            REST_PATH, project_id);
    if (f->fetch(url, 0, &body, &status) != RPT_OK) return RPT_FAIL;
    const char *p = body.c_str();
    int n = 0;
    while (n < max_rows && (p = strstr(p, "{\"id\":")) != NULL) {
        ChangeOrderRow *r = &rows[n];
        memset(r, 0, sizeof(ChangeOrderRow));
        sscanf(p, "{\"id\":%lld", &r->id);
        const char *c = strstr(p, "\"contract_id\":");
        if (c) r->contract_id = strtoll(c + 14, NULL, 10);
        const char *num = strstr(p, "\"number\":\"");
        if (num) sscanf(num + 10, "%31[^\"]", r->number);
        const char *t = strstr(p, "\"title\":\"");
        if (t) sscanf(t + 9, "%159[^\"]", r->title);
        const char *s = strstr(p, "\"status\":\"");
        if (s) sscanf(s + 10, "%31[^\"]", r->status);
        const char *a = strstr(p, "\"grand_total\":\"");
        if (a) r->amount = atof(a + 15);
        n++;
        p += 6;
    }
    *out_n = n;
    return RPT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: co_report <project_id> ...\n");
        return 2;
    }
    const char *tok = getenv("PROCORE_TOKEN");
    const char *cid = getenv("PROCORE_COMPANY_ID");
    const char *base = getenv("PROCORE_BASE_URL");
    if (tok == NULL || cid == NULL) {
        fprintf(stderr, "PROCORE_TOKEN and PROCORE_COMPANY_ID must be set\n");
        return 2;
    }
    strncpy(g_rc.token, tok, sizeof(g_rc.token) - 1);
    g_rc.company_id = strtoll(cid, NULL, 10);
    if (base != NULL) strncpy(g_rc.base_url, base, sizeof(g_rc.base_url) - 1);

    curlpp::Cleanup cleaner;
    ReportFetcher fetcher;
    fetcher.init();
    if (check_token(&fetcher) != RPT_OK) {
        fprintf(stderr, "token rejected\n");
        fetcher.cleanup();
        return 1;
    }

    ChangeOrderRow *rows = new ChangeOrderRow[500];
    printf("<html><body><h1>Change order report</h1>\n");
    for (int a = 1; a < argc; a++) {
        int project_id = atoi(argv[a]);
        char name[200] = "?";
        char link[200];
        long long prime_id = 0;
        int n = 0;
        std::map<int, double> totals_by_contract;

        project_name(&fetcher, project_id, name, sizeof(name));
        prime_contract_id(&fetcher, project_id, &prime_id);
        if (load_change_orders(&fetcher, project_id, rows, 500, &n) != RPT_OK) {
            printf("<p>%s: could not load change orders</p>\n", name);
            continue;
        }
        sprintf(link, WEB_LINK_FMT, project_id);
        printf("<h2><a href=\"%s\">%s</a> (prime contract %lld)</h2>\n<table>\n", link, name, prime_id);
        for (int i = 0; i < n; i++) {
            printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td></tr>\n", rows[i].number,
                   rows[i].title, rows[i].status, rows[i].amount);
            totals_by_contract[rows[i].contract_id] += rows[i].amount;
        }
        printf("</table>\n<ul>\n");
        std::map<int, double>::iterator it;
        for (it = totals_by_contract.begin(); it != totals_by_contract.end(); ++it)
            printf("<li>contract %d: %.2f</li>\n", it->first, it->second);
        printf("</ul>\n");
    }
    printf("<p>%d API calls</p></body></html>\n", fetcher.m_calls);
    delete[] rows;
    fetcher.cleanup();
    return 0;
}
