// manpower_export - runs under a Developer Managed Service Account (DMSA) that
// each customer company installs from its App Management page. The service
// account authenticates with the client-credentials grant and then walks the
// companies listed in DMSA_COMPANIES, exporting yesterday's manpower logs per
// project to CSV. See
// https://developers.procore.com/documentation/developer-managed-service-accounts

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace {

const std::string kLoginBase = "https://login.procore.com";
const std::string kApiBase = "https://api.procore.com";

using VendorNames = std::map<int, std::string>;  // vendor id -> display name

struct DmsaConfig {
    std::string client_id;
    std::string client_secret;
    std::vector<std::int64_t> company_ids;
    std::string out_dir = ".";
    int per_page = 100;
};

DmsaConfig load_config() {
    DmsaConfig cfg;
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    const char* companies = std::getenv("DMSA_COMPANIES");  // "18432,27713"
    if (!id || !secret || !companies) throw std::runtime_error("DMSA_* environment not set");
    cfg.client_id = id;
    cfg.client_secret = secret;
    std::stringstream ss(companies);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) cfg.company_ids.push_back(std::stoll(item));
    if (const char* out = std::getenv("EXPORT_DIR")) cfg.out_dir = out;
    if (const char* pp = std::getenv("EXPORT_PER_PAGE")) cfg.per_page = std::stoi(pp);
    return cfg;
}

std::string fetch_service_token(const DmsaConfig& cfg) {
    cpr::Response r = cpr::Post(cpr::Url{kLoginBase + "/oauth/token"},
                                cpr::Payload{{"grant_type", "client_credentials"},
                                             {"client_id", cfg.client_id},
                                             {"client_secret", cfg.client_secret}});
    if (r.status_code != 200) throw std::runtime_error("token request failed: " + r.text);
    return json::parse(r.text).at("access_token").get<std::string>();
}

class CompanySessions {
public:
    explicit CompanySessions(std::string token) : token_(std::move(token)) {}

    // One cpr::Session per company; the header set is built once here.
    cpr::Session& get(std::int64_t company_id) {
        auto it = sessions_.find(company_id);
        if (it != sessions_.end()) return *it->second;
        auto session = std::make_unique<cpr::Session>();
        session->SetBearer(cpr::Bearer{token_});
        session->SetHeader(cpr::Header{{"Procore-Company-Id", std::to_string(company_id)},
                                       {"Accept", "application/json"}});
        return *sessions_.emplace(company_id, std::move(session)).first->second;
    }

    const std::string& token() const { return token_; }

private:
    std::string token_;
    std::unordered_map<std::int64_t, std::unique_ptr<cpr::Session>> sessions_;
};

json get_json(cpr::Session& s, const std::string& path, const cpr::Parameters& params = {}) {
    s.SetUrl(cpr::Url{kApiBase + path});
    s.SetParameters(params);
    cpr::Response r = s.Get();
    if (r.status_code == 429) throw std::runtime_error("rate limited on " + path);
    if (r.status_code >= 400) return json::array();
    return json::parse(r.text, nullptr, false);
}

// Which of the configured companies has actually installed the DMSA?
std::map<std::int64_t, std::string> installed_companies(const std::string& token) {
    std::map<std::int64_t, std::string> out;
    cpr::Response r = cpr::Get(cpr::Url{kApiBase + "/rest/v1.0/companies"}, cpr::Bearer{token});
    if (r.status_code != 200) return out;
    for (const auto& c : json::parse(r.text))
        out[c.at("id").get<std::int64_t>()] = c.value("name", "");
    return out;
}

VendorNames vendor_names(const CompanySessions& sessions, std::int64_t company_id) {
    VendorNames names;
    cpr::Response r = cpr::Get(cpr::Url{kApiBase + "/rest/v1.0/vendors"},
                               cpr::Bearer{sessions.token()},
                               cpr::Parameters{{"company_id", std::to_string(company_id)}});
    if (r.status_code != 200) return names;
    for (const auto& v : json::parse(r.text))
        names[v.at("id").get<std::int64_t>()] = v.value("name", "");
    return names;
}

void export_company(CompanySessions& sessions, const DmsaConfig& cfg, std::int64_t company_id,
                    const std::string& company_name, const std::string& day) {
    cpr::Session& s = sessions.get(company_id);

    json me = get_json(s, "/rest/v1.0/me");
    std::cerr << "[" << company_name << "] acting as " << me.value("name", std::string{"service account"})
              << "\n";

    auto vendors = vendor_names(sessions, company_id);

    std::ofstream csv(cfg.out_dir + "/manpower_" + std::to_string(company_id) + "_" + day + ".csv");
    csv << "project_id,project,vendor,workers,hours\n";

    for (int page = 1;; ++page) {
        json projects = get_json(s, "/rest/v1.0/projects",
                                 cpr::Parameters{{"company_id", std::to_string(company_id)},
                                                 {"page", std::to_string(page)},
                                                 {"per_page", std::to_string(cfg.per_page)}});
        if (!projects.is_array() || projects.empty()) break;

        for (const auto& p : projects) {
            long project_id = p.at("id").get<long>();
            json logs = get_json(s, "/rest/v1.0/projects/" + std::to_string(project_id) + "/manpower_logs",
                                 cpr::Parameters{{"log_date", day}});
            for (const auto& log : logs) {
                std::string vendor = "-";
                if (log.contains("vendor") && log["vendor"].is_object()) {
                    auto it = vendors.find(log["vendor"].value("id", std::int64_t{0}));
                    if (it != vendors.end()) vendor = it->second;
                }
                csv << project_id << ",\"" << p.value("name", "") << "\",\"" << vendor << "\","
                    << log.value("num_workers", 0) << "," << log.value("num_hours", 0.0) << "\n";
            }
        }
        if (static_cast<int>(projects.size()) < cfg.per_page) break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string day = argc > 1 ? argv[1] : "2024-05-01";
    try {
        DmsaConfig cfg = load_config();
        CompanySessions sessions(fetch_service_token(cfg));
        auto installed = installed_companies(sessions.token());

        for (std::int64_t company_id : cfg.company_ids) {
            auto it = installed.find(company_id);
            if (it == installed.end()) {
                std::cerr << "company " << company_id << " has not installed the service account\n";
                continue;
            }
            export_company(sessions, cfg, company_id, it->second, day);
        }
    } catch (const std::exception& e) {
        std::cerr << "manpower_export: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
