// timecard: small CLI used by the field payroll team.
//   timecard list    <company_id> <project_id> [YYYY-MM-DD]
//   timecard approve <company_id> <project_id> <timesheet_id>
// Auth: a personal access token in PROCORE_ACCESS_TOKEN (obtained with the
// auth-code flow by our login helper and cached in the keychain).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace timecard {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using TimesheetId = std::int64_t;

enum class Environment { Production, Sandbox, MonthlySandbox };

constexpr const char* base_host(Environment env) {
  switch (env) {
    case Environment::Production:
      return "https://api.procore.com";
    case Environment::Sandbox:
      return "https://sandbox.procore.com";
    case Environment::MonthlySandbox:
      return "https://sandbox-monthly.procore.com";
  }
  return "https://api.procore.com";
}

struct ApiError {
  int status = 0;
  std::string message;
};

struct TimecardEntry {
  std::int64_t id{};
  int party_id{};
  std::string date;
  double hours{};
  std::optional<std::string> description;
  TimesheetId timesheet_id{};
};

void from_json(const json& j, TimecardEntry& e) {
  j.at("id").get_to(e.id);
  if (j.contains("party") && j["party"].is_object()) e.party_id = j["party"].at("id").get<int>();
  e.date = j.value("date", std::string{});
  e.hours = std::stod(j.value("hours", std::string{"0"}));
  if (j.contains("description") && j["description"].is_string()) e.description = j["description"].get<std::string>();
  if (j.contains("timesheet") && j["timesheet"].is_object()) j["timesheet"].at("id").get_to(e.timesheet_id);
}

void to_json(json& j, const TimecardEntry& e) {
  j = json{{"id", e.id}, {"party_id", e.party_id}, {"date", e.date}, {"hours", e.hours}};
  if (e.description) j["description"] = *e.description;
}

template <typename T>
using Result = std::variant<T, ApiError>;

class Api {
 public:
  Api(Environment env, std::string token, CompanyId company)
      : cli_(base_host(env)), token_(std::move(token)), company_(company) {
    decorators_.emplace_back([this](httplib::Headers& h) { h.emplace("Authorization", "Bearer " + token_); });
    decorators_.emplace_back([this](httplib::Headers& h) { h.emplace("Procore-Company-Id", std::to_string(company_)); });
    decorators_.emplace_back([](httplib::Headers& h) { h.emplace("Accept", "application/json"); });
  }

  template <typename T>
  Result<T> fetch(const std::string& path) {
    auto res = cli_.Get(path, decorated());
    if (!res) return ApiError{0, httplib::to_string(res.error())};
    if (res->status >= 400) return ApiError{res->status, res->body};
    return json::parse(res->body).get<T>();
  }

  template <typename T>
  Result<std::vector<T>> fetch_all(const std::string& path, int per_page = 200) {
    std::vector<T> all;
    int page = 1;
    int total = -1;
    while (total < 0 || static_cast<int>(all.size()) < total) {
      std::string sep = path.find('?') == std::string::npos ? "?" : "&";
      auto res = cli_.Get(path + sep + "page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page),
                          decorated());
      if (!res) return ApiError{0, httplib::to_string(res.error())};
      if (res->status >= 400) return ApiError{res->status, res->body};
      if (res->has_header("Total")) total = std::stoi(res->get_header_value("Total"));
      auto batch = json::parse(res->body).get<std::vector<T>>();
      if (batch.empty()) break;
      all.insert(all.end(), batch.begin(), batch.end());
      if (total < 0 && static_cast<int>(batch.size()) < per_page) break;
      ++page;
    }
    return all;
  }

  // Approval goes through the legacy timesheet endpoint which wants a PATCH.
  std::optional<ApiError> approve(ProjectId project, TimesheetId sheet) {
    httplib::Headers h{{"Authorization", "Bearer " + token_},
                       {"Company-Id", std::to_string(company_)}};
    json body{{"timesheet", {{"status", "approved"}}}};
    auto res = cli_.Patch("/rest/v1.0/projects/" + std::to_string(project) + "/timesheets/" + std::to_string(sheet),
                          h, body.dump(), "application/json");
    if (!res) return ApiError{0, "network error"};
    if (res->status >= 300) return ApiError{res->status, res->body};
    return std::nullopt;
  }

 private:
  httplib::Headers decorated() const {
    httplib::Headers h;
    for (const auto& d : decorators_) d(h);
    return h;
  }

  httplib::Client cli_;
  std::string token_;
  CompanyId company_;
  std::vector<std::function<void(httplib::Headers&)>> decorators_;
};

bool token_still_valid(const std::string& token) {
  httplib::Client login("https://login.procore.com");
  auto res = login.Get("/oauth/token/info", {{"Authorization", "Bearer " + token}});
  return res && res->status == 200;
}

Environment env_from(const char* v) {
  if (v && std::string(v) == "sandbox") return Environment::Sandbox;
  if (v && std::string(v) == "monthly") return Environment::MonthlySandbox;
  return Environment::Production;
}

int usage() {
  std::cerr << "usage: timecard list <company_id> <project_id> [date]\n"
               "       timecard approve <company_id> <project_id> <timesheet_id>\n"
               "docs: https://developers.procore.com/reference/rest/timecard-entries\n";
  return 64;
}

}  // namespace timecard

int main(int argc, char** argv) {
  using namespace timecard;
  if (argc < 4) return usage();
  const std::string cmd = argv[1];
  const CompanyId company = std::stoll(argv[2]);
  const ProjectId project = std::stoi(argv[3]);

  const char* token = std::getenv("PROCORE_ACCESS_TOKEN");
  if (!token || !token_still_valid(token)) {
    std::cerr << "no valid token; run `procore-login` first\n";
    return 1;
  }
  Api api(env_from(std::getenv("PROCORE_ENV")), token, company);

  if (cmd == "list") {
    std::string path = "/rest/v1.0/projects/" + std::to_string(project) + "/timecard_entries";
    if (argc > 4) path += "?filters[date]=" + std::string(argv[4]);
    auto result = api.fetch_all<TimecardEntry>(path);
    if (auto* err = std::get_if<ApiError>(&result)) {
      std::cerr << "error " << err->status << ": " << err->message << "\n";
      return 1;
    }
    std::map<std::int64_t, double> hours_by_party;
    for (const auto& e : std::get<std::vector<TimecardEntry>>(result)) {
      hours_by_party[e.party_id] += e.hours;
      std::cout << e.date << "  " << std::setw(10) << e.id << "  " << std::fixed << std::setprecision(2) << e.hours
                << "  " << e.description.value_or("") << "\n";
    }
    for (const auto& [party, hours] : hours_by_party) std::cout << "party " << party << ": " << hours << " h\n";
    std::cout << "open in Procore: https://app.procore.com/" << project << "/project/home\n";
    return 0;
  }

  if (cmd == "approve" && argc >= 5) {
    const TimesheetId sheet = std::stoll(argv[4]);
    auto me = api.fetch<json>("/rest/v1.0/me");
    if (auto* who = std::get_if<json>(&me)) std::cout << "approving as " << who->value("login", "?") << "\n";
    if (auto err = api.approve(project, sheet)) {
      std::cerr << "approve failed (" << err->status << "): " << err->message << "\n";
      return 1;
    }
    std::cout << "timesheet " << sheet << " approved\n";
    return 0;
  }
  return usage();
}
