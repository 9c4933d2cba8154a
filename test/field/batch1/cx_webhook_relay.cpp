// webhook_relay: receives Procore webhooks for the staging company and opens
// a GitHub issue for each new RFI or submittal so the integrations team can
// triage test data.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace relay {

const std::string kProcoreApi = "https://sandbox.procore.com";
const std::string kGithubApi = "https://api.github.com";
const std::string kIssueRepo = "/repos/hartwell-dev/procore-staging/issues";

struct ProcoreEvent {
    int64_t resource_id = 0;
    int company_id = 0;
    int64_t project_id = 0;
    std::string resource_name;
    std::string event_type;
};

ProcoreEvent parse_event(const json& j) {
    ProcoreEvent ev;
    ev.resource_id = j.at("resource_id").get<int64_t>();
    ev.company_id = j.at("company_id");
    ev.project_id = j.value("project_id", int64_t{0});
    ev.resource_name = j.value("resource_name", "");
    ev.event_type = j.value("event_type", "");
    return ev;
}

using HeaderVec = std::vector<std::pair<std::string, std::string>>;

httplib::Headers to_headers(const HeaderVec& in) {
    httplib::Headers out;
    for (const auto& [k, v] : in) out.emplace(k, v);
    return out;
}

template <typename Send>
httplib::Result with_retry(int attempts, Send send) {
    auto res = send();
    for (int i = 1; i < attempts && (!res || res->status >= 500); ++i) {
        std::this_thread::sleep_for(std::chrono::seconds(i));
        res = send();
    }
    return res;
}

class Relay {
public:
    Relay(std::string procore_token, std::string github_token)
        : procore_token_(std::move(procore_token)), github_token_(std::move(github_token)),
          api_(kProcoreApi), github_(kGithubApi) {
        handlers_["RFIs"] = [this](const ProcoreEvent& ev) {
            auto rfi = fetch(ev, "/rest/v1.0/projects/" + std::to_string(ev.project_id) +
                                     "/rfis/" + std::to_string(ev.resource_id));
            if (!rfi) return;
            open_issue("RFI #" + rfi->value("number", "?") + ": " + rfi->value("subject", ""),
                       ev, "rfi/show/" + std::to_string(ev.resource_id));
        };
        handlers_["Submittals"] = [this](const ProcoreEvent& ev) {
            auto sub = fetch(ev, "/rest/v1.1/projects/" + std::to_string(ev.project_id) +
                                     "/submittals/" + std::to_string(ev.resource_id));
            if (!sub) return;
            open_issue("Submittal " + sub->value("number", "?") + ": " + sub->value("title", ""),
                       ev, "submittal_logs/" + std::to_string(ev.resource_id));
        };
    }

    void dispatch(const ProcoreEvent& ev) {
        if (ev.event_type != "create") return;
        if (auto it = handlers_.find(ev.resource_name); it != handlers_.end()) it->second(ev);
    }

private:
    std::optional<json> fetch(const ProcoreEvent& ev, const std::string& path) {
        const HeaderVec hdrs{{"Authorization", "Bearer " + procore_token_},
                             {"X-Procore-Company-Id", std::to_string(ev.company_id)},
                             {"Accept", "application/json"}};
        auto res = with_retry(3, [&] { return api_.Get(path, to_headers(hdrs)); });
        if (!res || res->status != 200) {
            std::cerr << "fetch " << path << " failed: " << (res ? res->status : 0) << "\n";
            return std::nullopt;
        }
        return json::parse(res->body);
    }

    void open_issue(const std::string& title, const ProcoreEvent& ev, const std::string& web_path) {
        const std::string link = "https://app.procore.com/" + std::to_string(ev.project_id) +
                                 "/project/" + web_path;
        json issue{{"title", title},
                   {"body", "Created in Procore staging.\n\n" + link},
                   {"labels", {"procore-staging", ev.resource_name}}};
        const HeaderVec hdrs{{"Authorization", "token " + github_token_},
                             {"Accept", "application/vnd.github+json"},
                             {"User-Agent", "procore-webhook-relay"}};
        auto res = with_retry(2, [&] {
            return github_.Post(kIssueRepo, to_headers(hdrs), issue.dump(), "application/json");
        });
        if (res && res->status == 201) {
            const int issue_number = json::parse(res->body).value("number", 0);
            std::cout << "opened issue #" << issue_number << " for " << ev.resource_name << " "
                      << ev.resource_id << "\n";
        }
    }

    std::string procore_token_;
    std::string github_token_;
    httplib::Client api_;
    httplib::Client github_;
    std::map<std::string, std::function<void(const ProcoreEvent&)>> handlers_;
};

}  // namespace relay

int main() {
    const char* procore_token = std::getenv("PROCORE_TOKEN");
    const char* github_token = std::getenv("GITHUB_TOKEN");
    const char* port_env = std::getenv("RELAY_PORT");
    if (!procore_token || !github_token) {
        std::cerr << "PROCORE_TOKEN and GITHUB_TOKEN are required\n";
        return 2;
    }
    const int port = port_env ? std::atoi(port_env) : 8088;

    relay::Relay relay(procore_token, github_token);
    httplib::Server srv;
    srv.Post("/procore/webhooks", [&](const httplib::Request& req, httplib::Response& res) {
        auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
            res.status = 400;
            return;
        }
        res.status = 204;
        std::thread([&relay, ev = relay::parse_event(body)] { relay.dispatch(ev); }).detach();
    });
    srv.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("ok", "text/plain");
    });
    std::cout << "listening on :" << port << "\n";
    srv.listen("0.0.0.0", port);
    return 0;
}
