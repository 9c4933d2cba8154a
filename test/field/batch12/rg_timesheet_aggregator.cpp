// rg_timesheet_aggregator: nightly job for the payroll bureau. Pulls timecard
// entries for every client company we manage in Procore and writes one CSV per
// company. Tenants live in tenants.json; each one names its environment.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

struct EnvHosts {
    std::string login;
    std::string api;
};

static const std::map<std::string, EnvHosts> kEnvironments = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox", {"login-sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly", {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"}},
};

struct CompanyContext {
    std::int64_t company_id = 0;
    std::string name;
    std::string env;
    std::string refresh_token;
    std::string access_token;
    EnvHosts hosts;
};

struct TimecardRow {
    std::int64_t entry_id = 0;
    std::int64_t project_id = 0;
    int party_id = 0;
    double hours = 0.0;
    std::string date;
};

class TenantHttp {
public:
    explicit TenantHttp(net::io_context& ioc) : ioc_(ioc), ctx_(ssl::context::tls_client) {
        ctx_.set_default_verify_paths();
        ctx_.set_verify_mode(ssl::verify_peer);
    }

    // One request per call. The company header is stamped only when the
    // caller hands us a company id.
    std::string send(const std::string& host, http::verb verb, const std::string& target,
                     const std::string& bearer, std::optional<std::int64_t> company_id,
                     const std::string& body = {},
                     const std::string& content_type = "application/json") {
        tcp::resolver resolver(ioc_);
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
            throw std::runtime_error("SNI failed for " + host);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "rg-timesheet-aggregator/2.3");
        req.set(http::field::accept, "application/json");
        if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
        if (company_id) req.set("Procore-Company-Id", std::to_string(*company_id));
        if (!body.empty()) {
            req.set(http::field::content_type, content_type);
            req.body() = body;
            req.prepare_payload();
        }
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        const int status = res.result_int();
        if (status >= 400)
            throw std::runtime_error(host + target + " -> HTTP " + std::to_string(status));
        return res.body();
    }

private:
    net::io_context& ioc_;
    ssl::context ctx_;
};

class TimesheetAggregator {
public:
    TimesheetAggregator(TenantHttp& http, std::string client_id, std::string client_secret)
        : http_(http), client_id_(std::move(client_id)), client_secret_(std::move(client_secret)) {}

    void load_tenants(const std::string& path) {
        std::ifstream in(path);
        json cfg = json::parse(in);
        const char* forced_env = std::getenv("TS_ENV_OVERRIDE");
        for (const auto& t : cfg.at("tenants")) {
            CompanyContext ctx;
            ctx.company_id = t.at("company_id").get<std::int64_t>();
            ctx.name = t.at("name").get<std::string>();
            ctx.env = forced_env ? forced_env : t.value("env", "production");
            ctx.refresh_token = t.at("refresh_token").get<std::string>();
            auto it = kEnvironments.find(ctx.env);
            if (it == kEnvironments.end())
                throw std::runtime_error("unknown environment " + ctx.env);
            ctx.hosts = it->second;
            tenants_.emplace(ctx.company_id, std::move(ctx));
        }
    }

    void refresh(CompanyContext& ctx) {
        const std::string form = "grant_type=refresh_token&client_id=" + client_id_ +
                                 "&client_secret=" + client_secret_ +
                                 "&refresh_token=" + ctx.refresh_token;
        json tok = json::parse(http_.send(ctx.hosts.login, http::verb::post, "/oauth/token", "",
                                          std::nullopt, form, "application/x-www-form-urlencoded"));
        ctx.access_token = tok.at("access_token").get<std::string>();
        ctx.refresh_token = tok.value("refresh_token", ctx.refresh_token);
    }

    std::vector<std::int64_t> project_ids(const CompanyContext& ctx) {
        std::vector<std::int64_t> ids;
        for (int page = 1;; ++page) {
            // company_id is already in the query string
            const std::string target = "/rest/v1.0/projects?company_id=" +
                                       std::to_string(ctx.company_id) +
                                       "&page=" + std::to_string(page) + "&per_page=100";
            json arr = json::parse(http_.send(ctx.hosts.api, http::verb::get, target,
                                              ctx.access_token, std::nullopt));
            for (const auto& p : arr) ids.push_back(p.at("id").get<std::int64_t>());
            if (arr.size() < 100) break;
        }
        return ids;
    }

    std::vector<TimecardRow> timecards(const CompanyContext& ctx, std::int64_t project_id,
                                       const std::string& start, const std::string& end) {
        const std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                                   "/timecard_entries?filters[date]=" + start + "..." + end;
        json arr = json::parse(http_.send(ctx.hosts.api, http::verb::get, target,
                                          ctx.access_token, ctx.company_id));
        std::vector<TimecardRow> rows;
        for (const auto& e : arr) {
            TimecardRow r;
            r.entry_id = e.at("id").get<std::int64_t>();
            r.project_id = project_id;
            r.party_id = e.at("party").at("id").get<std::int64_t>();
            r.hours = std::stod(e.value("hours", std::string("0")));
            r.date = e.value("date", "");
            rows.push_back(r);
        }
        return rows;
    }

    void write_csv(const CompanyContext& ctx, const std::vector<TimecardRow>& rows) {
        std::ofstream out("timesheets_" + std::to_string(ctx.company_id) + ".csv");
        // link for the payroll clerk who opens the file
        out << "# https://app.procore.com/" << ctx.company_id << "/company/timesheets\n";
        out << "entry_id,project_id,party_id,date,hours\n";
        for (const auto& r : rows)
            out << r.entry_id << ',' << r.project_id << ',' << r.party_id << ','
                << r.date << ',' << r.hours << '\n';
    }

    void whoami(const CompanyContext& ctx) {
        json me = json::parse(http_.send(ctx.hosts.api, http::verb::get, "/rest/v1.0/me",
                                         ctx.access_token, std::nullopt));
        const auto login_user_id = me.at("id").get<int>();
        std::cerr << "[" << ctx.name << "] authenticated as user " << login_user_id << "\n";
    }

    int run(const std::string& start, const std::string& end) {
        int failures = 0;
        for (auto& [company_id, ctx] : tenants_) {
            try {
                refresh(ctx);
                whoami(ctx);
                std::vector<TimecardRow> all;
                for (std::int64_t pid : project_ids(ctx)) {
                    auto rows = timecards(ctx, pid, start, end);
                    all.insert(all.end(), rows.begin(), rows.end());
                }
                write_csv(ctx, all);
                std::cerr << "company " << company_id << ": " << all.size() << " rows\n";
            } catch (const std::exception& ex) {
                ++failures;
                std::cerr << "company " << company_id << " failed: " << ex.what() << "\n";
            }
        }
        return failures;
    }

private:
    TenantHttp& http_;
    std::string client_id_;
    std::string client_secret_;
    std::unordered_map<std::int64_t, CompanyContext> tenants_;
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: " << argv[0] << " tenants.json START END\n";
        return 2;
    }
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) {
        std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET not set\n";
        return 2;
    }
    net::io_context ioc;
    TenantHttp http(ioc);
    TimesheetAggregator agg(http, cid, secret);
    agg.load_tenants(argv[1]);
    return agg.run(argv[2], argv[3]) == 0 ? 0 : 1;
}
