// rfi_sync_daemon.cpp
// Polls Procore for RFIs on every active project of the configured company and
// mirrors them (plus their replies) into the local tracker cache.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace rfisync {

struct Config {
    std::string apiBase = "https://api.procore.com";
    std::string loginBase = "https://login.procore.com";
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
    std::string accessToken;
    int64_t companyId = 0;
    int pollSeconds = 300;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual std::string method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string query() const { return ""; }
    virtual std::vector<std::string> extraHeaders() const { return {}; }
    virtual bool requiresCompany() const { return false; }
    virtual bool usesLoginHost() const { return false; }
    virtual std::string body() const { return ""; }
};

class CompanyScopedCommand : public ApiCommand {
public:
    bool requiresCompany() const override { return true; }
};

class RefreshTokenCommand : public ApiCommand {
public:
    explicit RefreshTokenCommand(const Config& cfg) : cfg_(cfg) {}
    std::string method() const override { return "POST"; }
    std::string path() const override { return "/oauth/token"; }
    bool usesLoginHost() const override { return true; }
    std::string body() const override {
        return json{{"grant_type", "refresh_token"},
                    {"client_id", cfg_.clientId},
                    {"client_secret", cfg_.clientSecret},
                    {"refresh_token", cfg_.refreshToken}}.dump();
    }
private:
    const Config& cfg_;
};

class MeCommand : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/me"; }
};

class ListProjectsCommand : public CompanyScopedCommand {
public:
    explicit ListProjectsCommand(int64_t companyId) : companyId_(companyId) {}
    std::string path() const override { return "/rest/v1.0/projects"; }
    std::string query() const override {
        return "company_id=" + std::to_string(companyId_) + "&per_page=100";
    }
private:
    int64_t companyId_;
};

class ListRfisCommand : public CompanyScopedCommand {
public:
    ListRfisCommand(int64_t projectId, int page) : projectId_(projectId), page_(page) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/rfis";
    }
    std::string query() const override {
        return "page=" + std::to_string(page_) + "&per_page=50";
    }
private:
    int64_t projectId_;
    int page_;
};

// Added for the reply mirroring feature (TRK-412).
class ListRfiRepliesCommand : public ApiCommand {
public:
    ListRfiRepliesCommand(int64_t projectId, int64_t rfiId) : projectId_(projectId), rfiId_(rfiId) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/rfis/" +
               std::to_string(rfiId_) + "/replies";
    }
private:
    int64_t projectId_;
    int64_t rfiId_;
};

static size_t collectBody(char* data, size_t size, size_t nmemb, void* userp) {
    static_cast<std::string*>(userp)->append(data, size * nmemb);
    return size * nmemb;
}

class CommandExecutor {
public:
    explicit CommandExecutor(std::unique_ptr<Config> cfg) : config_(std::move(cfg)) {}

    Config& config() { return *config_; }

    json execute(const ApiCommand& cmd) {
        std::string url = (cmd.usesLoginHost() ? config_->loginBase : config_->apiBase) + cmd.path();
        const std::string q = cmd.query();
        if (!q.empty()) url += "?" + q;

        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");

        struct curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, "Accept: application/json");
        headers = curl_slist_append(headers, "Content-Type: application/json");
        if (!cmd.usesLoginHost()) {
            const std::string auth = "Authorization: Bearer " + config_->accessToken;
            headers = curl_slist_append(headers, auth.c_str());
        }
        if (cmd.requiresCompany()) {
            const std::string company = "Procore-Company-Id: " + std::to_string(config_->companyId);
            headers = curl_slist_append(headers, company.c_str());
        }
        for (const auto& h : cmd.extraHeaders()) headers = curl_slist_append(headers, h.c_str());

        std::string response;
        const std::string payload = cmd.body();
        const std::string verb = cmd.method();
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, verb.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collectBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
        if (!payload.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());

        const CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);

        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        if (status >= 400) {
            throw std::runtime_error("HTTP " + std::to_string(status) + " for " + cmd.path());
        }
        return response.empty() ? json::object() : json::parse(response);
    }

private:
    std::unique_ptr<Config> config_;
};

struct TrackerCache {
    std::map<int, std::string> statusByRfi;
    int repliesSeen = 0;
};

void refreshAccessToken(CommandExecutor& exec) {
    RefreshTokenCommand refresh(exec.config());
    const json tok = exec.execute(refresh);
    exec.config().accessToken = tok.at("access_token").get<std::string>();
    if (tok.contains("refresh_token")) {
        exec.config().refreshToken = tok["refresh_token"].get<std::string>();
    }
}

void syncProject(CommandExecutor& exec, TrackerCache& cache, int64_t projectId) {
    for (int page = 1;; ++page) {
        ListRfisCommand listRfis(projectId, page);
        const json rfis = exec.execute(listRfis);
        if (!rfis.is_array() || rfis.empty()) break;

        for (const auto& rfi : rfis) {
            const int rfiId = rfi.value("id", 0);
            const std::string status = rfi.value("status", "unknown");
            if (cache.statusByRfi[rfiId] == status) continue;
            cache.statusByRfi[rfiId] = status;

            ListRfiRepliesCommand replies(projectId, rfiId);
            const json replyList = exec.execute(replies);
            cache.repliesSeen += static_cast<int>(replyList.size());

            std::cout << "RFI " << rfi.value("number", "?") << " -> " << status
                      << "  https://app.procore.com/" << exec.config().companyId
                      << "/project/rfi/show/" << rfiId << "\n";
        }
        if (rfis.size() < 50) break;
    }
}

}  // namespace rfisync

int main() {
    using namespace rfisync;
    auto cfg = std::make_unique<Config>();
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    cfg->clientId = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    cfg->clientSecret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    cfg->refreshToken = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    cfg->companyId = company ? std::stoll(company) : 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CommandExecutor exec(std::move(cfg));
    TrackerCache cache;

    try {
        refreshAccessToken(exec);
        MeCommand me;
        const json who = exec.execute(me);
        std::cout << "running as " << who.value("login", "?") << "\n";

        while (true) {
            ListProjectsCommand listProjects(exec.config().companyId);
            const json projects = exec.execute(listProjects);
            for (const auto& p : projects) {
                if (!p.value("active", true)) continue;
                syncProject(exec, cache, p.at("id").get<int64_t>());
            }
            std::cout << "replies seen so far: " << cache.repliesSeen << "\n";
            std::this_thread::sleep_for(std::chrono::seconds(exec.config().pollSeconds));
            refreshAccessToken(exec);
        }
    } catch (const std::exception& e) {
        std::cerr << "rfi-sync: " << e.what() << "\n";
        curl_global_cleanup();
        return 1;
    }
}
