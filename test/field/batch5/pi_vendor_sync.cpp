// vendor_sync: mirrors the Procore company directory (vendors) into our
// ERP staging tables. Runs nightly from cron on the integration box.
//
// The HTTP plumbing lives behind ProcoreClient::Impl so the rest of the
// service never touches libcurl directly.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace erp {

struct Vendor {
    int64_t id = 0;
    std::string name;
    std::string abbreviated_name;
    bool is_active = true;
};

struct Environment {
    std::string login_base;
    std::string api_base;
};

static const Environment kProduction{"https://login.procore.com", "https://api.procore.com"};
static const Environment kSandbox{"https://sandbox.procore.com", "https://sandbox.procore.com"};

class ProcoreClient {
public:
    ProcoreClient(const Environment& env, std::string refresh_token, int64_t company_id);
    ~ProcoreClient();

    void refreshAccessToken(const std::string& client_id, const std::string& client_secret);
    std::string currentUserLogin();
    std::vector<int64_t> activeProjectIds();
    std::vector<Vendor> listVendors(int page, int per_page);
    void deactivateVendor(int vendor_id);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------
// RAII helpers around libcurl

using CurlHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

class HeaderList {
public:
    HeaderList() = default;
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    ~HeaderList() { curl_slist_free_all(list_); }

    void add(const std::string& line) {
        curl_slist* next = curl_slist_append(list_, line.c_str());
        if (!next) throw std::bad_alloc();
        list_ = next;
    }
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

static size_t appendBody(char* data, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(data, size * nmemb);
    return size * nmemb;
}

// ---------------------------------------------------------------------------

struct ProcoreClient::Impl {
    Environment env;
    std::string refresh_token;
    std::string access_token;
    int64_t company_id;
    std::vector<std::string> default_headers;

    Impl(const Environment& e, std::string rt, int64_t cid)
        : env(e), refresh_token(std::move(rt)), company_id(cid) {
        default_headers.push_back("Accept: application/json");
        default_headers.push_back("User-Agent: erp-vendor-sync/2.3");
    }

    // Sends one request to the REST API. Callers decide whether the company
    // scope header is needed.
    json call(const std::string& method, const std::string& path, bool company_scoped,
              const std::string& body = {}) {
        CurlHandle curl(curl_easy_init(), &curl_easy_cleanup);
        if (!curl) throw std::runtime_error("curl_easy_init failed");

        HeaderList headers;
        for (const auto& h : default_headers) headers.add(h);
        headers.add("Authorization: Bearer " + access_token);
        if (company_scoped) headers.add("Procore-Company-Id: " + std::to_string(company_id));
        if (!body.empty()) headers.add("Content-Type: application/json");

        std::string url = env.api_base + path;
        std::string response;
        curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, appendBody);
        curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
        if (!body.empty()) curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());

        CURLcode rc = curl_easy_perform(curl.get());
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));

        long status = 0;
        curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
        if (status >= 400) throw std::runtime_error("HTTP " + std::to_string(status) + " on " + path);
        return response.empty() ? json() : json::parse(response);
    }
};

ProcoreClient::ProcoreClient(const Environment& env, std::string refresh_token, int64_t company_id)
    : impl_(std::make_unique<Impl>(env, std::move(refresh_token), company_id)) {}

ProcoreClient::~ProcoreClient() = default;

void ProcoreClient::refreshAccessToken(const std::string& client_id, const std::string& client_secret) {
    CurlHandle curl(curl_easy_init(), &curl_easy_cleanup);
    HeaderList headers;
    headers.add("Content-Type: application/json");

    json payload = {{"grant_type", "refresh_token"},
                    {"client_id", client_id},
                    {"client_secret", client_secret},
                    {"refresh_token", impl_->refresh_token}};
    std::string body = payload.dump();
    std::string url = impl_->env.login_base + "/oauth/token";
    std::string response;

    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
    if (curl_easy_perform(curl.get()) != CURLE_OK) throw std::runtime_error("token refresh failed");

    json tok = json::parse(response);
    impl_->access_token = tok.at("access_token").get<std::string>();
    impl_->refresh_token = tok.at("refresh_token").get<std::string>();
}

std::string ProcoreClient::currentUserLogin() {
    json me = impl_->call("GET", "/rest/v1.0/me", false);
    return me.value("login", "");
}

std::vector<int64_t> ProcoreClient::activeProjectIds() {
    std::vector<int64_t> ids;
    json projects = impl_->call("GET",
        "/rest/v1.0/projects?company_id=" + std::to_string(impl_->company_id), false);
    for (const auto& p : projects) {
        if (p.value("active", false)) ids.push_back(p.at("id").get<int>());
    }
    return ids;
}

std::vector<Vendor> ProcoreClient::listVendors(int page, int per_page) {
    std::vector<Vendor> out;
    json vendors = impl_->call("GET",
        "/rest/v1.0/vendors?company_id=" + std::to_string(impl_->company_id) +
        "&page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page), true);
    for (const auto& v : vendors) {
        Vendor vendor;
        vendor.id = v.at("id").get<int64_t>();
        vendor.name = v.value("name", "");
        vendor.abbreviated_name = v.value("abbreviated_name", "");
        vendor.is_active = v.value("is_active", true);
        out.push_back(std::move(vendor));
    }
    return out;
}

void ProcoreClient::deactivateVendor(int vendor_id) {
    json body = {{"vendor", {{"is_active", false}}}};
    impl_->call("PATCH",
        "/rest/v1.0/vendors/" + std::to_string(vendor_id) + "?company_id=" +
        std::to_string(impl_->company_id), true, body.dump());
}

} // namespace erp

// ---------------------------------------------------------------------------

static void notifyOps(const std::string& text) {
    const char* hook = std::getenv("OPS_WEBHOOK_URL");
    if (!hook) return;
    erp::CurlHandle curl(curl_easy_init(), &curl_easy_cleanup);
    erp::HeaderList headers;
    headers.add("Content-Type: application/json");
    std::string body = json{{"text", text}}.dump();
    curl_easy_setopt(curl.get(), CURLOPT_URL, hook);
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_perform(curl.get());
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: vendor_sync <company_id> <client_id> <client_secret> [--sandbox]\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const bool sandbox = argc > 4 && std::string(argv[4]) == "--sandbox";
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");

    erp::ProcoreClient client(sandbox ? erp::kSandbox : erp::kProduction, rt ? rt : "", company_id);
    int deactivated = 0;
    try {
        client.refreshAccessToken(argv[2], argv[3]);
        std::cout << "running as " << client.currentUserLogin() << "\n";
        std::cout << client.activeProjectIds().size() << " active projects\n";

        for (int page = 1;; ++page) {
            auto vendors = client.listVendors(page, 100);
            if (vendors.empty()) break;
            for (const auto& v : vendors) {
                if (v.is_active && v.abbreviated_name.rfind("ZZ-", 0) == 0) {
                    client.deactivateVendor(v.id);
                    ++deactivated;
                }
            }
        }
    } catch (const std::exception& e) {
        notifyOps(std::string("vendor_sync failed: ") + e.what());
        curl_global_cleanup();
        return 1;
    }

    notifyOps("vendor_sync done, " + std::to_string(deactivated) +
              " vendors retired. Review: https://app.procore.com/" + std::to_string(company_id) +
              "/company/vendors");
    curl_global_cleanup();
    return 0;
}
