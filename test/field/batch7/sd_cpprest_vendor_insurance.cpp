// sd_cpprest_vendor_insurance.cpp
//
// Service-account job (Developer Managed Service Account, client-credentials
// grant). Walks the company vendor directory, collects insurance certificates
// expiring in the next 30 days and posts a digest to the safety channel.
// The whole run is one pplx .then() chain sharing a RunContext.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace cfg {
const utility::string_t kLogin = U("https://login.procore.com");
const utility::string_t kApi = U("https://api.procore.com");
const utility::string_t kSlack = U("https://hooks.slack.com");
const int kWarnDays = 30;
}  // namespace cfg

struct VendorRow {
  int64_t id = 0;
  utility::string_t name;
  int expiring = 0;
};

struct RunContext {
  utility::string_t token;
  int64_t company_id = 0;
  utility::string_t company_name;
  utility::string_t cutoff;  // YYYY-MM-DD
  std::vector<VendorRow> vendors;
  std::vector<utility::string_t> digest;
};

static utility::string_t date_in_days(int days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

static pplx::task<json::value> expect_json(http_response r, const char* what) {
  if (r.status_code() != status_codes::OK) {
    std::ostringstream msg;
    msg << what << " failed with HTTP " << r.status_code();
    throw std::runtime_error(msg.str());
  }
  return r.extract_json();
}

static pplx::task<utility::string_t> fetch_token(const std::string& client_id,
                                                 const std::string& secret) {
  http_client login(cfg::kLogin);
  http_request req(methods::POST);
  req.set_request_uri(U("/oauth/token"));
  json::value body;
  body[U("grant_type")] = json::value::string(U("client_credentials"));
  body[U("client_id")] = json::value::string(client_id);
  body[U("client_secret")] = json::value::string(secret);
  req.set_body(body);
  return login.request(req)
      .then([](http_response r) { return expect_json(r, "token"); })
      .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

// Every REST request for this run is shaped here.
static http_request api_get(const std::shared_ptr<RunContext>& ctx, const utility::string_t& uri) {
  http_request req(methods::GET);
  req.set_request_uri(uri);
  req.headers().add(header_names::authorization, U("Bearer ") + ctx->token);
  req.headers().add(U("Procore-Company-Id"), std::to_string(ctx->company_id));
  return req;
}

static http_request insurance_request(const std::shared_ptr<RunContext>& ctx, int vendor_id) {
  http_request req(methods::GET);
  std::ostringstream uri;
  uri << "/rest/v1.0/vendors/" << vendor_id << "/insurances?company_id=" << ctx->company_id;
  req.set_request_uri(uri.str());
  req.headers().add(header_names::authorization, U("Bearer ") + ctx->token);
  req.headers().add(U("X-Procore-Company-Id"), std::to_string(ctx->company_id));
  return req;
}

static pplx::task<void> post_digest(const std::shared_ptr<RunContext>& ctx, const char* hook_path) {
  if (ctx->digest.empty() || !hook_path) return pplx::task_from_result();
  std::ostringstream text;
  text << "Insurance expiring before " << ctx->cutoff << " at " << ctx->company_name << ":\n";
  for (const auto& line : ctx->digest) text << "- " << line << "\n";
  json::value msg;
  msg[U("text")] = json::value::string(text.str());
  http_client slack(cfg::kSlack);
  http_request req(methods::POST);
  req.set_request_uri(hook_path);
  req.set_body(msg);
  return slack.request(req).then([](http_response r) {
    if (r.status_code() != status_codes::OK)
      std::cerr << "slack webhook returned " << r.status_code() << "\n";
  });
}

int main() {
  const char* client_id = std::getenv("DMSA_CLIENT_ID");
  const char* secret = std::getenv("DMSA_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!client_id || !secret || !company) {
    std::cerr << "DMSA_CLIENT_ID, DMSA_CLIENT_SECRET and PROCORE_COMPANY_ID are required\n";
    return 2;
  }
  auto ctx = std::make_shared<RunContext>();
  ctx->company_id = std::stoll(company);
  ctx->cutoff = date_in_days(cfg::kWarnDays);
  const char* hook_path = std::getenv("SAFETY_SLACK_HOOK_PATH");
  http_client api(cfg::kApi);

  auto run =
      fetch_token(client_id, secret)
          .then([ctx, &api](utility::string_t token) {
            ctx->token = token;
            http_request req(methods::GET);
            req.set_request_uri(U("/rest/v1.0/companies"));
            req.headers().add(header_names::authorization, U("Bearer ") + ctx->token);
            return api.request(req);
          })
          .then([](http_response r) { return expect_json(r, "companies"); })
          .then([ctx, &api](json::value companies) {
            for (const auto& c : companies.as_array())
              if (c.at(U("id")).as_number().to_int64() == ctx->company_id)
                ctx->company_name = c.at(U("name")).as_string();
            if (ctx->company_name.empty())
              throw std::runtime_error("service account has no access to company");
            std::ostringstream uri;
            uri << "/rest/v1.0/vendors?company_id=" << ctx->company_id << "&per_page=300";
            return api.request(api_get(ctx, uri.str()));
          })
          .then([](http_response r) { return expect_json(r, "vendors"); })
          .then([ctx, &api](json::value vendors) {
            std::vector<pplx::task<void>> checks;
            for (const auto& v : vendors.as_array()) {
              VendorRow row;
              row.id = v.at(U("id")).as_integer();
              row.name = v.at(U("name")).as_string();
              ctx->vendors.push_back(row);
            }
            for (std::size_t i = 0; i < ctx->vendors.size(); ++i) {
              checks.push_back(
                  api.request(insurance_request(ctx, ctx->vendors[i].id))
                      .then([](http_response r) { return expect_json(r, "insurances"); })
                      .then([ctx, i](json::value insurances) {
                        VendorRow& row = ctx->vendors[i];
                        for (const auto& ins : insurances.as_array()) {
                          if (!ins.has_field(U("expiration_date")) ||
                              ins.at(U("expiration_date")).is_null())
                            continue;
                          if (ins.at(U("expiration_date")).as_string() <= ctx->cutoff) {
                            ++row.expiring;
                            std::ostringstream line;
                            line << row.name << " (" << ins.at(U("insurance_type")).serialize()
                                 << ") https://app.procore.com/" << ctx->company_id
                                 << "/company/directory/vendors/" << row.id;
                            ctx->digest.push_back(line.str());
                          }
                        }
                      }));
            }
            return pplx::when_all(checks.begin(), checks.end());
          })
          .then([ctx, hook_path]() { return post_digest(ctx, hook_path); });

  try {
    run.wait();
  } catch (const std::exception& e) {
    std::cerr << "vendor insurance check failed: " << e.what() << "\n";
    return 1;
  }
  int flagged = 0;
  for (const auto& row : ctx->vendors) flagged += row.expiring > 0 ? 1 : 0;
  std::cout << flagged << " of " << ctx->vendors.size() << " vendors need new certificates\n";
  return 0;
}
