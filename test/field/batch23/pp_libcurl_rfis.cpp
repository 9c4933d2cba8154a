// rfi_bridge/procore_rfi_client.cpp
//
// Service-account (DMSA) client used by the rfi-bridge daemon. The public
// RfiClient is a thin pimpl facade; RfiClient::Impl owns the environment,
// the company id, the bearer token and the curl transport.

#include <curl/curl.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rfibridge {

struct Environment {
    std::string login_base;
    std::string api_base;
};

static const Environment kProduction{"https://login.procore.com", "https://api.procore.com"};

Environment sandboxEnvironment() {
    Environment env;
    env.login_base = "https://sandbox.procore.com";
    env.api_base = "https://sandbox.procore.com";
    return env;
}

struct RequestSpec {
    std::string method = "GET";
    std::string path;
    std::string body;
    std::vector<std::string> headers;
};

struct HttpResult {
    long status = 0;
    std::string body;
};

struct RfiDraft {
    int64_t project_id = 0;
    std::string subject;
    std::string question;
    int assignee_id = 0;
    int due_in_days = 7;
};

class RfiClient {
public:
    RfiClient(const Environment& env, std::string client_id, std::string client_secret,
              int64_t company_id);
    ~RfiClient();

    bool authenticate();
    std::string listCompanies();
    std::string whoAmI();
    std::string listRfis(int64_t project_id, int page);
    std::string getRfi(int64_t project_id, int rfi_id);
    std::string createRfi(const RfiDraft& draft);
    std::string replyToRfi(int64_t project_id, int64_t rfi_id, const std::string& text);
    static std::string webLink(int64_t company_id, int64_t project_id, int64_t rfi_id);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

class CurlTransport {
public:
    HttpResult perform(const std::string& url, const RequestSpec& spec) {
        HttpResult result;
        CURL* easy = curl_easy_init();
        if (easy == nullptr) throw std::runtime_error("curl_easy_init failed");
        curl_slist* list = nullptr;
        for (const auto& h : spec.headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
        if (!spec.body.empty()) curl_easy_setopt(easy, CURLOPT_POSTFIELDS, spec.body.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlTransport::collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &result.body);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
        CURLcode rc = curl_easy_perform(easy);
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.status);
        curl_slist_free_all(list);
        curl_easy_cleanup(easy);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return result;
    }

private:
    static size_t collect(char* data, size_t size, size_t nmemb, void* userp) {
        static_cast<std::string*>(userp)->append(data, size * nmemb);
        return size * nmemb;
    }
};

class RfiClient::Impl {
public:
    Impl(Environment env, std::string id, std::string secret, int64_t company)
        : env_(std::move(env)), client_id_(std::move(id)),
          client_secret_(std::move(secret)), company_id_(company) {}

    bool fetchToken() {
        RequestSpec spec;
        spec.method = "POST";
        spec.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        spec.body = "grant_type=client_credentials&client_id=" + client_id_ +
                    "&client_secret=" + client_secret_;
        HttpResult r = transport_.perform(env_.login_base + "/oauth/token", spec);
        if (r.status != 200) return false;
        auto pos = r.body.find("\"access_token\":\"");
        if (pos == std::string::npos) return false;
        pos += 16;
        token_ = r.body.substr(pos, r.body.find('"', pos) - pos);
        return true;
    }

    // Adds auth only; the caller decides whether the call is company scoped.
    HttpResult send(RequestSpec spec) {
        spec.headers.push_back("Authorization: Bearer " + token_);
        spec.headers.push_back("Accept: application/json");
        return transport_.perform(env_.api_base + spec.path, spec);
    }

    HttpResult sendScoped(RequestSpec spec) {
        spec.headers.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        return send(std::move(spec));
    }

    int64_t companyId() const { return company_id_; }

private:
    Environment env_;
    std::string client_id_;
    std::string client_secret_;
    int64_t company_id_;
    std::string token_;
    CurlTransport transport_;
};

RfiClient::RfiClient(const Environment& env, std::string client_id, std::string client_secret,
                     int64_t company_id)
    : impl_(std::make_unique<Impl>(env, std::move(client_id), std::move(client_secret),
                                   company_id)) {}

RfiClient::~RfiClient() = default;

bool RfiClient::authenticate() { return impl_->fetchToken(); }

std::string RfiClient::listCompanies() {
    RequestSpec spec;
    spec.path = "/rest/v1.0/companies";
    return impl_->send(spec).body;
}

std::string RfiClient::whoAmI() {
    RequestSpec spec;
    spec.path = "/rest/v1.0/me";
    return impl_->sendScoped(spec).body;
}

std::string RfiClient::listRfis(int64_t project_id, int page) {
    RequestSpec spec;
    spec.path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                "/rfis?page=" + std::to_string(page) + "&per_page=100";
    spec.headers.push_back("Procore-Company-Id: " + std::to_string(impl_->companyId()));
    return impl_->send(spec).body;
}

std::string RfiClient::getRfi(int64_t project_id, int rfi_id) {
    RequestSpec spec;
    spec.path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                std::to_string(rfi_id);
    return impl_->send(spec).body;
}

std::string RfiClient::createRfi(const RfiDraft& draft) {
    RequestSpec spec;
    spec.method = "POST";
    spec.path = "/rest/v1.0/projects/" + std::to_string(draft.project_id) + "/rfis";
    spec.headers.push_back("Content-Type: application/json");
    spec.body = "{\"rfi\":{\"subject\":\"" + draft.subject + "\",\"question\":{\"body\":\"" +
                draft.question + "\"},\"assignee_id\":" + std::to_string(draft.assignee_id) +
                ",\"due_in_days\":" + std::to_string(draft.due_in_days) + "}}";
    return impl_->sendScoped(spec).body;
}

std::string RfiClient::replyToRfi(int64_t project_id, int64_t rfi_id, const std::string& text) {
    RequestSpec spec;
    spec.method = "POST";
    spec.path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                std::to_string(rfi_id) + "/replies";
    spec.headers.push_back("Content-Type: application/json");
    spec.headers.push_back("X-Procore-Company-Id: " + std::to_string(impl_->companyId()));
    spec.body = "{\"reply\":{\"body\":\"" + text + "\"}}";
    return impl_->send(spec).body;
}

std::string RfiClient::webLink(int64_t company_id, int64_t project_id, int64_t rfi_id) {
    return "https://app.procore.com/" + std::to_string(company_id) + "/project/rfi/show/" +
           std::to_string(project_id) + "/" + std::to_string(rfi_id);
}

}  // namespace rfibridge

int main(int argc, char** argv) {
    using namespace rfibridge;
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* project = std::getenv("PROCORE_PROJECT_ID");
    if (!cid || !secret || !company || !project) {
        std::cerr << "missing PROCORE_* environment\n";
        return 2;
    }
    const int64_t company_id = std::stoll(company);
    const int64_t project_id = std::atoi(project);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const Environment env = std::getenv("PROCORE_SANDBOX") ? sandboxEnvironment() : kProduction;
    RfiClient client(env, cid, secret, company_id);
    if (!client.authenticate()) {
        std::cerr << "token request failed\n";
        curl_global_cleanup();
        return 1;
    }

    std::cout << client.whoAmI() << "\n" << client.listCompanies() << "\n";
    for (int page = 1; page <= 3; ++page) std::cout << client.listRfis(project_id, page) << "\n";

    if (argc > 2 && std::string(argv[1]) == "show") {
        int rfi = std::stoi(argv[2]);
        std::cout << client.getRfi(project_id, rfi) << "\n";
        std::cout << RfiClient::webLink(company_id, project_id, rfi) << "\n";
    } else if (argc > 3 && std::string(argv[1]) == "reply") {
        const int64_t rfi = std::stoll(argv[2]);
        std::cout << client.replyToRfi(project_id, rfi, argv[3]) << "\n";
    } else if (argc > 3 && std::string(argv[1]) == "ask") {
        RfiDraft draft;
        draft.project_id = project_id;
        draft.subject = argv[2];
        draft.question = argv[3];
        draft.assignee_id = argc > 4 ? std::atoi(argv[4]) : 0;
        std::cout << client.createRfi(draft) << "\n";
    }
    curl_global_cleanup();
    return 0;
}
