// drawing-fetch: downloads the current sheet set of one drawing area for the
// plotter room. procore_gen:: is generated (openapi-generator 7.2, "cpp-httplib"
// community template, spec procore-drawings-v1.yaml); main() and helpers below the
// "hand-written" marker are ours.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace procore_gen {
using nlohmann::json;

struct ApiConfiguration {
    std::string basePath = "https://api.procore.com";
    httplib::Headers defaultHeaders;
    std::string accessToken;
    std::string companyHeaderName = "Procore-Company-Id";
    int64_t companyId = 0;
};

struct OperationDef {
    const char* operationId;
    const char* method;
    const char* pathTemplate;
    bool needsCompanyHeader;
};

static const OperationDef kOperations[] = {
    {"showProject", "GET", "/rest/v1.0/projects/{project_id}", true},
    {"listDrawingAreas", "GET", "/vapid/projects/{project_id}/drawing_areas", true},
    {"listDrawings", "GET", "/rest/v1.0/drawing_areas/{drawing_area_id}/drawings", true},
    {"listDrawingRevisions", "GET", "/rest/v1.0/projects/{project_id}/drawing_revisions", false},
};

struct Project {
    int64_t id = 0;
    std::string name;
};
inline void from_json(const json& j, Project& p) {
    p.id = j.at("id").get<int64_t>();
    p.name = j.value("name", "");
}

struct DrawingArea {
    int64_t id = 0;
    std::string name;
};
inline void from_json(const json& j, DrawingArea& a) {
    a.id = j.at("id").get<int64_t>();
    a.name = j.value("name", "");
}

struct Drawing {
    int64_t id = 0;
    std::string number;
    std::string title;
    int32_t currentRevisionId = 0;
};
inline void from_json(const json& j, Drawing& d) {
    d.id = j.at("id").get<int64_t>();
    d.number = j.value("number", "");
    d.title = j.value("title", "");
    if (j.contains("current_revision") && j["current_revision"].is_object())
        j["current_revision"].at("id").get_to(d.currentRevisionId);
}

struct DrawingRevision {
    int64_t id = 0;
    int64_t drawingId = 0;
    std::string revisionNumber;
    std::string pdfUrl;
};
inline void from_json(const json& j, DrawingRevision& r) {
    r.id = j.at("id").get<int64_t>();
    r.drawingId = j.value("drawing_id", int64_t{0});
    r.revisionNumber = j.value("revision_number", "");
    r.pdfUrl = j.value("pdf_url", "");
}

class ApiClient {
public:
    explicit ApiClient(ApiConfiguration c) : cfg_(std::move(c)) {}
    const ApiConfiguration& config() const { return cfg_; }

    std::string callApi(const OperationDef& op, std::string path,
                        const std::map<std::string, std::string>& pathParams,
                        const httplib::Params& query) const {
        for (const auto& [name, value] : pathParams) {
            const std::string ph = "{" + name + "}";
            for (auto pos = path.find(ph); pos != std::string::npos; pos = path.find(ph))
                path.replace(pos, ph.size(), value);
        }
        httplib::Headers headers = cfg_.defaultHeaders;
        headers.emplace("Authorization", "Bearer " + cfg_.accessToken);
        if (op.needsCompanyHeader)
            headers.emplace(cfg_.companyHeaderName, std::to_string(cfg_.companyId));
        httplib::Client cli(cfg_.basePath);
        cli.set_read_timeout(60, 0);
        auto res = cli.Get(path, query, headers);
        if (!res || res->status != 200)
            throw std::runtime_error(std::string(op.operationId) + " failed");
        return res->body;
    }

private:
    ApiConfiguration cfg_;
};

class DrawingsApi {
public:
    explicit DrawingsApi(const ApiClient& c) : api_(c) {}
    Project showProject(int64_t projectId) const {
        const auto& op = kOperations[0];
        auto body = api_.callApi(op, op.pathTemplate, {{"project_id", std::to_string(projectId)}},
                                 {{"company_id", std::to_string(api_.config().companyId)}});
        return json::parse(body).get<Project>();
    }
    std::vector<DrawingArea> listDrawingAreas(int64_t projectId) const {
        const auto& op = kOperations[1];
        auto body = api_.callApi(op, op.pathTemplate, {{"project_id", std::to_string(projectId)}}, {});
        return json::parse(body).get<std::vector<DrawingArea>>();
    }
    std::vector<Drawing> listDrawings(int64_t projectId, int64_t areaId) const {
        const auto& op = kOperations[2];
        auto body = api_.callApi(op, op.pathTemplate, {{"drawing_area_id", std::to_string(areaId)}},
                                 {{"project_id", std::to_string(projectId)}});
        return json::parse(body).get<std::vector<Drawing>>();
    }
    std::vector<DrawingRevision> listDrawingRevisions(int64_t projectId, int page) const {
        const auto& op = kOperations[3];
        auto body = api_.callApi(op, op.pathTemplate, {{"project_id", std::to_string(projectId)}},
                                 {{"page", std::to_string(page)}, {"per_page", "200"}});
        return json::parse(body).get<std::vector<DrawingRevision>>();
    }

private:
    const ApiClient& api_;
};

}  // namespace procore_gen

// ------------------------------------------------------------------ hand-written
namespace {

const std::map<std::string, std::string> kZoneBases = {
    {"default", "https://api.procore.com"},
    {"us02", "https://us02.procore.com"},
};

std::string getenvOr(const char* k, const char* d) {
    const char* v = std::getenv(k);
    return v ? v : d;
}

std::string exchangeRefreshToken(const std::string& refresh) {
    httplib::Client login("https://login.procore.com");
    httplib::Params form = {{"grant_type", "refresh_token"},
                            {"client_id", getenvOr("PROCORE_CLIENT_ID", "")},
                            {"client_secret", getenvOr("PROCORE_CLIENT_SECRET", "")},
                            {"refresh_token", refresh}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) throw std::runtime_error("refresh failed");
    return nlohmann::json::parse(res->body).at("access_token").get<std::string>();
}

// pdf_url is a presigned link such as https://storage.procore.com/...?...sig=...
bool downloadPdf(const std::string& url, const std::string& dest) {
    const auto schemeEnd = url.find("://");
    const auto pathStart = url.find('/', schemeEnd + 3);
    httplib::Client storage(url.substr(0, pathStart));
    storage.set_follow_location(true);
    auto res = storage.Get(url.substr(pathStart));
    if (!res || res->status != 200) return false;
    std::ofstream(dest, std::ios::binary) << res->body;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: drawing-fetch <project_id> <drawing_area_id> [outdir]\n";
        return 64;
    }
    const int64_t projectId = std::stoll(argv[1]);
    const int64_t areaId = std::stoll(argv[2]);
    const std::string outDir = argc > 3 ? argv[3] : ".";

    procore_gen::ApiConfiguration cfg;
    cfg.basePath = kZoneBases.at(getenvOr("PROCORE_ZONE", "default"));
    cfg.companyId = std::stoll(getenvOr("PROCORE_COMPANY_ID", "0"));
    cfg.accessToken = exchangeRefreshToken(getenvOr("PROCORE_REFRESH_TOKEN", ""));
    cfg.defaultHeaders.emplace("User-Agent", "drawing-fetch/1.4");
    procore_gen::ApiClient client(cfg);
    procore_gen::DrawingsApi api(client);

    auto project = api.showProject(projectId);
    std::cout << "Project: " << project.name << "\n";

    std::map<int, std::string> titlesById;
    for (const auto& d : api.listDrawings(projectId, areaId))
        titlesById[d.currentRevisionId] = d.number + " " + d.title;

    int saved = 0;
    for (int page = 1; page < 50; ++page) {
        auto revs = api.listDrawingRevisions(projectId, page);
        for (const auto& r : revs) {
            auto it = titlesById.find(r.id);
            if (it == titlesById.end() || r.pdfUrl.empty()) continue;
            if (downloadPdf(r.pdfUrl, outDir + "/" + it->second + ".pdf")) ++saved;
        }
        if (revs.size() < 200) break;
    }

    std::cout << saved << " sheets saved. Review in Procore: https://app.procore.com/"
              << cfg.companyId << "/project/drawing_areas/" << areaId << "?project_id=" << projectId
              << "\n";
    return saved > 0 ? 0 : 1;
}
