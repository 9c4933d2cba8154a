// co_rfi_mirror.cpp
//
// Mirrors open RFIs of one Procore project into the internal review queue.
// Rewritten from the callback version onto Boost.Asio C++20 coroutines
// (co_spawn / awaitable / use_awaitable) with Boost.Beast over TLS.
//
// usage: co_rfi_mirror <project_id>
//   env: PROCORE_COMPANY_ID, PROCORE_REFRESH_TOKEN, PROCORE_CLIENT_ID,
//        PROCORE_CLIENT_SECRET, REVIEW_QUEUE_TOKEN
// clang with Boost 1.74 needs -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

namespace cfg {
constexpr const char* kLoginHost = "login.procore.com";
constexpr const char* kApiHost = "api.procore.com";
constexpr const char* kQueueHost = "review-queue.corp.internal";
constexpr const char* kPort = "443";
constexpr int kPerPage = 100;
}  // namespace cfg

struct Session {
    std::string access_token;
    std::string refresh_token;
    std::int64_t company_id = 0;
};

struct Rfi {
    std::int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int assignee_id = 0;
    std::size_t reply_count = 0;
};

static std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// One TLS round trip. Every call site builds its own Request.
awaitable<Response> https_send(ssl::context& tls, std::string host, Request req) {
    auto ex = co_await asio::this_coro::executor;
    tcp::resolver resolver(ex);
    beast::ssl_stream<beast::tcp_stream> stream(ex, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                    asio::error::get_ssl_category()));
    auto endpoints = co_await resolver.async_resolve(host, cfg::kPort, use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, use_awaitable);

    req.set(http::field::host, host);
    req.set(http::field::user_agent, "rfi-mirror/2.3");
    req.prepare_payload();
    co_await http::async_write(stream, req, use_awaitable);

    beast::flat_buffer buffer;
    Response res;
    co_await http::async_read(stream, buffer, res, use_awaitable);
    beast::error_code ignored;
    stream.shutdown(ignored);
    co_return res;
}

// Builds an authorized API request; awaited later by whoever needs it.
Request api_get(const Session& s, const std::string& target) {
    Request req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + s.access_token);
    req.set("Procore-Company-Id", std::to_string(s.company_id));
    req.set(http::field::accept, "application/json");
    return req;
}

awaitable<void> refresh(ssl::context& tls, Session& s) {
    Request req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=refresh_token&client_id=" + env("PROCORE_CLIENT_ID") +
                 "&client_secret=" + env("PROCORE_CLIENT_SECRET") +
                 "&refresh_token=" + s.refresh_token;
    Response res = co_await https_send(tls, cfg::kLoginHost, std::move(req));
    if (res.result_int() != 200)
        throw std::runtime_error("token refresh failed: " + std::to_string(res.result_int()));
    auto body = json::parse(res.body());
    s.access_token = body.at("access_token").get<std::string>();
    s.refresh_token = body.value("refresh_token", s.refresh_token);
}

awaitable<std::string> whoami(ssl::context& tls, const Session& s) {
    Request req{http::verb::get, "/rest/v1.0/me", 11};
    req.set(http::field::authorization, "Bearer " + s.access_token);
    Response res = co_await https_send(tls, cfg::kApiHost, std::move(req));
    co_return json::parse(res.body()).value("login", std::string{"?"});
}

awaitable<std::vector<Rfi>> fetch_open_rfis(ssl::context& tls, const Session& s,
                                            std::int64_t project_id) {
    std::vector<Rfi> out;
    for (int page = 1;; ++page) {
        std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                             "/rfis?filters[status]=open&page=" + std::to_string(page) +
                             "&per_page=" + std::to_string(cfg::kPerPage);
        Response res = co_await https_send(tls, cfg::kApiHost, api_get(s, target));
        int status = res.result_int();
        if (status != 200) {
            std::cerr << "rfis page " << page << " -> HTTP " << status << "\n";
            break;
        }
        auto items = json::parse(res.body());
        for (const auto& it : items) {
            Rfi r;
            r.id = it.at("id").get<std::int64_t>();
            r.number = it.value("number", "");
            r.subject = it.value("subject", "");
            r.status = it.value("status", "");
            if (it.contains("assignee") && !it["assignee"].is_null())
                r.assignee_id = it["assignee"]["id"].get<int>();
            out.push_back(std::move(r));
        }
        if (static_cast<int>(items.size()) < cfg::kPerPage) break;
    }
    co_return out;
}

awaitable<std::size_t> count_replies(ssl::context& tls, const Session& s,
                                     std::int64_t project_id, std::int64_t rfi_id) {
    Request req{http::verb::get,
                "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                    std::to_string(rfi_id) + "/replies",
                11};
    req.set(http::field::authorization, "Bearer " + s.access_token);
    req.set(http::field::accept, "application/json");
    Response res = co_await https_send(tls, cfg::kApiHost, std::move(req));
    if (res.result_int() != 200) co_return 0;
    co_return json::parse(res.body()).size();
}

awaitable<void> push_to_queue(ssl::context& tls, std::int64_t project_id, const Rfi& r) {
    json item = {
        {"source", "procore"},
        {"rfi_id", r.id},
        {"number", r.number},
        {"subject", r.subject},
        {"replies", r.reply_count},
        {"assignee_id", r.assignee_id},
        {"link", "https://app.procore.com/" + std::to_string(project_id) +
                     "/project/rfi/show/" + std::to_string(r.id)},
    };
    Request req{http::verb::post, "/v2/items", 11};
    req.set(http::field::authorization, "Token " + env("REVIEW_QUEUE_TOKEN"));
    req.set(http::field::content_type, "application/json");
    req.body() = item.dump();
    Response res = co_await https_send(tls, cfg::kQueueHost, std::move(req));
    if (res.result_int() >= 300)
        std::cerr << "queue rejected RFI " << r.number << ": " << res.result_int() << "\n";
}

awaitable<void> run(ssl::context& tls, std::int64_t project_id) {
    Session s;
    s.refresh_token = env("PROCORE_REFRESH_TOKEN");
    s.company_id = std::stoi(env("PROCORE_COMPANY_ID"));
    co_await refresh(tls, s);
    std::cout << "signed in as " << co_await whoami(tls, s) << "\n";

    auto rfis = co_await fetch_open_rfis(tls, s, project_id);
    for (auto& r : rfis) {
        r.reply_count = co_await count_replies(tls, s, project_id, r.id);
        co_await push_to_queue(tls, project_id, r);
    }
    std::cout << "mirrored " << rfis.size() << " open RFIs\n";
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: co_rfi_mirror <project_id>\n";
        return 2;
    }
    const std::int64_t project_id = std::stoll(argv[1]);

    asio::io_context ioc;
    ssl::context tls{ssl::context::tls_client};
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);

    int exit_code = 0;
    asio::co_spawn(ioc, run(tls, project_id), [&](std::exception_ptr ep) {
        if (!ep) return;
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            std::cerr << "rfi mirror failed: " << e.what() << "\n";
            exit_code = 1;
        }
    });
    ioc.run();
    return exit_code;
}
