// field_activity_poller: pre-release build of the field dashboard feed. Runs
// against the monthly Procore sandbox; polls punch items and timecards of one
// project concurrently and exports gauges to the internal metrics gateway.
#include <boost/asio/signal_set.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
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

namespace feed {

const std::string kLoginHost = "login-sandbox-monthly.procore.com";
const std::string kApiHost = "api-monthly.procore.com";
const std::string kMetricsHost = "metrics-gw.corp.example.com";

asio::io_context* g_ioc = nullptr;
ssl::context* g_tls = nullptr;
std::string g_access_token;
std::string g_port = "443";

struct PunchTask {
    std::int64_t company_id;
    std::int64_t project_id;
    std::vector<int> assignee_ids;  // filled from the company directory
};

struct Gauges {
    int open_punch_items = 0;
    int timecard_entries_today = 0;
    std::map<std::int64_t, int> open_by_assignee;
};

http::response<http::string_body> fetch(asio::yield_context yield, const std::string& host,
                                        const std::string& target, http::verb verb,
                                        const http::fields& headers, const std::string& body = "",
                                        const std::string& port = "443") {
    beast::error_code ec;
    tcp::resolver resolver(*g_ioc);
    ssl::stream<tcp::socket> stream(*g_ioc, *g_tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    auto eps = resolver.async_resolve(host, port, yield[ec]);
    if (ec) throw beast::system_error(ec);
    asio::async_connect(stream.next_layer(), eps, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_handshake(ssl::stream_base::client, yield[ec]);
    if (ec) throw beast::system_error(ec);

    http::request<http::string_body> req{verb, target, 11};
    for (const auto& f : headers) req.set(f.name_string(), f.value());
    req.set(http::field::host, host);
    if (!body.empty()) {
        req.body() = body;
        req.prepare_payload();
    }
    http::async_write(stream, req, yield[ec]);
    if (ec) throw beast::system_error(ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::async_read(stream, buffer, res, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_shutdown(yield[ec]);
    return res;
}

http::fields bearer() {
    http::fields h;
    h.set(http::field::authorization, "Bearer " + g_access_token);
    h.set(http::field::accept, "application/json");
    return h;
}

http::fields bearer(std::int64_t company_id) {
    http::fields h = bearer();
    h.set("Procore-Company-Id", std::to_string(company_id));
    return h;
}

void login(asio::yield_context yield) {
    http::fields h;
    h.set(http::field::content_type, "application/x-www-form-urlencoded");
    std::string form = std::string("grant_type=refresh_token&refresh_token=") +
                       std::getenv("PROCORE_REFRESH_TOKEN") + "&client_id=" +
                       std::getenv("PROCORE_CLIENT_ID") + "&client_secret=" +
                       std::getenv("PROCORE_CLIENT_SECRET");
    auto res = fetch(yield, kLoginHost, "/oauth/token", http::verb::post, h, form);
    g_access_token = json::parse(res.body()).at("access_token").get<std::string>();

    auto me = fetch(yield, kApiHost, "/rest/v1.0/me", http::verb::get, bearer());
    std::cout << "feed running as " << json::parse(me.body()).value("name", "?") << "\n";
}

void load_assignees(asio::yield_context yield, PunchTask& task) {
    std::string target = "/rest/v1.0/companies/" + std::to_string(task.company_id) +
                         "/users?filters[is_employee]=true";
    auto res = fetch(yield, kApiHost, target, http::verb::get, bearer());
    for (const auto& u : json::parse(res.body()))
        task.assignee_ids.push_back(u.at("id").get<std::int64_t>());
}

void poll_punch(asio::yield_context yield, const PunchTask& task, Gauges& g) {
    std::string target = "/rest/v1.0/punch_items?project_id=" + std::to_string(task.project_id) +
                         "&filters[status]=open";
    auto res = fetch(yield, kApiHost, target, http::verb::get, bearer(task.company_id));
    for (const auto& item : json::parse(res.body())) {
        ++g.open_punch_items;
        for (const auto& a : item.value("assignees", json::array()))
            ++g.open_by_assignee[a.at("id").get<std::int64_t>()];
    }
}

void poll_timecards(asio::yield_context yield, const PunchTask& task, Gauges& g) {
    std::string target = "/rest/v1.0/projects/" + std::to_string(task.project_id) +
                         "/timecard_entries?filters[date]=today";
    auto res = fetch(yield, kApiHost, target, http::verb::get, bearer(task.company_id));
    g.timecard_entries_today = static_cast<int>(json::parse(res.body()).size());
}

void export_gauges(asio::yield_context yield, const PunchTask& task, const Gauges& g) {
    json doc = {{"project_id", task.project_id},
                {"open_punch_items", g.open_punch_items},
                {"timecard_entries_today", g.timecard_entries_today},
                {"assignees_tracked", task.assignee_ids.size()}};
    http::fields h;
    h.set(http::field::content_type, "application/json");
    fetch(yield, kMetricsHost, "/push/field-activity", http::verb::post, h, doc.dump(), g_port);
}

void revoke(asio::yield_context yield) {
    http::fields h;
    h.set(http::field::content_type, "application/json");
    json body = {{"token", g_access_token},
                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
    fetch(yield, "api-monthly.procore.com", "/oauth/revoke", http::verb::post, h, body.dump());
}

}  // namespace feed

int main() {
    using namespace feed;
    const char* pid = std::getenv("PROCORE_PROJECT_ID");
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    if (!pid || !cid) {
        std::cerr << "PROCORE_PROJECT_ID and PROCORE_COMPANY_ID must be set\n";
        return 2;
    }
    PunchTask task{std::strtoll(cid, nullptr, 10), std::atoi(pid), {}};
    int metrics_port = std::getenv("METRICS_PORT") ? std::atoi(std::getenv("METRICS_PORT")) : 9443;
    g_port = std::to_string(metrics_port);

    asio::io_context ioc;
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    g_ioc = &ioc;
    g_tls = &tls;

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    bool stopping = false;

    asio::spawn(ioc, [&](asio::yield_context yield) {
        login(yield);
        load_assignees(yield, task);
        asio::steady_timer timer(ioc);
        while (!stopping) {
            Gauges g;
            try {
                poll_punch(yield, task, g);
                poll_timecards(yield, task, g);
                export_gauges(yield, task, g);
            } catch (const std::exception& e) {
                std::cerr << "poll failed: " << e.what() << "\n";
            }
            beast::error_code ec;
            timer.expires_after(std::chrono::seconds(60));
            timer.async_wait(yield[ec]);
        }
        revoke(yield);
    });
    signals.async_wait([&](const beast::error_code&, int) { stopping = true; });
    ioc.run();
    return 0;
}
