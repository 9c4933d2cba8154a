// directory-mirror: service that copies the Procore company directory into the
// HR system every hour. Authenticates as a Developer Managed Service Account
// (client_credentials grant), so there is no user in the loop.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace pt = boost::property_tree;
using tcp = net::ip::tcp;

namespace procore::v1 {
inline namespace dmsa {

using CompanyKey = std::int64_t;
using UserKey = std::uint32_t;

struct Config {
    static constexpr std::string_view kLoginHost = "login.procore.com";
    static constexpr std::string_view kApiHost = "api.procore.com";
    static constexpr std::string_view kPort = "443";
    static constexpr std::string_view kUsersPath = "/rest/v1.0/companies/{}/users";
};

struct Credentials {
    std::string client_id;
    std::string client_secret;
};

struct ServiceCtx {
    std::string access_token;
    CompanyKey company{};
};

struct DirectoryUser {
    UserKey id{};
    std::string name;
    std::string email;
    std::int64_t vendor_id{};
    bool is_employee = false;
};

template <class Body>
void add_headers(http::request<Body>& req, const ServiceCtx& ctx) {
    req.set(http::field::authorization, "Bearer " + ctx.access_token);
    req.set("Procore-Company-Id", std::to_string(ctx.company));
}

inline std::ostream& operator<<(std::ostream& os, const DirectoryUser& u) {
    return os << u.id << "\t" << u.name << "\t" << u.email
              << (u.is_employee ? "\temployee" : "");
}

}  // namespace dmsa
}  // namespace procore::v1

namespace {

using namespace procore::v1;

// One TLS round trip. Callers build the request; this only ships it.
http::response<http::string_body> send(net::io_context& ioc, ssl::context& tls,
                                       std::string_view host,
                                       http::request<http::string_body> req) {
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), std::string(host).c_str());
    beast::get_lowest_layer(stream).connect(
        resolver.resolve(std::string(host), std::string(Config::kPort)));
    stream.handshake(ssl::stream_base::client);

    req.set(http::field::host, std::string(host));
    req.set(http::field::user_agent, "directory-mirror/2.3 " BOOST_BEAST_VERSION_STRING);
    req.prepare_payload();
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
}

pt::ptree parse(const std::string& body) {
    std::istringstream in(body);
    pt::ptree tree;
    pt::read_json(in, tree);
    return tree;
}

std::string fetch_token(net::io_context& ioc, ssl::context& tls, const Credentials& cr) {
    http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=client_credentials&client_id=" + cr.client_id +
                 "&client_secret=" + cr.client_secret;
    auto res = send(ioc, tls, Config::kLoginHost, std::move(req));
    if (res.result() != http::status::ok) throw std::runtime_error("token: " + res.body());
    return parse(res.body()).get<std::string>("access_token");
}

bool company_visible(net::io_context& ioc, ssl::context& tls, const ServiceCtx& ctx) {
    http::request<http::string_body> req{http::verb::get, "/rest/v1.0/companies", 11};
    req.set(http::field::authorization, "Bearer " + ctx.access_token);
    auto res = send(ioc, tls, Config::kApiHost, std::move(req));
    if (res.result() != http::status::ok) return false;
    for (const auto& item : parse(res.body()))
        if (item.second.get<CompanyKey>("id") == ctx.company) return true;
    return false;
}

std::string service_identity(net::io_context& ioc, ssl::context& tls, const ServiceCtx& ctx) {
    http::request<http::string_body> req{http::verb::get, "/rest/v1.0/me", 11};
    add_headers(req, ctx);
    auto res = send(ioc, tls, Config::kApiHost, std::move(req));
    return res.result() == http::status::ok ? parse(res.body()).get<std::string>("login", "?")
                                            : "?";
}

std::string users_path(CompanyKey company, int page) {
    std::string path(Config::kUsersPath);
    path.replace(path.find("{}"), 2, std::to_string(company));
    return path + "?page=" + std::to_string(page) + "&per_page=100";
}

std::vector<DirectoryUser> fetch_users(net::io_context& ioc, ssl::context& tls,
                                       const ServiceCtx& ctx) {
    std::vector<DirectoryUser> out;
    for (int page = 1; page < 500; ++page) {
        http::request<http::string_body> req{http::verb::get, users_path(ctx.company, page), 11};
        add_headers(req, ctx);
        auto res = send(ioc, tls, Config::kApiHost, std::move(req));
        if (res.result() != http::status::ok) break;
        auto tree = parse(res.body());
        if (tree.empty()) break;
        for (const auto& item : tree) {
            const auto& u = item.second;
            DirectoryUser d;
            d.id = u.get<UserKey>("id");
            d.name = u.get<std::string>("name", "");
            d.email = u.get<std::string>("email_address", "");
            d.is_employee = u.get<bool>("is_employee", false);
            if (auto v = u.get_child_optional("vendor"); v && !v->empty())
                d.vendor_id = v->get<int>("id");
            out.push_back(d);
        }
    }
    return out;
}

void deactivate_user(net::io_context& ioc, ssl::context& tls, const ServiceCtx& ctx,
                     std::int64_t user_id) {
    std::string target = "/rest/v1.0/companies/" + std::to_string(ctx.company) + "/users/" +
                         std::to_string(user_id);
    http::request<http::string_body> req{http::verb::patch, target, 11};
    req.set(http::field::authorization, "Bearer " + ctx.access_token);
    req.set(http::field::content_type, "application/json");
    req.body() = R"({"user":{"is_active":false}})";
    auto res = send(ioc, tls, Config::kApiHost, std::move(req));
    if (res.result() != http::status::ok)
        std::cerr << "deactivate " << user_id << " -> " << res.result_int() << "\n";
}

}  // namespace

int main() {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) {
        std::cerr << "PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID required\n";
        return 64;
    }

    net::io_context ioc;
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);

    try {
        ServiceCtx ctx{fetch_token(ioc, tls, {id, secret}), std::strtoll(company, nullptr, 10)};
        if (!company_visible(ioc, tls, ctx)) {
            std::cerr << "service account not installed in company " << ctx.company << "\n";
            return 2;
        }
        std::cout << "# mirror run as " << service_identity(ioc, tls, ctx) << "\n";

        int employees = 0;
        for (const auto& u : fetch_users(ioc, tls, ctx)) {
            std::cout << u << "\n";
            if (u.is_employee) ++employees;
            if (!u.is_employee && u.email.empty()) deactivate_user(ioc, tls, ctx, u.id);
        }
        std::cerr << employees << " employees mirrored\n";
    } catch (const std::exception& e) {
        std::cerr << "mirror failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
