// vd_rfi_cli.cpp - small field-engineering CLI for Procore RFIs.
//
//   rfi-tool list | show <rfi-id> | create <subject> | whoami | companies
//            | refresh | revoke
//
// Every sub-command is a Command subclass; Command::run() owns the
// cpp-httplib client, the auth header and the dispatch on the HTTP verb.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace rfitool {

struct Context {
    std::string accessToken;
    std::string refreshToken;
    std::string clientId;
    std::string clientSecret;
    Json::Int64 companyId = 0;
    Json::Int64 projectId = 0;
    std::vector<std::string> args;
};

Json::Value parseJson(const std::string& text) {
    Json::CharReaderBuilder builder;
    Json::Value root;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(builder, in, &root, &errs)) {
        throw std::runtime_error("invalid JSON: " + errs);
    }
    return root;
}

class Command {
public:
    virtual ~Command() = default;

    virtual std::string method() const { return "GET"; }
    virtual std::string baseUrl() const { return "https://api.procore.com"; }
    virtual std::string path(const Context& ctx) const = 0;
    virtual std::string body(const Context&) const { return {}; }
    virtual std::string contentType() const { return "application/json"; }
    virtual void handle(const Json::Value& payload, const Context& ctx) = 0;

    virtual void decorate(httplib::Headers& headers, const Context& ctx) const {
        headers.emplace("Procore-Company-Id", std::to_string(ctx.companyId));
    }

    int run(const Context& ctx) {
        httplib::Client cli(baseUrl());
        cli.set_connection_timeout(10);
        cli.set_read_timeout(30);

        httplib::Headers headers{{"Authorization", "Bearer " + ctx.accessToken},
                                 {"Accept", "application/json"}};
        decorate(headers, ctx);

        const std::string target = path(ctx);
        auto res = method() == "POST"
                       ? cli.Post(target.c_str(), headers, body(ctx), contentType().c_str())
                       : cli.Get(target.c_str(), headers);

        if (!res) {
            std::cerr << "transport error: " << httplib::to_string(res.error()) << "\n";
            return 1;
        }
        const int status = res->status;
        if (status < 200 || status >= 300) {
            std::cerr << "HTTP " << status << ": " << res->body << "\n";
            return 1;
        }
        handle(res->body.empty() ? Json::Value() : parseJson(res->body), ctx);
        return 0;
    }
};

class ListRfisCommand : public Command {
public:
    std::string path(const Context& ctx) const override {
        return "/rest/v1.0/projects/" + std::to_string(ctx.projectId) + "/rfis?per_page=50";
    }
    void handle(const Json::Value& payload, const Context&) override {
        for (const auto& rfi : payload) {
            const Json::Int64 id = rfi["id"].asInt64();
            std::cout << id << "\t#" << rfi["number"].asString() << "\t"
                      << rfi["subject"].asString() << "\n";
        }
    }
};

class ShowRfiCommand : public Command {
public:
    std::string path(const Context& ctx) const override {
        const int rfiId = std::stoi(ctx.args.at(0));
        return "/rest/v1.0/projects/" + std::to_string(ctx.projectId) + "/rfis/" +
               std::to_string(rfiId);
    }
    void handle(const Json::Value& rfi, const Context&) override {
        std::cout << "#" << rfi["number"].asString() << " " << rfi["subject"].asString() << "\n"
                  << "status: " << rfi["status"].asString() << "\n"
                  << "ball in court: " << rfi["ball_in_court"]["name"].asString() << "\n";
    }
};

class CreateRfiCommand : public Command {
public:
    std::string method() const override { return "POST"; }
    std::string path(const Context& ctx) const override {
        return "/rest/v1.0/projects/" + std::to_string(ctx.projectId) + "/rfis";
    }
    std::string body(const Context& ctx) const override {
        Json::Value root;
        root["rfi"]["subject"] = ctx.args.empty() ? "Untitled RFI" : ctx.args.front();
        root["rfi"]["question"]["body"] = "Raised from rfi-tool";
        Json::StreamWriterBuilder w;
        w["indentation"] = "";
        return Json::writeString(w, root);
    }
    // POSTs need an idempotency key so retries from flaky site wifi don't duplicate RFIs
    void decorate(httplib::Headers& headers, const Context& ctx) const override {
        headers.emplace("Idempotency-Key", std::to_string(ctx.projectId) + "-" +
                                               std::to_string(std::hash<std::string>{}(body(ctx))));
    }
    void handle(const Json::Value& created, const Context&) override {
        std::cout << "created RFI " << created["id"].asInt64() << "\n";
    }
};

class WhoAmICommand : public Command {
public:
    std::string path(const Context&) const override { return "/rest/v1.0/me"; }
    void decorate(httplib::Headers&, const Context&) const override {}
    void handle(const Json::Value& me, const Context&) override {
        std::cout << me["login"].asString() << " (user " << me["id"].asInt64() << ")\n";
    }
};

class CompaniesCommand : public Command {
public:
    std::string path(const Context&) const override { return "/rest/v1.0/companies"; }
    void decorate(httplib::Headers&, const Context&) const override {}
    void handle(const Json::Value& companies, const Context&) override {
        for (const auto& c : companies) {
            std::cout << c["id"].asInt64() << "\t" << c["name"].asString() << "\n";
        }
    }
};

class RefreshTokenCommand : public Command {
public:
    std::string method() const override { return "POST"; }
    std::string baseUrl() const override { return "https://login.procore.com"; }
    std::string path(const Context&) const override { return "/oauth/token"; }
    std::string contentType() const override { return "application/x-www-form-urlencoded"; }
    std::string body(const Context& ctx) const override {
        return "grant_type=refresh_token&refresh_token=" + ctx.refreshToken +
               "&client_id=" + ctx.clientId + "&client_secret=" + ctx.clientSecret;
    }
    void decorate(httplib::Headers&, const Context&) const override {}
    void handle(const Json::Value& tok, const Context&) override {
        std::cout << "export PROCORE_TOKEN=" << tok["access_token"].asString() << "\n"
                  << "export PROCORE_REFRESH_TOKEN=" << tok["refresh_token"].asString() << "\n";
    }
};

class RevokeTokenCommand : public RefreshTokenCommand {
public:
    std::string baseUrl() const override { return "https://api.procore.com"; }
    std::string path(const Context&) const override { return "/oauth/revoke"; }
    std::string body(const Context& ctx) const override {
        return "token=" + ctx.accessToken + "&client_id=" + ctx.clientId +
               "&client_secret=" + ctx.clientSecret;
    }
    void handle(const Json::Value&, const Context&) override { std::cout << "token revoked\n"; }
};

std::unique_ptr<Command> makeCommand(const std::string& name) {
    static const std::map<std::string, std::function<std::unique_ptr<Command>()>> table = {
        {"list", [] { return std::make_unique<ListRfisCommand>(); }},
        {"show", [] { return std::make_unique<ShowRfiCommand>(); }},
        {"create", [] { return std::make_unique<CreateRfiCommand>(); }},
        {"whoami", [] { return std::make_unique<WhoAmICommand>(); }},
        {"companies", [] { return std::make_unique<CompaniesCommand>(); }},
        {"refresh", [] { return std::make_unique<RefreshTokenCommand>(); }},
        {"revoke", [] { return std::make_unique<RevokeTokenCommand>(); }},
    };
    auto it = table.find(name);
    return it == table.end() ? nullptr : it->second();
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace rfitool

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: rfi-tool <command> [args]\n"
                  << "docs: https://developers.procore.com/reference/rest/rfis\n";
        return 2;
    }
    auto cmd = rfitool::makeCommand(argv[1]);
    if (!cmd) {
        std::cerr << "unknown command: " << argv[1] << "\n";
        return 2;
    }

    rfitool::Context ctx;
    ctx.accessToken = rfitool::env("PROCORE_TOKEN");
    ctx.refreshToken = rfitool::env("PROCORE_REFRESH_TOKEN");
    ctx.clientId = rfitool::env("PROCORE_CLIENT_ID");
    ctx.clientSecret = rfitool::env("PROCORE_CLIENT_SECRET");
    ctx.companyId = std::stoll(rfitool::env("PROCORE_COMPANY_ID").empty() ? "0" : rfitool::env("PROCORE_COMPANY_ID"));
    ctx.projectId = std::stoll(rfitool::env("PROCORE_PROJECT_ID").empty() ? "0" : rfitool::env("PROCORE_PROJECT_ID"));
    ctx.args.assign(argv + 2, argv + argc);

    try {
        return cmd->run(ctx);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
