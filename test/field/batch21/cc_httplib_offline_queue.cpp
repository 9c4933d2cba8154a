// fieldlog_outbox.cpp -- outbox for the tablet daily-log tool.
//
// Writes (daily log entries, punch item updates) are attempted right away; if
// the trailer has no signal they are appended to outbox.jsonl and replayed on
// the next `fieldlog_outbox --flush`. Each queued line keeps only plain fields
// (method, path, body, company, project) and the request is rebuilt from them.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Environment {
    const char* api_base;
    const char* login_base;
};

Environment pick_environment(bool sandbox) {
    if (sandbox)
        return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
    return {"https://api.procore.com", "https://login.procore.com"};
}

struct QueuedRequest {
    std::string method;
    std::string path;
    std::string body;
    int64_t company_id = 0;
    int64_t project_id = 0;
    int attempts = 0;
    std::time_t queued_at = 0;
};

const char* kOutboxFile = "outbox.jsonl";

std::string serialize(const QueuedRequest& q) {
    Json::Value v;
    v["method"] = q.method;
    v["path"] = q.path;
    v["body"] = q.body;
    v["company_id"] = Json::Int64(q.company_id);
    v["project_id"] = Json::Int64(q.project_id);
    v["attempts"] = q.attempts;
    v["queued_at"] = Json::Int64(q.queued_at);
    Json::StreamWriterBuilder w;
    w["indentation"] = "";
    return Json::writeString(w, v);
}

std::vector<QueuedRequest> load_outbox() {
    std::vector<QueuedRequest> out;
    std::ifstream in(kOutboxFile);
    std::string line;
    Json::CharReaderBuilder rb;
    while (std::getline(in, line)) {
        Json::Value v;
        std::string errs;
        std::istringstream ss(line);
        if (!Json::parseFromStream(rb, ss, &v, &errs)) {
            std::cerr << "skipping corrupt outbox line: " << errs << '\n';
            continue;
        }
        QueuedRequest q;
        q.method = v["method"].asString();
        q.path = v["path"].asString();
        q.body = v["body"].asString();
        q.company_id = v["company_id"].asInt64();
        q.project_id = v["project_id"].asInt();
        q.attempts = v["attempts"].asInt();
        q.queued_at = static_cast<std::time_t>(v["queued_at"].asInt64());
        out.push_back(q);
    }
    return out;
}

void save_outbox(const std::vector<QueuedRequest>& queue) {
    std::ofstream out(kOutboxFile, std::ios::trunc);
    for (const auto& q : queue) out << serialize(q) << '\n';
}

class Outbox {
public:
    Outbox(const Environment& env, std::string token)
        : env_(env), token_(std::move(token)), api_(env.api_base) {
        api_.set_connection_timeout(5);
        api_.set_read_timeout(15);
    }

    // Try now; on network failure keep the request for later.
    bool submit_or_queue(QueuedRequest q) {
        httplib::Headers headers = {
            {"Authorization", "Bearer " + token_},
            {"X-Procore-Company-Id", std::to_string(q.company_id)},
        };
        auto res = api_.Post(q.path, headers, q.body, "application/json");
        if (res && res->status < 500) return res->status < 300;
        q.queued_at = std::time(nullptr);
        std::ofstream(kOutboxFile, std::ios::app) << serialize(q) << '\n';
        std::cerr << "offline, queued " << q.method << ' ' << q.path << '\n';
        return false;
    }

    // Rebuild each stored request and send it; keep whatever still fails.
    int flush() {
        auto queue = load_outbox();
        std::vector<QueuedRequest> remaining;
        int sent = 0;
        for (auto& q : queue) {
            httplib::Headers headers = {
                {"Authorization", "Bearer " + token_},
                {"Procore-Company-Id", std::to_string(q.company_id)},
            };
            auto replay = [&]() -> httplib::Result {
                if (q.method == "PATCH")
                    return api_.Patch(q.path, headers, q.body, "application/json");
                if (q.method == "DELETE")
                    return api_.Delete(q.path, headers);
                return api_.Post(q.path, headers, q.body, "application/json");
            };
            auto res = replay();
            if (res && res->status < 300) {
                ++sent;
                continue;
            }
            if (++q.attempts < 8) remaining.push_back(q);
        }
        save_outbox(remaining);
        return sent;
    }

    // Conditional GET so the project picker doesn't re-download the list on every launch.
    std::string projects(int64_t company_id, const std::string& last_modified) {
        httplib::Headers headers = {
            {"Authorization", "Bearer " + token_},
            {"Procore-Company-Id", std::to_string(company_id)},
        };
        if (!last_modified.empty()) headers.emplace("If-Modified-Since", last_modified);
        auto res = api_.Get("/rest/v1.0/projects?company_id=" + std::to_string(company_id), headers);
        if (!res || res->status == 304) return {};
        return res->body;
    }

    bool online() {
        auto res = api_.Get("/rest/v1.0/me", {{"Authorization", "Bearer " + token_}});
        return res && res->status == 200;
    }

    std::string refresh(const std::string& client_id, const std::string& secret, const std::string& rt) {
        httplib::Client login(env_.login_base);
        httplib::Params form = {
            {"grant_type", "refresh_token"}, {"client_id", client_id},
            {"client_secret", secret}, {"refresh_token", rt},
        };
        auto res = login.Post("/oauth/token", form);
        if (!res || res->status != 200) return {};
        Json::Value v;
        std::istringstream ss(res->body);
        Json::CharReaderBuilder rb;
        std::string errs;
        if (Json::parseFromStream(rb, ss, &v, &errs)) token_ = v["access_token"].asString();
        return v["refresh_token"].asString();
    }

private:
    Environment env_;
    std::string token_;
    httplib::Client api_;
};

int parse_project(const char* arg) { return std::stoi(arg); }

}  // namespace

int main(int argc, char** argv) {
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company) {
        std::cerr << "set PROCORE_TOKEN and PROCORE_COMPANY_ID\n";
        return 1;
    }
    const bool sandbox = std::getenv("FIELDLOG_SANDBOX") != nullptr;
    Outbox outbox(pick_environment(sandbox), token);
    const int64_t company_id = std::strtoll(company, nullptr, 10);

    if (argc > 1 && std::string(argv[1]) == "--flush") {
        if (!outbox.online()) {
            std::cerr << "still offline\n";
            return 3;
        }
        std::cout << "replayed " << outbox.flush() << " queued requests\n";
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "--projects") {
        std::cout << outbox.projects(company_id, argc > 2 ? argv[2] : "") << '\n';
        return 0;
    }
    if (argc < 3) {
        std::cerr << "usage: fieldlog_outbox <project_id> <notes> | --flush | --projects\n";
        return 1;
    }

    QueuedRequest q;
    q.method = "POST";
    q.company_id = company_id;
    q.project_id = parse_project(argv[1]);
    q.path = "/rest/v1.0/projects/" + std::to_string(q.project_id) + "/daily_logs/notes_logs";
    Json::Value body;
    body["notes_log"]["comment"] = argv[2];
    body["notes_log"]["date"] = "today";
    q.body = Json::writeString(Json::StreamWriterBuilder(), body);
    outbox.submit_or_queue(q);
    std::cout << "log in the web app: https://app.procore.com/" << company_id
              << "/project/daily_log/list?project_id=" << q.project_id << '\n';
    return 0;
}
