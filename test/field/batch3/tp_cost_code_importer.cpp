// costcode-import: pulls the cost-code tree for a job from the ERP and creates
// whatever is missing in the matching Procore project.
//
// Runs unattended from cron under a Developer Managed Service Account
// (client_credentials grant).  Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
// PROCORE_COMPANY_ID, PROCORE_ENV (production|sandbox), ERP_HOST.
//
//   costcode-import <procore_project_id> <erp_job_number> [--dry-run]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace cci {

struct ProductionHosts {
    static constexpr const char* login = "login.procore.com";
    static constexpr const char* api = "api.procore.com";
};
struct SandboxHosts {
    static constexpr const char* login = "sandbox.procore.com";
    static constexpr const char* api = "sandbox.procore.com";
};
using Environment = std::variant<ProductionHosts, SandboxHosts>;

template <class T>
T field(const json& j, const char* key) {
    auto it = j.find(key);
    return (it == j.end() || it->is_null()) ? T{} : it->template get<T>();
}

template <class... Segs>
std::string path(Segs&&... segs) {
    std::string out = "/rest/v1.0";
    ((out += "/", out += [](auto&& s) {
          if constexpr (std::is_arithmetic_v<std::decay_t<decltype(s)>>) return std::to_string(s);
          else return std::string(s);
      }(segs)), ...);
    return out;
}

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct BeastTlsTransport {
    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};

    BeastTlsTransport() { ctx.set_default_verify_paths(); ctx.set_verify_mode(ssl::verify_peer); }

    Response send(const std::string& host, Request& req) {
        tcp::resolver resolver(ioc);
        beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }
};

template <class Transport, class Hosts>
class ProcoreClient {
public:
    ProcoreClient(std::string id, std::string secret, int64_t company)
        : client_id_(std::move(id)), secret_(std::move(secret)), company_(company) {}

    void fetch_token() {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/json");
        req.body() = json{{"grant_type", "client_credentials"},
                          {"client_id", client_id_},
                          {"client_secret", secret_}}.dump();
        Response res = t_.send(Hosts::login, req);
        if (res.result() != http::status::ok)
            throw std::runtime_error("client_credentials grant failed: " + std::to_string(res.result_int()));
        token_ = json::parse(res.body()).at("access_token").get<std::string>();
    }

    json request(http::verb verb, const std::string& target, const json& body = nullptr,
                 bool company_scoped = true) {
        Request req{verb, target, 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::user_agent, "costcode-import/1.4 " BOOST_BEAST_VERSION_STRING);
        if (company_scoped) req.set("Procore-Company-Id", std::to_string(company_));
        if (!body.is_null()) {
            req.set(http::field::content_type, "application/json");
            req.body() = body.dump();
        }
        Response res = t_.send(Hosts::api, req);
        unsigned status = res.result_int();
        if (status >= 400) throw std::runtime_error(target + " -> " + std::to_string(status) + " " + res.body());
        return res.body().empty() ? json() : json::parse(res.body());
    }

    // Sanity check before we write anything: who are we and can we see the company?
    void whoami() {
        json me = request(http::verb::get, path("me"), nullptr, false);
        json companies = request(http::verb::get, path("companies"), nullptr, false);
        bool visible = false;
        for (const auto& c : companies) visible |= field<int64_t>(c, "id") == company_;
        std::cerr << "service account " << field<std::string>(me, "login")
                  << (visible ? " has" : " does NOT have") << " access to company " << company_ << "\n";
        if (!visible) throw std::runtime_error("company not visible to service account");
    }

private:
    Transport t_;
    std::string client_id_, secret_, token_;
    int64_t company_;
};

struct CostCode {
    int64_t id = 0;
    long parent_id = 0;
    std::string code;
    std::string name;
};

// ERP (internal, plain http on the VPN)
json erp_cost_codes(const std::string& erp_host, const std::string& job) {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.connect(resolver.resolve(erp_host, "8080"));
    Request req{http::verb::get, "/odata/v4/JobCostCodes?$filter=Job%20eq%20'" + job + "'", 11};
    req.set(http::field::host, erp_host);
    req.set(http::field::accept, "application/json");
    http::write(stream, req);
    beast::flat_buffer buf;
    Response res;
    http::read(stream, buf, res);
    if (res.result_int() != 200) throw std::runtime_error("ERP returned " + std::to_string(res.result_int()));
    return json::parse(res.body()).at("value");
}

}  // namespace cci

template <class Hosts>
int import(int64_t company, int64_t project_id, const std::string& job, bool dry_run) {
    cci::ProcoreClient<cci::BeastTlsTransport, Hosts> pc(std::getenv("PROCORE_CLIENT_ID"),
                                                          std::getenv("PROCORE_CLIENT_SECRET"), company);
    pc.fetch_token();
    pc.whoami();

    std::map<std::string, cci::CostCode> existing;
    json current = pc.request(http::verb::get,
                              cci::path("cost_codes") + "?project_id=" + std::to_string(project_id));
    for (const auto& c : current) {
        cci::CostCode cc{cci::field<int64_t>(c, "id"), cci::field<long>(c, "parent_id"),
                         cci::field<std::string>(c, "full_code"), cci::field<std::string>(c, "name")};
        existing.emplace(cc.code, cc);
    }

    const char* erp_host = std::getenv("ERP_HOST");
    json rows = cci::erp_cost_codes(erp_host ? erp_host : "erp.acme-internal.net", job);
    int created = 0, skipped = 0;
    for (const auto& row : rows) {
        std::string code = row.value("CostCode", "");
        int erp_row = row.value("RowId", 0);
        if (code.empty() || existing.count(code)) { ++skipped; continue; }
        std::string parent_code = code.substr(0, code.rfind('-'));
        auto parent = existing.find(parent_code);
        json body = {{"project_id", project_id},
                     {"cost_code", {{"code", code.substr(code.rfind('-') + 1)},
                                    {"name", row.value("Description", code)}}}};
        if (parent != existing.end()) body["cost_code"]["parent_id"] = parent->second.id;
        if (dry_run) { std::printf("  would create %s (erp row %d)\n", code.c_str(), erp_row); continue; }
        json made = pc.request(http::verb::post, cci::path("cost_codes"), body);
        int64_t new_id = cci::field<int64_t>(made, "id");
        std::printf("  + %-14s id=%ld\n", code.c_str(), (long)new_id);
        existing.emplace(code, cci::CostCode{new_id, 0, code, row.value("Description", code)});
        ++created;
    }
    std::printf("%d created, %d already present\n", created, skipped);
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: costcode-import <project_id> <erp_job> [--dry-run]\n";
        return 2;
    }
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    if (!company_env || !std::getenv("PROCORE_CLIENT_ID")) {
        std::cerr << "PROCORE_COMPANY_ID / PROCORE_CLIENT_ID not set\n";
        return 2;
    }
    int64_t company = std::strtoll(company_env, nullptr, 10);
    int64_t project = std::stoll(argv[1]);
    bool dry = argc > 3 && std::string(argv[3]) == "--dry-run";
    const char* env_name = std::getenv("PROCORE_ENV");
    cci::Environment env = (env_name && std::string(env_name) == "sandbox") ? cci::Environment{cci::SandboxHosts{}}
                                                                            : cci::Environment{cci::ProductionHosts{}};
    try {
        return std::visit([&](auto h) { return import<decltype(h)>(company, project, argv[2], dry); }, env);
    } catch (const std::exception& e) {
        std::cerr << "costcode-import: " << e.what() << "\n";
        return 1;
    }
}
