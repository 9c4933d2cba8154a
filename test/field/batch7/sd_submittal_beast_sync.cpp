// sd_submittal_beast_sync.cpp
//
// Nightly job: finds approved submittals on every active project and stamps
// them as exported to the document control system. Each HTTPS exchange is a
// short-lived Exchange object driven by Beast completion handlers; the job
// itself is a small state machine whose step() builds the next request.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

static constexpr const char* kLoginHost = "login.procore.com";
static constexpr const char* kApiHost = "api.procore.com";
static constexpr const char* kLegacyHost = "app.procore.com";  // vapid endpoints
static constexpr const char* kPort = "443";
static constexpr int kMaxAttempts = 5;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using Handler = std::function<void(beast::error_code, Response)>;

// One request/response over a fresh TLS connection.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(net::io_context& ioc, ssl::context& tls, std::string host, Request req, Handler done)
      : resolver_(net::make_strand(ioc)),
        stream_(net::make_strand(ioc), tls),
        host_(std::move(host)),
        req_(std::move(req)),
        done_(std::move(done)) {}

  void run() {
    if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str())) {
      return finish(beast::error_code(static_cast<int>(::ERR_get_error()),
                                      net::error::get_ssl_category()));
    }
    req_.set(http::field::host, host_);
    resolver_.async_resolve(host_, kPort,
                            beast::bind_front_handler(&Exchange::on_resolve, shared_from_this()));
  }

 private:
  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return finish(ec);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(stream_).async_connect(
        results, beast::bind_front_handler(&Exchange::on_connect, shared_from_this()));
  }

  void on_connect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
    if (ec) return finish(ec);
    stream_.async_handshake(ssl::stream_base::client,
                            beast::bind_front_handler(&Exchange::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return finish(ec);
    http::async_write(stream_, req_,
                      beast::bind_front_handler(&Exchange::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return finish(ec);
    http::async_read(stream_, buffer_, res_,
                     beast::bind_front_handler(&Exchange::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    finish(ec);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

  void finish(beast::error_code ec) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(ec, std::move(res_));
  }

  tcp::resolver resolver_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::string host_;
  Request req_;
  Response res_;
  Handler done_;
};

struct SyncConfig {
  int64_t company_id = 0;
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
};

class SubmittalSyncJob : public std::enable_shared_from_this<SubmittalSyncJob> {
 public:
  enum class State { RefreshToken, ListProjects, ListSubmittals, MarkExported, Done, Failed };

  SubmittalSyncJob(net::io_context& ioc, ssl::context& tls, SyncConfig cfg)
      : ioc_(ioc), tls_(tls), cfg_(std::move(cfg)), retry_timer_(ioc) {}

  void start() {
    state_ = State::RefreshToken;
    step();
  }

 private:
  void authorize(Request& req) const {
    req.set(http::field::authorization, "Bearer " + access_token_);
    req.set("Procore-Company-Id", std::to_string(cfg_.company_id));
  }

  void step() {
    Request req;
    req.version(11);
    req.set(http::field::user_agent, "fieldsync-submittals/2.3");
    req.set(http::field::accept, "application/json");

    switch (state_) {
      case State::RefreshToken: {
        req.method(http::verb::post);
        req.target("/oauth/token");
        req.set(http::field::content_type, "application/json");
        req.body() = json{{"grant_type", "refresh_token"},
                          {"client_id", cfg_.client_id},
                          {"client_secret", cfg_.client_secret},
                          {"refresh_token", cfg_.refresh_token}}.dump();
        req.prepare_payload();
        return send(kLoginHost, std::move(req));
      }
      case State::ListProjects: {
        req.method(http::verb::get);
        req.target("/vapid/projects?company_id=" + std::to_string(cfg_.company_id));
        req.set(http::field::authorization, "Bearer " + access_token_);
        return send(kLegacyHost, std::move(req));
      }
      case State::ListSubmittals: {
        if (project_cursor_ >= project_ids_.size()) {
          state_ = pending_.empty() ? State::Done : State::MarkExported;
          return step();
        }
        req.method(http::verb::get);
        req.target("/rest/v1.0/projects/" + std::to_string(project_ids_[project_cursor_]) +
                   "/submittals?filters[status]=Approved");
        authorize(req);
        return send(kApiHost, std::move(req));
      }
      case State::MarkExported: {
        const auto& [project_id, submittal_id] = pending_.front();
        req.method(http::verb::patch);
        req.target("/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals/" +
                   std::to_string(submittal_id));
        req.set(http::field::content_type, "application/json");
        req.body() = json{{"submittal", {{"number", nullptr}, {"private", false}}}}.dump();
        req.prepare_payload();
        authorize(req);
        std::cout << "exporting https://app.procore.com/" << project_id
                  << "/project/submittal_logs/" << submittal_id << "\n";
        return send(kApiHost, std::move(req));
      }
      case State::Done:
        std::cout << "submittal sync finished, " << exported_ << " exported\n";
        return;
      case State::Failed:
        std::cerr << "submittal sync gave up after " << attempts_ << " attempts\n";
        return;
    }
  }

  void send(const std::string& host, Request req) {
    last_host_ = host;
    last_req_ = req;
    auto self = shared_from_this();
    std::make_shared<Exchange>(ioc_, tls_, host, std::move(req),
                               [self](beast::error_code ec, Response res) {
                                 self->on_response(ec, std::move(res));
                               })
        ->run();
  }

  void schedule_retry() {
    if (++attempts_ >= kMaxAttempts) {
      state_ = State::Failed;
      return step();
    }
    retry_timer_.expires_after(std::chrono::seconds(1 << attempts_));
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->send(self->last_host_, self->last_req_);
    });
  }

  void on_response(beast::error_code ec, Response res) {
    const int status = static_cast<int>(res.result_int());
    if (ec || status == 429 || status >= 500) return schedule_retry();
    attempts_ = 0;
    json body = json::parse(res.body(), nullptr, false);

    switch (state_) {
      case State::RefreshToken:
        access_token_ = body.value("access_token", "");
        state_ = State::ListProjects;
        break;
      case State::ListProjects:
        for (const auto& p : body)
          if (p.value("active", false)) project_ids_.push_back(p.at("id").get<int64_t>());
        state_ = State::ListSubmittals;
        break;
      case State::ListSubmittals:
        for (const auto& s : body)
          pending_.emplace_back(project_ids_[project_cursor_], s.at("id").get<int64_t>());
        ++project_cursor_;
        break;
      case State::MarkExported:
        pending_.pop_front();
        ++exported_;
        if (pending_.empty()) state_ = State::Done;
        break;
      default:
        return;
    }
    step();
  }

  net::io_context& ioc_;
  ssl::context& tls_;
  SyncConfig cfg_;
  State state_ = State::RefreshToken;
  std::string access_token_;
  std::vector<int> project_ids_;
  std::size_t project_cursor_ = 0;
  std::deque<std::pair<int64_t, int64_t>> pending_;
  int exported_ = 0;
  int attempts_ = 0;
  net::steady_timer retry_timer_;
  std::string last_host_;
  Request last_req_;
};

int main() {
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!company) {
    std::cerr << "PROCORE_COMPANY_ID is required\n";
    return 2;
  }
  SyncConfig cfg;
  cfg.company_id = std::stoll(company);
  cfg.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  cfg.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  cfg.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

  net::io_context ioc;
  ssl::context tls(ssl::context::tlsv12_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);

  std::make_shared<SubmittalSyncJob>(ioc, tls, std::move(cfg))->start();
  ioc.run();
  return 0;
}
