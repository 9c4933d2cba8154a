// hx_drawing_ingest.cpp - pulls current drawing revisions (PDF) for the plotter farm.
// Hexagon: use cases depend on ports::ProcoreGateway; Boost.Beast is the adapter;
// token, tenant and logging are decorators assembled by make_gateway().
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace domain {
struct DrawingArea { std::int64_t id = 0; std::string name; };
struct DrawingRevision {
  std::int64_t id = 0;
  std::int64_t drawing_id = 0;
  std::int64_t drawing_area_id = 0;
  std::string number, revision_number, pdf_url;
};
}  // namespace domain

namespace ports {
struct Header { std::string name, value; };
struct Request { std::string method = "GET"; std::string url; std::vector<Header> headers; std::string body; };
struct Response { unsigned status = 0; std::string body; };
class ProcoreGateway {
 public:
  virtual ~ProcoreGateway() = default;
  virtual Response send(const Request& req) = 0;
};
}  // namespace ports

namespace adapters {
class BeastHttps final : public ports::ProcoreGateway {
 public:
  ports::Response send(const ports::Request& r) override {
    const auto scheme_end = r.url.find("://");
    const auto host_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    const auto path_pos = r.url.find('/', host_begin);
    const std::string host = r.url.substr(host_begin, path_pos - host_begin);
    const std::string target = path_pos == std::string::npos ? "/" : r.url.substr(path_pos);

    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) return {};
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{http::string_to_verb(r.method), target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "hx-drawing-ingest/2.3");
    for (const auto& h : r.headers) req.set(h.name, h.value);
    if (!r.body.empty()) { req.body() = r.body; req.prepare_payload(); }
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);  // truncated-stream errors on shutdown are expected
    return {res.result_int(), res.body()};
  }
};

class TokenDecorator final : public ports::ProcoreGateway {
 public:
  TokenDecorator(std::shared_ptr<ports::ProcoreGateway> inner, std::string token)
      : inner_(std::move(inner)), token_(std::move(token)) {}
  ports::Response send(const ports::Request& req) override {
    auto r = req;
    r.headers.push_back({"Authorization", "Bearer " + token_});
    return inner_->send(r);
  }
 private:
  std::shared_ptr<ports::ProcoreGateway> inner_;
  std::string token_;
};

class TenantDecorator final : public ports::ProcoreGateway {
 public:
  TenantDecorator(std::shared_ptr<ports::ProcoreGateway> inner, std::int64_t company_id)
      : inner_(std::move(inner)), company_(std::to_string(company_id)) {}
  ports::Response send(const ports::Request& req) override {
    auto r = req;
    r.headers.push_back({"Procore-Company-Id", company_});
    return inner_->send(r);
  }
 private:
  std::shared_ptr<ports::ProcoreGateway> inner_;
  std::string company_;
};

class LoggingDecorator final : public ports::ProcoreGateway {
 public:
  explicit LoggingDecorator(std::shared_ptr<ports::ProcoreGateway> inner) : inner_(std::move(inner)) {}
  ports::Response send(const ports::Request& req) override {
    auto res = inner_->send(req);
    std::clog << req.method << ' ' << req.url << " -> " << res.status << '\n';
    return res;
  }
 private:
  std::shared_ptr<ports::ProcoreGateway> inner_;
};
}  // namespace adapters

namespace app {
// Drawing areas are still read from the legacy endpoint (no v1.0 equivalent when this was written).
constexpr const char* kLegacyVapid = "https://app.procore.com/vapid";

struct Config {
  std::string api_base;
  std::string token;
  std::int64_t company_id = 0;
  bool verbose = false;
};

Config load_config() {
  Config c;
  const char* env = std::getenv("PROCORE_ENV");
  const std::string e = env ? env : "production";
  c.api_base = e == "sandbox" ? "https://sandbox.procore.com"
             : e == "monthly" ? "https://api-monthly.procore.com"
                              : "https://api.procore.com";
  c.token = std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "";
  c.company_id = std::getenv("PROCORE_COMPANY_ID") ? std::strtoll(std::getenv("PROCORE_COMPANY_ID"), nullptr, 10) : 0;
  c.verbose = std::getenv("HX_VERBOSE") != nullptr;
  return c;
}

std::shared_ptr<ports::ProcoreGateway> make_gateway(const Config& c, std::shared_ptr<ports::ProcoreGateway> raw) {
  std::shared_ptr<ports::ProcoreGateway> g = std::make_shared<adapters::TokenDecorator>(raw, c.token);
  g = std::make_shared<adapters::TenantDecorator>(g, c.company_id);
  if (c.verbose) g = std::make_shared<adapters::LoggingDecorator>(g);
  return g;
}

Json::Value parse(const std::string& body) {
  Json::Value root;
  Json::CharReaderBuilder b;
  std::string errs;
  std::istringstream in(body);
  Json::parseFromStream(b, in, &root, &errs);
  return root;
}

struct RevisionRepository {
  static domain::DrawingRevision map(const Json::Value& v) {
    domain::DrawingRevision rev;
    rev.id = v["id"].asInt64();
    rev.drawing_id = v["drawing_id"].asInt64();
    rev.drawing_area_id = v["drawing_area_id"].asInt();
    rev.number = v["number"].asString();
    rev.revision_number = v["revision_number"].asString();
    rev.pdf_url = v["pdf_url"].asString();
    return rev;
  }
};

class ListAreas {
 public:
  explicit ListAreas(ports::ProcoreGateway& gw) : gw_(gw) {}
  std::vector<domain::DrawingArea> run(std::int64_t project_id) {
    auto res = gw_.send({"GET", std::string(kLegacyVapid) + "/projects/" + std::to_string(project_id) + "/drawing_areas", {}, {}});
    std::vector<domain::DrawingArea> out;
    for (const auto& v : parse(res.body)) out.push_back({v["id"].asInt64(), v["name"].asString()});
    return out;
  }
 private:
  ports::ProcoreGateway& gw_;
};

class ListCurrentRevisions {
 public:
  ListCurrentRevisions(ports::ProcoreGateway& gw, std::string api) : gw_(gw), api_(std::move(api)) {}
  std::vector<domain::DrawingRevision> run(std::int64_t project_id, std::int64_t area_id) {
    ports::Request req;
    req.url = api_ + "/rest/v1.0/projects/" + std::to_string(project_id) +
              "/drawing_revisions?drawing_area_id=" + std::to_string(area_id) + "&current=true";
    std::vector<domain::DrawingRevision> out;
    for (const auto& v : parse(gw_.send(req).body)) out.push_back(RevisionRepository::map(v));
    return out;
  }
 private:
  ports::ProcoreGateway& gw_;
  std::string api_;
};

// Presigned PDF links reject extra auth headers, so this one is handed the bare adapter.
class DownloadRevisionPdf {
 public:
  DownloadRevisionPdf(ports::ProcoreGateway& raw, std::string api) : raw_(raw), api_(std::move(api)) {}
  bool run(std::int64_t project_id, std::int64_t revision_id, const std::string& dir) {
    ports::Request meta;
    meta.url = api_ + "/rest/v1.0/drawing_revisions/" + std::to_string(revision_id) +
               "?project_id=" + std::to_string(project_id);
    const auto rev = RevisionRepository::map(parse(raw_.send(meta).body));
    if (rev.pdf_url.empty()) return false;
    auto pdf = raw_.send({"GET", rev.pdf_url, {}, {}});
    if (pdf.status != 200) return false;
    std::ofstream(dir + "/" + rev.number + "_" + rev.revision_number + ".pdf", std::ios::binary) << pdf.body;
    std::printf("downloaded revision %ld (%zu bytes)\n", rev.id, pdf.body.size());
    return true;
  }
 private:
  ports::ProcoreGateway& raw_;
  std::string api_;
};
}  // namespace app

int main(int argc, char** argv) {
  if (argc < 3) { std::cerr << "usage: hx_drawing_ingest <project_id> <out_dir> [area_id]\n"; return 2; }
  const std::int64_t project_id = std::strtoll(argv[1], nullptr, 10);
  const std::string out_dir = argv[2];
  const int area_filter = argc > 3 ? std::atoi(argv[3]) : 0;
  const app::Config cfg = app::load_config();

  auto raw = std::make_shared<adapters::BeastHttps>();
  auto gateway = app::make_gateway(cfg, raw);
  app::ListAreas areas(*gateway);
  app::ListCurrentRevisions revisions(*gateway, cfg.api_base);
  app::DownloadRevisionPdf download(*raw, cfg.api_base);

  int fetched = 0;
  for (const auto& area : areas.run(project_id)) {
    if (area_filter != 0 && area.id != area_filter) continue;
    std::cout << "area " << area.name << ": https://app.procore.com/" << project_id
              << "/project/drawing_areas/" << area.id << "/drawing_log\n";
    for (const auto& rev : revisions.run(project_id, area.id))
      if (download.run(project_id, rev.id, out_dir)) ++fetched;
  }
  std::cout << fetched << " PDFs written to " << out_dir << "\n";
  return 0;
}
