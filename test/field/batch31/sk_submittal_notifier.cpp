// submittal_notifier.cpp -- posts overdue submittals to the project Slack channel.
//
// Small CLI run every morning by the scheduler:
//   submittal_notifier <project_id> [days_overdue]
// Finds submittals whose due date is behind by more than N days and posts a
// summary with links people can click. Credentials come from the vault agent
// via environment variables.

#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#define PROCORE_LOGIN_HOST "login.procore.com"
#define PROCORE_API_HOST "app.procore.com"
#define SLACK_HOST "hooks.slack.com"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

struct Overdue {
  int64_t id;
  std::string number;
  std::string title;
  int days_late;
};

class HttpsClient {
 public:
  HttpsClient(net::io_context& ioc, ssl::context& tls, std::string host)
      : ioc_(ioc), tls_(tls), host_(std::move(host)) {}

  http::response<http::string_body> send(http::request<http::string_body>& req,
                                         net::yield_context yield) {
    beast::ssl_stream<beast::tcp_stream> stream(ioc_, tls_);
    SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str());
    tcp::resolver resolver(ioc_);
    auto results = resolver.async_resolve(host_, "443", yield);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(20));
    beast::get_lowest_layer(stream).async_connect(results, yield);
    stream.async_handshake(ssl::stream_base::client, yield);
    req.set(http::field::host, host_);
    req.prepare_payload();
    http::async_write(stream, req, yield);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::async_read(stream, buf, res, yield);
    return res;
  }

  net::io_context& context() { return ioc_; }

 private:
  net::io_context& ioc_;
  ssl::context& tls_;
  std::string host_;
};

std::string env_or_die(const char* name) {
  const char* v = std::getenv(name);
  if (!v) throw std::runtime_error(std::string("missing env ") + name);
  return v;
}

std::string access_token(HttpsClient& login, net::yield_context yield) {
  http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::content_type, "application/json");
  req.body() = json{{"grant_type", "refresh_token"},
                    {"client_id", env_or_die("PROCORE_CLIENT_ID")},
                    {"client_secret", env_or_die("PROCORE_CLIENT_SECRET")},
                    {"refresh_token", env_or_die("PROCORE_REFRESH_TOKEN")}}.dump();
  auto res = login.send(req, yield);
  return json::parse(res.body()).at("access_token").get<std::string>();
}

int64_t first_company(HttpsClient& api, const std::string& token, net::yield_context yield) {
  http::request<http::string_body> req{http::verb::get, "/rest/v1.0/companies", 11};
  req.set(http::field::authorization, "Bearer " + token);
  auto res = api.send(req, yield);
  json companies = json::parse(res.body());
  if (companies.empty()) throw std::runtime_error("token sees no companies");
  return companies.at(0).at("id").get<int64_t>();
}

bool project_is_active(HttpsClient& api, const std::string& token, int64_t company_id,
                       int64_t project_id, net::yield_context yield) {
  std::string target = "/rest/v1.0/companies/" + std::to_string(company_id) + "/projects";
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::authorization, "Bearer " + token);
  auto res = api.send(req, yield);
  for (const auto& p : json::parse(res.body()))
    if (p.at("id").get<int64_t>() == project_id) return p.value("active", false);
  return false;
}

std::vector<Overdue> overdue_submittals(HttpsClient& api, const std::string& token,
                                        int64_t company_id, int64_t project_id,
                                        int min_days, net::yield_context yield) {
  std::vector<Overdue> out;
  const std::time_t now = std::time(nullptr);
  for (int page = 1; page <= 50; ++page) {
    std::ostringstream target;
    target << "/rest/v1.1/projects/" << project_id << "/submittals?page=" << page
           << "&per_page=100&filters[status_id]=1";
    http::request<http::string_body> req{http::verb::get, target.str(), 11};
    req.set(http::field::authorization, "Bearer " + token);
    req.set("Procore-Company-Id", std::to_string(company_id));
    auto res = api.send(req, yield);
    if (res.result() != http::status::ok) break;
    json batch = json::parse(res.body());
    if (batch.empty()) break;
    for (const auto& s : batch) {
      std::string due = s.value("due_date", "");
      if (due.size() < 10) continue;
      std::tm tm{};
      tm.tm_year = std::stoi(due.substr(0, 4)) - 1900;
      tm.tm_mon = std::stoi(due.substr(5, 2)) - 1;
      tm.tm_mday = std::stoi(due.substr(8, 2));
      int days = static_cast<int>((now - std::mktime(&tm)) / 86400);
      if (days < min_days) continue;
      out.push_back({s.at("id").get<int64_t>(), s.value("number", ""), s.value("title", ""), days});
    }
  }
  return out;
}

void post_to_slack(HttpsClient& slack, const std::string& webhook_path, const std::string& text,
                   net::yield_context yield) {
  http::request<http::string_body> req{http::verb::post, webhook_path, 11};
  req.set(http::field::content_type, "application/json");
  req.body() = json{{"text", text}}.dump();
  beast::error_code ec;
  net::steady_timer backoff(slack.context());
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto res = slack.send(req, yield);
    if (res.result_int() == 200) return;
    backoff.expires_after(std::chrono::seconds(2 << attempt));
    backoff.async_wait(yield[ec]);
  }
  std::cerr << "slack webhook kept failing\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: submittal_notifier <project_id> [days_overdue]\n";
    return 2;
  }
  const int64_t project_id = std::stoi(argv[1]);
  const int min_days = argc > 2 ? std::atoi(argv[2]) : 3;

  net::io_context ioc;
  ssl::context tls{ssl::context::tlsv12_client};
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);

  HttpsClient login(ioc, tls, PROCORE_LOGIN_HOST);
  HttpsClient api(ioc, tls, PROCORE_API_HOST);
  HttpsClient slack(ioc, tls, SLACK_HOST);
  int rc = 0;

  net::spawn(ioc, [&](net::yield_context yield) {
    try {
      const std::string token = access_token(login, yield);
      const int64_t company_id = first_company(api, token, yield);
      if (!project_is_active(api, token, company_id, project_id, yield)) {
        std::cerr << "project " << project_id << " is not active, nothing to do\n";
        return;
      }
      auto late = overdue_submittals(api, token, company_id, project_id, min_days, yield);
      if (late.empty()) return;

      std::ostringstream msg;
      msg << late.size() << " submittal(s) overdue by " << min_days << "+ days:\n";
      for (const auto& s : late)
        msg << "- <https://app.procore.com/" << project_id << "/project/submittal_logs/"
            << s.id << "|#" << s.number << " " << s.title << "> (" << s.days_late << "d)\n";
      post_to_slack(slack, env_or_die("SLACK_WEBHOOK_PATH"), msg.str(), yield);
    } catch (const std::exception& e) {
      std::cerr << "submittal_notifier: " << e.what() << "\n";
      rc = 1;
    }
  });

  ioc.run();
  return rc;
}
