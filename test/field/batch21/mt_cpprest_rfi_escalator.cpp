// rfi_escalator: hourly job that walks every tenant we host, finds RFIs that
// are past due and posts a digest to that tenant's Slack channel.
//
// Each tenant installed our app with its own Procore user, so each tenant has
// its own refresh token; access tokens and request headers are cached per
// company in g_contexts and rebuilt only when a token is refreshed.

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

enum class Env { Production, Sandbox, Monthly };

struct Hosts {
    const char* login;
    const char* api;
};

const std::map<Env, Hosts> kHosts = {
    {Env::Production, {"https://login.procore.com", "https://api.procore.com"}},
    {Env::Sandbox, {"https://sandbox.procore.com", "https://sandbox.procore.com"}},
    {Env::Monthly, {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct TenantConfig {
    std::int64_t company_id;
    const char* label;
    Env env;
    const char* refresh_token_env;  // name of the env var holding the refresh token
    const char* slack_hook;
    int overdue_grace_days;
};

const TenantConfig kTenants[] = {
    {18432, "Halvorsen Builders", Env::Production, "RT_HALVORSEN",
     "https://hooks.slack.com/services/T01/B01/halvorsen", 2},
    {27713, "Northgate GC", Env::Production, "RT_NORTHGATE",
     "https://hooks.slack.com/services/T01/B02/northgate", 0},
    {4264419, "QA tenant", Env::Sandbox, "RT_QA", "", 0},
};

struct TenantContext {
    const TenantConfig* cfg = nullptr;
    std::unique_ptr<http_client> api;
    utility::string_t access_token;
    http_headers headers;  // Authorization + Procore-Company-Id, built once per token
};

std::unordered_map<std::int64_t, TenantContext> g_contexts;

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

void refresh_token(TenantContext& ctx) {
    const Hosts& hosts = kHosts.at(ctx.cfg->env);
    http_client login{uri(utility::conversions::to_string_t(hosts.login))};

    uri_builder form;
    form.append_query(U("grant_type"), U("refresh_token"));
    form.append_query(U("client_id"), env_or_empty("PROCORE_CLIENT_ID"));
    form.append_query(U("client_secret"), env_or_empty("PROCORE_CLIENT_SECRET"));
    form.append_query(U("refresh_token"), env_or_empty(ctx.cfg->refresh_token_env));

    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body(form.query(), U("application/x-www-form-urlencoded"));
    http_response resp = login.request(req).get();
    if (resp.status_code() != status_codes::OK)
        throw std::runtime_error(std::string("token refresh failed for ") + ctx.cfg->label);

    json::value tok = resp.extract_json().get();
    ctx.access_token = tok.at(U("access_token")).as_string();

    ctx.headers.clear();
    ctx.headers.add(U("Authorization"), U("Bearer ") + ctx.access_token);
    ctx.headers.add(U("Procore-Company-Id"), std::to_string(ctx.cfg->company_id));
    ctx.headers.add(U("Accept"), U("application/json"));
}

TenantContext& context_for(const TenantConfig& cfg) {
    auto it = g_contexts.find(cfg.company_id);
    if (it != g_contexts.end()) return it->second;
    TenantContext ctx;
    ctx.cfg = &cfg;
    ctx.api = std::make_unique<http_client>(uri(utility::conversions::to_string_t(kHosts.at(cfg.env).api)));
    refresh_token(ctx);
    return g_contexts.emplace(cfg.company_id, std::move(ctx)).first->second;
}

// Every company-scoped call goes through here so the cached headers are applied.
json::value send(TenantContext& ctx, const method& m, const utility::string_t& path_and_query) {
    http_request req(m);
    req.set_request_uri(path_and_query);
    for (const auto& h : ctx.headers) req.headers().add(h.first, h.second);
    http_response resp = ctx.api->request(req).get();
    if (resp.status_code() == status_codes::Unauthorized) {
        refresh_token(ctx);
        return send(ctx, m, path_and_query);
    }
    if (resp.status_code() >= 400) return json::value::array();
    return resp.extract_json().get();
}

utility::string_t assignee_email(TenantContext& ctx, std::int64_t project_id, std::int64_t user_id) {
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/projects/") + std::to_string(project_id) + U("/users/") +
                        std::to_string(user_id));
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.access_token);
    http_response resp = ctx.api->request(req).get();
    if (resp.status_code() != status_codes::OK) return U("");
    json::value user = resp.extract_json().get();
    return user.has_string_field(U("email_address")) ? user.at(U("email_address")).as_string() : U("");
}

void post_digest(const TenantConfig& cfg, const std::vector<utility::string_t>& lines) {
    if (lines.empty() || !*cfg.slack_hook) return;
    utility::string_t text;
    for (const auto& l : lines) text += l + U("\n");
    json::value msg;
    msg[U("text")] = json::value::string(text);
    http_client hook{uri(utility::conversions::to_string_t(cfg.slack_hook))};
    hook.request(methods::POST, U(""), msg).wait();
}

void escalate_tenant(const TenantConfig& cfg) {
    TenantContext& ctx = context_for(cfg);
    std::vector<utility::string_t> digest;

    json::value projects = send(ctx, methods::GET,
                                U("/rest/v1.0/projects?company_id=") + std::to_string(cfg.company_id));
    for (const auto& p : projects.as_array()) {
        const std::int64_t project_id = p.at(U("id")).as_number().to_int64();
        json::value rfis = send(ctx, methods::GET,
                                U("/rest/v1.0/projects/") + std::to_string(project_id) +
                                    U("/rfis?filters[status]=open&per_page=100"));
        if (!rfis.is_array()) continue;

        int overdue = 0;
        for (const auto& rfi : rfis.as_array()) {
            if (!rfi.has_field(U("due_date")) || rfi.at(U("due_date")).is_null()) continue;
            const int rfi_id = rfi.at(U("id")).as_integer();
            const utility::string_t due = rfi.at(U("due_date")).as_string();
            if (due >= utility::datetime::utc_now().to_string(utility::datetime::ISO_8601).substr(0, 10))
                continue;
            ++overdue;

            utility::string_t who = U("unassigned");
            if (rfi.has_object_field(U("assignee"))) {
                const std::uint64_t assignee_id = rfi.at(U("assignee")).at(U("id")).as_number().to_uint64();
                who = assignee_email(ctx, project_id, static_cast<std::int64_t>(assignee_id));
            }
            digest.push_back(U("RFI #") + rfi.at(U("number")).serialize() + U(" due ") + due + U(" (") +
                             who + U(") https://app.procore.com/") + std::to_string(project_id) +
                             U("/project/rfi/show/") + std::to_string(rfi_id));
        }
        if (overdue > 0)
            std::cout << cfg.label << " / " << p.at(U("name")).as_string() << ": " << overdue
                      << " overdue\n";
    }
    post_digest(cfg, digest);
}

int main() {
    int failures = 0;
    for (const TenantConfig& cfg : kTenants) {
        try {
            escalate_tenant(cfg);
        } catch (const std::exception& e) {
            std::cerr << cfg.label << ": " << e.what() << "\n";
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
