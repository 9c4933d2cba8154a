// submittal_report: weekly "where is every submittal" digest for the PM
// meeting. Pulls the submittal log for one project from the Procore developer
// sandbox, groups it by status and ball-in-court, posts a summary to Slack.
//
//   submittal_report <company_id> <project_id>   (token in PROCORE_REFRESH_TOKEN)
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

const std::string kAuthHost = "sandbox.procore.com";
const std::string kApiHost = "sandbox.procore.com";
const Poco::UInt16 kHttpsPort = 443;

class RequestSpec {
 public:
  static RequestSpec get(const std::string& path) { return RequestSpec(HTTPRequest::HTTP_GET, path); }
  static RequestSpec post(const std::string& path) { return RequestSpec(HTTPRequest::HTTP_POST, path); }

  RequestSpec& path(const std::string& more) { uri_.setPath(uri_.getPath() + more); return *this; }
  RequestSpec& query(const std::string& k, const std::string& v) { uri_.addQueryParameter(k, v); return *this; }
  RequestSpec& header(const std::string& k, const std::string& v) { headers_.emplace_back(k, v); return *this; }
  RequestSpec& bearer(const std::string& tok) { return header("Authorization", "Bearer " + tok); }
  RequestSpec& companyScope(Poco::Int64 id) { return header("Procore-Company-Id", std::to_string(id)); }
  RequestSpec& body(std::string b, std::string type) {
    body_ = std::move(b);
    type_ = std::move(type);
    return *this;
  }

  HTTPRequest build() const {
    HTTPRequest req(method_, uri_.getPathAndQuery(), HTTPRequest::HTTP_1_1);
    for (const auto& h : headers_) req.set(h.first, h.second);
    if (!body_.empty()) {
      req.setContentType(type_);
      req.setContentLength(static_cast<std::streamsize>(body_.size()));
    }
    return req;
  }
  const std::string& payload() const { return body_; }

 private:
  RequestSpec(std::string method, const std::string& path) : method_(std::move(method)), uri_(path) {}
  std::string method_;
  Poco::URI uri_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_, type_;
};

class ApiSession {
 public:
  explicit ApiSession(const std::string& host)
      : ctx_(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                    Poco::Net::Context::VERIFY_RELAXED)),
        session_(host, kHttpsPort, ctx_) {
    session_.setKeepAlive(true);
  }

  Poco::Dynamic::Var send(const RequestSpec& spec, int* statusOut = nullptr) {
    HTTPRequest req = spec.build();
    std::ostream& os = session_.sendRequest(req);
    os << spec.payload();
    HTTPResponse resp;
    std::istream& is = session_.receiveResponse(resp);
    std::string text;
    Poco::StreamCopier::copyToString(is, text);
    if (statusOut) *statusOut = resp.getStatus();
    if (text.empty() || resp.getStatus() >= 400) return {};
    return Poco::JSON::Parser().parse(text);
  }

 private:
  Poco::Net::Context::Ptr ctx_;
  Poco::Net::HTTPSClientSession session_;
};

struct SubmittalLine {
  std::int32_t id = 0;
  std::string number;
  std::string title;
  std::string status;
  Poco::Int64 ballInCourtId = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: submittal_report <company_id> <project_id>\n";
    return 64;
  }
  const int companyId = Poco::NumberParser::parse(argv[1]);
  const Poco::Int64 projectId = Poco::NumberParser::parse64(argv[2]);
  const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  if (!refresh || companyId == 0) return 64;

  // --- token -----------------------------------------------------------------
  ApiSession auth(kAuthHost);
  std::string form = "grant_type=refresh_token&refresh_token=" + std::string(refresh) +
                     "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                     "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
  Poco::Dynamic::Var tok =
      auth.send(RequestSpec::post("/oauth/token").body(form, "application/x-www-form-urlencoded"));
  if (tok.isEmpty()) return 1;
  const std::string access = tok.extract<Object::Ptr>()->getValue<std::string>("access_token");

  // --- submittal log -----------------------------------------------------------
  ApiSession api(kApiHost);
  Poco::Dynamic::Var me = api.send(RequestSpec::get("/rest/v1.0/me").bearer(access));
  const std::string who = me.isEmpty() ? "unknown" : me.extract<Object::Ptr>()->optValue<std::string>("name", "?");

  RequestSpec project = RequestSpec::get("/rest/v1.0/projects/" + std::to_string(projectId)).bearer(access);
  RequestSpec list = project;
  list.path("/submittals").companyScope(companyId).query("per_page", "500");

  int status = 0;
  Poco::Dynamic::Var log = api.send(list, &status);
  if (log.isEmpty()) {
    std::cerr << "submittal list failed: HTTP " << status << "\n";
    return 2;
  }

  std::vector<SubmittalLine> lines;
  std::map<int, std::string> approverNames;
  Array::Ptr arr = log.extract<Array::Ptr>();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    Object::Ptr s = arr->getObject(static_cast<unsigned>(i));
    SubmittalLine line;
    line.id = s->getValue<std::int32_t>("id");
    line.number = s->optValue<std::string>("number", "");
    line.title = s->optValue<std::string>("title", "");
    if (Object::Ptr st = s->getObject("status")) line.status = st->optValue<std::string>("name", "Draft");
    lines.push_back(line);
  }

  // Ball in court is only on the detail endpoint.
  std::map<std::string, int> byStatus;
  for (auto& line : lines) {
    RequestSpec detail = project;
    detail.path("/submittals/" + std::to_string(line.id));
    Poco::Dynamic::Var d = api.send(detail);
    ++byStatus[line.status];
    if (d.isEmpty()) continue;
    Array::Ptr bic = d.extract<Object::Ptr>()->getArray("ball_in_court");
    if (!bic || bic->size() == 0) continue;
    Object::Ptr first = bic->getObject(0);
    line.ballInCourtId = first->getValue<Poco::Int64>("id");
    approverNames[line.ballInCourtId] = first->optValue<std::string>("name", "?");
  }

  // Packages give the headings for the digest.
  RequestSpec pk = project;
  pk.path("/submittal_packages");
  const bool scoped = companyId != 0;
  if (scoped) pk.companyScope(companyId);
  Poco::Dynamic::Var packages = api.send(pk);
  const std::size_t packageCount = packages.isEmpty() ? 0 : packages.extract<Array::Ptr>()->size();

  std::ostringstream msg;
  msg << "*Submittals, project " << projectId << "* (" << lines.size() << " items, " << packageCount
      << " packages, pulled by " << who << ")\n";
  for (const auto& kv : byStatus) msg << "• " << kv.first << ": " << kv.second << "\n";
  for (const auto& line : lines)
    if (line.ballInCourtId && line.status != "Closed")
      msg << line.number << " " << line.title << " -> " << approverNames[line.ballInCourtId] << "\n";
  msg << "https://app.procore.com/" << companyId << "/project/home\n";

  // Slack webhook: not Procore, no Procore headers.
  Object slack;
  slack.set("text", msg.str());
  std::ostringstream js;
  slack.stringify(js);
  const char* hook = std::getenv("SLACK_WEBHOOK_PATH");
  if (hook) {
    ApiSession slackApi("hooks.slack.com");
    slackApi.send(RequestSpec::post(hook).body(js.str(), "application/json"), &status);
    std::cerr << "slack: HTTP " << status << "\n";
  } else {
    std::cout << msg.str();
  }
  return 0;
}
