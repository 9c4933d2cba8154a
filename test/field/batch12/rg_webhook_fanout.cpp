// rg_webhook_fanout: reads Procore webhook deliveries (one JSON object per line
// on stdin, fed by the ingress queue), hydrates the changed resource with the
// tenant's service-account token and fans the result out to that tenant's
// internal subscribers over plain HTTP inside the VPC.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;

static std::string host_from_env(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return (v && *v) ? v : fallback;
}

static const std::string g_login_host = host_from_env("FANOUT_PROCORE_LOGIN_HOST", "login.procore.com");
static const std::string g_api_host = host_from_env("FANOUT_PROCORE_API_HOST", "app.procore.com");

struct Subscriber {
    std::string host;
    unsigned short port = 80;
    std::string path;
};

struct TenantRoute {
    std::int64_t company_id = 0;
    std::string client_id;
    std::string client_secret;
    std::string access_token;
    std::chrono::steady_clock::time_point token_expiry{};
    std::vector<Subscriber> subscribers;
};

struct WebhookEvent {
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::int64_t resource_id = 0;
    std::string resource_name;
    std::string event_type;
};

class FanoutRouter {
public:
    explicit FanoutRouter(net::io_context& ioc) : ioc_(ioc), tls_(ssl::context::tls_client) {
        tls_.set_default_verify_paths();
        tls_.set_verify_mode(ssl::verify_peer);
    }

    void load_routes(const std::string& path) {
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        rapidjson::Document doc;
        doc.Parse(ss.str().c_str());
        for (const auto& t : doc["tenants"].GetArray()) {
            TenantRoute route;
            route.company_id = t["company_id"].GetInt64();
            route.client_id = t["client_id"].GetString();
            route.client_secret = t["client_secret"].GetString();
            for (const auto& s : t["subscribers"].GetArray())
                route.subscribers.push_back(
                    {s["host"].GetString(), static_cast<unsigned short>(s["port"].GetInt()), s["path"].GetString()});
            routes_[route.company_id] = route;
        }
    }

    void handle(const std::string& line) {
        rapidjson::Document doc;
        if (doc.Parse(line.c_str()).HasParseError() || !doc.IsObject()) return;
        WebhookEvent ev;
        ev.company_id = doc["company_id"].GetInt();
        ev.project_id = doc["project_id"].GetInt64();
        ev.resource_id = doc["resource_id"].GetInt64();
        ev.resource_name = doc["resource_name"].GetString();
        ev.event_type = doc["event_type"].GetString();

        auto it = routes_.find(ev.company_id);
        if (it == routes_.end()) {
            std::cerr << "no route for company " << ev.company_id << "\n";
            return;
        }
        TenantRoute& t = it->second;
        std::string body;
        if (ev.event_type == "delete") {
            body = R"({"deleted":true})";
        } else if (ev.resource_name == "Projects") {
            Request req = make_procore_request(t, http::verb::get,
                                               "/rest/v1.0/projects/" + std::to_string(ev.resource_id) +
                                                   "?company_id=" + std::to_string(t.company_id));
            body = send_tls(g_api_host, req);
        } else {
            // resource_name is e.g. "RFIs" or "Submittals"; the v1.1 paths are snake_case
            std::string collection = to_snake(ev.resource_name);
            Request req{http::verb::get,
                        "/rest/v1.1/projects/" + std::to_string(ev.project_id) + "/" + collection + "/" +
                            std::to_string(ev.resource_id),
                        11};
            req.set(http::field::authorization, "Bearer " + token_for(t));
            req.set(http::field::accept, "application/json");
            body = send_tls(g_api_host, req);
        }
        for (const auto& sub : t.subscribers) deliver(sub, ev, body);
    }

    void verify_service_account(TenantRoute& t) {
        Request req = make_procore_request(t, http::verb::get, "/rest/v1.0/me");
        std::cerr << "company " << t.company_id << " acting as: " << send_tls(g_api_host, req) << "\n";
    }

    void verify_all() {
        for (auto& [id, route] : routes_) verify_service_account(route);
    }

private:
    static std::string to_snake(const std::string& name) {
        std::string out;
        for (char c : name) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    const std::string& token_for(TenantRoute& t) {
        if (!t.access_token.empty() && std::chrono::steady_clock::now() < t.token_expiry) return t.access_token;
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=client_credentials&client_id=" + t.client_id + "&client_secret=" + t.client_secret;
        rapidjson::Document tok;
        tok.Parse(send_tls(g_login_host, req).c_str());
        t.access_token = tok["access_token"].GetString();
        const int expires_in = tok.HasMember("expires_in") ? tok["expires_in"].GetInt() : 3600;
        t.token_expiry = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in - 30);
        return t.access_token;
    }

    Request make_procore_request(TenantRoute& t, http::verb verb, const std::string& target) {
        Request req{verb, target, 11};
        req.set(http::field::authorization, "Bearer " + token_for(t));
        req.set("Procore-Company-Id", std::to_string(t.company_id));
        req.set(http::field::accept, "application/json");
        return req;
    }

    std::string send_tls(const std::string& host, Request& req) {
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "rg-webhook-fanout/1.4");
        req.prepare_payload();
        tcp::resolver resolver(ioc_);
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, tls_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        http::write(stream, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res.body();
    }

    void deliver(const Subscriber& sub, const WebhookEvent& ev, const std::string& resource_json) {
        tcp::resolver resolver(ioc_);
        beast::tcp_stream stream(ioc_);
        stream.connect(resolver.resolve(sub.host, std::to_string(sub.port)));
        Request req{http::verb::post, sub.path, 11};
        req.set(http::field::host, sub.host);
        req.set(http::field::content_type, "application/json");
        req.set("X-Procore-Company-Id", std::to_string(ev.company_id));
        req.set("X-Event-Type", ev.event_type);
        req.body() = resource_json;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream, buf, res);
        if (res.result_int() >= 300)
            std::cerr << "subscriber " << sub.host << ":" << sub.port << " answered " << res.result_int() << "\n";
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    }

    net::io_context& ioc_;
    ssl::context tls_;
    std::unordered_map<int, TenantRoute> routes_;
};

int main(int argc, char** argv) {
    const std::string routes = argc > 1 ? argv[1] : "routes.json";
    net::io_context ioc;
    FanoutRouter router(ioc);
    router.load_routes(routes);
    router.verify_all();
    std::string line;
    int handled = 0;
    while (std::getline(std::cin, line)) {
        try {
            router.handle(line);
            ++handled;
        } catch (const std::exception& ex) {
            std::cerr << "event dropped: " << ex.what() << "\n";
        }
    }
    std::cerr << handled << " events handled\n";
    return 0;
}
