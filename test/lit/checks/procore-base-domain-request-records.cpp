// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// Requests kept as records (a base and a path) and queued as jobs: a job
// that never sets its base keeps the record's default, even as a member of
// the job. A retry in the send's own continuation calls the send again
// with the same record: not a caller with a record of its own. A log line
// that joins host and path, read past the calls the analysis follows, is
// every host with every path: it counts only for hosts nothing else uses.

#include <cpprest/http_client.h>

#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <string>

using namespace web::http;
using namespace web::http::client;

const std::string kLoginBase = "https://login.procore.com";
const std::string kApiBase = "https://api.procore.com";
const std::string kLegacyBase = "https://app.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :52:10: note: used for a REST API endpoint here
// CHECK-FIXES: const std::string kLegacyBase = "https://api.procore.com";

struct RequestRecord {
  method Verb = methods::GET;
  std::string Base = kApiBase;
  std::string Path;
  int Attempt = 0;
};

struct Job {
  RequestRecord Record;
  std::function<void()> Done;
};

void logRequest(const RequestRecord &R) {
  std::clog << R.Verb << " " << R.Base << R.Path << "\n";
}
void traceLevel3(const RequestRecord &R) { logRequest(R); }
void traceLevel2(const RequestRecord &R) { traceLevel3(R); }
void traceLevel1(const RequestRecord &R) { traceLevel2(R); }

pplx::task<http_response> sendWithRetry(RequestRecord R) {
  traceLevel1(R);
  http_client Client(R.Base);
  http_request Request(R.Verb);
  Request.set_request_uri(R.Path);
  return Client.request(Request).then(
      [R](http_response Response) mutable -> pplx::task<http_response> {
        if (Response.status_code() == status_codes::TooManyRequests &&
            R.Attempt < 3) {
          ++R.Attempt;
          return sendWithRetry(R);
        }
        return pplx::task_from_result(Response);
      });
}

std::deque<Job> Pending;
void post(Job J) { Pending.push_back(std::move(J)); }

void runOne() {
  Job J = std::move(Pending.front());
  Pending.pop_front();
  sendWithRetry(J.Record).wait();
}

void queueToken() {
  Job J;
  J.Record.Verb = methods::POST;
  J.Record.Base = kLoginBase;
  J.Record.Path = "/oauth/token";
  post(std::move(J));
}

void queueProject(long long ProjectId) {
  Job J;
  J.Record.Path = "/rest/v1.0/projects/" + std::to_string(ProjectId);
  post(std::move(J));
}

void queueLegacy(long long ProjectId) {
  Job J;
  J.Record.Base = kLegacyBase;
  J.Record.Path = "/vapid/projects/" + std::to_string(ProjectId);
  post(std::move(J));
}

// A structured binding of a pair a helper returns reads its members.
std::pair<std::string, std::string> legacyUsersEndpoint(long long ProjectId) {
  return {"https://app.procore.com",
          // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
          // CHECK-MESSAGES: :105:3: note: used for a REST API endpoint here
          // CHECK-FIXES: return {"https://api.procore.com",
          "/vapid/projects/" + std::to_string(ProjectId) + "/users"};
}

void fetchLegacyUsers(long long ProjectId) {
  const auto [Base, Path] = legacyUsersEndpoint(ProjectId);
  http_client Client(Base);
  Client.request(methods::GET, Path).wait();
}
