// submittal_watcher.cpp
//
// Sandbox build of the submittal watcher: one poll task per watched project,
// posts a Teams card when a submittal changes ball-in-court.
// Config: watcher.properties (procore.*, watch.projects, teams.webhook).

#include <Poco/Util/ServerApplication.h>
#include <Poco/Util/Subsystem.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/OAuth20Credentials.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/Task.h>
#include <Poco/TaskManager.h>
#include <Poco/Logger.h>
#include <Poco/Format.h>
#include <Poco/URI.h>
#include <Poco/Mutex.h>
#include <Poco/StringTokenizer.h>
#include <Poco/NumberFormatter.h>

#include <map>
#include <set>
#include <string>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPMessage;

class TokenStore : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "token-store"; }

    void initialize(Poco::Util::Application& app) override {
        authBase_ = app.config().getString("procore.auth_base", "https://sandbox.procore.com");
        clientId_ = app.config().getString("procore.client_id");
        clientSecret_ = app.config().getString("procore.client_secret");
        refresh_ = app.config().getString("procore.refresh_token");
        renew();
    }

    void uninitialize() override {
        // Revoke so a stolen properties file is useless after shutdown.
        Poco::URI uri(authBase_ + "/oauth/revoke");
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, uri.getPath(), HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("token", access_);
        form.add("client_id", clientId_);
        form.add("client_secret", clientSecret_);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        HTTPResponse resp;
        session.receiveResponse(resp);
    }

    void renew() {
        Poco::URI uri(authBase_ + "/oauth/token");
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, uri.getPath(), HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refresh_);
        form.add("client_id", clientId_);
        form.add("client_secret", clientSecret_);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        HTTPResponse resp;
        Poco::JSON::Parser parser;
        auto obj = parser.parse(session.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
        Poco::FastMutex::ScopedLock lock(mutex_);
        access_ = obj->getValue<std::string>("access_token");
        refresh_ = obj->getValue<std::string>("refresh_token");
    }

    void authorize(HTTPRequest& req) {
        Poco::FastMutex::ScopedLock lock(mutex_);
        Poco::Net::OAuth20Credentials(access_).authenticate(req);
    }

private:
    std::string authBase_, clientId_, clientSecret_, refresh_, access_;
    Poco::FastMutex mutex_;
};

// Adds the company scope every project-level endpoint wants.
class CompanyScope {
public:
    explicit CompanyScope(Poco::Int64 id) : value_(Poco::NumberFormatter::format(id)) {}
    void operator()(HTTPRequest& req) const { req.set("Procore-Company-Id", value_); }
    const std::string& value() const { return value_; }
private:
    std::string value_;
};

class SubmittalPollTask : public Poco::Task {
public:
    SubmittalPollTask(TokenStore& tokens, const Poco::URI& api, const CompanyScope& scope,
                      Poco::Int64 projectId, const std::string& webhook)
        : Poco::Task(Poco::format("submittals-%Ld", projectId)), tokens_(tokens), api_(api),
          scope_(scope), projectId_(projectId), webhook_(webhook), log_(Poco::Logger::get(name())) {}

    void runTask() override {
        while (!isCancelled()) {
            try {
                poll();
            } catch (const Poco::Exception& ex) {
                log_.warning("poll failed: %s", ex.displayText());
            }
            if (sleep(120000))
                break;
        }
    }

private:
    Poco::Dynamic::Var getJson(HTTPRequest& req) {
        Poco::Net::HTTPSClientSession session(api_.getHost(), api_.getPort());
        tokens_.authorize(req);
        session.sendRequest(req);
        HTTPResponse resp;
        std::istream& rs = session.receiveResponse(resp);
        if (resp.getStatus() == HTTPResponse::HTTP_UNAUTHORIZED) {
            tokens_.renew();
            throw Poco::IOException("token expired, retry next round");
        }
        Poco::JSON::Parser parser;
        return parser.parse(rs);
    }

    void poll() {
        HTTPRequest list(HTTPRequest::HTTP_GET,
                         Poco::format("/rest/v1.0/projects/%Ld/submittals?per_page=100", projectId_),
                         HTTPMessage::HTTP_1_1);
        scope_(list);
        auto submittals = getJson(list).extract<Poco::JSON::Array::Ptr>();
        int total = static_cast<int>(submittals->size());
        for (int i = 0; i < total; ++i) {
            auto s = submittals->getObject(i);
            Poco::Int64 id = s->getValue<Poco::Int64>("id");
            std::string court = s->optValue<std::string>("ball_in_court_name", "");
            auto it = lastCourt_.find(id);
            if (it != lastCourt_.end() && it->second != court)
                announce(id, court);
            lastCourt_[id] = court;
            setProgress(float(i + 1) / float(total));
        }
    }

    void announce(Poco::Int64 submittalId, const std::string& court) {
        HTTPRequest detail(HTTPRequest::HTTP_GET,
                           Poco::format("/rest/v1.0/projects/%Ld/submittals/%Ld", projectId_, submittalId),
                           HTTPMessage::HTTP_1_1);
        detail.add("Procore-CompanyId", scope_.value());
        auto s = getJson(detail).extract<Poco::JSON::Object::Ptr>();

        std::string spec;
        if (auto section = s->getObject("specification_section")) {
            int specSectionId = section->get("id").convert<int>();
            spec = Poco::format("%s (%d)", section->optValue<std::string>("label", ""), specSectionId);
        }
        if (auto approvers = s->getArray("approvers"))
            for (std::size_t k = 0; k < approvers->size(); ++k)
                describeApprover(approvers->getObject(static_cast<unsigned>(k))->getValue<Poco::Int32>("user_id"));

        postCard(Poco::format("Submittal %s %s is now with %s",
                              s->optValue<std::string>("number", "?"), spec, court));
    }

    void describeApprover(Poco::Int32 userId) {
        HTTPRequest req(HTTPRequest::HTTP_GET,
                        Poco::format("/rest/v1.0/companies/%s/users/%d", scope_.value(), userId),
                        HTTPMessage::HTTP_1_1);
        scope_(req);
        auto user = getJson(req).extract<Poco::JSON::Object::Ptr>();
        log_.information("approver %s", user->optValue<std::string>("name", "?"));
    }

    void postCard(const std::string& text) {
        Poco::URI hook(webhook_);
        Poco::Net::HTTPSClientSession teams(hook.getHost(), hook.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, hook.getPathAndQuery(), HTTPMessage::HTTP_1_1);
        std::string body = "{\"text\":\"" + text + "\"}";
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        teams.sendRequest(req) << body;
        HTTPResponse resp;
        teams.receiveResponse(resp);
    }

    TokenStore& tokens_;
    Poco::URI api_;
    CompanyScope scope_;
    Poco::Int64 projectId_;
    std::string webhook_;
    Poco::Logger& log_;
    std::map<Poco::Int64, std::string> lastCourt_;
};

class SubmittalWatcher : public Poco::Util::ServerApplication {
public:
    SubmittalWatcher() : tokens_(new TokenStore) { addSubsystem(tokens_); }

protected:
    int main(const ArgVec&) override {
        Poco::URI api(config().getString("procore.base_url", "https://sandbox.procore.com"));
        CompanyScope scope(config().getInt64("procore.company_id"));

        HTTPRequest me(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPMessage::HTTP_1_1);
        tokens_->authorize(me);
        Poco::Net::HTTPSClientSession session(api.getHost(), api.getPort());
        session.sendRequest(me);
        HTTPResponse resp;
        session.receiveResponse(resp);
        if (resp.getStatus() != HTTPResponse::HTTP_OK) {
            logger().fatal("token rejected (%d)", static_cast<int>(resp.getStatus()));
            return EXIT_NOPERM;
        }

        Poco::TaskManager tm;
        std::string webhook = config().getString("teams.webhook");
        Poco::StringTokenizer ids(config().getString("watch.projects", ""), ",",
                                  Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& id : ids)
            tm.start(new SubmittalPollTask(*tokens_, api, scope, std::stoll(id), webhook));

        waitForTerminationRequest();
        tm.cancelAll();
        tm.joinAll();
        return EXIT_OK;
    }

private:
    TokenStore* tokens_;
};

POCO_SERVER_MAIN(SubmittalWatcher)
