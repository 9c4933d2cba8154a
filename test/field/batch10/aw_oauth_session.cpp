// procore-session: interactive OAuth login + workspace bootstrap for the
// estimating desktop bridge. Runs the auth-code exchange, stores the token
// pair, then primes the local cache with the user's companies and projects.
//
// Build: needs BOOST_ASIO_HAS_CO_AWAIT / BOOST_ASIO_HAS_STD_COROUTINE on
// clang + Boost 1.74 (see cmake/asio.cmake).
#include <utility>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio.hpp>
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

namespace {

constexpr const char* kLoginHost = "login.procore.com";
constexpr const char* kApiHost = "api.procore.com";
constexpr const char* kRedirectUri = "urn:ietf:wg:oauth:2.0:oob";

using Headers = std::vector<std::pair<std::string, std::string>>;
using Stream = ssl::stream<beast::tcp_stream>;

struct TokenPair {
    std::string access;
    std::string refresh;
    int expires_in = 0;  // seconds
};

struct Workspace {
    int64_t user_id = 0;
    int company_id = 0;
    std::vector<int64_t> project_ids;
};

net::awaitable<void> open(Stream& stream, const std::string& host) {
    auto ex = co_await net::this_coro::executor;
    tcp::resolver resolver(ex);
    auto results = co_await resolver.async_resolve(host, "443", net::use_awaitable);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
        throw beast::system_error(
            beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()));
    }
    beast::get_lowest_layer(stream).expires_after(30s);
    co_await beast::get_lowest_layer(stream).async_connect(results, net::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
}

net::awaitable<json> send(Stream& stream, http::request<http::string_body> req) {
    req.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(30s);
    co_await http::async_write(stream, req, net::use_awaitable);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, net::use_awaitable);
    if (res.result_int() >= 400) {
        throw std::runtime_error("HTTP " + std::to_string(res.result_int()) + ": " + res.body());
    }
    co_return res.body().empty() ? json::object() : json::parse(res.body());
}

// GET helper for the REST API; caller passes whatever extra headers it needs.
net::awaitable<json> fetch(Stream& stream, const std::string& target, const Headers& headers) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::host, kApiHost);
    req.set(http::field::user_agent, "estimating-bridge/3.2");
    req.set(http::field::accept, "application/json");
    for (const auto& [name, value] : headers) req.set(name, value);
    co_return co_await send(stream, std::move(req));
}

net::awaitable<json> post_form(Stream& stream, const std::string& target, const std::string& body) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, kLoginHost);
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
    co_return co_await send(stream, std::move(req));
}

net::awaitable<TokenPair> exchange_code(ssl::context& ctx, const std::string& client_id,
                                        const std::string& client_secret, const std::string& code) {
    Stream stream(co_await net::this_coro::executor, ctx);
    co_await open(stream, kLoginHost);
    const std::string body = "grant_type=authorization_code&code=" + code +
                             "&client_id=" + client_id + "&client_secret=" + client_secret +
                             "&redirect_uri=" + kRedirectUri;
    json tok = co_await post_form(stream, "/oauth/token", body);
    co_return TokenPair{tok.at("access_token").get<std::string>(),
                        tok.at("refresh_token").get<std::string>(),
                        tok.value("expires_in", 7200)};
}

net::awaitable<void> revoke(ssl::context& ctx, const std::string& client_id,
                            const std::string& client_secret, const std::string& token) {
    Stream stream(co_await net::this_coro::executor, ctx);
    co_await open(stream, kLoginHost);
    co_await post_form(stream, "/oauth/revoke",
                       "token=" + token + "&client_id=" + client_id +
                           "&client_secret=" + client_secret);
}

net::awaitable<Workspace> bootstrap(ssl::context& ctx, const TokenPair& tokens,
                                    std::optional<std::string> preferred_company) {
    Stream stream(co_await net::this_coro::executor, ctx);
    co_await open(stream, kApiHost);

    Headers auth{{"Authorization", "Bearer " + tokens.access}};
    Workspace ws;

    json me = co_await fetch(stream, "/rest/v1.0/me", auth);
    ws.user_id = me.at("id").get<int64_t>();
    std::cout << "signed in as " << me.value("login", "?") << "\n";

    json companies = co_await fetch(stream, "/rest/v1.0/companies", auth);
    if (companies.empty()) throw std::runtime_error("user has no companies");
    for (const auto& c : companies) {
        if (preferred_company && c.value("name", "") == *preferred_company) {
            ws.company_id = c.at("id").get<int>();
        }
    }
    if (ws.company_id == 0) ws.company_id = companies.front().at("id");

    Headers scoped = auth;
    scoped.emplace_back("Procore-Company-Id", std::to_string(ws.company_id));

    int page = 1;
    for (;;) {
        json projects = co_await fetch(
            stream,
            "/rest/v1.0/projects?company_id=" + std::to_string(ws.company_id) +
                "&page=" + std::to_string(page) + "&per_page=100",
            scoped);
        for (const auto& p : projects) ws.project_ids.push_back(p.at("id").get<int64_t>());
        if (projects.size() < 100) break;
        ++page;
    }

    // Permission template for the signed-in user; drives which tabs the bridge shows.
    json perms = co_await fetch(
        stream,
        "/rest/v1.0/companies/" + std::to_string(ws.company_id) + "/users/" +
            std::to_string(ws.user_id),
        auth);
    std::cout << "permission template: " << perms.value("permission_template", json{}).dump()
              << "\n";

    beast::error_code ec;
    stream.shutdown(ec);  // truncated-stream errors are expected here
    co_return ws;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: procore-session <auth-code> [company-name]\n"
                  << "get a code at https://login.procore.com/oauth/authorize?response_type=code"
                     "&client_id=$PROCORE_CLIENT_ID&redirect_uri=" << kRedirectUri << "\n";
        return 2;
    }
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) {
        std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET not set\n";
        return 2;
    }
    std::optional<std::string> preferred;
    if (argc > 2) preferred = argv[2];

    net::io_context io;
    ssl::context ctx(ssl::context::tlsv12_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    int rc = 0;
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
            TokenPair tokens = co_await exchange_code(ctx, cid, secret, argv[1]);
            Workspace ws = co_await bootstrap(ctx, tokens, preferred);
            std::cout << "company " << ws.company_id << ", " << ws.project_ids.size()
                      << " projects cached\n";
            if (!ws.project_ids.empty()) {
                std::cout << "open: https://app.procore.com/" << ws.project_ids.front()
                          << "/project/home\n";
            }
            if (std::getenv("BRIDGE_NO_PERSIST")) co_await revoke(ctx, cid, secret, tokens.access);
        },
        [&](std::exception_ptr ep) {
            if (!ep) return;
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                std::cerr << "session failed: " << e.what() << "\n";
                rc = 1;
            }
        });
    io.run();
    return rc;
}
