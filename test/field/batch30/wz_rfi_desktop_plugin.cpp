// RFI panel for the BIM desktop plugin: signs the user in with the OAuth
// authorization-code flow (loopback redirect), lists open RFIs of the linked
// project and posts replies from the model viewer.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace rfipanel {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using RfiId = std::int64_t;

constexpr int kLoopbackPort = 8765;
constexpr const char* kRedirectUri = "http://localhost:8765/callback";

enum class Environment { Production, Sandbox, MonthlySandbox };

constexpr const char* rest_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://api.procore.com";
    case Environment::Sandbox: return "https://sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://api-monthly.procore.com";
  }
  return "https://api.procore.com";
}

constexpr const char* oauth_host(Environment env) {
  switch (env) {
    case Environment::Production: return "https://api.procore.com";
    case Environment::Sandbox: return "https://login-sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://login-sandbox-monthly.procore.com";
  }
  return "https://login.procore.com";
}

struct Rfi {
  RfiId id{};
  std::string number;
  std::string subject;
  std::string status;
  std::int32_t assignee_id{};
  std::optional<std::string> due_date;
};

void from_json(const json& j, Rfi& r) {
  j.at("id").get_to(r.id);
  r.number = j.value("number", std::string{});
  j.at("subject").get_to(r.subject);
  r.status = j.value("status", std::string{"open"});
  if (j.contains("assignee") && j["assignee"].is_object()) j["assignee"].at("id").get_to(r.assignee_id);
  if (j.contains("due_date") && j["due_date"].is_string()) r.due_date = j["due_date"].get<std::string>();
}

struct Reply {
  std::string body;
};

void to_json(json& j, const Reply& r) { j = json{{"reply", {{"body", r.body}}}}; }

struct Session {
  std::string access_token;
  std::string refresh_token;
  CompanyId company{};
  ProjectId project{};
};

class RfiService {
 public:
  RfiService(Environment env, Session s) : env_(env), s_(std::move(s)), rest_(rest_host(env)) {
    decorators_.push_back([this](httplib::Headers& h) { h.emplace("Authorization", "Bearer " + s_.access_token); });
    decorators_.push_back([this](httplib::Headers& h) { h.emplace("Procore-Company-Id", std::to_string(s_.company)); });
  }

  std::string authorize_url(const std::string& client_id) const {
    return std::string(oauth_host(env_)) + "/oauth/authorize?response_type=code&client_id=" + client_id +
           "&redirect_uri=" + kRedirectUri;
  }

  bool exchange_code(const std::string& code, const std::string& client_id, const std::string& secret) {
    httplib::Client auth(oauth_host(env_));
    auto res = auth.Post("/oauth/token", httplib::Params{{"grant_type", "authorization_code"},
                                                         {"code", code},
                                                         {"client_id", client_id},
                                                         {"client_secret", secret},
                                                         {"redirect_uri", kRedirectUri}});
    if (!res || res->status != 200) return false;
    auto tok = json::parse(res->body);
    s_.access_token = tok.at("access_token").get<std::string>();
    s_.refresh_token = tok.value("refresh_token", std::string{});
    return true;
  }

  void sign_out(const std::string& client_id, const std::string& secret) {
    httplib::Client auth(oauth_host(env_));
    auth.Post("/oauth/revoke", httplib::Params{{"token", s_.access_token}, {"client_id", client_id},
                                               {"client_secret", secret}});
  }

  // Identity calls are made before the user picked a company in the panel.
  std::optional<json> who_am_i() {
    auto res = rest_.Get("/rest/v1.0/me", {{"Authorization", "Bearer " + s_.access_token}});
    if (!res || res->status != 200) return std::nullopt;
    return json::parse(res->body);
  }

  std::vector<json> my_companies() {
    auto res = rest_.Get("/rest/v1.0/companies", {{"Authorization", "Bearer " + s_.access_token}});
    if (!res || res->status != 200) return {};
    return json::parse(res->body).get<std::vector<json>>();
  }

  void select(CompanyId company, ProjectId project) {
    s_.company = company;
    s_.project = project;
  }

  template <typename T>
  std::vector<T> fetch_all(const std::string& path) {
    std::vector<T> out;
    for (int page = 1; page <= 50; ++page) {
      auto res = rest_.Get(path + "&page=" + std::to_string(page) + "&per_page=100", headers());
      if (!res || res->status != 200) break;
      auto arr = json::parse(res->body);
      for (const auto& e : arr) out.push_back(e.get<T>());
      if (arr.size() < 100) break;
    }
    return out;
  }

  std::vector<Rfi> open_rfis() {
    char path[128];
    std::snprintf(path, sizeof path, "/rest/v1.0/projects/%ld/rfis?filters[status]=open", s_.project);
    return fetch_all<Rfi>(path);
  }

  std::variant<json, int> reply(RfiId rfi, const Reply& r) {
    httplib::Headers h{{"Authorization", "Bearer " + s_.access_token}, {"Content-Type", "application/json"}};
    auto res = rest_.Post("/rest/v1.0/projects/" + std::to_string(s_.project) + "/rfis/" + std::to_string(rfi) +
                              "/replies",
                          h, json(r).dump(), "application/json");
    if (!res) return -1;
    if (res->status != 201) return res->status;
    return json::parse(res->body);
  }

  std::string web_link(RfiId rfi) const {
    return "https://app.procore.com/" + std::to_string(s_.project) + "/project/rfi/show/" + std::to_string(rfi);
  }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    for (const auto& d : decorators_) d(h);
    return h;
  }

  Environment env_;
  Session s_;
  httplib::Client rest_;
  std::vector<std::function<void(httplib::Headers&)>> decorators_;
};

std::optional<std::string> wait_for_code() {
  httplib::Server srv;
  std::optional<std::string> code;
  srv.Get("/callback", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("code")) code = req.get_param_value("code");
    res.set_content("You can close this window and return to the model.", "text/plain");
    srv.stop();
  });
  srv.listen("127.0.0.1", kLoopbackPort);
  return code;
}

}  // namespace rfipanel

int main(int argc, char** argv) {
  using namespace rfipanel;
  if (argc < 3) {
    std::cerr << "plugin host passes <client_id> <client_secret>; see https://developers.procore.com/documentation/oauth-auth-grant-flow\n";
    return 2;
  }
  RfiService svc(Environment::Production, Session{});
  std::cout << "Open in your browser: " << svc.authorize_url(argv[1]) << "\n";
  auto code = wait_for_code();
  if (!code || !svc.exchange_code(*code, argv[1], argv[2])) return 1;

  auto me = svc.who_am_i();
  auto companies = svc.my_companies();
  if (!me || companies.empty()) return 1;
  std::cout << "Signed in as " << me->value("login", "") << "\n";

  const CompanyId company = companies.front().at("id").get<CompanyId>();
  const ProjectId project = argc > 3 ? std::stoll(argv[3]) : 0;
  svc.select(company, project);

  std::map<RfiId, Rfi> panel;
  for (auto& r : svc.open_rfis()) panel.emplace(r.id, r);
  int shown = 0;
  for (const auto& [id, r] : panel) {
    std::cout << "#" << r.number << "  " << r.subject << "  (" << svc.web_link(id) << ")\n";
    if (++shown == 25) break;
  }
  if (!panel.empty()) {
    auto out = svc.reply(panel.begin()->first, Reply{"Clash resolved in model rev C, see attached view."});
    if (auto* status = std::get_if<int>(&out)) std::cerr << "reply failed: HTTP " << *status << "\n";
  }
  svc.sign_out(argv[1], argv[2]);
  return 0;
}
