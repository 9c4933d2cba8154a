// daily_log_digest.cpp - prints yesterday's Daily Log (manpower + weather) for a
// project and appends the superintendent's note. Used by the field ops cron on
// the jobsite NUC; --monthly points it at the monthly sandbox for QA.
//
//   daily_log_digest [--monthly] <company_id> <project_id> <yyyy-mm-dd> [note]

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldops {

class DailyLogClient {
    struct Impl;
    std::unique_ptr<Impl> impl_;

public:
    struct ManpowerEntry {
        int64_t id = 0;
        int vendor_id = 0;
        int workers = 0;
        double hours = 0.0;
        std::string notes;
    };

    DailyLogClient(bool monthly_sandbox, int64_t company_id, std::string token_file);
    ~DailyLogClient();

    void Refresh(const std::string& client_id, const std::string& client_secret);
    std::string WhoAmI();
    std::map<int64_t, std::string> Vendors();
    std::vector<ManpowerEntry> Manpower(int64_t project_id, const std::string& date);
    std::string Weather(int64_t project_id, const std::string& date);
    void AddNote(int64_t project_id, const std::string& date, const std::string& text);
};

using json = nlohmann::json;

struct Environment {
    const char* login;
    const char* api;
};

static const Environment kProduction{"https://login.procore.com", "https://api.procore.com"};
static const Environment kMonthlySandbox{"https://login-sandbox-monthly.procore.com",
                                         "https://login-sandbox-monthly.procore.com"};

struct DailyLogClient::Impl {
    Environment env;
    int64_t company_id;
    std::string token_file;
    std::string access_token;
    std::string refresh_token;
    httplib::Client login;
    httplib::Client api;

    Impl(const Environment& e, int64_t company, std::string file)
        : env(e), company_id(company), token_file(std::move(file)), login(e.login), api(e.api) {
        api.set_connection_timeout(10);
        api.set_read_timeout(30);
        std::ifstream in(token_file);
        json saved = json::parse(in, nullptr, false);
        if (!saved.is_discarded()) {
            access_token = saved.value("access_token", "");
            refresh_token = saved.value("refresh_token", "");
        }
    }

    httplib::Headers auth() const {
        return {{"Authorization", "Bearer " + access_token}, {"Accept", "application/json"}};
    }

    httplib::Headers company_auth() const {
        httplib::Headers h = auth();
        h.emplace("Procore-Company-Id", std::to_string(company_id));
        return h;
    }

    static json body_of(const httplib::Result& res, const std::string& what) {
        if (!res) throw std::runtime_error(what + ": " + httplib::to_string(res.error()));
        if (res->status >= 300)
            throw std::runtime_error(what + ": HTTP " + std::to_string(res->status) + " " + res->body);
        return json::parse(res->body);
    }

    json get_raw(const std::string& path) {
        httplib::Result res = api.Get(path, auth());
        return body_of(res, path);
    }

    json get_company(const std::string& path) {
        return body_of(api.Get(path, company_auth()), path);
    }
};

DailyLogClient::DailyLogClient(bool monthly_sandbox, int64_t company_id, std::string token_file)
    : impl_(std::make_unique<Impl>(monthly_sandbox ? kMonthlySandbox : kProduction, company_id,
                                   std::move(token_file))) {}

DailyLogClient::~DailyLogClient() = default;

void DailyLogClient::Refresh(const std::string& client_id, const std::string& client_secret) {
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", impl_->refresh_token},
                         {"client_id", client_id},
                         {"client_secret", client_secret}};
    json tok = Impl::body_of(impl_->login.Post("/oauth/token", form), "token refresh");
    impl_->access_token = tok.at("access_token").get<std::string>();
    impl_->refresh_token = tok.value("refresh_token", impl_->refresh_token);
    std::ofstream(impl_->token_file) << json{{"access_token", impl_->access_token},
                                             {"refresh_token", impl_->refresh_token}}.dump();
}

std::string DailyLogClient::WhoAmI() {
    return impl_->get_raw("/rest/v1.0/me").value("name", "?");
}

std::map<int64_t, std::string> DailyLogClient::Vendors() {
    std::map<int64_t, std::string> out;
    json arr = impl_->get_company("/rest/v1.0/companies/" + std::to_string(impl_->company_id) +
                                  "/vendors?per_page=500");
    for (const auto& v : arr) out[v.at("id").get<int64_t>()] = v.value("name", "");
    return out;
}

std::vector<DailyLogClient::ManpowerEntry> DailyLogClient::Manpower(int64_t project_id, const std::string& date) {
    json arr = impl_->get_raw("/rest/v1.0/projects/" + std::to_string(project_id) +
                              "/manpower_logs?log_date=" + date);
    std::vector<ManpowerEntry> out;
    for (const auto& e : arr) {
        ManpowerEntry m;
        m.id = e.at("id").get<int64_t>();
        if (e.contains("vendor") && e["vendor"].is_object())
            m.vendor_id = e["vendor"].at("id").get<int64_t>();
        m.workers = e.value("num_workers", 0);
        m.hours = e.value("num_hours", 0.0);
        m.notes = e.value("notes", "");
        out.push_back(m);
    }
    return out;
}

std::string DailyLogClient::Weather(int64_t project_id, const std::string& date) {
    json arr = impl_->get_company("/rest/v1.0/projects/" + std::to_string(project_id) +
                                  "/weather_logs?log_date=" + date);
    if (arr.empty()) return "no weather entry";
    const json& w = arr.front();
    return w.value("sky", "") + ", " + w.value("temperature", "") + ", " + w.value("precipitation", "");
}

void DailyLogClient::AddNote(int64_t project_id, const std::string& date, const std::string& text) {
    json body = {{"notes_log", {{"comment", text}, {"date", date}}}};
    auto res = impl_->api.Post(("/rest/v1.0/projects/" + std::to_string(project_id) + "/notes_logs").c_str(),
                               impl_->company_auth(), body.dump(), "application/json");
    Impl::body_of(res, "notes_log");
}

} // namespace fieldops

int main(int argc, char** argv) {
    int arg = 1;
    bool monthly = false;
    if (arg < argc && std::string(argv[arg]) == "--monthly") { monthly = true; ++arg; }
    if (argc - arg < 3) {
        std::cerr << "usage: daily_log_digest [--monthly] <company_id> <project_id> <date> [note]\n"
                     "see https://support.procore.com/products/online/user-guide/project-level/daily-log\n";
        return 64;
    }
    const int64_t company_id = std::strtoll(argv[arg], nullptr, 10);
    const int64_t project_id = std::atol(argv[arg + 1]);
    const std::string date = argv[arg + 2];

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) { std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET not set\n"; return 78; }

    try {
        fieldops::DailyLogClient client(monthly, company_id, std::string(std::getenv("HOME")) + "/.procore_token.json");
        client.Refresh(cid, secret);
        std::cout << "Daily log " << date << " (pulled by " << client.WhoAmI() << ")\n";
        std::cout << "Weather: " << client.Weather(project_id, date) << "\n";

        auto vendors = client.Vendors();
        int total_workers = 0;
        for (const auto& m : client.Manpower(project_id, date)) {
            auto it = vendors.find(m.vendor_id);
            std::cout << "  " << (it != vendors.end() ? it->second : "(self-perform)") << ": "
                      << m.workers << " workers, " << m.hours << " h\n";
            total_workers += m.workers;
        }
        std::cout << "Total on site: " << total_workers << "\n";

        if (argc - arg > 3) client.AddNote(project_id, date, argv[arg + 3]);
    } catch (const std::exception& e) {
        std::cerr << "daily_log_digest: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
