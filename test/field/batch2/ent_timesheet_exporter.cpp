// timesheet_exporter: daily export of approved Procore timecard entries to the
// payroll service. Failures are filed as GitHub issues on the ops repo.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace payroll {

struct ExporterConfig {
    std::string environment;
    std::string apiHost;
    std::string loginHost;
    std::string payrollHost;
    int payrollPort;
    int perPage;
    std::string githubRepo;
};

ExporterConfig LoadConfig(const std::string& path) {
    static const json kHosts = {
        {"production", {{"api", "https://api.procore.com"}, {"login", "https://login.procore.com"}}},
        {"sandbox", {{"api", "https://sandbox.procore.com"}, {"login", "https://login-sandbox.procore.com"}}},
        {"monthly", {{"api", "https://api-monthly.procore.com"}, {"login", "https://login-sandbox-monthly.procore.com"}}},
    };
    json j = json::object();
    if (std::ifstream in{path}) j = json::parse(in, nullptr, false);
    ExporterConfig c;
    c.environment = j.value("environment", "production");
    const auto& hosts = kHosts.contains(c.environment) ? kHosts[c.environment] : kHosts["production"];
    c.apiHost = j.value("api_host", hosts["api"].get<std::string>());
    c.loginHost = j.value("login_host", hosts["login"].get<std::string>());
    c.payrollHost = j.value("payroll_host", "payroll.internal");
    c.payrollPort = j.value("payroll_port", 9090);
    c.perPage = j.value("per_page", 100);
    c.githubRepo = j.value("github_repo", "acme-construction/ops-alerts");
    return c;
}

struct RequestContext {
    std::string baseUrl;
    std::string token;
    int64_t companyId = 0;
};

struct FetchMe {};
struct FetchTimecards { int64_t projectId; std::string date; int page; };
struct FetchProject { int64_t projectId; };
using ProcoreQuery = std::variant<FetchMe, FetchTimecards, FetchProject>;

class ProcoreSession {
public:
    explicit ProcoreSession(RequestContext ctx);
    ~ProcoreSession();
    json Run(const ProcoreQuery& q);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

class ProcoreSession::Impl {
public:
    explicit Impl(RequestContext ctx) : ctx_(std::move(ctx)) {}

    json operator()(const FetchMe&) { return Get("/rest/v1.0/me", false); }
    json operator()(const FetchTimecards& q) {
        return Get("/rest/v1.0/projects/" + std::to_string(q.projectId) + "/timecard_entries?filters[date]=" + q.date +
                       "&page=" + std::to_string(q.page),
                   true);
    }
    json operator()(const FetchProject& q) {
        return Get("/rest/v1.0/projects/" + std::to_string(q.projectId) + "?company_id=" + std::to_string(ctx_.companyId),
                   true);
    }

private:
    json Get(const std::string& path, bool companyScoped) {
        httplib::Client cli(ctx_.baseUrl);
        httplib::Headers h{{"Authorization", "Bearer " + ctx_.token}};
        if (companyScoped) h.emplace("Procore-Company-Id", std::to_string(ctx_.companyId));
        auto r = cli.Get(path, h);
        if (!r || r->status / 100 != 2) return json();
        return json::parse(r->body, nullptr, false);
    }
    RequestContext ctx_;
};

ProcoreSession::ProcoreSession(RequestContext ctx) : impl_(std::make_unique<Impl>(std::move(ctx))) {}
ProcoreSession::~ProcoreSession() = default;
json ProcoreSession::Run(const ProcoreQuery& q) { return std::visit(*impl_, q); }

std::string RefreshToken(const ExporterConfig& cfg, const std::string& refresh) {
    httplib::Client login(cfg.loginHost);
    auto r = login.Post("/oauth/token",
                        httplib::Params{{"grant_type", "refresh_token"},
                                        {"refresh_token", refresh},
                                        {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""}});
    return r && r->status == 200 ? json::parse(r->body).value("access_token", "") : "";
}

bool FileIssue(const ExporterConfig& cfg, const std::string& title, const std::string& body) {
    httplib::Client gh("https://api.github.com");
    httplib::Headers h{{"Authorization", std::string("token ") + (std::getenv("GH_TOKEN") ? std::getenv("GH_TOKEN") : "")},
                       {"Accept", "application/vnd.github+json"}};
    auto r = gh.Post(("/repos/" + cfg.githubRepo + "/issues").c_str(), h, json{{"title", title}, {"body", body}}.dump(),
                     "application/json");
    if (!r || r->status != 201) return false;
    int issueNumber = json::parse(r->body).value("number", 0);
    std::cerr << "filed ops issue #" << issueNumber << "\n";
    return true;
}

}  // namespace payroll

int main(int argc, char** argv) {
    using namespace payroll;
    if (argc < 4) {
        std::cerr << "usage: timesheet_exporter <config.json> <company_id> <date> <project_id>...\n";
        return 2;
    }
    auto cfg = LoadConfig(argv[1]);
    auto token = RefreshToken(cfg, std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "");
    const int64_t companyId = std::stoll(argv[2]);
    ProcoreSession session({cfg.apiHost, token, companyId});
    const std::string date = argv[3];

    auto me = session.Run(FetchMe{});
    std::cerr << "exporting as " << me.value("login", "?") << "\n";

    std::vector<int64_t> projectIds;
    for (int i = 4; i < argc; ++i) projectIds.push_back(std::stoll(argv[i]));

    std::vector<std::future<json>> jobs;
    for (int64_t pid : projectIds)
        jobs.push_back(std::async(std::launch::async, [&session, pid, &date] {
            return session.Run(FetchTimecards{pid, date, 1});
        }));

    httplib::Client payroll(cfg.payrollHost, cfg.payrollPort);
    int exported = 0, failed = 0;
    for (size_t i = 0; i < jobs.size(); ++i) {
        json entries = jobs[i].get();
        json project = session.Run(FetchProject{projectIds[i]});
        json batch = {{"source", "procore"},
                      {"project_id", projectIds[i]},
                      {"project_name", project.value("name", "")},
                      {"entries", entries.is_array() ? entries : json::array()}};
        auto r = payroll.Post("/v2/timesheets/import", batch.dump(), "application/json");
        if (r && r->status == 202) {
            exported += static_cast<int>(batch["entries"].size());
            continue;
        }
        ++failed;
        std::string link = "https://app.procore.com/" + std::to_string(companyId) + "/project/timesheets?project_id=" +
                           std::to_string(projectIds[i]);
        FileIssue(cfg, "Timesheet export failed for " + date,
                  "Payroll import rejected project " + std::to_string(projectIds[i]) + " (HTTP " +
                      std::to_string(r ? r->status : 0) + "). Procore: " + link);
    }
    std::cout << exported << " entries exported, " << failed << " projects failed\n";
    return failed == 0 ? 0 : 1;
}
