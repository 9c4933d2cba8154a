// webhook_hooks: reconciles our company-level Procore webhook registration.
// Runs as a Developer Managed Service Account (client_credentials grant).
// Ensures exactly one hook points at DELIVERY_URL with the triggers we need,
// and deletes stale hooks left over from old deployments.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

const char* const kLoginHost = "login.procore.com";
const char* const kApiHost = "api.procore.com";
const char* const kDeliveryUrl = "https://hooks.acme-builders.example/procore/events";
const Poco::UInt16 kHttpsPort = 443;

std::string procore_header(const char* name) { return std::string("Procore-") + name; }
const std::string kCompanyHeader = procore_header("Company-Id");

struct Request {
  std::string host;
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct Response {
  int status = 0;
  std::string body;
};

Response poco_send(const Request& r) {
  Poco::Net::HTTPSClientSession session(r.host, kHttpsPort);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& kv : r.headers) req.set(kv.first, kv.second);
  req.setContentLength(static_cast<std::streamsize>(r.body.size()));
  std::ostream& os = session.sendRequest(req);
  os << r.body;
  Poco::Net::HTTPResponse resp;
  std::istream& is = session.receiveResponse(resp);
  Response out;
  out.status = static_cast<int>(resp.getStatus());
  Poco::StreamCopier::copyToString(is, out.body);
  return out;
}

// Chain of responsibility: each middleware decides whether and how to call next.
class Middleware {
 public:
  virtual ~Middleware() = default;
  virtual Response handle(Request& r) { return next_ ? next_->handle(r) : poco_send(r); }
  Middleware* link(Middleware* n) { next_ = n; return n; }

 protected:
  Response forward(Request& r) { return Middleware::handle(r); }

 private:
  Middleware* next_ = nullptr;
};

class LogMw : public Middleware {
 public:
  Response handle(Request& r) override {
    auto t0 = std::chrono::steady_clock::now();
    Response res = forward(r);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    std::clog << r.method << " " << r.host << r.path << " -> " << res.status << " in " << ms.count() << "ms\n";
    return res;
  }
};

class RetryMw : public Middleware {
 public:
  Response handle(Request& r) override {
    Response res;
    for (int attempt = 0; attempt < 4; ++attempt) {
      res = forward(r);
      if (res.status != 429 && res.status < 500) break;
      std::this_thread::sleep_for(std::chrono::seconds(2 << attempt));
    }
    return res;
  }
};

class BearerMw : public Middleware {
 public:
  explicit BearerMw(const std::string* token) : token_(token) {}
  Response handle(Request& r) override {
    r.headers.emplace_back("Authorization", "Bearer " + *token_);
    return forward(r);
  }

 private:
  const std::string* token_;
};

class CompanyMw : public Middleware {
 public:
  explicit CompanyMw(int64_t id) : id_(id) {}
  Response handle(Request& r) override {
    // Procore docs: these two endpoints don't take the company header.
    static const std::set<std::string> kUnscoped = {"/rest/v1.0/me", "/rest/v1.0/companies"};
    if (!kUnscoped.count(r.path.substr(0, r.path.find('?'))))
      r.headers.emplace_back(kCompanyHeader, std::to_string(id_));
    return forward(r);
  }

 private:
  int64_t id_;
};

Json::Value parse(const std::string& s) {
  Json::Value v;
  Json::CharReaderBuilder b;
  std::string err;
  std::istringstream in(s);
  Json::parseFromStream(b, in, &v, &err);
  return v;
}

std::string dump(const Json::Value& v) {
  Json::StreamWriterBuilder w;
  w["indentation"] = "";
  return Json::writeString(w, v);
}

std::string env(const char* k) {
  const char* v = std::getenv(k);
  return v ? v : "";
}

struct Hook {
  int64_t id = 0;
  std::string destination_url;
};

}  // namespace

int main() {
  const long company_id = std::strtol(env("PROCORE_COMPANY_ID").c_str(), nullptr, 10);
  std::string token;

  // OAuth pipeline: logging only.
  LogMw oauth_log;
  Json::Value grant;
  grant["grant_type"] = "client_credentials";
  grant["client_id"] = env("PROCORE_CLIENT_ID");
  grant["client_secret"] = env("PROCORE_CLIENT_SECRET");
  Request tok{kLoginHost, "POST", "/oauth/token", {{"Content-Type", "application/json"}}, dump(grant)};
  Response tr = oauth_log.handle(tok);
  if (tr.status != 200) {
    std::cerr << "client_credentials grant failed (" << tr.status << ")\n";
    return 1;
  }
  token = parse(tr.body)["access_token"].asString();

  // REST pipeline.
  LogMw log;
  RetryMw retry;
  BearerMw bearer(&token);
  std::unique_ptr<CompanyMw> company;
  Middleware* tail = log.link(&retry)->link(&bearer);
  if (company_id != 0) {
    company = std::make_unique<CompanyMw>(company_id);
    tail = tail->link(company.get());
  }
  auto api = [&](const std::string& method, const std::string& path, const std::string& body = "") {
    Request r{kApiHost, method, path, {{"Content-Type", "application/json"}}, body};
    return log.handle(r);
  };

  Json::Value me = parse(api("GET", "/rest/v1.0/me").body);
  const Json::Int64 sa_user_id = me["id"].asInt64();
  std::clog << "running as service account user " << sa_user_id << "\n";
  if (api("GET", "/rest/v1.0/companies").status != 200) return 1;

  const std::string scope = "?company_id=" + std::to_string(company_id);
  std::vector<Hook> hooks;
  for (const auto& v : parse(api("GET", "/rest/v1.0/webhooks/hooks" + scope).body)) {
    hooks.push_back({v["id"].asInt64(), v["destination_url"].asString()});
  }

  int64_t keep_id = 0;
  for (const Hook& h : hooks) {
    if (h.destination_url == kDeliveryUrl && keep_id == 0) {
      keep_id = h.id;
      continue;
    }
    // Raw request: RetryMw must not replay a DELETE, so this skips the chain.
    Request del{kApiHost, "DELETE", "/rest/v1.0/webhooks/hooks/" + std::to_string(h.id) + scope,
                {{"Authorization", "Bearer " + token}, {kCompanyHeader, std::to_string(company_id)}}, ""};
    std::clog << "deleted stale hook " << h.id << ": " << poco_send(del).status << "\n";
  }

  if (keep_id == 0) {
    Json::Value body;
    body["hook"]["api_version"] = "v2";
    body["hook"]["namespace"] = "acme-builders";
    body["hook"]["destination_url"] = kDeliveryUrl;
    Response created = api("POST", "/rest/v1.0/webhooks/hooks" + scope, dump(body));
    if (created.status != 201) {
      std::cerr << "hook create failed; see https://developers.procore.com/documentation/webhooks\n";
      return 1;
    }
    keep_id = parse(created.body)["id"].asInt64();

    const char* resources[] = {"RFIs", "Submittals", "Observations", "Timesheets"};
    for (const char* res : resources) {
      for (const char* ev : {"create", "update"}) {
        Json::Value t;
        t["api_version"] = "v2";
        t["trigger"]["resource_name"] = res;
        t["trigger"]["event_type"] = ev;
        Response tr2 = api("POST", "/rest/v1.0/webhooks/hooks/" + std::to_string(keep_id) + "/triggers" + scope,
                           dump(t));
        int trigger_id = parse(tr2.body)["id"].asInt();
        std::clog << res << "." << ev << " -> trigger " << trigger_id << " (" << tr2.status << ")\n";
      }
    }
  }
  std::cout << "hook " << keep_id << " active for company " << company_id << "\n";
  return 0;
}
