// drawing_watcher.cpp -- watches drawing revisions in the Procore developer
// sandbox and mirrors new PDFs into the plotting share.
//
// One coroutine per watched project; they share a connection pool to the API
// host. Tokens come from the authorization-code flow done once by the
// sandbox-setup script, which leaves a refresh token in the environment.

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
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using Stream = beast::ssl_stream<beast::tcp_stream>;

namespace sandbox {
const std::string kTokenHost = "sandbox.procore.com";
const std::string kApiHost = "sandbox.procore.com";
const std::string kWebBase = "https://sandbox.procore.com/";
}  // namespace sandbox

struct DrawingRef {
  long id = 0;
  int64_t revision_id = 0;
  std::string number;
  std::string pdf_url;
};

struct Pool {
  net::io_context& ioc;
  ssl::context& tls;
  std::string host;
  std::size_t max_idle = 4;
  std::deque<std::unique_ptr<Stream>> idle;

  std::unique_ptr<Stream> get(net::yield_context yield) {
    if (!idle.empty()) {
      auto s = std::move(idle.front());
      idle.pop_front();
      return s;
    }
    auto s = std::make_unique<Stream>(ioc, tls);
    SSL_set_tlsext_host_name(s->native_handle(), host.c_str());
    tcp::resolver r(ioc);
    auto eps = r.async_resolve(host, "443", yield);
    beast::get_lowest_layer(*s).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(*s).async_connect(eps, yield);
    s->async_handshake(ssl::stream_base::client, yield);
    return s;
  }

  void put(std::unique_ptr<Stream> s) {
    if (idle.size() < max_idle) idle.push_back(std::move(s));
  }
};

struct Context {
  Pool api;
  std::string access_token;
  int64_t company_id = 0;
  std::string share_dir;
};

std::string refresh(net::io_context& ioc, ssl::context& tls, const std::string& refresh_token,
                    net::yield_context yield) {
  Stream stream(ioc, tls);
  SSL_set_tlsext_host_name(stream.native_handle(), sandbox::kTokenHost.c_str());
  tcp::resolver r(ioc);
  beast::get_lowest_layer(stream).async_connect(r.async_resolve(sandbox::kTokenHost, "443", yield), yield);
  stream.async_handshake(ssl::stream_base::client, yield);

  http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::host, sandbox::kTokenHost);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "grant_type=refresh_token&refresh_token=" + refresh_token +
               "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
               "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
  req.prepare_payload();
  http::async_write(stream, req, yield);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::async_read(stream, buf, res, yield);
  return json::parse(res.body()).at("access_token").get<std::string>();
}

json procore_get(Context& cx, const std::string& target, net::yield_context yield) {
  auto s = cx.api.get(yield);
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, cx.api.host);
  req.set(http::field::authorization, "Bearer " + cx.access_token);
  req.set("Procore-Company-Id", std::to_string(cx.company_id));
  http::async_write(*s, req, yield);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::async_read(*s, buf, res, yield[ec]);
  if (ec) throw beast::system_error(ec);
  if (res.keep_alive()) cx.api.put(std::move(s));
  return json::parse(res.body());
}

std::string project_name(Context& cx, int64_t project_id, net::yield_context yield) {
  auto s = cx.api.get(yield);
  std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                       "?company_id=" + std::to_string(cx.company_id);
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, cx.api.host);
  req.set(http::field::authorization, "Bearer " + cx.access_token);
  http::async_write(*s, req, yield);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::async_read(*s, buf, res, yield);
  cx.api.put(std::move(s));
  return json::parse(res.body()).value("name", "project-" + std::to_string(project_id));
}

std::string drawings_target(int64_t project_id, unsigned area_id) {
  std::ostringstream os;
  os << "/rest/v1.0/drawing_areas/" << area_id << "/drawings?project_id=" << project_id;
  return os.str();
}

void download_pdf(Context& cx, const DrawingRef& d, const std::string& folder,
                  net::yield_context yield) {
  // pdf_url is a presigned S3-style link; it carries its own signature.
  const std::string prefix = "https://storage.procore.com";
  if (d.pdf_url.rfind(prefix, 0) != 0) return;
  Pool storage{cx.api.ioc, cx.api.tls, "storage.procore.com"};
  auto s = storage.get(yield);
  http::request<http::string_body> req{http::verb::get, d.pdf_url.substr(prefix.size()), 11};
  req.set(http::field::host, storage.host);
  http::async_write(*s, req, yield);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  res.body().reserve(1 << 20);
  http::async_read(*s, buf, res, yield);
  std::ofstream out(folder + "/" + d.number + "_r" + std::to_string(d.revision_id) + ".pdf",
                    std::ios::binary);
  out << res.body();
}

void watch_project(Context& cx, int64_t project_id, net::yield_context yield) {
  net::steady_timer timer(cx.api.ioc);
  std::set<int64_t> seen_revisions;
  const std::string folder = cx.share_dir + "/" + project_name(cx, project_id, yield);
  for (;;) {
    json areas = procore_get(cx, "/rest/v1.0/projects/" + std::to_string(project_id) +
                                     "/drawing_areas", yield);
    for (const auto& area : areas) {
      json drawings = procore_get(cx, drawings_target(project_id, area.at("id").get<int64_t>()), yield);
      for (const auto& dj : drawings) {
        DrawingRef d;
        d.id = dj.at("id").get<int64_t>();
        d.number = dj.value("number", "");
        const auto& rev = dj.at("current_revision");
        d.revision_id = rev.at("id").get<int64_t>();
        d.pdf_url = rev.value("pdf_url", "");
        if (!seen_revisions.insert(d.revision_id).second) continue;
        download_pdf(cx, d, folder, yield);
        std::cout << "new revision: " << sandbox::kWebBase << cx.company_id << "/project/drawings/"
                  << d.id << "\n";
      }
    }
    timer.expires_after(std::chrono::minutes(10));
    timer.async_wait(yield);
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: drawing_watcher <share-dir> <project_id>...\n";
    return 2;
  }
  net::io_context ioc;
  ssl::context tls{ssl::context::tls_client};
  tls.set_default_verify_paths();

  Context cx{Pool{ioc, tls, sandbox::kApiHost}, "", 0, argv[1]};
  cx.company_id = std::strtoll(std::getenv("SANDBOX_COMPANY_ID"), nullptr, 10);
  const std::string refresh_token = std::getenv("SANDBOX_REFRESH_TOKEN");

  std::vector<int64_t> projects;
  for (int i = 2; i < argc; ++i) projects.push_back(std::stoll(argv[i]));

  net::spawn(ioc, [&](net::yield_context yield) {
    cx.access_token = refresh(ioc, tls, refresh_token, yield);
    for (int64_t pid : projects) {
      net::spawn(ioc, [&cx, pid](net::yield_context y) {
        try {
          watch_project(cx, pid, y);
        } catch (const std::exception& e) {
          std::cerr << "project " << pid << ": " << e.what() << "\n";
        }
      });
    }
  });

  ioc.run();
  return 0;
}
