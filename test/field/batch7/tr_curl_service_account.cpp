// services/timecard-sync/procore_service_account.cpp
//
// Nightly timecard sync. Runs as a Developer Managed Service Account
// (client_credentials grant). Transport is libcurl behind a tag-dispatched
// perform(); results come back as std::variant so callers must handle errors.
#include <curl/curl.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>

namespace tcsync {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using UserId = std::int64_t;
using TimecardId = std::int64_t;

enum class Env { Production, Monthly };

template <Env> struct HostsFor;
template <> struct HostsFor<Env::Production> {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api = "https://api.procore.com";
};
template <> struct HostsFor<Env::Monthly> {
    static constexpr const char* login = "https://login-monthly.procore.com";
    static constexpr const char* api = "https://api-monthly.procore.com";
};

// ---- verb tags
struct get_t {};
struct post_t {};
struct patch_t {};
inline constexpr get_t get_v{};
inline constexpr post_t post_v{};
inline constexpr patch_t patch_v{};

struct HttpStatus {
    long code;
    std::string body;
};
struct TransportError {
    CURLcode code;
};
using Response = std::variant<Json::Value, HttpStatus, TransportError>;

namespace detail {

inline size_t write_cb(char* ptr, size_t size, size_t nmemb, void* user) {
    static_cast<std::string*>(user)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;

template <class... Hs>
SlistPtr header_list(const Hs&... hs) {
    curl_slist* l = nullptr;
    ((l = curl_slist_append(l, std::string(hs).c_str())), ...);
    return SlistPtr(l);
}

inline void apply_verb(CURL* c, get_t, const std::string&) { curl_easy_setopt(c, CURLOPT_HTTPGET, 1L); }
inline void apply_verb(CURL* c, post_t, const std::string& body) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, body.c_str());
}
inline void apply_verb(CURL* c, patch_t, const std::string& body) {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, body.c_str());
}

inline Json::Value parse(const std::string& text) {
    Json::Value root;
    Json::CharReaderBuilder b;
    std::istringstream in(text);
    std::string errs;
    if (!Json::parseFromStream(b, in, &root, &errs)) return Json::Value::null;
    return root;
}

} // namespace detail

template <class Verb, class... Hs>
Response perform(Verb verb, const std::string& url, const std::string& body, const Hs&... headers) {
    detail::EasyPtr c(curl_easy_init());
    auto list = detail::header_list("Accept: application/json", headers...);
    std::string out;
    curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, detail::write_cb);
    curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(c.get(), CURLOPT_TIMEOUT, 30L);
    detail::apply_verb(c.get(), verb, body);

    const CURLcode rc = curl_easy_perform(c.get());
    if (rc != CURLE_OK) return TransportError{rc};
    long status = 0;
    curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) return HttpStatus{status, out};
    return detail::parse(out);
}

template <Env E>
class ServiceAccount {
    using H = HostsFor<E>;

  public:
    explicit ServiceAccount(CompanyId company) : company_(company) {}

    bool authenticate(const std::string& client_id, const std::string& secret) {
        const std::string form = "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + secret;
        auto r = perform(post_v, std::string(H::login) + "/oauth/token", form,
                         "Content-Type: application/x-www-form-urlencoded");
        if (auto* v = std::get_if<Json::Value>(&r)) {
            token_ = (*v)["access_token"].asString();
            return !token_.empty();
        }
        return false;
    }

    Response me() const { return perform(get_v, api("/rest/v1.0/me"), "", auth(), company()); }
    Response companies() const { return perform(get_v, api("/rest/v1.0/companies"), "", auth()); }

    Response projects() const {
        return perform(get_v, api("/rest/v1.0/projects?company_id=" + std::to_string(company_)), "", auth(),
                       company());
    }
    Response timecards(ProjectId project, const std::string& date) const {
        return perform(get_v, api("/rest/v1.0/projects/" + std::to_string(project) + "/timecard_entries?filters[date]=" + date),
                       "", auth(), company());
    }
    Response daily_logs(ProjectId project) const {
        return perform(get_v, api("/vapid/projects/" + std::to_string(project) + "/daily_logs"), "", auth(), company());
    }
    Response approve_timecard(ProjectId project, TimecardId id) const {
        const std::string body = R"({"timecard_entry":{"status":"approved"}})";
        return perform(patch_v,
                       api("/rest/v1.0/projects/" + std::to_string(project) + "/timecard_entries/" + std::to_string(id)),
                       body, auth(), "Content-Type: application/json");
    }

  private:
    static std::string api(const std::string& path) { return std::string(H::api) + path; }
    std::string auth() const { return "Authorization: Bearer " + token_; }
    std::string company() const { return "Procore-Company-Id: " + std::to_string(company_); }

    CompanyId company_;
    std::string token_;
};

#ifdef TCSYNC_MONTHLY
using Account = ServiceAccount<Env::Monthly>;
#else
using Account = ServiceAccount<Env::Production>;
#endif

void push_metric(const std::string& name, double value) {
    const int port = 9091;
    const std::string url = "http://localhost:" + std::to_string(port) + "/metrics/job/timecard_sync";
    perform(post_v, url, name + " " + std::to_string(value) + "\n", "Content-Type: text/plain");
}

} // namespace tcsync

int main(int argc, char** argv) {
    using namespace tcsync;
    if (argc < 5) {
        std::fprintf(stderr, "usage: timecard-sync <client-id> <secret> <company> <project> [date]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    Account account(std::stoll(argv[3]));
    if (!account.authenticate(argv[1], argv[2])) return 1;
    if (std::holds_alternative<HttpStatus>(account.me())) return 1;

    auto companies = account.companies();
    if (auto* err = std::get_if<HttpStatus>(&companies)) {
        std::fprintf(stderr, "companies: HTTP %ld\n", err->code);
        return 1;
    }
    if (!std::holds_alternative<Json::Value>(account.projects())) return 1;

    const int project = std::stoi(argv[4]);
    const std::string date = argc > 5 ? argv[5] : "2024-01-01";

    std::map<UserId, double> hours_by_user;
    int approved = 0;
    auto entries = account.timecards(project, date);
    if (auto* list = std::get_if<Json::Value>(&entries)) {
        for (const auto& e : *list) {
            hours_by_user[e["login_information"]["id"].asInt()] += e["hours"].asDouble();
            const TimecardId id = e["id"].asInt64();
            if (e["status"].asString() == "pending") {
                auto r = account.approve_timecard(project, id);
                if (std::holds_alternative<Json::Value>(r)) ++approved;
                else std::fprintf(stderr, "timecard %ld not approved\n", id);
            }
        }
    }
    account.daily_logs(project);

    std::printf("project %lld: %zu users, %d approved\n", static_cast<long long>(project), hours_by_user.size(),
                approved);
    push_metric("timecards_approved", approved);
    curl_global_cleanup();
    return 0;
}
