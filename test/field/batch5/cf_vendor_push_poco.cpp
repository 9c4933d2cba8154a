// cf_vendor_push_poco.cpp - pushes the ERP vendor master into the Procore
// company directory. Runs unattended from cron with a Developer Managed
// Service Account (client-credentials grant).
//
//   cf_vendor_push_poco /etc/vendor_push.json vendors.csv
//
// vendor_push.json: {"procore": {"company_id": ..., "client_id": ..., ...},
//                    "headers": {"Accept": "application/json", ...}}
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Config {
    std::string login_host;
    std::string api_host;
    std::string client_id;
    std::string client_secret;
    std::int64_t company_id = 0;
    int timeout_s = 30;
    HeaderList extra_headers;
};

static std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : fallback;
}

static Config load_config(const std::string& path) {
    std::ifstream in(path);
    const json root = in ? json::parse(in, nullptr, false) : json::object();
    const json p = root.value("procore", json::object());

    Config cfg;
    cfg.login_host = p.value("login_host", "login.procore.com");
    cfg.api_host = p.value("api_host", "api.procore.com");
    cfg.client_id = env_or("PROCORE_CLIENT_ID", p.value("client_id", ""));
    cfg.client_secret = env_or("PROCORE_CLIENT_SECRET", p.value("client_secret", ""));
    cfg.company_id = p.value("company_id", 0);
    cfg.timeout_s = p.value("timeout_s", 30);
    for (const auto& [name, value] : root.value("headers", json::object()).items())
        cfg.extra_headers.emplace_back(name, value.get<std::string>());
    return cfg;
}

struct Reply {
    int status = 0;
    std::string body;
};

static Reply send(const Config& cfg, const std::string& host, const std::string& method,
                  const std::string& path, const HeaderList& headers, const std::string& body = {},
                  const std::string& content_type = "application/json") {
    Poco::Net::HTTPSClientSession session(host, 443);
    session.setTimeout(Poco::Timespan(cfg.timeout_s, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        req.set(name, value);
    if (!body.empty()) {
        req.setContentType(content_type);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(req) << body;

    Poco::Net::HTTPResponse resp;
    std::istream& rs = session.receiveResponse(resp);
    Reply r;
    r.status = static_cast<int>(resp.getStatus());
    Poco::StreamCopier::copyToString(rs, r.body);
    return r;
}

static std::string fetch_token(const Config& cfg) {
    const std::string form = "grant_type=client_credentials&client_id=" + cfg.client_id +
                             "&client_secret=" + cfg.client_secret;
    const Reply r = send(cfg, cfg.login_host, Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token", {}, form,
                         "application/x-www-form-urlencoded");
    if (r.status != 200) throw std::runtime_error("token request failed: " + std::to_string(r.status));
    return json::parse(r.body).at("access_token").get<std::string>();
}

// Headers every API call gets; company-scoped calls add Procore-Company-Id.
static HeaderList base_headers(const Config& cfg, const std::string& token) {
    HeaderList h = cfg.extra_headers;
    h.emplace_back("Authorization", "Bearer " + token);
    return h;
}

static HeaderList company_headers(const Config& cfg, const std::string& token) {
    HeaderList h = base_headers(cfg, token);
    h.emplace_back("Procore-Company-Id", std::to_string(cfg.company_id));
    return h;
}

struct ErpVendor {
    std::string code;  // ERP vendor number, stored as origin_id in Procore
    std::string name;
    std::string email;
    std::string city;
};

static std::vector<ErpVendor> read_erp_csv(const std::string& file) {
    std::vector<ErpVendor> out;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header row
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        ErpVendor v;
        std::getline(ss, v.code, ';');
        std::getline(ss, v.name, ';');
        std::getline(ss, v.email, ';');
        std::getline(ss, v.city, ';');
        if (!v.code.empty()) out.push_back(v);
    }
    return out;
}

int main(int argc, char** argv) {
    const Config cfg = load_config(argc > 1 ? argv[1] : "/etc/vendor_push.json");
    const std::vector<ErpVendor> erp = read_erp_csv(argc > 2 ? argv[2] : "vendors.csv");
    const std::string token = fetch_token(cfg);
    const std::string company_q = "?company_id=" + std::to_string(cfg.company_id);

    // Sanity check: is the service account installed in the company we push to?
    const Reply companies = send(cfg, cfg.api_host, "GET", "/rest/v1.0/companies", base_headers(cfg, token));
    if (companies.status != 200 ||
        companies.body.find(std::to_string(cfg.company_id)) == std::string::npos) {
        std::cerr << "service account not installed in company " << cfg.company_id << "\n";
        return 2;
    }

    // Existing vendors, keyed by origin_id (the ERP code).
    std::map<std::string, int> vendor_by_origin;
    const Reply existing = send(cfg, cfg.api_host, "GET", "/rest/v1.0/vendors" + company_q + "&per_page=1000",
                                company_headers(cfg, token));
    for (const auto& v : json::parse(existing.body, nullptr, false)) {
        if (v.is_object() && v["origin_id"].is_string())
            vendor_by_origin[v["origin_id"].get<std::string>()] = v["id"].get<std::int64_t>();
    }

    int created = 0, updated = 0, failed = 0;
    for (const auto& e : erp) {
        const json payload = {{"vendor", {{"name", e.name}, {"email_address", e.email},
                                          {"city", e.city}, {"origin_id", e.code}}}};
        auto it = vendor_by_origin.find(e.code);
        Reply r;
        if (it == vendor_by_origin.end()) {
            r = send(cfg, cfg.api_host, "POST", "/rest/v1.0/vendors" + company_q, company_headers(cfg, token),
                     payload.dump());
            created += r.status == 201;
        } else {
            r = send(cfg, cfg.api_host, "PATCH", "/rest/v1.0/vendors/" + std::to_string(it->second) + company_q,
                     company_headers(cfg, token), payload.dump());
            updated += r.status == 200;
        }
        if (r.status >= 300) {
            ++failed;
            std::cerr << "vendor " << e.code << ": HTTP " << r.status << " " << r.body.substr(0, 200) << "\n";
        }
    }
    std::cout << created << " created, " << updated << " updated, " << failed << " failed\n";
    return failed ? 1 : 0;
}
