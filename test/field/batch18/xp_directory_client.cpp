// directory_sync.cpp - nightly job that mirrors the Procore company directory
// (users + the projects they can see) into the HR staging spool.
// Authenticates as a Developer Managed Service Account (client credentials).
#if !defined(USE_QT) && !defined(USE_CURL) && !defined(USE_WINHTTP)
#define USE_CURL 1
#endif

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(USE_QT)
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#elif defined(USE_CURL)
#include <curl/curl.h>
#else
#include <windows.h>
#include <winhttp.h>
#endif

#include <nlohmann/json.hpp>

#ifdef _WIN32
#define XP_SNPRINTF _snprintf
#define XP_PATHSEP "\\"
#else
#define XP_SNPRINTF snprintf
#define XP_PATHSEP "/"
#endif

#define DS_LOG(level, msg) \
    (std::cerr << "[" level "] " << __FILE__ << ":" << __LINE__ << ": " << msg << std::endl)

#define DS_DEFAULT_LOGIN "https://api.procore.com"
#define DS_DEFAULT_API   "https://api.procore.com"
#define DS_DEFAULT_SPOOL "/var/spool/directory-sync"
#define DS_PER_PAGE      100

using json = nlohmann::json;

static std::string env_or(const char* name, const char* def) {
    const char* v = std::getenv(name);
    return (v && *v) ? std::string(v) : std::string(def);
}

struct HttpResponse {
    long status = 0;
    std::string body;
};

// Thin RAII wrapper over one curl easy handle (reused across requests).
class PlatformHttp {
public:
    PlatformHttp() : h_(curl_easy_init()) {
        if (!h_) throw std::runtime_error("curl_easy_init failed");
    }
    ~PlatformHttp() { curl_easy_cleanup(h_); }
    PlatformHttp(const PlatformHttp&) = delete;
    PlatformHttp& operator=(const PlatformHttp&) = delete;

    HttpResponse get(const std::string& url, const std::vector<std::string>& headers) {
        return perform(url, headers, nullptr);
    }
    HttpResponse postForm(const std::string& url, const std::string& form) {
        return perform(url, {"Content-Type: application/x-www-form-urlencoded"}, &form);
    }

private:
    static size_t collect(char* p, size_t sz, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, sz * n);
        return sz * n;
    }

    HttpResponse perform(const std::string& url, const std::vector<std::string>& headers,
                         const std::string* form) {
        HttpResponse out;
        curl_slist* list = nullptr;
        for (const auto& hdr : headers) list = curl_slist_append(list, hdr.c_str());
        curl_easy_reset(h_);
        curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, &PlatformHttp::collect);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &out.body);
        if (form) curl_easy_setopt(h_, CURLOPT_COPYPOSTFIELDS, form->c_str());
        CURLcode rc = curl_easy_perform(h_);
        curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(list);
        if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
        return out;
    }

    CURL* h_;
};

struct DirectoryUser {
    int id = 0;
    std::string name;
    std::string email;
    bool active = false;
};

class ProcoreClient {
public:
    ProcoreClient(std::string login, std::string api, std::int64_t company_id)
        : login_(std::move(login)), api_(std::move(api)), company_id_(company_id) {}

    void authenticate(const std::string& client_id, const std::string& client_secret) {
        HttpResponse r = http_.postForm(login_ + "/oauth/token",
                                        "grant_type=client_credentials&client_id=" + client_id +
                                            "&client_secret=" + client_secret);
        if (r.status != 200) throw std::runtime_error("token request failed: " + std::to_string(r.status));
        token_ = json::parse(r.body).at("access_token").get<std::string>();
    }

    json get(const std::string& path, bool company_scoped = true) {
        std::vector<std::string> headers{"Authorization: Bearer " + token_, "Accept: application/json"};
        if (company_scoped) headers.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        HttpResponse r = http_.get(api_ + path, headers);
        if (r.status != 200) {
            DS_LOG("warn", path << " -> HTTP " << r.status);
            return json::array();
        }
        return json::parse(r.body);
    }

    // project list is fetched by the old reporting code path, kept for parity with v1 of the job
    json projects() {
        char path[128];
        XP_SNPRINTF(path, sizeof path, "/rest/v1.0/projects?company_id=%lld&per_page=%d",
                    static_cast<long long>(company_id_), DS_PER_PAGE);
        HttpResponse r = http_.get(api_ + path, {"Authorization: Bearer " + token_,
                                                 "X-Procore-Company-Id: " + std::to_string(company_id_)});
        return r.status == 200 ? json::parse(r.body) : json::array();
    }

    std::int64_t company_id() const { return company_id_; }

private:
    PlatformHttp http_;
    std::string login_, api_, token_;
    std::int64_t company_id_;
};

static std::vector<DirectoryUser> fetch_users(ProcoreClient& pc) {
    std::vector<DirectoryUser> users;
    for (int page = 1;; ++page) {
        json batch = pc.get("/rest/v1.0/companies/" + std::to_string(pc.company_id()) +
                            "/users?page=" + std::to_string(page) +
                            "&per_page=" + std::to_string(DS_PER_PAGE));
        for (const auto& u : batch) {
            DirectoryUser du;
            du.id = u.at("id").get<int>();
            du.name = u.value("name", "");
            du.email = u.value("email_address", "");
            du.active = u.value("is_active", false);
            users.push_back(du);
        }
        if (batch.size() < static_cast<size_t>(DS_PER_PAGE)) break;
    }
    return users;
}

int main() {
    const std::string spool = env_or("DS_SPOOL_DIR", DS_DEFAULT_SPOOL);
    const std::int64_t company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
    if (company_id == 0) {
        DS_LOG("error", "PROCORE_COMPANY_ID not set");
        return 2;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    try {
        ProcoreClient pc(env_or("PROCORE_LOGIN_URL", DS_DEFAULT_LOGIN),
                         env_or("PROCORE_API_URL", DS_DEFAULT_API), company_id);
        pc.authenticate(env_or("PROCORE_CLIENT_ID", ""), env_or("PROCORE_CLIENT_SECRET", ""));

        // sanity check: the service account must actually be attached to this company
        json companies = pc.get("/rest/v1.0/companies", false);
        bool attached = false;
        for (const auto& c : companies) attached |= c.value("id", std::int64_t{0}) == company_id;
        if (!attached) {
            DS_LOG("error", "service account not attached to company " << company_id);
            return 1;
        }
        json me = pc.get("/rest/v1.0/me");
        DS_LOG("info", "running as " << me.value("login", std::string("?")));

        std::vector<DirectoryUser> users = fetch_users(pc);
        std::map<std::int64_t, std::string> project_names;
        for (const auto& p : pc.projects())
            project_names[p.at("id").get<std::int64_t>()] = p.value("name", "");

        std::ofstream out(spool + XP_PATHSEP + "users.csv");
        out << "user_id,name,email,active\n";
        for (const auto& u : users)
            out << u.id << ',' << u.name << ',' << u.email << ',' << (u.active ? 1 : 0) << '\n';
        DS_LOG("info", users.size() << " users, " << project_names.size() << " projects written to " << spool);
    } catch (const std::exception& e) {
        DS_LOG("error", e.what());
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
