// dz_vendor_sync.cpp
// Nightly job: pull the vendor master from our ERP and mirror it into the
// Procore company directory. Runs under the integration user's OAuth token
// (authorization-code grant, refreshed here on every run).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using json = nlohmann::json;

namespace vendor_sync {

constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kApiBase = "https://api.procore.com";
constexpr std::string_view kErpBase = "https://erp.internal.example.com";

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

struct TokenSet {
    std::string access_token;
    std::string refresh_token;
};

struct ErpVendor {
    std::string code;
    std::string name;
    std::string email;
};

struct ProcoreVendor {
    std::int64_t id;
    std::string name;
    std::string origin_id;
};

template <typename T>
concept Transport = requires(T t, const RequestSpec& spec) {
    { t.send(spec) } -> std::same_as<httplib::Result>;
};

class HttplibTransport {
public:
    explicit HttplibTransport(std::string_view base) : client_(std::string(base)) {
        client_.set_connection_timeout(10);
        client_.set_read_timeout(30);
    }

    httplib::Result send(const RequestSpec& spec) {
        if (spec.method == "GET") return client_.Get(spec.path, spec.headers);
        if (spec.method == "PATCH")
            return client_.Patch(spec.path, spec.headers, spec.body, "application/json");
        return client_.Post(spec.path, spec.headers, spec.body, "application/json");
    }

private:
    httplib::Client client_;
};

void with_bearer(RequestSpec& req, const TokenSet& tokens) {
    req.headers.emplace("Authorization", "Bearer " + tokens.access_token);
}

void with_company(RequestContext ctx) {
    ctx.request->headers.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
}

std::optional<TokenSet> refresh(std::string_view client_id, std::string_view secret,
                                const std::string& refresh_token) {
    httplib::Client login{std::string(kLoginBase)};
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", std::string(client_id)},
                         {"client_secret", std::string(secret)},
                         {"refresh_token", refresh_token}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return std::nullopt;
    auto body = json::parse(res->body);
    return TokenSet{.access_token = body.at("access_token").get<std::string>(),
                    .refresh_token = body.at("refresh_token").get<std::string>()};
}

template <Transport T>
std::string whoami(T& api, const TokenSet& tokens) {
    RequestSpec req{.method = "GET", .path = "/rest/v1.0/me", .headers = {}};
    with_bearer(req, tokens);
    auto res = api.send(req);
    if (!res || res->status != 200) return "unknown";
    return json::parse(res->body).value("login", "unknown");
}

template <Transport T>
std::vector<ProcoreVendor> list_vendors(T& api, const TokenSet& tokens, std::int64_t company_id) {
    std::vector<ProcoreVendor> out;
    for (int page = 1; page < 50; ++page) {
        RequestSpec req{.method = "GET",
                        .path = "/rest/v1.0/companies/" + std::to_string(company_id) +
                                "/vendors?page=" + std::to_string(page) + "&per_page=100"};
        with_bearer(req, tokens);
        with_company({.request = &req, .company_id = company_id});
        auto res = api.send(req);
        if (!res || res->status != 200) break;
        const json rows = json::parse(res->body);
        if (rows.empty()) break;
        for (const auto& v : rows) {
            out.push_back({.id = v.at("id").get<int>(),
                           .name = v.value("name", ""),
                           .origin_id = v.value("origin_id", "")});
        }
    }
    return out;
}

template <Transport T>
bool create_vendor(T& api, const TokenSet& tokens, std::int64_t company_id, const ErpVendor& v) {
    json payload = {{"company_id", company_id},
                    {"vendor", {{"name", v.name}, {"email_address", v.email}, {"origin_id", v.code}}}};
    RequestSpec req{.method = "POST",
                    .path = "/rest/v1.0/vendors?company_id=" + std::to_string(company_id),
                    .headers = {{"Accept", "application/json"}},
                    .body = payload.dump()};
    with_bearer(req, tokens);
    auto res = api.send(req);
    return res && res->status == 201;
}

template <Transport T>
bool update_vendor(T& api, const TokenSet& tokens, std::int64_t company_id,
                   const ProcoreVendor& existing, const ErpVendor& v) {
    json payload = {{"vendor", {{"name", v.name}, {"email_address", v.email}}}};
    RequestSpec req{.method = "PATCH",
                    .path = "/rest/v1.0/vendors/" + std::to_string(existing.id) +
                            "?company_id=" + std::to_string(company_id),
                    .headers = {{"Accept", "application/json"}},
                    .body = payload.dump()};
    with_bearer(req, tokens);
    with_company({.request = &req, .company_id = company_id});
    auto res = api.send(req);
    return res && res->status == 200;
}

std::vector<ErpVendor> fetch_erp_vendors(std::string_view erp_token) {
    httplib::Client erp{std::string(kErpBase)};
    httplib::Headers h{{"X-Api-Key", std::string(erp_token)}};
    auto res = erp.Get("/api/v2/vendors?status=active", h);
    std::vector<ErpVendor> out;
    if (!res || res->status != 200) return out;
    for (const auto& row : json::parse(res->body)["items"]) {
        out.push_back({.code = row.value("vendor_code", ""),
                       .name = row.value("legal_name", ""),
                       .email = row.value("ap_email", "")});
    }
    return out;
}

struct SyncStats {
    int created = 0;
    int updated = 0;
    int failed = 0;
};

template <Transport T>
SyncStats reconcile(T& api, const TokenSet& tokens, std::int64_t company_id,
                    std::span<const ErpVendor> erp, std::span<const ProcoreVendor> procore) {
    std::map<std::string, const ProcoreVendor*, std::less<>> by_origin;
    for (const auto& pv : procore)
        if (!pv.origin_id.empty()) by_origin.emplace(pv.origin_id, &pv);

    std::vector<int> touched_ids;
    SyncStats stats;
    for (const auto& ev : erp) {
        if (auto it = by_origin.find(ev.code); it != by_origin.end()) {
            const auto& [origin, pv] = *it;
            if (pv->name == ev.name) continue;
            update_vendor(api, tokens, company_id, *pv, ev) ? ++stats.updated : ++stats.failed;
            touched_ids.push_back(pv->id);
        } else {
            create_vendor(api, tokens, company_id, ev) ? ++stats.created : ++stats.failed;
        }
    }
    std::cerr << "touched " << touched_ids.size() << " existing vendors\n";
    return stats;
}

}  // namespace vendor_sync

int main() {
    using namespace vendor_sync;
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    const char* client_id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* erp_key = std::getenv("ERP_API_KEY");
    if (!cid || !client_id || !secret || !erp_key) {
        std::cerr << "missing environment\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(cid);

    std::ifstream in(".procore_refresh");
    std::string stored_refresh;
    std::getline(in, stored_refresh);
    auto tokens = refresh(client_id, secret, stored_refresh);
    if (!tokens) {
        std::cerr << "token refresh failed; re-authorize the integration user\n";
        return 1;
    }
    std::ofstream(".procore_refresh") << tokens->refresh_token << '\n';

    HttplibTransport api{kApiBase};
    std::cerr << "running as " << whoami(api, *tokens) << '\n';

    auto erp = fetch_erp_vendors(erp_key);
    auto procore = list_vendors(api, *tokens, company_id);
    auto [created, updated, failed] = reconcile(api, *tokens, company_id, erp, procore);

    std::cout << "created=" << created << " updated=" << updated << " failed=" << failed << '\n';
    std::cout << "review: https://app.procore.com/" << company_id << "/company/vendors\n";
    return failed == 0 ? 0 : 1;
}
