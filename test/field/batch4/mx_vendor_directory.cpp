// mx_vendor_directory.cpp - keeps the ERP supplier table in step with the
// Procore company directory.  Run from cron on the accounting server:
//
//   vendor_directory <company_id> <project_id> [per_page]
//
// Build: g++ -std=c++17 -DCPPHTTPLIB_OPENSSL_SUPPORT mx_vendor_directory.cpp -lssl -lcrypto
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#if defined(USE_SANDBOX)
#define LOGIN_HOST "https://sandbox.procore.com"
#define API_HOST   "https://sandbox.procore.com"
#else
#define LOGIN_HOST "https://login.procore.com"
#define API_HOST   "https://api.procore.com"
#endif

#define ERP_HOST    "erp.accounting.internal"
#define ERP_PORT    8443
#define WEB_DIRECTORY_FMT "https://app.procore.com/%lld/company/directory/vendors"

#define HDR_AUTH    "Authorization"
#define HDR_COMPANY "Procore-Company-Id"

//        name               method  path                                       company
#define VENDOR_ENDPOINTS(X) \
    X(ME,                "GET",  "/rest/v1.0/me",                               false) \
    X(COMPANY_VENDORS,   "GET",  "/rest/v1.0/vendors?company_id=%lld&page=%d&per_page=%d", true) \
    X(PROJECT_VENDORS,   "GET",  "/rest/v1.0/projects/%lld/vendors",            false) \
    X(CREATE_VENDOR,     "POST", "/rest/v1.0/vendors?company_id=%lld",          true) \
    X(VENDOR_INSURANCES, "GET",  "/rest/v1.0/vendors/%lld/insurances?company_id=%lld", true)

enum class Ep {
#define X_ENUM(name, method, path, company) name,
    VENDOR_ENDPOINTS(X_ENUM)
#undef X_ENUM
    Count
};

struct EndpointDesc {
    const char *method;
    const char *path_fmt;
    bool needs_company;
};

static const EndpointDesc kEndpoints[] = {
#define X_DESC(name, method, path, company) {method, path, company},
    VENDOR_ENDPOINTS(X_DESC)
#undef X_DESC
};
static_assert(sizeof(kEndpoints) / sizeof(kEndpoints[0]) == static_cast<size_t>(Ep::Count),
              "endpoint table out of sync");

using procore_id = long long;
using json = nlohmann::json;

struct Vendor {
    procore_id id = 0;
    procore_id parent_id = 0;
    std::string name;
    std::string erp_code;
    bool active = true;
};

class ProcoreDirectory {
public:
    ProcoreDirectory(std::string token, procore_id company)
        : token_(std::move(token)), company_(company), cli_(API_HOST) {
        cli_.set_read_timeout(30, 0);
    }

    httplib::Result call(Ep ep, const char *body, ...) {
        const EndpointDesc &d = kEndpoints[static_cast<size_t>(ep)];
        char path[512];
        va_list ap;
        va_start(ap, body);
        std::vsnprintf(path, sizeof path, d.path_fmt, ap);
        va_end(ap);

        httplib::Headers hdrs{{HDR_AUTH, "Bearer " + token_}};
        if (d.needs_company)
            hdrs.emplace(HDR_COMPANY, std::to_string(company_));
        if (std::string(d.method) == "POST")
            return cli_.Post(path, hdrs, body, "application/json");
        return cli_.Get(path, hdrs);
    }

    procore_id company() const { return company_; }

private:
    std::string token_;
    procore_id company_;
    httplib::Client cli_;
};

static std::string exchange_refresh_token(const std::string &refresh) {
    httplib::Client auth(LOGIN_HOST);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", refresh},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200)
        throw std::runtime_error("token exchange failed");
    return json::parse(res->body).at("access_token").get<std::string>();
}

static Vendor vendor_from_json(const json &item) {
    Vendor v;
    v.id = item.at("id").get<procore_id>();
    v.name = item.value("name", "");
    v.erp_code = item.value("origin_code", "");
    v.active = item.value("is_active", true);
    if (item.contains("parent") && !item["parent"].is_null())
        v.parent_id = item["parent"]["id"].get<int>();
    return v;
}

static int push_to_erp(const std::vector<Vendor> &changed) {
    httplib::Client erp(ERP_HOST, ERP_PORT);
    json rows = json::array();
    for (const auto &v : changed)
        rows.push_back({{"procore_id", v.id}, {"name", v.name}, {"code", v.erp_code}});
    auto res = erp.Post("/suppliers/bulk", rows.dump(), "application/json");
    return res ? res->status : -1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        std::cerr << "usage: vendor_directory <company_id> <project_id> [per_page]\n";
        return 2;
    }
    const procore_id company_id = std::stoll(argv[1]);
    const procore_id project_id = std::stoi(argv[2]);
    const int per_page = argc > 3 ? std::stoi(argv[3]) : 100;

    const char *refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!refresh) {
        std::cerr << "PROCORE_REFRESH_TOKEN not set\n";
        return 2;
    }
    ProcoreDirectory dir(exchange_refresh_token(refresh), company_id);

    auto me = dir.call(Ep::ME, "");
    if (!me || me->status != 200) {
        std::cerr << "token rejected\n";
        return 1;
    }
    std::cerr << "running as " << json::parse(me->body).value("login", "?") << "\n";

    std::map<int, Vendor> by_id;
    for (int page = 1;; ++page) {
        auto res = dir.call(Ep::COMPANY_VENDORS, "", company_id, page, per_page);
        if (!res || res->status != 200) break;
        auto arr = json::parse(res->body);
        for (const auto &item : arr) {
            Vendor v = vendor_from_json(item);
            by_id[v.id] = v;
        }
        if (static_cast<int>(arr.size()) < per_page) break;
    }

    // Vendors on this project that are not yet in the company directory get created.
    std::vector<Vendor> changed;
    if (auto res = dir.call(Ep::PROJECT_VENDORS, "", project_id); res && res->status == 200) {
        for (const auto &item : json::parse(res->body)) {
            Vendor v = vendor_from_json(item);
            if (by_id.count(v.id)) continue;
            json body = {{"vendor", {{"name", v.name}, {"is_active", true}}}};
            auto created = dir.call(Ep::CREATE_VENDOR, body.dump().c_str(), company_id);
            if (created && created->status == 201) {
                v.id = json::parse(created->body).at("id").get<procore_id>();
                changed.push_back(v);
            }
        }
    }

    for (const auto &[id, v] : by_id) {
        if (!v.active) continue;
        auto ins = dir.call(Ep::VENDOR_INSURANCES, "", v.id, company_id);
        if (ins && ins->status == 200 && json::parse(ins->body).empty())
            std::printf("vendor %lld (%s) has no insurance on file\n", v.id, v.name.c_str());
        changed.push_back(v);
    }

    int erp_status = push_to_erp(changed);
    char link[256];
    std::snprintf(link, sizeof link, WEB_DIRECTORY_FMT, dir.company());
    std::printf("%zu vendors pushed to ERP (HTTP %d); directory: %s\n", changed.size(), erp_status, link);
    return erp_status == 200 ? 0 : 1;
}
