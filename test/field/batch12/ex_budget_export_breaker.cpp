// budget_export_job: nightly cron job running under a Developer Managed
// Service Account (client-credentials grant). Pulls the detail rows of one
// budget view for every active project and pushes them to the finance
// warehouse. A circuit breaker stops us from hammering Procore during an
// incident; while open, projects are skipped and retried on the next run.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using CompanyId = long;

template <typename T>
struct Expected {
    std::optional<T> value;
    int status = 0;
    std::string error;
    explicit operator bool() const { return value.has_value(); }
    static Expected good(T v) { Expected e; e.value = std::move(v); return e; }
    static Expected bad(int st, std::string msg) { Expected e; e.status = st; e.error = std::move(msg); return e; }
};

class CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };
    CircuitBreaker(int threshold, std::chrono::seconds cool_down)
        : threshold_(threshold), cool_down_(cool_down) {}

    State state() {
        if (state_ == State::Open && Clock::now() - opened_at_ >= cool_down_)
            state_ = State::HalfOpen;
        return state_;
    }
    void success() { failures_ = 0; state_ = State::Closed; }
    void failure() {
        if (state_ == State::HalfOpen || ++failures_ >= threshold_) {
            state_ = State::Open;
            opened_at_ = Clock::now();
            std::cerr << "circuit opened after " << failures_ << " failures\n";
        }
    }

private:
    int threshold_;
    std::chrono::seconds cool_down_;
    int failures_ = 0;
    State state_ = State::Closed;
    Clock::time_point opened_at_{};
};

Expected<std::string> fetch_service_token(const std::string& client_id, const std::string& secret) {
    httplib::Client login("https://login.procore.com");
    login.set_connection_timeout(10);
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", client_id},
                         {"client_secret", secret}};
    auto res = login.Post("/oauth/token", form);
    if (!res) return Expected<std::string>::bad(0, httplib::to_string(res.error()));
    if (res->status != 200) return Expected<std::string>::bad(res->status, res->body);
    auto j = json::parse(res->body, nullptr, false);
    if (j.is_discarded() || !j.contains("access_token"))
        return Expected<std::string>::bad(res->status, "no access_token in response");
    return Expected<std::string>::good(j["access_token"].get<std::string>());
}

class ProcoreApi {
public:
    ProcoreApi(std::string token, CompanyId company_id)
        : token_(std::move(token)), company_id_(company_id), breaker_(5, std::chrono::seconds(60)) {
        api_.set_read_timeout(60);
        api_.set_connection_timeout(10);
    }

    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + token_},
                {"Procore-Company-Id", std::to_string(company_id_)},
                {"Accept", "application/json"}};
    }

    Expected<json> get(const std::string& path) {
        auto st = breaker_.state();
        if (st == CircuitBreaker::State::Open)
            return Expected<json>::bad(503, "circuit open, skipping " + path);
        if (st == CircuitBreaker::State::HalfOpen && !probe())
            return Expected<json>::bad(503, "probe failed, circuit stays open");

        auto res = api_.Get(path.c_str(), headers());
        if (!res || res->status >= 500 || res->status == 429) {
            breaker_.failure();
            return Expected<json>::bad(res ? res->status : 0,
                                       res ? res->body : httplib::to_string(res.error()));
        }
        breaker_.success();
        if (res->status != 200) return Expected<json>::bad(res->status, res->body);
        auto j = json::parse(res->body, nullptr, false);
        if (j.is_discarded()) return Expected<json>::bad(res->status, "invalid JSON");
        return Expected<json>::good(std::move(j));
    }

    std::string whoami() {
        auto me = get("/rest/v1.0/me");
        return me ? me.value->value("login", "?") : "unknown";
    }

private:
    // Half-open: one cheap request decides whether we close the breaker again.
    bool probe() {
        auto res = api_.Get("/rest/v1.0/companies", {{"Authorization", "Bearer " + token_}});
        if (res && res->status == 200) {
            breaker_.success();
            return true;
        }
        breaker_.failure();
        return false;
    }

    httplib::Client api_{"https://api.procore.com"};
    std::string token_;
    CompanyId company_id_;
    CircuitBreaker breaker_;
};

struct ProjectRef {
    int64_t id;
    std::string name;
};

Expected<std::vector<ProjectRef>> active_projects(ProcoreApi& api, CompanyId company_id) {
    std::vector<ProjectRef> out;
    for (int page = 1; page < 50; ++page) {
        auto r = api.get("/rest/v1.0/projects?company_id=" + std::to_string(company_id) +
                         "&filters[active]=true&per_page=300&page=" + std::to_string(page));
        if (!r) return Expected<std::vector<ProjectRef>>::bad(r.status, r.error);
        if (r.value->empty()) break;
        for (const auto& p : *r.value)
            out.push_back({p.at("id").get<int64_t>(), p.value("name", "")});
        if (r.value->size() < 300) break;
    }
    return Expected<std::vector<ProjectRef>>::good(std::move(out));
}

Expected<json> budget_rows(ProcoreApi& api, int64_t project_id, int budget_view_id) {
    return api.get("/rest/v1.0/budget_views/" + std::to_string(budget_view_id) +
                   "/detail_rows?project_id=" + std::to_string(project_id));
}

bool push_to_warehouse(const std::string& wh_key, int64_t project_id, const json& rows) {
    httplib::Client wh("https://warehouse.finance.internal");
    httplib::Headers h{{"X-Api-Key", wh_key}};
    json doc = {{"source", "procore_budget"}, {"project_id", project_id}, {"rows", rows}};
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto res = wh.Post("/ingest/v2/budget_rows", h, doc.dump(), "application/json");
        if (res && res->status / 100 == 2) return true;
        std::this_thread::sleep_for(std::chrono::seconds(1 << attempt));
    }
    return false;
}

int main() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* view = std::getenv("BUDGET_VIEW_ID");
    const char* wh_key = std::getenv("WAREHOUSE_KEY");
    if (!cid || !sec || !company || !view || !wh_key) {
        std::cerr << "missing configuration, see "
                     "https://developers.procore.com/documentation/developer-managed-service-accounts\n";
        return 2;
    }
    CompanyId company_id = std::strtoll(company, nullptr, 10);
    int64_t view_id = std::strtoll(view, nullptr, 10);

    auto token = fetch_service_token(cid, sec);
    if (!token) {
        std::cerr << "token request failed (" << token.status << "): " << token.error << "\n";
        return 1;
    }
    ProcoreApi api(*token.value, company_id);
    std::cerr << "exporting as " << api.whoami() << "\n";

    auto projects = active_projects(api, company_id);
    if (!projects) {
        std::cerr << "project list failed: " << projects.error << "\n";
        return 1;
    }
    int exported = 0, skipped = 0;
    for (const auto& p : *projects.value) {
        auto rows = budget_rows(api, p.id, view_id);
        if (!rows || !push_to_warehouse(wh_key, p.id, *rows.value)) {
            ++skipped;
            std::cerr << "skipped " << p.name << ": " << rows.error << " -> https://app.procore.com/"
                      << company_id << "/project/budget?project_id=" << p.id << "\n";
            continue;
        }
        ++exported;
    }
    std::cout << exported << " exported, " << skipped << " skipped\n";
    return skipped == 0 ? 0 : 3;
}
