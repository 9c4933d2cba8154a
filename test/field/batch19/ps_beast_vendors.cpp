// vendor_directory_sync.cpp
//
// Keeps the ERP vendor master (nightly CSV export) in step with the Procore
// company directory. Beast transport; auth, tenancy and retry behaviour are
// plugged in as policy template parameters.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
#include <openssl/err.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace vsync {

struct Production {
  static constexpr const char* login = "login.procore.com";
  static constexpr const char* api = "api.procore.com";
};
struct DevSandbox {
  static constexpr const char* login = "sandbox.procore.com";
  static constexpr const char* api = "sandbox.procore.com";
};
#ifdef VSYNC_SANDBOX
using Env = DevSandbox;
#else
using Env = Production;
#endif

// ------------------------------------------------------------ id storage traits
using CompanyId = long;
struct VendorTag {};
struct ErpVendorKey {};  // ERP keys look like "V-00412"

template <class Tag> struct stored_as { using type = std::int64_t; };
template <> struct stored_as<ErpVendorKey> { using type = std::string; };

template <class Tag>
typename stored_as<Tag>::type parse_id(const std::string& raw) {
  using U = typename stored_as<Tag>::type;
  if constexpr (std::is_integral_v<U>) return static_cast<U>(std::stoll(raw));
  else return raw;
}

struct Credentials {
  std::string access_token;
  std::string refresh_token;
  CompanyId company_id = 0;
};

// ------------------------------------------------------------ policies
struct BearerPolicy {
  template <class Req> static void apply(Req& r, const Credentials& c) {
    r.set(http::field::authorization, "Bearer " + c.access_token);
  }
};
struct NoTenancy {
  static std::string decorate(std::string t, const Credentials&) { return t; }
  template <class Req> static void apply(Req&, const Credentials&) {}
};
struct CompanyHeaderTenancy {
  static std::string decorate(std::string t, const Credentials&) { return t; }
  template <class Req> static void apply(Req& r, const Credentials& c) {
    r.set("Procore-Company-Id", std::to_string(c.company_id));
  }
};
// the vendors endpoints take company_id as a query parameter, so put it there
struct QueryTenancy {
  static std::string decorate(std::string t, const Credentials& c) {
    t += (t.find('?') == std::string::npos ? "?" : "&");
    return t + "company_id=" + std::to_string(c.company_id);
  }
  template <class Req> static void apply(Req&, const Credentials&) {}
};
struct NoRetry { static constexpr int attempts = 1; };
struct RetryOn429 { static constexpr int attempts = 3; };

using Stream = beast::ssl_stream<beast::tcp_stream>;

std::unique_ptr<Stream> open_stream(net::io_context& ioc, ssl::context& tls, const char* host) {
  auto stream = std::make_unique<Stream>(ioc, tls);
  if (!SSL_set_tlsext_host_name(stream->native_handle(), host))
    throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                net::error::get_ssl_category()));
  tcp::resolver resolver(ioc);
  beast::get_lowest_layer(*stream).connect(resolver.resolve(host, "443"));
  stream->handshake(ssl::stream_base::client);
  return stream;
}

template <class E, class Auth, class Tenancy, class Retry = NoRetry>
class ProcoreClient {
 public:
  ProcoreClient(net::io_context& ioc, ssl::context& tls, const Credentials& c)
      : ioc_(ioc), tls_(tls), creds_(c) {}

  http::response<http::string_body> call(http::verb verb, std::string target,
                                         const std::string& body = {}) {
    target = Tenancy::decorate(std::move(target), creds_);
    http::response<http::string_body> res;
    for (int attempt = 0; attempt < Retry::attempts; ++attempt) {
      auto stream = open_stream(ioc_, tls_, E::api);
      http::request<http::string_body> req{verb, target, 11};
      req.set(http::field::host, E::api);
      req.set(http::field::user_agent, "vendor-sync/2.3");
      Auth::apply(req, creds_);
      Tenancy::apply(req, creds_);
      if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
      }
      http::write(*stream, req);
      beast::flat_buffer buffer;
      res = {};
      http::read(*stream, buffer, res);
      beast::error_code ec;
      stream->shutdown(ec);
      if (res.result_int() != 429) break;
    }
    return res;
  }

 private:
  net::io_context& ioc_;
  ssl::context& tls_;
  const Credentials& creds_;
};

using IdentityClient = ProcoreClient<Env, BearerPolicy, NoTenancy>;
using VendorReader = ProcoreClient<Env, BearerPolicy, QueryTenancy, RetryOn429>;
using VendorWriter = ProcoreClient<Env, BearerPolicy, CompanyHeaderTenancy, RetryOn429>;

template <class E>
bool refresh_token(net::io_context& ioc, ssl::context& tls, Credentials& c,
                   const std::string& client_id, const std::string& secret) {
  auto stream = open_stream(ioc, tls, E::login);
  http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::host, E::login);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "grant_type=refresh_token&refresh_token=" + c.refresh_token +
               "&client_id=" + client_id + "&client_secret=" + secret;
  req.prepare_payload();
  http::write(*stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(*stream, buffer, res);
  if (res.result() != http::status::ok) return false;
  const json tok = json::parse(res.body());
  c.access_token = tok.at("access_token").get<std::string>();
  c.refresh_token = tok.value("refresh_token", c.refresh_token);
  return true;
}

struct ErpVendor {
  stored_as<ErpVendorKey>::type key;
  std::string name;
  std::string tax_id;
  stored_as<VendorTag>::type procore_id = 0;
};

std::map<std::string, ErpVendor> load_erp_export(const std::string& path) {
  std::map<std::string, ErpVendor> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string key, name, tax, procore;
    std::getline(ss, key, ';');
    std::getline(ss, name, ';');
    std::getline(ss, tax, ';');
    std::getline(ss, procore, ';');
    ErpVendor v{parse_id<ErpVendorKey>(key), name, tax, 0};
    if (!procore.empty()) v.procore_id = parse_id<VendorTag>(procore);
    out.emplace(v.key, v);
  }
  return out;
}

}  // namespace vsync

int main(int argc, char** argv) {
  using namespace vsync;
  if (argc < 3) {
    std::cerr << "usage: vendor_directory_sync <company_id> <erp_export.csv>\n";
    return 2;
  }
  Credentials creds;
  creds.company_id = std::stoll(argv[1]);
  creds.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
  const std::string client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  const std::string secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";

  net::io_context ioc;
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);

  try {
    if (!refresh_token<Env>(ioc, tls, creds, client_id, secret)) return 1;

    auto me = IdentityClient(ioc, tls, creds).call(http::verb::get, "/rest/v1.0/me");
    std::cout << "running as " << json::parse(me.body()).value("login", "?") << "\n";

    auto erp = load_erp_export(argv[2]);
    auto listing = VendorReader(ioc, tls, creds).call(http::verb::get, "/rest/v1.0/vendors?per_page=500");
    std::map<std::int64_t, json> procore_vendors;
    for (const auto& v : json::parse(listing.body()))
      procore_vendors[v.at("id").get<std::int64_t>()] = v;

    VendorWriter writer(ioc, tls, creds);
    int created = 0, updated = 0;
    for (auto& [key, v] : erp) {
      json payload = {{"vendor", {{"name", v.name}, {"tax_id", v.tax_id}, {"origin_id", key}}}};
      if (v.procore_id != 0 && procore_vendors.count(v.procore_id)) {
        const std::string target = "/rest/v1.0/vendors/" + std::to_string(v.procore_id) +
                                   "?company_id=" + std::to_string(creds.company_id);
        if (writer.call(http::verb::patch, target, payload.dump()).result_int() == 200) ++updated;
      } else {
        const std::string target = "/rest/v1.0/vendors?company_id=" + std::to_string(creds.company_id);
        if (writer.call(http::verb::post, target, payload.dump()).result_int() == 201) ++created;
      }
    }
    std::cout << created << " created, " << updated << " updated\n";
  } catch (const std::exception& e) {
    std::cerr << "sync failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
