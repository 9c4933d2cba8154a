// hook-relay: receives Procore webhook deliveries (behind the nginx TLS
// terminator, which forwards /hooks/<company id> to port 8088), fetches the
// changed resource from the REST API and posts a one-line summary to Slack.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Event {
    int64_t company_id = 0;
    int64_t project_id = 0;
    int64_t resource_id = 0;
    std::string resource_name;
    std::string event_type;
};

class Transport {
public:
    Transport(net::io_context& ioc, ssl::context& ctx) : ioc_(ioc), ctx_(ctx) {}
    virtual ~Transport() = default;
    virtual const char* host() const = 0;

    Response send(Request& req) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host());
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host(), "https"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host());
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

private:
    net::io_context& ioc_;
    ssl::context& ctx_;
};

class ProcoreApi : public Transport {
public:
    using Builder = std::function<Request(const Event&)>;

    ProcoreApi(net::io_context& ioc, ssl::context& ctx, std::string token)
        : Transport(ioc, ctx), token_(std::move(token)) {
        builders_["RFIs"] = [this](const Event& ev) {
            Request req{http::verb::get, "/rest/v1.0/rfis/" + std::to_string(ev.resource_id) +
                                             "?project_id=" + std::to_string(ev.project_id), 11};
            req.set("Procore-Company-ID", std::to_string(ev.company_id));
            req.set(http::field::authorization, "Bearer " + token_);
            return req;
        };
        builders_["Observations"] = [this](const Event& ev) {
            Request req{http::verb::get, "/rest/v1.0/observations/items/" +
                                             std::to_string(ev.resource_id) +
                                             "?project_id=" + std::to_string(ev.project_id), 11};
            req.set(http::field::authorization, "Bearer " + token_);
            return req;
        };
    }

    const char* host() const override { return "api.procore.com"; }

    bool fetch(const Event& ev, rapidjson::Document& out) {
        auto it = builders_.find(ev.resource_name);
        if (it == builders_.end()) return false;
        Request req = it->second(ev);
        Response res = send(req);
        return res.result() == http::status::ok && !out.Parse(res.body().c_str()).HasParseError();
    }

private:
    std::string token_;
    std::unordered_map<std::string, Builder> builders_;
};

class SlackApi : public Transport {
public:
    SlackApi(net::io_context& ioc, ssl::context& ctx, std::string hook)
        : Transport(ioc, ctx), hook_(std::move(hook)) {}
    const char* host() const override { return "hooks.slack.com"; }

    void say(const std::string& text) {
        Request req{http::verb::post, hook_, 11};
        req.set(http::field::content_type, "application/json");
        req.body() = "{\"text\":\"" + text + "\"}";
        Response res = send(req);
        if (res.result_int() != 200) std::fprintf(stderr, "slack: HTTP %u\n", res.result_int());
    }

private:
    std::string hook_;
};

class Relay {
public:
    Relay(ProcoreApi& procore, SlackApi& slack) : procore_(procore), slack_(slack) {}

    int handle(const std::string& target, const std::string& body) {
        if (target.compare(0, 7, "/hooks/") != 0) return 404;
        rapidjson::Document d;
        if (d.Parse(body.c_str()).HasParseError() || !d.IsObject()) return 400;

        Event ev;
        ev.company_id = std::stoi(target.substr(7));
        ev.project_id = d["project_id"].GetInt64();
        ev.resource_id = d["resource_id"].GetInt64();
        ev.resource_name = d["resource_name"].GetString();
        ev.event_type = d["event_type"].GetString();
        ++seen_[ev.resource_name];
        std::printf("event %s %s #%d\n", ev.resource_name.c_str(), ev.event_type.c_str(),
                    static_cast<int>(ev.resource_id));

        rapidjson::Document res;
        if (ev.event_type != "delete" && procore_.fetch(ev, res)) {
            std::string title = res.HasMember("subject") ? res["subject"].GetString()
                              : res.HasMember("name") ? res["name"].GetString() : "(untitled)";
            slack_.say(ev.resource_name + " " + ev.event_type + ": " + title +
                       " <https://app.procore.com/" + std::to_string(ev.project_id) +
                       "/project/home|project>");
        }
        return 200;
    }

private:
    ProcoreApi& procore_;
    SlackApi& slack_;
    std::unordered_map<std::string, int> seen_;
};

class HookSession : public std::enable_shared_from_this<HookSession> {
public:
    HookSession(tcp::socket&& socket, Relay& relay) : stream_(std::move(socket)), relay_(relay) {}

    void run() {
        req_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, req_,
            beast::bind_front_handler(&HookSession::on_read, shared_from_this()));
    }

private:
    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return;
        int status = relay_.handle(std::string(req_.target()), req_.body());
        res_ = Response{static_cast<http::status>(status), req_.version()};
        res_.keep_alive(false);
        res_.prepare_payload();
        http::async_write(stream_, res_,
            beast::bind_front_handler(&HookSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code, std::size_t) {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Request req_;
    Response res_;
    Relay& relay_;
};

static void accept_loop(tcp::acceptor& acceptor, Relay& relay) {
    acceptor.async_accept(net::make_strand(acceptor.get_executor()),
        [&acceptor, &relay](beast::error_code ec, tcp::socket socket) {
            if (!ec) std::make_shared<HookSession>(std::move(socket), relay)->run();
            accept_loop(acceptor, relay);
        });
}

int main() {
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* hook = std::getenv("SLACK_HOOK_PATH");
    const char* port_env = std::getenv("RELAY_PORT");
    if (!token || !hook) return 2;
    const unsigned short port = static_cast<unsigned short>(port_env ? std::atoi(port_env) : 8088);

    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();
    ProcoreApi procore(ioc, ctx, token);
    SlackApi slack(ioc, ctx, hook);
    Relay relay(procore, slack);

    tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
    accept_loop(acceptor, relay);
    std::printf("hook-relay listening on 127.0.0.1:%d\n", port);
    ioc.run();
}
