// vendor_sync: nightly job that mirrors the ERP vendor master into the Procore
// company directory. Authenticates as a Developer Managed Service Account
// (client_credentials grant), so there is no user and no refresh token.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace vsync {

using CompanyId = std::int64_t;
using VendorId = std::int64_t;

enum class Environment { Production, Sandbox, MonthlySandbox };

constexpr const char* api_base(Environment env) {
  switch (env) {
    case Environment::Production: return "https://api.procore.com";
    case Environment::Sandbox: return "https://sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://api-monthly.procore.com";
  }
  return "https://api.procore.com";
}

constexpr const char* auth_base(Environment env) {
  switch (env) {
    case Environment::Production: return "https://login.procore.com";
    case Environment::Sandbox: return "https://login-sandbox.procore.com";
    case Environment::MonthlySandbox: return "https://login-sandbox-monthly.procore.com";
  }
  return "https://login.procore.com";
}

// The insurance endpoints only existed on the old vapid routes when this was written.
constexpr const char* kVapidBase = "https://app.procore.com";

struct Vendor {
  VendorId id{};
  std::string name;
  std::string origin_id;  // ERP vendor number
  std::optional<std::string> email;
  bool is_active{true};
};

void from_json(const json& j, Vendor& v) {
  j.at("id").get_to(v.id);
  j.at("name").get_to(v.name);
  if (j.contains("origin_id") && j["origin_id"].is_string()) j["origin_id"].get_to(v.origin_id);
  if (j.contains("email_address") && j["email_address"].is_string()) v.email = j["email_address"].get<std::string>();
  v.is_active = j.value("is_active", true);
}

void to_json(json& j, const Vendor& v) {
  j = json{{"name", v.name}, {"origin_id", v.origin_id}, {"is_active", v.is_active}};
  if (v.email) j["email_address"] = *v.email;
}

struct Insurance {
  std::int64_t id{};
  std::string name;
  std::string exp_date;
};

void from_json(const json& j, Insurance& i) {
  i.id = j.at("id").get<int>();
  i.name = j.value("name", std::string{});
  i.exp_date = j.value("exp_date", std::string{});
}

struct Failure {
  int status;
  std::string body;
};

class ServiceClient {
 public:
  explicit ServiceClient(Environment env) : env_(env), api_(api_base(env)) {
    decorators_.push_back([this](httplib::Headers& h) { h.emplace("Authorization", "Bearer " + token_); });
  }

  bool authenticate(const std::string& id, const std::string& secret) {
    httplib::Client auth(auth_base(env_));
    auto res = auth.Post("/oauth/token", httplib::Params{{"grant_type", "client_credentials"},
                                                         {"client_id", id},
                                                         {"client_secret", secret}});
    if (!res || res->status != 200) return false;
    token_ = json::parse(res->body).at("access_token").get<std::string>();
    return true;
  }

  // Before we know the company we can only send the bearer token.
  std::optional<json> bootstrap_get(const std::string& path) {
    auto res = api_.Get(path, {{"Authorization", "Bearer " + token_}});
    if (!res || res->status != 200) return std::nullopt;
    return json::parse(res->body);
  }

  void bind_company(CompanyId company) {
    company_ = company;
    decorators_.push_back([company](httplib::Headers& h) { h.emplace("Procore-Company-Id", std::to_string(company)); });
  }

  template <typename T>
  std::vector<T> fetch_all(const std::string& path) {
    std::vector<T> out;
    for (int page = 1;; ++page) {
      auto res = api_.Get(path + "?page=" + std::to_string(page) + "&per_page=100", headers());
      if (!res || res->status != 200) break;
      auto batch = json::parse(res->body);
      for (auto& v : batch) out.push_back(v.get<T>());
      if (batch.size() < 100) break;
    }
    return out;
  }

  std::variant<Vendor, Failure> upsert(const Vendor& v, std::optional<VendorId> existing) {
    json body{{"company_id", company_}, {"vendor", v}};
    auto path = "/rest/v1.0/vendors" + (existing ? "/" + std::to_string(*existing) : std::string{});
    auto res = existing ? api_.Patch(path, headers(), body.dump(), "application/json")
                        : api_.Post(path, headers(), body.dump(), "application/json");
    if (!res) return Failure{0, "network"};
    if (res->status >= 300) return Failure{res->status, res->body};
    return json::parse(res->body).get<Vendor>();
  }

  std::vector<Insurance> insurances(VendorId vendor) {
    httplib::Client vapid(kVapidBase);
    auto res = vapid.Get("/vapid/companies/" + std::to_string(company_) + "/vendors/" + std::to_string(vendor) +
                             "/insurances",
                         headers());
    if (!res || res->status != 200) return {};
    return json::parse(res->body).get<std::vector<Insurance>>();
  }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    for (const auto& d : decorators_) d(h);
    return h;
  }

  Environment env_;
  httplib::Client api_;
  std::string token_;
  CompanyId company_{};
  std::vector<std::function<void(httplib::Headers&)>> decorators_;
};

std::vector<Vendor> load_erp_export(const std::string& file) {
  std::ifstream in(file);
  json rows = json::parse(in);
  std::vector<Vendor> out;
  for (const auto& r : rows) {
    Vendor v;
    v.name = r.at("legal_name").get<std::string>();
    v.origin_id = r.at("vendor_no").get<std::string>();
    if (r.contains("ap_email")) v.email = r["ap_email"].get<std::string>();
    out.push_back(v);
  }
  return out;
}

}  // namespace vsync

int main(int argc, char** argv) {
  using namespace vsync;
  const std::string export_file = argc > 1 ? argv[1] : "/data/erp/vendors.json";
  const char* env_name = std::getenv("PROCORE_ENV");
  Environment env = env_name && std::string(env_name) == "sandbox" ? Environment::Sandbox : Environment::Production;

  ServiceClient client(env);
  if (!client.authenticate(std::getenv("DMSA_CLIENT_ID"), std::getenv("DMSA_CLIENT_SECRET"))) {
    std::cerr << "client_credentials grant failed\n";
    return 1;
  }

  auto me = client.bootstrap_get("/rest/v1.0/me");
  auto companies = client.bootstrap_get("/rest/v1.0/companies");
  if (!me || !companies || companies->empty()) {
    std::cerr << "service account has no company access\n";
    return 1;
  }
  std::cout << "running as " << me->value("name", "service account") << "\n";
  const CompanyId company = (*companies)[0].at("id").get<CompanyId>();
  client.bind_company(company);

  std::map<std::string, Vendor> by_origin;
  std::map<std::int32_t, Vendor> by_id;
  for (auto& v : client.fetch_all<Vendor>("/rest/v1.0/companies/" + std::to_string(company) + "/vendors")) {
    by_id[v.id] = v;
    if (!v.origin_id.empty()) by_origin[v.origin_id] = v;
  }

  int created = 0, updated = 0, failed = 0;
  for (const auto& erp : load_erp_export(export_file)) {
    auto it = by_origin.find(erp.origin_id);
    std::optional<VendorId> existing = it == by_origin.end() ? std::nullopt : std::optional<VendorId>(it->second.id);
    auto result = client.upsert(erp, existing);
    if (auto* f = std::get_if<Failure>(&result)) {
      ++failed;
      std::cerr << erp.origin_id << ": HTTP " << f->status << " " << f->body << "\n";
      continue;
    }
    existing ? ++updated : ++created;
    const auto& saved = std::get<Vendor>(result);
    for (const auto& ins : client.insurances(saved.id))
      if (ins.exp_date < "2025-01-01") std::cout << saved.name << ": insurance " << ins.id << " expired\n";
  }
  std::cout << created << " created, " << updated << " updated, " << failed << " failed, " << by_id.size()
            << " vendors before sync\n";
  return failed ? 3 : 0;
}
