// submittals-sync: mirrors Procore submittals + drawings into the document hub.
//
// The Api* classes started life as openapi-generator "cpp-restsdk" output; we
// swapped the transport for cpp-httplib (no Boost on the build agents) and kept
// the generated shape so the next regeneration diff stays readable.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace procore { namespace client {

struct ApiConfiguration {
    std::string basePath = "https://sandbox.procore.com";
    std::map<std::string, std::string> defaultHeaders;
    std::string accessToken;
};

struct ApiResponse {
    int status = 0;
    std::string body;
};

class ApiClient {
public:
    explicit ApiClient(std::shared_ptr<ApiConfiguration> cfg) : config_(std::move(cfg)) {}

    static std::string toPath(std::string tpl, const std::map<std::string, std::string>& params) {
        for (const auto& kv : params) {
            const std::string key = "{" + kv.first + "}";
            auto pos = tpl.find(key);
            if (pos != std::string::npos) tpl.replace(pos, key.size(), kv.second);
        }
        return tpl;
    }

    ApiResponse callApi(const std::string& path, const std::string& method,
                        const std::map<std::string, std::string>& queryParams,
                        const std::map<std::string, std::string>& headerParams,
                        const std::string& body) const {
        httplib::Client cli(config_->basePath);
        cli.set_connection_timeout(10);
        cli.set_read_timeout(60);

        std::string fullPath = path;
        if (!queryParams.empty()) {
            fullPath += "?" + httplib::detail::params_to_query_str(
                                  httplib::Params(queryParams.begin(), queryParams.end()));
        }

        std::map<std::string, std::string> merged = config_->defaultHeaders;
        for (const auto& kv : headerParams) merged[kv.first] = kv.second;
        httplib::Headers headers(merged.begin(), merged.end());
        headers.emplace("Authorization", "Bearer " + config_->accessToken);

        auto send = [&]() -> httplib::Result {
            if (method == "GET")
                return cli.Get(fullPath.c_str(), headers);
            if (method == "POST")
                return cli.Post(fullPath.c_str(), headers, body, "application/json");
            if (method == "PATCH")
                return cli.Patch(fullPath.c_str(), headers, body, "application/json");
            throw std::invalid_argument("unsupported method " + method);
        };
        auto res = send();
        if (!res) throw std::runtime_error("transport error: " + httplib::to_string(res.error()));
        return ApiResponse{res->status, res->body};
    }

private:
    std::shared_ptr<ApiConfiguration> config_;
};

namespace model {

struct Submittal {
    int64_t id = 0;
    std::string title;
    std::string number;
    int64_t statusId = 0;
    int revision = 0;

    static Submittal fromJson(const json& j) {
        Submittal s;
        s.id = j.at("id").get<int>();
        s.title = j.value("title", "");
        s.number = j.value("number", "");
        if (j.contains("status") && !j["status"].is_null())
            s.statusId = j["status"].at("id").get<int64_t>();
        s.revision = j.value("revision", 0);
        return s;
    }
    json toJson() const { return json{{"id", id}, {"title", title}, {"number", number}}; }
};

struct Drawing {
    int64_t id = 0;
    int64_t drawingAreaId = 0;
    std::string number;
    int revisionCount = 0;

    static Drawing fromJson(const json& j) {
        Drawing d;
        d.id = j.at("id").get<int64_t>();
        d.drawingAreaId = j.value("drawing_area_id", int64_t{0});
        d.number = j.value("number", "");
        d.revisionCount = j.value("revisions_count", 0);
        return d;
    }
};

} // namespace model

namespace api {

class SubmittalsApi {
public:
    explicit SubmittalsApi(std::shared_ptr<ApiClient> c) : client_(std::move(c)) {}

    std::vector<model::Submittal> listSubmittals(int64_t companyId, int64_t projectId, int page) {
        auto path = ApiClient::toPath("/rest/v1.0/projects/{project_id}/submittals",
                                      {{"project_id", std::to_string(projectId)}});
        auto resp = client_->callApi(path, "GET", {{"page", std::to_string(page)}, {"per_page", "100"}},
                                     {{"Procore-Company-Id", std::to_string(companyId)}}, "");
        std::vector<model::Submittal> out;
        for (const auto& j : json::parse(resp.body)) out.push_back(model::Submittal::fromJson(j));
        return out;
    }

    // hand-written: not in the generated spec
    int updateSubmittalStatus(int64_t companyId, int64_t projectId, int64_t submittalId, int64_t statusId) {
        auto path = ApiClient::toPath("/rest/v1.1/projects/{project_id}/submittals/{id}",
                                      {{"project_id", std::to_string(projectId)}, {"id", std::to_string(submittalId)}});
        json body = {{"submittal", {{"status_id", statusId}}}};
        auto resp = client_->callApi(path, "PATCH", {}, {{"Procore-CompanyId", std::to_string(companyId)}}, body.dump());
        return resp.status;
    }

private:
    std::shared_ptr<ApiClient> client_;
};

class DrawingsApi {
public:
    explicit DrawingsApi(std::shared_ptr<ApiClient> c) : client_(std::move(c)) {}

    std::vector<model::Drawing> listDrawings(int64_t companyId, int64_t projectId) {
        auto path = ApiClient::toPath("/rest/v1.0/projects/{project_id}/drawings",
                                      {{"project_id", std::to_string(projectId)}});
        auto resp = client_->callApi(path, "GET", {}, {{"procore-company-id", std::to_string(companyId)}}, "");
        std::vector<model::Drawing> out;
        for (const auto& j : json::parse(resp.body)) out.push_back(model::Drawing::fromJson(j));
        return out;
    }

private:
    std::shared_ptr<ApiClient> client_;
};

class CompaniesApi {
public:
    explicit CompaniesApi(std::shared_ptr<ApiClient> c) : client_(std::move(c)) {}
    json listCompanies() { return json::parse(client_->callApi("/rest/v1.0/companies", "GET", {}, {}, "").body); }
private:
    std::shared_ptr<ApiClient> client_;
};

} // namespace api
}} // namespace procore::client

using namespace procore::client;

static std::string fetchToken(const std::string& clientId, const std::string& secret, const std::string& code) {
    httplib::Client login("https://login-sandbox.procore.com");
    httplib::Params form{{"grant_type", "authorization_code"}, {"client_id", clientId}, {"client_secret", secret},
                         {"code", code}, {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) throw std::runtime_error("token exchange failed");
    return json::parse(res->body).at("access_token").get<std::string>();
}

static const char* kRevokeBase = "https://sandbox.procore.com";

static void revokeToken(const std::string& clientId, const std::string& secret, const std::string& token) {
    httplib::Client cli(kRevokeBase);
    httplib::Params form{{"client_id", clientId}, {"client_secret", secret}, {"token", token}};
    cli.Post("/oauth/revoke", form);
}

static void notifyHub(const std::string& payload) {
    const int hubPort = 8085;
    httplib::Client hub("localhost", hubPort);
    auto res = hub.Post("/hooks/procore-sync", payload, "application/json");
    if (!res || res->status >= 300) std::cerr << "hub notify failed\n";
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: submittals-sync COMPANY_ID PROJECT_ID AUTH_CODE\n";
        return 2;
    }
    const int64_t companyId = std::stoll(argv[1]);
    const int projectId = std::stoi(argv[2]);
    const std::string clientId = std::getenv("PROCORE_CLIENT_ID");
    const std::string secret = std::getenv("PROCORE_CLIENT_SECRET");

    auto cfg = std::make_shared<ApiConfiguration>();
    cfg->defaultHeaders["Accept"] = "application/json";
    cfg->accessToken = fetchToken(clientId, secret, argv[3]);
    auto client = std::make_shared<ApiClient>(cfg);

    api::CompaniesApi companies(client);
    for (const auto& c : companies.listCompanies())
        std::cout << c.at("id").get<int64_t>() << " " << c.value("name", "") << "\n";

    api::SubmittalsApi submittals(client);
    std::map<int, std::string> submittalTitles;
    for (int page = 1; page < 50; ++page) {
        auto batch = submittals.listSubmittals(companyId, projectId, page);
        if (batch.empty()) break;
        for (const auto& s : batch) submittalTitles[s.id] = s.title;
    }

    const int64_t approvedStatusId = 184221;
    for (const auto& entry : submittalTitles) {
        if (entry.second.find("[READY]") == std::string::npos) continue;
        int status = submittals.updateSubmittalStatus(companyId, projectId, entry.first, approvedStatusId);
        if (status != 200) std::cerr << "update " << entry.first << " -> HTTP " << status << "\n";
    }

    api::DrawingsApi drawings(client);
    json report = json::array();
    for (const auto& d : drawings.listDrawings(companyId, projectId))
        report.push_back({{"drawing_id", d.id}, {"area_id", d.drawingAreaId}, {"revisions", d.revisionCount}});
    notifyHub(report.dump());

    revokeToken(clientId, secret, cfg->accessToken);
    return 0;
}
