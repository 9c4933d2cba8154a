// punch_closer: CLI the superintendents run on site laptops. Reads the CSV the
// field tablet exports (punch_item_id,assignee_id,note), closes each item in
// Procore, notifies the Teams channel and files one daily-log note.
// Components only talk through the Hub signals; wiring lives in wire().
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <boost/signals2.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace sig = boost::signals2;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;
using json = nlohmann::json;

static const std::string kLoginHost = "login.procore.com";
static const std::string kApiHost = "api.procore.com";
static const std::string kDailyLogHost = "app.procore.com";
static const std::string kTeamsHost = "buildco.webhook.office.com";

struct OutgoingRequest {
    HTTPRequest* request;
    int64_t company_id;
};
struct PunchListRequested {
    int64_t project_id;
    int page;
    std::vector<json>* out;
};
struct PunchItemClosed {
    int64_t project_id;
    int64_t punch_item_id;
    unsigned assignee_id;
    std::string note;
};
struct DailyNoteRequested {
    int64_t project_id;
    std::string text;
};

struct Hub {
    sig::signal<void(OutgoingRequest&)> before_send;
    sig::signal<void(const PunchListRequested&)> punch_list_requested;
    sig::signal<void(const PunchItemClosed&)> punch_item_closed;
    sig::signal<void(const DailyNoteRequested&)> daily_note_requested;
};

static std::string send(HTTPSClientSession& session, HTTPRequest& req, const std::string& body,
                        HTTPResponse& resp) {
    session.sendRequest(req) << body;
    std::istream& in = session.receiveResponse(resp);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

class Gateway {
public:
    Gateway(Hub& hub, int64_t company_id) : hub_(hub), company_id_(company_id) {}

    void refresh(const std::string& refresh_token) {
        HTTPSClientSession session(kLoginHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
        const std::string body = json{{"grant_type", "refresh_token"},
                                      {"refresh_token", refresh_token},
                                      {"client_id", env("PROCORE_CLIENT_ID")},
                                      {"client_secret", env("PROCORE_CLIENT_SECRET")}}.dump();
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        HTTPResponse resp;
        token_ = json::parse(send(session, req, body, resp)).value("access_token", "");
    }

    bool company_visible() {
        HTTPSClientSession session(kApiHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        HTTPResponse resp;
        const json companies = json::parse(send(session, req, "", resp), nullptr, false);
        for (const auto& c : companies)
            if (c.value("id", int64_t{0}) == company_id_) return true;
        return false;
    }

    void list_punch(const PunchListRequested& ev) {
        HTTPSClientSession session(kApiHost, 443);
        const std::string uri = "/rest/v1.0/punch_items?project_id=" +
                                std::to_string(ev.project_id) +
                                "&page=" + std::to_string(ev.page) + "&per_page=200";
        HTTPRequest req(HTTPRequest::HTTP_GET, uri, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        OutgoingRequest out{&req, company_id_};
        hub_.before_send(out);
        HTTPResponse resp;
        const json items = json::parse(send(session, req, "", resp), nullptr, false);
        if (items.is_array())
            for (const auto& it : items) ev.out->push_back(it);
    }

    void close_punch(const PunchItemClosed& ev) {
        HTTPSClientSession session(kApiHost, 443);
        const std::string uri = "/rest/v1.0/punch_items/" + std::to_string(ev.punch_item_id) +
                                "?project_id=" + std::to_string(ev.project_id);
        HTTPRequest req(HTTPRequest::HTTP_PATCH, uri, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("X-Procore-Company-Id", std::to_string(company_id_));
        const std::string body =
            json{{"punch_item", {{"workflow_status", "ready_for_review"}}}}.dump();
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        HTTPResponse resp;
        send(session, req, body, resp);
        if (resp.getStatus() != HTTPResponse::HTTP_OK)
            std::cerr << "punch item " << ev.punch_item_id << ": HTTP " << resp.getStatus() << "\n";
    }

    void file_daily_note(const DailyNoteRequested& ev) {
        HTTPSClientSession session(kDailyLogHost, 443);
        const std::string uri =
            "/rest/v1.0/projects/" + std::to_string(ev.project_id) + "/notes_logs";
        HTTPRequest req(HTTPRequest::HTTP_POST, uri, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        OutgoingRequest out{&req, company_id_};
        hub_.before_send(out);
        const std::string body = json{{"notes_log", {{"comment", ev.text}}}}.dump();
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        HTTPResponse resp;
        send(session, req, body, resp);
    }

private:
    static std::string env(const char* name) {
        const char* v = std::getenv(name);
        return v ? v : "";
    }
    Hub& hub_;
    int64_t company_id_;
    std::string token_;
};

static void decorate_request(OutgoingRequest& out) {
    out.request->set("Procore-Company-Id", std::to_string(out.company_id));
}

static void notify_teams(const PunchItemClosed& ev) {
    HTTPSClientSession session(kTeamsHost, 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/webhookb2/punch-closer", HTTPRequest::HTTP_1_1);
    const std::string body = json{{"text", "Punch item " + std::to_string(ev.punch_item_id) +
                                               " ready for review: " + ev.note}}.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    HTTPResponse resp;
    send(session, req, body, resp);
}

static void wire(Hub& hub, Gateway& gw) {
    hub.before_send.connect(&decorate_request);
    hub.punch_list_requested.connect([&gw](const PunchListRequested& e) { gw.list_punch(e); });
    hub.punch_item_closed.connect([&gw](const PunchItemClosed& e) { gw.close_punch(e); });
    hub.punch_item_closed.connect(&notify_teams);
    hub.daily_note_requested.connect([&gw](const DailyNoteRequested& e) { gw.file_daily_note(e); });
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: punch_closer <company_id> <project_id> <export.csv>\n"
                     "see https://support.procore.com/products/online/user-guide/project-level/punch-list\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoi(argv[2]);

    Hub hub;
    Gateway gw(hub, company_id);
    wire(hub, gw);
    gw.refresh(std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "");
    if (!gw.company_visible()) {
        std::cerr << "no access to company " << company_id << "\n";
        return 1;
    }

    std::vector<json> open_items;
    for (int page = 1; page <= 20; ++page) {
        const size_t before = open_items.size();
        hub.punch_list_requested(PunchListRequested{project_id, page, &open_items});
        if (open_items.size() == before) break;
    }

    std::ifstream csv(argv[3]);
    std::string line;
    int closed = 0;
    while (std::getline(csv, line)) {
        std::istringstream row(line);
        std::string id, assignee, note;
        if (!std::getline(row, id, ',') || !std::getline(row, assignee, ',')) continue;
        std::getline(row, note);
        const int64_t item_id = std::stoll(id);
        bool known = false;
        for (const auto& it : open_items) known = known || it.value("id", int64_t{0}) == item_id;
        if (!known) continue;
        hub.punch_item_closed(PunchItemClosed{project_id, item_id,
                                              static_cast<unsigned>(std::stoul(assignee)), note});
        ++closed;
    }

    hub.daily_note_requested(DailyNoteRequested{
        project_id, std::to_string(closed) + " punch items marked ready for review from the field."});
    std::cout << "closed " << closed << " items; review at https://app.procore.com/"
              << project_id << "/project/punch_list\n";
    return 0;
}
