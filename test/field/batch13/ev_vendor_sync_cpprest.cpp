// vendor_sync: keeps the Procore company directory in step with the ERP's
// vendor master. Runs nightly against production, and against the monthly
// sandbox when finance tests a new ERP export.
//
// Stages subscribe to typed events on an EventHub; adding the audit log later
// was a single extra subscriber.
#include <cpprest/http_client.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <typeindex>
#include <vector>

using json = nlohmann::json;
using namespace web::http;
using namespace web::http::client;

class EventHub {
public:
    template <typename E>
    void subscribe(std::function<void(const E&)> fn) {
        subs_[std::type_index(typeid(E))].push_back(
            [fn](const void* p) { fn(*static_cast<const E*>(p)); });
    }
    template <typename E>
    void publish(const E& e) {
        auto it = subs_.find(std::type_index(typeid(E)));
        if (it == subs_.end()) return;
        for (auto& f : it->second) f(&e);
    }

private:
    std::map<std::type_index, std::vector<std::function<void(const void*)>>> subs_;
};

struct ErpVendor {
    int erpVendorNo = 0;
    std::string name;
    std::string taxId;
    std::string city;
};

struct Start {};
struct TokenReady {};
struct DirectoryLoaded { size_t count; };
struct VendorMissing { ErpVendor erp; };
struct VendorChanged { long long procoreId; ErpVendor erp; };
struct SyncFinished {};

struct Environment {
    const char* login;
    const char* api;
};

static const std::map<std::string, Environment> kEnvironments = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct SyncContext {
    std::string loginBase;
    std::string apiBase;
    std::string erpBase = "http://erp.internal:8443";
    std::string clientId, clientSecret, refreshToken, token;
    long long companyId = 0;
    std::map<std::string, long long> procoreIdByOrigin;
    std::map<int, json> directory;
    int created = 0, updated = 0, failed = 0;
};

static json call(SyncContext& ctx, const method& m, const std::string& path,
                 const json& body, bool withCompany) {
    http_client api(ctx.apiBase);
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add("Authorization", "Bearer " + ctx.token);
    if (withCompany) req.headers().add("Procore-Company-Id", std::to_string(ctx.companyId));
    if (!body.is_null()) req.set_body(body.dump(), "application/json");
    http_response res = api.request(req).get();
    if (res.status_code() >= 300) {
        std::cerr << m << " " << path << " -> " << res.status_code() << "\n";
        return json();
    }
    return json::parse(res.extract_string().get());
}

static json vendorBody(const ErpVendor& v) {
    return {{"vendor", {{"name", v.name}, {"tax_id", v.taxId}, {"city", v.city},
                        {"origin_id", std::to_string(v.erpVendorNo)}}}};
}

static void wire(EventHub& hub, SyncContext& ctx) {
    hub.subscribe<Start>([&hub, &ctx](const Start&) {
        http_client login(ctx.loginBase);
        json form = {{"grant_type", "refresh_token"}, {"client_id", ctx.clientId},
                     {"client_secret", ctx.clientSecret}, {"refresh_token", ctx.refreshToken}};
        http_response res = login.request(methods::POST, "/oauth/token", form.dump(),
                                           "application/json").get();
        json tok = json::parse(res.extract_string().get());
        ctx.token = tok.value("access_token", "");
        if (!ctx.token.empty()) hub.publish(TokenReady{});
    });

    hub.subscribe<TokenReady>([&hub, &ctx](const TokenReady&) {
        // sanity check that the token can see the company we are about to write to
        json companies = call(ctx, methods::GET, "/rest/v1.0/companies", json(), false);
        bool visible = false;
        for (const auto& c : companies) visible |= c.value("id", 0LL) == ctx.companyId;
        if (!visible) {
            std::cerr << "company " << ctx.companyId << " not visible to this token\n";
            return;
        }
        json vendors = call(ctx, methods::GET,
                            "/rest/v1.0/vendors?company_id=" + std::to_string(ctx.companyId) +
                                "&per_page=1000",
                            json(), true);
        for (const auto& v : vendors) {
            const long long id = v.at("id").get<long long>();
            ctx.directory[id] = v;
            if (v.contains("origin_id") && v["origin_id"].is_string())
                ctx.procoreIdByOrigin[v["origin_id"].get<std::string>()] = id;
        }
        hub.publish(DirectoryLoaded{ctx.directory.size()});
    });

    hub.subscribe<DirectoryLoaded>([&hub, &ctx](const DirectoryLoaded& d) {
        std::cout << d.count << " vendors in the Procore directory\n";
        http_client erp(ctx.erpBase);
        json rows = json::parse(erp.request(methods::GET, "/api/vendors?active=1").get()
                                    .extract_string().get());
        for (const auto& r : rows) {
            ErpVendor v{r.at("vendor_no").get<int>(), r.value("name", ""), r.value("tax_id", ""),
                        r.value("city", "")};
            auto hit = ctx.procoreIdByOrigin.find(std::to_string(v.erpVendorNo));
            if (hit == ctx.procoreIdByOrigin.end()) {
                hub.publish(VendorMissing{v});
            } else if (ctx.directory[hit->second].value("name", "") != v.name) {
                hub.publish(VendorChanged{hit->second, v});
            }
        }
        hub.publish(SyncFinished{});
    });

    hub.subscribe<VendorMissing>([&ctx](const VendorMissing& e) {
        json res = call(ctx, methods::POST,
                        "/rest/v1.0/vendors?company_id=" + std::to_string(ctx.companyId),
                        vendorBody(e.erp), false);
        res.is_null() ? ++ctx.failed : ++ctx.created;
    });

    hub.subscribe<VendorChanged>([&ctx](const VendorChanged& e) {
        json res = call(ctx, methods::PATCH,
                        "/rest/v1.0/vendors/" + std::to_string(e.procoreId) +
                            "?company_id=" + std::to_string(ctx.companyId),
                        vendorBody(e.erp), true);
        res.is_null() ? ++ctx.failed : ++ctx.updated;
    });

    hub.subscribe<SyncFinished>([&ctx](const SyncFinished&) {
        std::printf("vendor sync: %d created, %d updated, %d failed\n", ctx.created, ctx.updated,
                    ctx.failed);
        std::printf("review: https://us02.procore.com/%lld/company/directory/vendors\n",
                    ctx.companyId);
    });
}

int main(int argc, char** argv) {
    const std::string envName = argc > 1 ? argv[1] : "production";
    auto env = kEnvironments.find(envName);
    if (env == kEnvironments.end()) {
        std::cerr << "unknown environment " << envName << "\n";
        return 2;
    }
    SyncContext ctx;
    ctx.loginBase = env->second.login;
    ctx.apiBase = env->second.api;
    // our company lives on the US02 zone; finance asked to pin the API there
    if (argc > 2 && std::string(argv[2]) == "--zone=us02") ctx.apiBase = "https://us02.procore.com";

    auto getenv_s = [](const char* k) { const char* v = std::getenv(k); return std::string(v ? v : ""); };
    ctx.clientId = getenv_s("PROCORE_CLIENT_ID");
    ctx.clientSecret = getenv_s("PROCORE_CLIENT_SECRET");
    ctx.refreshToken = getenv_s("PROCORE_REFRESH_TOKEN");
    ctx.companyId = std::stoll(getenv_s("PROCORE_COMPANY_ID").empty() ? "0"
                                                                      : getenv_s("PROCORE_COMPANY_ID"));

    EventHub hub;
    wire(hub, ctx);
    try {
        hub.publish(Start{});
    } catch (const std::exception& e) {
        std::cerr << "vendor_sync failed: " << e.what() << "\n";
        return 1;
    }
    return ctx.failed == 0 ? 0 : 1;
}
