// drawing_watch: polls the drawing log of the watched projects and opens a
// GitHub issue in the BIM team's repo whenever a sheet gets a new revision.
// Stages are handlers posted on one io_context; each stage only knows the
// topics it listens to and the ones it publishes.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;
using Request = http::request<http::string_body>;

#define PROCORE_AUTH_HOST "app.procore.com"
#define PROCORE_API_HOST "api.procore.com"
#define GITHUB_API_HOST "api.github.com"

enum class Topic { TokenNeeded, TokenReady, ProjectQueued, AreaFound, RevisionNew };

struct Msg {
    Topic topic;
    int64_t projectId = 0;
    int64_t areaId = 0;
    int64_t revisionId = 0;
    std::string text;
};

class Bus {
public:
    explicit Bus(net::io_context& io) : io_(io) {}
    void on(Topic t, std::function<void(const Msg&)> fn) { subs_[t].push_back(std::move(fn)); }
    void post(Msg m) {
        net::post(io_, [this, m]() {
            for (auto& fn : subs_[m.topic]) fn(m);
        });
    }

private:
    net::io_context& io_;
    std::map<Topic, std::vector<std::function<void(const Msg&)>>> subs_;
};

struct Ctx {
    net::io_context& io;
    ssl::context& tls;
    net::steady_timer timer;
    int round = 0;
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
    std::string token;
    std::string githubToken;
    int64_t companyId = 0;
    std::vector<int64_t> projects;
    std::map<int64_t, int64_t> lastRevisionBySheet;
};

static Response roundTrip(Ctx& ctx, const char* host, Request& req) {
    beast::ssl_stream<beast::tcp_stream> stream(ctx.io, ctx.tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    tcp::resolver resolver(ctx.io);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "drawing-watch/1.4");
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
}

static Request apiGet(const Ctx& ctx, const std::string& target) {
    Request req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + ctx.token);
    req.set(http::field::accept, "application/json");
    return req;
}

static void wire(Bus& bus, Ctx& ctx) {
    bus.on(Topic::TokenNeeded, [&bus, &ctx](const Msg&) {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&client_id=" + ctx.clientId +
                     "&client_secret=" + ctx.clientSecret + "&refresh_token=" + ctx.refreshToken;
        Response res = roundTrip(ctx, PROCORE_AUTH_HOST, req);
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (res.result_int() != 200 || !doc.HasMember("access_token")) {
            std::cerr << "token refresh failed: " << res.result_int() << "\n";
            return;
        }
        ctx.token = doc["access_token"].GetString();
        if (doc.HasMember("refresh_token")) ctx.refreshToken = doc["refresh_token"].GetString();
        bus.post({Topic::TokenReady});
    });

    bus.on(Topic::TokenReady, [&bus, &ctx](const Msg&) {
        for (int64_t pid : ctx.projects) {
            Msg m{Topic::ProjectQueued};
            m.projectId = pid;
            bus.post(m);
        }
        // poll again in 15 minutes; the token is refreshed every 4th round
        ctx.timer.expires_after(std::chrono::minutes(15));
        ctx.timer.async_wait([&bus, &ctx](const beast::error_code& ec) {
            if (ec) return;
            bus.post({++ctx.round % 4 == 0 ? Topic::TokenNeeded : Topic::TokenReady});
        });
    });

    bus.on(Topic::ProjectQueued, [&bus, &ctx](const Msg& m) {
        Request req = apiGet(ctx, "/rest/v1.1/projects/" + std::to_string(m.projectId) + "/drawing_areas");
        req.set("Procore-Company-Id", std::to_string(ctx.companyId));
        Response res = roundTrip(ctx, PROCORE_API_HOST, req);
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (!doc.IsArray()) return;
        for (const auto& area : doc.GetArray()) {
            Msg next{Topic::AreaFound};
            next.projectId = m.projectId;
            next.areaId = area["id"].GetInt64();
            next.text = area["name"].GetString();
            bus.post(next);
        }
    });

    bus.on(Topic::AreaFound, [&bus, &ctx](const Msg& m) {
        Request req = apiGet(ctx, "/rest/v1.1/drawing_areas/" + std::to_string(m.areaId) +
                                      "/drawings?project_id=" + std::to_string(m.projectId));
        req.set("X-Procore-Company-Id", std::to_string(ctx.companyId));
        Response res = roundTrip(ctx, PROCORE_API_HOST, req);
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (!doc.IsArray()) return;
        for (const auto& d : doc.GetArray()) {
            if (!d.HasMember("current_revision") || !d["current_revision"].IsObject()) continue;
            const int drawingId = d["id"].GetInt();
            const int64_t revId = d["current_revision"]["id"].GetInt64();
            int64_t& seen = ctx.lastRevisionBySheet[drawingId];
            if (seen != 0 && seen != revId) {
                Msg next{Topic::RevisionNew};
                next.projectId = m.projectId;
                next.revisionId = revId;
                next.text = std::string(d["number"].GetString()) + " " + d["title"].GetString() +
                            " (" + m.text + ")";
                bus.post(next);
            }
            seen = revId;
        }
    });

    bus.on(Topic::RevisionNew, [&ctx](const Msg& m) {
        const std::string link = "https://app.procore.com/" + std::to_string(m.projectId) +
                                 "/project/drawing_log";
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject();
        w.Key("title");
        w.String(("New drawing revision: " + m.text).c_str());
        w.Key("body");
        w.String(("Procore drawing log: " + link).c_str());
        w.EndObject();

        Request req{http::verb::post, "/repos/acme-bim/site-coordination/issues", 11};
        req.set(http::field::authorization, "token " + ctx.githubToken);
        req.set(http::field::accept, "application/vnd.github+json");
        req.body() = sb.GetString();
        Response res = roundTrip(ctx, GITHUB_API_HOST, req);
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (res.result_int() == 201 && doc.HasMember("number")) {
            const int issue = doc["number"].GetInt();
            std::cout << "opened issue #" << issue << " for " << m.text << "\n";
        }
    });
}

int main(int argc, char** argv) {
    net::io_context io;
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);

    Ctx ctx{io, tls, net::steady_timer(io)};
    ctx.clientId = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    ctx.clientSecret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    ctx.refreshToken = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    ctx.githubToken = std::getenv("GITHUB_TOKEN") ? std::getenv("GITHUB_TOKEN") : "";
    ctx.companyId = std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0", nullptr, 10);
    for (int i = 1; i < argc; ++i) ctx.projects.push_back(std::strtoll(argv[i], nullptr, 10));

    Bus bus(io);
    wire(bus, ctx);
    bus.post({Topic::TokenNeeded});
    try {
        io.run();
    } catch (const std::exception& e) {
        std::cerr << "drawing_watch: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
