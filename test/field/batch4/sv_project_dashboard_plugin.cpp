// sv_project_dashboard_plugin.cpp
//
// Data-source plugin for the in-house project dashboard (Qt-free build of the
// plugin core). The host application calls `ProcorePlugin::refresh()` with
// the project the user picked in the combo box; we return open RFI counts and
// the budget summary as a JSON blob the dashboard widgets bind to.

// fmt and nlohmann first: cpprest defines a U() macro that breaks both.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cpprest/http_client.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::client::http_client;

constexpr std::string_view kApi = "https://api.procore.com";
constexpr std::string_view kAuthorizeUrl = "https://app.procore.com/oauth/authorize";
constexpr std::string_view kTokenUrl = "https://login.procore.com/oauth/token";
constexpr std::string_view kWeb = "https://app.procore.com";
constexpr int kRedirectPort = 8765;

struct Header { std::string name; std::string value; };

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
    std::string body;
};

Request get(std::string url) { return {"GET", std::move(url), {}, {}}; }

Request withHeader(Request req, std::string name, std::string value) {
    req.headers.push_back({std::move(name), std::move(value)});
    return req;
}

Request withBearer(Request req, const std::string& token) {
    return withHeader(std::move(req), "Authorization", "Bearer " + token);
}

Request withCompany(Request req, std::optional<int64_t> companyId) {
    if (!companyId) return req;
    return withHeader(std::move(req), "Procore-Company-Id", std::to_string(*companyId));
}

http_response send(const Request& req) {
    web::uri uri(req.url);
    http_client client(uri.scheme() + "://" + uri.host());
    http_request msg(req.method == "POST" ? methods::POST : methods::GET);
    msg.set_request_uri(uri.resource());
    for (const auto& [name, value] : req.headers) msg.headers().add(name, value);
    if (!req.body.empty()) msg.set_body(req.body, "application/x-www-form-urlencoded");
    return client.request(msg).get();
}

// --- commands ---------------------------------------------------------------

struct GetProjects { int64_t companyId; };
struct ListRfis { int64_t projectId; std::optional<int64_t> companyId; };
struct GetBudget { int64_t projectId; int64_t companyId; };
using Command = std::variant<GetProjects, ListRfis, GetBudget>;

Request toRequest(const Command& cmd) {
    if (const auto* c = std::get_if<GetProjects>(&cmd))
        return withCompany(get(fmt::format("{}/rest/v1.0/projects?company_id={}", kApi,
                                           c->companyId)),
                           c->companyId);
    if (const auto* c = std::get_if<ListRfis>(&cmd)) {
        std::ostringstream url;
        url << kApi << "/rest/v1.0/projects/" << c->projectId << "/rfis?filters[status]=open";
        return withCompany(get(url.str()), c->companyId);
    }
    const auto& b = std::get<GetBudget>(cmd);
    std::string url{kApi};
    url += fmt::format("/rest/v1.0/projects/{}/budget_views/summary", b.projectId);
    return withCompany(get(url), b.companyId);
}

// --- plugin -----------------------------------------------------------------

class ProcorePlugin {
public:
    explicit ProcorePlugin(fs::path stateDir) : stateDir_(std::move(stateDir)) { load(); }

    // URL the host opens in the system browser for the first sign-in.
    std::string authorizeUrl() const {
        return fmt::format("{}?response_type=code&client_id={}&redirect_uri=http://localhost:{}/cb",
                           kAuthorizeUrl, clientId_, kRedirectPort);
    }

    void exchangeCode(const std::string& code) {
        Request req{"POST", std::string{kTokenUrl}, {}, {}};
        req.body = fmt::format("grant_type=authorization_code&code={}&client_id={}"
                               "&client_secret={}&redirect_uri=http://localhost:{}/cb",
                               code, clientId_, clientSecret_, kRedirectPort);
        storeTokens(json::parse(send(req).extract_string().get()));
    }

    json refresh(const std::string& selectedProject) {
        const int64_t projectId = std::stoi(selectedProject);
        json out{{"project_id", projectId}};

        const auto me = json::parse(sendAuthed(get(std::string{kApi} + "/rest/v1.0/me"))
                                        .extract_string().get());
        out["user"] = me.value("name", "");

        const auto projects = json::parse(
            sendAuthed(toRequest(GetProjects{companyId_})).extract_string().get());
        for (const auto& p : projects) {
            if (p.value("id", 0) == projectId) out["project_name"] = p.value("name", "");
        }

        const auto rfis = json::parse(
            sendAuthed(toRequest(ListRfis{projectId})).extract_string().get());
        int openCount = 0;
        for (const auto& r : rfis) openCount += r.value("status", "") == "open" ? 1 : 0;
        out["open_rfis"] = openCount;

        const auto budget = json::parse(
            sendAuthed(toRequest(GetBudget{projectId, companyId_})).extract_string().get());
        out["budget"] = {{"revised", budget.value("revised_budget", 0.0)},
                         {"committed", budget.value("committed_costs", 0.0)}};
        out["link"] =
            fmt::format("{}/{}/project/budgets?project_id={}", kWeb, companyId_, projectId);
        return out;
    }

private:
    http_response sendAuthed(const Request& req) {
        auto resp = send(withBearer(req, accessToken_));
        if (resp.status_code() == web::http::status_codes::Unauthorized) {
            refreshTokens();
            resp = send(withBearer(get(req.url), accessToken_));
        }
        return resp;
    }

    void refreshTokens() {
        Request req{"POST", std::string{kTokenUrl}, {}, {}};
        req.body = fmt::format("grant_type=refresh_token&refresh_token={}"
                               "&client_id={}&client_secret={}",
                               refreshToken_, clientId_, clientSecret_);
        storeTokens(json::parse(send(req).extract_string().get()));
    }

    void storeTokens(const json& tokens) {
        accessToken_ = tokens.at("access_token").get<std::string>();
        refreshToken_ = tokens.value("refresh_token", refreshToken_);
        std::ofstream(stateDir_ / "tokens.json") << tokens.dump(2);
    }

    void load() {
        std::ifstream cfg(stateDir_ / "plugin.json");
        const json j = json::parse(cfg);
        clientId_ = j.at("client_id").get<std::string>();
        clientSecret_ = j.at("client_secret").get<std::string>();
        companyId_ = j.at("company_id").get<int64_t>();
        if (fs::exists(stateDir_ / "tokens.json")) {
            std::ifstream t(stateDir_ / "tokens.json");
            const json tokens = json::parse(t);
            accessToken_ = tokens.value("access_token", "");
            refreshToken_ = tokens.value("refresh_token", "");
        }
    }

    fs::path stateDir_;
    std::string clientId_;
    std::string clientSecret_;
    std::string accessToken_;
    std::string refreshToken_;
    int64_t companyId_ = 0;
};

int main(int argc, char** argv) {
    // Stand-alone harness used when developing the plugin outside the dashboard.
    ProcorePlugin plugin(argc > 1 ? argv[1] : ".");
    if (argc > 3 && std::string_view(argv[2]) == "--code") {
        plugin.exchangeCode(argv[3]);
        return 0;
    }
    if (argc < 3) {
        std::cout << "sign in at: " << plugin.authorizeUrl() << '\n';
        return 0;
    }
    std::cout << plugin.refresh(argv[2]).dump(2) << '\n';
    return 0;
}
