// directory_sync.cpp - nightly job that mirrors the Procore company directory
// into the HR system. Runs unattended with a Developer Managed Service Account
// (client_credentials grant); no user ever logs in.
//
//   PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID from the vault agent.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace hrsync {

class ProcoreDirectory {
    struct Impl;
    std::unique_ptr<Impl> impl_;

public:
    struct User {
        int64_t id = 0;
        std::string email;
        std::string name;
        bool active = true;
        int64_t vendor_id = 0;
    };

    ProcoreDirectory(std::string client_id, std::string client_secret, int64_t company_id);
    ~ProcoreDirectory();

    void Authenticate();
    void CheckToken();
    bool CompanyVisible();
    std::string ServiceAccountLogin();
    std::vector<User> Users();
    std::vector<std::string> ActiveProjectNames();
    void Deactivate(int64_t user_id);
};

using json = nlohmann::json;

struct ProcoreDirectory::Impl {
    std::string client_id;
    std::string client_secret;
    int64_t company_id = 0;
    std::string token;
    std::chrono::steady_clock::time_point expires_at{};

    const std::string login_base = "https://login.procore.com";
    const std::string api_base = "https://api.procore.com";

    cpr::Header company_headers() const {
        return cpr::Header{{"Accept", "application/json"},
                           {"Procore-Company-Id", std::to_string(company_id)}};
    }

    static json check(const cpr::Response& r, const char* what) {
        if (r.status_code < 200 || r.status_code >= 300)
            throw std::runtime_error(std::string(what) + " failed: HTTP " +
                                     std::to_string(r.status_code) + " " + r.text);
        return r.text.empty() ? json() : json::parse(r.text);
    }

    void ensure_token() {
        if (!token.empty() && std::chrono::steady_clock::now() < expires_at) return;
        cpr::Response r = cpr::Post(cpr::Url{login_base + "/oauth/token"},
                                    cpr::Payload{{"grant_type", "client_credentials"},
                                                 {"client_id", client_id},
                                                 {"client_secret", client_secret}});
        json j = check(r, "token");
        token = j.at("access_token").get<std::string>();
        int ttl = j.value("expires_in", 5400);
        expires_at = std::chrono::steady_clock::now() + std::chrono::seconds(ttl - 60);
    }
};

ProcoreDirectory::ProcoreDirectory(std::string client_id, std::string client_secret, int64_t company_id)
    : impl_(new Impl) {
    impl_->client_id = std::move(client_id);
    impl_->client_secret = std::move(client_secret);
    impl_->company_id = company_id;
}

ProcoreDirectory::~ProcoreDirectory() = default;

void ProcoreDirectory::Authenticate() { impl_->ensure_token(); }

void ProcoreDirectory::CheckToken() {
    cpr::Response r = cpr::Get(cpr::Url{"https://api.procore.com/oauth/token/info"},
                               cpr::Bearer{impl_->token});
    json info = Impl::check(r, "token info");
    std::clog << "token expires in " << info.value("expires_in_seconds", 0) << "s\n";
}

bool ProcoreDirectory::CompanyVisible() {
    impl_->ensure_token();
    cpr::Response r = cpr::Get(cpr::Url{impl_->api_base + "/rest/v1.0/companies"},
                               cpr::Bearer{impl_->token},
                               cpr::Header{{"Accept", "application/json"}});
    for (const auto& c : Impl::check(r, "companies"))
        if (c.at("id").get<int64_t>() == impl_->company_id) return true;
    return false;
}

std::string ProcoreDirectory::ServiceAccountLogin() {
    impl_->ensure_token();
    cpr::Response r = cpr::Get(cpr::Url{impl_->api_base + "/rest/v1.0/me"},
                               cpr::Bearer{impl_->token}, impl_->company_headers());
    return Impl::check(r, "me").value("login", "");
}

std::vector<ProcoreDirectory::User> ProcoreDirectory::Users() {
    impl_->ensure_token();
    std::vector<User> out;
    std::unordered_set<int> seen_ids;
    cpr::Session session;
    session.SetBearer(cpr::Bearer{impl_->token});
    session.SetHeader(impl_->company_headers());
    for (int page = 1;; ++page) {
        session.SetUrl(cpr::Url{impl_->api_base + "/rest/v1.0/companies/" +
                                std::to_string(impl_->company_id) + "/users"});
        session.SetParameters(cpr::Parameters{{"page", std::to_string(page)}, {"per_page", "100"}});
        json batch = Impl::check(session.Get(), "users");
        if (batch.empty()) break;
        for (const auto& u : batch) {
            if (!seen_ids.insert(u.at("id").get<int64_t>()).second) continue;
            User user;
            user.id = u.at("id").get<int64_t>();
            user.email = u.value("email_address", "");
            user.name = u.value("name", "");
            user.active = u.value("is_active", true);
            if (u.contains("vendor") && u["vendor"].is_object())
                user.vendor_id = u["vendor"].at("id").get<int64_t>();
            out.push_back(std::move(user));
        }
    }
    return out;
}

std::vector<std::string> ProcoreDirectory::ActiveProjectNames() {
    impl_->ensure_token();
    cpr::Response r = cpr::Get(cpr::Url{impl_->api_base + "/rest/v1.0/projects"},
                               cpr::Bearer{impl_->token},
                               cpr::Parameters{{"company_id", std::to_string(impl_->company_id)},
                                               {"filters[active]", "true"}},
                               cpr::Header{{"X-Procore-Company-Id", std::to_string(impl_->company_id)}});
    std::vector<std::string> names;
    for (const auto& p : Impl::check(r, "projects")) names.push_back(p.value("name", ""));
    return names;
}

void ProcoreDirectory::Deactivate(int64_t user_id) {
    impl_->ensure_token();
    json body = {{"user", {{"is_active", false}}}};
    cpr::Session session;
    session.SetUrl(cpr::Url{impl_->api_base + "/rest/v1.0/companies/" +
                            std::to_string(impl_->company_id) + "/users/" + std::to_string(user_id)});
    session.SetBearer(cpr::Bearer{impl_->token});
    session.SetHeader(cpr::Header{{"Content-Type", "application/json"},
                                  {"Procore-Company-ID", std::to_string(impl_->company_id)}});
    session.SetBody(cpr::Body{body.dump()});
    cpr::Response r = session.Patch();
    Impl::check(r, "deactivate");
}

} // namespace hrsync

static std::string env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

int main(int argc, char** argv) {
    bool dry_run = argc > 1 && std::string(argv[1]) == "--dry-run";
    try {
        const int64_t company_id = std::stoi(env_or_die("PROCORE_COMPANY_ID"));
        hrsync::ProcoreDirectory dir(env_or_die("PROCORE_CLIENT_ID"),
                                     env_or_die("PROCORE_CLIENT_SECRET"), company_id);
        dir.Authenticate();
        dir.CheckToken();
        if (!dir.CompanyVisible()) {
            std::cerr << "service account is not installed in company " << company_id
                      << "; see https://developers.procore.com/documentation/developer-managed-service-accounts\n";
            return 2;
        }
        std::clog << "running as " << dir.ServiceAccountLogin() << "\n";
        std::clog << dir.ActiveProjectNames().size() << " active projects\n";

        std::map<int64_t, std::string> hr_terminated = {/* filled from HR export */};
        int deactivated = 0;
        for (const auto& u : dir.Users()) {
            if (!u.active || hr_terminated.count(u.id) == 0) continue;
            std::clog << "deactivating " << u.email << " (" << u.id << ")\n";
            if (!dry_run) dir.Deactivate(u.id);
            ++deactivated;
        }
        std::clog << deactivated << " users deactivated\n";
    } catch (const std::exception& e) {
        std::cerr << "directory sync: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
