// submittal-watch: refreshes the Procore token, pulls submittals that are
// waiting on an approver and posts the overdue ones to a Slack channel.
// Everything runs on one io_context with Beast async operations.
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
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

static const char* kAuthHost = "api.procore.com";
static const char* kApiHost = "api.procore.com";
static const char* kSlackHost = "hooks.slack.com";

struct Settings {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string access_token;
    std::string slack_path;
    int64_t company_id = 0;
    int64_t project_id = 0;
};

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string due_date;
    unsigned approver_id = 0;
};

static Request with_company(Request req, int64_t company_id) {
    req.set("Procore-Company-Id", std::to_string(company_id));
    return req;
}

class HttpsSession : public std::enable_shared_from_this<HttpsSession> {
public:
    HttpsSession(net::io_context& ioc, ssl::context& ctx)
        : resolver_(net::make_strand(ioc)), stream_(net::make_strand(ioc), ctx) {}
    virtual ~HttpsSession() = default;

    void run(const std::string& host) {
        host_ = host;
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str())) {
            std::fprintf(stderr, "SNI failed for %s\n", host_.c_str());
            return;
        }
        resolver_.async_resolve(host_, "443",
            beast::bind_front_handler(&HttpsSession::on_resolve, shared_from_this()));
    }

protected:
    virtual Request build_request() = 0;
    virtual void on_response(const Response& res) = 0;

private:
    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail(ec, "resolve");
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(stream_).async_connect(results,
            beast::bind_front_handler(&HttpsSession::on_connect, shared_from_this()));
    }

    void on_connect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
        if (ec) return fail(ec, "connect");
        stream_.async_handshake(ssl::stream_base::client,
            beast::bind_front_handler(&HttpsSession::on_handshake, shared_from_this()));
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return fail(ec, "handshake");
        req_ = build_request();
        req_.set(http::field::host, host_);
        req_.set(http::field::user_agent, "submittal-watch/0.9");
        req_.prepare_payload();
        http::async_write(stream_, req_,
            beast::bind_front_handler(&HttpsSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "write");
        http::async_read(stream_, buffer_, res_,
            beast::bind_front_handler(&HttpsSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "read");
        on_response(res_);
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    void fail(beast::error_code ec, const char* what) {
        std::fprintf(stderr, "%s %s: %s\n", host_.c_str(), what, ec.message().c_str());
    }

    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
    std::string host_;
    Request req_;
    Response res_;
};

class SlackSession : public HttpsSession {
public:
    SlackSession(net::io_context& ioc, ssl::context& ctx, std::string path, std::string text)
        : HttpsSession(ioc, ctx), path_(std::move(path)), text_(std::move(text)) {}

protected:
    Request build_request() override {
        Request req{http::verb::post, path_, 11};
        req.set(http::field::content_type, "application/json");
        req.body() = "{\"text\":\"" + text_ + "\"}";
        return req;
    }
    void on_response(const Response& res) override {
        std::printf("slack: HTTP %u\n", res.result_int());
    }

private:
    std::string path_;
    std::string text_;
};

class SubmittalSession : public HttpsSession {
public:
    SubmittalSession(net::io_context& ioc, ssl::context& ctx, Settings& s)
        : HttpsSession(ioc, ctx), ioc_(ioc), ctx_(ctx), settings_(s) {}

protected:
    Request build_request() override {
        Request req{http::verb::get,
                    "/rest/v1.1/projects/" + std::to_string(settings_.project_id) +
                        "/submittals?filters[status_id]=3&per_page=200",
                    11};
        req.set(http::field::authorization, "Bearer " + settings_.access_token);
        with_company(req, settings_.company_id);
        return req;
    }

    void on_response(const Response& res) override {
        rapidjson::Document doc;
        if (doc.Parse(res.body().c_str()).HasParseError() || !doc.IsArray()) {
            std::fprintf(stderr, "submittals: HTTP %u, unparsable body\n", res.result_int());
            return;
        }
        std::vector<Submittal> overdue;
        for (const auto& s : doc.GetArray()) {
            Submittal sub;
            sub.id = s["id"].GetInt64();
            sub.number = s["number"].IsString() ? s["number"].GetString() : "";
            sub.title = s["title"].GetString();
            sub.due_date = s["due_date"].IsString() ? s["due_date"].GetString() : "";
            if (s.HasMember("approver") && s["approver"].IsObject())
                sub.approver_id = s["approver"]["id"].GetUint();
            if (!sub.due_date.empty()) overdue.push_back(sub);
        }
        std::string text = std::to_string(overdue.size()) + " submittals waiting on approval:";
        for (const Submittal& sub : overdue)
            text += "\\n- " + sub.number + " " + sub.title + " (due " + sub.due_date + ")";
        std::make_shared<SlackSession>(ioc_, ctx_, settings_.slack_path, text)->run(kSlackHost);
    }

private:
    net::io_context& ioc_;
    ssl::context& ctx_;
    Settings& settings_;
};

class TokenSession : public HttpsSession {
public:
    TokenSession(net::io_context& ioc, ssl::context& ctx, Settings& s)
        : HttpsSession(ioc, ctx), ioc_(ioc), ctx_(ctx), settings_(s) {}

protected:
    Request build_request() override {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&client_id=" + settings_.client_id +
                     "&client_secret=" + settings_.client_secret +
                     "&refresh_token=" + settings_.refresh_token;
        return req;
    }

    void on_response(const Response& res) override {
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (res.result() != http::status::ok || doc.HasParseError() || !doc.HasMember("access_token")) {
            std::fprintf(stderr, "token refresh failed: HTTP %u\n", res.result_int());
            return;
        }
        settings_.access_token = doc["access_token"].GetString();
        settings_.refresh_token = doc["refresh_token"].GetString();
        int expires_in = doc["expires_in"].GetInt();
        std::printf("token ok, expires in %d s\n", expires_in);
        std::make_shared<SubmittalSession>(ioc_, ctx_, settings_)->run(kApiHost);
    }

private:
    net::io_context& ioc_;
    ssl::context& ctx_;
    Settings& settings_;
};

static std::string env(const char* k) {
    const char* v = std::getenv(k);
    return v ? v : "";
}

int main() {
    Settings s;
    s.client_id = env("PROCORE_CLIENT_ID");
    s.client_secret = env("PROCORE_CLIENT_SECRET");
    s.refresh_token = env("PROCORE_REFRESH_TOKEN");
    s.slack_path = env("SLACK_WEBHOOK_PATH");
    s.company_id = std::strtoll(env("PROCORE_COMPANY_ID").c_str(), nullptr, 10);
    s.project_id = std::strtoll(env("PROCORE_PROJECT_ID").c_str(), nullptr, 10);

    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    std::make_shared<TokenSession>(ioc, ctx, s)->run(kAuthHost);
    ioc.run();
    return 0;
}
