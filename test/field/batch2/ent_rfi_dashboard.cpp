// rfi_dashboard: backend for the "Open RFIs" widget in the PMO desktop shell.
// Each widget query is modelled as a request kind and executed by a visitor
// that owns the transport (cpp-httplib).

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace pmo::rfi {

struct Environment {
    const char* name;
    const char* apiHost;
    const char* loginHost;
};

constexpr std::array<Environment, 3> kEnvironments{{
    {"production", "https://api.procore.com", "https://login.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://api-monthly.procore.com", "https://login-sandbox-monthly.procore.com"},
}};

const Environment& ResolveEnvironment(const std::string& name) {
    for (const auto& e : kEnvironments)
        if (name == e.name) return e;
    return kEnvironments[0];
}

struct RequestContext {
    std::string baseUrl;
    std::string token;
    int64_t companyId = 0;
};

// Request kinds the widget can issue.
struct WhoAmI {};
struct ListProjects {};
struct ListOpenRfis { int64_t projectId; int perPage = 50; };
struct GetRfi { int64_t projectId; int rfiId; };
struct ListReplies { int64_t projectId; int64_t rfiId; };

using RfiQuery = std::variant<WhoAmI, ListProjects, ListOpenRfis, GetRfi, ListReplies>;

class QueryExecutor {
public:
    explicit QueryExecutor(RequestContext ctx) : ctx_(std::move(ctx)), cli_(ctx_.baseUrl) {
        cli_.set_connection_timeout(5);
        cli_.set_read_timeout(20);
    }

    std::optional<json> operator()(const WhoAmI&) {
        return Parse(cli_.Get("/rest/v1.0/me", AuthOnly()));
    }

    std::optional<json> operator()(const ListProjects&) {
        auto path = "/rest/v1.0/projects?company_id=" + std::to_string(ctx_.companyId);
        return Parse(cli_.Get(path, CompanyScoped()));
    }

    std::optional<json> operator()(const ListOpenRfis& q) {
        auto path = "/rest/v1.0/projects/" + std::to_string(q.projectId) +
                    "/rfis?filters[status]=open&per_page=" + std::to_string(q.perPage);
        return Parse(cli_.Get(path, CompanyScoped()));
    }

    std::optional<json> operator()(const GetRfi& q) {
        auto path = "/rest/v1.0/projects/" + std::to_string(q.projectId) + "/rfis/" +
                    std::to_string(q.rfiId);
        return Parse(cli_.Get(path, AuthOnly()));
    }

    std::optional<json> operator()(const ListReplies& q) {
        httplib::Headers h = AuthOnly();
        h.emplace("X-Procore-Company-Id", std::to_string(ctx_.companyId));
        auto path = "/rest/v1.0/projects/" + std::to_string(q.projectId) + "/rfis/" +
                    std::to_string(q.rfiId) + "/replies";
        return Parse(cli_.Get(path, h));
    }

private:
    httplib::Headers AuthOnly() const {
        return {{"Authorization", "Bearer " + ctx_.token}, {"Accept", "application/json"}};
    }
    httplib::Headers CompanyScoped() const {
        auto h = AuthOnly();
        h.emplace("Procore-Company-Id", std::to_string(ctx_.companyId));
        return h;
    }
    static std::optional<json> Parse(const httplib::Result& r) {
        if (!r || r->status != 200) {
            std::cerr << "request failed: " << (r ? r->status : -1) << "\n";
            return std::nullopt;
        }
        return json::parse(r->body, nullptr, false);
    }

    RequestContext ctx_;
    httplib::Client cli_;
};

std::string Authenticate(const Environment& env, const std::string& clientId,
                         const std::string& clientSecret, const std::string& code) {
    httplib::Client login(env.loginHost);
    httplib::Params form{{"grant_type", "authorization_code"},
                         {"client_id", clientId},
                         {"client_secret", clientSecret},
                         {"code", code},
                         {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}};
    auto r = login.Post("/oauth/token", form);
    if (!r || r->status != 200) return {};
    return json::parse(r->body).value("access_token", "");
}

std::string WebLinkForRfi(int64_t companyId, int64_t projectId, int64_t rfiId) {
    return "https://app.procore.com/" + std::to_string(companyId) + "/project/rfi/show/" +
           std::to_string(rfiId) + "?project_id=" + std::to_string(projectId);
}

}  // namespace pmo::rfi

int main(int argc, char** argv) {
    using namespace pmo::rfi;
    if (argc < 4) {
        std::cerr << "usage: rfi_dashboard <env> <company_id> <project_id> [rfi_id]\n";
        return 2;
    }
    const auto& env = ResolveEnvironment(argv[1]);
    const char* code = std::getenv("PROCORE_AUTH_CODE");
    auto token = Authenticate(env, std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                              std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                              code ? code : "");
    if (token.empty()) return 1;

    RequestContext ctx{env.apiHost, token, std::stoll(argv[2])};
    const int projectId = std::stoi(argv[3]);
    QueryExecutor exec(ctx);

    std::vector<RfiQuery> queries{WhoAmI{}, ListProjects{}, ListOpenRfis{projectId}};
    if (argc > 4) {
        int64_t rfiId = std::stoll(argv[4]);
        queries.emplace_back(GetRfi{projectId, static_cast<int>(rfiId)});
        queries.emplace_back(ListReplies{projectId, rfiId});
    }

    int widgets = 0;
    for (const auto& q : queries) {
        auto result = std::visit(exec, q);
        if (!result) continue;
        ++widgets;
        if (std::holds_alternative<ListOpenRfis>(q)) {
            for (const auto& rfi : *result) {
                auto id = rfi.at("id").get<int64_t>();
                std::cout << rfi.value("number", "?") << "  " << rfi.value("subject", "") << "\n    "
                          << WebLinkForRfi(ctx.companyId, projectId, id) << "\n";
            }
        }
    }
    std::cout << widgets << " widgets refreshed\n";
    return 0;
}
