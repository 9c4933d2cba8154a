// vendor_directory_tests.cpp -- keeps the ERP supplier list and the Procore
// company directory in step. Client code and its tests live together so the
// CI job can run `vendor_directory --tests` before the nightly `--sync`.
#include <cpprest/http_client.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using web::http::http_request;
using web::http::methods;

struct Reply {
  int status = 0;
  std::string body;
};

class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual Reply call(const std::string& base, http_request req) = 0;
};

class LivePort : public HttpPort {
 public:
  Reply call(const std::string& base, http_request req) override {
    web::http::client::http_client client(base);
    auto resp = client.request(req).get();
    return {resp.status_code(), resp.extract_string().get()};
  }
};

struct Endpoints {
  std::string token_url;
  std::string api_base;
};

const Endpoints kProductionEndpoints{"https://api.procore.com/oauth/token", "https://api.procore.com"};
const Endpoints kSandboxEndpoints{"https://login-sandbox.procore.com/oauth/token", "https://sandbox.procore.com"};
const Endpoints kMonthlyEndpoints{"https://login-sandbox-monthly.procore.com/oauth/token",
                                  "https://api-monthly.procore.com"};

const char* const kErpBase = "https://erp.internal.example.com";

struct Vendor {
  int64_t id = 0;
  std::string name;
  int erp_supplier_no = 0;
  bool is_active = true;
};

static Json::Value parse_json(const std::string& s) {
  Json::Value v;
  std::istringstream in(s);
  Json::CharReaderBuilder rb;
  Json::parseFromStream(rb, in, &v, nullptr);
  return v;
}

class VendorDirectory {
 public:
  VendorDirectory(HttpPort& port, Endpoints ep, int64_t company_id)
      : port_(port), ep_(std::move(ep)), company_id_(company_id) {}

  bool refresh(const std::string& client_id, const std::string& secret, const std::string& refresh_token) {
    const auto sep = ep_.token_url.find("/oauth/");
    http_request req(methods::POST);
    req.set_request_uri(ep_.token_url.substr(sep));
    req.set_body("grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
                     "&refresh_token=" + refresh_token,
                 "application/x-www-form-urlencoded");
    Reply r = port_.call(ep_.token_url.substr(0, sep), req);
    if (r.status != 200) return false;
    access_ = parse_json(r.body)["access_token"].asString();
    return true;
  }

  std::vector<std::string> companies() {
    Reply r = port_.call(ep_.api_base, authed(methods::GET, "/rest/v1.0/companies"));
    std::vector<std::string> out;
    for (const auto& c : parse_json(r.body)) out.push_back(c["name"].asString());
    return out;
  }

  std::vector<Vendor> vendors(int page) {
    auto req = authed(methods::GET, "/rest/v1.0/vendors?company_id=" + std::to_string(company_id_) +
                                        "&page=" + std::to_string(page) + "&per_page=100");
    req.headers().add("Procore-Company-Id", std::to_string(company_id_));
    return to_vendors(port_.call(ep_.api_base, req).body);
  }

  std::vector<Vendor> project_vendors(int64_t project_id) {
    auto req = authed(methods::GET, "/rest/v1.0/projects/" + std::to_string(project_id) + "/vendors");
    req.headers().add("Procore-Company-Id", std::to_string(company_id_));
    return to_vendors(port_.call(ep_.api_base, req).body);
  }

  int insurance_count(int64_t vendor_id) {
    auto req = authed(methods::GET, "/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                                        "/insurances?company_id=" + std::to_string(company_id_));
    Reply r = port_.call(ep_.api_base, req);
    return static_cast<int>(parse_json(r.body).size());
  }

  int create_vendor(const std::string& name, int erp_no) {
    Json::Value body;
    body["company_id"] = Json::Int64(company_id_);
    body["vendor"]["name"] = name;
    body["vendor"]["origin_code"] = std::to_string(erp_no);
    auto req = authed(methods::POST, "/rest/v1.0/vendors");
    req.headers().add("Procore-CompanyId", std::to_string(company_id_));
    req.set_body(Json::writeString(Json::StreamWriterBuilder{}, body), "application/json");
    return port_.call(ep_.api_base, req).status;
  }

  // ERP side: supplier numbers are the ERP's own 6-digit keys.
  int mark_synced_in_erp(int erp_supplier_no) {
    http_request req(methods::PUT);
    req.set_request_uri("/api/suppliers/" + std::to_string(erp_supplier_no) + "/procore-synced");
    return port_.call(kErpBase, req).status;
  }

 private:
  http_request authed(const web::http::method& m, const std::string& uri) const {
    http_request req(m);
    req.set_request_uri(uri);
    req.headers().add("Authorization", "Bearer " + access_);
    return req;
  }

  static std::vector<Vendor> to_vendors(const std::string& body) {
    std::vector<Vendor> out;
    for (const auto& j : parse_json(body)) {
      Vendor v;
      v.id = j["id"].asInt();
      v.name = j["name"].asString();
      v.erp_supplier_no = std::atoi(j["origin_code"].asString().c_str());
      v.is_active = j["is_active"].asBool();
      out.push_back(v);
    }
    return out;
  }

  HttpPort& port_;
  Endpoints ep_;
  int64_t company_id_;
  std::string access_;
};

// ---------------------------------------------------------------------- tests
namespace t {
std::map<std::string, std::function<void()>>& all() { static std::map<std::string, std::function<void()>> m; return m; }
struct Add { Add(const char* n, std::function<void()> f) { all()[n] = std::move(f); } };
int failed = 0;
}  // namespace t
#define TEST(n) static void n(); static t::Add add_##n(#n, n); static void n()
#define ASSERT_EQ(a, b) do { if (!((a) == (b))) { ++t::failed; std::cerr << __LINE__ << ": " #a " != " #b "\n"; } } while (0)

struct SpyPort : HttpPort {
  struct Seen { std::string base, uri, company; };
  std::vector<Seen> seen;
  std::string canned = "[]";
  Reply call(const std::string& base, http_request req) override {
    auto& h = req.headers();
    seen.push_back({base, req.request_uri().to_string(), h.has("Procore-Company-Id") ? h["Procore-Company-Id"] : ""});
    return {200, canned};
  }
};

static VendorDirectory production_dir(SpyPort& p) { return {p, kProductionEndpoints, 1099511627776LL}; }
static VendorDirectory sandbox_dir(SpyPort& p) { return {p, kSandboxEndpoints, 42LL}; }

TEST(vendors_page_carries_company) {
  SpyPort p;
  p.canned = R"([{"id":17,"name":"Acme Drywall","origin_code":"104233","is_active":true}])";
  auto dir = production_dir(p);
  auto vs = dir.vendors(3);
  ASSERT_EQ(vs.size(), 1u);
  ASSERT_EQ(vs[0].erp_supplier_no, 104233);
  ASSERT_EQ(p.seen[0].base, std::string("https://api.procore.com"));
  ASSERT_EQ(p.seen[0].company, std::string("1099511627776"));
}

TEST(refresh_splits_token_url) {
  SpyPort p;
  p.canned = R"({"access_token":"x"})";
  auto dir = sandbox_dir(p);
  ASSERT_EQ(dir.refresh("id", "secret", "rt"), true);
  ASSERT_EQ(p.seen[0].base, std::string("https://login-sandbox.procore.com"));
  ASSERT_EQ(p.seen[0].uri, std::string("/oauth/token"));
}

TEST(erp_calls_leave_procore_alone) {
  SpyPort p;
  auto dir = sandbox_dir(p);
  dir.mark_synced_in_erp(104233);
  ASSERT_EQ(p.seen[0].base, std::string(kErpBase));
}

// ----------------------------------------------------------------------- main
int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "--tests";
  if (mode == "--tests") {
    for (auto& kv : t::all()) { std::cerr << "* " << kv.first << "\n"; kv.second(); }
    return t::failed ? 1 : 0;
  }
  if (mode != "--sync" || argc < 3) return 2;
  const std::string env = argc > 3 ? argv[3] : "production";
  const Endpoints& ep = env == "sandbox" ? kSandboxEndpoints : env == "monthly" ? kMonthlyEndpoints : kProductionEndpoints;

  LivePort live;
  VendorDirectory dir(live, ep, std::stoll(argv[2]));
  const char* id = std::getenv("VD_CLIENT_ID");
  const char* secret = std::getenv("VD_CLIENT_SECRET");
  const char* rt = std::getenv("VD_REFRESH_TOKEN");
  if (!id || !secret || !rt || !dir.refresh(id, secret, rt)) {
    std::cerr << "refresh failed\n";
    return 1;
  }
  for (const auto& name : dir.companies()) std::cout << "company visible: " << name << "\n";

  std::vector<int> missing_insurance;
  for (int page = 1;; ++page) {
    auto batch = dir.vendors(page);
    if (batch.empty()) break;
    for (const auto& v : batch) {
      if (!v.is_active) continue;
      if (dir.insurance_count(v.id) == 0) missing_insurance.push_back(v.id);
      if (v.erp_supplier_no > 0) dir.mark_synced_in_erp(v.erp_supplier_no);
    }
  }
  std::cout << missing_insurance.size() << " active vendors without insurance on file\n";
  if (const char* add = std::getenv("VD_NEW_VENDOR")) dir.create_vendor(add, 0);
  return 0;
}
