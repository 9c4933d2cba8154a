// pb_dmsa_cost_codes.cpp
//
// Headless ERP -> Procore cost code sync. Runs as a Developer Managed Service
// Account (client_credentials grant): no user ever logs in, the installed app's
// client id/secret come from the vault-injected environment.
//
//   pb_dmsa_cost_codes [--sandbox] <company_id> <erp_cost_codes.csv>
//
// Requests are assembled with make_request(verb, host, target, modifiers...),
// which folds each modifier over a beast request.

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
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using Request  = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// ---- environments -----------------------------------------------------------
struct Production {};
struct Sandbox {};

template <class Env> struct Hosts;
template <> struct Hosts<Production> {
    static constexpr const char* login = "login.procore.com";
    static constexpr const char* api   = "api.procore.com";
};
template <> struct Hosts<Sandbox> {
    static constexpr const char* login = "sandbox.procore.com";
    static constexpr const char* api   = "sandbox.procore.com";
};

// ---- modifiers --------------------------------------------------------------
struct bearer {
    std::string token;
    void operator()(Request& r) const { r.set(http::field::authorization, "Bearer " + token); }
};

struct company {
    std::int64_t id;
    void operator()(Request& r) const { r.set("Procore-Company-Id", std::to_string(id)); }
};

struct json_body {
    nlohmann::json doc;
    void operator()(Request& r) const {
        r.set(http::field::content_type, "application/json");
        r.body() = doc.dump();
        r.prepare_payload();
    }
};

struct form_body {
    std::string encoded;
    void operator()(Request& r) const {
        r.set(http::field::content_type, "application/x-www-form-urlencoded");
        r.body() = encoded;
        r.prepare_payload();
    }
};

template <class... Modifiers>
Request make_request(http::verb verb, std::string_view host, std::string_view target,
                     Modifiers&&... mods) {
    Request req{verb, beast::string_view{target.data(), target.size()}, 11};
    req.set(http::field::host, beast::string_view{host.data(), host.size()});
    req.set(http::field::user_agent, "erp-costcode-sync/2.3");
    req.set(http::field::accept, "application/json");
    (mods(req), ...);
    return req;
}

// ---- transport --------------------------------------------------------------
class Transport {
  public:
    Transport() : ctx_(ssl::context::tls_client) { ctx_.set_default_verify_paths(); }

    Response send(const char* host, Request req) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host);
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);

        http::write(stream, req);

        beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

  private:
    net::io_context ioc_;
    ssl::context ctx_;
};

// ---- sync -------------------------------------------------------------------
struct ErpCode {
    std::string code;
    std::string description;
};

std::vector<ErpCode> read_erp(const std::string& file) {
    std::vector<ErpCode> out;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        auto comma = line.find(',');
        if (comma == std::string::npos) continue;
        out.push_back({line.substr(0, comma), line.substr(comma + 1)});
    }
    return out;
}

template <class Env>
int sync(std::int64_t company_id, const std::vector<ErpCode>& erp) {
    using H = Hosts<Env>;
    Transport t;

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) return 2;

    const std::string form = std::string("grant_type=client_credentials&client_id=") + cid +
                             "&client_secret=" + secret;
    Response tok = t.send(H::login, make_request(http::verb::post, H::login, "/oauth/token",
                                                 form_body{form}));
    if (tok.result_int() != 200) {
        std::cerr << "token request failed: " << tok.result_int() << "\n";
        return 1;
    }
    const bearer auth{nlohmann::json::parse(tok.body()).at("access_token").get<std::string>()};

    // Make sure the service account was actually installed in this company.
    Response companies = t.send(H::api, make_request(http::verb::get, H::api,
                                                     "/rest/v1.0/companies", auth));
    bool installed = false;
    for (const auto& c : nlohmann::json::parse(companies.body(), nullptr, false))
        if (c.is_object() && c.value("id", std::int64_t{0}) == company_id) installed = true;
    if (!installed) {
        std::cerr << "service account not installed in company " << company_id << "\n";
        return 1;
    }

    Response me = t.send(H::api, make_request(http::verb::get, H::api, "/rest/v1.0/me", auth,
                                              company{company_id}));
    std::cout << "acting as " << nlohmann::json::parse(me.body()).value("login", "?") << "\n";

    const std::string projects_target =
        "/rest/v1.0/projects?company_id=" + std::to_string(company_id) + "&per_page=300";
    Response projects = t.send(H::api, make_request(http::verb::get, H::api, projects_target,
                                                    auth, company{company_id}));
    std::vector<int> project_ids;
    for (const auto& p : nlohmann::json::parse(projects.body(), nullptr, false))
        if (p.value("active", false)) project_ids.push_back(p.at("id"));

    int created = 0, renamed = 0;
    for (auto project_id : project_ids) {
        const std::string list = "/rest/v1.0/cost_codes?project_id=" + std::to_string(project_id);
        Response existing = t.send(H::api, make_request(http::verb::get, H::api, list, auth,
                                                         company{company_id}));
        std::map<std::string, std::pair<std::int64_t, std::string>> by_code;
        for (const auto& cc : nlohmann::json::parse(existing.body(), nullptr, false))
            by_code[cc.value("full_code", "")] = {cc.at("id").get<std::int64_t>(),
                                                  cc.value("name", "")};

        for (const auto& e : erp) {
            auto it = by_code.find(e.code);
            if (it == by_code.end()) {
                json_body body{{{"project_id", project_id},
                                {"cost_code", {{"code", e.code}, {"name", e.description}}}}};
                Response r = t.send(H::api, make_request(http::verb::post, H::api,
                                                         "/rest/v1.0/cost_codes", auth,
                                                         company{company_id}, body));
                if (r.result_int() == 201) ++created;
            } else if (it->second.second != e.description) {
                const std::string target = "/rest/v1.0/cost_codes/" +
                                           std::to_string(it->second.first) +
                                           "?project_id=" + std::to_string(project_id);
                json_body body{{{"cost_code", {{"name", e.description}}}}};
                Response r = t.send(H::api, make_request(http::verb::patch, H::api, target, auth,
                                                         body));
                if (r.result_int() == 200) ++renamed;
            }
        }
    }
    std::cout << "created " << created << ", renamed " << renamed << " across "
              << project_ids.size() << " projects\n";
    return 0;
}

int main(int argc, char** argv) {
    bool sandbox = false;
    int arg = 1;
    if (argc > 1 && std::string_view(argv[1]) == "--sandbox") {
        sandbox = true;
        ++arg;
    }
    if (argc - arg != 2) {
        std::cerr << "usage: pb_dmsa_cost_codes [--sandbox] COMPANY_ID ERP.csv\n";
        return 64;
    }
    const std::int64_t company_id = std::stoll(argv[arg]);
    const auto erp = read_erp(argv[arg + 1]);
    try {
        return sandbox ? sync<Sandbox>(company_id, erp) : sync<Production>(company_id, erp);
    } catch (const std::exception& ex) {
        std::cerr << "sync failed: " << ex.what() << "\n";
        return 1;
    }
}
