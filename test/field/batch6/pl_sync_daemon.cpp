// procore-syncd -- pulls Procore data into the reporting warehouse on a timer.
//
// Runs as a Developer Managed Service Account (client_credentials grant), so
// there is no user in the loop. Jobs register themselves with the job
// registry; the config lists which ones run and in which order, e.g.
//   jobs=companies,heartbeat,projects,users,submittals,timecards
//   project_ids=562949953421312,562949953421999
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

struct Environment {
    const char* name;
    const char* login;
    const char* api;
};

static const Environment kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

struct SyncContext {
    CURL* curl = nullptr;
    std::string login_base;
    std::string api_base;
    std::string access_token;
    std::int64_t company_id = 0;
    std::vector<std::int64_t> project_ids;
    std::vector<std::string> default_headers;  // "Name: value"
};

class SyncJob {
public:
    virtual ~SyncJob() = default;
    virtual bool run(SyncContext& ctx) = 0;
};

class JobRegistry {
public:
    using Factory = std::function<std::unique_ptr<SyncJob>()>;
    static JobRegistry& instance() {
        static JobRegistry r;
        return r;
    }
    void add(const std::string& name, Factory f) { factories_[name] = std::move(f); }
    std::unique_ptr<SyncJob> create(const std::string& name) const {
        auto it = factories_.find(name);
        return it == factories_.end() ? nullptr : it->second();
    }

private:
    std::map<std::string, Factory> factories_;
};

#define REGISTER_SYNC_JOB(name, cls)                                                         \
    namespace {                                                                              \
    const bool cls##_registered =                                                            \
        (JobRegistry::instance().add(name, [] { return std::unique_ptr<SyncJob>(new cls); }), \
         true);                                                                              \
    }

static size_t collect(char* data, size_t size, size_t nmemb, void* out) {
    static_cast<std::string*>(out)->append(data, size * nmemb);
    return size * nmemb;
}

// GET on the shared handle. Company-scoped endpoints get Procore-Company-Id;
// the account-level ones (/me, /companies) are called with company_scoped=false.
static long api_get(SyncContext& ctx, const std::string& path, bool company_scoped, std::string& body) {
    curl_easy_reset(ctx.curl);
    struct curl_slist* headers = nullptr;
    for (const auto& h : ctx.default_headers) headers = curl_slist_append(headers, h.c_str());
    const std::string auth = "Authorization: Bearer " + ctx.access_token;
    headers = curl_slist_append(headers, auth.c_str());
    if (company_scoped) {
        const std::string company = "Procore-Company-Id: " + std::to_string(ctx.company_id);
        headers = curl_slist_append(headers, company.c_str());
    }
    const std::string url = ctx.api_base + path;
    curl_easy_setopt(ctx.curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(ctx.curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(ctx.curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(ctx.curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(ctx.curl, CURLOPT_TIMEOUT, 60L);
    const CURLcode rc = curl_easy_perform(ctx.curl);
    long status = 0;
    curl_easy_getinfo(ctx.curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    return rc == CURLE_OK ? status : -1;
}

static bool fetch_token(SyncContext& ctx, const std::string& client_id, const std::string& secret) {
    curl_easy_reset(ctx.curl);
    char* id_enc = curl_easy_escape(ctx.curl, client_id.c_str(), 0);
    char* secret_enc = curl_easy_escape(ctx.curl, secret.c_str(), 0);
    const std::string form = std::string("grant_type=client_credentials&client_id=") + id_enc +
                             "&client_secret=" + secret_enc;
    curl_free(id_enc);
    curl_free(secret_enc);
    const std::string url = ctx.login_base + "/oauth/token";
    std::string body;
    curl_easy_setopt(ctx.curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(ctx.curl, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(ctx.curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(ctx.curl, CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(ctx.curl) != CURLE_OK) return false;
    auto reply = json::parse(body, nullptr, false);
    if (reply.is_discarded() || !reply.contains("access_token")) return false;
    ctx.access_token = reply["access_token"].get<std::string>();
    return true;
}

// ---- jobs ---------------------------------------------------------------
class CompaniesJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        std::string body;
        if (api_get(ctx, "/rest/v1.0/companies", false, body) != 200) return false;
        for (const auto& c : json::parse(body)) {
            if (c.at("id").get<std::int64_t>() == ctx.company_id) return true;
        }
        std::cerr << "service account has no access to company " << ctx.company_id << "\n";
        return false;
    }
};
REGISTER_SYNC_JOB("companies", CompaniesJob)

class HeartbeatJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        std::string body;
        const long status = api_get(ctx, "/rest/v1.0/me", false, body);
        std::cout << "heartbeat: " << status << "\n";
        return status == 200;
    }
};
REGISTER_SYNC_JOB("heartbeat", HeartbeatJob)

struct ProjectRow {
    long id;
    std::string name;
    std::string stage;
};

class ProjectsJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        std::string body;
        const std::string path = "/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id);
        if (api_get(ctx, path, true, body) != 200) return false;
        std::vector<ProjectRow> rows;
        for (const auto& p : json::parse(body)) {
            rows.push_back({p.at("id").get<long>(), p.value("name", ""), p.value("stage", "")});
        }
        std::cout << "projects: " << rows.size() << " rows\n";
        return true;
    }
};
REGISTER_SYNC_JOB("projects", ProjectsJob)

class UsersJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        std::string body;
        const std::string path = "/rest/v1.0/companies/" + std::to_string(ctx.company_id) + "/users";
        if (api_get(ctx, path, true, body) != 200) return false;
        int synced = 0;
        for (const auto& u : json::parse(body)) {
            std::printf("user %d %s\n", u["id"].get<int>(), u.value("email_address", "").c_str());
            ++synced;
        }
        std::printf("users: %d synced\n", synced);
        return true;
    }
};
REGISTER_SYNC_JOB("users", UsersJob)

class SubmittalsJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        for (std::int64_t project_id : ctx.project_ids) {
            std::string body;
            const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals";
            if (api_get(ctx, path, true, body) != 200) return false;
            for (const auto& s : json::parse(body)) {
                const std::int64_t submittal_id = s.at("id").get<std::int64_t>();
                std::printf("submittal %lld (project %lld)\n", static_cast<long long>(submittal_id),
                            static_cast<long long>(project_id));
            }
        }
        return true;
    }
};
REGISTER_SYNC_JOB("submittals", SubmittalsJob)

// Timecards were added later by the payroll team; they wanted their own
// handle so a slow timecard export doesn't hold the shared one.
class TimecardsJob : public SyncJob {
public:
    bool run(SyncContext& ctx) override {
        CURL* h = curl_easy_init();
        if (!h) return false;
        bool ok = true;
        for (std::int64_t project_id : ctx.project_ids) {
            std::string body;
            const std::string url =
                ctx.api_base + "/rest/v1.0/projects/" + std::to_string(project_id) + "/timecard_entries";
            struct curl_slist* hdrs = nullptr;
            hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + ctx.access_token).c_str());
            hdrs = curl_slist_append(hdrs, ("X-Procore-Company-Id: " + std::to_string(ctx.company_id)).c_str());
            curl_easy_setopt(h, CURLOPT_URL, url.c_str());
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
            curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
            ok = curl_easy_perform(h) == CURLE_OK && ok;
            curl_slist_free_all(hdrs);
        }
        curl_easy_cleanup(h);
        return ok;
    }
};
REGISTER_SYNC_JOB("timecards", TimecardsJob)

// Failures go to the ops channel; this is Slack, not Procore.
static void notify_ops(const std::string& text) {
    CURL* h = curl_easy_init();
    if (!h) return;
    const json msg = {{"text", text}};
    const std::string payload = msg.dump();
    struct curl_slist* hdrs = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
}

static std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');) if (!item.empty()) out.push_back(item);
    return out;
}

int main() {
    const char* env = std::getenv("PROCORE_ENV");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* jobs_cfg = std::getenv("SYNCD_JOBS");
    const char* projects_cfg = std::getenv("SYNCD_PROJECT_IDS");
    const char* client_id = std::getenv("PROCORE_CLIENT_ID");
    const char* client_secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!company || !client_id || !client_secret) {
        std::cerr << "missing PROCORE_COMPANY_ID / PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET\n";
        return 2;
    }

    SyncContext ctx;
    const Environment* chosen = &kEnvironments[0];
    for (const auto& e : kEnvironments) if (env && std::string(env) == e.name) chosen = &e;
    ctx.login_base = chosen->login;
    ctx.api_base = chosen->api;
    ctx.company_id = std::atol(company);
    for (const auto& id : split(projects_cfg ? projects_cfg : "")) ctx.project_ids.push_back(std::stoll(id));
    ctx.default_headers = {"Accept: application/json", "User-Agent: procore-syncd/2.3"};

    curl_global_init(CURL_GLOBAL_DEFAULT);
    ctx.curl = curl_easy_init();
    const auto jobs = split(jobs_cfg ? jobs_cfg : "companies,projects,users");
    const int interval_minutes = 15;
    for (;;) {
        if (!fetch_token(ctx, client_id, client_secret)) {
            notify_ops("procore-syncd: token request failed");
        } else {
            for (const auto& name : jobs) {
                auto job = JobRegistry::instance().create(name);
                if (!job) { std::cerr << "unknown job " << name << "\n"; continue; }
                if (!job->run(ctx)) notify_ops("procore-syncd: job " + name + " failed");
            }
        }
        std::this_thread::sleep_for(std::chrono::minutes(interval_minutes));
    }
}
