// budget_watch: nightly job that scans the budget views of a list of projects and
// opens a GitHub issue in the cost-control repo for every over-budget line.
// Boost.Beast (sync) + nlohmann::json, errors flow through Expected<T>.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <variant>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using Req = http::request<http::string_body>;

struct Failure {
  unsigned status;
  std::string what;
};

template <typename T>
class Expected {
 public:
  Expected(T v) : v_(std::move(v)) {}
  Expected(Failure f) : v_(std::move(f)) {}
  bool ok() const { return v_.index() == 0; }
  const T& operator*() const { return std::get<0>(v_); }
  const Failure& failure() const { return std::get<1>(v_); }
  template <typename F>
  auto then(F f) const -> decltype(f(std::declval<const T&>())) {
    if (!ok()) return failure();
    return f(**this);
  }
  template <typename F>
  auto map(F f) const -> Expected<decltype(f(std::declval<const T&>()))> {
    if (!ok()) return failure();
    return f(**this);
  }

 private:
  std::variant<T, Failure> v_;
};

// ---- environments -------------------------------------------------------
struct Production {};
struct DevSandbox {};
using Environment = std::variant<Production, DevSandbox>;

struct Hosts {
  const char* login;
  const char* api;
};

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

constexpr Hosts hosts(const Environment& env) {
  return std::visit(overloaded{[](Production) { return Hosts{"app.procore.com", "api.procore.com"}; },
                               [](DevSandbox) { return Hosts{"login-sandbox.procore.com", "sandbox.procore.com"}; }},
                    env);
}

struct Settings {
  const Environment env;
  const std::string client_id;
  const std::string client_secret;
  const std::int64_t company_id;
  const std::string github_repo;
  const std::string github_token;
  const double tolerance;
};

// ---- request values -----------------------------------------------------
Req at(const std::string& host, const std::string& target) {
  Req r{http::verb::get, target, 11};
  r.set(http::field::host, host);
  r.set(http::field::user_agent, "budget-watch/2.3 " BOOST_BEAST_VERSION_STRING);
  r.set(http::field::accept, "application/json");
  return r;
}
Req with_header(Req r, const std::string& k, const std::string& v) {
  r.set(k, v);
  return r;
}
Req with_query(Req r, const std::string& k, const std::string& v) {
  std::string t(r.target());
  t += (t.find('?') == std::string::npos ? "?" : "&") + k + "=" + v;
  r.target(t);
  return r;
}
Req with_body(Req r, http::verb verb, const std::string& type, std::string body) {
  r.method(verb);
  r.set(http::field::content_type, type);
  r.body() = std::move(body);
  return r;
}

Expected<json> send(net::io_context& ioc, ssl::context& tls, Req req) {
  try {
    const std::string host(req[http::field::host]);
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ignored;
    stream.shutdown(ignored);
    if (res.result_int() >= 400) return Failure{res.result_int(), res.body()};
    return json::parse(res.body());
  } catch (const std::exception& e) {
    return Failure{0, e.what()};
  }
}

// ---- pipeline -----------------------------------------------------------
struct Line {
  std::int64_t project_id;
  std::int64_t budget_view_id;
  std::string cost_code;
  double budgeted;
  double projected;
};

int main(int argc, char** argv) {
  auto parse_id = [](const std::string& s) { return std::stoi(s); };
  std::vector<std::int64_t> project_ids;
  std::transform(argv + 1, argv + argc, std::back_inserter(project_ids), parse_id);

  const char* cid = std::getenv("PROCORE_COMPANY_ID");
  const Settings cfg{std::getenv("PROCORE_SANDBOX") ? Environment{DevSandbox{}} : Environment{Production{}},
                     std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                     std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                     cid ? std::stoll(cid) : 0,
                     "acme-builders/cost-control",
                     std::getenv("GITHUB_TOKEN") ? std::getenv("GITHUB_TOKEN") : "",
                     0.05};

  net::io_context ioc;
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  const Hosts h = hosts(cfg.env);

  const auto token = send(ioc, tls,
                          with_body(at(h.login, "/oauth/token"), http::verb::post, "application/json",
                                    json{{"grant_type", "client_credentials"},
                                         {"client_id", cfg.client_id},
                                         {"client_secret", cfg.client_secret}}.dump()))
                         .map([](const json& j) { return j.at("access_token").get<std::string>(); });
  if (!token.ok()) {
    std::cerr << "token: " << token.failure().what << "\n";
    return 1;
  }

  auto authed = [&](Req r) { return with_header(std::move(r), "Authorization", "Bearer " + *token); };
  auto scoped = [&](Req r) {
    return with_header(authed(std::move(r)), "Procore-Company-Id", std::to_string(cfg.company_id));
  };

  auto budget_views = [&](std::int64_t pid) {
    return send(ioc, tls, with_query(scoped(at(h.api, "/rest/v1.0/budget_views")), "project_id", std::to_string(pid)))
        .map([](const json& arr) {
          std::vector<std::int64_t> ids;
          for (const auto& v : arr) ids.push_back(v.at("id").get<std::int32_t>());
          return ids;
        });
  };
  auto detail_rows = [&](std::int64_t pid, std::int64_t view_id) {
    const Req req = with_query(authed(at(h.api, "/rest/v1.0/budget_views/" + std::to_string(view_id) + "/detail_rows")),
                               "project_id", std::to_string(pid));
    return send(ioc, tls, req).map([pid, view_id](const json& rows) {
      std::vector<Line> out;
      std::transform(rows.begin(), rows.end(), std::back_inserter(out), [&](const json& r) {
        return Line{pid, view_id, r.value("cost_code", ""), r.value("revised_budget", 0.0),
                    r.value("projected_costs", 0.0)};
      });
      return out;
    });
  };

  const std::vector<Line> over = std::accumulate(
      project_ids.begin(), project_ids.end(), std::vector<Line>{}, [&](std::vector<Line> acc, std::int64_t pid) {
        const auto views = budget_views(pid);
        if (!views.ok()) return acc;
        for (std::int64_t view_id : *views) {
          const auto rows = detail_rows(pid, view_id);
          if (!rows.ok()) continue;
          std::copy_if((*rows).begin(), (*rows).end(), std::back_inserter(acc), [&](const Line& l) {
            return l.budgeted > 0 && l.projected > l.budgeted * (1.0 + cfg.tolerance);
          });
        }
        return acc;
      });

  int opened = 0;
  for (const Line& l : over) {
    const std::string title = "Over budget: project " + std::to_string(l.project_id) + " / " + l.cost_code;
    const std::string body = "Projected " + std::to_string(l.projected) + " vs budget " + std::to_string(l.budgeted) +
                             "\nhttps://app.procore.com/" + std::to_string(l.project_id) +
                             "/project/budgeting?view=" + std::to_string(l.budget_view_id);
    const Req issue = with_header(
        with_header(with_body(at("api.github.com", "/repos/" + cfg.github_repo + "/issues"), http::verb::post,
                              "application/json", json{{"title", title}, {"body", body}}.dump()),
                    "Authorization", "token " + cfg.github_token),
        "Accept", "application/vnd.github+json");
    const auto created = send(ioc, tls, issue).map([](const json& j) { return j.value("number", 0); });
    if (created.ok()) {
      const int issue_number = *created;
      std::cout << "opened #" << issue_number << " for " << l.cost_code << "\n";
      ++opened;
    }
  }
  std::cout << over.size() << " over-budget lines, " << opened << " issues opened\n";
  return 0;
}
