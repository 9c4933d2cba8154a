// fu_vendor_directory_pull: mirrors the company vendor directory (and each
// project's vendor list) from the monthly sandbox into our ERP staging CSVs.
// libcurl easy handles, one per request, driven from a small packaged_task pool.
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
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

static const char* kApi = "https://api-monthly.procore.com";
static const char* kLogin = "https://login-sandbox-monthly.procore.com";
static const char* kSlackHook = "https://hooks.slack.com/services/T000/B000/erp-sync";

struct HttpResult {
    long status = 0;
    std::string body;
};

static size_t sink(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

// Every GET in this tool goes through here; callers own the header list.
static HttpResult http_get(const std::string& url, const std::vector<std::string>& headers) {
    HttpResult out;
    CURL* h = curl_easy_init();
    if (!h) return out;
    struct curl_slist* hl = nullptr;
    for (const auto& line : headers) hl = curl_slist_append(hl, line.c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    return out;
}

static HttpResult retry(std::function<HttpResult()> fn, int attempts = 5) {
    HttpResult r;
    int sleep_ms = 500;
    while (attempts-- > 0) {
        r = fn();
        if (r.status == 200 || (r.status >= 400 && r.status < 500 && r.status != 429)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
        sleep_ms = std::min(sleep_ms * 2, 8000);
    }
    return r;
}

class Pool {
public:
    explicit Pool(unsigned n) {
        while (n--) threads_.emplace_back([this] { loop(); });
    }
    ~Pool() {
        { std::lock_guard<std::mutex> g(m_); done_ = true; }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
    }
    template <class R>
    std::future<R> post(std::function<R()> fn) {
        auto pt = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        std::future<R> f = pt->get_future();
        { std::lock_guard<std::mutex> g(m_); jobs_.push([pt] { (*pt)(); }); }
        cv_.notify_one();
        return f;
    }

private:
    void loop() {
        std::unique_lock<std::mutex> lk(m_);
        while (true) {
            cv_.wait(lk, [this] { return done_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            auto job = std::move(jobs_.front());
            jobs_.pop();
            lk.unlock();
            job();
            lk.lock();
        }
    }
    std::vector<std::thread> threads_;
    std::queue<std::function<void()>> jobs_;
    std::mutex m_;
    std::condition_variable cv_;
    bool done_ = false;
};

struct Auth {
    std::string bearer;
    int64_t company_id;
    std::string company_header() const { return "Procore-Company-Id: " + std::to_string(company_id); }
};

struct VendorRow {
    int64_t id;
    std::string name;
    std::string trade;
    bool is_active;
};

static bool token_still_valid(const Auth& a) {
    auto r = http_get(std::string(kLogin) + "/oauth/token/info", {a.bearer});
    return r.status == 200;
}

static std::vector<VendorRow> parse_vendors(const std::string& body) {
    std::vector<VendorRow> rows;
    rapidjson::Document d;
    d.Parse(body.c_str());
    if (d.HasParseError() || !d.IsArray()) return rows;
    for (auto& v : d.GetArray()) {
        VendorRow row;
        row.id = v["id"].GetInt64();
        row.name = v.HasMember("name") && v["name"].IsString() ? v["name"].GetString() : "";
        row.trade = v.HasMember("trade_name") && v["trade_name"].IsString()
                        ? v["trade_name"].GetString() : "";
        row.is_active = v.HasMember("is_active") && v["is_active"].IsTrue();
        rows.push_back(row);
    }
    return rows;
}

static std::vector<VendorRow> company_vendors(const Auth& a) {
    std::string url = std::string(kApi) + "/rest/v1.0/vendors?company_id=" +
                      std::to_string(a.company_id);
    auto r = retry([a, url] { return http_get(url, {a.bearer, a.company_header()}); });
    return r.status == 200 ? parse_vendors(r.body) : std::vector<VendorRow>{};
}

static std::vector<VendorRow> project_vendors(const Auth& a, int64_t project_id) {
    char url[256];
    std::snprintf(url, sizeof url, "%s/rest/v1.0/projects/%ld/vendors", kApi, project_id);
    std::string u(url);
    auto r = retry([a, u] { return http_get(u, {a.bearer, "Accept: application/json"}); });
    return r.status == 200 ? parse_vendors(r.body) : std::vector<VendorRow>{};
}

static std::vector<int64_t> active_projects(const Auth& a) {
    std::string url = std::string(kApi) + "/rest/v1.0/projects?company_id=" +
                      std::to_string(a.company_id) + "&filters[active]=true";
    auto r = retry([a, url] { return http_get(url, {a.bearer, a.company_header()}); });
    std::vector<int64_t> ids;
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (!d.IsArray()) return ids;
    for (auto& p : d.GetArray()) ids.push_back(p["id"].GetInt());
    return ids;
}

static void notify_slack(const std::string& text) {
    CURL* h = curl_easy_init();
    std::string payload = "{\"text\":\"" + text + "\"}";
    struct curl_slist* hl = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, kSlackHook);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(h);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
}

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    std::ifstream tf(std::string(std::getenv("HOME")) + "/.procore/monthly_token");
    std::string token;
    std::getline(tf, token);
    Auth auth{"Authorization: Bearer " + token, std::strtoll(std::getenv("PC_COMPANY"), nullptr, 10)};

    std::promise<bool> ok_promise;
    std::future<bool> ok = ok_promise.get_future();
    std::thread([&ok_promise, auth] { ok_promise.set_value(token_still_valid(auth)); }).detach();
    if (!ok.get()) {
        std::cerr << "token expired, run `pcauth login --monthly`\n";
        return 1;
    }

    Pool pool(std::thread::hardware_concurrency());
    auto company_f = pool.post<std::vector<VendorRow>>([auth] { return company_vendors(auth); });
    auto projects = active_projects(auth);

    std::vector<std::pair<int64_t, std::future<std::vector<VendorRow>>>> per_project;
    for (int64_t pid : projects)
        per_project.emplace_back(pid, pool.post<std::vector<VendorRow>>(
                                          [auth, pid] { return project_vendors(auth, pid); }));

    std::ofstream dir("erp_vendor_directory.csv");
    int active = 0;
    for (const auto& v : company_f.get()) {
        dir << v.id << ",\"" << v.name << "\"," << v.trade << ',' << v.is_active << '\n';
        active += v.is_active ? 1 : 0;
    }
    std::ofstream links("erp_project_vendors.csv");
    for (auto& [pid, f] : per_project)
        for (const auto& v : f.get()) links << pid << ',' << v.id << '\n';

    notify_slack("vendor pull done: " + std::to_string(active) + " active vendors, " +
                 std::to_string(projects.size()) + " projects");
    curl_global_cleanup();
    return 0;
}
