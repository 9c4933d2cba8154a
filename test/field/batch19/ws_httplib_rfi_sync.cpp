// rfi_sync_hook: receives Procore webhook deliveries for RFIs and mirrors the
// changed RFI into the document tracker. Runs behind nginx on the build box.
//
//   PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_REFRESH_TOKEN
//   PROCORE_ENV=production|sandbox   (default production)
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

using json = nlohmann::json;

namespace {

constexpr const char* kApiProd = "https://api.procore.com";
constexpr const char* kLoginProd = "https://login.procore.com";
constexpr const char* kApiSandbox = "https://sandbox.procore.com";
constexpr const char* kLoginSandbox = "https://sandbox.procore.com";
constexpr const char* kTrackerHook = "https://tracker.internal.example.com";
constexpr int kListenPort = 8088;

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : fallback;
}

struct WebhookEvent {
    int64_t company_id = 0;
    int64_t project_id = 0;
    int64_t resource_id = 0;
    std::string resource_name;
    std::string event_type;
};

class ProcoreClient {
public:
    ProcoreClient(bool sandbox, std::string id, std::string secret, std::string refresh)
        : api_(sandbox ? kApiSandbox : kApiProd),
          login_(sandbox ? kLoginSandbox : kLoginProd),
          client_id_(std::move(id)),
          client_secret_(std::move(secret)),
          refresh_token_(std::move(refresh)) {
        api_.set_connection_timeout(10);
        api_.set_read_timeout(30);
    }

    bool refresh() {
        std::lock_guard<std::mutex> lock(mu_);
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", client_id_},
                             {"client_secret", client_secret_},
                             {"refresh_token", refresh_token_}};
        auto res = login_.Post("/oauth/token", form);
        if (!res || res->status != 200) {
            std::cerr << "token refresh failed\n";
            return false;
        }
        auto body = json::parse(res->body);
        access_token_ = body.at("access_token").get<std::string>();
        refresh_token_ = body.value("refresh_token", refresh_token_);
        return true;
    }

    httplib::Headers headers_for(int64_t company_id) const {
        return {{"Authorization", "Bearer " + access_token_},
                {"Procore-Company-Id", std::to_string(company_id)},
                {"Accept", "application/json"}};
    }

    std::optional<json> get_rfi(int64_t company_id, int64_t project_id, int64_t rfi_id) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "/rfis/" + std::to_string(rfi_id);
        auto res = api_.Get(path, headers_for(company_id));
        if (!res || res->status != 200) return std::nullopt;
        return json::parse(res->body);
    }

    std::optional<json> get_project(int64_t company_id, int project_id) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "?company_id=" + std::to_string(company_id);
        auto res = api_.Get(path, headers_for(company_id));
        if (!res || res->status != 200) return std::nullopt;
        return json::parse(res->body);
    }

    bool post_reply(int64_t project_id, int64_t rfi_id, const std::string& text) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "/rfis/" + std::to_string(rfi_id) + "/replies";
        json body = {{"reply", {{"body", text}}}};
        httplib::Headers h{{"Authorization", "Bearer " + access_token_}};
        auto res = api_.Post(path, h, body.dump(), "application/json");
        return res && (res->status == 200 || res->status == 201);
    }

    std::string whoami() {
        httplib::Headers h{{"Authorization", "Bearer " + access_token_}};
        auto res = api_.Get("/rest/v1.0/me", h);
        if (!res || res->status != 200) return "?";
        return json::parse(res->body).value("login", "?");
    }

private:
    httplib::Client api_;
    httplib::Client login_;
    std::string client_id_, client_secret_, refresh_token_, access_token_;
    std::mutex mu_;
};

std::optional<WebhookEvent> parse_event(const std::string& raw) {
    auto j = json::parse(raw, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    WebhookEvent ev;
    ev.company_id = j.value("company_id", int64_t{0});
    ev.project_id = j.value("project_id", int64_t{0});
    ev.resource_id = j.at("resource_id").get<int64_t>();
    ev.resource_name = j.value("resource_name", "");
    ev.event_type = j.value("event_type", "");
    return ev;
}

std::string rfi_web_link(int64_t project_id, int64_t rfi_id) {
    return "https://app.procore.com/" + std::to_string(project_id) +
           "/project/rfi/show/" + std::to_string(rfi_id);
}

void notify_tracker(const WebhookEvent& ev, const json& rfi) {
    httplib::Client tracker(kTrackerHook);
    json doc = {{"source", "procore"},
                {"rfi_id", ev.resource_id},
                {"subject", rfi.value("subject", "")},
                {"status", rfi.value("status", "")},
                {"link", rfi_web_link(ev.project_id, ev.resource_id)}};
    auto res = tracker.Post("/api/documents/upsert", doc.dump(), "application/json");
    if (!res || res->status >= 300) std::cerr << "tracker upsert failed\n";
}

}  // namespace

int main() {
    bool sandbox = env_or("PROCORE_ENV", "production") == "sandbox";
    ProcoreClient procore(sandbox, env_or("PROCORE_CLIENT_ID", ""),
                          env_or("PROCORE_CLIENT_SECRET", ""),
                          env_or("PROCORE_REFRESH_TOKEN", ""));
    if (!procore.refresh()) return 1;
    std::cout << "running as " << procore.whoami() << "\n";

    std::unordered_map<int64_t, int> deliveries_per_project;
    std::mutex stats_mu;

    httplib::Server svr;
    svr.Post("/webhooks/procore", [&](const httplib::Request& req, httplib::Response& res) {
        auto ev = parse_event(req.body);
        if (!ev) {
            res.status = 400;
            return;
        }
        res.status = 202;  // ack quickly, Procore retries on timeouts
        if (ev->resource_name != "RFIs") return;

        {
            std::lock_guard<std::mutex> lock(stats_mu);
            ++deliveries_per_project[ev->project_id];
        }

        auto rfi = procore.get_rfi(ev->company_id, ev->project_id, ev->resource_id);
        if (!rfi) {
            if (!procore.refresh()) return;
            rfi = procore.get_rfi(ev->company_id, ev->project_id, ev->resource_id);
            if (!rfi) return;
        }
        notify_tracker(*ev, *rfi);

        if (ev->event_type == "create") {
            auto project = procore.get_project(ev->company_id, ev->project_id);
            std::string pname = project ? project->value("name", "") : "";
            procore.post_reply(ev->project_id, ev->resource_id,
                               "Logged in tracker for " + pname + ".");
        }
    });

    svr.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(stats_mu);
        json out = json::object();
        for (const auto& [project, count] : deliveries_per_project)
            out[std::to_string(project)] = count;
        res.set_content(out.dump(), "application/json");
    });

    std::cout << "listening on :" << kListenPort << "\n";
    svr.listen("0.0.0.0", kListenPort);
    return 0;
}
