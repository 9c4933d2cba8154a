// drawing_cache_server.cpp
//
// Site-trailer cache: pulls current drawing revisions from Procore on a timer
// and serves them to the tablets on the trailer LAN (no internet out there).
//   GET http://trailer-cache:8070/drawings/<project id>   -> JSON index

#include <Poco/Util/ServerApplication.h>
#include <Poco/Util/Subsystem.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/OAuth20Credentials.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/NetException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timer.h>
#include <Poco/Logger.h>
#include <Poco/Format.h>
#include <Poco/URI.h>
#include <Poco/Mutex.h>
#include <Poco/NumberFormatter.h>
#include <Poco/StreamCopier.h>

#include <map>
#include <sstream>
#include <string>

using namespace Poco::Net;

class ProcoreLink : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "procore-link"; }

    void initialize(Poco::Util::Application& app) override {
        auto& cfg = app.config();
        oauth_ = Poco::URI(cfg.getString("procore.oauth_base", "https://login.procore.com"));
        api_ = Poco::URI(cfg.getString("procore.base_url", "https://api.procore.com"));
        zone_ = Poco::URI(cfg.getString("procore.zone_base", "https://us02.procore.com"));
        companyId_ = cfg.getInt64("procore.company_id");
        refreshToken_ = cfg.getString("procore.refresh_token");
        clientId_ = cfg.getString("procore.client_id");
        clientSecret_ = cfg.getString("procore.client_secret");
    }

    void uninitialize() override {}

    void authenticate() {
        HTTPSClientSession s(oauth_.getHost(), oauth_.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
        HTMLForm form;
        form.set("grant_type", "refresh_token");
        form.set("refresh_token", refreshToken_);
        form.set("client_id", clientId_);
        form.set("client_secret", clientSecret_);
        form.prepareSubmit(req);
        form.write(s.sendRequest(req));
        HTTPResponse resp;
        Poco::JSON::Parser parser;
        auto obj = parser.parse(s.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");
        refreshToken_ = obj->getValue<std::string>("refresh_token");
    }

    Poco::Dynamic::Var getJson(const std::string& path) {
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Procore-Company-Id", Poco::NumberFormatter::format(companyId_));
        return send(api_, req);
    }

    // For endpoints that are not scoped to a company.
    Poco::Dynamic::Var getJsonNoCompany(const std::string& path) {
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        return send(api_, req);
    }

    Poco::Dynamic::Var getZoned(const std::string& path) {
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Procore-Company-Id", Poco::NumberFormatter::format(companyId_));
        return send(zone_, req);
    }

    Poco::Int64 companyId() const { return companyId_; }

private:
    Poco::Dynamic::Var send(const Poco::URI& base, HTTPRequest& req) {
        HTTPSClientSession s(base.getHost(), base.getPort());
        OAuth20Credentials(token_).authenticate(req);
        s.sendRequest(req);
        HTTPResponse resp;
        std::istream& rs = s.receiveResponse(resp);
        if (resp.getStatus() != HTTPResponse::HTTP_OK)
            throw HTTPException(req.getURI(), static_cast<int>(resp.getStatus()));
        Poco::JSON::Parser parser;
        return parser.parse(rs);
    }

    Poco::URI oauth_, api_, zone_;
    Poco::Int64 companyId_ = 0;
    std::string refreshToken_, clientId_, clientSecret_, token_;
};

class DrawingCache {
public:
    void put(Poco::Int64 projectId, Poco::Int64 revisionId, const std::string& json) {
        Poco::FastMutex::ScopedLock lock(mutex_);
        byProject_[projectId][revisionId] = json;
    }

    std::string index(Poco::Int64 projectId) {
        Poco::FastMutex::ScopedLock lock(mutex_);
        std::string out = "[";
        for (const auto& rev : byProject_[projectId])
            out += (out.size() > 1 ? "," : "") + rev.second;
        return out + "]";
    }

private:
    Poco::FastMutex mutex_;
    std::map<Poco::Int64, std::map<int, std::string>> byProject_;
};

class IndexHandler : public HTTPRequestHandler {
public:
    explicit IndexHandler(DrawingCache& cache) : cache_(cache) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        std::string uri = request.getURI();
        const std::string prefix = "/drawings/";
        if (uri.compare(0, prefix.size(), prefix) != 0) {
            response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
            response.send() << "see https://support.procore.com/products/online/user-guide/project-level/drawings\n";
            return;
        }
        auto projectId = std::stoi(uri.substr(prefix.size()));
        response.setContentType("application/json");
        response.send() << cache_.index(projectId);
    }

private:
    DrawingCache& cache_;
};

class HandlerFactory : public HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(DrawingCache& cache) : cache_(cache) {}
    HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new IndexHandler(cache_); }
private:
    DrawingCache& cache_;
};

class DrawingCacheServer : public Poco::Util::ServerApplication {
public:
    DrawingCacheServer() : link_(new ProcoreLink) { addSubsystem(link_); }

protected:
    int main(const ArgVec&) override {
        link_->authenticate();
        auto companies = link_->getJsonNoCompany("/rest/v1.0/companies").extract<Poco::JSON::Array::Ptr>();
        logger().information("linked to %z companies", companies->size());

        Poco::Timer timer(0, config().getInt("sync.interval_ms", 10 * 60 * 1000));
        timer.start(Poco::TimerCallback<DrawingCacheServer>(*this, &DrawingCacheServer::onSync));

        HTTPServer server(new HandlerFactory(cache_), ServerSocket(static_cast<Poco::UInt16>(config().getInt("cache.port", 8070))),
                          new HTTPServerParams);
        server.start();
        waitForTerminationRequest();
        server.stop();
        timer.stop();
        return EXIT_OK;
    }

private:
    void onSync(Poco::Timer&) {
        try {
            auto projects = link_->getJson(Poco::format("/rest/v1.0/projects?company_id=%Ld", link_->companyId()))
                                .extract<Poco::JSON::Array::Ptr>();
            for (unsigned i = 0; i < projects->size(); ++i) {
                Poco::Int64 projectId = projects->getObject(i)->getValue<Poco::Int64>("id");
                syncProject(projectId);
            }
        } catch (const Poco::Exception& ex) {
            if (ex.code() == 401)
                link_->authenticate();
            logger().error("drawing sync: " + ex.displayText());
        }
    }

    void syncProject(Poco::Int64 projectId) {
        auto areas = link_->getJsonNoCompany(Poco::format("/rest/v1.0/projects/%Ld/drawing_areas", projectId))
                         .extract<Poco::JSON::Array::Ptr>();
        for (unsigned a = 0; a < areas->size(); ++a) {
            Poco::Int64 areaId = areas->getObject(a)->getValue<Poco::Int64>("id");
            auto revisions = link_->getJson(Poco::format(
                "/rest/v1.0/projects/%Ld/drawing_revisions?filters[drawing_area_id]=%Ld&filters[current]=true",
                projectId, areaId)).extract<Poco::JSON::Array::Ptr>();
            for (unsigned r = 0; r < revisions->size(); ++r) {
                auto rev = revisions->getObject(r);
                std::ostringstream json;
                rev->stringify(json);
                cache_.put(projectId, rev->getValue<int>("id"), json.str());
            }
        }

        // Markups live with the sets; this endpoint answered on our zone host during the pilot.
        auto sets = link_->getZoned(Poco::format("/rest/v1.0/projects/%Ld/drawing_sets", projectId))
                        .extract<Poco::JSON::Array::Ptr>();
        logger().information("project %Ld: %z drawing sets", projectId, sets->size());
    }

    ProcoreLink* link_;
    DrawingCache cache_;
};

POCO_SERVER_MAIN(DrawingCacheServer)
