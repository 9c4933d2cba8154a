// budget_monitor: watches budget views, commitments and change order packages
// of the configured projects and pages the cost team when a project's
// committed cost crosses its threshold.
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
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#define PROCORE_LOGIN_HOST "login.procore.com"
#define PROCORE_API_HOST "app.procore.com"
#define PAGERDUTY_HOST "events.pagerduty.com"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using Prepare = std::function<void(http::request<http::string_body>&)>;

struct BudgetTask {
    std::int64_t company_id;
    std::int64_t project_id;
    std::int64_t budget_view_id;
    double threshold;  // fraction of revised budget
};

struct Totals {
    double revised_budget = 0;
    double committed = 0;
    double pending_changes = 0;
    int open_packages = 0;
};

static std::string g_token;

static void prep_procore(http::request<http::string_body>& req, std::int64_t company_id) {
    req.set(http::field::authorization, "Bearer " + g_token);
    req.set(http::field::accept, "application/json");
    req.set("Procore-Company-Id", std::to_string(company_id));
}

// Kept from the first version of the monitor; still used for CO packages.
static void prep_procore_v0(http::request<http::string_body>& req, std::int64_t company_id) {
    req.set(http::field::authorization, "Bearer " + g_token);
    req.set("Procore-CompanyId", std::to_string(company_id));
}

static http::response<http::string_body> fetch(asio::yield_context yield, asio::io_context& ioc,
                                               ssl::context& ctx, const char* host,
                                               const std::string& target, http::verb verb,
                                               const Prepare& prepare) {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    ssl::stream<tcp::socket> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    auto eps = resolver.async_resolve(host, "443", yield[ec]);
    if (ec) throw beast::system_error(ec);
    asio::async_connect(stream.next_layer(), eps, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_handshake(ssl::stream_base::client, yield[ec]);
    if (ec) throw beast::system_error(ec);

    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host);
    prepare(req);
    http::async_write(stream, req, yield[ec]);
    if (ec) throw beast::system_error(ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::async_read(stream, buffer, res, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_shutdown(yield[ec]);
    return res;
}

static void refresh_token(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx) {
    std::ifstream in("/var/lib/budget-monitor/refresh_token");
    std::string refresh;
    std::getline(in, refresh);
    json body = {{"grant_type", "refresh_token"}, {"refresh_token", refresh},
                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                 {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}};
    auto res = fetch(yield, ioc, ctx, PROCORE_LOGIN_HOST, "/oauth/token", http::verb::post,
                     [&](http::request<http::string_body>& req) {
                         req.set(http::field::content_type, "application/json");
                         req.body() = body.dump();
                         req.prepare_payload();
                     });
    auto tok = json::parse(res.body());
    g_token = tok.at("access_token").get<std::string>();
    std::ofstream("/var/lib/budget-monitor/refresh_token") << tok.value("refresh_token", refresh);
}

static void load_budget(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                        const BudgetTask& t, Totals& out) {
    std::string target = "/rest/v1.0/budget_views/" + std::to_string(t.budget_view_id) +
                         "/detail_rows?project_id=" + std::to_string(t.project_id);
    auto res = fetch(yield, ioc, ctx, PROCORE_API_HOST, target, http::verb::get,
                     [&](http::request<http::string_body>& r) { prep_procore(r, t.company_id); });
    for (const auto& row : json::parse(res.body()))
        out.revised_budget += row.value("revised_budget", 0.0);
}

static void load_commitments(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                             const BudgetTask& t, Totals& out) {
    std::string target = "/rest/v1.0/work_order_contracts?project_id=" + std::to_string(t.project_id);
    auto res = fetch(yield, ioc, ctx, PROCORE_API_HOST, target, http::verb::get,
                     [&](http::request<http::string_body>& r) { prep_procore(r, t.company_id); });
    for (const auto& c : json::parse(res.body())) {
        auto contract_id = c.value("id", 0);
        if (c.value("status", "") == "Void") {
            std::printf("[budget] skipping void contract %d\n", contract_id);
            continue;
        }
        out.committed += c.value("grand_total", 0.0);
    }
}

static void load_change_orders(asio::yield_context yield, asio::io_context& ioc,
                               ssl::context& ctx, const BudgetTask& t, Totals& out) {
    std::string target = "/rest/v1.0/change_order_packages?project_id=" + std::to_string(t.project_id);
    auto res = fetch(yield, ioc, ctx, PROCORE_API_HOST, target, http::verb::get,
                     [&](http::request<http::string_body>& r) { prep_procore_v0(r, t.company_id); });
    for (const auto& pkg : json::parse(res.body())) {
        if (pkg.value("status", "") != "pending") continue;
        ++out.open_packages;
        out.pending_changes += pkg.value("grand_total", 0.0);
    }
}

static void page_cost_team(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                           const BudgetTask& t, const Totals& tot) {
    json ev = {{"routing_key", std::getenv("PD_ROUTING_KEY")},
               {"event_action", "trigger"},
               {"payload",
                {{"summary", "Committed cost over threshold on project " + std::to_string(t.project_id)},
                 {"source", "budget-monitor"},
                 {"severity", "warning"},
                 {"custom_details", {{"committed", tot.committed},
                                     {"revised_budget", tot.revised_budget},
                                     {"open_co_packages", tot.open_packages}}}}}};
    fetch(yield, ioc, ctx, PAGERDUTY_HOST, "/v2/enqueue", http::verb::post,
          [&](http::request<http::string_body>& r) {
              r.set(http::field::content_type, "application/json");
              r.body() = ev.dump();
              r.prepare_payload();
          });
}

static void monitor(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                    BudgetTask t) {
    asio::steady_timer timer(ioc);
    for (int round = 0;; ++round) {
        Totals tot;
        try {
            load_budget(yield, ioc, ctx, t, tot);
            load_commitments(yield, ioc, ctx, t, tot);
            load_change_orders(yield, ioc, ctx, t, tot);
            std::printf("[budget] project %ld round %d: committed %.2f of %.2f (%d CO pkgs)\n",
                        t.project_id, round, tot.committed, tot.revised_budget,
                        tot.open_packages);
            if (tot.revised_budget > 0 && tot.committed / tot.revised_budget > t.threshold)
                page_cost_team(yield, ioc, ctx, t, tot);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "[budget] project %lld: %s\n",
                         static_cast<long long>(t.project_id), e.what());
        }
        beast::error_code ec;
        timer.expires_after(std::chrono::minutes(30));
        timer.async_wait(yield[ec]);
    }
}

int main() {
    std::ifstream cfg("/etc/budget-monitor/projects.json");
    json conf = json::parse(cfg);
    std::vector<BudgetTask> tasks;
    for (const auto& p : conf.at("projects")) {
        tasks.push_back({p.at("company_id").get<std::int64_t>(), p.at("project_id").get<std::int64_t>(),
                         p.at("budget_view_id").get<std::int64_t>(), p.value("threshold", 0.9)});
    }

    asio::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    asio::spawn(ioc, [&](asio::yield_context yield) {
        refresh_token(yield, ioc, ctx);
        for (const auto& t : tasks)
            asio::spawn(ioc, [&ioc, &ctx, t](asio::yield_context y) { monitor(y, ioc, ctx, t); });
    });
    ioc.run();
    return 0;
}
