// rfi_sync_daemon.cpp
//
// Mirrors open Procore RFIs into the internal ticket queue (ticketd) every few
// minutes.  Runs as a systemd service; configuration lives in
// /etc/rfi-sync/rfi-sync.properties.

#include <Poco/Util/ServerApplication.h>
#include <Poco/Util/Subsystem.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/OAuth20Credentials.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timer.h>
#include <Poco/Logger.h>
#include <Poco/Format.h>
#include <Poco/URI.h>
#include <Poco/Mutex.h>
#include <Poco/NumberFormatter.h>

#include <iostream>
#include <string>
#include <vector>

using Poco::Util::Application;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPMessage;

namespace {

struct RequestPolicy {
    virtual ~RequestPolicy() = default;
    virtual void apply(HTTPRequest& req) const = 0;
};

class BearerPolicy : public RequestPolicy {
public:
    explicit BearerPolicy(const std::string& token) : token_(token) {}
    void apply(HTTPRequest& req) const override {
        Poco::Net::OAuth20Credentials creds(token_);
        creds.authenticate(req);
    }
private:
    std::string token_;
};

class CompanyPolicy : public RequestPolicy {
public:
    explicit CompanyPolicy(Poco::Int64 companyId) : companyId_(companyId) {}
    void apply(HTTPRequest& req) const override {
        req.set("Procore-Company-Id", Poco::NumberFormatter::format(companyId_));
    }
private:
    Poco::Int64 companyId_;
};

struct Rfi {
    Poco::Int64 id = 0;
    Poco::Int64 projectId = 0;
    long assigneeId = 0;
    std::string subject;
    std::string number;
    int daysOpen = 0;
};

} // namespace

class ProcoreGateway : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "procore-gateway"; }

    void initialize(Application& app) override {
        auto& cfg = app.config();
        apiBase_ = Poco::URI(cfg.getString("procore.base_url", "https://api.procore.com"));
        tokenUrl_ = Poco::URI(cfg.getString("procore.token_url", "https://api.procore.com/oauth/token"));
        clientId_ = cfg.getString("procore.client_id");
        clientSecret_ = cfg.getString("procore.client_secret");
        refreshToken_ = cfg.getString("procore.refresh_token");
        companyId_ = cfg.getInt64("procore.company_id");
        refresh();
    }

    void uninitialize() override {}

    void refresh() {
        Poco::Net::HTTPSClientSession session(tokenUrl_.getHost(), tokenUrl_.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, tokenUrl_.getPathAndQuery(), HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken_);
        form.add("client_id", clientId_);
        form.add("client_secret", clientSecret_);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));

        Poco::Net::HTTPResponse resp;
        std::istream& rs = session.receiveResponse(resp);
        Poco::JSON::Parser parser;
        auto obj = parser.parse(rs).extract<Poco::JSON::Object::Ptr>();
        Poco::Mutex::ScopedLock lock(mutex_);
        accessToken_ = obj->getValue<std::string>("access_token");
        refreshToken_ = obj->optValue<std::string>("refresh_token", refreshToken_);
        int expiresIn = obj->optValue<int>("expires_in", 7200);
        Poco::Logger::get("procore").information("token refreshed, expires in %d s", expiresIn);
    }

    Poco::Dynamic::Var get(const std::string& path, bool companyScoped = true) {
        Poco::Net::HTTPSClientSession session(apiBase_.getHost(), apiBase_.getPort());
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Accept", "application/json");
        BearerPolicy(token()).apply(req);
        if (companyScoped)
            CompanyPolicy(companyId_).apply(req);
        session.sendRequest(req);

        Poco::Net::HTTPResponse resp;
        std::istream& rs = session.receiveResponse(resp);
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED) {
            refresh();
            return get(path, companyScoped);
        }
        Poco::JSON::Parser parser;
        return parser.parse(rs);
    }

    void postReply(Poco::Int64 projectId, Poco::Int64 rfiId, const std::string& body) {
        Poco::Net::HTTPSClientSession session(apiBase_.getHost(), apiBase_.getPort());
        std::string path = Poco::format("/rest/v1.0/projects/%Ld/rfis/%Ld/replies", projectId, rfiId);
        HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPMessage::HTTP_1_1);
        BearerPolicy(token()).apply(req);
        req.setContentType("application/json");
        std::string payload = "{\"reply\":{\"body\":\"" + body + "\"}}";
        req.setContentLength(static_cast<std::streamsize>(payload.size()));
        session.sendRequest(req) << payload;
        Poco::Net::HTTPResponse resp;
        session.receiveResponse(resp);
    }

    Poco::Int64 companyId() const { return companyId_; }

private:
    std::string token() {
        Poco::Mutex::ScopedLock lock(mutex_);
        return accessToken_;
    }

    Poco::URI apiBase_;
    Poco::URI tokenUrl_;
    std::string clientId_, clientSecret_, refreshToken_, accessToken_;
    Poco::Int64 companyId_ = 0;
    Poco::Mutex mutex_;
};

class RfiSyncDaemon : public Poco::Util::ServerApplication {
public:
    RfiSyncDaemon() : gateway_(new ProcoreGateway) { addSubsystem(gateway_); }

protected:
    int main(const ArgVec&) override {
        auto& log = logger();
        auto me = gateway_->get("/rest/v1.0/me", false).extract<Poco::JSON::Object::Ptr>();
        log.information("running as " + me->getValue<std::string>("login"));

        Poco::Timer timer(0, config().getInt("sync.interval_ms", 300000));
        timer.start(Poco::TimerCallback<RfiSyncDaemon>(*this, &RfiSyncDaemon::onTimer));
        waitForTerminationRequest();
        timer.stop();
        return Application::EXIT_OK;
    }

private:
    void onTimer(Poco::Timer&) {
        try {
            std::string path = Poco::format("/rest/v1.0/companies/%Ld/projects", gateway_->companyId());
            auto projects = gateway_->get(path).extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < projects->size(); ++i) {
                auto p = projects->getObject(static_cast<unsigned>(i));
                int projectId = p->getValue<int>("id");
                for (const auto& rfi : openRfis(projectId))
                    pushTicket(rfi);
            }
        } catch (const Poco::Exception& ex) {
            logger().error("sync failed: " + ex.displayText());
        }
    }

    std::vector<Rfi> openRfis(Poco::Int64 projectId) {
        std::vector<Rfi> out;
        for (int page = 1; page < 50; ++page) {
            auto arr = gateway_->get(Poco::format(
                "/rest/v1.1/projects/%Ld/rfis?filters[status]=open&page=%d&per_page=100",
                projectId, page)).extract<Poco::JSON::Array::Ptr>();
            if (arr->size() == 0)
                break;
            for (std::size_t i = 0; i < arr->size(); ++i) {
                auto o = arr->getObject(static_cast<unsigned>(i));
                Rfi r;
                r.id = o->getValue<Poco::Int64>("id");
                r.projectId = projectId;
                r.subject = o->optValue<std::string>("subject", "");
                r.number = o->get("number").convert<std::string>();
                r.daysOpen = o->optValue<int>("days_open", 0);
                if (auto assignee = o->getObject("assignee"))
                    r.assigneeId = assignee->getValue<Poco::Int64>("id");
                out.push_back(r);
            }
        }
        return out;
    }

    void pushTicket(const Rfi& rfi) {
        std::string link = Poco::format("https://app.procore.com/%Ld/project/rfi/show/%Ld",
                                        gateway_->companyId(), rfi.id);
        Poco::Net::HTTPClientSession ticketd(config().getString("ticketd.host", "127.0.0.1"),
                                             static_cast<Poco::UInt16>(config().getInt("ticketd.port", 8085)));
        HTTPRequest req(HTTPRequest::HTTP_PUT, "/tickets/procore-rfi-" + Poco::NumberFormatter::format(rfi.id),
                        HTTPMessage::HTTP_1_1);
        req.setContentType("application/json");
        std::string body = "{\"title\":\"RFI " + rfi.number + ": " + rfi.subject + "\",\"link\":\"" + link + "\"}";
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        ticketd.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        ticketd.receiveResponse(resp);
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_CONFLICT && rfi.daysOpen > 14)
            gateway_->postReply(rfi.projectId, rfi.id, "Escalated: open for more than two weeks.");
    }

    ProcoreGateway* gateway_;
};

POCO_SERVER_MAIN(RfiSyncDaemon)
