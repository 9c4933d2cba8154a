// submittal_batcher.cpp - service-account daemon that mirrors review outcomes
// from the design review tool into Procore submittals.
//
// Runs under a Developer Managed Service Account (client_credentials grant).
// Review outcomes are read from the export CSV, turned into PendingJob
// descriptors and processed in batches of kBatchSize concurrent requests.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace {

struct Environment {
    std::string login;
    std::string api;
};

const std::map<std::string, Environment> kEnvironments = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com",
                 "https://login-sandbox-monthly.procore.com"}},
};

constexpr int kBatchSize = 8;
constexpr int kMaxAttempts = 3;

enum class Verb { Get, Patch };

struct PendingJob {
    Verb verb = Verb::Get;
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::int64_t project_id = 0;
    long submittal_id = 0;
    int attempts = 0;
};

struct ReviewRow {
    std::string project;
    std::string submittal;
    std::string outcome;  // "approved", "revise_resubmit", ...
};

Environment g_env;
std::string g_token;
std::int64_t g_company_id = 0;
std::mutex g_cache_mu;
std::map<std::int64_t, std::string> g_status_by_submittal;

std::vector<std::pair<std::string, std::string>> companyHeader() {
    return {{"Procore-Company-Id", std::to_string(g_company_id)}};
}

cpr::Response send(const PendingJob& job) {
    cpr::Header hdr{{"Authorization", "Bearer " + g_token}, {"Accept", "application/json"}};
    for (const auto& [k, v] : job.headers) hdr[k] = v;
    cpr::Parameters params;
    for (const auto& [k, v] : job.query) params.Add({k, v});

    cpr::Session session;
    session.SetUrl(cpr::Url{g_env.api + job.path});
    session.SetHeader(hdr);
    session.SetParameters(params);
    if (job.verb == Verb::Patch) {
        session.SetBody(cpr::Body{job.body});
        return session.Patch();
    }
    return session.Get();
}

bool authenticate(const std::string& clientId, const std::string& secret) {
    auto r = cpr::Post(cpr::Url{g_env.login + "/oauth/token"},
                       cpr::Payload{{"grant_type", "client_credentials"},
                                    {"client_id", clientId},
                                    {"client_secret", secret}});
    if (r.status_code != 200) {
        std::cerr << "token request failed: " << r.status_code << " " << r.text << "\n";
        return false;
    }
    g_token = json::parse(r.text).value("access_token", "");
    return !g_token.empty();
}

bool companyVisible() {
    auto r = cpr::Get(cpr::Url{g_env.api + "/rest/v1.0/companies"}, cpr::Bearer{g_token});
    if (r.status_code != 200) return false;
    for (const auto& c : json::parse(r.text))
        if (c.at("id").get<std::int64_t>() == g_company_id) return true;
    return false;
}

std::vector<ReviewRow> readExport(const std::string& file) {
    std::vector<ReviewRow> rows;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        ReviewRow r;
        std::getline(ss, r.project, ',');
        std::getline(ss, r.submittal, ',');
        std::getline(ss, r.outcome, ',');
        if (!r.submittal.empty()) rows.push_back(r);
    }
    return rows;
}

PendingJob makeStatusJob(const ReviewRow& row) {
    PendingJob job;
    job.verb = Verb::Patch;
    job.project_id = std::stoll(row.project);
    job.submittal_id = std::stoi(row.submittal);
    job.path = "/rest/v1.1/projects/" + std::to_string(job.project_id) + "/submittals/" +
               std::to_string(job.submittal_id);
    job.headers = companyHeader();
    job.headers.emplace_back("Content-Type", "application/json");
    job.body = json{{"submittal", {{"status", row.outcome}}}}.dump();
    return job;
}

PendingJob makeRefreshJob(std::int64_t projectId, std::int64_t submittalId) {
    PendingJob job;
    job.project_id = projectId;
    job.submittal_id = submittalId;
    job.path = "/rest/v1.1/projects/" + std::to_string(projectId) + "/submittals/" +
               std::to_string(submittalId);
    job.headers = companyHeader();
    return job;
}

// Runs one batch concurrently; returns the jobs that should be tried again.
std::vector<PendingJob> processBatch(std::vector<PendingJob> batch) {
    std::vector<std::future<cpr::Response>> inflight;
    for (const auto& job : batch) inflight.push_back(std::async(std::launch::async, send, job));

    std::vector<PendingJob> again;
    for (size_t i = 0; i < batch.size(); ++i) {
        cpr::Response r = inflight[i].get();
        PendingJob& job = batch[i];
        if (r.status_code >= 200 && r.status_code < 300) {
            auto doc = json::parse(r.text, nullptr, false);
            std::lock_guard<std::mutex> lk(g_cache_mu);
            g_status_by_submittal[job.submittal_id] = doc.is_object() ? doc.value("status", json{}).value("name", "") : "";
            if (job.verb == Verb::Patch)
                again.push_back(makeRefreshJob(job.project_id, job.submittal_id));
            continue;
        }
        if (++job.attempts >= kMaxAttempts) {
            std::cerr << "dropping " << job.path << " after " << job.attempts << " attempts\n";
            continue;
        }
        if (r.status_code == 422 && job.verb == Verb::Patch) {
            // workflow refuses the jump: park it as a plain refresh so the cache is right
            PendingJob downgraded = makeRefreshJob(job.project_id, job.submittal_id);
            downgraded.attempts = job.attempts;
            again.push_back(std::move(downgraded));
        } else {
            again.push_back(job);
        }
    }
    return again;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_batcher <env> <review_export.csv>\n";
        return 2;
    }
    auto env = kEnvironments.find(argv[1]);
    if (env == kEnvironments.end()) {
        std::cerr << "unknown environment " << argv[1] << "\n";
        return 2;
    }
    g_env = env->second;
    const char* cid = std::getenv("DMSA_CLIENT_ID");
    const char* sec = std::getenv("DMSA_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!cid || !sec || !company) return 2;
    g_company_id = std::strtoll(company, nullptr, 10);

    if (!authenticate(cid, sec) || !companyVisible()) {
        std::cerr << "service account cannot see company " << g_company_id << "\n";
        return 1;
    }

    std::vector<PendingJob> pending;
    for (const auto& row : readExport(argv[2])) pending.push_back(makeStatusJob(row));

    int round = 0;
    while (!pending.empty()) {
        std::vector<PendingJob> next;
        for (size_t off = 0; off < pending.size(); off += kBatchSize) {
            size_t end = std::min(pending.size(), off + static_cast<size_t>(kBatchSize));
            std::vector<PendingJob> batch(pending.begin() + off, pending.begin() + end);
            auto retry = processBatch(std::move(batch));
            next.insert(next.end(), retry.begin(), retry.end());
        }
        // refresh jobs come back once; stop after they have been fetched
        pending.clear();
        for (auto& j : next)
            if (j.verb == Verb::Patch || j.attempts > 0 || round == 0) pending.push_back(j);
        ++round;
    }

    for (const auto& [id, status] : g_status_by_submittal)
        std::cout << id << "\t" << status << "\t" << "https://app.procore.com/" << g_company_id
                  << "/company/home\n";
    return 0;
}
