// submittal_bridge: mirrors Procore submittals into the internal review board.
// Every outgoing call is raised as an event on the Bus; the slots that build and
// send the HTTP requests are wired exactly once, in wire_bus().
#include <boost/signals2.hpp>
#include <cpprest/http_client.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace sig = boost::signals2;
using web::http::client::http_client;
using web::http::http_request;
using web::http::methods;
using json = nlohmann::json;

static const std::string kLoginBase = "https://login.procore.com";
static const std::string kApiBase = "https://api.procore.com";
static const std::string kWebBase = "https://app.procore.com";
static const std::string kReviewBoard = "https://review-board.internal.buildco.net";

// Common part of every API event. decorate_request() appends to `headers`.
struct OutgoingCall {
    int64_t company_id = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    json result;
    int status = 0;
};

struct TokenRefreshRequested {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
};

struct MeRequested : OutgoingCall {};

struct SubmittalsPageRequested : OutgoingCall {
    int64_t project_id = 0;
    int page = 1;
    int per_page = 100;
};

struct ApproversRequested : OutgoingCall {
    int64_t project_id = 0;
    int submittal_id = 0;
};

struct StatusChangeRequested : OutgoingCall {
    int64_t project_id = 0;
    int64_t submittal_id = 0;
    int64_t status_id = 0;
};

struct AttachmentsRequested : OutgoingCall {
    int64_t project_id = 0;
    int64_t submittal_id = 0;
};

struct Bus {
    sig::signal<void(TokenRefreshRequested&)> token_refresh;
    sig::signal<void(MeRequested&)> me;
    sig::signal<void(SubmittalsPageRequested&)> submittals_page;
    sig::signal<void(ApproversRequested&)> approvers;
    sig::signal<void(StatusChangeRequested&)> status_change;
    sig::signal<void(AttachmentsRequested&)> attachments;
};

static std::string g_access_token;

// Shared slot, connected in group 0 ahead of the sender on each signal.
static void decorate_request(OutgoingCall& call) {
    call.headers.emplace_back("Procore-Company-Id", std::to_string(call.company_id));
}

static http_request authed(const web::http::method& m, const std::string& path,
                           const OutgoingCall& call) {
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add("Authorization", "Bearer " + g_access_token);
    req.headers().add("Accept", "application/json");
    for (const auto& h : call.headers) req.headers().add(h.first, h.second);
    return req;
}

static void on_token_refresh(TokenRefreshRequested& ev) {
    http_client login(kLoginBase);
    http_request req(methods::POST);
    req.set_request_uri("/oauth/token");
    json body = {{"grant_type", "refresh_token"},
                 {"client_id", ev.client_id},
                 {"client_secret", ev.client_secret},
                 {"refresh_token", ev.refresh_token}};
    req.set_body(body.dump(), "application/json");
    auto resp = login.request(req).get();
    json tok = json::parse(resp.extract_string().get());
    g_access_token = tok.value("access_token", "");
    ev.refresh_token = tok.value("refresh_token", ev.refresh_token);
}

static void on_me(MeRequested& ev) {
    http_client api(kApiBase);
    auto resp = api.request(authed(methods::GET, "/rest/v1.0/me", ev)).get();
    ev.status = resp.status_code();
    ev.result = json::parse(resp.extract_string().get());
}

static void on_submittals_page(SubmittalsPageRequested& ev) {
    http_client api(kApiBase);
    std::string path = "/rest/v1.1/projects/" + std::to_string(ev.project_id) +
                       "/submittals?page=" + std::to_string(ev.page) +
                       "&per_page=" + std::to_string(ev.per_page);
    auto resp = api.request(authed(methods::GET, path, ev)).get();
    ev.status = resp.status_code();
    if (ev.status == 200) ev.result = json::parse(resp.extract_string().get());
}

static void on_approvers(ApproversRequested& ev) {
    http_client api(kApiBase);
    std::string path = "/rest/v1.1/projects/" + std::to_string(ev.project_id) +
                       "/submittals/" + std::to_string(ev.submittal_id) + "/approvers";
    auto resp = api.request(authed(methods::GET, path, ev)).get();
    ev.status = resp.status_code();
    if (ev.status != 200) return;
    ev.result = json::array();
    for (const auto& a : json::parse(resp.extract_string().get())) {
        int user_id = a["user"]["id"].get<int>();
        ev.result.push_back({{"user_id", user_id}, {"response", a.value("response", "")}});
    }
}

static void on_status_change(StatusChangeRequested& ev) {
    http_client api(kApiBase);
    std::string path = "/rest/v1.1/projects/" + std::to_string(ev.project_id) +
                       "/submittals/" + std::to_string(ev.submittal_id);
    http_request req = authed(methods::PATCH, path, ev);
    json body = {{"submittal", {{"status_id", ev.status_id}}}};
    req.set_body(body.dump(), "application/json");
    auto resp = api.request(req).get();
    ev.status = resp.status_code();
}

static void on_attachments(AttachmentsRequested& ev) {
    http_client files("https://app.procore.com");
    std::string path = "/rest/v1.0/projects/" + std::to_string(ev.project_id) +
                       "/submittals/" + std::to_string(ev.submittal_id) + "/attachments";
    auto resp = files.request(authed(methods::GET, path, ev)).get();
    ev.status = resp.status_code();
    if (ev.status == 200) ev.result = json::parse(resp.extract_string().get());
}

static void wire_bus(Bus& bus) {
    bus.token_refresh.connect(&on_token_refresh);
    bus.me.connect(1, &on_me);
    bus.submittals_page.connect(0, &decorate_request);
    bus.submittals_page.connect(1, &on_submittals_page);
    bus.approvers.connect(1, &on_approvers);
    bus.status_change.connect(0, &decorate_request);
    bus.status_change.connect(1, &on_status_change);
    bus.attachments.connect(0, &decorate_request);
    bus.attachments.connect(1, &on_attachments);
}

static void push_to_review_board(const json& doc) {
    http_client board(kReviewBoard);
    http_request req(methods::POST);
    req.set_request_uri("/api/v2/items");
    req.set_body(doc.dump(), "application/json");
    auto resp = board.request(req).get();
    if (resp.status_code() >= 300)
        std::cerr << "review board rejected item: " << resp.status_code() << "\n";
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_bridge <company_id> <project_id>\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoll(argv[2]);
    const char* open_env = std::getenv("PROCORE_OPEN_STATUS_ID");
    const int64_t open_status_id = open_env ? std::stoll(open_env) : 0;

    Bus bus;
    wire_bus(bus);

    TokenRefreshRequested tr;
    tr.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    tr.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
    tr.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    bus.token_refresh(tr);

    MeRequested me;
    me.company_id = company_id;
    bus.me(me);
    std::cout << "running as " << me.result.value("login", "?") << "\n";

    for (int page = 1;; ++page) {
        SubmittalsPageRequested sp;
        sp.company_id = company_id;
        sp.project_id = project_id;
        sp.page = page;
        bus.submittals_page(sp);
        if (sp.status != 200 || sp.result.empty()) break;

        for (const auto& item : sp.result) {
            const int64_t sid = item["id"].get<int64_t>();

            ApproversRequested ar;
            ar.company_id = company_id;
            ar.project_id = project_id;
            ar.submittal_id = sid;
            bus.approvers(ar);

            AttachmentsRequested at;
            at.company_id = company_id;
            at.project_id = project_id;
            at.submittal_id = sid;
            bus.attachments(at);

            json doc = {
                {"source", "procore"},
                {"submittal_id", sid},
                {"title", item.value("title", "")},
                {"approvers", ar.result},
                {"attachments", at.result.is_array() ? at.result.size() : 0},
                {"link", kWebBase + "/" + std::to_string(project_id) +
                             "/project/submittals/show/" + std::to_string(sid)}};
            push_to_review_board(doc);

            if (item.value("status", json::object()).value("name", "") == "Draft" &&
                !ar.result.empty() && open_status_id != 0) {
                StatusChangeRequested sc;
                sc.company_id = company_id;
                sc.project_id = project_id;
                sc.submittal_id = sid;
                sc.status_id = open_status_id;
                bus.status_change(sc);
            }
        }
    }
    return 0;
}
