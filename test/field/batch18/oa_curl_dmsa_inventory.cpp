// dmsa-inventory: walks every company our Developer Managed Service Account is
// installed in and dumps projects + project directory to CSV for finance.
// ApiClient / *Api / model classes follow the openapi-generator "cpp-curl" layout.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace openapi {

struct ApiResponse {
    long status = 0;
    std::string body;
};

struct ApiConfiguration {
    std::string basePath = "https://api.procore.com";
    std::map<std::string, std::string> defaultHeaders{{"User-Agent", "dmsa-inventory/1.4"}};
    std::function<std::string()> accessTokenProvider;
};

static size_t appendBody(char* data, size_t size, size_t nmemb, void* userp) {
    static_cast<std::string*>(userp)->append(data, size * nmemb);
    return size * nmemb;
}

class ApiClient {
public:
    explicit ApiClient(ApiConfiguration cfg) : config_(std::move(cfg)) {}

    ApiResponse callApi(const std::string& method, const std::string& path,
                        const std::map<std::string, std::string>& queryParams,
                        const std::map<std::string, std::string>& headerParams,
                        const std::string& body) {
        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");

        std::string url = config_.basePath + path;
        char sep = '?';
        for (const auto& q : queryParams) {
            char* esc = curl_easy_escape(curl, q.second.c_str(), 0);
            url += sep + q.first + "=" + esc;
            curl_free(esc);
            sep = '&';
        }

        struct curl_slist* headers = nullptr;
        for (const auto& h : config_.defaultHeaders) headers = curl_slist_append(headers, (h.first + ": " + h.second).c_str());
        for (const auto& h : headerParams) headers = curl_slist_append(headers, (h.first + ": " + h.second).c_str());
        headers = curl_slist_append(headers, ("Authorization: Bearer " + config_.accessTokenProvider()).c_str());
        headers = curl_slist_append(headers, "Accept: application/json");

        ApiResponse resp;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return resp;
    }

private:
    ApiConfiguration config_;
};

static std::string replacePath(std::string path, const std::string& key, int64_t value) {
    auto pos = path.find(key);
    if (pos != std::string::npos) path.replace(pos, key.size(), std::to_string(value));
    return path;
}

// ---- models ---------------------------------------------------------------

struct Company {
    int64_t id = 0;
    std::string name;
    static Company fromJson(const json& j) { return {j.at("id").get<int64_t>(), j.value("name", "")}; }
};

struct Project {
    int64_t id = 0;
    std::string name;
    std::string projectNumber;
    static Project fromJson(const json& j) {
        Project p;
        p.id = j.at("id").get<int64_t>();
        p.name = j.value("name", "");
        p.projectNumber = j.value("project_number", "");
        return p;
    }
};

struct User {
    long id = 0;
    std::string name;
    std::string email;
    static User fromJson(const json& j) {
        User u;
        j.at("id").get_to(u.id);
        u.name = j.value("name", "");
        u.email = j.value("email_address", "");
        return u;
    }
};

// ---- APIs -----------------------------------------------------------------

class CompaniesApi {
public:
    explicit CompaniesApi(ApiClient& c) : client_(c) {}
    // /companies is the bootstrap call: we do not know a company id yet.
    std::vector<Company> listCompanies() {
        std::map<std::string, std::string> queryParams, headerParams;
        auto r = client_.callApi("GET", "/rest/v1.0/companies", queryParams, headerParams, "");
        std::vector<Company> out;
        for (const auto& j : json::parse(r.body)) out.push_back(Company::fromJson(j));
        return out;
    }
private:
    ApiClient& client_;
};

class MeApi {
public:
    explicit MeApi(ApiClient& c) : client_(c) {}
    json getMe(int64_t companyId) {
        std::map<std::string, std::string> queryParams;
        std::map<std::string, std::string> headerParams{{"Procore-Company-Id", std::to_string(companyId)}};
        return json::parse(client_.callApi("GET", "/rest/v1.0/me", queryParams, headerParams, "").body);
    }
private:
    ApiClient& client_;
};

class ProjectsApi {
public:
    explicit ProjectsApi(ApiClient& c) : client_(c) {}

    std::vector<Project> listProjects(int64_t companyId, int page, int perPage) {
        std::map<std::string, std::string> queryParams{
            {"company_id", std::to_string(companyId)}, {"page", std::to_string(page)}, {"per_page", std::to_string(perPage)}};
        std::map<std::string, std::string> headerParams{{"Procore-Company-Id", std::to_string(companyId)}};
        auto r = client_.callApi("GET", "/rest/v1.0/projects", queryParams, headerParams, "");
        std::vector<Project> out;
        for (const auto& j : json::parse(r.body)) out.push_back(Project::fromJson(j));
        return out;
    }

    std::vector<User> listProjectUsers(int64_t projectId) {
        std::string path = replacePath("/rest/v1.0/projects/{project_id}/users", "{project_id}", projectId);
        std::map<std::string, std::string> queryParams{{"per_page", "1000"}};
        std::map<std::string, std::string> headerParams;
        auto r = client_.callApi("GET", path, queryParams, headerParams, "");
        std::vector<User> out;
        for (const auto& j : json::parse(r.body)) out.push_back(User::fromJson(j));
        return out;
    }

private:
    ApiClient& client_;
};

} // namespace openapi

// ---- application ------------------------------------------------------------

static std::string fetchServiceAccountToken() {
    static std::string cached;
    if (!cached.empty()) return cached;
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!id || !secret) throw std::runtime_error("PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET not set");

    std::string form = std::string("grant_type=client_credentials&client_id=") + id + "&client_secret=" + secret;
    std::string out;
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, "https://login.procore.com/oauth/token");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, openapi::appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
    cached = json::parse(out).at("access_token").get<std::string>();
    return cached;
}

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    openapi::ApiConfiguration cfg;
    cfg.accessTokenProvider = fetchServiceAccountToken;
    openapi::ApiClient client(cfg);

    openapi::CompaniesApi companiesApi(client);
    openapi::MeApi meApi(client);
    openapi::ProjectsApi projectsApi(client);

    FILE* csv = std::fopen("inventory.csv", "w");
    if (!csv) return 1;
    std::fprintf(csv, "company_id,project_id,project_number,user_id,user_email\n");

    const int perPage = 300;
    for (const auto& company : companiesApi.listCompanies()) {
        json me = meApi.getMe(company.id);
        std::fprintf(stderr, "[%s] acting as %s\n", company.name.c_str(), me.value("login", "?").c_str());

        for (int page = 1;; ++page) {
            auto projects = projectsApi.listProjects(company.id, page, perPage);
            for (const auto& p : projects) {
                std::fprintf(stderr, "  project %ld %s\n", p.id, p.name.c_str());
                for (const auto& u : projectsApi.listProjectUsers(p.id)) {
                    std::fprintf(csv, "%lld,%lld,%s,%lld,%s\n", (long long)company.id, (long long)p.id,
                                 p.projectNumber.c_str(), (long long)u.id, u.email.c_str());
                }
            }
            if (static_cast<int>(projects.size()) < perPage) break;
        }
    }
    std::fclose(csv);
    curl_global_cleanup();
    return 0;
}
