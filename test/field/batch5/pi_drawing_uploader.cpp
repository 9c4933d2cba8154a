// drawing_uploader: publishes PDF sheet sets exported from the CAD farm
// into a Procore drawing area. Requests are built by small factory
// functions and handed to an ApiSender, so the export pipeline can queue
// them and retry without knowing anything about HTTP.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace cadfarm {

class ProcoreRequest {
public:
    ProcoreRequest(const std::string& method, const std::string& path)
        : req_(method, path, HTTPMessage::HTTP_1_1) {
        req_.set("Accept", "application/json");
    }

    ProcoreRequest& setBearer(const std::string& token) {
        req_.setCredentials("Bearer", token);
        return *this;
    }
    ProcoreRequest& setCompany(int64_t company_id) {
        req_.set("Procore-Company-Id", std::to_string(company_id));
        return *this;
    }
    ProcoreRequest& setJson(const Poco::JSON::Object& body) {
        std::ostringstream os;
        body.stringify(os);
        body_ = os.str();
        req_.setContentType("application/json");
        req_.setContentLength(static_cast<std::streamsize>(body_.size()));
        return *this;
    }

    HTTPRequest& raw() { return req_; }
    const std::string& body() const { return body_; }

private:
    HTTPRequest req_;
    std::string body_;
};

struct SiteConfig {
    std::string region;        // "us01" (default) or "us02" for the west coast tenant
    std::string access_token;
    int64_t company_id = 0;
};

std::string apiHostFor(const SiteConfig& cfg) {
    return cfg.region == "us02" ? "us02.procore.com" : "api.procore.com";
}

// ---------------------------------------------------------------------------
// Request factories

std::shared_ptr<ProcoreRequest> makeDrawingAreasRequest(const SiteConfig& cfg, int64_t project_id) {
    auto req = std::make_shared<ProcoreRequest>(
        HTTPRequest::HTTP_GET, "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas");
    req->setBearer(cfg.access_token).setCompany(cfg.company_id);
    return req;
}

std::shared_ptr<ProcoreRequest> makeCreateUploadRequest(const SiteConfig& cfg, int64_t project_id,
                                                        const std::string& filename) {
    auto req = std::make_shared<ProcoreRequest>(
        HTTPRequest::HTTP_POST, "/rest/v1.0/projects/" + std::to_string(project_id) + "/uploads");
    Poco::JSON::Object body;
    body.set("response_filename", filename);
    body.set("response_content_type", "application/pdf");
    req->setBearer(cfg.access_token).setCompany(cfg.company_id).setJson(body);
    return req;
}

std::shared_ptr<ProcoreRequest> makeDrawingUploadRequest(const SiteConfig& cfg, int64_t project_id,
                                                         unsigned drawing_area_id,
                                                         const std::string& upload_uuid) {
    auto req = std::make_shared<ProcoreRequest>(
        HTTPRequest::HTTP_POST, "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_uploads");
    Poco::JSON::Object upload;
    upload.set("drawing_area_id", drawing_area_id);
    Poco::JSON::Array ids;
    ids.add(upload_uuid);
    upload.set("upload_ids", ids);
    Poco::JSON::Object body;
    body.set("drawing_upload", upload);
    req->setBearer(cfg.access_token).setJson(body);
    return req;
}

// ---------------------------------------------------------------------------

class ApiSender {
public:
    explicit ApiSender(const std::string& host)
        : session_(std::make_unique<Poco::Net::HTTPSClientSession>(host, 443)) {
        session_->setKeepAlive(true);
    }

    Poco::Dynamic::Var send(const std::shared_ptr<ProcoreRequest>& req) {
        std::ostream& os = session_->sendRequest(req->raw());
        os << req->body();
        HTTPResponse resp;
        std::istream& is = session_->receiveResponse(resp);
        if (resp.getStatus() >= 400) {
            std::string err;
            Poco::StreamCopier::copyToString(is, err);
            throw std::runtime_error(std::to_string(static_cast<int>(resp.getStatus())) + " " + err);
        }
        Poco::JSON::Parser parser;
        return parser.parse(is);
    }

private:
    std::unique_ptr<Poco::Net::HTTPSClientSession> session_;
};

// Pushes the file to the presigned storage URL returned by /uploads.
void putToStorage(const std::string& presigned_url, const std::string& pdf_path) {
    Poco::URI uri(presigned_url);   // https://storage.procore.com/...?X-Amz-Signature=...
    Poco::Net::HTTPSClientSession s3(uri.getHost(), uri.getPort());
    std::ifstream in(pdf_path, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    HTTPRequest put(HTTPRequest::HTTP_PUT, uri.getPathAndQuery(), HTTPMessage::HTTP_1_1);
    put.setContentType("application/pdf");
    put.setContentLength(static_cast<std::streamsize>(data.size()));
    s3.sendRequest(put) << data;
    HTTPResponse resp;
    s3.receiveResponse(resp).ignore(std::numeric_limits<std::streamsize>::max());
    if (resp.getStatus() != HTTPResponse::HTTP_OK)
        throw std::runtime_error("storage upload failed: " + std::to_string(static_cast<int>(resp.getStatus())));
}

} // namespace cadfarm

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: drawing_uploader <company_id> <project_id> <area name> <sheetset.pdf>\n";
        return 2;
    }
    cadfarm::SiteConfig cfg;
    cfg.company_id = Poco::NumberParser::parse64(argv[1]);
    const int project_id = Poco::NumberParser::parse(argv[2]);
    const std::string area_name = argv[3];
    const std::string pdf_path = argv[4];
    const char* token = std::getenv("PROCORE_ACCESS_TOKEN");
    const char* region = std::getenv("PROCORE_REGION");
    cfg.access_token = token ? token : "";
    cfg.region = region ? region : "us01";

    try {
        cadfarm::ApiSender sender(cadfarm::apiHostFor(cfg));

        auto areas = sender.send(cadfarm::makeDrawingAreasRequest(cfg, project_id))
                         .extract<Poco::JSON::Array::Ptr>();
        unsigned area_id = 0;
        for (size_t i = 0; i < areas->size(); ++i) {
            auto area = areas->getObject(static_cast<unsigned>(i));
            if (area->getValue<std::string>("name") == area_name) {
                area_id = area->getValue<unsigned>("id");
                break;
            }
        }
        if (area_id == 0) {
            std::cerr << "no drawing area named '" << area_name << "'\n";
            return 1;
        }

        auto upload = sender.send(cadfarm::makeCreateUploadRequest(cfg, project_id, "sheets.pdf"))
                          .extract<Poco::JSON::Object::Ptr>();
        cadfarm::putToStorage(upload->getValue<std::string>("url"), pdf_path);

        auto result = sender.send(cadfarm::makeDrawingUploadRequest(
                                      cfg, project_id, area_id, upload->getValue<std::string>("uuid")))
                          .extract<Poco::JSON::Object::Ptr>();
        std::cout << "drawing upload " << result->getValue<Poco::Int64>("id") << " queued; check "
                  << "https://app.procore.com/" << project_id << "/project/drawing_log\n";
    } catch (const std::exception& e) {
        std::cerr << "upload failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
