// rfi_sync -- polls Procore for open RFIs on every active project and mirrors
// them into the tracker spool directory (one JSON file per RFI). Comments made
// in the tracker are pushed back as RFI replies.
//
// Transport is plain sockets + OpenSSL; we keep our own tiny HTTP/1.1 layer so
// the daemon has no dependency beyond libssl. Every request is sent with
// "Connection: close" so we can read the reply until EOF.

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

const char* kLoginHost = "login.procore.com";
const char* kApiHost = "api.procore.com";
const int kHttpsPort = 443;

struct HttpResponse {
  int status = 0;
  std::string body;
};

struct Rfi {
  int64_t id = 0;
  int64_t project_id = 0;
  int assignee_id = 0;
  std::string number;
  std::string subject;
  std::string status;
};

int open_tcp(const char* host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  char port_str[8];
  snprintf(port_str, sizeof port_str, "%d", port);
  if (getaddrinfo(host, port_str, &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
    fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, p->ai_addr, p->ai_addrlen) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

// Writes a complete request to host:443 and reads the whole reply.
HttpResponse https_roundtrip(SSL_CTX* ctx, const char* host, const char* request, size_t len) {
  HttpResponse out;
  int fd = open_tcp(host, kHttpsPort);
  if (fd < 0) return out;
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, host);
  if (SSL_connect(ssl) != 1) {
    ERR_print_errors_fp(stderr);
    SSL_free(ssl);
    close(fd);
    return out;
  }
  SSL_write(ssl, request, static_cast<int>(len));

  std::string raw;
  char chunk[4096];
  int n = 0;
  while ((n = SSL_read(ssl, chunk, sizeof chunk)) > 0) raw.append(chunk, n);
  SSL_shutdown(ssl);
  SSL_free(ssl);
  close(fd);

  sscanf(raw.c_str(), "HTTP/1.%*d %d", &out.status);
  size_t hdr_end = raw.find("\r\n\r\n");
  if (hdr_end == std::string::npos) return out;
  size_t body_len = raw.size() - hdr_end - 4;
  size_t cl = raw.find("Content-Length:");
  if (cl != std::string::npos && cl < hdr_end) {
    size_t declared = static_cast<size_t>(atoi(raw.c_str() + cl + 15));
    body_len = std::min(body_len, declared);
  }
  out.body = raw.substr(hdr_end + 4, body_len);
  return out;
}

// Appends the company routing header line; returns the number of chars written.
int put_company_header(char* dst, size_t cap, int64_t company_id) {
  return snprintf(dst, cap, "Procore-Company-Id: %lld\r\n", static_cast<long long>(company_id));
}

HttpResponse api_get(SSL_CTX* ctx, const std::string& token, const std::string& path,
                     int64_t company_id = 0) {
  char req[4096];
  int n = snprintf(req, sizeof req,
                   "GET %s HTTP/1.1\r\n"
                   "Host: %s\r\n"
                   "Authorization: Bearer %s\r\n"
                   "Accept: application/json\r\n",
                   path.c_str(), kApiHost, token.c_str());
  if (company_id != 0) n += put_company_header(req + n, sizeof req - n, company_id);
  n += snprintf(req + n, sizeof req - n, "Connection: close\r\n\r\n");
  return https_roundtrip(ctx, kApiHost, req, n);
}

std::string refresh_access_token(SSL_CTX* ctx, const std::string& client_id,
                                 const std::string& client_secret, const std::string& refresh) {
  std::string form = "grant_type=refresh_token&client_id=" + client_id +
                     "&client_secret=" + client_secret + "&refresh_token=" + refresh;
  char req[4096];
  int n = snprintf(req, sizeof req,
                   "POST /oauth/token HTTP/1.1\r\n"
                   "Host: %s\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\n"
                   "Content-Length: %zu\r\n"
                   "Connection: close\r\n\r\n%s",
                   kLoginHost, form.size(), form.c_str());
  HttpResponse r = https_roundtrip(ctx, kLoginHost, req, n);
  if (r.status != 200) {
    std::cerr << "token refresh failed: HTTP " << r.status << "\n";
    return {};
  }
  return json::parse(r.body).value("access_token", "");
}

std::vector<Rfi> fetch_open_rfis(SSL_CTX* ctx, const std::string& token, int64_t project_id) {
  std::vector<Rfi> out;
  char path[256];
  snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/rfis?filters[status]=open&per_page=100",
           static_cast<long long>(project_id));
  HttpResponse r = api_get(ctx, token, path);
  if (r.status != 200) return out;
  for (const auto& item : json::parse(r.body)) {
    Rfi rfi;
    rfi.id = item.at("id").get<int64_t>();
    rfi.project_id = project_id;
    rfi.assignee_id = item.value("assignee_id", 0);
    rfi.number = item.value("number", "");
    rfi.subject = item.value("subject", "");
    rfi.status = item.value("status", "");
    out.push_back(rfi);
  }
  return out;
}

bool post_reply(SSL_CTX* ctx, const std::string& token, int64_t company_id, const Rfi& rfi,
                const std::string& text) {
  std::string body = json{{"reply", {{"body", text}}}}.dump();
  char req[8192];
  int n = snprintf(req, sizeof req,
                   "POST /rest/v1.0/projects/%lld/rfis/%d/replies HTTP/1.1\r\n"
                   "Host: %s\r\n"
                   "Authorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\n"
                   "Content-Length: %zu\r\n",
                   static_cast<long long>(rfi.project_id), static_cast<int>(rfi.id), kApiHost,
                   token.c_str(), body.size());
  n += put_company_header(req + n, sizeof req - n, company_id);
  n += snprintf(req + n, sizeof req - n, "Connection: close\r\n\r\n%s", body.c_str());
  HttpResponse r = https_roundtrip(ctx, kApiHost, req, n);
  return r.status == 201;
}

void write_spool(const std::string& dir, int64_t company_id, const Rfi& rfi) {
  char link[256];
  snprintf(link, sizeof link, "https://app.procore.com/%lld/project/rfi/show/%lld",
           static_cast<long long>(company_id), static_cast<long long>(rfi.id));
  json doc = {{"id", rfi.id},           {"project_id", rfi.project_id},
              {"number", rfi.number},   {"subject", rfi.subject},
              {"status", rfi.status},   {"assignee_id", rfi.assignee_id},
              {"procore_url", link}};
  std::ofstream(dir + "/rfi-" + std::to_string(rfi.id) + ".json") << doc.dump(2);
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

}  // namespace

int main() {
  SSL_library_init();
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_default_verify_paths(ctx);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);

  const int64_t company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
  const std::string spool = env_or("RFI_SPOOL_DIR", "/var/spool/rfi-sync");
  std::string token = refresh_access_token(ctx, env_or("PROCORE_CLIENT_ID", ""),
                                           env_or("PROCORE_CLIENT_SECRET", ""),
                                           env_or("PROCORE_REFRESH_TOKEN", ""));
  if (token.empty()) return 1;

  HttpResponse me = api_get(ctx, token, "/rest/v1.0/me");
  if (me.status == 200) std::cout << "running as " << json::parse(me.body).value("login", "?") << "\n";

  char projects_path[128];
  snprintf(projects_path, sizeof projects_path, "/rest/v1.0/projects?company_id=%lld&per_page=300",
           static_cast<long long>(company_id));
  HttpResponse projects = api_get(ctx, token, projects_path, company_id);
  if (projects.status != 200) {
    std::cerr << "project list failed: HTTP " << projects.status << "\n";
    return 1;
  }

  int total = 0;
  for (const auto& p : json::parse(projects.body)) {
    if (!p.value("active", true)) continue;
    const int64_t project_id = p.at("id").get<int64_t>();
    for (const Rfi& rfi : fetch_open_rfis(ctx, token, project_id)) {
      write_spool(spool, company_id, rfi);
      ++total;
      std::ifstream pending(spool + "/outbox/rfi-" + std::to_string(rfi.id) + ".txt");
      std::string text((std::istreambuf_iterator<char>(pending)), std::istreambuf_iterator<char>());
      if (!text.empty() && !post_reply(ctx, token, company_id, rfi, text))
        std::cerr << "reply to RFI " << rfi.number << " failed\n";
    }
  }
  std::cout << "mirrored " << total << " open RFIs\n";
  SSL_CTX_free(ctx);
  return 0;
}
