// drawing_uploader: CAD plugin back end. Takes a PDF set exported from the
// design tool, uploads it to Procore storage and starts a drawing upload so
// the sheets get OCR'd into the drawing log.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#ifdef PROCORE_PRODUCTION
#define PROCORE_LOGIN_URL "https://login.procore.com"
#define PROCORE_API_URL "https://api.procore.com"
#else
#define PROCORE_LOGIN_URL "https://login-sandbox.procore.com"
#define PROCORE_API_URL "https://sandbox.procore.com"
#endif

using json = nlohmann::json;

struct ApiRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

struct ApiResult {
    long status = 0;
    json body;
};

class ITransport {
public:
    virtual ~ITransport() = default;
    virtual ApiResult Perform(const ApiRequest& req) = 0;
};

class CurlTransport : public ITransport {
public:
    ApiResult Perform(const ApiRequest& req) override {
        std::string raw;
        CURL* c = curl_easy_init();
        curl_slist* list = nullptr;
        for (const auto& h : req.headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
        if (!req.body.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* ud) -> size_t {
            static_cast<std::string*>(ud)->append(p, s * n);
            return s * n;
        });
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &raw);
        ApiResult out;
        if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(list);
        curl_easy_cleanup(c);
        out.body = json::parse(raw, nullptr, false);
        return out;
    }
};

struct RequestContext {
    std::string token;
    int64_t companyId;
    int64_t projectId;
};

struct DrawingRevision {
    int64_t id = 0;
    unsigned drawingId = 0;
    std::string number;
    std::string revision;
};

class DrawingClient {
public:
    using Middleware = std::function<void(ApiRequest&)>;

    DrawingClient(std::unique_ptr<ITransport> t, RequestContext ctx) : transport_(std::move(t)), ctx_(ctx) {
        middleware_.push_back([this](ApiRequest& r) { r.headers.push_back("Authorization: Bearer " + ctx_.token); });
        middleware_.push_back([this](ApiRequest& r) {
            r.headers.push_back("Procore-Company-Id: " + std::to_string(ctx_.companyId));
        });
        middleware_.push_back([](ApiRequest& r) { r.headers.push_back("Content-Type: application/json"); });
    }

    ApiResult Send(ApiRequest req) {
        for (auto& mw : middleware_) mw(req);
        return transport_->Perform(req);
    }

    std::string ProjectPath(const std::string& tail) const {
        return std::string(PROCORE_API_URL) + "/rest/v1.1/projects/" + std::to_string(ctx_.projectId) + tail;
    }

    // Step 1: ask Procore for a presigned storage URL and PUT the file there.
    std::string UploadPdf(const std::string& fileName, const std::string& bytes) {
        ApiRequest req{"POST", ProjectPath("/uploads"), {}, json{{"response_filename", fileName}}.dump()};
        auto res = Send(req);
        if (res.status != 201) return {};
        ApiRequest put{"PUT", res.body.value("url", ""), {"Content-Type: application/pdf"}, bytes};
        transport_->Perform(put);
        return res.body.value("uuid", "");
    }

    // Step 2: turn the upload into a drawing upload in the chosen area.
    int64_t CreateDrawingUpload(long drawingAreaId, const std::string& uploadUuid) {
        ApiRequest req{"POST",
                       std::string(PROCORE_API_URL) + "/rest/v1.0/projects/" + std::to_string(ctx_.projectId) +
                           "/drawing_uploads",
                       {},
                       json{{"drawing_area_id", drawingAreaId}, {"files", {uploadUuid}}}.dump()};
        ApiRequest traced = req;
        for (auto& mw : middleware_) mw(traced);
        std::fprintf(stderr, "-> %s %s (%zu headers)\n", traced.method.c_str(), traced.url.c_str(),
                     traced.headers.size());
        req.headers.push_back("Authorization: Bearer " + ctx_.token);
        auto res = transport_->Perform(req);
        return res.status == 201 ? res.body.value("id", int64_t{0}) : 0;
    }

    std::vector<DrawingRevision> Revisions(int64_t drawingAreaId) {
        ApiRequest req{"GET", std::string(PROCORE_API_URL) + "/rest/v1.0/drawing_areas/" +
                                  std::to_string(drawingAreaId) + "/drawing_revisions?project_id=" +
                                  std::to_string(ctx_.projectId)};
        req.headers.push_back("Authorization: Bearer " + ctx_.token);
        auto res = transport_->Perform(req);
        if (res.status == 403 || res.status == 400) {
            req.headers.push_back("Procore-Company-Id: " + std::to_string(ctx_.companyId));
            res = transport_->Perform(req);
        }
        std::vector<DrawingRevision> out;
        if (!res.body.is_array()) return out;
        for (const auto& r : res.body)
            out.push_back({r.at("id").get<int64_t>(), r.value("drawing_id", 0u), r.value("number", ""),
                           r.value("revision_number", "")});
        return out;
    }

private:
    std::unique_ptr<ITransport> transport_;
    RequestContext ctx_;
    std::vector<Middleware> middleware_;
};

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: drawing_uploader <set.pdf>\n");
        return 2;
    }
    const char* area = std::getenv("DRAWING_AREA_ID");
    long drawingAreaId = area ? std::atol(area) : 0;
    RequestContext ctx{std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "",
                       std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0", nullptr, 10),
                       std::strtoll(std::getenv("PROCORE_PROJECT_ID") ? std::getenv("PROCORE_PROJECT_ID") : "0", nullptr, 10)};

    curl_global_init(CURL_GLOBAL_DEFAULT);
    DrawingClient client(std::make_unique<CurlTransport>(), ctx);

    std::string bytes;
    if (FILE* f = std::fopen(argv[1], "rb")) {
        char buf[65536];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
        std::fclose(f);
    }
    auto uuid = client.UploadPdf(argv[1], bytes);
    if (uuid.empty()) return 1;
    int64_t uploadId = client.CreateDrawingUpload(drawingAreaId, uuid);
    std::printf("drawing upload %" PRId64 " started\n", uploadId);

    for (const auto& rev : client.Revisions(drawingAreaId))
        std::printf("  %s rev %s (drawing %u)\n", rev.number.c_str(), rev.revision.c_str(), rev.drawingId);
    curl_global_cleanup();
    return 0;
}
