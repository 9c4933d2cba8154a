// submittal-bridge: opens a GitHub issue in the precon repo for every new
// Procore submittal in "Open" status, links it back on the submittal, and
// pings the #precon Slack channel. Runs from cron every 15 minutes.
#include <cpprest/http_client.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

enum class Level { Info, Warn, Error };
static void log_msg(Level lvl, const std::string& m) {
    static const char* names[] = {"info", "warn", "error"};
    std::cerr << "submittal-bridge " << names[static_cast<int>(lvl)] << ": " << m << std::endl;
}

struct ProductionRegion {
    static utility::string_t login_host() { return U("https://login.procore.com"); }
    static utility::string_t api_host() { return U("https://api.procore.com"); }
};

struct ScopedBearer {
    std::string token;
    std::int64_t company_id;
    void apply(http_request& r) const {
        r.headers().add(U("Authorization"), U("Bearer ") + token);
        r.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
    }
};

struct CppRest {
    static http_response send(const utility::string_t& base, const http_request& req) {
        web::http::client::http_client c(base);
        return c.request(req).get();
    }
};

template <class Transport, class AuthPolicy, class RegionPolicy>
class ProcoreClient {
public:
    explicit ProcoreClient(AuthPolicy a) : auth_(std::move(a)) {}
    http_response send(http_request req) {
        auth_.apply(req);
        return Transport::send(RegionPolicy::api_host(), req);
    }
    const AuthPolicy& auth() const { return auth_; }

private:
    AuthPolicy auth_;
};

using ProdClient = ProcoreClient<CppRest, ScopedBearer, ProductionRegion>;

// ---- resource traits -------------------------------------------------------
struct SubmittalTraits {
    using id_type = std::int64_t;
    static constexpr const char* path_template = "/rest/v1.1/projects/{project_id}/submittals";
};
struct SubmittalPackageTraits {
    using id_type = std::int32_t;
    static constexpr const char* path_template = "/rest/v1.0/projects/{project_id}/submittal_packages";
};

template <class Derived>
struct ResourceApi {
    rapidjson::Document list(ProdClient& client) {
        http_request req(methods::GET);
        req.set_request_uri(static_cast<Derived*>(this)->path());
        http_response resp = client.send(req);
        rapidjson::Document doc;
        if (resp.status_code() != status_codes::OK) {
            log_msg(Level::Warn, static_cast<Derived*>(this)->path() + " -> HTTP " + std::to_string(resp.status_code()));
            doc.SetArray();
            return doc;
        }
        doc.Parse(resp.extract_string().get().c_str());
        return doc;
    }
};

template <class Traits>
struct ProjectResource : ResourceApi<ProjectResource<Traits>> {
    using id_type = typename Traits::id_type;
    std::int64_t project_id;
    explicit ProjectResource(std::int64_t pid) : project_id(pid) {}
    std::string path() const {
        std::string p = Traits::path_template;
        return p.replace(p.find("{project_id}"), 12, std::to_string(project_id));
    }
};

static std::string refresh(const std::string& client_id, const std::string& secret, const std::string& rt) {
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body("grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret + "&refresh_token=" + rt,
                 "application/x-www-form-urlencoded");
    http_response resp = CppRest::send(ProductionRegion::login_host(), req);
    if (resp.status_code() != status_codes::OK) throw std::runtime_error("refresh failed");
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    return doc["access_token"].GetString();
}

static void revoke(const std::string& client_id, const std::string& secret, const std::string& token) {
    web::http::client::http_client oauth(U("https://app.procore.com"));
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/revoke"));
    req.set_body("client_id=" + client_id + "&client_secret=" + secret + "&token=" + token,
                 "application/x-www-form-urlencoded");
    http_response resp = oauth.request(req).get();
    if (resp.status_code() != status_codes::OK) log_msg(Level::Warn, "revoke -> HTTP " + std::to_string(resp.status_code()));
}

static int open_github_issue(const std::string& gh_token, const std::string& title, const std::string& body) {
    web::http::client::http_client gh(U("https://api.github.com"));
    http_request req(methods::POST);
    req.set_request_uri(U("/repos/acme-build/precon/issues"));
    req.headers().add(U("Authorization"), U("token ") + gh_token);
    req.headers().add(U("User-Agent"), U("submittal-bridge"));
    req.set_body("{\"title\":\"" + title + "\",\"body\":\"" + body + "\"}", "application/json");
    http_response resp = gh.request(req).get();
    if (resp.status_code() != status_codes::Created) return -1;
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    int issue_number = doc["number"].GetInt();
    return issue_number;
}

static void link_issue(ProdClient& client, std::int64_t project_id, SubmittalTraits::id_type submittal_id, int issue) {
    http_request req(methods::PATCH);
    req.set_request_uri(U("/rest/v1.1/projects/") + std::to_string(project_id) + U("/submittals/") +
                        std::to_string(submittal_id));
    req.headers().add(U("Authorization"), U("Bearer ") + client.auth().token);
    req.headers().add(U("Procore-CompanyId"), std::to_string(client.auth().company_id));
    req.set_body("{\"submittal\":{\"description\":\"Tracked in GitHub #" + std::to_string(issue) + "\"}}",
                 "application/json");
    http_response resp = CppRest::send(ProductionRegion::api_host(), req);
    if (resp.status_code() != status_codes::OK)
        log_msg(Level::Warn, "link submittal " + std::to_string(submittal_id) + " -> HTTP " + std::to_string(resp.status_code()));
}

static void notify_slack(const std::string& webhook_path, const std::string& text) {
    web::http::client::http_client slack(U("https://hooks.slack.com"));
    http_response resp = slack.request(methods::POST, webhook_path, "{\"text\":\"" + text + "\"}", "application/json").get();
    if (resp.status_code() != status_codes::OK) log_msg(Level::Warn, "slack -> HTTP " + std::to_string(resp.status_code()));
}

int main() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* gh_token = std::getenv("GITHUB_TOKEN");
    const char* slack_hook = std::getenv("SLACK_WEBHOOK_PATH");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* project = std::getenv("PROCORE_PROJECT_ID");
    if (!cid || !secret || !gh_token || !slack_hook || !company || !project) {
        log_msg(Level::Error, "missing configuration in environment");
        return 2;
    }
    std::ifstream rt_in("/var/lib/submittal-bridge/refresh_token");
    std::string rt((std::istreambuf_iterator<char>(rt_in)), std::istreambuf_iterator<char>());

    try {
        const std::int64_t company_id = std::stoll(company);
        const std::int64_t project_id = std::stoll(project);
        ProdClient client(ScopedBearer{refresh(cid, secret, rt), company_id});

        std::map<SubmittalTraits::id_type, int> issue_for_submittal;
        std::ifstream state("/var/lib/submittal-bridge/state.tsv");
        SubmittalTraits::id_type sid;
        int issue_no;
        while (state >> sid >> issue_no) issue_for_submittal[sid] = issue_no;

        ProjectResource<SubmittalPackageTraits> packages(project_id);
        std::map<SubmittalPackageTraits::id_type, std::string> package_titles;
        rapidjson::Document package_doc = packages.list(client);
        for (const auto& p : package_doc.GetArray())
            package_titles[p["id"].GetInt64()] = p["title"].GetString();

        ProjectResource<SubmittalTraits> submittals(project_id);
        rapidjson::Document submittal_doc = submittals.list(client);
        int opened = 0;
        for (const auto& s : submittal_doc.GetArray()) {
            const SubmittalTraits::id_type id = s["id"].GetInt64();
            if (issue_for_submittal.count(id) || std::string(s["status"]["name"].GetString()) != "Open") continue;
            std::string pkg;
            if (s.HasMember("submittal_package") && s["submittal_package"].IsObject())
                pkg = package_titles[s["submittal_package"]["id"].GetInt64()];
            const unsigned spec_section_id = s["specification_section"]["id"].GetUint();
            std::ostringstream body;
            body << "Package: " << pkg << "\\nSpec section id: " << spec_section_id
                 << "\\nhttps://app.procore.com/" << project_id << "/project/submittal_logs/" << id;
            int issue = open_github_issue(gh_token, std::string("Submittal ") + s["number"].GetString(), body.str());
            if (issue < 0) continue;
            issue_for_submittal[id] = issue;
            link_issue(client, project_id, id, issue);
            notify_slack(slack_hook, "New submittal " + std::string(s["title"].GetString()) + " -> #" + std::to_string(issue));
            ++opened;
        }

        std::ofstream out("/var/lib/submittal-bridge/state.tsv");
        for (const auto& kv : issue_for_submittal) out << kv.first << '\t' << kv.second << '\n';
        log_msg(Level::Info, std::to_string(opened) + " issues opened");
        revoke(cid, secret, client.auth().token);
    } catch (const std::exception& ex) {
        log_msg(Level::Error, ex.what());
        return 1;
    }
    return 0;
}
