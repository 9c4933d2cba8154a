// pb_rfi_sync.cpp -- mirror open RFIs of one project into the design team's
// tracker cache (rfis.json) and post canned "received" replies.
//
// Requests use a small CRTP fluent layer over cpp-httplib:
//   Get(api).bearer(tok).company(cid).path("/rest/v1.0/...").param("page", 1).send();

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <utility>

namespace rfi {

constexpr const char* kApiBase   = "https://api.procore.com";
constexpr const char* kLoginBase = "https://app.procore.com";
constexpr const char* kWebBase   = "https://app.procore.com";

// ---- CRTP fluent base ---------------------------------------------------------
template <class Derived>
class Fluent {
  public:
    explicit Fluent(httplib::Client& cli) : cli_(cli) {}

    Derived& bearer(const std::string& token) {
        headers_.emplace("Authorization", "Bearer " + token);
        return self();
    }
    Derived& company(std::int64_t company_id) {
        headers_.emplace("Procore-Company-Id", std::to_string(company_id));
        return self();
    }
    Derived& path(std::string p) {
        path_ = std::move(p);
        return self();
    }
    template <class V>
    Derived& param(const std::string& k, const V& v) {
        params_.emplace(k, to_s(v));
        return self();
    }

  protected:
    Derived& self() { return static_cast<Derived&>(*this); }
    std::string target() const {
        return params_.empty() ? path_ : path_ + "?" + httplib::detail::params_to_query_str(params_);
    }
    static std::string to_s(const std::string& s) { return s; }
    static std::string to_s(const char* s) { return s; }
    template <class N> static std::string to_s(N n) { return std::to_string(n); }

    httplib::Client& cli_;
    httplib::Headers headers_;
    httplib::Params params_;
    std::string path_;
};

class Get : public Fluent<Get> {
  public:
    using Fluent<Get>::Fluent;
    httplib::Result send() { return cli_.Get(target().c_str(), headers_); }
};

class Post : public Fluent<Post> {
  public:
    using Fluent<Post>::Fluent;
    Post& json(const nlohmann::json& j) { body_ = j.dump(); return *this; }
    httplib::Result send() {
        return cli_.Post(target().c_str(), headers_, body_, "application/json");
    }

  private:
    std::string body_;
};

// ---- oauth ----------------------------------------------------------------------
struct Tokens {
    std::string access;
    std::string refresh;
};

Tokens refresh(const std::string& client_id, const std::string& secret, const std::string& rt) {
    httplib::Client login(kLoginBase);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", client_id},
                         {"client_secret", secret},
                         {"refresh_token", rt}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    auto j = nlohmann::json::parse(res->body);
    return {j.value("access_token", ""), j.value("refresh_token", rt)};
}

// ---- sync ---------------------------------------------------------------------
struct CachedRfi {
    std::int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    std::string link;
    bool acknowledged = false;
};

std::map<std::int64_t, CachedRfi> load_cache(const std::string& file) {
    std::map<std::int64_t, CachedRfi> out;
    std::ifstream in(file);
    if (!in) return out;
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return out;
    for (auto it = j.begin(); it != j.end(); ++it) {
        CachedRfi c;
        c.id = std::stoi(it.key());
        c.number = it->value("number", "");
        c.subject = it->value("subject", "");
        c.status = it->value("status", "");
        c.link = it->value("link", "");
        c.acknowledged = it->value("acknowledged", false);
        out[c.id] = c;
    }
    return out;
}

void save_cache(const std::string& file, const std::map<std::int64_t, CachedRfi>& cache) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [id, c] : cache) {
        j[std::to_string(id)] = {{"number", c.number},     {"subject", c.subject},
                                 {"status", c.status},     {"link", c.link},
                                 {"acknowledged", c.acknowledged}};
    }
    std::ofstream(file) << j.dump(2);
}

int sync(const std::string& token, std::int64_t company_id, std::int64_t project_id,
         const std::string& cache_file) {
    httplib::Client api(kApiBase);
    api.set_read_timeout(30, 0);

    auto me = Get(api).bearer(token).path("/rest/v1.0/me").send();
    if (!me || me->status != 200) {
        std::cerr << "token rejected\n";
        return 1;
    }
    const std::string my_name = nlohmann::json::parse(me->body).value("name", "sync bot");

    auto cache = load_cache(cache_file);
    const std::string rfis_path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis";

    for (int page = 1; page < 50; ++page) {
        auto res = Get(api).bearer(token).company(company_id)
                       .path(rfis_path).param("page", page).param("per_page", 100)
                       .param("filters[status]", "open").send();
        if (!res || res->status != 200) break;
        auto arr = nlohmann::json::parse(res->body, nullptr, false);
        if (!arr.is_array() || arr.empty()) break;

        for (const auto& r : arr) {
            const auto id = r.at("id").get<std::int64_t>();
            CachedRfi& c = cache[id];
            c.id = id;
            c.number = r.value("number", "");
            c.subject = r.value("subject", "");
            c.status = r.value("status", "");
            c.link = std::string(kWebBase) + "/" + std::to_string(company_id) + "/project/rfis/" +
                     std::to_string(id) + "?project_id=" + std::to_string(project_id);
        }
    }

    for (auto& [id, c] : cache) {
        if (c.acknowledged || c.status != "open") continue;

        // Skip the ones someone already answered by hand.
        auto replies = Get(api).bearer(token)
                           .path(rfis_path + "/" + std::to_string(id) + "/replies").send();
        if (replies && replies->status == 200 &&
            !nlohmann::json::parse(replies->body, nullptr, false).empty()) {
            c.acknowledged = true;
            continue;
        }

        nlohmann::json body = {{"reply", {{"body", "Received by design team (" + my_name + ")."}}}};
        auto res = Post(api).bearer(token).company(company_id)
                       .path(rfis_path + "/" + std::to_string(id) + "/replies").json(body).send();
        if (res && res->status == 201) c.acknowledged = true;
        else std::cerr << "reply to RFI " << c.number << " failed\n";
    }

    save_cache(cache_file, cache);
    std::cout << cache.size() << " RFIs cached\n";
    return 0;
}

}  // namespace rfi

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: pb_rfi_sync COMPANY_ID PROJECT_ID CACHE.json\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);

    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!id || !secret || !rt) return 2;

    rfi::Tokens t = rfi::refresh(id, secret, rt);
    if (t.access.empty()) {
        std::cerr << "could not refresh token\n";
        return 1;
    }
    return rfi::sync(t.access, company_id, project_id, argv[3]);
}
