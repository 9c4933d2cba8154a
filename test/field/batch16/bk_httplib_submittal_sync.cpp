// bk_httplib_submittal_sync.cpp - nightly submittal sync for the precon dashboard.
//
// Producers describe requests as RequestSpec values and push them on a work
// queue; a fixed set of std::async workers drain the queue, retry transient
// failures with exponential backoff, and hand each result back through the
// std::promise that travels with the job.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kTokenBase = "https://api.procore.com";
constexpr int kPerPage = 50;
constexpr int kWorkers = 3;
constexpr int kMaxRetries = 4;

struct RequestSpec {
    std::string base;
    std::string method = "GET";
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
    std::string content_type;
    httplib::Params form;
};

struct Outcome {
    int status = 0;
    std::string body;
};

struct QueuedJob {
    RequestSpec spec;
    std::promise<Outcome> done;
};

class Dispatcher {
  public:
    Dispatcher() {
        for (int i = 0; i < kWorkers; ++i)
            workers_.push_back(std::async(std::launch::async, [this] { drain(); }));
    }
    ~Dispatcher() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            closed_ = true;
        }
        cv_.notify_all();
        for (auto& w : workers_) w.wait();
    }

    std::future<Outcome> enqueue(RequestSpec spec) {
        auto job = std::make_unique<QueuedJob>();
        job->spec = std::move(spec);
        auto fut = job->done.get_future();
        {
            std::lock_guard<std::mutex> lk(mu_);
            queue_.push_back(std::move(job));
        }
        cv_.notify_one();
        return fut;
    }

  private:
    static httplib::Result send_once(const RequestSpec& s) {
        httplib::Client cli(s.base);
        cli.set_connection_timeout(10);
        cli.set_read_timeout(60);
        const httplib::Headers h(s.headers.begin(), s.headers.end());
        if (s.method == "POST" && !s.form.empty()) return cli.Post(s.path, h, s.form);
        if (s.method == "POST") return cli.Post(s.path, h, s.body, s.content_type.c_str());
        return cli.Get(s.path, h);
    }

    static Outcome send_with_retry(const RequestSpec& s) {
        for (int attempt = 0;; ++attempt) {
            auto res = send_once(s);
            const int status = res ? res->status : 0;
            const bool retry = status == 0 || status == 429 || status >= 500;
            if (!retry || attempt >= kMaxRetries) return {status, res ? res->body : std::string()};
            std::this_thread::sleep_for(std::chrono::seconds(1) * (1 << attempt));
        }
    }

    void drain() {
        for (;;) {
            std::unique_ptr<QueuedJob> job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return closed_ || !queue_.empty(); });
                if (queue_.empty()) return;
                job = std::move(queue_.front());
                queue_.pop_front();
            }
            job->done.set_value(send_with_retry(job->spec));
        }
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::unique_ptr<QueuedJob>> queue_;
    std::vector<std::future<void>> workers_;
    bool closed_ = false;
};

struct Session {
    std::string token;
    int64_t company_id = 0;
};

struct SubmittalRow {
    int64_t id = 0;
    int64_t project_id = 0;
    int64_t vendor_id = 0;
    std::string title;
    std::string status;
};

Json::Value parse_json(const std::string& text) {
    Json::Value root;
    Json::CharReaderBuilder rb;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(rb, in, &root, &errs)) return Json::Value();
    return root;
}

RequestSpec token_refresh_spec(const std::string& client_id, const std::string& secret, const std::string& refresh) {
    RequestSpec s;
    s.base = kTokenBase;
    s.method = "POST";
    s.path = "/oauth/token";
    s.form = {{"grant_type", "refresh_token"},
              {"client_id", client_id},
              {"client_secret", secret},
              {"refresh_token", refresh}};
    return s;
}

RequestSpec me_spec(const Session& ss) {
    RequestSpec s;
    s.base = kApiBase;
    s.path = "/rest/v1.0/me";
    s.headers["Authorization"] = "Bearer " + ss.token;
    return s;
}

RequestSpec projects_spec(const Session& ss) {
    RequestSpec s;
    s.base = kApiBase;
    s.path = "/rest/v1.0/companies/" + std::to_string(ss.company_id) + "/projects";
    s.headers = {{"Authorization", "Bearer " + ss.token},
                 {"Procore-Company-Id", std::to_string(ss.company_id)}};
    return s;
}

RequestSpec submittals_page_spec(const Session& ss, int64_t project_id, int page) {
    RequestSpec s;
    s.base = kApiBase;
    s.path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals?page=" + std::to_string(page) +
             "&per_page=" + std::to_string(kPerPage);
    s.headers = {{"Authorization", "Bearer " + ss.token},
                 {"Procore-Company-Id", std::to_string(ss.company_id)}};
    return s;
}

// Approver list is only on the detail endpoint.
RequestSpec submittal_detail_spec(const Session& ss, const SubmittalRow& row) {
    RequestSpec s;
    s.base = kApiBase;
    s.path = "/rest/v1.0/projects/" + std::to_string(row.project_id) + "/submittals/" + std::to_string(row.id);
    s.headers = {{"Authorization", "Bearer " + ss.token},
                 {"Procore-CompanyId", std::to_string(ss.company_id)}};
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const char* env_company = std::getenv("PROCORE_COMPANY_ID");
    if (!env_company) {
        std::cerr << "PROCORE_COMPANY_ID not set; see https://support.procore.com/faq/how-do-i-find-my-company-id\n";
        return 2;
    }
    const int only_project = argc > 1 ? std::atoi(argv[1]) : 0;

    Session ss;
    ss.company_id = std::stoll(env_company);
    Dispatcher pool;

    auto tok = pool.enqueue(token_refresh_spec(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                                               std::getenv("PROCORE_REFRESH_TOKEN")))
                   .get();
    ss.token = parse_json(tok.body)["access_token"].asString();
    if (tok.status != 200 || ss.token.empty()) {
        std::cerr << "refresh failed: HTTP " << tok.status << "\n";
        return 1;
    }

    const Json::Value me = parse_json(pool.enqueue(me_spec(ss)).get().body);
    std::cout << "syncing as " << me["login"].asString() << "\n";

    const Json::Value projects = parse_json(pool.enqueue(projects_spec(ss)).get().body);
    std::vector<SubmittalRow> rows;
    for (const auto& p : projects) {
        const int64_t pid = p["id"].asInt64();
        if (only_project != 0 && pid != only_project) continue;
        for (int page = 1;; ++page) {
            const Outcome out = pool.enqueue(submittals_page_spec(ss, pid, page)).get();
            if (out.status != 200) break;
            const Json::Value batch = parse_json(out.body);
            for (const auto& s : batch) {
                SubmittalRow row;
                row.id = s["id"].asInt64();
                row.project_id = pid;
                row.vendor_id = s["responsible_contractor"]["id"].asInt();
                row.title = s["title"].asString();
                row.status = s["status"]["name"].asString();
                rows.push_back(row);
            }
            if (static_cast<int>(batch.size()) < kPerPage) break;
        }
    }

    std::vector<std::pair<const SubmittalRow*, std::future<Outcome>>> details;
    for (const auto& row : rows)
        if (row.status == "Open") details.emplace_back(&row, pool.enqueue(submittal_detail_spec(ss, row)));
    for (auto& d : details) {
        const Outcome out = d.second.get();
        const Json::Value full = parse_json(out.body);
        std::cout << d.first->title << " approvers=" << full["approvers"].size() << "  https://app.procore.com/"
                  << d.first->project_id << "/project/submittals/" << d.first->id << "\n";
    }
    std::cout << rows.size() << " submittals synced\n";
    return 0;
}
