// ml_schedule_tasks.cpp - mirrors a project's Procore schedule tasks into the
// site calendar service.  One curl multi engine runs the Procore reads, the
// token refresh and the calendar pushes side by side.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>

using json = nlohmann::json;

namespace {

const std::string kLogin = "https://login.procore.com";
const std::string kApi = "https://api.procore.com";
const std::string kResourcesUrl = "https://app.procore.com/rest/v1.0/schedule/resources";
const std::string kCalendar = "https://calendar.acme-build.internal/api/v2/events";
constexpr int kPerPage = 200;
constexpr int kMaxActive = 4;

enum class JobKind { RefreshToken, TasksPage, Resources, PushEvent };

struct Job {
    JobKind kind;
    int page = 1;
    std::string payload;
};

struct Task {
    std::int64_t id = 0;
    std::int64_t parent_id = 0;
    std::string name, start, finish;
    int percent = 0;
};

struct Transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string url;
    std::string body;
    Job job;
    std::function<void(Transfer&, long)> on_done;
    ~Transfer() {
        curl_slist_free_all(headers);
        if (easy) curl_easy_cleanup(easy);
    }
};

size_t collect(char* p, size_t s, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, s * n);
    return s * n;
}

class ScheduleSync {
public:
    ScheduleSync(std::int64_t company, std::int64_t project) : company_(company), project_(project) {
        multi_ = curl_multi_init();
        refresh_ = env("PROCORE_REFRESH_TOKEN");
    }
    ~ScheduleSync() { curl_multi_cleanup(multi_); }

    // Blocking look-up used once to print the project name in the log.
    std::string projectName() {
        std::string out;
        CURL* h = curl_easy_init();
        std::string url = kApi + "/rest/v1.0/projects/" + std::to_string(project_) +
                          "?company_id=" + std::to_string(company_);
        curl_slist* hs = curl_slist_append(nullptr, ("Authorization: Bearer " + token_).c_str());
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        CURLcode rc = curl_easy_perform(h);
        curl_slist_free_all(hs);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK) return "?";
        auto doc = json::parse(out, nullptr, false);
        return doc.is_object() ? doc.value("name", std::string("?")) : "?";
    }

    void run() {
        pending_.push_back({JobKind::RefreshToken});
        pending_.push_back({JobKind::TasksPage, 1});
        pending_.push_back({JobKind::Resources});
        int running = 0;
        do {
            launch();
            curl_multi_perform(multi_, &running);
            int left = 0;
            while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
                if (m->msg == CURLMSG_DONE) complete(m);
            }
            if (running) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
        } while (running || !active_.empty() || !pending_.empty());
        std::cerr << tasks_.size() << " tasks mirrored\n";
    }

private:
    static std::string env(const char* k) {
        const char* v = std::getenv(k);
        return v ? v : "";
    }

    std::unique_ptr<Transfer> setup(const Job& job) {
        auto t = std::make_unique<Transfer>();
        t->job = job;
        t->easy = curl_easy_init();
        bool procore = true;
        switch (job.kind) {
        case JobKind::RefreshToken:
            t->url = kLogin + "/oauth/token";
            t->job.payload = "grant_type=refresh_token&refresh_token=" + refresh_ +
                             "&client_id=" + env("PROCORE_CLIENT_ID") +
                             "&client_secret=" + env("PROCORE_CLIENT_SECRET");
            curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->job.payload.c_str());
            t->on_done = [this](Transfer& x, long code) { onToken(x, code); };
            break;
        case JobKind::TasksPage:
            t->url = kApi + "/rest/v1.0/tasks?project_id=" + std::to_string(project_) +
                     "&page=" + std::to_string(job.page) + "&per_page=" + std::to_string(kPerPage);
            t->on_done = [this](Transfer& x, long code) { onTasks(x, code); };
            break;
        case JobKind::Resources:
            t->url = kResourcesUrl + "?project_id=" + std::to_string(project_);
            t->on_done = [](Transfer& x, long code) {
                auto doc = json::parse(x.body, nullptr, false);
                std::cerr << "resources: HTTP " << code << ", " << (doc.is_array() ? doc.size() : 0) << "\n";
            };
            break;
        case JobKind::PushEvent:
            procore = false;
            t->url = kCalendar;
            t->headers = curl_slist_append(t->headers, ("Authorization: Token " + env("CALENDAR_TOKEN")).c_str());
            t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
            curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->job.payload.c_str());
            t->on_done = [](Transfer& x, long code) {
                if (code >= 300) std::cerr << "calendar push failed " << code << ": " << x.body << "\n";
            };
            break;
        }
        if (procore && job.kind != JobKind::RefreshToken) {
            t->headers = curl_slist_append(t->headers, ("Authorization: Bearer " + token_).c_str());
            t->headers = curl_slist_append(t->headers, ("Procore-Company-Id: " + std::to_string(company_)).c_str());
        }
        curl_easy_setopt(t->easy, CURLOPT_URL, t->url.c_str());
        curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
        curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, &t->body);
        return t;
    }

    void launch() {
        while (!pending_.empty() && static_cast<int>(active_.size()) < kMaxActive) {
            if (refreshing_ && pending_.front().kind != JobKind::RefreshToken) return;
            Job job = pending_.front();
            pending_.pop_front();
            if (job.kind == JobKind::RefreshToken) refreshing_ = true;
            auto t = setup(job);
            CURL* key = t->easy;
            curl_multi_add_handle(multi_, key);
            active_[key] = std::move(t);
        }
    }

    void complete(CURLMsg* m) {
        auto it = active_.find(m->easy_handle);
        if (it == active_.end()) return;
        std::unique_ptr<Transfer> t = std::move(it->second);
        active_.erase(it);
        curl_multi_remove_handle(multi_, m->easy_handle);
        long code = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
        if (code == 401 && t->job.kind != JobKind::RefreshToken && t->job.kind != JobKind::PushEvent) {
            pending_.push_back(t->job);
            if (!refreshing_) pending_.push_front({JobKind::RefreshToken});
            return;
        }
        t->on_done(*t, code);
    }

    void onToken(Transfer& t, long code) {
        refreshing_ = false;
        auto doc = json::parse(t.body, nullptr, false);
        if (code != 200 || !doc.is_object()) {
            std::cerr << "token refresh failed: " << code << "\n";
            std::exit(1);
        }
        token_ = doc.value("access_token", std::string());
        refresh_ = doc.value("refresh_token", refresh_);
    }

    void onTasks(Transfer& t, long code) {
        if (code != 200) return;
        auto doc = json::parse(t.body, nullptr, false);
        if (!doc.is_array()) return;
        for (const auto& item : doc) {
            Task task;
            task.id = item["id"].get<int>();
            task.parent_id = item["parent_id"].is_null() ? 0 : item["parent_id"].get<std::int64_t>();
            task.name = item.value("name", std::string());
            task.start = item.value("start_date", std::string());
            task.finish = item.value("finish_date", std::string());
            task.percent = item.value("percentage", 0);
            json ev = {{"external_id", "procore-task-" + std::to_string(task.id)},
                       {"title", task.name},
                       {"starts", task.start},
                       {"ends", task.finish},
                       {"link", "https://app.procore.com/" + std::to_string(project_) + "/project/schedule"}};
            pending_.push_back({JobKind::PushEvent, 0, ev.dump()});
            tasks_[task.id] = task;
        }
        if (static_cast<int>(doc.size()) == kPerPage) pending_.push_back({JobKind::TasksPage, t.job.page + 1});
    }

    CURLM* multi_ = nullptr;
    std::int64_t company_, project_;
    std::string token_, refresh_;
    bool refreshing_ = false;
    std::deque<Job> pending_;
    std::map<CURL*, std::unique_ptr<Transfer>> active_;
    std::map<std::int64_t, Task> tasks_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: schedule_tasks <company_id> <project_id>\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    {
        ScheduleSync sync(std::stoll(argv[1]), std::stoll(argv[2]));
        sync.run();
        std::cerr << "project: " << sync.projectName() << "\n";
    }
    curl_global_cleanup();
    return 0;
}
