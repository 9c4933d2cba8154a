// submittal_watch: for every company the integration user belongs to, find
// submittals that came back from the architect and stamp today's date into
// received_date so the PM dashboard picks them up.
//
// One CURL easy handle is reused for everything; per-company header lists are
// built the first time a company becomes active and kept until shutdown.

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <stdexcept>
#include <string>

#define PROCORE_OAUTH_BASE "https://api.procore.com"
#define PROCORE_API_BASE "https://api.procore.com"

namespace {

size_t collect(char* data, size_t size, size_t nmemb, void* userp) {
    static_cast<std::string*>(userp)->append(data, size * nmemb);
    return size * nmemb;
}

class ProcoreClient {
public:
    explicit ProcoreClient(std::string access_token) : token_(std::move(access_token)) {
        curl_ = curl_easy_init();
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
        base_headers_ = curl_slist_append(base_headers_, ("Authorization: Bearer " + token_).c_str());
        base_headers_ = curl_slist_append(base_headers_, "Accept: application/json");
    }
    ~ProcoreClient() {
        for (auto& kv : company_headers_) curl_slist_free_all(kv.second);
        curl_slist_free_all(base_headers_);
        curl_easy_cleanup(curl_);
    }

    void use_company(std::int64_t company_id) {
        active_company_ = company_id;
        if (company_headers_.count(company_id)) return;
        curl_slist* h = nullptr;
        for (curl_slist* it = base_headers_; it; it = it->next) h = curl_slist_append(h, it->data);
        const std::string company = "Procore-Company-Id: " + std::to_string(company_id);
        h = curl_slist_append(h, company.c_str());
        company_headers_[company_id] = h;
    }

    // GET on the API host; company-scoped when a company is active.
    long get(const std::string& path, std::string& body) {
        curl_slist* headers = active_company_ ? company_headers_.at(active_company_) : base_headers_;
        return perform("GET", PROCORE_API_BASE + path, headers, nullptr, body);
    }

    long patch_json(const std::string& path, const std::string& json, std::string& body) {
        curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token_).c_str());
        headers = curl_slist_append(headers, "Content-Type: application/json");
        long code = perform("PATCH", PROCORE_API_BASE + path, headers, json.c_str(), body);
        curl_slist_free_all(headers);
        return code;
    }

    std::int64_t active_company() const { return active_company_; }

private:
    long perform(const char* verb, const std::string& url, curl_slist* headers, const char* payload,
                 std::string& body) {
        body.clear();
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, verb);
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, payload);
        curl_easy_setopt(curl_, CURLOPT_HTTPGET, payload ? 0L : 1L);
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        CURLcode rc = curl_easy_perform(curl_);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        long http_code = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &http_code);
        return http_code;
    }

    CURL* curl_ = nullptr;
    std::string token_;
    curl_slist* base_headers_ = nullptr;
    std::map<std::int64_t, curl_slist*> company_headers_;
    std::int64_t active_company_ = 0;
};

std::string refresh_access_token(const char* client_id, const char* client_secret, const char* refresh) {
    CURL* c = curl_easy_init();
    std::string form = std::string("grant_type=refresh_token&client_id=") + client_id +
                       "&client_secret=" + client_secret + "&refresh_token=" + refresh;
    std::string body;
    curl_easy_setopt(c, CURLOPT_URL, PROCORE_OAUTH_BASE "/oauth/token");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) throw std::runtime_error("token refresh failed");
    rapidjson::Document d;
    d.Parse(body.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) throw std::runtime_error("bad token response");
    return d["access_token"].GetString();
}

void stamp_returned_submittals(ProcoreClient& client, std::int64_t project_id, const char* today) {
    char path[160];
    std::snprintf(path, sizeof path, "/rest/v1.1/projects/%ld/submittals?filters[status_id]=returned",
                  project_id);
    std::string body;
    if (client.get(path, body) != 200) return;

    rapidjson::Document subs;
    subs.Parse(body.c_str());
    if (subs.HasParseError() || !subs.IsArray()) return;

    int stamped = 0;
    for (const auto& s : subs.GetArray()) {
        if (s.HasMember("received_date") && !s["received_date"].IsNull()) continue;
        const int submittal_id = s["id"].GetInt();

        std::string patch = std::string(R"({"submittal":{"received_date":")") + today + "\"}}";
        std::string out;
        long code = client.patch_json("/rest/v1.1/projects/" + std::to_string(project_id) +
                                          "/submittals/" + std::to_string(submittal_id),
                                      patch, out);
        if (code == 200) ++stamped;
        else std::fprintf(stderr, "  submittal %d: HTTP %ld\n", submittal_id, code);
    }
    if (stamped)
        std::printf("  project %" PRId64 ": stamped %d submittal(s)\n", project_id, stamped);
}

}  // namespace

int main() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !secret || !refresh) {
        std::fprintf(stderr, "set PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    char today[11];
    std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::localtime(&now));

    try {
        ProcoreClient client(refresh_access_token(cid, secret, refresh));

        std::string body;
        if (client.get("/rest/v1.0/companies", body) != 200) throw std::runtime_error("cannot list companies");
        rapidjson::Document companies;
        companies.Parse(body.c_str());

        for (const auto& c : companies.GetArray()) {
            const std::int64_t company_id = c["id"].GetInt64();
            std::printf("%s (%" PRId64 ")\n", c["name"].GetString(), company_id);
            client.use_company(company_id);

            std::string projects_body;
            client.get("/rest/v1.0/projects?company_id=" + std::to_string(company_id), projects_body);
            rapidjson::Document projects;
            projects.Parse(projects_body.c_str());
            if (projects.HasParseError() || !projects.IsArray()) continue;
            for (const auto& p : projects.GetArray())
                stamp_returned_submittals(client, p["id"].GetInt64(), today);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "submittal_watch: %s\n", e.what());
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
