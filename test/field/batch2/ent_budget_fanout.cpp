// budget_fanout: nightly job run under a Developer Managed Service Account.
// Pulls budget views for every active project of every company the DMSA can
// see, in parallel, and posts a summary to the finance Slack channel.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace finance {

struct RequestContext {
    std::string baseUrl;
    std::string token;
    int64_t companyId = 0;
};

struct ProjectBudget {
    int64_t projectId = 0;
    std::string name;
    double revisedBudget = 0.0;
    double committedCosts = 0.0;
};

static std::string EnvOr(const char* key, const char* fallback) {
    const char* v = std::getenv(key);
    return v && *v ? v : fallback;
}

// ---------------------------------------------------------------------------
// ProcoreBudgetService (PIMPL: keeps libcurl out of the public header)
class ProcoreBudgetService {
public:
    ProcoreBudgetService(std::string apiBase, std::string loginBase);
    ~ProcoreBudgetService();
    ProcoreBudgetService(const ProcoreBudgetService&) = delete;
    ProcoreBudgetService& operator=(const ProcoreBudgetService&) = delete;

    bool Authenticate(const std::string& clientId, const std::string& clientSecret);
    std::vector<int64_t> Companies();
    std::vector<int64_t> ActiveProjects(int64_t companyId);
    ProjectBudget Budget(int64_t companyId, int64_t projectId);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct ProcoreBudgetService::Impl {
    std::string apiBase;
    std::string loginBase;
    std::string token;

    static size_t Sink(char* p, size_t s, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, s * n);
        return s * n;
    }

    json Call(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
              const std::string& body = {}) {
        CURL* h = curl_easy_init();
        std::string out;
        curl_slist* list = nullptr;
        for (const auto& hdr : headers) list = curl_slist_append(list, hdr.c_str());
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        if (!body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::Sink);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
        CURLcode rc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK || status >= 400) {
            std::fprintf(stderr, "%s %s -> %ld\n", method.c_str(), url.c_str(), status);
            return json();
        }
        return json::parse(out, nullptr, false);
    }

    std::vector<std::string> Scoped(int64_t companyId) const {
        return {"Authorization: Bearer " + token, "Procore-Company-Id: " + std::to_string(companyId)};
    }
};

ProcoreBudgetService::ProcoreBudgetService(std::string apiBase, std::string loginBase)
    : impl_(std::make_unique<Impl>()) {
    impl_->apiBase = std::move(apiBase);
    impl_->loginBase = std::move(loginBase);
}
ProcoreBudgetService::~ProcoreBudgetService() = default;

bool ProcoreBudgetService::Authenticate(const std::string& clientId, const std::string& clientSecret) {
    std::string form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + clientSecret;
    auto tok = impl_->Call("POST", impl_->loginBase + "/oauth/token",
                           {"Content-Type: application/x-www-form-urlencoded"}, form);
    impl_->token = tok.value("access_token", "");
    return !impl_->token.empty();
}

std::vector<int64_t> ProcoreBudgetService::Companies() {
    std::vector<int64_t> ids;
    auto body = impl_->Call("GET", impl_->apiBase + "/rest/v1.0/companies", {"Authorization: Bearer " + impl_->token});
    for (const auto& c : body) ids.push_back(c.at("id").get<int64_t>());
    return ids;
}

std::vector<int64_t> ProcoreBudgetService::ActiveProjects(int64_t companyId) {
    std::vector<int64_t> ids;
    auto body = impl_->Call("GET",
                            impl_->apiBase + "/rest/v1.0/projects?company_id=" + std::to_string(companyId) +
                                "&filters[active]=true",
                            impl_->Scoped(companyId));
    for (const auto& p : body) ids.push_back(p.at("id").get<int64_t>());
    return ids;
}

ProjectBudget ProcoreBudgetService::Budget(int64_t companyId, int64_t projectId) {
    ProjectBudget b;
    b.projectId = projectId;
    auto url = impl_->apiBase + "/rest/v1.0/budget_views?project_id=" + std::to_string(projectId);
    auto views = impl_->Call("GET", url, impl_->Scoped(companyId));
    if (!views.is_array() || views.empty()) return b;
    auto viewId = views[0].at("id").get<int64_t>();
    auto rows = impl_->Call("GET",
                            impl_->apiBase + "/rest/v1.0/budget_views/" + std::to_string(viewId) +
                                "/detail_rows?project_id=" + std::to_string(projectId),
                            impl_->Scoped(companyId));
    for (const auto& r : rows) {
        b.revisedBudget += r.value("revised_budget", 0.0);
        b.committedCosts += r.value("committed_costs", 0.0);
    }
    return b;
}

void PostToSlack(const std::string& webhook, const std::string& text) {
    CURL* h = curl_easy_init();
    std::string payload = json{{"text", text}}.dump();
    curl_slist* hdrs = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, webhook.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
}

}  // namespace finance

int main() {
    using namespace finance;
    curl_global_init(CURL_GLOBAL_ALL);
    ProcoreBudgetService svc(EnvOr("PROCORE_API_BASE", "https://us02.procore.com"),
                             EnvOr("PROCORE_LOGIN_BASE", "https://login.procore.com"));
    if (!svc.Authenticate(EnvOr("DMSA_CLIENT_ID", ""), EnvOr("DMSA_CLIENT_SECRET", ""))) {
        std::fprintf(stderr, "client_credentials grant failed\n");
        return 1;
    }

    std::map<int, double> overrunByProject;
    const int maxInFlight = 8;
    for (int64_t companyId : svc.Companies()) {
        std::vector<std::future<ProjectBudget>> pending;
        for (int64_t projectId : svc.ActiveProjects(companyId)) {
            pending.push_back(std::async(std::launch::async, [&svc, companyId, projectId] {
                return svc.Budget(companyId, projectId);
            }));
            if (static_cast<int>(pending.size()) >= maxInFlight) {
                pending.front().wait();
            }
        }
        for (auto& f : pending) {
            ProjectBudget b = f.get();
            double overrun = b.committedCosts - b.revisedBudget;
            if (overrun > 0) {
                overrunByProject[b.projectId] = overrun;
                std::printf("company %lld project %ld over budget by %.2f\n", static_cast<long long>(companyId),
                            static_cast<long>(b.projectId), overrun);
            }
        }
    }

    std::string summary = std::to_string(overrunByProject.size()) + " projects over budget";
    PostToSlack(EnvOr("SLACK_FINANCE_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXX"), summary);
    curl_global_cleanup();
    return 0;
}
