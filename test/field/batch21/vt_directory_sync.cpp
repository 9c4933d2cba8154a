// directory_sync.cpp -- nightly push of the Procore company directory into
// PeopleHub. Runs headless under a Developer Managed Service Account
// (client_credentials grant); no user ever signs in.
//
// /etc/directory_sync.properties:
//   procore.env        = production | sandbox | monthly
//   procore.company_id = 5123476
//   transport          = https | trace
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct WireRequest {
    std::string method;
    std::string host;
    std::string path;
    std::string body;
    std::string content_type;
    Poco::Net::NameValueCollection headers;
};

struct WireResponse {
    int status = 0;
    std::string body;
};

// Transports and stages only see void*; keeps the plugin boundary C-clean.
struct transport_ops {
    const char* name;
    void* (*create)(const char* option);
    int (*roundtrip)(void* self, void* wire_req, void* wire_resp);
    void (*destroy)(void* self);
};

struct stage_ops {
    const char* name;
    void (*apply)(void* stage_ctx, void* wire_req);
};

// ------------------------------------------------------------- transports
static void* https_create(const char*) {
    return new Poco::Net::Context::Ptr(new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED));
}

static int https_roundtrip(void* self, void* rq, void* rs) {
    auto& tls = *static_cast<Poco::Net::Context::Ptr*>(self);
    auto& in = *static_cast<WireRequest*>(rq);
    auto& out = *static_cast<WireResponse*>(rs);
    const Poco::UInt16 port = 443;
    Poco::Net::HTTPSClientSession session(in.host, port, tls);
    Poco::Net::HTTPRequest req(in.method, in.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& h : in.headers) req.set(h.first, h.second);
    if (!in.body.empty()) {
        req.setContentType(in.content_type);
        req.setContentLength(static_cast<std::streamsize>(in.body.size()));
    }
    session.sendRequest(req) << in.body;
    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    out.status = static_cast<int>(resp.getStatus());
    Poco::StreamCopier::copyToString(is, out.body);
    return out.status < 500 ? 0 : -1;
}

static void https_destroy(void* self) { delete static_cast<Poco::Net::Context::Ptr*>(self); }

static void* trace_create(const char*) { return &std::clog; }
static int trace_roundtrip(void* self, void* rq, void* rs) {
    auto& in = *static_cast<WireRequest*>(rq);
    *static_cast<std::ostream*>(self) << "[trace] " << in.method << " https://" << in.host << in.path << "\n";
    static_cast<WireResponse*>(rs)->status = 200;
    static_cast<WireResponse*>(rs)->body = in.path.find("token") != std::string::npos
                                               ? "{\"access_token\":\"trace\"}" : "[]";
    return 0;
}
static void trace_destroy(void*) {}

static const transport_ops kTransports[] = {
    {"https", https_create, https_roundtrip, https_destroy},
    {"trace", trace_create, trace_roundtrip, trace_destroy},
};

// ------------------------------------------------------------- stages
struct AuthStage { std::string bearer; };
static void auth_apply(void* c, void* rq) {
    static_cast<WireRequest*>(rq)->headers.set("Authorization", "Bearer " + static_cast<AuthStage*>(c)->bearer);
}

struct CompanyStage { Poco::Int64 company_id; };
static void company_apply(void* c, void* rq) {
    auto* in = static_cast<WireRequest*>(rq);
    // these two are not company-scoped, see the REST docs
    if (in->path == "/rest/v1.0/me" || in->path == "/rest/v1.0/companies") return;
    in->headers.set("Procore-Company-Id", std::to_string(static_cast<CompanyStage*>(c)->company_id));
}

static const stage_ops kAuthStage{"auth", auth_apply};
static const stage_ops kCompanyStage{"company", company_apply};

// ------------------------------------------------------------- client
struct HostPair {
    std::string login;
    std::string api;
};

static HostPair hosts_for(const std::string& env) {
    if (env == "monthly") return {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"};
    if (env == "sandbox") return {"login-sandbox.procore.com", "sandbox.procore.com"};
    return {"api.procore.com", "api.procore.com"};
}

class DirectoryClient {
public:
    DirectoryClient(const transport_ops* ops, HostPair hosts, Poco::Int64 company_id)
        : ops_(ops), self_(ops->create(nullptr)), hosts_(std::move(hosts)), company_{company_id} {}
    ~DirectoryClient() { ops_->destroy(self_); }

    bool login(const std::string& client_id, const std::string& secret) {
        WireRequest rq{"POST", hosts_.login, "/oauth/token",
                       "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + secret,
                       "application/x-www-form-urlencoded", {}};
        WireResponse rs;
        ops_->roundtrip(self_, &rq, &rs);
        if (rs.status != 200) return false;
        Poco::JSON::Parser p;
        auth_.bearer = p.parse(rs.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");
        return true;
    }

    Poco::Dynamic::Var get(const std::string& path) {
        WireRequest rq{"GET", hosts_.api, path, "", "", {}};
        return send(rq);
    }

    Poco::Dynamic::Var patch(const std::string& path, const Poco::JSON::Object& body) {
        std::ostringstream os;
        body.stringify(os);
        WireRequest rq{"PATCH", hosts_.api, path, os.str(), "application/json", {}};
        return send(rq);
    }

private:
    Poco::Dynamic::Var send(WireRequest& rq) {
        const std::pair<const stage_ops*, void*> stages[] = {{&kAuthStage, &auth_}, {&kCompanyStage, &company_}};
        for (const auto& s : stages) s.first->apply(s.second, &rq);
        WireResponse rs;
        ops_->roundtrip(self_, &rq, &rs);
        if (rs.status >= 300) throw std::runtime_error(rq.path + " -> " + std::to_string(rs.status));
        Poco::JSON::Parser p;
        return p.parse(rs.body);
    }

    const transport_ops* ops_;
    void* self_;
    HostPair hosts_;
    AuthStage auth_;
    CompanyStage company_;
};

struct UserRecord {
    Poco::Int64 id;
    long vendor_id;
    std::string name;
    std::string email;
    std::string employee_id;
};

int main() {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(
        new Poco::Util::PropertyFileConfiguration("/etc/directory_sync.properties"));
    const std::string env = cfg->getString("procore.env", "production");
    const Poco::Int64 company_id = cfg->getInt64("procore.company_id");
    const std::string transport = cfg->getString("transport", "https");

    const transport_ops* ops = nullptr;
    for (const auto& t : kTransports)
        if (transport == t.name) ops = &t;
    if (!ops) {
        std::cerr << "no transport named " << transport << "\n";
        return 2;
    }

    DirectoryClient client(ops, hosts_for(env), company_id);
    if (!client.login(std::getenv("DMSA_CLIENT_ID"), std::getenv("DMSA_CLIENT_SECRET"))) {
        std::cerr << "service account login failed\n";
        return 1;
    }

    auto me = client.get("/rest/v1.0/me").extract<Poco::JSON::Object::Ptr>();
    std::clog << "running as " << me->getValue<std::string>("login") << "\n";
    auto companies = client.get("/rest/v1.0/companies").extract<Poco::JSON::Array::Ptr>();
    std::clog << companies->size() << " companies visible to the service account\n";

    std::vector<UserRecord> users;
    const std::string base = "/rest/v1.0/companies/" + std::to_string(company_id);
    for (int page = 1; page < 50; ++page) {
        auto arr = client.get(base + "/users?per_page=200&page=" + std::to_string(page))
                       .extract<Poco::JSON::Array::Ptr>();
        if (arr->size() == 0) break;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto u = arr->getObject(static_cast<unsigned>(i));
            UserRecord rec;
            rec.id = u->getValue<Poco::Int64>("id");
            rec.vendor_id = u->has("vendor") && !u->isNull("vendor") ? u->getObject("vendor")->getValue<int>("id") : 0;
            rec.name = u->optValue<std::string>("name", "");
            rec.email = u->optValue<std::string>("email_address", "");
            rec.employee_id = u->optValue<std::string>("employee_id", "");
            users.push_back(rec);
        }
    }

    auto projects = client.get("/rest/v1.0/projects?company_id=" + std::to_string(company_id))
                        .extract<Poco::JSON::Array::Ptr>();
    std::clog << projects->size() << " active projects\n";

    int updated = 0;
    for (const auto& u : users) {
        if (!u.employee_id.empty()) continue;
        Poco::JSON::Object user;
        user.set("employee_id", "PH-" + std::to_string(u.id));
        Poco::JSON::Object body;
        body.set("user", user);
        client.patch(base + "/users/" + std::to_string(u.id), body);
        ++updated;
    }
    std::cout << users.size() << " users synced, " << updated << " employee ids assigned\n";
    std::cout << "PeopleHub import guide: https://support.procore.com/products/online/user-guide/company-level/directory\n";
    return 0;
}
