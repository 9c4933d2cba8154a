// pb_timecard_push.cpp
//
// Drains the field-tablet hours queue (one JSON object per line) into Procore
// timecard entries. Runs from cron on the site server every 15 minutes.
//
//   pb_timecard_push <env> <company_id> <project_id> <queue.jsonl>
//
// Requests are built with the policy-based Builder below; pick the scope policy
// deliberately, the compiler will not tell you which one a route needs.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc {

// ---- environments ---------------------------------------------------------
struct Production {};
struct Sandbox {};
struct Monthly {};

template <class Env> struct Hosts;

template <> struct Hosts<Production> {
    static constexpr std::string_view login = "https://login.procore.com";
    static constexpr std::string_view api   = "https://api.procore.com";
};

template <> struct Hosts<Sandbox> {
    static constexpr std::string_view login = "https://login-sandbox.procore.com";
    static constexpr std::string_view api   = "https://sandbox.procore.com";
};

template <> struct Hosts<Monthly> {
    static constexpr std::string_view login = "https://login-sandbox-monthly.procore.com";
    static constexpr std::string_view api   = "https://sandbox-monthly.procore.com";
};

constexpr std::string_view kRest   = "/rest/v1.0";
constexpr std::string_view kToken  = "/oauth/token";

// ---- strongly typed ids ---------------------------------------------------
template <class Tag, class Rep = std::int64_t>
struct Id {
    Rep value{};
    std::string str() const { return std::to_string(value); }
};

using CompanyId       = Id<struct CompanyTag>;
using ProjectId       = Id<struct ProjectTag>;
using PartyId         = Id<struct PartyTag, int>;
using TimecardEntryId = Id<struct TimecardEntryTag>;

// ---- policies ---------------------------------------------------------------
struct BearerAuth {
    static void apply(cpr::Header& h, const std::string& token) {
        h["Authorization"] = "Bearer " + token;
    }
};

struct CompanyScoped {
    static void apply(cpr::Header& h, CompanyId company) {
        h["Procore-Company-Id"] = company.str();
    }
};

// Only for the handful of routes that are not company scoped (/me, /companies).
struct Unscoped {
    static void apply(cpr::Header&, CompanyId) {}
};

template <class Env, class Auth, class Scope>
class Builder {
  public:
    Builder(std::string token, CompanyId company)
        : token_(std::move(token)), company_(company) {}

    Builder& path(std::string p) { path_ = std::move(p); return *this; }
    Builder& query(std::string k, std::string v) {
        params_.Add(cpr::Parameter{std::move(k), std::move(v)});
        return *this;
    }
    Builder& json(const nlohmann::json& j) { body_ = j.dump(); return *this; }

    cpr::Response get() const { return cpr::Get(url(), headers(), params_); }
    cpr::Response post() const { return cpr::Post(url(), headers(), cpr::Body{body_}); }
    cpr::Response patch() const {
        cpr::Session s;
        s.SetUrl(url());
        s.SetHeader(headers());
        s.SetBody(cpr::Body{body_});
        return s.Patch();
    }

  private:
    cpr::Url url() const {
        return cpr::Url{std::string(Hosts<Env>::api) + std::string(kRest) + path_};
    }
    cpr::Header headers() const {
        cpr::Header h{{"Content-Type", "application/json"}, {"Accept", "application/json"}};
        Auth::apply(h, token_);
        Scope::apply(h, company_);
        return h;
    }

    std::string token_;
    CompanyId company_;
    std::string path_;
    std::string body_;
    cpr::Parameters params_;
};

template <class Env> using Scoped  = Builder<Env, BearerAuth, CompanyScoped>;
template <class Env> using Global  = Builder<Env, BearerAuth, Unscoped>;

// ---- oauth ------------------------------------------------------------------
template <class Env>
std::string refresh_access_token(const std::string& client_id, const std::string& secret,
                                 const std::string& refresh) {
    cpr::Response r = cpr::Post(
        cpr::Url{std::string(Hosts<Env>::login) + std::string(kToken)},
        cpr::Payload{{"grant_type", "refresh_token"},
                     {"client_id", client_id},
                     {"client_secret", secret},
                     {"refresh_token", refresh}});
    if (r.status_code != 200) {
        std::cerr << "token refresh failed: " << r.status_code << " " << r.text << "\n";
        return {};
    }
    return nlohmann::json::parse(r.text).value("access_token", "");
}

// ---- the job ----------------------------------------------------------------
struct QueuedHours {
    PartyId party;
    std::string date;
    double hours = 0.0;
    std::string cost_code;
};

std::vector<QueuedHours> read_queue(const std::string& file) {
    std::vector<QueuedHours> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) continue;
        QueuedHours q;
        q.party.value = j.at("party_id").get<decltype(q.party.value)>();
        q.date = j.at("date").get<std::string>();
        q.hours = j.at("hours").get<double>();
        q.cost_code = j.value("cost_code", "");
        out.push_back(std::move(q));
    }
    return out;
}

template <class Env>
int push(const std::string& token, CompanyId company, ProjectId project,
         const std::vector<QueuedHours>& queue) {
    // Sanity check that the token still belongs to the integration user.
    auto me = Global<Env>(token, company).path("/me").get();
    if (me.status_code == 401) return 2;

    const std::string entries = "/projects/" + project.str() + "/timecard_entries";

    // What is already there for the day, so reruns do not double-book.
    auto existing = Global<Env>(token, company).path(entries).query("per_page", "200").get();
    nlohmann::json have = nlohmann::json::parse(existing.text, nullptr, false);

    int pushed = 0, updated = 0;
    for (const auto& q : queue) {
        TimecardEntryId match{};
        if (have.is_array()) {
            for (const auto& e : have) {
                if (e.value("date", "") == q.date &&
                    e["party"].value("id", std::int64_t{0}) == q.party.value)
                    match.value = e.at("id").get<std::int64_t>();
            }
        }
        nlohmann::json body = {{"timecard_entry",
                                {{"party_id", q.party.value},
                                 {"date", q.date},
                                 {"hours", q.hours},
                                 {"description", "tablet sync " + q.cost_code}}}};
        if (match.value != 0) {
            auto r = Scoped<Env>(token, company).path(entries + "/" + match.str()).json(body).patch();
            if (r.status_code == 200) ++updated;
        } else {
            auto r = Scoped<Env>(token, company).path(entries).json(body).post();
            if (r.status_code == 201) ++pushed;
            else std::cerr << "POST failed " << r.status_code << ": " << r.text << "\n";
        }
    }
    std::cout << "created " << pushed << ", updated " << updated << "\n";
    return 0;
}

template <class Env>
int run(CompanyId company, ProjectId project, const std::string& queue_file) {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt  = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !sec || !rt) {
        std::cerr << "missing PROCORE_* environment\n";
        return 1;
    }
    const std::string token = refresh_access_token<Env>(cid, sec, rt);
    if (token.empty()) return 1;
    return push<Env>(token, company, project, read_queue(queue_file));
}

}  // namespace tc

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: " << argv[0] << " prod|sandbox|monthly COMPANY PROJECT QUEUE\n";
        return 64;
    }
    const std::string env = argv[1];
    const tc::CompanyId company{std::stoll(argv[2])};
    const tc::ProjectId project{std::stoll(argv[3])};

    if (env == "prod") return tc::run<tc::Production>(company, project, argv[4]);
    if (env == "sandbox") return tc::run<tc::Sandbox>(company, project, argv[4]);
    if (env == "monthly") return tc::run<tc::Monthly>(company, project, argv[4]);
    std::cerr << "unknown environment " << env << "\n";
    return 64;
}
