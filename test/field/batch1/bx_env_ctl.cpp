// procore-ctl: small admin CLI used by the integrations team to rename or
// archive projects in any of the Procore environments we test against.
//
//   procore-ctl ENV TOKEN rename PROJECT_ID "New name"
//   procore-ctl ENV TOKEN archive PROJECT_ID
//   procore-ctl ENV TOKEN show PROJECT_ID
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

static const Environment kEnvironments[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox", "sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

class Transport {
public:
    Transport(net::io_context& ioc, ssl::context& ctx) : ioc_(ioc), ctx_(ctx) {}
    virtual ~Transport() = default;

    http::response<http::string_body> exchange(const std::string& host,
                                               http::request<http::string_body>& req) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

protected:
    net::io_context& ioc_;
    ssl::context& ctx_;
};

class ProcoreSession : public Transport {
public:
    using Transport::Transport;

    bool select_env(const char* name, const std::string& token) {
        for (const Environment& e : kEnvironments) {
            if (std::strcmp(e.name, name) == 0) {
                env_ = &e;
                token_ = token;
                return true;
            }
        }
        return false;
    }

    // Accepts either an access token or "rt:<refresh token>".
    bool authorize() {
        if (token_.compare(0, 3, "rt:") != 0) return true;
        const char* cid = std::getenv("PROCORE_CLIENT_ID");
        const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
        if (!cid || !secret) return false;
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = std::string("grant_type=refresh_token&client_id=") + cid +
                     "&client_secret=" + secret + "&refresh_token=" + token_.substr(3);
        auto res = exchange(env_->login_host, req);
        rapidjson::Document doc;
        if (doc.Parse(res.body().c_str()).HasParseError() || !doc.HasMember("access_token"))
            return false;
        token_ = doc["access_token"].GetString();
        return true;
    }

    bool discover_company() {
        http::request<http::string_body> req{http::verb::get, "/rest/v1.0/companies", 11};
        req.set(http::field::authorization, "Bearer " + token_);
        auto res = exchange(env_->api_host, req);
        rapidjson::Document doc;
        if (doc.Parse(res.body().c_str()).HasParseError() || !doc.IsArray() || doc.Empty())
            return false;
        company_id_ = doc[0]["id"].GetInt();
        return true;
    }

    http::request<http::string_body> show(int64_t project_id) const {
        http::request<http::string_body> req{http::verb::get,
            "/vapid/projects/" + std::to_string(project_id), 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(company_id_));
        return req;
    }

    http::request<http::string_body> update(int64_t project_id, const char* field, const char* value,
                                            bool flag = false) const {
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject();
        w.Key("company_id"); w.Int64(company_id_);
        w.Key("project"); w.StartObject();
        w.Key(field);
        if (value) w.String(value); else w.Bool(flag);
        w.EndObject();
        w.EndObject();

        http::request<http::string_body> req{http::verb::patch,
            "/rest/v1.0/projects/" + std::to_string(project_id), 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::content_type, "application/json");
        req.set("X-Procore-Company-Id", std::to_string(company_id_));
        req.body() = sb.GetString();
        return req;
    }

    http::response<http::string_body> send(http::request<http::string_body> req) {
        return exchange(env_->api_host, req);
    }

    const Environment* env() const { return env_; }
    int64_t company_id() const { return company_id_; }

private:
    const Environment* env_ = nullptr;
    std::string token_;
    int64_t company_id_ = 0;
};

static int usage(const char* argv0) {
    std::fprintf(stderr, "usage: %s ENV TOKEN (show|archive|rename) PROJECT_ID [NAME]\n", argv0);
    return 2;
}

int main(int argc, char** argv) {
    if (argc < 5) return usage(argv[0]);
    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();

    ProcoreSession procore(ioc, ctx);
    if (!procore.select_env(argv[1], argv[2])) {
        std::fprintf(stderr, "unknown environment '%s'\n", argv[1]);
        return 2;
    }
    if (!procore.authorize()) {
        std::fprintf(stderr, "token exchange failed on %s\n", procore.env()->login_host);
        return 1;
    }
    if (!procore.discover_company()) {
        std::fprintf(stderr, "no company visible with this token on %s\n", procore.env()->api_host);
        return 1;
    }

    const std::string verb = argv[3];
    const int64_t project_id = std::strtoll(argv[4], nullptr, 10);
    http::response<http::string_body> res;
    if (verb == "show") {
        res = procore.send(procore.show(project_id));
    } else if (verb == "archive") {
        res = procore.send(procore.update(project_id, "active", nullptr, false));
    } else if (verb == "rename" && argc > 5) {
        res = procore.send(procore.update(project_id, "name", argv[5]));
    } else {
        return usage(argv[0]);
    }

    std::printf("[%s] company %" PRId64 " project %" PRId64 ": HTTP %d\n", procore.env()->name,
                procore.company_id(), project_id, res.result_int());
    if (res.result() == http::status::ok && procore.env() == &kEnvironments[0])
        std::printf("https://app.procore.com/%" PRId64 "/project/home\n", project_id);
    else if (res.result() != http::status::ok)
        std::fprintf(stderr, "%s\n", res.body().c_str());
    return res.result() == http::status::ok ? 0 : 1;
}
