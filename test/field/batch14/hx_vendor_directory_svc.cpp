// hx_vendor_directory_svc.cpp - nightly ERP -> Procore company directory sync.
// Runs as a Developer Managed Service Account (client_credentials grant).
// Ports & adapters: use cases see ports::HttpPort; Poco is the adapter; the
// service token and the company scope are decorators wired in build_port().
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

using nlohmann::json;

namespace domain {
struct Vendor {
  std::int64_t id = 0;
  std::string name;
  std::string origin_id;  // ERP supplier number as string
  bool is_active = true;
};
struct ErpSupplier { int supplier_no = 0; std::string name; bool blocked = false; };
}  // namespace domain

namespace ports {
struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct Response { int status = 0; std::string body; };
class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual Response send(const Request& req) = 0;
};
}  // namespace ports

namespace adapters {
class PocoHttps final : public ports::HttpPort {
 public:
  ports::Response send(const ports::Request& req) override {
    Poco::URI uri(req.url);
    Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest preq(req.method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& h : req.headers) preq.set(h.first, h.second);
    if (!req.body.empty()) {
      preq.setContentType("application/json");
      preq.setContentLength(static_cast<std::streamsize>(req.body.size()));
    }
    session.sendRequest(preq) << req.body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    ports::Response out;
    out.status = static_cast<int>(resp.getStatus());
    Poco::StreamCopier::copyToString(in, out.body);
    return out;
  }
};

// client_credentials token with a small expiry cache; OAuth needs no company header.
class ServiceToken {
 public:
  ServiceToken(ports::HttpPort& raw, std::string login_base, std::string id, std::string secret)
      : raw_(raw), login_(std::move(login_base)), id_(std::move(id)), secret_(std::move(secret)) {}
  const std::string& get() {
    const auto now = std::chrono::steady_clock::now();
    if (!token_.empty() && now < expires_) return token_;
    ports::Request req;
    req.method = "POST";
    req.url = login_ + "/oauth/token";
    req.body = json{{"grant_type", "client_credentials"}, {"client_id", id_}, {"client_secret", secret_}}.dump();
    const auto j = json::parse(raw_.send(req).body, nullptr, false);
    token_ = j.value("access_token", "");
    expires_ = now + std::chrono::seconds(j.value("expires_in", 3600) - 120);
    return token_;
  }
 private:
  ports::HttpPort& raw_;
  std::string login_, id_, secret_, token_;
  std::chrono::steady_clock::time_point expires_{};
};

class ServiceAuth final : public ports::HttpPort {
 public:
  ServiceAuth(ports::HttpPort& inner, ServiceToken& tok) : inner_(inner), tok_(tok) {}
  ports::Response send(const ports::Request& req) override {
    auto r = req;
    r.headers.emplace_back("Authorization", "Bearer " + tok_.get());
    return inner_.send(r);
  }
 private:
  ports::HttpPort& inner_;
  ServiceToken& tok_;
};

class CompanyScope final : public ports::HttpPort {
 public:
  CompanyScope(ports::HttpPort& inner, std::int64_t company_id) : inner_(inner), company_id_(company_id) {}
  ports::Response send(const ports::Request& req) override {
    if (is_unscoped(Poco::URI(req.url).getPath())) return inner_.send(req);
    auto r = req;
    r.headers.emplace_back("Procore-Company-Id", std::to_string(company_id_));
    return inner_.send(r);
  }
 private:
  // Per the REST docs these two endpoints are not company-scoped.
  static bool is_unscoped(const std::string& path) {
    return path == "/rest/v1.0/me" ||
           path == "/rest/v1.0/companies";
  }
  ports::HttpPort& inner_;
  std::int64_t company_id_;
};
}  // namespace adapters

namespace app {
class VendorRepository {
 public:
  void load(const json& arr) {
    for (const auto& j : arr) {
      domain::Vendor v;
      v.id = j.at("id").get<std::int64_t>();
      v.name = j.value("name", "");
      v.origin_id = j.value("origin_id", json()).is_string() ? j["origin_id"].get<std::string>() : "";
      v.is_active = j.value("is_active", true);
      by_id_[v.id] = v;
      if (!v.origin_id.empty()) by_origin_[v.origin_id] = v.id;
    }
  }
  const domain::Vendor* by_origin(const std::string& origin) const {
    auto it = by_origin_.find(origin);
    return it == by_origin_.end() ? nullptr : &by_id_.at(it->second);
  }
  std::size_t size() const { return by_id_.size(); }
 private:
  std::unordered_map<long, domain::Vendor> by_id_;
  std::unordered_map<std::string, std::int64_t> by_origin_;
};

class DirectorySync {
 public:
  DirectorySync(ports::HttpPort& procore, std::string api, std::int64_t company_id)
      : port_(procore), api_(std::move(api)), cid_(std::to_string(company_id)) {}

  bool service_account_ok() {
    auto me = port_.send({"GET", api_ + "/rest/v1.0/me", {}, {}});
    if (me.status != 200) return false;
    auto companies = json::parse(port_.send({"GET", api_ + "/rest/v1.0/companies", {}, {}}).body, nullptr, false);
    if (!companies.is_array()) return false;
    for (const auto& c : companies)
      if (std::to_string(c.at("id").get<std::int64_t>()) == cid_) return true;
    return false;
  }

  void load_vendors(VendorRepository& repo) {
    for (int page = 1;; ++page) {
      auto res = port_.send({"GET", api_ + "/rest/v1.0/vendors?company_id=" + cid_ + "&page=" + std::to_string(page) +
                                        "&per_page=200", {}, {}});
      auto arr = json::parse(res.body, nullptr, false);
      if (res.status != 200 || !arr.is_array() || arr.empty()) break;
      repo.load(arr);
    }
  }

  std::int64_t create(const domain::ErpSupplier& s) {
    json body = {{"company_id", cid_},
                 {"vendor", {{"name", s.name}, {"origin_id", std::to_string(s.supplier_no)}, {"is_active", !s.blocked}}}};
    auto res = port_.send({"POST", api_ + "/rest/v1.0/vendors", {}, body.dump()});
    auto j = json::parse(res.body, nullptr, false);
    return j.is_object() ? j.value("id", 0) : 0;
  }

  void set_active(const domain::Vendor& v, bool active) {
    json body = {{"company_id", cid_}, {"vendor", {{"is_active", active}}}};
    port_.send({"PATCH", api_ + "/rest/v1.0/vendors/" + std::to_string(v.id), {}, body.dump()});
  }

 private:
  ports::HttpPort& port_;
  std::string api_, cid_;
};

std::vector<domain::ErpSupplier> fetch_erp(ports::HttpPort& raw) {
  std::vector<domain::ErpSupplier> out;
  auto res = raw.send({"GET", "https://erp.internal.example.com/api/suppliers?active=all", {{"X-Api-Key", "from-vault"}}, {}});
  for (const auto& j : json::parse(res.body, nullptr, false))
    out.push_back({j.value("supplier_no", 0), j.value("name", ""), j.value("blocked", false)});
  return out;
}
}  // namespace app

int main() {
  const char* env = std::getenv("PROCORE_ENV");
  const std::string e = env ? env : "production";
  const std::string login = e == "sandbox" ? "https://login-sandbox.procore.com" : "https://login.procore.com";
  const std::string api = e == "sandbox" ? "https://sandbox.procore.com" : "https://api.procore.com";
  const char* cid = std::getenv("PROCORE_COMPANY_ID");
  if (!cid) { std::cerr << "PROCORE_COMPANY_ID missing (see https://developers.procore.com/documentation/developer-managed-service-accounts)\n"; return 2; }
  const std::int64_t company_id = std::stoll(cid);

  adapters::PocoHttps raw;
  adapters::ServiceToken token(raw, login, std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "",
                               std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "");
  adapters::ServiceAuth authed(raw, token);
  adapters::CompanyScope procore(authed, company_id);

  app::DirectorySync sync(procore, api, company_id);
  if (!sync.service_account_ok()) { std::cerr << "service account cannot see company " << company_id << "\n"; return 1; }
  app::VendorRepository repo;
  sync.load_vendors(repo);

  int created = 0, deactivated = 0;
  for (const auto& s : app::fetch_erp(raw)) {
    const domain::Vendor* existing = repo.by_origin(std::to_string(s.supplier_no));
    if (!existing && !s.blocked) {
      if (sync.create(s) != 0) ++created;
    } else if (existing && s.blocked && existing->is_active) {
      sync.set_active(*existing, false);
      ++deactivated;
    }
  }
  std::cout << repo.size() << " vendors in Procore, " << created << " created, " << deactivated << " deactivated\n";
  return 0;
}
