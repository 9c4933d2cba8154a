// co_dmsa_vendor_sync.cpp
//
// Nightly push of approved subcontractors from the ERP export into the
// Procore company directory. Runs as a Developer Managed Service Account
// (client_credentials grant) on the production environment.
//
// cpprestsdk returns pplx::task<T>; the small awaiter below lets the sync
// logic be written as straight-line C++20 coroutines instead of .then chains.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <coroutine>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

// ---- pplx::task<T> -> awaiter --------------------------------------------
template <class T>
struct pplx_awaiter {
    pplx::task<T> t;
    bool await_ready() const { return t.is_done(); }
    void await_suspend(std::coroutine_handle<> h) {
        t.then([h](pplx::task<T>) { h.resume(); });
    }
    T await_resume() { return t.get(); }
};
template <class T>
pplx_awaiter<T> operator co_await(pplx::task<T> t) { return {std::move(t)}; }

// ---- task<T> -------------------------------------------------------------
template <class T>
struct task {
    struct promise_type {
        std::optional<T> value;
        std::exception_ptr error;
        std::coroutine_handle<> continuation;
        task get_return_object() {
            return task{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        struct final_awaiter {
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
                auto c = h.promise().continuation;
                return c ? c : std::noop_coroutine();
            }
            void await_resume() noexcept {}
        };
        final_awaiter final_suspend() noexcept { return {}; }
        void return_value(T v) { value = std::move(v); }
        void unhandled_exception() { error = std::current_exception(); }
    };

    explicit task(std::coroutine_handle<promise_type> h) : h_(h) {}
    task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    ~task() { if (h_) h_.destroy(); }

    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
        h_.promise().continuation = c;
        return h_;
    }
    T await_resume() {
        if (h_.promise().error) std::rethrow_exception(h_.promise().error);
        return std::move(*h_.promise().value);
    }

private:
    std::coroutine_handle<promise_type> h_;
};

struct detached {
    struct promise_type {
        detached get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

template <class T>
T sync_wait(task<T> t) {
    std::promise<T> p;
    auto f = p.get_future();
    [](task<T> t, std::promise<T>& p) -> detached {
        try { p.set_value(co_await t); } catch (...) { p.set_exception(std::current_exception()); }
    }(std::move(t), p);
    return f.get();
}

// ---- Procore -------------------------------------------------------------
struct ErpVendor {
    std::string tax_id;
    std::string name;
    std::string email;
    std::string trade;
};

struct Dmsa {
    http_client login{U("https://login.procore.com")};
    http_client api{U("https://api.procore.com")};
    std::string token;
    std::int64_t company_id = 0;

    http_request authed(method m, const std::string& path) const {
        http_request req(m);
        req.set_request_uri(path);
        req.headers().add(header_names::authorization, "Bearer " + token);
        req.headers().add("Procore-Company-Id", std::to_string(company_id));
        return req;
    }
};

static std::string env_or_die(const char* k) {
    const char* v = std::getenv(k);
    if (!v) throw std::runtime_error(std::string("missing env ") + k);
    return v;
}

task<bool> authenticate(Dmsa& d) {
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body("grant_type=client_credentials&client_id=" + env_or_die("DMSA_CLIENT_ID") +
                     "&client_secret=" + env_or_die("DMSA_CLIENT_SECRET"),
                 "application/x-www-form-urlencoded");
    http_response res = co_await d.login.request(req);
    if (res.status_code() != status_codes::OK) co_return false;
    json::value body = co_await res.extract_json();
    d.token = body.at(U("access_token")).as_string();
    co_return true;
}

task<bool> company_granted(Dmsa& d) {
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/companies"));
    req.headers().add(header_names::authorization, "Bearer " + d.token);
    http_response res = co_await d.api.request(req);
    json::value list = co_await res.extract_json();
    for (const auto& c : list.as_array())
        if (c.at(U("id")).as_number().to_int64() == d.company_id) co_return true;
    co_return false;
}

task<std::string> service_login(Dmsa& d) {
    http_response res = co_await d.api.request(d.authed(methods::GET, "/rest/v1.0/me"));
    json::value me = co_await res.extract_json();
    co_return me.has_field(U("login")) ? me.at(U("login")).as_string() : std::string("?");
}

// Existing vendors keyed by tax id (origin_id holds the ERP key).
task<std::unordered_map<std::string, std::int64_t>> existing_vendors(Dmsa& d) {
    std::unordered_map<std::string, std::int64_t> by_tax;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(d.company_id) +
                           "&page=" + std::to_string(page) + "&per_page=200";
        http_response res = co_await d.api.request(d.authed(methods::GET, path));
        json::value arr = co_await res.extract_json();
        if (!arr.is_array() || arr.size() == 0) break;
        for (const auto& v : arr.as_array()) {
            int id = v.at(U("id")).as_integer();
            if (v.has_field(U("origin_id")) && v.at(U("origin_id")).is_string())
                by_tax[v.at(U("origin_id")).as_string()] = id;
        }
        if (arr.size() < 200) break;
    }
    co_return by_tax;
}

static json::value vendor_json(const ErpVendor& v) {
    json::value body;
    body[U("name")] = json::value::string(v.name);
    body[U("email_address")] = json::value::string(v.email);
    body[U("origin_id")] = json::value::string(v.tax_id);
    body[U("trade_name")] = json::value::string(v.trade);
    json::value wrap;
    wrap[U("vendor")] = body;
    return wrap;
}

task<std::int64_t> create_vendor(Dmsa& d, const ErpVendor& v) {
    http_request req = d.authed(methods::POST,
                                "/rest/v1.0/vendors?company_id=" + std::to_string(d.company_id));
    req.set_body(vendor_json(v));
    http_response res = co_await d.api.request(req);
    if (res.status_code() != status_codes::Created) co_return 0;
    json::value body = co_await res.extract_json();
    std::int64_t id = body.at(U("id")).as_number().to_int64();
    co_return id;
}

task<bool> update_vendor(Dmsa& d, std::int64_t vendor_id, const ErpVendor& v) {
    http_request req(methods::PATCH);
    req.set_request_uri("/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                        "?company_id=" + std::to_string(d.company_id));
    req.headers().add(header_names::authorization, "Bearer " + d.token);
    req.headers().add("X-Procore-Company-Id", std::to_string(d.company_id));
    req.set_body(vendor_json(v));
    http_response res = co_await d.api.request(req);
    co_return res.status_code() == status_codes::OK;
}

static std::vector<ErpVendor> read_erp(const std::string& path) {
    std::vector<ErpVendor> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        ErpVendor v;
        std::getline(ss, v.tax_id, ';');
        std::getline(ss, v.name, ';');
        std::getline(ss, v.email, ';');
        std::getline(ss, v.trade, ';');
        if (!v.tax_id.empty()) out.push_back(std::move(v));
    }
    return out;
}

task<int> sync_all(Dmsa& d, std::vector<ErpVendor> erp) {
    if (!co_await authenticate(d)) throw std::runtime_error("client_credentials grant refused");
    if (!co_await company_granted(d)) throw std::runtime_error("service account not installed");
    std::cout << "running as " << co_await service_login(d) << "\n";

    auto known = co_await existing_vendors(d);
    int changed = 0;
    for (const auto& v : erp) {
        auto it = known.find(v.tax_id);
        bool ok = it == known.end() ? (co_await create_vendor(d, v)) != 0
                                    : co_await update_vendor(d, it->second, v);
        if (ok) ++changed;
        else std::cerr << "vendor " << v.tax_id << " (" << v.name << ") failed\n";
    }
    co_return changed;
}

int main(int argc, char** argv) {
    try {
        Dmsa d;
        d.company_id = std::stoll(env_or_die("PROCORE_COMPANY_ID"));
        auto erp = read_erp(argc > 1 ? argv[1] : "/var/spool/erp/vendors.csv");
        int changed = sync_wait(sync_all(d, std::move(erp)));
        std::cout << changed << " vendors created or updated\n";
    } catch (const std::exception& e) {
        std::cerr << "vendor sync: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
