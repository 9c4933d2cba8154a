// drawcli -- small command line tool the VDC group uses against the developer
// sandbox to inspect drawing areas, drawings and revisions before the nightly
// sheet importer is pointed at production.
//
//   drawcli refresh
//   drawcli whoami
//   drawcli areas     COMPANY PROJECT
//   drawcli drawings  COMPANY PROJECT AREA
//   drawcli revisions COMPANY PROJECT DRAWING
//   drawcli logout
//
// HTTP/1.1 is written by hand over boost::asio::ssl::stream.

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

namespace {

const char* const kLoginHost = "login-sandbox.procore.com";
const char* const kApiHost = "sandbox.procore.com";
const char* const kTokenFile = ".drawcli_token";

struct Response {
  int status = 0;
  std::string body;
};

void write_company_header(std::ostream& os, int64_t company_id) {
  os << "Procore-Company-Id: " << company_id << "\r\n";
}

Response exchange(asio::io_context& io, ssl::context& tls, const std::string& host,
                  const std::string& request) {
  tcp::resolver resolver(io);
  ssl::stream<tcp::socket> stream(io, tls);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  asio::connect(stream.lowest_layer(), resolver.resolve(host, "443"));
  stream.handshake(ssl::stream_base::client);
  asio::write(stream, asio::buffer(request));

  std::string raw;
  boost::system::error_code ec;
  asio::read(stream, asio::dynamic_buffer(raw), ec);  // until the server closes

  Response r;
  std::istringstream status_line(raw.substr(0, raw.find("\r\n")));
  std::string version;
  status_line >> version >> r.status;
  auto hdr_end = raw.find("\r\n\r\n");
  if (hdr_end != std::string::npos) {
    std::string body = raw.substr(hdr_end + 4);
    auto cl = raw.find("Content-Length: ");
    if (cl != std::string::npos && cl < hdr_end) {
      std::size_t declared = std::stoul(raw.substr(cl + 16, raw.find("\r\n", cl) - cl - 16));
      if (declared < body.size()) body.resize(declared);
    }
    r.body = std::move(body);
  }
  return r;
}

std::string read_token() {
  std::ifstream in(std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/" + kTokenFile);
  std::string access, refresh;
  in >> access >> refresh;
  return access;
}

std::string get_request(const std::string& path, const std::string& token) {
  std::ostringstream req;
  req << "GET " << path << " HTTP/1.1\r\n"
      << "Host: " << kApiHost << "\r\n"
      << "Authorization: Bearer " << token << "\r\n"
      << "Accept: application/json\r\n"
      << "Connection: close\r\n\r\n";
  return req.str();
}

std::string get_request(const std::string& path, const std::string& token, int64_t company_id) {
  std::ostringstream req;
  req << "GET " << path << " HTTP/1.1\r\n"
      << "Host: " << kApiHost << "\r\n"
      << "Authorization: Bearer " << token << "\r\n";
  write_company_header(req, company_id);
  req << "Accept: application/json\r\n"
      << "Connection: close\r\n\r\n";
  return req.str();
}

std::string oauth_post(const std::string& host, const std::string& path, const std::string& form) {
  std::ostringstream req;
  req << "POST " << path << " HTTP/1.1\r\n"
      << "Host: " << host << "\r\n"
      << "Content-Type: application/x-www-form-urlencoded\r\n"
      << "Content-Length: " << form.size() << "\r\n"
      << "Connection: close\r\n\r\n"
      << form;
  return req.str();
}

bool parse_array(const Response& r, rapidjson::Document& doc) {
  if (r.status != 200) {
    std::cerr << "HTTP " << r.status << ": " << r.body.substr(0, 200) << "\n";
    return false;
  }
  doc.Parse(r.body.c_str());
  return !doc.HasParseError() && doc.IsArray();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: drawcli refresh|whoami|areas|drawings|revisions|logout ...\n";
    return 2;
  }
  const std::string cmd = argv[1];
  asio::io_context io;
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);
  const std::string token = read_token();

  if (cmd == "refresh") {
    std::ifstream in(std::string(std::getenv("HOME")) + "/" + kTokenFile);
    std::string access, refresh;
    in >> access >> refresh;
    std::string form = "grant_type=refresh_token&refresh_token=" + refresh +
                       "&client_id=" + std::getenv("DRAWCLI_CLIENT_ID") +
                       "&client_secret=" + std::getenv("DRAWCLI_CLIENT_SECRET");
    Response r = exchange(io, tls, kLoginHost, oauth_post(kLoginHost, "/oauth/token", form));
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    if (r.status != 200 || !doc.IsObject()) return 1;
    std::ofstream(std::string(std::getenv("HOME")) + "/" + kTokenFile)
        << doc["access_token"].GetString() << "\n" << doc["refresh_token"].GetString() << "\n";
    return 0;
  }

  if (cmd == "logout") {
    std::string form = "token=" + token + "&client_id=" + std::getenv("DRAWCLI_CLIENT_ID") +
                       "&client_secret=" + std::getenv("DRAWCLI_CLIENT_SECRET");
    const std::string revoke_host = "sandbox.procore.com";
    Response r = exchange(io, tls, revoke_host, oauth_post(revoke_host, "/oauth/revoke", form));
    std::cout << (r.status == 200 ? "logged out\n" : "revoke failed\n");
    return 0;
  }

  if (cmd == "whoami") {
    Response r = exchange(io, tls, kApiHost, get_request("/rest/v1.0/me", token));
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    if (r.status == 200 && doc.IsObject())
      std::cout << doc["login"].GetString() << " (user " << doc["id"].GetInt64() << ")\n";
    return 0;
  }

  if (argc < 4) return 2;
  const int64_t company_id = std::stoll(argv[2]);
  const int64_t project_id = std::stoll(argv[3]);
  rapidjson::Document doc;

  if (cmd == "areas") {
    std::string path = "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas";
    if (!parse_array(exchange(io, tls, kApiHost, get_request(path, token, company_id)), doc)) return 1;
    for (const auto& a : doc.GetArray())
      std::cout << a["id"].GetInt64() << "\t" << a["name"].GetString() << "\n";
  } else if (cmd == "drawings" && argc > 4) {
    unsigned area_id = std::stoul(argv[4]);
    std::ostringstream path;
    path << "/rest/v1.1/drawing_areas/" << area_id << "/drawings?project_id=" << project_id;
    if (!parse_array(exchange(io, tls, kApiHost, get_request(path.str(), token, company_id)), doc))
      return 1;
    int shown = 0;
    for (const auto& d : doc.GetArray()) {
      int drawing_id = d["id"].GetInt();
      std::cout << drawing_id << "\t" << d["number"].GetString() << "\t"
                << (d["title"].IsString() ? d["title"].GetString() : "") << "\n";
      ++shown;
    }
    std::cout << shown << " drawings\n";
  } else if (cmd == "revisions" && argc > 4) {
    const int64_t drawing_id = std::stoll(argv[4]);
    std::ostringstream path;
    path << "/rest/v1.0/projects/" << project_id
         << "/drawing_revisions?filters[drawing_id]=" << drawing_id;
    if (!parse_array(exchange(io, tls, kApiHost, get_request(path.str(), token)), doc)) return 1;
    for (const auto& rev : doc.GetArray()) {
      const int64_t revision_id = rev["id"].GetInt64();
      std::cout << revision_id << "\t" << rev["revision_number"].GetString() << "\t"
                << (rev.HasMember("pdf_url") && rev["pdf_url"].IsString() ? rev["pdf_url"].GetString()
                                                                           : "-")
                << "\n";
    }
    std::cout << "open in browser: https://sandbox.procore.com/" << project_id
              << "/project/drawing_log\n";
  } else {
    std::cerr << "unknown command " << cmd << "\n";
    return 2;
  }
  return 0;
}
