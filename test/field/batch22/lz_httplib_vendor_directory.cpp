// vendor_directory: nightly job run by a Developer Managed Service Account.
// Pulls the company vendor directory from Procore and reports vendors that
// are missing insurance data to the #procurement Slack channel.
//
// Sync "jobs" register themselves at static-init time; the HTTP clients and
// the token are lazily created singletons.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using json = nlohmann::json;

// ---- header-like section: process-wide globals ---------------------------

inline constexpr const char *kLoginHost = "https://login.procore.com";
inline constexpr const char *kApiHost = "https://api.procore.com";
inline constexpr const char *kLegacyHost = "https://app.procore.com";
inline constexpr const char *kSlackHost = "https://hooks.slack.com";
inline constexpr int kPerPage = 100;

using VendorId = int;
using Job = std::function<int()>;

inline std::map<std::string, Job> &job_registry() {
    static std::map<std::string, Job> jobs;
    return jobs;
}

struct JobRegistrar {
    JobRegistrar(const char *name, Job job) { job_registry().emplace(name, std::move(job)); }
};

// ---- lazily created singletons -------------------------------------------

static httplib::Client &login_client() {
    static httplib::Client cli(kLoginHost);
    return cli;
}

static httplib::Client &api_client() {
    static httplib::Client cli = [] {
        httplib::Client c(kApiHost);
        c.set_connection_timeout(10);
        c.set_read_timeout(60);
        return c;
    }();
    return cli;
}

static httplib::Client &legacy_client() {
    static httplib::Client cli(kLegacyHost);
    return cli;
}

static int64_t company_id() {
    static const int64_t id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    return id;
}

static const std::string &service_token() {
    static std::string token;
    static std::once_flag once;
    std::call_once(once, [] {
        httplib::Params form{
            {"grant_type", "client_credentials"},
            {"client_id", std::getenv("PROCORE_CLIENT_ID")},
            {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
        };
        auto res = login_client().Post("/oauth/token", form);
        if (!res || res->status != 200) {
            std::cerr << "client_credentials token request failed\n";
            std::exit(2);
        }
        token = json::parse(res->body).at("access_token").get<std::string>();
    });
    return token;
}

static const httplib::Headers &company_headers() {
    static const httplib::Headers h{
        {"Authorization", "Bearer " + service_token()},
        {"Procore-Company-Id", std::to_string(company_id())},
        {"Accept", "application/json"},
    };
    return h;
}

static const httplib::Headers &bearer_headers() {
    static const httplib::Headers h{
        {"Authorization", "Bearer " + service_token()},
        {"Accept", "application/json"},
    };
    return h;
}

// ---- jobs -----------------------------------------------------------------

struct Vendor {
    VendorId id;
    std::string origin_id;  // ERP key, free text
    std::string name;
    bool has_insurance;
};

static std::vector<Vendor> fetch_vendors() {
    std::vector<Vendor> out;
    for (int page = 1;; ++page) {
        const std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(company_id()) +
                                 "&page=" + std::to_string(page) +
                                 "&per_page=" + std::to_string(kPerPage);
        auto res = api_client().Get(path.c_str(), company_headers());
        if (!res || res->status != 200) break;
        json arr = json::parse(res->body);
        if (arr.empty()) break;
        for (const auto &v : arr) {
            Vendor vendor;
            vendor.id = v.at("id").get<VendorId>();
            vendor.origin_id = v["origin_id"].is_string() ? v["origin_id"].get<std::string>() : "";
            vendor.name = v.value("name", "");
            vendor.has_insurance = v.contains("insurances") && !v["insurances"].empty();
            out.push_back(vendor);
        }
        if (static_cast<int>(arr.size()) < kPerPage) break;
    }
    return out;
}

static void notify_slack(const std::string &text) {
    static httplib::Client slack(kSlackHost);
    json payload{{"text", text}};
    slack.Post(std::getenv("SLACK_WEBHOOK_PATH"), payload.dump(), "application/json");
}

static JobRegistrar check_identity("identity", [] {
    auto me = api_client().Get("/rest/v1.0/me", company_headers());
    if (!me || me->status != 200) return 1;
    auto companies = api_client().Get("/rest/v1.0/companies", bearer_headers());
    if (!companies || companies->status != 200) return 1;
    bool visible = false;
    for (const auto &c : json::parse(companies->body))
        if (c.at("id").get<int64_t>() == company_id()) visible = true;
    std::cout << "service account " << json::parse(me->body).value("login", "?")
              << (visible ? " can see " : " CANNOT see ") << "company " << company_id() << "\n";
    return visible ? 0 : 1;
});

static JobRegistrar insurance_report("insurance", [] {
    int missing = 0;
    std::string text = "Vendors without insurance on file:\n";
    for (const Vendor &v : fetch_vendors()) {
        if (v.has_insurance) continue;
        ++missing;
        text += "- " + v.name + " <https://app.procore.com/" + std::to_string(company_id()) +
                "/company/vendors/" + std::to_string(v.id) + "|open>\n";
    }
    if (missing > 0) notify_slack(text);
    std::cout << missing << " vendors missing insurance\n";
    return 0;
});

static JobRegistrar legacy_trades("trades", [] {
    // Trades are still only exposed on the old vapid endpoint.
    const std::string path = "/vapid/companies/" + std::to_string(company_id()) + "/trades";
    auto res = legacy_client().Get(path.c_str(), company_headers());
    if (!res || res->status != 200) return 1;
    std::cout << json::parse(res->body).size() << " trades\n";
    return 0;
});

static JobRegistrar flag_vendor("flag", [] {
    const char *raw = std::getenv("FLAG_VENDOR_ID");
    if (!raw) return 0;
    const int64_t vendor_id = std::strtoll(raw, nullptr, 10);
    json body{{"vendor", {{"notes", "Flagged by vendor_directory: insurance missing"}}}};
    auto res = api_client().Patch(("/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                                   "?company_id=" + std::to_string(company_id())).c_str(),
                                  company_headers(), body.dump(), "application/json");
    return (res && res->status == 200) ? 0 : 1;
});

int main(int argc, char **argv) {
    int failures = 0;
    for (auto &[name, job] : job_registry()) {
        if (argc > 1 && name != argv[1]) continue;
        std::cerr << "[vendor_directory] running " << name << "\n";
        failures += job();
    }
    return failures == 0 ? 0 : 1;
}
