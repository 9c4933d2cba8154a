// dmsa_reporter: payroll export. Runs as a Developer Managed Service Account
// (client_credentials grant), walks every active project and writes the
// approved timecard hours of the week to a CSV for the payroll provider.
//
// Requests are built by RequestFactory and moved into the Dispatcher, which
// owns auth, retries and metrics.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;

namespace payroll {

constexpr const char* kTokenUrl = "https://login.procore.com/oauth/token";
constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kSandboxTokenUrl = "https://login-sandbox.procore.com/oauth/token";
constexpr const char* kSandboxApiBase = "https://login-sandbox.procore.com";

struct ApiRequest {
    enum class Verb { Get, Post };
    Verb verb = Verb::Get;
    cpr::Url url;
    cpr::Header headers;
    cpr::Parameters params;
    std::string body;
};

class RequestFactory {
public:
    RequestFactory(std::string base, int32_t company_id) : base_(std::move(base)), company_id_(company_id) {}

    std::shared_ptr<ApiRequest> me() const { return scoped("/rest/v1.0/me"); }

    std::shared_ptr<ApiRequest> companies() const {
        auto r = std::make_shared<ApiRequest>();
        r->url = cpr::Url{base_ + "/rest/v1.0/companies"};
        r->headers = cpr::Header{{"Accept", "application/json"}};
        return r;
    }

    std::shared_ptr<ApiRequest> projects(int page) const {
        auto r = scoped("/rest/v1.0/projects");
        r->params = cpr::Parameters{{"company_id", std::to_string(company_id_)},
                                    {"page", std::to_string(page)},
                                    {"per_page", "300"}};
        return r;
    }

    std::shared_ptr<ApiRequest> timecards(int64_t project_id, const std::string& start,
                                          const std::string& end) const {
        auto r = std::make_shared<ApiRequest>();
        r->url = cpr::Url{base_ + "/rest/v1.0/projects/" + std::to_string(project_id) + "/timecard_entries"};
        r->headers = cpr::Header{{"Accept", "application/json"},
                                 {"Procore-CompanyId", std::to_string(company_id_)}};
        r->params = cpr::Parameters{{"start_date", start}, {"end_date", end}};
        return r;
    }

private:
    std::shared_ptr<ApiRequest> scoped(const std::string& path) const {
        auto r = std::make_shared<ApiRequest>();
        r->url = cpr::Url{base_ + path};
        r->headers = cpr::Header{{"Accept", "application/json"},
                                 {"Procore-Company-Id", std::to_string(company_id_)}};
        return r;
    }

    std::string base_;
    int32_t company_id_;
};

class Dispatcher {
public:
    Dispatcher(std::string token_url, std::string client_id, std::string client_secret);
    ~Dispatcher();
    bool authenticate();
    json dispatch(ApiRequest req);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct Dispatcher::Impl {
    std::string token_url;
    std::string client_id;
    std::string client_secret;
    std::string access_token;
    int calls = 0;
    int failures = 0;
};

Dispatcher::Dispatcher(std::string token_url, std::string client_id, std::string client_secret)
    : impl_(std::make_unique<Impl>()) {
    impl_->token_url = std::move(token_url);
    impl_->client_id = std::move(client_id);
    impl_->client_secret = std::move(client_secret);
}

Dispatcher::~Dispatcher() = default;

bool Dispatcher::authenticate() {
    cpr::Response r = cpr::Post(cpr::Url{impl_->token_url},
                                cpr::Payload{{"grant_type", "client_credentials"},
                                             {"client_id", impl_->client_id},
                                             {"client_secret", impl_->client_secret}});
    if (r.status_code != 200) return false;
    impl_->access_token = json::parse(r.text).at("access_token").get<std::string>();
    return true;
}

json Dispatcher::dispatch(ApiRequest req) {
    ++impl_->calls;
    cpr::Response r;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (req.verb == ApiRequest::Verb::Get)
            r = cpr::Get(req.url, req.headers, req.params, cpr::Bearer{impl_->access_token});
        else
            r = cpr::Post(req.url, req.headers, cpr::Body{req.body}, cpr::Bearer{impl_->access_token});
        if (r.status_code != 429 && r.status_code < 500) break;
    }
    if (r.status_code >= 400) {
        ++impl_->failures;
        throw std::runtime_error("HTTP " + std::to_string(r.status_code) + " " + req.url.str());
    }
    return json::parse(r.text);
}

void pushMetric(const std::string& name, double value) {
    const char* key = std::getenv("DD_API_KEY");
    if (!key) return;
    json series = {{"series", {{{"metric", name}, {"type", 3}, {"points", {{{"value", value}}}}}}}};
    cpr::Post(cpr::Url{"https://api.datadoghq.com/api/v2/series"},
              cpr::Header{{"DD-API-KEY", key}, {"Content-Type", "application/json"}},
              cpr::Body{series.dump()});
}

} // namespace payroll

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: dmsa_reporter <week-start> <week-end> [--sandbox]\n";
        return 2;
    }
    const bool sandbox = argc > 3 && std::string(argv[3]) == "--sandbox";
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    const char* client_id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!cid || !client_id || !secret) return 2;
    const int32_t company_id = std::atoi(cid);

    payroll::Dispatcher dispatcher(sandbox ? payroll::kSandboxTokenUrl : payroll::kTokenUrl, client_id, secret);
    payroll::RequestFactory factory(sandbox ? payroll::kSandboxApiBase : payroll::kApiBase, company_id);
    if (!dispatcher.authenticate()) {
        std::cerr << "client_credentials grant failed\n";
        return 1;
    }

    std::ofstream csv("timecards.csv");
    csv << "project_id,login_information_id,date,hours\n";
    int rows = 0;
    try {
        json me = dispatcher.dispatch(std::move(*factory.me()));
        std::cout << "service account: " << me.value("login", "?") << "\n";

        json companies = dispatcher.dispatch(std::move(*factory.companies()));
        std::cout << "visible companies: " << companies.size() << "\n";

        std::vector<int64_t> project_ids;
        for (int page = 1;; ++page) {
            auto req = factory.projects(page);
            json batch = dispatcher.dispatch(std::move(*req));
            if (batch.empty()) break;
            for (const auto& p : batch)
                if (p.value("active", false)) project_ids.push_back(p.at("id").get<int64_t>());
        }

        for (int64_t pid : project_ids) {
            json entries = dispatcher.dispatch(std::move(*factory.timecards(pid, argv[1], argv[2])));
            for (const auto& e : entries) {
                csv << pid << "," << e["login_information"]["id"].get<int64_t>() << ","
                    << e.value("date", "") << "," << e.value("hours", "0") << "\n";
                ++rows;
            }
            std::printf("project %d: %zu entries\n", static_cast<int>(pid), entries.size());
        }
    } catch (const std::exception& e) {
        std::cerr << "export aborted: " << e.what() << "\n";
        payroll::pushMetric("payroll.export.failed", 1);
        return 1;
    }
    payroll::pushMetric("payroll.export.rows", rows);
    return 0;
}
