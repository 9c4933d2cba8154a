// vendor_bridge: keeps the Procore company directory in step with the ERP
// supplier master. ERP is the system of record; Procore vendors are created or
// patched to match.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace bridge {

constexpr const char* kRevokeHost = "https://api.procore.com";

struct Request {
    std::string method;
    std::string host;
    std::string path;
    httplib::Headers headers;
    std::string body;
};

struct Response {
    int status = 0;
    std::string body;
};

class IHttpClient {
public:
    virtual ~IHttpClient() = default;
    virtual Response Execute(const Request& req) = 0;
};

class HttplibClient : public IHttpClient {
public:
    Response Execute(const Request& req) override {
        httplib::Client cli(req.host);
        cli.set_read_timeout(30);
        auto r = [&]() -> httplib::Result {
            if (req.method == "POST") return cli.Post(req.path, req.headers, req.body, "application/json");
            if (req.method == "PATCH") return cli.Patch(req.path, req.headers, req.body, "application/json");
            return cli.Get(req.path, req.headers);
        }();
        if (!r) return {0, httplib::to_string(r.error())};
        return {r->status, r->body};
    }
};

class FakeHttpClient : public IHttpClient {
public:
    std::vector<Request> log;
    Response Execute(const Request& req) override {
        log.push_back(req);
        return {200, req.method == "GET" ? "[]" : "{}"};
    }
};

struct BridgeConfig {
    std::string apiHost = "https://api.procore.com";
    std::string loginHost = "https://login.procore.com";
    std::string erpHost = "https://erp.example.net";
    int erpPort = 8443;
    int batchSize = 200;

    static BridgeConfig FromFile(const std::string& path) {
        BridgeConfig c;
        std::ifstream f(path);
        if (!f) return c;
        json j = json::parse(f, nullptr, false);
        c.apiHost = j.value("api_host", c.apiHost);
        c.loginHost = j.value("login_host", c.loginHost);
        c.erpHost = j.value("erp_host", c.erpHost);
        c.erpPort = j.value("erp_port", c.erpPort);
        c.batchSize = j.value("batch_size", c.batchSize);
        return c;
    }
};

struct RequestContext {
    std::string token;
    int64_t companyId = 0;
    std::unordered_map<std::string, std::string> extraHeaders;
};

using Middleware = std::function<void(Request&, const RequestContext&)>;

struct ErpSupplier {
    std::string abn;
    std::string name;
    std::string email;
    std::optional<int32_t> procoreVendorId;
};

class VendorSync {
public:
    VendorSync(std::shared_ptr<IHttpClient> http, BridgeConfig cfg, RequestContext ctx)
        : http_(std::move(http)), cfg_(std::move(cfg)), ctx_(std::move(ctx)) {
        chain_.push_back([](Request& r, const RequestContext& c) {
            r.headers.emplace("Authorization", "Bearer " + c.token);
        });
        chain_.push_back([](Request& r, const RequestContext& c) {
            r.headers.emplace("Procore-Company-Id", std::to_string(c.companyId));
        });
        chain_.push_back([](Request& r, const RequestContext& c) {
            for (const auto& [k, v] : c.extraHeaders) r.headers.emplace(k, v);
        });
    }

    std::unordered_map<std::string, int> IndexVendorsByAbn() {
        std::unordered_map<std::string, int> index;
        Request req{"GET", cfg_.apiHost, "/rest/v1.0/vendors?company_id=" + std::to_string(ctx_.companyId)};
        Apply(req);
        auto resp = http_->Execute(req);
        if (resp.status != 200) return index;
        for (const auto& v : json::parse(resp.body))
            if (v.contains("abbreviated_name") && v["abbreviated_name"].is_string())
                index[v["abbreviated_name"].get<std::string>()] = v["id"].get<int64_t>();
        return index;
    }

    void Upsert(ErpSupplier& s) {
        json vendor = {{"vendor", {{"name", s.name}, {"abbreviated_name", s.abn}, {"email_address", s.email}}}};
        if (s.procoreVendorId) {
            Request req{"PATCH", cfg_.apiHost,
                        "/rest/v1.0/vendors/" + std::to_string(*s.procoreVendorId) +
                            "?company_id=" + std::to_string(ctx_.companyId),
                        {}, vendor.dump()};
            Apply(req);
            http_->Execute(req);
            return;
        }
        Request req{"POST", cfg_.apiHost, "/rest/v1.0/vendors?company_id=" + std::to_string(ctx_.companyId)};
        req.headers.emplace("Authorization", "Bearer " + ctx_.token);
        for (const auto& [k, v] : ctx_.extraHeaders) req.headers.emplace(k, v);
        req.body = vendor.dump();
        auto resp = http_->Execute(req);
        if (resp.status == 201) s.procoreVendorId = json::parse(resp.body).at("id").get<int64_t>();
    }

    void Logout() {
        Request req{"POST", kRevokeHost, "/oauth/revoke", {}, json{{"token", ctx_.token}}.dump()};
        http_->Execute(req);
    }

private:
    void Apply(Request& r) {
        for (const auto& mw : chain_) mw(r, ctx_);
    }
    std::shared_ptr<IHttpClient> http_;
    BridgeConfig cfg_;
    RequestContext ctx_;
    std::vector<Middleware> chain_;
};

std::vector<ErpSupplier> LoadSuppliers(const BridgeConfig& cfg, const std::string& erpKey) {
    httplib::Client erp(cfg.erpHost + ":" + std::to_string(cfg.erpPort));
    auto r = erp.Get("/suppliers?active=1&limit=" + std::to_string(cfg.batchSize), {{"X-Api-Key", erpKey}});
    std::vector<ErpSupplier> out;
    if (!r || r->status != 200) return out;
    for (const auto& row : json::parse(r->body))
        out.push_back({row.value("abn", ""), row.value("name", ""), row.value("email", ""), std::nullopt});
    return out;
}

}  // namespace bridge

int main(int argc, char** argv) {
    auto cfg = bridge::BridgeConfig::FromFile(argc > 1 ? argv[1] : "vendor_bridge.json");
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID are required\n";
        return 2;
    }
    bridge::RequestContext ctx{token, std::stoll(company), {{"User-Agent", "vendor-bridge/2.4"}}};
    bridge::VendorSync sync(std::make_shared<bridge::HttplibClient>(), cfg, ctx);

    auto existing = sync.IndexVendorsByAbn();
    auto suppliers = bridge::LoadSuppliers(cfg, std::getenv("ERP_API_KEY") ? std::getenv("ERP_API_KEY") : "");
    int created = 0, updated = 0;
    for (auto& s : suppliers) {
        auto it = existing.find(s.abn);
        if (it != existing.end()) {
            s.procoreVendorId = it->second;
            ++updated;
        } else {
            ++created;
        }
        sync.Upsert(s);
    }
    sync.Logout();
    std::cout << "vendors: " << created << " created, " << updated << " updated\n";
    return 0;
}
