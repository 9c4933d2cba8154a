// dailylogd - pushes the site gate's headcount into Procore manpower logs every
// evening and pulls the day's weather log for the superintendent's report.
// Auth: refresh-token flow; the refresh token rotates on every run.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <openssl/ssl.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace pt = boost::property_tree;
using tcp = net::ip::tcp;

namespace {

constexpr const char* kLoginHost = "login.procore.com";
constexpr const char* kApiHost = "api.procore.com";
constexpr const char* kLegacyHost = "us02.procore.com";
constexpr const char* kTokenFile = "/var/lib/dailylogd/refresh_token";

thread_local std::int64_t t_company_id = 0;

class ScopedCompanyContext {
public:
    explicit ScopedCompanyContext(std::int64_t id) : saved_(t_company_id) { t_company_id = id; }
    ~ScopedCompanyContext() { t_company_id = saved_; }
    ScopedCompanyContext(const ScopedCompanyContext&) = delete;
    ScopedCompanyContext& operator=(const ScopedCompanyContext&) = delete;

private:
    std::int64_t saved_;
};

template <class F>
struct ScopeExit {
    F fn;
    ~ScopeExit() { fn(); }
};
template <class F>
ScopeExit<F> onScopeExit(F fn) { return ScopeExit<F>{std::move(fn)}; }

using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

// One TLS connection; handshake in the constructor, shutdown in the destructor.
class TlsConnection {
public:
    TlsConnection(net::io_context& ioc, ssl::context& ctx, std::string host)
        : stream_(ioc, ctx), host_(std::move(host)) {
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str()))
            throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                        net::error::get_ssl_category()));
        tcp::resolver resolver(ioc);
        beast::get_lowest_layer(stream_).connect(resolver.resolve(host_, "443"));
        stream_.handshake(ssl::stream_base::client);
    }
    ~TlsConnection() {
        beast::error_code ec;
        stream_.shutdown(ec);
    }
    TlsConnection(const TlsConnection&) = delete;
    TlsConnection& operator=(const TlsConnection&) = delete;

    http::response<http::string_body> roundTrip(http::request<http::string_body>&& req) {
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "dailylogd/2.3");
        req.prepare_payload();
        http::write(stream_, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream_, buffer, res);
        return res;
    }

private:
    beast::ssl_stream<beast::tcp_stream> stream_;
    std::string host_;
};

// A REST call: picks up the bearer token and the company of the enclosing
// ScopedCompanyContext when it is constructed.
class ApiCall {
public:
    ApiCall(http::verb verb, const std::string& target, const std::string& token)
        : req_(verb, target, 11) {
        req_.set(http::field::authorization, "Bearer " + token);
        req_.set(http::field::accept, "application/json");
        if (t_company_id != 0) req_.set("Procore-Company-Id", std::to_string(t_company_id));
    }
    ApiCall(ApiCall&&) = default;
    ApiCall& operator=(ApiCall&&) = default;
    ApiCall(const ApiCall&) = delete;
    ApiCall& operator=(const ApiCall&) = delete;

    ApiCall&& json(std::string body) && {
        req_.set(http::field::content_type, "application/json");
        req_.body() = std::move(body);
        return std::move(*this);
    }
    http::request<http::string_body>&& release() && { return std::move(req_); }

private:
    http::request<http::string_body> req_;
};

pt::ptree parse(const std::string& body) {
    pt::ptree tree;
    std::istringstream in(body);
    pt::read_json(in, tree);
    return tree;
}

std::string refreshToken(net::io_context& ioc, ssl::context& ctx, const std::string& client_id,
                         const std::string& client_secret) {
    FilePtr f(std::fopen(kTokenFile, "r+"), &std::fclose);
    if (!f) throw std::runtime_error("no refresh token on disk");
    char buf[512] = {0};
    if (!std::fgets(buf, sizeof buf, f.get())) throw std::runtime_error("empty token file");
    std::string rt(buf);
    while (!rt.empty() && (rt.back() == '\n' || rt.back() == '\r')) rt.pop_back();

    TlsConnection login(ioc, ctx, kLoginHost);
    http::request<http::string_body> req(http::verb::post, "/oauth/token", 11);
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=refresh_token&refresh_token=" + rt + "&client_id=" + client_id +
                 "&client_secret=" + client_secret;
    auto res = login.roundTrip(std::move(req));
    if (res.result_int() != 200) throw std::runtime_error("refresh failed: " + res.body());
    pt::ptree tok = parse(res.body());

    std::rewind(f.get());
    std::fputs(tok.get<std::string>("refresh_token").c_str(), f.get());
    return tok.get<std::string>("access_token");
}

struct GateCount {
    std::string trade;
    int workers;
    double hours;
};

std::vector<GateCount> readGateCounts() {
    // Stubbed: the turnstile export is parsed elsewhere.
    return {{"Concrete", 12, 8.0}, {"Electrical", 7, 9.5}};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: dailylogd <client_id> <client_secret> <project_name>\n";
        return 2;
    }
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    const std::string token = refreshToken(ioc, ctx, argv[1], argv[2]);
    const std::string wanted = argv[3];
    int exit_code = 1;
    auto report = onScopeExit([&] { std::fprintf(stderr, "dailylogd finished, rc=%d\n", exit_code); });

    TlsConnection api(ioc, ctx, kApiHost);
    auto companies = parse(api.roundTrip(ApiCall(http::verb::get, "/rest/v1.0/companies", token).release()).body());
    const std::int64_t company_id = companies.begin()->second.get<std::int64_t>("id");

    ScopedCompanyContext company(company_id);
    auto projects = parse(api.roundTrip(
        ApiCall(http::verb::get, "/rest/v1.0/projects?company_id=" + std::to_string(company_id), token)
            .release()).body());
    int project_id = 0;
    for (const auto& p : projects)
        if (p.second.get<std::string>("name", "") == wanted) project_id = p.second.get<int>("id");
    if (project_id == 0) return exit_code;

    char today[11];
    std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::localtime(&now));

    int posted = 0;
    for (const GateCount& g : readGateCounts()) {
        std::ostringstream body;
        body << "{\"manpower_log\":{\"date\":\"" << today << "\",\"num_workers\":" << g.workers
             << ",\"num_hours\":" << g.hours << ",\"notes\":\"" << g.trade << " (gate count)\"}}";
        http::request<http::string_body> req(
            http::verb::post, "/rest/v1.0/projects/" + std::to_string(project_id) + "/manpower_logs", 11);
        req.set(http::field::authorization, "Bearer " + token);
        req.set(http::field::content_type, "application/json");
        req.set("Procore-CompanyId", std::to_string(company_id));
        req.body() = body.str();
        auto res = api.roundTrip(std::move(req));
        if (res.result_int() == 201) ++posted;
        else std::cerr << "manpower log rejected (" << res.result_int() << "): " << res.body() << "\n";
    }

    TlsConnection legacy(ioc, ctx, kLegacyHost);
    auto weather = legacy.roundTrip(
        ApiCall(http::verb::get,
                "/vapid/projects/" + std::to_string(project_id) + "/weather_logs?log_date=" + today, token)
            .release());
    if (weather.result_int() == 200) {
        auto logs = parse(weather.body());
        for (const auto& w : logs)
            std::printf("weather: %s, %s\n", w.second.get<std::string>("temperature_avg", "?").c_str(),
                        w.second.get<std::string>("sky", "?").c_str());
    }

    std::printf("%d manpower entries posted\n", posted);
    exit_code = 0;
    return exit_code;
}
