// rfi_daemon: polls Procore RFIs in the developer sandbox and relays changes to
// the field-ops Slack channel. Components talk only through the EventBus; all
// subscriptions are made in register_handlers().
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <nlohmann/json.hpp>

#include <any>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <typeindex>
#include <unordered_map>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;
using json = nlohmann::json;

class EventBus {
public:
    template <typename E>
    void subscribe(std::function<void(const E&)> fn) {
        handlers_[std::type_index(typeid(E))].push_back(
            [fn](const std::any& a) { fn(std::any_cast<const E&>(a)); });
    }
    template <typename E>
    void publish(const E& ev) {
        auto it = handlers_.find(std::type_index(typeid(E)));
        if (it == handlers_.end()) return;
        const std::any boxed = ev;
        for (auto& h : it->second) h(boxed);
    }

private:
    std::unordered_map<std::type_index, std::vector<std::function<void(const std::any&)>>> handlers_;
};

// ---- events ---------------------------------------------------------------
struct TokenExpired {};
struct CompaniesWanted {};
struct RequestPrepared {
    HTTPRequest* request;
    int64_t company_id;
};
struct RfiPollDue {
    int64_t company_id;
    int64_t project_id;
    std::string updated_since;
};
struct RfiChanged {
    int64_t company_id;
    int64_t project_id;
    int64_t rfi_id;
    std::string subject;
    int32_t assignee_id;
};
struct RfiReplyQueued {
    int64_t company_id;
    int64_t project_id;
    int64_t rfi_id;
    std::string body;
};

// ---- config ---------------------------------------------------------------
static const char* kAuthHost = "sandbox.procore.com";
static const char* kApiHost = "sandbox.procore.com";
static const char* kSlackHost = "hooks.slack.com";
static const int kHttpsPort = 443;

struct State {
    std::string access_token;
    std::string refresh_token;
    std::vector<int64_t> company_ids;
};

static EventBus g_bus;
static State g_state;

static json exchange(HTTPSClientSession& session, HTTPRequest& req, const std::string& body,
                     int* status_out) {
    std::ostream& os = session.sendRequest(req);
    os << body;
    HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    std::string text;
    Poco::StreamCopier::copyToString(is, text);
    *status_out = static_cast<int>(resp.getStatus());
    return text.empty() ? json() : json::parse(text, nullptr, false);
}

static void refresh_token(const TokenExpired&) {
    HTTPSClientSession session(kAuthHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    json body = {{"grant_type", "refresh_token"},
                 {"refresh_token", g_state.refresh_token},
                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
    const std::string payload = body.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.size()));
    int status = 0;
    json tok = exchange(session, req, payload, &status);
    if (status != 200) throw std::runtime_error("token refresh failed");
    g_state.access_token = tok["access_token"].get<std::string>();
    g_state.refresh_token = tok["refresh_token"].get<std::string>();
}

static void load_companies(const CompaniesWanted&) {
    HTTPSClientSession session(kApiHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_state.access_token);
    int status = 0;
    json companies = exchange(session, req, "", &status);
    g_state.company_ids.clear();
    for (const auto& c : companies) g_state.company_ids.push_back(c["id"].get<int64_t>());
}

static void decorate_request(const RequestPrepared& ev) {
    ev.request->set("Procore-Company-Id", std::to_string(ev.company_id));
}

static void log_request(const RequestPrepared& ev) {
    std::clog << "[rfi] " << ev.request->getMethod() << " " << ev.request->getURI() << "\n";
}

static void poll_rfis(const RfiPollDue& ev) {
    HTTPSClientSession session(kApiHost, kHttpsPort);
    std::ostringstream uri;
    uri << "/rest/v1.0/projects/" << ev.project_id << "/rfis?filters[updated_at]="
        << ev.updated_since << "&per_page=100";
    HTTPRequest req(HTTPRequest::HTTP_GET, uri.str(), HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_state.access_token);
    g_bus.publish(RequestPrepared{&req, ev.company_id});
    int status = 0;
    json rfis = exchange(session, req, "", &status);
    if (status == 401) { g_bus.publish(TokenExpired{}); return; }
    for (const auto& r : rfis) {
        RfiChanged changed{ev.company_id, ev.project_id, r["id"].get<int64_t>(),
                           r.value("subject", ""), 0};
        if (r.contains("assignee") && r["assignee"].is_object())
            changed.assignee_id = r["assignee"]["id"].get<int32_t>();
        g_bus.publish(changed);
    }
}

static void notify_slack(const RfiChanged& ev) {
    const char* hook = std::getenv("SLACK_WEBHOOK_PATH");
    if (!hook) return;
    HTTPSClientSession session(kSlackHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_POST, hook, HTTPRequest::HTTP_1_1);
    json msg = {{"text", "RFI #" + std::to_string(ev.rfi_id) + " updated: " + ev.subject}};
    const std::string payload = msg.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.size()));
    int status = 0;
    exchange(session, req, payload, &status);
}

static void fetch_rfi_detail(const RfiChanged& ev) {
    HTTPSClientSession session(kApiHost, kHttpsPort);
    const std::string uri = "/rest/v1.0/projects/" + std::to_string(ev.project_id) + "/rfis/" +
                            std::to_string(ev.rfi_id);
    HTTPRequest req(HTTPRequest::HTTP_GET, uri, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_state.access_token);
    int status = 0;
    json detail = exchange(session, req, "", &status);
    if (status == 200 && detail.value("status", "") == "closed")
        std::cout << "RFI " << ev.rfi_id << " closed by assignee " << ev.assignee_id << "\n";
}

static void post_reply(const RfiReplyQueued& ev) {
    HTTPSClientSession session(kApiHost, kHttpsPort);
    const std::string uri = "/rest/v1.0/projects/" + std::to_string(ev.project_id) + "/rfis/" +
                            std::to_string(ev.rfi_id) + "/replies";
    HTTPRequest req(HTTPRequest::HTTP_POST, uri, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_state.access_token);
    req.set("Procore-Company-Id", std::to_string(ev.company_id));
    const std::string payload = json{{"reply", {{"body", ev.body}}}}.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.size()));
    int status = 0;
    exchange(session, req, payload, &status);
}

static void register_handlers() {
    g_bus.subscribe<TokenExpired>(refresh_token);
    g_bus.subscribe<CompaniesWanted>(load_companies);
    g_bus.subscribe<RequestPrepared>(decorate_request);
    g_bus.subscribe<RequestPrepared>(log_request);
    g_bus.subscribe<RfiPollDue>(poll_rfis);
    g_bus.subscribe<RfiChanged>(notify_slack);
    g_bus.subscribe<RfiChanged>(fetch_rfi_detail);
    g_bus.subscribe<RfiReplyQueued>(post_reply);
}

int main() {
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* pid = std::getenv("PROCORE_PROJECT_ID");
    if (!rt || !pid) {
        std::cerr << "PROCORE_REFRESH_TOKEN and PROCORE_PROJECT_ID are required\n";
        return 2;
    }
    g_state.refresh_token = rt;
    const int64_t project_id = std::atoi(pid);
    const int poll_seconds = 90;

    register_handlers();
    g_bus.publish(TokenExpired{});
    g_bus.publish(CompaniesWanted{});
    if (g_state.company_ids.empty()) return 1;

    std::string since = "2024-01-01T00:00:00Z";
    bool acked = false;
    for (;;) {
        g_bus.publish(RfiPollDue{g_state.company_ids.front(), project_id, since});
        const char* ack = std::getenv("RFI_ACK_ID");
        if (ack && !acked) {
            g_bus.publish(RfiReplyQueued{g_state.company_ids.front(), project_id,
                                         std::stoll(ack), "Acknowledged by field ops."});
            acked = true;
        }
        std::this_thread::sleep_for(std::chrono::seconds(poll_seconds));
    }
}
