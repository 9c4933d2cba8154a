// rfi_bridge.cpp
//
// Local backend for the RFI tray widget. Serves a tiny HTTP API on localhost
// for the tray UI, forwards to Procore, and files an issue on our internal
// GitHub tooling repo when an RFI mentions the BIM plugin. Headers for each
// Procore endpoint are contributed by a stack of policy classes.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

namespace rfi {

using json = nlohmann::json;

struct ProductionHosts {
  static constexpr const char* auth = "https://api.procore.com";
  static constexpr const char* api = "https://api.procore.com";
};

struct Session {
  std::string access_token;
  std::string refresh_token;
  std::string client_id;
  std::string client_secret;
  std::int64_t company_id = 0;
  std::mutex lock;
};

// ---------------------------------------------------------------- header policies
struct Bearer {
  static void contribute(httplib::Headers& h, const Session& s) {
    h.emplace("Authorization", "Bearer " + s.access_token);
  }
};
struct CompanyScope {
  static void contribute(httplib::Headers& h, const Session& s) {
    h.emplace("Procore-Company-Id", std::to_string(s.company_id));
  }
};
// carried over from the v0 integration, the old gateway accepted this spelling
struct LegacyCompanyScope {
  static void contribute(httplib::Headers& h, const Session& s) {
    h.emplace("X-Procore-Company-Id", std::to_string(s.company_id));
  }
};
struct AcceptJson {
  static void contribute(httplib::Headers& h, const Session&) { h.emplace("Accept", "application/json"); }
};

template <class... Policies>
struct HeaderStack {
  static httplib::Headers build(const Session& s) {
    httplib::Headers h;
    (Policies::contribute(h, s), ...);
    return h;
  }
};

// ---------------------------------------------------------------- CRTP endpoints
template <class Derived, class Stack>
class Endpoint {
 public:
  Endpoint(httplib::Client& cli, const Session& s) : cli_(cli), session_(s) {}

 protected:
  httplib::Headers headers() const { return Stack::build(session_); }
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  httplib::Client& cli_;
  const Session& session_;
};

struct RfiSummary {
  std::int64_t id = 0;
  std::string number;
  std::string subject;
  int ball_in_court_id = 0;
  bool overdue = false;
};

class Companies : public Endpoint<Companies, HeaderStack<Bearer, AcceptJson>> {
 public:
  using Endpoint::Endpoint;
  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    auto res = cli_.Get("/rest/v1.0/companies", headers());
    if (!res || res->status != 200) return out;
    for (const auto& c : json::parse(res->body)) out.push_back(c.at("id").get<std::int64_t>());
    return out;
  }
};

class RfiList : public Endpoint<RfiList, HeaderStack<Bearer, CompanyScope, AcceptJson>> {
 public:
  using Endpoint::Endpoint;
  std::vector<RfiSummary> open(std::int64_t project_id, int page, int per_page) const {
    std::vector<RfiSummary> out;
    const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                             "/rfis?filters[status]=open&page=" + std::to_string(page) +
                             "&per_page=" + std::to_string(per_page);
    auto res = cli_.Get(path, headers());
    if (!res || res->status != 200) return out;
    for (const auto& r : json::parse(res->body)) {
      RfiSummary s;
      s.id = r.at("id").get<std::int64_t>();
      s.number = r.value("number", "");
      s.subject = r.value("subject", "");
      if (r.contains("ball_in_court") && r["ball_in_court"].is_object())
        s.ball_in_court_id = r["ball_in_court"].value("id", 0);
      s.overdue = r.value("overdue", false);
      out.push_back(s);
    }
    return out;
  }
};

class RfiDetail : public Endpoint<RfiDetail, HeaderStack<Bearer, CompanyScope, AcceptJson>> {
 public:
  using Endpoint::Endpoint;
  json fetch(std::int64_t project_id, std::int64_t rfi_id) const {
    const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                             std::to_string(rfi_id);
    auto res = cli_.Get(path, headers());
    if (!res || res->status != 200) return json();
    return json::parse(res->body);
  }
};

class RfiReplies : public Endpoint<RfiReplies, HeaderStack<Bearer, LegacyCompanyScope, AcceptJson>> {
 public:
  using Endpoint::Endpoint;
  int post(std::int64_t project_id, std::int64_t rfi_id, const std::string& text) const {
    const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                             std::to_string(rfi_id) + "/replies";
    const json body = {{"reply", {{"body", text}}}};
    auto res = cli_.Post(path, headers(), body.dump(), "application/json");
    return res ? res->status : -1;
  }
};

// ---------------------------------------------------------------- oauth + github
template <class Hosts>
bool refresh(Session& s) {
  httplib::Client auth(Hosts::auth);
  httplib::Params form{{"grant_type", "refresh_token"},
                       {"refresh_token", s.refresh_token},
                       {"client_id", s.client_id},
                       {"client_secret", s.client_secret}};
  auto res = auth.Post("/oauth/token", form);
  if (!res || res->status != 200) return false;
  const json tok = json::parse(res->body);
  s.access_token = tok.at("access_token").get<std::string>();
  s.refresh_token = tok.value("refresh_token", s.refresh_token);
  return true;
}

int file_tooling_issue(const std::string& gh_token, const RfiSummary& r) {
  httplib::Client gh("https://api.github.com");
  httplib::Headers h{{"Authorization", "token " + gh_token},
                     {"Accept", "application/vnd.github+json"}};
  const json body = {{"title", "RFI " + r.number + " mentions BIM plugin"}, {"body", r.subject}};
  auto res = gh.Post("/repos/acme-construction/bim-tools/issues", h, body.dump(), "application/json");
  if (!res || res->status != 201) return 0;
  const int issue_number = json::parse(res->body).at("number").get<int>();
  return issue_number;
}

}  // namespace rfi

int main() {
  using namespace rfi;
  Session session;
  const char* env_company = std::getenv("PROCORE_COMPANY_ID");
  session.company_id = env_company ? std::strtoll(env_company, nullptr, 10) : 0;
  session.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
  session.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  session.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  const std::string gh_token = std::getenv("GITHUB_TOKEN") ? std::getenv("GITHUB_TOKEN") : "";

  if (!refresh<ProductionHosts>(session)) {
    std::cerr << "could not refresh Procore token\n";
    return 1;
  }

  httplib::Client procore(ProductionHosts::api);
  procore.set_read_timeout(30, 0);
  if (session.company_id == 0) {
    const auto companies = Companies(procore, session).ids();
    if (!companies.empty()) session.company_id = companies.front();
  }

  httplib::Server tray;
  const int port = 17345;

  tray.Get("/rfis", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> g(session.lock);
    const std::int64_t project_id = std::stoll(req.get_param_value("project_id"));
    const int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
    json out = json::array();
    for (const auto& r : RfiList(procore, session).open(project_id, page, 50)) {
      out.push_back({{"id", r.id}, {"number", r.number}, {"subject", r.subject},
                     {"web", "https://app.procore.com/" + std::to_string(project_id) +
                                 "/project/rfi/show/" + std::to_string(r.id)}});
      if (r.subject.find("BIM plugin") != std::string::npos && !gh_token.empty())
        file_tooling_issue(gh_token, r);
    }
    res.set_content(out.dump(), "application/json");
  });

  tray.Post("/reply", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> g(session.lock);
    const std::int64_t project_id = std::stoll(req.get_param_value("project_id"));
    const int rfi_id = std::stoi(req.get_param_value("rfi_id"));
    const json rfi_json = RfiDetail(procore, session).fetch(project_id, rfi_id);
    if (rfi_json.is_null()) {
      res.status = 404;
      return;
    }
    res.status = RfiReplies(procore, session).post(project_id, rfi_id, req.body);
  });

  std::cout << "rfi bridge listening on 127.0.0.1:" << port << "\n";
  tray.listen("127.0.0.1", port);
  return 0;
}
