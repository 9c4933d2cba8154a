// bk_curl_rfi_pool.cpp - background RFI backfill for the reporting warehouse.
//
// Walks every project of the configured company, pages through its RFIs and
// pulls the full record of every open RFI. Requests are described as plain
// structs by the producers below and executed later by a small pool of
// worker threads, each owning one curl easy handle.
//
// Build: g++ -std=c++17 bk_curl_rfi_pool.cpp -lcurl -pthread

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

const char* const kApiBase = "https://api.procore.com";
const char* const kLoginBase = "https://login.procore.com";
constexpr int kPerPage = 100;
constexpr int kMaxAttempts = 5;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
};

struct HttpResult {
    long status = 0;
    std::string body;
};

struct Job {
    HttpRequest req;
    int attempt = 0;
    int page = 1;
    int project_id = 0;
    std::function<void(const HttpResult&)> on_done;
};

// Thin RAII wrapper around one easy handle; reused across jobs by a worker.
class CurlEasy {
  public:
    CurlEasy() : h_(curl_easy_init()) {}
    ~CurlEasy() {
        if (h_) curl_easy_cleanup(h_);
    }
    CurlEasy(const CurlEasy&) = delete;
    CurlEasy& operator=(const CurlEasy&) = delete;

    HttpResult perform(const HttpRequest& r) {
        HttpResult out;
        curl_easy_reset(h_);
        struct curl_slist* hdrs = nullptr;
        for (const auto& kv : r.headers) {
            const std::string line = kv.first + ": " + kv.second;
            hdrs = curl_slist_append(hdrs, line.c_str());
        }
        curl_easy_setopt(h_, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(h_, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        if (!r.body.empty()) {
            curl_easy_setopt(h_, CURLOPT_POSTFIELDS, r.body.c_str());
            curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.body.size()));
        }
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, &CurlEasy::on_write);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &out.body);
        curl_easy_setopt(h_, CURLOPT_TIMEOUT, 30L);
        const CURLcode rc = curl_easy_perform(h_);
        if (rc == CURLE_OK) {
            curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &out.status);
        } else {
            std::cerr << "curl: " << curl_easy_strerror(rc) << " for " << r.url << "\n";
        }
        curl_slist_free_all(hdrs);
        return out;
    }

  private:
    static size_t on_write(char* ptr, size_t size, size_t nmemb, void* userdata) {
        static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
        return size * nmemb;
    }
    CURL* h_;
};

class JobPool {
  public:
    explicit JobPool(int workers) {
        for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
    }
    ~JobPool() { stop(); }

    void submit(Job job) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            ++pending_;
            queue_.push_back(std::move(job));
        }
        cv_.notify_one();
    }

    void wait_idle() {
        std::unique_lock<std::mutex> lk(mu_);
        idle_cv_.wait(lk, [this] { return pending_ == 0; });
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_)
            if (t.joinable()) t.join();
        threads_.clear();
    }

  private:
    void run() {
        CurlEasy easy;
        for (;;) {
            Job job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
                if (stopping_ && queue_.empty()) return;
                job = std::move(queue_.front());
                queue_.pop_front();
            }
            HttpResult res = easy.perform(job.req);
            const bool transient = res.status == 0 || res.status == 429 || res.status >= 500;
            if (transient && job.attempt + 1 < kMaxAttempts) {
                ++job.attempt;
                std::this_thread::sleep_for(std::chrono::milliseconds(250L << job.attempt));
                submit(std::move(job));  // re-counted by submit, released below
            } else if (job.on_done) {
                job.on_done(res);
            }
            std::lock_guard<std::mutex> lk(mu_);
            if (--pending_ == 0) idle_cv_.notify_all();
        }
    }

    std::mutex mu_;
    std::condition_variable cv_, idle_cv_;
    std::deque<Job> queue_;
    std::vector<std::thread> threads_;
    int pending_ = 0;
    bool stopping_ = false;
};

struct Context {
    std::string token;
    int64_t company_id = 0;
    JobPool* pool = nullptr;
    std::mutex store_mu;
    std::map<int64_t, json> rfis;  // keyed by RFI id
};

std::map<std::string, std::string> api_headers(const Context& ctx) {
    return {{"Authorization", "Bearer " + ctx.token},
            {"Procore-Company-Id", std::to_string(ctx.company_id)},
            {"Accept", "application/json"}};
}

Job make_rfi_detail_job(Context& ctx, int64_t project_id, int64_t rfi_id);

Job make_rfi_page_job(Context& ctx, int64_t project_id, int page) {
    Job job;
    job.page = page;
    job.project_id = project_id;
    job.req.url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
                  "/rfis?page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
    job.req.headers = api_headers(ctx);
    job.on_done = [&ctx, project_id, page](const HttpResult& res) {
        if (res.status != 200) return;
        const json arr = json::parse(res.body, nullptr, false);
        if (!arr.is_array()) return;
        for (const auto& r : arr) {
            const int64_t rfi_id = r.at("id").get<int64_t>();
            if (r.value("status", "") == "open") ctx.pool->submit(make_rfi_detail_job(ctx, project_id, rfi_id));
        }
        if (static_cast<int>(arr.size()) == kPerPage) ctx.pool->submit(make_rfi_page_job(ctx, project_id, page + 1));
    };
    return job;
}

// Added for the "open RFI aging" report.
Job make_rfi_detail_job(Context& ctx, int64_t project_id, int64_t rfi_id) {
    Job job;
    job.req.url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                  std::to_string(rfi_id);
    job.req.headers["Authorization"] = "Bearer " + ctx.token;
    job.on_done = [&ctx, rfi_id](const HttpResult& res) {
        if (res.status != 200) return;
        std::lock_guard<std::mutex> lk(ctx.store_mu);
        ctx.rfis[rfi_id] = json::parse(res.body, nullptr, false);
    };
    return job;
}

Job make_projects_page_job(Context& ctx, int page) {
    Job job;
    job.page = page;
    job.req.url = std::string(kApiBase) + "/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id) +
                  "&page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
    job.req.headers = api_headers(ctx);
    job.on_done = [&ctx, page](const HttpResult& res) {
        if (res.status != 200) {
            std::cerr << "projects page " << page << " -> HTTP " << res.status << "\n";
            return;
        }
        const json arr = json::parse(res.body, nullptr, false);
        for (const auto& p : arr) {
            const int pid = p.at("id").get<int>();
            ctx.pool->submit(make_rfi_page_job(ctx, pid, 1));
        }
        if (static_cast<int>(arr.size()) == kPerPage) ctx.pool->submit(make_projects_page_job(ctx, page + 1));
    };
    return job;
}

// The access token lives two hours; the cron wrapper hands us a refresh token.
Job make_refresh_job(Context& ctx, const std::string& client_id, const std::string& secret,
                     const std::string& refresh_token) {
    Job job;
    job.req.method = "POST";
    job.req.url = std::string(kLoginBase) + "/oauth/token";
    job.req.headers["Content-Type"] = "application/json";
    job.req.body = json{{"grant_type", "refresh_token"},
                        {"client_id", client_id},
                        {"client_secret", secret},
                        {"refresh_token", refresh_token}}
                       .dump();
    job.on_done = [&ctx](const HttpResult& res) {
        const json tok = json::parse(res.body, nullptr, false);
        if (res.status == 200 && tok.contains("access_token")) ctx.token = tok["access_token"].get<std::string>();
    };
    return job;
}

}  // namespace

int main() {
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* client = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !rt || !client || !secret) {
        std::cerr << "missing PROCORE_* environment\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    Context ctx;
    ctx.company_id = std::stoll(cid);
    JobPool pool(4);
    ctx.pool = &pool;

    pool.submit(make_refresh_job(ctx, client, secret, rt));
    pool.wait_idle();
    if (ctx.token.empty()) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    pool.submit(make_projects_page_job(ctx, 1));
    pool.wait_idle();
    pool.stop();

    std::cout << "stored " << ctx.rfis.size() << " open RFIs\n";
    std::cout << "review them at https://app.procore.com/" << ctx.company_id << "/company/home\n";
    curl_global_cleanup();
    return 0;
}
