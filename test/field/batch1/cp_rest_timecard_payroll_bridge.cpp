// timecard_payroll_bridge.cpp
//
// Exports the previous day's Procore timecard entries of every active
// project to the payroll ERP. Runs against production, the developer sandbox
// or the monthly sandbox depending on --env.

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

enum class environment { production, dev_sandbox, monthly_sandbox };

struct env_endpoints {
    utility::string_t login;
    utility::string_t api;
};

static env_endpoints endpoints_for(environment env)
{
    env_endpoints ep;
    switch (env) {
    case environment::production:
        ep.login = U("https://app.procore.com");
        ep.api = U("https://api.procore.com");
        break;
    case environment::dev_sandbox:
        ep.login = U("https://login-sandbox.procore.com");
        ep.api = U("https://sandbox.procore.com");
        break;
    case environment::monthly_sandbox:
        ep.login = U("https://login-sandbox-monthly.procore.com");
        ep.api = U("https://api-sandbox-monthly.procore.com");
        break;
    }
    return ep;
}

struct bridge_config {
    environment env = environment::production;
    utility::string_t client_id;
    utility::string_t client_secret;
    utility::string_t refresh_token;
    int64_t company_id = 0;
    utility::string_t payroll_base = U("https://payroll.corp.local");
    utility::string_t work_date;
};

static utility::string_t refresh_access_token(const env_endpoints& ep, const bridge_config& cfg)
{
    http_client login(ep.login);
    json::value form;
    form[U("grant_type")] = json::value::string(U("refresh_token"));
    form[U("refresh_token")] = json::value::string(cfg.refresh_token);
    form[U("client_id")] = json::value::string(cfg.client_id);
    form[U("client_secret")] = json::value::string(cfg.client_secret);
    return login.request(methods::POST, U("/oauth/token"), form)
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); })
        .get();
}

static json::value get_json(http_client& api, const utility::string_t& path_and_query,
                            const http_headers& headers)
{
    http_request req(methods::GET);
    req.set_request_uri(path_and_query);
    for (const auto& h : headers)
        req.headers().add(h.first, h.second);
    http_response resp = api.request(req).get();
    if (resp.status_code() != status_codes::OK) {
        ucout << U("GET ") << path_and_query << U(" -> ") << resp.status_code() << std::endl;
        return json::value::array();
    }
    return resp.extract_json().get();
}

int main(int argc, char** argv)
{
    bridge_config cfg;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--env=sandbox") cfg.env = environment::dev_sandbox;
        else if (a == "--env=monthly") cfg.env = environment::monthly_sandbox;
        else if (a.rfind("--date=", 0) == 0) cfg.work_date = utility::conversions::to_string_t(a.substr(7));
    }
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!cid || !sec || !rt || !company || cfg.work_date.empty()) {
        std::cerr << "missing credentials, PROCORE_COMPANY_ID or --date=YYYY-MM-DD\n";
        return 2;
    }
    cfg.client_id = utility::conversions::to_string_t(cid);
    cfg.client_secret = utility::conversions::to_string_t(sec);
    cfg.refresh_token = utility::conversions::to_string_t(rt);
    cfg.company_id = std::strtoll(company, nullptr, 10);

    const env_endpoints ep = endpoints_for(cfg.env);
    const utility::string_t token = refresh_access_token(ep, cfg);

    http_headers auth;
    auth.add(header_names::authorization, U("Bearer ") + token);
    auth.add(header_names::accept, U("application/json"));
    http_headers company_scoped = auth;
    company_scoped.add(U("Procore-Company-Id"), cfg.company_id);

    http_client api(ep.api);

    uri_builder projects_uri(U("/rest/v1.0/projects"));
    projects_uri.append_query(U("company_id"), cfg.company_id);
    projects_uri.append_query(U("filters[active]"), U("true"));
    json::value projects = get_json(api, projects_uri.to_string(), auth);

    std::map<int, double> hours_by_worker;
    int entries = 0;
    for (const auto& p : projects.as_array()) {
        const int64_t project_id = p.at(U("id")).as_number().to_int64();
        uri_builder tc(U("/rest/v1.0/projects"));
        tc.append_path(utility::conversions::to_string_t(std::to_string(project_id)));
        tc.append_path(U("timecard_entries"));
        tc.append_query(U("filters[date]"), cfg.work_date);
        json::value rows = get_json(api, tc.to_string(), company_scoped);
        for (const auto& e : rows.as_array()) {
            if (!e.has_field(U("login_information")) || e.at(U("login_information")).is_null())
                continue;
            const auto worker = e.at(U("login_information")).at(U("id")).as_number().to_int64();
            hours_by_worker[worker] += e.at(U("hours")).as_double();
            ++entries;
        }
    }

    json::value sheet;
    sheet[U("work_date")] = json::value::string(cfg.work_date);
    sheet[U("source")] = json::value::string(U("procore"));
    std::vector<json::value> lines;
    for (const auto& kv : hours_by_worker) {
        json::value line;
        line[U("procore_user_id")] = json::value::number(kv.first);
        line[U("hours")] = json::value::number(kv.second);
        lines.push_back(line);
    }
    sheet[U("lines")] = json::value::array(lines);

    http_client payroll(cfg.payroll_base);
    http_request post(methods::POST);
    post.set_request_uri(U("/api/v3/timesheets/import"));
    post.headers().add(U("X-Api-Key"), utility::conversions::to_string_t(std::getenv("PAYROLL_KEY") ? std::getenv("PAYROLL_KEY") : ""));
    post.set_body(sheet);
    http_response pr = payroll.request(post).get();

    ucout << entries << U(" timecard entries, ") << hours_by_worker.size()
          << U(" workers, payroll answered ") << pr.status_code() << std::endl;
    return pr.status_code() < 300 ? 0 : 1;
}
