// rfi_export - nightly CSV export of RFIs for the owner's reporting portal.
// Refreshes the stored OAuth token, pulls every RFI of one project, writes
// rfis.csv and posts a summary to the team's Slack channel.
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

const char* const kLoginBase = "https://login.procore.com";
const char* const kApiBase = "https://api.procore.com";
const char* const kRevokeUrl = "https://api.procore.com/oauth/revoke";
const char* const kSlackHook = "https://hooks.slack.com/services/T000/B000/XXXX";

struct CurlDeleter { void operator()(CURL* c) const { curl_easy_cleanup(c); } };
struct SlistDeleter { void operator()(curl_slist* l) const { curl_slist_free_all(l); } };
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

class ScopeExit {
public:
    explicit ScopeExit(std::function<void()> fn) : fn_(std::move(fn)) {}
    ~ScopeExit() { if (fn_) fn_(); }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    std::function<void()> fn_;
};

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct Request {
    std::string url;
    std::string body;
    HeaderList headers;
    bool post = false;

    explicit Request(std::string u) : url(std::move(u)) {}
    Request(Request&&) = default;
    Request& operator=(Request&&) = default;

    Request&& header(const std::string& line) && {
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
        return std::move(*this);
    }
};

std::string perform(Request&& req, long* status_out = nullptr) {
    CurlHandle curl(curl_easy_init());
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    std::string response;
    curl_easy_setopt(curl.get(), CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, req.headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
    if (req.post) curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, req.body.c_str());
    CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status_out) *status_out = status;
    return response;
}

struct Tokens {
    std::string access;
    std::string refresh;
};

Tokens refresh(const std::string& client_id, const std::string& secret, const std::string& rt) {
    Request req(std::string(kLoginBase) + "/oauth/token");
    req.post = true;
    req.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
               "&refresh_token=" + rt;
    std::string raw = perform(std::move(req));
    rapidjson::Document doc;
    doc.Parse(raw.c_str());
    if (!doc.IsObject() || !doc.HasMember("access_token"))
        throw std::runtime_error("token refresh failed: " + raw);
    return {doc["access_token"].GetString(), doc["refresh_token"].GetString()};
}

struct Rfi {
    int64_t id;
    int number;
    std::string subject;
    std::string status;
    int assignee_id;
};

std::vector<Rfi> fetchRfis(const std::string& token, int64_t company_id, int64_t project_id) {
    std::vector<Rfi> rfis;
    for (int page = 1; page < 500; ++page) {
        std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
                          "/rfis?per_page=200&page=" + std::to_string(page);
        std::string raw = perform(Request(url)
                                      .header("Authorization: Bearer " + token)
                                      .header("Procore-Company-Id: " + std::to_string(company_id)));
        rapidjson::Document doc;
        doc.Parse(raw.c_str());
        if (!doc.IsArray() || doc.Empty()) break;
        for (const auto& r : doc.GetArray()) {
            Rfi rfi;
            rfi.id = r["id"].GetInt64();
            rfi.number = r["number"].IsInt() ? r["number"].GetInt() : 0;
            rfi.subject = r["subject"].GetString();
            rfi.status = r["status"].GetString();
            rfi.assignee_id = r.HasMember("assignee_id") && r["assignee_id"].IsNumber()
                                  ? r["assignee_id"].GetInt()
                                  : 0;
            rfis.push_back(std::move(rfi));
        }
    }
    return rfis;
}

std::string projectName(const std::string& token, int64_t company_id, int project_id) {
    std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
                      "?company_id=" + std::to_string(company_id);
    std::string raw = perform(Request(url)
                                  .header("Authorization: Bearer " + token)
                                  .header("X-Procore-Company-Id: " + std::to_string(company_id)));
    rapidjson::Document doc;
    doc.Parse(raw.c_str());
    return doc.IsObject() && doc.HasMember("name") ? doc["name"].GetString() : "project";
}

void postToSlack(const std::string& text) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("text");
    w.String(text.c_str());
    w.EndObject();
    Request req(kSlackHook);
    req.post = true;
    req.body = buf.GetString();
    perform(std::move(req).header("Content-Type: application/json"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: rfi_export <company_id> <project_id>\n");
        return 2;
    }
    CurlGlobal curl_global;
    const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const int project_id = std::atoi(argv[2]);

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !secret || !rt) {
        std::fprintf(stderr, "PROCORE_CLIENT_ID / _SECRET / _REFRESH_TOKEN not set\n");
        return 2;
    }
    Tokens tokens = refresh(cid, secret, rt);

    // Always give the access token back, even when the export throws.
    ScopeExit revoke([&] {
        Request req(kRevokeUrl);
        req.post = true;
        req.body = "token=" + tokens.access + "&client_id=" + cid + "&client_secret=" + secret;
        try { perform(std::move(req)); } catch (...) {}
    });

    std::vector<Rfi> rfis = fetchRfis(tokens.access, company_id, project_id);
    std::string name = projectName(tokens.access, company_id, project_id);

    std::ofstream csv("rfis.csv");
    csv << "id,number,subject,status,assignee_id\n";
    int open = 0;
    for (const Rfi& r : rfis) {
        csv << r.id << ',' << r.number << ",\"" << r.subject << "\"," << r.status << ',' << r.assignee_id << '\n';
        if (r.status == "open") ++open;
    }
    std::printf("%s: %zu RFIs exported (%d open)\n", name.c_str(), rfis.size(), open);

    postToSlack(name + ": " + std::to_string(open) + " open RFIs - https://app.procore.com/" +
                std::to_string(company_id) + "/project/rfi/list?project_id=" + std::to_string(project_id));
    return 0;
}
