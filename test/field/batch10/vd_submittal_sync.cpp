// vd_submittal_sync.cpp
// Nightly pull of project data from Procore into the local cache tables.
// Each resource knows its own path and how to read its payload; the base
// class owns the libcurl plumbing so nobody copies header code around.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace sync {

constexpr const char* kApiBase = "https://api.procore.com";

struct Config {
    std::string accessToken;
    std::int64_t companyId = 0;
    std::int64_t projectId = 0;
};

static size_t appendBody(char* ptr, size_t size, size_t nmemb, void* userdata) {
    auto* out = static_cast<std::string*>(userdata);
    out->append(ptr, size * nmemb);
    return size * nmemb;
}

class ApiResource {
public:
    virtual ~ApiResource() = default;

    virtual std::string name() const = 0;
    virtual std::string path(const Config& cfg) const = 0;
    virtual std::string baseUrl() const { return kApiBase; }
    virtual bool needsCompanyHeader() const { return true; }
    virtual void parse(const json& body) = 0;

    // Template method: build the URL, add headers, send, hand off to parse().
    bool sync(const Config& cfg) {
        CURL* curl = curl_easy_init();
        if (!curl) {
            return false;
        }

        const std::string url = baseUrl() + path(cfg);
        std::string response;

        struct curl_slist* headers = nullptr;
        const std::string auth = "Authorization: Bearer " + cfg.accessToken;
        headers = curl_slist_append(headers, auth.c_str());
        headers = curl_slist_append(headers, "Accept: application/json");
        if (needsCompanyHeader()) {
            const std::string company = "Procore-Company-Id: " + std::to_string(cfg.companyId);
            headers = curl_slist_append(headers, company.c_str());
        }

        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);

        const CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);

        if (rc != CURLE_OK || status >= 400) {
            std::cerr << name() << ": request failed (" << curl_easy_strerror(rc)
                      << ", HTTP " << status << ")\n";
            return false;
        }
        try {
            parse(json::parse(response));
        } catch (const json::exception& e) {
            std::cerr << name() << ": bad payload: " << e.what() << "\n";
            return false;
        }
        return true;
    }
};

class MeResource : public ApiResource {
public:
    std::string name() const override { return "me"; }
    std::string path(const Config&) const override { return "/rest/v1.0/me"; }
    // /me is company independent for user-token apps
    bool needsCompanyHeader() const override { return false; }
    void parse(const json& body) override {
        userId_ = body.at("id").get<std::int64_t>();
        std::cout << "syncing as user " << userId_ << " (" << body.value("login", "") << ")\n";
    }

private:
    std::int64_t userId_ = 0;
};

class ProjectsResource : public ApiResource {
public:
    std::string name() const override { return "projects"; }
    std::string path(const Config& cfg) const override {
        return "/rest/v1.0/projects?company_id=" + std::to_string(cfg.companyId) + "&per_page=100";
    }
    void parse(const json& body) override {
        for (const auto& p : body) {
            const auto id = p.at("id").get<std::int64_t>();
            names_[id] = p.value("name", "");
        }
        std::cout << "projects: " << names_.size() << "\n";
    }

private:
    std::map<std::int64_t, std::string> names_;
};

class SubmittalsResource : public ApiResource {
public:
    std::string name() const override { return "submittals"; }
    std::string path(const Config& cfg) const override {
        return "/rest/v1.1/projects/" + std::to_string(cfg.projectId) + "/submittals";
    }
    void parse(const json& body) override {
        int open = 0;
        for (const auto& s : body) {
            int submittalId = s.at("id").get<int>();
            ids_.push_back(submittalId);
            if (s.value("status", json::object()).value("name", "") == "Open") {
                ++open;
            }
        }
        std::cout << "submittals: " << ids_.size() << " (" << open << " open)\n";
    }

private:
    std::vector<std::int64_t> ids_;
};

class VendorsResource : public ApiResource {
public:
    std::string name() const override { return "vendors"; }
    std::string path(const Config& cfg) const override {
        return "/rest/v1.0/vendors?company_id=" + std::to_string(cfg.companyId);
    }
    // company_id is already in the query string, no need for the header here
    bool needsCompanyHeader() const override { return false; }
    void parse(const json& body) override {
        for (const auto& v : body) {
            vendorIds_.push_back(v.at("id").get<std::int64_t>());
        }
        std::cout << "vendors: " << vendorIds_.size() << "\n";
    }

private:
    std::vector<std::int64_t> vendorIds_;
};

class InspectionsResource : public ApiResource {
public:
    std::string name() const override { return "inspections"; }
    // checklist endpoints were wired against the web host during the pilot
    std::string baseUrl() const override { return "https://app.procore.com"; }
    std::string path(const Config& cfg) const override {
        return "/rest/v1.0/checklist/lists?project_id=" + std::to_string(cfg.projectId);
    }
    void parse(const json& body) override {
        std::cout << "inspections: " << body.size() << "\n";
    }
};

std::unique_ptr<ApiResource> makeResource(const std::string& kind) {
    if (kind == "me") return std::make_unique<MeResource>();
    if (kind == "projects") return std::make_unique<ProjectsResource>();
    if (kind == "submittals") return std::make_unique<SubmittalsResource>();
    if (kind == "vendors") return std::make_unique<VendorsResource>();
    if (kind == "inspections") return std::make_unique<InspectionsResource>();
    return nullptr;
}

}  // namespace sync

int main(int argc, char** argv) {
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* project = std::getenv("PROCORE_PROJECT_ID");
    if (!token || !company || !project) {
        std::cerr << "PROCORE_TOKEN, PROCORE_COMPANY_ID and PROCORE_PROJECT_ID are required\n";
        return 2;
    }

    sync::Config cfg;
    cfg.accessToken = token;
    cfg.companyId = std::stoll(company);
    cfg.projectId = std::strtoll(project, nullptr, 10);

    std::vector<std::string> kinds = {"me", "projects", "submittals", "vendors", "inspections"};
    if (argc > 1) {
        kinds.assign(argv + 1, argv + argc);
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);

    std::vector<std::unique_ptr<sync::ApiResource>> registry;
    for (const auto& k : kinds) {
        if (auto r = sync::makeResource(k)) {
            registry.push_back(std::move(r));
        } else {
            std::cerr << "unknown resource '" << k << "', skipping\n";
        }
    }

    int failures = 0;
    for (auto& resource : registry) {
        if (!resource->sync(cfg)) {
            ++failures;
        }
    }

    std::cout << "Review in Procore: https://app.procore.com/" << cfg.projectId
              << "/project/home\n";

    curl_global_cleanup();
    return failures == 0 ? 0 : 1;
}
