// timecard-bridge: nightly export of Procore timecard entries into payroll.
//
// Authenticates as a Developer Managed Service Account (client_credentials).
// Client classes are openapi-generator output (cpp-restsdk templates) ported to
// cpr by hand in 2023 - keep the method names in sync with the spec.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;

namespace procore_api {

struct ApiConfiguration {
    std::string basePath = "https://us02.procore.com";
    std::string tokenUrl = "https://login.procore.com/oauth/token";
    cpr::Header defaultHeaders{{"Accept", "application/json"}, {"User-Agent", "timecard-bridge/0.9"}};
    std::string accessToken;
    long companyId = 0;
};

class ApiClient {
public:
    explicit ApiClient(std::shared_ptr<ApiConfiguration> cfg) : config_(std::move(cfg)) {}

    static std::string fillPath(std::string tpl, const std::string& key, int64_t value) {
        const std::string placeholder = "{" + key + "}";
        const auto pos = tpl.find(placeholder);
        if (pos != std::string::npos) tpl.replace(pos, placeholder.size(), std::to_string(value));
        return tpl;
    }

    json callApi(const std::string& path, const std::string& method,
                 const std::map<std::string, std::string>& queryParams,
                 const cpr::Header& headerParams, const std::string& body = "") {
        cpr::Session session;
        session.SetUrl(cpr::Url{config_->basePath + path});
        cpr::Parameters params;
        for (const auto& kv : queryParams) params.Add({kv.first, kv.second});
        session.SetParameters(params);

        cpr::Header headers = config_->defaultHeaders;
        for (const auto& kv : headerParams) headers[kv.first] = kv.second;
        session.SetHeader(headers);
        session.SetBearer(cpr::Bearer{config_->accessToken});

        cpr::Response r;
        if (method == "GET") {
            r = session.Get();
        } else if (method == "POST") {
            session.SetBody(cpr::Body{body});
            r = session.Post();
        } else {
            throw std::invalid_argument("method not wired up: " + method);
        }
        if (r.status_code >= 400) throw std::runtime_error("Procore HTTP " + std::to_string(r.status_code) + ": " + r.text);
        return r.text.empty() ? json() : json::parse(r.text);
    }

    ApiConfiguration& config() { return *config_; }

private:
    std::shared_ptr<ApiConfiguration> config_;
};

namespace model {

struct TimecardEntry {
    int64_t id = 0;
    int64_t projectId = 0;
    uint64_t partyId = 0;
    double hours = 0.0;
    std::string date;

    static TimecardEntry fromJson(const json& j) {
        TimecardEntry e;
        e.id = j.at("id").get<int64_t>();
        e.projectId = j.value("project_id", int64_t{0});
        if (j.contains("party") && j["party"].is_object()) e.partyId = j["party"].at("id").get<uint64_t>();
        e.hours = std::stod(j.value("hours", std::string("0")));
        e.date = j.value("date", "");
        return e;
    }
    json toJson() const { return {{"procore_id", id}, {"project_id", projectId}, {"employee_ref", partyId}, {"hours", hours}, {"date", date}}; }
};

} // namespace model

class CompaniesApi {
public:
    explicit CompaniesApi(ApiClient& c) : client_(c) {}
    json listCompanies() { return client_.callApi("/rest/v1.0/companies", "GET", {}, {}); }
private:
    ApiClient& client_;
};

class MeApi {
public:
    explicit MeApi(ApiClient& c) : client_(c) {}
    json getMe() { return client_.callApi("/rest/v1.0/me", "GET", {}, {}); }
private:
    ApiClient& client_;
};

class ProjectsApi {
public:
    explicit ProjectsApi(ApiClient& c) : client_(c) {}
    json listProjects(int64_t companyId, int page, int perPage) {
        return client_.callApi("/rest/v1.0/projects", "GET",
                               {{"company_id", std::to_string(companyId)}, {"page", std::to_string(page)}, {"per_page", std::to_string(perPage)}}, {});
    }
private:
    ApiClient& client_;
};

class TimecardEntriesApi {
public:
    explicit TimecardEntriesApi(ApiClient& c) : client_(c) {}
    std::vector<model::TimecardEntry> listTimecardEntries(int64_t projectId, const std::string& startDate, const std::string& endDate) {
        const std::string path = ApiClient::fillPath("/rest/v1.0/projects/{project_id}/timecard_entries", "project_id", projectId);
        json arr = client_.callApi(path, "GET", {{"start_date", startDate}, {"end_date", endDate}}, {});
        std::vector<model::TimecardEntry> out;
        for (const auto& j : arr) out.push_back(model::TimecardEntry::fromJson(j));
        return out;
    }
private:
    ApiClient& client_;
};

} // namespace procore_api

using namespace procore_api;

static std::string fetchServiceAccountToken(const ApiConfiguration& cfg) {
    cpr::Response r = cpr::Post(cpr::Url{cfg.tokenUrl},
                                cpr::Payload{{"grant_type", "client_credentials"},
                                             {"client_id", std::getenv("DMSA_CLIENT_ID")},
                                             {"client_secret", std::getenv("DMSA_CLIENT_SECRET")}});
    if (r.status_code != 200) throw std::runtime_error("client_credentials grant failed: " + r.text);
    return json::parse(r.text).at("access_token").get<std::string>();
}

static void pushToPayroll(const json& batch, const std::string& tenant) {
    cpr::Response r = cpr::Post(cpr::Url{"https://payroll.internal.example.com/api/v3/imports"},
                                cpr::Header{{"Content-Type", "application/json"}, {"Company-Id", tenant}},
                                cpr::Body{batch.dump()});
    if (r.status_code != 201) std::cerr << "payroll import rejected: " << r.status_code << " " << r.text << "\n";
}

int main() {
    auto cfg = std::make_shared<ApiConfiguration>();
    cfg->accessToken = fetchServiceAccountToken(*cfg);
    ApiClient client(cfg);

    // The service account is installed in exactly one company; discover it.
    CompaniesApi companiesApi(client);
    json companies = companiesApi.listCompanies();
    if (companies.empty()) {
        std::cerr << "service account not installed in any company\n";
        return 1;
    }
    cfg->companyId = companies.at(0).at("id").get<int64_t>();
    cfg->defaultHeaders["Procore-Company-Id"] = std::to_string(cfg->companyId);

    MeApi meApi(client);
    std::cout << "running as " << meApi.getMe().value("login", "?") << " in company " << cfg->companyId << "\n";

    ProjectsApi projectsApi(client);
    std::vector<int> projectIds;
    const int perPage = 300;
    for (int page = 1;; ++page) {
        json projects = projectsApi.listProjects(cfg->companyId, page, perPage);
        for (const auto& p : projects)
            if (p.value("active", false)) projectIds.push_back(p.at("id").get<int64_t>());
        if (static_cast<int>(projects.size()) < perPage) break;
    }

    const std::string start = std::getenv("EXPORT_START") ? std::getenv("EXPORT_START") : "2024-01-01";
    const std::string end = std::getenv("EXPORT_END") ? std::getenv("EXPORT_END") : "2024-01-07";
    TimecardEntriesApi timecards(client);
    json batch = json::array();
    for (int projectId : projectIds) {
        for (const auto& entry : timecards.listTimecardEntries(projectId, start, end))
            batch.push_back(entry.toJson());
    }

    // Company-wide entries that are not tied to a project (overhead, shop time).
    cpr::Response overhead = cpr::Get(cpr::Url{cfg->basePath + "/rest/v1.0/companies/" + std::to_string(cfg->companyId) + "/timecard_entries"},
                                      cpr::Parameters{{"start_date", start}, {"end_date", end}},
                                      cpr::Bearer{cfg->accessToken});
    if (overhead.status_code == 200) {
        for (const auto& j : json::parse(overhead.text)) batch.push_back(model::TimecardEntry::fromJson(j).toJson());
    }

    std::cout << "exporting " << batch.size() << " timecard entries\n";
    pushToPayroll(batch, "procore-" + std::to_string(cfg->companyId));
    return 0;
}
