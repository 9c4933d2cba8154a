// vendor_directory_sync: service-account job (client credentials / DMSA) that
// mirrors the company vendor directory into our ERP and pushes back trade
// and abbreviation fixes.  Failures are filed as GitHub issues.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

using json = nlohmann::json;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

namespace net {
struct Base {
  std::string_view root;
};
inline std::string operator+(const Base &b, const std::string &path) {
  return std::string(b.root) + path;
}
constexpr Base kProcoreLogin{"https://login.procore.com"};
constexpr Base kProcoreApi{"https://api.procore.com"};
constexpr Base kGitHub{"https://api.github.com"};
}  // namespace net

struct Credentials {
  std::string client_id;
  std::string client_secret;
  std::string access_token;
  std::int64_t company_id = 0;
};

struct ClientCredentialsToken {};
struct ListCompanies {};
struct ListVendors {
  int page = 1;
  std::optional<std::string> updated_since;
};
struct GetVendor {
  std::int64_t vendor_id;
};
struct UpdateVendor {
  std::int64_t vendor_id;
  json patch;
};
struct ListProjectVendors {
  std::int64_t project_id;
};
struct FileIssue {
  std::string title;
  std::string body;
};

using Request = std::variant<ClientCredentialsToken, ListCompanies, ListVendors, GetVendor,
                             UpdateVendor, ListProjectVendors, FileIssue>;
using HeaderMap = std::map<std::string, std::string>;

HeaderMap json_headers() { return {{"Content-Type", "application/json"}, {"Accept", "application/json"}}; }

HeaderMap bearer_headers(const Credentials &c) {
  HeaderMap h = json_headers();
  h["Authorization"] = "Bearer " + c.access_token;
  return h;
}

HeaderMap company_headers(const Credentials &c) {
  HeaderMap h = bearer_headers(c);
  h["Procore-Company-Id"] = std::to_string(c.company_id);
  return h;
}

HeaderMap update_headers(const Credentials &c) {
  HeaderMap h = bearer_headers(c);
  h["X-Procore-Company-Id"] = std::to_string(c.company_id);
  return h;
}

struct Outgoing {
  std::string url;
  std::string method;
  HeaderMap headers;
  std::optional<std::string> body;
};

Outgoing lower(const Request &req, const Credentials &c) {
  const std::string company = std::to_string(c.company_id);
  return std::visit(
      overloaded{
          [&](const ClientCredentialsToken &) {
            json b{{"grant_type", "client_credentials"},
                   {"client_id", c.client_id},
                   {"client_secret", c.client_secret}};
            return Outgoing{net::kProcoreLogin + "/oauth/token", "POST", json_headers(), b.dump()};
          },
          [&](const ListCompanies &) {
            return Outgoing{net::kProcoreApi + "/rest/v1.0/companies", "GET", bearer_headers(c), {}};
          },
          [&](const ListVendors &r) {
            std::string q = "/rest/v1.0/vendors?company_id=" + company +
                            "&page=" + std::to_string(r.page) + "&per_page=200";
            if (r.updated_since) q += "&filters[updated_at]=" + *r.updated_since;
            return Outgoing{net::kProcoreApi + q, "GET", company_headers(c), {}};
          },
          [&](const GetVendor &r) {
            return Outgoing{net::kProcoreApi + "/rest/v1.0/vendors/" + std::to_string(r.vendor_id) +
                                "?company_id=" + company,
                            "GET", company_headers(c), {}};
          },
          [&](const UpdateVendor &r) {
            json b{{"company_id", c.company_id}, {"vendor", r.patch}};
            return Outgoing{net::kProcoreApi + "/rest/v1.0/vendors/" + std::to_string(r.vendor_id),
                            "PATCH", update_headers(c), b.dump()};
          },
          [&](const ListProjectVendors &r) {
            return Outgoing{net::kProcoreApi + "/rest/v1.0/projects/" + std::to_string(r.project_id) + "/vendors",
                            "GET", company_headers(c), {}};
          },
          [&](const FileIssue &r) {
            HeaderMap h = json_headers();
            h["Authorization"] = std::string("token ") + (std::getenv("GITHUB_TOKEN") ?: "");
            h["User-Agent"] = "vendor-directory-sync";
            json b{{"title", r.title}, {"body", r.body}};
            return Outgoing{net::kGitHub + "/repos/acme-build/erp-bridge/issues", "POST", h, b.dump()};
          },
      },
      req);
}

static size_t sink(char *data, size_t size, size_t n, void *out) {
  static_cast<std::string *>(out)->append(data, size * n);
  return size * n;
}

std::optional<json> send(const Request &req, const Credentials &c) {
  const auto [url, method, headers, body] = lower(req, c);
  CURL *h = curl_easy_init();
  if (!h) return std::nullopt;
  curl_slist *hdrs = nullptr;
  for (const auto &[k, v] : headers) hdrs = curl_slist_append(hdrs, (k + ": " + v).c_str());

  std::string response;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  if (body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);

  long http_status = 0;
  const CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http_status);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK || http_status >= 400) {
    std::cerr << method << ' ' << url << " -> " << http_status << '\n';
    return std::nullopt;
  }
  return json::parse(response, nullptr, false);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    std::cerr << "usage: vendor_directory_sync <company_id> <project_id> [vendor_id]\n";
    return 2;
  }
  curl_global_init(CURL_GLOBAL_ALL);
  Credentials creds;
  creds.client_id = std::getenv("DMSA_CLIENT_ID") ?: "";
  creds.client_secret = std::getenv("DMSA_CLIENT_SECRET") ?: "";
  creds.company_id = std::stoll(argv[1]);
  const std::int64_t project_id = std::stoll(argv[2]);

  auto token = send(ClientCredentialsToken{}, creds);
  if (!token) return 1;
  creds.access_token = token->value("access_token", "");

  if (auto companies = send(ListCompanies{}, creds)) {
    for (const auto &co : *companies)
      if (co.value("id", std::int64_t{0}) == creds.company_id)
        std::cout << "syncing " << co.value("name", "") << '\n';
  }

  std::map<std::int64_t, json> directory;
  for (int page = 1;; ++page) {
    auto batch = send(ListVendors{page, std::nullopt}, creds);
    if (!batch || batch->empty()) break;
    for (const auto &v : *batch) directory[v.at("id").get<std::int64_t>()] = v;
  }

  std::size_t on_project = 0;
  if (auto pv = send(ListProjectVendors{project_id}, creds)) on_project = pv->size();
  std::cout << directory.size() << " vendors, " << on_project << " on project\n";

  if (argc > 3) {
    const int vendor_id = std::stoi(argv[3]);
    auto vendor = send(GetVendor{vendor_id}, creds);
    if (vendor && vendor->value("abbreviated_name", "").empty()) {
      json patch{{"abbreviated_name", vendor->value("name", "").substr(0, 10)}};
      if (!send(UpdateVendor{vendor_id, patch}, creds)) {
        auto issue = send(FileIssue{"Vendor update failed", "vendor " + std::to_string(vendor_id)}, creds);
        if (issue) std::cerr << "filed issue #" << issue->value("number", 0) << '\n';
      }
    }
  }
  curl_global_cleanup();
  return 0;
}
