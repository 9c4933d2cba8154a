// dmsa_directory_sync: nightly job running as a Developer Managed Service
// Account. It mirrors the company's projects and users into the HR system and
// makes sure every site superintendent is on the projects HR assigns them to.
//
// Auth is the client-credentials grant; nobody logs in interactively.
// Environment: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID,
// HR_API_KEY.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dmsa_sync {

using json = nlohmann::json;

constexpr std::string_view kTokenUrl = "https://login.procore.com/oauth/token";
constexpr std::string_view kRevokeUrl = "https://app.procore.com/oauth/revoke";
constexpr std::string_view kRestV1 = "https://api.procore.com/rest/v1.0";
constexpr std::string_view kHrBase = "https://hr.acme-builders.com/api/v2";
constexpr std::string_view kDirectoryLink = "https://app.procore.com/";

struct CompanyId { std::int64_t value; };
struct ProjectId { std::int64_t value; };
struct UserId { unsigned value; };

struct GetMe {};
struct ListCompanies {};
struct ListProjects { CompanyId company; int page; };
struct ListCompanyUsers { CompanyId company; int page; };
struct ListProjectUsers { CompanyId company; ProjectId project; };
struct AddProjectUser { CompanyId company; ProjectId project; UserId user; };

using Request = std::variant<GetMe, ListCompanies, ListProjects, ListCompanyUsers,
                             ListProjectUsers, AddProjectUser>;

std::string id(CompanyId c) { return std::to_string(c.value); }
std::string id(ProjectId p) { return std::to_string(p.value); }

cpr::Url rest(const std::string& path) { return cpr::Url{std::string(kRestV1) + path}; }

// Performs one request; every alternative knows its own verb and headers.
class Executor {
 public:
  Executor(std::string token, CompanyId home) : bearer_(std::move(token)), home_(home) {}

  cpr::Response operator()(const GetMe&) const {
    return cpr::Get(rest("/me"), bearer_, scoped(home_));
  }
  cpr::Response operator()(const ListCompanies&) const {
    return cpr::Get(rest("/companies"), bearer_);
  }
  cpr::Response operator()(const ListProjects& r) const {
    return cpr::Get(rest("/projects"), bearer_, scoped(r.company),
                    cpr::Parameters{{"company_id", id(r.company)},
                                    {"page", std::to_string(r.page)},
                                    {"per_page", "100"}});
  }
  cpr::Response operator()(const ListCompanyUsers& r) const {
    return cpr::Get(rest("/companies/" + id(r.company) + "/users"), bearer_,
                    cpr::Parameters{{"page", std::to_string(r.page)}, {"per_page", "100"}});
  }
  cpr::Response operator()(const ListProjectUsers& r) const {
    return cpr::Get(rest("/projects/" + id(r.project) + "/users"), bearer_, scoped(r.company));
  }
  cpr::Response operator()(const AddProjectUser& r) const {
    return cpr::Post(rest("/projects/" + id(r.project) + "/users/" + std::to_string(r.user.value) +
                          "/actions/add"),
                     bearer_,
                     cpr::Header{{"Procore-Company-Id", id(r.company)},
                                 {"Content-Type", "application/json"}},
                     cpr::Body{"{}"});
  }

 private:
  static cpr::Header scoped(CompanyId c) { return cpr::Header{{"Procore-Company-Id", id(c)}}; }

  cpr::Bearer bearer_;
  CompanyId home_;
};

std::optional<json> call(const Executor& exec, const Request& req) {
  const cpr::Response res = std::visit(exec, req);
  if (res.status_code < 200 || res.status_code >= 300) {
    std::cerr << res.url << " -> " << res.status_code << ' ' << res.reason << '\n';
    return std::nullopt;
  }
  auto parsed = json::parse(res.text, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::optional<std::string> client_credentials_token(const std::string& client_id,
                                                    const std::string& secret) {
  const auto res = cpr::Post(cpr::Url{std::string(kTokenUrl)},
                             cpr::Payload{{"grant_type", "client_credentials"},
                                          {"client_id", client_id},
                                          {"client_secret", secret}});
  if (res.status_code != 200) return std::nullopt;
  const auto j = json::parse(res.text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j.value("access_token", std::string{});
}

void revoke(const std::string& client_id, const std::string& secret, const std::string& token) {
  cpr::Post(cpr::Url{std::string(kRevokeUrl)},
            cpr::Payload{{"client_id", client_id}, {"client_secret", secret}, {"token", token}});
}

// HR keys people by employee number and departments by a small int.
std::map<std::string, std::vector<std::int64_t>> hr_assignments(int department) {
  const char* key = std::getenv("HR_API_KEY");
  const auto res = cpr::Get(cpr::Url{std::string(kHrBase) + "/assignments"},
                            cpr::Header{{"X-Api-Key", key ? key : ""}},
                            cpr::Parameters{{"department", std::to_string(department)}});
  std::map<std::string, std::vector<std::int64_t>> out;  // email -> procore project ids
  const auto j = json::parse(res.text, nullptr, false);
  if (j.is_discarded()) return out;
  for (const auto& a : j)
    out[a.value("email", "")].push_back(a.value("procore_project_id", std::int64_t{0}));
  return out;
}

}  // namespace dmsa_sync

int main() {
  using namespace dmsa_sync;
  const char* client_id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* company_env = std::getenv("PROCORE_COMPANY_ID");
  if (!client_id || !secret || !company_env) {
    std::cerr << "missing PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID\n";
    return 2;
  }
  const CompanyId company{std::atoi(company_env)};

  const auto token = client_credentials_token(client_id, secret);
  if (!token || token->empty()) {
    std::cerr << "client-credentials grant failed\n";
    return 1;
  }
  const Executor exec(*token, company);

  if (const auto me = call(exec, GetMe{})) {
    std::cout << "service account: " << me->value("login", "?") << '\n';
  }
  bool has_company = false;
  if (const auto companies = call(exec, ListCompanies{})) {
    for (const auto& c : *companies)
      if (c.at("id").get<std::int64_t>() == company.value) has_company = true;
  }
  if (!has_company) {
    std::cerr << "DMSA is not installed in company " << company.value << '\n';
    return 1;
  }

  std::map<std::string, UserId> users_by_email;
  for (int page = 1;; ++page) {
    const auto users = call(exec, ListCompanyUsers{company, page});
    if (!users || users->empty()) break;
    for (const auto& u : *users) {
      const UserId uid{u.value("id", 0u)};
      users_by_email.emplace(u.value("email_address", ""), uid);
    }
  }

  std::vector<ProjectId> projects;
  for (int page = 1;; ++page) {
    const auto batch = call(exec, ListProjects{company, page});
    if (!batch || batch->empty()) break;
    for (const auto& p : *batch) projects.push_back(ProjectId{p.at("id").get<std::int64_t>()});
  }
  std::cout << projects.size() << " projects, " << users_by_email.size() << " users\n";

  int added = 0;
  for (const auto& [email, project_ids] : hr_assignments(/*superintendents*/ 7)) {
    const auto user = users_by_email.find(email);
    if (user == users_by_email.end()) {
      std::cerr << email << " not in the directory; see " << kDirectoryLink << company.value
                << "/company/directory\n";
      continue;
    }
    for (const auto pid : project_ids) {
      const ProjectId project{pid};
      const auto members = call(exec, ListProjectUsers{company, project});
      bool present = false;
      if (members)
        for (const auto& m : *members)
          if (m.at("id").get<std::int64_t>() == user->second.value) present = true;
      if (!present && call(exec, AddProjectUser{company, project, user->second})) ++added;
    }
  }
  std::cout << "added " << added << " project memberships\n";

  revoke(client_id, secret, *token);
  return 0;
}
