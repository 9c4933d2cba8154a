// rfi_sync: pushes RFI status changes from the internal tracker into Procore.
// Runs from cron every 15 minutes. Single-threaded, explicit state machine so
// the retry/backoff path is easy to reason about when the API is throttling us.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

const char* const kLoginBase = "https://login.procore.com";
const char* const kApiBase = "https://api.procore.com";
const char* const kTrackerBase = "http://tracker.internal:8080";

enum class State {
    FetchTracker,
    Authenticate,
    ListCompanies,
    ListProjects,
    PushChanges,
    Send,
    Backoff,
    Done,
    Failed
};

struct RfiUpdate {
    long rfi_id;
    int64_t project_id;
    std::string status;
};

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

class RfiSyncJob {
public:
    RfiSyncJob(std::string company_name, std::string client_id, std::string secret,
               std::string refresh_token)
        : company_name_(std::move(company_name)), client_id_(std::move(client_id)),
          secret_(std::move(secret)), refresh_token_(std::move(refresh_token)),
          curl_(curl_easy_init()) {}

    ~RfiSyncJob() {
        curl_slist_free_all(auth_headers_);
        curl_slist_free_all(company_headers_);
        curl_easy_cleanup(curl_);
    }

    bool run() {
        while (state_ != State::Done && state_ != State::Failed) step();
        return state_ == State::Done;
    }

private:
    void prepare(const std::string& url, curl_slist* headers, const char* method,
                 const std::string* body) {
        curl_easy_reset(curl_);
        response_.clear();
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method);
        if (body) {
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->c_str());
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
        }
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response_);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 30L);
    }

    void step() {
        switch (state_) {
        case State::FetchTracker: {
            char url[256];
            std::snprintf(url, sizeof url, "%s/api/rfis/changed?page=%d", kTrackerBase, page_);
            prepare(url, nullptr, "GET", nullptr);
            issued_ = State::FetchTracker;
            state_ = State::Send;
            break;
        }
        case State::Authenticate:
            body_ = "grant_type=refresh_token&client_id=" + client_id_ +
                    "&client_secret=" + secret_ + "&refresh_token=" + refresh_token_;
            prepare(std::string(kLoginBase) + "/oauth/token", nullptr, "POST", &body_);
            issued_ = State::Authenticate;
            state_ = State::Send;
            break;
        case State::ListCompanies:
            prepare(std::string(kApiBase) + "/rest/v1.0/companies", auth_headers_, "GET", nullptr);
            issued_ = State::ListCompanies;
            state_ = State::Send;
            break;
        case State::ListProjects:
            prepare(std::string(kApiBase) + "/rest/v1.0/projects?company_id=" +
                        std::to_string(company_id_) + "&per_page=300",
                    company_headers_, "GET", nullptr);
            issued_ = State::ListProjects;
            state_ = State::Send;
            break;
        case State::PushChanges: {
            const RfiUpdate& u = updates_[cursor_];
            body_ = json{{"rfi", {{"status", u.status}}}}.dump();
            prepare(std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(u.project_id) +
                        "/rfis/" + std::to_string(u.rfi_id),
                    auth_headers_, "PATCH", &body_);
            issued_ = State::PushChanges;
            state_ = State::Send;
            break;
        }
        case State::Send: {
            CURLcode rc = curl_easy_perform(curl_);
            long status = 0;
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
            if (rc != CURLE_OK || status == 429 || status >= 500) {
                state_ = State::Backoff;
            } else if (status >= 400) {
                std::fprintf(stderr, "request failed with HTTP %ld: %s\n", status, response_.c_str());
                state_ = State::Failed;
            } else {
                attempts_ = 0;
                handle_response();
            }
            break;
        }
        case State::Backoff:
            if (++attempts_ > kMaxAttempts) {
                state_ = State::Failed;
                break;
            }
            std::this_thread::sleep_for(std::chrono::seconds(1 << attempts_));
            state_ = issued_;  // rebuild the same request
            break;
        case State::Done:
        case State::Failed:
            break;
        }
    }

    void handle_response() {
        json doc = json::parse(response_, nullptr, false);
        switch (issued_) {
        case State::FetchTracker:
            for (const auto& item : doc["items"]) {
                RfiUpdate u;
                u.rfi_id = item.at("procore_rfi_id");
                u.project_id = item.at("procore_project_id").get<int64_t>();
                u.status = item.value("status", "open");
                updates_.push_back(u);
            }
            if (doc.value("has_more", false)) {
                ++page_;
                state_ = State::FetchTracker;
            } else {
                state_ = updates_.empty() ? State::Done : State::Authenticate;
            }
            break;
        case State::Authenticate: {
            std::string bearer = "Authorization: Bearer " + doc.value("access_token", "");
            auth_headers_ = curl_slist_append(auth_headers_, bearer.c_str());
            auth_headers_ = curl_slist_append(auth_headers_, "Content-Type: application/json");
            state_ = State::ListCompanies;
            break;
        }
        case State::ListCompanies:
            for (const auto& c : doc) {
                if (c.value("name", "") == company_name_) company_id_ = c.at("id").get<int64_t>();
            }
            if (company_id_ == 0) {
                state_ = State::Failed;
                break;
            }
            for (curl_slist* h = auth_headers_; h; h = h->next)
                company_headers_ = curl_slist_append(company_headers_, h->data);
            company_headers_ = curl_slist_append(
                company_headers_, ("Procore-Company-Id: " + std::to_string(company_id_)).c_str());
            state_ = State::ListProjects;
            break;
        case State::ListProjects:
            for (const auto& p : doc) project_ids_.push_back(p.at("id").get<int64_t>());
            state_ = State::PushChanges;
            break;
        case State::PushChanges: {
            const RfiUpdate& u = updates_[cursor_];
            std::fprintf(stderr, "rfi %ld -> %s (https://app.procore.com/%lld/project/rfi)\n",
                         u.rfi_id, u.status.c_str(), static_cast<long long>(u.project_id));
            state_ = (++cursor_ < updates_.size()) ? State::PushChanges : State::Done;
            break;
        }
        default:
            state_ = State::Failed;
        }
    }

    static constexpr int kMaxAttempts = 5;

    std::string company_name_, client_id_, secret_, refresh_token_;
    CURL* curl_;
    curl_slist* auth_headers_ = nullptr;
    curl_slist* company_headers_ = nullptr;
    State state_ = State::FetchTracker;
    State issued_ = State::FetchTracker;
    int attempts_ = 0;
    int page_ = 1;
    std::string body_, response_;
    int64_t company_id_ = 0;
    std::vector<int64_t> project_ids_;
    std::vector<RfiUpdate> updates_;
    size_t cursor_ = 0;
};

}  // namespace

int main() {
    const char* company = std::getenv("PROCORE_COMPANY_NAME");
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!company || !id || !secret || !refresh) {
        std::fprintf(stderr, "missing PROCORE_* environment\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    bool ok = RfiSyncJob(company, id, secret, refresh).run();
    curl_global_cleanup();
    return ok ? 0 : 1;
}
