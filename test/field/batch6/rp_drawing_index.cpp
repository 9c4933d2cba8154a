// rp_drawing_index.cpp
// Builds a local drawing revision index (drawings.ini) for a project so the
// plan-room kiosk can show "current revision of A-101" without hitting the API.
// Usage: drawing_index <company_id> <project_id> [drawings.ini]
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

struct Hosts {
    const char* login;
    const char* api;
};
static const Hosts kProduction{"login.procore.com", "api.procore.com"};
static const Hosts kSandbox{"sandbox.procore.com", "sandbox.procore.com"};

struct DrawingArea {
    int64_t id = 0;
    std::string name;
};

struct Drawing {
    int64_t id = 0;
    uint32_t drawing_area_id = 0;
    std::string number;  // sheet number, e.g. "A-101"
    std::string title;
    int64_t current_revision_id = 0;
    std::string current_revision_number;  // "C"
    int revision_count = 0;
};

struct Revision {
    int64_t id = 0;
    int64_t drawing_id = 0;
    std::string revision_number;
    std::string pdf_url;  // presigned storage.procore.com link
};

static Json::Value parseJson(std::istream& in) {
    Json::CharReaderBuilder rb;
    Json::Value root;
    std::string errs;
    if (!Json::parseFromStream(rb, in, &root, &errs)) std::fprintf(stderr, "bad json: %s\n", errs.c_str());
    return root;
}

class ApiClient {
public:
    ApiClient(const Hosts& hosts, std::string token, int64_t companyId)
        : hosts_(hosts), token_(std::move(token)), companyId_(companyId) {}

    Json::Value get(const std::string& path) {
        HTTPSClientSession session(hosts_.api, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(companyId_));
        session.sendRequest(req);
        HTTPResponse res;
        std::istream& body = session.receiveResponse(res);
        if (res.getStatus() != HTTPResponse::HTTP_OK) return Json::Value();
        return parseJson(body);
    }

    bool refresh(const std::string& clientId, const std::string& secret, const std::string& refreshToken) {
        HTTPSClientSession session(hosts_.login, 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
        std::string form = "grant_type=refresh_token&client_id=" + clientId + "&client_secret=" + secret +
                           "&refresh_token=" + refreshToken;
        req.setContentType("application/x-www-form-urlencoded");
        req.setContentLength(static_cast<std::streamsize>(form.size()));
        session.sendRequest(req) << form;
        HTTPResponse res;
        Json::Value tok = parseJson(session.receiveResponse(res));
        if (!tok.isMember("access_token")) return false;
        token_ = tok["access_token"].asString();
        return true;
    }

    std::vector<Revision> revisions(int64_t projectId, int64_t drawingId) {
        std::vector<Revision> out;
        HTTPSClientSession session(hosts_.api, 443);
        std::string path = "/rest/v1.0/projects/" + std::to_string(projectId) +
                           "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawingId);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-CompanyId", std::to_string(companyId_));
        session.sendRequest(req);
        HTTPResponse res;
        Json::Value arr = parseJson(session.receiveResponse(res));
        for (const auto& r : arr) {
            Revision rev;
            rev.id = r["id"].asInt64();
            rev.drawing_id = drawingId;
            rev.revision_number = r["revision_number"].asString();
            rev.pdf_url = r["pdf_url"].asString();
            out.push_back(rev);
        }
        return out;
    }

private:
    Hosts hosts_;
    std::string token_;
    int64_t companyId_;
};

class DrawingRepository {
public:
    explicit DrawingRepository(ApiClient& api) : api_(api) {}

    std::vector<DrawingArea> areas(int64_t projectId) {
        std::vector<DrawingArea> out;
        Json::Value arr = api_.get("/rest/v1.1/projects/" + std::to_string(projectId) + "/drawing_areas");
        for (const auto& a : arr) out.push_back({a["id"].asLargestInt(), a["name"].asString()});
        return out;
    }

    std::vector<Drawing> drawingsIn(int64_t projectId, const DrawingArea& area) {
        std::vector<Drawing> out;
        Json::Value arr = api_.get("/rest/v1.1/drawing_areas/" + std::to_string(area.id) +
                                   "/drawings?project_id=" + std::to_string(projectId));
        for (const auto& d : arr) {
            Drawing dr;
            dr.id = d["id"].asInt64();
            dr.drawing_area_id = d["drawing_area_id"].asUInt();
            dr.number = d["number"].asString();
            dr.title = d["title"].asString();
            const Json::Value& cur = d["current_revision"];
            dr.current_revision_id = cur["id"].asInt();
            dr.current_revision_number = cur["revision_number"].asString();
            out.push_back(dr);
        }
        return out;
    }

private:
    ApiClient& api_;
};

static void saveIndex(const std::string& file, const std::map<int64_t, Drawing>& index) {
    std::ofstream out(file);
    for (const auto& [id, d] : index) {
        out << "[drawing:" << id << "]\n"
            << "number=" << d.number << "\n"
            << "title=" << d.title << "\n"
            << "area_id=" << d.drawing_area_id << "\n"
            << "current_revision_id=" << d.current_revision_id << "\n"
            << "current_revision=" << d.current_revision_number << "\n"
            << "revision_count=" << d.revision_count << "\n\n";
    }
}

static std::map<int64_t, Drawing> loadIndex(const std::string& file) {
    std::map<int64_t, Drawing> index;
    std::ifstream in(file);
    std::string line;
    Drawing* cur = nullptr;
    while (std::getline(in, line)) {
        if (line.rfind("[drawing:", 0) == 0) {
            int64_t id = static_cast<int64_t>(std::strtoull(line.c_str() + 9, nullptr, 10));
            cur = &index[id];
            cur->id = id;
            continue;
        }
        auto eq = line.find('=');
        if (!cur || eq == std::string::npos) continue;
        std::string key = line.substr(0, eq), val = line.substr(eq + 1);
        if (key == "number") cur->number = val;
        else if (key == "title") cur->title = val;
        else if (key == "area_id") cur->drawing_area_id = std::strtoul(val.c_str(), nullptr, 10);
        else if (key == "current_revision_id") cur->current_revision_id = std::atol(val.c_str());
        else if (key == "current_revision") cur->current_revision_number = val;
        else if (key == "revision_count") cur->revision_count = std::atoi(val.c_str());
    }
    return index;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <company_id> <project_id> [drawings.ini]\n", argv[0]);
        return 2;
    }
    const int64_t companyId = std::stoll(argv[1]);
    const int64_t projectId = std::stoll(argv[2]);
    const std::string file = argc > 3 ? argv[3] : "drawings.ini";
    const char* env = std::getenv("PROCORE_ENV");
    const Hosts& hosts = (env && std::string(env) == "sandbox") ? kSandbox : kProduction;

    ApiClient api(hosts, std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "", companyId);
    if (const char* rt = std::getenv("PROCORE_REFRESH_TOKEN"))
        api.refresh(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"), rt);

    std::map<int64_t, Drawing> index = loadIndex(file);
    std::vector<std::pair<std::string, int>> bySheet;
    DrawingRepository repo(api);
    for (const auto& area : repo.areas(projectId)) {
        for (Drawing d : repo.drawingsIn(projectId, area)) {
            auto known = index.find(d.id);
            if (known == index.end() || known->second.current_revision_id != d.current_revision_id) {
                auto revs = api.revisions(projectId, d.id);
                d.revision_count = static_cast<int>(revs.size());
                if (!revs.empty())
                    std::printf("%s rev %s: %s\n", d.number.c_str(), revs.back().revision_number.c_str(),
                                revs.back().pdf_url.c_str());
            }
            bySheet.emplace_back(d.number, static_cast<int>(d.id));
            index[d.id] = d;
        }
    }

    saveIndex(file, index);
    std::printf("indexed %zu drawings for project %lld (%zu sheets)\n", index.size(),
                static_cast<long long>(projectId), bySheet.size());
    std::printf("open in Procore: https://app.procore.com/%lld/project/drawing_log\n",
                static_cast<long long>(projectId));
    return 0;
}
