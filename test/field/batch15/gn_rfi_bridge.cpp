// rfi_bridge: mirrors open Procore RFIs into GitHub issues for the design team
// and posts GitHub comments tagged "#reply" back to the RFI as replies.
//
// Endpoints are CRTP classes over RestClient; the environment (production or
// one of the sandboxes) is a template parameter so hosts are fixed at compile time.
//
//   rfi_bridge <prod|sandbox|monthly> <project-id> [state-file]
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace rfib {

using json = nlohmann::json;

// ---- environments -----------------------------------------------------------
struct Production {
  static constexpr const char* login = "https://login.procore.com";
  static constexpr const char* api = "https://api.procore.com";
};
struct DevSandbox {
  static constexpr const char* login = "https://sandbox.procore.com";
  static constexpr const char* api = "https://sandbox.procore.com";
};
struct MonthlySandbox {
  static constexpr const char* login = "https://login-sandbox-monthly.procore.com";
  static constexpr const char* api = "https://api-monthly.procore.com";
};

struct Project { using id_type = std::int64_t; };
struct Rfi     { using id_type = std::int64_t; };
struct GhIssue { using number_type = int; };

struct Credentials {
  std::string token;
  std::int64_t company_id = 0;
};

enum class Verb { Get, Post };

// ---- CRTP base ----------------------------------------------------------------
template <class Derived, class Env>
struct RestClient {
  httplib::Result send(const Credentials& cr, const std::string& body = {}) const {
    httplib::Client cli(Env::api);
    cli.set_read_timeout(30, 0);
    httplib::Headers h{{"Authorization", "Bearer " + cr.token}, {"Accept", "application/json"}};
    self().decorate(h, cr);
    const std::string p = self().path();
    if constexpr (Derived::method() == Verb::Post)
      return cli.Post(p, h, body, "application/json");
    else
      return cli.Get(p, h);
  }

  // Default decoration: scope the call to the company.
  void decorate(httplib::Headers& h, const Credentials& cr) const {
    h.emplace("Procore-Company-Id", std::to_string(cr.company_id));
  }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

template <class Env>
struct ListRfis : RestClient<ListRfis<Env>, Env> {
  Project::id_type project;
  explicit ListRfis(Project::id_type p) : project(p) {}
  static constexpr Verb method() { return Verb::Get; }
  std::string path() const {
    return "/rest/v1.0/projects/" + std::to_string(project) + "/rfis?filters[status]=open";
  }
};

template <class Env>
struct ShowRfi : RestClient<ShowRfi<Env>, Env> {
  Project::id_type project;
  Rfi::id_type id;
  ShowRfi(Project::id_type p, Rfi::id_type i) : project(p), id(i) {}
  static constexpr Verb method() { return Verb::Get; }
  std::string path() const {
    return "/rest/v1.0/projects/" + std::to_string(project) + "/rfis/" + std::to_string(id);
  }
};

template <class Env>
struct CreateReply : RestClient<CreateReply<Env>, Env> {
  Project::id_type project;
  Rfi::id_type rfi;
  std::string comment_node;
  CreateReply(Project::id_type p, Rfi::id_type r, std::string node)
      : project(p), rfi(r), comment_node(std::move(node)) {}
  static constexpr Verb method() { return Verb::Post; }
  std::string path() const {
    return "/rest/v1.0/projects/" + std::to_string(project) + "/rfis/" + std::to_string(rfi) +
           "/replies";
  }
  // Replies are retried by the scheduler; dedupe on the GitHub comment node id.
  void decorate(httplib::Headers& h, const Credentials&) const {
    h.emplace("Idempotency-Key", comment_node);
  }
};

// ---- OAuth ------------------------------------------------------------------
template <class Env>
bool refresh_token(Credentials& cr, const std::string& refresh, const std::string& client_id,
                   const std::string& secret) {
  httplib::Client cli(Env::login);
  auto res = cli.Post("/oauth/token", httplib::Params{{"grant_type", "refresh_token"},
                                                      {"refresh_token", refresh},
                                                      {"client_id", client_id},
                                                      {"client_secret", secret}});
  if (!res || res->status != 200) return false;
  cr.token = json::parse(res->body).value("access_token", "");
  return !cr.token.empty();
}

// ---- GitHub -----------------------------------------------------------------
inline GhIssue::number_type open_issue(const std::string& gh_token, const std::string& title,
                                      const std::string& body) {
  httplib::Client gh("https://api.github.com");
  httplib::Headers h{{"Authorization", "token " + gh_token},
                     {"Accept", "application/vnd.github+json"},
                     {"User-Agent", "rfi-bridge"}};
  json payload = {{"title", title}, {"body", body}, {"labels", {"rfi"}}};
  auto res = gh.Post("/repos/northgate-build/design-coordination/issues", h, payload.dump(),
                     "application/json");
  if (!res || res->status != 201) return 0;
  return json::parse(res->body)["number"].get<int>();
}

// ---- driver -----------------------------------------------------------------
template <class Env>
int run(Credentials cr, Project::id_type project, const std::string& state_path) {
  std::map<Rfi::id_type, GhIssue::number_type> mirrored;
  if (std::ifstream in{state_path}) {
    json state = json::parse(in, nullptr, false);
    if (state.is_object())
      for (auto& [k, v] : state.items()) mirrored[std::stoll(k)] = v.get<int>();
  }

  const char* gh_token = std::getenv("GITHUB_TOKEN");
  auto res = ListRfis<Env>(project).send(cr);
  if (!res || res->status != 200) {
    std::cerr << "listing RFIs failed\n";
    return 1;
  }

  int created = 0;
  const json open_rfis = json::parse(res->body);
  for (const json& rfi : open_rfis) {
    const auto id = rfi["id"].get<Rfi::id_type>();
    if (mirrored.count(id)) {
      // already mirrored: forward any "#reply" comments queued by the webhook job
      auto detail = ShowRfi<Env>(project, id).send(cr);
      if (!detail || detail->status != 200) continue;
      const json full = json::parse(detail->body);
      for (const json& c : full.value("pending_replies", json::array())) {
        json body = {{"reply", {{"body", c.value("body", "")}}}};
        CreateReply<Env>(project, id, c.value("node_id", "")).send(cr, body.dump());
      }
      continue;
    }
    const std::string link = "https://app.procore.com/" + std::to_string(project) +
                             "/project/rfi/show/" + std::to_string(id);
    const std::string title = "RFI #" + rfi.value("number", "") + ": " + rfi.value("subject", "");
    if (auto n = open_issue(gh_token ? gh_token : "", title, "Procore: " + link)) {
      mirrored[id] = n;
      ++created;
    }
  }

  json out = json::object();
  for (const auto& [rfi_id, issue] : mirrored) out[std::to_string(rfi_id)] = issue;
  std::ofstream(state_path) << out.dump(2);
  std::cout << created << " new issues, " << mirrored.size() << " tracked\n";
  return 0;
}

}  // namespace rfib

int main(int argc, char** argv) {
  using namespace rfib;
  if (argc < 3) {
    std::cerr << "usage: rfi_bridge <prod|sandbox|monthly> <project-id> [state-file]\n";
    return 2;
  }
  const std::string env = argv[1];
  const int project = std::stoi(argv[2]);
  const std::string state = argc > 3 ? argv[3] : "rfi_bridge_state.json";

  Credentials cr;
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  cr.company_id = company ? std::stoll(company) : 0;
  const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
  if (!rt || !cid || !sec) return 2;

  if (env == "prod")
    return refresh_token<Production>(cr, rt, cid, sec) ? run<Production>(cr, project, state) : 1;
  if (env == "sandbox")
    return refresh_token<DevSandbox>(cr, rt, cid, sec) ? run<DevSandbox>(cr, project, state) : 1;
  if (env == "monthly")
    return refresh_token<MonthlySandbox>(cr, rt, cid, sec) ? run<MonthlySandbox>(cr, project, state) : 1;
  std::cerr << "unknown environment " << env << '\n';
  return 2;
}
