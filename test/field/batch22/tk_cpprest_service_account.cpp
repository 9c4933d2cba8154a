// tk_cpprest_service_account.cpp
//
// Submittal-status mirror run by ops as a Developer Managed Service Account.
// Each customer company installs the DMSA separately, so credentials and the
// cached client-credentials token are kept per company. All API traffic goes
// through ServiceSession, which stamps Authorization and the company header.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using Clock = std::chrono::steady_clock;

struct Endpoints {
  utility::string_t login;
  utility::string_t api;
};

static Endpoints endpointsFor(const std::string& env) {
  if (env == "monthly")
    return {U("https://api-monthly.procore.com"), U("https://api-monthly.procore.com")};
  if (env == "sandbox")
    return {U("https://login-sandbox.procore.com"), U("https://sandbox.procore.com")};
  return {U("https://login.procore.com"), U("https://api.procore.com")};
}

struct ServiceCredentials {
  utility::string_t client_id;
  utility::string_t client_secret;
};

struct CachedToken {
  utility::string_t access_token;
  Clock::time_point expires_at;
};

class ClientCredentialsTokenSource {
 public:
  explicit ClientCredentialsTokenSource(const Endpoints& ep) : login_(ep.login) {}

  void addCompany(int64_t company_id, ServiceCredentials creds) { creds_[company_id] = std::move(creds); }

  utility::string_t token(int64_t company_id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(company_id);
    if (it != cache_.end() && Clock::now() < it->second.expires_at) return it->second.access_token;
    return fetchLocked(company_id);
  }

  void invalidate(int64_t company_id) {
    std::lock_guard<std::mutex> lock(mu_);
    cache_.erase(company_id);
  }

  // Diagnostics only: what does Procore think this token is?
  json::value describe(int64_t company_id) {
    http_request req(methods::GET);
    req.set_request_uri(U("/oauth/token/info"));
    req.headers().add(header_names::authorization, U("Bearer ") + token(company_id));
    return login_.request(req).get().extract_json().get();
  }

 private:
  utility::string_t fetchLocked(int64_t company_id) {
    const ServiceCredentials& c = creds_.at(company_id);
    json::value body;
    body[U("grant_type")] = json::value::string(U("client_credentials"));
    body[U("client_id")] = json::value::string(c.client_id);
    body[U("client_secret")] = json::value::string(c.client_secret);
    http_response resp = login_.request(methods::POST, U("/oauth/token"), body).get();
    if (resp.status_code() != status_codes::OK)
      throw std::runtime_error("client_credentials grant failed: " + std::to_string(resp.status_code()));
    json::value j = resp.extract_json().get();
    CachedToken t;
    t.access_token = j.at(U("access_token")).as_string();
    const int ttl = j.at(U("expires_in")).as_integer();
    t.expires_at = Clock::now() + std::chrono::seconds(ttl - 120);
    cache_[company_id] = t;
    return t.access_token;
  }

  http_client login_;
  std::mutex mu_;
  std::map<int64_t, ServiceCredentials> creds_;
  std::unordered_map<long, CachedToken> cache_;
};

class ServiceSession {
 public:
  ServiceSession(const Endpoints& ep, ClientCredentialsTokenSource& tokens, int64_t company_id)
      : api_(ep.api), tokens_(tokens), company_id_(company_id) {}

  json::value get(const utility::string_t& path) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      http_request req(methods::GET);
      req.set_request_uri(path);
      req.headers().add(header_names::authorization, U("Bearer ") + tokens_.token(company_id_));
      req.headers().add(U("Procore-Company-Id"), std::to_string(company_id_));
      http_response resp = api_.request(req).get();
      if (resp.status_code() == status_codes::Unauthorized && attempt == 0) {
        tokens_.invalidate(company_id_);
        continue;
      }
      if (resp.status_code() >= 400) throw std::runtime_error("GET " + path + " failed");
      return resp.extract_json().get();
    }
    throw std::runtime_error("still unauthorized: " + path);
  }

  // Bare call without the session headers; only the token is needed here.
  json::value getWithToken(const utility::string_t& path) {
    http_request req(methods::GET);
    req.set_request_uri(path);
    req.headers().add(header_names::authorization, U("Bearer ") + tokens_.token(company_id_));
    return api_.request(req).get().extract_json().get();
  }

 private:
  http_client api_;
  ClientCredentialsTokenSource& tokens_;
  int64_t company_id_;
};

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: submittal-mirror <env> <company_id>\n";
    return 2;
  }
  const Endpoints ep = endpointsFor(argv[1]);
  const int64_t company_id = std::stoll(argv[2]);

  ClientCredentialsTokenSource tokens(ep);
  tokens.addCompany(company_id, {std::getenv("DMSA_CLIENT_ID"), std::getenv("DMSA_CLIENT_SECRET")});
  ServiceSession session(ep, tokens, company_id);

  std::cout << "token: " << tokens.describe(company_id).serialize() << "\n";

  json::value me = session.get(U("/rest/v1.0/me"));
  std::cout << "service account user " << me.at(U("id")).as_number().to_int64() << "\n";

  json::value companies = session.getWithToken(U("/rest/v1.0/companies"));
  std::cout << companies.as_array().size() << " companies granted to this DMSA\n";

  json::value projects =
      session.get(U("/rest/v1.0/projects?company_id=") + std::to_string(company_id));
  int total = 0;
  for (const auto& p : projects.as_array()) {
    const int64_t project_id = p.at(U("id")).as_number().to_int64();
    json::value subs = session.get(U("/rest/v1.1/projects/") + std::to_string(project_id) + U("/submittals"));
    for (const auto& s : subs.as_array()) {
      const int submittal_id = s.at(U("id")).as_integer();
      std::cout << project_id << "/" << submittal_id << " "
                << s.at(U("status")).at(U("name")).as_string() << "\n";
      ++total;
    }
  }
  std::cout << total << " submittals mirrored; docs: https://developers.procore.com/documentation/"
            << "developer-managed-service-accounts\n";
  return 0;
}
