// pcq - small command line tool for poking at Procore from a terminal.
// Profiles live in ~/.config/pcq/profiles.json; one sub-command per verb.
//   pcq [--profile NAME] COMMAND [key=value ...]
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
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

struct HostPair {
    std::string login;
    std::string api;
};

// One entry per environment we deploy against.
static const std::unordered_map<std::string, HostPair> kHosts = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox", {"sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly", {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"}},
};

struct Profile {
    std::string name;
    std::string access_token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
    std::int64_t company_id = 0;
    HostPair hosts;
};

struct RequestSpec {
    http::verb method = http::verb::get;
    std::string host;  // empty -> profile API host
    std::string target;
    std::map<std::string, std::string> headers;
    std::string body;
    bool company_scoped = true;
};

struct Args {
    Profile profile;
    std::map<std::string, std::string> opts;
};

struct Response {
    int status = 0;
    std::string body;
};

static std::string expand(std::string tmpl, const std::map<std::string, std::string>& vars) {
    for (const auto& [key, value] : vars) {
        const std::string ph = "{" + key + "}";
        for (auto pos = tmpl.find(ph); pos != std::string::npos; pos = tmpl.find(ph, pos + value.size()))
            tmpl.replace(pos, ph.size(), value);
    }
    return tmpl;
}

static Response execute(const RequestSpec& spec, const Profile& p) {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    const std::string host = spec.host.empty() ? p.hosts.api : spec.host;
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{spec.method, spec.target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "pcq/0.4");
    req.set(http::field::accept, "application/json");
    if (!p.access_token.empty())
        req.set(http::field::authorization, "Bearer " + p.access_token);
    if (spec.company_scoped)
        req.set("Procore-Company-Id", std::to_string(p.company_id));
    for (const auto& [k, v] : spec.headers) req.set(k, v);
    if (!spec.body.empty()) {
        req.body() = spec.body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);  // procore closes without close_notify sometimes
    return {static_cast<int>(res.result_int()), res.body()};
}

static int print_or_fail(const Response& r) {
    if (r.status >= 300) {
        std::cerr << "HTTP " << r.status << ": " << r.body << "\n";
        return 1;
    }
    std::cout << json::parse(r.body).dump(2) << "\n";
    return 0;
}

static std::string opt(const Args& a, const std::string& key) {
    auto it = a.opts.find(key);
    if (it == a.opts.end()) throw std::runtime_error("missing " + key + "=");
    return it->second;
}

static int cmd_whoami(Args& a) {
    RequestSpec s;
    s.target = "/rest/v1.0/me";
    s.company_scoped = false;
    return print_or_fail(execute(s, a.profile));
}

static int cmd_companies(Args& a) {
    RequestSpec s;
    s.target = "/rest/v1.0/companies";
    s.company_scoped = false;
    return print_or_fail(execute(s, a.profile));
}

static int cmd_projects(Args& a) {
    RequestSpec s;
    s.target = expand("/rest/v1.0/projects?company_id={company_id}&per_page={per_page}",
                      {{"company_id", std::to_string(a.profile.company_id)}, {"per_page", "100"}});
    return print_or_fail(execute(s, a.profile));
}

static int cmd_rfis(Args& a) {
    int project_id = std::stoi(opt(a, "project"));
    RequestSpec s;
    s.target = expand("/rest/v1.0/projects/{project_id}/rfis", {{"project_id", std::to_string(project_id)}});
    Response r = execute(s, a.profile);
    if (r.status != 200) return print_or_fail(r);
    for (const auto& rfi : json::parse(r.body)) {
        const std::int64_t id = rfi.at("id").get<std::int64_t>();
        std::cout << id << "\t" << rfi.value("number", "") << "\t" << rfi.value("subject", "") << "\n";
    }
    return 0;
}

static int cmd_rfi_show(Args& a) {
    const std::int64_t project_id = std::stoll(opt(a, "project"));
    const std::int64_t rfi_id = std::stoll(opt(a, "rfi"));
    RequestSpec s;
    s.target = expand("/rest/v1.0/projects/{project_id}/rfis/{id}",
                      {{"project_id", std::to_string(project_id)}, {"id", std::to_string(rfi_id)}});
    s.company_scoped = false;  // project is in the path already
    return print_or_fail(execute(s, a.profile));
}

static int cmd_users(Args& a) {
    RequestSpec s;
    s.target = expand("/rest/v1.0/companies/{company_id}/users",
                      {{"company_id", std::to_string(a.profile.company_id)}});
    Response r = execute(s, a.profile);
    if (r.status != 200) return print_or_fail(r);
    std::vector<std::int64_t> user_ids;
    for (const auto& u : json::parse(r.body)) user_ids.push_back(u.at("id").get<int>());
    std::cout << user_ids.size() << " users\n";
    for (auto id : user_ids) std::cout << "  " << id << "\n";
    return 0;
}

static int cmd_refresh(Args& a) {
    RequestSpec s;
    s.method = http::verb::post;
    s.host = a.profile.hosts.login;
    s.target = "/oauth/token";
    s.company_scoped = false;
    s.headers["Content-Type"] = "application/json";
    s.body = json{{"grant_type", "refresh_token"},
                  {"client_id", a.profile.client_id},
                  {"client_secret", a.profile.client_secret},
                  {"refresh_token", a.profile.refresh_token}}.dump();
    Response r = execute(s, a.profile);
    if (r.status != 200) return print_or_fail(r);
    auto tok = json::parse(r.body);
    std::cout << "export PCQ_TOKEN=" << tok.at("access_token").get<std::string>() << "\n";
    return 0;
}

static int cmd_open(Args& a) {
    const std::int64_t project_id = std::stoll(opt(a, "project"));
    std::cout << "https://app.procore.com/" << a.profile.company_id << "/project/home?project_id=" << project_id
              << "\n";
    return 0;
}

// Runs a saved request: {"method": "GET", "path": "/rest/v1.0/...", "headers": {...}, "body": {...}}
static int cmd_run(Args& a) {
    std::ifstream in(opt(a, "file"));
    json job = json::parse(in);
    RequestSpec s;
    s.method = http::string_to_verb(job.value("method", "GET"));
    std::map<std::string, std::string> vars(a.opts.begin(), a.opts.end());
    vars["company_id"] = std::to_string(a.profile.company_id);
    s.target = expand(job.at("path").get<std::string>(), vars);
    for (auto& [k, v] : job.value("headers", json::object()).items()) s.headers[k] = v.get<std::string>();
    if (job.contains("body")) s.body = job["body"].dump();
    return print_or_fail(execute(s, a.profile));
}

static Profile load_profile(const std::string& name) {
    const char* home = std::getenv("HOME");
    std::ifstream in(std::string(home ? home : ".") + "/.config/pcq/profiles.json");
    json all = json::parse(in);
    const json& j = all.at(name);
    Profile p;
    p.name = name;
    p.access_token = j.value("access_token", "");
    p.refresh_token = j.value("refresh_token", "");
    p.client_id = j.value("client_id", "");
    p.client_secret = j.value("client_secret", "");
    p.company_id = j.at("company_id").get<std::int64_t>();
    p.hosts = kHosts.at(j.value("environment", "production"));
    if (const char* t = std::getenv("PCQ_TOKEN")) p.access_token = t;
    return p;
}

int main(int argc, char** argv) {
    const std::unordered_map<std::string, std::function<int(Args&)>> commands = {
        {"whoami", cmd_whoami},   {"companies", cmd_companies}, {"projects", cmd_projects},
        {"rfis", cmd_rfis},       {"rfi", cmd_rfi_show},        {"users", cmd_users},
        {"refresh", cmd_refresh}, {"open", cmd_open},           {"run", cmd_run},
    };
    std::string profile = "default";
    int i = 1;
    if (argc > 2 && std::string(argv[1]) == "--profile") {
        profile = argv[2];
        i = 3;
    }
    if (i >= argc || !commands.count(argv[i])) {
        std::cerr << "usage: pcq [--profile NAME] COMMAND [key=value ...]\n";
        return 2;
    }
    try {
        Args args;
        args.profile = load_profile(profile);
        for (int k = i + 1; k < argc; ++k) {
            std::string kv = argv[k];
            auto eq = kv.find('=');
            if (eq != std::string::npos) args.opts[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        return commands.at(argv[i])(args);
    } catch (const std::exception& e) {
        std::cerr << "pcq: " << e.what() << "\n";
        return 1;
    }
}
