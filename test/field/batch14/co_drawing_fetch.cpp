// co_drawing_fetch.cpp
//
// Pulls the current revision PDF of every drawing in one drawing area into a
// local folder for the plotter room. QA runs it against the monthly sandbox.
//
// cpp-httplib is blocking, so each request runs on a worker thread and the
// coroutine resumes when it completes (http_call below).
//
//   co_drawing_fetch <company_id> <project_id> <drawing_area_id> <out_dir>
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>

#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

static const char* kLoginBase = "https://login-sandbox-monthly.procore.com";
static const char* kApiBase = "https://api-monthly.procore.com";
static const char* kWebBase = "https://app.procore.com";

// ---- request object: built by one coroutine, awaited by another ----------
struct http_call {
    std::function<httplib::Result()> send;
    std::optional<httplib::Result> result;

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
        std::thread([this, h] {
            result.emplace(send());
            h.resume();
        }).detach();
    }
    httplib::Result await_resume() { return std::move(*result); }
};

// ---- lazy<T> -------------------------------------------------------------
template <class T>
struct lazy {
    struct promise_type {
        std::optional<T> value;
        std::exception_ptr error;
        std::coroutine_handle<> waiter;
        lazy get_return_object() { return lazy{handle::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        auto final_suspend() noexcept {
            struct resume_waiter {
                bool await_ready() noexcept { return false; }
                std::coroutine_handle<> await_suspend(handle h) noexcept {
                    return h.promise().waiter ? h.promise().waiter : std::noop_coroutine();
                }
                void await_resume() noexcept {}
            };
            return resume_waiter{};
        }
        template <class U>
        void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
        void unhandled_exception() { error = std::current_exception(); }
    };
    using handle = std::coroutine_handle<promise_type>;

    explicit lazy(handle h) : h(h) {}
    lazy(lazy&& o) noexcept : h(std::exchange(o.h, {})) {}
    ~lazy() { if (h) h.destroy(); }

    bool await_ready() const noexcept { return false; }
    auto await_suspend(std::coroutine_handle<> w) noexcept { h.promise().waiter = w; return h; }
    T await_resume() {
        if (h.promise().error) std::rethrow_exception(h.promise().error);
        return std::move(*h.promise().value);
    }
    handle h;
};

struct Drawing {
    std::uint64_t id = 0;
    std::string number;
    std::string title;
};

struct Ctx {
    httplib::Client login{kLoginBase};
    httplib::Client api{kApiBase};
    std::string token;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::int32_t area_id = 0;

    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + token},
                {"Procore-Company-Id", std::to_string(company_id)}};
    }
};

static http_call get(httplib::Client& c, std::string path, httplib::Headers h) {
    return http_call{[&c, path = std::move(path), h = std::move(h)] { return c.Get(path, h); }};
}

static rapidjson::Document parse(const httplib::Result& r) {
    rapidjson::Document d;
    if (!r || r->status != 200) throw std::runtime_error("HTTP request failed");
    d.Parse(r->body.c_str());
    return d;
}

lazy<bool> sign_in(Ctx& c) {
    const char* refresh = std::getenv("PROCORE_MONTHLY_REFRESH_TOKEN");
    if (!refresh) co_return false;
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                         {"refresh_token", refresh}};
    auto r = co_await http_call{[&] { return c.login.Post("/oauth/token", form); }};
    if (!r || r->status != 200) co_return false;
    c.token = parse(r)["access_token"].GetString();
    auto me = co_await get(c.api, "/rest/v1.0/me", {{"Authorization", "Bearer " + c.token}});
    std::cerr << "signed in as " << parse(me)["login"].GetString() << "\n";
    co_return true;
}

lazy<std::string> project_name(Ctx& c) {
    httplib::Client web(kWebBase);
    auto r = co_await get(web, "/rest/v1.0/projects/" + std::to_string(c.project_id) +
                                   "?company_id=" + std::to_string(c.company_id),
                          c.headers());
    co_return std::string(parse(r)["name"].GetString());
}

lazy<std::vector<Drawing>> drawings_in_area(Ctx& c) {
    std::string path = "/rest/v1.1/drawing_areas/" + std::to_string(c.area_id) +
                       "/drawings?project_id=" + std::to_string(c.project_id);
    auto doc = parse(co_await get(c.api, path, c.headers()));
    std::vector<Drawing> out;
    for (const auto& d : doc.GetArray())
        out.push_back({d["id"].GetUint64(), d["number"].GetString(), d["title"].GetString()});
    co_return out;
}

// Returns the presigned PDF URL of the current revision, or "".
lazy<std::string> current_pdf_url(Ctx& c, const Drawing& d) {
    std::string path = "/rest/v1.0/projects/" + std::to_string(c.project_id) +
                       "/drawing_revisions?filters[drawing_id]=" + std::to_string(d.id) +
                       "&filters[current]=true";
    auto r = co_await get(c.api, path, {{"Authorization", "Bearer " + c.token}});
    auto doc = parse(r);
    if (!doc.IsArray() || doc.Empty()) co_return std::string();
    int revision_id = doc[0]["id"].GetInt();
    std::cerr << "  " << d.number << " rev " << revision_id << "\n";
    co_return std::string(doc[0]["pdf_url"].GetString());
}

// pdf_url points at storage.procore.com and is presigned: no auth headers.
lazy<bool> download(const std::string& url, const fs::path& dest) {
    auto scheme_end = url.find("://");
    auto path_start = url.find('/', scheme_end + 3);
    httplib::Client storage(url.substr(0, path_start));
    storage.set_follow_location(true);
    auto r = co_await http_call{[&] { return storage.Get(url.substr(path_start)); }};
    if (!r || r->status != 200) co_return false;
    std::ofstream(dest, std::ios::binary) << r->body;
    co_return true;
}

lazy<int> run(Ctx& c, fs::path out_dir) {
    if (!co_await sign_in(c)) throw std::runtime_error("monthly sandbox sign-in failed");
    std::string name = co_await project_name(c);
    std::cerr << "project " << name << ": " << kWebBase << "/" << c.project_id
              << "/project/drawing_log\n";
    int saved = 0;
    for (const auto& d : co_await drawings_in_area(c)) {
        std::string url = co_await current_pdf_url(c, d);
        if (url.empty()) continue;
        if (co_await download(url, out_dir / (d.number + ".pdf"))) ++saved;
    }
    co_return saved;
}

struct detached_runner {
    struct promise_type {
        detached_runner get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s <company_id> <project_id> <area_id> <out_dir>\n", argv[0]);
        return 2;
    }
    Ctx c;
    c.company_id = std::strtoll(argv[1], nullptr, 10);
    c.project_id = std::strtoll(argv[2], nullptr, 10);
    c.area_id = std::atoi(argv[3]);
    fs::create_directories(argv[4]);

    std::promise<int> done;
    auto fut = done.get_future();
    [](Ctx& c, fs::path dir, std::promise<int>& p) -> detached_runner {
        try { p.set_value(co_await run(c, std::move(dir))); }
        catch (...) { p.set_exception(std::current_exception()); }
    }(c, argv[4], done);
    try {
        std::printf("%d drawings saved\n", fut.get());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "drawing fetch failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
