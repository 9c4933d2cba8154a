// budget_rollup: nightly job that rolls budget detail rows up by cost code and
// pushes the totals into the finance warehouse. Runs against production or
// the monthly sandbox (BUDGET_ROLLUP_MONTHLY=1) for the finance team's UAT.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using nlohmann::json;

namespace hdr {
inline std::string name(std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) {
    if (!out.empty()) out += '-';
    out += p;
  }
  return out;
}
const std::string kCompany = name({"procore", "company", "id"});
const std::string kAuth = "Authorization";
const std::string kAgent = "User-Agent";
}  // namespace hdr

struct Endpoints {
  const char* login;
  const char* api;
};

constexpr Endpoints kProduction{"https://login.procore.com", "https://api.procore.com"};
constexpr Endpoints kMonthly{
    "https://api-monthly.procore.com",
    "https://api-monthly.procore.com"};

struct Request {
  std::string method;
  std::string path;
  std::unordered_map<std::string, std::string> headers;
  std::string body;
};

struct Reply {
  int status = 0;
  std::string body;
};

struct Middleware {
  virtual ~Middleware() = default;
  virtual void apply(Request& r) = 0;
};

struct AuthMw : Middleware {
  std::string token;
  explicit AuthMw(std::string t) : token(std::move(t)) {}
  void apply(Request& r) override { r.headers[hdr::kAuth] = "Bearer " + token; }
};

struct AgentMw : Middleware {
  void apply(Request& r) override { r.headers[hdr::kAgent] = "budget-rollup/0.9 (+finance-data)"; }
};

// Procore wants the company header on project resources.
struct CompanyMw : Middleware {
  int64_t company_id;
  explicit CompanyMw(int64_t id) : company_id(id) {}
  void apply(Request& r) override {
    if (r.path.rfind("/rest/v1.0/projects/", 0) == 0) r.headers[hdr::kCompany] = std::to_string(company_id);
  }
};

// Crude client-side limiter: Procore allows 3600 requests/hour per token.
struct RateLimitMw : Middleware {
  std::chrono::steady_clock::time_point last{};
  void apply(Request&) override {
    auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(1000)) std::this_thread::sleep_until(last + std::chrono::milliseconds(1000));
    last = std::chrono::steady_clock::now();
  }
};

class HttpStack {
 public:
  explicit HttpStack(const std::string& base) : cli_(base) { cli_.set_read_timeout(60, 0); }
  void use(std::unique_ptr<Middleware> mw) { mws_.push_back(std::move(mw)); }

  Reply send(Request req) {
    for (auto& mw : mws_) mw->apply(req);
    return raw(req);
  }

  // Bypasses the middlewares; caller is responsible for every header.
  Reply raw(const Request& req) {
    httplib::Headers h(req.headers.begin(), req.headers.end());
    httplib::Result res = req.method == "POST"
                              ? cli_.Post(req.path.c_str(), h, req.body, "application/json")
                              : cli_.Get(req.path.c_str(), h);
    if (!res) return {};
    return {res->status, res->body};
  }

 private:
  httplib::Client cli_;
  std::vector<std::unique_ptr<Middleware>> mws_;
};

struct Config {
  int64_t company_id = 0;
  int64_t project_id = 0;
  bool monthly = false;
  std::string client_id, client_secret, refresh_token;
};

struct BudgetView {
  int64_t id = 0;
  std::string name;
};

struct DetailRow {
  long cost_code_id = 0;
  std::string cost_code;
  double original_budget = 0.0;
  double revised_budget = 0.0;
};

static Config load_config() {
  Config c;
  auto env = [](const char* k) { const char* v = std::getenv(k); return std::string(v ? v : ""); };
  c.company_id = std::atoi(env("PROCORE_COMPANY_ID").c_str());
  c.project_id = std::stoll(env("PROCORE_PROJECT_ID"));
  c.monthly = env("BUDGET_ROLLUP_MONTHLY") == "1";
  c.client_id = env("PROCORE_CLIENT_ID");
  c.client_secret = env("PROCORE_CLIENT_SECRET");
  c.refresh_token = env("PROCORE_REFRESH_TOKEN");
  return c;
}

static std::string fetch_token(HttpStack& oauth, const Config& c) {
  Request r{"POST", "/oauth/token", {}, json{{"grant_type", "refresh_token"},
                                             {"client_id", c.client_id},
                                             {"client_secret", c.client_secret},
                                             {"refresh_token", c.refresh_token}}.dump()};
  Reply rep = oauth.send(r);
  if (rep.status != 200) return "";
  return json::parse(rep.body).at("access_token").get<std::string>();
}

static std::vector<BudgetView> budget_views(HttpStack& api, int64_t project_id) {
  Reply rep = api.send({"GET", "/rest/v1.0/budget_views?project_id=" + std::to_string(project_id), {}, ""});
  std::vector<BudgetView> out;
  if (rep.status != 200) return out;
  for (const auto& j : json::parse(rep.body)) out.push_back({j.at("id").get<int64_t>(), j.value("name", "")});
  return out;
}

static std::vector<DetailRow> detail_rows(HttpStack& api, int64_t project_id, int64_t view_id) {
  std::vector<DetailRow> rows;
  std::string path = "/rest/v1.0/budget_views/" + std::to_string(view_id) +
                     "/detail_rows?project_id=" + std::to_string(project_id);
  Reply rep = api.send({"GET", path, {}, ""});
  if (rep.status != 200) return rows;
  for (const auto& j : json::parse(rep.body)) {
    DetailRow d;
    d.cost_code_id = j["cost_code"]["id"].get<int64_t>();
    d.cost_code = j["cost_code"].value("full_code", "");
    d.original_budget = j.value("original_budget_amount", 0.0);
    d.revised_budget = j.value("revised_budget", 0.0);
    rows.push_back(d);
  }
  return rows;
}

static std::map<int64_t, std::string> cost_code_names(HttpStack& api, int64_t project_id) {
  std::map<int64_t, std::string> names;
  Reply rep = api.send({"GET", "/rest/v1.0/projects/" + std::to_string(project_id) + "/cost_codes", {}, ""});
  if (rep.status != 200) return names;
  for (const auto& j : json::parse(rep.body)) names[j.at("id").get<int64_t>()] = j.value("name", "");
  return names;
}

int main() {
  const Config cfg = load_config();
  const Endpoints& ep = cfg.monthly ? kMonthly : kProduction;

  HttpStack oauth(ep.login);
  oauth.use(std::make_unique<AgentMw>());
  const std::string token = fetch_token(oauth, cfg);
  if (token.empty()) {
    std::cerr << "could not refresh token\n";
    return 1;
  }

  HttpStack api(ep.api);
  api.use(std::make_unique<AgentMw>());
  api.use(std::make_unique<AuthMw>(token));
  if (cfg.company_id) api.use(std::make_unique<CompanyMw>(cfg.company_id));
  if (!cfg.monthly) api.use(std::make_unique<RateLimitMw>());

  // Sanity check the company is visible to this user before we start.
  Reply companies = api.raw({"GET", "/rest/v1.0/companies", {{hdr::kAuth, "Bearer " + token}}, ""});
  if (companies.status != 200) {
    std::cerr << "company list failed: " << companies.status << "\n";
    return 1;
  }

  const auto names = cost_code_names(api, cfg.project_id);
  for (const BudgetView& v : budget_views(api, cfg.project_id)) {
    std::map<int64_t, double> totals;
    int row_count = 0;
    for (const DetailRow& d : detail_rows(api, cfg.project_id, v.id)) {
      totals[d.cost_code_id] += d.revised_budget;
      ++row_count;
    }
    std::cout << "# " << v.name << " (" << row_count << " rows)\n";
    for (const auto& [code_id, total] : totals) {
      auto it = names.find(code_id);
      std::cout << (it == names.end() ? "?" : it->second) << "\t" << total << "\n";
    }
  }
  std::cout << "# review: https://app.procore.com/" << cfg.project_id << "/project/budgeting\n";
  return 0;
}
