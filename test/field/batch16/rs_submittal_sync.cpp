// submittal_sync: walks a project's open submittals, pulls the approver log and
// optionally moves them to a new status. Endpoints are values; std::visit turns
// them into request values, std::optional carries failure through the pipeline.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <optional>
#include <string>
#include <variant>
#include <vector>

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

template <typename T, typename F>
auto and_then(const std::optional<T>& o, F f) -> decltype(f(*o)) {
  return o ? f(*o) : decltype(f(*o)){};
}
template <typename T, typename F>
auto fmap(const std::optional<T>& o, F f) -> std::optional<decltype(f(*o))> {
  if (!o) return std::nullopt;
  return f(*o);
}

// ---- immutable session --------------------------------------------------
struct Session {
  const std::string api;  // scheme + host, e.g. https://api.procore.com
  const std::string token;
  const std::int64_t company_id;
};

// ---- endpoints ----------------------------------------------------------
struct ListCompanies {};
struct ListSubmittals { std::int64_t project_id; int page; };
struct ShowSubmittal { std::int64_t project_id; std::int64_t submittal_id; };
struct ApproverLog { std::int64_t project_id; std::int64_t submittal_id; };
struct UpdateStatus { std::int64_t project_id; std::int64_t submittal_id; std::int64_t status_id; };
using Endpoint = std::variant<ListCompanies, ListSubmittals, ShowSubmittal, ApproverLog, UpdateStatus>;

// ---- request values -----------------------------------------------------
struct Request {
  std::string base;
  std::string path;
  std::string method = "GET";
  httplib::Headers headers;
  std::string body;
};

Request at(const std::string& base, const std::string& path) { return Request{base, path, "GET", {}, {}}; }
Request with_header(Request r, const std::string& k, const std::string& v) {
  r.headers.emplace(k, v);
  return r;
}
Request with_query(Request r, const std::string& k, const std::string& v) {
  r.path += (r.path.find('?') == std::string::npos ? "?" : "&") + k + "=" + v;
  return r;
}
Request with_json(Request r, std::string method, std::string body) {
  r.method = std::move(method);
  r.body = std::move(body);
  return r;
}
Request with_bearer(Request r, const std::string& token) { return with_header(std::move(r), "Authorization", "Bearer " + token); }
Request scoped(Request r, const Session& s) {
  return with_header(with_bearer(std::move(r), s.token), "Procore-Company-Id", std::to_string(s.company_id));
}

std::string project_path(std::int64_t project_id) { return "/rest/v1.0/projects/" + std::to_string(project_id); }

std::string status_body(std::int64_t status_id) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.StartObject();
  w.Key("submittal");
  w.StartObject();
  w.Key("status_id");
  w.Int64(status_id);
  w.EndObject();
  w.EndObject();
  return sb.GetString();
}

Request to_request(const Endpoint& ep, const Session& s) {
  return std::visit(overloaded{
      [&](const ListCompanies&) { return with_bearer(at(s.api, "/rest/v1.0/companies"), s.token); },
      [&](const ListSubmittals& e) {
        return with_query(with_query(scoped(at(s.api, project_path(e.project_id) + "/submittals"), s),
                                     "page", std::to_string(e.page)),
                          "per_page", "100");
      },
      [&](const ShowSubmittal& e) {
        return scoped(at(s.api, project_path(e.project_id) + "/submittals/" + std::to_string(e.submittal_id)), s);
      },
      [&](const ApproverLog& e) {
        return scoped(at("https://app.procore.com", "/vapid/projects/" + std::to_string(e.project_id) +
                                                        "/submittals/" + std::to_string(e.submittal_id) +
                                                        "/approvers"), s);
      },
      [&](const UpdateStatus& e) {
        return with_json(with_header(with_bearer(at(s.api, "/rest/v1.1/projects/" + std::to_string(e.project_id) +
                                                              "/submittals/" + std::to_string(e.submittal_id)),
                                                 s.token),
                                     "X-Procore-Company-Id", std::to_string(s.company_id)),
                         "PATCH", status_body(e.status_id));
      }}, ep);
}

// ---- transport ----------------------------------------------------------
struct Reply {
  int status;
  std::string body;
};

std::optional<Reply> send(const Request& r) {
  httplib::Client cli(r.base);
  cli.set_connection_timeout(10);
  cli.set_read_timeout(30);
  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (r.method == "PATCH")
    res = cli.Patch(r.path, r.headers, r.body, "application/json");
  else
    res = cli.Get(r.path, r.headers);
  if (!res || res->status >= 400) {
    std::cerr << r.method << " " << r.path << " -> " << (res ? res->status : -1) << "\n";
    return std::nullopt;
  }
  return Reply{res->status, res->body};
}

std::optional<rapidjson::Document> parse(const Reply& reply) {
  rapidjson::Document d;
  d.Parse(reply.body.c_str());
  if (d.HasParseError()) return std::nullopt;
  return std::optional<rapidjson::Document>(std::move(d));
}

// ---- domain -------------------------------------------------------------
struct Submittal {
  std::int64_t id;
  std::string title;
  std::string status;
  int responsible_contractor_id;
};

Submittal to_submittal(const rapidjson::Value& v) {
  Submittal s{v["id"].GetInt64(), v["title"].IsString() ? v["title"].GetString() : "",
              v.HasMember("status") && v["status"].IsObject() ? v["status"]["name"].GetString() : "", 0};
  if (v.HasMember("responsible_contractor") && v["responsible_contractor"].IsObject())
    s.responsible_contractor_id = v["responsible_contractor"]["id"].GetInt64();
  return s;
}

std::vector<Submittal> list_page(const Session& s, std::int64_t project_id, int page) {
  auto doc = and_then(send(to_request(ListSubmittals{project_id, page}, s)), parse);
  std::vector<Submittal> out;
  if (doc && doc->IsArray())
    std::transform(doc->Begin(), doc->End(), std::back_inserter(out), to_submittal);
  return out;
}

std::vector<std::int64_t> approvers(const Session& s, std::int64_t project_id, std::int64_t submittal_id) {
  auto doc = and_then(send(to_request(ApproverLog{project_id, submittal_id}, s)), parse);
  std::vector<std::int64_t> ids;
  if (doc && doc->IsArray())
    std::transform(doc->Begin(), doc->End(), std::back_inserter(ids),
                   [](const rapidjson::Value& a) { return a["user"]["id"].GetInt(); });
  return ids;
}

bool company_visible(const Session& s) {
  auto doc = and_then(send(to_request(ListCompanies{}, s)), parse);
  if (!doc || !doc->IsArray()) return false;
  return std::any_of(doc->Begin(), doc->End(),
                     [&](const rapidjson::Value& c) { return c["id"].GetInt64() == s.company_id; });
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: submittal_sync PROJECT_ID [STATUS_ID]\n";
    return 64;
  }
  const char* tok = std::getenv("PROCORE_TOKEN");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  const Session session{std::getenv("PROCORE_API") ? std::getenv("PROCORE_API") : "https://api.procore.com",
                        tok ? tok : "", company ? std::stoll(company) : 0};
  const std::int64_t project_id = std::stoll(argv[1]);
  const std::optional<std::int64_t> new_status =
      argc > 2 ? std::optional<std::int64_t>(std::stoll(argv[2])) : std::nullopt;

  if (!company_visible(session)) {
    std::cerr << "company " << session.company_id << " not visible to this token\n";
    return 1;
  }

  std::vector<Submittal> all;
  for (int page = 1;; ++page) {
    auto batch = list_page(session, project_id, page);
    all.insert(all.end(), batch.begin(), batch.end());
    if (batch.size() < 100) break;
  }

  std::vector<Submittal> open;
  std::copy_if(all.begin(), all.end(), std::back_inserter(open),
               [](const Submittal& s) { return s.status == "Open" || s.status == "Pending"; });

  const int approver_count = std::accumulate(open.begin(), open.end(), 0, [&](int acc, const Submittal& sub) {
    const auto ids = approvers(session, project_id, sub.id);
    std::cout << sub.id << "  " << sub.title << "  approvers=" << ids.size() << "\n";
    return acc + static_cast<int>(ids.size());
  });
  std::cout << open.size() << " open submittals, " << approver_count << " approver slots\n";

  if (!new_status) return 0;
  const int updated = std::accumulate(open.begin(), open.end(), 0, [&](int acc, const Submittal& sub) {
    auto ok = fmap(send(to_request(UpdateStatus{project_id, sub.id, *new_status}, session)),
                   [](const Reply& r) { return r.status; });
    return acc + (ok ? 1 : 0);
  });
  std::cout << "updated " << updated << " of " << open.size() << "\n";
  std::cout << "review: https://app.procore.com/" << project_id << "/project/submittal_logs\n";
  return 0;
}
