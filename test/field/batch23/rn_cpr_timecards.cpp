// timecard_bridge: copies the crew hours approved in the field into Procore
// timecard entries, then forwards the day's totals to the payroll service.
// Built against cpr 1.10 + nlohmann json.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;
using CrewIndex = std::map<std::string, long>;  // employee number -> Procore user id

namespace {

struct Environment {
    std::string_view name;
    std::string_view login_base;
    std::string_view api_base;
};

constexpr std::array<Environment, 2> kEnvironments{{
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://login-sandbox.procore.com"},
}};

constexpr std::string_view kPayrollUrl = "https://payroll.internal.buildco.net/api/v2/hours";

std::optional<Environment> environmentNamed(std::string_view name) {
    auto it = std::find_if(kEnvironments.begin(), kEnvironments.end(),
                           [name](const Environment& e) { return e.name == name; });
    if (it == kEnvironments.end()) return std::nullopt;
    return *it;
}

cpr::Header toHeader(const Pairs& pairs) {
    return std::accumulate(pairs.begin(), pairs.end(), cpr::Header{},
                           [](cpr::Header h, const auto& kv) {
                               h.emplace(kv.first, kv.second);
                               return h;
                           });
}

std::string queryString(const Pairs& query) {
    return std::accumulate(query.begin(), query.end(), std::string{},
                           [](const std::string& acc, const auto& kv) {
                               return acc + (acc.empty() ? "?" : "&") + kv.first + "=" + kv.second;
                           });
}

struct Entry {
    int64_t id = 0;
    int64_t party_id = 0;
    std::string date;
    double hours = 0.0;
};

struct CrewHours {
    std::string employee_number;
    std::string date;
    double hours;
};

class TimecardBridge {
public:
    TimecardBridge(const Environment& env, int64_t company_id, int64_t project_id)
        : env_(env), company_id_(company_id), project_id_(project_id) {}

    bool login(const std::string& client_id, const std::string& secret, const std::string& code) {
        auto r = cpr::Post(cpr::Url{std::string(env_.login_base) + "/oauth/token"},
                           cpr::Payload{{"grant_type", "authorization_code"},
                                        {"client_id", client_id},
                                        {"client_secret", secret},
                                        {"code", code},
                                        {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}});
        if (r.status_code != 200) return false;
        token_ = json::parse(r.text).value("access_token", std::string{});
        return !token_.empty();
    }

    std::string whoAmI() const {
        auto r = cpr::Get(api("/rest/v1.0/me"), cpr::Bearer{token_});
        return r.status_code == 200 ? json::parse(r.text).value("login", std::string{}) : std::string{};
    }

    CrewIndex crewByEmployeeNumber() const {
        auto r = cpr::Get(api("/rest/v1.0/projects/" + std::to_string(project_id_) + "/users" +
                              queryString({{"per_page", "300"}})),
                          cpr::Bearer{token_});
        CrewIndex crew;
        if (r.status_code != 200) return crew;
        const json users = json::parse(r.text);
        std::for_each(users.begin(), users.end(), [&crew](const json& u) {
            if (u.contains("employee_id") && u["employee_id"].is_string())
                crew.emplace(u["employee_id"].get<std::string>(), u.at("id").get<int64_t>());
        });
        return crew;
    }

    std::vector<Entry> entriesFor(const std::string& date, int page) const {
        auto r = cpr::Get(api("/rest/v1.0/projects/" + std::to_string(project_id_) + "/timecard_entries" +
                              queryString({{"filters[date]", date}, {"page", std::to_string(page)}})),
                          cpr::Bearer{token_}, companyHeader());
        std::vector<Entry> out;
        if (r.status_code != 200) return out;
        const json arr = json::parse(r.text);
        std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const json& j) {
            return Entry{j.at("id").get<int64_t>(), j["party"]["id"].get<int>(),
                         j.value("date", ""), j.value("hours", 0.0)};
        });
        return out;
    }

    std::optional<int64_t> createEntry(int64_t party_id, const CrewHours& h) const {
        const json body = {{"timecard_entry",
                            {{"party_id", party_id}, {"date", h.date}, {"hours", h.hours},
                             {"description", "imported from field app"}}}};
        auto r = cpr::Post(api("/rest/v1.0/projects/" + std::to_string(project_id_) + "/timecard_entries"),
                           cpr::Bearer{token_}, companyHeader({{"Content-Type", "application/json"}}),
                           cpr::Body{body.dump()});
        if (r.status_code != 201) return std::nullopt;
        return json::parse(r.text).at("id").get<int64_t>();
    }

    bool approveDay(const std::string& date) const {
        cpr::Session session;
        session.SetUrl(api("/rest/v1.0/timesheets/approve" +
                           queryString({{"company_id", std::to_string(company_id_)},
                                        {"project_id", std::to_string(project_id_)},
                                        {"date", date}})));
        session.SetBearer(cpr::Bearer{token_});
        session.SetHeader(toHeader({{"Content-Type", "application/json"}, {"Accept", "application/json"}}));
        auto r = session.Patch();
        return r.status_code == 200;
    }

private:
    cpr::Url api(const std::string& path) const { return cpr::Url{std::string(env_.api_base) + path}; }

    // cpr replaces (not merges) headers per request, so extras go through here.
    cpr::Header companyHeader(Pairs extra = {}) const {
        extra.emplace_back("Procore-Company-Id", std::to_string(company_id_));
        return toHeader(extra);
    }

    Environment env_;
    std::string token_;
    int64_t company_id_;
    int64_t project_id_;
};

void forwardToPayroll(const std::vector<CrewHours>& rows) {
    json arr = json::array();
    std::transform(rows.begin(), rows.end(), std::back_inserter(arr), [](const CrewHours& h) {
        return json{{"employee", h.employee_number}, {"date", h.date}, {"hours", h.hours}};
    });
    auto r = cpr::Post(cpr::Url{std::string(kPayrollUrl)}, cpr::Body{arr.dump()},
                       cpr::Header{{"Content-Type", "application/json"}});
    if (r.status_code >= 300) std::cerr << "payroll rejected batch: " << r.status_code << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: timecard_bridge <auth_code> <company_id> <project_id> <date>\n";
        return 2;
    }
    const char* env_name = std::getenv("PROCORE_ENV");
    const auto env = environmentNamed(env_name ? env_name : "sandbox");
    if (!env) return 2;
    TimecardBridge bridge(*env, std::stoll(argv[2]), std::stoll(argv[3]));
    const std::string date = argv[4];
    if (!bridge.login(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"), argv[1]))
        return 1;
    std::cout << "logged in as " << bridge.whoAmI() << "\n";

    const std::vector<CrewHours> field = {{"E-1042", date, 8.0}, {"E-1077", date, 9.5}, {"E-2210", date, 6.0}};
    const auto crew = bridge.crewByEmployeeNumber();

    std::vector<Entry> existing;
    for (int page = 1; page < 10; ++page) {
        auto batch = bridge.entriesFor(date, page);
        if (batch.empty()) break;
        existing.insert(existing.end(), batch.begin(), batch.end());
    }

    std::vector<int64_t> created_ids;
    std::for_each(field.begin(), field.end(), [&](const CrewHours& h) {
        auto member = crew.find(h.employee_number);
        if (member == crew.end()) return;
        const int64_t party_id = member->second;
        const bool already = std::any_of(existing.begin(), existing.end(),
                                         [party_id](const Entry& e) { return e.party_id == party_id; });
        if (already) return;
        if (auto id = bridge.createEntry(party_id, h)) created_ids.push_back(*id);
    });

    if (!bridge.approveDay(date)) std::cerr << "approval failed for " << date << "\n";
    forwardToPayroll(field);
    std::cout << created_ids.size() << " timecard entries created; review at https://app.procore.com/"
              << argv[3] << "/project/timesheets\n";
    return 0;
}
