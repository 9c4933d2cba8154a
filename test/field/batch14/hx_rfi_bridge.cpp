// hx_rfi_bridge.cpp - pushes overdue Procore RFIs to Slack and nudges due dates.
// Ports & adapters: use cases talk to ports::HttpPort only; cpp-httplib is the
// one adapter; session auth and company scope are decorators built in main().
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace domain {
struct Rfi {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string number;
  std::string subject;
  std::string due_date;
  std::int64_t assignee_id = 0;
  int days_overdue = 0;
};
}  // namespace domain

namespace ports {
struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};
struct Response { int status = 0; std::string body; };
class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual Response send(const Request& req) = 0;
};
}  // namespace ports

namespace adapters {
class HttplibHttp final : public ports::HttpPort {
 public:
  ports::Response send(const ports::Request& req) override {
    const auto scheme_end = req.url.find("://");
    const auto path_pos = req.url.find('/', scheme_end + 3);
    const std::string origin = req.url.substr(0, path_pos);
    const std::string path = path_pos == std::string::npos ? "/" : req.url.substr(path_pos);
    httplib::Client cli(origin);
    cli.set_read_timeout(30, 0);
    httplib::Headers headers;
    for (const auto& h : req.headers) headers.emplace(h.first, h.second);

    auto res = [&]() -> httplib::Result {
      if (req.method == "POST")
        return cli.Post(path.c_str(), headers, req.body, req.content_type.c_str());
      if (req.method == "PATCH")
        return cli.Patch(path.c_str(), req.body, req.content_type.c_str());
      return cli.Get(path.c_str(), headers);
    }();
    if (!res) return {0, {}};
    return {res->status, res->body};
  }
};

class SessionAuth final : public ports::HttpPort {
 public:
  SessionAuth(ports::HttpPort& inner, std::string access_token)
      : inner_(inner), token_(std::move(access_token)) {}
  ports::Response send(const ports::Request& req) override {
    ports::Request r = req;
    r.headers.emplace_back("Authorization", "Bearer " + token_);
    return inner_.send(r);
  }
 private:
  ports::HttpPort& inner_;
  std::string token_;
};

class CompanyScope final : public ports::HttpPort {
 public:
  CompanyScope(ports::HttpPort& inner, std::int64_t company_id) : inner_(inner), company_id_(company_id) {}
  ports::Response send(const ports::Request& req) override {
    ports::Request r = req;
    r.headers.emplace_back("Procore-Company-Id", std::to_string(company_id_));
    return inner_.send(r);
  }
 private:
  ports::HttpPort& inner_;
  std::int64_t company_id_;
};
}  // namespace adapters

namespace app {
struct Hosts { std::string login, api; };
const std::map<std::string, Hosts> kHosts = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-monthly.procore.com", "https://api-monthly.procore.com"}},
};

// OAuth talks to the login host directly; no company scope on these.
class TokenService {
 public:
  TokenService(ports::HttpPort& raw, Hosts hosts) : raw_(raw), hosts_(std::move(hosts)) {}
  std::string refresh(const std::string& client_id, const std::string& secret, const std::string& refresh_token) {
    ports::Request req;
    req.method = "POST";
    req.url = hosts_.login + "/oauth/token";
    req.content_type = "application/x-www-form-urlencoded";
    req.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
               "&refresh_token=" + refresh_token;
    auto res = raw_.send(req);
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return {};
    return d["access_token"].GetString();
  }
  int seconds_left(const std::string& token) {
    ports::Request req;
    req.url = hosts_.login + "/oauth/token/info";
    req.headers.emplace_back("Authorization", "Bearer " + token);
    auto res = raw_.send(req);
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    return (!d.HasParseError() && d.HasMember("expires_in_seconds")) ? d["expires_in_seconds"].GetInt() : 0;
  }
 private:
  ports::HttpPort& raw_;
  Hosts hosts_;
};

class RfiRepository {
 public:
  static std::vector<domain::Rfi> parse(const std::string& body, std::int64_t project_id) {
    std::vector<domain::Rfi> out;
    rapidjson::Document d;
    d.Parse(body.c_str());
    if (d.HasParseError() || !d.IsArray()) return out;
    for (const auto& v : d.GetArray()) {
      domain::Rfi r;
      r.id = v["id"].GetInt();
      r.project_id = project_id;
      r.number = v.HasMember("number") && v["number"].IsString() ? v["number"].GetString() : "";
      r.subject = v.HasMember("subject") && v["subject"].IsString() ? v["subject"].GetString() : "";
      r.due_date = v.HasMember("due_date") && v["due_date"].IsString() ? v["due_date"].GetString() : "";
      if (v.HasMember("assignee") && v["assignee"].IsObject())
        r.assignee_id = v["assignee"]["id"].GetInt64();
      out.push_back(r);
    }
    return out;
  }
};

class RfiUseCases {
 public:
  RfiUseCases(ports::HttpPort& procore, std::string api) : port_(procore), api_(std::move(api)) {}

  std::vector<domain::Rfi> list_open(std::int64_t project_id) {
    ports::Request req;
    req.url = api_ + "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis?filters[status]=open";
    return RfiRepository::parse(port_.send(req).body, project_id);
  }

  bool push_due_date(const domain::Rfi& rfi, const std::string& new_date) {
    ports::Request req;
    req.method = "PATCH";
    req.url = api_ + "/rest/v1.0/projects/" + std::to_string(rfi.project_id) + "/rfis/" + std::to_string(rfi.id);
    req.body = "{\"rfi\":{\"due_date\":\"" + new_date + "\"}}";
    return port_.send(req).status == 200;
  }

  bool reply(std::int64_t project_id, int rfi_id, const std::string& text) {
    ports::Request req;
    req.method = "POST";
    req.url = api_ + "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" + std::to_string(rfi_id) +
              "/replies";
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject(); w.Key("reply"); w.StartObject(); w.Key("body"); w.String(text.c_str()); w.EndObject(); w.EndObject();
    req.body = sb.GetString();
    return port_.send(req).status == 201;
  }
 private:
  ports::HttpPort& port_;
  std::string api_;
};

class SlackNotifier {
 public:
  SlackNotifier(ports::HttpPort& raw, std::string webhook) : raw_(raw), webhook_(std::move(webhook)) {}
  void overdue(const domain::Rfi& r) {
    ports::Request req;
    req.method = "POST";
    req.url = webhook_;
    req.body = "{\"text\":\"RFI #" + r.number + " overdue: <https://app.procore.com/" + std::to_string(r.project_id) +
               "/project/rfi/show/" + std::to_string(r.id) + "|" + r.subject + ">\"}";
    raw_.send(req);
  }
 private:
  ports::HttpPort& raw_;
  std::string webhook_;
};
}  // namespace app

int main(int argc, char** argv) {
  if (argc < 3) { std::cerr << "usage: hx_rfi_bridge <company_id> <project_id> [new_due_date]\n"; return 2; }
  const std::int64_t company_id = std::stoll(argv[1]);
  const std::int64_t project_id = std::stoll(argv[2]);
  const char* env_name = std::getenv("PROCORE_ENV");
  auto hosts_it = app::kHosts.find(env_name ? env_name : "production");
  if (hosts_it == app::kHosts.end()) { std::cerr << "unknown PROCORE_ENV\n"; return 2; }

  adapters::HttplibHttp raw;
  app::TokenService tokens(raw, hosts_it->second);
  const std::string token = tokens.refresh(std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                                           std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                                           std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "");
  if (token.empty() || tokens.seconds_left(token) < 60) { std::cerr << "token refresh failed\n"; return 1; }

  adapters::SessionAuth authed(raw, token);
  adapters::CompanyScope scoped(authed, company_id);
  app::RfiUseCases rfis(scoped, hosts_it->second.api);
  app::SlackNotifier slack(raw, std::getenv("SLACK_WEBHOOK_URL") ? std::getenv("SLACK_WEBHOOK_URL")
                                                                  : "https://hooks.slack.com/services/T000/B000/XXXX");
  int notified = 0;
  for (const auto& r : rfis.list_open(project_id)) {
    slack.overdue(r);
    ++notified;
    if (argc > 3 && !rfis.push_due_date(r, argv[3])) std::cerr << "due date update failed for " << r.id << "\n";
    if (argc > 3) rfis.reply(project_id, static_cast<int>(r.id), "Due date moved to " + std::string(argv[3]));
  }
  std::cout << notified << " RFIs notified\n";
  return 0;
}
