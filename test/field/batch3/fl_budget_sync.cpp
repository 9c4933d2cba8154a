// budget-sync: mirror job cost lines from the Northwind ERP into a Procore
// project's budget. Runs nightly under a Developer Managed Service Account
// (client-credentials grant), so there is no user in the loop.
//
//   PROCORE_ENV=sandbox budget-sync --job 24-117 [--prune] [--dry-run]
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID,
//      PROCORE_PROJECT_ID, PROCORE_BUDGET_VIEW_ID, ERP_API_KEY, SLACK_BOT_TOKEN

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

using nlohmann::json;

namespace net {

enum class Verb { Get, Post, Patch, Delete };

class Call {
public:
    Call(Verb verb, std::string url) : verb_(verb), url_(std::move(url)) {}

    Call& header(std::string name, std::string value) {
        headers_[std::move(name)] = std::move(value);
        return *this;
    }
    Call& bearer(std::string token) {
        bearer_ = std::move(token);
        return *this;
    }
    Call& json(const nlohmann::json& body) {
        body_ = body.dump();
        return header("Content-Type", "application/json");
    }
    Call& param(std::string key, std::string value) {
        params_.Add({std::move(key), std::move(value)});
        return *this;
    }

    cpr::Response send() const {
        cpr::Session session;
        session.SetUrl(cpr::Url{url_});
        session.SetHeader(headers_);
        session.SetParameters(params_);
        if (bearer_) session.SetBearer(cpr::Bearer{*bearer_});
        if (!body_.empty()) session.SetBody(cpr::Body{body_});
        switch (verb_) {
        case Verb::Get: return session.Get();
        case Verb::Post: return session.Post();
        case Verb::Patch: return session.Patch();
        case Verb::Delete: return session.Delete();
        }
        return {};
    }

private:
    Verb verb_;
    std::string url_;
    cpr::Header headers_{{"Accept", "application/json"}};
    cpr::Parameters params_;
    std::optional<std::string> bearer_;
    std::string body_;
};

struct Http {
    static Call get(std::string url) { return {Verb::Get, std::move(url)}; }
    static Call post(std::string url) { return {Verb::Post, std::move(url)}; }
    static Call patch(std::string url) { return {Verb::Patch, std::move(url)}; }
    static Call del(std::string url) { return {Verb::Delete, std::move(url)}; }
};

} // namespace net

using net::Http;

struct Region {
    std::string_view name;
    std::string_view login;
    std::string_view api;
};

constexpr Region kRegions[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

constexpr std::string_view kErpBase = "https://erp.northwind-builders.com/api/v2";

std::string env(const char* key, std::string fallback = {}) {
    const char* v = std::getenv(key);
    return v && *v ? v : std::move(fallback);
}

const Region& region() {
    const auto wanted = env("PROCORE_ENV", "production");
    for (const auto& r : kRegions)
        if (r.name == wanted) return r;
    throw std::runtime_error("unknown PROCORE_ENV " + wanted);
}

// Mutates in place; every Procore call in this tool goes through here.
net::Call& withCompany(net::Call& call, std::int64_t companyId) {
    return call.header("Procore-Company-Id", std::to_string(companyId));
}

struct Config {
    std::int64_t companyId = std::stoll(env("PROCORE_COMPANY_ID", "0"));
    std::int64_t projectId = std::stoll(env("PROCORE_PROJECT_ID", "0"));
    int budgetViewId = std::stoi(env("PROCORE_BUDGET_VIEW_ID", "0"));
    std::string job;
    bool prune = false;
    bool dryRun = false;
};

struct ErpLine {
    std::string costCode;
    double amount = 0.0;
};

std::string serviceAccountToken(const Region& r) {
    const auto resp = Http::post(std::string(r.login) + "/oauth/token")
                          .json({{"grant_type", "client_credentials"},
                                 {"client_id", env("PROCORE_CLIENT_ID")},
                                 {"client_secret", env("PROCORE_CLIENT_SECRET")}})
                          .send();
    if (resp.status_code != 200) throw std::runtime_error("token request failed: " + resp.text);
    return json::parse(resp.text).at("access_token").get<std::string>();
}

std::map<std::string, ErpLine> fetchErpLines(const std::string& job) {
    std::map<std::string, ErpLine> out;
    for (int page = 1; page <= 50; ++page) {
        const auto resp = Http::get(std::string(kErpBase) + "/jobs/" + job + "/cost-lines")
                              .header("X-Api-Key", env("ERP_API_KEY"))
                              .param("page", std::to_string(page))
                              .send();
        if (resp.status_code != 200) throw std::runtime_error("ERP returned " + std::to_string(resp.status_code));
        const auto rows = json::parse(resp.text).at("data");
        for (const auto& row : rows) {
            auto& line = out[row.at("cost_code").get<std::string>()];
            line.costCode = row.at("cost_code").get<std::string>();
            line.amount += row.at("budget_amount").get<double>();
        }
        if (rows.size() < 200) break;
    }
    return out;
}

int main(int argc, char** argv) {
    Config cfg;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--job" && i + 1 < argc) cfg.job = argv[++i];
        else if (arg == "--prune") cfg.prune = true;
        else if (arg == "--dry-run") cfg.dryRun = true;
    }
    if (cfg.job.empty() || cfg.companyId == 0 || cfg.projectId == 0) {
        std::cerr << "usage: budget-sync --job JOB [--prune] [--dry-run]\n";
        return 2;
    }

    const Region& r = region();
    const std::string api{r.api};
    const std::string token = serviceAccountToken(r);
    const std::string pid = std::to_string(cfg.projectId);

    // Sanity check: the service account must see the configured company.
    const auto companies = Http::get(api + "/rest/v1.0/companies").bearer(token).send();
    bool visible = false;
    for (const auto& c : json::parse(companies.text))
        visible = visible || c.at("id").get<std::int64_t>() == cfg.companyId;
    if (!visible) {
        std::cerr << "company " << cfg.companyId << " is not visible to this service account\n";
        return 1;
    }

    std::map<std::string, std::int64_t> costCodeIds;
    auto codesReq = Http::get(api + "/rest/v1.0/cost_codes").bearer(token).param("project_id", pid);
    for (const auto& cc : json::parse(withCompany(codesReq, cfg.companyId).send().text))
        costCodeIds.emplace(cc.at("full_code").get<std::string>(), cc.at("id").get<int>());

    std::map<std::string, std::int64_t> existing;
    auto rowsReq = Http::get(api + "/rest/v1.0/budget_views/" + std::to_string(cfg.budgetViewId) + "/detail_rows")
                       .bearer(token)
                       .param("project_id", pid);
    for (const auto& row : json::parse(withCompany(rowsReq, cfg.companyId).send().text))
        if (row.contains("cost_code") && row.contains("budget_line_item_id"))
            existing[row["cost_code"].get<std::string>()] = row["budget_line_item_id"].get<std::int64_t>();

    const auto erpLines = fetchErpLines(cfg.job);
    int created = 0, updated = 0, skipped = 0, removed = 0;
    for (const auto& [code, line] : erpLines) {
        const auto cc = costCodeIds.find(code);
        if (cc == costCodeIds.end()) {
            ++skipped;
            continue;
        }
        const json item = {{"budget_line_item", {{"amount", line.amount}, {"cost_code_id", cc->second}}}};
        if (cfg.dryRun) continue;
        if (const auto hit = existing.find(code); hit != existing.end()) {
            auto req = Http::patch(api + "/rest/v1.0/budget_line_items/" + std::to_string(hit->second))
                           .bearer(token)
                           .param("project_id", pid)
                           .json(item);
            if (withCompany(req, cfg.companyId).send().status_code == 200) ++updated;
        } else {
            auto req = Http::post(api + "/rest/v1.0/budget_line_items").bearer(token).param("project_id", pid);
            withCompany(req, cfg.companyId).json(item);
            if (const auto resp = req.send(); resp.status_code == 201) ++created;
            else std::cerr << "create " << code << ": HTTP " << resp.status_code << " " << resp.text << "\n";
        }
    }

    if (cfg.prune && !cfg.dryRun) {
        std::set<std::string> keep;
        for (const auto& entry : erpLines) keep.insert(entry.first);
        for (const auto& [code, lineItemId] : existing) {
            if (keep.count(code)) continue;
            const auto resp = Http::del(api + "/rest/v1.0/budget_line_items/" + std::to_string(lineItemId))
                                  .bearer(token)
                                  .param("project_id", pid)
                                  .send();
            if (resp.status_code == 204 || resp.status_code == 200) ++removed;
        }
    }

    const std::string summary = "Budget sync for job " + cfg.job + ": " + std::to_string(created) + " created, " +
                                std::to_string(updated) + " updated, " + std::to_string(removed) + " removed, " +
                                std::to_string(skipped) + " without a cost code. " +
                                "https://app.procore.com/" + pid + "/project/budgeting";
    std::cout << summary << "\n";
    if (const auto slack = env("SLACK_BOT_TOKEN"); !slack.empty()) {
        Http::post("https://slack.com/api/chat.postMessage")
            .bearer(slack)
            .json({{"channel", "#job-costs"}, {"text", summary}})
            .send();
    }
    return 0;
}
