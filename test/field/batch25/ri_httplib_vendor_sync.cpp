// vendor_sync - pushes the ERP vendor master into the Procore company directory.
// Runs unattended under a Developer Managed Service Account (client credentials).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace {

const std::string kLoginBase = "https://login.procore.com";
const std::string kApiBase = "https://api.procore.com";
const std::string kTokenInfoBase = "https://app.procore.com";
const int kHealthPort = 8089;

std::string fetchServiceToken(const std::string& client_id, const std::string& client_secret) {
    httplib::Client login(kLoginBase);
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", client_id},
                         {"client_secret", client_secret}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200)
        throw std::runtime_error("client_credentials grant failed");
    return json::parse(res->body).at("access_token").get<std::string>();
}

void logTokenExpiry(const std::string& token) {
    httplib::Client info(kTokenInfoBase);
    auto res = info.Get("/oauth/token/info", {{"Authorization", "Bearer " + token}});
    if (res && res->status == 200)
        std::cerr << "token expires in " << json::parse(res->body).value("expires_in_seconds", 0) << "s\n";
}

// Installs the bearer token as default headers on the client for the lifetime
// of the object and wipes them again on the way out.
class ScopedSession {
public:
    ScopedSession(httplib::Client& cli, const std::string& token) : cli_(cli) {
        headers_ = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
        cli_.set_default_headers(headers_);
    }
    ~ScopedSession() { cli_.set_default_headers({}); }
    ScopedSession(const ScopedSession&) = delete;
    ScopedSession& operator=(const ScopedSession&) = delete;

    httplib::Client& client() { return cli_; }
    httplib::Headers& headers() { return headers_; }

private:
    httplib::Client& cli_;
    httplib::Headers headers_;
};

// Adds Procore-Company-Id to the session's defaults; restores the previous set
// when the scope closes.
class ScopedCompanyContext {
public:
    ScopedCompanyContext(ScopedSession& session, std::int64_t company_id)
        : session_(session), saved_(session.headers()) {
        session_.headers().emplace("Procore-Company-Id", std::to_string(company_id));
        session_.client().set_default_headers(session_.headers());
    }
    ~ScopedCompanyContext() {
        session_.headers() = saved_;
        session_.client().set_default_headers(saved_);
    }
    ScopedCompanyContext(const ScopedCompanyContext&) = delete;
    ScopedCompanyContext& operator=(const ScopedCompanyContext&) = delete;

private:
    ScopedSession& session_;
    httplib::Headers saved_;
};

struct VendorUpsert {
    std::string erp_code;
    std::string name;
    std::string email;
    std::int64_t procore_id = 0;

    VendorUpsert() = default;
    VendorUpsert(VendorUpsert&&) = default;
    VendorUpsert& operator=(VendorUpsert&&) = default;
    VendorUpsert(const VendorUpsert&) = delete;
    VendorUpsert& operator=(const VendorUpsert&) = delete;
};

std::vector<VendorUpsert> loadErpVendors(const std::string& path) {
    std::ifstream in(path);
    json rows = json::parse(in);
    std::vector<VendorUpsert> out;
    for (const auto& r : rows) {
        VendorUpsert v;
        v.erp_code = r.at("code").get<std::string>();
        v.name = r.at("name").get<std::string>();
        v.email = r.value("email", "");
        out.push_back(std::move(v));
    }
    return out;
}

std::map<std::string, std::int64_t> existingVendors(httplib::Client& api, std::int64_t company_id) {
    std::map<std::string, std::int64_t> by_origin;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(company_id) +
                           "&per_page=100&page=" + std::to_string(page);
        auto res = api.Get(path.c_str());
        if (!res || res->status != 200) break;
        json arr = json::parse(res->body);
        if (arr.empty()) break;
        for (const auto& v : arr)
            if (v.contains("origin_id") && v["origin_id"].is_string())
                by_origin[v["origin_id"].get<std::string>()] = v.at("id").get<std::int64_t>();
    }
    return by_origin;
}

int pushVendor(httplib::Client& api, std::int64_t company_id, VendorUpsert&& vendor) {
    json body = {{"company_id", company_id},
                 {"vendor", {{"name", vendor.name}, {"email_address", vendor.email},
                             {"origin_id", vendor.erp_code}}}};
    std::string path = "/rest/v1.0/vendors";
    if (vendor.procore_id != 0) path += "/" + std::to_string(vendor.procore_id);
    auto res = vendor.procore_id != 0
                   ? api.Patch(path.c_str(), body.dump(), "application/json")
                   : api.Post(path.c_str(), body.dump(), "application/json");
    return res ? res->status : -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: vendor_sync <erp_vendors.json> [only_vendor_id]\n";
        return 2;
    }
    const char* cid = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!cid || !secret) return 2;

    const std::string token = fetchServiceToken(cid, secret);
    logTokenExpiry(token);

    httplib::Client api(kApiBase);
    api.set_read_timeout(30, 0);
    ScopedSession session(api, token);

    auto companies_res = api.Get("/rest/v1.0/companies");
    if (!companies_res || companies_res->status != 200) {
        std::cerr << "cannot list companies\n";
        return 1;
    }
    json companies = json::parse(companies_res->body);
    if (companies.empty()) return 1;
    unsigned company_id = companies[0].at("id").get<unsigned>();

    int only_vendor = 0;
    if (argc > 2) only_vendor = std::stoi(argv[2]);

    int created = 0, updated = 0, failed = 0;
    {
        ScopedCompanyContext company(session, company_id);
        auto me = api.Get("/rest/v1.0/me");
        if (me && me->status == 200)
            std::cerr << "acting as " << json::parse(me->body).value("login", "?") << "\n";

        auto known = existingVendors(api, company_id);
        for (auto& v : loadErpVendors(argv[1])) {
            auto it = known.find(v.erp_code);
            if (it != known.end()) v.procore_id = it->second;
            if (only_vendor != 0 && v.procore_id != only_vendor) continue;
            const bool is_update = v.procore_id != 0;
            int status = pushVendor(api, company_id, std::move(v));
            if (status >= 200 && status < 300)
                (is_update ? updated : created)++;
            else
                ++failed;
        }
    }

    std::cout << "vendors created=" << created << " updated=" << updated << " failed=" << failed
              << " (health on :" << kHealthPort << ")\n";
    return failed == 0 ? 0 : 1;
}
