// rg_partner_portal: backend for the subcontractor partner portal. Each general
// contractor that installs our Developer Managed Service Account gets its own
// client id/secret; the portal routes partner jobs to the right GC's client.
#include <cpr/cpr.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace portal {

struct Environment {
    std::string login_base;
    std::string api_base;
};

const std::map<std::string, Environment>& environments() {
    static const std::map<std::string, Environment> envs = {
        {"production", {"https://login.procore.com", "https://api.procore.com"}},
        {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    };
    return envs;
}

// Old daily-log export still goes through the vapid endpoints.
static const char* const kLegacyVapidBase = "https://app.procore.com/vapid";

struct CachedToken {
    std::string access_token;
    std::chrono::steady_clock::time_point expires_at{};
};

struct PartnerAccount {
    std::string email;
    long vendor_id = 0;
    std::int64_t company_id = 0;
};

struct PortalJob {
    enum class Kind { ListVendors, SubmitInvoice, ExportDailyLogs, Diagnostics } kind;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::string payload;
};

Json::Value parse(const std::string& text) {
    Json::CharReaderBuilder builder;
    Json::Value root;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(builder, in, &root, &errs)) throw std::runtime_error("bad JSON: " + errs);
    return root;
}

class TenantClient {
public:
    TenantClient(std::int64_t company_id, Environment env, std::string client_id, std::string secret)
        : company_id_(company_id), env_(std::move(env)), client_id_(std::move(client_id)),
          secret_(std::move(secret)) {}

    const std::string& token() {
        const auto now = std::chrono::steady_clock::now();
        if (!cache_.access_token.empty() && now < cache_.expires_at) return cache_.access_token;
        cpr::Response r = cpr::Post(cpr::Url{env_.login_base + "/oauth/token"},
                                    cpr::Payload{{"grant_type", "client_credentials"},
                                                 {"client_id", client_id_},
                                                 {"client_secret", secret_}});
        if (r.status_code != 200) throw std::runtime_error("token request failed: " + r.text);
        Json::Value tok = parse(r.text);
        cache_.access_token = tok["access_token"].asString();
        const int ttl = tok.get("expires_in", 7200).asInt();
        cache_.expires_at = now + std::chrono::seconds(ttl - 60);
        return cache_.access_token;
    }

    // Headers every tenant-scoped REST call should carry.
    cpr::Header tenant_headers() {
        return cpr::Header{{"Authorization", "Bearer " + token()},
                           {"Procore-Company-Id", std::to_string(company_id_)},
                           {"Accept", "application/json"}};
    }

    Json::Value me() {
        cpr::Response r = cpr::Get(cpr::Url{env_.api_base + "/rest/v1.0/me"}, tenant_headers());
        return parse(r.text);
    }

    Json::Value companies() {
        cpr::Response r = cpr::Get(cpr::Url{env_.api_base + "/rest/v1.0/companies"},
                                   cpr::Bearer{token()});
        return parse(r.text);
    }

    Json::Value vendors(int page) {
        cpr::Response r = cpr::Get(cpr::Url{env_.api_base + "/rest/v1.0/vendors"}, tenant_headers(),
                                   cpr::Parameters{{"company_id", std::to_string(company_id_)},
                                                   {"page", std::to_string(page)},
                                                   {"per_page", "100"}});
        return parse(r.text);
    }

    long submit_invoice(std::int64_t project_id, const std::string& body) {
        cpr::Header h{{"Authorization", "Bearer " + token()},
                      {"Procore-CompanyId", std::to_string(company_id_)},
                      {"Content-Type", "application/json"}};
        cpr::Response r = cpr::Post(
            cpr::Url{env_.api_base + "/rest/v1.0/projects/" + std::to_string(project_id) +
                     "/requisitions"},
            h, cpr::Body{body});
        return r.status_code;
    }

    std::string export_daily_logs(std::int64_t project_id) {
        cpr::Response r = cpr::Get(
            cpr::Url{std::string(kLegacyVapidBase) + "/projects/" + std::to_string(project_id) +
                     "/daily_logs"},
            tenant_headers());
        return r.text;
    }

    std::int64_t company_id() const { return company_id_; }

private:
    std::int64_t company_id_;
    Environment env_;
    std::string client_id_;
    std::string secret_;
    CachedToken cache_;
};

class JobRouter {
public:
    void add_tenant(std::int64_t company_id, const std::string& env_name, const std::string& id,
                    const std::string& secret) {
        auto it = environments().find(env_name);
        if (it == environments().end()) throw std::runtime_error("unknown env " + env_name);
        clients_[company_id] = std::make_unique<TenantClient>(company_id, it->second, id, secret);
    }

    std::string dispatch(const PortalJob& job) {
        auto it = clients_.find(job.company_id);
        if (it == clients_.end()) return R"({"error":"company not onboarded"})";
        TenantClient& c = *it->second;
        switch (job.kind) {
        case PortalJob::Kind::ListVendors: {
            Json::Value out(Json::arrayValue);
            for (int page = 1; page < 50; ++page) {
                Json::Value batch = c.vendors(page);
                for (const auto& v : batch) {
                    Json::Value row;
                    row["id"] = static_cast<Json::Int64>(v["id"].asInt());
                    row["name"] = v["name"];
                    row["url"] = "https://app.procore.com/" + std::to_string(c.company_id()) +
                                 "/company/vendors/" + v["id"].asString();
                    out.append(row);
                }
                if (batch.size() < 100) break;
            }
            return Json::writeString(Json::StreamWriterBuilder(), out);
        }
        case PortalJob::Kind::SubmitInvoice:
            return std::to_string(c.submit_invoice(job.project_id, job.payload));
        case PortalJob::Kind::ExportDailyLogs:
            return c.export_daily_logs(job.project_id);
        case PortalJob::Kind::Diagnostics: {
            Json::Value me = c.me();
            Json::Value cos = c.companies();
            std::ostringstream os;
            os << "service account " << me["login"].asString() << " sees " << cos.size()
               << " companies";
            return os.str();
        }
        }
        return {};
    }

    void register_partner(const std::string& email, const Json::Value& invite) {
        PartnerAccount acct;
        acct.email = email;
        acct.vendor_id = invite["vendor_id"].asInt64();
        acct.company_id = invite["company_id"].asInt64();
        partners_[email] = acct;
    }

private:
    std::unordered_map<std::int64_t, std::unique_ptr<TenantClient>> clients_;
    std::map<std::string, PartnerAccount> partners_;
};

} // namespace portal

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " COMPANY_ID PROJECT_ID\n";
        return 2;
    }
    const char* env = std::getenv("PORTAL_ENV");
    portal::JobRouter router;
    const std::int64_t company_id = std::stoll(argv[1]);
    router.add_tenant(company_id, env ? env : "production",
                      std::getenv("PORTAL_CLIENT_ID") ? std::getenv("PORTAL_CLIENT_ID") : "",
                      std::getenv("PORTAL_CLIENT_SECRET") ? std::getenv("PORTAL_CLIENT_SECRET") : "");
    portal::PortalJob diag{portal::PortalJob::Kind::Diagnostics, company_id, 0, {}};
    std::cout << router.dispatch(diag) << "\n";
    portal::PortalJob vendors{portal::PortalJob::Kind::ListVendors, company_id, 0, {}};
    std::cout << router.dispatch(vendors) << "\n";
    portal::PortalJob logs{portal::PortalJob::Kind::ExportDailyLogs, company_id, std::stoll(argv[2]), {}};
    std::cout << router.dispatch(logs).size() << " bytes of daily logs\n";
    return 0;
}
