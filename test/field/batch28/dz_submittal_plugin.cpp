// dz_submittal_plugin.cpp
// Desktop plugin backend for the shop-drawing review tool: signs the reviewer
// in with Procore (authorization code + local callback), lists the submittals
// waiting on them and pushes their review decision back.
// Points at the monthly sandbox while the customer pilots the integration.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using json = nlohmann::json;

namespace plugin {

constexpr std::string_view kAuthorizeUrl =
    "https://login-sandbox-monthly.procore.com/oauth/authorize";
constexpr std::string_view kApiBase = "https://api-monthly.procore.com";
constexpr std::string_view kTokenBase = "https://api-monthly.procore.com";
constexpr std::string_view kHelpUrl =
    "https://developers.procore.com/documentation/oauth-auth-grant-flow";
constexpr int kCallbackPort = 8765;

using SubmittalId = std::int32_t;

struct RequestSpec {
    std::string method;
    std::string path;
    httplib::Headers headers;
    std::string body;
};

struct RequestContext {
    RequestSpec* request;
    std::int64_t company_id;
};

struct Session {
    std::string access_token;
    std::string refresh_token;
    std::int64_t company_id = 0;
};

struct Submittal {
    SubmittalId id;
    std::string number;
    std::string title;
    std::string status;
};

struct PluginConfig {
    std::string client_id;
    std::string client_secret;
    std::map<std::string, std::string> values;
};

template <typename T>
concept Transport = requires(T t, const RequestSpec& r) {
    { t.send(r) } -> std::same_as<httplib::Result>;
};

class ApiTransport {
public:
    explicit ApiTransport(std::string_view base) : cli_(std::string(base)) {
        cli_.set_read_timeout(20);
    }
    httplib::Result send(const RequestSpec& r) {
        if (r.method == "PATCH") return cli_.Patch(r.path, r.headers, r.body, "application/json");
        return cli_.Get(r.path, r.headers);
    }

private:
    httplib::Client cli_;
};

void authorize(RequestSpec& r, const Session& s) {
    r.headers.emplace("Authorization", "Bearer " + s.access_token);
}

void company_scope(RequestContext ctx) {
    ctx.request->headers.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
}

PluginConfig load_config(const std::string& file) {
    PluginConfig cfg;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (auto eq = line.find('='); eq != std::string::npos)
            cfg.values[line.substr(0, eq)] = line.substr(eq + 1);
    }
    cfg.client_id = cfg.values["client_id"];
    cfg.client_secret = cfg.values["client_secret"];
    return cfg;
}

std::optional<std::string> wait_for_code() {
    httplib::Server callback;
    std::optional<std::string> code;
    callback.Get("/callback", [&](const httplib::Request& req, httplib::Response& res) {
        if (req.has_param("code")) code = req.get_param_value("code");
        res.set_content("You can close this window and return to the review tool.", "text/plain");
        callback.stop();
    });
    callback.listen("127.0.0.1", kCallbackPort);
    return code;
}

std::optional<Session> exchange_code(const PluginConfig& cfg, const std::string& code) {
    httplib::Client token{std::string(kTokenBase)};
    httplib::Params form{{"grant_type", "authorization_code"},
                         {"client_id", cfg.client_id},
                         {"client_secret", cfg.client_secret},
                         {"code", code},
                         {"redirect_uri", "http://localhost:8765/callback"}};
    auto res = token.Post("/oauth/token", form);
    if (!res || res->status != 200) {
        std::cerr << "token exchange failed, see " << kHelpUrl << '\n';
        return std::nullopt;
    }
    auto body = json::parse(res->body);
    return Session{.access_token = body.value("access_token", ""),
                   .refresh_token = body.value("refresh_token", "")};
}

template <Transport T>
std::optional<std::int64_t> pick_company(T& api, const Session& s, std::string_view wanted) {
    RequestSpec req{.method = "GET", .path = "/rest/v1.0/companies"};
    authorize(req, s);
    auto res = api.send(req);
    if (!res || res->status != 200) return std::nullopt;
    for (const auto& c : json::parse(res->body))
        if (c.value("name", "") == wanted) return c.value("id", std::int64_t{0});
    return std::nullopt;
}

template <Transport T>
std::vector<Submittal> awaiting_review(T& api, const Session& s, std::int64_t project_id,
                                       std::int64_t reviewer_id) {
    RequestSpec req{.method = "GET",
                    .path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                            "/submittals?filters[ball_in_court_id]=" + std::to_string(reviewer_id)};
    authorize(req, s);
    company_scope({.request = &req, .company_id = s.company_id});
    auto res = api.send(req);
    std::vector<Submittal> out;
    if (!res || res->status != 200) return out;
    const json rows = json::parse(res->body);
    for (const auto& row : rows) {
        out.push_back({.id = row.at("id").get<SubmittalId>(),
                       .number = row.value("number", ""),
                       .title = row.value("title", ""),
                       .status = row["status"].value("name", "")});
    }
    return out;
}

template <Transport T>
bool record_decision(T& api, const Session& s, std::int64_t project_id, const Submittal& sub,
                     std::string_view decision) {
    json payload = {{"submittal", {{"status", decision}}}};
    RequestSpec req{.method = "PATCH",
                    .path = "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals/" +
                            std::to_string(sub.id),
                    .body = payload.dump()};
    authorize(req, s);
    auto res = api.send(req);
    return res && res->status == 200;
}

template <Transport T>
std::int64_t current_user_id(T& api, const Session& s) {
    RequestSpec req{.method = "GET", .path = "/rest/v1.0/me"};
    authorize(req, s);
    auto res = api.send(req);
    if (!res || res->status != 200) return 0;
    return json::parse(res->body).value("id", std::int64_t{0});
}

}  // namespace plugin

int main(int argc, char** argv) {
    using namespace plugin;
    auto cfg = load_config(argc > 1 ? argv[1] : "submittal_plugin.ini");
    std::cout << "Open in your browser:\n  " << kAuthorizeUrl
              << "?response_type=code&client_id=" << cfg.client_id
              << "&redirect_uri=http://localhost:" << kCallbackPort << "/callback\n";

    auto code = wait_for_code();
    if (!code) return 1;
    auto session = exchange_code(cfg, *code);
    if (!session) return 1;

    ApiTransport api{kApiBase};
    auto company = pick_company(api, *session, cfg.values["company_name"]);
    if (!company) {
        std::cerr << "company not found for this login\n";
        return 1;
    }
    session->company_id = *company;

    const int project_id = std::stoi(cfg.values["project_id"]);
    const auto me = current_user_id(api, *session);
    auto queue = awaiting_review(api, *session, project_id, me);

    int approved = 0;
    for (const auto& sub : queue) {
        std::cout << sub.number << "  " << sub.title << "  [" << sub.status << "]  approve? (y/n) ";
        char answer = 'n';
        std::cin >> answer;
        if (answer == 'y' && record_decision(api, *session, project_id, sub, "Approved")) ++approved;
    }
    std::cout << approved << " of " << queue.size() << " submittals approved\n";
    return 0;
}
