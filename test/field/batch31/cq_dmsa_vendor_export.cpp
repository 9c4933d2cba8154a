// dmsa_vendor_export.cpp
// Nightly job (runs under a Developer Managed Service Account) that exports the
// company vendor directory and per-project vendor assignments to CSV for the
// accounting system import.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

static const char* const kTokenUrl = "https://login-sandbox.procore.com/oauth/token";
static const char* const kApiBase = "https://sandbox.procore.com";

struct ServiceConfig {
    std::string clientId;
    std::string clientSecret;
    std::string accessToken;
    int64_t companyId = 0;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual std::string method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string query() const { return ""; }
    virtual std::vector<std::string> extraHeaders() const { return {}; }
    virtual bool requiresCompany() const { return true; }
};

// Service accounts must send the company header on /me as well.
class MeCommand : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/me"; }
};

class CompaniesCommand : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/companies"; }
    bool requiresCompany() const override { return false; }  // not company scoped
};

class CompanyVendorsCommand : public ApiCommand {
public:
    CompanyVendorsCommand(int64_t companyId, int page) : companyId_(companyId), page_(page) {}
    std::string path() const override { return "/rest/v1.0/vendors"; }
    std::string query() const override {
        return "company_id=" + std::to_string(companyId_) + "&page=" + std::to_string(page_) +
               "&per_page=100";
    }
private:
    int64_t companyId_;
    int page_;
};

class ProjectsCommand : public ApiCommand {
public:
    explicit ProjectsCommand(int64_t companyId) : companyId_(companyId) {}
    std::string path() const override { return "/rest/v1.0/projects"; }
    std::string query() const override { return "company_id=" + std::to_string(companyId_); }
private:
    int64_t companyId_;
};

class ProjectVendorsCommand : public ApiCommand {
public:
    explicit ProjectVendorsCommand(int64_t projectId) : projectId_(projectId) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/vendors";
    }
private:
    int64_t projectId_;
};

static size_t sinkToString(char* ptr, size_t size, size_t nmemb, void* out) {
    static_cast<std::string*>(out)->append(ptr, size * nmemb);
    return size * nmemb;
}

static std::string fetchServiceToken(const ServiceConfig& cfg) {
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl init");
    char* id = curl_easy_escape(curl, cfg.clientId.c_str(), 0);
    char* secret = curl_easy_escape(curl, cfg.clientSecret.c_str(), 0);
    const std::string form = std::string("grant_type=client_credentials&client_id=") + id +
                             "&client_secret=" + secret;
    curl_free(id);
    curl_free(secret);

    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, kTokenUrl);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sinkToString);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error("token request failed");
    return json::parse(body).at("access_token").get<std::string>();
}

class CommandExecutor {
public:
    explicit CommandExecutor(std::unique_ptr<ServiceConfig> cfg) : cfg_(std::move(cfg)) {}

    json execute(const ApiCommand& cmd) {
        std::string url = std::string(kApiBase) + cmd.path();
        if (!cmd.query().empty()) url += "?" + cmd.query();

        CURL* curl = curl_easy_init();
        struct curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, ("Authorization: Bearer " + cfg_->accessToken).c_str());
        if (cmd.requiresCompany()) {
            headers = curl_slist_append(
                headers, ("Procore-Company-Id: " + std::to_string(cfg_->companyId)).c_str());
        }
        for (const std::string& h : cmd.extraHeaders()) headers = curl_slist_append(headers, h.c_str());

        std::string body;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, cmd.method().c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sinkToString);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        const CURLcode rc = curl_easy_perform(curl);
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK || code >= 400) {
            throw std::runtime_error(cmd.path() + " -> HTTP " + std::to_string(code));
        }
        return json::parse(body);
    }

    const ServiceConfig& config() const { return *cfg_; }

private:
    std::unique_ptr<ServiceConfig> cfg_;
};

class CommandRegistry {
public:
    using Creator = std::function<std::unique_ptr<ApiCommand>(int64_t)>;
    void add(const std::string& name, Creator c) { creators_[name] = std::move(c); }
    std::unique_ptr<ApiCommand> create(const std::string& name, int64_t arg) const {
        return creators_.at(name)(arg);
    }
private:
    std::map<std::string, Creator> creators_;
};

struct VendorRow {
    long id;
    std::string name;
    std::string trade;
    bool active;
};

static bool verifyToken(const std::string& token) {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, "https://sandbox.procore.com/oauth/token/info");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sinkToString);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    const bool ok = curl_easy_perform(curl) == CURLE_OK;
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return ok && body.find("resource_owner_id") != std::string::npos;
}

int main() {
    auto cfg = std::make_unique<ServiceConfig>();
    cfg->clientId = std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "";
    cfg->clientSecret = std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "";
    cfg->companyId = std::strtoll(std::getenv("DMSA_COMPANY_ID") ? std::getenv("DMSA_COMPANY_ID") : "0",
                                  nullptr, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    try {
        cfg->accessToken = fetchServiceToken(*cfg);
        if (!verifyToken(cfg->accessToken)) std::cerr << "warning: token info lookup failed\n";
        CommandExecutor exec(std::move(cfg));

        CommandRegistry registry;
        registry.add("me", [](int64_t) { return std::make_unique<MeCommand>(); });
        registry.add("companies", [](int64_t) { return std::make_unique<CompaniesCommand>(); });
        registry.add("projects", [](int64_t c) { return std::make_unique<ProjectsCommand>(c); });
        registry.add("project_vendors", [](int64_t p) { return std::make_unique<ProjectVendorsCommand>(p); });

        const json me = exec.execute(*registry.create("me", 0));
        std::cout << "service account: " << me.value("name", "?") << "\n";
        const json companies = exec.execute(*registry.create("companies", 0));
        std::cout << "visible companies: " << companies.size() << "\n";

        std::vector<VendorRow> vendors;
        for (int page = 1; page < 500; ++page) {
            const json batch = exec.execute(CompanyVendorsCommand(exec.config().companyId, page));
            for (const auto& v : batch) {
                vendors.push_back({v.at("id").get<long>(), v.value("name", ""),
                                   v.value("trade_name", ""), v.value("is_active", true)});
            }
            if (batch.size() < 100) break;
        }

        std::ofstream out("vendors.csv");
        out << "vendor_id,name,trade,active\n";
        for (const auto& v : vendors) {
            out << v.id << ",\"" << v.name << "\",\"" << v.trade << "\"," << (v.active ? 1 : 0) << "\n";
        }

        std::ofstream assign("project_vendors.csv");
        const json projects = exec.execute(*registry.create("projects", exec.config().companyId));
        for (const auto& p : projects) {
            const int64_t projectId = p.at("id").get<int64_t>();
            const json pv = exec.execute(*registry.create("project_vendors", projectId));
            for (const auto& v : pv) {
                char line[96];
                std::snprintf(line, sizeof line, "%d,%lld\n", static_cast<int>(projectId),
                              static_cast<long long>(v.at("id").get<int64_t>()));
                assign << line;
            }
        }
        std::cout << "exported " << vendors.size() << " vendors\n";
    } catch (const std::exception& e) {
        std::cerr << "vendor export failed: " << e.what() << "\n";
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
