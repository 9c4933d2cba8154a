// rfi_bridge: keeps open Procore RFIs in step with the design team's Jira
// board. One Jira issue per RFI; when the architect answers in Jira the
// answer is posted back to Procore as an RFI reply.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using nlohmann::json;

namespace bridge {

struct Rfi {
    int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int32_t assignee_id = 0;
};

struct JiraLink {
    int64_t rfi_id;
    int jira_issue_number;   // OPS-<n>
};

class ProcoreRfiApi {
public:
    ProcoreRfiApi(std::string client_id, std::string client_secret, int64_t company_id);
    ~ProcoreRfiApi();
    ProcoreRfiApi(const ProcoreRfiApi&) = delete;
    ProcoreRfiApi& operator=(const ProcoreRfiApi&) = delete;

    bool authenticate(const std::string& refresh_token);
    std::vector<Rfi> openRfis(int64_t project_id);
    bool postReply(int64_t project_id, int64_t rfi_id, const std::string& body);
    std::optional<std::string> legacyRfiPdf(int64_t project_id, int64_t rfi_id);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct ProcoreRfiApi::Impl {
    std::string client_id;
    std::string client_secret;
    int64_t company_id;
    std::string access_token;

    std::unique_ptr<httplib::Client> auth;     // login host, OAuth only
    std::unique_ptr<httplib::Client> api;      // REST, company-scoped defaults
    std::unique_ptr<httplib::Client> writer;   // REST writes, longer timeouts
    std::unique_ptr<httplib::Client> legacy;   // /vapid endpoints for PDF export

    Impl(std::string id, std::string secret, int64_t company)
        : client_id(std::move(id)), client_secret(std::move(secret)), company_id(company),
          auth(std::make_unique<httplib::Client>("https://login.procore.com")),
          api(std::make_unique<httplib::Client>("https://api.procore.com")),
          writer(std::make_unique<httplib::Client>("https://api.procore.com")),
          legacy(std::make_unique<httplib::Client>("https://app.procore.com")) {
        writer->set_read_timeout(60, 0);
        writer->set_write_timeout(60, 0);
    }

    void applyToken(const std::string& token) {
        access_token = token;
        api->set_default_headers({
            {"Authorization", "Bearer " + token},
            {"Procore-Company-Id", std::to_string(company_id)},
            {"Accept", "application/json"},
        });
        legacy->set_default_headers({
            {"Authorization", "Bearer " + token},
            {"Procore-Company-Id", std::to_string(company_id)},
        });
        // writer gets its headers per request (content type differs per call)
    }
};

ProcoreRfiApi::ProcoreRfiApi(std::string client_id, std::string client_secret, int64_t company_id)
    : impl_(std::make_unique<Impl>(std::move(client_id), std::move(client_secret), company_id)) {}

ProcoreRfiApi::~ProcoreRfiApi() = default;

bool ProcoreRfiApi::authenticate(const std::string& refresh_token) {
    httplib::Params form{
        {"grant_type", "refresh_token"},
        {"client_id", impl_->client_id},
        {"client_secret", impl_->client_secret},
        {"refresh_token", refresh_token},
    };
    auto res = impl_->auth->Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    impl_->applyToken(json::parse(res->body).at("access_token").get<std::string>());
    return true;
}

std::vector<Rfi> ProcoreRfiApi::openRfis(int64_t project_id) {
    std::vector<Rfi> out;
    for (int page = 1; page < 50; ++page) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "/rfis?filters[status]=open&page=" + std::to_string(page) + "&per_page=100";
        auto res = impl_->api->Get(path);
        if (!res || res->status != 200) break;
        json arr = json::parse(res->body);
        if (arr.empty()) break;
        for (const auto& r : arr) {
            Rfi rfi;
            rfi.id = r.at("id").get<int64_t>();
            rfi.number = r.value("number", "");
            rfi.subject = r.value("subject", "");
            rfi.status = r.value("status", "");
            if (r.contains("assignee") && !r["assignee"].is_null())
                rfi.assignee_id = r["assignee"]["id"].get<int32_t>();
            out.push_back(rfi);
        }
    }
    return out;
}

bool ProcoreRfiApi::postReply(int64_t project_id, int64_t rfi_id, const std::string& body) {
    httplib::Headers headers{
        {"Authorization", "Bearer " + impl_->access_token},
        {"Accept", "application/json"},
    };
    json payload = {{"reply", {{"body", body}}}};
    std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                       std::to_string(rfi_id) + "/replies";
    auto res = impl_->writer->Post(path, headers, payload.dump(), "application/json");
    return res && res->status == 201;
}

std::optional<std::string> ProcoreRfiApi::legacyRfiPdf(int64_t project_id, int64_t rfi_id) {
    auto res = impl_->legacy->Get("/vapid/projects/" + std::to_string(project_id) + "/rfis/" +
                                  std::to_string(rfi_id) + "/pdf");
    if (!res || res->status != 200) return std::nullopt;
    return res->body;
}

// ---------------------------------------------------------------------------
// Jira side

class JiraBoard {
public:
    JiraBoard(const std::string& host, const std::string& basic_auth)
        : cli_(std::make_unique<httplib::Client>(host)) {
        cli_->set_default_headers({{"Authorization", "Basic " + basic_auth}});
    }

    std::optional<std::string> answerFor(int issue_number) {
        auto res = cli_->Get("/rest/api/2/issue/OPS-" + std::to_string(issue_number) +
                             "?fields=customfield_10042");
        if (!res || res->status != 200) return std::nullopt;
        json j = json::parse(res->body);
        const auto& f = j["fields"]["customfield_10042"];
        if (f.is_null()) return std::nullopt;
        return f.get<std::string>();
    }

    int createIssue(const Rfi& rfi, int64_t project_id) {
        json issue = {{"fields",
                       {{"project", {{"key", "OPS"}}},
                        {"summary", "RFI " + rfi.number + ": " + rfi.subject},
                        {"description", "https://app.procore.com/" + std::to_string(project_id) +
                                            "/project/rfis/" + std::to_string(rfi.id)},
                        {"issuetype", {{"name", "Task"}}}}}};
        auto res = cli_->Post("/rest/api/2/issue", issue.dump(), "application/json");
        if (!res || res->status != 201) return -1;
        std::string key = json::parse(res->body).at("key").get<std::string>();
        return std::stoi(key.substr(key.find('-') + 1));
    }

private:
    std::unique_ptr<httplib::Client> cli_;
};

} // namespace bridge

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: rfi_bridge <company_id> <project_id>\n");
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int project_id = std::stoi(argv[2]);

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* jira_auth = std::getenv("JIRA_BASIC_AUTH");
    if (!cid || !secret || !refresh || !jira_auth) {
        std::fprintf(stderr, "missing credentials in environment\n");
        return 2;
    }

    bridge::ProcoreRfiApi procore(cid, secret, company_id);
    if (!procore.authenticate(refresh)) {
        std::fprintf(stderr, "procore auth failed\n");
        return 1;
    }
    bridge::JiraBoard jira("https://acme-design.atlassian.net", jira_auth);

    std::map<int64_t, bridge::JiraLink> links;   // would be loaded from sqlite in prod
    int created = 0, answered = 0;
    for (const auto& rfi : procore.openRfis(project_id)) {
        auto it = links.find(rfi.id);
        if (it == links.end()) {
            int n = jira.createIssue(rfi, project_id);
            if (n > 0) {
                links[rfi.id] = bridge::JiraLink{rfi.id, n};
                ++created;
            }
            continue;
        }
        if (auto answer = jira.answerFor(it->second.jira_issue_number)) {
            if (procore.postReply(project_id, rfi.id, *answer)) {
                ++answered;
                std::printf("rfi %lld answered from OPS-%d\n", static_cast<long long>(rfi.id),
                            it->second.jira_issue_number);
            }
        }
    }
    std::printf("%d jira issues created, %d replies posted\n", created, answered);
    return 0;
}
