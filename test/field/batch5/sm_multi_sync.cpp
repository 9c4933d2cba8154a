// sm_multi_sync.cpp - nightly directory cache refresh.
//
// Pulls companies, projects, vendors and open submittals into a local JSON
// cache. Every HTTP request is a Transfer with its own small state machine;
// one curl multi handle drives all of them concurrently.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace {

struct Endpoints {
    const char* login;
    const char* api;
};

// indexed by PROCORE_ENV (0 production, 1 sandbox, 2 monthly sandbox)
const Endpoints kEndpoints[] = {
    {"https://login.procore.com", "https://api.procore.com"},
    {"https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

constexpr int kPerPage = 100;
constexpr int kMaxAttempts = 3;

enum class Kind { Token, Companies, Projects, Vendors, Submittals };
enum class State { BuildUrl, AddHeaders, Submit, Running, Finished, Retry, Done };

struct Sync;

struct Transfer {
    Kind kind;
    State state = State::BuildUrl;
    int page = 1;
    int attempts = 0;
    int64_t project_id = 0;
    std::string url;
    std::string form;
    std::string body;
    curl_slist* headers = nullptr;
    CURL* easy = nullptr;
    long status = 0;

    explicit Transfer(Kind k) : kind(k) {}
    ~Transfer() {
        curl_slist_free_all(headers);
        if (easy) curl_easy_cleanup(easy);
    }
    void step(Sync& s);
};

struct Sync {
    Endpoints ep;
    std::string client_id, client_secret, refresh_token, access_token;
    int64_t company_id = 0;
    CURLM* multi = nullptr;
    std::deque<std::unique_ptr<Transfer>> live;
    std::vector<int64_t> project_ids;
    std::unordered_map<int64_t, std::string> vendors;
    json cache = json::object();

    Transfer& spawn(Kind k, int page = 1, int64_t project = 0) {
        live.push_back(std::make_unique<Transfer>(k));
        live.back()->page = page;
        live.back()->project_id = project;
        return *live.back();
    }
    void on_response(Transfer& t, const json& j);
};

size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

void Transfer::step(Sync& s) {
    switch (state) {
    case State::BuildUrl: {
        const std::string api = s.ep.api;
        const std::string cid = std::to_string(s.company_id);
        switch (kind) {
        case Kind::Token:
            url = std::string(s.ep.login) + "/oauth/token";
            form = "grant_type=refresh_token&client_id=" + s.client_id +
                   "&client_secret=" + s.client_secret + "&refresh_token=" + s.refresh_token;
            break;
        case Kind::Companies:
            url = api + "/rest/v1.0/companies";
            break;
        case Kind::Projects:
            url = api + "/rest/v1.0/projects?company_id=" + cid + "&page=" +
                  std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
            break;
        case Kind::Vendors:
            url = api + "/rest/v1.0/vendors?company_id=" + cid;
            break;
        case Kind::Submittals:
            url = api + "/rest/v1.1/projects/" + std::to_string(project_id) +
                  "/submittals?filters[status_id]=1";
            break;
        }
        state = State::AddHeaders;
        break;
    }
    case State::AddHeaders:
        if (kind == Kind::Token) {
            headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
        } else {
            headers = curl_slist_append(headers, ("Authorization: Bearer " + s.access_token).c_str());
            if (kind != Kind::Companies)
                headers = curl_slist_append(
                    headers, ("Procore-Company-Id: " + std::to_string(s.company_id)).c_str());
        }
        state = State::Submit;
        break;
    case State::Submit:
        easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
        if (!form.empty()) curl_easy_setopt(easy, CURLOPT_POSTFIELDS, form.c_str());
        curl_multi_add_handle(s.multi, easy);
        state = State::Running;
        break;
    case State::Running:
        break;  // advanced by the multi loop
    case State::Finished:
        curl_multi_remove_handle(s.multi, easy);
        if ((status == 429 || status >= 500) && ++attempts < kMaxAttempts) {
            state = State::Retry;
        } else if (status >= 200 && status < 300) {
            s.on_response(*this, json::parse(body, nullptr, false));
            state = State::Done;
        } else {
            std::cerr << "sync: " << url << " -> HTTP " << status << "\n";
            state = State::Done;
        }
        break;
    case State::Retry:
        // same URL, fresh Authorization in case the token was rotated meanwhile
        body.clear();
        curl_slist_free_all(headers);
        headers = curl_slist_append(nullptr, ("Authorization: Bearer " + s.access_token).c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_multi_add_handle(s.multi, easy);
        state = State::Running;
        break;
    case State::Done:
        break;
    }
}

void Sync::on_response(Transfer& t, const json& j) {
    if (j.is_discarded()) return;
    switch (t.kind) {
    case Kind::Token:
        access_token = j.value("access_token", "");
        refresh_token = j.value("refresh_token", refresh_token);
        spawn(Kind::Companies);
        spawn(Kind::Projects);
        spawn(Kind::Vendors);
        break;
    case Kind::Companies:
        cache["companies"] = j;
        break;
    case Kind::Projects:
        for (const auto& p : j) {
            project_ids.push_back(p["id"].get<int>());
            cache["projects"].push_back({{"id", p["id"]}, {"name", p.value("name", "")}});
            spawn(Kind::Submittals, 1, project_ids.back());
        }
        if (j.size() == static_cast<size_t>(kPerPage)) spawn(Kind::Projects, t.page + 1);
        break;
    case Kind::Vendors:
        for (const auto& v : j) vendors[v.at("id").get<int64_t>()] = v.value("name", "");
        cache["vendor_count"] = vendors.size();
        break;
    case Kind::Submittals:
        cache["submittals"][std::to_string(t.project_id)] = j;
        break;
    }
}

}  // namespace

int main() {
    const char* env = std::getenv("PROCORE_ENV");
    const int env_index = env ? std::atoi(env) : 0;
    if (env_index < 0 || env_index > 2) return 2;

    Sync s;
    s.ep = kEndpoints[env_index];
    s.company_id = std::strtoll(std::getenv("PROCORE_COMPANY_ID"), nullptr, 10);
    s.client_id = std::getenv("PROCORE_CLIENT_ID");
    s.client_secret = std::getenv("PROCORE_CLIENT_SECRET");
    s.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN");

    curl_global_init(CURL_GLOBAL_DEFAULT);
    s.multi = curl_multi_init();
    s.spawn(Kind::Token);

    int running = 0;
    do {
        for (size_t i = 0; i < s.live.size(); ++i) {
            Transfer& t = *s.live[i];
            if (t.state != State::Running && t.state != State::Done) t.step(s);
        }
        curl_multi_perform(s.multi, &running);
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(s.multi, &queued)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->status);
            t->state = State::Finished;
        }
        curl_multi_poll(s.multi, nullptr, 0, 200, nullptr);
    } while (std::any_of(s.live.begin(), s.live.end(),
                         [](const auto& t) { return t->state != State::Done; }));

    std::ofstream("directory-cache.json") << s.cache.dump(2);
    s.live.clear();
    curl_multi_cleanup(s.multi);
    curl_global_cleanup();
    return 0;
}
