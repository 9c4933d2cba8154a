// gw_poco_erp_bridge.cpp - ERP (Vista export job) -> Procore vendor/commitment bridge
//
// The ERP's outbound-webhook module POSTs to us whenever a vendor or a
// subcontract changes. We translate the ERP's integer keys to Procore ids and
// push the change. Every write is appended to bridge_audit.sql, which the
// nightly job loads into the integration SQLite db.
//
// PROCORE_ENV = production | sandbox | monthly
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

using namespace Poco::Net;
using Poco::JSON::Object;

struct Env { const char* login; const char* api; };

static const std::map<std::string, Env> kEnvs = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox",    {"sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly",    {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"}},
};

// ERP key -> Procore id. Loaded from links.csv at start, grown as we create.
static std::map<int, Poco::Int64> g_vendorLinks;
static std::map<int, int> g_jobToProject;
static std::mutex g_mu;

class ProcoreClient {
public:
    ProcoreClient(Env env, Poco::Int64 companyId) : env_(env), companyId_(companyId) {}

    Poco::Int64 companyId() const { return companyId_; }

    std::string token() {
        std::lock_guard<std::mutex> lk(mu_);
        if (!token_.empty() && std::time(nullptr) < expiresAt_) return token_;
        HTTPSClientSession s(env_.login, 443, ctx());
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
        HTMLForm form;
        form.set("grant_type", "refresh_token");
        form.set("client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "");
        form.set("client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "");
        form.set("refresh_token", readRefresh());
        form.prepareSubmit(req);
        form.write(s.sendRequest(req));
        HTTPResponse resp;
        std::string body;
        Poco::StreamCopier::copyToString(s.receiveResponse(resp), body);
        auto obj = Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");
        expiresAt_ = std::time(nullptr) + obj->getValue<int>("expires_in") - 60;
        std::ofstream("refresh.tok", std::ios::trunc) << obj->getValue<std::string>("refresh_token");
        return token_;
    }

    // Sends an API request; callers set any extra headers on req first.
    int send(HTTPRequest& req, const std::string& body, std::string& out) {
        HTTPSClientSession s(env_.api, 443, ctx());
        req.set("Authorization", "Bearer " + token());
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        s.sendRequest(req) << body;
        HTTPResponse resp;
        std::istream& is = s.receiveResponse(resp);
        out.clear();
        Poco::StreamCopier::copyToString(is, out);
        return static_cast<int>(resp.getStatus());
    }

private:
    static Context::Ptr ctx() {
        static Context::Ptr c = new Context(Context::TLS_CLIENT_USE, "", Context::VERIFY_RELAXED);
        return c;
    }
    static std::string readRefresh() {
        std::ifstream in("refresh.tok");
        std::string t;
        std::getline(in, t);
        return t;
    }

    Env env_;
    Poco::Int64 companyId_;
    std::mutex mu_;
    std::string token_;
    std::time_t expiresAt_ = 0;
};

static void audit(const char* sql) {
    std::lock_guard<std::mutex> lk(g_mu);
    std::ofstream("bridge_audit.sql", std::ios::app) << sql << "\n";
}

class VendorHandler : public HTTPRequestHandler {
public:
    explicit VendorHandler(ProcoreClient& pc) : pc_(pc) {}

    void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
        auto obj = Poco::JSON::Parser().parse(in.stream()).extract<Object::Ptr>();
        int vendorKey = obj->getValue<int>("vendor_key");
        Object payload, vendor;
        vendor.set("name", obj->getValue<std::string>("name"));
        vendor.set("origin_id", "ERP-" + std::to_string(vendorKey));
        payload.set("vendor", vendor);
        std::ostringstream body;
        payload.stringify(body);

        Poco::Int64 linked = 0;
        {
            std::lock_guard<std::mutex> lk(g_mu);
            auto it = g_vendorLinks.find(vendorKey);
            if (it != g_vendorLinks.end()) linked = it->second;
        }

        std::string resp;
        int status;
        char sql[512];
        if (linked == 0) {
            HTTPRequest req(HTTPRequest::HTTP_POST, "/rest/v1.0/vendors?company_id=" +
                            std::to_string(pc_.companyId()), HTTPMessage::HTTP_1_1);
            req.set("Procore-Company-Id", std::to_string(pc_.companyId()));
            status = pc_.send(req, body.str(), resp);
            if (status == 201) {
                auto created = Poco::JSON::Parser().parse(resp).extract<Object::Ptr>();
                int newId = created->getValue<int>("id");
                {
                    std::lock_guard<std::mutex> lk(g_mu);
                    g_vendorLinks[vendorKey] = newId;
                }
                std::snprintf(sql, sizeof sql,
                              "INSERT INTO vendor_links(erp_key, procore_id, created_at) VALUES (%d, %d, %ld);",
                              vendorKey, newId, static_cast<long>(std::time(nullptr)));
                audit(sql);
            }
        } else {
            HTTPRequest req(HTTPRequest::HTTP_PATCH, "/rest/v1.0/vendors/" + std::to_string(linked) +
                            "?company_id=" + std::to_string(pc_.companyId()), HTTPMessage::HTTP_1_1);
            status = pc_.send(req, body.str(), resp);
            std::snprintf(sql, sizeof sql,
                          "UPDATE vendor_links SET synced_at=%ld, last_status=%d WHERE procore_id=%lld;",
                          static_cast<long>(std::time(nullptr)), status, static_cast<long long>(linked));
            audit(sql);
        }
        out.setStatus(status < 300 ? HTTPResponse::HTTP_OK : HTTPResponse::HTTP_BAD_GATEWAY);
        out.setContentType("application/json");
        out.send() << resp;
    }

private:
    ProcoreClient& pc_;
};

class CommitmentHandler : public HTTPRequestHandler {
public:
    explicit CommitmentHandler(ProcoreClient& pc) : pc_(pc) {}

    void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
        auto obj = Poco::JSON::Parser().parse(in.stream()).extract<Object::Ptr>();
        int job = obj->getValue<int>("job");
        int vendorKey = obj->getValue<int>("vendor_key");
        double amount = obj->getValue<double>("amount");

        Poco::Int64 projectId = 0, vendorId = 0;
        {
            std::lock_guard<std::mutex> lk(g_mu);
            auto pit = g_jobToProject.find(job);
            auto vit = g_vendorLinks.find(vendorKey);
            if (pit != g_jobToProject.end() && vit != g_vendorLinks.end()) {
                projectId = pit->second;
                vendorId = vit->second;
            }
        }
        if (projectId == 0 || vendorId == 0) {
            out.setStatus(HTTPResponse::HTTP_UNPROCESSABLE_ENTITY);
            out.send() << R"({"error":"job or vendor not linked"})";
            return;
        }
        Object wo, payload;
        wo.set("title", obj->getValue<std::string>("title"));
        wo.set("vendor_id", vendorId);
        wo.set("grand_total", amount);
        payload.set("work_order_contract", wo);
        std::ostringstream body;
        payload.stringify(body);

        HTTPRequest req(HTTPRequest::HTTP_POST, "/rest/v1.0/work_order_contracts?project_id=" +
                        std::to_string(projectId), HTTPMessage::HTTP_1_1);
        req.set("procore-company-id", std::to_string(pc_.companyId()));
        std::string resp;
        int status = pc_.send(req, body.str(), resp);
        char sql[512];
        std::snprintf(sql, sizeof sql,
                      "INSERT INTO commitment_log(job, erp_vendor, amount, http_status) VALUES (%d, %d, %.2f, %d);",
                      job, vendorKey, amount, status);
        audit(sql);
        out.setStatus(status == 201 ? HTTPResponse::HTTP_CREATED : HTTPResponse::HTTP_BAD_GATEWAY);
        out.send() << resp;
    }

private:
    ProcoreClient& pc_;
};

class Factory : public HTTPRequestHandlerFactory {
public:
    explicit Factory(ProcoreClient& pc) : pc_(pc) {}
    HTTPRequestHandler* createRequestHandler(const HTTPServerRequest& req) override {
        if (req.getURI() == "/erp/vendor") return new VendorHandler(pc_);
        if (req.getURI() == "/erp/commitment") return new CommitmentHandler(pc_);
        return nullptr;
    }

private:
    ProcoreClient& pc_;
};

int main() {
    const char* envName = std::getenv("PROCORE_ENV") ? std::getenv("PROCORE_ENV") : "production";
    Poco::Int64 companyId = std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0", nullptr, 10);
    ProcoreClient pc(kEnvs.at(envName), companyId);

    std::ifstream links("links.csv");
    std::string kind;
    int erpKey;
    long long procoreId;
    while (links >> kind >> erpKey >> procoreId) {
        if (kind == "vendor") g_vendorLinks[erpKey] = procoreId;
        else if (kind == "job") g_jobToProject[erpKey] = static_cast<int>(procoreId);
    }

    ServerSocket sock(static_cast<Poco::UInt16>(std::atoi(std::getenv("BRIDGE_PORT") ? std::getenv("BRIDGE_PORT") : "9090")));
    HTTPServer server(new Factory(pc), sock, new HTTPServerParams);
    server.start();
    std::cout << "erp bridge up (" << envName << "), see https://app.procore.com/" << companyId
              << "/company/directory for linked vendors" << std::endl;
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}
