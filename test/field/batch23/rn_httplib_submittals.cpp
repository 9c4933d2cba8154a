// submittal_digest: nightly job that runs under a Developer Managed Service
// Account, walks every active project of the company, collects submittals
// still waiting on review and posts a digest to the PM channel.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

namespace {

struct Environment {
    std::string_view name;
    std::string_view login_base;
    std::string_view api_base;
};

constexpr std::array<Environment, 3> kEnvironments{{
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
}};

std::optional<Environment> pickEnvironment(std::string_view name) {
    auto it = std::find_if(kEnvironments.begin(), kEnvironments.end(),
                           [name](const Environment& e) { return e.name == name; });
    return it == kEnvironments.end() ? std::nullopt : std::optional<Environment>(*it);
}

httplib::Headers makeHeaders(const KeyValues& kv) {
    httplib::Headers h;
    std::transform(kv.begin(), kv.end(), std::inserter(h, h.end()),
                   [](const auto& p) { return std::make_pair(p.first, p.second); });
    return h;
}

std::string withQuery(std::string path, const KeyValues& query) {
    return std::accumulate(query.begin(), query.end(), path,
                           [](std::string acc, const auto& kv) {
                               acc += (acc.find('?') == std::string::npos) ? '?' : '&';
                               return acc + kv.first + "=" + kv.second;
                           });
}

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string status;
    unsigned spec_section_id = 0;
    int64_t responsible_contractor_id = 0;
};

class DigestJob {
public:
    DigestJob(const Environment& env, int64_t company_id)
        : login_(std::string(env.login_base)), api_(std::string(env.api_base)),
          company_id_(company_id) {
        api_.set_read_timeout(30, 0);
    }

    bool authenticate(const std::string& client_id, const std::string& client_secret) {
        httplib::Params form{{"grant_type", "client_credentials"},
                             {"client_id", client_id},
                             {"client_secret", client_secret}};
        auto res = login_.Post("/oauth/token", form);
        if (!res || res->status != 200) return false;
        token_ = json::parse(res->body).value("access_token", std::string{});
        return !token_.empty();
    }

    std::vector<int64_t> visibleCompanies() {
        auto res = api_.Get("/rest/v1.0/companies", authHeaders());
        std::vector<int64_t> ids;
        if (!res || res->status != 200) return ids;
        const json arr = json::parse(res->body);
        std::transform(arr.begin(), arr.end(), std::back_inserter(ids),
                       [](const json& c) { return c.at("id").get<int64_t>(); });
        return ids;
    }

    std::optional<std::string> accountName() {
        auto res = api_.Get("/rest/v1.0/me", companyHeaders());
        if (!res || res->status != 200) return std::nullopt;
        return json::parse(res->body).value("name", std::string{});
    }

    std::vector<int64_t> activeProjects(int per_page) {
        const auto path = withQuery("/rest/v1.0/projects",
                                    {{"company_id", std::to_string(company_id_)},
                                     {"per_page", std::to_string(per_page)},
                                     {"filters[active]", "true"}});
        auto res = api_.Get(path, companyHeaders());
        std::vector<int64_t> ids;
        if (!res || res->status != 200) return ids;
        const json arr = json::parse(res->body);
        std::transform(arr.begin(), arr.end(), std::back_inserter(ids),
                       [](const json& p) { return p.at("id").get<int64_t>(); });
        return ids;
    }

    std::vector<Submittal> pendingSubmittals(int64_t project_id) {
        const auto path = withQuery("/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals",
                                    {{"filters[status_id]", "2"}, {"per_page", "200"}});
        auto res = api_.Get(path, companyHeaders());
        std::vector<Submittal> out;
        if (!res || res->status != 200) return out;
        const json arr = json::parse(res->body);
        std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const json& j) {
            Submittal s;
            s.id = j.at("id").get<int64_t>();
            s.number = j.value("number", "");
            s.title = j.value("title", "");
            s.status = j.contains("status") ? j["status"].value("name", "") : "";
            s.spec_section_id = j["specification_section"].value("id", int64_t{0});
            s.responsible_contractor_id = j["responsible_contractor"].value("id", int64_t{0});
            return s;
        });
        return out;
    }

    bool markForFollowUp(int64_t project_id, int64_t submittal_id) {
        const json body = {{"submittal", {{"description", "Flagged by nightly digest: awaiting review > 14 days"}}}};
        const auto path = "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals/" +
                          std::to_string(submittal_id);
        auto res = api_.Patch(path,
                              makeHeaders({{"Authorization", "Bearer " + token_},
                                           {"Procore-CompanyId", std::to_string(company_id_)}}),
                              body.dump(), "application/json");
        return res && res->status == 200;
    }

private:
    httplib::Headers authHeaders() const {
        return makeHeaders({{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}});
    }

    httplib::Headers companyHeaders() const {
        KeyValues kv{{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
        kv.emplace_back("Procore-Company-Id", std::to_string(company_id_));
        return makeHeaders(kv);
    }

    httplib::Client login_;
    httplib::Client api_;
    std::string token_;
    int64_t company_id_;
};

void postDigest(const std::string& webhook_path, const std::string& text) {
    httplib::Client slack("https://hooks.slack.com");
    const json msg = {{"text", text}};
    auto res = slack.Post(webhook_path.c_str(), msg.dump(), "application/json");
    if (!res || res->status != 200) std::cerr << "slack post failed\n";
}

}  // namespace

int main() {
    const char* env_name = std::getenv("PROCORE_ENV");
    auto env = pickEnvironment(env_name ? env_name : "production");
    if (!env) {
        std::cerr << "unknown PROCORE_ENV\n";
        return 2;
    }
    const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    DigestJob job(*env, company_id);
    if (!job.authenticate(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"))) {
        std::cerr << "client_credentials grant failed\n";
        return 1;
    }
    if (auto name = job.accountName()) std::cout << "service account: " << *name << "\n";

    const auto companies = job.visibleCompanies();
    if (std::none_of(companies.begin(), companies.end(),
                     [company_id](int64_t id) { return id == company_id; })) {
        std::cerr << "service account not installed in company " << company_id << "\n";
        return 1;
    }

    std::map<int, std::vector<Submittal>> by_project;
    const auto projects = job.activeProjects(100);
    std::for_each(projects.begin(), projects.end(), [&](int64_t project_id) {
        auto pending = job.pendingSubmittals(project_id);
        if (!pending.empty()) by_project[project_id] = std::move(pending);
    });

    const std::string digest = std::accumulate(
        by_project.begin(), by_project.end(), std::string("Submittals awaiting review:\n"),
        [company_id](std::string acc, const auto& entry) {
            acc += "https://app.procore.com/" + std::to_string(entry.first) +
                   "/project/submittal_logs (company " + std::to_string(company_id) + ")\n";
            return std::accumulate(entry.second.begin(), entry.second.end(), acc,
                                   [](std::string a, const Submittal& s) {
                                       return a + "  #" + s.number + " " + s.title + "\n";
                                   });
        });

    const int flagged = std::accumulate(by_project.begin(), by_project.end(), 0,
        [&job](int n, const auto& entry) {
            return n + static_cast<int>(std::count_if(
                entry.second.begin(), entry.second.end(), [&](const Submittal& s) {
                    return job.markForFollowUp(entry.first, s.id);
                }));
        });

    std::cout << digest << flagged << " submittals flagged\n";
    if (const char* hook = std::getenv("SLACK_WEBHOOK_PATH")) postDigest(hook, digest);
    return 0;
}
