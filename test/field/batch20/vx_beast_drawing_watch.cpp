// drawing_watch: polls the drawing log of a few sandbox projects and posts to
// the team chat when a drawing gets a new revision.
//
//   drawing_watch <project_id> [project_id ...]
//
// Environment: PROCORE_COMPANY_ID, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
// PROCORE_REFRESH_TOKEN. API reference:
// https://developers.procore.com/reference/rest/drawings
#define BOOST_BEAST_USE_STD_STRING_VIEW  // lets the constexpr std::string_view tables go straight into beast
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace drawing_watch {

struct Endpoint {
  std::string_view host;
  std::string_view target;
};

constexpr std::string_view kApiHost = "sandbox.procore.com";
constexpr Endpoint kToken{"sandbox.procore.com", "/oauth/token"};
constexpr Endpoint kTokenInfo{"login-sandbox.procore.com", "/oauth/token/info"};
constexpr Endpoint kChatHook{"chat.acme-builders.com", "/hooks/drawings"};
constexpr int kPollSeconds = 300;

struct CompanyId { std::int64_t value; };
struct ProjectId { std::int64_t value; };
struct DrawingAreaId { std::uint64_t value; };
struct DrawingId { std::int32_t value; };
struct RevisionId { std::int64_t value; };

struct GetProject { CompanyId company; ProjectId project; };
struct ListDrawingAreas { CompanyId company; ProjectId project; };
struct ListDrawings { CompanyId company; ProjectId project; DrawingAreaId area; };
struct ListRevisions { CompanyId company; ProjectId project; DrawingId drawing; };

using Request = std::variant<GetProject, ListDrawingAreas, ListDrawings, ListRevisions>;
using HttpRequest = http::request<http::string_body>;

template <class T>
std::string str(T v) { return std::to_string(v); }

class RequestFactory {
 public:
  explicit RequestFactory(std::string token) : bearer_("Bearer " + std::move(token)) {}

  HttpRequest operator()(const GetProject& r) const {
    auto req = base("/rest/v1.0/projects/" + str(r.project.value) + "?company_id=" + str(r.company.value));
    req.set("Procore-Company-Id", str(r.company.value));
    return req;
  }
  HttpRequest operator()(const ListDrawingAreas& r) const {
    auto req = base("/rest/v1.0/projects/" + str(r.project.value) + "/drawing_areas");
    req.set("Procore-Company-Id", str(r.company.value));
    return req;
  }
  HttpRequest operator()(const ListDrawings& r) const {
    auto req = base("/rest/v1.0/drawing_areas/" + str(r.area.value) +
                    "/drawings?project_id=" + str(r.project.value));
    req.set("Procore-CompanyId", str(r.company.value));
    return req;
  }
  HttpRequest operator()(const ListRevisions& r) const {
    auto req = base("/rest/v1.0/projects/" + str(r.project.value) +
                    "/drawing_revisions?filters[drawing_id]=" + str(r.drawing.value));
    req.set("procore-company-id", str(r.company.value));
    return req;
  }

 private:
  HttpRequest base(const std::string& target) const {
    HttpRequest req{http::verb::get, target, 11};
    req.set(http::field::host, kApiHost);
    req.set(http::field::authorization, bearer_);
    req.set(http::field::user_agent, "drawing-watch/1.4");
    req.set(http::field::accept, "application/json");
    return req;
  }
  std::string bearer_;
};

std::optional<std::string> exchange(net::io_context& ioc, ssl::context& ctx, std::string_view host,
                                    HttpRequest req) {
  try {
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    const std::string sni(host);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), sni.c_str())) return std::nullopt;
    beast::get_lowest_layer(stream).connect(resolver.resolve(sni, "443"));
    stream.handshake(ssl::stream_base::client);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);
    if (res.result_int() >= 300) {
      std::cerr << host << req.target() << " -> " << res.result_int() << '\n';
      return std::nullopt;
    }
    return res.body();
  } catch (const std::exception& e) {
    std::cerr << "exchange with " << host << " failed: " << e.what() << '\n';
    return std::nullopt;
  }
}

std::optional<std::string> refresh_token(net::io_context& ioc, ssl::context& ctx) {
  const char* id = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  if (!id || !secret || !refresh) return std::nullopt;
  HttpRequest req{http::verb::post, kToken.target, 11};
  req.set(http::field::host, kToken.host);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = std::string("grant_type=refresh_token&client_id=") + id + "&client_secret=" + secret +
               "&refresh_token=" + refresh;
  const auto body = exchange(ioc, ctx, kToken.host, std::move(req));
  if (!body) return std::nullopt;
  const auto j = json::parse(*body, nullptr, false);
  if (j.is_discarded() || !j.contains("access_token")) return std::nullopt;
  return j["access_token"].get<std::string>();
}

bool token_alive(net::io_context& ioc, ssl::context& ctx, const std::string& token) {
  HttpRequest req{http::verb::get, kTokenInfo.target, 11};
  req.set(http::field::host, kTokenInfo.host);
  req.set(http::field::authorization, "Bearer " + token);
  return exchange(ioc, ctx, kTokenInfo.host, std::move(req)).has_value();
}

void notify_chat(net::io_context& ioc, ssl::context& ctx, const std::string& text) {
  HttpRequest req{http::verb::post, kChatHook.target, 11};
  req.set(http::field::host, kChatHook.host);
  req.set(http::field::content_type, "application/json");
  req.body() = json{{"text", text}}.dump();
  exchange(ioc, ctx, kChatHook.host, std::move(req));
}

class Watcher {
 public:
  Watcher(net::io_context& ioc, ssl::context& ctx, std::string token)
      : ioc_(ioc), ctx_(ctx), factory_(std::move(token)) {}

  std::optional<json> fetch(const Request& r) {
    const auto body = exchange(ioc_, ctx_, kApiHost, std::visit(factory_, r));
    if (!body) return std::nullopt;
    auto j = json::parse(*body, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
  }

 private:
  net::io_context& ioc_;
  ssl::context& ctx_;
  RequestFactory factory_;
};

}  // namespace drawing_watch

int main(int argc, char** argv) {
  using namespace drawing_watch;
  if (argc < 2) {
    std::cerr << "usage: drawing_watch <project_id> [project_id ...]\n";
    return 2;
  }
  const char* company_env = std::getenv("PROCORE_COMPANY_ID");
  if (!company_env) return 2;
  const CompanyId company{std::strtoll(company_env, nullptr, 10)};
  std::vector<ProjectId> projects;
  for (int i = 1; i < argc; ++i) projects.push_back(ProjectId{std::stoll(argv[i])});

  net::io_context ioc;
  ssl::context ctx{ssl::context::tlsv12_client};
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(ssl::verify_peer);

  auto token = refresh_token(ioc, ctx);
  if (!token) {
    std::cerr << "could not obtain an access token\n";
    return 1;
  }
  std::map<int, std::int64_t> last_seen_revision;  // drawing id -> newest revision id

  for (;;) {
    if (!token_alive(ioc, ctx, *token)) token = refresh_token(ioc, ctx);
    if (!token) return 1;
    Watcher watcher(ioc, ctx, *token);

    for (const auto project : projects) {
      const auto info = watcher.fetch(GetProject{company, project});
      const std::string project_name = info ? info->value("name", "?") : "?";
      const auto areas = watcher.fetch(ListDrawingAreas{company, project});
      if (!areas) continue;
      for (const auto& a : *areas) {
        const DrawingAreaId area{a.at("id").get<std::uint64_t>()};
        const auto drawings = watcher.fetch(ListDrawings{company, project, area});
        if (!drawings) continue;
        for (const auto& d : *drawings) {
          DrawingId drawing{};
          d.at("id").get_to(drawing.value);
          const auto revisions = watcher.fetch(ListRevisions{company, project, drawing});
          if (!revisions || revisions->empty()) continue;
          const RevisionId newest{revisions->back().at("id").get<std::int64_t>()};
          auto& seen = last_seen_revision[drawing.value];
          if (seen != 0 && seen != newest.value) {
            notify_chat(ioc, ctx,
                        project_name + ": " + d.value("number", "?") + " has a new revision. " +
                            "https://sandbox.procore.com/" + std::to_string(project.value) +
                            "/project/drawing_log");
          }
          seen = newest.value;
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(kPollSeconds));
  }
}
