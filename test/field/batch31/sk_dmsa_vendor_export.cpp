// dmsa_vendor_export.cpp -- nightly vendor directory export for the ERP bridge.
//
// Authenticates as a Developer Managed Service Account (client credentials),
// walks the company vendor directory including insurance records, and pushes
// one JSON document to the internal export collector. Meant to be run from
// cron; exits non-zero on any failure so the job shows up red.

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
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

static const std::string kLoginHost = "login.procore.com";
static const std::string kApiHost = "api.procore.com";
static const std::string kCollectorHost = "erp-export.internal.corp";
static const int kCollectorPort = 8080;

struct Session {
  net::io_context& ioc;
  ssl::context& tls;
  std::string access_token;
  int64_t company_id = 0;
  int requests_sent = 0;
};

struct VendorRow {
  int64_t id = 0;
  std::string name;
  std::string origin_id;
  json insurances = json::array();
};

// One-shot TLS round trip; the DMSA export is small enough that pooling
// connections is not worth it.
static http::response<http::string_body> tls_round_trip(Session& s, const std::string& host,
                                                        http::request<http::string_body> req,
                                                        net::yield_context yield) {
  beast::ssl_stream<beast::tcp_stream> stream(s.ioc, s.tls);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  tcp::resolver resolver(s.ioc);
  auto results = resolver.async_resolve(host, "https", yield);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(15));
  beast::get_lowest_layer(stream).async_connect(results, yield);
  stream.async_handshake(ssl::stream_base::client, yield);

  req.set(http::field::host, host);
  req.set(http::field::user_agent, "vendor-export/1.4 (dmsa)");
  req.prepare_payload();
  http::async_write(stream, req, yield);
  ++s.requests_sent;

  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::async_read(stream, buf, res, yield);

  beast::error_code ec;
  stream.async_shutdown(yield[ec]);  // servers often drop without close_notify
  return res;
}

static void fetch_token(Session& s, const std::string& client_id, const std::string& secret,
                        net::yield_context yield) {
  http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::content_type, "application/json");
  req.body() = json{{"grant_type", "client_credentials"},
                    {"client_id", client_id},
                    {"client_secret", secret}}.dump();
  auto res = tls_round_trip(s, kLoginHost, std::move(req), yield);
  if (res.result() != http::status::ok)
    throw std::runtime_error("client_credentials grant rejected: " + res.body());
  s.access_token = json::parse(res.body()).at("access_token").get<std::string>();
}

static http::request<http::string_body> api_get(const Session& s, const std::string& target) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::authorization, "Bearer " + s.access_token);
  req.set(http::field::accept, "application/json");
  return req;
}

static bool company_visible(Session& s, net::yield_context yield) {
  auto req = api_get(s, "/rest/v1.0/companies");
  auto res = tls_round_trip(s, kApiHost, std::move(req), yield);
  if (res.result() != http::status::ok) return false;
  for (const auto& c : json::parse(res.body()))
    if (c.at("id").get<int64_t>() == s.company_id) return true;
  return false;
}

static std::string service_account_login(Session& s, net::yield_context yield) {
  auto req = api_get(s, "/rest/v1.0/me");
  req.set("Procore-Company-Id", std::to_string(s.company_id));
  auto res = tls_round_trip(s, kApiHost, std::move(req), yield);
  return json::parse(res.body()).value("login", std::string("<unknown>"));
}

static json list_vendors(Session& s, int page, net::yield_context yield) {
  std::string target = "/rest/v1.0/vendors?company_id=" + std::to_string(s.company_id) +
                       "&page=" + std::to_string(page) + "&per_page=200";
  auto req = api_get(s, target);
  req.set("Procore-Company-Id", std::to_string(s.company_id));
  auto res = tls_round_trip(s, kApiHost, std::move(req), yield);
  if (res.result() != http::status::ok)
    throw std::runtime_error("vendors page " + std::to_string(page) + " failed");
  return json::parse(res.body());
}

static json vendor_insurances(Session& s, long vendor_id, net::yield_context yield) {
  std::string target = "/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                       "/insurances?company_id=" + std::to_string(s.company_id);
  auto req = api_get(s, target);
  req.set("Procore-CompanyId", std::to_string(s.company_id));
  auto res = tls_round_trip(s, kApiHost, std::move(req), yield);
  if (res.result() != http::status::ok) return json::array();
  return json::parse(res.body());
}

static void push_to_collector(Session& s, const json& doc, net::yield_context yield) {
  beast::tcp_stream stream(s.ioc);
  tcp::resolver resolver(s.ioc);
  auto results = resolver.async_resolve(kCollectorHost, std::to_string(kCollectorPort), yield);
  stream.expires_after(std::chrono::seconds(30));
  stream.async_connect(results, yield);

  http::request<http::string_body> req{http::verb::put, "/v2/feeds/procore-vendors", 11};
  req.set(http::field::host, kCollectorHost + ":" + std::to_string(kCollectorPort));
  req.set(http::field::content_type, "application/json");
  req.body() = doc.dump();
  req.prepare_payload();
  http::async_write(stream, req, yield);

  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::async_read(stream, buf, res, yield);
  if (res.result_int() / 100 != 2)
    throw std::runtime_error("collector said " + std::to_string(res.result_int()));
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: dmsa_vendor_export <company_id>\n";
    return 2;
  }
  const char* cid = std::getenv("DMSA_CLIENT_ID");
  const char* secret = std::getenv("DMSA_CLIENT_SECRET");
  if (!cid || !secret) {
    std::cerr << "DMSA_CLIENT_ID / DMSA_CLIENT_SECRET not set\n";
    return 2;
  }

  net::io_context ioc;
  ssl::context tls{ssl::context::tlsv12_client};
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);

  Session s{ioc, tls};
  s.company_id = std::stoll(argv[1]);
  int exit_code = 0;

  net::spawn(ioc, [&](net::yield_context yield) {
    try {
      fetch_token(s, cid, secret, yield);
      if (!company_visible(s, yield)) {
        std::cerr << "service account is not installed in company " << s.company_id << "\n";
        exit_code = 3;
        return;
      }
      std::cerr << "exporting as " << service_account_login(s, yield) << "\n";

      std::vector<VendorRow> rows;
      for (int page = 1; page < 500; ++page) {
        json batch = list_vendors(s, page, yield);
        if (batch.empty()) break;
        for (const auto& v : batch) {
          VendorRow row;
          row.id = v.at("id").get<int64_t>();
          row.name = v.value("name", "");
          row.origin_id = v.value("origin_id", "");
          row.insurances = vendor_insurances(s, row.id, yield);
          rows.push_back(std::move(row));
        }
      }

      json doc = json::array();
      for (const auto& r : rows)
        doc.push_back({{"procore_id", r.id}, {"name", r.name},
                       {"erp_id", r.origin_id}, {"insurances", r.insurances}});
      push_to_collector(s, doc, yield);
      std::cerr << rows.size() << " vendors exported, " << s.requests_sent << " requests\n";
    } catch (const std::exception& e) {
      std::cerr << "export failed: " << e.what() << "\n";
      exit_code = 1;
    }
  });

  ioc.run();
  return exit_code;
}
