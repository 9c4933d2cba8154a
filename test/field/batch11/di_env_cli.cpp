// procore-ctl: internal ops CLI.  procore-ctl [--env production|sandbox|monthly]
//   [--company ID] <command> [args...]
// Environments and commands are registered in factories so that the support
// team can add targets without touching the dispatch code.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace ctl {

class IConfig {
public:
    virtual ~IConfig() = default;
    virtual std::string name() const = 0;
    virtual std::string loginHost() const = 0;
    virtual std::string apiHost() const = 0;
};

class ProductionEnv final : public IConfig {
public:
    std::string name() const override { return "production"; }
    std::string loginHost() const override { return "login.procore.com"; }
    std::string apiHost() const override { return "api.procore.com"; }
};

class SandboxEnv final : public IConfig {
public:
    std::string name() const override { return "sandbox"; }
    std::string loginHost() const override { return "sandbox.procore.com"; }
    std::string apiHost() const override { return "sandbox.procore.com"; }
};

class MonthlySandboxEnv final : public IConfig {
public:
    std::string name() const override { return "monthly"; }
    std::string loginHost() const override { return "login-sandbox-monthly.procore.com"; }
    std::string apiHost() const override { return "api-monthly.procore.com"; }
};

using EnvFactory = std::function<std::unique_ptr<IConfig>()>;

std::map<std::string, EnvFactory>& environments() {
    static std::map<std::string, EnvFactory> registry{
        {"production", [] { return std::make_unique<ProductionEnv>(); }},
        {"sandbox", [] { return std::make_unique<SandboxEnv>(); }},
        {"monthly", [] { return std::make_unique<MonthlySandboxEnv>(); }},
    };
    return registry;
}

struct Request {
    std::string method = "GET";
    std::string host;
    std::string path;
    httplib::Headers headers;
    std::string body;
};

struct Response {
    int status = 0;
    std::string body;
};

class IHttpTransport {
public:
    virtual ~IHttpTransport() = default;
    virtual Response send(Request& req) = 0;
};

class IRequestDecorator {
public:
    virtual ~IRequestDecorator() = default;
    virtual void decorate(Request& req) = 0;
};

class ITokenProvider {
public:
    virtual ~ITokenProvider() = default;
    virtual std::string token() = 0;
};

class HttplibTransport final : public IHttpTransport {
public:
    Response send(Request& req) override {
        httplib::SSLClient cli(req.host, 443);
        cli.set_connection_timeout(10);
        httplib::Result res = req.method == "POST"
                                  ? cli.Post(req.path, req.headers, req.body, "application/json")
                                  : cli.Get(req.path, req.headers);
        if (!res) throw std::runtime_error("network error talking to " + req.host);
        return {res->status, res->body};
    }
};

class DecoratingTransport final : public IHttpTransport {
public:
    DecoratingTransport(std::shared_ptr<IHttpTransport> inner, std::vector<std::shared_ptr<IRequestDecorator>> d)
        : inner_(std::move(inner)), decorators_(std::move(d)) {}
    Response send(Request& req) override {
        for (auto& d : decorators_) d->decorate(req);
        return inner_->send(req);
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    std::vector<std::shared_ptr<IRequestDecorator>> decorators_;
};

class StoredTokenProvider final : public ITokenProvider {
public:
    explicit StoredTokenProvider(std::string envName) : path_(std::string(std::getenv("HOME")) + "/.procore-ctl/" + envName + ".json") {}
    std::string token() override {
        std::ifstream in(path_);
        if (!in) throw std::runtime_error("not logged in, run: procore-ctl login <code>");
        return json::parse(in).at("access_token").get<std::string>();
    }
    void store(const std::string& body) const { std::ofstream(path_) << body; }
private:
    std::string path_;
};

class AuthDecorator final : public IRequestDecorator {
public:
    explicit AuthDecorator(std::shared_ptr<ITokenProvider> t) : tokens_(std::move(t)) {}
    void decorate(Request& req) override { req.headers.emplace("Authorization", "Bearer " + tokens_->token()); }
private:
    std::shared_ptr<ITokenProvider> tokens_;
};

class CompanyDecorator final : public IRequestDecorator {
public:
    explicit CompanyDecorator(std::int64_t companyId) : companyId_(companyId) {}
    void decorate(Request& req) override { req.headers.emplace("Procore-Company-Id", std::to_string(companyId_)); }
private:
    std::int64_t companyId_;
};

struct Context {
    std::unique_ptr<IConfig> env;
    std::shared_ptr<IHttpTransport> wire;      // bare, for OAuth
    std::shared_ptr<IHttpTransport> user;      // bearer only: /me, /companies
    std::shared_ptr<IHttpTransport> company;   // bearer + company scope
    std::shared_ptr<StoredTokenProvider> tokens;
    std::int64_t companyId = 0;
};

using Command = std::function<int(Context&, const std::vector<std::string>&)>;

json getJson(IHttpTransport& t, const std::string& host, const std::string& path) {
    Request req;
    req.host = host;
    req.path = path;
    Response r = t.send(req);
    if (r.status >= 400) throw std::runtime_error(path + " -> HTTP " + std::to_string(r.status));
    return json::parse(r.body);
}

std::map<std::string, Command> commands() {
    std::map<std::string, Command> c;
    c["login"] = [](Context& ctx, const std::vector<std::string>& a) {
        Request req;
        req.method = "POST";
        req.host = ctx.env->loginHost();
        req.path = "/oauth/token";
        req.body = json{{"grant_type", "authorization_code"}, {"code", a.at(0)},
                        {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                        {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                        {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}}.dump();
        Response r = ctx.wire->send(req);
        if (r.status != 200) return std::cerr << r.body << '\n', 1;
        ctx.tokens->store(r.body);
        return 0;
    };
    c["whoami"] = [](Context& ctx, const std::vector<std::string>&) {
        std::cout << getJson(*ctx.user, ctx.env->apiHost(), "/rest/v1.0/me").dump(2) << '\n';
        return 0;
    };
    c["companies"] = [](Context& ctx, const std::vector<std::string>&) {
        for (const auto& co : getJson(*ctx.user, ctx.env->apiHost(), "/rest/v1.0/companies"))
            std::cout << co.at("id").get<std::int64_t>() << '\t' << co.at("name").get<std::string>() << '\n';
        return 0;
    };
    c["projects"] = [](Context& ctx, const std::vector<std::string>&) {
        const auto path = "/rest/v1.0/projects?company_id=" + std::to_string(ctx.companyId);
        for (const auto& p : getJson(*ctx.company, ctx.env->apiHost(), path)) {
            const std::int64_t id = p.at("id").get<std::int64_t>();
            std::cout << id << '\t' << p.value("name", "") << "\thttps://app.procore.com/" << id << "/project/home\n";
        }
        return 0;
    };
    c["rfis"] = [](Context& ctx, const std::vector<std::string>& a) {
        const int projectId = std::stoi(a.at(0));
        const auto path = "/rest/v1.1/projects/" + std::to_string(projectId) + "/rfis?per_page=100";
        for (const auto& rfi : getJson(*ctx.company, ctx.env->apiHost(), path)) {
            int rfiId = rfi.at("id");
            std::cout << rfiId << '\t' << rfi.value("number", "") << '\t' << rfi.value("subject", "") << '\n';
        }
        return 0;
    };
    c["submittals-csv"] = [](Context& ctx, const std::vector<std::string>& a) {
        // quick export for the PM team; bypasses the transport stack to stream pages
        const std::int64_t projectId = std::stoll(a.at(0));
        httplib::SSLClient cli(ctx.env->apiHost(), 443);
        httplib::Headers hdrs{{"Authorization", "Bearer " + ctx.tokens->token()}};
        for (int page = 1;; ++page) {
            auto res = cli.Get("/rest/v1.1/projects/" + std::to_string(projectId) + "/submittals?page=" +
                                   std::to_string(page) + "&per_page=100", hdrs);
            if (!res || res->status != 200) return 1;
            const json items = json::parse(res->body);
            if (items.empty()) break;
            for (const auto& s : items)
                std::cout << s.at("id").get<std::int64_t>() << ',' << s.value("number", "") << ",\""
                          << s.value("title", "") << "\"\n";
        }
        return 0;
    };
    return c;
}

}  // namespace ctl

int main(int argc, char** argv) {
    using namespace ctl;
    std::string envName = "production";
    Context ctx;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--env" && i + 1 < argc) envName = argv[++i];
        else if (a == "--company" && i + 1 < argc) ctx.companyId = std::stoll(argv[++i]);
        else args.push_back(a);
    }
    auto envIt = environments().find(envName);
    const auto cmds = commands();
    if (envIt == environments().end() || args.empty() || !cmds.count(args[0])) {
        std::cerr << "usage: procore-ctl [--env production|sandbox|monthly] [--company ID] <command> ...\n"
                     "docs: https://developers.procore.com/reference/rest\n";
        return 2;
    }

    // composition root
    ctx.env = envIt->second();
    ctx.wire = std::make_shared<HttplibTransport>();
    ctx.tokens = std::make_shared<StoredTokenProvider>(ctx.env->name());
    auto auth = std::make_shared<AuthDecorator>(ctx.tokens);
    ctx.user = std::make_shared<DecoratingTransport>(ctx.wire, std::vector<std::shared_ptr<IRequestDecorator>>{auth});
    ctx.company = std::make_shared<DecoratingTransport>(
        ctx.wire, std::vector<std::shared_ptr<IRequestDecorator>>{auth, std::make_shared<CompanyDecorator>(ctx.companyId)});

    try {
        return cmds.at(args[0])(ctx, std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
