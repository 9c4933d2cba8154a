// submittal_board: desktop helper for project managers. Lists the open
// submittals of a project, can mark one approved, and files a GitHub issue
// in our tools repo when the Procore sync errors out.
//
//   submittal_board [--monthly] <company_id> <project_id> [approve <submittal_id> <status_id>]
//
// PROCORE_REFRESH_TOKEN, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, GITHUB_TOKEN.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace submittal_board {

struct Hosts {
  std::string_view login;
  std::string_view api;
};

constexpr Hosts kProduction{"https://login.procore.com", "https://api.procore.com"};
constexpr Hosts kMonthly{"https://api-monthly.procore.com", "https://api-monthly.procore.com"};
constexpr std::string_view kGithubApi = "https://api.github.com";
constexpr std::string_view kToolsRepo = "/repos/acme-builders/field-tools/issues";

struct CompanyId { std::int64_t value; };
struct ProjectId { std::int64_t value; };
struct SubmittalId { std::int64_t value; };
using ApproverId = std::int32_t;

struct ListCompanies {};
struct ListSubmittals { CompanyId company; ProjectId project; int page; };
struct GetSubmittal { CompanyId company; ProjectId project; SubmittalId submittal; };
struct ApproveSubmittal {
  CompanyId company;
  ProjectId project;
  SubmittalId submittal;
  std::int64_t status_id;
  ApproverId approver;
};

using Request = std::variant<ListCompanies, ListSubmittals, GetSubmittal, ApproveSubmittal>;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

std::string submittals_path(ProjectId p) {
  return "/rest/v1.1/projects/" + std::to_string(p.value) + "/submittals";
}

http_request to_http(const Request& r, const std::string& bearer) {
  const auto get = [&](const std::string& path) {
    http_request req(methods::GET);
    req.set_request_uri(path);
    req.headers().add(header_names::authorization, bearer);
    req.headers().add(header_names::accept, "application/json");
    return req;
  };
  const auto scoped = [](http_request req, CompanyId c) {
    req.headers().add("Procore-Company-Id", std::to_string(c.value));
    return req;
  };
  return std::visit(
      overloaded{
          [&](const ListCompanies&) { return get("/rest/v1.0/companies"); },
          [&](const ListSubmittals& s) {
            uri_builder b(submittals_path(s.project));
            b.append_query("page", s.page);
            b.append_query("per_page", 50);
            b.append_query("filters[status]", "open");
            return get(b.to_string());
          },
          [&](const GetSubmittal& s) {
            return scoped(get(submittals_path(s.project) + "/" + std::to_string(s.submittal.value)),
                          s.company);
          },
          [&](const ApproveSubmittal& s) {
            auto req = scoped(get(submittals_path(s.project) + "/" + std::to_string(s.submittal.value)),
                              s.company);
            req.set_method(methods::PATCH);
            json::value body;
            body["submittal"]["status_id"] = json::value::number(s.status_id);
            body["submittal"]["approver_id"] = json::value::number(s.approver);
            req.set_body(body);
            return req;
          },
      },
      r);
}

class Board {
 public:
  Board(const Hosts& hosts, std::string token)
      : api_(std::string(hosts.api)), bearer_("Bearer " + std::move(token)) {}

  std::optional<json::value> send(const Request& r) {
    try {
      const http_response res = api_.request(to_http(r, bearer_)).get();
      if (res.status_code() != status_codes::OK) {
        std::cerr << "Procore returned " << res.status_code() << '\n';
        return std::nullopt;
      }
      return res.extract_json().get();
    } catch (const http_exception& e) {
      std::cerr << "request failed: " << e.what() << '\n';
      return std::nullopt;
    }
  }

 private:
  http_client api_;
  std::string bearer_;
};

std::optional<std::string> refresh(const Hosts& hosts) {
  const char* id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* refresh_token = std::getenv("PROCORE_REFRESH_TOKEN");
  if (!id || !secret || !refresh_token) return std::nullopt;
  http_client login{std::string(hosts.login)};
  uri_builder form;
  form.append_query("grant_type", "refresh_token");
  form.append_query("client_id", id);
  form.append_query("client_secret", secret);
  form.append_query("refresh_token", refresh_token);
  http_request req(methods::POST);
  req.set_request_uri("/oauth/token");
  req.set_body(form.query(), "application/x-www-form-urlencoded");
  const http_response res = login.request(req).get();
  if (res.status_code() != status_codes::OK) return std::nullopt;
  return res.extract_json().get().at("access_token").as_string();
}

// Files an issue in our own repo; GitHub issue numbers are small ints.
int file_issue(const std::string& title, const std::string& details) {
  const char* gh = std::getenv("GITHUB_TOKEN");
  if (!gh) return 0;
  http_client github{std::string(kGithubApi)};
  http_request req(methods::POST);
  req.set_request_uri(std::string(kToolsRepo));
  req.headers().add(header_names::authorization, std::string("token ") + gh);
  req.headers().add(header_names::user_agent, "submittal-board");
  json::value body;
  body["title"] = json::value::string(title);
  body["body"] = json::value::string(details);
  req.set_body(body);
  const http_response res = github.request(req).get();
  if (res.status_code() != status_codes::Created) return 0;
  return res.extract_json().get().at("number").as_integer();
}

}  // namespace submittal_board

int main(int argc, char** argv) {
  using namespace submittal_board;
  std::vector<std::string> args(argv + 1, argv + argc);
  Hosts hosts = kProduction;
  if (!args.empty() && args.front() == "--monthly") {
    hosts = kMonthly;
    args.erase(args.begin());
  }
  if (args.size() < 2) {
    std::cerr << "usage: submittal_board [--monthly] <company_id> <project_id> [approve <id> <status_id>]\n";
    return 2;
  }
  const CompanyId company{std::stoll(args[0])};
  const ProjectId project{std::stoll(args[1])};

  const auto token = refresh(hosts);
  if (!token) {
    std::cerr << "could not refresh the Procore token\n";
    return 1;
  }
  Board board(hosts, *token);

  if (const auto companies = board.send(ListCompanies{})) {
    for (const auto& c : companies->as_array())
      if (c.at("id").as_number().to_int64() == company.value)
        std::cout << "company: " << c.at("name").as_string() << '\n';
  }

  std::vector<SubmittalId> open;
  for (int page = 1; page <= 10; ++page) {
    const auto list = board.send(ListSubmittals{company, project, page});
    if (!list) {
      const int issue = file_issue("submittal_board: listing failed",
                                   "project " + std::to_string(project.value) + ", page " +
                                       std::to_string(page));
      if (issue) std::cerr << "filed issue #" << issue << '\n';
      return 1;
    }
    if (list->as_array().size() == 0) break;
    for (const auto& s : list->as_array()) {
      const SubmittalId id{s.at("id").as_integer()};
      open.push_back(id);
      std::cout << id.value << "  " << s.at("title").as_string() << '\n';
    }
  }

  if (args.size() >= 5 && args[2] == "approve") {
    const SubmittalId target{std::stoll(args[3])};
    const std::int64_t status_id = std::stoll(args[4]);
    const auto current = board.send(GetSubmittal{company, project, target});
    if (!current) return 1;
    const ApproverId me = current->at("approvers").as_array().size() > 0
                              ? current->at("approvers").as_array().at(0).at("id").as_integer()
                              : 0;
    if (board.send(ApproveSubmittal{company, project, target, status_id, me})) {
      std::cout << "approved; see https://app.procore.com/" << project.value
                << "/project/submittal_logs/" << target.value << '\n';
    }
  }
  return 0;
}
