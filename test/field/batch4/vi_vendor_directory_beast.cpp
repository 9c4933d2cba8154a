// vendor-audit: nightly job that walks the company vendor directory and flags
// vendors whose insurance certificates expire within 30 days. Synchronous
// Boost.Beast over TLS; backends are swappable so the audit rules can be unit
// tested with StubBackend.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Request {
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct Response {
    int status = 0;
    std::string body;
};

class HttpBackend {
public:
    virtual ~HttpBackend() = default;
    virtual Response get(const Request& r) = 0;
    virtual Response post(const Request& r) = 0;
};

class BeastBackend : public HttpBackend {
public:
    BeastBackend(std::string host, std::string token)
        : host_(std::move(host)), token_(std::move(token)) {}

    Response get(const Request& r) override { return send(http::verb::get, r); }
    Response post(const Request& r) override { return send(http::verb::post, r); }

private:
    Response send(http::verb verb, const Request& r) {
        net::io_context ioc;
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_default_verify_paths();
        tcp::resolver resolver(ioc);
        beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
        SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str());
        beast::get_lowest_layer(stream).connect(resolver.resolve(host_, "443"));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{verb, r.target, 11};
        req.set(http::field::host, host_);
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
        for (const auto& [name, value] : r.headers) req.set(name, value);
        if (verb == http::verb::post) {
            req.set(http::field::content_type, "application/json");
            req.body() = r.body;
            req.prepare_payload();
        }
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return {static_cast<int>(res.result_int()), res.body()};
    }

    std::string host_;
    std::string token_;
};

// Decorator: Procore throttles with 429; back off and try again.
class RetryingClient : public HttpBackend {
public:
    RetryingClient(std::shared_ptr<HttpBackend> inner, int attempts)
        : inner_(std::move(inner)), attempts_(attempts) {}

    Response get(const Request& r) override {
        Response last;
        for (int i = 0; i < attempts_; ++i) {
            last = inner_->get(r);
            if (last.status != 429 && last.status < 500) return last;
            std::this_thread::sleep_for(std::chrono::seconds(1 << i));
        }
        return last;
    }
    Response post(const Request& r) override { return inner_->post(r); }  // not idempotent

private:
    std::shared_ptr<HttpBackend> inner_;
    int attempts_;
};

// Unit-test backend; returns whatever the test loaded into `body`.
class StubBackend : public HttpBackend {
public:
    std::string body = "[]";
    Response get(const Request&) override { return {200, body}; }
    Response post(const Request&) override { return {201, body}; }
};

struct Hosts {
    std::string login;
    std::string api;
};

enum class Environment { Production, Sandbox, MonthlySandbox };

Hosts hostsFor(Environment env) {
    switch (env) {
    case Environment::Sandbox:
        return {"login-sandbox.procore.com", "sandbox.procore.com"};
    case Environment::MonthlySandbox:
        return {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"};
    case Environment::Production:
    default:
        return {"login.procore.com", "app.procore.com"};
    }
}

const char* const kWebBase = "https://app.procore.com";  // links in the audit e-mail only

struct Vendor {
    std::int64_t id = 0;
    std::int64_t parent_id = 0;
    long trade_id = 0;
    std::string name;
    bool is_active = true;
};

struct Insurance {
    std::int64_t id = 0;
    std::string insurance_type;
    std::string expiration_date;
};

Vendor vendorFromJson(const Json::Value& v) {
    Vendor out;
    out.id = v["id"].asInt64();
    if (v["parent"].isObject()) out.parent_id = v["parent"]["id"].asInt();
    if (v["trade"].isObject()) out.trade_id = v["trade"]["id"].asLargestInt();
    out.name = v["name"].asString();
    out.is_active = v.get("is_active", true).asBool();
    return out;
}

Json::Value parse(const std::string& body) {
    Json::Value root;
    Json::CharReaderBuilder builder;
    std::string errs;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    reader->parse(body.data(), body.data() + body.size(), &root, &errs);
    return root;
}

class VendorDirectory {
public:
    VendorDirectory(std::shared_ptr<HttpBackend> http, std::int64_t companyId)
        : http_(std::move(http)), companyId_(companyId) {}

    std::vector<Vendor> page(int pageNo) {
        Request r{"/rest/v1.0/vendors?company_id=" + std::to_string(companyId_) +
                      "&page=" + std::to_string(pageNo) + "&per_page=100",
                  {{"Procore-Company-Id", std::to_string(companyId_)}},
                  {}};
        std::vector<Vendor> out;
        for (const auto& v : parse(http_->get(r).body)) out.push_back(vendorFromJson(v));
        return out;
    }

    std::vector<Insurance> insurances(std::int64_t vendorId) {
        Request r{"/rest/v1.0/vendors/" + std::to_string(vendorId) +
                      "/insurances?company_id=" + std::to_string(companyId_),
                  {},
                  {}};
        std::vector<Insurance> out;
        for (const auto& v : parse(http_->get(r).body))
            out.push_back({v["id"].asInt64(), v["insurance_type"].asString(),
                           v["expiration_date"].asString()});
        return out;
    }

    std::vector<Vendor> onProject(std::int64_t projectId) {
        Request r{"/rest/v1.0/projects/" + std::to_string(projectId) + "/vendors",
                  {{"Company-Id", std::to_string(companyId_)}},
                  {}};
        std::vector<Vendor> out;
        for (const auto& v : parse(http_->get(r).body)) out.push_back(vendorFromJson(v));
        return out;
    }

private:
    std::shared_ptr<HttpBackend> http_;
    std::int64_t companyId_;
};

bool expiresSoon(const std::string& isoDate, const std::string& cutoff) {
    return !isoDate.empty() && isoDate < cutoff;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vendor-audit <company_id> <cutoff YYYY-MM-DD> [vendor_id] [project_id]\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    const std::string envName = std::getenv("PROCORE_ENV") ? std::getenv("PROCORE_ENV") : "";
    const Environment env = envName == "sandbox"   ? Environment::Sandbox
                            : envName == "monthly" ? Environment::MonthlySandbox
                                                   : Environment::Production;
    const Hosts hosts = hostsFor(env);
    const std::int64_t companyId = std::strtoll(argv[1], nullptr, 10);
    const std::string cutoff = argv[2];
    int onlyVendor = argc > 3 ? static_cast<int>(std::strtol(argv[3], nullptr, 10)) : 0;

    BeastBackend login(hosts.login, token ? token : "");
    Response info = login.get({"/oauth/token/info", {}, {}});
    if (info.status != 200) {
        std::cerr << "token rejected (" << info.status << ")\n";
        return 1;
    }

    auto api = std::make_shared<RetryingClient>(std::make_shared<BeastBackend>(hosts.api, token), 4);
    VendorDirectory directory(api, companyId);

    int flagged = 0;
    for (int p = 1;; ++p) {
        auto vendors = directory.page(p);
        if (vendors.empty()) break;
        for (const auto& v : vendors) {
            if (onlyVendor != 0 && v.id != onlyVendor) continue;
            for (const auto& ins : directory.insurances(v.id)) {
                if (!expiresSoon(ins.expiration_date, cutoff)) continue;
                ++flagged;
                std::printf("%" PRId64 "\t%s\t%s expires %s\t%s/%" PRId64 "/company/vendors/%" PRId64 "\n",
                            v.id, v.name.c_str(), ins.insurance_type.c_str(),
                            ins.expiration_date.c_str(), kWebBase, companyId, v.id);
            }
        }
    }
    if (argc > 4) {
        for (const auto& v : directory.onProject(std::strtoll(argv[4], nullptr, 10)))
            std::printf("on project: %" PRId64 " %s\n", v.id, v.name.c_str());
    }
    std::cout << flagged << " insurance certificates expire before " << cutoff << '\n';
    return flagged > 0 ? 3 : 0;
}
