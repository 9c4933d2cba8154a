// drawing_indexer.cpp - builds the local drawing index used by the plan-room
// kiosk. Jobs fan out: company -> projects -> drawing areas -> drawings.
// Workers are std::threads over a condition-variable queue; each job carries
// a completion callback that may enqueue further jobs.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <atomic>
#include <cstdlib>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

struct ApiJob {
    method verb;
    utility::string_t path;
    int attempts = 0;
    std::function<void(const json::value&)> onDone;
};

struct DrawingEntry {
    int64_t projectId;
    int32_t areaId;
    int64_t drawingId;
    std::string number;
    std::string title;
};

class Indexer {
public:
    Indexer(utility::string_t token, int64_t companyId)
        : token_(std::move(token)), companyId_(companyId),
          api_(U("https://api.procore.com")), login_(U("https://login.procore.com")) {}

    void enqueue(ApiJob job) {
        std::lock_guard<std::mutex> lk(mu_);
        ++outstanding_;
        jobs_.push(std::move(job));
        cv_.notify_one();
    }

    void runWorkers(unsigned n) {
        std::vector<std::thread> threads;
        for (unsigned i = 0; i < n; ++i) threads.emplace_back([this] { workerLoop(); });
        for (auto& t : threads) t.join();
    }

    bool refresh(const utility::string_t& clientId, const utility::string_t& secret,
                 const utility::string_t& refreshToken) {
        http_request req(methods::POST);
        req.set_request_uri(U("/oauth/token"));
        req.set_body(U("grant_type=refresh_token&client_id=") + clientId + U("&client_secret=") + secret +
                         U("&refresh_token=") + refreshToken,
                     U("application/x-www-form-urlencoded"));
        auto resp = login_.request(req).get();
        if (resp.status_code() != status_codes::OK) return false;
        token_ = resp.extract_json().get().at(U("access_token")).as_string();
        return true;
    }

    void checkIdentity() {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/me"));
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        auto resp = login_.request(req).get();
        auto me = resp.extract_json().get();
        std::cout << "indexing as " << utility::conversions::to_utf8string(me[U("login")].as_string()) << "\n";
    }

    void listRevisions(int64_t projectId, int64_t drawingId) {
        auto path = U("/rest/v1.0/projects/") + utility::conversions::to_string_t(std::to_string(projectId)) +
                    U("/drawings/") + utility::conversions::to_string_t(std::to_string(drawingId)) +
                    U("/drawing_revisions");
        http_request req(methods::GET);
        req.set_request_uri(path);
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        auto revs = api_.request(req).get().extract_json().get();
        std::lock_guard<std::mutex> lk(indexMu_);
        revisionCount_[drawingId] = static_cast<int>(revs.as_array().size());
    }

    std::vector<DrawingEntry> entries() const { return index_; }
    std::map<int64_t, int> revisionCounts() const { return revisionCount_; }

private:
    http_request makeRequest(const ApiJob& job) const {
        http_request req(job.verb);
        req.set_request_uri(job.path);
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        req.headers().add(U("Procore-Company-Id"), companyId_);
        return req;
    }

    void workerLoop() {
        for (;;) {
            ApiJob job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return !jobs_.empty() || outstanding_ == 0; });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop();
            }
            bool requeued = false;
            try {
                http_response resp = api_.request(makeRequest(job)).get();
                if (resp.status_code() == status_codes::TooManyRequests && job.attempts < 5) {
                    ++job.attempts;
                    std::this_thread::sleep_for(std::chrono::milliseconds(500 << job.attempts));
                    std::lock_guard<std::mutex> lk(mu_);
                    jobs_.push(std::move(job));
                    requeued = true;
                } else if (resp.status_code() == status_codes::OK) {
                    job.onDone(resp.extract_json().get());
                } else {
                    std::cerr << "HTTP " << resp.status_code() << " for "
                              << utility::conversions::to_utf8string(job.path) << "\n";
                }
            } catch (const std::exception& e) {
                std::cerr << "request failed: " << e.what() << "\n";
            }
            if (!requeued) {
                std::lock_guard<std::mutex> lk(mu_);
                if (--outstanding_ == 0) cv_.notify_all();
            } else {
                cv_.notify_one();
            }
        }
    }

public:
    void addDrawing(DrawingEntry e) {
        std::lock_guard<std::mutex> lk(indexMu_);
        index_.push_back(std::move(e));
    }

private:
    utility::string_t token_;
    int64_t companyId_;
    http_client api_;
    http_client login_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::queue<ApiJob> jobs_;
    int outstanding_ = 0;
    std::mutex indexMu_;
    std::vector<DrawingEntry> index_;
    std::map<int64_t, int> revisionCount_;
};

static utility::string_t str(int64_t v) { return utility::conversions::to_string_t(std::to_string(v)); }

int main(int argc, char** argv) {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refreshToken = std::getenv("PROCORE_REFRESH_TOKEN");
    if (argc < 2 || !cid || !secret || !refreshToken) {
        std::cerr << "usage: drawing_indexer COMPANY_ID  (PROCORE_CLIENT_ID/SECRET/REFRESH_TOKEN in env)\n";
        return 2;
    }
    const int64_t companyId = std::stoll(argv[1]);
    Indexer ix(U(""), companyId);
    using utility::conversions::to_string_t;
    if (!ix.refresh(to_string_t(cid), to_string_t(secret), to_string_t(refreshToken))) {
        std::cerr << "token refresh failed\n";
        return 1;
    }
    ix.checkIdentity();

    ix.enqueue({methods::GET, U("/rest/v1.0/companies/") + str(companyId) + U("/projects?per_page=300"), 0,
                [&ix](const json::value& projects) {
                    for (const auto& p : projects.as_array()) {
                        int64_t pid = p.at(U("id")).as_number().to_int64();
                        ix.enqueue({methods::GET, U("/rest/v1.1/projects/") + str(pid) + U("/drawing_areas"), 0,
                                    [&ix, pid](const json::value& areas) {
                                        for (const auto& a : areas.as_array()) {
                                            int32_t areaId = a.at(U("id")).as_integer();
                                            ix.enqueue({methods::GET,
                                                        U("/rest/v1.1/drawing_areas/") + str(areaId) +
                                                            U("/drawings?project_id=") + str(pid),
                                                        0,
                                                        [&ix, pid, areaId](const json::value& drawings) {
                                                            for (const auto& d : drawings.as_array()) {
                                                                DrawingEntry e;
                                                                e.projectId = pid;
                                                                e.areaId = areaId;
                                                                e.drawingId = d.at(U("id")).as_number().to_int64();
                                                                e.number = utility::conversions::to_utf8string(
                                                                    d.at(U("number")).as_string());
                                                                e.title = utility::conversions::to_utf8string(
                                                                    d.at(U("title")).as_string());
                                                                ix.addDrawing(std::move(e));
                                                            }
                                                        }});
                                        }
                                    }});
                    }
                }});

    ix.runWorkers(6);

    auto all = ix.entries();
    for (const auto& e : all) ix.listRevisions(e.projectId, e.drawingId);
    auto revs = ix.revisionCounts();
    for (const auto& e : all)
        std::cout << e.projectId << '\t' << e.areaId << '\t' << e.drawingId << '\t' << e.number << '\t'
                  << e.title << '\t' << revs[e.drawingId] << '\n';
    std::cerr << all.size() << " drawings indexed\n";
    return 0;
}
