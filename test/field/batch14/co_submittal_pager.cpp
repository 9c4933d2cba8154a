// co_submittal_pager.cpp - export a project's submittal log to CSV.
//
// Pages are produced by a C++20 generator (co_yield one page per request);
// the exporter just iterates. Talks to the Procore developer sandbox while
// the CSV layout is being agreed with document control.
//
//   co_submittal_pager <company_id> <project_id> [out.csv]
//   env: PROCORE_SANDBOX_REFRESH_TOKEN, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET
#include <curl/curl.h>
#include <json/json.h>

#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// ---- minimal generator<T> ----------------------------------------------
template <class T>
class generator {
public:
    struct promise_type {
        T* current = nullptr;
        std::exception_ptr error;
        generator get_return_object() {
            return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        std::suspend_always yield_value(T& v) noexcept {
            current = std::addressof(v);
            return {};
        }
        void return_void() noexcept {}
        void unhandled_exception() { error = std::current_exception(); }
    };
    using handle = std::coroutine_handle<promise_type>;

    struct sentinel {};
    struct iterator {
        handle h;
        iterator& operator++() {
            h.resume();
            if (h.done() && h.promise().error) std::rethrow_exception(h.promise().error);
            return *this;
        }
        T& operator*() const { return *h.promise().current; }
        bool operator==(sentinel) const { return !h || h.done(); }
    };

    explicit generator(handle h) : h_(h) {}
    generator(generator&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    generator(const generator&) = delete;
    ~generator() { if (h_) h_.destroy(); }

    iterator begin() {
        h_.resume();
        if (h_.done() && h_.promise().error) std::rethrow_exception(h_.promise().error);
        return iterator{h_};
    }
    sentinel end() { return {}; }

private:
    handle h_;
};

// ---- HTTP --------------------------------------------------------------
static const std::string kApiBase = "https://sandbox.procore.com";
static const std::string kTokenUrl = "https://sandbox.procore.com/oauth/token";
static const char* kHelpUrl = "https://developers.procore.com/reference/rest/submittals";

struct HttpResult {
    long status = 0;
    std::string body;
};

static size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

// Sends one request; caller owns the header list it passes in.
static HttpResult send(const std::string& url, curl_slist* headers,
                       const std::string* form = nullptr) {
    HttpResult r;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    if (form) curl_easy_setopt(h, CURLOPT_POSTFIELDS, form->c_str());
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_cleanup(h);
    return r;
}

static Json::Value parse(const std::string& s) {
    Json::Value v;
    Json::CharReaderBuilder b;
    std::istringstream in(s);
    std::string errs;
    if (!Json::parseFromStream(b, in, &v, &errs)) throw std::runtime_error("bad json: " + errs);
    return v;
}

struct Ctx {
    std::string token;
    std::int64_t company_id = 0;
};

static curl_slist* procore_headers(const Ctx& c, bool with_company) {
    curl_slist* l = nullptr;
    l = curl_slist_append(l, ("Authorization: Bearer " + c.token).c_str());
    l = curl_slist_append(l, "Accept: application/json");
    if (with_company)
        l = curl_slist_append(l, ("Procore-Company-Id: " + std::to_string(c.company_id)).c_str());
    return l;
}

static std::string sandbox_token() {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_SANDBOX_REFRESH_TOKEN");
    if (!id || !secret || !refresh) throw std::runtime_error("sandbox credentials not set");
    std::string form = std::string("grant_type=refresh_token&client_id=") + id +
                       "&client_secret=" + secret + "&refresh_token=" + refresh;
    HttpResult r = send(kTokenUrl, nullptr, &form);
    if (r.status != 200) throw std::runtime_error("token: HTTP " + std::to_string(r.status));
    return parse(r.body)["access_token"].asString();
}

// ---- pages -------------------------------------------------------------
struct Row {
    std::int64_t id = 0;
    std::string number;
    std::string title;
    std::string status;
    std::int64_t vendor_id = 0;
};

generator<std::vector<Row>> submittal_pages(const Ctx& c, long project_id, int per_page) {
    for (int page = 1;; ++page) {
        std::string url = kApiBase + "/rest/v1.1/projects/" + std::to_string(project_id) +
                          "/submittals?page=" + std::to_string(page) +
                          "&per_page=" + std::to_string(per_page);
        curl_slist* hdrs = procore_headers(c, true);
        HttpResult r = send(url, hdrs);
        curl_slist_free_all(hdrs);
        if (r.status != 200) throw std::runtime_error("submittals: HTTP " + std::to_string(r.status));

        Json::Value arr = parse(r.body);
        std::vector<Row> rows;
        for (const auto& s : arr) {
            Row row;
            row.id = s["id"].asInt();
            row.number = s["number"].asString();
            row.title = s["title"].asString();
            row.status = s["status"]["name"].asString();
            if (s.isMember("responsible_contractor") && !s["responsible_contractor"].isNull())
                row.vendor_id = s["responsible_contractor"]["id"].asInt64();
            rows.push_back(std::move(row));
        }
        const bool last = static_cast<int>(arr.size()) < per_page;
        co_yield rows;
        if (last) co_return;
    }
}

static std::string vendor_name(const Ctx& c, std::int64_t vendor_id) {
    std::string url = kApiBase + "/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                      "?company_id=" + std::to_string(c.company_id);
    curl_slist* hdrs = procore_headers(c, false);
    HttpResult r = send(url, hdrs);
    curl_slist_free_all(hdrs);
    if (r.status != 200) return "";
    return parse(r.body)["name"].asString();
}

static bool company_visible(const Ctx& c) {
    curl_slist* hdrs = procore_headers(c, false);
    HttpResult r = send(kApiBase + "/rest/v1.0/companies", hdrs);
    curl_slist_free_all(hdrs);
    for (const auto& co : parse(r.body))
        if (co["id"].asInt64() == c.company_id) return true;
    return false;
}

static std::string csv(const std::string& s) {
    std::string o = "\"";
    for (char ch : s) o += (ch == '"') ? std::string("\"\"") : std::string(1, ch);
    return o + "\"";
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <company_id> <project_id> [out.csv]\nsee %s\n",
                     argv[0], kHelpUrl);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Ctx c;
    c.company_id = std::strtoll(argv[1], nullptr, 10);
    long project_id = std::strtol(argv[2], nullptr, 10);
    std::ofstream out(argc > 3 ? argv[3] : "submittals.csv");

    try {
        c.token = sandbox_token();
        if (!company_visible(c)) {
            std::fprintf(stderr, "company %lld not visible to this token\n",
                         static_cast<long long>(c.company_id));
            return 1;
        }
        out << "id,number,title,status,responsible_contractor\n";
        int total = 0;
        for (auto& rows : submittal_pages(c, project_id, 100)) {
            for (const auto& row : rows) {
                std::string vendor = row.vendor_id ? vendor_name(c, row.vendor_id) : "";
                out << row.id << ',' << csv(row.number) << ',' << csv(row.title) << ','
                    << csv(row.status) << ',' << csv(vendor) << '\n';
                ++total;
            }
        }
        std::printf("%d submittals written\n", total);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "export failed: %s\n", e.what());
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
