// change_order_sync: pulls change order packages and change events from
// Procore into the cost-tracking sidecar.  Every request is a plain value;
// one visitor turns it into a Wire description and send() does the I/O.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace co {

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

struct Host {
  std::string_view name;
};
struct Path {
  std::string value;
};
inline std::string operator+(Host h, const Path &p) {
  return "https://" + std::string(h.name) + p.value;
}

constexpr Host kLoginHost{"login.procore.com"};
constexpr Host kApiHost{"api.procore.com"};
constexpr Host kWebHost{"app.procore.com"};

struct Session {
  std::string access_token;
  std::string refresh_token;
  std::int64_t company_id = 0;
};

// ---- request kinds -------------------------------------------------------
struct ListChangeOrderPackages {
  std::int64_t project_id;
  int page = 1;
  int per_page = 100;
};
struct GetChangeOrderPackage {
  std::int64_t project_id;
  std::int64_t package_id;
};
struct ListChangeEvents {
  std::int64_t project_id;
  std::optional<std::string> if_modified_since;
};
struct CreateChangeEvent {
  int project_id;
  std::string title;
  std::string description;
};
struct RefreshToken {
  std::string client_id;
  std::string client_secret;
};

using Request = std::variant<ListChangeOrderPackages, GetChangeOrderPackage,
                             ListChangeEvents, CreateChangeEvent, RefreshToken>;

using HeaderMap = std::map<std::string, std::string>;

struct Wire {
  Host host;
  std::string method;
  Path path;
  HeaderMap headers;
  std::optional<std::string> body;
};

// ---- headers per request kind --------------------------------------------
HeaderMap api_headers(const Session &s) {
  return {{"Authorization", "Bearer " + s.access_token},
          {"Procore-Company-Id", std::to_string(s.company_id)},
          {"Accept", "application/json"}};
}

HeaderMap change_event_headers(const Session &s, const ListChangeEvents &r) {
  HeaderMap h{{"Authorization", "Bearer " + s.access_token},
              {"Accept", "application/json"}};
  if (r.if_modified_since) h.emplace("If-Modified-Since", *r.if_modified_since);
  return h;
}

HeaderMap token_headers() {
  return {{"Content-Type", "application/json"}};
}

Wire describe(const Request &req, const Session &s) {
  return std::visit(
      overloaded{
          [&](const ListChangeOrderPackages &r) {
            Path p{"/rest/v1.0/projects/" + std::to_string(r.project_id) +
                   "/change_order_packages?page=" + std::to_string(r.page) +
                   "&per_page=" + std::to_string(r.per_page)};
            return Wire{kApiHost, "GET", p, api_headers(s), std::nullopt};
          },
          [&](const GetChangeOrderPackage &r) {
            Path p{"/rest/v1.0/change_order_packages/" + std::to_string(r.package_id) +
                   "?project_id=" + std::to_string(r.project_id)};
            return Wire{kApiHost, "GET", p, api_headers(s), std::nullopt};
          },
          [&](const ListChangeEvents &r) {
            Path p{"/rest/v1.0/change_events?project_id=" + std::to_string(r.project_id)};
            return Wire{kApiHost, "GET", p, change_event_headers(s, r), std::nullopt};
          },
          [&](const CreateChangeEvent &r) {
            json body{{"project_id", r.project_id},
                      {"change_event", {{"title", r.title}, {"description", r.description}}}};
            HeaderMap h = api_headers(s);
            h["Content-Type"] = "application/json";
            return Wire{kApiHost, "POST", Path{"/rest/v1.0/change_events"}, h, body.dump()};
          },
          [&](const RefreshToken &r) {
            json body{{"grant_type", "refresh_token"},
                      {"client_id", r.client_id},
                      {"client_secret", r.client_secret},
                      {"refresh_token", s.refresh_token}};
            return Wire{kLoginHost, "POST", Path{"/oauth/token"}, token_headers(), body.dump()};
          },
      },
      req);
}

// ---- the one place that talks to the network ------------------------------
std::optional<json> send(const Request &req, const Session &s) {
  auto [host, method, path, headers, body] = describe(req, s);
  httplib::SSLClient cli{std::string(host.name)};
  cli.set_connection_timeout(10);
  httplib::Headers hdrs(headers.begin(), headers.end());

  httplib::Result res = method == "POST"
                            ? cli.Post(path.value, hdrs, body.value_or("{}"), "application/json")
                            : cli.Get(path.value, hdrs);
  if (!res) {
    std::cerr << method << ' ' << (host + path) << " failed: "
              << httplib::to_string(res.error()) << '\n';
    return std::nullopt;
  }
  if (res->status == 304) return json::array();
  if (res->status >= 400) {
    std::cerr << method << ' ' << (host + path) << " -> HTTP " << res->status << '\n';
    return std::nullopt;
  }
  return json::parse(res->body, nullptr, false);
}

}  // namespace co

int main(int argc, char **argv) {
  if (argc < 3) {
    std::cerr << "usage: change_order_sync <company_id> <project_id> [since]\n";
    return 2;
  }
  co::Session session;
  session.company_id = std::stoll(argv[1]);
  const std::int64_t project_id = std::stoll(argv[2]);
  std::optional<std::string> since;
  if (argc > 3) since = argv[3];
  if (const char *tok = std::getenv("PROCORE_TOKEN")) session.access_token = tok;
  if (const char *rt = std::getenv("PROCORE_REFRESH_TOKEN")) session.refresh_token = rt;

  if (session.access_token.empty()) {
    auto fresh = co::send(co::RefreshToken{std::getenv("PROCORE_CLIENT_ID") ?: "",
                                           std::getenv("PROCORE_CLIENT_SECRET") ?: ""},
                          session);
    if (!fresh || !fresh->contains("access_token")) return 1;
    session.access_token = (*fresh)["access_token"].get<std::string>();
    session.refresh_token = fresh->value("refresh_token", session.refresh_token);
  }

  std::map<std::int64_t, std::string> packages;
  int page = 1;
  for (;;) {
    auto batch = co::send(co::ListChangeOrderPackages{project_id, page, 100}, session);
    if (!batch || !batch->is_array() || batch->empty()) break;
    for (const auto &pkg : *batch)
      packages.emplace(pkg.at("id").get<std::int64_t>(), pkg.value("title", ""));
    ++page;
  }

  for (const auto &[package_id, title] : packages) {
    auto detail = co::send(co::GetChangeOrderPackage{project_id, package_id}, session);
    if (!detail) continue;
    const double grand_total = detail->value("grand_total", 0.0);
    std::cout << package_id << '\t' << title << '\t' << grand_total << '\n';
  }

  auto events = co::send(co::ListChangeEvents{project_id, since}, session);
  std::size_t open_events = 0;
  if (events && events->is_array()) {
    for (const auto &ev : *events)
      if (ev.value("status", "") == "open") ++open_events;
  }
  std::cout << open_events << " open change events\n";

  if (open_events == 0 && !packages.empty()) {
    auto created = co::send(
        co::CreateChangeEvent{static_cast<int>(project_id), "Sync placeholder",
                              "Created by change_order_sync for reconciliation"},
        session);
    if (created) std::cout << "created change event " << created->value("id", std::int64_t{0}) << '\n';
  }

  std::cout << "review: "
            << (co::kWebHost + co::Path{"/" + std::to_string(session.company_id) + "/project/change_events"})
            << '\n';
  return 0;
}
