// th_httplib_drawing_sync.cpp - pulls the current drawing set of the given
// projects into a plot-room cache. Producer: main thread walks drawing areas
// and enqueues one DrawingJob per area. Consumers: N workers, each with its
// own httplib::Client (httplib clients are not safe to share across threads).
//
//   drawing_sync --company 8812 --threads 3 1200345 1200388
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* kApiHost = "https://api.procore.com";
const char* kWebHost = "https://app.procore.com";
const char* kStorageHost = "https://storage.procore.com";

struct DrawingJob {
    int64_t project_id;
    int64_t area_id;
    std::string area_name;
};

struct DrawingRecord {
    int64_t drawing_id;
    unsigned revision_id;
    std::string number;
    std::string title;
    std::string revision;
};

std::mutex q_mu;
std::condition_variable q_cv;
std::deque<DrawingJob> q;
bool q_closed = false;

std::mutex out_mu;
std::map<int64_t, std::vector<DrawingRecord>> by_area;

std::string g_token;
int64_t g_company = 0;

bool parse(const std::string& s, Json::Value& out) {
    Json::CharReaderBuilder b;
    std::unique_ptr<Json::CharReader> r(b.newCharReader());
    std::string err;
    return r->parse(s.data(), s.data() + s.size(), &out, &err);
}

bool fetch_token(const std::string& refresh) {
    httplib::Client auth("https://api.procore.com");
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", refresh},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
    auto res = auth.Post("/oauth/token", form);
    Json::Value tok;
    if (!res || res->status != 200 || !parse(res->body, tok)) return false;
    g_token = tok["access_token"].asString();
    return true;
}

std::vector<DrawingJob> list_areas(int64_t project_id) {
    httplib::Client cli(kApiHost);
    httplib::Headers h{{"Authorization", "Bearer " + g_token}};
    auto res = cli.Get(("/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas").c_str(), h);
    std::vector<DrawingJob> jobs;
    Json::Value arr;
    if (!res || res->status != 200 || !parse(res->body, arr)) {
        std::cerr << "drawing areas for " << project_id << " failed\n";
        return jobs;
    }
    for (const auto& a : arr)
        jobs.push_back({project_id, a["id"].asInt64(), a["name"].asString()});
    return jobs;
}

void save_pdf(httplib::Client& storage, const std::string& path, const std::string& file) {
    auto res = storage.Get(path.c_str());
    if (res && res->status == 200) std::ofstream(file, std::ios::binary) << res->body;
}

void worker(int n) {
    httplib::Client cli(kApiHost);
    cli.set_default_headers({{"Authorization", "Bearer " + g_token},
                             {"Procore-Company-Id", std::to_string(g_company)}});
    cli.set_read_timeout(60, 0);
    httplib::Client storage(kStorageHost);

    for (;;) {
        DrawingJob job;
        {
            std::unique_lock<std::mutex> lk(q_mu);
            q_cv.wait(lk, [] { return q_closed || !q.empty(); });
            if (q.empty()) return;
            job = std::move(q.front());
            q.pop_front();
        }
        std::ostringstream path;
        path << "/rest/v1.1/drawing_areas/" << job.area_id << "/drawings?project_id=" << job.project_id;
        auto res = cli.Get(path.str().c_str());
        Json::Value drawings;
        if (!res || res->status != 200 || !parse(res->body, drawings)) {
            std::cerr << "[w" << n << "] area " << job.area_name << " failed\n";
            continue;
        }
        std::vector<DrawingRecord> recs;
        for (const auto& d : drawings) {
            DrawingRecord rec;
            rec.drawing_id = d["id"].asInt();
            rec.number = d["number"].asString();
            rec.title = d["title"].asString();
            const Json::Value& cur = d["current_revision"];
            rec.revision_id = cur["id"].asUInt();
            rec.revision = cur["revision_number"].asString();

            std::string rev_path = "/rest/v1.0/projects/" + std::to_string(job.project_id) +
                                   "/drawing_revisions?filters[drawing_id]=" +
                                   std::to_string(rec.drawing_id);
            if (auto revs = cli.Get(rev_path.c_str())) {
                Json::Value list;
                if (revs->status == 200 && parse(revs->body, list) && !list.empty()) {
                    std::string pdf = list[0]["pdf_url"].asString();
                    auto pos = pdf.find("storage.procore.com");
                    if (pos != std::string::npos)
                        save_pdf(storage, pdf.substr(pos + 19), rec.number + ".pdf");
                }
            }
            recs.push_back(std::move(rec));
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
        }
        std::lock_guard<std::mutex> lk(out_mu);
        by_area[job.area_id] = std::move(recs);
    }
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 2;
    std::vector<int64_t> projects;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--company" && i + 1 < argc) g_company = std::stoll(argv[++i]);
        else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else projects.push_back(std::stoll(a));
    }
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!refresh || !fetch_token(refresh)) {
        std::cerr << "could not obtain an access token\n";
        return 1;
    }

    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker, i);

    for (int64_t pid : projects) {
        for (auto& job : list_areas(pid)) {
            std::lock_guard<std::mutex> lk(q_mu);
            q.push_back(std::move(job));
            q_cv.notify_one();
        }
    }
    {
        std::lock_guard<std::mutex> lk(q_mu);
        q_closed = true;
    }
    q_cv.notify_all();
    for (auto& t : pool) t.join();

    std::size_t total = 0;
    for (const auto& [area, recs] : by_area) total += recs.size();
    std::cout << total << " drawings cached from " << by_area.size() << " areas\n";
    for (int64_t pid : projects)
        std::cout << "  review: " << kWebHost << "/" << g_company << "/project/drawing_log?project_id=" << pid
                  << "\n";
    return 0;
}
