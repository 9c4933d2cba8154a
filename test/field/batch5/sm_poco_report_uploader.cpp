// sm_poco_report_uploader.cpp - nightly job that files the QA report PDF
// into the "QA Reports" folder of every active project of the company.
//
// Runs as a Developer Managed Service Account (client credentials grant).
// Synchronous on purpose: one phase per loop iteration, easy to log and resume.
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const std::string kLoginHost = "login.procore.com";
const std::string kApiHost = "api.procore.com";
const std::string kReportFolder = "QA Reports";

enum class Phase {
    Authenticate, WhoAmI, ListProjects, FetchDetails,
    RequestUpload, PutFile, CreateDocument, NextProject, Done, Failed
};

std::string exchange(HTTPSClientSession& session, HTTPRequest& req,
                     const std::string& body, HTTPResponse& res) {
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& os = session.sendRequest(req);
    os << body;
    std::istream& is = session.receiveResponse(res);
    std::string out;
    Poco::StreamCopier::copyToString(is, out);
    return out;
}

Poco::JSON::Object::Ptr parseObject(const std::string& s) {
    Poco::JSON::Parser parser;
    return parser.parse(s).extract<Poco::JSON::Object::Ptr>();
}

std::string toJson(const Poco::JSON::Object& o) {
    std::ostringstream ss;
    o.stringify(ss);
    return ss.str();
}

std::string formEncode(const std::string& s) {
    std::string out;
    Poco::URI::encode(s, "&=+", out);
    return out;
}

class ReportUploader {
public:
    ReportUploader(Poco::Int64 companyId, std::string reportPath)
        : companyId_(companyId),
          reportPath_(std::move(reportPath)),
          ctx_(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "")),
          api_(kApiHost, 443, ctx_) {}

    int run() {
        Poco::FileInputStream in(reportPath_);
        Poco::StreamCopier::copyToString(in, reportBytes_);
        fileName_ = Poco::Path(reportPath_).getFileName();

        while (phase_ != Phase::Done && phase_ != Phase::Failed) {
            try {
                step();
            } catch (const Poco::Exception& e) {
                std::cerr << "qa-upload: " << e.displayText() << "\n";
                phase_ = Phase::Failed;
            }
        }
        return phase_ == Phase::Done ? 0 : 1;
    }

private:
    HTTPRequest apiRequest(const std::string& method, const std::string& path) const {
        HTTPRequest req(method, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(companyId_));
        req.setContentType("application/json");
        return req;
    }

    void step() {
        HTTPResponse res;
        const std::string pid =
            index_ < projectIds_.size() ? std::to_string(projectIds_[index_]) : "";

        switch (phase_) {
        case Phase::Authenticate: {
            HTTPSClientSession login(kLoginHost, 443, ctx_);
            HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
            req.setContentType("application/x-www-form-urlencoded");
            const std::string form =
                "grant_type=client_credentials&client_id=" +
                formEncode(Poco::Environment::get("PROCORE_CLIENT_ID")) +
                "&client_secret=" + formEncode(Poco::Environment::get("PROCORE_CLIENT_SECRET"));
            const std::string body = exchange(login, req, form, res);
            if (res.getStatus() != HTTPResponse::HTTP_OK) {
                phase_ = Phase::Failed;
                break;
            }
            token_ = parseObject(body)->getValue<std::string>("access_token");
            phase_ = Phase::WhoAmI;
            break;
        }
        case Phase::WhoAmI: {
            HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPRequest::HTTP_1_1);
            req.set("Authorization", "Bearer " + token_);
            const std::string body = exchange(api_, req, "", res);
            if (res.getStatus() == HTTPResponse::HTTP_OK)
                std::cout << "running as " << parseObject(body)->optValue<std::string>("login", "?") << "\n";
            phase_ = Phase::ListProjects;
            break;
        }
        case Phase::ListProjects: {
            HTTPRequest req = apiRequest(HTTPRequest::HTTP_GET,
                "/rest/v1.0/projects?company_id=" + std::to_string(companyId_) +
                "&filters[active]=true&per_page=300");
            Poco::JSON::Parser parser;
            auto projects = parser.parse(exchange(api_, req, "", res)).extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < projects->size(); ++i)
                projectIds_.push_back(projects->getObject(static_cast<unsigned>(i))->getValue<int>("id"));
            phase_ = projectIds_.empty() ? Phase::Done : Phase::FetchDetails;
            break;
        }
        case Phase::FetchDetails: {
            HTTPRequest req = apiRequest(HTTPRequest::HTTP_GET, "/rest/v1.0/folders?project_id=" + pid);
            auto root = parseObject(exchange(api_, req, "", res));
            folderId_ = 0;
            if (auto folders = root->getArray("folders")) {
                for (std::size_t i = 0; i < folders->size(); ++i) {
                    auto f = folders->getObject(static_cast<unsigned>(i));
                    if (f->optValue<std::string>("name", "") == kReportFolder)
                        folderId_ = f->getValue<Poco::Int64>("id");
                }
            }
            phase_ = folderId_ ? Phase::RequestUpload : Phase::NextProject;
            break;
        }
        case Phase::RequestUpload: {
            HTTPRequest req(HTTPRequest::HTTP_POST, "/rest/v1.1/projects/" + pid + "/uploads",
                            HTTPRequest::HTTP_1_1);
            req.set("Authorization", "Bearer " + token_);
            req.setContentType("application/json");
            Poco::JSON::Object payload;
            payload.set("response_filename", fileName_);
            payload.set("response_content_type", "application/pdf");
            const std::string body = exchange(api_, req, toJson(payload), res);
            if (res.getStatus() != HTTPResponse::HTTP_CREATED) {
                std::cerr << "project " << pid << ": upload slot refused (" << res.getStatus() << ")\n";
                phase_ = Phase::NextProject;
                break;
            }
            auto slot = parseObject(body);
            uploadUuid_ = slot->getValue<std::string>("uuid");
            uploadUrl_ = slot->getValue<std::string>("url");  // presigned, storage.procore.com
            phase_ = Phase::PutFile;
            break;
        }
        case Phase::PutFile: {
            Poco::URI uri(uploadUrl_);
            HTTPSClientSession storage(uri.getHost(), uri.getPort(), ctx_);
            HTTPRequest req(HTTPRequest::HTTP_PUT, uri.getPathAndQuery(), HTTPRequest::HTTP_1_1);
            req.setContentType("application/pdf");
            exchange(storage, req, reportBytes_, res);
            phase_ = res.getStatus() / 100 == 2 ? Phase::CreateDocument : Phase::NextProject;
            break;
        }
        case Phase::CreateDocument: {
            HTTPRequest req = apiRequest(HTTPRequest::HTTP_POST, "/rest/v1.0/files?project_id=" + pid);
            Poco::JSON::Object file;
            file.set("name", fileName_);
            file.set("parent_id", folderId_);
            file.set("upload_uuid", uploadUuid_);
            Poco::JSON::Object payload;
            payload.set("file", file);
            exchange(api_, req, toJson(payload), res);
            if (res.getStatus() == HTTPResponse::HTTP_CREATED)
                std::cout << "filed in https://app.procore.com/" << pid << "/project/documents\n";
            phase_ = Phase::NextProject;
            break;
        }
        case Phase::NextProject:
            ++index_;
            phase_ = index_ < projectIds_.size() ? Phase::FetchDetails : Phase::Done;
            break;
        case Phase::Done:
        case Phase::Failed:
            break;
        }
    }

    Poco::Int64 companyId_;
    std::string reportPath_;
    Poco::Net::Context::Ptr ctx_;
    HTTPSClientSession api_;
    Phase phase_ = Phase::Authenticate;
    std::string token_;
    std::string reportBytes_;
    std::string fileName_;
    std::vector<Poco::Int64> projectIds_;
    std::size_t index_ = 0;
    Poco::Int64 folderId_ = 0;
    std::string uploadUuid_;
    std::string uploadUrl_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: qa-upload REPORT.pdf\n"
                     "see https://support.procore.com/products/online/user-guide/project-level/documents\n";
        return 2;
    }
    const Poco::Int64 companyId =
        Poco::NumberParser::parse64(Poco::Environment::get("PROCORE_COMPANY_ID"));
    ReportUploader uploader(companyId, argv[1]);
    return uploader.run();
}
