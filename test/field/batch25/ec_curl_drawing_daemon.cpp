// drawing-mirror: service daemon that mirrors the current drawing set of every
// active project into the plot room's file share. Runs under a Developer
// Managed Service Account (client_credentials grant) against the monthly
// sandbox until cut-over.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using json = nlohmann::json;

#define LOGIN_BASE "https://login-sandbox-monthly.procore.com"
#define API_BASE "https://sandbox-monthly.procore.com"
#define CHAT_HOOK "https://hooks.slack.com/services/T000/B000/plotroom"

enum class Stage { Init, Auth, Fetch, Decode, Download };

struct Status {
    Stage stage = Stage::Init;
    CURLcode curl = CURLE_OK;
    long http = 0;
    std::string detail;

    bool ok() const { return curl == CURLE_OK && http >= 200 && http < 300; }
    static Status success(Stage s, long code) { return Status{s, CURLE_OK, code, {}}; }
};

struct HttpReply {
    Status status;
    std::string body;
};

struct Config {
    std::string client_id;
    std::string client_secret;
    uint64_t company_id = 0;
    std::string share_root;
};

struct Drawing {
    int64_t id = 0;
    long drawing_area_id = 0;
    std::string number;
    std::string pdf_url;
};

static size_t collect(char* ptr, size_t size, size_t nmemb, void* user) {
    static_cast<std::string*>(user)->append(ptr, size * nmemb);
    return size * nmemb;
}

static HttpReply perform(Stage stage, const std::string& url, const std::vector<std::string>& headers,
                         const std::string* post_body = nullptr) {
    HttpReply reply;
    reply.status.stage = stage;
    CURL* h = curl_easy_init();
    if (h == nullptr) {
        reply.status.curl = CURLE_FAILED_INIT;
        return reply;
    }
    curl_slist* list = nullptr;
    for (const auto& hdr : headers) list = curl_slist_append(list, hdr.c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (post_body != nullptr) curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body->c_str());
    reply.status.curl = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status.http);
    if (!reply.status.ok()) reply.status.detail = reply.body.substr(0, 200);
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return reply;
}

static Status fetch_token(const Config& cfg, std::string& token_out) {
    const std::string form = "grant_type=client_credentials&client_id=" + cfg.client_id +
                             "&client_secret=" + cfg.client_secret;
    HttpReply r = perform(Stage::Auth, LOGIN_BASE "/oauth/token",
                          {"Content-Type: application/x-www-form-urlencoded"}, &form);
    if (!r.status.ok()) return r.status;
    json tok = json::parse(r.body, nullptr, false);
    if (tok.is_discarded() || !tok.contains("access_token"))
        return Status{Stage::Decode, CURLE_OK, r.status.http, "token response"};
    token_out = tok["access_token"].get<std::string>();
    return r.status;
}

static std::vector<std::string> auth_only(const std::string& token) {
    return {"Authorization: Bearer " + token, "Accept: application/json"};
}

static std::vector<std::string> company_scoped(const std::string& token, uint64_t company_id) {
    auto h = auth_only(token);
    h.push_back("Procore-Company-Id: " + std::to_string(company_id));
    return h;
}

static Status check_identity(const std::string& token) {
    HttpReply r = perform(Stage::Auth, API_BASE "/rest/v1.0/me", auth_only(token));
    if (r.status.ok()) {
        json me = json::parse(r.body, nullptr, false);
        if (!me.is_discarded())
            std::printf("service account: %s\n", me.value("login", "?").c_str());
    }
    return r.status;
}

static Status active_projects(const std::string& token, const Config& cfg, std::vector<int64_t>& out) {
    const std::string url = std::string(API_BASE) + "/rest/v1.0/projects?company_id=" +
                            std::to_string(cfg.company_id) + "&filters[active]=true&per_page=300";
    HttpReply r = perform(Stage::Fetch, url, company_scoped(token, cfg.company_id));
    if (!r.status.ok()) return r.status;
    json arr = json::parse(r.body, nullptr, false);
    if (!arr.is_array()) return Status{Stage::Decode, CURLE_OK, r.status.http, "projects"};
    for (const auto& p : arr) out.push_back(p.at("id").get<int64_t>());
    return r.status;
}

static Status current_drawings(const std::string& token, const Config& cfg, int64_t project_id,
                               std::vector<Drawing>& out) {
    const std::string areas_url = std::string(API_BASE) + "/rest/v1.1/projects/" +
                                  std::to_string(project_id) + "/drawing_areas";
    HttpReply areas = perform(Stage::Fetch, areas_url, company_scoped(token, cfg.company_id));
    if (!areas.status.ok()) return areas.status;
    for (const auto& area : json::parse(areas.body, nullptr, false)) {
        const int64_t area_id = area.at("id").get<int64_t>();
        const std::string rev_url = std::string(API_BASE) + "/rest/v1.1/drawing_areas/" +
                                    std::to_string(area_id) + "/drawing_revisions?project_id=" +
                                    std::to_string(project_id) + "&filters[current]=true";
        HttpReply revs = perform(Stage::Fetch, rev_url, auth_only(token));
        if (!revs.status.ok()) return revs.status;
        for (const auto& rev : json::parse(revs.body, nullptr, false)) {
            Drawing d;
            d.id = rev.at("id").get<int64_t>();
            d.drawing_area_id = area_id;
            d.number = rev.value("number", "");
            d.pdf_url = rev.value("pdf_url", "");
            out.push_back(d);
        }
    }
    return Status::success(Stage::Fetch, 200);
}

static Status download(const Drawing& d, const Config& cfg, int64_t project_id) {
    // pdf_url is a presigned https://storage.procore.com/... link; no auth headers allowed.
    HttpReply r = perform(Stage::Download, d.pdf_url, {});
    if (!r.status.ok()) return r.status;
    char path[512];
    std::snprintf(path, sizeof path, "%s/%" PRId64 "/%d_%s.pdf", cfg.share_root.c_str(), project_id,
                  static_cast<int>(d.id), d.number.c_str());
    if (FILE* f = std::fopen(path, "wb")) {
        std::fwrite(r.body.data(), 1, r.body.size(), f);
        std::fclose(f);
        return r.status;
    }
    return Status{Stage::Download, CURLE_WRITE_ERROR, r.status.http, path};
}

static void notify(const std::string& text) {
    const std::string payload = json{{"text", text}}.dump();
    perform(Stage::Init, CHAT_HOOK, {"Content-Type: application/json"}, &payload);
}

static std::optional<Config> load_config() {
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) return std::nullopt;
    Config cfg{id, secret, std::strtoull(company, nullptr, 10), "/srv/plotroom"};
    if (const char* root = std::getenv("PLOTROOM_ROOT")) cfg.share_root = root;
    return cfg;
}

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    auto cfg = load_config();
    if (!cfg) {
        std::fprintf(stderr, "missing DMSA_CLIENT_ID / DMSA_CLIENT_SECRET / PROCORE_COMPANY_ID\n");
        return 2;
    }
    std::string token;
    Status st = fetch_token(*cfg, token);
    if (st.ok()) st = check_identity(token);
    std::vector<int64_t> projects;
    if (st.ok()) st = active_projects(token, *cfg, projects);
    if (!st.ok()) {
        std::fprintf(stderr, "stage %d failed: curl=%d http=%ld %s\n", static_cast<int>(st.stage),
                     static_cast<int>(st.curl), st.http, st.detail.c_str());
        curl_global_cleanup();
        return 1;
    }
    int mirrored = 0;
    int failures = 0;
    for (int64_t pid : projects) {
        std::vector<Drawing> drawings;
        Status ds = current_drawings(token, *cfg, pid, drawings);
        if (!ds.ok()) {
            std::fprintf(stderr, "project %" PRId64 ": http %ld\n", pid, ds.http);
            ++failures;
            continue;
        }
        for (const Drawing& d : drawings) (download(d, *cfg, pid).ok() ? mirrored : failures)++;
    }
    notify("plot room mirror: " + std::to_string(mirrored) + " sheets, " +
           std::to_string(failures) + " failures");
    curl_global_cleanup();
    return failures == 0 ? 0 : 1;
}
