// vendor_sync.cpp - mirrors the company vendor directory (and per-project
// vendor assignments) into the ERP staging area, then stamps each vendor's
// origin_id. Headless: runs as a Developer Managed Service Account, i.e.
// client_credentials grant, no user in the loop.
//
// Dispatch: main thread round-robins jobs into per-worker lock-free SPSC rings;
// workers are std::async tasks; replies travel back through std::promise.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <rapidjson/document.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <iostream>
#include <list>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const std::string kLogin = "https://login.procore.com";
const std::string kApi = "https://api.procore.com";
constexpr int kWorkers = 4;

struct Reply {
    long status = 0;
    std::string body;
};

struct Job {
    std::string method = "GET";
    std::string path;
    std::string body;
    int attempts = 0;
    std::promise<Reply> reply;
};

template <typename T, size_t N>
class SpscRing {
public:
    bool push(T v) {
        size_t t = tail_.load(std::memory_order_relaxed);
        size_t next = (t + 1) % N;
        if (next == head_.load(std::memory_order_acquire)) return false;
        slots_[t] = std::move(v);
        tail_.store(next, std::memory_order_release);
        return true;
    }
    bool pop(T& out) {
        size_t h = head_.load(std::memory_order_relaxed);
        if (h == tail_.load(std::memory_order_acquire)) return false;
        out = std::move(slots_[h]);
        head_.store((h + 1) % N, std::memory_order_release);
        return true;
    }

private:
    std::array<T, N> slots_{};
    std::atomic<size_t> head_{0}, tail_{0};
};

using JobPtr = std::shared_ptr<Job>;

std::string g_token;
int64_t g_companyId = 0;
std::array<SpscRing<JobPtr, 256>, kWorkers> g_rings;
std::atomic<bool> g_stop{false};

Reply send(const std::string& method, const std::string& url, const std::list<std::string>& headers,
           const std::string& body = {}) {
    curlpp::Easy req;
    std::ostringstream os;
    req.setOpt(curlpp::options::Url(url));
    req.setOpt(curlpp::options::CustomRequest(method));
    req.setOpt(curlpp::options::HttpHeader(headers));
    if (!body.empty()) {
        req.setOpt(curlpp::options::PostFields(body));
        req.setOpt(curlpp::options::PostFieldSize(static_cast<long>(body.size())));
    }
    req.setOpt(curlpp::options::WriteStream(&os));
    req.perform();
    return Reply{curlpp::infos::ResponseCode::get(req), os.str()};
}

std::list<std::string> procoreHeaders() {
    return {"Authorization: Bearer " + g_token, "Content-Type: application/json",
            "Procore-Company-Id: " + std::to_string(g_companyId)};
}

bool authenticate(const std::string& clientId, const std::string& secret) {
    curlpp::Easy req;
    std::ostringstream os;
    req.setOpt(curlpp::options::Url(kLogin + "/oauth/token"));
    req.setOpt(curlpp::options::PostFields("grant_type=client_credentials&client_id=" + clientId +
                                           "&client_secret=" + secret));
    req.setOpt(curlpp::options::WriteStream(&os));
    req.perform();
    rapidjson::Document d;
    d.Parse(os.str().c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return false;
    g_token = d["access_token"].GetString();
    return true;
}

int workerLoop(int idx) {
    int handled = 0;
    JobPtr job;
    while (!g_stop.load()) {
        if (!g_rings[idx].pop(job)) {
            std::this_thread::yield();
            continue;
        }
        Reply r;
        try {
            r = send(job->method, kApi + job->path, procoreHeaders(), job->body);
        } catch (const curlpp::RuntimeError& e) {
            r.status = 0;
            r.body = e.what();
        }
        if ((r.status == 0 || r.status == 429 || r.status >= 500) && ++job->attempts < 3) {
            std::this_thread::sleep_for(std::chrono::seconds(job->attempts));
            while (!g_rings[idx].push(job)) std::this_thread::yield();
            continue;
        }
        job->reply.set_value(std::move(r));
        ++handled;
    }
    return handled;
}

std::future<Reply> dispatch(std::string method, std::string path, std::string body = {}) {
    static std::atomic<unsigned> next{0};
    auto job = std::make_shared<Job>();
    job->method = std::move(method);
    job->path = std::move(path);
    job->body = std::move(body);
    auto fut = job->reply.get_future();
    unsigned slot = next++ % kWorkers;
    while (!g_rings[slot].push(job)) std::this_thread::yield();
    return fut;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: vendor_sync COMPANY_ID   (PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET in env)\n";
        return 2;
    }
    curlpp::Cleanup cleanup;
    g_companyId = std::stoll(argv[1]);
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !sec || !authenticate(cid, sec)) {
        std::cerr << "service account login failed, see https://support.procore.com/faq/what-is-a-service-account\n";
        return 1;
    }

    // sanity check that the DMSA was installed in this company
    Reply companies = send("GET", kApi + "/rest/v1.0/companies",
                           {"Authorization: Bearer " + g_token, "Accept: application/json"});
    rapidjson::Document cd;
    cd.Parse(companies.body.c_str());
    bool installed = false;
    for (const auto& c : cd.GetArray())
        if (c["id"].GetInt64() == g_companyId) installed = true;
    if (!installed) {
        std::cerr << "service account not installed in company " << g_companyId << "\n";
        return 1;
    }
    Reply me = send("GET", kApi + "/rest/v1.0/me", procoreHeaders());
    std::cerr << "running as " << me.status << " " << me.body.substr(0, 80) << "\n";

    std::vector<std::future<int>> workers;
    for (int i = 0; i < kWorkers; ++i) workers.push_back(std::async(std::launch::async, workerLoop, i));

    auto vendorsFut = dispatch("GET", "/rest/v1.0/vendors?company_id=" + std::to_string(g_companyId) + "&per_page=500");
    auto projectsFut = dispatch("GET", "/rest/v1.0/projects?company_id=" + std::to_string(g_companyId));

    rapidjson::Document vendors;
    vendors.Parse(vendorsFut.get().body.c_str());
    std::vector<std::future<Reply>> stamps;
    for (const auto& v : vendors.GetArray()) {
        int vendorId = v["id"].GetInt();
        std::string patch = R"({"vendor":{"origin_id":"ERP-)" + std::to_string(vendorId) + R"("}})";
        stamps.push_back(dispatch("PATCH", "/rest/v1.0/vendors/" + std::to_string(vendorId) +
                                               "?company_id=" + std::to_string(g_companyId), patch));
    }

    // fan-out: vendor assignments per project
    rapidjson::Document projects;
    projects.Parse(projectsFut.get().body.c_str());
    std::vector<std::pair<long, std::future<Reply>>> perProject;
    for (const auto& p : projects.GetArray()) {
        int64_t pid = p["id"].GetInt64();
        perProject.emplace_back(pid, dispatch("GET", "/rest/v1.0/projects/" + std::to_string(pid) + "/vendors"));
    }

    int failed = 0;
    for (auto& f : stamps)
        if (f.get().status >= 300) ++failed;
    size_t assignments = 0;
    for (auto& [pid, f] : perProject) {
        Reply r = f.get();
        if (r.status != 200) {
            std::cerr << "project " << pid << ": vendor list failed (" << r.status << ")\n";
            continue;
        }
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        if (d.IsArray()) assignments += d.Size();
    }

    g_stop = true;
    int handled = 0;
    for (auto& w : workers) handled += w.get();

    std::string summary = R"({"text":"vendor sync: )" + std::to_string(vendors.Size()) + " vendors, " +
                          std::to_string(assignments) + " project assignments, " + std::to_string(failed) +
                          R"( failed stamps"})";
    if (const char* hook = std::getenv("SLACK_WEBHOOK_URL"))
        send("POST", hook, {"Content-Type: application/json"}, summary);
    std::cerr << handled << " requests handled\n";
    return failed ? 1 : 0;
}
