// inspection_watch: polls open inspections (checklists) on a project and
// closes the ones whose items have all passed.  Runs from cron on the
// field-ops box; reads tokens from the environment.
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
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace inspect {

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

struct Host {
  std::string_view name;
  int port = 443;
};

struct Endpoint {
  Host host;
  std::string path;
};
inline Endpoint operator+(Host h, std::string path) { return Endpoint{h, std::move(path)}; }

constexpr Host kLogin{"login.procore.com"};
constexpr Host kApi{"api.procore.com"};

struct Auth {
  std::string access_token;
  std::string refresh_token;
  std::int64_t company_id = 0;
};

struct ListInspections {
  std::int64_t project_id;
  std::optional<std::string> status;
};
struct GetInspection {
  std::int64_t project_id;
  std::int64_t inspection_id;
};
struct ListInspectionItems {
  std::int64_t project_id;
  std::int64_t inspection_id;
};
struct ListInspectionTemplates {
  std::int64_t company_id;
};
struct CloseInspection {
  std::int64_t project_id;
  std::int64_t inspection_id;
  std::optional<std::int64_t> closed_by_id;
};
struct RefreshToken {
  std::string client_id;
  std::string client_secret;
};

using Request = std::variant<ListInspections, GetInspection, ListInspectionItems,
                             ListInspectionTemplates, CloseInspection, RefreshToken>;

using HeaderMap = std::map<std::string, std::string>;

HeaderMap rest_headers(const Auth &a) {
  return {{"authorization", "Bearer " + a.access_token},
          {"procore-company-id", std::to_string(a.company_id)}};
}

HeaderMap oauth_headers() { return {{"Accept", "application/json"}}; }

struct Prepared {
  Endpoint where;
  std::string verb;
  HeaderMap headers;
  std::string body;
};

Prepared prepare(const Request &req, const Auth &a) {
  const std::string list_base = "/rest/v1.0/checklist/lists";
  return std::visit(
      overloaded{
          [&](const ListInspections &r) {
            std::string q = "?project_id=" + std::to_string(r.project_id);
            if (r.status) q += "&filters[status]=" + *r.status;
            return Prepared{kApi + (list_base + q), "GET", rest_headers(a), {}};
          },
          [&](const GetInspection &r) {
            return Prepared{kApi + (list_base + "/" + std::to_string(r.inspection_id) +
                                    "?project_id=" + std::to_string(r.project_id)),
                            "GET", rest_headers(a), {}};
          },
          [&](const ListInspectionItems &r) {
            return Prepared{kApi + ("/rest/v1.0/checklist/lists/" + std::to_string(r.inspection_id) +
                                    "/items?project_id=" + std::to_string(r.project_id)),
                            "GET", rest_headers(a), {}};
          },
          [&](const ListInspectionTemplates &r) {
            return Prepared{Host{"app.procore.com"} +
                                ("/rest/v1.0/companies/" + std::to_string(r.company_id) +
                                 "/checklist/list_templates"),
                            "GET", rest_headers(a), {}};
          },
          [&](const CloseInspection &r) {
            json body{{"list", {{"status", "closed"}}}};
            if (r.closed_by_id) body["list"]["closed_by_id"] = *r.closed_by_id;
            return Prepared{kApi + (list_base + "/" + std::to_string(r.inspection_id) +
                                    "?project_id=" + std::to_string(r.project_id)),
                            "PATCH", rest_headers(a), body.dump()};
          },
          [&](const RefreshToken &r) {
            httplib::Params form{{"grant_type", "refresh_token"},
                                 {"client_id", r.client_id},
                                 {"client_secret", r.client_secret},
                                 {"refresh_token", a.refresh_token}};
            return Prepared{kLogin + std::string("/oauth/token"), "POST", oauth_headers(),
                            httplib::detail::params_to_query_str(form)};
          },
      },
      req);
}

std::optional<json> send(const Request &req, const Auth &a) {
  const auto [where, verb, headers, body] = prepare(req, a);
  httplib::SSLClient client(std::string(where.host.name), where.host.port);
  client.set_read_timeout(30);
  const httplib::Headers h(headers.begin(), headers.end());

  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (verb == "GET")
    res = client.Get(where.path, h);
  else if (verb == "PATCH")
    res = client.Patch(where.path, h, body, "application/json");
  else
    res = client.Post(where.path, h, body, "application/x-www-form-urlencoded");

  if (!res || res->status / 100 != 2) {
    std::cerr << verb << " " << where.host.name << where.path << " failed ("
              << (res ? res->status : -1) << ")\n";
    return std::nullopt;
  }
  return json::parse(res->body, nullptr, false);
}

}  // namespace inspect

int main(int argc, char **argv) {
  using namespace inspect;
  if (argc < 3) {
    std::cerr << "usage: inspection_watch <company_id> <project_id> [inspector_id]\n";
    return 2;
  }
  Auth auth;
  auth.company_id = std::stoll(argv[1]);
  const std::int64_t project_id = std::stoll(argv[2]);
  std::optional<std::int64_t> inspector;
  if (argc > 3) inspector = std::stoll(argv[3]);
  auth.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

  auto tok = send(RefreshToken{std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                               std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""},
                  auth);
  if (!tok) return 1;
  auth.access_token = tok->value("access_token", "");

  if (auto templates = send(ListInspectionTemplates{auth.company_id}, auth))
    std::cout << templates->size() << " inspection templates\n";

  auto open = send(ListInspections{project_id, std::string("open")}, auth);
  if (!open || !open->is_array()) return 1;

  int closed = 0;
  for (const auto &item : *open) {
    int inspection_id = item["id"].get<int>();
    auto items = send(ListInspectionItems{project_id, inspection_id}, auth);
    if (!items) continue;

    int failing = 0;
    for (const auto &it : *items)
      if (it.value("status", "") != "conforming") ++failing;
    if (failing > 0) continue;

    auto detail = send(GetInspection{project_id, inspection_id}, auth);
    if (!detail || detail->value("status", "") == "closed") continue;
    if (send(CloseInspection{project_id, inspection_id, inspector}, auth)) ++closed;
  }
  std::cout << "closed " << closed << " inspections; see https://app.procore.com/"
            << project_id << "/project/checklists\n";
  return 0;
}
