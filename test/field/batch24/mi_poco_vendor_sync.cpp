// vendor-sync: service-account daemon that mirrors Procore vendors into the ERP.
//
// Authenticates as a Developer Managed Service Account (client_credentials).
// Environment: --env=<production|sandbox|developer|monthly> or PROCORE_ENV.
// PROCORE_MPR_HOSTS=1 enables the per-environment hosts; without it we keep
// talking to the pre-MPR host so that the old deployment keeps working.
#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

struct HostPair {
    std::string login;
    std::string api;
};

// Kept for compatibility with configs that predate the MPR hosts.
// TODO(MPR-212): remove after the cutover weekend.
static const std::string kLegacyApiHost = "app.procore.com";

static const std::map<std::string, HostPair> kHosts = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox", {"login-sandbox.procore.com", "sandbox.procore.com"}},
    // alias requested by QA
    {"developer", {"sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly", {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"}},
};

struct Vendor {
    Poco::Int64 id = 0;
    std::string name;
    std::string abbreviatedName;
};

class ProcoreClient {
public:
    ProcoreClient(const std::string &env, bool useMprHosts)
        : m_hosts(kHosts.at(env)), m_useMprHosts(useMprHosts) {}

    void authenticate(const std::string &clientId, const std::string &clientSecret)
    {
        HTTPSClientSession session(m_hosts.login, 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.set("grant_type", "client_credentials");
        form.set("client_id", clientId);
        form.set("client_secret", clientSecret);
        form.prepareSubmit(req);
        std::ostream &os = session.sendRequest(req);
        form.write(os);
        HTTPResponse resp;
        std::istream &is = session.receiveResponse(resp);
        Poco::JSON::Parser parser;
        auto obj = parser.parse(is).extract<Poco::JSON::Object::Ptr>();
        m_token = obj->getValue<std::string>("access_token");
    }

    // Company-scoped GET.
    Poco::Dynamic::Var get(const std::string &path, Poco::Int64 companyId)
    {
        HTTPSClientSession session(apiHost(), 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + m_token);
        req.set("Procore-Company-Id", std::to_string(companyId));
        session.sendRequest(req);
        return readJson(session);
    }

    // For endpoints that are not company scoped (companies list) or that
    // already carry the company in the path.
    // TODO(MPR-212): check whether this is still true for service accounts.
    Poco::Dynamic::Var getUnscoped(const std::string &path)
    {
        HTTPSClientSession session(apiHost(), 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + m_token);
        session.sendRequest(req);
        return readJson(session);
    }

private:
    std::string apiHost() const
    {
        if (m_useMprHosts)
            return m_hosts.api;
        return kLegacyApiHost;
    }

    static Poco::Dynamic::Var readJson(HTTPSClientSession &session)
    {
        HTTPResponse resp;
        std::istream &is = session.receiveResponse(resp);
        if (resp.getStatus() >= 400) {
            std::string body;
            Poco::StreamCopier::copyToString(is, body);
            throw std::runtime_error("Procore " + std::to_string(static_cast<int>(resp.getStatus())) + ": " + body);
        }
        Poco::JSON::Parser parser;
        return parser.parse(is);
    }

    HostPair m_hosts;
    bool m_useMprHosts;
    std::string m_token;
};

// ERP side: plain HTTP on the internal network, no Procore headers here.
static void pushToErp(const Vendor &v)
{
    Poco::Net::HTTPClientSession erp("erp.internal.acme.local", 8080);
    HTTPRequest req(HTTPRequest::HTTP_PUT, "/api/suppliers/procore-" + std::to_string(v.id), HTTPRequest::HTTP_1_1);
    req.setContentType("application/json");
    Poco::JSON::Object body;
    body.set("name", v.name);
    body.set("short_name", v.abbreviatedName);
    body.set("external_id", v.id);
    std::ostringstream ss;
    body.stringify(ss);
    req.setContentLength(static_cast<std::streamsize>(ss.str().size()));
    erp.sendRequest(req) << ss.str();
    HTTPResponse resp;
    erp.receiveResponse(resp);
}

static std::string argValue(int argc, char **argv, const std::string &name, const std::string &fallback)
{
    const std::string prefix = "--" + name + "=";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind(prefix, 0) == 0)
            return a.substr(prefix.size());
    }
    return fallback;
}

int main(int argc, char **argv)
{
    const std::string env = argValue(argc, argv, "env", Poco::Environment::get("PROCORE_ENV", "production"));
    const bool useMpr = Poco::Environment::get("PROCORE_MPR_HOSTS", "0") == "1";
    const Poco::Int64 companyId =
        Poco::NumberParser::parse64(argValue(argc, argv, "company", Poco::Environment::get("PROCORE_COMPANY_ID", "0")));
    const int maxPages = Poco::NumberParser::parse(argValue(argc, argv, "max-pages", "20"));

    try {
        ProcoreClient client(env, useMpr);
        client.authenticate(Poco::Environment::get("PROCORE_CLIENT_ID"), Poco::Environment::get("PROCORE_CLIENT_SECRET"));

        auto me = client.get("/rest/v1.0/me", companyId).extract<Poco::JSON::Object::Ptr>();
        std::cout << "service account: " << me->getValue<std::string>("login") << "\n";

        // companies list is exempt from the header
        auto companies = client.getUnscoped("/rest/v1.0/companies").extract<Poco::JSON::Array::Ptr>();
        bool found = false;
        for (std::size_t i = 0; i < companies->size(); ++i)
            found = found || companies->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id") == companyId;
        if (!found) {
            std::cerr << "service account has no access to company " << companyId << "\n";
            return 1;
        }

        std::vector<int> projectIds;
        auto projects = client.get("/rest/v1.0/projects?company_id=" + std::to_string(companyId), companyId)
                            .extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < projects->size(); ++i)
            projectIds.push_back(projects->getObject(static_cast<unsigned>(i))->getValue<int>("id"));
        std::cout << projectIds.size() << " projects\n";

        int synced = 0;
        for (int page = 1; page <= maxPages; ++page) {
            const std::string path = "/rest/v1.0/companies/" + std::to_string(companyId) +
                                     "/vendors?page=" + std::to_string(page) + "&per_page=100";
            auto vendors = client.getUnscoped(path).extract<Poco::JSON::Array::Ptr>();
            if (vendors->size() == 0)
                break;
            for (std::size_t i = 0; i < vendors->size(); ++i) {
                auto o = vendors->getObject(static_cast<unsigned>(i));
                Vendor v;
                v.id = o->getValue<Poco::Int64>("id");
                v.name = o->optValue<std::string>("name", "");
                v.abbreviatedName = o->optValue<std::string>("abbreviated_name", "");
                pushToErp(v);
                ++synced;
            }
        }

        for (int projectId : projectIds) {
            auto pv = client.get("/rest/v1.0/projects/" + std::to_string(projectId) + "/vendors", companyId)
                          .extract<Poco::JSON::Array::Ptr>();
            std::cout << "project " << projectId << ": " << pv->size() << " vendors\n";
        }
        std::cout << "synced " << synced << " vendors\n";
    } catch (const std::exception &e) {
        std::cerr << "vendor-sync failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
