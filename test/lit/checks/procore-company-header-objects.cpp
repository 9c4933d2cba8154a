// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// Each object's members are its own: the headers of a request struct are
// those written to that object, by the code that builds it (a factory
// method, a constructor, a copy) and by the helpers it is handed to, not
// those written to another object of the same class.

#include <cpr/cpr.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

struct ApiRequest {
  cpr::Url Url;
  cpr::Header Headers;
};

class RequestFactory {
public:
  std::shared_ptr<ApiRequest> companies() const {
    auto R = std::make_shared<ApiRequest>();
    R->Url = cpr::Url{"https://api.procore.com/rest/v1.0/vendors/3/insurances"};
    R->Headers = cpr::Header{{"Accept", "application/json"}};
    return R;
  }
  std::shared_ptr<ApiRequest> projects() const {
    auto R = std::make_shared<ApiRequest>();
    R->Url = cpr::Url{"https://api.procore.com/rest/v1.0/projects"};
    R->Headers = cpr::Header{{"Accept", "application/json"},
                             {"Procore-Company-Id", "42"}};
    return R;
  }
};

// The sender reads the members of whatever request it is given.
static long dispatch(ApiRequest Request) {
  return cpr::Get(Request.Url, Request.Headers).status_code;
}

static void addCompany(ApiRequest &Request) {
  Request.Headers["Procore-Company-Id"] = "42";
}

long factories(const RequestFactory &Factory) {
  long Status = dispatch(std::move(*Factory.companies()));
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: Procore API request to '/rest/v1.0/vendors/3/insurances' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-10]]:10: note: sent here
  Status += dispatch(std::move(*Factory.projects()));
  return Status;
}

long locals() {
  ApiRequest Plain{cpr::Url{"https://api.procore.com/rest/v1.0/vendors"},
                   cpr::Header{{"Accept", "application/json"}}};
  // A copy made before the header is added to the original.
  ApiRequest Copy = Plain;
  addCompany(Plain);
  long Status = dispatch(Plain);
  Status += dispatch(Copy);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-24]]:10: note: sent here
  // A second object of the class whose header is added to another.
  ApiRequest Other{cpr::Url{"https://api.procore.com/rest/v1.0/projects/7/rfis"},
                   {}};
  ApiRequest Scoped{cpr::Url{"https://api.procore.com/rest/v1.0/projects/7/rfis"},
                    {}};
  addCompany(Scoped);
  Status += dispatch(Other);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-33]]:10: note: sent here
  Status += dispatch(Scoped);
  return Status;
}

// Whole header maps copied: what the original gets after the copy is not
// on the copy; what it had before is.
long copiedMaps() {
  cpr::Header Base{{"Accept", "application/json"}};
  cpr::Header Early = Base;
  Base["Procore-Company-Id"] = "42";
  cpr::Header Late = Base;
  long Status =
      cpr::Get(cpr::Url{"https://api.procore.com/rest/v1.0/projects"}, Early)
          .status_code;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Status +=
      cpr::Get(cpr::Url{"https://api.procore.com/rest/v1.0/projects"}, Late)
          .status_code;
  return Status;
}

// Hooks kept where the analysis cannot read them run on the request: what
// they add is unknown, so no finding.
#include <functional>
#include <vector>
static std::vector<std::function<void(ApiRequest &)>> &requestHooks() {
  static std::vector<std::function<void(ApiRequest &)>> Hooks;
  return Hooks;
}
static long sendWithHooks(ApiRequest Request) {
  for (const auto &Hook : requestHooks())
    Hook(Request);
  return cpr::Get(Request.Url, Request.Headers).status_code;
}
long hooked() {
  return sendWithHooks({cpr::Url{"https://api.procore.com/rest/v1.0/projects"},
                        {}});
}

// A client class keeps its headers in a member: each client object has its
// own, set by the methods run on that object.
class ScopedClient {
public:
  void bearer(const std::string &Token) {
    Headers["Authorization"] = "Bearer " + Token;
  }
  void scope(std::int64_t Id) {
    Headers["Procore-Company-Id"] = std::to_string(Id);
  }
  cpr::Response get(const std::string &Path) {
    return cpr::Get(cpr::Url{"https://api.procore.com" + Path}, Headers);
  }

private:
  cpr::Header Headers;
};

void clientsOfOneClass(const std::string &Token) {
  ScopedClient Scoped;
  Scoped.bearer(Token);
  Scoped.scope(7);
  Scoped.get("/rest/v1.0/projects");
  ScopedClient Plain;
  Plain.bearer(Token);
  Plain.get("/rest/v1.0/vendors");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-16]]:12: note: sent here
}

// A helper called twice on one object adds its header both times.
void putHeader(cpr::Header &Headers, const std::string &Name,
               const std::string &Value) {
  Headers[Name] = Value;
}

void helperCalledTwice(std::int64_t Id) {
  cpr::Header Headers;
  putHeader(Headers, "Accept", "application/json");
  putHeader(Headers, "Procore-Company-Id", std::to_string(Id));
  cpr::Get(cpr::Url{"https://api.procore.com/rest/v1.0/vendors"}, Headers);
}

// Jobs whose header list is assigned whole from a helper, run by a
// function whose address is taken: every job's list is read.
struct QueuedJob {
  std::string Path;
  std::vector<std::pair<std::string, std::string>> Headers;
};

std::vector<std::pair<std::string, std::string>>
companyHeaders(std::int64_t Id) {
  return {{"Procore-Company-Id", std::to_string(Id)}};
}

cpr::Response runJob(const QueuedJob &Job) {
  cpr::Header Headers{{"Accept", "application/json"}};
  for (const auto &[Name, Value] : Job.Headers)
    Headers[Name] = Value;
  return cpr::Get(cpr::Url{"https://api.procore.com" + Job.Path}, Headers);
}

QueuedJob vendorJob(std::int64_t Id) {
  QueuedJob Job;
  Job.Path = "/rest/v1.0/vendors";
  Job.Headers = companyHeaders(Id);
  return Job;
}

cpr::Response (*const JobRunner)(const QueuedJob &) = runJob;

// A job popped from a ring holds what was queued, not what the popping
// function's own variable was given.
QueuedJob Ring[8];
unsigned RingTail;

bool popJob(QueuedJob *Out) {
  *Out = Ring[RingTail++ % 8];
  return true;
}

void drainRing() {
  QueuedJob Job;
  while (popJob(&Job)) {
    cpr::Header Headers;
    for (const auto &[Name, Value] : Job.Headers)
      Headers[Name] = Value;
    cpr::Get(cpr::Url{"https://api.procore.com" + Job.Path}, Headers);
  }
}

// Header pairs made elsewhere: returned by helpers and forwarded through a
// parameter pack into a one-argument emplace.
using HeaderField = std::pair<std::string, std::string>;

HeaderField acceptJson() { return {"Accept", "application/json"}; }
HeaderField companyField(std::int64_t Id) {
  return {"Procore-Company-Id", std::to_string(Id)};
}

template <class... Fields> cpr::Header makeHeaders(Fields &&...Field) {
  cpr::Header Headers;
  (Headers.emplace(std::forward<Fields>(Field)), ...);
  return Headers;
}

void forwardedPairs(std::int64_t Id) {
  cpr::Get(cpr::Url{"https://api.procore.com/rest/v1.0/projects"},
           makeHeaders(companyField(Id), acceptJson()));
  cpr::Get(cpr::Url{"https://api.procore.com/rest/v1.0/vendors"},
           makeHeaders(acceptJson()));
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}
