// drawing_watcher: polls a project's drawing revisions and announces new
// uploads in the site team's Slack channel. Runs as a systemd service.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace {

std::atomic<bool> g_running{true};

constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kSlackBase = "https://hooks.slack.com";

std::string api_base() {
    if (const char* v = std::getenv("PROCORE_API_BASE")) return v;
    return "https://app.procore.com";
}

struct WatchConfig {
    int64_t company_id = 0;
    int64_t project_id = 0;
    int drawing_area_id = 0;
    int poll_seconds = 300;
    std::string slack_path;
};

class TokenSource {
public:
    TokenSource(std::string client_id, std::string secret, std::string refresh)
        : client_id_(std::move(client_id)), secret_(std::move(secret)), refresh_(std::move(refresh)) {}

    const std::string& access_token() {
        if (access_.empty() || std::chrono::steady_clock::now() >= expires_at_) renew();
        return access_;
    }

private:
    void renew() {
        httplib::Client login(kLoginBase);
        httplib::Params form{{"grant_type", "refresh_token"}, {"client_id", client_id_},
                             {"client_secret", secret_}, {"refresh_token", refresh_}};
        auto res = login.Post("/oauth/token", form);
        if (!res || res->status != 200) {
            std::fprintf(stderr, "token refresh failed (%d)\n", res ? res->status : -1);
            return;
        }
        auto body = json::parse(res->body);
        access_ = body.at("access_token").get<std::string>();
        refresh_ = body.value("refresh_token", refresh_);
        const int expires_in = body.value("expires_in", 7200);
        expires_at_ = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in - 60);
    }

    std::string client_id_, secret_, refresh_, access_;
    std::chrono::steady_clock::time_point expires_at_{};
};

using RevisionHandler = std::function<void(const json&)>;

class DrawingPoller {
public:
    DrawingPoller(const WatchConfig& cfg, TokenSource& tokens)
        : cfg_(cfg), tokens_(tokens), cli_(api_base()) {
        cli_.set_read_timeout(30);
    }

    void on_new_revision(RevisionHandler h) { handlers_.push_back(std::move(h)); }

    void poll_once() {
        httplib::Headers hdrs;
        for (const auto& [name, value] : header_map()) hdrs.emplace(name, value);
        cli_.set_default_headers(hdrs);

        std::string path = "/rest/v1.0/projects/" + std::to_string(cfg_.project_id) +
                           "/drawing_revisions?per_page=200";
        if (cfg_.drawing_area_id != 0)
            path += "&drawing_area_id=" + std::to_string(cfg_.drawing_area_id);

        auto res = cli_.Get(path);
        if (!res || res->status != 200) {
            std::fprintf(stderr, "poll failed: %d\n", res ? res->status : -1);
            return;
        }
        for (const auto& rev : json::parse(res->body)) {
            const int64_t rev_id = rev.at("id").get<int64_t>();
            if (!seen_.insert(rev_id).second || first_pass_) continue;
            for (const auto& h : handlers_) h(rev);
        }
        first_pass_ = false;
    }

private:
    std::map<std::string, std::string> header_map() {
        return {{"Authorization", "Bearer " + tokens_.access_token()},
                {"Procore-Company-Id", std::to_string(cfg_.company_id)},
                {"Accept", "application/json"}};
    }

    WatchConfig cfg_;
    TokenSource& tokens_;
    httplib::Client cli_;
    std::vector<RevisionHandler> handlers_;
    std::set<int64_t> seen_;
    bool first_pass_ = true;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: drawing_watcher <company-id> <project-id> <drawing-area-id>\n");
        return 2;
    }
    WatchConfig cfg;
    cfg.company_id = std::stoll(argv[1]);
    cfg.project_id = std::stoll(argv[2]);
    cfg.drawing_area_id = std::stoll(argv[3]);
    if (const char* p = std::getenv("SLACK_WEBHOOK_PATH")) cfg.slack_path = p;
    if (const char* s = std::getenv("POLL_SECONDS")) cfg.poll_seconds = std::atoi(s);

    TokenSource tokens(std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                       std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                       std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "");
    DrawingPoller poller(cfg, tokens);
    std::unordered_map<int64_t, int> revisions_per_drawing;

    poller.on_new_revision([&](const json& rev) {
        const int64_t drawing_id = rev.value("drawing_id", int64_t{0});
        ++revisions_per_drawing[drawing_id];
        std::printf("drawing %d: revision %s uploaded\n", static_cast<int>(drawing_id),
                    rev.value("revision_number", "?").c_str());
    });

    poller.on_new_revision([&](const json& rev) {
        if (cfg.slack_path.empty()) return;
        const std::string link = "https://app.procore.com/" + std::to_string(cfg.project_id) +
                                 "/project/drawing_log";
        json msg{{"text", "New drawing revision " + rev.value("number", std::string("?")) +
                              " (rev " + rev.value("revision_number", std::string("?")) +
                              ") <" + link + "|open drawing log>"}};
        httplib::Client slack(kSlackBase);
        slack.Post(cfg.slack_path, msg.dump(), "application/json");
    });

    std::signal(SIGTERM, [](int) { g_running = false; });
    std::signal(SIGINT, [](int) { g_running = false; });
    while (g_running) {
        poller.poll_once();
        for (int waited = 0; waited < cfg.poll_seconds && g_running; ++waited)
            std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    return 0;
}
