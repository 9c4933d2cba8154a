// directory-sync: nightly job that mirrors job titles and project assignments
// from the HR system into the Procore company directory.
// Authenticates as a Developer Managed Service Account (client_credentials),
// so the company id comes from config rather than from a user's login.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

const utility::string_t kLoginBase = U("https://login.procore.com");
const utility::string_t kApiBase = U("https://api.procore.com");
const utility::string_t kTokenInfoUrl = U("https://api.procore.com/oauth/token/info");
const utility::string_t kHrBase = U("https://hr.northgate-builders.com");

enum class State {
    Authenticate,
    VerifyToken,
    WhoAmI,
    ListCompanies,
    ListProjects,
    LoadHr,
    PushChanges,
    Backoff,
    Done,
    Failed
};

struct Employee {
    std::int64_t procore_user_id = 0;
    utility::string_t job_title;
    std::vector<utility::string_t> project_codes;
};

class DirectorySync {
public:
    DirectorySync(utility::string_t client_id, utility::string_t secret, std::int64_t company_id)
        : client_id_(std::move(client_id)), secret_(std::move(secret)), company_id_(company_id),
          login_(kLoginBase), api_(kApiBase), hr_(kHrBase) {}

    int run() {
        while (state_ != State::Done && state_ != State::Failed) step();
        std::cout << "updated " << updated_ << " users, " << errors_ << " errors\n";
        return state_ == State::Done ? 0 : 1;
    }

private:
    void step() {
        switch (state_) {
        case State::Authenticate: {
            http_request req(methods::POST);
            req.set_request_uri(U("/oauth/token"));
            req.set_body(U("grant_type=client_credentials&client_id=") + client_id_ +
                             U("&client_secret=") + secret_,
                         U("application/x-www-form-urlencoded"));
            http_response res = login_.request(req).get();
            if (!check(res)) break;
            token_ = res.extract_json().get().at(U("access_token")).as_string();
            defaults_.clear();
            defaults_.add(U("Authorization"), U("Bearer ") + token_);
            defaults_.add(U("Accept"), U("application/json"));
            state_ = State::VerifyToken;
            break;
        }
        case State::VerifyToken: {
            http_client info(kTokenInfoUrl);
            http_request req(methods::GET);
            req.headers().add(U("Authorization"), U("Bearer ") + token_);
            http_response res = info.request(req).get();
            if (!check(res)) break;
            auto scopes = res.extract_json().get();
            std::cout << "token ok, expires in "
                      << scopes.at(U("expires_in_seconds")).as_integer() << "s\n";
            state_ = State::WhoAmI;
            break;
        }
        case State::WhoAmI: {
            http_request req(methods::GET);
            req.set_request_uri(U("/rest/v1.0/me"));
            req.headers() = defaults_;
            http_response res = api_.request(req).get();
            if (!check(res)) break;
            std::cout << "running as " << res.extract_json().get().at(U("login")).as_string() << "\n";
            defaults_.add(U("Procore-Company-Id"), utility::conversions::to_string_t(std::to_string(company_id_)));
            state_ = State::ListCompanies;
            break;
        }
        case State::ListCompanies: {
            http_request req(methods::GET);
            req.set_request_uri(U("/rest/v1.0/companies"));
            req.headers() = defaults_;
            http_response res = api_.request(req).get();
            if (!check(res)) break;
            bool visible = false;
            for (const auto& c : res.extract_json().get().as_array())
                visible |= c.at(U("id")).as_number().to_int64() == company_id_;
            state_ = visible ? State::ListProjects : State::Failed;
            break;
        }
        case State::ListProjects: {
            http_request req(methods::GET);
            req.set_request_uri(U("/rest/v1.0/projects?company_id=") +
                                utility::conversions::to_string_t(std::to_string(company_id_)));
            req.headers() = defaults_;
            http_response res = api_.request(req).get();
            if (!check(res)) break;
            for (const auto& p : res.extract_json().get().as_array()) {
                if (!p.has_field(U("project_number")) || p.at(U("project_number")).is_null()) continue;
                project_by_code_[p.at(U("project_number")).as_string()] = p.at(U("id")).as_number().to_int64();
            }
            state_ = State::LoadHr;
            break;
        }
        case State::LoadHr: {
            http_request req(methods::GET);
            req.set_request_uri(U("/api/v2/employees?active=true&page=") +
                                utility::conversions::to_string_t(std::to_string(hr_page_)));
            req.headers().add(U("X-Api-Key"), utility::conversions::to_string_t(std::getenv("HR_API_KEY")));
            http_response res = hr_.request(req).get();
            if (!check(res)) break;
            json::value body = res.extract_json().get();
            for (const auto& e : body.at(U("employees")).as_array()) {
                Employee emp;
                emp.procore_user_id = e.at(U("procore_user_id")).as_integer();
                emp.job_title = e.at(U("title")).as_string();
                for (const auto& code : e.at(U("projects")).as_array()) emp.project_codes.push_back(code.as_string());
                if (emp.procore_user_id != 0) employees_.push_back(std::move(emp));
            }
            const int total_pages = body.at(U("total_pages")).as_integer();
            state_ = (++hr_page_ <= total_pages) ? State::LoadHr : State::PushChanges;
            break;
        }
        case State::PushChanges: {
            if (cursor_ >= employees_.size()) { state_ = State::Done; break; }
            const Employee& emp = employees_[cursor_];
            const auto uid = utility::conversions::to_string_t(std::to_string(emp.procore_user_id));
            json::value user;
            user[U("user")][U("job_title")] = json::value::string(emp.job_title);
            http_request req(methods::PATCH);
            req.set_request_uri(U("/rest/v1.0/companies/") +
                                utility::conversions::to_string_t(std::to_string(company_id_)) + U("/users/") + uid);
            req.headers() = defaults_;
            req.set_body(user);
            http_response res = api_.request(req).get();
            if (!check(res)) break;
            for (const auto& code : emp.project_codes) {
                auto it = project_by_code_.find(code);
                if (it == project_by_code_.end()) continue;
                json::value add;
                add[U("user_id")] = json::value::number(static_cast<int64_t>(emp.procore_user_id));
                http_request assign(methods::POST);
                assign.set_request_uri(U("/rest/v1.0/projects/") +
                                       utility::conversions::to_string_t(std::to_string(it->second)) +
                                       U("/users/") + uid + U("/actions/add"));
                assign.headers() = defaults_;
                assign.set_body(add);
                http_response r = api_.request(assign).get();
                if (r.status_code() >= 400) ++errors_;
            }
            ++updated_;
            ++cursor_;
            break;
        }
        case State::Backoff:
            std::this_thread::sleep_for(std::chrono::seconds(5 * attempts_));
            state_ = resume_;
            break;
        case State::Done:
        case State::Failed:
            break;
        }
    }

    // Moves to Backoff/Failed for bad responses; returns true when the caller may proceed.
    bool check(const http_response& res) {
        const status_code code = res.status_code();
        if (code < 400) { attempts_ = 0; return true; }
        if ((code == 429 || code >= 500) && ++attempts_ <= 4) {
            resume_ = state_;
            state_ = State::Backoff;
        } else if (code == status_codes::Unauthorized && state_ != State::Authenticate) {
            state_ = State::Authenticate;
        } else {
            std::cerr << "HTTP " << code << " in state " << static_cast<int>(state_) << "\n";
            state_ = State::Failed;
        }
        return false;
    }

    utility::string_t client_id_, secret_, token_;
    std::int64_t company_id_;
    http_client login_, api_, hr_;
    http_headers defaults_;
    State state_ = State::Authenticate;
    State resume_ = State::Authenticate;
    int attempts_ = 0;
    int hr_page_ = 1;
    int updated_ = 0;
    int errors_ = 0;
    std::map<utility::string_t, int> project_by_code_;
    std::vector<Employee> employees_;
    size_t cursor_ = 0;
};

}  // namespace

int main() {
    const char* id = std::getenv("PROCORE_DMSA_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_DMSA_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) {
        std::cerr << "PROCORE_DMSA_CLIENT_ID, PROCORE_DMSA_CLIENT_SECRET and PROCORE_COMPANY_ID are required\n";
        return 2;
    }
    DirectorySync job(id, secret, std::stoll(company));
    return job.run();
}
