// vendor_sync: pulls the Procore vendor directory and project cost codes into
// the estimating system's staging CSVs, and writes our ERP vendor numbers back
// to Procore as origin_id.
//
// Every endpoint is a trait struct; call<E>() reads its constexpr members to
// pick host, verb and headers at compile time.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace ep {

inline constexpr const char* kApiHost = "api.procore.com";
inline constexpr const char* kLoginHost = "login.procore.com";

struct TokenInfo {
  static constexpr const char* path = "/oauth/token/info";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = true;
  static constexpr bool company_scoped = false;
};
struct Me {
  static constexpr const char* path = "/rest/v1.0/me";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = false;
  using id_type = std::int64_t;
};
struct Companies {
  static constexpr const char* path = "/rest/v1.0/companies";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = false;
  using id_type = std::int64_t;
};
struct Projects {
  static constexpr const char* path = "/rest/v1.0/projects";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = true;
  using id_type = std::int64_t;
};
struct Vendors {
  static constexpr const char* path = "/rest/v1.0/vendors";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = true;
  using id_type = std::int64_t;
};
struct VendorUpdate {
  static constexpr const char* path = "/rest/v1.0/vendors/";
  static constexpr http::verb verb = http::verb::patch;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = false;  // company_id is already in the query string
  using id_type = Vendors::id_type;
};
struct CostCodes {
  static constexpr const char* path = "/rest/v1.0/cost_codes";
  static constexpr http::verb verb = http::verb::get;
  static constexpr bool oauth = false;
  static constexpr bool company_scoped = true;
  using id_type = std::int64_t;
};

}  // namespace ep

struct Session {
  net::io_context ioc;
  ssl::context tls{ssl::context::tlsv12_client};
  std::string token;
  std::int64_t company_id = 0;
};

template <class E>
json call(Session& s, const std::string& suffix = {}, const std::string& body = {}) {
  const char* host = nullptr;
  if constexpr (E::oauth)
    host = ep::kLoginHost;
  else
    host = ep::kApiHost;

  tcp::resolver resolver{s.ioc};
  beast::ssl_stream<beast::tcp_stream> stream{s.ioc, s.tls};
  SSL_set_tlsext_host_name(stream.native_handle(), host);
  beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
  stream.handshake(ssl::stream_base::client);

  http::request<http::string_body> req{E::verb, std::string(E::path) + suffix, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "vendor-sync/2.3 " BOOST_BEAST_VERSION_STRING);
  req.set(http::field::authorization, "Bearer " + s.token);
  req.set(http::field::accept, "application/json");
  if constexpr (E::company_scoped)
    req.set("Procore-Company-Id", std::to_string(s.company_id));
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  http::write(stream, req);

  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res);
  beast::error_code ec;
  stream.shutdown(ec);  // Procore closes without close_notify; ignore

  if (res.result_int() >= 300) {
    std::cerr << E::path << suffix << " -> " << res.result_int() << '\n';
    return json();
  }
  return json::parse(res.body(), nullptr, false);
}

int main(int argc, char** argv) {
  Session s;
  const char* tok = std::getenv("PROCORE_TOKEN");
  if (!tok) {
    std::cerr << "PROCORE_TOKEN not set\n";
    return 2;
  }
  s.token = tok;
  s.tls.set_default_verify_paths();
  s.tls.set_verify_mode(ssl::verify_peer);

  auto info = call<ep::TokenInfo>(s);
  std::cerr << "token expires in " << info.value("expires_in_seconds", 0) << "s\n";
  auto me = call<ep::Me>(s);
  std::cerr << "user " << me.value("login", "?") << " ("
            << me.value<ep::Me::id_type>("id", 0) << ")\n";

  // Pick the company by name from argv, else the first one the user can see.
  const std::string wanted = argc > 1 ? argv[1] : "";
  for (const auto& c : call<ep::Companies>(s)) {
    if (wanted.empty() || c.value("name", "") == wanted) {
      s.company_id = c["id"].get<ep::Companies::id_type>();
      break;
    }
  }
  if (s.company_id == 0) return 1;
  const std::string cq = "?company_id=" + std::to_string(s.company_id);

  // ERP vendor numbers, keyed by Procore vendor id (maintained by finance).
  std::map<int, std::string> erp_numbers;
  if (std::ifstream in{"erp_vendor_map.json"}) {
    const json m = json::parse(in, nullptr, false);
    for (auto& [k, v] : m.items()) erp_numbers[std::stoi(k)] = v.get<std::string>();
  }

  std::ofstream vendors_csv{"stg_vendors.csv"};
  vendors_csv << "procore_id,name,erp_number,app_link\n";
  int updated = 0;
  for (const auto& v : call<ep::Vendors>(s, cq + "&per_page=1000")) {
    const auto id = v["id"].get<ep::Vendors::id_type>();
    auto erp = erp_numbers.find(id);
    const std::string erp_no = erp == erp_numbers.end() ? "" : erp->second;
    vendors_csv << id << ',' << '"' << v.value("name", "") << '"' << ',' << erp_no << ','
                << "https://app.procore.com/" << s.company_id << "/company/directory/vendors/"
                << id << '\n';
    if (!erp_no.empty() && v.value("origin_id", json()).is_null()) {
      json patch = {{"vendor", {{"origin_id", erp_no}}}};
      call<ep::VendorUpdate>(s, std::to_string(id) + cq, patch.dump());
      ++updated;
    }
  }

  std::ofstream codes_csv{"stg_cost_codes.csv"};
  codes_csv << "project_id,cost_code_id,full_code,name\n";
  int project_count = 0;
  for (const auto& p : call<ep::Projects>(s, cq)) {
    const auto pid = p["id"].get<ep::Projects::id_type>();
    ++project_count;
    for (const auto& cc : call<ep::CostCodes>(s, "?project_id=" + std::to_string(pid))) {
      codes_csv << pid << ',' << cc["id"].get<ep::CostCodes::id_type>() << ','
                << cc.value("full_code", "") << ',' << '"' << cc.value("name", "") << '"' << '\n';
    }
  }

  std::cerr << updated << " vendors updated, " << project_count << " projects exported\n";
  return 0;
}
