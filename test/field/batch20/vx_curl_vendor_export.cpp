// vendor_export: dumps the Procore company directory (vendors) to CSV for the
// ERP import, flags vendors whose insurance is about to lapse, and writes the
// ERP vendor code back into Procore.
//
//   vendor_export <environment> <company name> [project_id ...]
//
// PROCORE_TOKEN must hold a valid access token for the chosen environment.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace vendor_export {

using json = nlohmann::json;

struct Environment {
  std::string_view name;
  std::string_view login;
  std::string_view api;
};

constexpr Environment kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
    {"us02", "https://login.procore.com", "https://us02.procore.com"},
};

constexpr std::string_view kErpBase = "https://erp.acme-builders.internal/api/v3";

struct CompanyId { std::int64_t value; };
struct ProjectId { std::int64_t value; };
struct VendorId { long value; };

struct ListCompanies {};
struct ListVendors { CompanyId company; int page; };
struct GetVendor { CompanyId company; VendorId vendor; };
struct ListProjectVendors { CompanyId company; ProjectId project; };
struct UpdateVendor { CompanyId company; VendorId vendor; json changes; };

using Request = std::variant<ListCompanies, ListVendors, GetVendor, ListProjectVendors, UpdateVendor>;

struct Call {
  const char* method;
  std::string path;
  std::optional<std::string> body;
  std::optional<CompanyId> company;
};

struct CallBuilder {
  static std::string str(std::int64_t v) { return std::to_string(v); }

  Call operator()(const ListCompanies&) const {
    return {"GET", "/rest/v1.0/companies", std::nullopt, std::nullopt};
  }
  Call operator()(const ListVendors& r) const {
    return {"GET",
            "/rest/v1.0/vendors?company_id=" + str(r.company.value) + "&page=" + std::to_string(r.page) +
                "&per_page=200",
            std::nullopt, r.company};
  }
  Call operator()(const GetVendor& r) const {
    return {"GET", "/rest/v1.0/vendors/" + str(r.vendor.value) + "?company_id=" + str(r.company.value),
            std::nullopt, r.company};
  }
  Call operator()(const ListProjectVendors& r) const {
    return {"GET", "/rest/v1.0/projects/" + str(r.project.value) + "/vendors", std::nullopt, r.company};
  }
  Call operator()(const UpdateVendor& r) const {
    const json body = {{"vendor", r.changes}};
    // company_id already travels in the query string
    return {"PATCH", "/rest/v1.0/vendors/" + str(r.vendor.value) + "?company_id=" + str(r.company.value),
            body.dump(), std::nullopt};
  }
};

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

class Session {
 public:
  Session(const Environment& env, std::string token)
      : env_(env), token_(std::move(token)), curl_(curl_easy_init()) {}
  ~Session() { curl_easy_cleanup(curl_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::optional<json> run(const Request& req) {
    const auto [method, path, body, company] = std::visit(CallBuilder{}, req);
    const std::string url = std::string(env_.api) + path;
    const std::string auth = "Authorization: Bearer " + token_;
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    std::string company_header;
    if (company) {
      company_header = "Procore-Company-Id: " + std::to_string(company->value);
      headers = curl_slist_append(headers, company_header.c_str());
    }
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
      headers = curl_slist_append(headers, "Content-Type: application/json");
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->c_str());
    }
    return perform(url, headers);
  }

  std::optional<json> vendor_insurances(CompanyId company, VendorId vendor) {
    const std::string url = std::string(env_.api) + "/rest/v1.0/vendors/" +
                            std::to_string(vendor.value) +
                            "/insurances?company_id=" + std::to_string(company.value);
    const std::string auth = "Authorization: Bearer " + token_;
    const std::string scope = "X-Procore-Company-Id: " + std::to_string(company.value);
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    headers = curl_slist_append(headers, scope.c_str());
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    return perform(url, headers);
  }

 private:
  std::optional<json> perform(const std::string& url, curl_slist* headers) {
    std::string response;
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response);
    const CURLcode rc = curl_easy_perform(curl_);
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK || status >= 300) {
      std::cerr << url << " -> " << (rc != CURLE_OK ? curl_easy_strerror(rc) : "HTTP error")
                << " (" << status << ")\n";
      return std::nullopt;
    }
    auto parsed = json::parse(response, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
  }

  Environment env_;
  std::string token_;
  CURL* curl_;
};

// The ERP keys vendors by its own small integer company code.
bool push_to_erp(const json& row, int erp_company) {
  CURL* c = curl_easy_init();
  if (!c) return false;
  const std::string url = std::string(kErpBase) + "/vendors/import";
  const std::string scope = "Company-Id: " + std::to_string(erp_company);
  const std::string payload = row.dump();
  curl_slist* h = curl_slist_append(nullptr, scope.c_str());
  h = curl_slist_append(h, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
  const bool ok = curl_easy_perform(c) == CURLE_OK;
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return ok;
}

std::optional<Environment> find_environment(std::string_view name) {
  for (const auto& env : kEnvironments)
    if (env.name == name) return env;
  return std::nullopt;
}

}  // namespace vendor_export

int main(int argc, char** argv) {
  using namespace vendor_export;
  if (argc < 3) {
    std::cerr << "usage: vendor_export <environment> <company name> [project_id ...]\n";
    return 2;
  }
  const auto env = find_environment(argv[1]);
  const char* token = std::getenv("PROCORE_TOKEN");
  if (!env || !token) {
    std::cerr << "unknown environment or PROCORE_TOKEN missing\n";
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Session session(*env, token);

  std::optional<CompanyId> company;
  if (const auto companies = session.run(ListCompanies{})) {
    for (const auto& c : *companies)
      if (c.value("name", "") == argv[2]) company = CompanyId{c.at("id").get<std::int64_t>()};
  }
  if (!company) {
    std::cerr << "company '" << argv[2] << "' not found\n";
    return 1;
  }

  const int erp_company = std::getenv("ERP_COMPANY") ? std::atoi(std::getenv("ERP_COMPANY")) : 10;
  std::FILE* csv = std::fopen("vendors.csv", "w");
  if (!csv) return 1;
  std::fprintf(csv, "procore_id,name,abbreviated_name,insurance_lapsing\n");

  int exported = 0;
  std::optional<VendorId> last_tagged;
  for (int page = 1;; ++page) {
    const auto vendors = session.run(ListVendors{*company, page});
    if (!vendors || vendors->empty()) break;
    for (const auto& v : *vendors) {
      const VendorId id{v.at("id").get<decltype(VendorId::value)>()};
      const auto insurances = session.vendor_insurances(*company, id);
      const bool lapsing = insurances && !insurances->empty() &&
                           insurances->front().value("status", "") == "expiring_soon";
      std::fprintf(csv, "%lld,\"%s\",\"%s\",%d\n", static_cast<long long>(id.value),
                   v.value("name", "").c_str(), v.value("abbreviated_name", "").c_str(), lapsing);
      if (push_to_erp({{"procore_id", id.value}, {"name", v.value("name", "")}}, erp_company)) {
        const json changes = {{"origin_id", "ERP-" + std::to_string(id.value)}};
        if (session.run(UpdateVendor{*company, id, changes})) last_tagged = id;
      }
      ++exported;
    }
  }
  std::fclose(csv);

  for (int i = 3; i < argc; ++i) {
    const int project_id = std::atoi(argv[i]);
    if (const auto vendors = session.run(ListProjectVendors{*company, ProjectId{project_id}})) {
      std::cout << "project " << project_id << ": " << vendors->size() << " vendors on site\n";
    }
  }

  if (last_tagged) {
    const auto check = session.run(GetVendor{*company, *last_tagged});
    if (!check || check->value("origin_id", "").rfind("ERP-", 0) != 0)
      std::cerr << "warning: origin_id write-back did not stick\n";
  }
  std::cout << "exported " << exported << " vendors\n";
  curl_global_cleanup();
  return 0;
}
