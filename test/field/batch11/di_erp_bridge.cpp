// erp_bridge.cpp - pushes the Acme ERP vendor master into the Procore company
// directory. Wired with constructor injection so the transport stack can be
// swapped in tests (see tests/bridge_fakes.hpp).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace erpbridge {

struct ApiRequest {
    std::string method = Poco::Net::HTTPRequest::HTTP_GET;
    std::string host;
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
};

struct ApiResponse { int status = 0; std::string body; };

struct IHttpTransport {
    virtual ~IHttpTransport() = default;
    virtual ApiResponse send(ApiRequest& req) = 0;
};
struct IRequestDecorator {
    virtual ~IRequestDecorator() = default;
    virtual void decorate(ApiRequest& req) = 0;
};
struct ITokenProvider {
    virtual ~ITokenProvider() = default;
    virtual std::string accessToken() = 0;
};
class IConfig {
public:
    virtual ~IConfig() = default;
    virtual std::string loginHost() const = 0;
    virtual std::string apiHost() const = 0;
    virtual std::string erpHost() const = 0;
    virtual std::int64_t companyId() const = 0;
    virtual std::string clientId() const = 0;
    virtual std::string clientSecret() const = 0;
    virtual std::string refreshToken() const = 0;
};

class EnvConfig final : public IConfig {
public:
    std::string loginHost() const override { return "login.procore.com"; }
    std::string apiHost() const override { return "api.procore.com"; }
    std::string erpHost() const override { return env("ACME_ERP_HOST", "erp.acme-internal.com"); }
    std::int64_t companyId() const override {
        return std::strtoll(env("PROCORE_COMPANY_ID", "0").c_str(), nullptr, 10);
    }
    std::string clientId() const override { return env("PROCORE_CLIENT_ID", ""); }
    std::string clientSecret() const override { return env("PROCORE_CLIENT_SECRET", ""); }
    std::string refreshToken() const override { return env("PROCORE_REFRESH_TOKEN", ""); }
private:
    static std::string env(const char* key, const char* fallback) {
        const char* v = std::getenv(key);
        return v ? v : fallback;
    }
};

class PocoTransport final : public IHttpTransport {
public:
    ApiResponse send(ApiRequest& req) override {
        Poco::Net::HTTPSClientSession session(req.host, 443);
        Poco::Net::HTTPRequest httpReq(req.method, req.path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : req.headers) httpReq.set(name, value);
        httpReq.setContentLength(static_cast<std::streamsize>(req.body.size()));
        std::ostream& os = session.sendRequest(httpReq);
        os << req.body;
        Poco::Net::HTTPResponse httpResp;
        std::istream& is = session.receiveResponse(httpResp);
        ApiResponse out;
        out.status = static_cast<int>(httpResp.getStatus());
        Poco::StreamCopier::copyToString(is, out.body);
        return out;
    }
};

class LoggingTransport final : public IHttpTransport {
public:
    explicit LoggingTransport(std::shared_ptr<IHttpTransport> inner) : inner_(std::move(inner)) {}
    ApiResponse send(ApiRequest& req) override {
        ApiResponse resp = inner_->send(req);
        std::clog << "[bridge] " << req.method << ' ' << req.host << req.path << " -> " << resp.status << '\n';
        return resp;
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
};

class DecoratedTransport final : public IHttpTransport {
public:
    DecoratedTransport(std::shared_ptr<IHttpTransport> inner,
                       std::vector<std::shared_ptr<IRequestDecorator>> decorators)
        : inner_(std::move(inner)), decorators_(std::move(decorators)) {}
    ApiResponse send(ApiRequest& req) override {
        for (auto& d : decorators_) d->decorate(req);
        return inner_->send(req);
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    std::vector<std::shared_ptr<IRequestDecorator>> decorators_;
};

class RefreshTokenProvider final : public ITokenProvider {
public:
    RefreshTokenProvider(std::shared_ptr<IHttpTransport> wire, std::shared_ptr<IConfig> cfg)
        : wire_(std::move(wire)), cfg_(std::move(cfg)) {}

    std::string accessToken() override {
        if (!cached_.empty()) return cached_;
        Poco::JSON::Object payload;
        payload.set("grant_type", "refresh_token");
        payload.set("client_id", cfg_->clientId());
        payload.set("client_secret", cfg_->clientSecret());
        payload.set("refresh_token", cfg_->refreshToken());
        std::ostringstream body;
        Poco::JSON::Stringifier::stringify(payload, body);
        ApiRequest req;
        req.method = Poco::Net::HTTPRequest::HTTP_POST;
        req.host = cfg_->loginHost();
        req.path = "/oauth/token";
        req.headers["Content-Type"] = "application/json";
        req.body = body.str();
        ApiResponse resp = wire_->send(req);
        if (resp.status != 200) throw std::runtime_error("token refresh failed: " + resp.body);
        Poco::JSON::Parser parser;
        auto obj = parser.parse(resp.body).extract<Poco::JSON::Object::Ptr>();
        cached_ = obj->getValue<std::string>("access_token");
        return cached_;
    }
private:
    std::shared_ptr<IHttpTransport> wire_;
    std::shared_ptr<IConfig> cfg_;
    std::string cached_;
};

class BearerAuthDecorator final : public IRequestDecorator {
public:
    explicit BearerAuthDecorator(std::shared_ptr<ITokenProvider> tokens) : tokens_(std::move(tokens)) {}
    void decorate(ApiRequest& req) override { req.headers["Authorization"] = "Bearer " + tokens_->accessToken(); }
private:
    std::shared_ptr<ITokenProvider> tokens_;
};

class CompanyScopeDecorator final : public IRequestDecorator {
public:
    explicit CompanyScopeDecorator(std::shared_ptr<IConfig> cfg) : cfg_(std::move(cfg)) {}
    void decorate(ApiRequest& req) override { req.headers["Procore-Company-Id"] = std::to_string(cfg_->companyId()); }
private:
    std::shared_ptr<IConfig> cfg_;
};

struct ErpVendor {
    int erpVendorNumber = 0;  // ERP-side key, 6 digits
    std::string name;
    std::string abbreviation;
    int paymentTermsDays = 30;
};

class VendorDirectory {
public:
    VendorDirectory(std::shared_ptr<IHttpTransport> api, std::shared_ptr<IConfig> cfg)
        : api_(std::move(api)), cfg_(std::move(cfg)) {}

    std::map<std::string, long> idsByAbbreviation() {
        ApiRequest req;
        req.host = cfg_->apiHost();
        req.path = "/rest/v1.0/vendors?company_id=" + std::to_string(cfg_->companyId());
        ApiResponse resp = api_->send(req);
        std::map<std::string, long> index;
        Poco::JSON::Parser parser;
        auto arr = parser.parse(resp.body).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto v = arr->getObject(static_cast<unsigned>(i));
            index[v->optValue<std::string>("abbreviated_name", "")] = v->getValue<int>("id");
        }
        return index;
    }
private:
    std::shared_ptr<IHttpTransport> api_;
    std::shared_ptr<IConfig> cfg_;
};

class VendorPusher {
public:
    VendorPusher(std::shared_ptr<IHttpTransport> api, std::shared_ptr<IConfig> cfg)
        : api_(std::move(api)), cfg_(std::move(cfg)) {}

    std::int64_t create(const ErpVendor& v) {
        ApiRequest req;
        req.method = Poco::Net::HTTPRequest::HTTP_POST;
        req.host = cfg_->apiHost();
        req.path = "/rest/v1.0/vendors";
        req.headers["Content-Type"] = "application/json";
        req.body = render(v, true);
        ApiResponse resp = api_->send(req);
        Poco::JSON::Parser parser;
        auto obj = parser.parse(resp.body).extract<Poco::JSON::Object::Ptr>();
        return obj->getValue<Poco::Int64>("id");
    }

    void update(std::int64_t vendorId, const ErpVendor& v) {
        ApiRequest req;
        req.method = "PATCH";
        req.host = cfg_->apiHost();
        req.path = "/rest/v1.0/vendors/" + std::to_string(vendorId) + "?company_id=" + std::to_string(cfg_->companyId());
        req.headers["Content-Type"] = "application/json";
        req.body = render(v, false);
        api_->send(req);
    }
private:
    std::string render(const ErpVendor& v, bool withCompany) const {
        Poco::JSON::Object vendor;
        vendor.set("name", v.name);
        vendor.set("abbreviated_name", v.abbreviation);
        vendor.set("origin_id", std::to_string(v.erpVendorNumber));
        Poco::JSON::Object root;
        if (withCompany) root.set("company_id", static_cast<Poco::Int64>(cfg_->companyId()));
        root.set("vendor", vendor);
        std::ostringstream os;
        Poco::JSON::Stringifier::stringify(root, os);
        return os.str();
    }

    std::shared_ptr<IHttpTransport> api_;
    std::shared_ptr<IConfig> cfg_;
};

std::vector<ErpVendor> loadErpVendors(IHttpTransport& wire, const IConfig& cfg) {
    ApiRequest req;
    req.host = cfg.erpHost();
    req.path = "/api/vendors?status=active";
    ApiResponse resp = wire.send(req);
    std::vector<ErpVendor> out;
    Poco::JSON::Parser parser;
    auto arr = parser.parse(resp.body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<int>("vendor_no"), o->getValue<std::string>("name"),
                       o->getValue<std::string>("short_code"), o->optValue<int>("terms", 30)});
    }
    return out;
}

}  // namespace erpbridge

int main() {
    using namespace erpbridge;
    // ---- composition root ----
    auto config = std::make_shared<EnvConfig>();
    std::shared_ptr<IHttpTransport> wire = std::make_shared<LoggingTransport>(std::make_shared<PocoTransport>());
    auto tokens = std::make_shared<RefreshTokenProvider>(wire, config);
    auto auth = std::make_shared<BearerAuthDecorator>(tokens);
    auto company = std::make_shared<CompanyScopeDecorator>(config);
    auto userScoped = std::make_shared<DecoratedTransport>(wire, std::vector<std::shared_ptr<IRequestDecorator>>{auth});
    auto companyScoped =
        std::make_shared<DecoratedTransport>(wire, std::vector<std::shared_ptr<IRequestDecorator>>{auth, company});

    // lookups are read-only, the user-scoped client is enough for them
    VendorDirectory directory(userScoped, config);
    VendorPusher pusher(companyScoped, config);

    ApiRequest me;
    me.host = config->apiHost();
    me.path = "/rest/v1.0/me";
    std::cout << "running as " << userScoped->send(me).body << '\n';

    const auto existing = directory.idsByAbbreviation();
    int created = 0, updated = 0;
    for (const ErpVendor& v : loadErpVendors(*wire, *config)) {
        auto it = existing.find(v.abbreviation);
        if (it == existing.end()) {
            pusher.create(v);
            ++created;
        } else {
            pusher.update(it->second, v);
            ++updated;
        }
    }
    std::cout << created << " created, " << updated << " updated. Review at https://app.procore.com/"
              << config->companyId() << "/company/vendors\n";
    return 0;
}
