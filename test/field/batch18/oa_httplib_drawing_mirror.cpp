// drawing-mirror: pushes the current drawing set of every active project into
// the plant-room document server (docs.internal) every night.
// Generated-style client (ApiConfiguration/ApiClient/*Api) + our daemon main.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;

namespace procore_client {

struct ApiConfiguration {
    std::string basePath = "https://api.procore.com";
    std::map<std::string, std::string> defaultHeaders{{"Accept", "application/json"},
                                                      {"User-Agent", "drawing-mirror/0.9"}};
    std::function<std::string()> accessTokenProvider;
};

class ApiClient {
public:
    explicit ApiClient(ApiConfiguration cfg) : cfg_(std::move(cfg)), http_(cfg_.basePath) {
        http_.set_read_timeout(30, 0);
    }

    json callApi(const std::string& method, const std::string& path,
                 const std::map<std::string, std::string>& queryParams,
                 const std::map<std::string, std::string>& headerParams, const json& body) {
        httplib::Headers headers;
        for (const auto& h : cfg_.defaultHeaders) headers.emplace(h.first, h.second);
        for (const auto& h : headerParams) headers.emplace(h.first, h.second);
        headers.emplace("Authorization", "Bearer " + cfg_.accessTokenProvider());
        httplib::Params params(queryParams.begin(), queryParams.end());

        std::string withQuery = path;
        if (!params.empty()) withQuery += "?" + httplib::detail::params_to_query_str(params);

        httplib::Result res = (method == "GET")
            ? http_.Get(path, params, headers, httplib::Progress())
            : http_.Post(withQuery, headers, body.dump(), "application/json");
        if (!res) throw std::runtime_error("transport error: " + httplib::to_string(res.error()));
        if (res->status >= 400) throw std::runtime_error(method + " " + path + " -> " + std::to_string(res->status));
        return json::parse(res->body);
    }

private:
    ApiConfiguration cfg_;
    httplib::Client http_;
};

inline std::string fillPath(std::string tpl, const std::string& key, int64_t id) {
    const auto at = tpl.find(key);
    if (at != std::string::npos) tpl.replace(at, key.size(), std::to_string(id));
    return tpl;
}

// ---- models ---------------------------------------------------------------

struct Project {
    int64_t id = 0;
    std::string name;
    bool active = false;
    static Project fromJson(const json& j) {
        Project p;
        p.id = j.at("id").get<int>();
        p.name = j.value("name", "");
        p.active = j.value("active", false);
        return p;
    }
};

struct Drawing {
    int64_t id = 0;
    int64_t drawingAreaId = 0;
    std::string number;
    std::string title;
    std::string pdfUrl;
    static Drawing fromJson(const json& j) {
        Drawing d;
        d.id = j.at("id").get<int64_t>();
        d.drawingAreaId = j.value("drawing_area_id", int64_t{0});
        d.number = j.value("number", "");
        d.title = j.value("title", "");
        if (j.contains("current_revision")) d.pdfUrl = j["current_revision"].value("pdf_url", "");
        return d;
    }
    json toJson() const { return {{"procore_id", id}, {"number", number}, {"title", title}, {"pdf", pdfUrl}}; }
};

// ---- APIs -----------------------------------------------------------------

class MeApi {
public:
    explicit MeApi(ApiClient& c) : c_(c) {}
    json getMe() { return c_.callApi("GET", "/rest/v1.0/me", {}, {}, nullptr); }
private:
    ApiClient& c_;
};

class ProjectsApi {
public:
    explicit ProjectsApi(ApiClient& c) : c_(c) {}
    std::vector<Project> listCompanyProjects(int64_t companyId, int page) {
        const std::string path = fillPath("/rest/v1.0/companies/{company_id}/projects", "{company_id}", companyId);
        std::map<std::string, std::string> queryParams{{"page", std::to_string(page)}, {"per_page", "100"}};
        std::vector<Project> out;
        for (const auto& j : c_.callApi("GET", path, queryParams, {}, nullptr)) out.push_back(Project::fromJson(j));
        return out;
    }
private:
    ApiClient& c_;
};

class DrawingsApi {
public:
    explicit DrawingsApi(ApiClient& c) : c_(c) {}
    std::vector<Drawing> listDrawings(int64_t projectId) {
        const std::string path = fillPath("/rest/v1.0/projects/{project_id}/drawings", "{project_id}", projectId);
        std::vector<Drawing> out;
        for (const auto& j : c_.callApi("GET", path, {}, {}, nullptr)) out.push_back(Drawing::fromJson(j));
        return out;
    }
private:
    ApiClient& c_;
};

} // namespace procore_client

// ---- daemon ---------------------------------------------------------------------

static std::string refreshToken() {
    static std::string access;
    if (!access.empty()) return access;
    httplib::Client login("https://login.procore.com");
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN")},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) throw std::runtime_error("token refresh failed");
    access = json::parse(res->body).at("access_token").get<std::string>();
    return access;
}

int main() {
    const char* companyEnv = std::getenv("PROCORE_COMPANY_ID");
    if (!companyEnv) {
        std::cerr << "PROCORE_COMPANY_ID is required\n";
        return 2;
    }
    const int companyId = std::stoi(companyEnv);

    procore_client::ApiConfiguration cfg;
    cfg.accessTokenProvider = refreshToken;
    procore_client::ApiClient api(cfg);
    procore_client::MeApi meApi(api);
    procore_client::ProjectsApi projectsApi(api);
    procore_client::DrawingsApi drawingsApi(api);

    std::cerr << "mirroring as " << meApi.getMe().value("login", "?") << "\n";

    const int docsPort = 8080;
    httplib::Client docs("docs.internal", docsPort);
    docs.set_connection_timeout(5, 0);

    int pushed = 0;
    for (int page = 1;; ++page) {
        auto projects = projectsApi.listCompanyProjects(companyId, page);
        for (const auto& p : projects) {
            if (!p.active) continue;
            json payload{{"project", p.name},
                         {"procore_link", "https://app.procore.com/" + std::to_string(p.id) + "/project/drawing_areas"},
                         {"drawings", json::array()}};
            for (const auto& d : drawingsApi.listDrawings(p.id)) payload["drawings"].push_back(d.toJson());
            auto r = docs.Post("/api/mirror", payload.dump(), "application/json");
            if (r && r->status == 204) ++pushed;
            else std::cerr << "docs.internal rejected project " << p.id << "\n";
        }
        if (projects.size() < 100) break;
    }
    std::cerr << "pushed " << pushed << " projects\n";
    return 0;
}
