// dmsa_sandbox_smoke.cpp
//
// Post-deploy smoke test for the cost-sync service account (Developer Managed
// Service Account). Runs against the developer sandbox with the same
// client-credentials grant production uses, walks the endpoints the sync
// depends on and exits non-zero if any step fails. Results are posted to the
// #cost-sync-alerts Slack channel when SLACK_WEBHOOK_PATH is set.
//
//   usage: dmsa_sandbox_smoke <company_id>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const char* const kLoginHost = "login-sandbox.procore.com";
const char* const kApiHost = "sandbox.procore.com";

struct StepResult {
  std::string name;
  bool ok = false;
  std::string detail;
};

struct ApiReply {
  int status = 0;
  std::string body;
};

Poco::Net::Context::Ptr TlsContext() {
  static Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_RELAXED);
  return ctx;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string FetchServiceToken() {
  HTTPSClientSession session(kLoginHost, 443, TlsContext());
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("grant_type", "client_credentials");
  form.set("client_id", Env("PROCORE_DMSA_CLIENT_ID"));
  form.set("client_secret", Env("PROCORE_DMSA_CLIENT_SECRET"));
  form.prepareSubmit(req);
  form.write(session.sendRequest(req));
  HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  if (resp.getStatus() != HTTPResponse::HTTP_OK) return "";
  Poco::JSON::Parser parser;
  auto obj = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
  return obj->getValue<std::string>("access_token");
}

ApiReply ApiGet(const std::string& token, const std::string& path,
                std::optional<Poco::Int64> company_id) {
  HTTPSClientSession session(kApiHost, 443, TlsContext());
  session.setTimeout(Poco::Timespan(20, 0));
  HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  req.set("Accept", "application/json");
  if (company_id) req.set("Procore-Company-Id", std::to_string(*company_id));
  session.sendRequest(req);
  HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  ApiReply reply;
  reply.status = static_cast<int>(resp.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

void RevokeToken(const std::string& token) {
  HTTPSClientSession session("sandbox.procore.com", 443, TlsContext());
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/revoke", HTTPRequest::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("token", token);
  form.set("client_id", Env("PROCORE_DMSA_CLIENT_ID"));
  form.set("client_secret", Env("PROCORE_DMSA_CLIENT_SECRET"));
  form.prepareSubmit(req);
  form.write(session.sendRequest(req));
  HTTPResponse resp;
  session.receiveResponse(resp);
}

void PostToSlack(const std::string& text) {
  const std::string hook = Env("SLACK_WEBHOOK_PATH");
  if (hook.empty()) return;
  HTTPSClientSession session("hooks.slack.com", 443, TlsContext());
  HTTPRequest req(HTTPRequest::HTTP_POST, hook, HTTPRequest::HTTP_1_1);
  Poco::JSON::Object payload;
  payload.set("text", text);
  std::ostringstream body;
  payload.stringify(body);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.str().size()));
  session.sendRequest(req) << body.str();
  HTTPResponse resp;
  session.receiveResponse(resp);
}

StepResult Run(const std::string& name, const std::function<std::string()>& fn) {
  StepResult r{name, false, ""};
  try {
    r.detail = fn();
    r.ok = r.detail.rfind("FAIL", 0) != 0;
  } catch (const std::exception& e) {
    r.detail = std::string("FAIL exception: ") + e.what();
  }
  std::printf("[%s] %-18s %s\n", r.ok ? " ok " : "FAIL", name.c_str(), r.detail.c_str());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <company_id>\n", argv[0]);
    return 2;
  }
  const long company_id = std::stol(argv[1]);

  const std::string token = FetchServiceToken();
  if (token.empty()) {
    std::fprintf(stderr, "could not obtain a client-credentials token\n");
    return 1;
  }

  std::vector<StepResult> results;
  Poco::Int64 first_project = 0;

  results.push_back(Run("me", [&] {
    ApiReply r = ApiGet(token, "/rest/v1.0/me", std::nullopt);
    return r.status == 200 ? std::string("service account reachable")
                           : "FAIL status " + std::to_string(r.status);
  }));

  results.push_back(Run("companies", [&] {
    ApiReply r = ApiGet(token, "/rest/v1.0/companies", company_id);
    if (r.status != 200) return "FAIL status " + std::to_string(r.status);
    Poco::JSON::Parser p;
    auto arr = p.parse(r.body).extract<Poco::JSON::Array::Ptr>();
    return std::to_string(arr->size()) + " companies visible";
  }));

  results.push_back(Run("projects", [&] {
    ApiReply r = ApiGet(token, "/rest/v1.0/projects?company_id=" + std::to_string(company_id) +
                                   "&per_page=10", company_id);
    if (r.status != 200) return "FAIL status " + std::to_string(r.status);
    Poco::JSON::Parser p;
    auto arr = p.parse(r.body).extract<Poco::JSON::Array::Ptr>();
    if (arr->size() == 0) return std::string("FAIL no projects in sandbox company");
    first_project = arr->getObject(0)->getValue<int>("id");
    std::printf("  first project id=%d\n", static_cast<int>(first_project));
    return std::to_string(arr->size()) + " projects on page 1";
  }));

  results.push_back(Run("cost codes", [&] {
    if (first_project == 0) return std::string("FAIL skipped, no project");
    ApiReply r = ApiGet(token, "/rest/v1.0/cost_codes?project_id=" +
                                   std::to_string(first_project), company_id);
    return r.status == 200 ? std::string("cost codes readable")
                           : "FAIL status " + std::to_string(r.status);
  }));

  RevokeToken(token);

  int failures = 0;
  std::ostringstream summary;
  summary << "cost-sync sandbox smoke: ";
  for (const auto& r : results) {
    if (!r.ok) ++failures;
    summary << r.name << (r.ok ? "=ok " : "=FAIL ");
  }
  summary << "(https://developers.procore.com/documentation/developer-managed-service-accounts)";
  PostToSlack(summary.str());
  return failures == 0 ? 0 : 1;
}
