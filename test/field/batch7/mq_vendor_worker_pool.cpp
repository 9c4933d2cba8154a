// vendor_worker_pool.cpp - keeps the accounting bridge's vendor directory in
// step with Procore. A producer turns the nightly diff into jobs, a small pool
// of worker threads drains the queue through one transport function.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr const char* kApiHost = "https://api.procore.com";
constexpr const char* kAuthHost = "https://api.procore.com";
constexpr const char* kSlackPath = "/services/T000/B000/XXXX";
constexpr int kWorkers = 3;
constexpr int kMaxAttempts = 4;

enum class Method { Get, Patch };

struct Job {
    Method method = Method::Get;
    std::string path;
    httplib::Params query;
    httplib::Headers headers;
    std::string payload;
    int attempts = 0;
};

struct VendorRecord {
    std::string name;
    std::string abbreviated_name;
    bool is_active = true;
};

class JobQueue {
public:
    void push(Job job) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            jobs_.push(std::move(job));
            ++outstanding_;
        }
        cv_.notify_one();
    }

    std::optional<Job> pop() {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return !jobs_.empty() || outstanding_ == 0; });
        if (jobs_.empty()) return std::nullopt;
        Job j = std::move(jobs_.front());
        jobs_.pop();
        return j;
    }

    void done() {
        std::lock_guard<std::mutex> lk(mu_);
        if (--outstanding_ == 0) cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::queue<Job> jobs_;
    int outstanding_ = 0;
};

std::string g_token;
std::int64_t g_company_id = 0;
JobQueue g_queue;
std::mutex g_cache_mu;
std::unordered_map<int, VendorRecord> g_vendor_cache;
std::atomic<int> g_failures{0};

httplib::Headers companyHeaders() {
    return {{"Authorization", "Bearer " + g_token},
            {"Procore-Company-Id", std::to_string(g_company_id)},
            {"Accept", "application/json"}};
}

httplib::Result transport(httplib::Client& cli, const Job& job) {
    if (job.method == Method::Patch)
        return cli.Patch(job.path, job.headers, job.payload, "application/json");
    return cli.Get(job.path, job.query, job.headers);
}

bool fetchToken(const std::string& clientId, const std::string& secret, const std::string& refresh) {
    httplib::Client auth(kAuthHost);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", clientId},
                         {"client_secret", secret},
                         {"refresh_token", refresh}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    g_token = json::parse(res->body).value("access_token", "");
    return !g_token.empty();
}

void cacheVendors(const std::string& body) {
    auto arr = json::parse(body, nullptr, false);
    if (!arr.is_array()) return;
    std::lock_guard<std::mutex> lk(g_cache_mu);
    for (const auto& v : arr) {
        VendorRecord rec;
        rec.name = v.value("name", "");
        rec.abbreviated_name = v.value("abbreviated_name", "");
        rec.is_active = v.value("is_active", true);
        g_vendor_cache[v["id"].get<int>()] = rec;
    }
}

void workerLoop(int workerNo) {
    httplib::Client cli(kApiHost);
    cli.set_read_timeout(30, 0);
    while (auto job = g_queue.pop()) {
        auto res = transport(cli, *job);
        int status = res ? res->status : 0;
        if (status >= 200 && status < 300) {
            if (job->method == Method::Get) cacheVendors(res->body);
        } else if (++job->attempts < kMaxAttempts) {
            Job retry = *job;
            if (status == 429) {
                std::this_thread::sleep_for(std::chrono::seconds(2 * retry.attempts));
            } else if (status >= 500) {
                // big vendor pages time out on the API side: halve the page
                auto it = retry.query.find("per_page");
                if (it != retry.query.end()) {
                    int per = std::atoi(it->second.c_str());
                    it->second = std::to_string(per > 25 ? per / 2 : 25);
                }
            }
            g_queue.push(std::move(retry));
        } else {
            ++g_failures;
            std::cerr << "[w" << workerNo << "] giving up on " << job->path << " status " << status
                      << "\n";
        }
        g_queue.done();
    }
}

void enqueueCompanyVendors(int pages) {
    for (int page = 1; page <= pages; ++page) {
        Job job;
        job.path = "/rest/v1.0/vendors";
        job.query = {{"company_id", std::to_string(g_company_id)},
                     {"page", std::to_string(page)},
                     {"per_page", "100"}};
        job.headers = companyHeaders();
        g_queue.push(std::move(job));
    }
}

void enqueueProjectVendors(const std::vector<std::int64_t>& projectIds) {
    for (std::int64_t pid : projectIds) {
        Job job;
        job.path = "/rest/v1.0/projects/" + std::to_string(pid) + "/vendors";
        job.query = {{"per_page", "100"}};
        job.headers = companyHeaders();
        g_queue.push(std::move(job));
    }
}

// Deactivations coming from the ERP side (vendors closed in accounting).
void enqueueDeactivations(const json& erpDiff) {
    for (const auto& row : erpDiff["closed"]) {
        const std::int64_t vendorId = row["procore_vendor_id"].get<std::int64_t>();
        Job job;
        job.method = Method::Patch;
        job.path = "/rest/v1.0/vendors/" + std::to_string(vendorId);
        job.query = {{"company_id", std::to_string(g_company_id)}};
        job.headers = {{"Authorization", "Bearer " + g_token},
                       {"X-Procore-Company-Id", std::to_string(g_company_id)}};
        job.payload = json{{"company_id", g_company_id}, {"vendor", {{"is_active", false}}}}.dump();
        g_queue.push(std::move(job));
    }
}

bool checkCompanyAccess() {
    httplib::Client cli(kApiHost);
    auto res = cli.Get("/rest/v1.0/companies", {{"Authorization", "Bearer " + g_token}});
    if (!res || res->status != 200) return false;
    for (const auto& c : json::parse(res->body))
        if (c["id"].get<std::int64_t>() == g_company_id) return true;
    return false;
}

void postSummary(size_t cached, int failures) {
    httplib::Client slack("https://hooks.slack.com");
    json msg{{"text", "vendor sync: " + std::to_string(cached) + " cached, " +
                          std::to_string(failures) + " failed"}};
    slack.Post(kSlackPath, msg.dump(), "application/json");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vendor_worker_pool <company_id> <erp_diff.json> [project_id...]\n";
        return 2;
    }
    g_company_id = std::stoll(argv[1]);
    std::vector<std::int64_t> projects;
    for (int i = 3; i < argc; ++i) projects.push_back(std::stoll(argv[i]));

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* ref = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !sec || !ref || !fetchToken(cid, sec, ref)) {
        std::cerr << "token refresh failed\n";
        return 1;
    }
    if (!checkCompanyAccess()) {
        std::cerr << "token has no access to company " << g_company_id << "\n";
        return 1;
    }

    std::ifstream diffFile(argv[2]);
    json diff = json::parse(diffFile, nullptr, false);

    enqueueCompanyVendors(5);
    enqueueProjectVendors(projects);
    if (diff.is_object() && diff.contains("closed")) enqueueDeactivations(diff);

    std::vector<std::thread> pool;
    for (int w = 0; w < kWorkers; ++w) pool.emplace_back(workerLoop, w);
    for (auto& t : pool) t.join();

    postSummary(g_vendor_cache.size(), g_failures.load());
    return g_failures.load() == 0 ? 0 : 1;
}
