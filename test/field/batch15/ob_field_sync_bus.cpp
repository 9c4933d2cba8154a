// ob_field_sync_bus.cpp
//
// Nightly field sync. Every outbound request is published on an in-process
// bus; subscribers add auth, company scope, environment routing and logging,
// and the last subscriber (the "sink") performs the transfer with libcurl.
// Jobs only know topics and paths.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace bus {

struct Event {
    std::string topic;
    std::string url;  // path only until the router runs, unless absolute
    std::string method = "GET";
    std::map<std::string, std::string> headers;
    std::string body;
    long status = 0;
    std::string response;
};

using Handler = std::function<void(Event&)>;

class EventBus {
public:
    // An empty prefix matches every topic.
    int subscribe(const std::string& prefix, Handler h) {
        subs_.push_back({next_, prefix, std::move(h)});
        return next_++;
    }
    void unsubscribe(int token) {
        for (auto it = subs_.begin(); it != subs_.end(); ++it) {
            if (it->token == token) {
                subs_.erase(it);
                return;
            }
        }
    }
    void publish(Event& ev) {
        for (auto& s : subs_) {
            if (ev.topic.compare(0, s.prefix.size(), s.prefix) == 0) s.fn(ev);
        }
    }

private:
    struct Sub {
        int token;
        std::string prefix;
        Handler fn;
    };
    std::vector<Sub> subs_;
    int next_ = 1;
};

}  // namespace bus

struct Hosts {
    const char* login;
    const char* api;
};

static const std::map<std::string, Hosts> kHosts = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

static void curl_sink(bus::Event& ev) {
    CURL* h = curl_easy_init();
    if (!h) return;
    curl_slist* hdrs = nullptr;
    for (const auto& kv : ev.headers) {
        std::string line = kv.first + ": " + kv.second;
        hdrs = curl_slist_append(hdrs, line.c_str());
    }
    curl_easy_setopt(h, CURLOPT_URL, ev.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, ev.method.c_str());
    if (!ev.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, ev.body.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ev.response);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ev.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
}

static std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::string env = env_or("PROCORE_ENV", "production");
    const Hosts hosts = kHosts.at(env);
    const int64_t company_id = std::strtoll(env_or("PROCORE_COMPANY_ID", "0").c_str(), nullptr, 10);
    std::string access_token;
    const std::string refresh_token = env_or("PROCORE_REFRESH_TOKEN", "");

    bus::EventBus b;

    // Router: relative paths go to the login host for OAuth, API host otherwise.
    b.subscribe("", [&](bus::Event& ev) {
        if (ev.url.rfind("http", 0) == 0) return;  // already absolute
        const bool oauth = ev.url.rfind("/oauth/", 0) == 0;
        ev.url = std::string(oauth ? hosts.login : hosts.api) + ev.url;
    });
    b.subscribe("", [&](bus::Event& ev) {
        if (!access_token.empty() && ev.topic.rfind("notify.", 0) != 0 && ev.topic.rfind("auth.", 0) != 0)
            ev.headers["Authorization"] = "Bearer " + access_token;
        if (!ev.body.empty()) ev.headers["Content-Type"] = "application/json";
    });
    // Company scope for everything project related.
    b.subscribe("project.", [&](bus::Event& ev) {
        ev.headers["Procore-Company-Id"] = std::to_string(company_id);
    });
    const int log_token = b.subscribe("", [](bus::Event& ev) {
        std::clog << "[bus] " << ev.topic << " " << ev.method << " " << ev.url << "\n";
    });
    b.subscribe("", curl_sink);

    // 1. Refresh the access token.
    bus::Event tok{"auth.token", "/oauth/token", "POST"};
    tok.body = json{{"grant_type", "refresh_token"},
                    {"client_id", env_or("PROCORE_CLIENT_ID", "")},
                    {"client_secret", env_or("PROCORE_CLIENT_SECRET", "")},
                    {"refresh_token", refresh_token}}.dump();
    b.publish(tok);
    if (tok.status != 200) {
        std::cerr << "token refresh failed: " << tok.status << "\n";
        return 1;
    }
    access_token = json::parse(tok.response).value("access_token", "");

    // 2. Who are we?
    bus::Event me{"user.me", "/rest/v1.0/me"};
    b.publish(me);
    if (me.status == 200) std::clog << "sync running as " << json::parse(me.response).value("login", "?") << "\n";

    // 3. Projects for the company.
    bus::Event projects{"project.list", "/rest/v1.0/projects?company_id=" + std::to_string(company_id) + "&per_page=100"};
    b.publish(projects);
    if (projects.status != 200) return 1;
    const json project_list = json::parse(projects.response);

    int synced_rfis = 0;
    for (const auto& p : project_list) {
        const int64_t project_id = p.at("id").get<int64_t>();
        const std::string pid = std::to_string(project_id);

        bus::Event rfis{"project.rfis", "/rest/v1.0/projects/" + pid + "/rfis?page=1&per_page=50"};
        b.publish(rfis);
        if (rfis.status == 200) {
            for (const auto& r : json::parse(rfis.response)) {
                int rfi_id = r.at("id").get<int>();
                std::clog << "  rfi " << rfi_id << " " << r.value("subject", "") << "\n";
                ++synced_rfis;
            }
        }

        bus::Event logs{"project.daily_logs", "/rest/v1.0/projects/" + pid + "/manpower_logs?log_date=" + env_or("SYNC_DATE", "2024-01-01")};
        b.publish(logs);

        // Field observations raised by the sync when a manpower log is missing.
        if (logs.status == 200 && json::parse(logs.response).empty()) {
            bus::Event obs{"observation.create", "/rest/v1.0/observations/items?project_id=" + pid, "POST"};
            obs.body = json{{"observation", {{"name", "Missing manpower log"}, {"status", "initiated"}}}}.dump();
            b.publish(obs);
        }

        std::clog << "  open in Procore: https://app.procore.com/" << pid << "/project/home\n";
    }

    // 4. Vendor directory refresh.
    bus::Event vendors{"company.vendors", "/rest/v1.0/vendors?company_id=" + std::to_string(company_id)};
    b.publish(vendors);
    if (vendors.status == 200) {
        for (const auto& v : json::parse(vendors.response)) {
            const int64_t vendor_id = v.at("id").get<int64_t>();
            std::clog << "  vendor " << vendor_id << " " << v.value("name", "") << "\n";
        }
    }

    // The summary goes to chat and metrics; keep the request log quiet for them.
    b.unsubscribe(log_token);
    bus::Event slack{"notify.slack", env_or("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX"), "POST"};
    slack.body = json{{"text", "Procore sync done: " + std::to_string(synced_rfis) + " RFIs"}}.dump();
    b.publish(slack);

    bus::Event metrics{"notify.metrics", "http://metrics.internal:9091/metrics/job/procore_field_sync", "POST"};
    metrics.body = "procore_rfis_synced " + std::to_string(synced_rfis) + "\n";
    b.publish(metrics);

    // 5. Drop the token; it is not reused between nightly runs.
    bus::Event revoke{"auth.revoke", "https://api.procore.com/oauth/revoke", "POST"};
    revoke.body = json{{"token", access_token},
                       {"client_id", env_or("PROCORE_CLIENT_ID", "")},
                       {"client_secret", env_or("PROCORE_CLIENT_SECRET", "")}}.dump();
    b.publish(revoke);

    curl_global_cleanup();
    return 0;
}
