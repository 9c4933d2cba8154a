// costcode_import.cpp
//
// Pulls the job cost structure for one job from the ERP (phase codes) and
// creates the missing cost codes on the matching Procore project.
// All outbound traffic goes through the corporate proxy.
//
//   costcode_import <erp-job-number> <procore-project-id> [--dry-run]

#include <Poco/AutoPtr.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#define PROCORE_HOST   "us02.procore.com"
#define PROCORE_PORT   443
#define ERP_JOBCOST_PATH "/jobcost/api/v1/jobs/"

struct Proxy {
    std::string host;
    Poco::UInt16 port = 3128;
};

struct Context {
    Proxy proxy;
    std::string token;
    Poco::Int64 companyId = 0;
    std::string erpHost;
    std::string erpUser;
    std::string erpPassword;
    bool dryRun = false;
};

struct PhaseCode {
    std::string code;
    std::string description;
    std::string parentCode;
    Poco::Int64 procoreId = 0;   // set once the phase has been linked
};

template <class Session>
static void applyProxy(Session& s, const Proxy& p)
{
    if (!p.host.empty())
        s.setProxy(p.host, p.port);
}

static std::string readBody(Poco::Net::HTTPClientSession& s, Poco::Net::HTTPResponse& resp)
{
    std::string raw;
    Poco::StreamCopier::copyToString(s.receiveResponse(resp), raw);
    return raw;
}

static std::vector<PhaseCode> fetchPhaseCodes(const Context& ctx, const std::string& job)
{
    Poco::Net::HTTPClientSession erp(ctx.erpHost, 8443);
    applyProxy(erp, ctx.proxy);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET,
                               std::string(ERP_JOBCOST_PATH) + job + "/phases",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setCredentials("Basic", ctx.erpUser + ":" + ctx.erpPassword);
    erp.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    Poco::JSON::Parser p;
    auto arr = p.parse(readBody(erp, resp)).extract<Poco::JSON::Array::Ptr>();

    std::vector<PhaseCode> out;
    for (unsigned int i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(i);
        PhaseCode ph;
        ph.code        = o->getValue<std::string>("phase");
        ph.description = o->getValue<std::string>("desc");
        ph.parentCode  = o->optValue<std::string>("parent_phase", "");
        const std::string link = o->optValue<std::string>("udf_procore_id", "");
        if (!link.empty())
            ph.procoreId = std::stoi(link);
        out.push_back(ph);
    }
    return out;
}

static Poco::Net::HTTPRequest procoreRequest(const Context& ctx, const std::string& method,
                                             const std::string& pathAndQuery)
{
    Poco::Net::HTTPRequest req(method, pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + ctx.token);
    req.set("Procore-Company-Id", std::to_string(ctx.companyId));
    return req;
}

static std::unordered_map<std::string, Poco::Int64> existingCodes(const Context& ctx, Poco::Int64 projectId)
{
    Poco::Net::HTTPSClientSession s(PROCORE_HOST, PROCORE_PORT);
    applyProxy(s, ctx.proxy);
    Poco::Net::HTTPRequest req = procoreRequest(ctx, Poco::Net::HTTPRequest::HTTP_GET,
        "/vapid/projects/" + std::to_string(projectId) + "/cost_codes");
    s.sendRequest(req);

    Poco::Net::HTTPResponse resp;
    Poco::JSON::Parser p;
    auto arr = p.parse(readBody(s, resp)).extract<Poco::JSON::Array::Ptr>();
    std::unordered_map<std::string, Poco::Int64> byCode;
    for (unsigned int i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(i);
        byCode[o->getValue<std::string>("full_code")] = o->getValue<Poco::Int64>("id");
    }
    return byCode;
}

static bool createCode(const Context& ctx, Poco::Int64 projectId, const PhaseCode& pc,
                       const std::unordered_map<std::string, Poco::Int64>& known)
{
    Poco::JSON::Object code;
    code.set("code", pc.code);
    code.set("name", pc.description);
    if (!pc.parentCode.empty()) {
        auto it = known.find(pc.parentCode);
        if (it != known.end())
            code.set("parent_id", it->second);
    }
    Poco::JSON::Object payload;
    payload.set("project_id", projectId);
    payload.set("cost_code", code);
    std::ostringstream body;
    payload.stringify(body);

    Poco::URI uri("/rest/v1.0/cost_codes");
    uri.addQueryParameter("project_id", std::to_string(projectId));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + ctx.token);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.str().size()));

    Poco::Net::HTTPSClientSession s(PROCORE_HOST, PROCORE_PORT);
    applyProxy(s, ctx.proxy);
    s.sendRequest(req) << body.str();
    req.set("Procore-Company-Id", std::to_string(ctx.companyId));

    Poco::Net::HTTPResponse resp;
    std::string answer = readBody(s, resp);
    if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_CREATED) {
        std::cerr << pc.code << ": " << static_cast<int>(resp.getStatus()) << " " << answer << "\n";
        return false;
    }
    return true;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: costcode_import <erp-job> <procore-project-id> [--dry-run]\n";
        return 2;
    }
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(
        new Poco::Util::PropertyFileConfiguration("/etc/procore-bridge/costcodes.properties"));

    Context ctx;
    ctx.proxy.host   = cfg->getString("proxy.host", "");
    ctx.proxy.port   = static_cast<Poco::UInt16>(cfg->getUInt("proxy.port", 3128));
    ctx.token        = cfg->getString("procore.token");
    ctx.companyId    = cfg->getInt64("procore.company_id");
    ctx.erpHost      = cfg->getString("erp.host", "erp01.corp.local");
    ctx.erpUser      = cfg->getString("erp.user", "svc_procore");
    ctx.erpPassword  = cfg->getString("erp.password", "");
    ctx.dryRun       = argc > 3 && std::strcmp(argv[3], "--dry-run") == 0;

    const std::string job = argv[1];
    int projectId = Poco::NumberParser::parse(argv[2]);

    auto phases = fetchPhaseCodes(ctx, job);
    auto known = existingCodes(ctx, projectId);

    int created = 0, skipped = 0, errors = 0;
    for (const auto& ph : phases) {
        if (ph.procoreId != 0 || known.count(ph.code)) { ++skipped; continue; }
        if (ctx.dryRun) { std::cout << "would create " << ph.code << "\n"; continue; }
        if (createCode(ctx, projectId, ph, known)) ++created; else ++errors;
    }
    std::cout << "job " << job << ": " << created << " created, " << skipped
              << " already present, " << errors << " errors\n";
    return errors ? 1 : 0;
}
