// vendor_sync: nightly job (Developer Managed Service Account) that pulls the
// company directory vendors from Procore and pushes them to the ERP.
// Reference: https://developers.procore.com/reference/rest/vendors
//
// Each API call is a signal; handlers are connected once in connect_slots().
// Group 0 on a signal is the shared decorate_request slot, group 1 the sender.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/signals2.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace sig = boost::signals2;
using tcp = net::ip::tcp;
using json = nlohmann::json;

static const std::string kLoginHost = "login.procore.com";
static const std::string kApiHost = "api.procore.com";
static const std::string kErpHost = "erp.buildco.net";

struct HttpCall {
    std::string host = kApiHost;
    int64_t company_id = 0;
    http::request<http::string_body> req;
    http::response<http::string_body> resp;
};

struct TokenRequested { std::string access_token; };
struct CompaniesRequested : HttpCall {};
struct MeRequested : HttpCall {};
struct VendorsPageRequested : HttpCall { int page = 1; };
struct InsurancesRequested : HttpCall { long vendor_id = 0; };
struct VendorUpdateRequested : HttpCall {
    int64_t vendor_id = 0;
    json changes;
};

struct Signals {
    sig::signal<void(TokenRequested&)> token;
    sig::signal<void(CompaniesRequested&)> companies;
    sig::signal<void(MeRequested&)> me;
    sig::signal<void(VendorsPageRequested&)> vendors_page;
    sig::signal<void(InsurancesRequested&)> insurances;
    sig::signal<void(VendorUpdateRequested&)> vendor_update;
};

static std::string g_token;

// Opens a TLS connection to call.host, writes call.req, reads call.resp.
static void perform(HttpCall& call) {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), call.host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(call.host, "443"));
    stream.handshake(ssl::stream_base::client);
    call.req.set(http::field::host, call.host);
    call.req.set(http::field::user_agent, "buildco-vendor-sync/2.3");
    call.req.prepare_payload();
    http::write(stream, call.req);
    beast::flat_buffer buffer;
    http::read(stream, buffer, call.resp);
    beast::error_code ec;
    stream.shutdown(ec);
}

static void start(HttpCall& call, http::verb verb, const std::string& target) {
    call.req = {verb, target, 11};
    call.req.set(http::field::authorization, "Bearer " + g_token);
    call.req.set(http::field::accept, "application/json");
}

static void decorate_request(HttpCall& call) {
    call.req.set("Procore-Company-Id", std::to_string(call.company_id));
}

// ---- senders ----------------------------------------------------------------
static void on_token(TokenRequested& ev) {
    HttpCall call;
    call.host = kLoginHost;
    call.req = {http::verb::post, "/oauth/token", 11};
    call.req.set(http::field::content_type, "application/x-www-form-urlencoded");
    call.req.body() = std::string("grant_type=client_credentials&client_id=") +
                      std::getenv("PROCORE_CLIENT_ID") + "&client_secret=" +
                      std::getenv("PROCORE_CLIENT_SECRET");
    perform(call);
    ev.access_token = json::parse(call.resp.body()).at("access_token").get<std::string>();
    g_token = ev.access_token;
}

static void on_companies(CompaniesRequested& ev) {
    start(ev, http::verb::get, "/rest/v1.0/companies");
    perform(ev);
}

static void on_me(MeRequested& ev) {
    start(ev, http::verb::get, "/rest/v1.0/me");
    perform(ev);
}

static void on_vendors_page(VendorsPageRequested& ev) {
    start(ev, http::verb::get,
          "/rest/v1.0/vendors?company_id=" + std::to_string(ev.company_id) +
              "&page=" + std::to_string(ev.page) + "&per_page=100");
    perform(ev);
}

static void on_insurances(InsurancesRequested& ev) {
    start(ev, http::verb::get,
          "/rest/v1.0/vendors/" + std::to_string(ev.vendor_id) +
              "/insurances?company_id=" + std::to_string(ev.company_id));
    perform(ev);
}

static void on_vendor_update(VendorUpdateRequested& ev) {
    start(ev, http::verb::patch,
          "/rest/v1.0/vendors/" + std::to_string(ev.vendor_id) +
              "?company_id=" + std::to_string(ev.company_id));
    ev.req.set(http::field::content_type, "application/json");
    ev.req.body() = json{{"vendor", ev.changes}}.dump();
    perform(ev);
}

static void connect_slots(Signals& s) {
    s.token.connect(&on_token);
    s.companies.connect(1, &on_companies);
    s.me.connect(0, &decorate_request);
    s.me.connect(1, &on_me);
    s.vendors_page.connect(0, &decorate_request);
    s.vendors_page.connect(1, &on_vendors_page);
    s.insurances.connect(1, &on_insurances);
    s.vendor_update.connect(0, &decorate_request);
    s.vendor_update.connect(1, &on_vendor_update);
}

static bool push_to_erp(const json& vendor, const json& insurances) {
    HttpCall call;
    call.host = kErpHost;
    call.req = {http::verb::post, "/api/v3/suppliers/upsert", 11};
    call.req.set(http::field::authorization, std::string("ApiKey ") + std::getenv("ERP_API_KEY"));
    call.req.set(http::field::content_type, "application/json");
    call.req.body() = json{{"external_ref", vendor["id"]},
                           {"name", vendor.value("name", "")},
                           {"insurances", insurances}}.dump();
    perform(call);
    return call.resp.result_int() < 300;
}

int main() {
    Signals s;
    connect_slots(s);

    TokenRequested tok;
    s.token(tok);

    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    if (!company_env) return 2;
    const int64_t company_id = std::stoll(company_env);

    CompaniesRequested companies;
    companies.company_id = company_id;
    s.companies(companies);
    bool visible = false;
    for (const auto& c : json::parse(companies.resp.body(), nullptr, false))
        if (c.value("id", int64_t{0}) == company_id) visible = true;
    if (!visible) {
        std::cerr << "service account is not installed in company " << company_id << "\n";
        return 1;
    }

    MeRequested me;
    me.company_id = company_id;
    s.me(me);
    std::cout << "service account: " << json::parse(me.resp.body()).value("login", "?") << "\n";

    size_t synced = 0;
    for (int page = 1;; ++page) {
        VendorsPageRequested vp;
        vp.company_id = company_id;
        vp.page = page;
        s.vendors_page(vp);
        const json vendors = json::parse(vp.resp.body(), nullptr, false);
        if (vp.resp.result_int() != 200 || !vendors.is_array() || vendors.empty()) break;

        for (const auto& v : vendors) {
            InsurancesRequested ins;
            ins.company_id = company_id;
            ins.vendor_id = v.at("id").get<int64_t>();
            s.insurances(ins);
            const json insurances = json::parse(ins.resp.body(), nullptr, false);

            if (!push_to_erp(v, insurances)) {
                VendorUpdateRequested up;
                up.company_id = company_id;
                up.vendor_id = v.at("id").get<int64_t>();
                up.changes = {{"notes", "ERP sync rejected this vendor; check tax id"}};
                s.vendor_update(up);
                continue;
            }
            ++synced;
        }
    }
    std::printf("synced %zu vendors for company %ld\n", synced, company_id);
    return 0;
}
