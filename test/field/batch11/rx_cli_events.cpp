// rx_cli_events.cpp - `pcli`, the field team's Procore command line
//
// Every subcommand is published as an event ("cmd.<name>") on a small bus;
// the subscribers registered in register_commands() do the work. Outgoing API
// requests pass the bus's request interceptors before they are sent.
//
//   pcli [--sandbox] login <authorization_code>
//   pcli [--sandbox] logout | whoami | companies
//   pcli [--sandbox] projects <company_id> [page]
//   pcli [--sandbox] rfi <company_id> <project_id> <rfi_id>
//   pcli [--sandbox] drawings <company_id> <project_id>
//   pcli open <company_id> <project_id>
#include <cpprest/http_client.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::client::http_client;

struct Env {
    std::string login = "https://login.procore.com";
    std::string api = "https://api.procore.com";
};

struct Context {
    Env env;
    std::string token;
    std::optional<std::int64_t> company_id;  // set by company-scoped subcommands
    std::string token_file = std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.pcli-token.json";
};

using Args = std::vector<std::string>;

class CommandBus {
public:
    using Subscriber = std::function<int(Context&, const Args&)>;
    using Interceptor = std::function<void(http_request&, const Context&)>;

    void subscribe(const std::string& event, Subscriber s) { subs_[event] = std::move(s); }
    void add_interceptor(Interceptor i) { interceptors_.push_back(std::move(i)); }

    int publish(const std::string& event, Context& ctx, const Args& args) {
        auto it = subs_.find(event);
        if (it == subs_.end()) {
            std::cerr << "pcli: unknown command '" << event.substr(4) << "'\n";
            return 64;
        }
        return it->second(ctx, args);
    }

    Json::Value send(const std::string& base, http_request req, const Context& ctx) {
        for (auto& i : interceptors_) i(req, ctx);
        http_client client(base);
        http_response resp = client.request(req).get();
        const int status = resp.status_code();
        std::string body = resp.extract_string().get();
        Json::Value root;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream in(body);
        if (!body.empty()) Json::parseFromStream(rb, in, &root, &errs);
        if (status >= 400) throw std::runtime_error("HTTP " + std::to_string(status) + ": " + body);
        return root;
    }

private:
    std::map<std::string, Subscriber> subs_;
    std::vector<Interceptor> interceptors_;
};

static http_request form_post(const std::string& path, const std::string& form) {
    http_request req(methods::POST);
    req.set_request_uri(path);
    req.set_body(form, "application/x-www-form-urlencoded");
    return req;
}

static http_request api_get(const std::string& path) {
    http_request req(methods::GET);
    req.set_request_uri(path);
    return req;
}

static void save_token(const Context& ctx, const Json::Value& tok) {
    std::ofstream out(ctx.token_file);
    out << Json::writeString(Json::StreamWriterBuilder(), tok);
}

static void register_commands(CommandBus& bus) {
    bus.add_interceptor([](http_request& req, const Context& ctx) {
        if (!ctx.token.empty()) req.headers().add("Authorization", "Bearer " + ctx.token);
        if (ctx.company_id) req.headers().add("Procore-Company-Id", std::to_string(*ctx.company_id));
    });

    bus.subscribe("cmd.login", [&bus](Context& ctx, const Args& a) {
        if (a.empty()) return 64;
        const char* id = std::getenv("PCLI_CLIENT_ID");
        const char* secret = std::getenv("PCLI_CLIENT_SECRET");
        auto tok = bus.send(ctx.env.login,
                            form_post("/oauth/token", std::string("grant_type=authorization_code&code=") + a[0] +
                                                          "&client_id=" + (id ? id : "") +
                                                          "&client_secret=" + (secret ? secret : "") +
                                                          "&redirect_uri=urn:ietf:wg:oauth:2.0:oob"),
                            ctx);
        save_token(ctx, tok);
        std::cout << "logged in, token expires in " << tok["expires_in"].asInt() << "s\n";
        return 0;
    });

    bus.subscribe("cmd.logout", [&bus](Context& ctx, const Args&) {
        bus.send("https://app.procore.com", form_post("/oauth/revoke", "token=" + ctx.token), ctx);
        std::remove(ctx.token_file.c_str());
        return 0;
    });

    bus.subscribe("cmd.whoami", [&bus](Context& ctx, const Args&) {
        auto me = bus.send(ctx.env.api, api_get("/rest/v1.0/me"), ctx);
        std::cout << me["name"].asString() << " <" << me["login"].asString() << ">\n";
        return 0;
    });

    bus.subscribe("cmd.companies", [&bus](Context& ctx, const Args&) {
        for (const auto& c : bus.send(ctx.env.api, api_get("/rest/v1.0/companies"), ctx))
            std::printf("%-12lld %s\n", static_cast<long long>(c["id"].asInt64()), c["name"].asCString());
        return 0;
    });

    bus.subscribe("cmd.projects", [&bus](Context& ctx, const Args& a) {
        if (a.empty()) return 64;
        ctx.company_id = std::stoll(a[0]);
        const int page = a.size() > 1 ? std::stoi(a[1]) : 1;
        auto projects = bus.send(ctx.env.api,
                                 api_get("/rest/v1.0/companies/" + a[0] + "/projects?page=" + std::to_string(page) +
                                         "&per_page=100"),
                                 ctx);
        for (const auto& p : projects)
            std::printf("%-12lld %s\n", static_cast<long long>(p["id"].asInt64()), p["name"].asCString());
        std::printf("(%u projects on page %d)\n", projects.size(), page);
        return 0;
    });

    bus.subscribe("cmd.rfi", [&bus](Context& ctx, const Args& a) {
        if (a.size() < 3) return 64;
        ctx.company_id = std::stoll(a[0]);
        int project_id = std::stoi(a[1]);
        const std::int64_t rfi_id = std::stoll(a[2]);
        auto rfi = bus.send(ctx.env.api,
                            api_get("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                                    std::to_string(rfi_id)),
                            ctx);
        std::cout << "RFI #" << rfi["number"].asString() << ": " << rfi["subject"].asString() << "\n"
                  << "  status: " << rfi["status"].asString() << "\n"
                  << "  due:    " << rfi["due_date"].asString() << "\n";
        return 0;
    });

    bus.subscribe("cmd.drawings", [&bus](Context& ctx, const Args& a) {
        if (a.size() < 2) return 64;
        const std::int64_t project_id = std::stoll(a[1]);
        auto areas = bus.send(ctx.env.api,
                              api_get("/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas"), ctx);
        for (const auto& area : areas)
            std::printf("%8d  %s\n", area["id"].asInt(), area["name"].asCString());
        std::cout << "browse: https://app.procore.com/" << a[0] << "/project/drawing_areas\n";
        return 0;
    });

    bus.subscribe("cmd.open", [](Context&, const Args& a) {
        if (a.size() < 2) return 64;
        const std::string url = "https://app.procore.com/" + a[1] + "/project/home";
        return std::system(("xdg-open '" + url + "'").c_str()) == 0 ? 0 : 1;
    });
}

int main(int argc, char** argv) {
    Args args(argv + 1, argv + argc);
    Context ctx;
    if (!args.empty() && args[0] == "--sandbox") {
        ctx.env = {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
        args.erase(args.begin());
    }
    if (args.empty()) {
        std::cerr << "usage: pcli [--sandbox] <command> [args...]\n";
        return 64;
    }
    std::ifstream in(ctx.token_file);
    Json::Value tok;
    if (in && Json::parseFromStream(Json::CharReaderBuilder(), in, &tok, nullptr))
        ctx.token = tok["access_token"].asString();

    CommandBus bus;
    register_commands(bus);
    const std::string event = "cmd." + args[0];
    args.erase(args.begin());
    try {
        return bus.publish(event, ctx, args);
    } catch (const std::exception& e) {
        std::cerr << "pcli: " << e.what() << "\n";
        return 1;
    }
}
