// pq_dailylog_ingest.cpp - field tablets drop daily-log JSON into a spool
// directory; this daemon turns each file into Procore daily-log entries.
//
// Spool scanner (producer) -> LogRequest queue -> uploader threads (cpr).
// Uploaders attach the bearer token; producers set everything else. Token
// refresh is queued at priority 0 so it overtakes waiting uploads.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace dailylog {

constexpr const char* kTokenUrl = "https://login.procore.com/oauth/token";
constexpr int kPushgatewayPort = 9091;

std::string api_base_for(const std::string& zone) {
    // Customers on the US02 zone see us02 in their browser, so route them there too.
    if (zone == "us02") return "https://us02.procore.com";
    return "https://api.procore.com";
}

enum class Verb { Get, Post };

struct LogRequest {
    int priority = 10;
    std::uint64_t ticket = 0;
    Verb verb = Verb::Post;
    std::string url;
    cpr::Header headers;
    std::string body;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::string source_file;
    int retries_left = 4;
    bool is_token_refresh = false;
};

struct QueueOrder {
    bool operator()(const LogRequest& a, const LogRequest& b) const {
        return a.priority == b.priority ? a.ticket > b.ticket : a.priority > b.priority;
    }
};

class RequestQueue {
public:
    void put(LogRequest r) {
        std::lock_guard<std::mutex> lk(m_);
        r.ticket = ticket_++;
        q_.push(std::move(r));
        cv_.notify_one();
    }
    LogRequest take() {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [this] { return !q_.empty(); });
        LogRequest r = q_.top();
        q_.pop();
        return r;
    }

private:
    std::priority_queue<LogRequest, std::vector<LogRequest>, QueueOrder> q_;
    std::mutex m_;
    std::condition_variable cv_;
    std::uint64_t ticket_ = 0;
};

RequestQueue queue;
std::mutex token_mutex;
std::string access_token;
std::string refresh_token;
bool refresh_pending = false;

void request_token_refresh() {
    std::lock_guard<std::mutex> lk(token_mutex);
    if (refresh_pending) return;
    refresh_pending = true;
    LogRequest r;
    r.priority = 0;
    r.is_token_refresh = true;
    r.url = kTokenUrl;
    r.headers = cpr::Header{{"Content-Type", "application/json"}};
    r.body = json{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token},
                  {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                  {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}}.dump();
    queue.put(std::move(r));
}

// Producer: <project_id>_<yyyy-mm-dd>.json, written by the tablet app.
void produce_from_file(const fs::path& file, std::int64_t company_id, const std::string& base) {
    const std::string name = file.stem().string();
    const int project_id = std::stoi(name.substr(0, name.find('_')));
    const std::string date = name.substr(name.find('_') + 1);
    json doc = json::parse(std::ifstream(file));
    const std::string project_path = base + "/rest/v1.0/projects/" + std::to_string(project_id);

    for (const auto& note : doc.value("notes", json::array())) {
        LogRequest r;
        r.company_id = company_id;
        r.project_id = project_id;
        r.source_file = file.string();
        r.url = project_path + "/notes_logs";
        r.headers = cpr::Header{{"Procore-Company-Id", std::to_string(company_id)},
                                {"Content-Type", "application/json"}};
        r.body = json{{"notes_log", {{"date", date}, {"comment", note.value("text", "")}}}}.dump();
        queue.put(std::move(r));
    }
    for (const auto& crew : doc.value("crews", json::array())) {
        LogRequest r;
        r.company_id = company_id;
        r.project_id = project_id;
        r.source_file = file.string();
        r.url = project_path + "/manpower_logs";
        r.headers = cpr::Header{{"X-Procore-Company-Id", std::to_string(company_id)},
                                {"Content-Type", "application/json"}};
        r.body = json{{"manpower_log", {{"date", date},
                                        {"num_workers", crew.value("workers", 0)},
                                        {"num_hours", crew.value("hours", 0.0)},
                                        {"vendor_id", crew.at("vendor_id").get<std::int64_t>()}}}}.dump();
        queue.put(std::move(r));
    }
    if (doc.contains("weather")) {
        LogRequest r;
        r.company_id = company_id;
        r.project_id = project_id;
        r.source_file = file.string();
        r.url = project_path + "/weather_logs";
        r.headers = cpr::Header{{"procore-company-id", std::to_string(company_id)},
                                {"Content-Type", "application/json"}};
        r.body = json{{"weather_log", {{"date", date}, {"temperature_avg", doc["weather"].value("temp_f", 0)},
                                       {"comments", doc["weather"].value("notes", "")}}}}.dump();
        queue.put(std::move(r));
    }
}

void uploader() {
    for (;;) {
        LogRequest req = queue.take();
        std::string bearer;
        {
            std::lock_guard<std::mutex> lk(token_mutex);
            bearer = access_token;
        }
        cpr::Header hdr = req.headers;
        if (!req.is_token_refresh) hdr["Authorization"] = "Bearer " + bearer;
        cpr::Response res = req.verb == Verb::Get
            ? cpr::Get(cpr::Url{req.url}, hdr)
            : cpr::Post(cpr::Url{req.url}, hdr, cpr::Body{req.body});

        if (res.status_code == 401 && !req.is_token_refresh) {
            request_token_refresh();
            queue.put(std::move(req));
        } else if ((res.status_code == 0 || res.status_code == 429 || res.status_code >= 500) &&
                   req.retries_left-- > 0) {
            std::this_thread::sleep_for(std::chrono::seconds(3));
            queue.put(std::move(req));
        } else if (req.is_token_refresh) {
            std::lock_guard<std::mutex> lk(token_mutex);
            refresh_pending = false;
            if (res.status_code == 200) {
                auto tok = json::parse(res.text);
                access_token = tok.at("access_token").get<std::string>();
                refresh_token = tok.at("refresh_token").get<std::string>();
            }
        } else if (res.status_code >= 300) {
            std::cerr << req.source_file << ": " << req.url << " -> " << res.status_code << " " << res.text << "\n";
        } else {
            cpr::Post(cpr::Url{"http://localhost:" + std::to_string(kPushgatewayPort) + "/metrics/job/dailylog"},
                      cpr::Body{"dailylog_uploaded_total 1\n"});
        }
    }
}

}  // namespace dailylog

int main() {
    using namespace dailylog;
    access_token = std::getenv("PROCORE_ACCESS_TOKEN") ? std::getenv("PROCORE_ACCESS_TOKEN") : "";
    refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    const std::int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const std::string base = api_base_for(std::getenv("PROCORE_ZONE") ? std::getenv("PROCORE_ZONE") : "");

    LogRequest companies;
    companies.verb = Verb::Get;
    companies.url = base + "/rest/v1.0/companies";
    queue.put(companies);

    std::vector<std::thread> pool;
    for (int i = 0; i < 4; ++i) pool.emplace_back(uploader);

    const fs::path spool = "/var/spool/dailylog";
    for (;;) {
        for (const auto& entry : fs::directory_iterator(spool)) {
            if (entry.path().extension() != ".json") continue;
            produce_from_file(entry.path(), company_id, base);
            fs::rename(entry.path(), spool / "done" / entry.path().filename());
        }
        std::this_thread::sleep_for(std::chrono::seconds(30));
    }
}
