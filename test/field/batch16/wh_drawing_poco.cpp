// DrawingHookServer - receives Procore "Drawing Revisions" webhooks and keeps
// the plan-room kiosk cache current. Built on Poco::Net::HTTPServer.
//
//   POST /procore/drawings                     webhook deliveries
//   POST /projects/<project_id>/drawings/sync  manual full refresh (ops only)
//   GET  /health

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

using namespace Poco::Net;
using Poco::Int64;

namespace {

const std::string kApiHost = "api.procore.com";

class ProcoreClient {
public:
    ProcoreClient(std::string clientId, std::string secret, std::string refresh)
        : clientId_(std::move(clientId)), secret_(std::move(secret)), refresh_(std::move(refresh)) {}

    // Token endpoint is on the same API host we already talk to.
    bool refreshToken() {
        HTTPSClientSession session("api.procore.com", 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
        HTMLForm form;
        form.set("grant_type", "refresh_token");
        form.set("client_id", clientId_);
        form.set("client_secret", secret_);
        form.set("refresh_token", refresh_);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        if (res.getStatus() != HTTPResponse::HTTP_OK) return false;
        Poco::JSON::Object::Ptr obj = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
        std::lock_guard<std::mutex> lk(mu_);
        token_ = obj->getValue<std::string>("access_token");
        refresh_ = obj->optValue<std::string>("refresh_token", refresh_);
        return true;
    }

    std::string whoAmI() {
        HTTPSClientSession session(kApiHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token());
        session.sendRequest(req);
        HTTPResponse res;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(res), body);
        return body;
    }

    Poco::JSON::Object::Ptr drawingRevision(Int64 companyId, Int64 projectId, Int64 revisionId) {
        HTTPSClientSession session(kApiHost, 443);
        std::string path = "/rest/v1.0/projects/" + std::to_string(projectId) +
                           "/drawing_revisions/" + std::to_string(revisionId);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token());
        req.set("Procore-Company-Id", std::to_string(companyId));
        session.sendRequest(req);
        HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        if (res.getStatus() != HTTPResponse::HTTP_OK) return nullptr;
        return Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
    }

    // Areas are per project, so the project id in the path is enough here.
    Poco::JSON::Array::Ptr drawingAreas(int projectId) {
        HTTPSClientSession session(kApiHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET,
                        "/rest/v1.0/projects/" + std::to_string(projectId) + "/drawing_areas",
                        HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token());
        session.sendRequest(req);
        HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        if (res.getStatus() != HTTPResponse::HTTP_OK) return nullptr;
        return Poco::JSON::Parser().parse(in).extract<Poco::JSON::Array::Ptr>();
    }

private:
    std::string token() {
        std::lock_guard<std::mutex> lk(mu_);
        return token_;
    }
    std::string clientId_, secret_, refresh_, token_;
    std::mutex mu_;
};

ProcoreClient* g_client = nullptr;

void replyJson(HTTPServerResponse& resp, HTTPResponse::HTTPStatus st, const std::string& body) {
    resp.setStatus(st);
    resp.setContentType("application/json");
    resp.set("Cache-Control", "no-store");
    resp.setContentLength(static_cast<std::streamsize>(body.size()));
    resp.send() << body;
}

class DrawingWebhookHandler : public HTTPRequestHandler {
public:
    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        const char* expected = std::getenv("HOOK_AUTH");
        if (!expected || request.get("Authorization", "") != expected) {
            replyJson(response, HTTPResponse::HTTP_UNAUTHORIZED, R"({"error":"auth"})");
            return;
        }
        Poco::JSON::Object::Ptr ev;
        try {
            ev = Poco::JSON::Parser().parse(request.stream()).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception&) {
            replyJson(response, HTTPResponse::HTTP_BAD_REQUEST, R"({"error":"json"})");
            return;
        }
        Int64 companyId = ev->getValue<Int64>("company_id");
        Int64 projectId = ev->getValue<Int64>("project_id");
        Int64 revisionId = ev->getValue<Int64>("resource_id");
        int userId = ev->getValue<int>("user_id");
        std::string eventType = ev->optValue<std::string>("event_type", "");

        std::cout << "[hook] " << ev->optValue<std::string>("resource_name", "?") << " " << eventType
                  << " rev=" << revisionId << " by user " << userId << std::endl;

        if (eventType != "delete") {
            Poco::JSON::Object::Ptr rev = g_client->drawingRevision(companyId, projectId, revisionId);
            if (rev.isNull() && g_client->refreshToken())
                rev = g_client->drawingRevision(companyId, projectId, revisionId);
            if (rev.isNull()) {
                replyJson(response, HTTPResponse::HTTP_BAD_GATEWAY, R"({"error":"fetch"})");
                return;
            }
            std::cout << "  cached " << rev->optValue<std::string>("number", "")
                      << " rev " << rev->optValue<std::string>("revision_number", "") << std::endl;
        }
        response.set("X-Procore-Resource-Id", std::to_string(revisionId));
        replyJson(response, HTTPResponse::HTTP_OK, R"({"ok":true})");
    }
};

class SyncHandler : public HTTPRequestHandler {
public:
    explicit SyncHandler(std::string projectSegment) : seg_(std::move(projectSegment)) {}
    void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
        int projectId = Poco::NumberParser::parse(seg_);
        Poco::JSON::Array::Ptr areas = g_client->drawingAreas(projectId);
        std::size_t count = areas.isNull() ? 0 : areas->size();
        std::ostringstream out;
        out << R"({"project_id":)" << projectId << R"(,"areas":)" << count << "}";
        replyJson(response, HTTPResponse::HTTP_OK, out.str());
    }

private:
    std::string seg_;
};

class HealthHandler : public HTTPRequestHandler {
public:
    void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
        replyJson(response, HTTPResponse::HTTP_OK, R"({"status":"up"})");
    }
};

class Router : public HTTPRequestHandlerFactory {
public:
    HTTPRequestHandler* createRequestHandler(const HTTPServerRequest& request) override {
        Poco::URI uri(request.getURI());
        std::vector<std::string> segs;
        uri.getPathSegments(segs);
        if (request.getMethod() == HTTPRequest::HTTP_GET && uri.getPath() == "/health")
            return new HealthHandler;
        if (request.getMethod() == HTTPRequest::HTTP_POST && uri.getPath() == "/procore/drawings")
            return new DrawingWebhookHandler;
        if (request.getMethod() == HTTPRequest::HTTP_POST && segs.size() == 4 &&
            segs[0] == "projects" && segs[2] == "drawings" && segs[3] == "sync")
            return new SyncHandler(segs[1]);
        return nullptr;
    }
};

}  // namespace

int main() {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!id || !secret || !refresh) {
        std::cerr << "missing PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_REFRESH_TOKEN\n";
        return 2;
    }
    ProcoreClient client(id, secret, refresh);
    g_client = &client;
    if (!client.refreshToken()) {
        std::cerr << "token refresh failed\n";
        return 1;
    }
    std::cout << "running as " << client.whoAmI() << std::endl;

    const int port = 9090;
    auto* params = new HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(true);
    HTTPServer server(new Router, ServerSocket(static_cast<Poco::UInt16>(port)), params);
    server.start();
    std::cout << "drawing hook server on :" << port << std::endl;
    for (;;) Poco::Thread::sleep(60000);
}
