// submittal_gateway_harness: runs the SubmittalGateway contract scenarios
// against an in-memory fake (CI) or a live Procore sandbox (release checklist):
//   harness fake | harness sandbox | harness monthly
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

struct Request {
    std::string method = "GET";
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
};
struct Response {
    int status = 0;
    std::string body;
};

struct IHttpTransport {
    virtual ~IHttpTransport() = default;
    virtual Response send(Request& req) = 0;
};
struct IRequestDecorator {
    virtual ~IRequestDecorator() = default;
    virtual void decorate(Request& req) = 0;
};
struct ITokenProvider {
    virtual ~ITokenProvider() = default;
    virtual std::string token() = 0;
};

struct HarnessConfig {
    std::string loginBase;
    std::string apiBase;
    std::int64_t companyId = 0;
    std::int64_t projectId = 0;
};

// ---- code under test ---------------------------------------------------------
class SubmittalGateway {
public:
    SubmittalGateway(std::shared_ptr<IHttpTransport> http, HarnessConfig cfg) : http_(std::move(http)), cfg_(std::move(cfg)) {}
    json list() {
        Request req;
        req.url = cfg_.apiBase + "/rest/v1.1/projects/" + std::to_string(cfg_.projectId) + "/submittals";
        return json::parse(http_->send(req).body);
    }
    std::int64_t create(const std::string& title) {
        Request req;
        req.method = "POST";
        req.url = cfg_.apiBase + "/rest/v1.1/projects/" + std::to_string(cfg_.projectId) + "/submittals";
        req.headers["Content-Type"] = "application/json";
        req.body = json{{"submittal", {{"title", title}, {"private", true}}}}.dump();
        return json::parse(http_->send(req).body).at("id").get<std::int64_t>();
    }
private:
    std::shared_ptr<IHttpTransport> http_;
    HarnessConfig cfg_;
};

// ---- transports --------------------------------------------------------------
class CurlppTransport final : public IHttpTransport {
public:
    Response send(Request& req) override {
        curlpp::Easy easy;
        std::ostringstream sink;
        std::list<std::string> lines;
        for (const auto& [k, v] : req.headers) lines.push_back(k + ": " + v);
        easy.setOpt(curlpp::options::Url(req.url));
        easy.setOpt(curlpp::options::CustomRequest(req.method));
        easy.setOpt(curlpp::options::HttpHeader(lines));
        if (!req.body.empty()) easy.setOpt(curlpp::options::PostFields(req.body));
        easy.setOpt(curlpp::options::WriteStream(&sink));
        easy.perform();
        return {static_cast<int>(curlpp::infos::ResponseCode::get(easy)), sink.str()};
    }
};

class FakeTransport final : public IHttpTransport {
public:
    std::vector<Request> seen;
    Response send(Request& req) override {
        seen.push_back(req);
        if (!req.headers.count("Procore-Company-Id")) return {400, R"({"errors":"company header missing"})"};
        if (req.method == "POST") return {201, R"({"id": 4021337001, "title": "fake"})"};
        return {200, R"([{"id": 4021337001, "title": "fake"}])"};
    }
};

class DecoratedTransport final : public IHttpTransport {
public:
    DecoratedTransport(std::shared_ptr<IHttpTransport> inner, std::vector<std::shared_ptr<IRequestDecorator>> d)
        : inner_(std::move(inner)), chain_(std::move(d)) {}
    Response send(Request& req) override {
        for (auto& d : chain_) d->decorate(req);
        return inner_->send(req);
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    std::vector<std::shared_ptr<IRequestDecorator>> chain_;
};

// ---- auth / scoping ----------------------------------------------------------
class StaticToken final : public ITokenProvider {
public:
    std::string token() override { return "fake-token"; }
};

class RefreshGrantToken final : public ITokenProvider {
public:
    RefreshGrantToken(std::shared_ptr<IHttpTransport> raw, HarnessConfig cfg) : raw_(std::move(raw)), cfg_(std::move(cfg)) {}
    std::string token() override {
        if (!cached_.empty()) return cached_;
        Request req;
        req.method = "POST";
        req.url = cfg_.loginBase + "/oauth/token";
        req.headers["Content-Type"] = "application/json";
        req.body = json{{"grant_type", "refresh_token"}, {"refresh_token", env("HARNESS_REFRESH_TOKEN")},
                        {"client_id", env("HARNESS_CLIENT_ID")}, {"client_secret", env("HARNESS_CLIENT_SECRET")}}.dump();
        cached_ = json::parse(raw_->send(req).body).at("access_token").get<std::string>();
        return cached_;
    }
    static std::string env(const char* k) { const char* v = std::getenv(k); return v ? v : ""; }
private:
    std::shared_ptr<IHttpTransport> raw_;
    HarnessConfig cfg_;
    std::string cached_;
};

class BearerDecorator final : public IRequestDecorator {
public:
    explicit BearerDecorator(std::shared_ptr<ITokenProvider> t) : t_(std::move(t)) {}
    void decorate(Request& req) override { req.headers["Authorization"] = "Bearer " + t_->token(); }
private:
    std::shared_ptr<ITokenProvider> t_;
};

class CompanyScopeDecorator final : public IRequestDecorator {
public:
    explicit CompanyScopeDecorator(std::int64_t id) : id_(id) {}
    void decorate(Request& req) override { req.headers["Procore-Company-Id"] = std::to_string(id_); }
private:
    std::int64_t id_;
};

// ---- composition root --------------------------------------------------------
const std::map<std::string, HarnessConfig (*)()> kEnvironments{
    {"fake", [] { return HarnessConfig{"https://login.invalid", "https://api.invalid", 1, 1}; }},
    {"sandbox", [] { return HarnessConfig{"https://login-sandbox.procore.com", "https://sandbox.procore.com", 0, 0}; }},
    {"monthly", [] { return HarnessConfig{"https://api-monthly.procore.com", "https://api-monthly.procore.com", 0, 0}; }},
};

struct Wiring {
    std::shared_ptr<IHttpTransport> gatewayHttp;  // what the code under test gets
    std::shared_ptr<IHttpTransport> adminHttp;    // harness setup / teardown
    std::shared_ptr<FakeTransport> fake;          // only set in fake mode
};

Wiring wire(const std::string& envName, const HarnessConfig& cfg) {
    using Chain = std::vector<std::shared_ptr<IRequestDecorator>>;
    Wiring w;
    auto company = std::make_shared<CompanyScopeDecorator>(cfg.companyId);
    if (envName == "fake") {
        w.fake = std::make_shared<FakeTransport>();
        auto bearer = std::make_shared<BearerDecorator>(std::make_shared<StaticToken>());
        w.gatewayHttp = std::make_shared<DecoratedTransport>(w.fake, Chain{bearer, company});
        w.adminHttp = w.gatewayHttp;
        return w;
    }
    auto curl = std::make_shared<CurlppTransport>();
    auto bearer = std::make_shared<BearerDecorator>(std::make_shared<RefreshGrantToken>(curl, cfg));
    w.gatewayHttp = std::make_shared<DecoratedTransport>(curl, Chain{bearer});
    w.adminHttp = std::make_shared<DecoratedTransport>(curl, Chain{bearer, company});
    return w;
}

int main(int argc, char** argv) {
    const std::string envName = argc > 1 ? argv[1] : "fake";
    auto found = kEnvironments.find(envName);
    if (found == kEnvironments.end()) return std::cerr << "unknown environment " << envName << '\n', 2;
    HarnessConfig cfg = found->second();
    if (envName != "fake") {
        cfg.companyId = std::strtoll(std::getenv("HARNESS_COMPANY_ID"), nullptr, 10);
        cfg.projectId = std::atoi(std::getenv("HARNESS_PROJECT_ID"));
    }
    curlpp::Cleanup curlScope;
    Wiring w = wire(envName, cfg);
    SubmittalGateway gateway(w.gatewayHttp, cfg);

    int failures = 0;
    std::vector<int> createdIds;
    auto check = [&failures](bool ok, const std::string& what) {
        std::cout << (ok ? "PASS " : "FAIL ") << what << '\n';
        if (!ok) ++failures;
    };
    try {
        const std::int64_t id = gateway.create("harness: contract check");
        createdIds.push_back(id);
        check(id > 0, "create returns an id");
        bool listed = false;
        for (const auto& s : gateway.list()) listed = listed || s.at("id").get<std::int64_t>() == id;
        check(listed, "created submittal is listed");
        if (w.fake) check(w.fake->seen.size() == 2, "gateway made exactly two calls");
    } catch (const std::exception& e) {
        check(false, std::string("scenario threw: ") + e.what());
    }

    for (int id : createdIds) {
        if (w.fake) break;
        Request del;
        del.method = "DELETE";
        del.url = cfg.apiBase + "/rest/v1.1/projects/" + std::to_string(cfg.projectId) + "/submittals/" + std::to_string(id);
        w.adminHttp->send(del);
    }
    std::cout << failures << " failure(s). Submittals log: https://app.procore.com/" << cfg.projectId << "/project/home\n";
    return failures == 0 ? 0 : 1;
}
