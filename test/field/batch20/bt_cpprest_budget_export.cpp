// bt_budget_export -- nightly budget snapshot for the finance warehouse.
//
// Reads budget_export.ini:
//
//   [procore]
//   company_id = 562949953421312
//   [project:562949954054187]
//   budget_view_id = 8812
//   output = /var/bt/budget/riverside.csv
//
// For each [project:...] section, pulls the budget view's detail rows and
// writes them to the section's output file, then posts a summary to Teams.
//
//   45 1 * * *  bt_budget_export /etc/bt/budget_export.ini
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

const utility::string_t kLogin = U("https://login.procore.com");
const utility::string_t kApi = U("https://api.procore.com");
const utility::string_t kTeamsHook =
    U("https://contoso.webhook.office.com/webhookb2/bt-finance/IncomingWebhook/abc");

struct ProjectJob {
    int64_t projectId = 0;
    long budgetViewId = 0;
    std::string output;
};

struct Config {
    int64_t companyId = 0;
    std::vector<ProjectJob> jobs;
};

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Config loadConfig(const std::string& path) {
    Config cfg;
    std::ifstream in(path);
    std::string line, section;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            section = line.substr(1, line.size() - 2);
            if (section.rfind("project:", 0) == 0) {
                ProjectJob job;
                const char* first = section.data() + 8;
                std::from_chars(first, section.data() + section.size(), job.projectId);
                cfg.jobs.push_back(job);
            }
            continue;
        }
        std::istringstream kv(line);
        std::string key, value;
        std::getline(kv, key, '=');
        std::getline(kv, value);
        key = trim(key);
        value = trim(value);
        if (section == "procore" && key == "company_id") {
            std::istringstream(value) >> cfg.companyId;
        } else if (!cfg.jobs.empty() && key == "budget_view_id") {
            cfg.jobs.back().budgetViewId = std::stol(value);
        } else if (!cfg.jobs.empty() && key == "output") {
            cfg.jobs.back().output = value;
        }
    }
    return cfg;
}

std::string env(const char* n) {
    const char* v = std::getenv(n);
    return v ? v : "";
}

utility::string_t fetchToken() {
    http_client auth(kLogin);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body("grant_type=refresh_token&client_id=" + env("PROCORE_CLIENT_ID") +
                     "&client_secret=" + env("PROCORE_CLIENT_SECRET") +
                     "&refresh_token=" + env("PROCORE_REFRESH_TOKEN"),
                 "application/x-www-form-urlencoded");
    http_response resp = auth.request(req).get();
    if (resp.status_code() != status_codes::OK)
        throw std::runtime_error("token refresh failed");
    return resp.extract_json().get().at(U("access_token")).as_string();
}

class BudgetClient {
public:
    BudgetClient(utility::string_t token, int64_t companyId)
        : client_(kApi), token_(std::move(token)), companyId_(companyId) {}

    json::value projectInfo(int64_t projectId) {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/projects/") + std::to_string(projectId) +
                            U("?company_id=") + std::to_string(companyId_));
        authorize(req);
        req.headers().add(U("Procore-Company-Id"), companyId_);
        return client_.request(req).get().extract_json().get();
    }

    json::value budgetViews(int64_t projectId) {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/budget_views?project_id=") +
                            std::to_string(projectId));
        authorize(req);
        req.headers().add(U("Procore-Company-Id"), companyId_);
        return client_.request(req).get().extract_json().get();
    }

    json::value detailRows(int64_t projectId, long viewId, int page) {
        uri_builder b(U("/rest/v1.0/budget_views/") + std::to_string(viewId) +
                      U("/detail_rows"));
        b.append_query(U("project_id"), projectId);
        b.append_query(U("page"), page);
        b.append_query(U("per_page"), 500);
        http_request req(methods::GET);
        req.set_request_uri(b.to_uri());
        authorize(req);
        return client_.request(req).get().extract_json().get();
    }

private:
    void authorize(http_request& req) {
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
    }

    http_client client_;
    utility::string_t token_;
    int64_t companyId_;
};

void notifyTeams(const std::string& text) {
    http_client hook(kTeamsHook);
    json::value msg;
    msg[U("text")] = json::value::string(text);
    hook.request(methods::POST, U(""), msg).wait();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " budget_export.ini\n";
        return 2;
    }
    Config cfg = loadConfig(argv[1]);
    if (cfg.companyId <= 0 || cfg.jobs.empty()) {
        std::cerr << "nothing to do in " << argv[1] << "\n";
        return 2;
    }

    std::ostringstream summary;
    int failures = 0;
    try {
        BudgetClient api(fetchToken(), cfg.companyId);
        for (const auto& job : cfg.jobs) {
            auto project = api.projectInfo(job.projectId);
            auto views = api.budgetViews(job.projectId);
            bool found = false;
            for (const auto& v : views.as_array())
                if (v.at(U("id")).as_integer() == job.budgetViewId) found = true;
            if (!found) {
                summary << "project " << job.projectId << ": budget view "
                        << job.budgetViewId << " missing\n";
                ++failures;
                continue;
            }

            std::ofstream out(job.output);
            out << "cost_code_id,cost_code,description,original_budget,revised_budget\n";
            int rows = 0;
            for (int page = 1;; ++page) {
                auto batch = api.detailRows(job.projectId, job.budgetViewId, page);
                if (!batch.is_array() || batch.as_array().size() == 0) break;
                for (const auto& r : batch.as_array()) {
                    int64_t costCodeId = r.has_field(U("cost_code_id"))
                                             ? r.at(U("cost_code_id")).as_number().to_int64()
                                             : 0;
                    out << costCodeId << ',' << r.at(U("cost_code")).serialize() << ','
                        << r.at(U("description")).serialize() << ','
                        << r.at(U("original_budget_amount")).serialize() << ','
                        << r.at(U("revised_budget")).serialize() << "\n";
                    ++rows;
                }
            }
            summary << project.at(U("name")).as_string() << ": " << rows
                    << " rows -> https://app.procore.com/" << job.projectId
                    << "/project/budget\n";
        }
    } catch (const std::exception& e) {
        summary << "export aborted: " << e.what() << "\n";
        ++failures;
    }

    std::cout << summary.str();
    notifyTeams((failures ? "Budget export finished with errors\n" : "Budget export OK\n") +
                summary.str());
    return failures ? 1 : 0;
}
