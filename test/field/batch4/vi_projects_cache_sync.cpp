// projects_cache_sync: pulls the company's active projects into the local
// cache used by the scheduling daemon. The HTTP transport is injected so the
// unit tests can run against FakeHttpClient without touching the network.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace schedsync {

using json = nlohmann::json;

struct Request {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
};

struct Response {
    long status = 0;
    std::string body;
};

class IHttpClient {
public:
    virtual ~IHttpClient() = default;
    virtual Response get(const Request& req) = 0;
    virtual Response post(const Request& req) = 0;
};

enum class Environment { Production, Sandbox, MonthlySandbox };

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hostsFor(Environment env) {
    switch (env) {
    case Environment::Production:
        return {"https://login.procore.com", "https://api.procore.com"};
    case Environment::Sandbox:
        return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
    case Environment::MonthlySandbox:
        return {"https://login-sandbox-monthly.procore.com", "https://api-sandbox-monthly.procore.com"};
    }
    throw std::invalid_argument("unknown environment");
}

// Production client: every request carries the bearer token and the company
// the daemon was configured for.
class CurlHttpClient : public IHttpClient {
public:
    CurlHttpClient(std::string accessToken, std::int64_t companyId)
        : token_(std::move(accessToken)), companyId_(companyId) {}

    Response get(const Request& req) override { return perform(req, false); }
    Response post(const Request& req) override { return perform(req, true); }

private:
    static size_t onWrite(char* data, size_t size, size_t nmemb, void* userp) {
        static_cast<std::string*>(userp)->append(data, size * nmemb);
        return size * nmemb;
    }

    Response perform(const Request& req, bool isPost) {
        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");
        Response resp;
        struct curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token_).c_str());
        headers = curl_slist_append(headers, ("Procore-Company-Id: " + std::to_string(companyId_)).c_str());
        headers = curl_slist_append(headers, "Accept: application/json");
        for (const auto& h : req.headers) headers = curl_slist_append(headers, h.c_str());
        curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &CurlHttpClient::onWrite);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
        if (isPost) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return resp;
    }

    std::string token_;
    std::int64_t companyId_;
};

// Test double: canned bodies keyed by URL, records what was asked for.
class FakeHttpClient : public IHttpClient {
public:
    std::map<std::string, std::string> canned;
    std::vector<Request> seen;

    Response get(const Request& req) override { return reply(req); }
    Response post(const Request& req) override { return reply(req); }

private:
    Response reply(const Request& req) {
        seen.push_back(req);
        auto it = canned.find(req.url);
        if (it == canned.end()) return {404, "{}"};
        return {200, it->second};
    }
};

struct Project {
    std::int64_t id = 0;
    std::string name;
    std::string project_number;
    int office_id = 0;
    bool active = true;
};

Project projectFromJson(const json& j) {
    Project p;
    p.id = j.at("id").get<std::int64_t>();
    p.name = j.value("name", "");
    p.project_number = j.value("project_number", "");
    if (j.contains("office") && !j["office"].is_null())
        j["office"].at("id").get_to(p.office_id);
    p.active = j.value("active", true);
    return p;
}

class ProjectRepository {
public:
    ProjectRepository(std::unique_ptr<IHttpClient> client, std::string apiBase,
                      std::int64_t companyId)
        : client_(std::move(client)), apiBase_(std::move(apiBase)), companyId_(companyId) {}

    std::vector<Project> listActive(int page, int perPage) {
        Request req;
        req.url = apiBase_ + "/rest/v1.0/projects?company_id=" + std::to_string(companyId_) +
                  "&page=" + std::to_string(page) + "&per_page=" + std::to_string(perPage);
        Response resp = client_->get(req);
        if (resp.status != 200) throw std::runtime_error("projects: HTTP " + std::to_string(resp.status));
        std::vector<Project> out;
        for (const auto& item : json::parse(resp.body)) out.push_back(projectFromJson(item));
        return out;
    }

    Project find(std::int64_t projectId) {
        Request req;
        req.url = apiBase_ + "/rest/v1.0/projects/" + std::to_string(projectId) +
                  "?company_id=" + std::to_string(companyId_);
        Response resp = client_->get(req);
        return projectFromJson(json::parse(resp.body));
    }

    std::string currentUserLogin() {
        Request req;
        req.url = apiBase_ + "/rest/v1.0/me";
        Response resp = client_->get(req);
        return json::parse(resp.body).value("login", "");
    }

private:
    std::unique_ptr<IHttpClient> client_;
    std::string apiBase_;
    std::int64_t companyId_;
};

std::string exchangeRefreshToken(IHttpClient& http, const Hosts& hosts,
                                 const std::string& clientId, const std::string& secret,
                                 const std::string& refreshToken) {
    Request req;
    req.url = hosts.login + "/oauth/token";
    req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    req.body = "grant_type=refresh_token&client_id=" + clientId + "&client_secret=" + secret +
               "&refresh_token=" + refreshToken;
    Response resp = http.post(req);
    return json::parse(resp.body).value("access_token", "");
}

std::string projectHomeLink(std::int64_t companyId, std::int64_t projectId) {
    return "https://app.procore.com/" + std::to_string(companyId) + "/project/home?project_id=" +
           std::to_string(projectId);
}

}  // namespace schedsync

int main(int argc, char** argv) {
    using namespace schedsync;
    const char* envName = std::getenv("PROCORE_ENV");
    Environment env = Environment::Production;
    if (envName && std::string(envName) == "sandbox") env = Environment::Sandbox;
    if (envName && std::string(envName) == "monthly") env = Environment::MonthlySandbox;
    const Hosts hosts = hostsFor(env);

    const char* companyEnv = std::getenv("PROCORE_COMPANY_ID");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!companyEnv || !refresh) {
        std::cerr << "PROCORE_COMPANY_ID and PROCORE_REFRESH_TOKEN are required\n";
        return 2;
    }
    const std::int64_t companyId = std::stoll(companyEnv);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CurlHttpClient bootstrap("", companyId);
    std::string token = exchangeRefreshToken(bootstrap, hosts, std::getenv("PROCORE_CLIENT_ID"),
                                             std::getenv("PROCORE_CLIENT_SECRET"), refresh);

    ProjectRepository repo(std::make_unique<CurlHttpClient>(token, companyId), hosts.api, companyId);
    std::cout << "syncing as " << repo.currentUserLogin() << "\n";

    std::map<std::int64_t, Project> cache;
    const int perPage = 100;
    for (int page = 1;; ++page) {
        auto batch = repo.listActive(page, perPage);
        for (auto& p : batch) cache[p.id] = p;
        if (static_cast<int>(batch.size()) < perPage) break;
    }

    if (argc > 1) {
        auto pinned = std::atoi(argv[1]);
        Project p = repo.find(pinned);
        cache[p.id] = p;
        std::fprintf(stderr, "pinned project %ld (%s)\n", static_cast<long>(p.id), p.name.c_str());
    }

    for (const auto& [id, p] : cache) {
        std::printf("%lld\t%s\t%s\n", static_cast<long long>(id), p.name.c_str(),
                    projectHomeLink(companyId, id).c_str());
    }
    curl_global_cleanup();
    return 0;
}
