// vendorctl: small CLI the procurement team uses to look at and add vendors in
// the Procore company directory.
//
//   vendorctl list   <company_id>
//   vendorctl show   <company_id> <vendor_id>
//   vendorctl add    <company_id> <name> [abbreviated_name]
//   vendorctl logout
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <list>
#include <optional>
#include <sstream>
#include <string>

using nlohmann::json;

typedef std::int64_t company_id_t;
using VendorId = long;

namespace api {

const std::string kBase = "https://api.procore.com";
const std::string kLogin = "https://login.procore.com";
const std::string kLegacyBase = "https://app.procore.com/vapid";

struct Result {
    long code = 0;
    json body;
};

static std::string token_path() {
    const char* home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/.config/vendorctl/token.json";
}

static json load_token() {
    std::ifstream in(token_path());
    json j = json::object();
    if (in) in >> j;
    return j;
}

std::string api_path(const std::string& rest, const char* version = "v1.0") {
    return "/rest/" + std::string(version) + "/" + rest;
}

static Result perform(const std::string& url, const char* method, const std::string& body,
                      std::optional<company_id_t> company) {
    curlpp::Easy req;
    std::list<std::string> headers{
        "Authorization: Bearer " + load_token().value("access_token", std::string()),
        "Accept: application/json"};
    if (company) headers.push_back("Procore-Company-Id: " + std::to_string(*company));
    if (!body.empty()) {
        headers.push_back("Content-Type: application/json");
        req.setOpt(new curlpp::options::PostFields(body));
        req.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(body.size())));
    }
    std::ostringstream os;
    req.setOpt(new curlpp::options::Url(url));
    req.setOpt(new curlpp::options::CustomRequest(method));
    req.setOpt(new curlpp::options::HttpHeader(headers));
    req.setOpt(new curlpp::options::WriteStream(&os));
    req.perform();
    Result r;
    r.code = curlpp::infos::ResponseCode::get(req);
    r.body = json::parse(os.str(), nullptr, false);
    return r;
}

Result get(const std::string& path) { return perform(kBase + path, "GET", "", std::nullopt); }
Result get(const char* path) { return get(std::string(path)); }
Result get(const std::string& path, company_id_t company) {
    return perform(kBase + path, "GET", "", company);
}
Result post(const std::string& path, const json& body,
            std::optional<company_id_t> company = std::nullopt) {
    return perform(kBase + path, "POST", body.dump(), company);
}

// Trades are still only exposed on the old vapid endpoint.
Result legacy_get(const std::string& rest, company_id_t company) {
    return perform(kLegacyBase + rest, "GET", "", company);
}

void revoke() {
    json tok = load_token();
    curlpp::Easy req;
    std::string body = "token=" + tok.value("access_token", std::string()) +
                       "&client_id=" + tok.value("client_id", std::string());
    req.setOpt(new curlpp::options::Url(kLogin + "/oauth/revoke"));
    req.setOpt(new curlpp::options::PostFields(body));
    req.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(body.size())));
    req.perform();
    std::remove(token_path().c_str());
}

}  // namespace api

static void print_vendor(const json& v) {
    std::cout << v.value("id", std::int64_t{0}) << "\t" << v.value("name", "") << "\t"
              << v.value("abbreviated_name", "") << "\t"
              << (v.value("is_active", false) ? "active" : "inactive") << "\n";
}

static int cmd_list(company_id_t company) {
    int shown = 0;
    for (int page = 1;; ++page) {
        auto r = api::get(api::api_path("vendors?company_id=" + std::to_string(company) +
                                        "&page=" + std::to_string(page) + "&per_page=100"),
                          company);
        if (r.code != 200 || !r.body.is_array() || r.body.empty()) break;
        for (const auto& v : r.body) {
            print_vendor(v);
            ++shown;
        }
    }
    std::cerr << shown << " vendors\n";
    return 0;
}

static int cmd_show(company_id_t company, VendorId vendor) {
    auto r = api::get(api::api_path("vendors/" + std::to_string(vendor) +
                                    "?company_id=" + std::to_string(company)),
                      company);
    if (r.code != 200) {
        std::cerr << "vendor " << vendor << " not found (" << r.code << ")\n";
        return 1;
    }
    print_vendor(r.body);

    auto ins = api::get(api::api_path("vendors/" + std::to_string(vendor) +
                                      "/insurances?company_id=" + std::to_string(company)));
    if (ins.code == 200 && ins.body.is_array())
        for (const auto& i : ins.body)
            std::cout << "  insurance: " << i.value("name", "") << " expires "
                      << i.value("expiration_date", "n/a") << "\n";

    auto trades = api::legacy_get("/companies/" + std::to_string(company) + "/vendors/" +
                                      std::to_string(vendor) + "/trades",
                                  company);
    if (trades.code == 200 && trades.body.is_array())
        for (const auto& t : trades.body) std::cout << "  trade: " << t.value("name", "") << "\n";

    std::cout << "  web: https://app.procore.com/" << company << "/company/vendors/" << vendor
              << "/general\n";
    return 0;
}

// Predates api::post(); kept its own request so the error body can be shown.
static int cmd_add(company_id_t company, const std::string& name, const std::string& abbrev) {
    json body = {{"company_id", company},
                 {"vendor", {{"name", name}, {"abbreviated_name", abbrev}, {"is_active", true}}}};
    std::string payload = body.dump();
    std::ostringstream os;
    curlpp::Easy req;
    std::list<std::string> headers{
        "Authorization: Bearer " + api::load_token().value("access_token", std::string()),
        "Content-Type: application/json",
        "X-Procore-Company-Id: " + std::to_string(company)};
    req.setOpt(new curlpp::options::Url(api::kBase + api::api_path("vendors")));
    req.setOpt(new curlpp::options::HttpHeader(headers));
    req.setOpt(new curlpp::options::PostFields(payload));
    req.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(payload.size())));
    req.setOpt(new curlpp::options::WriteStream(&os));
    req.perform();
    long code = curlpp::infos::ResponseCode::get(req);
    if (code != 201) {
        std::cerr << "create failed (" << code << "): " << os.str() << "\n";
        return 1;
    }
    auto created = json::parse(os.str());
    VendorId id = created["id"].get<VendorId>();
    std::cout << "created vendor " << id << "\n";
    return 0;
}

int main(int argc, char** argv) {
    curlpp::Cleanup cleanup;
    if (argc < 2) {
        std::cerr << "usage: vendorctl list|show|add|logout ...\n";
        return 2;
    }
    std::string cmd = argv[1];
    try {
        if (cmd == "logout") {
            api::revoke();
            return 0;
        }
        auto me = api::get("/rest/v1.0/me");
        if (me.code == 401) {
            std::cerr << "not logged in; run `vendorctl-login` first\n";
            return 1;
        }
        if (argc < 3) return 2;
        company_id_t company = std::stoll(argv[2]);
        if (cmd == "list") return cmd_list(company);
        if (cmd == "show" && argc > 3) return cmd_show(company, std::atol(argv[3]));
        if (cmd == "add" && argc > 3) return cmd_add(company, argv[3], argc > 4 ? argv[4] : "");
    } catch (const curlpp::RuntimeError& e) {
        std::cerr << "network error: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "unknown command " << cmd << "\n";
    return 2;
}
