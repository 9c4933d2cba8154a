// drawing_plugin.cpp - Procore bridge for the CAD desktop plugin.
// Lets a drafter browse drawing areas, pull the latest revision list and push a
// freshly plotted sheet back to Procore. Points at the monthly sandbox until the
// plugin passes QA.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace cadbridge {

constexpr const char* kLoginHost = "https://login-sandbox-monthly.procore.com";
constexpr const char* kApiHost = "https://api-monthly.procore.com";
constexpr const char* kSlackWebhook = "https://hooks.slack.com/services/T000/B000/plugin-feed";

struct Session {
    std::string accessToken;
    int64_t companyId = 0;
    int64_t projectId = 0;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual std::string method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string query() const { return std::string(); }
    virtual std::vector<std::string> extraHeaders() const { return {}; }
    virtual std::string body() const { return std::string(); }
};

// Everything under a company carries the company header via extraHeaders().
class CompanyScopedCommand : public ApiCommand {
public:
    explicit CompanyScopedCommand(int64_t companyId) : companyId_(companyId) {}
    std::vector<std::string> extraHeaders() const override {
        return {"Procore-Company-Id: " + std::to_string(companyId_)};
    }
protected:
    int64_t companyId_;
};

class DrawingAreasCommand : public CompanyScopedCommand {
public:
    DrawingAreasCommand(int64_t companyId, int64_t projectId)
        : CompanyScopedCommand(companyId), projectId_(projectId) {}
    std::string path() const override {
        return "/rest/v1.1/projects/" + std::to_string(projectId_) + "/drawing_areas";
    }
private:
    int64_t projectId_;
};

class DrawingsCommand : public CompanyScopedCommand {
public:
    DrawingsCommand(int64_t companyId, int64_t projectId, uint64_t areaId)
        : CompanyScopedCommand(companyId), projectId_(projectId), areaId_(areaId) {}
    std::string path() const override {
        return "/rest/v1.1/drawing_areas/" + std::to_string(areaId_) + "/drawings";
    }
    std::string query() const override { return "project_id=" + std::to_string(projectId_); }
private:
    int64_t projectId_;
    uint64_t areaId_;
};

class DrawingRevisionsCommand : public ApiCommand {
public:
    DrawingRevisionsCommand(int64_t companyId, int64_t projectId, uint64_t drawingId)
        : companyId_(companyId), projectId_(projectId), drawingId_(drawingId) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/drawing_revisions";
    }
    std::string query() const override { return "filters[drawing_id]=" + std::to_string(drawingId_); }
    std::vector<std::string> extraHeaders() const override {
        return {"X-Procore-Company-Id: " + std::to_string(companyId_)};
    }
private:
    int64_t companyId_;
    int64_t projectId_;
    uint64_t drawingId_;
};

class CreateDrawingUploadCommand : public CompanyScopedCommand {
public:
    CreateDrawingUploadCommand(int64_t companyId, int64_t projectId, std::string fileName)
        : CompanyScopedCommand(companyId), projectId_(projectId), fileName_(std::move(fileName)) {}
    std::string method() const override { return "POST"; }
    std::string path() const override {
        return "/rest/v1.1/projects/" + std::to_string(projectId_) + "/drawing_uploads";
    }
    std::vector<std::string> extraHeaders() const override {
        return {"Content-Type: application/json"};
    }
    std::string body() const override {
        return json{{"drawing_upload", {{"file_name", fileName_}}}}.dump();
    }
private:
    int64_t projectId_;
    std::string fileName_;
};

static size_t onBody(char* data, size_t sz, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, sz * n);
    return sz * n;
}

class CommandExecutor {
public:
    explicit CommandExecutor(std::shared_ptr<Session> session) : session_(std::move(session)) {}

    std::pair<int, json> send(const ApiCommand& cmd) {
        std::string url = std::string(kApiHost) + cmd.path();
        const std::string q = cmd.query();
        if (!q.empty()) url += "?" + q;

        CURL* c = curl_easy_init();
        curl_slist* list = nullptr;
        list = curl_slist_append(list, ("Authorization: Bearer " + session_->accessToken).c_str());
        for (const auto& h : cmd.extraHeaders()) list = curl_slist_append(list, h.c_str());

        std::string out;
        const std::string verb = cmd.method();
        const std::string payload = cmd.body();
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, verb.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
        if (!payload.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
        CURLcode rc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        curl_easy_cleanup(c);
        if (rc != CURLE_OK) return {0, json()};
        return {static_cast<int>(status), json::parse(out, nullptr, false)};
    }

private:
    std::shared_ptr<Session> session_;
};

// Posts a line to the team channel so QA sees what the plugin pushed.
static void notifySlack(const std::string& text) {
    CURL* c = curl_easy_init();
    if (!c) return;
    const std::string payload = json{{"text", text}}.dump();
    curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, kSlackWebhook);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(c);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
}

struct RevisionInfo {
    unsigned revisionId;
    std::string number;
};

std::vector<RevisionInfo> latestRevisions(CommandExecutor& exec, const Session& s, uint64_t drawingId) {
    std::vector<RevisionInfo> result;
    auto [status, body] = exec.send(DrawingRevisionsCommand(s.companyId, s.projectId, drawingId));
    if (status != 200 || !body.is_array()) {
        std::fprintf(stderr, "revisions for drawing %u failed: HTTP %d\n",
                     static_cast<unsigned>(drawingId), status);
        return result;
    }
    for (const auto& r : body) {
        result.push_back({r.at("id").get<unsigned>(), r.value("revision_number", "")});
    }
    return result;
}

int pushPlot(CommandExecutor& exec, const Session& s, const std::string& fileName, int ticketNumber) {
    auto [status, body] = exec.send(CreateDrawingUploadCommand(s.companyId, s.projectId, fileName));
    if (status != 201) return status;
    const int64_t uploadId = body.value("id", int64_t{0});
    char msg[256];
    std::snprintf(msg, sizeof msg, "plot %s uploaded as %" PRId64 " (QA ticket #%d)", fileName.c_str(),
                  uploadId, ticketNumber);
    notifySlack(msg);
    return status;
}

void browseAreas(CommandExecutor& exec, const Session& s) {
    auto [status, areas] = exec.send(DrawingAreasCommand(s.companyId, s.projectId));
    if (status != 200) return;
    for (const auto& area : areas) {
        const uint64_t areaId = area.at("id").get<uint64_t>();
        auto [st, drawings] = exec.send(DrawingsCommand(s.companyId, s.projectId, areaId));
        if (st != 200) continue;
        for (const auto& d : drawings) {
            const auto revs = latestRevisions(exec, s, d.at("id").get<uint64_t>());
            std::printf("%s  %s  (%zu revisions)\n", area.value("name", "").c_str(),
                        d.value("number", "").c_str(), revs.size());
        }
    }
}

// Desktop OAuth (authorization code + PKCE) finishing step.
bool exchangeCode(Session& s, const std::string& code, const std::string& verifier, const std::string& clientId) {
    CURL* c = curl_easy_init();
    if (!c) return false;
    const std::string url = std::string(kLoginHost) + "/oauth/token";
    const std::string form = "grant_type=authorization_code&client_id=" + clientId + "&code=" + code +
                             "&code_verifier=" + verifier + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob";
    std::string out;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) return false;
    const json tok = json::parse(out, nullptr, false);
    if (!tok.contains("access_token")) return false;
    s.accessToken = tok["access_token"].get<std::string>();
    return true;
}

}  // namespace cadbridge

// Entry points called by the CAD host through the C ABI.
extern "C" int cadbridge_push_plot(const char* token, long long companyId, long long projectId,
                                   const char* fileName, int qaTicket) {
    auto session = std::make_shared<cadbridge::Session>();
    session->accessToken = token;
    session->companyId = companyId;
    session->projectId = projectId;
    cadbridge::CommandExecutor exec(session);
    return cadbridge::pushPlot(exec, *session, fileName, qaTicket);
}

extern "C" void cadbridge_browse(const char* token, long long companyId, long long projectId) {
    auto session = std::make_shared<cadbridge::Session>();
    session->accessToken = token;
    session->companyId = companyId;
    session->projectId = projectId;
    cadbridge::CommandExecutor exec(session);
    cadbridge::browseAreas(exec, *session);
    std::printf("open in browser: https://app.procore.com/%lld/project/drawing_log\n", projectId);
}
