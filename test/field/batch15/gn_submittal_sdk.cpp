// submittal_sdk: a small header-policy client used by the submittal export job.
//
// Each client type is a pack of header policies; send() folds over the pack
// so every request carries exactly the headers its policies contribute.
//
// Build: clang++ -std=c++17 gn_submittal_sdk.cpp -lssl -lcrypto -pthread
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace psdk {

using json = nlohmann::json;

struct Context {
  std::string access_token;
  std::string refresh_token;
  std::int64_t company_id = 0;
};

// Resource tags: each carries its id type so signatures stay self-describing.
struct Project   { using id_type = std::int64_t; };
struct Submittal { using id_type = std::int64_t; };
struct Vendor    { using id_type = int; };
struct User      { using id_type = std::int64_t; };

// ---- header policies ------------------------------------------------------
struct BearerAuth {
  static void apply(httplib::Headers& h, const Context& ctx) {
    h.emplace("Authorization", "Bearer " + ctx.access_token);
  }
};

struct CompanyScope {
  static void apply(httplib::Headers& h, const Context& ctx) {
    h.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
  }
};

struct JsonAccept {
  static void apply(httplib::Headers& h, const Context&) {
    h.emplace("Accept", "application/json");
  }
};

struct UserAgent {
  static void apply(httplib::Headers& h, const Context&) {
    h.emplace("User-Agent", "submittal-sdk/0.4 (+ops@northgate-build.example)");
  }
};

inline constexpr const char* kApiBase = "https://api.procore.com";

template <class... Policies>
class Client {
 public:
  explicit Client(Context ctx) : ctx_(std::move(ctx)), http_(kApiBase) {
    http_.set_connection_timeout(10, 0);
    http_.set_read_timeout(30, 0);
  }

  std::optional<json> get(const std::string& path) {
    auto res = http_.Get(path, headers());
    return unwrap("GET", path, res);
  }

  std::optional<json> patch(const std::string& path, const json& body) {
    auto res = http_.Patch(path, headers(), body.dump(), "application/json");
    return unwrap("PATCH", path, res);
  }

  const Context& context() const { return ctx_; }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    (Policies::apply(h, ctx_), ...);
    return h;
  }

  static std::optional<json> unwrap(const char* verb, const std::string& path,
                                    const httplib::Result& res) {
    if (!res) {
      std::cerr << verb << ' ' << path << ": " << httplib::to_string(res.error()) << '\n';
      return std::nullopt;
    }
    if (res->status < 200 || res->status >= 300) {
      std::cerr << verb << ' ' << path << " -> HTTP " << res->status << '\n';
      return std::nullopt;
    }
    return json::parse(res->body, nullptr, false);
  }

  Context ctx_;
  httplib::Client http_;
};

// /me and /companies do not take a company; everything else does.
using UserClient      = Client<BearerAuth, JsonAccept, UserAgent>;
using CompanyClient   = Client<BearerAuth, CompanyScope, JsonAccept, UserAgent>;
using DirectoryClient = Client<BearerAuth, JsonAccept, UserAgent>;

// ---- OAuth ----------------------------------------------------------------
inline bool refresh(Context& ctx, const std::string& client_id, const std::string& secret) {
  httplib::Client auth("https://api.procore.com");
  httplib::Params form{{"grant_type", "refresh_token"},
                       {"refresh_token", ctx.refresh_token},
                       {"client_id", client_id},
                       {"client_secret", secret}};
  auto res = auth.Post("/oauth/token", form);
  if (!res || res->status != 200) return false;
  auto body = json::parse(res->body, nullptr, false);
  if (body.is_discarded()) return false;
  ctx.access_token = body.value("access_token", "");
  ctx.refresh_token = body.value("refresh_token", ctx.refresh_token);
  return !ctx.access_token.empty();
}

// ---- endpoints ------------------------------------------------------------
inline std::optional<User::id_type> whoami(UserClient& c) {
  auto me = c.get("/rest/v1.0/me");
  if (!me || !me->contains("id")) return std::nullopt;
  return (*me)["id"].get<User::id_type>();
}

inline std::vector<Project::id_type> active_projects(CompanyClient& c) {
  std::vector<Project::id_type> ids;
  const auto company = std::to_string(c.context().company_id);
  for (int page = 1; page < 50; ++page) {
    auto batch = c.get("/rest/v1.0/projects?company_id=" + company +
                       "&page=" + std::to_string(page) + "&per_page=100");
    if (!batch || batch->empty()) break;
    for (const auto& p : *batch)
      if (p.value("active", false)) ids.push_back(p["id"].get<Project::id_type>());
  }
  return ids;
}

inline json submittals(CompanyClient& c, Project::id_type project) {
  auto list = c.get("/rest/v1.0/projects/" + std::to_string(project) + "/submittals");
  return list ? *list : json::array();
}

inline bool mark_distributed(CompanyClient& c, Project::id_type project, Submittal::id_type id) {
  json body = {{"submittal", {{"status_id", 4}}}};
  return c.patch("/rest/v1.1/projects/" + std::to_string(project) + "/submittals/" +
                     std::to_string(id),
                 body)
      .has_value();
}

inline std::vector<std::pair<Vendor::id_type, std::string>> vendors(DirectoryClient& c,
                                                                     std::int64_t company) {
  std::vector<std::pair<Vendor::id_type, std::string>> out;
  auto list = c.get("/rest/v1.0/vendors?company_id=" + std::to_string(company));
  if (!list) return out;
  for (const auto& v : *list)
    out.emplace_back(v["id"].get<Vendor::id_type>(), v.value("name", ""));
  return out;
}

inline std::string web_link(Project::id_type project, Submittal::id_type id) {
  return "https://app.procore.com/" + std::to_string(project) +
         "/project/submittal_logs/" + std::to_string(id);
}

inline void post_to_slack(const std::string& text) {
  httplib::Client slack("https://hooks.slack.com");
  json msg = {{"text", text}};
  slack.Post("/services/T02AB3CDE/B05FGH6IJ/q9YwRkS2mZtL0pXvN3aD", msg.dump(),
             "application/json");
}

}  // namespace psdk

int main(int argc, char** argv) {
  using namespace psdk;
  const char* token = std::getenv("PROCORE_ACCESS_TOKEN");
  const char* refresh_tok = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!token || !company) {
    std::cerr << "set PROCORE_ACCESS_TOKEN and PROCORE_COMPANY_ID\n";
    return 2;
  }

  Context ctx{token, refresh_tok ? refresh_tok : "", std::stoll(company)};
  if (argc > 2 && !refresh(ctx, argv[1], argv[2])) {
    std::cerr << "token refresh failed\n";
    return 1;
  }

  UserClient users(ctx);
  if (auto me = whoami(users)) std::cout << "running as user " << *me << '\n';

  CompanyClient api(ctx);
  DirectoryClient directory(ctx);

  std::size_t distributed = 0;
  for (Project::id_type project : active_projects(api)) {
    for (const auto& s : submittals(api, project)) {
      if (s.value("status", json::object()).value("name", "") != "Approved") continue;
      const auto id = s["id"].get<Submittal::id_type>();
      if (mark_distributed(api, project, id)) {
        ++distributed;
        std::cout << "distributed " << web_link(project, id) << '\n';
      }
    }
  }

  auto subs = vendors(directory, ctx.company_id);
  std::cout << subs.size() << " vendors in directory\n";

  post_to_slack("Submittal export: " + std::to_string(distributed) + " submittals distributed");
  return 0;
}
