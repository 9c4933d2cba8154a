// dz_timesheet_export.cpp
// Weekly payroll export: totals timecard hours per worker for one project,
// writes payroll.csv, uploads it to the company's Procore documents and
// files a GitHub issue for the payroll team if anything fails.
// Currently pointed at the developer sandbox; refresh token from the
// payroll-bot user (authorization code grant).
#include <curl/curl.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using json = nlohmann::json;

namespace payroll {

constexpr std::string_view kOAuthBase = "https://sandbox.procore.com";
constexpr std::string_view kApiBase = "https://sandbox.procore.com";
constexpr std::string_view kStoragePrefix = "https://storage.procore.com/";

struct RequestSpec {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

struct Response {
    long status = 0;
    std::string body;
};

struct RequestContext {
    RequestSpec* request;
    std::int64_t company_id;
};

using HoursByUser = std::map<unsigned, double>;

struct Worker {
    std::int64_t id;
    std::string name;
    std::string employee_number;
};

template <typename T>
concept HttpClient = requires(T c, const RequestSpec& r) {
    { c.execute(r) } -> std::same_as<Response>;
};

class CurlClient {
public:
    Response execute(const RequestSpec& r) {
        Response out;
        CURL* h = curl_easy_init();
        curl_slist* list = nullptr;
        for (const auto& line : r.headers) list = curl_slist_append(list, line.c_str());
        curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        if (!r.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION,
                         +[](char* p, size_t s, size_t n, void* u) -> size_t {
                             static_cast<std::string*>(u)->append(p, s * n);
                             return s * n;
                         });
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
        if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(list);
        curl_easy_cleanup(h);
        return out;
    }
};

void scope_to_company(RequestContext ctx) {
    ctx.request->headers.push_back("Procore-Company-Id: " + std::to_string(ctx.company_id));
}

RequestSpec rest(std::string_view method, const std::string& path, const std::string& token) {
    return {.method = std::string(method),
            .url = std::string(kApiBase) + path,
            .headers = {"Authorization: Bearer " + token, "Content-Type: application/json"}};
}

template <HttpClient C>
std::string refresh_token(C& http, const std::string& client_id, const std::string& secret,
                          const std::string& refresh) {
    RequestSpec req{.method = "POST",
                    .url = std::string(kOAuthBase) + "/oauth/token",
                    .headers = {"Content-Type: application/x-www-form-urlencoded"},
                    .body = "grant_type=refresh_token&client_id=" + client_id +
                            "&client_secret=" + secret + "&refresh_token=" + refresh};
    auto [status, body] = http.execute(req);
    return status == 200 ? json::parse(body).value("access_token", "") : std::string{};
}

template <HttpClient C>
std::map<std::int64_t, Worker> load_workers(C& http, const std::string& token, std::int64_t company_id) {
    std::map<std::int64_t, Worker> workers;
    for (int page = 1;; ++page) {
        auto req = rest("GET", "/rest/v1.0/companies/" + std::to_string(company_id) +
                                   "/users?per_page=200&page=" + std::to_string(page), token);
        scope_to_company({.request = &req, .company_id = company_id});
        Response res = http.execute(req);
        if (res.status != 200) break;
        const json rows = json::parse(res.body);
        if (rows.empty()) break;
        for (const auto& u : rows) {
            Worker w{.id = u.at("id").get<std::int64_t>(),
                     .name = u.value("name", ""),
                     .employee_number = u.value("employee_id", "")};
            workers.emplace(w.id, w);
        }
    }
    return workers;
}

template <HttpClient C>
HoursByUser hours_by_worker(C& http, const std::string& token, std::int64_t company_id,
                            std::int64_t project_id, std::string_view week_start) {
    auto req = rest("GET", "/rest/v1.0/projects/" + std::to_string(project_id) +
                               "/timecard_entries?filters[date]=" + std::string(week_start) + "...",
                    token);
    req.headers.push_back("Company-Id: " + std::to_string(company_id));
    Response res = http.execute(req);
    HoursByUser hours;
    if (res.status != 200) return hours;
    const json entries = json::parse(res.body);
    for (const auto& e : entries) {
        int cost_code_id = e.contains("cost_code") ? e["cost_code"].value("id", 0) : 0;
        if (cost_code_id == 0) continue;  // unallocated time is exported separately
        hours[e.at("login_information_id").get<std::uint64_t>()] += std::stod(e.value("hours", "0"));
    }
    return hours;
}

template <HttpClient C>
bool upload_export(C& http, const std::string& token, std::int64_t company_id, const std::string& csv) {
    auto req = rest("POST", "/rest/v1.0/companies/" + std::to_string(company_id) + "/uploads", token);
    req.body = json{{"response_filename", "payroll.csv"}, {"response_content_type", "text/csv"}}.dump();
    scope_to_company({.request = &req, .company_id = company_id});
    Response res = http.execute(req);
    if (res.status != 201) return false;
    const std::string put_url = json::parse(res.body).value("url", "");
    if (!put_url.starts_with(kStoragePrefix)) return false;
    RequestSpec put{.method = "PUT", .url = put_url, .headers = {"Content-Type: text/csv"}, .body = csv};
    return http.execute(put).status / 100 == 2;
}

int file_github_issue(const std::string& gh_token, const std::string& text) {
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "");
    Poco::Net::HTTPSClientSession gh("api.github.com", 443, ctx);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/repos/acme-build/payroll-ops/issues",
                               Poco::Net::HTTPRequest::HTTP_1_1);
    const std::string body = json{{"title", "Procore payroll export failed"}, {"body", text}}.dump();
    req.set("Authorization", "token " + gh_token);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    gh.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::stringstream ss;
    ss << gh.receiveResponse(resp).rdbuf();
    if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_CREATED) return -1;
    return json::parse(ss.str()).value("number", -1);
}

}  // namespace payroll

int main(int argc, char** argv) {
    using namespace payroll;
    if (argc < 4) {
        std::cerr << "usage: timesheet_export <company_id> <project_id> <YYYY-MM-DD>\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);
    const std::string week_start = argv[3];
    auto env = [](const char* k) { const char* v = std::getenv(k); return std::string(v ? v : ""); };

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CurlClient http;
    const auto token = refresh_token(http, env("PROCORE_CLIENT_ID"), env("PROCORE_CLIENT_SECRET"),
                                     env("PROCORE_REFRESH_TOKEN"));
    if (token.empty()) return 1;

    auto me = http.execute(rest("GET", "/rest/v1.0/me", token));
    std::cerr << "export run by " << json::parse(me.body).value("login", "?") << '\n';

    const auto workers = load_workers(http, token, company_id);
    const auto hours = hours_by_worker(http, token, company_id, project_id, week_start);

    std::ostringstream csv;
    csv << "procore_user_id,employee_number,name,hours\n";
    for (const auto& [user_id, total] : hours) {
        const auto it = workers.find(user_id);
        if (it == workers.end()) continue;
        const auto& [id, w] = *it;
        char row[256];
        std::snprintf(row, sizeof row, "%lld,%s,%s,%.2f\n", static_cast<long long>(id),
                      w.employee_number.c_str(), w.name.c_str(), total);
        csv << row;
    }
    std::ofstream("payroll.csv") << csv.str();

    if (!upload_export(http, token, company_id, csv.str())) {
        const int issue = file_github_issue(env("GITHUB_TOKEN"), "upload failed for project " +
                                                                     std::to_string(project_id));
        std::cerr << "upload failed, filed issue #" << issue << '\n';
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
