// procore-hookd: receives Procore webhook deliveries (RFIs, submittals) for the
// monthly-sandbox test company, re-reads the resource from the API and forwards
// a normalized record to the internal sync gateway.
//
// Stackful coroutines (asio::spawn) because the team's other daemons use them.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace cfg {
const std::string login_host = "login-sandbox-monthly.procore.com";
const std::string api_host = "api-monthly.procore.com";
const std::string gateway_host = "sync-gw.internal";
const std::string gateway_port = "8080";
constexpr unsigned short listen_port = 8088;
}  // namespace cfg

struct Event {
    int64_t company_id = 0;
    long project_id = 0;
    int64_t resource_id = 0;
    std::string resource_name;  // "RFIs", "Submittals"
    std::string event_type;     // "create", "update", "delete"
};

struct Daemon {
    net::io_context& io;
    ssl::context tls{ssl::context::tls_client};
    std::string access_token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
    std::string hook_secret;

    explicit Daemon(net::io_context& ctx) : io(ctx) { tls.set_default_verify_paths(); }

    http::response<http::string_body> https(const std::string& host,
                                            http::request<http::string_body>& req,
                                            net::yield_context yield) {
        tcp::resolver resolver(io);
        auto eps = resolver.async_resolve(host, "443", yield);
        beast::ssl_stream<beast::tcp_stream> stream(io, tls);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        beast::get_lowest_layer(stream).expires_after(30s);
        beast::get_lowest_layer(stream).async_connect(eps, yield);
        stream.async_handshake(ssl::stream_base::client, yield);

        req.set(http::field::host, host);
        req.prepare_payload();
        http::async_write(stream, req, yield);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::async_read(stream, buf, res, yield);
        beast::error_code ec;
        stream.async_shutdown(yield[ec]);
        return res;
    }

    void refresh(net::yield_context yield) {
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&refresh_token=" + refresh_token +
                     "&client_id=" + client_id + "&client_secret=" + client_secret;
        auto res = https(cfg::login_host, req, yield);
        if (res.result() != http::status::ok) throw std::runtime_error("refresh failed");
        auto tok = json::parse(res.body());
        access_token = tok.at("access_token").get<std::string>();
        refresh_token = tok.at("refresh_token").get<std::string>();
    }

    json api_get(const std::string& target, int64_t company_id, net::yield_context yield) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            http::request<http::string_body> req{http::verb::get, target, 11};
            req.set(http::field::authorization, "Bearer " + access_token);
            req.set("Procore-Company-Id", std::to_string(company_id));
            auto res = https(cfg::api_host, req, yield);
            if (res.result() == http::status::unauthorized && attempt == 0) {
                refresh(yield);
                continue;
            }
            if (res.result() != http::status::ok)
                throw std::runtime_error(target + " -> " + std::to_string(res.result_int()));
            return json::parse(res.body());
        }
        throw std::runtime_error("unreachable");
    }

    // Startup sanity check: is our hook still registered for the company?
    void verify_hook(int64_t company_id, net::yield_context yield) {
        http::request<http::string_body> req{
            http::verb::get,
            "/rest/v1.0/webhooks/hooks?company_id=" + std::to_string(company_id), 11};
        req.set(http::field::authorization, "Bearer " + access_token);
        req.set("Company-Id", std::to_string(company_id));
        auto res = https(cfg::api_host, req, yield);
        auto hooks = json::parse(res.body());
        std::cout << "hookd: " << hooks.size() << " hook(s) registered for company " << company_id
                  << "\n";
    }

    void forward(const Event& ev, const json& record, net::yield_context yield) {
        tcp::resolver resolver(io);
        beast::tcp_stream stream(io);
        stream.async_connect(resolver.async_resolve(cfg::gateway_host, cfg::gateway_port, yield),
                             yield);
        http::request<http::string_body> req{http::verb::put,
                                             "/v2/procore/" + ev.resource_name + "/" +
                                                 std::to_string(ev.resource_id),
                                             11};
        req.set(http::field::host, cfg::gateway_host);
        req.set("X-Company-Id", std::to_string(ev.company_id));
        req.set(http::field::content_type, "application/json");
        req.body() = record.dump();
        req.prepare_payload();
        http::async_write(stream, req, yield);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::async_read(stream, buf, res, yield);
        if (res.result_int() >= 300)
            std::cerr << "gateway rejected " << ev.resource_id << ": " << res.result_int() << "\n";
    }

    void handle(const Event& ev, net::yield_context yield) {
        if (ev.event_type == "delete") {
            forward(ev, json{{"deleted", true}}, yield);
            return;
        }
        std::string target;
        if (ev.resource_name == "RFIs") {
            target = "/rest/v1.1/projects/" + std::to_string(ev.project_id) + "/rfis/" +
                     std::to_string(ev.resource_id);
        } else if (ev.resource_name == "Submittals") {
            target = "/rest/v1.1/projects/" + std::to_string(ev.project_id) + "/submittals/" +
                     std::to_string(ev.resource_id);
        } else {
            return;  // not subscribed
        }
        json record = api_get(target, ev.company_id, yield);
        record["_source_event"] = ev.event_type;
        forward(ev, record, yield);
    }

    void serve(tcp::socket sock, net::yield_context yield) {
        beast::tcp_stream stream(std::move(sock));
        beast::flat_buffer buf;
        http::request<http::string_body> req;
        beast::error_code ec;
        http::async_read(stream, buf, req, yield[ec]);
        if (ec) return;

        http::response<http::empty_body> ack{http::status::ok, req.version()};
        if (req[http::field::authorization] != "Bearer " + hook_secret)
            ack.result(http::status::unauthorized);
        ack.prepare_payload();
        http::async_write(stream, ack, yield[ec]);
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ack.result() != http::status::ok) return;

        try {
            auto body = json::parse(req.body());
            Event ev;
            ev.company_id = body.at("company_id").get<int64_t>();
            ev.project_id = body.value("project_id", 0L);
            ev.resource_id = body.value("resource_id", 0);
            ev.resource_name = body.value("resource_name", "");
            ev.event_type = body.value("event_type", "");
            handle(ev, yield);
        } catch (const std::exception& e) {
            std::cerr << "hookd: dropped delivery: " << e.what()
                      << " (see https://developers.procore.com/documentation/webhooks)\n";
        }
    }
};

int main() {
    net::io_context io;
    auto d = std::make_shared<Daemon>(io);
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* cs = std::getenv("PROCORE_CLIENT_SECRET");
    const char* hs = std::getenv("HOOKD_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!rt || !cid || !cs || !hs || !company) {
        std::cerr << "hookd: missing configuration\n";
        return 2;
    }
    d->refresh_token = rt;
    d->client_id = cid;
    d->client_secret = cs;
    d->hook_secret = hs;
    const int64_t company_id = std::strtoll(company, nullptr, 10);

    net::spawn(io, [d, company_id](net::yield_context yield) {
        d->refresh(yield);
        d->verify_hook(company_id, yield);

        tcp::acceptor acceptor(d->io, {tcp::v4(), cfg::listen_port});
        std::cout << "hookd: listening on :" << cfg::listen_port << "\n";
        for (;;) {
            beast::error_code ec;
            tcp::socket sock(d->io);
            acceptor.async_accept(sock, yield[ec]);
            if (ec) continue;
            net::spawn(d->io, [d, s = std::make_shared<tcp::socket>(std::move(sock))](
                                  net::yield_context y) mutable { d->serve(std::move(*s), y); });
        }
    });
    io.run();
}
