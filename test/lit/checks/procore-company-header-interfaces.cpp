// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A request passes through an abstract transport: a virtual call runs the
// overriders this translation unit defines, a std::function runs the
// lambdas stored in it, and a flag member the caller sets before its call
// settles a header added under that flag.
//
// One send reports once per request that reaches it, in the order of the
// messages, so the checks below after the first match in any order.

#include <httplib.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

struct Request {
  std::string Path;
  std::vector<std::pair<std::string, std::string>> Headers;
};

class Transport {
public:
  virtual ~Transport() = default;
  virtual int send(const Request &R) = 0;
};

class HttplibTransport : public Transport {
public:
  int send(const Request &R) override {
    httplib::Headers Sent;
    for (const auto &[Name, Value] : R.Headers)
      Sent.emplace(Name, Value);
    auto Result = Client.Get(R.Path, Sent);
    // Its callers decide what it sends: the findings are at their calls.
    // CHECK-MESSAGES-DAG: :[[@LINE-2]]:19: note: sent here
    // CHECK-MESSAGES-DAG: :[[@LINE-3]]:19: note: sent here
    return Result ? Result->status : 0;
  }

private:
  httplib::Client Client{"https://api.procore.com"};
};

// A test double that never touches the network.
class RecordingTransport : public Transport {
public:
  int send(const Request &R) override {
    Seen.push_back(R.Path);
    return 200;
  }
  std::vector<std::string> Seen;
};

class Repository {
public:
  explicit Repository(Transport &T) : T(T) {}

  int projects() {
    Request R;
    R.Path = "/rest/v1.0/projects";
    R.Headers.push_back({"Authorization", "Bearer token"});
    return T.send(R);
    // CHECK-MESSAGES-DAG: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  }

  int rfis() {
    Request R;
    R.Path = "/rest/v1.0/projects/42/rfis";
    addCompany(R);
    return T.send(R);
  }

  int vendors() {
    Scoped = true;
    int Status = sendScoped("/rest/v1.0/vendors");
    Scoped = false;
    return Status;
  }

  int vendor() { return sendScoped("/rest/v1.0/vendors/7"); }
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:25: warning: Procore API request to '/rest/v1.0/vendors/7' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]

private:
  static void addCompany(Request &R) {
    R.Headers.push_back({"Procore-Company-Id", "42"});
  }

  int sendScoped(const std::string &Path) {
    Request R;
    R.Path = Path;
    if (Scoped)
      R.Headers.push_back({"Procore-Company-Id", "42"});
    // CHECK-MESSAGES-DAG: :[[@LINE-1]]:7: note: added here, but not on every path to the send
    return T.send(R);
  }

  Transport &T;
  bool Scoped = false;
};

int main() {
  HttplibTransport Live;
  Repository Repo(Live);
  httplib::Client Api("https://api.procore.com");
  // A std::function runs the lambda stored in it, with the caller's path.
  std::function<int(const std::string &)> Fetch =
      [&Api](const std::string &Path) {
        auto Result = Api.Get(Path);
        // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
        return Result ? Result->status : 0;
      };
  return Repo.projects() + Repo.rfis() + Repo.vendors() + Repo.vendor() +
         Fetch("/rest/v1.0/companies/42/users");
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:10: note: request built here
}
