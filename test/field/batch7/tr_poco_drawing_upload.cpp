// sync/drawing-upload/poco_drawing_upload.cpp
//
// Pushes PDF sheet sets exported from the CAD server into Procore's drawing
// upload flow: create an upload, PUT the file to the presigned URL, then
// create a drawing_upload in the target drawing area. Environment and
// endpoint details are traits; the transport is Poco.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <variant>

namespace drawup {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using DrawingAreaId = std::int64_t;

// ---- environments
struct DevSandbox {
    static constexpr const char* login = "login-sandbox.procore.com";
    static constexpr const char* api = "sandbox.procore.com";
};
struct Production {
    static constexpr const char* login = "login.procore.com";
    static constexpr const char* api = "app.procore.com";
};

// ---- endpoints
struct Me {};
struct Uploads {};
struct DrawingAreas {};
struct DrawingUploads {};

template <class E> struct EndpointTraits;
template <> struct EndpointTraits<Me> {
    static constexpr const char* path = "/rest/v1.0/me";
    static constexpr bool legacy = false;
};
template <> struct EndpointTraits<Uploads> {
    static constexpr const char* path = "/rest/v1.1/projects/{}/uploads";
    static constexpr bool legacy = false;
};
template <> struct EndpointTraits<DrawingAreas> {
    static constexpr const char* path = "/vapid/projects/{}/drawing_areas";
    static constexpr bool legacy = true;
};
template <> struct EndpointTraits<DrawingUploads> {
    static constexpr const char* path = "/rest/v1.0/projects/{}/drawing_uploads";
    static constexpr bool legacy = false;
};

struct Reply {
    int status;
    std::string body;
};
struct Rejected {
    int status;
    std::string reason;
};
template <class T>
using Outcome = std::variant<T, Rejected>;

template <class E>
std::string path_for(ProjectId project) {
    std::string p = EndpointTraits<E>::path;
    if (auto pos = p.find("{}"); pos != std::string::npos) p.replace(pos, 2, std::to_string(project));
    return p;
}

inline std::string to_json(const rapidjson::Document& d) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    d.Accept(w);
    return sb.GetString();
}

inline Reply exchange(Poco::Net::HTTPSClientSession& session, Poco::Net::HTTPRequest& req, const std::string& body) {
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return Reply{static_cast<int>(res.getStatus()), text};
}

template <class Env>
class DrawingUploader {
  public:
    DrawingUploader(CompanyId company, ProjectId project) : company_(company), project_(project) {}

    bool authenticate(const std::string& client_id, const std::string& secret, const std::string& refresh) {
        Poco::Net::HTTPSClientSession session(Env::login, 443);
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token", Poco::Net::HTTPMessage::HTTP_1_1);
        req.setContentType("application/x-www-form-urlencoded");
        auto r = exchange(session, req,
                          "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
                              "&refresh_token=" + refresh);
        if (r.status != 200) return false;
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        token_ = d["access_token"].GetString();
        return true;
    }

    bool token_valid() {
        Poco::Net::HTTPSClientSession session(Env::login, 443);
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/oauth/token/info", Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        return exchange(session, req, "").status == 200;
    }

    template <class E>
    Reply send(const std::string& method, const std::string& body = {}, const std::string& query = {}) {
        using T = EndpointTraits<E>;
        Poco::Net::HTTPSClientSession session(Env::api, 443);
        Poco::Net::HTTPRequest req(method, path_for<E>(project_) + query, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        if constexpr (!T::legacy) {
            req.set("Procore-Company-Id", std::to_string(company_));
        }
        if (!body.empty()) req.setContentType("application/json");
        return exchange(session, req, body);
    }

    Outcome<DrawingAreaId> find_area(const std::string& name) {
        auto r = send<DrawingAreas>(Poco::Net::HTTPRequest::HTTP_GET);
        if (r.status != 200) return Rejected{r.status, r.body};
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        for (const auto& a : d.GetArray()) {
            if (name == a["name"].GetString()) return static_cast<DrawingAreaId>(a["id"].GetUint());
        }
        return Rejected{404, "no drawing area named " + name};
    }

    Outcome<std::string> stage_file(const std::string& file_path) {
        std::ifstream in(file_path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

        rapidjson::Document body(rapidjson::kObjectType);
        auto& a = body.GetAllocator();
        body.AddMember("response_filename", rapidjson::Value(file_path.c_str(), a), a);
        body.AddMember("response_content_type", "application/pdf", a);
        auto r = send<Uploads>(Poco::Net::HTTPRequest::HTTP_POST, to_json(body));
        if (r.status != 201 && r.status != 200) return Rejected{r.status, r.body};

        rapidjson::Document up;
        up.Parse(r.body.c_str());
        const std::string uuid = up["uuid"].GetString();
        Poco::URI presigned(up["url"].GetString());  // https://storage.procore.com/...
        Poco::Net::HTTPSClientSession storage(presigned.getHost(), presigned.getPort());
        Poco::Net::HTTPRequest put(Poco::Net::HTTPRequest::HTTP_PUT, presigned.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        put.setContentType("application/pdf");
        const int status = exchange(storage, put, bytes).status;
        if (status != 200) return Rejected{status, "storage PUT failed"};
        return uuid;
    }

    Outcome<Reply> create_drawing_upload(DrawingAreaId area, const std::string& upload_uuid) {
        rapidjson::Document body(rapidjson::kObjectType);
        auto& a = body.GetAllocator();
        rapidjson::Value files(rapidjson::kArrayType);
        files.PushBack(rapidjson::Value(upload_uuid.c_str(), a), a);
        body.AddMember("drawing_area_id", rapidjson::Value(static_cast<int64_t>(area)), a);
        body.AddMember("upload_uuids", files, a);
        auto r = send<DrawingUploads>(Poco::Net::HTTPRequest::HTTP_POST, to_json(body));
        if (r.status >= 300) return Rejected{r.status, r.body};
        return r;
    }

    std::string who_am_i() { return send<Me>(Poco::Net::HTTPRequest::HTTP_GET).body; }

  private:
    CompanyId company_;
    ProjectId project_;
    std::string token_;
};

} // namespace drawup

int main(int argc, char** argv) {
    using namespace drawup;
    if (argc < 6 || !std::getenv("PROCORE_COMPANY_ID")) {
        std::cerr << "usage: PROCORE_COMPANY_ID=... drawing-upload <client-id> <secret> <refresh> <project> <area> "
                     "<pdf>...\n";
        return 2;
    }
    const CompanyId company = std::atoi(std::getenv("PROCORE_COMPANY_ID"));
    const ProjectId project = Poco::NumberParser::parse64(argv[4]);

#ifdef DRAWUP_SANDBOX
    DrawingUploader<DevSandbox> uploader(company, project);
#else
    DrawingUploader<Production> uploader(company, project);
#endif
    if (!uploader.authenticate(argv[1], argv[2], argv[3]) || !uploader.token_valid()) return 1;
    std::clog << "running as " << uploader.who_am_i() << "\n";

    auto area = uploader.find_area(argv[5]);
    if (auto* rej = std::get_if<Rejected>(&area)) {
        std::cerr << "drawing area: " << rej->status << " " << rej->reason << "\n";
        return 1;
    }
    int uploaded = 0;
    const int max_retries = 3;
    for (int i = 6; i < argc; ++i) {
        for (int attempt = 0; attempt < max_retries; ++attempt) {
            auto staged = uploader.stage_file(argv[i]);
            if (auto* uuid = std::get_if<std::string>(&staged)) {
                if (std::holds_alternative<Reply>(uploader.create_drawing_upload(std::get<DrawingAreaId>(area), *uuid))) {
                    ++uploaded;
                    break;
                }
            }
        }
    }
    std::cout << uploaded << " sheet sets sent; check https://app.procore.com/" << company
              << "/project/home?project_id=" << project << "\n";
    return uploaded == argc - 6 ? 0 : 1;
}
