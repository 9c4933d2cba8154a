// rfi_mirror: pulls RFIs for every active project of the configured company
// and mirrors the overdue ones into the field team's Slack channel.
//
// Everything is wired through a tiny in-process event bus so the nightly
// job and the "sync now" button in the ops console can share the listeners.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using json = nlohmann::json;

struct Event {
    std::string name;
    json payload;
};

class EventBus {
public:
    using Handler = std::function<void(const Event&)>;

    void on(const std::string& name, Handler h) { handlers_[name].push_back(std::move(h)); }

    void publish(const std::string& name, json payload) {
        Event ev{name, std::move(payload)};
        auto it = handlers_.find(name);
        if (it == handlers_.end()) return;
        for (auto& h : it->second) h(ev);
    }

private:
    std::map<std::string, std::vector<Handler>> handlers_;
};

struct SyncContext {
    std::string loginBase = "https://login.procore.com";
    std::string apiBase = "https://api.procore.com";
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
    std::string accessToken;
    int64_t companyId = 0;
    std::string slackWebhook;
    int perPage = 100;
};

struct RfiRow {
    int64_t id = 0;
    int64_t projectId = 0;
    int64_t assigneeId = 0;
    std::string subject;
    std::string dueDate;
};

struct HttpResult {
    long status = 0;  // CURLINFO_RESPONSE_CODE wants a long
    std::string body;
};

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

static HttpResult perform(const std::string& method, const std::string& url,
                          const std::vector<std::string>& headers,
                          const std::string& body = std::string()) {
    HttpResult r;
    CURL* curl = curl_easy_init();
    if (!curl) return r;
    struct curl_slist* hdrs = nullptr;
    for (const auto& h : headers) hdrs = curl_slist_append(hdrs, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return r;
}

static void wireListeners(EventBus& bus, SyncContext& ctx) {
    // 1. refresh the user token, then announce we are ready
    bus.on("auth.refresh", [&bus, &ctx](const Event&) {
        json form = {{"grant_type", "refresh_token"},
                     {"client_id", ctx.clientId},
                     {"client_secret", ctx.clientSecret},
                     {"refresh_token", ctx.refreshToken}};
        HttpResult r = perform("POST", ctx.loginBase + "/oauth/token",
                               {"Content-Type: application/json"}, form.dump());
        if (r.status != 200) {
            std::cerr << "token refresh failed: HTTP " << r.status << "\n";
            return;
        }
        json tok = json::parse(r.body);
        ctx.accessToken = tok.value("access_token", "");
        ctx.refreshToken = tok.value("refresh_token", ctx.refreshToken);
        bus.publish("auth.ready", json::object());
    });

    // 2. who are we? (logged only, helps when the ops console shows "synced by")
    bus.on("auth.ready", [&bus, &ctx](const Event&) {
        HttpResult r = perform("GET", ctx.apiBase + "/rest/v1.0/me",
                               {"Authorization: Bearer " + ctx.accessToken});
        if (r.status == 200) {
            json me = json::parse(r.body);
            std::cout << "syncing as " << me.value("login", "?") << "\n";
        }
        bus.publish("projects.requested", json::object());
    });

    // 3. list active projects of the company
    bus.on("projects.requested", [&bus, &ctx](const Event&) {
        std::string url = ctx.apiBase + "/rest/v1.0/projects?company_id=" +
                          std::to_string(ctx.companyId) + "&filters[active]=true";
        HttpResult r = perform("GET", url,
                               {"Authorization: Bearer " + ctx.accessToken,
                                "Procore-Company-Id: " + std::to_string(ctx.companyId)});
        if (r.status != 200) return;
        for (const auto& p : json::parse(r.body))
            bus.publish("project.found", {{"project_id", p.at("id").get<int64_t>()},
                                          {"name", p.value("name", "")}});
    });

    // 4. page through the RFIs of one project
    bus.on("project.found", [&bus, &ctx](const Event& ev) {
        const int64_t projectId = ev.payload.at("project_id").get<int64_t>();
        for (int page = 1; page < 50; ++page) {
            std::string url = ctx.apiBase + "/rest/v1.1/projects/" + std::to_string(projectId) +
                              "/rfis?page=" + std::to_string(page) +
                              "&per_page=" + std::to_string(ctx.perPage);
            HttpResult r = perform("GET", url, {"Authorization: Bearer " + ctx.accessToken});
            if (r.status != 200) break;
            json rows = json::parse(r.body);
            for (const auto& row : rows) {
                json out = row;
                out["project_id"] = projectId;
                bus.publish("rfi.found", out);
            }
            if (static_cast<int>(rows.size()) < ctx.perPage) break;
        }
    });

    // 5. turn raw RFIs into rows and flag the overdue ones
    bus.on("rfi.found", [&bus](const Event& ev) {
        RfiRow row;
        row.id = ev.payload.at("id").get<int64_t>();
        row.projectId = ev.payload.at("project_id").get<int64_t>();
        if (ev.payload.contains("assignee") && !ev.payload["assignee"].is_null())
            row.assigneeId = ev.payload["assignee"]["id"].get<int>();
        row.subject = ev.payload.value("subject", "");
        row.dueDate = ev.payload.value("due_date", "");
        if (!row.dueDate.empty() && ev.payload.value("status", "") == "open")
            bus.publish("rfi.overdue", {{"id", row.id},
                                        {"project_id", row.projectId},
                                        {"assignee_id", row.assigneeId},
                                        {"subject", row.subject}});
    });

    // 6. nudge the assignee through the RFI itself, then tell Slack
    bus.on("rfi.overdue", [&ctx](const Event& ev) {
        const int64_t rfiId = ev.payload.at("id").get<int64_t>();
        const int64_t projectId = ev.payload.at("project_id").get<int64_t>();
        json patch = {{"rfi", {{"reference", "overdue-nudge"}}}};
        HttpResult r = perform("PATCH",
                               ctx.apiBase + "/rest/v1.1/projects/" + std::to_string(projectId) +
                                   "/rfis/" + std::to_string(rfiId),
                               {"Authorization: Bearer " + ctx.accessToken,
                                "Procore-Company-Id: " + std::to_string(ctx.companyId),
                                "Content-Type: application/json"},
                               patch.dump());
        if (r.status >= 300)
            std::fprintf(stderr, "rfi %ld: nudge failed (HTTP %ld)\n", rfiId, r.status);

        std::string link = "https://app.procore.com/" + std::to_string(projectId) +
                           "/project/rfi/show/" + std::to_string(rfiId);
        json msg = {{"text", "Overdue RFI: " + ev.payload.value("subject", "") + " <" + link + ">"}};
        perform("POST", ctx.slackWebhook, {"Content-Type: application/json"}, msg.dump());
    });
}

static std::string envOr(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);

    SyncContext ctx;
    ctx.clientId = envOr("PROCORE_CLIENT_ID", "");
    ctx.clientSecret = envOr("PROCORE_CLIENT_SECRET", "");
    ctx.refreshToken = envOr("PROCORE_REFRESH_TOKEN", "");
    ctx.companyId = std::stoll(envOr("PROCORE_COMPANY_ID", "0"));
    ctx.slackWebhook = envOr("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX");

    EventBus bus;
    wireListeners(bus, ctx);
    bus.publish("auth.refresh", json::object());

    curl_global_cleanup();
    return 0;
}
