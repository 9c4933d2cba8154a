// dmsa_project_mirror.cpp
//
// Mirrors the Procore project list of every configured company into the
// reporting backend. Authenticates as a Developer Managed Service Account
// (client_credentials), so no user is involved. Config: mirror.ini
//
//   [procore]
//   client_id = ...
//   client_secret = ...
//   companies = 4201, 4377
//   [reporting]
//   host = reporting.internal

#include <Poco/AutoPtr.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Types.h>
#include <Poco/URI.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

struct MirrorConfig {
    std::string loginBase;
    std::string apiBase;
    std::string clientId;
    std::string clientSecret;
    std::vector<Poco::Int64> companyIds;
    std::string reportingHost;
    int pageSize = 100;
};

struct ProjectRow {
    long projectId = 0;
    Poco::Int64 companyId = 0;
    std::string number;
    std::string name;
    bool active = false;
};

static MirrorConfig loadConfig(const std::string& path)
{
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini(new Poco::Util::IniFileConfiguration(path));
    MirrorConfig c;
    c.loginBase     = ini->getString("procore.login_base", "https://login.procore.com");
    c.apiBase       = ini->getString("procore.api_base", "https://api.procore.com");
    c.clientId      = ini->getString("procore.client_id");
    c.clientSecret  = ini->getString("procore.client_secret");
    c.reportingHost = ini->getString("reporting.host", "reporting.internal");
    c.pageSize      = ini->getInt("procore.page_size", 100);

    Poco::StringTokenizer tok(ini->getString("procore.companies", ""), ",",
                              Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tok)
        c.companyIds.push_back(Poco::NumberParser::parse64(t));
    return c;
}

static std::string fetchToken(const MirrorConfig& c)
{
    Poco::URI login(c.loginBase);
    Poco::Net::HTTPSClientSession s(login.getHost(), login.getPort());
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "client_credentials");
    form.set("client_id", c.clientId);
    form.set("client_secret", c.clientSecret);
    form.prepareSubmit(req);
    form.write(s.sendRequest(req));

    Poco::Net::HTTPResponse resp;
    Poco::JSON::Parser p;
    auto obj = p.parse(s.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
    return obj->getValue<std::string>("access_token");
}

class ProcoreApi {
public:
    ProcoreApi(const MirrorConfig& c, std::string token)
        : uri_(c.apiBase), session_(uri_.getHost(), uri_.getPort())
    {
        proto_.set("Authorization", "Bearer " + token);
        proto_.set("Accept", "application/json");
        proto_.set("User-Agent", "project-mirror/2.3");
    }

    Poco::Dynamic::Var get(const std::string& pathAndQuery, Poco::Int64 companyId = 0)
    {
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, pathAndQuery,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& h : proto_)
            req.set(h.first, h.second);
        if (companyId != 0)
            req.set("Procore-Company-Id", std::to_string(companyId));

        session_.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream& is = session_.receiveResponse(resp);
        if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            std::cerr << "GET " << pathAndQuery << " -> " << resp.getStatus() << "\n";
            is.ignore(1 << 20);
            return Poco::Dynamic::Var();
        }
        Poco::JSON::Parser p;
        return p.parse(is);
    }

private:
    Poco::URI uri_;
    Poco::Net::HTTPSClientSession session_;
    Poco::Net::HTTPRequest proto_;
};

static std::vector<ProjectRow> listProjects(ProcoreApi& api, Poco::Int64 companyId, int pageSize)
{
    std::vector<ProjectRow> rows;
    for (int page = 1;; ++page) {
        Poco::URI u("/rest/v1.1/projects");
        u.addQueryParameter("company_id", std::to_string(companyId));
        u.addQueryParameter("page", std::to_string(page));
        u.addQueryParameter("per_page", std::to_string(pageSize));
        Poco::Dynamic::Var v = api.get(u.getPathAndQuery(), companyId);
        if (v.isEmpty()) break;
        auto arr = v.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto o = arr->getObject(static_cast<unsigned int>(i));
            ProjectRow r;
            r.projectId = o->getValue<Poco::Int64>("id");
            r.companyId = companyId;
            r.number    = o->optValue<std::string>("project_number", "");
            r.name      = o->getValue<std::string>("name");
            r.active    = o->optValue<bool>("active", true);
            rows.push_back(r);
        }
        if (static_cast<int>(arr->size()) < pageSize) break;
    }
    return rows;
}

static int pushToReporting(const MirrorConfig& c, const std::vector<ProjectRow>& rows)
{
    Poco::JSON::Array out;
    std::map<std::string, int> projectByNumber;
    for (const auto& r : rows) {
        Poco::JSON::Object o;
        o.set("procore_project_id", static_cast<Poco::Int64>(r.projectId));
        o.set("procore_company_id", r.companyId);
        o.set("number", r.number);
        o.set("name", r.name);
        o.set("active", r.active);
        out.add(o);
        if (!r.number.empty())
            projectByNumber[r.number] = r.projectId;
    }
    std::cout << projectByNumber.size() << " projects carry a project number\n";

    std::ostringstream body;
    out.stringify(body);
    Poco::Net::HTTPSClientSession s(c.reportingHost, 443);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_PUT, "/api/v2/procore/projects",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.str().size()));
    s.sendRequest(req) << body.str();
    Poco::Net::HTTPResponse resp;
    s.receiveResponse(resp).ignore(1 << 16);
    return static_cast<int>(resp.getStatus());
}

int main(int argc, char** argv)
{
    MirrorConfig cfg = loadConfig(argc > 1 ? argv[1] : "mirror.ini");
    ProcoreApi api(cfg, fetchToken(cfg));

    Poco::Dynamic::Var me = api.get("/rest/v1.0/me");
    if (!me.isEmpty())
        std::cout << "running as " << me.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") << "\n";

    std::vector<ProjectRow> all;
    for (Poco::Int64 companyId : cfg.companyIds) {
        auto rows = listProjects(api, companyId, cfg.pageSize);
        std::cout << "company " << companyId << ": " << rows.size() << " projects\n";
        all.insert(all.end(), rows.begin(), rows.end());
    }

    int status = pushToReporting(cfg, all);
    std::cout << "reporting backend answered " << status << "\n";
    return status < 300 ? 0 : 1;
}
