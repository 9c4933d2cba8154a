// dmsa_directory_sync.cpp -- nightly sync of the Procore company directory
// into the HR system. Runs headless as a Developer Managed Service Account
// (client_credentials grant). The access token is cached until shortly before
// it expires; GETs go through a fingerprinted cache-aside layer with ETag
// revalidation; PATCHes are write-through and invalidate cached lists, and a
// PATCH rejected with 429/503 is kept in memory and replayed at the end.
#include <cpr/cpr.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>

namespace {

using Clock = std::chrono::steady_clock;

struct Env {
    std::string login;
    std::string api;
};

const std::map<std::string, Env> kEnvs = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};
const char* kRevokeUrl = "https://api.procore.com/oauth/revoke";
const char* kHrisUrl = "https://hris.northbeam.example/api/v2/employees/sync";

Json::Value parse(const std::string& text) {
    Json::Value v;
    Json::CharReaderBuilder rb;
    std::string errs;
    std::istringstream ss(text);
    Json::parseFromStream(rb, ss, &v, &errs);
    return v;
}

std::string dump(const Json::Value& v) {
    Json::StreamWriterBuilder w;
    w["indentation"] = "";
    return Json::writeString(w, v);
}

class TokenCache {
public:
    TokenCache(Env env, std::string id, std::string secret)
        : env_(std::move(env)), id_(std::move(id)), secret_(std::move(secret)) {}

    const std::string& get() {
        const auto now = Clock::now();
        if (!token_.empty() && now + std::chrono::seconds(60) < expires_) return token_;
        auto r = cpr::Post(cpr::Url{env_.login + "/oauth/token"},
                           cpr::Payload{{"grant_type", "client_credentials"},
                                        {"client_id", id_},
                                        {"client_secret", secret_}});
        const Json::Value j = parse(r.text);
        token_ = j["access_token"].asString();
        expires_ = now + std::chrono::seconds(j.get("expires_in", 5400).asInt());
        return token_;
    }

    void revoke() {
        if (token_.empty()) return;
        cpr::Post(cpr::Url{kRevokeUrl},
                  cpr::Payload{{"token", token_}, {"client_id", id_}, {"client_secret", secret_}});
        token_.clear();
    }

private:
    Env env_;
    std::string id_, secret_, token_;
    Clock::time_point expires_{};
};

struct StoredRequest {
    std::string method;
    std::string path;
    std::string body;
    int64_t company_id = 0;
    int attempts = 0;
};

class DirectoryClient {
public:
    DirectoryClient(Env env, TokenCache& tokens, int64_t company_id)
        : env_(std::move(env)), tokens_(tokens), company_id_(company_id) {}

    // cache-aside for every GET: fresh hit -> memory, stale hit -> If-None-Match
    Json::Value get_or_fetch(const std::string& path, const cpr::Parameters& params = {},
                             const std::string& params_key = "") {
        const std::string url = env_.api + path;
        const size_t key = fingerprint("GET", url + "?" + params_key);
        auto it = cache_.find(key);
        const auto now = Clock::now();
        if (it != cache_.end() && now < it->second.fresh_until) return it->second.value;

        cpr::Header h{{"Procore-Company-Id", std::to_string(company_id_)}};
        if (it != cache_.end() && !it->second.etag.empty()) h["If-None-Match"] = it->second.etag;
        auto r = cpr::Get(cpr::Url{url}, cpr::Bearer{tokens_.get()}, h, params);
        if (r.status_code == 304 && it != cache_.end()) {
            it->second.fresh_until = now + ttl_;
            return it->second.value;
        }
        Entry e{url, r.header["ETag"], parse(r.text), now + ttl_};
        cache_[key] = e;
        return e.value;
    }

    // write-through; collection lists under the same path are dropped
    bool patch(const std::string& path, const Json::Value& body) {
        cpr::Session s;
        s.SetUrl(cpr::Url{env_.api + path});
        s.SetBearer(cpr::Bearer{tokens_.get()});
        s.SetHeader(cpr::Header{{"Procore-Company-Id", std::to_string(company_id_)},
                                {"Content-Type", "application/json"}});
        s.SetBody(cpr::Body{dump(body)});
        cpr::Response r = s.Patch();
        invalidate(env_.api + path.substr(0, path.rfind('/')));
        if (r.status_code == 429 || r.status_code == 503) {
            pending_.push_back({"PATCH", path, dump(body), company_id_, 1});
            return false;
        }
        return r.status_code >= 200 && r.status_code < 300;
    }

    // rebuild the parked writes from their saved fields and send them again
    int replay() {
        int ok = 0;
        for (size_t n = pending_.size(); n > 0; --n) {
            StoredRequest q = pending_.front();
            pending_.pop_front();
            cpr::Session s;
            s.SetUrl(cpr::Url{env_.api + q.path});
            s.SetBearer(cpr::Bearer{tokens_.get()});
            s.SetHeader(cpr::Header{{"Content-Type", "application/json"}});
            s.SetBody(cpr::Body{q.body});
            cpr::Response r = s.Patch();
            if (r.status_code >= 200 && r.status_code < 300) ++ok;
            else if (++q.attempts < 4) pending_.push_back(q);
        }
        return ok;
    }

    Json::Value companies() {
        auto r = cpr::Get(cpr::Url{env_.api + "/rest/v1.0/companies"}, cpr::Bearer{tokens_.get()});
        return parse(r.text);
    }

    size_t pending() const { return pending_.size(); }

private:
    struct Entry {
        std::string url;
        std::string etag;
        Json::Value value;
        Clock::time_point fresh_until;
    };

    size_t fingerprint(const std::string& method, const std::string& url) const {
        return std::hash<std::string>{}(method + '\n' + url + '\n' + std::to_string(company_id_));
    }

    void invalidate(const std::string& url_prefix) {
        for (auto it = cache_.begin(); it != cache_.end();)
            it = it->second.url.rfind(url_prefix, 0) == 0 ? cache_.erase(it) : std::next(it);
    }

    Env env_;
    TokenCache& tokens_;
    int64_t company_id_;
    std::unordered_map<size_t, Entry> cache_;
    std::deque<StoredRequest> pending_;
    std::chrono::seconds ttl_{300};
};

}  // namespace

int main() {
    const char* env_name = std::getenv("PROCORE_ENV");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    auto env_it = kEnvs.find(env_name ? env_name : "production");
    if (env_it == kEnvs.end() || !company) {
        std::cerr << "PROCORE_ENV must be production|sandbox|monthly and PROCORE_COMPANY_ID set\n";
        return 2;
    }
    const int64_t company_id = std::stoll(company);
    TokenCache tokens(env_it->second, std::getenv("DMSA_CLIENT_ID"), std::getenv("DMSA_CLIENT_SECRET"));
    DirectoryClient client(env_it->second, tokens, company_id);

    bool installed = false;
    for (const auto& c : client.companies())
        installed = installed || c["id"].asInt64() == company_id;
    if (!installed) {
        std::cerr << "service account is not installed in company " << company_id << '\n';
        return 3;
    }
    std::cout << "sync as " << client.get_or_fetch("/rest/v1.0/me")["login"].asString() << '\n';

    std::map<int, std::string> user_emails;
    Json::Value hris(Json::arrayValue);
    const std::string users_path = "/rest/v1.0/companies/" + std::to_string(company_id) + "/users";
    for (int page = 1; page < 50; ++page) {
        const Json::Value users = client.get_or_fetch(
            users_path, cpr::Parameters{{"page", std::to_string(page)}, {"per_page", "100"}},
            "page=" + std::to_string(page));
        if (!users.isArray() || users.empty()) break;
        for (const auto& u : users) {
            user_emails[u["id"].asInt64()] = u["email_address"].asString();
            const int64_t vendor_id = u["vendor"]["id"].asInt();
            Json::Value row;
            row["procore_user_id"] = Json::Int64(u["id"].asInt64());
            row["procore_vendor_id"] = Json::Int64(vendor_id);
            row["email"] = u["email_address"];
            hris.append(row);
            if (u["employee_id"].asString().empty() && !u["email_address"].asString().empty()) {
                Json::Value body;
                body["user"]["employee_id"] = u["email_address"].asString().substr(0, 12);
                client.patch(users_path + "/" + std::to_string(u["id"].asInt64()), body);
            }
        }
    }

    auto pushed = cpr::Post(cpr::Url{kHrisUrl}, cpr::Header{{"Content-Type", "application/json"}},
                            cpr::Body{dump(hris)});
    std::cout << user_emails.size() << " users pushed to HRIS (status " << pushed.status_code << ")\n";
    if (client.pending() > 0) std::cout << "replayed " << client.replay() << " parked writes\n";
    tokens.revoke();
    return 0;
}
