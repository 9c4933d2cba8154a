// daily_log_daemon: runs under the "Field Reporting" Developer Managed Service
// Account. Every evening it totals the day's manpower per project, checks the
// weather log was filled in, and writes a summary notes log entry.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace pt = boost::property_tree;
using tcp = net::ip::tcp;

namespace dl {

using CompanyId = std::int64_t;
typedef long project_id_t;

enum class Env { Production, Sandbox, Monthly };

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hosts_for(Env env = Env::Production) {
    switch (env) {
    case Env::Sandbox:
        return {"login-sandbox.procore.com", "sandbox.procore.com"};
    case Env::Monthly:
        return {"api-monthly.procore.com",  // monthly sandbox lives on one host
                "api-monthly.procore.com"};
    default:
        return {"login.procore.com", "api.procore.com"};
    }
}

static Hosts g_hosts = hosts_for();
static std::string g_token;

struct Reply {
    unsigned status = 0;
    std::string body;
};

std::string api_path(const std::string& rest, const char* version = "v1.0") {
    return std::string("/rest/") + version + "/" + rest;
}

static Reply send(http::verb verb, const std::string& host, const std::string& target,
                  const std::string& body = "", const char* content_type = "application/json",
                  std::optional<CompanyId> company = std::nullopt) {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "daily-log-daemon/2.3");
    if (!g_token.empty()) req.set(http::field::authorization, "Bearer " + g_token);
    if (company) req.set("Procore-Company-Id", std::to_string(*company));
    if (!body.empty()) {
        req.set(http::field::content_type, content_type);
        req.body() = body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return {res.result_int(), res.body()};
}

Reply get(const std::string& target) {
    return send(http::verb::get, g_hosts.api, target);
}
Reply get(const std::string& target, CompanyId company) {
    return send(http::verb::get, g_hosts.api, target, "", "application/json", company);
}
Reply post(const std::string& target, const std::string& body,
           std::optional<CompanyId> company = std::nullopt) {
    return send(http::verb::post, g_hosts.api, target, body, "application/json", company);
}

bool authenticate(const std::string& client_id, const std::string& client_secret) {
    std::string form = "grant_type=client_credentials&client_id=" + client_id +
                       "&client_secret=" + client_secret;
    Reply r = send(http::verb::post, g_hosts.login, "/oauth/token", form,
                   "application/x-www-form-urlencoded");
    if (r.status != 200) return false;
    std::istringstream in(r.body);
    pt::ptree tok;
    pt::read_json(in, tok);
    g_token = tok.get<std::string>("access_token", "");
    return !g_token.empty();
}

pt::ptree parse(const Reply& r) {
    pt::ptree tree;
    if (r.status / 100 != 2) return tree;
    std::istringstream in(r.body);
    try {
        pt::read_json(in, tree);
    } catch (const pt::json_parser_error&) {
    }
    return tree;
}

}  // namespace dl

struct DayTotals {
    int workers = 0;
    double hours = 0.0;
    std::map<std::int64_t, int> workers_by_vendor;
};

static DayTotals manpower_for(dl::CompanyId company, dl::project_id_t project,
                              const std::string& date) {
    DayTotals t;
    auto logs = dl::parse(dl::get(dl::api_path("projects/" + std::to_string(project) +
                                               "/manpower_logs?log_date=" + date),
                                  company));
    for (const auto& entry : logs) {
        const pt::ptree& e = entry.second;
        int workers = e.get<int>("num_workers", 0);
        t.workers += workers;
        t.hours += e.get<double>("num_hours", 0.0);
        int vendor = e.get<int>("vendor.id", 0);
        t.workers_by_vendor[vendor] += workers;
    }
    return t;
}

static bool weather_logged(dl::project_id_t project, const std::string& date) {
    auto logs = dl::parse(dl::get(dl::api_path("projects/" + std::to_string(project) +
                                               "/weather_logs?log_date=" + date)));
    return !logs.empty();
}

int main() {
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    const char* env = std::getenv("PROCORE_ENV");
    if (!id || !secret || !company_env) {
        std::cerr << "DMSA_CLIENT_ID, DMSA_CLIENT_SECRET and PROCORE_COMPANY_ID are required\n";
        return 2;
    }
    if (env && std::string(env) == "sandbox") dl::g_hosts = dl::hosts_for(dl::Env::Sandbox);
    if (env && std::string(env) == "monthly") dl::g_hosts = dl::hosts_for(dl::Env::Monthly);

    if (!dl::authenticate(id, secret)) {
        std::cerr << "token request failed\n";
        return 1;
    }
    const dl::CompanyId company = std::strtoll(company_env, nullptr, 10);

    // Sanity check that the service account was installed in this company.
    bool installed = false;
    for (const auto& c : dl::parse(dl::get(dl::api_path("companies")))) {
        if (c.second.get<std::int64_t>("id", 0) == company) installed = true;
    }
    if (!installed) {
        std::cerr << "service account is not installed in company " << company << "\n";
        return 1;
    }
    auto me = dl::parse(dl::get(dl::api_path("me"), company));
    std::cerr << "acting as " << me.get<std::string>("login", "?") << "\n";

    char date[11];
    std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d", std::localtime(&now));

    auto projects = dl::parse(dl::get(
        dl::api_path("projects?company_id=" + std::to_string(company) + "&per_page=300"), company));
    int written = 0;
    for (const auto& p : projects) {
        dl::project_id_t project = p.second.get<dl::project_id_t>("id");
        DayTotals t = manpower_for(company, project, date);
        bool weather = weather_logged(project, date);

        std::ostringstream note;
        note << "Auto summary: " << t.workers << " workers, " << t.hours << " hours across "
             << t.workers_by_vendor.size() << " vendors."
             << (weather ? "" : " Weather log missing.");
        pt::ptree body, log;
        log.put("date", date);
        log.put("comment", note.str());
        body.add_child("notes_log", log);
        std::ostringstream out;
        pt::write_json(out, body, false);

        auto r = dl::post(dl::api_path("projects/" + std::to_string(project) + "/notes_logs"),
                          out.str(), company);
        if (r.status / 100 == 2) ++written;
    }
    std::cerr << written << " notes logs written\n";
    return 0;
}
