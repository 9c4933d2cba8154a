// timesheet_bridge.cpp
// Reads the weekly payroll CSV export, pushes crew hours into Procore as
// timesheets and archives the source file as a company upload.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;
using Params = std::unordered_map<std::string, std::string>;

struct BridgeConfig {
    std::string apiBase = "https://api.procore.com";
    std::string legacyBase = "https://app.procore.com";  // vapid endpoints
    std::string authBase = "https://login.procore.com";
    std::string clientId, clientSecret, refreshToken, accessToken;
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
    virtual std::string body() const { return ""; }
};

class CompanyScopedCommand : public ApiCommand {
public:
    explicit CompanyScopedCommand(const Params& p) : companyId_(std::stoll(p.at("company_id"))) {}
protected:
    int64_t companyId_;
};

class CompanyUsersCommand : public CompanyScopedCommand {
public:
    using CompanyScopedCommand::CompanyScopedCommand;
    std::string path() const override {
        return "/rest/v1.0/companies/" + std::to_string(companyId_) + "/users";
    }
    std::string query() const override { return "per_page=1000"; }
};

class LegacyCrewsCommand : public ApiCommand {
public:
    explicit LegacyCrewsCommand(const Params& p) : projectId_(std::stoll(p.at("project_id"))) {}
    std::string path() const override {
        return "/vapid/projects/" + std::to_string(projectId_) + "/crews";
    }
private:
    int64_t projectId_;
};

class CreateTimesheetCommand : public CompanyScopedCommand {
public:
    CreateTimesheetCommand(const Params& p) : CompanyScopedCommand(p), payload_(p.at("payload")) {}
    std::string method() const override { return "POST"; }
    std::string path() const override {
        return "/rest/v1.0/companies/" + std::to_string(companyId_) + "/timesheets";
    }
    // company id is already in the path, header is redundant here
    bool requiresCompany() const override { return false; }
    std::string body() const override { return payload_; }
private:
    std::string payload_;
};

class CreateUploadCommand : public CompanyScopedCommand {
public:
    CreateUploadCommand(const Params& p) : CompanyScopedCommand(p), name_(p.at("filename")) {}
    std::string method() const override { return "POST"; }
    std::string path() const override {
        return "/rest/v1.0/companies/" + std::to_string(companyId_) + "/uploads";
    }
    std::string body() const override {
        return json{{"response_filename", name_}, {"response_content_type", "text/csv"}}.dump();
    }
private:
    std::string name_;
};

using Creator = std::function<std::unique_ptr<ApiCommand>(const Params&)>;

static std::unique_ptr<ApiCommand> makeCommand(const std::string& name, const Params& p) {
    static const std::unordered_map<std::string, Creator> table = {
        {"company_users", [](const Params& q) { return std::make_unique<CompanyUsersCommand>(q); }},
        {"crews", [](const Params& q) { return std::make_unique<LegacyCrewsCommand>(q); }},
        {"create_timesheet", [](const Params& q) { return std::make_unique<CreateTimesheetCommand>(q); }},
        {"create_upload", [](const Params& q) { return std::make_unique<CreateUploadCommand>(q); }},
    };
    return table.at(name)(p);
}

static size_t writeCb(char* p, size_t s, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, s * n);
    return s * n;
}

class CommandExecutor {
public:
    explicit CommandExecutor(std::unique_ptr<BridgeConfig> cfg) : cfg_(std::move(cfg)) {}
    BridgeConfig& cfg() { return *cfg_; }

    json run(const ApiCommand& cmd) {
        const std::string p = cmd.path();
        const std::string& base = p.rfind("/vapid/", 0) == 0 ? cfg_->legacyBase : cfg_->apiBase;
        std::string url = base + p;
        if (!cmd.query().empty()) url += "?" + cmd.query();

        curl_slist* hs = nullptr;
        hs = curl_slist_append(hs, ("Authorization: Bearer " + cfg_->accessToken).c_str());
        hs = curl_slist_append(hs, "Content-Type: application/json");
        if (cmd.requiresCompany())
            hs = curl_slist_append(hs, ("Procore-Company-Id: " + std::to_string(cfg_->companyId)).c_str());
        for (const auto& h : cmd.extraHeaders()) hs = curl_slist_append(hs, h.c_str());

        std::string resp;
        const std::string data = cmd.body();
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, cmd.method().c_str());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, hs);
        if (!data.empty()) curl_easy_setopt(e, CURLOPT_POSTFIELDS, data.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, writeCb);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &resp);
        const CURLcode rc = curl_easy_perform(e);
        curl_slist_free_all(hs);
        curl_easy_cleanup(e);
        if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
        return json::parse(resp);
    }

    void refresh() {
        const std::string form = "grant_type=refresh_token&client_id=" + cfg_->clientId +
                                 "&client_secret=" + cfg_->clientSecret +
                                 "&refresh_token=" + cfg_->refreshToken;
        const std::string url = cfg_->authBase + "/oauth/token";
        std::string resp;
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, form.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, writeCb);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &resp);
        const CURLcode rc = curl_easy_perform(e);
        curl_easy_cleanup(e);
        if (rc != CURLE_OK) throw std::runtime_error("token refresh failed");
        const json tok = json::parse(resp);
        cfg_->accessToken = tok.at("access_token").get<std::string>();
        cfg_->refreshToken = tok.value("refresh_token", cfg_->refreshToken);
    }

private:
    std::unique_ptr<BridgeConfig> cfg_;
};

struct PayrollLine {
    int32_t userId;
    int64_t crewId;
    std::string date;
    double hours;
};

static std::vector<PayrollLine> readPayroll(const std::string& file) {
    std::vector<PayrollLine> lines;
    std::ifstream in(file);
    std::string row;
    std::getline(in, row);  // header: procore_user_id,crew_id,date,hours
    while (std::getline(in, row)) {
        std::vector<std::string> cols;
        std::stringstream ss(row);
        for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
        if (cols.size() < 4) continue;
        PayrollLine pl;
        pl.userId = std::atoi(cols[0].c_str());
        pl.crewId = std::stoll(cols[1]);
        pl.date = cols[2];
        pl.hours = std::stod(cols[3]);
        lines.push_back(pl);
    }
    return lines;
}

static bool putToStorage(const std::string& presignedUrl, const std::string& file) {
    if (presignedUrl.rfind("https://storage.procore.com/", 0) != 0) return false;
    std::ifstream in(file, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, presignedUrl.c_str());
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, content.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(content.size()));
    const bool ok = curl_easy_perform(e) == CURLE_OK;
    curl_easy_cleanup(e);
    return ok;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: timesheet-bridge <payroll.csv> <project_id>\n";
        return 2;
    }
    auto cfg = std::make_unique<BridgeConfig>();
    cfg->clientId = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    cfg->clientSecret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    cfg->refreshToken = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    cfg->companyId = std::stoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0");
    const Params base{{"company_id", std::to_string(cfg->companyId)}, {"project_id", argv[2]}};

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CommandExecutor exec(std::move(cfg));
    try {
        exec.refresh();
        const json users = exec.run(*makeCommand("company_users", base));
        const json crews = exec.run(*makeCommand("crews", base));
        std::cout << users.size() << " users, " << crews.size() << " crews\n";

        int posted = 0;
        for (const auto& line : readPayroll(argv[1])) {
            Params p = base;
            p["payload"] = json{{"timesheet", {{"date", line.date},
                                               {"crew_id", line.crewId},
                                               {"timecard_entries", {{{"login_information_id", line.userId},
                                                                      {"hours", line.hours}}}}}}}.dump();
            exec.run(*makeCommand("create_timesheet", p));
            ++posted;
        }

        Params up = base;
        up["filename"] = argv[1];
        const json upload = exec.run(*makeCommand("create_upload", up));
        if (!putToStorage(upload.value("url", ""), argv[1])) std::cerr << "archive upload skipped\n";
        std::cout << "posted " << posted << " timesheets\n";
    } catch (const std::exception& e) {
        std::cerr << "timesheet-bridge: " << e.what() << "\n";
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
