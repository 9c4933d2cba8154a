// fu_submittal_fetcher: pulls open submittals for every active project of a
// company and writes a CSV digest for the preconstruction team.
//
// Build: see CMakeLists in tools/digest. Runs nightly from cron.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace cfg {
const char* const kApiBase = "https://api.procore.com";
const char* const kLoginBase = "https://login.procore.com";
const char* const kWebBase = "https://app.procore.com";
constexpr int kWorkers = 6;
constexpr int kPerPage = 100;
}  // namespace cfg

struct Response {
    int status = 0;
    std::string body;
};

// Small fixed-size pool; tasks are packaged so callers get a future back.
class ThreadPool {
public:
    explicit ThreadPool(int n) {
        for (int i = 0; i < n; ++i)
            workers_.emplace_back([this] { run(); });
    }
    ~ThreadPool() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : workers_) t.join();
    }
    template <class F>
    auto submit(F fn) -> std::future<decltype(fn())> {
        using R = decltype(fn());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        auto fut = task->get_future();
        {
            std::lock_guard<std::mutex> lk(mu_);
            q_.emplace([task] { (*task)(); });
        }
        cv_.notify_one();
        return fut;
    }

private:
    void run() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return stop_ || !q_.empty(); });
                if (stop_ && q_.empty()) return;
                job = std::move(q_.front());
                q_.pop();
            }
            job();
        }
    }
    std::vector<std::thread> workers_;
    std::queue<std::function<void()>> q_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
};

// then(): chain a continuation on a future without blocking the caller.
template <class T, class F>
auto then(std::future<T> fut, F fn) {
    return std::async(std::launch::async,
                      [f = std::move(fut), fn]() mutable { return fn(f.get()); });
}

Response with_retry(const std::function<Response()>& call, int attempts = 4) {
    auto delay = std::chrono::milliseconds(250);
    Response last;
    for (int i = 0; i < attempts; ++i) {
        last = call();
        if (last.status != 429 && last.status < 500 && last.status != 0) return last;
        std::this_thread::sleep_for(delay);
        delay *= 2;
    }
    return last;
}

struct ProjectRef {
    int64_t id;
    std::string name;
};

struct SubmittalRow {
    int64_t project_id;
    int64_t id;
    std::string title;
    std::string status;
    int revision;
};

static std::string g_token;
static int64_t g_company_id = 0;

static httplib::Headers api_headers() {
    return {{"Authorization", "Bearer " + g_token},
            {"Procore-Company-Id", std::to_string(g_company_id)}};
}

static bool refresh_access_token(const std::string& client_id, const std::string& secret,
                                 const std::string& refresh) {
    httplib::Client auth(cfg::kLoginBase);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", client_id},
                         {"client_secret", secret},
                         {"refresh_token", refresh}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    g_token = json::parse(res->body).value("access_token", "");
    return !g_token.empty();
}

static std::string whoami() {
    httplib::Client cli(cfg::kApiBase);
    auto res = cli.Get("/rest/v1.0/me", {{"Authorization", "Bearer " + g_token}});
    if (!res || res->status != 200) return "?";
    return json::parse(res->body).value("login", "?");
}

static std::vector<ProjectRef> list_projects() {
    httplib::Client cli(cfg::kApiBase);
    std::string path = "/rest/v1.0/projects?company_id=" + std::to_string(g_company_id);
    auto res = cli.Get(path, api_headers());
    std::vector<ProjectRef> out;
    if (!res || res->status != 200) return out;
    for (auto& p : json::parse(res->body))
        out.push_back({p.at("id").get<int64_t>(), p.value("name", "")});
    return out;
}

static std::vector<SubmittalRow> fetch_submittals(const ProjectRef& project) {
    std::vector<SubmittalRow> rows;
    for (int page = 1;; ++page) {
        auto resp = with_retry([project, page]() {
            httplib::Client cli(cfg::kApiBase);
            cli.set_read_timeout(30, 0);
            std::string path = "/rest/v1.0/projects/" + std::to_string(project.id) +
                               "/submittals?page=" + std::to_string(page) +
                               "&per_page=" + std::to_string(cfg::kPerPage);
            auto r = cli.Get(path, api_headers());
            return r ? Response{r->status, r->body} : Response{};
        });
        if (resp.status != 200) break;
        auto arr = json::parse(resp.body);
        for (auto& s : arr) {
            SubmittalRow row;
            row.project_id = project.id;
            row.id = s.at("id").get<int>();
            row.title = s.value("title", "");
            row.status = s.contains("status") ? s["status"].value("name", "") : "";
            row.revision = s.value("revision", 0);
            rows.push_back(row);
        }
        if (static_cast<int>(arr.size()) < cfg::kPerPage) break;
    }
    return rows;
}

// Approvers are fetched separately because the list endpoint omits them.
static std::string fetch_ball_in_court(int64_t project_id, int64_t submittal_id) {
    auto resp = with_retry([project_id, submittal_id]() {
        httplib::Client cli(cfg::kApiBase);
        std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) +
                           "/submittals/" + std::to_string(submittal_id);
        httplib::Headers h{{"Authorization", "Bearer " + g_token},
                           {"Accept", "application/json"}};
        auto r = cli.Get(path, h);
        return r ? Response{r->status, r->body} : Response{};
    });
    if (resp.status != 200) return "";
    auto j = json::parse(resp.body, nullptr, false);
    if (j.is_discarded() || !j.contains("ball_in_court")) return "";
    std::string names;
    for (auto& u : j["ball_in_court"]) names += u.value("name", "") + ";";
    return names;
}

int main(int argc, char** argv) {
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !refresh) {
        std::cerr << "PROCORE_COMPANY_ID and PROCORE_REFRESH_TOKEN required\n";
        return 2;
    }
    g_company_id = std::stoll(cid);
    if (!refresh_access_token(std::getenv("PROCORE_CLIENT_ID") ?: "",
                              std::getenv("PROCORE_CLIENT_SECRET") ?: "", refresh)) {
        std::cerr << "token refresh failed\n";
        return 1;
    }
    std::cerr << "running as " << whoami() << "\n";

    ThreadPool pool(cfg::kWorkers);
    std::vector<std::future<std::vector<SubmittalRow>>> pending;
    for (const auto& p : list_projects())
        pending.push_back(pool.submit([p] { return fetch_submittals(p); }));

    std::ofstream csv(argc > 1 ? argv[1] : "submittals.csv");
    csv << "project,submittal,title,status,rev,ball_in_court,link\n";
    for (auto& f : pending) {
        auto rows = f.get();
        std::vector<std::future<std::string>> bic;
        for (const auto& r : rows)
            bic.push_back(then(pool.submit([r] { return r; }), [](SubmittalRow row) {
                return fetch_ball_in_court(row.project_id, row.id);
            }));
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            csv << r.project_id << ',' << r.id << ",\"" << r.title << "\"," << r.status << ','
                << r.revision << ',' << bic[i].get() << ',' << cfg::kWebBase << '/'
                << g_company_id << "/project/submittal_logs?project_id=" << r.project_id
                << '\n';
        }
    }
    return 0;
}
