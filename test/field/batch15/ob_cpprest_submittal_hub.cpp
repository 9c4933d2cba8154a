// ob_cpprest_submittal_hub.cpp
//
// Submittal reminder hub (runs as a Procore Developer Managed Service Account).
// Requests are events on a small bus: subscribers authenticate, scope, time and
// audit them; the cpprestsdk sink sends them. Subscriptions return a token so
// temporary observers (e.g. the latency probe) can be removed again.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

struct ApiEvent {
    std::string topic;
    std::string url;
    method verb = methods::GET;
    std::map<std::string, std::string> headers;
    json::value body;
    status_code status = 0;
    json::value result;
};

class Bus {
public:
    using Subscriber = std::function<void(ApiEvent&)>;
    size_t subscribe(Subscriber s) {
        subs_.emplace_back(++last_, std::move(s));
        return last_;
    }
    void unsubscribe(size_t token) {
        for (auto it = subs_.begin(); it != subs_.end(); ++it)
            if (it->first == token) { subs_.erase(it); break; }
    }
    void emit(ApiEvent& ev) {
        for (auto& s : subs_) s.second(ev);
    }
private:
    std::vector<std::pair<size_t, Subscriber>> subs_;
    size_t last_ = 0;
};

struct Environment {
    std::string login;
    std::string api;
};

static Environment environment_for(const std::string& name) {
    if (name == "sandbox") return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
    if (name == "monthly") return {"https://api-monthly.procore.com", "https://api-monthly.procore.com"};
    return {"https://login.procore.com", "https://api.procore.com"};
}

static std::string getenv_s(const char* k, const char* dflt = "") {
    const char* v = std::getenv(k);
    return v ? std::string(v) : std::string(dflt);
}

// Sink: one http_client per authority, request path built from the event URL.
static void send_event(ApiEvent& ev) {
    static std::map<std::string, http_client> clients;
    uri u(utility::conversions::to_string_t(ev.url));
    const auto authority = u.authority().to_string();
    auto it = clients.find(authority);
    if (it == clients.end()) it = clients.emplace(authority, http_client(u.authority())).first;

    http_request req(ev.verb);
    req.set_request_uri(u.resource());
    for (const auto& h : ev.headers) req.headers().add(h.first, h.second);
    if (!ev.body.is_null()) req.set_body(ev.body);

    http_response resp = it->second.request(req).get();
    ev.status = resp.status_code();
    if (resp.headers().content_type().find(U("json")) != utility::string_t::npos)
        ev.result = resp.extract_json().get();
}

int main() {
    const Environment envr = environment_for(getenv_s("PROCORE_ENV", "production"));
    const int64_t company_id = std::stoll(getenv_s("PROCORE_COMPANY_ID", "0"));
    const std::string teams_hook = getenv_s("TEAMS_WEBHOOK_URL");
    std::string bearer;

    Bus bus;
    bus.subscribe([&](ApiEvent& ev) {
        if (!bearer.empty() && ev.url.find(".procore.com/rest/") != std::string::npos)
            ev.headers["Authorization"] = "Bearer " + bearer;
    });
    // Company scope. /me and /companies are documented as not needing it.
    const std::set<std::string> unscoped = {envr.api + "/rest/v1.0/me", envr.api + "/rest/v1.0/companies"};
    bus.subscribe([&](ApiEvent& ev) {
        if (ev.url.find("/rest/") == std::string::npos || unscoped.count(ev.url)) return;
        ev.headers["Procore-Company-Id"] = std::to_string(company_id);
    });
    const size_t audit = bus.subscribe([](ApiEvent& ev) {
        std::cout << "[audit] " << ev.topic << " " << ev.verb << " " << ev.url << std::endl;
    });
    bus.subscribe(send_event);

    // Client-credentials grant: the service account has no user to redirect.
    ApiEvent token{"oauth.token", envr.login + "/oauth/token", methods::POST};
    token.body[U("grant_type")] = json::value::string(U("client_credentials"));
    token.body[U("client_id")] = json::value::string(getenv_s("PROCORE_CLIENT_ID"));
    token.body[U("client_secret")] = json::value::string(getenv_s("PROCORE_CLIENT_SECRET"));
    bus.emit(token);
    if (token.status != status_codes::OK) {
        std::cerr << "token request failed: " << token.status << std::endl;
        return 1;
    }
    bearer = token.result.at(U("access_token")).as_string();

    ApiEvent me{"identity.me", envr.api + "/rest/v1.0/me"};
    bus.emit(me);
    ApiEvent companies{"identity.companies", envr.api + "/rest/v1.0/companies"};
    bus.emit(companies);
    bool visible = false;
    if (companies.status == status_codes::OK)
        for (const auto& c : companies.result.as_array())
            visible = visible || c.at(U("id")).as_number().to_int64() == company_id;
    if (!visible) std::cerr << "warning: company " << company_id << " not visible to service account" << std::endl;

    bus.unsubscribe(audit);  // the per-project calls are too chatty for the audit log

    ApiEvent projects{"projects.list", envr.api + "/rest/v1.0/projects?company_id=" + std::to_string(company_id)};
    bus.emit(projects);
    if (projects.status != status_codes::OK) return 1;

    std::map<int64_t, int> overdue_by_project;
    for (const auto& p : projects.result.as_array()) {
        const int64_t project_id = p.at(U("id")).as_number().to_int64();
        const std::string base = envr.api + "/rest/v1.1/projects/" + std::to_string(project_id);

        ApiEvent subs{"submittals.list", base + "/submittals?filters[status_id]=1&per_page=100"};
        bus.emit(subs);
        if (subs.status != status_codes::OK) continue;

        for (const auto& s : subs.result.as_array()) {
            const long submittal_id = s.at(U("id")).as_number().to_int64();
            const int revision = s.at(U("revision")).is_null() ? 0 : s.at(U("revision")).as_integer();
            const auto due = s.at(U("due_date"));
            if (due.is_null() || due.as_string() > getenv_s("TODAY", "9999-12-31")) continue;

            ++overdue_by_project[project_id];
            ApiEvent bump{"submittals.touch", base + "/submittals/" + std::to_string(submittal_id), methods::PATCH};
            bump.body[U("submittal")][U("private")] = json::value::boolean(false);
            bus.emit(bump);
            std::cout << "  overdue submittal " << submittal_id << " rev " << revision
                      << "  https://app.procore.com/" << project_id << "/project/submittal_logs/" << submittal_id
                      << std::endl;
        }
    }

    // Let the PMs know, and export a gauge for the ops dashboard.
    if (!teams_hook.empty()) {
        ApiEvent card{"teams.card", teams_hook, methods::POST};
        int total = 0;
        for (const auto& kv : overdue_by_project) total += kv.second;
        card.body[U("text")] = json::value::string("Overdue submittals: " + std::to_string(total));
        bus.emit(card);
    }
    ApiEvent gauge{"metrics.push", "http://metrics.ops.internal:9091/metrics/job/submittal_hub", methods::POST};
    gauge.body[U("projects_with_overdue")] = json::value::number(static_cast<int>(overdue_by_project.size()));
    bus.emit(gauge);
    return 0;
}
