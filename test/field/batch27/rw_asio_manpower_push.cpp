// Manpower push -- the "Send to Procore" button of the site-timesheet desktop
// app. Takes the crew rows the superintendent entered for a day and creates or
// updates the matching manpower log entries in the project's daily log.
//
// Network code is Boost.Asio over TLS with hand-written HTTP/1.1 (keeps the
// installer small: no HTTP library to ship).

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

struct Environment {
  const char* name;
  const char* login_host;
  const char* api_host;
};

static const Environment kEnvironments[] = {
    {"production", "app.procore.com", "api.procore.com"},
    {"sandbox", "login-sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

struct CrewRow {
  int vendor_id;
  int workers;
  double hours;
  std::string notes;
};

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

static int company_header(char* out, size_t cap, long long company_id) {
  return std::snprintf(out, cap, "Procore-Company-Id: %lld\r\n", company_id);
}

class ManpowerPublisher {
 public:
  ManpowerPublisher(const Environment& env, long long company_id)
      : env_(env), company_id_(company_id), tls_(ssl::context::tls_client) {
    tls_.set_default_verify_paths();
    tls_.set_verify_mode(ssl::verify_peer);
  }

  bool refresh(const std::string& client_id, const std::string& refresh_token) {
    char body[1024];
    int blen = std::snprintf(body, sizeof body,
                             "grant_type=refresh_token&client_id=%s&refresh_token=%s",
                             client_id.c_str(), refresh_token.c_str());
    char req[2048];
    std::snprintf(req, sizeof req,
                  "POST /oauth/token HTTP/1.1\r\nHost: %s\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                  env_.login_host, blen, body);
    HttpReply r = send(env_.login_host, req);
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (r.status != 200 || !d.IsObject() || !d.HasMember("access_token")) return false;
    token_ = d["access_token"].GetString();
    return true;
  }

  // Company picker in the settings dialog.
  std::map<long long, std::string> companies() {
    char req[2048];
    std::snprintf(req, sizeof req,
                  "GET /rest/v1.0/companies HTTP/1.1\r\nHost: %s\r\n"
                  "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
                  env_.api_host, token_.c_str());
    std::map<long long, std::string> out;
    rapidjson::Document d;
    HttpReply r = send(env_.api_host, req);
    d.Parse(r.body.c_str());
    if (r.status == 200 && d.IsArray())
      for (const auto& c : d.GetArray()) out[c["id"].GetInt64()] = c["name"].GetString();
    return out;
  }

  // Existing entries for the date, keyed by vendor id.
  std::map<int64_t, int64_t> existing_logs(int64_t project_id, const char* date) {
    char req[2048];
    int n = std::snprintf(req, sizeof req,
                          "GET /rest/v1.0/projects/%lld/manpower_logs?log_date=%s HTTP/1.1\r\n"
                          "Host: %s\r\nAuthorization: Bearer %s\r\n",
                          static_cast<long long>(project_id), date, env_.api_host, token_.c_str());
    n += company_header(req + n, sizeof req - n, company_id_);
    std::snprintf(req + n, sizeof req - n, "Connection: close\r\n\r\n");
    std::map<int64_t, int64_t> out;
    rapidjson::Document d;
    HttpReply r = send(env_.api_host, req);
    d.Parse(r.body.c_str());
    if (r.status != 200 || !d.IsArray()) return out;
    for (const auto& e : d.GetArray())
      if (e.HasMember("vendor") && e["vendor"].IsObject())
        out[e["vendor"]["id"].GetInt64()] = e["id"].GetUint();
    return out;
  }

  bool push(int64_t project_id, const char* date, const std::vector<CrewRow>& rows) {
    const auto existing = existing_logs(project_id, date);
    bool ok = true;
    for (const CrewRow& row : rows) {
      rapidjson::StringBuffer sb;
      rapidjson::Writer<rapidjson::StringBuffer> w(sb);
      w.StartObject();
      w.Key("manpower_log");
      w.StartObject();
      w.Key("date"), w.String(date);
      w.Key("num_workers"), w.Int(row.workers);
      w.Key("num_hours"), w.Double(row.hours);
      w.Key("vendor_id"), w.Int(row.vendor_id);
      w.Key("notes"), w.String(row.notes.c_str());
      w.EndObject();
      w.EndObject();

      char req[4096];
      int n = 0;
      const auto hit = existing.find(row.vendor_id);
      if (hit != existing.end()) {
        n = std::snprintf(req, sizeof req,
                          "PATCH /rest/v1.0/projects/%lld/manpower_logs/%lld HTTP/1.1\r\n"
                          "Host: %s\r\nAuthorization: Bearer %s\r\n",
                          static_cast<long long>(project_id), static_cast<long long>(hit->second),
                          env_.api_host, token_.c_str());
      } else {
        n = std::snprintf(req, sizeof req,
                          "POST /rest/v1.0/projects/%lld/manpower_logs HTTP/1.1\r\n"
                          "Host: %s\r\nAuthorization: Bearer %s\r\n",
                          static_cast<long long>(project_id), env_.api_host, token_.c_str());
        n += company_header(req + n, sizeof req - n, company_id_);
      }
      std::snprintf(req + n, sizeof req - n,
                    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                    "Connection: close\r\n\r\n%s",
                    sb.GetSize(), sb.GetString());
      HttpReply r = send(env_.api_host, req);
      ok = ok && (r.status == 200 || r.status == 201);
    }
    return ok;
  }

  std::string daily_log_link(int64_t project_id, const char* date) const {
    char url[256];
    std::snprintf(url, sizeof url, "https://app.procore.com/%lld/project/daily_log/list?date=%s",
                  static_cast<long long>(project_id), date);
    return url;
  }

 private:
  HttpReply send(const char* host, const char* request) {
    ssl::stream<tcp::socket> stream(io_, tls_);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    tcp::resolver resolver(io_);
    asio::connect(stream.next_layer(), resolver.resolve(host, "https"));
    stream.handshake(ssl::stream_base::client);
    asio::write(stream, asio::buffer(request, std::strlen(request)));

    asio::streambuf buf;
    asio::read_until(stream, buf, "\r\n\r\n");
    std::istream in(&buf);
    HttpReply reply;
    std::string version, line;
    in >> version >> reply.status;
    std::getline(in, line);
    std::size_t content_length = 0;
    while (std::getline(in, line) && line != "\r") {
      if (line.rfind("Content-Length:", 0) == 0 || line.rfind("content-length:", 0) == 0)
        content_length = std::stoul(line.substr(15));
    }
    boost::system::error_code ec;
    if (buf.size() < content_length)
      asio::read(stream, buf, asio::transfer_exactly(content_length - buf.size()), ec);
    reply.body.assign(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    return reply;
  }

  const Environment& env_;
  long long company_id_;
  asio::io_context io_;
  ssl::context tls_;
  std::string token_;
};

// Entry point used by the desktop shell: argv = env company project date.
int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const Environment* env = &kEnvironments[0];
  for (const auto& e : kEnvironments)
    if (std::strcmp(e.name, argv[1]) == 0) env = &e;

  ManpowerPublisher pub(*env, std::stoll(argv[2]));
  if (!pub.refresh(std::getenv("TIMESHEET_CLIENT_ID"), std::getenv("TIMESHEET_REFRESH_TOKEN"))) {
    std::cerr << "Procore sign-in expired\n";
    return 1;
  }
  const int64_t project_id = std::stoll(argv[3]);
  std::vector<CrewRow> rows;
  CrewRow row;
  while (std::cin >> row.vendor_id >> row.workers >> row.hours && std::getline(std::cin, row.notes))
    rows.push_back(row);
  const bool ok = pub.push(project_id, argv[4], rows);
  std::cout << (ok ? "sent " : "failed ") << rows.size() << " crews; review at "
            << pub.daily_log_link(project_id, argv[4]) << "\n";
  return ok ? 0 : 1;
}
