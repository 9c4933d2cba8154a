// bk_cpr_vendor_async.cpp - vendor directory mirror (DMSA service account).
//
// Runs headless under the company's Developer Managed Service Account: it
// authenticates with the client-credentials grant, then pages through the
// company directory and every active project's vendor list. Calls are
// described as ApiCall values on a work queue and executed in batches of
// std::async workers; each completion handler may queue follow-up calls.

#include <cpr/cpr.h>
#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

const std::string kApi = "https://api.procore.com";
const std::string kLogin = "https://login.procore.com";
constexpr int kPerPage = 100;
constexpr int kParallel = 4;
constexpr int kMaxTries = 5;

struct ApiCall {
    std::string method = "GET";
    std::string url;
    cpr::Header headers;
    std::string body;
    std::function<void(const cpr::Response&)> then;
};

struct VendorInfo {
    int64_t id = 0;
    std::string name;
    bool active = false;
    std::vector<int64_t> project_ids;
};

struct Mirror {
    std::string token;
    int64_t company_id = 0;
    std::deque<ApiCall> queue;
    std::map<unsigned, VendorInfo> vendors_by_id;
};

cpr::Response perform_with_retry(const ApiCall& call) {
    cpr::Response r;
    for (int attempt = 0; attempt < kMaxTries; ++attempt) {
        if (call.method == "POST")
            r = cpr::Post(cpr::Url{call.url}, call.headers, cpr::Body{call.body});
        else
            r = cpr::Get(cpr::Url{call.url}, call.headers);
        if (r.status_code != 0 && r.status_code != 429 && r.status_code < 500) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(400) * (1 << attempt));
    }
    return r;
}

void run_queue(Mirror& m) {
    while (!m.queue.empty()) {
        std::vector<std::pair<ApiCall, std::future<cpr::Response>>> batch;
        while (!m.queue.empty() && static_cast<int>(batch.size()) < kParallel) {
            ApiCall call = std::move(m.queue.front());
            m.queue.pop_front();
            auto fut = std::async(std::launch::async, perform_with_retry, call);
            batch.emplace_back(std::move(call), std::move(fut));
        }
        // Handlers run on this thread, so they can touch Mirror and the queue freely.
        for (auto& item : batch) {
            const cpr::Response r = item.second.get();
            if (item.first.then) item.first.then(r);
        }
    }
}

bool fetch_token(Mirror& m) {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!id || !secret) return false;
    cpr::Response r = cpr::Post(cpr::Url{kLogin + "/oauth/token"},
                                cpr::Payload{{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}});
    if (r.status_code != 200) return false;
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return false;
    m.token = d["access_token"].GetString();
    return true;
}

cpr::Header scoped_headers(const Mirror& m) {
    return cpr::Header{{"Authorization", "Bearer " + m.token}, {"Procore-Company-Id", std::to_string(m.company_id)}};
}

void queue_company_check(Mirror& m) {
    ApiCall c;
    c.url = kApi + "/rest/v1.0/companies";
    c.headers = cpr::Header{{"Authorization", "Bearer " + m.token}};
    c.then = [&m](const cpr::Response& r) {
        rapidjson::Document d;
        d.Parse(r.text.c_str());
        if (!d.IsArray()) return;
        for (const auto& co : d.GetArray())
            if (co["id"].GetInt64() == m.company_id) std::cout << "company: " << co["name"].GetString() << "\n";
    };
    m.queue.push_back(std::move(c));
}

void queue_whoami(Mirror& m) {
    ApiCall c;
    c.url = kApi + "/rest/v1.0/me";
    c.headers = scoped_headers(m);
    c.then = [](const cpr::Response& r) {
        rapidjson::Document d;
        d.Parse(r.text.c_str());
        if (d.IsObject() && d.HasMember("login")) std::cout << "service account: " << d["login"].GetString() << "\n";
    };
    m.queue.push_back(std::move(c));
}

void queue_company_vendors(Mirror& m, int page) {
    ApiCall c;
    c.url = kApi + "/rest/v1.0/vendors?company_id=" + std::to_string(m.company_id) + "&page=" + std::to_string(page) +
            "&per_page=" + std::to_string(kPerPage);
    c.headers = scoped_headers(m);
    c.then = [&m, page](const cpr::Response& r) {
        if (r.status_code != 200) return;
        rapidjson::Document d;
        d.Parse(r.text.c_str());
        if (!d.IsArray()) return;
        for (const auto& v : d.GetArray()) {
            VendorInfo info;
            info.id = v["id"].GetInt64();
            info.name = v["name"].GetString();
            info.active = v.HasMember("is_active") && v["is_active"].IsBool() && v["is_active"].GetBool();
            m.vendors_by_id[info.id] = info;
        }
        if (static_cast<int>(d.Size()) == kPerPage) queue_company_vendors(m, page + 1);
    };
    m.queue.push_back(std::move(c));
}

void queue_project_vendors(Mirror& m, int64_t project_id, int page) {
    ApiCall c;
    c.url = kApi + "/rest/v1.0/projects/" + std::to_string(project_id) + "/vendors?page=" + std::to_string(page) +
            "&per_page=" + std::to_string(kPerPage);
    c.headers = scoped_headers(m);
    c.then = [&m, project_id, page](const cpr::Response& r) {
        if (r.status_code != 200) return;
        rapidjson::Document d;
        d.Parse(r.text.c_str());
        if (!d.IsArray()) return;
        for (const auto& v : d.GetArray()) {
            auto it = m.vendors_by_id.find(v["id"].GetInt64());
            if (it != m.vendors_by_id.end()) it->second.project_ids.push_back(project_id);
        }
        if (static_cast<int>(d.Size()) == kPerPage) queue_project_vendors(m, project_id, page + 1);
    };
    m.queue.push_back(std::move(c));
}

void queue_projects(Mirror& m, int page) {
    ApiCall c;
    c.url = kApi + "/rest/v1.0/projects?company_id=" + std::to_string(m.company_id) + "&page=" + std::to_string(page) +
            "&per_page=" + std::to_string(kPerPage) + "&filters[status]=Active";
    c.headers = scoped_headers(m);
    c.then = [&m, page](const cpr::Response& r) {
        if (r.status_code != 200) return;
        rapidjson::Document d;
        d.Parse(r.text.c_str());
        if (!d.IsArray()) return;
        for (const auto& p : d.GetArray()) {
            const int project_id = p["id"].GetInt();
            queue_project_vendors(m, project_id, 1);
        }
        if (static_cast<int>(d.Size()) == kPerPage) queue_projects(m, page + 1);
    };
    m.queue.push_back(std::move(c));
}

}  // namespace

int main() {
    Mirror m;
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    if (!cid) return 2;
    m.company_id = std::strtoll(cid, nullptr, 10);
    if (!fetch_token(m)) {
        std::cerr << "client_credentials grant failed\n";
        return 1;
    }

    queue_company_check(m);
    queue_whoami(m);
    queue_company_vendors(m, 1);
    run_queue(m);  // vendor map must be complete before project lists are matched
    queue_projects(m, 1);
    run_queue(m);

    int inactive = 0;
    for (const auto& kv : m.vendors_by_id) {
        if (kv.second.active) continue;
        ++inactive;
        std::printf("inactive vendor %ld %s (%zu projects)\n", static_cast<long>(kv.second.id), kv.second.name.c_str(),
                    kv.second.project_ids.size());
    }

    if (const char* hook = std::getenv("SLACK_WEBHOOK_URL")) {
        cpr::Post(cpr::Url{hook}, cpr::Header{{"Content-Type", "application/json"}},
                  cpr::Body{"{\"text\":\"vendor mirror: " + std::to_string(m.vendors_by_id.size()) + " vendors, " +
                            std::to_string(inactive) + " inactive\"}"});
    }
    return 0;
}
