// vendor_sync_service.cpp - headless Procore vendor sync DLL used by the AP module.
// Authenticates as a Developer Managed Service Account (client_credentials grant),
// so there is no user and no refresh token; we just fetch a new token on 401.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#ifdef _WIN32
#define VS_API extern "C" __declspec(dllexport)
#else
#define VS_API extern "C" __attribute__((visibility("default")))
#endif

typedef void (*vs_vendor_cb)(int32_t vendor_id, const char *name, const char *abbreviation, void *user);
typedef void (*vs_company_cb)(int64_t company_id, const char *name, void *user);

VS_API int vs_open(const char *config_path);
VS_API void vs_close(int h);
VS_API long vs_service_user_id(int h);
VS_API int vs_list_companies(int h, vs_company_cb cb, void *user);
VS_API int vs_list_vendors(int h, vs_vendor_cb cb, void *user);
VS_API int64_t vs_create_vendor(int h, const char *name, const char *erp_code);

namespace {

using Settings = std::map<std::string, std::string>;

std::string trim(const std::string &s)
{
    auto b = s.find_first_not_of(" \t\r");
    auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Settings loadSettings(const std::string &path)
{
    Settings s;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        auto eq = line.find('=');
        if (eq != std::string::npos)
            s[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return s;
}

struct EnvHosts {
    const char *name;
    const char *login;
    const char *api;
};

const EnvHosts kEnvs[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox", "sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

const EnvHosts &envFor(const std::string &name)
{
    for (const auto &e : kEnvs)
        if (name == e.name)
            return e;
    return kEnvs[0];
}

class Connector {
public:
    explicit Connector(Settings s)
        : cfg_(std::move(s)), env_(envFor(cfg_["environment"])),
          companyId_(std::stoll(cfg_["company_id"]))
    {
    }

    bool authenticate()
    {
        Poco::Net::HTTPSClientSession session(env_.login, 443);
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("grant_type", "client_credentials");
        form.add("client_id", cfg_["client_id"]);
        form.add("client_secret", cfg_["client_secret"]);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        Poco::Net::HTTPResponse resp;
        std::istream &rs = session.receiveResponse(resp);
        if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
            return false;
        auto obj = Poco::JSON::Parser().parse(rs).extract<Poco::JSON::Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");
        return true;
    }

    Poco::Dynamic::Var call(const std::string &method, const std::string &path,
                            bool companyScoped = true, const std::string &body = {})
    {
        Poco::Net::HTTPSClientSession session(env_.api, 443);
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        if (companyScoped)
            req.set("Procore-Company-Id", std::to_string(companyId_));
        if (!body.empty()) {
            req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream &rs = session.receiveResponse(resp);
        lastStatus_ = static_cast<int>(resp.getStatus());
        return Poco::JSON::Parser().parse(rs);
    }

    Poco::JSON::Array::Ptr vendors()
    {
        Poco::Net::HTTPSClientSession session(env_.api, 443);
        std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(companyId_);
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-CompanyId", std::to_string(companyId_));
        session.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream &rs = session.receiveResponse(resp);
        return Poco::JSON::Parser().parse(rs).extract<Poco::JSON::Array::Ptr>();
    }

    void notifyErp(const std::string &json)
    {
        Poco::Net::HTTPSClientSession session(cfg_["erp_host"], 8443);
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/api/v2/vendor-links",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("X-Api-Key", cfg_["erp_api_key"]);
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(json.size()));
        session.sendRequest(req) << json;
        Poco::Net::HTTPResponse resp;
        session.receiveResponse(resp);
    }

    Poco::Int64 companyId() const { return companyId_; }
    int lastStatus() const { return lastStatus_; }

private:
    Settings cfg_;
    const EnvHosts &env_;
    Poco::Int64 companyId_;
    std::string token_;
    int lastStatus_ = 0;
};

std::mutex g_mu;
std::map<int, std::shared_ptr<Connector>> g_table;
int g_next = 1;

std::shared_ptr<Connector> get(int h)
{
    std::lock_guard<std::mutex> lock(g_mu);
    auto it = g_table.find(h);
    return it == g_table.end() ? nullptr : it->second;
}

} // namespace

VS_API int vs_open(const char *config_path)
{
    auto c = std::make_shared<Connector>(loadSettings(config_path));
    if (!c->authenticate())
        return -1;
    std::lock_guard<std::mutex> lock(g_mu);
    g_table[g_next] = c;
    return g_next++;
}

VS_API void vs_close(int h)
{
    std::lock_guard<std::mutex> lock(g_mu);
    g_table.erase(h);
}

VS_API long vs_service_user_id(int h)
{
    auto c = get(h);
    if (!c)
        return -1;
    auto me = c->call("GET", "/rest/v1.0/me", false).extract<Poco::JSON::Object::Ptr>();
    return me->getValue<Poco::Int64>("id");
}

VS_API int vs_list_companies(int h, vs_company_cb cb, void *user)
{
    auto c = get(h);
    if (!c)
        return -1;
    auto arr = c->call("GET", "/rest/v1.0/companies").extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        cb(o->getValue<Poco::Int64>("id"), o->getValue<std::string>("name").c_str(), user);
    }
    return static_cast<int>(arr->size());
}

VS_API int vs_list_vendors(int h, vs_vendor_cb cb, void *user)
{
    auto c = get(h);
    if (!c)
        return -1;
    auto arr = c->vendors();
    int count = 0;
    for (size_t i = 0; i < arr->size(); ++i, ++count) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        int vendorId = o->getValue<int>("id");
        std::string abbr = o->optValue<std::string>("abbreviated_name", "");
        cb(vendorId, o->getValue<std::string>("name").c_str(), abbr.c_str(), user);
    }
    return count;
}

VS_API int64_t vs_create_vendor(int h, const char *name, const char *erp_code)
{
    auto c = get(h);
    if (!c)
        return -1;
    Poco::JSON::Object vendor, payload;
    vendor.set("name", std::string(name));
    vendor.set("abbreviated_name", std::string(erp_code));
    payload.set("vendor", vendor);
    std::ostringstream os;
    payload.stringify(os);
    auto created = c->call("POST", "/rest/v1.0/vendors?company_id=" + std::to_string(c->companyId()),
                           true, os.str()).extract<Poco::JSON::Object::Ptr>();
    if (c->lastStatus() != 201)
        return -1;
    Poco::Int64 id = created->getValue<Poco::Int64>("id");
    std::ostringstream link;
    link << "{\"erp_code\":\"" << erp_code << "\",\"procore_vendor_id\":" << id << "}";
    c->notifyErp(link.str());
    return id;
}
