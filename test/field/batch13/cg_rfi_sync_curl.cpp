// rfi_sync: mirrors open RFIs of one Procore project into the QA tracker.
// The procore::client namespace below is generated from procore-rest-v1.yaml
// (openapi-generator 6.6.0, custom "cpp-curl" template). Hand-written glue starts
// at "---- application ----".
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;

namespace procore::client {

// ---------------------------------------------------------------- generated
struct ApiConfiguration {
    std::string basePath = "https://api.procore.com";
    std::map<std::string, std::string> defaultHeaders;
    std::string accessToken;
    int64_t companyId = 0;
    long timeoutSeconds = 30;
};

struct OperationDef {
    const char* operationId;
    const char* method;
    const char* pathTemplate;
    bool needsCompanyHeader;
};

static const OperationDef kOperations[] = {
    {"getMe", "GET", "/rest/v1.0/me", false},
    {"listProjects", "GET", "/rest/v1.0/projects", true},
    {"listRfis", "GET", "/rest/v1.0/projects/{project_id}/rfis", true},
    {"showRfi", "GET", "/rest/v1.0/projects/{project_id}/rfis/{id}", false},
    {"createRfiReply", "POST", "/rest/v1.0/projects/{project_id}/rfis/{rfi_id}/replies", true},
};

inline const OperationDef& findOperation(const std::string& id) {
    for (const auto& op : kOperations)
        if (id == op.operationId) return op;
    throw std::out_of_range("unknown operation " + id);
}

struct Project {
    int64_t id = 0;
    std::string name;
    std::string projectNumber;
};
inline void from_json(const json& j, Project& p) {
    j.at("id").get_to(p.id);
    j.at("name").get_to(p.name);
    p.projectNumber = j.value("project_number", "");
}

struct Rfi {
    int id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int64_t assigneeId = 0;
};
inline void from_json(const json& j, Rfi& r) {
    j.at("id").get_to(r.id);
    r.number = j.value("number", "");
    r.subject = j.value("subject", "");
    r.status = j.value("status", "");
    if (j.contains("assignee") && !j["assignee"].is_null())
        r.assigneeId = j["assignee"].at("id").get<int64_t>();
}

struct RfiReply {
    std::string body;
};
inline void to_json(json& j, const RfiReply& r) { j = json{{"reply", {{"body", r.body}}}}; }

struct ApiResponse {
    long status = 0;
    std::string body;
};

static size_t writeBody(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

class ApiClient {
public:
    explicit ApiClient(ApiConfiguration cfg) : config_(std::move(cfg)) {}

    ApiResponse callApi(const OperationDef& op, const std::string& path,
                        const std::map<std::string, std::string>& query,
                        const std::string& body) const {
        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");
        std::string url = config_.basePath + path;
        char sep = '?';
        for (const auto& [k, v] : query) {
            char* esc = curl_easy_escape(curl, v.c_str(), static_cast<int>(v.size()));
            url += sep + k + "=" + esc;
            curl_free(esc);
            sep = '&';
        }
        curl_slist* headers = nullptr;
        for (const auto& [k, v] : config_.defaultHeaders)
            headers = curl_slist_append(headers, (k + ": " + v).c_str());
        headers = curl_slist_append(headers, ("Authorization: Bearer " + config_.accessToken).c_str());
        if (op.needsCompanyHeader)
            headers = curl_slist_append(headers, ("Procore-Company-Id: " + std::to_string(config_.companyId)).c_str());
        ApiResponse resp;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, op.method);
        if (!body.empty()) {
            headers = curl_slist_append(headers, "Content-Type: application/json");
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, config_.timeoutSeconds);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return resp;
    }

private:
    ApiConfiguration config_;
};

inline std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

class ProjectsApi {
public:
    explicit ProjectsApi(const ApiClient& c) : client_(c) {}
    std::vector<Project> listProjects(int64_t companyId, int page, int perPage) const {
        const auto& op = findOperation("listProjects");
        auto resp = client_.callApi(op, op.pathTemplate,
                                    {{"company_id", std::to_string(companyId)},
                                     {"page", std::to_string(page)},
                                     {"per_page", std::to_string(perPage)}}, "");
        return json::parse(resp.body).get<std::vector<Project>>();
    }
private:
    const ApiClient& client_;
};

class RfisApi {
public:
    explicit RfisApi(const ApiClient& c) : client_(c) {}
    std::vector<Rfi> listRfis(int64_t projectId, const std::string& status) const {
        const auto& op = findOperation("listRfis");
        std::string path = replaceAll(op.pathTemplate, "{project_id}", std::to_string(projectId));
        auto resp = client_.callApi(op, path, {{"filters[status]", status}}, "");
        return json::parse(resp.body).get<std::vector<Rfi>>();
    }
    Rfi showRfi(int64_t projectId, int64_t rfiId) const {
        const auto& op = findOperation("showRfi");
        std::string path = replaceAll(op.pathTemplate, "{project_id}", std::to_string(projectId));
        path = replaceAll(path, "{id}", std::to_string(rfiId));
        return json::parse(client_.callApi(op, path, {}, "").body).get<Rfi>();
    }
    long createRfiReply(int64_t projectId, int64_t rfiId, const RfiReply& reply) const {
        const auto& op = findOperation("createRfiReply");
        std::string path = replaceAll(op.pathTemplate, "{project_id}", std::to_string(projectId));
        path = replaceAll(path, "{rfi_id}", std::to_string(rfiId));
        return client_.callApi(op, path, {}, json(reply).dump()).status;
    }
private:
    const ApiClient& client_;
};

}  // namespace procore::client

// ---------------------------------------------------------------- application
namespace app {

const char* kTokenUrl = "https://api.procore.com/oauth/token";
const char* kTrackerHook = "https://qa-tracker.internal.example.com/hooks/procore-rfi";

std::string envOr(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

std::string refreshAccessToken(const std::string& refreshToken) {
    CURL* curl = curl_easy_init();
    std::string out;
    json form = {{"grant_type", "refresh_token"},
                 {"client_id", envOr("PROCORE_CLIENT_ID", "")},
                 {"client_secret", envOr("PROCORE_CLIENT_SECRET", "")},
                 {"refresh_token", refreshToken}};
    std::string payload = form.dump();
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, kTokenUrl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, procore::client::writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error("token refresh failed");
    return json::parse(out).at("access_token").get<std::string>();
}

void pushToTracker(const procore::client::Rfi& rfi, int64_t companyId, int64_t projectId) {
    std::string link = "https://app.procore.com/" + std::to_string(companyId) + "/project/rfi/show/" +
                       std::to_string(rfi.id) + "?project_id=" + std::to_string(projectId);
    json ticket = {{"title", "RFI #" + rfi.number + ": " + rfi.subject}, {"url", link}};
    std::string payload = ticket.dump();
    CURL* curl = curl_easy_init();
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, kTrackerHook);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(curl);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
}

}  // namespace app

int main(int argc, char** argv) {
    using namespace procore::client;
    curl_global_init(CURL_GLOBAL_DEFAULT);

    ApiConfiguration cfg;
    cfg.accessToken = app::refreshAccessToken(app::envOr("PROCORE_REFRESH_TOKEN", ""));
    cfg.companyId = std::stoll(app::envOr("PROCORE_COMPANY_ID", "0"));
    cfg.defaultHeaders["User-Agent"] = "rfi-sync/2.3";
    ApiClient client(cfg);

    const int64_t projectId = std::stoll(app::envOr("PROCORE_PROJECT_ID", "0"));
    ProjectsApi projects(client);
    RfisApi rfis(client);

    int page = 1;
    bool found = false;
    for (;;) {
        auto batch = projects.listProjects(cfg.companyId, page, 100);
        for (const auto& p : batch) found = found || p.id == projectId;
        if (batch.size() < 100 || found) break;
        ++page;
    }
    if (!found) {
        std::cerr << "project " << projectId << " not visible to this token\n";
        return 1;
    }

    if (argc > 2 && std::string(argv[1]) == "--reply") {
        int rfiId = std::stoi(argv[2]);
        Rfi rfi = rfis.showRfi(projectId, rfiId);
        RfiReply reply{argc > 3 ? argv[3] : "Acknowledged by QA."};
        long status = rfis.createRfiReply(projectId, rfi.id, reply);
        std::cout << "reply to RFI " << rfi.number << ": HTTP " << status << "\n";
        return status == 201 ? 0 : 2;
    }

    int pushed = 0;
    for (const auto& rfi : rfis.listRfis(projectId, "open")) {
        app::pushToTracker(rfi, cfg.companyId, projectId);
        ++pushed;
    }
    std::cout << pushed << " open RFIs pushed\n";
    curl_global_cleanup();
    return 0;
}
