// th_curl_submittal_pool.cpp - submittal register sync (developer sandbox build)
//
// A small fixed thread pool runs std::function<void()> jobs. The main thread
// enumerates projects and enqueues one job per project; each job pulls the
// submittal list and fans out one approver lookup per submittal. Every worker
// owns a thread_local CURL easy handle, so nothing curl-related is shared.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

const std::string kLogin = "https://login-sandbox.procore.com";
const std::string kApi = "https://sandbox.procore.com";
const std::string kTeamsHook = "https://contoso.webhook.office.com/webhookb2/submittals";

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string status;
    long responsible_user_id = 0;
    std::vector<std::string> approvers;
};

struct Session {
    std::string access_token;
    std::string refresh_token;
    int64_t company_id = 0;
};

Session g_session;
std::mutex g_results_mu;
std::map<int64_t, std::vector<Submittal>> g_results;  // project id -> register
std::atomic<int> g_errors{0};

size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

CURL* thread_handle() {
    thread_local struct Holder {
        CURL* h = curl_easy_init();
        ~Holder() { curl_easy_cleanup(h); }
    } holder;
    curl_easy_reset(holder.h);
    return holder.h;
}

// Sends one request on this thread's handle; returns the HTTP status.
long send(const std::string& method, const std::string& url, const std::string& body,
          bool company_scoped, std::string& out) {
    CURL* h = thread_handle();
    curl_slist* hdrs = nullptr;
    hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + g_session.access_token).c_str());
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (company_scoped) {
        std::string c = "Procore-Company-Id: " + std::to_string(g_session.company_id);
        hdrs = curl_slist_append(hdrs, c.c_str());
    }
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (!body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    return status;
}

class Pool {
public:
    explicit Pool(unsigned n) {
        for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { loop(); });
    }
    ~Pool() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : workers_) t.join();
    }
    void submit(std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            jobs_.push(std::move(job));
        }
        cv_.notify_one();
    }

private:
    void loop() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return stop_ || !jobs_.empty(); });
                if (stop_ && jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop();
            }
            job();
            std::this_thread::sleep_for(std::chrono::milliseconds(200));  // rate limit
        }
    }
    std::vector<std::thread> workers_;
    std::queue<std::function<void()>> jobs_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
};

bool refresh_token() {
    std::string out;
    json body = {{"grant_type", "refresh_token"},
                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                 {"refresh_token", g_session.refresh_token}};
    if (send("POST", kLogin + "/oauth/token", body.dump(), false, out) != 200) return false;
    auto tok = json::parse(out);
    g_session.access_token = tok.at("access_token").get<std::string>();
    g_session.refresh_token = tok.value("refresh_token", g_session.refresh_token);
    return true;
}

void sync_project(int64_t project_id) {
    std::string out;
    const std::string base = kApi + "/rest/v1.1/projects/" + std::to_string(project_id);
    long st = send("GET", base + "/submittals?per_page=200", "", true, out);
    if (st != 200) {
        std::cerr << "project " << project_id << ": HTTP " << st << "\n";
        ++g_errors;
        return;
    }
    std::vector<Submittal> reg;
    for (const auto& item : json::parse(out)) {
        Submittal s;
        s.id = item.at("id").get<int64_t>();
        s.number = item.value("number", "");
        s.title = item.value("title", "");
        s.status = item["status"].value("name", "");
        if (item.contains("responsible_contractor") && !item["responsible_contractor"].is_null())
            s.responsible_user_id = item["responsible_contractor"]["id"].get<int64_t>();
        int spec_section_id = item["specification_section"].value("id", 0);
        if (spec_section_id == 0) s.title += " (no spec section)";

        std::string approvers;
        const std::string url = kApi + "/rest/v1.0/projects/" + std::to_string(project_id) +
                                "/submittals/" + std::to_string(s.id) + "/approvers";
        if (send("GET", url, "", false, approvers) == 200) {
            for (const auto& a : json::parse(approvers))
                s.approvers.push_back(a["user"].value("name", "?"));
        }
        reg.push_back(std::move(s));
    }
    std::lock_guard<std::mutex> lk(g_results_mu);
    g_results[project_id] = std::move(reg);
}

void post_summary() {
    std::size_t total = 0;
    for (const auto& [pid, reg] : g_results) total += reg.size();
    json card = {{"text", std::to_string(total) + " submittals across " +
                              std::to_string(g_results.size()) + " projects, " +
                              std::to_string(g_errors.load()) + " errors"}};
    std::string ignored;
    send("POST", kTeamsHook, card.dump(), false, ignored);
}

}  // namespace

int main() {
    curl_global_init(CURL_GLOBAL_ALL);
    g_session.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    g_session.company_id = std::strtoll(std::getenv("PROCORE_COMPANY_ID"), nullptr, 10);
    if (!refresh_token()) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    std::string me;
    if (send("GET", kApi + "/rest/v1.0/me", "", false, me) == 200)
        std::cout << "syncing as " << json::parse(me).value("login", "?") << "\n";

    std::vector<int64_t> project_ids;
    for (int page = 1;; ++page) {
        std::string out;
        std::string url = kApi + "/rest/v1.0/projects?company_id=" +
                          std::to_string(g_session.company_id) + "&page=" + std::to_string(page);
        if (send("GET", url, "", true, out) != 200) break;
        auto arr = json::parse(out);
        if (arr.empty()) break;
        for (const auto& p : arr) project_ids.push_back(p.at("id").get<int64_t>());
    }

    {
        Pool pool(std::thread::hardware_concurrency() > 4 ? 4 : 2);
        for (int64_t pid : project_ids) pool.submit([pid] { sync_project(pid); });
    }  // joins

    post_summary();

    std::string ignored;
    json revoke = {{"token", g_session.access_token},
                   {"client_id", std::getenv("PROCORE_CLIENT_ID")}};
    send("POST", "https://sandbox.procore.com/oauth/revoke", revoke.dump(), false, ignored);
    curl_global_cleanup();
    return g_errors.load() ? 1 : 0;
}
