// vendor_audit -- nightly job (cron, 02:30) run with the company's Developer
// Managed Service Account. Cross-checks every active project's vendor list
// against the company directory and posts vendors that are inactive in the
// directory but still attached to projects to the #procore-admin Slack channel.
//
// Raw HTTP/1.1 over OpenSSL; requests are built from a list of header lines.

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

const std::string kLoginHost = "login.procore.com";
const std::string kApiHost = "api.procore.com";

struct Response {
  int status = 0;
  std::string body;
};

using VendorId = long;

struct Vendor {
  VendorId id = 0;
  std::string name;
  bool active = true;
};

std::string join_request(const std::vector<std::string>& lines, const std::string& body = "") {
  std::string out;
  for (const auto& l : lines) out += l + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::vector<std::string> base_lines(const std::string& request_line, const std::string& host,
                                    const std::string& token) {
  std::vector<std::string> lines{request_line, "Host: " + host, "Accept: application/json",
                                 "Connection: close"};
  if (!token.empty()) lines.push_back("Authorization: Bearer " + token);
  return lines;
}

void add_company(std::vector<std::string>& lines, int64_t company_id) {
  lines.push_back("Procore-Company-Id: " + std::to_string(company_id));
}

Response send_request(SSL_CTX* ctx, const std::string& host, const std::string& text) {
  Response res;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* ai = nullptr;
  if (getaddrinfo(host.c_str(), "443", &hints, &ai) != 0) return res;
  int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
  if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    freeaddrinfo(ai);
    if (fd >= 0) close(fd);
    return res;
  }
  freeaddrinfo(ai);

  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, host.c_str());
  std::string raw;
  if (SSL_connect(ssl) == 1 && SSL_write(ssl, text.data(), static_cast<int>(text.size())) > 0) {
    char buf[8192];
    int n;
    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) raw.append(buf, n);
  } else {
    ERR_print_errors_fp(stderr);
  }
  SSL_shutdown(ssl);
  SSL_free(ssl);
  close(fd);

  auto head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos) return res;
  res.status = std::stoi(raw.substr(raw.find(' ') + 1, 3));
  std::size_t content_length = raw.size() - head_end - 4;
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    std::size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    std::string name = line.substr(0, line.find(':'));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "content-length") content_length = std::stoul(line.substr(line.find(':') + 1));
    pos = eol + 2;
  }
  res.body = raw.substr(head_end + 4, content_length);
  return res;
}

std::string fetch_service_token(SSL_CTX* ctx) {
  const std::string form = std::string("grant_type=client_credentials&client_id=") +
                           std::getenv("PROCORE_CLIENT_ID") +
                           "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
  auto lines = base_lines("POST /oauth/token HTTP/1.1", kLoginHost, "");
  lines.push_back("Content-Type: application/x-www-form-urlencoded");
  lines.push_back("Content-Length: " + std::to_string(form.size()));
  Response r = send_request(ctx, kLoginHost, join_request(lines, form));
  if (r.status != 200) return {};
  return json::parse(r.body).value("access_token", "");
}

std::map<VendorId, Vendor> company_directory(SSL_CTX* ctx, const std::string& token,
                                         int64_t company_id) {
  std::map<VendorId, Vendor> out;
  for (int page = 1;; ++page) {
    auto lines = base_lines("GET /rest/v1.0/vendors?company_id=" + std::to_string(company_id) +
                                "&page=" + std::to_string(page) + "&per_page=500 HTTP/1.1",
                            kApiHost, token);
    add_company(lines, company_id);
    Response r = send_request(ctx, kApiHost, join_request(lines));
    if (r.status != 200) break;
    json arr = json::parse(r.body);
    if (arr.empty()) break;
    for (const auto& v : arr) {
      Vendor vendor;
      vendor.id = v.at("id").get<VendorId>();
      vendor.name = v.value("name", "");
      vendor.active = v.value("is_active", true);
      out[vendor.id] = vendor;
    }
  }
  return out;
}

void post_to_slack(SSL_CTX* ctx, const std::string& text) {
  const char* hook = std::getenv("SLACK_HOOK_PATH");  // /services/T000/B000/xxxx
  if (!hook) return;
  const std::string body = json{{"text", text}}.dump();
  auto lines = base_lines(std::string("POST ") + hook + " HTTP/1.1", "hooks.slack.com", "");
  lines.push_back("Content-Type: application/json");
  lines.push_back("Content-Length: " + std::to_string(body.size()));
  send_request(ctx, "hooks.slack.com", join_request(lines, body));
}

}  // namespace

int main() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_default_verify_paths(ctx);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);

  const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
  const std::string token = fetch_service_token(ctx);
  if (token.empty()) {
    std::cerr << "client_credentials grant failed\n";
    return 1;
  }

  auto info = base_lines("GET /oauth/token/info HTTP/1.1", "api.procore.com", token);
  Response ti = send_request(ctx, "api.procore.com", join_request(info));
  if (ti.status == 200)
    std::cerr << "token expires in " << json::parse(ti.body).value("expires_in_seconds", 0) << "s\n";

  auto me_lines = base_lines("GET /rest/v1.0/me HTTP/1.1", kApiHost, token);
  add_company(me_lines, company_id);
  Response me = send_request(ctx, kApiHost, join_request(me_lines));
  if (me.status != 200) {
    std::cerr << "service account cannot see company " << company_id << "\n";
    return 1;
  }

  auto co_lines = base_lines("GET /rest/v1.0/companies HTTP/1.1", kApiHost, token);
  Response companies = send_request(ctx, kApiHost, join_request(co_lines));
  std::string company_name = "company " + std::to_string(company_id);
  for (const auto& c : json::parse(companies.status == 200 ? companies.body : "[]"))
    if (c.at("id").get<int64_t>() == company_id) company_name = c.value("name", company_name);

  const std::map<VendorId, Vendor> directory = company_directory(ctx, token, company_id);

  auto proj_lines = base_lines("GET /rest/v1.0/projects?company_id=" + std::to_string(company_id) +
                                   "&filters[active]=true&per_page=300 HTTP/1.1",
                               kApiHost, token);
  add_company(proj_lines, company_id);
  Response projects = send_request(ctx, kApiHost, join_request(proj_lines));
  std::vector<int> project_ids;
  for (const auto& p : json::parse(projects.status == 200 ? projects.body : "[]"))
    project_ids.push_back(p.at("id").get<int64_t>());

  std::set<std::string> flagged;
  int checked = 0;
  for (const auto project_id : project_ids) {
    auto lines = base_lines("GET /rest/v1.0/projects/" + std::to_string(project_id) +
                                "/vendors?per_page=500 HTTP/1.1",
                            kApiHost, token);
    Response r = send_request(ctx, kApiHost, join_request(lines));
    if (r.status != 200) continue;
    ++checked;
    for (const auto& v : json::parse(r.body)) {
      const auto it = directory.find(v.at("id").get<int64_t>());
      if (it != directory.end() && !it->second.active)
        flagged.insert(it->second.name + " (project " + std::to_string(project_id) + ")");
    }
  }

  std::string report = company_name + ": " + std::to_string(checked) + " projects checked, " +
                       std::to_string(flagged.size()) + " inactive vendors still attached";
  for (const auto& f : flagged) report += "\n- " + f;
  std::cout << report << "\n";
  if (!flagged.empty()) post_to_slack(ctx, report);
  SSL_CTX_free(ctx);
  return 0;
}
