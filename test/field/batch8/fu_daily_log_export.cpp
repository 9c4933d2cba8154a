// fu_daily_log_export: nightly export of yesterday's manpower and notes logs
// for every project, run under a Developer Managed Service Account
// (client_credentials grant). Output goes to the data-lake drop folder.
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace export_job {

constexpr const char* kLogin = "https://login.procore.com";
constexpr const char* kApi = "https://api.procore.com";
constexpr const char* kWeather = "https://api.weather.gov";
constexpr int kMaxInFlight = 8;

using CancelToken = std::shared_ptr<std::atomic<bool>>;

struct Reply {
    int status = 0;
    std::string body;
};

struct ManpowerEntry {
    int64_t log_id;
    int64_t vendor_id;
    int64_t created_by;
    int32_t location_id;
    int workers;
    double hours;
};

// Team helper: run `fn` on the value of `src` once it is ready.
template <class T, class Fn>
std::future<std::invoke_result_t<Fn, T>> then(std::shared_future<T> src, Fn fn) {
    using R = std::invoke_result_t<Fn, T>;
    auto p = std::make_shared<std::promise<R>>();
    auto out = p->get_future();
    std::thread([src, fn, p] {
        try {
            p->set_value(fn(src.get()));
        } catch (...) {
            p->set_exception(std::current_exception());
        }
    }).detach();
    return out;
}

Reply retry(std::function<Reply()> call, const CancelToken& cancel, int tries = 4) {
    Reply r;
    for (int i = 0, wait = 400; i < tries && !cancel->load(); ++i, wait *= 2) {
        r = call();
        if (r.status == 200 || (r.status >= 400 && r.status < 500 && r.status != 429)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    return r;
}

Reply to_reply(const httplib::Result& res) {
    return res ? Reply{res->status, res->body} : Reply{};
}

std::string get_service_token(const std::string& id, const std::string& secret) {
    httplib::Client login(kLogin);
    httplib::Params p{{"grant_type", "client_credentials"},
                      {"client_id", id},
                      {"client_secret", secret}};
    auto res = login.Post("/oauth/token", p);
    if (!res || res->status != 200) return "";
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    return d.HasMember("access_token") ? d["access_token"].GetString() : "";
}

void revoke_token(const std::string& token, const std::string& id, const std::string& secret) {
    httplib::Client revoker("https://api.procore.com");
    revoker.Post("/oauth/revoke", httplib::Params{{"token", token},
                                                   {"client_id", id},
                                                   {"client_secret", secret}});
}

class Exporter {
public:
    Exporter(std::string token, int64_t company, CancelToken cancel)
        : token_(std::move(token)), company_(company), cancel_(std::move(cancel)) {}

    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + token_},
                {"Procore-Company-Id", std::to_string(company_)}};
    }

    bool verify_company() {
        httplib::Client cli(kApi);
        auto res = cli.Get("/rest/v1.0/companies", headers());
        if (!res || res->status != 200) return false;
        rapidjson::Document d;
        d.Parse(res->body.c_str());
        for (auto& c : d.GetArray())
            if (c["id"].GetInt64() == company_) return true;
        return false;
    }

    std::string service_account_name() {
        httplib::Client cli(kApi);
        auto res = cli.Get("/rest/v1.0/me", {{"Authorization", "Bearer " + token_}});
        if (!res || res->status != 200) return "unknown";
        rapidjson::Document d;
        d.Parse(res->body.c_str());
        return d.HasMember("name") ? d["name"].GetString() : "unknown";
    }

    std::map<int64_t, std::string> projects() {
        httplib::Client cli(kApi);
        auto path = "/rest/v1.0/projects?company_id=" + std::to_string(company_);
        Reply r = retry([&] { return to_reply(cli.Get(path, headers())); }, cancel_);
        std::map<int64_t, std::string> out;
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        if (!d.IsArray()) return out;
        for (auto& p : d.GetArray()) out[p["id"].GetInt64()] = p["name"].GetString();
        return out;
    }

    std::vector<ManpowerEntry> manpower(int64_t project_id, const std::string& date) {
        auto r = retry(
            [this, project_id, date] {
                httplib::Client cli(kApi);
                auto path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                            "/manpower_logs?log_date=" + date;
                return to_reply(cli.Get(path, headers()));
            },
            cancel_);
        std::vector<ManpowerEntry> out;
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        if (!d.IsArray()) return out;
        for (auto& e : d.GetArray()) {
            ManpowerEntry m{};
            m.log_id = e["id"].GetInt64();
            m.vendor_id = e.HasMember("vendor") && e["vendor"].IsObject() ? e["vendor"]["id"].GetInt64() : 0;
            m.created_by = e["created_by"]["id"].GetUint();
            m.location_id = e.HasMember("location_id") && e["location_id"].IsInt64() ? e["location_id"].GetInt64() : 0;
            m.workers = e["num_workers"].GetInt();
            m.hours = e["num_hours"].GetDouble();
            out.push_back(m);
        }
        return out;
    }

    std::string notes(int64_t project_id, const std::string& date) {
        httplib::Client cli(kApi);
        auto path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                    "/notes_logs?log_date=" + date;
        httplib::Headers h{{"authorization", "Bearer " + token_},
                           {"procore-company-id", std::to_string(company_)}};
        auto res = cli.Get(path, h);
        return res && res->status == 200 ? res->body : "[]";
    }

private:
    std::string token_;
    int64_t company_;
    CancelToken cancel_;
};

std::string yesterday() {
    std::time_t t = std::time(nullptr) - 24 * 3600;
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
    return buf;
}

}  // namespace export_job

int main() {
    using namespace export_job;
    const std::string id = std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "";
    const std::string secret = std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "";
    const int64_t company = std::atoll(std::getenv("DMSA_COMPANY_ID") ? std::getenv("DMSA_COMPANY_ID") : "0");

    auto token = get_service_token(id, secret);
    if (token.empty()) return 1;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    Exporter ex(token, company, cancel);
    if (!ex.verify_company()) return 1;
    std::cerr << "exporting as " << ex.service_account_name() << "\n";

    const auto date = yesterday();
    std::shared_future<std::map<int64_t, std::string>> projects =
        std::async(std::launch::async, [&ex] { return ex.projects(); }).share();
    auto counted = then(projects, [](const std::map<int64_t, std::string>& m) { return m.size(); });

    httplib::Client wx(kWeather);
    auto forecast = wx.Get("/gridpoints/SEW/124,67/forecast", {{"User-Agent", "acme-dailylog/1.4"}});

    std::ofstream out("daily_logs_" + date + ".jsonl");
    int in_flight = 0;
    std::vector<std::future<void>> jobs;
    for (const auto& [pid, name] : projects.get()) {
        if (++in_flight > kMaxInFlight) {
            for (auto& j : jobs) j.get();
            jobs.clear();
            in_flight = 1;
        }
        jobs.push_back(std::async(std::launch::async, [&ex, &out, pid = pid, name = name, date] {
            auto mp = ex.manpower(pid, date);
            auto nl = ex.notes(pid, date);
            int workers = 0;
            for (const auto& m : mp) workers += m.workers;
            static std::mutex mu;
            std::lock_guard<std::mutex> g(mu);
            out << "{\"project_id\":" << pid << ",\"name\":\"" << name << "\",\"workers\":"
                << workers << ",\"notes\":" << nl << "}\n";
        }));
    }
    for (auto& j : jobs) j.get();
    std::cerr << counted.get() << " projects, weather " << (forecast ? forecast->status : 0) << "\n";
    revoke_token(token, id, secret);
    return 0;
}
