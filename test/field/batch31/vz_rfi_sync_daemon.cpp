// rfi_sync_daemon.cpp - mirrors open RFIs from Procore into the local tracker.
// Every Procore operation is a plain struct; Dispatcher turns it into an HTTP
// request and sends it with curlpp.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

struct Environment {
    std::string login;
    std::string api;
};

static const Environment kProduction{"https://login.procore.com", "https://api.procore.com"};

// ---- operations -----------------------------------------------------------
struct ListProjects { int64_t company_id; };
struct ListRfis     { int64_t company_id; int64_t project_id; int page; };
struct GetRfi       { int64_t company_id; int64_t project_id; int64_t rfi_id; };
struct CloseRfi     { int64_t company_id; int64_t project_id; int64_t rfi_id; };

using Operation = std::variant<ListProjects, ListRfis, GetRfi, CloseRfi>;

struct HttpRequest {
    std::string method = "GET";
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    std::list<std::string> headers;
    std::string body;
};

struct Rfi {
    int64_t id = 0;
    int64_t project_id = 0;
    int64_t assignee_id = 0;
    std::string subject;
    std::string status;
};

static std::string companyHeader(int64_t company_id) {
    return "Procore-Company-Id: " + std::to_string(company_id);
}

static HttpRequest toRequest(const Operation& op) {
    return std::visit(overloaded{
        [](const ListProjects& o) {
            HttpRequest r;
            r.path = "/rest/v1.0/projects";
            r.query = {{"company_id", std::to_string(o.company_id)}};
            r.headers = {companyHeader(o.company_id)};
            return r;
        },
        [](const ListRfis& o) {
            HttpRequest r;
            r.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/rfis";
            r.query = {{"page", std::to_string(o.page)}, {"per_page", "100"}};
            r.headers = {companyHeader(o.company_id)};
            return r;
        },
        [](const GetRfi& o) {
            HttpRequest r;
            r.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/rfis/" +
                     std::to_string(o.rfi_id);
            r.headers = {"Accept: application/json"};
            return r;
        },
        [](const CloseRfi& o) {
            HttpRequest r;
            r.method = "PATCH";
            r.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/rfis/" +
                     std::to_string(o.rfi_id);
            r.headers = {companyHeader(o.company_id), "Content-Type: application/json"};
            r.body = R"({"rfi":{"status":"closed"}})";
            return r;
        },
    }, op);
}

class Dispatcher {
public:
    Dispatcher(Environment env, std::string token) : env_(std::move(env)), token_(std::move(token)) {}

    Json::Value execute(const Operation& op) {
        HttpRequest req = toRequest(op);
        std::string url = env_.api + req.path;
        char sep = '?';
        for (const auto& [k, v] : req.query) {
            url += sep + k + "=" + v;
            sep = '&';
        }
        req.headers.push_back("Authorization: Bearer " + token_);

        std::ostringstream body;
        curlpp::Easy easy;
        easy.setOpt(curlpp::options::Url(url));
        easy.setOpt(curlpp::options::HttpHeader(req.headers));
        easy.setOpt(curlpp::options::WriteStream(&body));
        easy.setOpt(curlpp::options::Timeout(30L));
        if (req.method != "GET") easy.setOpt(curlpp::options::CustomRequest(req.method));
        if (!req.body.empty()) easy.setOpt(curlpp::options::PostFields(req.body));
        easy.perform();

        long status = curlpp::infos::ResponseCode::get(easy);
        if (status >= 400) throw std::runtime_error("procore " + req.path + " -> " + std::to_string(status));
        return parse(body.str());
    }

    static Json::Value parse(const std::string& text) {
        Json::CharReaderBuilder builder;
        Json::Value root;
        std::string errs;
        std::istringstream in(text);
        if (!Json::parseFromStream(builder, in, &root, &errs)) throw std::runtime_error(errs);
        return root;
    }

private:
    Environment env_;
    std::string token_;
};

static std::string refreshAccessToken(const Environment& env, const std::string& refresh) {
    std::ostringstream body;
    curlpp::Easy easy;
    std::string form = "grant_type=refresh_token&refresh_token=" + refresh +
                       "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                       "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
    easy.setOpt(curlpp::options::Url(env.login + "/oauth/token"));
    easy.setOpt(curlpp::options::HttpHeader(std::list<std::string>{"Content-Type: application/x-www-form-urlencoded"}));
    easy.setOpt(curlpp::options::PostFields(form));
    easy.setOpt(curlpp::options::WriteStream(&body));
    easy.perform();
    return Dispatcher::parse(body.str())["access_token"].asString();
}

static Rfi toRfi(const Json::Value& v, int64_t project_id) {
    Rfi r;
    r.id = v["id"].asInt64();
    r.project_id = project_id;
    r.assignee_id = v["assignee"]["id"].asInt();
    r.subject = v["subject"].asString();
    r.status = v["status"].asString();
    return r;
}

static std::string webLink(int64_t company_id, int64_t project_id, int64_t rfi_id) {
    return "https://app.procore.com/" + std::to_string(company_id) + "/project/rfi/show/" +
           std::to_string(rfi_id) + "?project_id=" + std::to_string(project_id);
}

int main() {
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!refresh || !company) {
        std::cerr << "PROCORE_REFRESH_TOKEN and PROCORE_COMPANY_ID are required\n";
        return 2;
    }
    const int64_t company_id = std::strtoll(company, nullptr, 10);

    curlpp::Cleanup cleanup;
    Dispatcher procore(kProduction, refreshAccessToken(kProduction, refresh));

    int cycles = 0;
    while (true) {
        Json::Value projects = procore.execute(ListProjects{company_id});
        int mirrored = 0;
        for (const auto& p : projects) {
            const int64_t project_id = p["id"].asInt64();
            for (int page = 1;; ++page) {
                Json::Value rfis = procore.execute(ListRfis{company_id, project_id, page});
                if (rfis.empty()) break;
                for (const auto& summary : rfis) {
                    Json::Value full = procore.execute(GetRfi{company_id, project_id, summary["id"].asInt64()});
                    Rfi rfi = toRfi(full, project_id);
                    std::cout << rfi.id << '\t' << rfi.status << '\t' << rfi.subject << '\t'
                              << webLink(company_id, project_id, rfi.id) << '\n';
                    if (rfi.status == "answered" && rfi.assignee_id == 0)
                        procore.execute(CloseRfi{company_id, project_id, rfi.id});
                    ++mirrored;
                }
            }
        }
        std::cerr << "cycle " << ++cycles << ": mirrored " << mirrored << " RFIs\n";
        std::this_thread::sleep_for(std::chrono::minutes(15));
    }
}
