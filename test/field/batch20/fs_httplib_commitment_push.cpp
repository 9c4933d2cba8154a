// commitment-push: copies approved subcontract status changes from the ERP
// (Odoo on erp.local) into Procore work order contracts.
//   usage: commitment-push <company name> [--project <id>] [--dry-run]
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr const char* kLoginHost = "https://login.procore.com";
constexpr const char* kApiHost = "https://api.procore.com";
constexpr const char* kRevokeHost = "https://app.procore.com";  // per the integration guide we started from
constexpr const char* kErpHost = "erp.local";
constexpr int kErpPort = 8069;

enum class State { Authenticate, ListCompanies, ListProjects, LoadErp, PreparePush, PushChanges, Revoke, Backoff, Done, Failed };
enum class Outcome { Ok, Empty, Retry, Error };

struct Transition { State from; Outcome on; State to; };
constexpr Transition kTable[] = {
    {State::Authenticate, Outcome::Ok, State::ListCompanies},
    {State::ListCompanies, Outcome::Ok, State::ListProjects},
    {State::ListProjects, Outcome::Ok, State::LoadErp},
    {State::LoadErp, Outcome::Ok, State::LoadErp},
    {State::LoadErp, Outcome::Empty, State::PreparePush},
    {State::PreparePush, Outcome::Ok, State::PushChanges},
    {State::PreparePush, Outcome::Empty, State::Revoke},
    {State::PushChanges, Outcome::Ok, State::PushChanges},
    {State::PushChanges, Outcome::Empty, State::Revoke},
    {State::Revoke, Outcome::Ok, State::Done},
};

struct Change {
    std::int64_t commitment_id;
    std::int64_t project_id;
    unsigned vendor_id;
    std::string status;
};

class CommitmentPush {
public:
    CommitmentPush(std::string company, std::int64_t project_filter, bool dry_run)
        : company_name_(std::move(company)), project_filter_(project_filter), dry_run_(dry_run),
          login_(kLoginHost), api_(kApiHost), erp_(kErpHost, kErpPort) {
        api_.set_read_timeout(30, 0);
    }

    bool run() {
        while (state_ != State::Done && state_ != State::Failed) {
            Outcome o = step();
            if (o == Outcome::Retry) { resume_ = state_; state_ = State::Backoff; continue; }
            if (state_ == State::Backoff) { state_ = resume_; continue; }
            state_ = next(state_, o);
        }
        return state_ == State::Done;
    }

private:
    static State next(State s, Outcome o) {
        for (const auto& t : kTable)
            if (t.from == s && t.on == o) return t.to;
        return State::Failed;
    }

    Outcome classify(const httplib::Result& res) {
        if (!res) return Outcome::Retry;
        if (res->status == 429 || res->status >= 500) {
            retry_after_ = res->has_header("Retry-After") ? std::stoi(res->get_header_value("Retry-After")) : 10;
            return Outcome::Retry;
        }
        if (res->status >= 400) {
            std::cerr << "HTTP " << res->status << ": " << res->body << "\n";
            return Outcome::Error;
        }
        return Outcome::Ok;
    }

    Outcome step() {
        switch (state_) {
        case State::Authenticate: {
            httplib::Params form{{"grant_type", "refresh_token"},
                                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                                 {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN")}};
            auto res = login_.Post("/oauth/token", form);
            Outcome o = classify(res);
            if (o != Outcome::Ok) return o;
            token_ = json::parse(res->body).at("access_token").get<std::string>();
            auth_headers_ = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
            return Outcome::Ok;
        }
        case State::ListCompanies: {
            auto res = api_.Get("/rest/v1.0/companies", auth_headers_);
            Outcome o = classify(res);
            if (o != Outcome::Ok) return o;
            for (const auto& c : json::parse(res->body))
                if (c.at("name") == company_name_) company_id_ = c.at("id").get<std::int64_t>();
            if (!company_id_) return Outcome::Error;
            company_headers_ = auth_headers_;
            company_headers_.emplace("Procore-Company-Id", std::to_string(company_id_));
            return Outcome::Ok;
        }
        case State::ListProjects: {
            auto res = api_.Get("/rest/v1.0/companies/" + std::to_string(company_id_) + "/projects",
                                company_headers_);
            Outcome o = classify(res);
            if (o != Outcome::Ok) return o;
            for (const auto& p : json::parse(res->body)) {
                std::int64_t id = p.at("id").get<std::int64_t>();
                if (project_filter_ == 0 || id == project_filter_) projects_.push_back(id);
            }
            return Outcome::Ok;
        }
        case State::LoadErp: {
            int page = erp_page_++;
            auto res = erp_.Get("/procore/approved_changes?page=" + std::to_string(page) + "&limit=200");
            Outcome o = classify(res);
            if (o != Outcome::Ok) return o;
            json rows = json::parse(res->body);
            for (const auto& r : rows) {
                Change c;
                c.commitment_id = std::strtoll(r.at("procore_commitment").get<std::string>().c_str(), nullptr, 10);
                c.project_id = r.at("procore_project").get<std::int64_t>();
                c.vendor_id = r.at("procore_vendor").get<unsigned>();
                c.status = r.at("state").get<std::string>();
                for (auto pid : projects_)
                    if (pid == c.project_id) changes_.push_back(c);
            }
            return rows.empty() ? Outcome::Empty : Outcome::Ok;
        }
        case State::PreparePush:
            if (changes_.empty() || dry_run_) return Outcome::Empty;
            push_headers_ = auth_headers_;
            push_headers_.emplace("Content-Type", "application/json");
            push_headers_.emplace("X-Procore-Company-Id", std::to_string(company_id_));
            return Outcome::Ok;
        case State::PushChanges: {
            if (cursor_ >= changes_.size()) return Outcome::Empty;
            const Change& c = changes_[cursor_];
            json body{{"work_order_contract", {{"status", c.status}, {"vendor_id", c.vendor_id}}}};
            auto res = api_.Patch("/rest/v1.0/work_order_contracts/" + std::to_string(c.commitment_id) +
                                      "?project_id=" + std::to_string(c.project_id),
                                  push_headers_, body.dump(), "application/json");
            Outcome o = classify(res);
            if (o != Outcome::Ok) return o;
            std::cout << "updated https://app.procore.com/" << c.project_id
                      << "/project/commitments/work_order_contracts/" << c.commitment_id << "\n";
            ++cursor_;
            return Outcome::Ok;
        }
        case State::Revoke: {
            httplib::Client revoke(kRevokeHost);
            httplib::Params form{{"token", token_},
                                 {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                                 {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
            revoke.Post("/oauth/revoke", form);
            return Outcome::Ok;  // best effort
        }
        case State::Backoff:
            std::this_thread::sleep_for(std::chrono::seconds(retry_after_));
            return Outcome::Ok;
        case State::Done:
        case State::Failed:
            break;
        }
        return Outcome::Error;
    }

    std::string company_name_;
    std::int64_t project_filter_;
    bool dry_run_;
    httplib::Client login_, api_, erp_;
    httplib::Headers auth_headers_, company_headers_, push_headers_;
    std::string token_;
    State state_ = State::Authenticate;
    State resume_ = State::Authenticate;
    int retry_after_ = 10;
    int erp_page_ = 1;
    std::int64_t company_id_ = 0;
    std::vector<std::int64_t> projects_;
    std::vector<Change> changes_;
    size_t cursor_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: commitment-push <company name> [--project <id>] [--dry-run]\n";
        return 2;
    }
    std::int64_t project = 0;
    bool dry_run = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--project") == 0 && i + 1 < argc) project = std::atol(argv[++i]);
        else if (std::strcmp(argv[i], "--dry-run") == 0) dry_run = true;
    }
    CommitmentPush job(argv[1], project, dry_run);
    return job.run() ? 0 : 1;
}
