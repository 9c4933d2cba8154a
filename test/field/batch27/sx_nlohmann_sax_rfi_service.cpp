// rfi_mirror - nightly job that mirrors open RFIs of every active project into
// the BI warehouse staging files. Runs unattended under a Developer Managed
// Service Account, so it authenticates with the client-credentials grant.
//
// Responses are consumed with nlohmann::json::sax_parse: the RFI payloads for
// the big hospital jobs are huge and we only keep a handful of fields.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace rfi_mirror {

struct Config {
    std::string token_url = "https://api.procore.com/oauth/token";
    std::string api_base = "https://api.procore.com";
    std::string client_id;
    std::string client_secret;
    int64_t company_id = 0;
    int page_size = 200;
};

struct Rfi {
    int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int64_t ball_in_court_id = 0;
};

// No-op base so each handler only overrides what it cares about.
class SaxBase : public nlohmann::json_sax<json> {
  public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { ++depth_; return true; }
    bool key(string_t& k) override { key_ = k; return true; }
    bool end_object() override { --depth_; return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t pos, const std::string& tok,
                     const nlohmann::detail::exception& ex) override {
        std::cerr << "json error at " << pos << " near '" << tok << "': " << ex.what() << "\n";
        return false;
    }

  protected:
    int depth_ = 0;
    std::string key_;
};

// [{"id":..,"name":..,"active":true,...}, ...]
class ProjectIdSax : public SaxBase {
  public:
    std::vector<int64_t> ids;
    bool number_unsigned(number_unsigned_t v) override {
        if (depth_ == 1 && key_ == "id") ids.push_back(static_cast<int64_t>(v));
        return true;
    }
    bool number_integer(number_integer_t v) override {
        if (depth_ == 1 && key_ == "id") ids.push_back(v);
        return true;
    }
};

// [{"id":..,"number":"012","subject":..,"status":"open","ball_in_court":{"id":..}}]
class RfiSax : public SaxBase {
  public:
    std::vector<Rfi> rfis;
    bool start_object(std::size_t n) override {
        SaxBase::start_object(n);
        if (depth_ == 1) cur_ = Rfi{};
        else if (depth_ == 2) parent_ = key_;
        return true;
    }
    bool end_object() override {
        if (depth_ == 1) rfis.push_back(cur_);
        if (depth_ == 2) parent_.clear();
        return SaxBase::end_object();
    }
    bool number_unsigned(number_unsigned_t v) override {
        if (depth_ == 1 && key_ == "id") cur_.id = static_cast<int>(v);
        else if (depth_ == 2 && parent_ == "ball_in_court" && key_ == "id")
            cur_.ball_in_court_id = static_cast<int64_t>(v);
        return true;
    }
    bool string(string_t& s) override {
        if (depth_ != 1) return true;
        if (key_ == "number") cur_.number = s;
        else if (key_ == "subject") cur_.subject = s;
        else if (key_ == "status") cur_.status = s;
        return true;
    }

  private:
    Rfi cur_;
    std::string parent_;
};

class TokenSax : public SaxBase {
  public:
    std::string access_token;
    int expires_in = 0;
    bool string(string_t& s) override {
        if (key_ == "access_token") access_token = s;
        return true;
    }
    bool number_unsigned(number_unsigned_t v) override {
        if (key_ == "expires_in") expires_in = static_cast<int>(v);
        return true;
    }
};

std::string fetch_token(const Config& cfg) {
    cpr::Response r = cpr::Post(cpr::Url{cfg.token_url},
                                cpr::Payload{{"grant_type", "client_credentials"},
                                             {"client_id", cfg.client_id},
                                             {"client_secret", cfg.client_secret}});
    TokenSax sax;
    if (r.status_code != 200 || !json::sax_parse(r.text, &sax)) {
        std::cerr << "token request failed: HTTP " << r.status_code << "\n";
        return {};
    }
    return sax.access_token;
}

cpr::Header company_headers(const std::string& token, int64_t company_id) {
    return cpr::Header{{"Authorization", "Bearer " + token},
                       {"Procore-Company-Id", std::to_string(company_id)}};
}

bool check_company_access(const Config& cfg, const std::string& token) {
    // DMSA sanity check: the company we were installed in must be listed.
    cpr::Response r = cpr::Get(cpr::Url{cfg.api_base + "/rest/v1.0/companies"},
                               cpr::Bearer{token});
    if (r.status_code != 200) return false;
    ProjectIdSax sax;  // same shape: array of objects with "id"
    json::sax_parse(r.text, &sax);
    for (int64_t id : sax.ids)
        if (id == cfg.company_id) return true;
    return false;
}

std::vector<int64_t> active_projects(const Config& cfg, const std::string& token) {
    cpr::Response r = cpr::Get(cpr::Url{cfg.api_base + "/rest/v1.0/projects"},
                               company_headers(token, cfg.company_id),
                               cpr::Parameters{{"company_id", std::to_string(cfg.company_id)},
                                               {"filters[active]", "true"},
                                               {"per_page", std::to_string(cfg.page_size)}});
    ProjectIdSax sax;
    if (r.status_code == 200) json::sax_parse(r.text, &sax);
    return sax.ids;
}

std::vector<Rfi> open_rfis(const Config& cfg, const std::string& token, int64_t project_id) {
    std::vector<Rfi> all;
    for (int page = 1;; ++page) {
        cpr::Response r = cpr::Get(
            cpr::Url{cfg.api_base + "/rest/v1.1/projects/" + std::to_string(project_id) + "/rfis"},
            company_headers(token, cfg.company_id),
            cpr::Parameters{{"filters[status]", "open"},
                            {"page", std::to_string(page)},
                            {"per_page", std::to_string(cfg.page_size)}});
        if (r.status_code != 200) break;
        RfiSax sax;
        if (!json::sax_parse(r.text, &sax)) break;
        all.insert(all.end(), sax.rfis.begin(), sax.rfis.end());
        if (static_cast<int>(sax.rfis.size()) < cfg.page_size) break;
    }
    return all;
}

}  // namespace rfi_mirror

int main() {
    using namespace rfi_mirror;
    Config cfg;
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) {
        std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID required\n";
        return 2;
    }
    cfg.client_id = id;
    cfg.client_secret = secret;
    cfg.company_id = std::stoll(company);

    std::string token = fetch_token(cfg);
    if (token.empty()) return 1;
    if (!check_company_access(cfg, token)) {
        std::cerr << "service account has no access to company " << cfg.company_id << "\n";
        return 1;
    }

    std::ofstream out("rfis_staging.jsonl");
    int total = 0;
    for (int64_t pid : active_projects(cfg, token)) {
        for (const Rfi& rfi : open_rfis(cfg, token, pid)) {
            json row = {{"company_id", cfg.company_id}, {"project_id", pid},
                        {"rfi_id", rfi.id}, {"number", rfi.number},
                        {"subject", rfi.subject}, {"status", rfi.status},
                        {"ball_in_court_id", rfi.ball_in_court_id}};
            out << row.dump() << "\n";
            ++total;
        }
    }
    std::cerr << "mirrored " << total << " open RFIs\n";
    return 0;
}
