// pb_directory_export.cpp
//
// Nightly export of a project's directory (people + vendors) to CSV for the
// badge-printing station, then a short note to the #site-ops Slack channel.
//
// Requests are plain values piped through modifiers:
//   auto req = get(api_url(path)) | with_bearer(tok) | with_company(cid) | accept_json;
//   Response r = perform(req);

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#define PROCORE_API           "https://api.procore.com"
#define PROCORE_LOGIN         "https://login.procore.com"
#define PROCORE_SANDBOX_API   "https://sandbox.procore.com"
#define PROCORE_SANDBOX_LOGIN "https://sandbox.procore.com"

namespace dir {

struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

struct Response {
    long status = 0;
    std::string body;
};

// ---- modifiers ----------------------------------------------------------------
struct with_bearer {
    std::string token;
    void operator()(Request& r) const { r.headers.push_back("Authorization: Bearer " + token); }
};

struct with_company {
    std::int64_t id;
    void operator()(Request& r) const {
        r.headers.push_back("Procore-Company-Id: " + std::to_string(id));
    }
};

struct with_form {
    std::string encoded;
    void operator()(Request& r) const {
        r.method = "POST";
        r.body = encoded;
        r.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    }
};

struct with_json_body {
    std::string json;
    void operator()(Request& r) const {
        r.method = "POST";
        r.body = json;
        r.headers.push_back("Content-Type: application/json");
    }
};

inline constexpr auto accept_json = [](Request& r) { r.headers.push_back("Accept: application/json"); };

template <class Mod>
Request operator|(Request r, const Mod& m) {
    m(r);
    return r;
}

inline Request get(std::string url) { return Request{"GET", std::move(url), {}, {}}; }

// ---- transport ---------------------------------------------------------------
static size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

Response perform(const Request& req) {
    Response out;
    CURL* h = curl_easy_init();
    if (!h) return out;
    curl_slist* hdrs = nullptr;
    for (const auto& line : req.headers) hdrs = curl_slist_append(hdrs, line.c_str());

    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (req.method == "POST") curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());

    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return out;
}

// ---- export (returns rows written, -1 on error) -------------------------------------------------------------------
struct Env {
    const char* api;
    const char* login;
};

struct DirectoryUser {
    long id = 0;
    std::string name;
    std::string email;
    std::string vendor_name;
};

std::string fetch_token(const Env& env, const std::string& client_id, const std::string& secret,
                        const std::string& refresh) {
    const std::string form = "grant_type=refresh_token&client_id=" + client_id +
                             "&client_secret=" + secret + "&refresh_token=" + refresh;
    Response r = perform(get(std::string(env.login) + "/oauth/token") | with_form{form} | accept_json);
    if (r.status != 200) return {};
    return nlohmann::json::parse(r.body).value("access_token", "");
}

int export_directory(const Env& env, const std::string& tok, std::int64_t company_id,
                     std::int64_t project_id, std::FILE* csv) {
    std::vector<DirectoryUser> users;
    const int per_page = 100;
    for (int page = 1;; ++page) {
        char path[160];
        std::snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/users?page=%d&per_page=%d",
                      static_cast<long long>(project_id), page, per_page);
        Response r = perform(get(std::string(env.api) + path) | with_bearer{tok} |
                             with_company{company_id} | accept_json);
        if (r.status != 200) return -1;
        auto arr = nlohmann::json::parse(r.body, nullptr, false);
        if (!arr.is_array() || arr.empty()) break;
        for (const auto& u : arr) {
            DirectoryUser d;
            u.at("id").get_to(d.id);
            d.name = u.value("name", "");
            d.email = u.value("email_address", "");
            if (u.contains("vendor") && u["vendor"].is_object())
                d.vendor_name = u["vendor"].value("name", "");
            users.push_back(std::move(d));
        }
        if (static_cast<int>(arr.size()) < per_page) break;
    }

    const std::string vendors_url = std::string(env.api) + "/rest/v1.0/vendors?company_id=" +
                                    std::to_string(company_id);
    Response vr = perform(get(vendors_url) | with_bearer{tok} | accept_json);
    auto vendors = nlohmann::json::parse(vr.body, nullptr, false);

    int rows = 0;
    std::fprintf(csv, "kind,id,name,email,company\n");
    for (const auto& u : users) {
        std::fprintf(csv, "person,%ld,\"%s\",%s,\"%s\"\n", u.id, u.name.c_str(), u.email.c_str(),
                     u.vendor_name.c_str());
        ++rows;
    }
    if (vendors.is_array()) {
        for (const auto& v : vendors) {
            const auto vid = v.at("id").get<std::int64_t>();
            std::fprintf(csv, "vendor,%lld,\"%s\",,\n", static_cast<long long>(vid),
                         v.value("name", "").c_str());
            ++rows;
        }
    }
    return rows;
}

void notify_slack(const std::string& webhook, std::size_t rows, std::int64_t project_id) {
    nlohmann::json msg = {{"text", "Badge export done: " + std::to_string(rows) +
                                       " rows for project " + std::to_string(project_id)}};
    Response r = perform(get(webhook) | with_json_body{msg.dump()});
    if (r.status != 200) std::cerr << "slack webhook returned " << r.status << "\n";
}

}  // namespace dir

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID OUT.csv [--sandbox]\n", argv[0]);
        return 2;
    }
    const std::int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const std::int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    const bool sandbox = argc > 4 && std::string(argv[4]) == "--sandbox";
    const dir::Env env = sandbox ? dir::Env{PROCORE_SANDBOX_API, PROCORE_SANDBOX_LOGIN}
                                 : dir::Env{PROCORE_API, PROCORE_LOGIN};

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const std::string tok = (cid && sec && rt) ? dir::fetch_token(env, cid, sec, rt) : "";
    if (tok.empty()) {
        std::fprintf(stderr, "no access token\n");
        return 1;
    }

    std::FILE* csv = std::fopen(argv[3], "w");
    if (!csv) return 1;
    const int rows = dir::export_directory(env, tok, company_id, project_id, csv);
    std::fclose(csv);
    if (rows < 0) {
        std::fprintf(stderr, "export failed\n");
        return 1;
    }

    if (const char* hook = std::getenv("SLACK_WEBHOOK_URL"))
        dir::notify_slack(hook, static_cast<std::size_t>(rows), project_id);
    curl_global_cleanup();
    return 0;
}
