// rfi_mirror: pulls the RFIs of one project into the field-office tracker and
// can raise a new RFI from the command line.
//
//   rfi_mirror <company_id> <project_id> [subject assignee_id [board]]
//
// Needs PROCORE_TOKEN (and PROCORE_REFRESH_TOKEN / PROCORE_CLIENT_ID /
// PROCORE_CLIENT_SECRET to renew it). Built with OpenSSL.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace rfi_mirror {

using json = nlohmann::json;

constexpr std::string_view kApiBase = "https://api.procore.com";
constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kWebBase = "https://app.procore.com";
constexpr std::string_view kTrackerBase = "https://tracker.fieldoffice.local:8443";

struct CompanyId { std::int64_t value; };
struct ProjectId { std::int64_t value; };
struct RfiId { int value; };
struct UserId { std::int64_t value; };

struct GetMe {};
struct GetProjects { CompanyId company; int page = 1; };
struct ListRfis { CompanyId company; ProjectId project; int page = 1; };
struct GetRfi { CompanyId company; ProjectId project; RfiId rfi; };
struct CreateRfi {
  CompanyId company;
  ProjectId project;
  std::string subject;
  std::string question;
  UserId assignee;
};

using Request = std::variant<GetMe, GetProjects, ListRfis, GetRfi, CreateRfi>;

struct HttpCall {
  std::string_view method;
  std::string path;
  std::string body;
  std::optional<CompanyId> company;
};

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

std::string project_path(ProjectId p) {
  return "/rest/v1.0/projects/" + std::to_string(p.value);
}

HttpCall to_call(const Request& req) {
  return std::visit(
      overloaded{
          [](const GetMe&) { return HttpCall{"GET", "/rest/v1.0/me", {}, std::nullopt}; },
          [](const GetProjects& r) {
            return HttpCall{"GET",
                            "/rest/v1.0/projects?company_id=" + std::to_string(r.company.value) +
                                "&page=" + std::to_string(r.page) + "&per_page=100",
                            {}, r.company};
          },
          [](const ListRfis& r) {
            return HttpCall{"GET", project_path(r.project) + "/rfis?page=" + std::to_string(r.page)};
          },
          [](const GetRfi& r) {
            return HttpCall{"GET", project_path(r.project) + "/rfis/" + std::to_string(r.rfi.value),
                            {}, r.company};
          },
          [](const CreateRfi& r) {
            const json body = {{"rfi",
                                {{"subject", r.subject},
                                 {"question", {{"body", r.question}}},
                                 {"assignee_id", r.assignee.value}}}};
            return HttpCall{"POST", project_path(r.project) + "/rfis", body.dump(), r.company};
          },
      },
      req);
}

class ProcoreClient {
 public:
  explicit ProcoreClient(std::string token)
      : api_(std::string(kApiBase)), token_(std::move(token)) {
    api_.set_read_timeout(30, 0);
  }

  void set_token(std::string token) { token_ = std::move(token); }

  std::optional<json> send(const Request& req) {
    const auto [method, path, body, company] = to_call(req);
    httplib::Headers headers{{"Authorization", "Bearer " + token_},
                             {"Accept", "application/json"}};
    if (company) headers.emplace("Procore-Company-Id", std::to_string(company->value));

    auto res = method == "POST" ? api_.Post(path, headers, body, "application/json")
                                : api_.Get(path, headers);
    if (!res || res->status >= 300) {
      std::cerr << method << ' ' << path << " failed: " << (res ? res->status : -1) << '\n';
      return std::nullopt;
    }
    auto parsed = json::parse(res->body, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
  }

  bool token_still_valid() {
    httplib::Client info("https://api.procore.com");
    auto res = info.Get("/oauth/token/info", {{"Authorization", "Bearer " + token_}});
    return res && res->status == 200;
  }

 private:
  httplib::Client api_;
  std::string token_;
};

std::optional<std::string> refresh_access_token() {
  const char* id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  if (!id || !secret || !refresh) return std::nullopt;

  httplib::Client login{std::string(kLoginBase)};
  const httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", id},
                             {"client_secret", secret},
                             {"refresh_token", refresh}};
  auto res = login.Post("/oauth/token", form);
  if (!res || res->status != 200) return std::nullopt;
  const auto j = json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.contains("access_token")) return std::nullopt;
  return j["access_token"].get<std::string>();
}

// The tracker is our own service; its board ids are small ints.
bool push_to_tracker(const json& rfi, int board) {
  httplib::Client tracker{std::string(kTrackerBase)};
  const char* key = std::getenv("TRACKER_KEY");
  const httplib::Headers h{{"X-Tracker-Key", key ? key : ""}};
  auto res = tracker.Post("/api/items?board=" + std::to_string(board), h, rfi.dump(),
                          "application/json");
  return res && res->status < 300;
}

}  // namespace rfi_mirror

int main(int argc, char** argv) {
  using namespace rfi_mirror;
  if (argc < 3) {
    std::cerr << "usage: rfi_mirror <company_id> <project_id> [subject assignee_id [board]]\n";
    return 2;
  }
  const char* token = std::getenv("PROCORE_TOKEN");
  if (!token) {
    std::cerr << "PROCORE_TOKEN not set\n";
    return 2;
  }

  const CompanyId company{std::stoll(argv[1])};
  const ProjectId project{std::stoi(argv[2])};
  const int board = argc > 5 ? std::atoi(argv[5]) : 1;

  ProcoreClient client(token);
  if (!client.token_still_valid()) {
    if (auto fresh = refresh_access_token()) {
      client.set_token(*fresh);
    } else {
      std::cerr << "token expired and could not be refreshed\n";
      return 1;
    }
  }

  if (auto me = client.send(GetMe{})) {
    std::cout << "mirroring as " << me->value("login", "?") << '\n';
  }

  bool found = false;
  for (int page = 1; page < 20 && !found; ++page) {
    const auto projects = client.send(GetProjects{company, page});
    if (!projects || projects->empty()) break;
    for (const auto& p : *projects) {
      if (p.at("id").get<std::int64_t>() == project.value) found = true;
    }
  }
  if (!found) {
    std::cerr << "project " << project.value << " not visible to this token\n";
    return 1;
  }

  int mirrored = 0;
  for (int page = 1;; ++page) {
    const auto rfis = client.send(ListRfis{company, project, page});
    if (!rfis || rfis->empty()) break;
    for (const auto& item : *rfis) {
      const RfiId id{item.at("id").get<decltype(RfiId::value)>()};
      const auto detail = client.send(GetRfi{company, project, id});
      if (!detail) continue;
      json card = *detail;
      card["web_url"] = std::string(kWebBase) + "/" + std::to_string(project.value) +
                        "/project/rfi/show/" + std::to_string(id.value);
      if (push_to_tracker(card, board)) ++mirrored;
    }
  }
  std::cout << "mirrored " << mirrored << " RFIs\n";

  if (argc > 4) {
    const UserId assignee{std::stoll(argv[4])};
    const auto created = client.send(
        CreateRfi{company, project, argv[3], "Raised from the field-office tracker", assignee});
    if (created) {
      std::cout << "created RFI #" << created->value("number", "") << ": " << kWebBase << "/"
                << project.value << "/project/rfi/show/" << created->at("id").get<std::int64_t>()
                << '\n';
    }
  }
  return 0;
}
