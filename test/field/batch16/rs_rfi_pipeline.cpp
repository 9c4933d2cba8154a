// rfi_digest: pulls open RFIs for a set of projects and posts a digest to Slack.
// Railway style: every step returns Result<T>, steps are chained with and_then/map.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <utility>
#include <variant>
#include <vector>

using json = nlohmann::json;

struct Error {
  long code;
  std::string message;
};

template <typename T>
class Result {
 public:
  static Result ok(T v) { return Result(std::move(v)); }
  static Result fail(Error e) { return Result(std::move(e)); }
  bool is_ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  const Error& error() const { return std::get<Error>(v_); }

  template <typename F>
  auto and_then(F f) const -> decltype(f(std::declval<const T&>())) {
    using R = decltype(f(std::declval<const T&>()));
    return is_ok() ? f(value()) : R::fail(error());
  }
  template <typename F>
  auto map(F f) const -> Result<decltype(f(std::declval<const T&>()))> {
    using U = decltype(f(std::declval<const T&>()));
    return is_ok() ? Result<U>::ok(f(value())) : Result<U>::fail(error());
  }

 private:
  explicit Result(T v) : v_(std::move(v)) {}
  explicit Result(Error e) : v_(std::move(e)) {}
  std::variant<T, Error> v_;
};

// ---- environments -------------------------------------------------------
struct Production {};
struct DevSandbox {};
struct MonthlySandbox {};
using Environment = std::variant<Production, DevSandbox, MonthlySandbox>;

struct Hosts {
  const std::string login;
  const std::string api;
};

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

Hosts hosts_for(const Environment& env) {
  return std::visit(overloaded{
      [](Production) { return Hosts{"https://login.procore.com", "https://api.procore.com"}; },
      [](DevSandbox) { return Hosts{"https://sandbox.procore.com", "https://sandbox.procore.com"}; },
      [](MonthlySandbox) {
        return Hosts{"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
      }}, env);
}

Environment environment_from(const std::string& name) {
  if (name == "sandbox") return DevSandbox{};
  if (name == "monthly") return MonthlySandbox{};
  return Production{};
}

// ---- immutable config ---------------------------------------------------
struct Config {
  const Environment env;
  const std::string client_id;
  const std::string client_secret;
  const std::string refresh_token;
  const std::int64_t company_id;
  const std::vector<std::int64_t> project_ids;
  const std::string slack_webhook;
};

std::string env_or(const char* key, const char* fallback) {
  const char* v = std::getenv(key);
  return v ? v : fallback;
}

// ---- request values -----------------------------------------------------
struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct Response {
  long status = 0;
  std::string body;
};

Request at(const std::string& base, const std::string& path) { return Request{"GET", base + path, {}, {}}; }
Request with_header(Request r, const std::string& k, const std::string& v) {
  r.headers.emplace_back(k, v);
  return r;
}
Request with_query(Request r, const std::string& k, const std::string& v) {
  r.url += (r.url.find('?') == std::string::npos ? "?" : "&") + k + "=" + v;
  return r;
}
Request with_form(Request r, std::string body) {
  r.method = "POST";
  r.body = std::move(body);
  return with_header(std::move(r), "Content-Type", "application/x-www-form-urlencoded");
}
Request with_bearer(Request r, const std::string& token) {
  return with_header(std::move(r), "Authorization", "Bearer " + token);
}
Request with_company(Request r, std::int64_t company_id) {
  return with_header(std::move(r), "Procore-Company-Id", std::to_string(company_id));
}

static size_t collect(char* p, size_t sz, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, sz * n);
  return sz * n;
}

Result<Response> send(const Request& req) {
  CURL* h = curl_easy_init();
  if (!h) return Result<Response>::fail({-1, "curl_easy_init failed"});
  curl_slist* hdrs = nullptr;
  for (const auto& [k, v] : req.headers) hdrs = curl_slist_append(hdrs, (k + ": " + v).c_str());
  Response resp;
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return Result<Response>::fail({-1, curl_easy_strerror(rc)});
  if (resp.status >= 400) return Result<Response>::fail({resp.status, resp.body});
  return Result<Response>::ok(std::move(resp));
}

Result<json> parse_json(const Response& r) {
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded()) return Result<json>::fail({r.status, "invalid JSON"});
  return Result<json>::ok(std::move(j));
}

// ---- domain -------------------------------------------------------------
struct Rfi {
  std::int64_t id;
  std::int64_t project_id;
  std::string subject;
  std::vector<std::int64_t> ball_in_court;
};

Result<std::string> refresh_access_token(const Config& cfg) {
  const Hosts h = hosts_for(cfg.env);
  const Request req = with_form(at(h.login, "/oauth/token"),
                                "grant_type=refresh_token&client_id=" + cfg.client_id +
                                    "&client_secret=" + cfg.client_secret +
                                    "&refresh_token=" + cfg.refresh_token);
  return send(req).and_then(parse_json).map([](const json& j) { return j.at("access_token").get<std::string>(); });
}

Result<std::string> whoami(const Config& cfg, const std::string& token) {
  const Request req = with_bearer(at(hosts_for(cfg.env).api, "/rest/v1.0/me"), token);
  return send(req).and_then(parse_json).map([](const json& j) { return j.value("login", std::string{}); });
}

Rfi to_rfi(std::int64_t project_id, const json& j) {
  std::vector<std::int64_t> court;
  const json& people = j.contains("ball_in_court") ? j.at("ball_in_court") : json::array();
  std::transform(people.begin(), people.end(), std::back_inserter(court),
                 [](const json& u) { return u.at("id").get<int>(); });
  return Rfi{j.at("id").get<std::int64_t>(), project_id, j.value("subject", ""), court};
}

Result<std::vector<Rfi>> open_rfis(const Config& cfg, const std::string& token, std::int64_t project_id) {
  const Request req = with_query(
      with_company(with_bearer(at(hosts_for(cfg.env).api,
                                  "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis"), token),
                   cfg.company_id),
      "filters[status]", "open");
  return send(req).and_then(parse_json).map([project_id](const json& arr) {
    std::vector<Rfi> out;
    std::transform(arr.begin(), arr.end(), std::back_inserter(out),
                   [project_id](const json& j) { return to_rfi(project_id, j); });
    return out;
  });
}

Result<std::string> rfi_question(const Config& cfg, const std::string& token, const Rfi& rfi) {
  const Request req = with_bearer(at(hosts_for(cfg.env).api, "/rest/v1.0/projects/" +
                                                               std::to_string(rfi.project_id) + "/rfis/" +
                                                               std::to_string(rfi.id)), token);
  return send(req).and_then(parse_json).map([](const json& j) {
    return j.contains("questions") && !j["questions"].empty() ? j["questions"][0].value("plain_text_body", "")
                                                              : std::string{};
  });
}

Result<Response> post_to_slack(const Config& cfg, const std::string& text) {
  const Request req = with_header(at(cfg.slack_webhook, ""), "Content-Type", "application/json");
  Request post = req;
  post.method = "POST";
  post.body = json{{"text", text}}.dump();
  return send(post);
}

int main(int argc, char** argv) {
  std::vector<std::int64_t> ids;
  std::transform(argv + 1, argv + argc, std::back_inserter(ids),
                 [](const char* s) { return static_cast<std::int64_t>(std::strtoll(s, nullptr, 10)); });
  const Config cfg{environment_from(env_or("PROCORE_ENV", "production")),
                   env_or("PROCORE_CLIENT_ID", ""),
                   env_or("PROCORE_CLIENT_SECRET", ""),
                   env_or("PROCORE_REFRESH_TOKEN", ""),
                   std::stoll(env_or("PROCORE_COMPANY_ID", "0")),
                   ids,
                   env_or("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX")};

  curl_global_init(CURL_GLOBAL_DEFAULT);
  const Result<std::string> token = refresh_access_token(cfg);
  if (!token.is_ok()) {
    std::cerr << "oauth failed: " << token.error().message << "\n";
    return 1;
  }
  whoami(cfg, token.value()).map([](const std::string& login) {
    std::cerr << "running as " << login << "\n";
    return 0;
  });

  auto link = [company = cfg.company_id](int project_id, const Rfi& r) {
    return "https://app.procore.com/" + std::to_string(company) + "/project/rfi/show/" +
           std::to_string(project_id) + "/" + std::to_string(r.id);
  };

  std::vector<Rfi> all;
  for (std::int64_t pid : cfg.project_ids) {
    const auto rfis = open_rfis(cfg, token.value(), pid);
    if (rfis.is_ok()) all.insert(all.end(), rfis.value().begin(), rfis.value().end());
    else std::cerr << "project " << pid << ": HTTP " << rfis.error().code << "\n";
  }

  const int waiting = std::accumulate(all.begin(), all.end(), 0, [](int acc, const Rfi& r) {
    return acc + static_cast<int>(r.ball_in_court.size());
  });
  const std::string digest = std::accumulate(
      all.begin(), all.end(), std::string{}, [&](std::string acc, const Rfi& r) {
        const auto q = rfi_question(cfg, token.value(), r);
        return acc + "• " + r.subject + " — " + (q.is_ok() ? q.value().substr(0, 80) : "?") + "\n  " +
               link(r.project_id, r) + "\n";
      });

  const auto posted = post_to_slack(cfg, std::to_string(all.size()) + " open RFIs, " +
                                             std::to_string(waiting) + " people waiting\n" + digest);
  curl_global_cleanup();
  return posted.is_ok() ? 0 : 2;
}
