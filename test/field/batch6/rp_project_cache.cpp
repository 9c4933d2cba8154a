// rp_project_cache.cpp
// Offline project cache for the field tablet app: pulls the company's projects
// from Procore, persists them to projects.csv and answers id -> name lookups
// when the tablet has no signal. Build: see tools/cache/CMakeLists.txt
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace fieldcache {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using OfficeId = int;

struct Project {
    ProjectId id = 0;
    CompanyId company_id = 0;
    OfficeId office_id = 0;
    std::string name;
    std::string project_number;  // human-entered, e.g. "2024-017"
    bool active = true;
};

struct Office {
    OfficeId id = 0;
    std::string name;
};

inline void from_json(const json& j, Project& p) {
    p.id = j.at("id").get<ProjectId>();
    p.company_id = j.at("company").at("id").get<CompanyId>();
    if (j.contains("office") && !j["office"].is_null())
        p.office_id = j["office"]["id"].get<int>();
    p.name = j.value("name", "");
    p.project_number = j.value("project_number", "");
    p.active = j.value("active", true);
}

static const char* apiBaseFor(const std::string& env) {
    if (env == "monthly") return "https://login-sandbox-monthly.procore.com";
    if (env == "sandbox") return "https://sandbox.procore.com";
    return "https://api.procore.com";
}

static size_t collect(char* data, size_t size, size_t nmemb, void* out) {
    static_cast<std::string*>(out)->append(data, size * nmemb);
    return size * nmemb;
}

class ApiClient {
public:
    ApiClient(std::string base, std::string token)
        : base_(std::move(base)), token_(std::move(token)) {}

    // Company-scoped REST call.
    json get(const std::string& path, CompanyId company) {
        std::string companyHdr = "Procore-Company-Id: " + std::to_string(company);
        return send(path, companyHdr.c_str());
    }

    // For /me and /companies, which are not scoped to a company.
    json getUnscoped(const std::string& path) { return send(path, nullptr); }

private:
    json send(const std::string& path, const char* extraHeader) {
        CURL* h = curl_easy_init();
        std::string body;
        std::string auth = "Authorization: Bearer " + token_;
        curl_slist* hdrs = curl_slist_append(nullptr, auth.c_str());
        if (extraHeader) hdrs = curl_slist_append(hdrs, extraHeader);
        std::string url = base_ + path;
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
        CURLcode rc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK || status >= 400) {
            std::fprintf(stderr, "GET %s failed: curl=%d http=%ld\n", path.c_str(), rc, status);
            return json();
        }
        return json::parse(body, nullptr, false);
    }

    std::string base_;
    std::string token_;
};

class ProjectRepository {
public:
    explicit ProjectRepository(ApiClient& api) : api_(api) {}

    std::vector<Project> findAll(CompanyId companyId) {
        std::vector<Project> out;
        for (int page = 1; page < 50; ++page) {
            std::string path = "/rest/v1.0/projects?company_id=" + std::to_string(companyId) +
                               "&page=" + std::to_string(page) + "&per_page=100";
            json arr = api_.get(path, companyId);
            if (!arr.is_array() || arr.empty()) break;
            for (const auto& j : arr) out.push_back(j.get<Project>());
        }
        return out;
    }

    std::vector<Office> offices(CompanyId companyId) {
        std::vector<Office> out;
        json arr = api_.getUnscoped("/rest/v1.0/companies/" + std::to_string(companyId) + "/offices");
        if (!arr.is_array()) return out;
        for (const auto& j : arr) out.push_back({j.at("id").get<OfficeId>(), j.value("name", "")});
        return out;
    }

private:
    ApiClient& api_;
};

class ProjectCache {
public:
    void put(const Project& p) {
        byId_[p.id] = p;
        names_[p.id] = p.name;
    }

    const Project* find(ProjectId id) const {
        auto it = byId_.find(id);
        return it == byId_.end() ? nullptr : &it->second;
    }

    std::string nameOf(int projectId) const {
        auto it = names_.find(projectId);
        return it == names_.end() ? std::string("(unknown project)") : it->second;
    }

    void save(const std::string& file) const {
        std::ofstream out(file);
        out << "id,company_id,office_id,active,name\n";
        for (const auto& [id, p] : byId_)
            out << id << ',' << p.company_id << ',' << p.office_id << ','
                << (p.active ? 1 : 0) << ',' << p.name << '\n';
    }

    int load(const std::string& file) {
        std::ifstream in(file);
        std::string line;
        int rows = 0;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::stringstream ss(line);
            std::string f[5];
            for (int col = 0; col < 4; ++col) std::getline(ss, f[col], ',');
            std::getline(ss, f[4]);
            Project p;
            p.id = std::stoll(f[0]);
            p.company_id = std::stoi(f[1]);
            p.office_id = std::stoi(f[2]);
            p.active = f[3] == "1";
            p.name = f[4];
            put(p);
            ++rows;
        }
        return rows;
    }

    size_t size() const { return byId_.size(); }

private:
    std::unordered_map<ProjectId, Project> byId_;
    std::unordered_map<int, std::string> names_;
};

}  // namespace fieldcache

int main(int argc, char** argv) {
    using namespace fieldcache;
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* env = std::getenv("PROCORE_ENV");
    const std::string cacheFile = argc > 1 ? argv[1] : "projects.csv";
    ProjectCache cache;

    if (!token) {
        int rows = cache.load(cacheFile);
        std::printf("offline: %d projects from %s\n", rows, cacheFile.c_str());
        return 0;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    ApiClient api(apiBaseFor(env ? env : "production"), token);

    json me = api.getUnscoped("/rest/v1.0/me");
    std::printf("signed in as %s (user %lld)\n", me.value("login", "?").c_str(),
                static_cast<long long>(me.value("id", json::number_integer_t{0})));

    json companies = api.getUnscoped("/rest/v1.0/companies");
    ProjectRepository repo(api);
    for (const auto& c : companies) {
        CompanyId companyId = c.at("id").get<CompanyId>();
        std::unordered_map<OfficeId, std::string> officeNames;
        for (const auto& o : repo.offices(companyId)) officeNames[o.id] = o.name;

        auto projects = repo.findAll(companyId);
        for (const auto& p : projects) {
            cache.put(p);
            std::printf("  [%ld] %s (office: %s)\n", (long)p.id, p.name.c_str(),
                        officeNames.count(p.office_id) ? officeNames[p.office_id].c_str() : "-");
        }
        std::printf("company %lld: %zu projects; web: https://app.procore.com/%lld/company/home\n",
                    static_cast<long long>(companyId), projects.size(),
                    static_cast<long long>(companyId));
    }

    cache.save(cacheFile);
    std::printf("cached %zu projects\n", cache.size());
    curl_global_cleanup();
    return 0;
}
