// th_cpprest_vendor_sync.cpp - nightly vendor/insurance export for the
// compliance team. Builds the company vendor directory, then runs one pplx
// task per project (at most kMaxInFlight at a time) to see which vendors are
// on which jobs, and checks each vendor's insurance certificates.
//
// Vendor API reference: https://developers.procore.com/reference/rest/vendors
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

const utility::string_t kLogin = U("https://login.procore.com");
const utility::string_t kApi = U("https://api.procore.com");
constexpr int kMaxInFlight = 4;

struct VendorRow {
    int64_t id = 0;
    utility::string_t name;
    bool active = false;
    uint32_t primary_contact_id = 0;
    std::vector<int64_t> project_ids;
    int expired_certificates = 0;
};

std::mutex g_mu;
std::map<int64_t, VendorRow> g_vendors;

// Counting gate so we never have more than kMaxInFlight project tasks talking
// to Procore at once (the 429s were killing the old single-threaded version).
class Gate {
public:
    explicit Gate(int n) : free_(n) {}
    void enter() {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return free_ > 0; });
        --free_;
    }
    void leave() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            ++free_;
        }
        cv_.notify_one();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    int free_;
};

struct Ctx {
    utility::string_t token;
    int64_t company_id = 0;
};

http_request authed(const method& m, const utility::string_t& path, const Ctx& ctx) {
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.token);
    return req;
}

pplx::task<utility::string_t> get_token(const std::string& refresh) {
    http_client auth(kLogin);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("refresh_token")] = json::value::string(utility::conversions::to_string_t(refresh));
    body[U("client_id")] = json::value::string(utility::conversions::to_string_t(std::getenv("PROCORE_CLIENT_ID")));
    body[U("client_secret")] = json::value::string(utility::conversions::to_string_t(std::getenv("PROCORE_CLIENT_SECRET")));
    req.set_body(body);
    return auth.request(req)
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

void load_company_vendors(http_client& api, const Ctx& ctx) {
    auto req = authed(methods::GET, U("/rest/v1.0/vendors?company_id=") + utility::conversions::to_string_t(std::to_string(ctx.company_id)), ctx);
    req.headers().add(U("Procore-Company-Id"), ctx.company_id);
    json::value arr = api.request(req).get().extract_json().get();
    std::lock_guard<std::mutex> lk(g_mu);
    for (const auto& v : arr.as_array()) {
        VendorRow row;
        row.id = v.at(U("id")).as_number().to_int64();
        row.name = v.at(U("name")).as_string();
        row.active = v.has_field(U("is_active")) && v.at(U("is_active")).as_bool();
        if (v.has_field(U("primary_contact")) && !v.at(U("primary_contact")).is_null())
            row.primary_contact_id = v.at(U("primary_contact")).at(U("id")).as_number().to_uint32();
        g_vendors[row.id] = std::move(row);
    }
}

std::vector<int64_t> list_projects(http_client& api, const Ctx& ctx) {
    auto req = authed(methods::GET, U("/rest/v1.0/projects?company_id=") + utility::conversions::to_string_t(std::to_string(ctx.company_id)), ctx);
    req.headers().add(U("Procore-Company-Id"), ctx.company_id);
    std::vector<int64_t> ids;
    for (const auto& p : api.request(req).get().extract_json().get().as_array())
        ids.push_back(p.at(U("id")).as_number().to_int64());
    return ids;
}

pplx::task<void> sync_project_vendors(http_client api, Ctx ctx, int64_t project_id) {
    auto path = U("/rest/v1.0/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) + U("/vendors");
    return api.request(authed(methods::GET, path, ctx))
        .then([](http_response r) { return r.extract_json(); })
        .then([project_id](json::value arr) {
            std::lock_guard<std::mutex> lk(g_mu);
            for (const auto& v : arr.as_array()) {
                int vendor_id = v.at(U("id")).as_integer();
                auto it = g_vendors.find(vendor_id);
                if (it != g_vendors.end()) it->second.project_ids.push_back(project_id);
            }
        });
}

void check_insurance(const Ctx& ctx) {
    http_client insurance_client(U("https://app.procore.com"));
    std::vector<int64_t> ids;
    {
        std::lock_guard<std::mutex> lk(g_mu);
        for (const auto& [id, row] : g_vendors)
            if (row.active && !row.project_ids.empty()) ids.push_back(id);
    }
    const auto today = utility::datetime::utc_now().to_string(utility::datetime::ISO_8601);
    for (int64_t vid : ids) {
        auto req = authed(methods::GET,
                          U("/rest/v1.0/vendors/") + utility::conversions::to_string_t(std::to_string(vid)) +
                              U("/insurances?company_id=") + utility::conversions::to_string_t(std::to_string(ctx.company_id)),
                          ctx);
        req.headers().add(U("X-Procore-Company-Id"), ctx.company_id);
        auto res = insurance_client.request(req).get();
        if (res.status_code() != status_codes::OK) continue;
        int expired = 0;
        for (const auto& ins : res.extract_json().get().as_array()) {
            if (ins.has_field(U("expiration_date")) && ins.at(U("expiration_date")).is_string() &&
                ins.at(U("expiration_date")).as_string() < today)
                ++expired;
        }
        std::lock_guard<std::mutex> lk(g_mu);
        g_vendors[vid].expired_certificates = expired;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

}  // namespace

int main() {
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!refresh || !company) {
        std::cerr << "set PROCORE_REFRESH_TOKEN and PROCORE_COMPANY_ID\n";
        return 2;
    }
    Ctx ctx;
    ctx.company_id = std::stoll(company);
    ctx.token = get_token(refresh).get();

    http_client api(kApi);
    auto who = api.request(authed(methods::GET, U("/rest/v1.0/companies"), ctx)).get();
    std::cout << "companies visible: " << who.extract_json().get().as_array().size() << "\n";

    load_company_vendors(api, ctx);
    auto projects = list_projects(api, ctx);

    Gate gate(kMaxInFlight);
    std::vector<pplx::task<void>> tasks;
    for (int64_t pid : projects) {
        gate.enter();
        tasks.push_back(sync_project_vendors(api, ctx, pid).then([&gate](pplx::task<void> t) {
            try {
                t.get();
            } catch (const std::exception& e) {
                std::cerr << "project vendors failed: " << e.what() << "\n";
            }
            gate.leave();
        }));
    }
    pplx::when_all(tasks.begin(), tasks.end()).wait();

    check_insurance(ctx);

    int flagged = 0;
    for (const auto& [id, row] : g_vendors) {
        if (row.expired_certificates == 0) continue;
        ++flagged;
        std::cout << id << "\t" << utility::conversions::to_utf8string(row.name) << "\t"
                  << row.expired_certificates << " expired\n";
    }
    std::cout << flagged << " vendors need new certificates\n";
    return 0;
}
