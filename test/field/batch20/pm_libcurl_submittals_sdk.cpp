// submittals_sdk.cpp - Procore Submittals SDK core (C++17) plus the flat C ABI
// consumed by the .NET bindings (bindings/csharp/ProcoreSubmittals.cs).
//
// Part of libprocore_submittals.so; links libcurl and nlohmann_json.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace procore {

class SubmittalsClient {
    struct Impl;
    std::unique_ptr<Impl> impl_;

public:
    struct Submittal {
        int64_t id = 0;
        std::string number;
        std::string title;
        std::string status;
        int64_t responsible_contractor_id = 0;
    };

    SubmittalsClient(std::string client_id, std::string client_secret, std::string redirect_uri);
    ~SubmittalsClient();
    SubmittalsClient(SubmittalsClient&&) noexcept;
    SubmittalsClient& operator=(SubmittalsClient&&) noexcept;

    void ExchangeCode(const std::string& code);
    void RefreshToken();
    void SetCompany(int64_t company_id);
    std::string CurrentUserLogin();
    std::vector<Submittal> ListSubmittals(int64_t project_id, int page);
    Submittal GetSubmittal(int64_t project_id, int64_t submittal_id);
    void SetStatus(int64_t project_id, int64_t submittal_id, const std::string& status);
    std::string WebUrl(int64_t project_id, int64_t submittal_id) const;
};

using json = nlohmann::json;

struct SubmittalsClient::Impl {
    std::string client_id, client_secret, redirect_uri;
    std::string access_token, refresh_token;
    int64_t company_id = 0;
    CURL* curl = nullptr;
    std::mutex mu;

    static constexpr const char* kLoginBase = "https://login.procore.com";
    static constexpr const char* kApiBase = "https://api.procore.com";

    Impl() : curl(curl_easy_init()) {
        if (!curl) throw std::runtime_error("curl_easy_init failed");
    }
    ~Impl() { curl_easy_cleanup(curl); }

    static size_t on_body(char* p, size_t sz, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, sz * n);
        return sz * n;
    }

    curl_slist* auth_headers(bool with_company) const {
        curl_slist* h = nullptr;
        h = curl_slist_append(h, ("Authorization: Bearer " + access_token).c_str());
        h = curl_slist_append(h, "Accept: application/json");
        h = curl_slist_append(h, "Content-Type: application/json");
        if (with_company)
            h = curl_slist_append(h, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
        return h;
    }

    // Takes ownership of |headers|.
    json perform(const char* method, const std::string& url, curl_slist* headers,
                 const std::string& body = {}) {
        std::lock_guard<std::mutex> lock(mu);
        std::string out;
        curl_easy_reset(curl);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Impl::on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
        if (!body.empty())
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        if (status >= 400)
            throw std::runtime_error("HTTP " + std::to_string(status) + ": " + out);
        return out.empty() ? json::object() : json::parse(out);
    }

    void store_tokens(const json& j) {
        access_token = j.at("access_token").get<std::string>();
        refresh_token = j.value("refresh_token", refresh_token);
    }

    static SubmittalsClient::Submittal parse(const json& j) {
        SubmittalsClient::Submittal s;
        s.id = j.at("id").get<int64_t>();
        s.number = j.value("number", "");
        s.title = j.value("title", "");
        if (j.contains("status") && j["status"].is_object())
            s.status = j["status"].value("name", "");
        if (j.contains("responsible_contractor") && !j["responsible_contractor"].is_null())
            s.responsible_contractor_id = j["responsible_contractor"].at("id").get<int64_t>();
        return s;
    }
};

SubmittalsClient::SubmittalsClient(std::string client_id, std::string client_secret,
                                   std::string redirect_uri)
    : impl_(std::make_unique<Impl>()) {
    impl_->client_id = std::move(client_id);
    impl_->client_secret = std::move(client_secret);
    impl_->redirect_uri = std::move(redirect_uri);
}
SubmittalsClient::~SubmittalsClient() = default;
SubmittalsClient::SubmittalsClient(SubmittalsClient&&) noexcept = default;
SubmittalsClient& SubmittalsClient::operator=(SubmittalsClient&&) noexcept = default;

void SubmittalsClient::ExchangeCode(const std::string& code) {
    json body = {{"grant_type", "authorization_code"}, {"code", code},
                 {"client_id", impl_->client_id}, {"client_secret", impl_->client_secret},
                 {"redirect_uri", impl_->redirect_uri}};
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    impl_->store_tokens(impl_->perform("POST", std::string(Impl::kLoginBase) + "/oauth/token", h, body.dump()));
}

void SubmittalsClient::RefreshToken() {
    json body = {{"grant_type", "refresh_token"}, {"refresh_token", impl_->refresh_token},
                 {"client_id", impl_->client_id}, {"client_secret", impl_->client_secret}};
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    impl_->store_tokens(impl_->perform("POST", "https://api.procore.com/oauth/token", h, body.dump()));
}

void SubmittalsClient::SetCompany(int64_t company_id) { impl_->company_id = company_id; }

std::string SubmittalsClient::CurrentUserLogin() {
    json me = impl_->perform("GET", std::string(Impl::kApiBase) + "/rest/v1.0/me", impl_->auth_headers(false));
    return me.value("login", "");
}

std::vector<SubmittalsClient::Submittal> SubmittalsClient::ListSubmittals(int64_t project_id, int page) {
    std::string url = std::string(Impl::kApiBase) + "/rest/v1.1/projects/" + std::to_string(project_id) +
                      "/submittals?page=" + std::to_string(page) + "&per_page=100";
    json arr = impl_->perform("GET", url, impl_->auth_headers(true));
    std::vector<Submittal> out;
    for (const auto& j : arr) out.push_back(Impl::parse(j));
    return out;
}

SubmittalsClient::Submittal SubmittalsClient::GetSubmittal(int64_t project_id, int64_t submittal_id) {
    std::string url = std::string(Impl::kApiBase) + "/rest/v1.1/projects/" + std::to_string(project_id) +
                      "/submittals/" + std::to_string(submittal_id);
    return Impl::parse(impl_->perform("GET", url, impl_->auth_headers(false)));
}

void SubmittalsClient::SetStatus(int64_t project_id, int64_t submittal_id, const std::string& status) {
    std::string url = std::string(Impl::kApiBase) + "/rest/v1.1/projects/" + std::to_string(project_id) +
                      "/submittals/" + std::to_string(submittal_id);
    json body = {{"submittal", {{"status", status}}}};
    impl_->perform("PATCH", url, impl_->auth_headers(true), body.dump());
}

std::string SubmittalsClient::WebUrl(int64_t project_id, int64_t submittal_id) const {
    return "https://app.procore.com/" + std::to_string(project_id) +
           "/project/submittal_logs/" + std::to_string(submittal_id);
}

} // namespace procore

// ---------------------------------------------------------------------------
// C ABI. Layout of mpr_submittal must match [StructLayout] in the C# bindings.
// ---------------------------------------------------------------------------
#if defined(_WIN32)
#define MPR_API extern "C" __declspec(dllexport)
#else
#define MPR_API extern "C" __attribute__((visibility("default")))
#endif

struct mpr_client { procore::SubmittalsClient cpp; };

extern "C" typedef struct mpr_submittal {
    int64_t id;
    long responsible_contractor_id;
    char number[32];
    char title[256];
    char status[32];
} mpr_submittal;

static thread_local std::string g_last_error;

template <class F> static int guarded(F&& f) {
    try { f(); return 0; }
    catch (const std::exception& e) { g_last_error = e.what(); return -1; }
}

static void copy_out(const procore::SubmittalsClient::Submittal& s, mpr_submittal* out) {
    std::memset(out, 0, sizeof *out);
    out->id = s.id;
    out->responsible_contractor_id = s.responsible_contractor_id;
    std::snprintf(out->number, sizeof out->number, "%s", s.number.c_str());
    std::snprintf(out->title, sizeof out->title, "%s", s.title.c_str());
    std::snprintf(out->status, sizeof out->status, "%s", s.status.c_str());
}

MPR_API mpr_client* mpr_client_new(const char* client_id, const char* secret, const char* redirect) {
    try { return new mpr_client{procore::SubmittalsClient(client_id, secret, redirect)}; }
    catch (const std::exception& e) { g_last_error = e.what(); return nullptr; }
}
MPR_API void mpr_client_free(mpr_client* c) { delete c; }
MPR_API const char* mpr_last_error(void) { return g_last_error.c_str(); }

MPR_API int mpr_exchange_code(mpr_client* c, const char* code) {
    return guarded([&] { c->cpp.ExchangeCode(code); });
}
MPR_API int mpr_refresh(mpr_client* c) {
    return guarded([&] { c->cpp.RefreshToken(); });
}
MPR_API int mpr_set_company(mpr_client* c, int64_t company_id) {
    return guarded([&] { c->cpp.SetCompany(company_id); });
}

MPR_API int mpr_list_submittals(mpr_client* c, int64_t project_id, int page,
                                mpr_submittal* out, int capacity, int* count) {
    return guarded([&] {
        auto items = c->cpp.ListSubmittals(project_id, page);
        int n = 0;
        for (const auto& s : items) {
            if (n >= capacity) break;
            copy_out(s, &out[n++]);
        }
        *count = n;
    });
}

MPR_API int mpr_get_submittal(mpr_client* c, int64_t project_id, int submittal_id, mpr_submittal* out) {
    return guarded([&] { copy_out(c->cpp.GetSubmittal(project_id, submittal_id), out); });
}

MPR_API int mpr_set_submittal_status(mpr_client* c, int64_t project_id, int64_t submittal_id,
                                     const char* status) {
    return guarded([&] { c->cpp.SetStatus(project_id, submittal_id, status); });
}

MPR_API int mpr_submittal_web_url(mpr_client* c, int64_t project_id, int64_t submittal_id,
                                  char* buf, size_t len) {
    return guarded([&] { std::snprintf(buf, len, "%s", c->cpp.WebUrl(project_id, submittal_id).c_str()); });
}
