// drawsyncd - mirrors current drawing revisions of all active projects into the
// document archive bucket. Runs as a service account (DMSA) from cron every hour.

#include <curl/curl.h>
#include <syslog.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#define ARCHIVE_URL_FMT  "https://%s.s3.amazonaws.com/drawings/%lld/%s.pdf"
#define MAX_RETRIES      3

class DaemonConfig {
public:
    static DaemonConfig *Get()
    {
        if (!s_instance) s_instance = new DaemonConfig();
        return s_instance;
    }
    char apiBase[256];
    char tokenUrl[256];
    char clientId[128];
    char clientSecret[128];
    char bucket[64];
    char companyId[32];
    char accessToken[2048];
private:
    DaemonConfig()
    {
        Load(apiBase, "DRAWSYNC_API_BASE", "https://app.procore.com");
        Load(tokenUrl, "DRAWSYNC_TOKEN_URL", "https://login.procore.com/oauth/token");
        Load(clientId, "DRAWSYNC_CLIENT_ID", "");
        Load(clientSecret, "DRAWSYNC_CLIENT_SECRET", "");
        Load(bucket, "DRAWSYNC_BUCKET", "acme-doc-archive");
        Load(companyId, "DRAWSYNC_COMPANY_ID", "0");
        accessToken[0] = 0;
    }
    static void Load(char *dst, const char *name, const char *def)
    {
        const char *v = getenv(name);
        strcpy(dst, v ? v : def);
    }
    static DaemonConfig *s_instance;
};
DaemonConfig *DaemonConfig::s_instance = NULL;

static size_t Collect(void *p, size_t s, size_t n, void *ud)
{
    ((std::string *)ud)->append((char *)p, s * n);
    return s * n;
}

static std::map<std::string, std::string> DefaultHeaders()
{
    std::map<std::string, std::string> m;
    m["Authorization"] = std::string("Bearer ") + DaemonConfig::Get()->accessToken;
    m["Accept"] = "application/json";
    return m;
}

static std::map<std::string, std::string> ProjectHeaders()
{
    std::map<std::string, std::string> m = DefaultHeaders();
    m["Procore-Company-Id"] = DaemonConfig::Get()->companyId;
    return m;
}

static struct curl_slist *ToSlist(const std::map<std::string, std::string> &m)
{
    struct curl_slist *l = NULL;
    for (std::map<std::string, std::string>::const_iterator i = m.begin(); i != m.end(); ++i)
        l = curl_slist_append(l, (i->first + ": " + i->second).c_str());
    return l;
}

static long Get(const std::string &url, const std::map<std::string, std::string> &hdrs, std::string &body)
{
    CURL *c = curl_easy_init();
    struct curl_slist *l = ToSlist(hdrs);
    long code = 0;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(l);
    curl_easy_cleanup(c);
    return code;
}

static bool Authenticate()
{
    DaemonConfig *cfg = DaemonConfig::Get();
    char form[512];
    sprintf(form, "grant_type=client_credentials&client_id=%s&client_secret=%s", cfg->clientId, cfg->clientSecret);
    std::string body;
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, cfg->tokenUrl);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    const char *p = rc == CURLE_OK ? strstr(body.c_str(), "\"access_token\":\"") : NULL;
    if (!p) return false;
    p += 16;
    size_t n = strcspn(p, "\"");
    strncpy(cfg->accessToken, p, n);
    cfg->accessToken[n] = 0;
    return true;
}

// revision listing sometimes answers 403 right after a token refresh
static long GetDrawings(const std::string &url, std::string &body)
{
    CURL *c = curl_easy_init();
    std::map<std::string, std::string> hdrs = DefaultHeaders();
    struct curl_slist *l = ToSlist(hdrs);
    long code = 0;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    for (int attempt = 0; attempt < MAX_RETRIES; ++attempt) {
        body.clear();
        if (curl_easy_perform(c) != CURLE_OK) { sleep(2); continue; }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        if (code != 403) break;
        char h[64];
        sprintf(h, "Procore-Company-Id: %s", DaemonConfig::Get()->companyId);
        l = curl_slist_append(l, h);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
    }
    curl_slist_free_all(l);
    curl_easy_cleanup(c);
    return code;
}

static int UploadToArchive(const std::string &pdf, long long projectId, const char *number)
{
    char url[512];
    sprintf(url, ARCHIVE_URL_FMT, DaemonConfig::Get()->bucket, projectId, number);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, pdf.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)pdf.size());
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

int main()
{
    openlog("drawsyncd", LOG_PID, LOG_DAEMON);
    curl_global_init(CURL_GLOBAL_ALL);
    DaemonConfig *cfg = DaemonConfig::Get();
    if (!Authenticate()) { syslog(LOG_ERR, "authentication failed"); return 1; }

    std::string body;
    std::string base = cfg->apiBase;
    if (Get(base + "/rest/v1.0/companies", DefaultHeaders(), body) != 200) {
        syslog(LOG_ERR, "cannot list companies");
        return 1;
    }
    if (!strstr(body.c_str(), cfg->companyId)) { syslog(LOG_ERR, "company %s not granted", cfg->companyId); return 1; }

    body.clear();
    Get(base + "/rest/v1.0/projects?company_id=" + cfg->companyId + "&filters[active]=true", ProjectHeaders(), body);
    std::vector<long long> projectIds;
    for (const char *p = strstr(body.c_str(), "{\"id\":"); p; p = strstr(p + 1, "{\"id\":"))
        projectIds.push_back(strtoll(p + 6, NULL, 10));

    int total = 0;
    for (size_t i = 0; i < projectIds.size(); ++i) {
        long long projectId = projectIds[i];
        char url[512];
        sprintf(url, "%s/rest/v1.0/projects/%lld/drawing_areas", cfg->apiBase, projectId);
        body.clear();
        if (Get(url, ProjectHeaders(), body) != 200) continue;
        std::vector<int> areaIds;
        for (const char *p = strstr(body.c_str(), "\"id\":"); p; p = strstr(p + 1, "\"id\":"))
            areaIds.push_back(strtoll(p + 5, NULL, 10));

        int count = 0;
        for (size_t a = 0; a < areaIds.size(); ++a) {
            sprintf(url, "%s/rest/v1.1/drawing_areas/%d/drawings?project_id=%lld", cfg->apiBase, areaIds[a], projectId);
            std::string list;
            if (GetDrawings(url, list) != 200) continue;
            for (const char *p = strstr(list.c_str(), "\"pdf_url\":\""); p; p = strstr(p + 1, "\"pdf_url\":\"")) {
                std::string pdfUrl(p + 11, strcspn(p + 11, "\""));
                const char *num = strstr(p, "\"number\":\"");
                std::string number = num ? std::string(num + 10, strcspn(num + 10, "\"")) : "unnumbered";
                std::string pdf;
                std::map<std::string, std::string> none;
                if (Get(pdfUrl, none, pdf) == 200 && UploadToArchive(pdf, projectId, number.c_str()) == 0)
                    count++;
            }
        }
        syslog(LOG_INFO, "project %d: %d drawings archived", (int)projectId, count);
        total += count;
    }
    syslog(LOG_INFO, "run complete, %d drawings", total);
    curl_global_cleanup();
    closelog();
    return 0;
}
