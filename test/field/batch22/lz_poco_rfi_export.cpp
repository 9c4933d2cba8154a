// rfi_export: exports the open RFIs of a Procore project to CSV for the
// weekly OAC meeting pack. Usage: rfi_export <project-id> > rfis.csv
//
// ProcoreSession is a process-wide singleton: environment, token and the
// keep-alive HTTPS sessions are initialised lazily on first use.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

class ProcoreSession {
public:
    static ProcoreSession &instance() {
        static ProcoreSession s;
        return s;
    }

    Poco::Int64 companyId() const { return companyId_; }

    // Sends a REST request with auth and company headers; returns the body.
    std::string send(HTTPRequest &req, int *status = nullptr) {
        req.set("Authorization", "Bearer " + token());
        req.set("Procore-Company-Id", std::to_string(companyId_));
        return exchange(api(), req, status);
    }

    std::string sendUnscoped(HTTPRequest &req) {
        req.set("Authorization", "Bearer " + token());
        return exchange(api(), req, nullptr);
    }

    const std::string &token() {
        std::call_once(tokenOnce_, [this] {
            HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
            Poco::Net::HTMLForm form;
            form.set("grant_type", "refresh_token");
            form.set("refresh_token", env("PROCORE_REFRESH_TOKEN"));
            form.set("client_id", env("PROCORE_CLIENT_ID"));
            form.set("client_secret", env("PROCORE_CLIENT_SECRET"));
            form.prepareSubmit(req);
            std::ostream &os = login().sendRequest(req);
            form.write(os);
            HTTPResponse res;
            std::istream &is = login().receiveResponse(res);
            std::string body;
            Poco::StreamCopier::copyToString(is, body);
            Poco::JSON::Parser p;
            token_ = p.parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");
        });
        return token_;
    }

    HTTPSClientSession &api() {
        static HTTPSClientSession s(apiHost_, 443);
        return s;
    }

private:
    ProcoreSession() {
        Poco::Net::initializeSSL();
        const std::string which = env("PROCORE_ENV", "production");
        if (which == "monthly") {
            loginHost_ = "login-sandbox-monthly.procore.com";
            apiHost_ = "sandbox-monthly.procore.com";
        } else {
            loginHost_ = "login.procore.com";
            apiHost_ = "api.procore.com";
        }
        companyId_ = std::stoll(env("PROCORE_COMPANY_ID"));
    }

    static std::string env(const char *name, const char *fallback = "") {
        const char *v = std::getenv(name);
        return v ? v : fallback;
    }

    HTTPSClientSession &login() {
        static HTTPSClientSession s(loginHost_, 443);
        return s;
    }

    static std::string exchange(HTTPSClientSession &s, HTTPRequest &req, int *status) {
        req.set("Accept", "application/json");
        s.sendRequest(req);
        HTTPResponse res;
        std::istream &is = s.receiveResponse(res);
        std::string body;
        Poco::StreamCopier::copyToString(is, body);
        if (status) *status = static_cast<int>(res.getStatus());
        return body;
    }

    std::string loginHost_;
    std::string apiHost_;
    Poco::Int64 companyId_ = 0;
    std::once_flag tokenOnce_;
    std::string token_;
};

struct User {
    long id;
    std::string name;
};

static std::map<Poco::Int64, std::string> &userNames() {
    static std::map<Poco::Int64, std::string> names = [] {
        std::map<Poco::Int64, std::string> m;
        auto &ps = ProcoreSession::instance();
        HTTPRequest req(HTTPRequest::HTTP_GET,
                        "/rest/v1.0/companies/" + std::to_string(ps.companyId()) + "/users",
                        HTTPRequest::HTTP_1_1);
        Poco::JSON::Parser p;
        auto arr = p.parse(ps.send(req)).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto o = arr->getObject(static_cast<unsigned>(i));
            User u{o->getValue<long>("id"), o->optValue<std::string>("name", "")};
            m[u.id] = u.name;
        }
        return m;
    }();
    return names;
}

static std::string csvEscape(const std::string &s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

static std::string rfiQuestion(Poco::Int64 projectId, Poco::Int64 rfiId) {
    auto &ps = ProcoreSession::instance();
    HTTPRequest req(HTTPRequest::HTTP_GET,
                    "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis/" + std::to_string(rfiId),
                    HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + ps.token());
    req.set("X-Procore-Company-Id", std::to_string(ps.companyId()));
    req.set("Accept", "application/json");
    ps.api().sendRequest(req);
    HTTPResponse res;
    std::istream &is = ps.api().receiveResponse(res);
    std::string body;
    Poco::StreamCopier::copyToString(is, body);
    Poco::JSON::Parser p;
    auto o = p.parse(body).extract<Poco::JSON::Object::Ptr>();
    auto questions = o->getArray("questions");
    if (!questions || questions->size() == 0) return "";
    return questions->getObject(0)->optValue<std::string>("plain_text_body", "");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        std::cerr << "usage: rfi_export <project-id>\n";
        return 2;
    }
    const Poco::Int64 projectId = std::stoll(argv[1]);
    auto &ps = ProcoreSession::instance();

    HTTPRequest companiesReq(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPRequest::HTTP_1_1);
    Poco::JSON::Parser cp;
    auto companies = cp.parse(ps.sendUnscoped(companiesReq)).extract<Poco::JSON::Array::Ptr>();
    std::cerr << "token can see " << companies->size() << " companies\n";

    HTTPRequest rfisReq(HTTPRequest::HTTP_GET,
                        "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis?filters[status]=open",
                        HTTPRequest::HTTP_1_1);
    int status = 0;
    const std::string body = ps.send(rfisReq, &status);
    if (status != 200) {
        std::cerr << "RFI list failed with HTTP " << status << "\n";
        return 1;
    }

    Poco::JSON::Parser p;
    auto rfis = p.parse(body).extract<Poco::JSON::Array::Ptr>();
    std::cout << "number,subject,assignee,due,question,link\n";
    for (std::size_t i = 0; i < rfis->size(); ++i) {
        auto r = rfis->getObject(static_cast<unsigned>(i));
        const Poco::Int64 rfiId = r->getValue<Poco::Int64>("id");
        const int assigneeId = r->isNull("assignee_id") ? 0 : r->getValue<int>("assignee_id");
        std::cout << r->optValue<std::string>("number", "") << ','
                  << csvEscape(r->optValue<std::string>("subject", "")) << ','
                  << csvEscape(userNames()[assigneeId]) << ','
                  << r->optValue<std::string>("due_date", "") << ','
                  << csvEscape(rfiQuestion(projectId, rfiId)) << ','
                  << "https://app.procore.com/" << projectId << "/project/rfi/show/" << rfiId << "\n";
    }
    return 0;
}
