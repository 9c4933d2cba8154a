// portfolio_pulse: service-account daemon. Every interval it fetches a
// client-credentials token, walks every company the service account is
// installed in and posts the active project count to the ops Slack channel.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifdef USE_SANDBOX
#define PROCORE_AUTH_HOST "login-sandbox.procore.com"
#define PROCORE_API_HOST "sandbox.procore.com"
#else
#define PROCORE_AUTH_HOST "api.procore.com"
#define PROCORE_API_HOST "api.procore.com"
#endif

#define SLACK_HOST "hooks.slack.com"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

class ApiSession {
public:
    ApiSession(net::io_context& ioc, ssl::context& ctx, std::string host)
        : resolver_(ioc), stream_(ioc, ctx), host_(std::move(host))
    {
        req_.version(11);
        req_.keep_alive(false);
        req_.set(http::field::host, host_);
        req_.set(http::field::user_agent, "portfolio-pulse/0.9");
    }

    void prepare(http::verb verb, const std::string& target, const std::string& token,
                 std::optional<std::int64_t> company, std::string body = {},
                 const char* contentType = "application/json")
    {
        req_.method(verb);
        req_.target(target);
        if (!token.empty())
            req_.set(http::field::authorization, "Bearer " + token);
        if (company)
            req_.set("Procore-Company-Id", std::to_string(*company));
        if (!body.empty()) {
            req_.set(http::field::content_type, contentType);
            req_.body() = std::move(body);
        }
        req_.prepare_payload();
    }

    json run(int* status = nullptr)
    {
        SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str());
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(stream_).connect(resolver_.resolve(host_, "https"));
        stream_.handshake(ssl::stream_base::client);
        http::write(stream_, req_);

        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream_, buf, res);
        beast::error_code ignored;
        stream_.shutdown(ignored);
        if (status)
            *status = res.result_int();
        if (res.body().empty() || res[http::field::content_type].find("json") == beast::string_view::npos)
            return json();
        return json::parse(res.body(), nullptr, false);
    }

private:
    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    std::string host_;
    http::request<http::string_body> req_;
};

static std::string envOr(const char* name, const std::string& fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

static std::string fetchToken(net::io_context& ioc, ssl::context& ctx)
{
    std::ostringstream form;
    form << "grant_type=client_credentials"
         << "&client_id=" << envOr("PROCORE_CLIENT_ID", "")
         << "&client_secret=" << envOr("PROCORE_CLIENT_SECRET", "");
    ApiSession auth(ioc, ctx, PROCORE_AUTH_HOST);
    auth.prepare(http::verb::post, "/oauth/token", "", std::nullopt, form.str(),
                 "application/x-www-form-urlencoded");
    int status = 0;
    json tok = auth.run(&status);
    if (status != 200 || !tok.contains("access_token"))
        throw std::runtime_error("token request failed: " + std::to_string(status));
    return tok["access_token"].get<std::string>();
}

static void postToSlack(net::io_context& ioc, ssl::context& ctx, const std::string& text)
{
    ApiSession slack(ioc, ctx, SLACK_HOST);
    json msg = {{"text", text}};
    slack.prepare(http::verb::post, envOr("SLACK_WEBHOOK_PATH", "/services/T000/B000/XXXX"),
                  "", std::nullopt, msg.dump());
    slack.run();
}

int main()
{
    const std::string apiHost = envOr("PROCORE_API_HOST", PROCORE_API_HOST);
    const int intervalMin = std::stoi(envOr("PULSE_INTERVAL_MIN", "60"));
    const int maxRetries = 3;

    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    for (;;) {
        int attempt = 0;
        std::string token;
        while (token.empty() && attempt < maxRetries) {
            try {
                token = fetchToken(ioc, ctx);
            } catch (const std::exception& e) {
                std::cerr << "attempt " << ++attempt << ": " << e.what() << "\n";
                std::this_thread::sleep_for(std::chrono::seconds(10 * attempt));
            }
        }
        if (token.empty()) {
            std::this_thread::sleep_for(std::chrono::minutes(intervalMin));
            continue;
        }

        ApiSession companies(ioc, ctx, apiHost);
        companies.prepare(http::verb::get, "/rest/v1.0/companies", token, std::nullopt);
        json companyList = companies.run();

        std::vector<int> companyIds;
        std::vector<std::string> companyNames;
        for (const auto& c : companyList) {
            companyIds.push_back(c["id"].get<std::int64_t>());
            companyNames.push_back(c.value("name", ""));
        }

        std::ostringstream report;
        report << "Portfolio pulse:\n";
        for (std::size_t i = 0; i < companyIds.size(); ++i) {
            const std::int64_t companyId = companyIds[i];
            ApiSession projects(ioc, ctx, apiHost);
            projects.prepare(http::verb::get,
                             "/rest/v1.0/projects?company_id=" + std::to_string(companyId) +
                                 "&filters[by_status]=Active&per_page=300",
                             token, companyId);
            int status = 0;
            json list = projects.run(&status);
            const int active = list.is_array() ? static_cast<int>(list.size()) : 0;
            report << "- " << companyNames[i] << ": " << active << " active projects ("
                   << "https://app.procore.com/" << companyId << "/company/home)\n";
            if (status != 200)
                report << "  (HTTP " << status << ")\n";
        }

        try {
            postToSlack(ioc, ctx, report.str());
        } catch (const std::exception& e) {
            std::cerr << "slack: " << e.what() << "\n";
        }
        std::this_thread::sleep_for(std::chrono::minutes(intervalMin));
    }
}
