// rfi_webhook_receiver: receives Procore "RFIs" webhook deliveries, pulls the
// changed RFI back from the REST API and posts a short note to the #rfi Slack
// channel. Runs behind the nginx on the field-ops box (see deploy/nginx.conf).
//
//   PROCORE_TOKEN=... WEBHOOK_SECRET=... ./rfi_webhook_receiver [port]

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>

using json = nlohmann::json;

namespace {

const char* kApiBase = "https://api.procore.com";
const char* kSlackHost = "https://hooks.slack.com";
const char* kSlackPath = "/services/T024F7/B05RFI/xq81mZ";

struct Settings {
    std::string token;
    std::string secret;
    int port = 8085;
};

struct WebhookEvent {
    int64_t company_id = 0;
    int64_t project_id = 0;
    int64_t resource_id = 0;
    int64_t user_id = 0;
    std::string resource_name;
    std::string event_type;
    std::string ulid;
};

std::mutex g_stats_mu;
int g_received = 0;
int g_failed = 0;

std::optional<WebhookEvent> parse_event(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    WebhookEvent ev;
    ev.company_id = j.value("company_id", int64_t{0});
    ev.project_id = j.value("project_id", int64_t{0});
    ev.resource_id = j["resource_id"].get<int>();
    ev.user_id = j.value("user_id", int64_t{0});
    ev.resource_name = j.value("resource_name", "");
    ev.event_type = j.value("event_type", "");
    ev.ulid = j.value("ulid", "");
    return ev;
}

httplib::Headers procore_headers(const Settings& s, int64_t company_id) {
    return {
        {"Authorization", "Bearer " + s.token},
        {"Procore-Company-Id", std::to_string(company_id)},
        {"Accept", "application/json"},
    };
}

std::optional<json> fetch_rfi(const Settings& s, int64_t company_id,
                              int64_t project_id, int64_t rfi_id) {
    httplib::Client cli(kApiBase);
    cli.set_connection_timeout(10);
    std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                       "/rfis/" + std::to_string(rfi_id);
    auto res = cli.Get(path.c_str(), procore_headers(s, company_id));
    if (!res || res->status != 200) {
        std::cerr << "rfi fetch failed: " << (res ? res->status : -1) << "\n";
        return std::nullopt;
    }
    return json::parse(res->body, nullptr, false);
}

// Project name for the Slack message. company_id goes in the query string,
// so Procore knows which company we mean.
std::string fetch_project_name(const Settings& s, int64_t company_id, int64_t project_id) {
    httplib::Client cli(kApiBase);
    std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                       "?company_id=" + std::to_string(company_id);
    httplib::Headers h = {{"Authorization", "Bearer " + s.token}};
    auto res = cli.Get(path.c_str(), h);
    if (!res || res->status != 200) return "project " + std::to_string(project_id);
    json p = json::parse(res->body, nullptr, false);
    return p.is_object() ? p.value("name", std::string{}) : std::string{};
}

void notify_slack(const std::string& text) {
    httplib::Client slack(kSlackHost);
    json msg = {{"text", text}};
    auto res = slack.Post(kSlackPath, msg.dump(), "application/json");
    if (!res || res->status != 200) std::cerr << "slack post failed\n";
}

std::string rfi_link(int64_t project_id, int64_t rfi_id) {
    return "https://app.procore.com/" + std::to_string(project_id) +
           "/project/rfi/show/" + std::to_string(rfi_id);
}

void handle_rfi_event(const Settings& s, const WebhookEvent& ev) {
    if (ev.event_type == "delete") {
        notify_slack("RFI " + std::to_string(ev.resource_id) + " was deleted");
        return;
    }
    auto rfi = fetch_rfi(s, ev.company_id, ev.project_id, ev.resource_id);
    if (!rfi || !rfi->is_object()) {
        std::lock_guard<std::mutex> lk(g_stats_mu);
        ++g_failed;
        return;
    }
    int number = 0;
    if ((*rfi)["number"].is_number()) number = (*rfi)["number"].get<int>();
    std::string subject = rfi->value("subject", "(no subject)");
    std::string status = rfi->value("status", "");
    std::string project = fetch_project_name(s, ev.company_id, ev.project_id);
    notify_slack(project + ": RFI #" + std::to_string(number) + " " + subject +
                 " [" + status + "] " + rfi_link(ev.project_id, ev.resource_id));
}

bool verify_delivery(const Settings& s, const httplib::Request& req) {
    // The hook is registered with an Authorization header value; Procore
    // echoes it back on every delivery.
    if (!req.has_header("Authorization")) return false;
    return req.get_header_value("Authorization") == "Bearer " + s.secret;
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    if (const char* t = std::getenv("PROCORE_TOKEN")) s.token = t;
    if (const char* w = std::getenv("WEBHOOK_SECRET")) s.secret = w;
    if (argc > 1) s.port = std::atoi(argv[1]);
    if (s.token.empty() || s.secret.empty()) {
        std::cerr << "PROCORE_TOKEN and WEBHOOK_SECRET must be set\n";
        return 2;
    }

    httplib::Server svr;

    svr.Post("/procore/webhooks/rfis", [&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard<std::mutex> lk(g_stats_mu);
            ++g_received;
        }
        if (!verify_delivery(s, req)) {
            res.status = 401;
            res.set_content(R"({"error":"unauthorized"})", "application/json");
            return;
        }
        auto ev = parse_event(req.body);
        if (!ev) {
            res.status = 400;
            res.set_content(R"({"error":"bad payload"})", "application/json");
            return;
        }
        res.set_header("X-Procore-Company-Id", std::to_string(ev->company_id));
        res.set_header("X-Delivery-Ulid", ev->ulid);
        if (ev->resource_name != "RFIs") {
            res.status = 202;
            res.set_content(R"({"ignored":true})", "application/json");
            return;
        }
        handle_rfi_event(s, *ev);
        res.status = 200;
        res.set_content(R"({"ok":true})", "application/json");
    });

    // Manual re-sync, used from the runbook when a delivery was dropped:
    //   curl -X POST localhost:8085/resync/companies/8/projects/112/rfis/3301
    svr.Post(R"(/resync/companies/(\d+)/projects/(\d+)/rfis/(\d+))",
             [&](const httplib::Request& req, httplib::Response& res) {
        WebhookEvent ev;
        ev.company_id = std::stoll(req.matches[1]);
        ev.project_id = std::stoll(req.matches[2]);
        int rfi_id = std::stoi(req.matches[3]);
        ev.resource_id = rfi_id;
        ev.resource_name = "RFIs";
        ev.event_type = "update";
        handle_rfi_event(s, ev);
        res.set_header("Cache-Control", "no-store");
        res.set_content(R"({"queued":true})", "application/json");
    });

    svr.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
        std::lock_guard<std::mutex> lk(g_stats_mu);
        json out = {{"received", g_received}, {"failed", g_failed}};
        res.set_content(out.dump(), "application/json");
    });

    std::cout << "rfi webhook receiver listening on :" << s.port << "\n";
    if (!svr.listen("0.0.0.0", s.port)) {
        std::cerr << "could not bind port " << s.port << "\n";
        return 1;
    }
    return 0;
}
