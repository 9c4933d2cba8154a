// submittal_sync - mirrors open submittals of every project of a company into
// the local review queue and flags the ones whose ball-in-court changed.
//
// Auth: refresh-token flow. The refresh token lives in ~/.config/subsync/token.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace subsync {

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

constexpr Environment kEnvironments[] = {
    {"production",
     "login.procore.com",
     "api.procore.com"},
    {"sandbox",
     "sandbox.procore.com",
     "sandbox.procore.com"},
    {"monthly",
     "login-sandbox-monthly.procore.com",
     "api-monthly.procore.com"},
};

// Links we paste into the review queue for humans to click.
constexpr const char* kWebBase = "https://app.procore.com";

thread_local std::int64_t g_company_id = 0;

// Sets the "current company" for everything created inside the scope and puts
// the previous one back when the scope ends.
class ScopedCompanyContext {
public:
    explicit ScopedCompanyContext(std::int64_t company_id) : previous_(g_company_id) {
        g_company_id = company_id;
    }
    ~ScopedCompanyContext() { g_company_id = previous_; }
    ScopedCompanyContext(const ScopedCompanyContext&) = delete;
    ScopedCompanyContext& operator=(const ScopedCompanyContext&) = delete;

private:
    std::int64_t previous_;
};

// A request is built once and handed over; nobody keeps a copy around.
class ApiRequest {
public:
    ApiRequest(std::string method, std::string path)
        : method_(std::move(method)), path_(std::move(path)) {}
    ApiRequest(ApiRequest&&) noexcept = default;
    ApiRequest& operator=(ApiRequest&&) noexcept = default;
    ApiRequest(const ApiRequest&) = delete;
    ApiRequest& operator=(const ApiRequest&) = delete;

    ApiRequest&& withJson(std::string body) && {
        body_ = std::move(body);
        return std::move(*this);
    }

    const std::string& method() const { return method_; }
    const std::string& path() const { return path_; }
    const std::string& body() const { return body_; }

private:
    std::string method_;
    std::string path_;
    std::string body_;
};

// Opens a TLS session and captures the default headers at construction time.
class ScopedSession {
public:
    ScopedSession(const std::string& host, const std::string& access_token)
        : session_(host, Poco::Net::HTTPSClientSession::HTTPS_PORT) {
        session_.setKeepAlive(true);
        defaults_.emplace_back("Authorization", "Bearer " + access_token);
        defaults_.emplace_back("Accept", "application/json");
        if (g_company_id != 0)
            defaults_.emplace_back("Procore-Company-Id", std::to_string(g_company_id));
    }
    ~ScopedSession() {
        try { session_.reset(); } catch (...) {}
    }
    ScopedSession(const ScopedSession&) = delete;
    ScopedSession& operator=(const ScopedSession&) = delete;

    Poco::Dynamic::Var send(ApiRequest req) {
        Poco::Net::HTTPRequest http(req.method(), req.path(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& h : defaults_) http.set(h.first, h.second);
        if (!req.body().empty()) {
            http.setContentType("application/json");
            http.setContentLength(static_cast<std::streamsize>(req.body().size()));
        }
        std::ostream& out = session_.sendRequest(http);
        out << req.body();

        Poco::Net::HTTPResponse response;
        std::istream& in = session_.receiveResponse(response);
        std::string raw;
        Poco::StreamCopier::copyToString(in, raw);
        int status = response.getStatus();
        if (status >= 300)
            throw std::runtime_error(req.path() + " -> HTTP " + std::to_string(status));
        if (raw.empty()) return {};
        return Poco::JSON::Parser().parse(raw);
    }

private:
    Poco::Net::HTTPSClientSession session_;
    std::vector<std::pair<std::string, std::string>> defaults_;
};

struct Submittal {
    std::int64_t id = 0;
    int project_id = 0;
    std::string title;
    std::string status;
    long ball_in_court_id = 0;
};

std::string refreshAccessToken(const Environment& env, const std::string& client_id,
                               const std::string& client_secret, std::string& refresh_token) {
    Poco::Net::HTTPSClientSession login(env.login_host, Poco::Net::HTTPSClientSession::HTTPS_PORT);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("refresh_token", refresh_token);
    form.set("client_id", client_id);
    form.set("client_secret", client_secret);
    form.prepareSubmit(req);
    form.write(login.sendRequest(req));

    Poco::Net::HTTPResponse resp;
    std::istream& in = login.receiveResponse(resp);
    auto obj = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
    refresh_token = obj->getValue<std::string>("refresh_token");
    return obj->getValue<std::string>("access_token");
}

std::vector<Submittal> openSubmittals(ScopedSession& api, std::int64_t project_id) {
    std::vector<Submittal> out;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                           "/submittals?filters[status_id]=1&per_page=100&page=" + std::to_string(page);
        auto arr = api.send(ApiRequest("GET", std::move(path))).extract<Poco::JSON::Array::Ptr>();
        if (arr->size() == 0) break;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto s = arr->getObject(static_cast<unsigned>(i));
            Submittal sub;
            sub.id = s->getValue<std::int64_t>("id");
            sub.project_id = static_cast<int>(project_id);
            sub.title = s->optValue<std::string>("title", "");
            auto bic = s->getArray("ball_in_court");
            if (bic && bic->size() > 0)
                sub.ball_in_court_id = bic->getObject(0)->getValue<int>("id");
            out.push_back(std::move(sub));
        }
    }
    return out;
}

}  // namespace subsync

int main(int argc, char** argv) {
    using namespace subsync;
    if (argc < 5) {
        std::cerr << "usage: subsync <env> <client_id> <client_secret> <company_id>\n";
        return 2;
    }
    const Environment* env = &kEnvironments[0];
    for (const auto& e : kEnvironments)
        if (std::strcmp(e.name, argv[1]) == 0) env = &e;

    std::string refresh_token = "stored-refresh-token";
    const std::string token = refreshAccessToken(*env, argv[2], argv[3], refresh_token);
    const std::int64_t company_id = std::stoll(argv[4]);

    // Who are we? Used in the audit trail only.
    std::int64_t me_id = 0;
    ScopedSession bootstrap(env->api_host, token);
    {
        auto me = bootstrap.send(ApiRequest("GET", "/rest/v1.0/me")).extract<Poco::JSON::Object::Ptr>();
        me_id = me->getValue<std::int64_t>("id");
    }

    std::map<std::int64_t, std::vector<Submittal>> by_project;
    {
        ScopedCompanyContext company(company_id);
        ScopedSession api(env->api_host, token);
        auto projects = api.send(ApiRequest("GET", "/rest/v1.0/projects?company_id=" +
                                                       std::to_string(company_id)))
                            .extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < projects->size(); ++i) {
            std::int64_t pid = projects->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id");
            by_project[pid] = openSubmittals(api, pid);
        }
    }

    int stale = 0;
    for (auto& [pid, subs] : by_project) {
        for (auto& sub : subs) {
            if (sub.ball_in_court_id != 0) continue;
            ++stale;
            std::cout << "unassigned: " << sub.title << "  " << kWebBase << "/" << company_id
                      << "/project/submittal_logs/" << sub.id << "\n";
            // Tag it so the PM sees it in Procore as well. The bootstrap session
            // is still open, so reuse it instead of opening another TLS session.
            Poco::JSON::Object patch;
            Poco::JSON::Object fields;
            fields.set("private", false);
            fields.set("description", "Flagged by subsync (user " + std::to_string(me_id) + ")");
            patch.set("submittal", fields);
            std::ostringstream body;
            Poco::JSON::Stringifier::stringify(patch, body);
            bootstrap.send(ApiRequest("PATCH", "/rest/v1.1/projects/" + std::to_string(pid) +
                                                   "/submittals/" + std::to_string(sub.id))
                               .withJson(body.str()));
        }
    }
    std::cout << stale << " submittals without ball-in-court\n";
    return 0;
}
