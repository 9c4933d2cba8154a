// hookctl -- admin tool for the Procore webhooks our integrations rely on.
//
//   hookctl list | create <url> | delete <hook_id> | triggers <hook_id>
//   hookctl add-trigger <hook_id> <resource> <event> | deliveries <hook_id>
//   hookctl me | revoke | ping <url>
//
// Handlers are registered by name and dispatched from argv. Requests to the
// Procore API go through send(), which runs the registered request hooks;
// each hook can be switched off for individual commands.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

using json = nlohmann::json;

struct Ctx {
    std::string api_base = "https://api.procore.com";
    std::string token;
    std::int64_t company_id = 0;
    std::string command;
    std::vector<std::string> args;
};

struct ApiRequest {
    std::string method;
    std::string path;
    cpr::Header headers;
    std::string body;
};

// ---- request hooks --------------------------------------------------------
using RequestHook = std::function<void(const Ctx&, ApiRequest&)>;

struct HookEntry {
    std::string name;
    RequestHook fn;
    std::set<std::string> skip_commands;
};

static std::vector<HookEntry>& request_hooks() {
    static std::vector<HookEntry> hooks;
    return hooks;
}

struct HookRegistrar {
    HookRegistrar(std::string name, RequestHook fn, std::set<std::string> skip) {
        request_hooks().push_back({std::move(name), std::move(fn), std::move(skip)});
    }
};

// ---- command handlers -----------------------------------------------------
using Handler = std::function<int(Ctx&)>;

static std::map<std::string, Handler>& handlers() {
    static std::map<std::string, Handler> table;
    return table;
}

struct HandlerRegistrar {
    HandlerRegistrar(const char* name, Handler h) { handlers()[name] = std::move(h); }
};

static cpr::Response send(const Ctx& ctx, ApiRequest req) {
    for (const auto& hook : request_hooks()) {
        if (hook.skip_commands.count(ctx.command) == 0) hook.fn(ctx, req);
    }
    const cpr::Url url{ctx.api_base + req.path};
    if (req.method == "POST") return cpr::Post(url, req.headers, cpr::Body{req.body});
    if (req.method == "DELETE") return cpr::Delete(url, req.headers);
    return cpr::Get(url, req.headers);
}

static bool ok(const cpr::Response& r) {
    if (r.status_code >= 200 && r.status_code < 300) return true;
    std::cerr << "HTTP " << r.status_code << ": " << r.text << "\n";
    return false;
}

static std::string company_query(const Ctx& ctx) { return "?company_id=" + std::to_string(ctx.company_id); }

namespace {

HookRegistrar auth_hook("auth", [](const Ctx& c, ApiRequest& r) {
    r.headers["Authorization"] = "Bearer " + c.token;
}, {});

// The hook endpoints carry the hook id, so deliveries doesn't need the company.
HookRegistrar company_hook("company", [](const Ctx& c, ApiRequest& r) {
    r.headers["Procore-Company-Id"] = std::to_string(c.company_id);
}, {"me", "deliveries"});

HookRegistrar json_hook("content-type", [](const Ctx&, ApiRequest& r) {
    if (!r.body.empty()) r.headers["Content-Type"] = "application/json";
}, {});

HandlerRegistrar me_cmd("me", [](Ctx& ctx) {
    auto r = send(ctx, {"GET", "/rest/v1.0/me", {}, ""});
    if (!ok(r)) return 1;
    auto me = json::parse(r.text);
    std::cout << me.value("login", "") << " (user " << me.at("id").get<std::int64_t>() << ")\n";
    return 0;
});

HandlerRegistrar list_cmd("list", [](Ctx& ctx) {
    auto r = send(ctx, {"GET", "/rest/v1.0/webhooks/hooks" + company_query(ctx), {}, ""});
    if (!ok(r)) return 1;
    for (const auto& h : json::parse(r.text)) {
        std::cout << h.at("id").get<std::int64_t>() << "  " << h.value("namespace", "") << "  "
                  << h.value("destination_url", "") << "\n";
    }
    return 0;
});

HandlerRegistrar create_cmd("create", [](Ctx& ctx) {
    if (ctx.args.empty()) return 2;
    json body = {{"hook", {{"api_version", "v2"}, {"namespace", "acme-erp"}, {"destination_url", ctx.args[0]}}}};
    auto r = send(ctx, {"POST", "/rest/v1.0/webhooks/hooks" + company_query(ctx), {}, body.dump()});
    if (!ok(r)) return 1;
    std::cout << "created hook " << json::parse(r.text).at("id").get<std::int64_t>() << "\n";
    return 0;
});

HandlerRegistrar delete_cmd("delete", [](Ctx& ctx) {
    if (ctx.args.empty()) return 2;
    int hook_id = std::atoi(ctx.args[0].c_str());
    auto r = send(ctx, {"DELETE", "/rest/v1.0/webhooks/hooks/" + std::to_string(hook_id) + company_query(ctx), {}, ""});
    return ok(r) ? 0 : 1;
});

HandlerRegistrar triggers_cmd("triggers", [](Ctx& ctx) {
    if (ctx.args.empty()) return 2;
    const std::int64_t hook_id = std::stoll(ctx.args[0]);
    auto r = send(ctx, {"GET", "/rest/v1.0/webhooks/hooks/" + std::to_string(hook_id) + "/triggers" + company_query(ctx), {}, ""});
    if (!ok(r)) return 1;
    for (const auto& t : json::parse(r.text)) {
        std::cout << t.at("id").get<std::int64_t>() << "  " << t.value("resource_name", "") << "."
                  << t.value("event_type", "") << "\n";
    }
    return 0;
});

HandlerRegistrar add_trigger_cmd("add-trigger", [](Ctx& ctx) {
    if (ctx.args.size() < 3) return 2;
    const std::int64_t hook_id = std::stoll(ctx.args[0]);
    json body = {{"api_version", "v2"}, {"trigger", {{"resource_name", ctx.args[1]}, {"event_type", ctx.args[2]}}}};
    const std::string url = ctx.api_base + "/rest/v1.0/webhooks/hooks/" + std::to_string(hook_id) + "/triggers" + company_query(ctx);
    cpr::Header headers{{"Authorization", "Bearer " + ctx.token}, {"Content-Type", "application/json"}};
    auto r = cpr::Post(cpr::Url{url}, headers, cpr::Body{body.dump()});
    return ok(r) ? 0 : 1;
});

HandlerRegistrar deliveries_cmd("deliveries", [](Ctx& ctx) {
    if (ctx.args.empty()) return 2;
    const std::int64_t hook_id = std::stoll(ctx.args[0]);
    auto r = send(ctx, {"GET", "/rest/v1.0/webhooks/hooks/" + std::to_string(hook_id) + "/deliveries" + company_query(ctx), {}, ""});
    if (!ok(r)) return 1;
    int failed = 0;
    for (const auto& d : json::parse(r.text)) {
        const int response_status = d.value("response_status", 0);
        const int resource_id = d["event"]["resource_id"].get<int>();
        if (response_status >= 400) ++failed;
        std::cout << d.value("started_at", "") << "  " << response_status << "  resource " << resource_id << "\n";
    }
    std::cout << failed << " failed deliveries; see https://developers.procore.com/documentation/webhooks\n";
    return 0;
});

// Revoke the token this tool was given (e.g. after a laptop is lost).
HandlerRegistrar revoke_cmd("revoke", [](Ctx& ctx) {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) return 2;
    auto r = cpr::Post(cpr::Url{"https://app.procore.com/oauth/revoke"},
                       cpr::Payload{{"token", ctx.token}, {"client_id", cid}, {"client_secret", secret}});
    return ok(r) ? 0 : 1;
});

// Fire a fake event at our own receiver to check it is up. Not a Procore call.
HandlerRegistrar ping_cmd("ping", [](Ctx& ctx) {
    if (ctx.args.empty()) return 2;
    json event = {{"id", 0}, {"resource_name", "Projects"}, {"event_type", "ping"}, {"company_id", ctx.company_id}};
    auto r = cpr::Post(cpr::Url{ctx.args[0]}, cpr::Header{{"Content-Type", "application/json"}}, cpr::Body{event.dump()});
    return ok(r) ? 0 : 1;
});

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: hookctl <command> [args]; commands:";
        for (const auto& h : handlers()) std::cerr << " " << h.first;
        std::cerr << "\n";
        return 2;
    }
    Ctx ctx;
    if (const char* base = std::getenv("PROCORE_API_BASE")) ctx.api_base = base;  // e.g. https://api-monthly.procore.com
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID must be set\n";
        return 2;
    }
    ctx.token = token;
    ctx.company_id = std::strtoll(company, nullptr, 10);
    ctx.command = argv[1];
    ctx.args.assign(argv + 2, argv + argc);

    auto it = handlers().find(ctx.command);
    if (it == handlers().end()) {
        std::cerr << "unknown command " << ctx.command << "\n";
        return 2;
    }
    return it->second(ctx);
}
