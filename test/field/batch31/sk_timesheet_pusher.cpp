// timesheet_pusher.cpp -- pushes time-clock exports into Procore timecards.
//
// Target: the monthly sandbox while payroll signs off the mapping.
//   timesheet_pusher <company_id> <project_id> <hours.csv> [auth_code]
// With an auth code it performs the authorization-code exchange and stores
// the tokens in ~/.timesheet_pusher.json; later runs reuse them.

#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

namespace cfg {
const std::string login_host = "login-sandbox-monthly.procore.com";
const std::string api_host = "api-monthly.procore.com";
const std::string redirect_uri = "urn:ietf:wg:oauth:2.0:oob";
}  // namespace cfg

struct HoursRow {
  std::string email;
  std::string date;
  double hours = 0.0;
  std::string cost_code;
};

struct TimecardEntry {
  int64_t party_id;
  int32_t cost_code_id;
  std::string date;
  double hours;
};

Response call(net::io_context& ioc, ssl::context& tls, const std::string& host, Request& req,
              net::yield_context yield) {
  beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  tcp::resolver resolver(ioc);
  auto eps = resolver.async_resolve(host, "443", yield);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(25));
  beast::get_lowest_layer(stream).async_connect(eps, yield);
  stream.async_handshake(ssl::stream_base::client, yield);
  req.set(http::field::host, host);
  req.prepare_payload();
  http::async_write(stream, req, yield);
  beast::flat_buffer buf;
  Response res;
  http::async_read(stream, buf, res, yield);
  return res;
}

json exchange_code(net::io_context& ioc, ssl::context& tls, const std::string& code,
                   net::yield_context yield) {
  Request req{http::verb::post, "/oauth/token", 11};
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "grant_type=authorization_code&code=" + code +
               "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
               "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET") +
               "&redirect_uri=" + cfg::redirect_uri;
  Response res = call(ioc, tls, cfg::login_host, req, yield);
  if (res.result() != http::status::ok) throw std::runtime_error("code exchange: " + res.body());
  return json::parse(res.body());
}

bool token_still_valid(net::io_context& ioc, ssl::context& tls, const std::string& token,
                       net::yield_context yield) {
  Request req{http::verb::get, "/oauth/token/info", 11};
  req.set(http::field::authorization, "Bearer " + token);
  Response res = call(ioc, tls, "api-monthly.procore.com", req, yield);
  if (res.result() != http::status::ok) return false;
  return json::parse(res.body()).value("expires_in_seconds", 0) > 120;
}

Request rest_request(http::verb verb, const std::string& target, const std::string& token,
                     int64_t company_id) {
  Request req{verb, target, 11};
  req.set(http::field::authorization, "Bearer " + token);
  req.set("procore-company-id", std::to_string(company_id));
  req.set(http::field::accept, "application/json");
  return req;
}

std::map<std::string, int64_t> users_by_email(net::io_context& ioc, ssl::context& tls,
                                              const std::string& token, int64_t company_id,
                                              int64_t project_id, net::yield_context yield) {
  std::map<std::string, int64_t> out;
  Request req = rest_request(http::verb::get,
                             "/rest/v1.0/projects/" + std::to_string(project_id) + "/users",
                             token, company_id);
  Response res = call(ioc, tls, cfg::api_host, req, yield);
  for (const auto& u : json::parse(res.body()))
    if (u.contains("email_address") && u["email_address"].is_string())
      out[u["email_address"].get<std::string>()] = u.at("id").get<int64_t>();
  return out;
}

std::map<std::string, int64_t> cost_codes(net::io_context& ioc, ssl::context& tls,
                                          const std::string& token, int64_t project_id,
                                          net::yield_context yield) {
  std::map<std::string, int64_t> out;
  Request req{http::verb::get, "/rest/v1.0/cost_codes?project_id=" + std::to_string(project_id), 11};
  req.set(http::field::authorization, "Bearer " + token);
  Response res = call(ioc, tls, cfg::api_host, req, yield);
  for (const auto& c : json::parse(res.body()))
    out[c.at("full_code").get<std::string>()] = c.at("id").get<int64_t>();
  return out;
}

std::vector<HoursRow> read_csv(const std::string& path) {
  std::vector<HoursRow> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    HoursRow r;
    std::string hours;
    std::getline(ls, r.email, ',');
    std::getline(ls, r.date, ',');
    std::getline(ls, hours, ',');
    std::getline(ls, r.cost_code, ',');
    r.hours = std::stod(hours);
    rows.push_back(r);
  }
  return rows;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: timesheet_pusher <company_id> <project_id> <hours.csv> [auth_code]\n";
    return 2;
  }
  const int64_t company_id = std::atoi(argv[1]);
  const int64_t project_id = std::strtoll(argv[2], nullptr, 10);
  const auto rows = read_csv(argv[3]);
  const std::string token_file = std::string(std::getenv("HOME")) + "/.timesheet_pusher.json";

  net::io_context ioc;
  ssl::context tls{ssl::context::tlsv12_client};
  tls.set_default_verify_paths();

  net::spawn(ioc, [&](net::yield_context yield) {
    json tokens;
    if (argc > 4) {
      tokens = exchange_code(ioc, tls, argv[4], yield);
      std::ofstream(token_file) << tokens.dump(2);
    } else {
      std::ifstream(token_file) >> tokens;
    }
    const std::string token = tokens.at("access_token").get<std::string>();
    if (!token_still_valid(ioc, tls, token, yield)) {
      std::cerr << "token expired; rerun with a fresh auth code\n";
      return;
    }

    auto users = users_by_email(ioc, tls, token, company_id, project_id, yield);
    auto codes = cost_codes(ioc, tls, token, project_id, yield);
    int pushed = 0, skipped = 0;
    net::steady_timer pace(ioc);
    for (const auto& r : rows) {
      auto u = users.find(r.email);
      auto c = codes.find(r.cost_code);
      if (u == users.end() || c == codes.end()) { ++skipped; continue; }
      TimecardEntry e;
      e.party_id = u->second;
      e.cost_code_id = c->second;
      e.date = r.date;
      e.hours = r.hours;

      char path[128];
      std::snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/timecard_entries",
                    static_cast<long long>(project_id));
      Request req = rest_request(http::verb::post, path, token, company_id);
      req.set(http::field::content_type, "application/json");
      req.body() = json{{"timecard_entry", {{"party_id", e.party_id},
                                            {"cost_code_id", e.cost_code_id},
                                            {"date", e.date},
                                            {"hours", e.hours}}}}.dump();
      Response res = call(ioc, tls, cfg::api_host, req, yield);
      if (res.result_int() == 201) ++pushed; else ++skipped;
      pace.expires_after(std::chrono::milliseconds(250));  // stay under the rate limit
      pace.async_wait(yield);
    }
    std::printf("pushed %d entries, skipped %d\n", pushed, skipped);
  });

  ioc.run();
  return 0;
}
