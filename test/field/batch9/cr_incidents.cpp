// incident_relay - safety-team daemon. Runs as a Developer Managed Service
// Account (client_credentials), pulls new incidents and forwards them to the
// EHS system. CRTP client + policies, Poco::Net for transport, jsoncpp.
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace relay {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

// ------------------------------------------------------------------ traits
struct IncidentsEndpoint {
    static constexpr const char* collection = "/rest/v1.0/projects/%P/incidents";
    using id_type = std::uint64_t;
    static constexpr bool company_scoped = true;
};

struct WitnessStatementsEndpoint {
    static constexpr const char* collection = "/rest/v1.0/projects/%P/incidents/witness_statements";
    using id_type = unsigned;
    static constexpr bool company_scoped = true;
};

struct CompaniesEndpoint {
    static constexpr const char* collection = "/rest/v1.0/companies";
    using id_type = std::int64_t;
    static constexpr bool company_scoped = false;  // exempt per docs
};

// ------------------------------------------------------------------ policies
struct ClientCredentialsAuth {
    std::string token;
    void sign(HTTPRequest& r) const { r.set("Authorization", "Bearer " + token); }
};

struct HeaderCompanyScope {
    std::int64_t companyId = 0;
    void scope(HTTPRequest& r) const { r.set("Procore-Company-Id", std::to_string(companyId)); }
};

// ------------------------------------------------------------------ CRTP base
template <typename Derived, typename Auth, typename Scope>
class ClientBase {
public:
    ClientBase(Auth a, Scope s) : auth_(std::move(a)), scope_(s) {}

    template <typename Endpoint>
    Json::Value get(std::int64_t projectId, const std::string& query = "") {
        std::string path = Endpoint::collection;
        auto p = path.find("%P");
        if (p != std::string::npos) path.replace(p, 2, std::to_string(projectId));
        if (!query.empty()) path += "?" + query;

        HTTPSClientSession session(derived().host(), derived().port());
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        auth_.sign(req);
        if constexpr (Endpoint::company_scoped) {
            scope_.scope(req);
        }
        req.add("Accept", "application/json");
        session.sendRequest(req);
        HTTPResponse resp;
        std::istream& is = session.receiveResponse(resp);
        Json::Value root;
        Json::CharReaderBuilder b;
        std::string errs;
        Json::parseFromStream(b, is, &root, &errs);
        return root;
    }

protected:
    Derived& derived() { return static_cast<Derived&>(*this); }
    Auth auth_;
    Scope scope_;
};

class ProcoreProd
    : public ClientBase<ProcoreProd, ClientCredentialsAuth, HeaderCompanyScope> {
public:
    using ClientBase::ClientBase;
    std::string host() const { return "api.procore.com"; }
    Poco::UInt16 port() const { return 443; }
};

// EU customers were moved to the zone host last year.
class ProcoreZone
    : public ClientBase<ProcoreZone, ClientCredentialsAuth, HeaderCompanyScope> {
public:
    using ClientBase::ClientBase;
    std::string host() const { return "us02.procore.com"; }
    Poco::UInt16 port() const { return 443; }
};

// ------------------------------------------------------------------ token
std::string fetchServiceToken(const std::string& clientId, const std::string& secret) {
    HTTPSClientSession session("login.procore.com", 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "client_credentials");
    form.set("client_id", clientId);
    form.set("client_secret", secret);
    form.prepareSubmit(req);
    form.write(session.sendRequest(req));
    HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    Json::Value root;
    is >> root;
    return root["access_token"].asString();
}

// ------------------------------------------------------------------ model
struct Incident {
    IncidentsEndpoint::id_type id = 0;
    std::int64_t projectId = 0;
    std::string title;
    std::string eventDate;
    bool recordable = false;
    std::vector<WitnessStatementsEndpoint::id_type> statements;
};

std::vector<Incident> toIncidents(const Json::Value& arr, std::int64_t projectId) {
    std::vector<Incident> out;
    for (const auto& v : arr) {
        Incident i;
        i.id = v["id"].asUInt64();
        i.projectId = projectId;
        i.title = v["title"].asString();
        i.eventDate = v["event_date"].asString();
        i.recordable = v["recordable"].asBool();
        out.push_back(i);
    }
    return out;
}

void attachStatements(std::vector<Incident>& incidents, const Json::Value& stmts) {
    for (const auto& s : stmts) {
        const std::int64_t incidentId = s["incident_id"].asInt64();
        const auto stmtId = static_cast<WitnessStatementsEndpoint::id_type>(s["id"].asUInt());
        for (auto& i : incidents)
            if (static_cast<std::int64_t>(i.id) == incidentId) i.statements.push_back(stmtId);
    }
}

void forwardToEhs(const Incident& i) {
    HTTPSClientSession ehs("ehs.example-safety.net", 8443);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/v2/events", HTTPRequest::HTTP_1_1);
    Json::Value ev;
    ev["source"] = "procore";
    ev["external_id"] = Json::Value::UInt64(i.id);
    ev["title"] = i.title;
    ev["occurred_on"] = i.eventDate;
    ev["osha_recordable"] = i.recordable;
    ev["witness_count"] = static_cast<int>(i.statements.size());
    const std::string body = Json::writeString(Json::StreamWriterBuilder(), ev);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    ehs.sendRequest(req) << body;
    HTTPResponse resp;
    ehs.receiveResponse(resp);
}

} // namespace relay

int main() {
    using namespace relay;
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* comp = std::getenv("PROCORE_COMPANY_ID");
    const char* proj = std::getenv("PROCORE_PROJECT_IDS");  // comma separated
    const char* zone = std::getenv("PROCORE_ZONE");
    if (!cid || !sec || !comp || !proj) {
        std::cerr << "missing PROCORE_* environment\n";
        return 1;
    }
    const std::int64_t companyId = std::strtoll(comp, nullptr, 10);
    const std::string token = fetchServiceToken(cid, sec);

    ProcoreProd prod(ClientCredentialsAuth{token}, HeaderCompanyScope{companyId});
    Json::Value companies = prod.get<CompaniesEndpoint>(0);
    std::cout << "service account sees " << companies.size() << " companies\n";

    std::stringstream ids(proj);
    std::string item;
    int forwarded = 0;
    while (std::getline(ids, item, ',')) {
        const std::int64_t projectId = std::stoll(item);
        std::vector<Incident> incidents;
        if (zone && std::string(zone) == "us02") {
            ProcoreZone z(ClientCredentialsAuth{token}, HeaderCompanyScope{companyId});
            incidents = toIncidents(z.get<IncidentsEndpoint>(projectId, "filters[status]=open"), projectId);
        } else {
            incidents = toIncidents(prod.get<IncidentsEndpoint>(projectId, "filters[status]=open"), projectId);
            attachStatements(incidents, prod.get<WitnessStatementsEndpoint>(projectId));
        }
        for (const auto& i : incidents) {
            forwardToEhs(i);
            ++forwarded;
        }
    }
    std::cout << "forwarded " << forwarded << " incidents\n";
    return 0;
}
