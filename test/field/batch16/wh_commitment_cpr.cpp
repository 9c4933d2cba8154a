// commitment_bridge - Procore commitments -> ERP.
//
// Receives "Purchase Order Contracts" / "Work Order Contracts" webhook
// deliveries, re-reads the commitment (and its change orders) from Procore and
// upserts it into the ERP. Token refresh happens lazily on the first 401.

#include <cpr/cpr.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>

using json = nlohmann::json;

namespace {

const std::string kApi = "https://api.procore.com/rest/v1.0";
const std::string kLegacy = "https://app.procore.com/vapid";
const std::string kTokenUrl = "https://login.procore.com/oauth/token";
const std::string kErpUrl = "https://erp.hartwell-build.com/api/v2/commitments";

struct Tokens {
    std::mutex mu;
    std::string access;
    std::string refresh;
} g_tokens;

std::string access_token() {
    std::lock_guard<std::mutex> lk(g_tokens.mu);
    return g_tokens.access;
}

bool refresh_tokens() {
    std::string refresh;
    {
        std::lock_guard<std::mutex> lk(g_tokens.mu);
        refresh = g_tokens.refresh;
    }
    cpr::Response r = cpr::Post(cpr::Url{kTokenUrl},
                                cpr::Payload{{"grant_type", "refresh_token"},
                                             {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                                             {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                                             {"refresh_token", refresh}});
    if (r.status_code != 200) return false;
    json j = json::parse(r.text);
    std::lock_guard<std::mutex> lk(g_tokens.mu);
    g_tokens.access = j.at("access_token").get<std::string>();
    g_tokens.refresh = j.value("refresh_token", g_tokens.refresh);
    return true;
}

cpr::Header company_header(int64_t company_id) {
    return cpr::Header{{"Procore-Company-Id", std::to_string(company_id)},
                       {"Accept", "application/json"}};
}

std::optional<json> get_purchase_order(int64_t company_id, int64_t project_id, int64_t id) {
    cpr::Url url{kApi + "/purchase_order_contracts/" + std::to_string(id)};
    cpr::Parameters params{{"project_id", std::to_string(project_id)}};
    cpr::Response r = cpr::Get(url, params, cpr::Bearer{access_token()}, company_header(company_id));
    if (r.status_code == 401 && refresh_tokens())
        r = cpr::Get(url, params, cpr::Bearer{access_token()}, company_header(company_id));
    if (r.status_code != 200) return std::nullopt;
    return json::parse(r.text);
}

// The work order id and project come straight from the webhook payload, so
// there is nothing to disambiguate; bearer token is all we send.
std::optional<json> get_work_order(int64_t project_id, int64_t id) {
    cpr::Response r = cpr::Get(cpr::Url{kApi + "/work_order_contracts/" + std::to_string(id)},
                               cpr::Parameters{{"project_id", std::to_string(project_id)}},
                               cpr::Bearer{access_token()});
    if (r.status_code != 200) return std::nullopt;
    return json::parse(r.text);
}

// Change orders still come from the old vapid endpoint (the v1.0 one drops the
// ERP cost codes we need).
json get_change_orders(int64_t company_id, int64_t project_id, int64_t contract_id) {
    cpr::Response r = cpr::Get(
        cpr::Url{kLegacy + "/projects/" + std::to_string(project_id) + "/commitment_change_orders"},
        cpr::Parameters{{"contract_id", std::to_string(contract_id)}},
        cpr::Bearer{access_token()}, company_header(company_id));
    if (r.status_code != 200) return json::array();
    return json::parse(r.text);
}

bool push_to_erp(const json& record) {
    cpr::Response r = cpr::Put(cpr::Url{kErpUrl}, cpr::Body{record.dump()},
                               cpr::Header{{"Content-Type", "application/json"},
                                           {"X-Company-Id", "HARTWELL-01"},
                                           {"Authorization", std::string("Bearer ") + std::getenv("ERP_TOKEN")}});
    return r.status_code == 200 || r.status_code == 201;
}

bool sync_commitment(int64_t company_id, int64_t project_id, int64_t id, const std::string& kind) {
    std::optional<json> c = kind == "Work Order Contracts" ? get_work_order(project_id, id)
                                                           : get_purchase_order(company_id, project_id, id);
    if (!c) {
        std::cerr << kind << " " << id << " could not be read\n";
        return false;
    }
    const bool has_vendor = c->contains("vendor") && (*c)["vendor"].is_object();
    long vendor_id = has_vendor ? (*c)["vendor"]["id"].get<long>() : 0L;

    json record = {
        {"procore_id", id},
        {"procore_project_id", project_id},
        {"vendor_ref", vendor_id},
        {"number", c->value("number", "")},
        {"title", c->value("title", "")},
        {"grand_total", c->value("grand_total", 0.0)},
        {"change_orders", get_change_orders(company_id, project_id, id)},
    };
    return push_to_erp(record);
}

}  // namespace

int main() {
    if (const char* a = std::getenv("PROCORE_ACCESS_TOKEN")) g_tokens.access = a;
    if (const char* r = std::getenv("PROCORE_REFRESH_TOKEN")) g_tokens.refresh = r;
    const char* hook_secret = std::getenv("HOOK_SECRET");
    const long allowed_company = std::atol(std::getenv("PROCORE_COMPANY_ID"));
    int port = 7070;

    httplib::Server svr;

    svr.Post("/webhooks/procore/commitments", [&](const httplib::Request& req, httplib::Response& res) {
        if (!hook_secret || req.get_header_value("Authorization") != hook_secret) {
            res.status = 401;
            return;
        }
        json ev = json::parse(req.body, nullptr, false);
        if (ev.is_discarded()) {
            res.status = 400;
            return;
        }
        int64_t company_id = ev.value("company_id", int64_t{0});
        int64_t project_id = ev.value("project_id", int64_t{0});
        int64_t resource_id = ev.value("resource_id", int64_t{0});
        std::string kind = ev.value("resource_name", "");
        res.set_header("Procore-Company-Id", std::to_string(company_id));
        if (company_id != allowed_company) {
            res.status = 403;
            res.set_content("unknown company", "text/plain");
            return;
        }
        if (ev.value("event_type", "") == "delete") {
            res.status = 204;
            return;
        }
        bool ok = sync_commitment(company_id, project_id, resource_id, kind);
        res.status = ok ? 200 : 502;
        res.set_content(ok ? "synced" : "procore read failed", "text/plain");
    });

    // POST /commitments/<id>/resync?project_id=...&kind=po|wo   (support tooling)
    svr.Post(R"(/commitments/(\d+)/resync)", [&](const httplib::Request& req, httplib::Response& res) {
        int64_t id = std::stoll(req.matches[1]);
        int64_t project_id = std::stoll(req.get_param_value("project_id"));
        std::string kind = req.get_param_value("kind") == "wo" ? "Work Order Contracts"
                                                               : "Purchase Order Contracts";
        bool ok = sync_commitment(allowed_company, project_id, id, kind);
        res.set_header("X-Resync-Kind", kind);
        res.status = ok ? 200 : 502;
    });

    svr.Get("/ping", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("pong", "text/plain");
    });

    std::cout << "commitment bridge on port " << port << std::endl;
    return svr.listen("127.0.0.1", port) ? 0 : 1;
}
