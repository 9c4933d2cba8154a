// punchlist_sync: mirrors open punch items of one Procore project into the
// field tablet cache and pushes back items closed offline. The SQLite side
// lives elsewhere; this file is the network half. Every call returns a
// Result<T>; transient failures go through with_retry() with backoff.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace {

const char* kLoginBase = "https://login.procore.com";
const char* kApiBase = "https://api.procore.com";
const char* kWebBase = "https://app.procore.com";

struct Error {
    int http_status = 0;  // 0 = transport error
    std::string message;
    bool retryable() const {
        return http_status == 0 || http_status == 429 || http_status >= 500;
    }
};

template <typename T>
class Result {
public:
    static Result ok(T v) { Result r; r.v_ = std::move(v); return r; }
    static Result err(Error e) { Result r; r.v_ = std::move(e); return r; }
    bool has_value() const { return std::holds_alternative<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

template <typename F>
class ScopeGuard {
public:
    explicit ScopeGuard(F f) : f_(std::move(f)) {}
    ~ScopeGuard() { if (active_) f_(); }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    void dismiss() { active_ = false; }

private:
    F f_;
    bool active_ = true;
};

template <typename F>
auto with_retry(int attempts, F&& fn) -> decltype(fn()) {
    auto delay = std::chrono::milliseconds(250);
    auto r = fn();
    for (int i = 1; i < attempts && !r.has_value() && r.error().retryable(); ++i) {
        std::cerr << "retry " << i << " after " << delay.count() << "ms: "
                  << r.error().message << "\n";
        std::this_thread::sleep_for(delay);
        delay *= 2;
        r = fn();
    }
    return r;
}

size_t collect(char* ptr, size_t size, size_t nmemb, void* user) {
    static_cast<std::string*>(user)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct Session {
    std::string access_token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
    int64_t company_id = 0;
};

struct PunchItem {
    int64_t id = 0;
    std::string name;
    std::string status;
    int64_t assignee_id = 0;
};

Result<std::string> refresh_access_token(Session& s) {
    using R = Result<std::string>;
    CURL* h = curl_easy_init();
    if (!h) return R::err({0, "curl_easy_init failed"});
    ScopeGuard cleanup([h] { curl_easy_cleanup(h); });

    std::string url = std::string(kLoginBase) + "/oauth/token";
    json form = {{"grant_type", "refresh_token"},
                 {"refresh_token", s.refresh_token},
                 {"client_id", s.client_id},
                 {"client_secret", s.client_secret}};
    std::string body = form.dump();
    std::string resp;
    curl_slist* hdrs = curl_slist_append(nullptr, "Content-Type: application/json");
    ScopeGuard free_hdrs([hdrs] { curl_slist_free_all(hdrs); });

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK) return R::err({0, curl_easy_strerror(rc)});
    if (status != 200) return R::err({static_cast<int>(status), resp});

    auto j = json::parse(resp, nullptr, false);
    if (j.is_discarded() || !j.contains("access_token"))
        return R::err({static_cast<int>(status), "malformed token response"});
    s.access_token = j["access_token"].get<std::string>();
    if (j.contains("refresh_token")) s.refresh_token = j["refresh_token"].get<std::string>();
    return R::ok(s.access_token);
}

// Sends one API request. On 401 the token is refreshed once and the request
// is re-sent on the same handle.
Result<json> call_api(Session& s, const char* method, const std::string& path,
                      const std::string& body = {}) {
    using R = Result<json>;
    CURL* h = curl_easy_init();
    if (!h) return R::err({0, "curl_easy_init failed"});
    ScopeGuard cleanup([h] { curl_easy_cleanup(h); });

    std::string url = std::string(kApiBase) + path;
    std::string resp;
    curl_slist* hdrs = nullptr;
    hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + s.access_token).c_str());
    hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(s.company_id)).c_str());
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    ScopeGuard free_hdrs([&hdrs] { curl_slist_free_all(hdrs); });

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (!body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);

    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);

    if (rc == CURLE_OK && status == 401) {
        auto tok = refresh_access_token(s);
        if (!tok.has_value()) return R::err(tok.error());
        curl_slist_free_all(hdrs);
        hdrs = nullptr;
        hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + tok.value()).c_str());
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        resp.clear();
        rc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    }

    if (rc != CURLE_OK) return R::err({0, curl_easy_strerror(rc)});
    if (status < 200 || status >= 300) return R::err({static_cast<int>(status), resp});
    auto j = json::parse(resp, nullptr, false);
    if (j.is_discarded()) return R::err({static_cast<int>(status), "response is not JSON"});
    return R::ok(std::move(j));
}

Result<std::vector<PunchItem>> fetch_open_items(Session& s, int64_t project_id) {
    std::vector<PunchItem> items;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/punch_items?project_id=" + std::to_string(project_id) +
                           "&filters[status]=open&page=" + std::to_string(page) + "&per_page=100";
        auto r = with_retry(4, [&] { return call_api(s, "GET", path); });
        if (!r.has_value()) return Result<std::vector<PunchItem>>::err(r.error());
        const json& arr = r.value();
        if (!arr.is_array() || arr.empty()) break;
        for (const auto& item : arr) {
            PunchItem p;
            p.id = item.at("id").get<int64_t>();
            p.name = item.value("name", "");
            p.status = item.value("status", "");
            if (item.contains("assignee") && item["assignee"].is_object())
                p.assignee_id = item["assignee"]["id"].get<int>();
            items.push_back(std::move(p));
        }
        if (arr.size() < 100) break;
    }
    return Result<std::vector<PunchItem>>::ok(std::move(items));
}

Result<json> close_item(Session& s, int64_t project_id, int64_t item_id) {
    json body = {{"punch_item", {{"status", "closed"}}}};
    std::string path = "/rest/v1.0/punch_items/" + std::to_string(item_id) +
                       "?project_id=" + std::to_string(project_id);
    return with_retry(3, [&] { return call_api(s, "PATCH", path, body.dump()); });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: punchlist_sync <company_id> <project_id> [closed_item_id...]\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ScopeGuard global([] { curl_global_cleanup(); });

    Session s;
    s.company_id = std::stoll(argv[1]);
    int64_t project_id = std::atoi(argv[2]);
    const char* tok = std::getenv("PROCORE_ACCESS_TOKEN");
    const char* rtok = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* csec = std::getenv("PROCORE_CLIENT_SECRET");
    if (!tok || !rtok || !cid || !csec) {
        std::cerr << "missing PROCORE_* credentials in environment\n";
        return 2;
    }
    s.access_token = tok;
    s.refresh_token = rtok;
    s.client_id = cid;
    s.client_secret = csec;

    int failures = 0;
    for (int i = 3; i < argc; ++i) {
        int64_t item_id = std::strtoll(argv[i], nullptr, 10);
        auto r = close_item(s, project_id, item_id);
        if (!r.has_value()) {
            ++failures;
            std::cerr << "could not close punch item " << item_id << " (HTTP "
                      << r.error().http_status << "); close it by hand: " << kWebBase << "/"
                      << project_id << "/project/punch_list/" << item_id << "\n";
        }
    }

    auto items = fetch_open_items(s, project_id);
    if (!items.has_value()) {
        std::cerr << "sync failed: " << items.error().message << "\n"
                  << "check the project in the browser: " << kWebBase << "/"
                  << project_id << "/project/punch_list\n";
        return 1;
    }
    for (const auto& p : items.value())
        std::cout << p.id << "\t" << p.status << "\t" << p.assignee_id << "\t" << p.name << "\n";
    std::cout << items.value().size() << " open items, " << failures << " close failures\n";
    return failures == 0 ? 0 : 3;
}
