// rfi_sync_daemon.cpp -- mirrors open RFIs from Procore into the support queue.
//
// Long-lived service. Every poll interval it walks the company's active
// projects, pulls RFIs, and posts a reply on the ones our engineers already
// answered in the local answer store. All I/O runs in stackful coroutines on
// one io_context; connections are kept in a small per-host pool.

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
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

const char* kLoginHost = "login.procore.com";
const char* kApiHost = "api.procore.com";
constexpr int kPollSeconds = 300;
constexpr int kPerPage = 100;

struct Credentials {
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
  std::string access_token;
};

struct Conn {
  Conn(net::io_context& ioc, ssl::context& ctx) : stream(ioc, ctx) {}
  beast::ssl_stream<beast::tcp_stream> stream;
};

struct ConnectionPool {
  net::io_context& ioc;
  ssl::context& ctx;
  std::string host;
  std::vector<std::unique_ptr<Conn>> idle;

  std::unique_ptr<Conn> acquire(net::yield_context yield) {
    if (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      return c;
    }
    auto c = std::make_unique<Conn>(ioc, ctx);
    if (!SSL_set_tlsext_host_name(c->stream.native_handle(), host.c_str()))
      throw std::runtime_error("SNI setup failed for " + host);
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.async_resolve(host, "443", yield);
    beast::get_lowest_layer(c->stream).expires_after(std::chrono::seconds(20));
    beast::get_lowest_layer(c->stream).async_connect(endpoints, yield);
    c->stream.async_handshake(ssl::stream_base::client, yield);
    return c;
  }

  void release(std::unique_ptr<Conn> c) { idle.push_back(std::move(c)); }
};

http::response<http::string_body> exchange(ConnectionPool& pool,
                                           http::request<http::string_body>& req,
                                           net::yield_context yield) {
  auto conn = pool.acquire(yield);
  req.set(http::field::host, pool.host);
  req.set(http::field::user_agent, "rfi-sync/2.3");
  req.prepare_payload();
  beast::get_lowest_layer(conn->stream).expires_after(std::chrono::seconds(30));
  http::async_write(conn->stream, req, yield);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::async_read(conn->stream, buffer, res, yield);
  if (res.keep_alive()) pool.release(std::move(conn));
  return res;
}

void refresh_access_token(ConnectionPool& login, Credentials& creds, net::yield_context yield) {
  http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "grant_type=refresh_token&client_id=" + creds.client_id +
               "&client_secret=" + creds.client_secret +
               "&refresh_token=" + creds.refresh_token;
  auto res = exchange(login, req, yield);
  if (res.result() != http::status::ok)
    throw std::runtime_error("token refresh failed: " + std::to_string(res.result_int()));
  auto body = json::parse(res.body());
  creds.access_token = body.at("access_token").get<std::string>();
  creds.refresh_token = body.at("refresh_token").get<std::string>();
}

void log_identity(ConnectionPool& api, const Credentials& creds, net::yield_context yield) {
  http::request<http::string_body> req{http::verb::get, "/rest/v1.0/me", 11};
  req.set(http::field::authorization, "Bearer " + creds.access_token);
  auto res = exchange(api, req, yield);
  if (res.result() == http::status::ok) {
    auto me = json::parse(res.body());
    std::cerr << "rfi-sync running as " << me.value("login", "?") << "\n";
  }
}

json get_json(ConnectionPool& api, const Credentials& creds, int64_t company_id,
              const std::string& target, net::yield_context yield) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::authorization, "Bearer " + creds.access_token);
  req.set("Procore-Company-Id", std::to_string(company_id));
  req.set(http::field::accept, "application/json");
  auto res = exchange(api, req, yield);
  if (res.result() != http::status::ok)
    throw std::runtime_error("GET " + target + " -> " + std::to_string(res.result_int()));
  return json::parse(res.body());
}

void post_reply(ConnectionPool& api, const Credentials& creds, int64_t project_id,
                int rfi_id, const std::string& text, net::yield_context yield) {
  std::ostringstream target;
  target << "/rest/v1.0/projects/" << project_id << "/rfis/" << rfi_id << "/replies";
  http::request<http::string_body> req;
  req.method(http::verb::post);
  req.target(target.str());
  req.version(11);
  req.set(http::field::authorization, "Bearer " + creds.access_token);
  req.set(http::field::content_type, "application/json");
  req.body() = json{{"reply", {{"body", text}}}}.dump();
  auto res = exchange(api, req, yield);
  if (res.result_int() >= 300)
    std::cerr << "reply on RFI " << rfi_id << " failed: " << res.result_int() << "\n";
}

std::map<int64_t, std::string> load_answers(const std::string& path) {
  std::map<int64_t, std::string> answers;
  std::ifstream in(path);
  if (!in) return answers;
  json doc = json::parse(in, nullptr, false);
  if (!doc.is_array()) return answers;
  for (const auto& a : doc)
    answers[a.at("rfi_id").get<int64_t>()] = a.at("answer").get<std::string>();
  return answers;
}

void sync_project(ConnectionPool& api, const Credentials& creds, int64_t company_id,
                  int64_t project_id, std::map<int64_t, std::string>& answers,
                  net::yield_context yield) {
  for (int page = 1;; ++page) {
    std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                         "/rfis?page=" + std::to_string(page) +
                         "&per_page=" + std::to_string(kPerPage);
    json batch = get_json(api, creds, company_id, target, yield);
    if (!batch.is_array() || batch.empty()) break;
    for (const auto& rfi : batch) {
      const int rfi_id = rfi.at("id").get<int>();
      if (rfi.value("status", "") != "open") continue;
      auto it = answers.find(rfi_id);
      if (it == answers.end()) continue;
      post_reply(api, creds, project_id, rfi_id, it->second, yield);
      std::cout << "answered https://app.procore.com/" << company_id << "/project/rfi/show/"
                << rfi_id << "\n";
      answers.erase(it);
    }
    if (static_cast<int>(batch.size()) < kPerPage) break;
  }
}

}  // namespace

int main() {
  const char* company_env = std::getenv("PROCORE_COMPANY_ID");
  const char* answers_env = std::getenv("RFI_ANSWER_STORE");
  if (!company_env || !answers_env) {
    std::cerr << "PROCORE_COMPANY_ID and RFI_ANSWER_STORE must be set\n";
    return 2;
  }
  const int64_t company_id = std::strtoll(company_env, nullptr, 10);

  Credentials creds;
  creds.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  creds.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  creds.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

  net::io_context ioc;
  ssl::context ctx{ssl::context::tlsv12_client};
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(ssl::verify_peer);

  ConnectionPool login{ioc, ctx, kLoginHost, {}};
  ConnectionPool api{ioc, ctx, kApiHost, {}};

  net::spawn(ioc, [&](net::yield_context yield) {
    net::steady_timer timer(ioc);
    refresh_access_token(login, creds, yield);
    log_identity(api, creds, yield);
    for (;;) {
      auto answers = load_answers(answers_env);
      try {
        json projects = get_json(api, creds, company_id,
                                 "/rest/v1.0/projects?company_id=" + std::to_string(company_id),
                                 yield);
        for (const auto& p : projects)
          sync_project(api, creds, company_id, p.at("id").get<int64_t>(), answers, yield);
      } catch (const std::exception& e) {
        std::cerr << "pass failed: " << e.what() << "; refreshing token\n";
        refresh_access_token(login, creds, yield);
      }
      timer.expires_after(std::chrono::seconds(kPollSeconds));
      beast::error_code ec;
      timer.async_wait(yield[ec]);
    }
  });

  ioc.run();
  return 0;
}
