// submittal-cli: command-line helper for the document control team.
//   submittal-cli list   <project_id>
//   submittal-cli status <project_id> <submittal_id> <status>
// Talks to the developer sandbox while we wait for production approval.
// Credentials: refresh token saved by the onboarding wizard in ~/.procore/token.json.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

enum class ApiErrc { Transport, Http, Parse, Usage, TokenFile };

struct ApiError {
    ApiErrc code;
    int http_status = 0;
    std::string message;
};

template <typename T>
using Outcome = std::variant<T, ApiError>;

template <typename T>
bool failed(const Outcome<T>& o) { return std::holds_alternative<ApiError>(o); }

template <typename T>
const ApiError& error_of(const Outcome<T>& o) { return std::get<ApiError>(o); }

static const char* kLoginHost = "https://login-sandbox.procore.com";
static const char* kApiHost = "https://sandbox.procore.com";
static const char* kHelpUrl = "https://developers.procore.com/reference/rest/submittals";

struct Token {
    std::string access;
    std::string refresh;
};

struct Context {
    Token token;
    std::optional<int64_t> company_id;
};

static Outcome<json> to_json(const httplib::Result& res, int expect) {
    if (!res) return ApiError{ApiErrc::Transport, 0, httplib::to_string(res.error())};
    if (res->status != expect) return ApiError{ApiErrc::Http, res->status, res->body};
    json parsed = json::parse(res->body, nullptr, false);
    if (parsed.is_discarded()) return ApiError{ApiErrc::Parse, res->status, "invalid JSON"};
    return parsed;
}

static Outcome<Token> load_token(const std::string& path) {
    std::ifstream in(path);
    if (!in) return ApiError{ApiErrc::TokenFile, 0, "cannot open " + path};
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("refresh_token"))
        return ApiError{ApiErrc::TokenFile, 0, "no refresh_token in " + path};
    return Token{j.value("access_token", ""), j["refresh_token"].get<std::string>()};
}

static Outcome<Token> refresh(const Token& old) {
    httplib::Client login(kLoginHost);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", old.refresh},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""}};
    auto out = to_json(login.Post("/oauth/token", form), 200);
    if (failed(out)) return error_of(out);
    const json& j = std::get<json>(out);
    return Token{j.at("access_token").get<std::string>(), j.at("refresh_token").get<std::string>()};
}

static Outcome<long> token_owner(const Token& t) {
    httplib::Client introspect("https://sandbox.procore.com");
    httplib::Headers h{{"Authorization", "Bearer " + t.access}};
    auto out = to_json(introspect.Get("/oauth/token/info", h), 200);
    if (failed(out)) return error_of(out);
    return std::get<json>(out).at("resource_owner_id").get<long>();
}

static Outcome<int64_t> pick_company(Context& ctx) {
    httplib::Client api(kApiHost);
    httplib::Headers h{{"Authorization", "Bearer " + ctx.token.access}};
    auto out = to_json(api.Get("/rest/v1.0/companies", h), 200);
    if (failed(out)) return error_of(out);
    const json& list = std::get<json>(out);
    if (list.empty()) return ApiError{ApiErrc::Http, 200, "token sees no companies"};
    ctx.company_id = list.front().at("id").get<int64_t>();
    return *ctx.company_id;
}

static httplib::Headers rest_headers(const Context& ctx) {
    return {{"Authorization", "Bearer " + ctx.token.access},
            {"Procore-Company-Id", std::to_string(ctx.company_id.value_or(0))}};
}

static Outcome<int> list_submittals(const Context& ctx, int64_t project_id) {
    httplib::Client api(kApiHost);
    int shown = 0;
    for (int page = 1; page < 50; ++page) {
        const std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                                 "/submittals?page=" + std::to_string(page) + "&per_page=100";
        auto out = to_json(api.Get(path, rest_headers(ctx)), 200);
        if (failed(out)) return error_of(out);
        const json& rows = std::get<json>(out);
        if (rows.empty()) break;
        for (const auto& row : rows) {
            std::cout << row.at("id").get<int64_t>() << "  " << row.value("number", "-") << "  "
                      << row.value("title", "") << "\n";
            ++shown;
        }
    }
    return shown;
}

static Outcome<json> set_status(const Context& ctx, int64_t project_id, const std::string& raw_id,
                                const std::string& status) {
    int submittal_id = std::stoi(raw_id);
    httplib::Client api(kApiHost);
    httplib::Headers h{{"Authorization", "Bearer " + ctx.token.access},
                       {"X-Procore-Company-Id", std::to_string(*ctx.company_id)}};
    json body = {{"submittal", {{"status", {{"name", status}}}}}};
    const std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                             "/submittals/" + std::to_string(submittal_id);
    return to_json(api.Patch(path, h, body.dump(), "application/json"), 200);
}

static void usage() {
    std::cerr << "usage: submittal-cli list <project_id>\n"
                 "       submittal-cli status <project_id> <submittal_id> <status>\n"
                 "see " << kHelpUrl << "\n";
}

int main(int argc, char** argv) {
    if (argc < 3) {
        usage();
        return 64;
    }
    const std::string cmd = argv[1];
    const int64_t project_id = std::strtoll(argv[2], nullptr, 10);

    const char* home = std::getenv("HOME");
    auto stored = load_token(std::string(home ? home : ".") + "/.procore/token.json");
    if (failed(stored)) {
        std::cerr << error_of(stored).message << "\n";
        return 1;
    }
    Context ctx;
    auto fresh = refresh(std::get<Token>(stored));
    if (failed(fresh)) {
        std::cerr << "token refresh failed (" << error_of(fresh).http_status << ")\n";
        return 1;
    }
    ctx.token = std::get<Token>(fresh);

    auto owner = token_owner(ctx.token);
    if (!failed(owner)) std::cerr << "acting as user " << std::get<long>(owner) << "\n";

    auto company = pick_company(ctx);
    if (failed(company)) {
        std::cerr << "company lookup: " << error_of(company).message << "\n";
        return 1;
    }

    if (cmd == "list") {
        auto n = list_submittals(ctx, project_id);
        if (failed(n)) {
            std::cerr << "list failed: HTTP " << error_of(n).http_status << "\n";
            return 1;
        }
        std::cout << std::get<int>(n) << " submittals\n";
        return 0;
    }
    if (cmd == "status" && argc == 5) {
        auto r = set_status(ctx, project_id, argv[3], argv[4]);
        if (failed(r)) {
            std::cerr << "update failed: " << error_of(r).message << "\n";
            return 1;
        }
        std::cout << "submittal " << argv[3] << " -> " << argv[4] << "\n";
        return 0;
    }
    usage();
    return 64;
}
