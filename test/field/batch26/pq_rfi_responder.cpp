// pq_rfi_responder.cpp
// Sandbox daemon for the RFI auto-responder pilot: scans open RFIs, drops a
// canned "received, reviewing" reply on new ones and pings Slack when one is
// overdue. Producers push HttpJob structs into a priority queue; worker
// threads pop them, add auth (and the company header when company_id is set)
// and send with libcurl. Token refresh jobs always jump the queue.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

const std::string kApiBase = "https://sandbox.procore.com";
const std::string kLoginBase = "https://login-sandbox.procore.com";
const std::string kTokenInfoUrl = "https://sandbox.procore.com/oauth/token/info";
const char* kSlackHook = std::getenv("RFI_SLACK_WEBHOOK");
constexpr int kMaxAttempts = 5;

enum class Prio { TokenRefresh = 0, Write = 1, Read = 2 };

struct HttpJob {
    Prio prio = Prio::Read;
    std::uint64_t seq = 0;
    std::string kind;
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
    bool procore_auth = true;
    std::int64_t company_id = 0;  // worker adds Procore-Company-Id when non-zero
    std::int64_t project_id = 0;
    std::int64_t rfi_id = 0;
    int attempt = 0;
};

struct JobOrder {
    bool operator()(const HttpJob& a, const HttpJob& b) const {
        if (a.prio != b.prio) return a.prio > b.prio;
        return a.seq > b.seq;
    }
};

class JobQueue {
public:
    void push(HttpJob job) {
        std::lock_guard<std::mutex> lk(mu_);
        job.seq = next_seq_++;
        q_.push(std::move(job));
        cv_.notify_one();
    }
    bool pop(HttpJob& out) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return stop_ || !q_.empty(); });
        if (q_.empty()) return false;
        out = q_.top();
        q_.pop();
        return true;
    }
    void stop() {
        std::lock_guard<std::mutex> lk(mu_);
        stop_ = true;
        cv_.notify_all();
    }

private:
    std::priority_queue<HttpJob, std::vector<HttpJob>, JobOrder> q_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::uint64_t next_seq_ = 0;
    bool stop_ = false;
};

JobQueue g_queue;
std::mutex g_tok_mu;
std::string g_access = std::getenv("PROCORE_ACCESS_TOKEN") ? std::getenv("PROCORE_ACCESS_TOKEN") : "";
std::string g_refresh = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
std::atomic<bool> g_refreshing{false};

size_t on_body(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

void request_refresh() {
    if (g_refreshing.exchange(true)) return;
    HttpJob j;
    j.prio = Prio::TokenRefresh;
    j.kind = "refresh";
    j.method = "POST";
    j.url = kLoginBase + "/oauth/token";
    j.procore_auth = false;
    j.headers.push_back("Content-Type: application/json");
    std::lock_guard<std::mutex> lk(g_tok_mu);
    j.body = json{{"grant_type", "refresh_token"},
                  {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                  {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                  {"refresh_token", g_refresh}}.dump();
    g_queue.push(std::move(j));
}

void produce_token_info() {
    HttpJob j;
    j.kind = "token_info";
    j.url = kTokenInfoUrl;
    g_queue.push(std::move(j));
}

void produce_companies() {
    HttpJob j;
    j.kind = "companies";
    j.url = kApiBase + "/rest/v1.0/companies";
    g_queue.push(std::move(j));
}

void produce_rfi_scan(std::int64_t company_id, std::int64_t project_id) {
    HttpJob j;
    j.kind = "rfi_scan";
    j.company_id = company_id;
    j.project_id = project_id;
    j.url = kApiBase + "/rest/v1.0/projects/" + std::to_string(project_id) +
            "/rfis?filters[status]=open&per_page=100";
    g_queue.push(std::move(j));
}

void produce_reply(std::int64_t project_id, std::int64_t rfi_id, const std::string& text) {
    HttpJob j;
    j.prio = Prio::Write;
    j.kind = "reply";
    j.method = "POST";
    j.project_id = project_id;
    j.rfi_id = rfi_id;
    j.url = kApiBase + "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
            std::to_string(rfi_id) + "/replies";
    j.headers.push_back("Content-Type: application/json");
    j.body = json{{"reply", {{"body", text}}}}.dump();
    g_queue.push(std::move(j));
}

void produce_slack(const std::string& text) {
    if (!kSlackHook) return;
    HttpJob j;
    j.prio = Prio::Write;
    j.kind = "slack";
    j.method = "POST";
    j.url = kSlackHook;
    j.procore_auth = false;
    j.headers.push_back("Content-Type: application/json");
    j.body = json{{"text", text}}.dump();
    g_queue.push(std::move(j));
}

void dispatch(const HttpJob& job, const std::string& body) {
    if (job.kind == "refresh") {
        auto tok = json::parse(body);
        std::lock_guard<std::mutex> lk(g_tok_mu);
        g_access = tok.at("access_token").get<std::string>();
        g_refresh = tok.at("refresh_token").get<std::string>();
        g_refreshing = false;
    } else if (job.kind == "token_info") {
        std::cerr << "token expires in " << json::parse(body).value("expires_in_seconds", 0) << "s\n";
    } else if (job.kind == "companies") {
        for (const auto& c : json::parse(body))
            std::cerr << "visible company " << c.at("id").get<std::int64_t>() << " " << c.value("name", "") << "\n";
    } else if (job.kind == "rfi_scan") {
        const std::time_t now = std::time(nullptr);
        for (const auto& rfi : json::parse(body)) {
            int rfi_id = rfi.at("id").get<int>();
            if (rfi.value("replies_count", 0) == 0)
                produce_reply(job.project_id, rfi_id, "Received - the design team is reviewing.");
            std::tm due{};
            std::istringstream(rfi.value("due_date", "")) >> std::get_time(&due, "%Y-%m-%d");
            if (due.tm_year > 0 && std::mktime(&due) < now) {
                const int days_late = static_cast<int>((now - std::mktime(&due)) / 86400);
                produce_slack("RFI #" + rfi.value("number", std::string("?")) + " is " +
                              std::to_string(days_late) + " days overdue: https://app.procore.com/" +
                              std::to_string(job.project_id) + "/project/rfi/show/" + std::to_string(rfi_id));
            }
        }
    }
}

void worker_loop() {
    CURL* h = curl_easy_init();
    HttpJob job;
    while (g_queue.pop(job)) {
        std::string resp;
        curl_slist* hdrs = nullptr;
        for (const auto& line : job.headers) hdrs = curl_slist_append(hdrs, line.c_str());
        if (job.procore_auth) {
            std::lock_guard<std::mutex> lk(g_tok_mu);
            hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + g_access).c_str());
        }
        if (job.company_id != 0)
            hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(job.company_id)).c_str());
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, job.url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, job.method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        if (!job.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, job.body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
        CURLcode rc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdrs);

        if (rc == CURLE_OK && status == 401 && job.procore_auth) {
            request_refresh();
            g_queue.push(job);
        } else if ((rc != CURLE_OK || status == 429 || status >= 500) && ++job.attempt < kMaxAttempts) {
            std::this_thread::sleep_for(std::chrono::seconds(1 << job.attempt));
            g_queue.push(job);
        } else if (rc == CURLE_OK && status / 100 == 2) {
            try {
                dispatch(job, resp);
            } catch (const json::exception& e) {
                std::cerr << job.kind << ": bad json: " << e.what() << "\n";
            }
        } else {
            std::cerr << job.method << " " << job.url << " failed: " << status << "\n";
            if (job.kind == "refresh") g_refreshing = false;
        }
    }
    curl_easy_cleanup(h);
}

}  // namespace

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    std::vector<std::int64_t> projects;
    std::stringstream ids(std::getenv("RFI_PROJECT_IDS") ? std::getenv("RFI_PROJECT_IDS") : "");
    for (std::string tok; std::getline(ids, tok, ',');)
        projects.push_back(std::stoi(tok));

    std::vector<std::thread> workers;
    for (int i = 0; i < 3; ++i) workers.emplace_back(worker_loop);

    produce_token_info();
    produce_companies();
    for (int round = 0;; ++round) {
        for (auto pid : projects) produce_rfi_scan(company_id, pid);
        std::this_thread::sleep_for(std::chrono::minutes(10));
        if (round > 1000) break;
    }
    g_queue.stop();
    for (auto& t : workers) t.join();
    curl_global_cleanup();
}
