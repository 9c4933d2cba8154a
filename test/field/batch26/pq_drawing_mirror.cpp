// pq_drawing_mirror.cpp - keeps the plan-room NAS in step with Procore drawings.
//
// Producers describe requests as PendingRequest structs and push them into a
// priority queue (token refresh first, then by age). Worker threads own one
// httplib::Client per base URL, add the bearer token and send. 401s queue a
// refresh and re-queue the request; 429/5xx are re-queued with backoff.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

static const std::string kApi = "https://api.procore.com";
static const std::string kLogin = "https://login.procore.com";
static const std::string kLegacy = "https://app.procore.com";   // drawing areas still live on vapid
static const int kPerPage = 200;

enum class Step { Me, Areas, Drawings, Revisions, Download, Refresh };

struct PendingRequest {
    Step step = Step::Me;
    int priority = 10;            // lower runs first; 0 is reserved for token refresh
    std::uint64_t order = 0;
    std::string base = kApi;
    std::string method = "GET";
    std::string path;
    httplib::Headers headers;
    std::string body;
    long long company_id = 0;
    long long project_id = 0;
    long long area_id = 0;
    int tries = 0;
};

struct Later {
    bool operator()(const PendingRequest& a, const PendingRequest& b) const {
        return a.priority != b.priority ? a.priority > b.priority : a.order > b.order;
    }
};

static std::priority_queue<PendingRequest, std::vector<PendingRequest>, Later> g_pending;
static std::mutex g_mu;
static std::condition_variable g_cv;
static std::uint64_t g_order = 0;
static std::atomic<bool> g_quit{false};
static std::atomic<bool> g_refresh_queued{false};
static std::string g_token, g_refresh_token;
static std::mutex g_token_mu;

static void enqueue(PendingRequest r) {
    std::lock_guard<std::mutex> lk(g_mu);
    r.order = g_order++;
    g_pending.push(std::move(r));
    g_cv.notify_one();
}

static bool dequeue(PendingRequest& out) {
    std::unique_lock<std::mutex> lk(g_mu);
    g_cv.wait(lk, [] { return g_quit || !g_pending.empty(); });
    if (g_pending.empty()) return false;
    out = g_pending.top();
    g_pending.pop();
    return true;
}

static httplib::Headers company(long long company_id) {
    return {{"Procore-Company-Id", std::to_string(company_id)}};
}

static void queue_refresh() {
    if (g_refresh_queued.exchange(true)) return;
    PendingRequest r;
    r.step = Step::Refresh;
    r.priority = 0;
    r.base = kLogin;
    r.method = "POST";
    r.path = "/oauth/token";
    std::lock_guard<std::mutex> lk(g_token_mu);
    r.body = "grant_type=refresh_token&refresh_token=" + g_refresh_token + "&client_id=" +
             std::getenv("PROCORE_CLIENT_ID") + "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
    enqueue(std::move(r));
}

static void queue_areas(long long company_id, long long project_id) {
    PendingRequest r;
    r.step = Step::Areas;
    r.base = kLegacy;
    r.company_id = company_id;
    r.project_id = project_id;
    r.path = "/vapid/projects/" + std::to_string(project_id) + "/drawing_areas";
    r.headers = company(company_id);
    enqueue(std::move(r));
}

static void on_success(const PendingRequest& req, const std::string& body) {
    Json::Value root;
    Json::CharReaderBuilder rb;
    std::string errs;
    std::unique_ptr<Json::CharReader> reader(rb.newCharReader());
    if (req.step != Step::Download &&
        !reader->parse(body.data(), body.data() + body.size(), &root, &errs)) {
        std::cerr << "unparseable response for " << req.path << ": " << errs << "\n";
        return;
    }
    switch (req.step) {
    case Step::Refresh: {
        std::lock_guard<std::mutex> lk(g_token_mu);
        g_token = root["access_token"].asString();
        g_refresh_token = root["refresh_token"].asString();
        g_refresh_queued = false;
        break;
    }
    case Step::Me:
        std::cerr << "mirroring as " << root["login"].asString() << " (" << root["id"].asInt64() << ")\n";
        break;
    case Step::Areas:
        for (const auto& a : root) {
            PendingRequest r;
            r.step = Step::Drawings;
            r.company_id = req.company_id;
            r.project_id = req.project_id;
            r.area_id = a["id"].asInt64();
            r.path = "/rest/v1.0/drawing_areas/" + std::to_string(r.area_id) + "/drawings?project_id=" +
                     std::to_string(req.project_id) + "&per_page=" + std::to_string(kPerPage);
            r.headers = company(req.company_id);
            enqueue(std::move(r));
        }
        break;
    case Step::Drawings:
        for (const auto& d : root) {
            int drawing_id = d["id"].asInt();
            PendingRequest r;
            r.step = Step::Revisions;
            r.company_id = req.company_id;
            r.project_id = req.project_id;
            r.path = "/rest/v1.0/projects/" + std::to_string(req.project_id) + "/drawings/" +
                     std::to_string(drawing_id) + "/drawing_revisions";
            r.headers = {{"Procore-CompanyId", std::to_string(req.company_id)}};
            enqueue(std::move(r));
        }
        break;
    case Step::Revisions:
        if (!root.empty() && root[0].isMember("pdf_url")) {
            const std::string url = root[0]["pdf_url"].asString();   // presigned storage link
            const auto slash = url.find('/', 8);
            PendingRequest r;
            r.step = Step::Download;
            r.priority = 20;
            r.base = url.substr(0, slash);
            r.path = url.substr(slash);
            r.body = "/mnt/planroom/" + std::to_string(req.project_id) + "/" +
                     root[0]["number"].asString() + ".pdf";   // local target, not sent
            enqueue(std::move(r));
        }
        break;
    case Step::Download:
        std::ofstream(req.body, std::ios::binary) << body;
        break;
    }
}

static void worker() {
    std::map<std::string, std::unique_ptr<httplib::Client>> clients;
    PendingRequest req;
    while (dequeue(req)) {
        auto& cli = clients[req.base];
        if (!cli) {
            cli = std::make_unique<httplib::Client>(req.base);
            cli->set_read_timeout(60, 0);
        }
        httplib::Headers hdrs = req.headers;
        if (req.step != Step::Refresh && req.step != Step::Download) {
            std::lock_guard<std::mutex> lk(g_token_mu);
            hdrs.emplace("Authorization", "Bearer " + g_token);
        }
        httplib::Result res = req.method == "POST"
            ? cli->Post(req.path, hdrs, req.body, "application/x-www-form-urlencoded")
            : cli->Get(req.path, hdrs);
        const int status = res ? res->status : 0;
        if (status == 401 && req.step != Step::Refresh) {
            queue_refresh();
            enqueue(req);
        } else if ((status == 0 || status == 429 || status >= 500) && ++req.tries < 5) {
            std::this_thread::sleep_for(std::chrono::seconds(2 * req.tries));
            enqueue(req);
        } else if (status >= 200 && status < 300) {
            on_success(req, res->body);
        } else {
            std::cerr << req.method << " " << req.base << req.path << " -> " << status << "\n";
            if (req.step == Step::Refresh) g_refresh_queued = false;
        }
    }
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: drawing_mirror <company_id> <project_id>...\n";
        return 2;
    }
    g_token = std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "";
    g_refresh_token = std::getenv("PROCORE_REFRESH") ? std::getenv("PROCORE_REFRESH") : "";
    const long long company_id = std::stoll(argv[1]);

    PendingRequest me;
    me.path = "/rest/v1.0/me";
    enqueue(me);
    for (int i = 2; i < argc; ++i) {
        const long long project_id = std::stoll(argv[i]);
        queue_areas(company_id, project_id);
        std::cout << "project: https://app.procore.com/" << company_id << "/project/home?project_id="
                  << project_id << "\n";
    }

    std::vector<std::thread> pool;
    for (unsigned i = 0; i < std::max(2u, std::thread::hardware_concurrency() / 2); ++i)
        pool.emplace_back(worker);
    std::this_thread::sleep_for(std::chrono::hours(1));
    g_quit = true;
    g_cv.notify_all();
    for (auto& t : pool) t.join();
    return 0;
}
