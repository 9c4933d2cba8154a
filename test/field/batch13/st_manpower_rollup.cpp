// st_manpower_rollup.cpp
//
// Nightly manpower roll-up: a Developer Managed Service Account (client
// credentials) reads yesterday's manpower logs on every active project and
// posts one summary note into the HQ project's notes log.
//
//   usage: manpower_rollup <company_id> <hq_project_id> <yyyy-mm-dd>
//
// Synchronous Beast; the request for each phase is prepared on ctx.req in one
// phase and transmitted from the next, so a retry only re-runs the transmit.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

const std::string kLoginHost = "login.procore.com";
const std::string kApiHost = "api.procore.com";

enum class Phase { Token, Companies, Projects, Logs, Compose, Publish, Done, Abort };

struct Ctx {
  net::io_context ioc;
  ssl::context tls{ssl::context::tls_client};
  std::string client_id, client_secret, token;
  int64_t company_id = 0;
  int64_t hq_project_id = 0;
  std::string log_date;
  std::vector<std::pair<std::string, std::string>> header_list;  // added to every REST call
  std::vector<int64_t> project_ids;
  size_t cursor = 0;
  std::map<int64_t, int> workers_by_vendor;  // vendor id -> head count
  std::map<int64_t, std::string> vendor_names;
  int retries = 0;
  http::request<http::string_body> req;
  http::response<http::string_body> res;
};

// Connects, writes ctx.req, reads into ctx.res. Returns the HTTP status or 0.
unsigned transmit(Ctx& ctx, const std::string& host) {
  try {
    tcp::resolver resolver(ctx.ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ctx.ioc, ctx.tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);
    ctx.req.set(http::field::host, host);
    ctx.req.set(http::field::user_agent, "manpower-rollup/2.3");
    ctx.req.prepare_payload();
    http::write(stream, ctx.req);
    beast::flat_buffer buf;
    ctx.res = {};
    http::read(stream, buf, ctx.res);
    beast::error_code ec;
    stream.shutdown(ec);
    return ctx.res.result_int();
  } catch (const std::exception& e) {
    std::cerr << host << ": " << e.what() << "\n";
    return 0;
  }
}

void prepare(Ctx& ctx, http::verb verb, const std::string& target) {
  ctx.req = {};
  ctx.req.method(verb);
  ctx.req.target(target);
  ctx.req.version(11);
  for (const auto& [name, value] : ctx.header_list) ctx.req.set(name, value);
}

Phase retry_or_abort(Ctx& ctx, unsigned status, Phase again) {
  if (status == 401) return Phase::Token;
  if ((status == 0 || status == 429 || status >= 500) && ++ctx.retries <= 5) return again;
  std::cerr << "giving up, last status " << status << "\n";
  return Phase::Abort;
}

Phase run_phase(Phase phase, Ctx& ctx) {
  switch (phase) {
    case Phase::Token: {
      ctx.header_list.clear();
      prepare(ctx, http::verb::post, "/oauth/token");
      ctx.req.set(http::field::content_type, "application/x-www-form-urlencoded");
      ctx.req.body() = "grant_type=client_credentials&client_id=" + ctx.client_id +
                       "&client_secret=" + ctx.client_secret;
      unsigned st = transmit(ctx, kLoginHost);
      if (st != 200) return retry_or_abort(ctx, st == 401 ? 403 : st, Phase::Token);
      ctx.token = json::parse(ctx.res.body()).at("access_token").get<std::string>();
      ctx.header_list.emplace_back("Authorization", "Bearer " + ctx.token);
      return Phase::Companies;
    }
    case Phase::Companies: {
      prepare(ctx, http::verb::get, "/rest/v1.0/companies");
      unsigned st = transmit(ctx, kApiHost);
      if (st != 200) return retry_or_abort(ctx, st, Phase::Companies);
      bool found = false;
      for (const auto& c : json::parse(ctx.res.body()))
        found = found || c.at("id").get<int64_t>() == ctx.company_id;
      if (!found) return Phase::Abort;
      ctx.header_list.emplace_back("Procore-Company-Id", std::to_string(ctx.company_id));
      return Phase::Projects;
    }
    case Phase::Projects: {
      prepare(ctx, http::verb::get,
              "/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id) +
                  "&filters[active]=true&per_page=300");
      unsigned st = transmit(ctx, kApiHost);
      if (st != 200) return retry_or_abort(ctx, st, Phase::Projects);
      ctx.project_ids.clear();
      ctx.workers_by_vendor.clear();
      for (const auto& p : json::parse(ctx.res.body()))
        ctx.project_ids.push_back(p.at("id").get<int64_t>());
      ctx.cursor = 0;
      return ctx.project_ids.empty() ? Phase::Done : Phase::Logs;
    }
    case Phase::Logs: {
      const int64_t pid = ctx.project_ids[ctx.cursor];
      prepare(ctx, http::verb::get,
              "/rest/v1.0/projects/" + std::to_string(pid) + "/manpower_logs?log_date=" +
                  ctx.log_date);
      unsigned st = transmit(ctx, kApiHost);
      if (st != 200) return retry_or_abort(ctx, st, Phase::Logs);
      for (const auto& entry : json::parse(ctx.res.body())) {
        if (!entry.contains("vendor") || entry["vendor"].is_null()) continue;
        int vendor_id = entry["vendor"].at("id").get<int>();
        ctx.workers_by_vendor[vendor_id] += entry.value("num_workers", 0);
        ctx.vendor_names[vendor_id] = entry["vendor"].value("name", "unknown");
      }
      ctx.retries = 0;
      return ++ctx.cursor < ctx.project_ids.size() ? Phase::Logs : Phase::Compose;
    }
    case Phase::Compose: {
      std::ostringstream text;
      int total = 0;
      text << "Manpower " << ctx.log_date << " across " << ctx.project_ids.size()
           << " projects:\n";
      for (const auto& [vendor, workers] : ctx.workers_by_vendor) {
        text << "  " << ctx.vendor_names[vendor] << ": " << workers << "\n";
        total += workers;
      }
      text << "Total: " << total << "\n";
      prepare(ctx, http::verb::post,
              "/rest/v1.0/projects/" + std::to_string(ctx.hq_project_id) + "/notes_logs");
      ctx.req.set(http::field::content_type, "application/json");
      ctx.req.body() =
          json{{"notes_log", {{"comment", text.str()}, {"date", ctx.log_date}}}}.dump();
      return Phase::Publish;
    }
    case Phase::Publish: {
      unsigned st = transmit(ctx, kApiHost);
      if (st == 401) return Phase::Token;  // start over with a fresh token
      if (st != 201 && st != 200) return retry_or_abort(ctx, st, Phase::Publish);
      std::cout << "posted: https://app.procore.com/" << ctx.hq_project_id
                << "/project/daily_log/list?date=" << ctx.log_date << "\n";
      return Phase::Done;
    }
    case Phase::Done:
    case Phase::Abort:
      break;
  }
  return phase;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: manpower_rollup <company_id> <hq_project_id> <yyyy-mm-dd>\n";
    return 64;
  }
  Ctx ctx;
  ctx.tls.set_default_verify_paths();
  ctx.tls.set_verify_mode(ssl::verify_peer);
  ctx.client_id = std::getenv("ROLLUP_CLIENT_ID") ? std::getenv("ROLLUP_CLIENT_ID") : "";
  ctx.client_secret = std::getenv("ROLLUP_CLIENT_SECRET") ? std::getenv("ROLLUP_CLIENT_SECRET") : "";
  ctx.company_id = std::stoi(argv[1]);
  ctx.hq_project_id = std::stoll(argv[2]);
  ctx.log_date = argv[3];

  Phase phase = Phase::Token;
  while (phase != Phase::Done && phase != Phase::Abort) phase = run_phase(phase, ctx);
  return phase == Phase::Done ? 0 : 1;
}
