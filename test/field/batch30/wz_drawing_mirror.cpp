// drawing_mirror: keeps a read-only copy of the current drawing set of each
// configured project on the site office NAS, so the trailer has plans when the
// LTE link is down. Token is refreshed with the stored refresh_token.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace mirror {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using DrawingId = std::int64_t;
using AreaId = std::int64_t;

enum class Environment { Production, Sandbox, MonthlySandbox };

constexpr const char* api_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://api.procore.com";
    case Environment::Sandbox: return "https://login-sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://api-monthly.procore.com";
  }
  return "https://api.procore.com";
}

constexpr const char* login_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://login.procore.com";
    case Environment::Sandbox: return "https://login-sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://login-sandbox-monthly.procore.com";
  }
  return "https://login.procore.com";
}

struct DrawingArea {
  AreaId id{};
  std::string name;
};

void from_json(const json& j, DrawingArea& a) {
  a.id = j.at("id").get<int>();
  j.at("name").get_to(a.name);
}

struct Revision {
  unsigned id{};
  std::string revision_number;
  std::string png_url;  // presigned storage.procore.com link
  std::string pdf_url;
};

void from_json(const json& j, Revision& r) {
  j.at("id").get_to(r.id);
  r.revision_number = j.value("revision_number", std::string{"0"});
  r.png_url = j.value("png_url", std::string{});
  r.pdf_url = j.value("pdf_url", std::string{});
}

struct Drawing {
  DrawingId id{};
  std::string number;
  std::string title;
  std::optional<Revision> current_revision;
};

void from_json(const json& j, Drawing& d) {
  j.at("id").get_to(d.id);
  d.number = j.value("number", std::string{});
  d.title = j.value("title", std::string{});
  if (j.contains("current_revision") && j["current_revision"].is_object())
    d.current_revision = j["current_revision"].get<Revision>();
}

struct HttpError {
  int status;
};

class Procore {
 public:
  Procore(Environment env, CompanyId company, std::string refresh_token)
      : env_(env), company_(company), refresh_(std::move(refresh_token)), cli_(api_host(env)) {
    decorators_ = {
        [this](httplib::Headers& h) { h.emplace("Authorization", "Bearer " + access_); },
        [this](httplib::Headers& h) { h.emplace("Procore-Company-Id", std::to_string(company_)); },
    };
  }

  bool refresh(const std::string& client_id, const std::string& secret) {
    httplib::Client login(login_host(env_));
    auto res = login.Post("/oauth/token", httplib::Params{{"grant_type", "refresh_token"},
                                                          {"refresh_token", refresh_},
                                                          {"client_id", client_id},
                                                          {"client_secret", secret}});
    if (!res || res->status != 200) return false;
    auto tok = json::parse(res->body);
    access_ = tok.at("access_token").get<std::string>();
    refresh_ = tok.value("refresh_token", refresh_);
    return true;
  }

  template <typename T>
  std::variant<T, HttpError> fetch(const std::string& path) {
    auto res = cli_.Get(path, headers());
    if (!res) return HttpError{0};
    if (res->status != 200) return HttpError{res->status};
    return json::parse(res->body).get<T>();
  }

  // Procore returns an RFC 5988 Link header; follow rel="next" until it is gone.
  template <typename T>
  std::variant<std::vector<T>, HttpError> fetch_all(const std::string& path) {
    std::vector<T> out;
    auto res = cli_.Get(path, headers());
    while (true) {
      if (!res) return HttpError{0};
      if (res->status != 200) return HttpError{res->status};
      for (const auto& e : json::parse(res->body)) out.push_back(e.get<T>());
      auto next = next_link(res->get_header_value("Link"));
      if (!next) break;
      res = cli_.Get(*next, {{"Authorization", "Bearer " + access_}});
    }
    return out;
  }

 private:
  static std::optional<std::string> next_link(const std::string& link) {
    auto rel = link.find("rel=\"next\"");
    if (rel == std::string::npos) return std::nullopt;
    auto open = link.rfind('<', rel);
    auto close = link.find('>', open);
    if (open == std::string::npos || close == std::string::npos) return std::nullopt;
    std::string url = link.substr(open + 1, close - open - 1);
    auto path_start = url.find("/rest/");
    return path_start == std::string::npos ? std::nullopt : std::optional<std::string>(url.substr(path_start));
  }

  httplib::Headers headers() const {
    httplib::Headers h;
    for (const auto& d : decorators_) d(h);
    return h;
  }

  Environment env_;
  CompanyId company_;
  std::string refresh_;
  std::string access_;
  httplib::Client cli_;
  std::vector<std::function<void(httplib::Headers&)>> decorators_;
};

// Presigned file URLs: no auth headers at all, the signature is in the query.
bool download(const std::string& url, const fs::path& dest) {
  auto host_end = url.find('/', 8);
  httplib::Client storage(url.substr(0, host_end));
  auto res = storage.Get(url.substr(host_end));
  if (!res || res->status != 200) return false;
  std::ofstream(dest, std::ios::binary) << res->body;
  return true;
}

void notify_teams(const std::string& text) {
  httplib::Client hook("https://hooks.example-teams.net");
  hook.Post("/webhook/site-office", json{{"text", text}}.dump(), "application/json");
}

}  // namespace mirror

int main() {
  using namespace mirror;
  std::ifstream cfg_in("/etc/drawing-mirror/config.json");
  json cfg = json::parse(cfg_in);
  const auto company = cfg.at("company_id").get<CompanyId>();
  const auto projects = cfg.at("project_ids").get<std::vector<ProjectId>>();
  const fs::path root = cfg.value("root", std::string{"/mnt/nas/drawings"});
  const Environment env = cfg.value("sandbox", false) ? Environment::Sandbox : Environment::Production;

  Procore api(env, company, cfg.at("refresh_token").get<std::string>());
  if (!api.refresh(cfg.at("client_id").get<std::string>(), cfg.at("client_secret").get<std::string>())) {
    notify_teams("drawing-mirror: token refresh failed, plans on the NAS may be stale");
    return 1;
  }

  std::map<ProjectId, int> downloaded;
  for (ProjectId project : projects) {
    auto areas = api.fetch<std::vector<DrawingArea>>("/rest/v1.1/projects/" + std::to_string(project) + "/drawing_areas");
    if (std::holds_alternative<HttpError>(areas)) {
      std::cerr << "project " << project << ": HTTP " << std::get<HttpError>(areas).status << "\n";
      continue;
    }
    for (const auto& area : std::get<std::vector<DrawingArea>>(areas)) {
      auto drawings = api.fetch_all<Drawing>("/rest/v1.1/drawing_areas/" + std::to_string(area.id) +
                                             "/drawings?project_id=" + std::to_string(project) + "&per_page=200");
      if (!std::holds_alternative<std::vector<Drawing>>(drawings)) continue;
      for (const auto& d : std::get<std::vector<Drawing>>(drawings)) {
        if (!d.current_revision || d.current_revision->pdf_url.empty()) continue;
        fs::path dir = root / std::to_string(project) / area.name;
        fs::create_directories(dir);
        fs::path file = dir / (d.number + "_rev" + d.current_revision->revision_number + ".pdf");
        if (fs::exists(file)) continue;
        if (download(d.current_revision->pdf_url, file)) ++downloaded[project];
      }
    }
  }
  int total = 0;
  for (const auto& [project, n] : downloaded) total += n;
  if (total > 0) notify_teams("drawing-mirror: " + std::to_string(total) + " new sheets synced");
  return 0;
}
