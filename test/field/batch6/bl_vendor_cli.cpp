// vendorctl: small CLI over the Procore company vendor directory.
//
//   vendorctl login <client_id> <client_secret> <auth_code>
//   vendorctl companies
//   vendorctl list   <company_id> [search]
//   vendorctl show   <company_id> <vendor_id>
//   vendorctl add    <company_id> <name> [parent_vendor_id]
//
// Docs: https://developers.procore.com/reference/rest/vendors
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

using nlohmann::json;

namespace {

const char* kApiHost = "https://api.procore.com";
const char* kAuthHost = "https://api.procore.com";
const char* kRedirectUri = "urn:ietf:wg:oauth:2.0:oob";
const int kPerPage = 200;

// Value-semantics builder: every withX() returns a modified copy, so a base
// call can be shared and specialised without mutating it.
class ApiCall {
 public:
  explicit ApiCall(std::string path) : path_(std::move(path)) {}

  ApiCall withQuery(const std::string& key, const std::string& value) const {
    ApiCall c = *this;
    c.query_ += (c.query_.empty() ? "?" : "&") + key + "=" + httplib::detail::encode_query_param(value);
    return c;
  }
  ApiCall withQuery(const std::string& key, std::int64_t value) const {
    return withQuery(key, std::to_string(value));
  }
  ApiCall withHeader(const std::string& key, const std::string& value) const {
    ApiCall c = *this;
    c.headers_.emplace(key, value);
    return c;
  }
  ApiCall withBearer(const std::string& token) const {
    return withHeader("Authorization", "Bearer " + token);
  }
  ApiCall withCompany(std::int64_t companyId) const {
    return withHeader("Procore-Company-Id", std::to_string(companyId));
  }
  ApiCall withPath(const std::string& more) const {
    ApiCall c = *this;
    c.path_ += more;
    return c;
  }

  std::string target() const { return path_ + query_; }
  const httplib::Headers& headers() const { return headers_; }

 private:
  std::string path_;
  std::string query_;
  httplib::Headers headers_;
};

struct Vendor {
  std::int64_t id = 0;
  std::string name;
  std::string city;
  unsigned parentId = 0;
  bool active = true;
};

Vendor parseVendor(const json& j) {
  Vendor v;
  v.id = j.at("id").get<std::int64_t>();
  v.name = j.value("name", "");
  v.city = j.value("city", "");
  if (j.contains("parent") && j["parent"].is_object())
    v.parentId = j["parent"].at("id").get<unsigned>();
  v.active = j.value("is_active", true);
  return v;
}

std::string loadToken() {
  std::ifstream in(std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.vendorctl_token");
  std::string t;
  std::getline(in, t);
  return t;
}

int fail(const httplib::Result& r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << httplib::to_string(r.error()) << "\n";
    return 2;
  }
  std::cerr << what << ": HTTP " << r->status << "\n" << r->body << "\n";
  return 1;
}

int cmdLogin(int argc, char** argv) {
  if (argc < 5) return 64;
  httplib::Client auth(kAuthHost);
  httplib::Params form{{"grant_type", "authorization_code"},
                       {"client_id", argv[2]},
                       {"client_secret", argv[3]},
                       {"code", argv[4]},
                       {"redirect_uri", kRedirectUri}};
  auto res = auth.Post("/oauth/token", form);
  if (!res || res->status != 200) return fail(res, "token");
  std::ofstream(std::string(std::getenv("HOME")) + "/.vendorctl_token")
      << json::parse(res->body).at("access_token").get<std::string>() << "\n";
  std::cout << "logged in\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vendorctl login|companies|list|show|add ...\n";
    return 64;
  }
  const std::string cmd = argv[1];
  if (cmd == "login") return cmdLogin(argc, argv);

  httplib::Client api(kApiHost);
  api.set_connection_timeout(10);
  const ApiCall base = ApiCall("/rest/v1.0").withBearer(loadToken());

  if (cmd == "companies") {
    auto res = api.Get(base.withPath("/companies").target(), base.headers());
    if (!res || res->status != 200) return fail(res, "companies");
    for (const auto& c : json::parse(res->body))
      std::printf("%lld\t%s\n", c.at("id").get<long long>(), c.value("name", "").c_str());
    return 0;
  }

  if (argc < 3) return 64;
  const int companyId = std::stoi(argv[2]);
  const ApiCall vendors = base.withPath("/vendors").withQuery("company_id", companyId);

  if (cmd == "list") {
    ApiCall call = vendors.withCompany(companyId).withQuery("per_page", std::to_string(kPerPage));
    if (argc > 3) call = call.withQuery("filters[search]", argv[3]);
    int shown = 0;
    for (int page = 1;; ++page) {
      ApiCall paged = call.withQuery("page", std::to_string(page));
      auto res = api.Get(paged.target(), paged.headers());
      if (!res || res->status != 200) return fail(res, "vendors");
      json arr = json::parse(res->body);
      for (const auto& j : arr) {
        Vendor v = parseVendor(j);
        std::printf("%-12lld %-40s %s%s\n", static_cast<long long>(v.id), v.name.c_str(),
                    v.city.c_str(), v.active ? "" : " (inactive)");
        ++shown;
      }
      if (static_cast<int>(arr.size()) < kPerPage) break;
    }
    std::cout << shown << " vendors\n";
    return 0;
  }

  if (cmd == "show" && argc > 3) {
    const std::int64_t vendorId = std::stoll(argv[3]);
    ApiCall one = base.withPath("/vendors/" + std::to_string(vendorId))
                      .withQuery("company_id", companyId);
    auto res = api.Get(one.target(), one.headers());
    if (!res || res->status != 200) return fail(res, "vendor");
    Vendor v = parseVendor(json::parse(res->body));
    std::cout << v.name << " (" << v.id << ")\n"
              << "  city:   " << v.city << "\n"
              << "  parent: " << v.parentId << "\n"
              << "  web:    https://app.procore.com/" << companyId << "/company/vendors/" << v.id << "\n";
    return 0;
  }

  if (cmd == "add" && argc > 3) {
    json payload = {{"vendor", {{"name", argv[3]}, {"is_active", true}}}};
    if (argc > 4) payload["vendor"]["parent_id"] = std::stoll(argv[4]);
    ApiCall create = vendors.withCompany(companyId).withHeader("Accept", "application/json");
    auto res = api.Post(create.target(), create.headers(), payload.dump(), "application/json");
    if (!res || res->status != 201) return fail(res, "create vendor");
    std::cout << "created vendor " << json::parse(res->body).at("id").get<std::int64_t>() << "\n";
    return 0;
  }

  std::cerr << "unknown command " << cmd << "\n";
  return 64;
}
