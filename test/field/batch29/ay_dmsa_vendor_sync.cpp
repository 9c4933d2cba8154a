// dmsa_vendor_sync: Developer Managed Service Account daemon. Authenticates
// with client credentials, discovers every company the account is installed
// in and keeps the vendor directory of each in our data warehouse.
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

static const std::string kLoginHost = "login.procore.com";
static const std::string kApiHost = "api.procore.com";
static const std::string kWarehouseHost = "ingest.dw.internal.example.net";
static const int kRefreshEveryMinutes = 15;

using HeaderList = std::map<std::string, std::string>;

struct Company {
    std::int64_t id = 0;
    std::string name;
};

struct VendorRow {
    long vendor_id = 0;
    std::int64_t company_id = 0;
    std::string name;
    bool active = true;
};

class Client {
public:
    Client(asio::io_context& ioc, ssl::context& ctx) : ioc_(ioc), ctx_(ctx) {}

    http::response<http::string_body> fetch(asio::yield_context yield, const std::string& host,
                                            const std::string& target, http::verb verb,
                                            const HeaderList& headers,
                                            const std::string& body = "") {
        beast::error_code ec;
        tcp::resolver resolver(ioc_);
        ssl::stream<tcp::socket> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        auto eps = resolver.async_resolve(host, "443", yield[ec]);
        if (ec) throw beast::system_error(ec, "resolve " + host);
        asio::async_connect(stream.next_layer(), eps, yield[ec]);
        if (ec) throw beast::system_error(ec, "connect " + host);
        stream.async_handshake(ssl::stream_base::client, yield[ec]);
        if (ec) throw beast::system_error(ec, "handshake " + host);

        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "dmsa-vendor-sync/2.0");
        for (const auto& kv : headers) req.set(kv.first, kv.second);
        if (!body.empty()) {
            req.body() = body;
            req.prepare_payload();
        }
        http::async_write(stream, req, yield[ec]);
        if (ec) throw beast::system_error(ec, "write");
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::async_read(stream, buffer, res, yield[ec]);
        if (ec) throw beast::system_error(ec, "read");
        stream.async_shutdown(yield[ec]);
        return res;
    }

    void authenticate(asio::yield_context yield) {
        json body = {{"grant_type", "client_credentials"},
                     {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                     {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
        auto res = fetch(yield, kLoginHost, "/oauth/token", http::verb::post,
                         {{"Content-Type", "application/json"}}, body.dump());
        if (res.result() != http::status::ok)
            throw std::runtime_error("client_credentials grant failed: " + res.body());
        token_ = json::parse(res.body()).at("access_token").get<std::string>();
    }

    HeaderList auth() const { return {{"Authorization", "Bearer " + token_}}; }

    HeaderList auth(std::int64_t company_id) const {
        HeaderList h = auth();
        h["Procore-Company-Id"] = std::to_string(company_id);
        return h;
    }

private:
    asio::io_context& ioc_;
    ssl::context& ctx_;
    std::string token_;
};

static std::vector<Company> discover_companies(asio::yield_context yield, Client& api) {
    auto res = api.fetch(yield, kApiHost, "/rest/v1.0/companies", http::verb::get, api.auth());
    std::vector<Company> out;
    for (const auto& c : json::parse(res.body())) {
        Company co;
        co.id = c.at("id").get<std::int64_t>();
        co.name = c.value("name", "");
        out.push_back(co);
    }
    return out;
}

static void check_identity(asio::yield_context yield, Client& api, const Company& home) {
    auto res = api.fetch(yield, kApiHost, "/rest/v1.0/me", http::verb::get, api.auth(home.id));
    auto me = json::parse(res.body());
    std::printf("service account %lld (%s) ready\n",
                static_cast<long long>(me.at("id").get<std::int64_t>()),
                me.value("login", "").c_str());
}

static std::vector<VendorRow> company_vendors(asio::yield_context yield, Client& api,
                                              const Company& co) {
    HeaderList h = api.auth();
    h["X-Procore-Company-Id"] = std::to_string(co.id);
    std::string target = "/rest/v1.0/vendors?company_id=" + std::to_string(co.id) +
                         "&view=extended";
    auto res = api.fetch(yield, kApiHost, target, http::verb::get, h);
    std::vector<VendorRow> rows;
    for (const auto& v : json::parse(res.body())) {
        VendorRow r;
        r.vendor_id = v.at("id").get<std::int64_t>();
        r.company_id = co.id;
        r.name = v.value("name", "");
        r.active = v.value("is_active", true);
        rows.push_back(r);
    }
    return rows;
}

static int count_projects(asio::yield_context yield, Client& api, const Company& co) {
    int count = 0;
    for (int page = 1; page < 50; ++page) {
        std::string target = "/rest/v1.0/projects?company_id=" + std::to_string(co.id) +
                             "&page=" + std::to_string(page) + "&per_page=300";
        auto res = api.fetch(yield, kApiHost, target, http::verb::get, api.auth(co.id));
        auto arr = json::parse(res.body());
        count += static_cast<int>(arr.size());
        if (arr.size() < 300) break;
    }
    return count;
}

static void push_to_warehouse(asio::yield_context yield, Client& api, const Company& co,
                              const std::vector<VendorRow>& rows, int project_count) {
    json doc = {{"company_id", co.id}, {"company", co.name}, {"projects", project_count},
                {"vendors", json::array()}};
    for (const auto& r : rows)
        doc["vendors"].push_back({{"id", r.vendor_id}, {"name", r.name}, {"active", r.active}});
    const char* key = std::getenv("DW_INGEST_KEY");
    api.fetch(yield, kWarehouseHost, "/v1/procore/vendors", http::verb::put,
              {{"Content-Type", "application/json"}, {"X-Api-Key", key ? key : ""}}, doc.dump());
}

int main() {
    asio::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    Client api(ioc, ctx);

    asio::spawn(ioc, [&](asio::yield_context yield) {
        asio::steady_timer timer(ioc);
        for (;;) {
            beast::error_code ec;
            try {
                api.authenticate(yield);
                auto companies = discover_companies(yield, api);
                if (!companies.empty()) check_identity(yield, api, companies.front());
                for (const auto& co : companies) {
                    asio::spawn(ioc, [&api, co](asio::yield_context y) {
                        try {
                            auto rows = company_vendors(y, api, co);
                            int projects = count_projects(y, api, co);
                            push_to_warehouse(y, api, co, rows, projects);
                            std::printf("%s: %zu vendors, %d projects\n", co.name.c_str(),
                                        rows.size(), projects);
                        } catch (const std::exception& e) {
                            std::fprintf(stderr, "%s: %s\n", co.name.c_str(), e.what());
                        }
                    });
                }
            } catch (const std::exception& e) {
                std::cerr << "sync round failed: " << e.what() << "\n";
            }
            timer.expires_after(std::chrono::minutes(kRefreshEveryMinutes));
            timer.async_wait(yield[ec]);
        }
    });
    ioc.run();
    return 0;
}
