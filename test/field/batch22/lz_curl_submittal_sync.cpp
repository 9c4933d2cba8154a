// submittal_sync: mirrors Procore submittals for every active project of one
// company into a local JSON cache. Runs from cron every 15 minutes.
//
// All process-wide state (curl global init, environment, header lists, the
// access token) is created lazily on first use and lives until exit.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

// ---- process-wide state ---------------------------------------------------

inline std::once_flag g_curl_once;
inline const std::string g_cache_dir = "/var/cache/submittal-sync";
inline const char *const kWebBase = "https://app.procore.com";

struct Environment {
    std::string login_base;
    std::string api_base;
};

// Chosen once from PROCORE_ENV and cached for the life of the process.
const Environment &environment() {
    static const Environment env = [] {
        const char *name = std::getenv("PROCORE_ENV");
        const std::string n = name ? name : "production";
        if (n == "sandbox") {
            return Environment{"https://sandbox.procore.com",
                               "https://sandbox.procore.com"};
        }
        if (n == "monthly") {
            return Environment{"https://login-sandbox-monthly.procore.com",
                               "https://api-monthly.procore.com"};
        }
        return Environment{"https://login.procore.com", "https://api.procore.com"};
    }();
    return env;
}

int64_t company_id() {
    static const int64_t id = [] {
        const char *v = std::getenv("PROCORE_COMPANY_ID");
        if (!v) throw std::runtime_error("PROCORE_COMPANY_ID not set");
        return static_cast<int64_t>(std::stoll(v));
    }();
    return id;
}

size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    static_cast<std::string *>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

CURL *easy() {
    std::call_once(g_curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    static CURL *handle = curl_easy_init();
    curl_easy_reset(handle);
    return handle;
}

// ---- token ----------------------------------------------------------------

const std::string &access_token() {
    static std::string token;
    static std::once_flag once;
    std::call_once(once, [] {
        const char *refresh = std::getenv("PROCORE_REFRESH_TOKEN");
        const char *cid = std::getenv("PROCORE_CLIENT_ID");
        const char *secret = std::getenv("PROCORE_CLIENT_SECRET");
        if (!refresh || !cid || !secret) throw std::runtime_error("missing OAuth env");

        const std::string url = environment().login_base + "/oauth/token";
        const std::string body = std::string("grant_type=refresh_token&refresh_token=") +
                                 refresh + "&client_id=" + cid + "&client_secret=" + secret;
        std::string out;
        CURL *h = easy();
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        if (curl_easy_perform(h) != CURLE_OK) throw std::runtime_error("token refresh failed");
        token = json::parse(out).at("access_token").get<std::string>();
    });
    return token;
}

// Header lists are built once; curl copies nothing, so they must outlive
// every transfer -- hence the statics.
curl_slist *auth_only_headers() {
    static curl_slist *list = [] {
        curl_slist *l = nullptr;
        l = curl_slist_append(l, ("Authorization: Bearer " + access_token()).c_str());
        l = curl_slist_append(l, "Accept: application/json");
        return l;
    }();
    return list;
}

curl_slist *company_headers() {
    static curl_slist *list = [] {
        curl_slist *l = nullptr;
        l = curl_slist_append(l, ("Authorization: Bearer " + access_token()).c_str());
        l = curl_slist_append(l, "Accept: application/json");
        l = curl_slist_append(l, ("Procore-Company-Id: " + std::to_string(company_id())).c_str());
        return l;
    }();
    return list;
}

json get_json(const std::string &path, curl_slist *headers) {
    const std::string url = environment().api_base + path;
    std::string out;
    long status = 0;
    CURL *h = easy();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status >= 400)
        throw std::runtime_error("GET " + path + " failed: " + std::to_string(status));
    return json::parse(out);
}

// ---- domain ---------------------------------------------------------------

struct Project {
    int id;
    std::string name;
};

struct Submittal {
    int64_t id;
    int64_t spec_section_id;
    std::string title;
    std::string status;
};

std::vector<Project> active_projects() {
    std::vector<Project> out;
    int page = 1;
    for (;;) {
        const std::string path = "/rest/v1.0/projects?company_id=" +
                                 std::to_string(company_id()) +
                                 "&page=" + std::to_string(page) + "&per_page=100";
        json arr = get_json(path, auth_only_headers());
        if (arr.empty()) break;
        for (const auto &p : arr) {
            if (!p.value("active", true)) continue;
            out.push_back({p.at("id").get<int>(), p.value("name", "")});
        }
        ++page;
    }
    return out;
}

std::vector<Submittal> submittals_for(int64_t project_id) {
    std::vector<Submittal> out;
    json arr = get_json("/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals",
                        company_headers());
    for (const auto &s : arr) {
        Submittal sub;
        sub.id = s.at("id").get<int64_t>();
        sub.spec_section_id = s.contains("specification_section") && !s["specification_section"].is_null()
                                  ? s["specification_section"].at("id").get<int64_t>()
                                  : 0;
        sub.title = s.value("title", "");
        sub.status = s.contains("status") && s["status"].is_object()
                         ? s["status"].value("name", "")
                         : "";
        out.push_back(sub);
    }
    return out;
}

void write_cache(const Project &p, const std::vector<Submittal> &subs) {
    json doc = json::array();
    for (const auto &s : subs) {
        doc.push_back({{"id", s.id},
                       {"spec_section_id", s.spec_section_id},
                       {"title", s.title},
                       {"status", s.status}});
    }
    std::ofstream f(g_cache_dir + "/" + std::to_string(p.id) + ".json");
    f << doc.dump(2);
}

} // namespace

int main() {
    try {
        json me = get_json("/rest/v1.0/me", auth_only_headers());
        std::cerr << "submittal_sync running as " << me.value("login", "?") << "\n";

        json users = get_json("/rest/v1.0/companies/" + std::to_string(company_id()) + "/users?per_page=1",
                              company_headers());
        std::cerr << "company has at least " << users.size() << " user(s)\n";

        int total = 0;
        for (const Project &p : active_projects()) {
            auto subs = submittals_for(p.id);
            write_cache(p, subs);
            total += static_cast<int>(subs.size());
            std::cerr << "  " << p.name << ": " << subs.size() << " submittals -> "
                      << kWebBase << "/" << company_id() << "/project/submittal_logs?project_id="
                      << p.id << "\n";
        }
        std::cerr << "synced " << total << " submittals\n";
    } catch (const std::exception &e) {
        std::cerr << "submittal_sync: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
