// drawings-cli: list drawings and revisions from the command line (Boost.Beast, sync).
//
//   drawings-cli [--config FILE] projects list
//   drawings-cli drawings list <project_id>
//   drawings-cli drawings revisions <project_id> <drawing_id>
//   drawings-cli drawings open <project_id>
//   drawings-cli me
//   drawings-cli logout
//
// Config file (default ~/.procore/drawings-cli.ini):
//   environment = production|sandbox|monthly
//   token = ...
//   company_id = ...
//   client_id = ... / client_secret = ...   (only for logout)
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

enum class Env { Production = 0, Sandbox = 1, Monthly = 2 };

struct HostPair {
    const char* login;
    const char* api;
};

constexpr std::array<HostPair, 3> kHosts{{
    {"login.procore.com", "api.procore.com"},
    {"login-sandbox.procore.com", "sandbox.procore.com"},
    {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
}};

constexpr int kHttpsPort = 443;

struct Config {
    Env env = Env::Production;
    std::string token;
    std::int64_t company_id = 0;
    std::string client_id;
    std::string client_secret;
};

struct Response {
    unsigned status = 0;
    std::string body;
};

Config load_config(const std::string& path) {
    Config cfg;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
        auto strip = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t\r") + 1);
            return s;
        };
        const std::string key = strip(line.substr(0, eq));
        const std::string val = strip(line.substr(eq + 1));
        if (key == "environment")
            cfg.env = val == "sandbox" ? Env::Sandbox : val == "monthly" ? Env::Monthly : Env::Production;
        else if (key == "token") cfg.token = val;
        else if (key == "company_id") cfg.company_id = std::stoll(val);
        else if (key == "client_id") cfg.client_id = val;
        else if (key == "client_secret") cfg.client_secret = val;
    }
    return cfg;
}

Response https_request(http::verb verb, const std::string& host, const std::string& target,
                       const std::string& token, std::optional<std::int64_t> company,
                       const std::string& form_body = {}) {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                    net::error::get_ssl_category()));
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, std::to_string(kHttpsPort)));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "drawings-cli/1.4");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (company) req.set("Procore-Company-Id", std::to_string(*company));
    if (!form_body.empty()) {
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = form_body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);  // Procore closes without close_notify sometimes; ignore
    return {res.result_int(), res.body()};
}

Json::Value parse(const std::string& s) {
    Json::Value root;
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream is(s);
    Json::parseFromStream(b, is, &root, &errs);
    return root;
}

int projects_list(const Config& cfg, const HostPair& h) {
    const auto r = https_request(http::verb::get, h.api,
                                 "/rest/v1.0/projects?company_id=" + std::to_string(cfg.company_id),
                                 cfg.token, cfg.company_id);
    for (const auto& p : parse(r.body))
        std::cout << p["id"].asInt64() << "\t" << p["name"].asString() << "\n";
    return r.status == 200 ? 0 : 1;
}

int drawings_list(const Config& cfg, const HostPair& h, std::int64_t project_id) {
    const auto r = https_request(http::verb::get, h.api,
                                 "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawings",
                                 cfg.token, cfg.company_id);
    if (r.status != 200) {
        std::cerr << "drawings list: HTTP " << r.status << "\n";
        return 1;
    }
    std::map<int, std::vector<std::string>> by_area;
    for (const auto& d : parse(r.body)) {
        const int area_id = d["drawing_area"]["id"].asInt();
        by_area[area_id].push_back(std::to_string(d["id"].asInt64()) + "  " + d["number"].asString() +
                                   "  " + d["title"].asString());
    }
    for (const auto& [area, rows] : by_area) {
        std::cout << "area " << area << " (" << rows.size() << " drawings)\n";
        for (const auto& row : rows) std::cout << "  " << row << "\n";
    }
    return 0;
}

int drawings_revisions(const Config& cfg, const HostPair& h, std::int64_t project_id, std::int64_t drawing_id) {
    const std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                               "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawing_id);
    const auto r = https_request(http::verb::get, h.api, target, cfg.token, std::nullopt);
    for (const auto& rev : parse(r.body))
        std::cout << rev["id"].asInt64() << "\trev " << rev["revision_number"].asString() << "\t"
                  << rev["pdf_url"].asString() << "\n";
    return r.status == 200 ? 0 : 1;
}

int me(const Config& cfg, const HostPair& h) {
    const auto r = https_request(http::verb::get, h.api, "/rest/v1.0/me", cfg.token, std::nullopt);
    const Json::Value u = parse(r.body);
    std::cout << u["id"].asInt64() << " " << u["login"].asString() << "\n";
    return r.status == 200 ? 0 : 1;
}

int logout(const Config& cfg, const HostPair& h) {
    const std::string form = "client_id=" + cfg.client_id + "&client_secret=" + cfg.client_secret +
                             "&token=" + cfg.token;
    const auto r = https_request(http::verb::post, h.login, "/oauth/revoke", {}, std::nullopt, form);
    std::cout << "revoke: HTTP " << r.status << "\n";
    return r.status == 200 ? 0 : 1;
}

int main(int argc, char** argv) {
    const char* home = std::getenv("HOME");
    std::string config_path = std::string(home ? home : ".") + "/.procore/drawings-cli.ini";
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--config" && i + 1 < argc) config_path = argv[++i];
        else args.push_back(a);
    }
    if (args.empty()) {
        std::cerr << "usage: drawings-cli [--config FILE] projects list | drawings list|revisions|open ... | me | logout\n";
        return 2;
    }
    const Config cfg = load_config(config_path);
    const HostPair& hosts = kHosts[static_cast<int>(cfg.env)];

    try {
        if (args[0] == "projects" && args.size() >= 2 && args[1] == "list") return projects_list(cfg, hosts);
        if (args[0] == "me") return me(cfg, hosts);
        if (args[0] == "logout") return logout(cfg, hosts);
        if (args[0] == "drawings" && args.size() >= 3) {
            const std::int64_t project_id = std::stoll(args[2]);
            if (args[1] == "list") return drawings_list(cfg, hosts, project_id);
            if (args[1] == "open") {
                std::cout << "https://app.procore.com/" << project_id << "/project/drawing_areas\n";
                return 0;
            }
            if (args[1] == "revisions" && args.size() >= 4) {
                const unsigned drawing_id = std::stoul(args[3]);
                return drawings_revisions(cfg, hosts, project_id, drawing_id);
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "drawings-cli: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "unknown command\n";
    return 2;
}
