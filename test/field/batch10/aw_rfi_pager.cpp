// rfi-pager: nightly export of open RFIs for every active project in the
// sandbox company into rfis.csv for the QA dashboard.
//
// Reads PROCORE_REFRESH_TOKEN / PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET /
// PROCORE_COMPANY_ID from the environment; writes the rotated refresh token
// back to ./refresh_token.
#include <utility>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
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

using Stream = ssl::stream<beast::tcp_stream>;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr char kApiHost[] = "sandbox.procore.com";
constexpr char kAuthHost[] = "sandbox.procore.com";  // sandbox uses one host for everything
constexpr int kPerPage = 200;

struct Config {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    int64_t company_id = 0;
};

struct Rfi {
    int64_t id = 0;
    int project_id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int64_t assignee_id = 0;
    std::string due_date;
};

static std::string env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

// Adds the headers every REST call carries.
static void decorate(Request& req, const std::string& token, int64_t company_id) {
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::accept, "application/json");
    req.set("Procore-Company-Id", std::to_string(company_id));
}

net::awaitable<Stream> connect(ssl::context& ctx, const char* host) {
    auto ex = co_await net::this_coro::executor;
    tcp::resolver resolver(ex);
    auto eps = co_await resolver.async_resolve(host, "https", net::use_awaitable);
    Stream stream(ex, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    beast::get_lowest_layer(stream).expires_after(20s);
    co_await beast::get_lowest_layer(stream).async_connect(eps, net::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
    co_return stream;
}

net::awaitable<Response> roundtrip(Stream& stream, Request& req) {
    req.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(60s);
    co_await http::async_write(stream, req, net::use_awaitable);
    beast::flat_buffer buf;
    Response res;
    co_await http::async_read(stream, buf, res, net::use_awaitable);
    co_return res;
}

net::awaitable<std::string> refresh_access_token(ssl::context& ctx, Config& cfg) {
    auto stream = co_await connect(ctx, kAuthHost);
    Request req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::host, kAuthHost);
    req.set(http::field::content_type, "application/json");
    req.body() = json{{"grant_type", "refresh_token"},
                      {"refresh_token", cfg.refresh_token},
                      {"client_id", cfg.client_id},
                      {"client_secret", cfg.client_secret}}
                     .dump();
    Response res = co_await roundtrip(stream, req);
    if (res.result() != http::status::ok)
        throw std::runtime_error("token refresh failed: " + std::to_string(res.result_int()));
    json tok = json::parse(res.body());
    cfg.refresh_token = tok.at("refresh_token").get<std::string>();
    std::ofstream("refresh_token") << cfg.refresh_token;
    co_return tok.at("access_token").get<std::string>();
}

net::awaitable<std::vector<int64_t>> active_projects(Stream& stream, const std::string& token,
                                                     int64_t company_id) {
    Request req{http::verb::get,
                "/rest/v1.0/projects?company_id=" + std::to_string(company_id) +
                    "&filters[status]=Active&per_page=" + std::to_string(kPerPage),
                11};
    req.set(http::field::host, kApiHost);
    req.set(http::field::authorization, "Bearer " + token);
    Response res = co_await roundtrip(stream, req);
    std::vector<int64_t> ids;
    for (const auto& p : json::parse(res.body())) ids.push_back(p.at("id").get<int64_t>());
    co_return ids;
}

net::awaitable<std::vector<Rfi>> open_rfis(Stream& stream, const std::string& token,
                                           int64_t company_id, int64_t project_id) {
    std::vector<Rfi> out;
    int page = 1;
    int total = -1;
    while (true) {
        Request req{http::verb::get,
                    "/rest/v1.1/projects/" + std::to_string(project_id) +
                        "/rfis?filters[status]=open&page=" + std::to_string(page) +
                        "&per_page=" + std::to_string(kPerPage),
                    11};
        req.set(http::field::host, kApiHost);
        decorate(req, token, company_id);
        Response res = co_await roundtrip(stream, req);
        if (res.result() == http::status::too_many_requests) {
            net::steady_timer t(co_await net::this_coro::executor, 10s);
            co_await t.async_wait(net::use_awaitable);
            continue;
        }
        if (total < 0 && res.count("Total")) total = std::stoi(std::string(res["Total"]));

        json arr = json::parse(res.body());
        for (const auto& j : arr) {
            Rfi r;
            r.id = j.at("id").get<int64_t>();
            r.project_id = static_cast<int>(project_id);
            r.number = j.value("number", "");
            r.subject = j.value("subject", "");
            r.status = j.value("status", "");
            if (j.contains("assignee") && j["assignee"].is_object())
                r.assignee_id = j["assignee"].value("id", int64_t{0});
            r.due_date = j.value("due_date", "");
            out.push_back(std::move(r));
        }
        if (arr.size() < static_cast<size_t>(kPerPage)) break;
        if (total >= 0 && page * kPerPage >= total) break;
        ++page;
    }
    co_return out;
}

net::awaitable<void> run(ssl::context& ctx, Config cfg) {
    const std::string token = co_await refresh_access_token(ctx, cfg);
    auto stream = co_await connect(ctx, kApiHost);

    std::ofstream csv("rfis.csv");
    csv << "project_id,rfi_id,number,subject,status,assignee_id,due_date,link\n";
    for (int64_t pid : co_await active_projects(stream, token, cfg.company_id)) {
        auto rfis = co_await open_rfis(stream, token, cfg.company_id, pid);
        for (const auto& r : rfis) {
            csv << r.project_id << ',' << r.id << ',' << r.number << ",\"" << r.subject << "\","
                << r.status << ',' << r.assignee_id << ',' << r.due_date << ','
                << "https://sandbox.procore.com/" << r.project_id << "/project/rfi/show/" << r.id
                << '\n';
        }
        std::cout << "project " << pid << ": " << rfis.size() << " open RFIs\n";
    }
    beast::error_code ec;
    stream.shutdown(ec);
}

int main() {
    Config cfg;
    try {
        cfg.client_id = env_or_die("PROCORE_CLIENT_ID");
        cfg.client_secret = env_or_die("PROCORE_CLIENT_SECRET");
        cfg.refresh_token = env_or_die("PROCORE_REFRESH_TOKEN");
        cfg.company_id = std::stoll(env_or_die("PROCORE_COMPANY_ID"));
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }

    net::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    net::co_spawn(io, run(ctx, cfg), [](std::exception_ptr ep) {
        if (ep) {
            try { std::rethrow_exception(ep); }
            catch (const std::exception& e) { std::cerr << "rfi-pager: " << e.what() << "\n"; }
        }
    });
    io.run();
    return 0;
}
