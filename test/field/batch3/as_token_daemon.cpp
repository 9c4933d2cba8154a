// procore-pollerd -- keeps a Developer Managed Service Account token fresh
// (client_credentials) and polls every company the DMSA is installed in for
// projects whose updated_at moved, announcing them in Slack.
//
// Runs under systemd; config via env:
//   PROCORE_ENV=production|sandbox|monthly, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
//   PROCORE_COMPANY_FILTER (optional), SLACK_HOOK_PATH=/services/T.../B.../...
// DMSA docs: https://developers.procore.com/documentation/developer-managed-service-accounts

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using Callback = std::function<void(beast::error_code, Response)>;

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

static const Environment kEnvironments[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox",
     "sandbox.procore.com",
     "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

// One request/response over a fresh TLS connection.
class HttpsCall : public std::enable_shared_from_this<HttpsCall> {
public:
    HttpsCall(net::io_context& ioc, ssl::context& ctx, std::string host, Request req, Callback cb)
        : resolver_(net::make_strand(ioc)), stream_(net::make_strand(ioc), ctx),
          host_(std::move(host)), req_(std::move(req)), cb_(std::move(cb)) {}

    void run() {
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str())) {
            cb_(beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()), {});
            return;
        }
        resolver_.async_resolve(host_, "443", beast::bind_front_handler(&HttpsCall::onResolve, shared_from_this()));
    }

private:
    void onResolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return cb_(ec, {});
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(stream_).async_connect(
            results, beast::bind_front_handler(&HttpsCall::onConnect, shared_from_this()));
    }

    void onConnect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
        if (ec) return cb_(ec, {});
        stream_.async_handshake(ssl::stream_base::client,
                                beast::bind_front_handler(&HttpsCall::onHandshake, shared_from_this()));
    }

    void onHandshake(beast::error_code ec) {
        if (ec) return cb_(ec, {});
        http::async_write(stream_, req_, beast::bind_front_handler(&HttpsCall::onWrite, shared_from_this()));
    }

    void onWrite(beast::error_code ec, std::size_t) {
        if (ec) return cb_(ec, {});
        http::async_read(stream_, buffer_, res_, beast::bind_front_handler(&HttpsCall::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t) {
        cb_(ec, std::move(res_));
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    std::string host_;
    Request req_;
    Response res_;
    beast::flat_buffer buffer_;
    Callback cb_;
};

class PollerDaemon {
public:
    PollerDaemon(net::io_context& ioc, ssl::context& ctx, const Environment& env)
        : ioc_(ioc), ctx_(ctx), env_(env), refreshTimer_(ioc), pollTimer_(ioc) {
        clientId_ = std::getenv("PROCORE_CLIENT_ID");
        clientSecret_ = std::getenv("PROCORE_CLIENT_SECRET");
        const char* filter = std::getenv("PROCORE_COMPANY_FILTER");
        companyFilter_ = filter ? std::strtoll(filter, nullptr, 10) : 0;
        const char* hook = std::getenv("SLACK_HOOK_PATH");
        slackPath_ = hook ? hook : "";
    }

    void start() { requestToken(); }

private:
    void launch(const std::string& host, Request req, Callback cb) {
        std::make_shared<HttpsCall>(ioc_, ctx_, host, std::move(req), std::move(cb))->run();
    }

    void requestToken() {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::host, env_.login_host);
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=client_credentials&client_id=" + clientId_ + "&client_secret=" + clientSecret_;
        req.prepare_payload();
        launch(env_.login_host, std::move(req), [this](beast::error_code ec, Response res) {
            if (ec || res.result() != http::status::ok) {
                std::cerr << "token request failed (" << res.result_int() << "): " << ec.message() << "\n";
                scheduleTokenRefresh(30);
                return;
            }
            rapidjson::Document doc;
            doc.Parse(res.body().c_str());
            if (doc.HasParseError() || !doc.HasMember("access_token")) return scheduleTokenRefresh(30);
            accessToken_ = doc["access_token"].GetString();
            const int expiresIn = doc.HasMember("expires_in") ? doc["expires_in"].GetInt() : 5400;
            scheduleTokenRefresh(expiresIn > 600 ? expiresIn - 300 : expiresIn / 2);
            if (companies_.empty()) discoverCompanies();
        });
    }

    void scheduleTokenRefresh(int seconds) {
        refreshTimer_.expires_after(std::chrono::seconds(seconds));
        refreshTimer_.async_wait([this](beast::error_code ec) {
            if (!ec) requestToken();
        });
    }

    Request restGet(const std::string& target, int64_t companyId) const {
        Request req{http::verb::get, target, 11};
        req.set(http::field::host, env_.api_host);
        req.set(http::field::authorization, "Bearer " + accessToken_);
        req.set(http::field::accept, "application/json");
        req.set(http::field::user_agent, "procore-pollerd/2.3");
        if (companyId != 0) req.set("Procore-Company-Id", std::to_string(companyId));
        return req;
    }

    void discoverCompanies() {
        launch(env_.api_host, restGet("/rest/v1.0/companies", 0), [this](beast::error_code ec, Response res) {
            if (ec || res.result_int() != 200) {
                std::cerr << "company discovery failed: " << res.result_int() << "\n";
                return;
            }
            rapidjson::Document doc;
            doc.Parse(res.body().c_str());
            if (!doc.IsArray()) return;
            for (const auto& c : doc.GetArray()) {
                const int64_t id = c["id"].GetInt64();
                if (companyFilter_ != 0 && id != companyFilter_) continue;
                companies_.push_back(id);
            }
            std::cout << "polling " << companies_.size() << " companies\n";
            poll();
        });
    }

    void poll() {
        for (int64_t companyId : companies_) {
            const std::string target = "/rest/v1.0/companies/" + std::to_string(companyId) + "/projects?per_page=300";
            launch(env_.api_host, restGet(target, companyId), [this, companyId](beast::error_code ec, Response res) {
                if (!ec && res.result() == http::status::unauthorized) return requestToken();
                if (ec || res.result_int() != 200) return;
                rapidjson::Document doc;
                doc.Parse(res.body().c_str());
                if (!doc.IsArray()) return;
                for (const auto& p : doc.GetArray()) {
                    const int projectId = p["id"].GetInt();
                    const std::string updated = p.HasMember("updated_at") ? p["updated_at"].GetString() : "";
                    auto& seen = lastUpdated_[projectId];
                    if (!seen.empty() && seen != updated) announce(companyId, projectId, p["name"].GetString());
                    seen = updated;
                }
            });
        }
        pollTimer_.expires_after(std::chrono::seconds(pollSeconds_));
        pollTimer_.async_wait([this](beast::error_code ec) {
            if (!ec) poll();
        });
    }

    void announce(int64_t companyId, int64_t projectId, const char* name) {
        if (slackPath_.empty()) return;
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        const std::string text = std::string("Project *") + name + "* changed: https://app.procore.com/" +
                                 std::to_string(projectId) + "/project/home (company " +
                                 std::to_string(companyId) + ")";
        w.StartObject();
        w.Key("text");
        w.String(text.c_str());
        w.EndObject();

        Request req{http::verb::post, slackPath_, 11};
        req.set(http::field::host, "hooks.slack.com");
        req.set(http::field::content_type, "application/json");
        req.body() = sb.GetString();
        req.prepare_payload();
        launch("hooks.slack.com", std::move(req), [](beast::error_code ec, Response res) {
            if (ec || res.result_int() != 200) std::cerr << "slack post failed: " << res.result_int() << "\n";
        });
    }

    net::io_context& ioc_;
    ssl::context& ctx_;
    Environment env_;
    net::steady_timer refreshTimer_;
    net::steady_timer pollTimer_;
    std::string clientId_;
    std::string clientSecret_;
    std::string accessToken_;
    std::string slackPath_;
    long companyFilter_ = 0;
    int pollSeconds_ = 120;
    std::vector<int64_t> companies_;
    std::unordered_map<int64_t, std::string> lastUpdated_;
};

int main() {
    const char* envName = std::getenv("PROCORE_ENV");
    const Environment* env = &kEnvironments[0];
    for (const auto& e : kEnvironments)
        if (envName && std::strcmp(envName, e.name) == 0) env = &e;

    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    PollerDaemon daemon(ioc, ctx, *env);
    daemon.start();
    std::cout << "procore-pollerd started against " << env->api_host << "\n";
    ioc.run();
    return 0;
}
