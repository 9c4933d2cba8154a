// submittal_report: weekly overdue-submittal report for the PMs. Pulls the
// submittal log for each project given on the command line, resolves the
// approvers of the overdue ones and uploads a CSV to the report bucket.
//
//   submittal_report --region us --project 562949953421312 --project ...
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;

struct Hosts {
    const char* login;
    const char* api;
};

static const std::map<std::string, Hosts> kRegions = {
    {"us", {"https://login.procore.com", "https://api.procore.com"}},
    {"us02", {"https://login.procore.com", "https://us02.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
};

struct Config {
    Hosts hosts{};
    utility::string_t token;
    std::int64_t company_id = 0;
    std::vector<std::int64_t> projects;
    std::string upload_url;
};

struct OverdueRow {
    std::int64_t project_id;
    std::int64_t submittal_id;
    std::string title;
    std::string due;
    std::string approvers;
};

http_request make_get(const utility::string_t& path)
{
    http_request req(methods::GET);
    req.set_request_uri(path);
    req.headers().add(U("Accept"), U("application/json"));
    return req;
}

http_request with_procore_headers(http_request req, const Config& cfg)
{
    req.headers().add(U("Authorization"), U("Bearer ") + cfg.token);
    req.headers().add(U("Procore-Company-Id"), to_string_t(std::to_string(cfg.company_id)));
    return req;
}

pplx::task<json::value> send_json(http_client& client, http_request req)
{
    return client.request(req).then([](http_response resp) {
        if (resp.status_code() != status_codes::OK) {
            throw http_exception(resp.status_code(), "unexpected status");
        }
        return resp.extract_json();
    });
}

static Config parse_args(int argc, char** argv)
{
    Config cfg;
    const char* envRegion = std::getenv("PROCORE_REGION");
    std::string region = envRegion ? envRegion : "us";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--region" && i + 1 < argc)
            region = argv[++i];
        else if (a == "--project" && i + 1 < argc)
            cfg.projects.push_back(std::stoi(argv[++i]));
    }
    auto it = kRegions.find(region);
    cfg.hosts = it != kRegions.end() ? it->second : kRegions.at("us");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    cfg.company_id = company ? std::stoll(company) : 0;
    const char* upload = std::getenv("REPORT_UPLOAD_URL");
    cfg.upload_url = upload ? upload : "";
    return cfg;
}

static pplx::task<utility::string_t> refresh_token(const Config& cfg)
{
    http_client login(to_string_t(cfg.hosts.login));
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("refresh_token")] = json::value::string(to_string_t(std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : ""));
    body[U("client_id")] = json::value::string(to_string_t(std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""));
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body(body);
    return login.request(req)
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

static std::vector<OverdueRow> overdue_for_project(http_client& api, const Config& cfg,
                                                   std::int64_t projectId)
{
    utility::string_t base = U("/rest/v1.1/projects/") + to_string_t(std::to_string(projectId));
    http_request listReq = with_procore_headers(
        make_get(base + U("/submittals?filters[overdue]=true&per_page=200")), cfg);

    std::vector<OverdueRow> rows;
    json::value list = send_json(api, listReq).get();
    for (auto& s : list.as_array()) {
        OverdueRow row;
        row.project_id = s.at(U("project")).at(U("id")).as_number().to_int64();
        row.submittal_id = s.at(U("id")).as_integer();
        row.title = utility::conversions::to_utf8string(s.at(U("title")).as_string());
        row.due = s.has_field(U("due_date")) && s.at(U("due_date")).is_string()
                      ? utility::conversions::to_utf8string(s.at(U("due_date")).as_string())
                      : "";
        rows.push_back(row);
    }

    for (auto& row : rows) {
        http_request approversReq = make_get(
            base + U("/submittals/") + to_string_t(std::to_string(row.submittal_id)) +
            U("/approvers"));
        approversReq.headers().add(U("Authorization"), U("Bearer ") + cfg.token);
        json::value approvers = send_json(api, approversReq).get();
        std::ostringstream names;
        for (auto& a : approvers.as_array()) {
            if (a.has_field(U("user")))
                names << utility::conversions::to_utf8string(
                             a.at(U("user")).at(U("name")).as_string())
                      << " | ";
        }
        row.approvers = names.str();
    }
    return rows;
}

int main(int argc, char** argv)
{
    Config cfg = parse_args(argc, argv);
    try {
        cfg.token = refresh_token(cfg).get();
    } catch (const std::exception& e) {
        std::cerr << "login failed: " << e.what() << "\n";
        return 2;
    }

    http_client api(to_string_t(cfg.hosts.api));
    std::ostringstream csv;
    csv << "project_id,submittal_id,title,due,approvers,link\n";
    int total = 0;
    for (std::int64_t pid : cfg.projects) {
        for (const OverdueRow& r : overdue_for_project(api, cfg, pid)) {
            csv << r.project_id << ',' << r.submittal_id << ",\"" << r.title << "\","
                << r.due << ',' << r.approvers << ",https://app.procore.com/" << r.project_id
                << "/project/submittal_logs/" << r.submittal_id << "\n";
            ++total;
        }
    }

    if (!cfg.upload_url.empty()) {
        // presigned S3 PUT, the signature is in the query string
        http_client bucket(to_string_t(cfg.upload_url));
        http_response up = bucket.request(methods::PUT, U(""), csv.str(), "text/csv").get();
        if (up.status_code() != status_codes::OK)
            std::cerr << "upload failed: HTTP " << up.status_code() << "\n";
    }
    std::cout << total << " overdue submittals across " << cfg.projects.size()
              << " projects\n";
    return 0;
}
