// inspection_bridge: pulls checklist (inspection) lists from Procore and pushes
// failed items into the internal QA tracker. Runs under systemd on the ops box.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace bridge {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using InspectionId = int;
using ItemId = std::int64_t;

enum class Environment { Production, Sandbox, MonthlySandbox };

constexpr const char* api_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://api.procore.com";
    case Environment::Sandbox: return "https://sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://api-monthly.procore.com";
  }
  return "https://api.procore.com";
}

constexpr const char* login_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://login.procore.com";
    case Environment::Sandbox: return "https://sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://login-sandbox-monthly.procore.com";
  }
  return "https://login.procore.com";
}

struct Project {
  ProjectId id{};
  std::string name;
  std::optional<std::string> project_number;
  bool active{true};
};

void from_json(const json& j, Project& p) {
  j.at("id").get_to(p.id);
  j.at("name").get_to(p.name);
  if (j.contains("project_number") && !j["project_number"].is_null())
    p.project_number = j["project_number"].get<std::string>();
  p.active = j.value("active", true);
}

struct InspectionItem {
  ItemId id{};
  std::string name;
  std::string status;  // "yes" / "no" / "n/a"
};

void from_json(const json& j, InspectionItem& i) {
  j.at("id").get_to(i.id);
  j.at("name").get_to(i.name);
  i.status = j.value("status", std::string{"unanswered"});
}

struct Inspection {
  InspectionId id{};
  std::string name;
  std::string status;
  std::vector<InspectionItem> items;
};

void from_json(const json& j, Inspection& in) {
  j.at("id").get_to(in.id);
  j.at("name").get_to(in.name);
  in.status = j.value("status", std::string{});
  if (j.contains("items")) j.at("items").get_to(in.items);
}

struct TokenSet {
  std::string access_token;
  std::string refresh_token;
};

class ProcoreClient {
 public:
  ProcoreClient(Environment env, CompanyId company, TokenSet tokens)
      : env_(env), company_(company), tokens_(std::move(tokens)), api_(api_host(env)) {
    api_.set_connection_timeout(10);
    api_.set_read_timeout(30);
    decorators_.push_back([this](httplib::Headers& h) {
      h.emplace("Authorization", "Bearer " + tokens_.access_token);
    });
    decorators_.push_back([this](httplib::Headers& h) {
      h.emplace("Procore-Company-Id", std::to_string(company_));
    });
    decorators_.push_back([](httplib::Headers& h) { h.emplace("User-Agent", "inspection-bridge/2.3"); });
  }

  template <typename T>
  std::optional<T> fetch(const std::string& path) {
    auto res = api_.Get(path, headers());
    if (!res || res->status != 200) {
      std::cerr << "GET " << path << " failed: " << (res ? res->status : -1) << "\n";
      return std::nullopt;
    }
    return json::parse(res->body).get<T>();
  }

  template <typename T>
  std::vector<T> fetch_all(const std::string& path) {
    std::vector<T> out;
    const char sep = path.find('?') == std::string::npos ? '?' : '&';
    for (int page = 1; page < 500; ++page) {
      auto res = api_.Get(path + sep + "page=" + std::to_string(page) + "&per_page=100", headers());
      if (!res || res->status != 200) break;
      auto arr = json::parse(res->body, nullptr, false);
      if (!arr.is_array() || arr.empty()) break;
      for (const auto& el : arr) out.push_back(el.get<T>());
      if (arr.size() < 100) break;
    }
    return out;
  }

  bool refresh(const std::string& client_id, const std::string& client_secret) {
    httplib::Client login(login_host(env_));
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", tokens_.refresh_token},
                         {"client_id", client_id},
                         {"client_secret", client_secret}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    auto body = json::parse(res->body);
    tokens_.access_token = body.at("access_token").get<std::string>();
    tokens_.refresh_token = body.value("refresh_token", tokens_.refresh_token);
    return true;
  }

  // Photos are large; build the multipart request by hand instead of json.
  bool attach_photo(ProjectId project, InspectionId list, const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    httplib::Headers h{{"Authorization", "Bearer " + tokens_.access_token}};
    httplib::MultipartFormDataItems items{{"attachments[]", ss.str(), file, "image/jpeg"}};
    auto res = api_.Post("/rest/v1.0/checklist/lists/" + std::to_string(list) +
                             "/attachments?project_id=" + std::to_string(project),
                         h, items);
    return res && res->status < 300;
  }

  CompanyId company() const { return company_; }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    for (const auto& d : decorators_) d(h);
    return h;
  }

  Environment env_;
  CompanyId company_;
  TokenSet tokens_;
  httplib::Client api_;
  std::vector<std::function<void(httplib::Headers&)>> decorators_;
};

// Internal QA tracker, not Procore. Ticket numbers are small ints there.
int open_qa_ticket(const Project& p, const Inspection& in, const InspectionItem& item, CompanyId company) {
  httplib::Client tracker("qa-tracker.internal", 8080);
  json ticket{{"title", p.name + ": " + in.name + " / " + item.name},
              {"procore_item_id", item.id},
              {"link", "https://app.procore.com/" + std::to_string(company) + "/project/home"}};
  auto res = tracker.Post("/api/tickets", ticket.dump(), "application/json");
  if (!res || res->status != 201) return -1;
  return json::parse(res->body).value("number", -1);
}

Environment env_from_string(const char* s) {
  if (!s) return Environment::Production;
  std::string v(s);
  if (v == "sandbox") return Environment::Sandbox;
  if (v == "monthly") return Environment::MonthlySandbox;
  return Environment::Production;
}

}  // namespace bridge

int main() {
  using namespace bridge;
  const char* company_env = std::getenv("PROCORE_COMPANY_ID");
  const char* filter_env = std::getenv("BRIDGE_PROJECT_FILTER");
  if (!company_env) {
    std::cerr << "PROCORE_COMPANY_ID not set\n";
    return 2;
  }
  const CompanyId company = std::stoll(company_env);
  const int only_project = filter_env ? std::atoi(filter_env) : 0;

  TokenSet tokens{std::getenv("PROCORE_ACCESS_TOKEN") ? std::getenv("PROCORE_ACCESS_TOKEN") : "",
                  std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : ""};
  ProcoreClient client(env_from_string(std::getenv("PROCORE_ENV")), company, tokens);

  while (true) {
    if (!client.fetch<json>("/rest/v1.0/me")) {
      if (!client.refresh(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"))) {
        std::cerr << "token refresh failed, sleeping\n";
        std::this_thread::sleep_for(std::chrono::minutes(5));
        continue;
      }
    }

    auto projects = client.fetch_all<Project>("/rest/v1.0/projects?company_id=" + std::to_string(company));
    int failed_total = 0;
    for (const auto& p : projects) {
      if (!p.active || (only_project != 0 && p.id != only_project)) continue;
      auto lists = client.fetch_all<Inspection>("/rest/v1.0/checklist/lists?project_id=" + std::to_string(p.id));
      for (const auto& summary : lists) {
        auto full = client.fetch<Inspection>("/rest/v1.0/checklist/lists/" + std::to_string(summary.id) +
                                             "?project_id=" + std::to_string(p.id));
        if (!full) continue;
        for (const auto& item : full->items) {
          if (item.status != "no") continue;
          ++failed_total;
          int ticket = open_qa_ticket(p, *full, item, client.company());
          if (ticket > 0) std::cout << "QA-" << ticket << " <- item " << item.id << "\n";
        }
        std::string photo = "/var/spool/inspection-bridge/" + std::to_string(summary.id) + ".jpg";
        if (std::ifstream(photo)) client.attach_photo(p.id, summary.id, photo);
      }
    }
    std::cout << "cycle done, " << failed_total << " failed items\n";
    std::this_thread::sleep_for(std::chrono::minutes(15));
  }
}
