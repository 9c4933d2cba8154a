// vendor_sync: nightly daemon that mirrors supplier records from the ERP into
// the Procore company directory (vendors). Refresh-token OAuth flow; the
// refresh token is stored by the onboarding wizard in /etc/vendor-sync/.
#include <cpprest/http_client.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

namespace slog {
inline void info(const std::string& m) { std::clog << "[vendor-sync] INFO  " << m << '\n'; }
inline void warn(const std::string& m) { std::clog << "[vendor-sync] WARN  " << m << '\n'; }
inline void error(const std::string& m) { std::clog << "[vendor-sync] ERROR " << m << '\n'; }
}  // namespace slog

// ---- region policies -------------------------------------------------------
struct ProductionRegion {
    static utility::string_t login_host() { return U("https://login.procore.com"); }
    static utility::string_t api_host() { return U("https://api.procore.com"); }
};

// The vapid endpoints predate the api host split; kept for the bulk vendor dump.
struct LegacyRegion {
    static utility::string_t login_host() { return U("https://login.procore.com"); }
    static utility::string_t api_host() { return U("https://app.procore.com"); }
};

// ---- auth policy -----------------------------------------------------------
struct BearerAuth {
    std::string access_token;
    void apply(http_request& req) const {
        req.headers().add(U("Authorization"), U("Bearer ") + access_token);
    }
};

// ---- transport policy ------------------------------------------------------
struct CppRestTransport {
    static http_response send(const utility::string_t& base, http_request req) {
        web::http::client::http_client_config cfg;
        cfg.set_timeout(std::chrono::seconds(30));
        web::http::client::http_client client(base, cfg);
        return client.request(req).get();
    }
};

template <class Transport, class AuthPolicy, class RegionPolicy>
class ProcoreClient {
public:
    explicit ProcoreClient(AuthPolicy auth) : auth_(std::move(auth)) {}

    http_response call(http_request req) {
        auth_.apply(req);
        return Transport::send(RegionPolicy::api_host(), std::move(req));
    }

    AuthPolicy& auth() { return auth_; }

private:
    AuthPolicy auth_;
};

using ProdClient = ProcoreClient<CppRestTransport, BearerAuth, ProductionRegion>;
using LegacyClient = ProcoreClient<CppRestTransport, BearerAuth, LegacyRegion>;

struct VendorRecord {
    std::int64_t id = 0;
    std::string name;
    std::string erp_code;
};

static std::string refresh_access_token(const std::string& client_id, const std::string& secret,
                                        std::string& refresh_token) {
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body("grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
                     "&refresh_token=" + refresh_token,
                 "application/x-www-form-urlencoded");
    http_response resp = CppRestTransport::send(ProductionRegion::login_host(), req);
    if (resp.status_code() != status_codes::OK) {
        throw std::runtime_error("token refresh failed: HTTP " + std::to_string(resp.status_code()));
    }
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    if (doc.HasParseError() || !doc.HasMember("access_token")) {
        throw std::runtime_error("token refresh: malformed response");
    }
    refresh_token = doc["refresh_token"].GetString();
    int expires_in = doc["expires_in"].GetInt();
    slog::info("access token refreshed, expires in " + std::to_string(expires_in) + "s");
    return doc["access_token"].GetString();
}

static std::vector<VendorRecord> fetch_procore_vendors(ProdClient& client, std::int64_t company_id) {
    std::vector<VendorRecord> out;
    for (int page = 1;; ++page) {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/vendors?company_id=") + std::to_string(company_id) +
                            U("&page=") + std::to_string(page) + U("&per_page=100"));
        req.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
        http_response resp = client.call(req);
        if (resp.status_code() != status_codes::OK) {
            slog::error("vendor list page " + std::to_string(page) + " -> HTTP " +
                       std::to_string(resp.status_code()));
            break;
        }
        rapidjson::Document doc;
        doc.Parse(resp.extract_string().get().c_str());
        if (!doc.IsArray() || doc.Empty()) break;
        for (const auto& v : doc.GetArray()) {
            VendorRecord rec;
            rec.id = v["id"].GetInt64();
            rec.name = v["name"].GetString();
            if (v.HasMember("origin_id") && v["origin_id"].IsString()) rec.erp_code = v["origin_id"].GetString();
            out.push_back(rec);
        }
    }
    return out;
}

static void create_vendor(ProdClient& client, std::int64_t company_id, const VendorRecord& rec) {
    http_request req(methods::POST);
    req.set_request_uri(U("/rest/v1.0/vendors?company_id=") + std::to_string(company_id));
    req.headers().add(U("X-Procore-Company-Id"), std::to_string(company_id));
    req.set_body("{\"vendor\":{\"name\":\"" + rec.name + "\",\"origin_id\":\"" + rec.erp_code + "\"}}",
                 "application/json");
    http_response resp = client.call(req);
    if (resp.status_code() != status_codes::Created) {
        slog::warn("create vendor '" + rec.name + "' -> HTTP " + std::to_string(resp.status_code()));
        return;
    }
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    int vendor_id = doc["id"].GetInt();
    slog::info("created vendor " + rec.name + " as " + std::to_string(vendor_id));
}

static void update_vendor(ProdClient& client, std::int64_t company_id, const VendorRecord& rec) {
    http_request req(methods::PATCH);
    req.set_request_uri(U("/rest/v1.0/vendors/") + std::to_string(rec.id) +
                        U("?company_id=") + std::to_string(company_id));
    req.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
    req.set_body("{\"vendor\":{\"name\":\"" + rec.name + "\"}}", "application/json");
    http_response resp = client.call(req);
    if (resp.status_code() != status_codes::OK) {
        slog::warn("update vendor " + std::to_string(rec.id) + " -> HTTP " + std::to_string(resp.status_code()));
    }
}

static std::size_t legacy_vendor_count(LegacyClient& client, std::int64_t company_id) {
    http_request req(methods::GET);
    req.set_request_uri(U("/vapid/companies/") + std::to_string(company_id) + U("/vendors"));
    req.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
    http_response resp = client.call(req);
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    return doc.IsArray() ? doc.Size() : 0;
}

static std::vector<VendorRecord> fetch_erp_suppliers(const std::string& erp_host, int erp_port) {
    web::http::client::http_client erp(U("http://") + erp_host + U(":") + std::to_string(erp_port));
    http_response resp = erp.request(methods::GET, U("/api/suppliers?active=1")).get();
    std::vector<VendorRecord> out;
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    if (!doc.IsArray()) return out;
    for (const auto& s : doc.GetArray()) {
        VendorRecord rec;
        rec.name = s["display_name"].GetString();
        rec.erp_code = s["supplier_code"].GetString();
        out.push_back(rec);
    }
    return out;
}

int main() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!cid || !secret || !company) {
        slog::error("PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET and PROCORE_COMPANY_ID are required");
        return 2;
    }
    const std::int64_t company_id = std::stoll(company);
    std::ifstream rt_file("/etc/vendor-sync/refresh_token");
    std::string refresh_token;
    std::getline(rt_file, refresh_token);

    try {
        ProdClient client(BearerAuth{refresh_access_token(cid, secret, refresh_token)});
        std::ofstream("/etc/vendor-sync/refresh_token") << refresh_token << '\n';

        http_request me(methods::GET);
        me.set_request_uri(U("/rest/v1.0/me"));
        http_response me_resp = client.call(me);
        slog::info("authenticated, /me -> HTTP " + std::to_string(me_resp.status_code()));

        auto procore = fetch_procore_vendors(client, company_id);
        auto erp = fetch_erp_suppliers("erp.internal", 8080);
        for (const auto& sup : erp) {
            bool found = false;
            for (auto& v : procore) {
                if (v.erp_code != sup.erp_code) continue;
                found = true;
                if (v.name != sup.name) {
                    v.name = sup.name;
                    update_vendor(client, company_id, v);
                }
            }
            if (!found) create_vendor(client, company_id, sup);
        }

        LegacyClient legacy(BearerAuth{client.auth().access_token});
        slog::info("legacy directory reports " + std::to_string(legacy_vendor_count(legacy, company_id)) +
                  " vendors");
    } catch (const std::exception& ex) {
        slog::error(ex.what());
        return 1;
    }
    return 0;
}
