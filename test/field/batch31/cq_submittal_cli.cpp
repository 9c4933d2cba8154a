// submittal_cli.cpp - small command line tool the document control team uses to
// list / inspect / approve Procore submittals without opening the browser.
//
//   submittal-cli [--sandbox] <command> [args...]
//   commands: whoami | companies | projects | submittals <project> |
//             show <project> <submittal> | approve <project> <submittal>
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

struct ClientConfig {
    std::string apiBase;
    std::string loginBase;
    std::string accessToken;
    int64_t companyId = 0;
};

static std::unique_ptr<ClientConfig> makeConfig(bool sandbox) {
    auto cfg = std::make_unique<ClientConfig>();
    if (sandbox) {
        cfg->apiBase = "https://sandbox.procore.com";
        cfg->loginBase = "https://sandbox.procore.com";
    } else {
        cfg->apiBase = "https://api.procore.com";
        cfg->loginBase = "https://login.procore.com";
    }
    if (const char* tok = std::getenv("PROCORE_TOKEN")) cfg->accessToken = tok;
    if (const char* c = std::getenv("PROCORE_COMPANY")) cfg->companyId = std::stoll(c);
    return cfg;
}

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual std::string method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string query() const { return {}; }
    virtual std::vector<std::string> extraHeaders() const { return {}; }
    virtual bool requiresCompany() const { return false; }
    virtual std::string payload() const { return {}; }
};

class CompanyScopedCommand : public ApiCommand {
public:
    bool requiresCompany() const override { return true; }
};

// Shared prefix for everything under /projects/{id}.
class ProjectCommand : public ApiCommand {
public:
    explicit ProjectCommand(int64_t projectId) : projectId_(projectId) {}
protected:
    std::string projectPrefix() const {
        return "/rest/v1.0/projects/" + std::to_string(projectId_);
    }
    int64_t projectId_;
};

class WhoAmICommand : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/me"; }
};

class CompaniesCommand : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/companies"; }
};

class ProjectsCommand : public CompanyScopedCommand {
public:
    explicit ProjectsCommand(int64_t companyId) : companyId_(companyId) {}
    std::string path() const override { return "/rest/v1.0/projects"; }
    std::string query() const override { return "company_id=" + std::to_string(companyId_); }
private:
    int64_t companyId_;
};

class SubmittalsCommand : public CompanyScopedCommand {
public:
    explicit SubmittalsCommand(int64_t projectId) : projectId_(projectId) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/submittals";
    }
    std::string query() const override { return "per_page=200"; }
private:
    int64_t projectId_;
};

class ShowSubmittalCommand : public ProjectCommand {
public:
    ShowSubmittalCommand(int64_t projectId, int64_t submittalId)
        : ProjectCommand(projectId), submittalId_(submittalId) {}
    std::string path() const override {
        return projectPrefix() + "/submittals/" + std::to_string(submittalId_);
    }
private:
    int64_t submittalId_;
};

class ApproveSubmittalCommand : public ProjectCommand {
public:
    ApproveSubmittalCommand(int64_t projectId, int64_t submittalId)
        : ProjectCommand(projectId), submittalId_(submittalId) {}
    std::string method() const override { return "PATCH"; }
    std::string path() const override {
        return projectPrefix() + "/submittals/" + std::to_string(submittalId_);
    }
    std::string payload() const override {
        return json{{"submittal", {{"status", "Approved"}}}}.dump();
    }
private:
    int64_t submittalId_;
};

static size_t appendToString(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

class CommandExecutor {
public:
    explicit CommandExecutor(std::shared_ptr<ClientConfig> cfg) : cfg_(std::move(cfg)) {}

    int run(const ApiCommand& cmd, json& out) {
        std::string url = cfg_->apiBase + cmd.path();
        if (!cmd.query().empty()) url += "?" + cmd.query();

        CURL* h = curl_easy_init();
        if (!h) return -1;
        curl_slist* hdrs = nullptr;
        hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + cfg_->accessToken).c_str());
        hdrs = curl_slist_append(hdrs, "Accept: application/json");
        if (cmd.requiresCompany()) {
            hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(cfg_->companyId)).c_str());
        }
        for (const auto& extra : cmd.extraHeaders()) hdrs = curl_slist_append(hdrs, extra.c_str());

        std::string body;
        const std::string verb = cmd.method();
        const std::string data = cmd.payload();
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, verb.c_str());
        if (!data.empty()) {
            hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, data.c_str());
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, appendToString);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);

        CURLcode rc = curl_easy_perform(h);
        long http = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK) {
            std::cerr << "transport error: " << curl_easy_strerror(rc) << "\n";
            return -1;
        }
        out = body.empty() ? json() : json::parse(body, nullptr, false);
        return static_cast<int>(http);
    }

    // Cheap pre-flight so an expired token gives a clear message instead of a 401 dump.
    bool tokenValid() {
        CURL* h = curl_easy_init();
        if (!h) return false;
        const std::string url = cfg_->loginBase + "/oauth/token/info";
        curl_slist* hdrs = curl_slist_append(nullptr, ("Authorization: Bearer " + cfg_->accessToken).c_str());
        std::string sink;
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, appendToString);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
        long http = 0;
        if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        return http == 200;
    }

private:
    std::shared_ptr<ClientConfig> cfg_;
};

using Args = std::vector<std::string>;
using Factory = std::function<std::unique_ptr<ApiCommand>(const ClientConfig&, const Args&)>;

static const std::map<std::string, Factory>& registry() {
    static const std::map<std::string, Factory> r = {
        {"whoami", [](const ClientConfig&, const Args&) { return std::make_unique<WhoAmICommand>(); }},
        {"companies", [](const ClientConfig&, const Args&) { return std::make_unique<CompaniesCommand>(); }},
        {"projects", [](const ClientConfig& c, const Args&) {
             return std::make_unique<ProjectsCommand>(c.companyId);
         }},
        {"submittals", [](const ClientConfig&, const Args& a) {
             int projectId = std::stoi(a.at(0));
             return std::make_unique<SubmittalsCommand>(projectId);
         }},
        {"show", [](const ClientConfig&, const Args& a) {
             long submittalId = std::strtol(a.at(1).c_str(), nullptr, 10);
             return std::make_unique<ShowSubmittalCommand>(std::stoll(a.at(0)), submittalId);
         }},
        {"approve", [](const ClientConfig&, const Args& a) {
             return std::make_unique<ApproveSubmittalCommand>(std::stoll(a.at(0)), std::stoll(a.at(1)));
         }},
    };
    return r;
}

int main(int argc, char** argv) {
    Args args(argv + 1, argv + argc);
    bool sandbox = false;
    if (!args.empty() && args.front() == "--sandbox") {
        sandbox = true;
        args.erase(args.begin());
    }
    if (args.empty()) {
        std::cerr << "usage: submittal-cli [--sandbox] <command> [args...]\n";
        return 2;
    }
    const std::string name = args.front();
    args.erase(args.begin());

    auto it = registry().find(name);
    if (it == registry().end()) {
        std::cerr << "unknown command '" << name << "'\n";
        return 2;
    }

    std::shared_ptr<ClientConfig> cfg = makeConfig(sandbox);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CommandExecutor exec(cfg);
    if (!exec.tokenValid()) {
        std::cerr << "token rejected; run `procore-login` again\n";
        curl_global_cleanup();
        return 1;
    }

    std::unique_ptr<ApiCommand> cmd = it->second(*cfg, args);
    json result;
    const int status = exec.run(*cmd, result);
    curl_global_cleanup();

    if (status < 200 || status >= 300) {
        std::cerr << name << " failed (HTTP " << status << ")\n";
        return 1;
    }
    std::cout << result.dump(2) << "\n";
    if (name == "approve") {
        std::cout << "open: https://app.procore.com/" << cfg->companyId << "/project/home\n";
    }
    return 0;
}
