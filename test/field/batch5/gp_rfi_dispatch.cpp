// gp_rfi_dispatch.cpp
//
// Queue worker for the field-issues service: jobs arrive as typed requests,
// are collected into a std::variant and dispatched with std::visit to
// cpp-httplib clients (Procore API, Procore login, Slack).

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace fi {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using RfiId = std::int64_t;
using UserId = int;

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kHelpUrl =
    "https://support.procore.com/products/online/user-guide/project-level/rfi";

// Tenants are pinned to a zone in the ops config.
const std::map<std::string_view, std::string_view> kZoneApiBase{
    {"us01", "https://api.procore.com"},
    {"us02", "https://us02.procore.com"},
};

struct GetProjects {
    CompanyId company_id;
    int page = 1;
};
struct GetRfis {
    CompanyId company_id;
    ProjectId project_id;
    int per_page = 100;
};
struct PostObservation {
    CompanyId company_id;
    ProjectId project_id;
    std::string name;
    UserId assignee_id;
};
struct GetTokenInfo {};
struct RevokeToken {
    std::string client_id;
    std::string client_secret;
};
struct PostSlack {
    std::string text;
};

using Request =
    std::variant<GetProjects, GetRfis, PostObservation, GetTokenInfo, RevokeToken, PostSlack>;

struct Rfi {
    RfiId id = 0;
    std::string number;
    std::string subject;
    UserId assignee_id = 0;
    int days_open = 0;
};

template <class... Pairs>
httplib::Headers make_headers(Pairs&&... pairs) {
    httplib::Headers h;
    (h.emplace(std::forward<Pairs>(pairs).first, std::forward<Pairs>(pairs).second), ...);
    return h;
}

class Worker {
  public:
    Worker(std::string_view zone, std::string token)
        : api_(std::string(kZoneApiBase.at(zone))),
          login_(std::string(kLoginBase)),
          slack_("hooks.slack.com", 443),
          token_(std::move(token)) {}

    httplib::Result dispatch(const Request& req) {
        return std::visit(
            overloaded{
                [&](const GetProjects& r) {
                    auto h = make_headers(std::pair{"Authorization", "Bearer " + token_},
                                          std::pair{"Procore-Company-Id", std::to_string(r.company_id)});
                    return api_.Get("/rest/v1.0/projects?company_id=" + std::to_string(r.company_id) +
                                        "&page=" + std::to_string(r.page),
                                    h);
                },
                [&](const GetRfis& r) {
                    auto h = make_headers(std::pair{"Authorization", "Bearer " + token_},
                                          std::pair{"Procore-Company-Id", std::to_string(r.company_id)});
                    return api_.Get("/rest/v1.0/projects/" + std::to_string(r.project_id) +
                                        "/rfis?per_page=" + std::to_string(r.per_page),
                                    h);
                },
                [&](const PostObservation& r) {
                    json body{{"project_id", r.project_id},
                              {"observation", {{"name", r.name}, {"assignee_id", r.assignee_id}}}};
                    auto h = make_headers(std::pair{"Authorization", "Bearer " + token_},
                                          std::pair{"X-Procore-Company-Id", std::to_string(r.company_id)});
                    return api_.Post("/rest/v1.0/observations/items", h, body.dump(), "application/json");
                },
                [&](const GetTokenInfo&) {
                    auto h = make_headers(std::pair{"Authorization", "Bearer " + token_});
                    return login_.Get("/oauth/token/info", h);
                },
                [&](const RevokeToken& r) {
                    httplib::Params form{{"client_id", r.client_id},
                                         {"client_secret", r.client_secret},
                                         {"token", token_}};
                    return login_.Post("/oauth/revoke", form);
                },
                [&](const PostSlack& r) {
                    json body{{"text", r.text}};
                    return slack_.Post("/services/T024BE7LD/B08K1PFQ9/8d0c1f", body.dump(),
                                       "application/json");
                },
            },
            req);
    }

  private:
    httplib::Client api_;
    httplib::Client login_;
    httplib::SSLClient slack_;
    std::string token_;
};

std::vector<Rfi> parse_rfis(const std::string& body) {
    std::vector<Rfi> out;
    for (const auto& item : json::parse(body)) {
        Rfi r;
        r.id = item.at("id").get<RfiId>();
        r.number = item.value("number", "");
        r.subject = item.value("subject", "");
        if (item.contains("assignee") && !item["assignee"].is_null())
            r.assignee_id = item["assignee"]["id"].get<UserId>();
        r.days_open = item.value("days_open", 0);
        out.push_back(std::move(r));
    }
    return out;
}

std::string rfi_link(ProjectId project_id, RfiId rfi_id) {
    return "https://app.procore.com/" + std::to_string(project_id) + "/project/rfi/show/" +
           std::to_string(rfi_id);
}

}  // namespace fi

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: gp_rfi_dispatch ZONE TOKEN COMPANY_ID PROJECT_ID\n"
                  << "see " << fi::kHelpUrl << "\n";
        return 2;
    }
    const fi::CompanyId company_id = std::stoll(argv[3]);
    const fi::ProjectId project_id = std::stoi(argv[4]);

    fi::Worker worker(argv[1], argv[2]);
    std::vector<fi::Request> queue{fi::GetTokenInfo{}, fi::GetProjects{company_id, 1},
                                   fi::GetRfis{company_id, project_id, 50}};

    int stale = 0;
    for (const auto& req : queue) {
        auto res = worker.dispatch(req);
        if (!res || res->status != 200) {
            std::cerr << "request " << req.index() << " failed\n";
            continue;
        }
        if (!std::holds_alternative<fi::GetRfis>(req)) continue;
        for (const auto& rfi : fi::parse_rfis(res->body)) {
            if (rfi.days_open < 14) continue;
            ++stale;
            worker.dispatch(fi::PostObservation{company_id, project_id,
                                                "Stale RFI " + rfi.number + ": " + rfi.subject,
                                                rfi.assignee_id});
            worker.dispatch(fi::PostSlack{"RFI " + rfi.number + " open " +
                                          std::to_string(rfi.days_open) + " days: " +
                                          fi::rfi_link(project_id, rfi.id)});
        }
    }
    std::cout << stale << " stale RFIs escalated\n";
    worker.dispatch(fi::RevokeToken{std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                                    std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""});
    return 0;
}
