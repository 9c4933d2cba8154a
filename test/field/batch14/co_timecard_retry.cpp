// co_timecard_retry.cpp
//
// payroll-bridge: copies yesterday's approved Procore timecard entries into
// the payroll service. All HTTP goes through one libcurl multi handle driven
// by a tiny event loop; coroutines co_await requests and retry back-offs.
//
//   co_timecard_retry /etc/payroll-bridge.conf [YYYY-MM-DD]
#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kTokenUrl = "https://api.procore.com/oauth/token";
constexpr const char* kApi = "https://api.procore.com";
constexpr const char* kPayroll = "https://payroll.internal.example.net/api/hours";

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;
    CURLcode rc = CURLE_OK;
    std::string body;
};

// ---- event loop over CURLM ------------------------------------------------
class Loop {
public:
    struct Op {
        HttpRequest req;
        HttpResponse res;
        curl_slist* hdrs = nullptr;
        std::coroutine_handle<> waiter;
    };

    Loop() : multi_(curl_multi_init()) {}
    ~Loop() { curl_multi_cleanup(multi_); }

    void start(Op* op) {
        CURL* e = curl_easy_init();
        for (const auto& h : op->req.headers) op->hdrs = curl_slist_append(op->hdrs, h.c_str());
        curl_easy_setopt(e, CURLOPT_URL, op->req.url.c_str());
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, op->req.method.c_str());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, op->hdrs);
        if (!op->req.body.empty()) curl_easy_setopt(e, CURLOPT_POSTFIELDS, op->req.body.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* ud) {
            static_cast<std::string*>(ud)->append(p, s * n);
            return s * n;
        });
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &op->res.body);
        curl_easy_setopt(e, CURLOPT_PRIVATE, op);
        curl_multi_add_handle(multi_, e);
        ++inflight_;
    }

    void at(Clock::time_point when, std::coroutine_handle<> h) { timers_.emplace(when, h); }

    void run() {
        while (inflight_ > 0 || !timers_.empty()) {
            int running = 0;
            curl_multi_perform(multi_, &running);
            int left = 0;
            while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
                if (m->msg != CURLMSG_DONE) continue;
                Op* op = nullptr;
                curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &op);
                curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &op->res.status);
                op->res.rc = m->data.result;
                curl_multi_remove_handle(multi_, m->easy_handle);
                curl_easy_cleanup(m->easy_handle);
                curl_slist_free_all(op->hdrs);
                --inflight_;
                op->waiter.resume();
            }
            while (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
                auto h = timers_.begin()->second;
                timers_.erase(timers_.begin());
                h.resume();
            }
            curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
        }
    }

private:
    CURLM* multi_;
    int inflight_ = 0;
    std::multimap<Clock::time_point, std::coroutine_handle<>> timers_;
};

struct fetch {
    Loop& loop;
    Loop::Op op;
    fetch(Loop& l, HttpRequest r) : loop(l) { op.req = std::move(r); }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { op.waiter = h; loop.start(&op); }
    HttpResponse await_resume() { return std::move(op.res); }
};

struct sleep_for {
    Loop& loop;
    std::chrono::milliseconds d;
    bool await_ready() const noexcept { return d.count() <= 0; }
    void await_suspend(std::coroutine_handle<> h) { loop.at(Clock::now() + d, h); }
    void await_resume() const noexcept {}
};

// ---- task<T> --------------------------------------------------------------
template <class T>
struct task {
    struct promise_type {
        std::optional<T> v;
        std::exception_ptr ex;
        std::coroutine_handle<> next;
        task get_return_object() { return task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        struct fin {
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
                return h.promise().next ? h.promise().next : std::noop_coroutine();
            }
            void await_resume() noexcept {}
        };
        fin final_suspend() noexcept { return {}; }
        void return_value(T x) { v = std::move(x); }
        void unhandled_exception() { ex = std::current_exception(); }
    };
    std::coroutine_handle<promise_type> h;
    explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
    task(task&& o) noexcept : h(std::exchange(o.h, {})) {}
    ~task() { if (h) h.destroy(); }
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) { h.promise().next = c; return h; }
    T await_resume() {
        if (h.promise().ex) std::rethrow_exception(h.promise().ex);
        return std::move(*h.promise().v);
    }
};

// Retries transport errors, 429 and 5xx with exponential back-off.
task<HttpResponse> with_retry(Loop& loop, HttpRequest req, int attempts = 5) {
    std::chrono::milliseconds backoff{500};
    for (int i = 1;; ++i) {
        HttpResponse r = co_await fetch(loop, req);
        bool transient = r.rc != CURLE_OK || r.status == 429 || r.status >= 500;
        if (!transient || i == attempts) co_return r;
        co_await sleep_for{loop, backoff};
        backoff *= 2;
    }
}

// ---- payroll bridge -------------------------------------------------------
struct Config {
    std::string client_id, client_secret, refresh_token, payroll_key;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
};

struct Entry {
    std::int64_t id = 0;
    std::int64_t party_id = 0;
    std::int64_t cost_code_id = 0;
    double hours = 0;
    std::string date;
};

static HttpRequest procore_get(const Config& c, const std::string& token, std::string url) {
    HttpRequest r;
    r.url = std::move(url);
    r.headers = {"Authorization: Bearer " + token, "Accept: application/json",
                 fmt::format("procore-company-id: {}", c.company_id)};
    return r;
}

task<std::string> access_token(Loop& loop, const Config& c) {
    HttpRequest r{"POST", kTokenUrl, {"Content-Type: application/x-www-form-urlencoded"},
                  fmt::format("grant_type=refresh_token&client_id={}&client_secret={}&refresh_token={}",
                              c.client_id, c.client_secret, c.refresh_token)};
    HttpResponse res = co_await with_retry(loop, std::move(r));
    if (res.status != 200) throw std::runtime_error(fmt::format("token: HTTP {}", res.status));
    co_return json::parse(res.body).at("access_token").get<std::string>();
}

task<std::string> employee_number(Loop& loop, const Config& c, const std::string& token,
                                  std::int64_t user_id) {
    HttpRequest r;
    r.url = fmt::format("{}/rest/v1.0/companies/{}/users/{}", kApi, c.company_id, user_id);
    r.headers = {"Authorization: Bearer " + token};
    HttpResponse res = co_await with_retry(loop, std::move(r));
    if (res.status != 200) co_return std::string();
    co_return json::parse(res.body).value("employee_id", std::string());
}

task<int> bridge(Loop& loop, Config c, std::string day) {
    std::string token = co_await access_token(loop, c);
    auto list_req = procore_get(c, token,
        fmt::format("{}/rest/v1.0/projects/{}/timecard_entries?filters[date]={}&filters[status]=approved",
                    kApi, c.project_id, day));
    HttpResponse res = co_await with_retry(loop, std::move(list_req));
    if (res.status != 200) throw std::runtime_error(fmt::format("timecards: HTTP {}", res.status));

    int posted = 0;
    for (const auto& j : json::parse(res.body)) {
        Entry e;
        e.id = j.at("id").get<std::int64_t>();
        e.party_id = j.at("party").at("id").get<std::int64_t>();
        e.cost_code_id = j.value("cost_code", json::object()).value("id", json(0)).get<int>();
        e.hours = j.value("hours", 0.0);
        e.date = j.value("date", day);

        std::string emp = co_await employee_number(loop, c, token, e.party_id);
        if (emp.empty()) {
            std::fprintf(stderr, "no employee number for user %d, entry skipped\n",
                         static_cast<int>(e.party_id));
            continue;
        }
        HttpRequest p{"POST", kPayroll,
                      {"Content-Type: application/json", "X-Api-Key: " + c.payroll_key},
                      json{{"employee", emp}, {"date", e.date}, {"hours", e.hours},
                           {"cost_code_id", e.cost_code_id}, {"source_ref", e.id}}.dump()};
        HttpResponse pr = co_await with_retry(loop, std::move(p));
        if (pr.status / 100 == 2) ++posted;
    }
    co_return posted;
}

static Config load(const char* path) {
    Config c;
    auto j = json::parse(std::ifstream(path));
    c.client_id = j.at("client_id");
    c.client_secret = j.at("client_secret");
    c.refresh_token = j.at("refresh_token");
    c.payroll_key = j.at("payroll_key");
    c.company_id = j.at("company_id").get<std::int64_t>();
    c.project_id = std::stoi(j.at("project_id").get<std::string>());
    return c;
}

static std::string yesterday() {
    std::time_t t = std::time(nullptr) - 24 * 60 * 60;
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
    return buf;
}

struct root {
    struct promise_type {
        root get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_ALL);
    Config cfg = load(argc > 1 ? argv[1] : "/etc/payroll-bridge.conf");
    std::string day = argc > 2 ? argv[2] : yesterday();
    Loop loop;
    int rc = 0;
    [](Loop& l, Config c, std::string d, int& rc) -> root {
        try {
            int n = co_await bridge(l, std::move(c), std::move(d));
            std::printf("%d timecard entries posted to payroll\n", n);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "payroll-bridge: %s\n", e.what());
            rc = 1;
        }
    }(loop, cfg, day, rc);
    loop.run();
    curl_global_cleanup();
    return rc;
}
