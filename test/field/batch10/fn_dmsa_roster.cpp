// dmsa_roster — runs under our Developer Managed Service Account (client
// credentials grant) and pushes the company directory + active project list
// to the internal HR roster service every hour.
//
// Style notes for reviewers: requests are plain values; every step is a
// function from value to value; side effects live in `perform` only.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <list>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace roster {

using json = nlohmann::json;
using ProjectId = long;

const std::string kTokenUrl = "https://login.procore.com/oauth/token";
const std::string kApi = "https://api.procore.com/rest/v1.0";
const std::string kZoneApi = "https://us02.procore.com/rest/v1.0";  // tenant is pinned to US02
const std::string kRosterUrl = "https://hr-roster.internal.buildco.net/api/v2/procore";

struct Req {
    std::string method;
    std::string url;
    std::list<std::string> headers;
    std::string body;
};

struct Res {
    long status = 0;
    std::string body;
};

using Step = std::function<Req(Req)>;

Req with_header(Req r, const std::string& k, const std::string& v) {
    r.headers.push_back(k + ": " + v);
    return r;
}

Step header(std::string k, std::string v) {
    return [k, v](Req r) { return with_header(std::move(r), k, v); };
}

Step pipeline(std::vector<Step> steps) {
    return [steps = std::move(steps)](Req r) {
        return std::accumulate(steps.begin(), steps.end(), std::move(r),
                               [](Req acc, const Step& s) { return s(std::move(acc)); });
    };
}

Res perform(const Req& r) {
    curlpp::Easy easy;
    std::ostringstream out;
    easy.setOpt(curlpp::options::Url(r.url));
    easy.setOpt(curlpp::options::CustomRequest(r.method));
    easy.setOpt(curlpp::options::HttpHeader(r.headers));
    easy.setOpt(curlpp::options::WriteStream(&out));
    if (!r.body.empty()) easy.setOpt(curlpp::options::PostFields(r.body));
    easy.perform();
    return Res{curlpp::infos::ResponseCode::get(easy), out.str()};
}

template <typename Fn>
auto retry(Fn fn, int attempts) {
    return [fn, attempts](const Req& r) {
        Res last;
        for (int i = 0; i < attempts; ++i) {
            try {
                last = fn(r);
                if (last.status < 500) return last;
            } catch (const curlpp::RuntimeError& e) {
                std::cerr << "attempt " << i + 1 << ": " << e.what() << "\n";
            }
        }
        return last;
    };
}

const auto transmit = retry(perform, 3);

std::optional<json> json_of(const Res& r) {
    if (r.status / 100 != 2) return std::nullopt;
    return json::parse(r.body, nullptr, false);
}

std::optional<std::string> client_credentials_token() {
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!id || !secret) return std::nullopt;
    const json body = {{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}};
    const auto req = with_header(Req{"POST", kTokenUrl, {}, body.dump()}, "Content-Type", "application/json");
    const auto j = json_of(transmit(req));
    if (!j || j->is_discarded()) return std::nullopt;
    return j->value("access_token", std::string{});
}

struct Employee {
    std::int64_t procore_id;
    std::string email;
    std::string name;
    std::int64_t vendor_id;
};

Employee to_employee(const json& u) {
    return Employee{u.at("id").get<int>(), u.value("email_address", std::string{}),
                    u.value("name", std::string{}),
                    u.contains("vendor") && !u["vendor"].is_null() ? u["vendor"].at("id").get<std::int64_t>()
                                                                    : std::int64_t{0}};
}

json employee_json(const Employee& e) {
    return {{"procore_id", e.procore_id}, {"email", e.email}, {"name", e.name}, {"vendor_id", e.vendor_id}};
}

}  // namespace roster

int main() {
    using namespace roster;
    curlpp::Cleanup cleanup;

    const auto token = client_credentials_token();
    if (!token) {
        std::cerr << "could not obtain a service account token\n";
        return 1;
    }
    const Step authed = header("Authorization", "Bearer " + *token);

    // First company the service account can see is ours.
    const auto companies = json_of(transmit(authed(Req{"GET", kApi + "/companies", {}, {}})));
    if (!companies || companies->empty()) return 1;
    const std::int64_t company_id = companies->at(0).at("id").get<std::int64_t>();

    const Step scoped = pipeline({authed, header("Procore-Company-Id", std::to_string(company_id)),
                                  header("Accept", "application/json")});

    const auto me = json_of(transmit(scoped(Req{"GET", kApi + "/me", {}, {}})));
    const std::string actor = me ? me->value("login", std::string{}) : std::string{"dmsa"};

    const auto users = json_of(
        transmit(scoped(Req{"GET", kApi + "/companies/" + std::to_string(company_id) + "/users?per_page=300", {}, {}})));
    if (!users) return 1;
    std::vector<Employee> staff;
    std::transform(users->begin(), users->end(), std::back_inserter(staff), to_employee);

    const auto projects = json_of(transmit(scoped(
        Req{"GET", kZoneApi + "/companies/" + std::to_string(company_id) + "/projects?filters[active]=true", {}, {}})));
    std::vector<ProjectId> active;
    if (projects) {
        std::transform(projects->begin(), projects->end(), std::back_inserter(active),
                       [](const json& p) { return p.at("id").get<std::int64_t>(); });
    }

    const json staff_json = std::accumulate(staff.begin(), staff.end(), json::array(),
                                            [](json acc, const Employee& e) {
                                                acc.push_back(employee_json(e));
                                                return acc;
                                            });
    const json payload = {{"source", "procore"},
                          {"actor", actor},
                          {"company_id", company_id},
                          {"employees", staff_json},
                          {"active_projects", active}};

    const auto roster_token = std::getenv("ROSTER_API_KEY");
    const auto push = pipeline({header("Content-Type", "application/json"),
                                header("X-Api-Key", roster_token ? roster_token : "")});
    const auto pushed = transmit(push(Req{"PUT", kRosterUrl, {}, payload.dump()}));
    std::cout << "roster: HTTP " << pushed.status << ", " << staff.size() << " employees, "
              << active.size() << " active projects\n";
    return pushed.status / 100 == 2 ? 0 : 1;
}
