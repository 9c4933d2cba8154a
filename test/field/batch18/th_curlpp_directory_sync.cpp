// th_curlpp_directory_sync.cpp - headless directory sync run by cron under a
// Developer Managed Service Account (client_credentials grant). Pushes the
// Procore company + project directories to the internal identity bridge.
//
// Jobs are std::packaged_task<ProjectRoster()>; the producer keeps the
// futures, a fixed set of worker threads (one curlpp::Easy each) runs them.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <iostream>
#include <list>
#include <mutex>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

struct Env {
    std::string login;
    std::string api;
};
const Env kProduction{"https://login.procore.com", "https://api.procore.com"};
const Env kMonthly{"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
const char* kBridge = "https://idbridge.corp.example.net/v2/procore/import";

struct ProjectRoster {
    int64_t project_id = 0;
    std::vector<int64_t> user_ids;
    std::string error;
};

Env g_env = kProduction;
std::string g_token;
int64_t g_company = 0;

std::mutex g_names_mu;
std::unordered_map<int64_t, std::string> g_user_names;
std::unordered_map<int, std::string> g_vendor_names;  // vendor id -> company name

std::list<std::string> base_headers(bool company) {
    std::list<std::string> h{"Authorization: Bearer " + g_token, "Accept: application/json"};
    if (company) h.push_back("Procore-Company-Id: " + std::to_string(g_company));
    return h;
}

long fetch(curlpp::Easy& easy, const std::string& url, const std::list<std::string>& headers,
           std::string& body) {
    std::ostringstream os;
    easy.reset();
    easy.setOpt(curlpp::options::Url(url));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::WriteStream(&os));
    easy.setOpt(curlpp::options::Timeout(45));
    easy.perform();
    body = os.str();
    return curlpp::infos::ResponseCode::get(easy);
}

bool client_credentials_token() {
    curlpp::Easy easy;
    std::ostringstream os;
    std::string form = std::string("grant_type=client_credentials&client_id=") +
                       std::getenv("PROCORE_CLIENT_ID") + "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
    easy.setOpt(curlpp::options::Url(g_env.login + "/oauth/token"));
    easy.setOpt(curlpp::options::PostFields(form));
    easy.setOpt(curlpp::options::WriteStream(&os));
    easy.perform();
    rapidjson::Document d;
    d.Parse(os.str().c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return false;
    g_token = d["access_token"].GetString();
    return true;
}

class TaskQueue {
public:
    void push(std::packaged_task<ProjectRoster(curlpp::Easy&)> t) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            q_.push(std::move(t));
        }
        cv_.notify_one();
    }
    void close() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            closed_ = true;
        }
        cv_.notify_all();
    }
    void run_worker() {
        curlpp::Easy easy;  // per-thread handle
        for (;;) {
            std::packaged_task<ProjectRoster(curlpp::Easy&)> t;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return closed_ || !q_.empty(); });
                if (q_.empty()) return;
                t = std::move(q_.front());
                q_.pop();
            }
            t(easy);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::queue<std::packaged_task<ProjectRoster(curlpp::Easy&)>> q_;
    bool closed_ = false;
};

ProjectRoster load_project(curlpp::Easy& easy, int64_t project_id) {
    ProjectRoster r;
    r.project_id = project_id;
    std::string body;
    std::string url = g_env.api + "/rest/v1.0/projects/" + std::to_string(project_id) + "/users?per_page=300";
    long code = fetch(easy, url, base_headers(true), body);
    if (code != 200) {
        r.error = "HTTP " + std::to_string(code);
        return r;
    }
    rapidjson::Document d;
    d.Parse(body.c_str());
    std::lock_guard<std::mutex> lk(g_names_mu);
    for (const auto& u : d.GetArray()) {
        r.user_ids.push_back(u["id"].GetInt64());
        if (u.HasMember("vendor") && u["vendor"].IsObject())
            g_vendor_names[u["vendor"]["id"].GetInt()] = u["vendor"]["name"].GetString();
    }
    return r;
}

void load_company_users(curlpp::Easy& easy) {
    std::string body;
    std::string url = g_env.api + "/rest/v1.0/companies/" + std::to_string(g_company) + "/users?per_page=1000";
    if (fetch(easy, url, base_headers(false), body) != 200) return;
    rapidjson::Document d;
    d.Parse(body.c_str());
    std::lock_guard<std::mutex> lk(g_names_mu);
    for (const auto& u : d.GetArray()) {
        int64_t uid = u["id"].GetInt();
        g_user_names[uid] = u["name"].IsString() ? u["name"].GetString() : "";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--monthly") g_env = kMonthly;
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!company) return 2;
    g_company = std::strtoll(company, nullptr, 10);

    curlpp::Cleanup cleanup;
    if (!client_credentials_token()) {
        std::cerr << "token request failed, see https://support.procore.com/faq/what-is-a-service-account\n";
        return 1;
    }

    curlpp::Easy main_easy;
    std::string body;
    if (fetch(main_easy, g_env.api + "/rest/v1.0/me", base_headers(false), body) == 200)
        std::cout << "service account: " << body.substr(0, 80) << "\n";
    if (fetch(main_easy, g_env.api + "/rest/v1.0/companies", base_headers(true), body) != 200) {
        std::cerr << "service account cannot see company " << g_company << "\n";
        return 1;
    }
    load_company_users(main_easy);

    TaskQueue queue;
    std::vector<std::thread> workers;
    for (int i = 0; i < 3; ++i) workers.emplace_back([&queue] { queue.run_worker(); });

    std::vector<std::future<ProjectRoster>> pending;
    std::string projects_url = g_env.api + "/rest/v1.0/projects?company_id=" + std::to_string(g_company);
    if (fetch(main_easy, projects_url, base_headers(true), body) == 200) {
        rapidjson::Document d;
        d.Parse(body.c_str());
        for (const auto& p : d.GetArray()) {
            int64_t pid = p["id"].GetInt64();
            std::packaged_task<ProjectRoster(curlpp::Easy&)> t(
                [pid](curlpp::Easy& e) { return load_project(e, pid); });
            pending.push_back(t.get_future());
            queue.push(std::move(t));
        }
    }
    queue.close();

    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("company_id");
    w.Int64(g_company);
    w.Key("projects");
    w.StartArray();
    int failures = 0;
    for (auto& f : pending) {
        ProjectRoster r = f.get();
        if (!r.error.empty()) {
            ++failures;
            continue;
        }
        w.StartObject();
        w.Key("id");
        w.Int64(r.project_id);
        w.Key("users");
        w.StartArray();
        for (int64_t uid : r.user_ids) w.Int64(uid);
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    for (auto& t : workers) t.join();

    curlpp::Easy push;
    std::ostringstream ignored;
    push.setOpt(curlpp::options::Url(kBridge));
    push.setOpt(curlpp::options::HttpHeader(std::list<std::string>{"Content-Type: application/json"}));
    push.setOpt(curlpp::options::PostFields(sb.GetString()));
    push.setOpt(curlpp::options::WriteStream(&ignored));
    push.perform();
    std::cout << pending.size() - failures << " projects exported, " << failures << " failed\n";
    return failures ? 1 : 0;
}
