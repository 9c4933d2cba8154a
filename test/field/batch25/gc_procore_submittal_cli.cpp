// submittal_nag - finds overdue submittals in a project, tags them in Procore
// and opens one tracking issue on our internal GitHub.  Targets the monthly
// sandbox until the integration is signed off.
//
//   submittal_nag --company 4264 --project 1881120 [--pages 5] [--dry-run]
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

/* ---- C transport shared with the other bots (transport.h in the repo) ---- */
extern "C" {
typedef struct tp_req {
    const char *method;
    const char *url;
    struct curl_slist *headers;
    const char *body;
} tp_req;

typedef struct tp_resp {
    long status;
    char *body;
    size_t len;
} tp_resp;

typedef struct tp_vtable {
    int (*request)(void *self, const tp_req *req, tp_resp *resp);
    void (*release)(void *self);
} tp_vtable;

typedef struct tp_handle {
    const tp_vtable *vt;
    void *self;
} tp_handle;

static size_t tp_collect(char *data, size_t size, size_t nmemb, void *userp)
{
    tp_resp *r = (tp_resp *)userp;
    size_t n = size * nmemb;
    char *nb = (char *)realloc(r->body, r->len + n + 1);
    if (!nb)
        return 0;
    memcpy(nb + r->len, data, n);
    r->body = nb;
    r->len += n;
    nb[r->len] = '\0';
    return n;
}

static int tp_curl_request(void *self, const tp_req *req, tp_resp *resp)
{
    CURL *c = (CURL *)self;
    int rc = -1;

    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, req->headers);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "submittal-nag/1.3");
    if (req->body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tp_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
    if (curl_easy_perform(c) != CURLE_OK)
        goto cleanup;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
    rc = resp->status < 300 ? 0 : (int)resp->status;
cleanup:
    return rc;
}

static void tp_curl_release(void *self) { curl_easy_cleanup((CURL *)self); }

static const tp_vtable tp_curl_vt = { tp_curl_request, tp_curl_release };
}

namespace {

const char *const kLogin = "https://login-sandbox-monthly.procore.com";
const char *const kApi = "https://api-monthly.procore.com";
const char *const kRevokeUrl = "https://api-monthly.procore.com/oauth/revoke";
const char *const kGithubIssues = "https://api.github.com/repos/acme-build/field-bots/issues";

struct Overdue {
    int64_t id;
    std::string title;
    std::string due;
};

class Procore {
public:
    Procore(tp_handle tp, int64_t company_id) : tp_(tp), company_id_(company_id) {}

    int refresh(const char *client_id, const char *secret, const char *refresh_token)
    {
        std::string body = std::string("grant_type=refresh_token&client_id=") + client_id +
                           "&client_secret=" + secret + "&refresh_token=" + refresh_token;
        std::string url = std::string(kLogin) + "/oauth/token";
        struct curl_slist *h = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
        tp_req req = { "POST", url.c_str(), h, body.c_str() };
        tp_resp resp = { 0, nullptr, 0 };
        int rc = tp_.vt->request(tp_.self, &req, &resp);
        rapidjson::Document d;
        if (rc == 0 && !d.Parse(resp.body).HasParseError() && d.HasMember("access_token"))
            token_ = d["access_token"].GetString();
        curl_slist_free_all(h);
        free(resp.body);
        return token_.empty() ? -1 : 0;
    }

    void revoke()
    {
        std::string body = "token=" + token_;
        tp_req req = { "POST", kRevokeUrl, nullptr, body.c_str() };
        tp_resp resp = { 0, nullptr, 0 };
        tp_.vt->request(tp_.self, &req, &resp);
        free(resp.body);
    }

    int get(const std::string &path, bool company_scoped, rapidjson::Document *out)
    {
        std::string url = kApi + path;
        std::string auth = "Authorization: Bearer " + token_;
        std::string cid = "Procore-Company-Id: " + std::to_string(company_id_);
        struct curl_slist *h = curl_slist_append(nullptr, auth.c_str());
        if (company_scoped)
            h = curl_slist_append(h, cid.c_str());
        tp_req req = { "GET", url.c_str(), h, nullptr };
        tp_resp resp = { 0, nullptr, 0 };
        int rc = tp_.vt->request(tp_.self, &req, &resp);
        if (rc == 0 && out->Parse(resp.body).HasParseError())
            rc = -2;
        curl_slist_free_all(h);
        free(resp.body);
        return rc;
    }

    int patch_json(const std::string &path, const std::string &json)
    {
        std::string url = kApi + path;
        std::string auth = "Authorization: Bearer " + token_;
        struct curl_slist *h = curl_slist_append(nullptr, auth.c_str());
        h = curl_slist_append(h, "Content-Type: application/json");
        tp_req req = { "PATCH", url.c_str(), h, json.c_str() };
        tp_resp resp = { 0, nullptr, 0 };
        int rc = tp_.vt->request(tp_.self, &req, &resp);
        curl_slist_free_all(h);
        free(resp.body);
        return rc;
    }

private:
    tp_handle tp_;
    int64_t company_id_;
    std::string token_;
};

int open_github_issue(tp_handle tp, const std::string &title, const std::string &text)
{
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("title"); w.String(title.c_str());
    w.Key("body"); w.String(text.c_str());
    w.EndObject();
    std::string auth = std::string("Authorization: token ") + (getenv("GH_TOKEN") ? getenv("GH_TOKEN") : "");
    struct curl_slist *h = curl_slist_append(nullptr, auth.c_str());
    h = curl_slist_append(h, "Accept: application/vnd.github+json");
    tp_req req = { "POST", kGithubIssues, h, sb.GetString() };
    tp_resp resp = { 0, nullptr, 0 };
    int issue_number = -1;
    rapidjson::Document d;
    if (tp.vt->request(tp.self, &req, &resp) == 0 && !d.Parse(resp.body).HasParseError())
        issue_number = d["number"].GetInt();
    curl_slist_free_all(h);
    free(resp.body);
    return issue_number;
}

}  // namespace

int main(int argc, char **argv)
{
    int64_t company_id = 0, project_id = 0;
    int pages = 3;
    bool dry_run = false;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--company") && i + 1 < argc) company_id = std::stoll(argv[++i]);
        else if (!strcmp(argv[i], "--project") && i + 1 < argc) project_id = std::stoll(argv[++i]);
        else if (!strcmp(argv[i], "--pages") && i + 1 < argc) pages = std::stoi(argv[++i]);
        else if (!strcmp(argv[i], "--dry-run")) dry_run = true;
    }
    if (!company_id || !project_id) {
        fprintf(stderr, "usage: submittal_nag --company ID --project ID [--pages N]\n");
        return 2;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    tp_handle tp = { &tp_curl_vt, curl_easy_init() };
    Procore pc(tp, company_id);
    std::vector<Overdue> overdue;
    std::string report;
    rapidjson::Document me;
    char today[16];
    time_t now = time(nullptr);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));

    int rc = 1;
    if (pc.refresh(getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
                   getenv("PROCORE_REFRESH_TOKEN")) != 0)
        goto done;
    if (pc.get("/rest/v1.0/me", false, &me) == 0)
        fprintf(stderr, "acting as %s (%lld)\n", me["login"].GetString(),
                (long long)me["id"].GetInt64());

    for (int page = 1; page <= pages; ++page) {
        rapidjson::Document list;
        std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                           "/submittals?page=" + std::to_string(page) + "&per_page=100";
        if (pc.get(path, true, &list) != 0 || !list.IsArray() || list.Empty())
            break;
        for (const auto &s : list.GetArray()) {
            if (!s["due_date"].IsString() || strcmp(s["due_date"].GetString(), today) >= 0)
                continue;
            Overdue o;
            o.id = s["id"].GetInt();
            o.title = s["title"].GetString();
            o.due = s["due_date"].GetString();
            overdue.push_back(o);
        }
    }

    for (const Overdue &o : overdue) {
        report += "- #" + std::to_string(o.id) + " " + o.title + " (due " + o.due + ")\n";
        if (dry_run)
            continue;
        pc.patch_json("/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals/" +
                          std::to_string(o.id),
                      "{\"submittal\":{\"private\":false,\"description\":\"[nag] overdue\"}}");
    }
    if (!overdue.empty() && !dry_run) {
        int issue = open_github_issue(tp, std::to_string(overdue.size()) + " overdue submittals", report);
        fprintf(stderr, "opened tracking issue #%d\n", issue);
    }
    rc = 0;
done:
    pc.revoke();
    tp.vt->release(tp.self);
    curl_global_cleanup();
    return rc;
}
