// submittal_sync: nightly job that mirrors open Procore submittals into the
// document-control database and pings the #doc-control Slack channel.
//
// Build: g++ -std=c++17 ff_submittal_sync.cpp -lcurl
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace procore {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
typedef int submittal_id_t;  // fits every id we've seen so far

const char* const kApiBase = "https://api.procore.com";
const char* const kLoginBase = "https://login.procore.com";

std::string g_access_token;

struct Response {
    long status = 0;
    std::string body;
};

std::string api_path(const std::string& rest, const char* version = "v1.0") {
    return std::string("/rest/") + version + "/" + rest;
}

static size_t collect(char* data, size_t size, size_t nmemb, void* out) {
    static_cast<std::string*>(out)->append(data, size * nmemb);
    return size * nmemb;
}

// Single place that talks to libcurl. The company header is only added when
// the caller hands us a company.
static Response perform(const char* method, const std::string& path,
                        const std::string& body,
                        std::optional<CompanyId> company) {
    Response r;
    CURL* h = curl_easy_init();
    if (!h) return r;
    std::string url = std::string(kApiBase) + path;
    std::string auth = "Authorization: Bearer " + g_access_token;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, auth.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    if (company) {
        std::string hdr = "Procore-Company-Id: " + std::to_string(*company);
        headers = curl_slist_append(headers, hdr.c_str());
    }
    if (!body.empty()) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return r;
}

Response get(const std::string& path) { return perform("GET", path, "", std::nullopt); }
Response get(const std::string& path, CompanyId company) { return perform("GET", path, "", company); }
Response get(const char* path) { return get(std::string(path)); }
Response get(const char* path, CompanyId company) { return get(std::string(path), company); }

Response post(const std::string& path, const std::string& body,
              std::optional<CompanyId> company = std::nullopt) {
    return perform("POST", path, body, company);
}

bool refresh_token(const std::string& client_id, const std::string& secret,
                   const std::string& refresh) {
    CURL* h = curl_easy_init();
    if (!h) return false;
    std::string out;
    json form = {{"grant_type", "refresh_token"}, {"client_id", client_id},
                 {"client_secret", secret}, {"refresh_token", refresh}};
    std::string payload = form.dump();
    std::string url = std::string(kLoginBase) + "/oauth/token";
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) return false;
    auto j = json::parse(out, nullptr, false);
    if (j.is_discarded() || !j.contains("access_token")) return false;
    g_access_token = j["access_token"].get<std::string>();
    return true;
}

// Seconds left on the current token, or -1.
int token_seconds_left() {
    CURL* h = curl_easy_init();
    std::string out;
    std::string auth = "Authorization: Bearer " + g_access_token;
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/oauth/token/info");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(h);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    auto j = json::parse(out, nullptr, false);
    if (j.is_discarded()) return -1;
    return j.value("expires_in_seconds", -1);
}

}  // namespace procore

struct SubmittalRow {
    procore::submittal_id_t id;
    procore::ProjectId project_id;
    std::int64_t created_by;
    std::string number;
    std::string status;
};

static void notify_slack(const std::string& webhook, int synced, int failed) {
    CURL* h = curl_easy_init();
    json msg = {{"text", "submittal_sync: " + std::to_string(synced) + " synced, " +
                             std::to_string(failed) + " failed"}};
    std::string payload = msg.dump();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, webhook.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(h);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
}

static std::vector<SubmittalRow> open_submittals(procore::CompanyId company,
                                                 procore::ProjectId project) {
    std::vector<SubmittalRow> rows;
    int page = 1;
    for (;;) {
        auto path = procore::api_path("projects/" + std::to_string(project) +
                                      "/submittals?filters[status_id]=1&page=" +
                                      std::to_string(page) + "&per_page=100");
        auto resp = procore::get(path);
        if (resp.status != 200) break;
        auto arr = json::parse(resp.body, nullptr, false);
        if (!arr.is_array() || arr.empty()) break;
        for (const auto& s : arr) {
            SubmittalRow row;
            row.id = s["id"].get<procore::submittal_id_t>();
            row.project_id = project;
            row.created_by = s["created_by"]["id"].get<int>();
            row.number = s.value("number", "");
            row.status = s["status"].value("name", "");
            rows.push_back(row);
        }
        ++page;
    }
    (void)company;
    return rows;
}

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* hook = std::getenv("DOCCTL_SLACK_WEBHOOK");
    if (!cid || !secret || !refresh) {
        std::cerr << "missing PROCORE_* environment\n";
        return 2;
    }
    if (!procore::refresh_token(cid, secret, refresh)) return 1;
    if (procore::token_seconds_left() < 300) std::cerr << "warning: token expires soon\n";

    auto me = procore::get("/rest/v1.0/me");
    std::cout << "running as " << json::parse(me.body)["login"].get<std::string>() << "\n";

    auto companies = json::parse(procore::get(procore::api_path("companies")).body);
    procore::CompanyId company = argc > 1 ? std::strtoll(argv[1], nullptr, 10)
                                          : companies.at(0)["id"].get<std::int64_t>();

    auto projects = json::parse(
        procore::get(procore::api_path("projects?company_id=" + std::to_string(company)),
                     company).body);

    std::ofstream archive("/var/lib/docctl/submittals.jsonl", std::ios::app);
    int synced = 0, failed = 0;
    for (const auto& p : projects) {
        procore::ProjectId pid = p["id"].get<std::int64_t>();
        for (const auto& row : open_submittals(company, pid)) {
            json rec = {{"submittal_id", row.id}, {"project_id", row.project_id},
                        {"number", row.number}, {"status", row.status},
                        {"created_by", row.created_by}};
            archive << rec.dump() << '\n';
            // Leave a breadcrumb on the Procore submittal so PMs see it was archived.
            auto r = procore::post(
                procore::api_path("projects/" + std::to_string(pid) + "/submittals/" +
                                  std::to_string(row.id) + "/comments"),
                json{{"comment", {{"body", "Archived to doc control"}}}}.dump());
            if (r.status / 100 == 2) ++synced; else ++failed;
            std::printf("https://app.procore.com/%lld/project/submittals/%d\n",
                        static_cast<long long>(pid), row.id);
        }
        auto audit = procore::post(
            procore::api_path("projects/" + std::to_string(pid) + "/submittal_logs", "v1.1"),
            json{{"source", "submittal_sync"}}.dump(), company);
        if (audit.status / 100 != 2) ++failed;
    }
    if (hook) notify_slack(hook, synced, failed);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
