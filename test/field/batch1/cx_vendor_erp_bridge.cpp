// vendor_erp_bridge: pushes the ERP vendor master into the Procore company
// directory. Runs nightly under a Developer Managed Service Account.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using json = nlohmann::json;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct BridgeConfig {
    std::string token_url;
    std::string api_base;
    std::string erp_base;
    std::string company_name;
};

BridgeConfig production_config() {
    return {"https://login.procore.com/oauth/token",
            "https://api.procore.com",
            "http://erp-gw.corp.local:8443/api/v2",
            "Hartwell Construction"};
}

BridgeConfig sandbox_config() {
    return {"https://sandbox.procore.com/oauth/token",
            "https://sandbox.procore.com",
            "http://erp-gw-test.corp.local:8443/api/v2",
            "Sandbox Test Company"};
}

template <typename Fn>
cpr::Response with_retry(Fn&& request, int attempts = 3) {
    cpr::Response r;
    for (int i = 0; i < attempts; ++i) {
        r = request();
        if (r.status_code != 0 && r.status_code != 429 && r.status_code < 500) return r;
        std::this_thread::sleep_for(std::chrono::seconds(1 << i));
    }
    return r;
}

cpr::Header to_cpr(const HeaderList& list) {
    cpr::Header h;
    for (const auto& [name, value] : list) h[name] = value;
    return h;
}

std::optional<std::string> client_credentials_token(const BridgeConfig& cfg) {
    const char* id = std::getenv("PROCORE_DMSA_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_DMSA_CLIENT_SECRET");
    if (!id || !secret) return std::nullopt;
    auto res = cpr::Post(cpr::Url{cfg.token_url},
                         cpr::Payload{{"grant_type", "client_credentials"},
                                      {"client_id", id},
                                      {"client_secret", secret}});
    if (res.status_code != 200) return std::nullopt;
    return json::parse(res.text).at("access_token").get<std::string>();
}

std::optional<int64_t> find_company(const BridgeConfig& cfg, const std::string& token) {
    auto res = with_retry([&] {
        return cpr::Get(cpr::Url{cfg.api_base + "/rest/v1.0/companies"}, cpr::Bearer{token});
    });
    if (res.status_code != 200) return std::nullopt;
    for (const auto& c : json::parse(res.text))
        if (c.value("name", "") == cfg.company_name) return c.at("id").get<int64_t>();
    return std::nullopt;
}

struct ErpVendor {
    int vendor_no = 0;
    std::string code;
    std::string name;
    std::string email;
    std::string city;
};

json vendor_body(const ErpVendor& v) {
    return {{"name", v.name}, {"email_address", v.email}, {"city", v.city},
            {"origin_id", v.code}, {"is_active", true}};
}

int main(int argc, char** argv) {
    const bool sandbox = argc > 1 && std::string(argv[1]) == "--sandbox";
    const BridgeConfig cfg = sandbox ? sandbox_config() : production_config();

    auto token = client_credentials_token(cfg);
    if (!token) {
        std::cerr << "token request failed\n";
        return 1;
    }
    auto company_id = find_company(cfg, *token);
    if (!company_id) {
        std::cerr << "company '" << cfg.company_name << "' not visible to this account\n";
        return 1;
    }

    const HeaderList procore_headers{{"Procore-Company-Id", std::to_string(*company_id)},
                                     {"Content-Type", "application/json"},
                                     {"Accept", "application/json"}};

    // Existing Procore vendors keyed by the ERP code we stored in origin_id.
    std::map<std::string, long> procore_by_code;
    for (int page = 1;; ++page) {
        auto res = with_retry([&] {
            return cpr::Get(cpr::Url{cfg.api_base + "/rest/v1.0/vendors"}, to_cpr(procore_headers),
                            cpr::Bearer{*token},
                            cpr::Parameters{{"company_id", std::to_string(*company_id)},
                                            {"page", std::to_string(page)},
                                            {"per_page", "100"}});
        });
        auto arr = json::parse(res.text);
        if (res.status_code != 200 || arr.empty()) break;
        for (const auto& v : arr)
            if (v.contains("origin_id") && v["origin_id"].is_string())
                procore_by_code[v["origin_id"].get<std::string>()] = v.at("id").get<int64_t>();
    }

    const char* erp_key = std::getenv("ERP_API_KEY");
    auto erp = with_retry([&] {
        return cpr::Get(cpr::Url{cfg.erp_base + "/vendors"},
                        cpr::Header{{"X-Api-Key", erp_key ? erp_key : ""}},
                        cpr::Parameters{{"active", "true"}});
    });
    if (erp.status_code != 200) {
        std::cerr << "ERP returned " << erp.status_code << "\n";
        return 1;
    }

    int created = 0, updated = 0, failed = 0;
    for (const auto& row : json::parse(erp.text)) {
        ErpVendor v{row.value("vendor_no", 0), row.value("code", ""), row.value("name", ""),
                    row.value("email", ""), row.value("city", "")};
        json payload{{"company_id", *company_id}, {"vendor", vendor_body(v)}};

        if (auto it = procore_by_code.find(v.code); it != procore_by_code.end()) {
            cpr::Session session;
            session.SetUrl(cpr::Url{cfg.api_base + "/rest/v1.0/vendors/" + std::to_string(it->second)});
            session.SetHeader(to_cpr(procore_headers));
            session.SetBearer(cpr::Bearer{*token});
            session.SetBody(cpr::Body{payload.dump()});
            auto res = session.Patch();
            (res.status_code == 200 ? updated : failed)++;
        } else {
            auto res = with_retry([&] {
                return cpr::Post(cpr::Url{cfg.api_base + "/rest/v1.0/vendors"}, to_cpr(procore_headers),
                                 cpr::Bearer{*token}, cpr::Body{payload.dump()});
            });
            (res.status_code == 201 ? created : failed)++;
        }
    }

    json summary{{"job", "procore-vendor-sync"}, {"created", created},
                 {"updated", updated}, {"failed", failed}};
    cpr::Post(cpr::Url{cfg.erp_base + "/jobs/report"}, cpr::Header{{"Content-Type", "application/json"}},
              cpr::Body{summary.dump()});
    std::cout << "created " << created << ", updated " << updated << ", failed " << failed << "\n";
    return failed == 0 ? 0 : 3;
}
