// drawing_events: Poco-based webhook endpoint for Procore "Drawings" events.
// Each delivery re-indexes the drawing (and who touched it) in our
// Elasticsearch so the field tablets can search sheet numbers offline.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/Environment.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

const std::string kApiBase = "https://api.procore.com";
const std::string kLegacyBase = "https://app.procore.com/vapid";
const std::string kSearchHost = "search.internal";
const int kSearchPort = 9200;

struct DrawingEvent {
    Poco::Int64 company_id = 0;
    Poco::Int64 project_id = 0;
    Poco::Int32 user_id = 0;
    std::string event_type;
};

class ProcoreApi {
public:
    explicit ProcoreApi(std::string token) : token_(std::move(token)) {}

    Poco::JSON::Object::Ptr get(const std::string& url, Poco::Int64 company_id, bool with_company) {
        Poco::URI uri(url);
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
        HTTPRequest req(HTTPRequest::HTTP_GET, uri.getPathAndQuery(), HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        if (with_company) req.set("Procore-Company-Id", std::to_string(company_id));
        session.sendRequest(req);

        HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        std::string body;
        Poco::StreamCopier::copyToString(in, body);
        if (res.getStatus() != HTTPResponse::HTTP_OK) {
            std::cerr << "GET " << url << " -> " << static_cast<int>(res.getStatus()) << "\n";
            return nullptr;
        }
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    }

    Poco::JSON::Object::Ptr drawing(Poco::Int64 company_id, Poco::Int64 project_id, int drawing_id) {
        return get(kApiBase + "/rest/v1.0/drawings/" + std::to_string(drawing_id) +
                       "?project_id=" + std::to_string(project_id),
                   company_id, true);
    }

    Poco::JSON::Object::Ptr latest_revision(Poco::Int64 company_id, Poco::Int64 project_id,
                                            Poco::Int64 drawing_id) {
        return get(kLegacyBase + "/projects/" + std::to_string(project_id) +
                       "/drawing_revisions?drawing_id=" + std::to_string(drawing_id) + "&per_page=1",
                   company_id, true);
    }

    Poco::JSON::Object::Ptr user(Poco::Int64 company_id, Poco::Int64 user_id) {
        return get(kApiBase + "/rest/v1.0/companies/" + std::to_string(company_id) +
                       "/users/" + std::to_string(user_id),
                   company_id, false);
    }

private:
    std::string token_;
};

void index_drawing(const DrawingEvent& ev, Poco::Int64 drawing_id, Poco::JSON::Object::Ptr drawing,
                   const std::string& touched_by) {
    Poco::JSON::Object doc;
    doc.set("drawing_id", drawing_id);
    doc.set("project_id", ev.project_id);
    doc.set("number", drawing->optValue<std::string>("number", ""));
    doc.set("title", drawing->optValue<std::string>("title", ""));
    doc.set("touched_by", touched_by);
    doc.set("web", "https://app.procore.com/" + std::to_string(ev.project_id) +
                       "/project/drawing_areas");
    std::ostringstream payload;
    doc.stringify(payload);

    Poco::Net::HTTPClientSession es(kSearchHost, kSearchPort);
    HTTPRequest req(HTTPRequest::HTTP_PUT, "/drawings/_doc/" + std::to_string(drawing_id),
                    HTTPRequest::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.str().size()));
    es.sendRequest(req) << payload.str();
    HTTPResponse res;
    es.receiveResponse(res);
}

class DrawingHookHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit DrawingHookHandler(std::shared_ptr<ProcoreApi> api) : api_(std::move(api)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        response.setStatus(HTTPResponse::HTTP_ACCEPTED);
        response.send() << "{}";

        Poco::JSON::Parser parser;
        auto obj = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        if (obj->optValue<std::string>("resource_name", "") != "Drawings") return;

        DrawingEvent ev;
        ev.company_id = obj->getValue<Poco::Int64>("company_id");
        ev.project_id = obj->getValue<Poco::Int64>("project_id");
        ev.user_id = obj->optValue<Poco::Int32>("user_id", 0);
        ev.event_type = obj->optValue<std::string>("event_type", "");
        int drawing_id = obj->getValue<int>("resource_id");

        auto drawing = api_->drawing(ev.company_id, ev.project_id, drawing_id);
        if (!drawing) return;
        auto rev = api_->latest_revision(ev.company_id, ev.project_id, drawing_id);
        if (rev) drawing->set("revision", rev->optValue<std::string>("revision_number", ""));

        std::string who = "unknown";
        if (ev.user_id != 0) {
            auto u = api_->user(ev.company_id, ev.user_id);
            if (u) who = u->optValue<std::string>("name", who);
        }
        index_drawing(ev, drawing_id, drawing, who);
    }

private:
    std::shared_ptr<ProcoreApi> api_;
};

class HookFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HookFactory(std::shared_ptr<ProcoreApi> api) : api_(std::move(api)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new DrawingHookHandler(api_);
    }

private:
    std::shared_ptr<ProcoreApi> api_;
};

class DrawingEventsApp : public Poco::Util::ServerApplication {
protected:
    int main(const std::vector<std::string>&) override {
        auto api = std::make_shared<ProcoreApi>(Poco::Environment::get("PROCORE_TOKEN", ""));
        int port = std::stoi(Poco::Environment::get("HOOK_PORT", "8443"));
        Poco::Net::ServerSocket socket(static_cast<Poco::UInt16>(port));
        Poco::Net::HTTPServer server(new HookFactory(api), socket, new Poco::Net::HTTPServerParams);
        server.start();
        std::cout << "drawing events on :" << port << "\n";
        waitForTerminationRequest();
        server.stop();
        return Application::EXIT_OK;
    }
};

}  // namespace

POCO_SERVER_MAIN(DrawingEventsApp)
