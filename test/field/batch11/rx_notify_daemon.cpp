// rx_notify_daemon.cpp - procore-notifier
//
// Small tray-less daemon that polls Procore for RFIs assigned to the current
// user and submittals in their court, and pops desktop notifications through
// notify-send. Everything goes through signals: requests pass a before_send
// signal (interceptors), results are emitted as alert signals, slots render.
#include <curl/curl.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

template <typename... Args>
class Signal {
public:
    using Slot = std::function<void(Args...)>;
    int connect(Slot s) {
        slots_.emplace(next_id_, std::move(s));
        return next_id_++;
    }
    void disconnect(int id) { slots_.erase(id); }
    void emit(Args... args) {
        for (auto& entry : slots_) entry.second(args...);
    }

private:
    std::map<int, Slot> slots_;
    int next_id_ = 1;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::string body;
    std::vector<std::string> headers;
    bool company_scoped = false;
    std::function<void(long, const Json::Value&)> on_success;
    std::function<void(const std::string&)> on_error;
};

struct RfiAlert {
    std::int64_t project_id;
    int rfi_id;
    std::string number, subject;
};

struct SubmittalAlert {
    std::int64_t project_id;
    std::int64_t submittal_id;
    std::string title;
};

static const std::string kApi = "https://api.procore.com";
static const char* kTokenUrl = "https://api.procore.com/oauth/token";

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

class NotifierDaemon {
public:
    Signal<HttpRequest&> before_send;
    Signal<const RfiAlert&> rfi_assigned;
    Signal<const SubmittalAlert&> submittal_in_court;
    Signal<const std::string&> failed;

    NotifierDaemon(std::int64_t company_id, std::vector<std::int64_t> projects)
        : company_id_(company_id), projects_(std::move(projects)) {}

    void perform(HttpRequest& req) {
        before_send.emit(req);
        CURL* curl = curl_easy_init();
        if (!curl) return;
        std::string response;
        curl_slist* hdrs = nullptr;
        for (const auto& h : req.headers) hdrs = curl_slist_append(hdrs, h.c_str());
        curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "procore-notifier/0.7");
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        if (!req.body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(curl);

        if (rc != CURLE_OK || status >= 400) {
            if (req.on_error) req.on_error(rc != CURLE_OK ? curl_easy_strerror(rc) : "HTTP " + std::to_string(status));
            return;
        }
        Json::Value root;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream in(response);
        if (!Json::parseFromStream(rb, in, &root, &errs)) {
            if (req.on_error) req.on_error("bad json: " + errs);
            return;
        }
        if (req.on_success) req.on_success(status, root);
    }

    void refresh_token(const std::string& client_id, const std::string& refresh) {
        HttpRequest req;
        req.method = "POST";
        req.url = kTokenUrl;
        req.body = "grant_type=refresh_token&client_id=" + client_id + "&refresh_token=" + refresh;
        req.on_success = [this](long, const Json::Value& tok) { access_token_ = tok["access_token"].asString(); };
        req.on_error = [this](const std::string& e) { failed.emit("token: " + e); };
        perform(req);
    }

    void load_identity() {
        HttpRequest req;
        req.url = kApi + "/rest/v1.0/me";
        req.on_success = [this](long, const Json::Value& me) { my_user_id_ = me["id"].asInt64(); };
        req.on_error = [this](const std::string& e) { failed.emit("me: " + e); };
        perform(req);
    }

    void poll_rfis(std::int64_t project_id) {
        HttpRequest req;
        req.url = kApi + "/rest/v1.0/projects/" + std::to_string(project_id) +
                  "/rfis?filters[ball_in_court_id]=" + std::to_string(my_user_id_);
        req.company_scoped = true;
        req.on_success = [this, project_id](long, const Json::Value& rfis) {
            for (const auto& item : rfis) {
                int rfi_id = item["id"].asInt();
                if (!seen_rfis_.insert(rfi_id).second) continue;
                rfi_assigned.emit({project_id, rfi_id, item["number"].asString(), item["subject"].asString()});
            }
        };
        req.on_error = [this](const std::string& e) { failed.emit("rfis: " + e); };
        perform(req);
    }

    void poll_submittals(std::int64_t project_id) {
        HttpRequest req;
        req.url = kApi + "/rest/v1.1/projects/" + std::to_string(project_id) +
                  "/submittals?filters[ball_in_court_id]=" + std::to_string(my_user_id_);
        req.on_success = [this, project_id](long, const Json::Value& subs) {
            for (const auto& s : subs) {
                const std::int64_t id = s["id"].asInt64();
                if (!seen_submittals_.insert(id).second) continue;
                submittal_in_court.emit({project_id, id, s["title"].asString()});
            }
        };
        req.on_error = [this](const std::string& e) { failed.emit("submittals: " + e); };
        perform(req);
    }

    void check_for_update() {
        HttpRequest req;
        req.url = "https://api.github.com/repos/acme-builders/procore-notifier/releases/latest";
        req.on_success = [](long, const Json::Value& rel) {
            if (rel["tag_name"].asString() != "v0.7.0")
                std::printf("procore-notifier %s is available\n", rel["tag_name"].asCString());
        };
        perform(req);
    }

    void run_forever() {
        int cycle = 0;
        for (;;) {
            for (auto pid : projects_) {
                poll_rfis(pid);
                poll_submittals(pid);
            }
            if (++cycle % 288 == 0) check_for_update();
            std::this_thread::sleep_for(std::chrono::minutes(5));
        }
    }

    std::int64_t company_id() const { return company_id_; }
    const std::string& token() const { return access_token_; }

private:
    std::int64_t company_id_;
    long my_user_id_ = 0;
    std::vector<std::int64_t> projects_;
    std::set<std::int64_t> seen_rfis_, seen_submittals_;
    std::string access_token_;
};

static void desktop_notify(const std::string& title, const std::string& body, const std::string& link) {
    std::string cmd = "notify-send -a procore '" + title + "' '" + body + "\n" + link + "'";
    std::system(cmd.c_str());
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <company_id> <client_id> <refresh_token> [project_id...]\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    std::vector<std::int64_t> projects;
    for (int i = 4; i < argc; ++i) projects.push_back(std::strtoll(argv[i], nullptr, 10));
    NotifierDaemon d(std::strtoll(argv[1], nullptr, 10), projects);

    d.before_send.connect([&d](HttpRequest& r) {
        if (r.url.rfind(kApi, 0) != 0) return;  // only our own API gets the token
        r.headers.push_back("Authorization: Bearer " + d.token());
        r.headers.push_back("Accept: application/json");
        if (r.company_scoped) r.headers.push_back("Procore-Company-Id: " + std::to_string(d.company_id()));
    });

    d.rfi_assigned.connect([](const RfiAlert& a) {
        char title[128];
        std::snprintf(title, sizeof title, "RFI #%s needs your answer", a.number.c_str());
        desktop_notify(title, a.subject,
                       "https://app.procore.com/" + std::to_string(a.project_id) + "/project/rfi/show/" +
                           std::to_string(a.rfi_id));
    });
    d.submittal_in_court.connect([](const SubmittalAlert& a) {
        desktop_notify("Submittal in your court", a.title,
                       "https://app.procore.com/" + std::to_string(a.project_id) + "/project/submittal_logs/" +
                           std::to_string(a.submittal_id));
    });
    d.failed.connect([](const std::string& e) { std::fprintf(stderr, "procore-notifier: %s\n", e.c_str()); });

    d.refresh_token(argv[2], argv[3]);
    d.load_identity();
    std::printf("watching %d project(s)\n", static_cast<int>(projects.size()));
    d.run_forever();
}
