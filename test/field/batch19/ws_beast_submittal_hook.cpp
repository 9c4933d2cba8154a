// submittal_hook: tiny synchronous webhook receiver for Procore Submittals.
// On every "update" delivery it pulls the submittal, and when the ball-in-court
// moved to our reviewers it marks the workflow step as received.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

constexpr char kApiHost[] = "api.procore.com";
constexpr char kAuthHost[] = "api.procore.com";  // token endpoint
constexpr unsigned short kPort = 9300;

struct Credentials {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string access_token;
};

// Shared by every handler thread; good enough for the volume we see.
Credentials g_creds;

http::response<http::string_body> https_roundtrip(const char* host,
                                                  http::request<http::string_body>& req) {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    req.set(http::field::host, host);
    req.set(http::field::user_agent, "submittal-hook/1.4");
    req.prepare_payload();
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
}

bool refresh_access_token() {
    http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=refresh_token&client_id=" + g_creds.client_id +
                 "&client_secret=" + g_creds.client_secret +
                 "&refresh_token=" + g_creds.refresh_token;
    auto res = https_roundtrip(kAuthHost, req);
    if (res.result() != http::status::ok) return false;
    auto body = json::parse(res.body());
    g_creds.access_token = body["access_token"].get<std::string>();
    g_creds.refresh_token = body.value("refresh_token", g_creds.refresh_token);
    return true;
}

json api_get(const std::string& target, int64_t company_id) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + g_creds.access_token);
    req.set("Procore-Company-Id", std::to_string(company_id));
    auto res = https_roundtrip(kApiHost, req);
    if (res.result_int() == 401 && refresh_access_token()) {
        req.set(http::field::authorization, "Bearer " + g_creds.access_token);
        res = https_roundtrip(kApiHost, req);
    }
    if (res.result_int() >= 300) return json();
    return json::parse(res.body(), nullptr, false);
}

bool mark_step_received(int64_t company_id, int64_t project_id, long submittal_id) {
    std::string target = "/rest/v1.1/projects/" + std::to_string(project_id) +
                         "/submittals/" + std::to_string(submittal_id);
    json patch = {{"submittal", {{"received_date", "today"}, {"status_id", 3}}}};

    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), kApiHost);
    beast::get_lowest_layer(stream).connect(resolver.resolve(kApiHost, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{http::verb::patch, target, 11};
    req.set(http::field::host, kApiHost);
    req.set(http::field::authorization, "Bearer " + g_creds.access_token);
    req.set(http::field::content_type, "application/json");
    req.set("X-Procore-Company-Id", std::to_string(company_id));
    req.body() = patch.dump();
    req.prepare_payload();
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res.result_int() < 300;
}

void handle_delivery(const json& ev) {
    int64_t company_id = ev.value("company_id", int64_t{0});
    int64_t project_id = ev.value("project_id", int64_t{0});
    long submittal_id = ev.at("resource_id").get<long>();
    std::string event_type = ev.value("event_type", "");
    if (event_type != "update") return;

    json sub = api_get("/rest/v1.1/projects/" + std::to_string(project_id) +
                           "/submittals/" + std::to_string(submittal_id),
                       company_id);
    if (sub.is_null()) {
        std::cerr << "could not load submittal " << submittal_id << "\n";
        return;
    }

    // Our reviewers live in one Procore vendor; compare by id.
    static const int64_t reviewer_vendor = std::strtoll(std::getenv("REVIEWER_VENDOR_ID") ?: "0", nullptr, 10);
    for (const auto& bic : sub.value("ball_in_court", json::array())) {
        int vendor_id = bic.value("vendor_id", 0);
        if (vendor_id == reviewer_vendor) {
            mark_step_received(company_id, project_id, submittal_id);
            std::cout << "marked received: https://app.procore.com/" << project_id
                      << "/project/submittal_logs/" << submittal_id << "\n";
            break;
        }
    }
}

void serve_one(tcp::socket socket) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) return;

    http::response<http::string_body> res{http::status::accepted, req.version()};
    res.set(http::field::server, BOOST_BEAST_VERSION_STRING);
    res.keep_alive(false);
    json ev = json::parse(req.body(), nullptr, false);
    if (req.method() != http::verb::post || ev.is_discarded()) {
        res.result(http::status::bad_request);
    }
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);

    if (res.result() == http::status::accepted && ev.value("resource_name", "") == "Submittals") {
        try {
            handle_delivery(ev);
        } catch (const std::exception& e) {
            std::cerr << "delivery failed: " << e.what() << "\n";
        }
    }
}

}  // namespace

int main() {
    g_creds.client_id = std::getenv("PROCORE_CLIENT_ID") ?: "";
    g_creds.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ?: "";
    g_creds.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ?: "";
    if (!refresh_access_token()) {
        std::cerr << "initial token refresh failed\n";
        return 1;
    }

    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc, {tcp::v4(), kPort}};
    std::cout << "submittal hook listening on " << kPort << "\n";
    for (;;) {
        tcp::socket socket{ioc};
        acceptor.accept(socket);
        std::thread(serve_one, std::move(socket)).detach();
    }
}
