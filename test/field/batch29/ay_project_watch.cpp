// project_watch: polls RFIs, submittals and observations for every watched
// Procore project and posts a digest to the team Slack channel.
//
// Build: g++ -std=c++17 project_watch.cpp -lssl -lcrypto -lboost_coroutine -lpthread
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

namespace {

constexpr char kLoginHost[] = "login.procore.com";
constexpr char kApiHost[] = "api.procore.com";
constexpr char kSlackHost[] = "hooks.slack.com";
constexpr int kPollSeconds = 300;
constexpr int kPerPage = 100;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Session {
    std::string access_token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
};

struct ProjectTask {
    std::int64_t company_id;
    std::int64_t project_id;
    std::string name;
};

struct Digest {
    int open_rfis = 0;
    int pending_submittals = 0;
    int overdue_observations = 0;
    std::int64_t oldest_rfi_id = 0;
};

// One TLS round trip. Every task in this daemon goes through here.
http::response<http::string_body> fetch(asio::yield_context yield, asio::io_context& ioc,
                                        ssl::context& ctx, const std::string& host,
                                        const std::string& target, http::verb verb,
                                        const Headers& headers, std::string body = {}) {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    ssl::stream<tcp::socket> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());

    auto endpoints = resolver.async_resolve(host, "443", yield[ec]);
    if (ec) throw beast::system_error(ec);
    asio::async_connect(stream.next_layer(), endpoints, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_handshake(ssl::stream_base::client, yield[ec]);
    if (ec) throw beast::system_error(ec);

    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "project-watch/1.4 " BOOST_BEAST_VERSION_STRING);
    for (const auto& h : headers) req.set(h.first, h.second);
    if (!body.empty()) {
        req.body() = std::move(body);
        req.prepare_payload();
    }
    http::async_write(stream, req, yield[ec]);
    if (ec) throw beast::system_error(ec);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::async_read(stream, buffer, res, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_shutdown(yield[ec]);  // servers often truncate; ignore
    return res;
}

Headers bearer(const Session& s) {
    return {{"Authorization", "Bearer " + s.access_token}, {"Accept", "application/json"}};
}

Headers scoped(const Session& s, std::int64_t company_id) {
    Headers h = bearer(s);
    h.emplace_back("Procore-Company-Id", std::to_string(company_id));
    return h;
}

void refresh(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx, Session& s) {
    json form = {{"grant_type", "refresh_token"},
                 {"refresh_token", s.refresh_token},
                 {"client_id", s.client_id},
                 {"client_secret", s.client_secret}};
    Headers h{{"Content-Type", "application/json"}};
    auto res = fetch(yield, ioc, ctx, kLoginHost, "/oauth/token", http::verb::post, h, form.dump());
    if (res.result_int() != 200) {
        std::cerr << "token refresh failed: " << res.result_int() << "\n";
        return;
    }
    auto tok = json::parse(res.body());
    s.access_token = tok.at("access_token").get<std::string>();
    s.refresh_token = tok.value("refresh_token", s.refresh_token);
}

void poll_rfis(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
               const Session& s, const ProjectTask& t, Digest& d) {
    for (int page = 1;; ++page) {
        std::string target = "/rest/v1.0/projects/" + std::to_string(t.project_id) +
                             "/rfis?page=" + std::to_string(page) +
                             "&per_page=" + std::to_string(kPerPage);
        auto res = fetch(yield, ioc, ctx, kApiHost, target, http::verb::get, scoped(s, t.company_id));
        auto items = json::parse(res.body());
        for (const auto& rfi : items) {
            if (rfi.value("status", "") != "open") continue;
            ++d.open_rfis;
            int rfi_id = rfi["id"].get<int>();
            if (d.oldest_rfi_id == 0 || rfi_id < d.oldest_rfi_id) d.oldest_rfi_id = rfi_id;
        }
        if (static_cast<int>(items.size()) < kPerPage) break;
    }
}

void poll_submittals(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                     const Session& s, const ProjectTask& t, Digest& d) {
    std::string target = "/rest/v1.1/projects/" + std::to_string(t.project_id) +
                         "/submittals?filters[status_id]=pending";
    auto res = fetch(yield, ioc, ctx, kApiHost, target, http::verb::get, bearer(s));
    if (res.result() != http::status::ok) return;
    for (const auto& sub : json::parse(res.body())) {
        std::int64_t submittal_id = sub.at("id").get<std::int64_t>();
        (void)submittal_id;
        ++d.pending_submittals;
    }
}

void poll_observations(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                       const Session& s, const ProjectTask& t, Digest& d) {
    // Older projects still live behind the legacy endpoint.
    std::string target = "/vapid/projects/" + std::to_string(t.project_id) +
                         "/observations/items?filters[overdue]=true";
    auto res = fetch(yield, ioc, ctx, "app.procore.com", target, http::verb::get,
                     scoped(s, t.company_id));
    if (res.result() == http::status::ok)
        d.overdue_observations = static_cast<int>(json::parse(res.body()).size());
}

void post_digest(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                 const ProjectTask& t, const Digest& d) {
    std::string link =
        "https://app.procore.com/" + std::to_string(t.project_id) + "/project/home";
    json msg = {{"text", "*" + t.name + "*: " + std::to_string(d.open_rfis) + " open RFIs, " +
                             std::to_string(d.pending_submittals) + " pending submittals, " +
                             std::to_string(d.overdue_observations) + " overdue observations\n" +
                             link}};
    const char* hook = std::getenv("SLACK_HOOK_PATH");
    if (!hook) return;
    Headers h{{"Content-Type", "application/json"}};
    fetch(yield, ioc, ctx, kSlackHost, hook, http::verb::post, h, msg.dump());
}

void watch(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx, Session& s,
           ProjectTask task) {
    asio::steady_timer timer(ioc);
    for (;;) {
        Digest d;
        try {
            poll_rfis(yield, ioc, ctx, s, task, d);
            poll_submittals(yield, ioc, ctx, s, task, d);
            poll_observations(yield, ioc, ctx, s, task, d);
            post_digest(yield, ioc, ctx, task, d);
        } catch (const std::exception& e) {
            std::cerr << "[" << task.name << "] poll failed: " << e.what() << "\n";
        }
        beast::error_code ec;
        timer.expires_after(std::chrono::seconds(kPollSeconds));
        timer.async_wait(yield[ec]);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: project_watch <company_id> <project_id>[:name] ...\n";
        return 2;
    }
    Session s;
    s.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    s.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    s.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

    const std::int64_t company_id = std::stoll(argv[1]);
    std::vector<ProjectTask> tasks;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        auto colon = arg.find(':');
        ProjectTask t{company_id, std::stoll(arg.substr(0, colon)),
                      colon == std::string::npos ? arg : arg.substr(colon + 1)};
        tasks.push_back(t);
    }

    asio::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    asio::spawn(ioc, [&](asio::yield_context yield) {
        refresh(yield, ioc, ctx, s);
        for (const auto& t : tasks)
            asio::spawn(ioc, [&ioc, &ctx, &s, t](asio::yield_context y) { watch(y, ioc, ctx, s, t); });
    });
    ioc.run();
    return 0;
}
