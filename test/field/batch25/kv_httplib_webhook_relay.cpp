// kv_httplib_webhook_relay.cpp
//
// Small relay that receives Procore webhook deliveries, looks the changed
// item up, and posts a one-liner into our Mattermost channel.  A superintendent
// connects it once through the browser (authorization-code grant); tokens are
// kept in memory and refreshed on 401.
//
// Settings: environment variables on top of the defaults below, all kept in a
// std::map<std::string, std::string> and looked up by key.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

using json = nlohmann::json;
using Settings = std::map<std::string, std::string>;
using Event = std::map<std::string, std::string>;

static Settings g_settings = {
    {"LOGIN_BASE", "https://login.procore.com"},
    {"API_BASE", "https://api.procore.com"},
    {"TOKEN_INFO_BASE", "https://api.procore.com"},
    {"REDIRECT_URI", "http://localhost:8717/oauth/callback"},
    {"MATTERMOST_BASE", "http://localhost:8065"},
    {"MATTERMOST_HOOK", "/hooks/procore-feed"},
    {"LISTEN_PORT", "8717"},
};

static std::mutex g_mu;
static std::string g_access_token;
static std::string g_refresh_token;
static std::unordered_map<uint32_t, std::time_t> g_last_seen;  // resource id -> time

static void overlayEnv()
{
    for (auto &kv : g_settings)
        if (const char *v = std::getenv(("RELAY_" + kv.first).c_str())) kv.second = v;
    for (const char *k : {"CLIENT_ID", "CLIENT_SECRET"})
        if (const char *v = std::getenv((std::string("RELAY_") + k).c_str())) g_settings[k] = v;
}

static bool exchangeToken(const httplib::Params &grant)
{
    httplib::Client login(g_settings.at("LOGIN_BASE"));
    httplib::Params form = grant;
    form.emplace("client_id", g_settings.at("CLIENT_ID"));
    form.emplace("client_secret", g_settings.at("CLIENT_SECRET"));
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    json tok = json::parse(res->body);
    std::lock_guard<std::mutex> lk(g_mu);
    g_access_token = tok.at("access_token").get<std::string>();
    g_refresh_token = tok.value("refresh_token", g_refresh_token);
    return true;
}

static bool refresh()
{
    return exchangeToken({{"grant_type", "refresh_token"}, {"refresh_token", g_refresh_token}});
}

static httplib::Headers authHeaders()
{
    std::lock_guard<std::mutex> lk(g_mu);
    return {{"Authorization", "Bearer " + g_access_token}, {"Accept", "application/json"}};
}

static void logTokenScope()
{
    httplib::Client info(g_settings.at("TOKEN_INFO_BASE"));
    auto res = info.Get("/oauth/token/info", authHeaders());
    if (res && res->status == 200)
        std::cerr << "token info: " << res->body << "\n";
}

static Event toEvent(const json &payload)
{
    Event ev;
    for (auto it = payload.begin(); it != payload.end(); ++it)
        ev[it.key()] = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
    return ev;
}

static void postToChannel(const std::string &text)
{
    httplib::Client mm(g_settings.at("MATTERMOST_BASE"));
    json msg = {{"text", text}, {"username", "procore"}};
    mm.Post(g_settings.at("MATTERMOST_HOOK").c_str(), msg.dump(), "application/json");
}

static std::string describe(const Event &ev)
{
    httplib::Client api(g_settings.at("API_BASE"));
    const int64_t projectId = std::stoll(ev.at("project_id"));
    const int resourceId = std::atoi(ev.at("resource_id").c_str());
    const std::string &kind = ev.at("resource_name");

    httplib::Headers h = authHeaders();
    std::string path;
    if (kind == "RFIs") {
        path = "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis/" +
               std::to_string(resourceId);
        h.emplace("Procore-Company-Id", ev.at("company_id"));
        auto res = api.Get(path.c_str(), h);
        if (!res || res->status != 200) return "RFI " + std::to_string(resourceId) + " changed";
        json rfi = json::parse(res->body);
        return "RFI #" + rfi.value("number", "?") + " " + rfi.value("subject", "") + " -> " +
               ev.at("event_type");
    }
    if (kind == "Submittals") {
        path = "/rest/v1.1/projects/" + std::to_string(projectId) + "/submittals/" +
               std::to_string(resourceId);
        auto res = api.Get(path.c_str(), h);
        if (!res || res->status != 200)
            return "Submittal " + std::to_string(resourceId) + " changed";
        json sub = json::parse(res->body);
        return "Submittal " + sub.value("number", "?") + " " + sub.value("title", "") + " -> " +
               ev.at("event_type");
    }
    return kind + " " + ev.at("resource_id") + " " + ev.at("event_type");
}

// Registers the hook for a project the first time the relay is connected.
static void ensureHook(const std::string &companyId, const std::string &projectId)
{
    httplib::Client api(g_settings.at("API_BASE"));
    httplib::Headers h = authHeaders();
    h.emplace("Procore-Company-Id", companyId);
    json body = {{"project_id", std::stoll(projectId)},
                 {"hook", {{"api_version", "v2"},
                           {"namespace", "northgate-relay"},
                           {"destination_url", g_settings.at("PUBLIC_HOOK_URL")}}}};
    auto res = api.Post("/rest/v1.0/webhooks/hooks", h, body.dump(), "application/json");
    if (res && res->status == 201) {
        const int64_t hookId = json::parse(res->body).at("id").get<int64_t>();
        std::cerr << "hook " << hookId << " registered for project " << projectId << "\n";
    }
}

int main()
{
    overlayEnv();
    httplib::Server svr;

    svr.Get("/connect", [](const httplib::Request &, httplib::Response &res) {
        const std::string url = g_settings.at("LOGIN_BASE") +
                                "/oauth/authorize?response_type=code&client_id=" +
                                g_settings.at("CLIENT_ID") + "&redirect_uri=" +
                                httplib::detail::encode_query_param(g_settings.at("REDIRECT_URI"));
        res.set_redirect(url.c_str());
    });

    svr.Get("/oauth/callback", [](const httplib::Request &req, httplib::Response &res) {
        if (!req.has_param("code")) { res.status = 400; return; }
        const bool ok = exchangeToken({{"grant_type", "authorization_code"},
                                       {"code", req.get_param_value("code")},
                                       {"redirect_uri", g_settings.at("REDIRECT_URI")}});
        if (ok) {
            logTokenScope();
            if (g_settings.count("COMPANY_ID") && g_settings.count("PROJECT_ID"))
                ensureHook(g_settings.at("COMPANY_ID"), g_settings.at("PROJECT_ID"));
        }
        res.set_content(ok ? "Connected. You can close this tab." : "Token exchange failed.",
                        "text/plain");
    });

    svr.Post("/procore/hooks", [](const httplib::Request &req, httplib::Response &res) {
        res.status = 200;  // always ack quickly; Procore retries otherwise
        Event ev = toEvent(json::parse(req.body, nullptr, false));
        if (!ev.count("resource_id") || !ev.count("project_id")) return;

        const uint32_t key = static_cast<uint32_t>(std::stoul(ev.at("resource_id")));
        const std::time_t now = std::time(nullptr);
        {
            std::lock_guard<std::mutex> lk(g_mu);
            auto it = g_last_seen.find(key);
            if (it != g_last_seen.end() && now - it->second < 5) return;
            g_last_seen[key] = now;
        }
        std::string line = describe(ev);
        if (line.find("changed") != std::string::npos && refresh()) line = describe(ev);
        postToChannel(line);
    });

    const int port = std::stoi(g_settings.at("LISTEN_PORT"));
    std::cerr << "relay listening on " << port << "\n";
    svr.listen("0.0.0.0", port);
}
