// vendor_sync_service.cpp
//
// Keeps the Procore company directory (vendors) in step with the ERP vendor
// master.  Authenticates as a Developer Managed Service Account
// (client_credentials grant), so there is no user in the loop.

#include <Poco/Util/ServerApplication.h>
#include <Poco/Util/Subsystem.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/OAuth20Credentials.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/Task.h>
#include <Poco/TaskManager.h>
#include <Poco/Logger.h>
#include <Poco/Format.h>
#include <Poco/URI.h>
#include <Poco/NumberParser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/StringTokenizer.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPMessage;

struct Policy {
    virtual ~Policy() = default;
    virtual void decorate(HTTPRequest& req) const = 0;
};
using PolicyList = std::vector<std::shared_ptr<const Policy>>;

class AuthPolicy : public Policy {
public:
    explicit AuthPolicy(std::string token) : token_(std::move(token)) {}
    void decorate(HTTPRequest& req) const override {
        Poco::Net::OAuth20Credentials(token_).authenticate(req);
    }
private:
    std::string token_;
};

class CompanyHeaderPolicy : public Policy {
public:
    explicit CompanyHeaderPolicy(Poco::Int64 id) : id_(id) {}
    void decorate(HTTPRequest& req) const override {
        req.set("Procore-Company-Id", Poco::NumberFormatter::format(id_));
    }
private:
    Poco::Int64 id_;
};

class ServiceAccountAuth : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "dmsa-auth"; }

    void initialize(Poco::Util::Application& app) override {
        loginBase_ = app.config().getString("procore.login_url", "https://login.procore.com");
        clientId_ = app.config().getString("procore.client_id");
        clientSecret_ = app.config().getString("procore.client_secret");
    }
    void uninitialize() override { token_.clear(); }

    std::string token() {
        if (!token_.empty())
            return token_;
        Poco::URI uri(loginBase_ + "/oauth/token");
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, uri.getPath(), HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("grant_type", "client_credentials");
        form.add("client_id", clientId_);
        form.add("client_secret", clientSecret_);
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        Poco::Net::HTTPResponse resp;
        Poco::JSON::Parser parser;
        auto obj = parser.parse(session.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");
        return token_;
    }

private:
    std::string loginBase_, clientId_, clientSecret_, token_;
};

class ProcoreApi {
public:
    ProcoreApi(const std::string& base, ServiceAccountAuth& auth, Poco::Int64 companyId)
        : base_(base), auth_(auth), companyId_(companyId) {}

    PolicyList scoped() const {
        return {std::make_shared<AuthPolicy>(auth_.token()), std::make_shared<CompanyHeaderPolicy>(companyId_)};
    }
    PolicyList unscoped() const { return {std::make_shared<AuthPolicy>(auth_.token())}; }

    Poco::Dynamic::Var call(const std::string& method, const std::string& path,
                            const PolicyList& policies, const std::string& body = "") {
        Poco::Net::HTTPSClientSession session(base_.getHost(), base_.getPort());
        HTTPRequest req(method, path, HTTPMessage::HTTP_1_1);
        for (const auto& p : policies)
            p->decorate(req);
        if (!body.empty()) {
            req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream& rs = session.receiveResponse(resp);
        if (resp.getStatus() >= 400)
            throw Poco::ApplicationException(Poco::format("%s %s -> %d", method, path, static_cast<int>(resp.getStatus())));
        Poco::JSON::Parser parser;
        return parser.parse(rs);
    }

    Poco::Int64 companyId() const { return companyId_; }

private:
    Poco::URI base_;
    ServiceAccountAuth& auth_;
    Poco::Int64 companyId_;
};

class VendorSyncTask : public Poco::Task {
public:
    VendorSyncTask(ProcoreApi& api, std::string erpExport, long intervalMs)
        : Poco::Task("vendor-sync"), api_(api), erpExport_(std::move(erpExport)), intervalMs_(intervalMs) {}

    void runTask() override {
        auto& log = Poco::Logger::get("vendor-sync");
        do {
            try {
                syncOnce(log);
            } catch (const Poco::Exception& ex) {
                log.error(ex.displayText());
            }
        } while (!sleep(intervalMs_));
    }

private:
    void syncOnce(Poco::Logger& log) {
        std::map<std::string, int> erpToVendor;
        Poco::FileInputStream in(erpExport_);
        std::string line;
        std::getline(in, line); // header row
        while (std::getline(in, line)) {
            Poco::StringTokenizer cols(line, ",", Poco::StringTokenizer::TOK_TRIM);
            if (cols.count() < 3 || cols[2].empty())
                continue;
            erpToVendor[cols[0]] = Poco::NumberParser::parse(cols[2]);
        }

        std::string listPath = Poco::format("/rest/v1.0/vendors?company_id=%Ld&per_page=%d", api_.companyId(), 500);
        auto vendors = api_.call(HTTPRequest::HTTP_GET, listPath, api_.scoped()).extract<Poco::JSON::Array::Ptr>();
        int updated = 0;
        for (std::size_t i = 0; i < vendors->size(); ++i) {
            auto v = vendors->getObject(static_cast<unsigned>(i));
            Poco::Int64 vendorId = v->getValue<Poco::Int64>("id");
            std::string code = v->optValue<std::string>("origin_id", "");
            if (code.empty() || !erpToVendor.count(code))
                continue;
            std::string body = "{\"vendor\":{\"origin_id\":\"" + code + "\",\"is_active\":true}}";
            api_.call(HTTPRequest::HTTP_PATCH,
                      Poco::format("/rest/v1.0/vendors/%Ld?company_id=%Ld", vendorId, api_.companyId()),
                      api_.scoped(), body);
            ++updated;
        }

        for (const auto& entry : erpToVendor) {
            auto uri = Poco::format("/rest/v1.0/vendors/%d?company_id=%Ld", entry.second, api_.companyId());
            auto vendor = api_.call(HTTPRequest::HTTP_GET, uri, api_.unscoped()).extract<Poco::JSON::Object::Ptr>();
            if (!vendor->optValue<bool>("is_active", true))
                log.warning("ERP vendor %s maps to an inactive Procore vendor", entry.first);
        }
        log.information("vendor sync done, %d updated", updated);
    }

    ProcoreApi& api_;
    std::string erpExport_;
    long intervalMs_;
};

class VendorSyncService : public Poco::Util::ServerApplication {
public:
    VendorSyncService() : auth_(new ServiceAccountAuth) { addSubsystem(auth_); }

protected:
    int main(const ArgVec&) override {
        auto& cfg = config();
        Poco::Int64 companyId = Poco::NumberParser::parse64(cfg.getString("procore.company_id"));
        ProcoreApi api(cfg.getString("procore.base_url", "https://api.procore.com"), *auth_, companyId);

        auto me = api.call(HTTPRequest::HTTP_GET, "/rest/v1.0/me", api.scoped()).extract<Poco::JSON::Object::Ptr>();
        logger().information("service account %s ready", me->optValue<std::string>("login", "?"));

        // The companies list is not tied to one company, so no company header here.
        auto companies = api.call(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", api.unscoped())
                             .extract<Poco::JSON::Array::Ptr>();
        if (companies->size() == 0) {
            logger().fatal("service account is not installed in any company, see "
                           "https://developers.procore.com/documentation/developer-managed-service-accounts");
            return EXIT_CONFIG;
        }

        Poco::TaskManager tm;
        tm.start(new VendorSyncTask(api, cfg.getString("erp.vendor_export", "/var/lib/erp/vendors.csv"),
                                    cfg.getInt("sync.interval_ms", 15 * 60 * 1000)));
        waitForTerminationRequest();
        tm.cancelAll();
        tm.joinAll();
        return EXIT_OK;
    }

private:
    ServiceAccountAuth* auth_;
};

POCO_SERVER_MAIN(VendorSyncService)
