// erp_vendor_bridge.cpp
//
// Nightly bridge: reads approved subcontractor vendors from the ERP staging
// service and creates or updates them in the Procore company directory.
// Runs from cron on the integration box; settings come from bridge.properties.

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace bridge {

struct ProcoreSettings {
    std::string apiBase;
    std::string accessToken;
    Poco::Int64 companyId = 0;
    int timeoutSec = 30;
};

struct ErpSettings {
    std::string host;
    unsigned short port = 8080;
    std::string apiKey;
};

struct ErpVendor {
    std::string erpCode;
    std::string name;
    std::string taxId;
    int procoreVendorId = 0;
};

static void loadSettings(const std::string& path, ProcoreSettings& pc, ErpSettings& erp)
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(
        new Poco::Util::PropertyFileConfiguration(path));

    pc.apiBase     = cfg->getString("procore.api_base", "https://app.procore.com");
    pc.accessToken = cfg->getString("procore.access_token", "");
    pc.companyId   = cfg->getInt64("procore.company_id", 0);
    pc.timeoutSec  = cfg->getInt("procore.timeout_sec", 30);

    erp.host   = cfg->getString("erp.host", "erp-staging.corp.local");
    erp.port   = static_cast<unsigned short>(cfg->getInt("erp.port", 8080));
    erp.apiKey = cfg->getString("erp.api_key", "");
}

// Headers every Procore call carries.
static Poco::Net::NameValueCollection procoreHeaders(const ProcoreSettings& pc)
{
    Poco::Net::NameValueCollection h;
    h.set("Authorization", "Bearer " + pc.accessToken);
    h.set("Accept", "application/json");
    h.set("Procore-Company-Id", std::to_string(pc.companyId));
    return h;
}

static void copyHeaders(const Poco::Net::NameValueCollection& from, Poco::Net::HTTPRequest& to)
{
    for (const auto& kv : from)
        to.set(kv.first, kv.second);
}

static Poco::Net::HTTPRequest buildVendorSearch(const ProcoreSettings& pc, const std::string& taxId)
{
    Poco::URI uri(pc.apiBase + "/rest/v1.0/vendors");
    uri.addQueryParameter("company_id", std::to_string(pc.companyId));
    uri.addQueryParameter("filters[search]", taxId);

    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + pc.accessToken);
    req.set("Accept", "application/json");
    return req;
}

static Poco::Net::HTTPRequest buildVendorUpsert(const ProcoreSettings& pc, const ErpVendor& v)
{
    std::string path = "/rest/v1.0/vendors";
    std::string method = Poco::Net::HTTPRequest::HTTP_POST;
    if (v.procoreVendorId != 0) {
        path += "/" + std::to_string(v.procoreVendorId);
        method = Poco::Net::HTTPRequest::HTTP_PATCH;
    }
    Poco::URI uri(pc.apiBase + path);
    uri.addQueryParameter("company_id", std::to_string(pc.companyId));

    Poco::Net::HTTPRequest req(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    copyHeaders(procoreHeaders(pc), req);
    req.setContentType("application/json");
    return req;
}

// Sends a prepared request and returns the parsed body (or null on error).
static Poco::Dynamic::Var send(const ProcoreSettings& pc, Poco::Net::HTTPRequest& req,
                               const std::string& body, int& status)
{
    Poco::URI base(pc.apiBase);
    Poco::Net::HTTPSClientSession session(base.getHost(), base.getPort());
    session.setTimeout(Poco::Timespan(pc.timeoutSec, 0));

    req.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& os = session.sendRequest(req);
    os << body;

    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    status = static_cast<int>(resp.getStatus());
    std::string raw;
    Poco::StreamCopier::copyToString(is, raw);
    if (status >= 300 || raw.empty())
        return Poco::Dynamic::Var();
    Poco::JSON::Parser parser;
    return parser.parse(raw);
}

static std::vector<ErpVendor> fetchApprovedVendors(const ErpSettings& erp)
{
    Poco::Net::HTTPClientSession session(erp.host, erp.port);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET,
                               "/api/ap/vendors?status=APPROVED&type=SUB",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("X-Api-Key", erp.apiKey);
    session.sendRequest(req);

    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    Poco::JSON::Parser parser;
    auto arr = parser.parse(is).extract<Poco::JSON::Array::Ptr>();

    std::vector<ErpVendor> out;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned int>(i));
        ErpVendor v;
        v.erpCode = o->getValue<std::string>("vendor_code");
        v.name    = o->getValue<std::string>("legal_name");
        v.taxId   = o->optValue<std::string>("tax_id", "");
        out.push_back(v);
    }
    return out;
}

} // namespace bridge

int main(int argc, char** argv)
{
    using namespace bridge;
    const std::string cfgPath = argc > 1 ? argv[1] : "/etc/erp-bridge/bridge.properties";

    ProcoreSettings pc;
    ErpSettings erp;
    try {
        loadSettings(cfgPath, pc, erp);
    } catch (const Poco::Exception& e) {
        std::cerr << "config: " << e.displayText() << "\n";
        return 2;
    }

    int created = 0, updated = 0, failed = 0;
    for (ErpVendor& v : fetchApprovedVendors(erp)) {
        int status = 0;
        if (!v.taxId.empty()) {
            Poco::Net::HTTPRequest search = buildVendorSearch(pc, v.taxId);
            Poco::Dynamic::Var found = send(pc, search, "", status);
            if (!found.isEmpty()) {
                auto hits = found.extract<Poco::JSON::Array::Ptr>();
                if (hits->size() > 0)
                    v.procoreVendorId = hits->getObject(0)->getValue<int>("id");
            }
        }

        Poco::JSON::Object vendor;
        vendor.set("name", v.name);
        vendor.set("origin_code", v.erpCode);
        vendor.set("is_active", true);
        Poco::JSON::Object payload;
        payload.set("vendor", vendor);
        std::ostringstream body;
        payload.stringify(body);

        Poco::Net::HTTPRequest upsert = buildVendorUpsert(pc, v);
        send(pc, upsert, body.str(), status);
        if (status == 200) ++updated;
        else if (status == 201) ++created;
        else { ++failed; std::cerr << v.erpCode << ": HTTP " << status << "\n"; }
    }

    std::cout << "vendors created=" << created << " updated=" << updated
              << " failed=" << failed << "\n"
              << "review: https://app.procore.com/" << pc.companyId
              << "/company/vendors\n";
    return failed == 0 ? 0 : 1;
}
