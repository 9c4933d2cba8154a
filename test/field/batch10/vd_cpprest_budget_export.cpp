// vd_cpprest_budget_export.cpp
// Month-end cost export: dumps budget, commitment and prime-contract data for
// one project into a CSV the finance team loads into the ERP. Failures are
// filed as GitHub issues on the integrations repo.
#include <cpprest/http_client.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;
using web::http::http_request;
using web::http::methods;
using web::http::status_codes;
using web::http::client::http_client;

namespace costexport {

const std::string kProcoreApi = "https://api.procore.com";
const std::string kProcoreLogin = "https://login.procore.com";

struct ExportContext {
    std::string accessToken;
    std::string refreshToken;
    std::string clientId;
    std::string clientSecret;
    std::int64_t companyId = 0;
    std::int64_t projectId = 0;
};

class Exporter {
public:
    virtual ~Exporter() = default;

    virtual std::string name() const = 0;
    virtual std::string baseUri() const { return kProcoreApi; }
    virtual std::string path(const ExportContext& ctx) const = 0;
    virtual bool companyScoped() const { return true; }
    virtual void consume(const json& payload, std::ostream& csv) = 0;

    virtual bool run(ExportContext& ctx, std::ostream& csv) {
        http_client client(baseUri());
        http_request req(methods::GET);
        req.set_request_uri(path(ctx));
        req.headers().add("Authorization", "Bearer " + ctx.accessToken);
        req.headers().add("Accept", "application/json");
        if (companyScoped()) {
            req.headers().add("Procore-Company-Id", std::to_string(ctx.companyId));
        }
        web::http::http_response resp = client.request(req).get();
        if (resp.status_code() != status_codes::OK) {
            std::cerr << name() << ": HTTP " << resp.status_code() << "\n";
            return false;
        }
        consume(json::parse(resp.extract_string().get()), csv);
        return true;
    }
};

class BudgetViewsExporter : public Exporter {
public:
    std::string name() const override { return "budget_views"; }
    std::string path(const ExportContext& ctx) const override {
        return "/rest/v1.0/budget_views?project_id=" + std::to_string(ctx.projectId);
    }
    void consume(const json& payload, std::ostream& csv) override {
        for (const auto& v : payload) {
            csv << "budget_view," << v.at("id").get<std::int64_t>() << "," << v.value("name", "") << "\n";
        }
    }
};

class BudgetDetailRowsExporter : public Exporter {
public:
    explicit BudgetDetailRowsExporter(std::int32_t budgetViewId) : budgetViewId_(budgetViewId) {}
    std::string name() const override { return "budget_detail_rows"; }
    std::string path(const ExportContext& ctx) const override {
        return "/rest/v1.0/budget_views/" + std::to_string(budgetViewId_) +
               "/detail_rows?project_id=" + std::to_string(ctx.projectId);
    }
    void consume(const json& payload, std::ostream& csv) override {
        for (const auto& row : payload) {
            csv << "budget_row," << row.value("cost_code", "") << ","
                << row.value("original_budget_amount", 0.0) << "\n";
        }
    }

private:
    std::int32_t budgetViewId_;
};

class CommitmentsExporter : public Exporter {
public:
    std::string name() const override { return "work_order_contracts"; }
    std::string path(const ExportContext& ctx) const override {
        return "/rest/v1.0/work_order_contracts?project_id=" + std::to_string(ctx.projectId);
    }
    void consume(const json& payload, std::ostream& csv) override {
        std::map<int, double> committedByVendor;
        for (const auto& c : payload) {
            if (c.contains("vendor") && !c["vendor"].is_null()) {
                committedByVendor[c["vendor"]["id"].get<std::int64_t>()] += c.value("grand_total", 0.0);
            }
        }
        for (const auto& [vendor, total] : committedByVendor) {
            csv << "commitment," << vendor << "," << total << "\n";
        }
    }
};

class PrimeContractsExporter : public Exporter {
public:
    std::string name() const override { return "prime_contracts"; }
    std::string path(const ExportContext& ctx) const override {
        return "/rest/v1.0/prime_contracts?project_id=" + std::to_string(ctx.projectId);
    }
    void consume(const json& payload, std::ostream& csv) override {
        for (const auto& pc : payload) {
            csv << "prime_contract," << pc.at("id").get<std::int64_t>() << ","
                << pc.value("grand_total", 0.0) << "\n";
        }
    }
    // prime contracts are paginated on big jobs; walk pages until we get a short one
    bool run(ExportContext& ctx, std::ostream& csv) override {
        http_client client(baseUri());
        const int perPage = 100;
        for (int page = 1; page <= 50; ++page) {
            http_request req(methods::GET);
            req.set_request_uri(path(ctx) + "&page=" + std::to_string(page) +
                                "&per_page=" + std::to_string(perPage));
            req.headers().add("Authorization", "Bearer " + ctx.accessToken);
            auto resp = client.request(req).get();
            if (resp.status_code() != status_codes::OK) {
                return false;
            }
            const json payload = json::parse(resp.extract_string().get());
            consume(payload, csv);
            if (payload.size() < static_cast<std::size_t>(perPage)) {
                break;
            }
        }
        return true;
    }
};

class LegacyCostCodesExporter : public Exporter {
public:
    std::string name() const override { return "cost_codes"; }
    // old vapid endpoint still returns the full WBS tree in one call
    std::string baseUri() const override { return "https://app.procore.com"; }
    std::string path(const ExportContext& ctx) const override {
        return "/vapid/cost_codes?project_id=" + std::to_string(ctx.projectId);
    }
    void consume(const json& payload, std::ostream& csv) override {
        for (const auto& cc : payload) {
            csv << "cost_code," << cc.value("full_code", "") << "," << cc.value("name", "") << "\n";
        }
    }
};

bool refreshToken(ExportContext& ctx) {
    http_client login(kProcoreLogin);
    http_request req(methods::POST);
    req.set_request_uri("/oauth/token");
    req.set_body("grant_type=refresh_token&refresh_token=" + ctx.refreshToken + "&client_id=" +
                     ctx.clientId + "&client_secret=" + ctx.clientSecret,
                 "application/x-www-form-urlencoded");
    auto resp = login.request(req).get();
    if (resp.status_code() != status_codes::OK) {
        return false;
    }
    const json tok = json::parse(resp.extract_string().get());
    ctx.accessToken = tok.at("access_token").get<std::string>();
    ctx.refreshToken = tok.value("refresh_token", ctx.refreshToken);
    return true;
}

int fileGithubIssue(const std::string& title, const std::string& details) {
    const char* ghToken = std::getenv("GITHUB_TOKEN");
    if (!ghToken) return -1;
    http_client gh("https://api.github.com");
    http_request req(methods::POST);
    req.set_request_uri("/repos/acme-builders/procore-integrations/issues");
    req.headers().add("Authorization", std::string("Bearer ") + ghToken);
    req.headers().add("User-Agent", "cost-export");
    req.set_body(json{{"title", title}, {"body", details}}.dump(), "application/json");
    auto resp = gh.request(req).get();
    const int issueNumber = json::parse(resp.extract_string().get()).value("number", -1);
    return issueNumber;
}

std::vector<std::unique_ptr<Exporter>> makeExporters(std::int64_t budgetViewId) {
    std::vector<std::unique_ptr<Exporter>> out;
    out.push_back(std::make_unique<BudgetViewsExporter>());
    out.push_back(std::make_unique<BudgetDetailRowsExporter>(budgetViewId));
    out.push_back(std::make_unique<CommitmentsExporter>());
    out.push_back(std::make_unique<PrimeContractsExporter>());
    out.push_back(std::make_unique<LegacyCostCodesExporter>());
    return out;
}

}  // namespace costexport

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: cost-export <budget_view_id> <out.csv>\n";
        return 2;
    }
    costexport::ExportContext ctx;
    ctx.refreshToken = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    ctx.clientId = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    ctx.clientSecret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    ctx.companyId = std::atoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0");
    ctx.projectId = std::atoll(std::getenv("PROCORE_PROJECT_ID") ? std::getenv("PROCORE_PROJECT_ID") : "0");

    if (!costexport::refreshToken(ctx)) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    std::ofstream csv(argv[2]);
    int failed = 0;
    for (auto& exporter : costexport::makeExporters(std::stoll(argv[1]))) {
        if (!exporter->run(ctx, csv)) {
            ++failed;
            const int issue = costexport::fileGithubIssue(
                "cost export failed: " + exporter->name(),
                "Project: https://app.procore.com/" + std::to_string(ctx.projectId) + "/project/budgeting");
            std::cerr << exporter->name() << " failed, filed issue #" << issue << "\n";
        }
    }
    return failed == 0 ? 0 : 1;
}
