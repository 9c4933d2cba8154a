// portfolio_sync - nightly snapshot of every Procore company the integration
// user can see. One keep-alive TLS connection per company, kept in a map keyed
// by company id, so each tenant reuses its own socket for all of its pages.
//
// Usage: PROCORE_TOKEN=... [PORTFOLIO_ONLY_COMPANY=<id>] portfolio_sync

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
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

const char* const kApiHost = "api.procore.com";
const char* const kLoginHost = "login.procore.com";
const char* const kPort = "443";
constexpr int kPerPage = 100;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct Session {
    std::int64_t company_id = 0;
    std::string name;
    std::unique_ptr<TlsStream> stream;
    // Built once when the session is opened, applied to every request.
    std::vector<std::pair<std::string, std::string>> headers;
};

struct ProjectRow {
    int id = 0;
    std::int64_t company_id = 0;
    std::string name;
    std::string stage;
};

std::unique_ptr<TlsStream> open_stream(net::io_context& ioc, ssl::context& ctx, const char* host) {
    auto stream = std::make_unique<TlsStream>(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream->native_handle(), host)) {
        beast::error_code ec{static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()};
        throw beast::system_error{ec};
    }
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(*stream).connect(resolver.resolve(host, kPort));
    stream->handshake(ssl::stream_base::client);
    return stream;
}

http::response<http::string_body> roundtrip(TlsStream& stream, http::request<http::string_body>& req) {
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
}

http::request<http::string_body> make_get(const std::string& target, const std::string& token) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::host, kApiHost);
    req.set(http::field::user_agent, "portfolio-sync/2.3 " BOOST_BEAST_VERSION_STRING);
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::accept, "application/json");
    req.keep_alive(true);
    return req;
}

class Portfolio {
public:
    explicit Portfolio(std::string token) : token_(std::move(token)) {
        ctx_.set_default_verify_paths();
        ctx_.set_verify_mode(ssl::verify_peer);
    }

    long long token_seconds_left() {
        auto stream = open_stream(ioc_, ctx_, kLoginHost);
        http::request<http::string_body> req{http::verb::get, "/oauth/token/info", 11};
        req.set(http::field::host, kLoginHost);
        req.set(http::field::authorization, "Bearer " + token_);
        auto res = roundtrip(*stream, req);
        auto body = json::parse(res.body(), nullptr, false);
        if (body.is_discarded()) return 0;
        return body.value("expires_in_seconds", 0LL);
    }

    // Runs before any company is chosen, on a throwaway connection.
    json visible_companies() {
        auto stream = open_stream(ioc_, ctx_, kApiHost);
        auto req = make_get("/rest/v1.0/companies", token_);
        auto res = roundtrip(*stream, req);
        if (res.result() != http::status::ok)
            throw std::runtime_error("companies: HTTP " + std::to_string(res.result_int()));
        return json::parse(res.body());
    }

    std::string whoami() {
        auto stream = open_stream(ioc_, ctx_, kApiHost);
        auto req = make_get("/rest/v1.0/me", token_);
        auto me = json::parse(roundtrip(*stream, req).body(), nullptr, false);
        return me.is_object() ? me.value("login", std::string{"?"}) : std::string{"?"};
    }

    Session& session_for(std::int64_t company_id, const std::string& name) {
        auto it = sessions_.find(company_id);
        if (it != sessions_.end()) return it->second;
        Session s;
        s.company_id = company_id;
        s.name = name;
        s.stream = open_stream(ioc_, ctx_, kApiHost);
        s.headers = {{"Procore-Company-Id", std::to_string(company_id)},
                     {"Accept-Encoding", "identity"}};
        return sessions_.emplace(company_id, std::move(s)).first->second;
    }

    json company_get(Session& s, const std::string& target) {
        auto req = make_get(target, token_);
        for (const auto& h : s.headers) req.set(h.first, h.second);
        auto res = roundtrip(*s.stream, req);
        if (res.result_int() >= 400) {
            std::cerr << s.name << ": " << target << " -> " << res.result_int() << "\n";
            return json::array();
        }
        return json::parse(res.body(), nullptr, false);
    }

    std::vector<ProjectRow> projects(Session& s) {
        std::vector<ProjectRow> rows;
        for (int page = 1;; ++page) {
            json batch = company_get(s, "/rest/v1.0/projects?company_id=" + std::to_string(s.company_id) +
                                            "&page=" + std::to_string(page) +
                                            "&per_page=" + std::to_string(kPerPage));
            if (!batch.is_array() || batch.empty()) break;
            for (const auto& p : batch) {
                ProjectRow r;
                p.at("id").get_to(r.id);
                r.company_id = s.company_id;
                r.name = p.value("name", "");
                r.stage = p.contains("project_stage") && p["project_stage"].is_object()
                              ? p["project_stage"].value("name", "") : "";
                rows.push_back(std::move(r));
            }
            if (static_cast<int>(batch.size()) < kPerPage) break;
        }
        return rows;
    }

    json vendors(Session& s) {
        return company_get(s, "/rest/v1.0/vendors?company_id=" + std::to_string(s.company_id));
    }

    // Company directory for the audit sheet.
    json company_users(Session& s) {
        auto req = make_get("/rest/v1.0/companies/" + std::to_string(s.company_id) + "/users", token_);
        auto res = roundtrip(*s.stream, req);
        return json::parse(res.body(), nullptr, false);
    }

private:
    net::io_context ioc_;
    ssl::context ctx_{ssl::context::tlsv12_client};
    std::string token_;
    std::map<std::int64_t, Session> sessions_;
};

}  // namespace

int main() {
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token) {
        std::cerr << "PROCORE_TOKEN not set\n";
        return 2;
    }
    const char* only = std::getenv("PORTFOLIO_ONLY_COMPANY");
    const int only_company = only ? std::atoi(only) : 0;

    try {
        Portfolio portfolio(token);
        if (portfolio.token_seconds_left() < 300) {
            std::cerr << "token about to expire, refresh it first\n";
            return 3;
        }
        std::cout << "running as " << portfolio.whoami() << "\n";

        json companies = portfolio.visible_companies();
        for (const auto& c : companies) {
            const auto company_id = c.at("id").get<std::int64_t>();
            if (only_company != 0 && company_id != only_company) continue;
            if (!c.value("is_active", true)) continue;

            Session& s = portfolio.session_for(company_id, c.value("name", ""));
            auto rows = portfolio.projects(s);
            auto vendors = portfolio.vendors(s);
            auto users = portfolio.company_users(s);

            std::printf("%-40s projects=%zu vendors=%zu users=%zu\n", s.name.c_str(), rows.size(),
                        vendors.size(), users.size());
            for (const auto& r : rows)
                std::printf("  project %d  %s [%s]\n", r.id, r.name.c_str(), r.stage.c_str());
            std::cout << "  open in Procore: https://app.procore.com/" << company_id
                      << "/company/home\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "portfolio_sync: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
