// budget_snapshot: nightly job that copies each project's budget view into the
// finance warehouse staging table (CSV drop). Runs under a Developer Managed
// Service Account, so it authenticates with client_credentials - no user.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace budget_sync {

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;

struct Environment {
    utility::string_t login_base = U("https://login.procore.com");
    utility::string_t api_base = U("https://api.procore.com");
};

inline Environment production() { return {}; }

inline Environment monthly_sandbox() {
    return {U("https://login-sandbox-monthly.procore.com"), U("https://api-monthly.procore.com")};
}

// Customers on the us02 zone: their users log in through us02.
inline Environment zone_us02() {
    Environment e;
    e.api_base = U("https://us02.procore.com");
    return e;
}

struct CallOptions {
    method verb = methods::GET;
    std::int64_t company_id = 0;  // 0 = no company context
    json::value body = json::value::null();
    int per_page = 100;
    int page = 1;
};

inline pplx::task<json::value> call(http_client& api, const utility::string_t& path, const utility::string_t& token,
                                    const CallOptions& opt = {}) {
    uri_builder ub(path);
    if (opt.verb == methods::GET) {
        ub.append_query(U("page"), opt.page);
        ub.append_query(U("per_page"), opt.per_page);
    }
    http_request req(opt.verb);
    req.set_request_uri(ub.to_uri());
    req.headers().add(U("Authorization"), U("Bearer ") + token);
    if (opt.company_id != 0) req.headers().add(U("Procore-Company-Id"), to_string_t(std::to_string(opt.company_id)));
    if (!opt.body.is_null()) req.set_body(opt.body);
    return api.request(req).then([](http_response r) {
        if (r.status_code() >= 300) return pplx::task_from_result(json::value::null());
        return r.extract_json();
    });
}

inline json::value call_sync(http_client& api, const utility::string_t& path, const utility::string_t& token,
                             std::int64_t company_id) {
    CallOptions o;
    o.company_id = company_id;
    return call(api, path, token, o).get();
}

inline utility::string_t client_credentials_token(const Environment& env) {
    http_client login(env.login_base);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    utility::string_t form = U("grant_type=client_credentials&client_id=") + to_string_t(id ? id : "") +
                             U("&client_secret=") + to_string_t(secret ? secret : "");
    req.set_body(form, U("application/x-www-form-urlencoded"));
    auto body = login.request(req).get().extract_json().get();
    return body.has_field(U("access_token")) ? body.at(U("access_token")).as_string() : utility::string_t{};
}

}  // namespace budget_sync

struct BudgetRow {
    std::int64_t project_id = 0;
    std::int64_t cost_code_id = 0;
    utility::string_t cost_code;
    double original_budget = 0.0;
    double revised_budget = 0.0;
    double committed = 0.0;
};

static std::vector<BudgetRow> read_view(web::http::client::http_client& api, const utility::string_t& token,
                                        std::int64_t project_id, int budget_view_id) {
    using namespace budget_sync;
    std::vector<BudgetRow> rows;
    CallOptions opt;
    opt.per_page = 500;
    auto detail = call(api,
                       U("/rest/v1.0/budget_views/") + to_string_t(std::to_string(budget_view_id)) +
                           U("/detail_rows?project_id=") + to_string_t(std::to_string(project_id)),
                       token, opt)
                      .get();
    if (!detail.is_array()) return rows;
    for (const auto& r : detail.as_array()) {
        BudgetRow b;
        b.project_id = project_id;
        if (r.has_field(U("cost_code_id")) && r.at(U("cost_code_id")).is_number())
            b.cost_code_id = r.at(U("cost_code_id")).as_number().to_int64();
        b.cost_code = r.has_field(U("cost_code")) ? r.at(U("cost_code")).as_string() : U("");
        b.original_budget = r.has_field(U("original_budget_amount")) ? r.at(U("original_budget_amount")).as_double() : 0.0;
        b.revised_budget = r.has_field(U("revised_budget")) ? r.at(U("revised_budget")).as_double() : 0.0;
        b.committed = r.has_field(U("committed_costs")) ? r.at(U("committed_costs")).as_double() : 0.0;
        rows.push_back(b);
    }
    return rows;
}

static void flag_snapshot(web::http::client::http_client& api, const utility::string_t& token,
                          std::int64_t company_id, std::int64_t project_id, std::size_t row_count) {
    web::http::http_request req(web::http::methods::POST);
    req.set_request_uri(U("/rest/v1.0/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
                        U("/budget/snapshots"));
    req.headers().add(U("Authorization"), U("Bearer ") + token);
    req.headers().add(U("Company-Id"), utility::conversions::to_string_t(std::to_string(company_id)));
    web::json::value body;
    body[U("name")] = web::json::value::string(U("warehouse sync ") +
                                               utility::conversions::to_string_t(std::to_string(row_count)));
    req.set_body(body);
    api.request(req).wait();
}

int main(int argc, char** argv) {
    using namespace budget_sync;
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    if (!company_env) {
        std::cerr << "PROCORE_COMPANY_ID not set\n";
        return 2;
    }
    const long company_id = std::stol(company_env);
    const std::string mode = argc > 1 ? argv[1] : "prod";

    Environment env = mode == "monthly" ? monthly_sandbox() : mode == "us02" ? zone_us02() : production();
    const utility::string_t token = client_credentials_token(env);
    if (token.empty()) {
        std::cerr << "client_credentials grant failed\n";
        return 1;
    }
    http_client api(env.api_base);

    auto me = call(api, U("/rest/v1.0/me"), token).get();
    std::cout << "service account: " << (me.has_field(U("login")) ? me.at(U("login")).as_string() : U("?")) << "\n";

    auto companies = call_sync(api, U("/rest/v1.0/companies"), token, company_id);
    std::cout << "visible companies: " << (companies.is_array() ? companies.size() : 0) << "\n";

    auto projects = call_sync(api, U("/rest/v1.0/companies/") + to_string_t(std::to_string(company_id)) + U("/projects"),
                              token, company_id);
    std::ofstream csv("budget_snapshot.csv");
    csv << "project_id,cost_code_id,cost_code,original,revised,committed\n";

    for (const auto& p : projects.as_array()) {
        const std::int64_t project_id = p.at(U("id")).as_number().to_int64();
        auto views = call_sync(api, U("/rest/v1.0/budget_views?project_id=") + to_string_t(std::to_string(project_id)),
                               token, company_id);
        if (!views.is_array() || views.size() == 0) continue;
        const int budget_view_id = views.as_array().at(0).at(U("id")).as_integer();

        auto rows = read_view(api, token, project_id, budget_view_id);
        for (const auto& b : rows)
            csv << b.project_id << ',' << b.cost_code_id << ',' << b.cost_code << ',' << b.original_budget << ','
                << b.revised_budget << ',' << b.committed << '\n';
        flag_snapshot(api, token, company_id, project_id, rows.size());
        std::cout << "project " << project_id << ": " << rows.size() << " rows\n";
    }
    return 0;
}
