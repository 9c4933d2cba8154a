// pdraw: command-line tool the document control team uses to list drawing
// revisions and download the current set. Points at the monthly sandbox while
// the new area naming is being trialled.
//
//   pdraw <company_id> <project_id> [area_name]
#include <curl/curl.h>
#include <json/json.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace procore::cli {
inline namespace v1_1 {

using CompanyId = long long;
using ProjectId = std::int64_t;
using DrawingId = Json::Int;

struct Env {
    static inline const std::string login = "https://login-sandbox-monthly.procore.com";
    static inline const std::string api = "https://api-monthly.procore.com";
    static inline const std::string legacy = "https://app.procore.com/vapid";
};

struct Drawing {
    DrawingId id = 0;
    std::int64_t revision_id = 0;
    std::string number;
    std::string title;
    std::string pdf_url;
};

struct Auth {
    std::string token;
    CompanyId company = 0;
};

// ADL customisation point, also used by the upload tool.
curl_slist* add_headers(curl_slist* list, const Auth& a) {
    list = curl_slist_append(list, ("Authorization: Bearer " + a.token).c_str());
    list = curl_slist_append(list, ("Procore-Company-Id: " + std::to_string(a.company)).c_str());
    return list;
}

void from_json(const Json::Value& v, Drawing& d) {
    d.id = v["id"].asInt();
    d.number = v["number"].asString();
    d.title = v["title"].asString();
    const Json::Value& rev = v["current_revision"];
    if (rev.isObject()) {
        d.revision_id = rev["id"].asInt64();
        d.pdf_url = rev["pdf_url"].asString();
    }
}

}  // namespace v1_1
}  // namespace procore::cli

namespace {

namespace pcli = procore::cli;

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;

// Runs a GET and returns the body; the caller owns the header list.
long http_get(const std::string& url, curl_slist* headers, std::string& body) {
    CurlPtr curl(curl_easy_init());
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    CURLcode rc = curl_easy_perform(curl.get());
    long status = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    return status;
}

bool parse(const std::string& body, Json::Value& out) {
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream in(body);
    return Json::parseFromStream(b, in, &out, &errs);
}

std::string fetch_token() {
    const char* refresh = std::getenv("PDRAW_REFRESH_TOKEN");
    const char* cid = std::getenv("PDRAW_CLIENT_ID");
    if (!refresh || !cid) return {};
    CurlPtr curl(curl_easy_init());
    std::string form = std::string("grant_type=refresh_token&client_id=") + cid +
                       "&refresh_token=" + refresh;
    std::string body;
    std::string url = pcli::Env::login + "/oauth/token";
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(curl.get()) != CURLE_OK) return {};
    Json::Value j;
    return parse(body, j) ? j["access_token"].asString() : std::string();
}

std::int64_t find_area(const pcli::Auth& auth, pcli::ProjectId project, const std::string& name) {
    std::string url = pcli::Env::legacy + "/projects/" + std::to_string(project) +
                      "/drawing_areas";
    std::string body;
    if (http_get(url, add_headers(nullptr, auth), body) != 200) return -1;
    Json::Value areas;
    if (!parse(body, areas)) return -1;
    for (const auto& a : areas)
        if (a["name"].asString() == name) return a["id"].asInt();
    return -1;
}

std::vector<pcli::Drawing> list_drawings(const pcli::Auth& auth, pcli::ProjectId project,
                                         std::int64_t area_id) {
    std::string url = pcli::Env::api + "/rest/v1.1/projects/" + std::to_string(project) +
                      "/drawing_areas/" + std::to_string(area_id) + "/drawings";
    std::string body;
    std::vector<pcli::Drawing> out;
    if (http_get(url, add_headers(nullptr, auth), body) != 200) return out;
    Json::Value arr;
    if (!parse(body, arr)) return out;
    for (const auto& v : arr) {
        pcli::Drawing d;
        from_json(v, d);
        out.push_back(d);
    }
    return out;
}

int count_revisions(const pcli::Auth& auth, pcli::ProjectId project, pcli::DrawingId drawing) {
    char url[512];
    std::snprintf(url, sizeof url, "%s/rest/v1.0/projects/%" PRId64 "/drawing_revisions?filters[drawing_id]=%d",
                  pcli::Env::api.c_str(), project, drawing);
    curl_slist* h = curl_slist_append(nullptr, ("Authorization: Bearer " + auth.token).c_str());
    std::string body;
    if (http_get(url, h, body) != 200) return 0;
    Json::Value arr;
    return parse(body, arr) ? static_cast<int>(arr.size()) : 0;
}

bool download_pdf(const std::string& presigned, const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    CurlPtr curl(curl_easy_init());
    curl_easy_setopt(curl.get(), CURLOPT_URL, presigned.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, f);
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    CURLcode rc = curl_easy_perform(curl.get());
    std::fclose(f);
    return rc == CURLE_OK;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <company_id> <project_id> [area_name]\n", argv[0]);
        return 64;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    pcli::Auth auth;
    auth.company = std::atol(argv[1]);
    pcli::ProjectId project = std::strtoll(argv[2], nullptr, 10);
    auth.token = fetch_token();
    if (auth.token.empty()) {
        std::fprintf(stderr, "no token; run `pdraw-login` first\n");
        return 1;
    }

    std::int64_t area = argc > 3 ? find_area(auth, project, argv[3]) : 0;
    if (area < 0) {
        std::fprintf(stderr, "area %s not found\n", argv[3]);
        return 2;
    }

    for (const auto& d : list_drawings(auth, project, area)) {
        int revs = count_revisions(auth, project, d.id);
        std::printf("%-10s %-40s rev %" PRId64 " (%d revisions)\n", d.number.c_str(),
                    d.title.c_str(), d.revision_id, revs);
        if (!d.pdf_url.empty())
            download_pdf(d.pdf_url, d.number + ".pdf");
    }
    std::printf("open in Procore: https://app.procore.com/%lld/project/drawing_areas?project_id=%" PRId64 "\n",
                auth.company, project);
    curl_global_cleanup();
    return 0;
}
