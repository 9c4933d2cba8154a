// st_submittal_bridge.cpp
//
// Pushes submittal status from our document-control system into Procore.
// Runs as a Developer Managed Service Account (client_credentials grant) in
// the developer sandbox until go-live. One step() call per state; the loop in
// main() just feeds the returned state back in.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr const char* kLoginHost = "https://login-sandbox.procore.com";
constexpr const char* kApiHost = "https://sandbox.procore.com";
constexpr const char* kDocControlHost = "http://doccontrol.local:8081";
constexpr int kPerPage = 50;
constexpr int kMaxAttempts = 4;

enum class State {
  FetchToken,
  CheckToken,
  WhoAmI,
  ListCompanies,
  ListProjects,
  PageSubmittals,
  PrepareUpdate,
  SignUpdate,
  SendUpdate,
  Done,
  Failed
};

struct SubmittalUpdate {
  int64_t project_id = 0;
  int64_t submittal_id = 0;
  std::string status;
};

struct Context {
  std::string client_id;
  std::string client_secret;
  std::string access_token;
  int64_t company_id = 0;
  std::vector<int64_t> project_ids;
  size_t project_cursor = 0;
  int page = 1;
  int attempts = 0;
  httplib::Headers headers;  // grows as we learn things
  std::vector<SubmittalUpdate> pending;
  httplib::Request req;  // the update being assembled across states
};

State retry(Context& ctx, State again) {
  if (++ctx.attempts > kMaxAttempts) return State::Failed;
  return again;
}

std::string local_status_for(int64_t submittal_id) {
  httplib::Client doc(kDocControlHost);
  auto res = doc.Get("/api/status/" + std::to_string(submittal_id));
  if (!res || res->status != 200) return {};
  return json::parse(res->body).value("procore_status", "");
}

State step(State s, Context& ctx, httplib::Client& api) {
  switch (s) {
    case State::FetchToken: {
      httplib::Client login(kLoginHost);
      httplib::Params form{{"grant_type", "client_credentials"},
                           {"client_id", ctx.client_id},
                           {"client_secret", ctx.client_secret}};
      auto res = login.Post("/oauth/token", form);
      if (!res) return retry(ctx, State::FetchToken);
      if (res->status != 200) return State::Failed;
      ctx.access_token = json::parse(res->body).at("access_token").get<std::string>();
      ctx.headers = {{"Authorization", "Bearer " + ctx.access_token}};
      return State::CheckToken;
    }
    case State::CheckToken: {
      // expiry check so long runs refresh before the token lapses
      httplib::Client info("https://sandbox.procore.com");
      auto res = info.Get("/oauth/token/info", ctx.headers);
      if (res && res->status == 200) {
        auto j = json::parse(res->body);
        std::cerr << "token expires in " << j.value("expires_in_seconds", 0) << "s\n";
      }
      return State::WhoAmI;
    }
    case State::WhoAmI: {
      auto res = api.Get("/rest/v1.0/me", ctx.headers);
      if (!res) return retry(ctx, State::WhoAmI);
      if (res->status == 401) return State::FetchToken;
      auto me = json::parse(res->body);
      long service_user = me.at("id").get<long>();
      std::cerr << "acting as service user " << service_user << "\n";
      ctx.headers.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
      return State::ListCompanies;
    }
    case State::ListCompanies: {
      auto res = api.Get("/rest/v1.0/companies", ctx.headers);
      if (!res || res->status != 200) return retry(ctx, State::ListCompanies);
      for (const auto& c : json::parse(res->body))
        if (c.at("id").get<int64_t>() == ctx.company_id) return State::ListProjects;
      std::cerr << "service account not installed in company " << ctx.company_id << "\n";
      return State::Failed;
    }
    case State::ListProjects: {
      httplib::Headers h{{"Authorization", "Bearer " + ctx.access_token},
                         {"procore-company-id", std::to_string(ctx.company_id)}};
      auto res = api.Get("/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id), h);
      if (!res || res->status != 200) return retry(ctx, State::ListProjects);
      ctx.project_ids.clear();
      ctx.pending.clear();
      for (const auto& p : json::parse(res->body))
        ctx.project_ids.push_back(p.at("id").get<int64_t>());
      ctx.project_cursor = 0;
      ctx.page = 1;
      return ctx.project_ids.empty() ? State::Done : State::PageSubmittals;
    }
    case State::PageSubmittals: {
      const int64_t pid = ctx.project_ids[ctx.project_cursor];
      std::string path = "/rest/v1.1/projects/" + std::to_string(pid) +
                         "/submittals?page=" + std::to_string(ctx.page) +
                         "&per_page=" + std::to_string(kPerPage);
      auto res = api.Get(path, ctx.headers);
      if (!res || res->status >= 500) return retry(ctx, State::PageSubmittals);
      auto arr = json::parse(res->body);
      for (const auto& s : arr) {
        SubmittalUpdate u;
        u.project_id = pid;
        u.submittal_id = s.at("id").get<int>();
        u.status = local_status_for(u.submittal_id);
        if (!u.status.empty() && u.status != s["status"].value("name", ""))
          ctx.pending.push_back(u);
      }
      if (static_cast<int>(arr.size()) == kPerPage) {
        ++ctx.page;
        return State::PageSubmittals;
      }
      ctx.page = 1;
      if (++ctx.project_cursor < ctx.project_ids.size()) return State::PageSubmittals;
      return ctx.pending.empty() ? State::Done : State::PrepareUpdate;
    }
    case State::PrepareUpdate: {
      const auto& u = ctx.pending.back();
      ctx.req = httplib::Request{};
      ctx.req.method = "PATCH";
      ctx.req.path = "/rest/v1.1/projects/" + std::to_string(u.project_id) + "/submittals/" +
                     std::to_string(u.submittal_id);
      ctx.req.body = json{{"submittal", {{"status", u.status}}}}.dump();
      return State::SignUpdate;
    }
    case State::SignUpdate: {
      ctx.req.set_header("Authorization", "Bearer " + ctx.access_token);
      ctx.req.set_header("Content-Type", "application/json");
      return State::SendUpdate;
    }
    case State::SendUpdate: {
      httplib::Response resp;
      httplib::Error err = httplib::Error::Success;
      if (!api.send(ctx.req, resp, err)) return retry(ctx, State::SendUpdate);
      if (resp.status == 401) return State::FetchToken;
      const auto& u = ctx.pending.back();
      std::cout << "updated submittal " << u.submittal_id << " -> " << u.status
                << "  (https://app.procore.com/" << u.project_id
                << "/project/submittal_logs)\n";
      ctx.pending.pop_back();
      ctx.attempts = 0;
      return ctx.pending.empty() ? State::Done : State::PrepareUpdate;
    }
    case State::Done:
    case State::Failed:
      break;
  }
  return s;
}

}  // namespace

int main() {
  Context ctx;
  const char* id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!id || !secret || !company) {
    std::cerr << "missing PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID\n";
    return 64;
  }
  ctx.client_id = id;
  ctx.client_secret = secret;
  ctx.company_id = std::stoll(company);

  httplib::Client api(kApiHost);
  api.set_read_timeout(30, 0);
  State s = State::FetchToken;
  while (s != State::Done && s != State::Failed) s = step(s, ctx, api);
  return s == State::Done ? 0 : 1;
}
