// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Requests as values: a helper's result holds what the object it returns
// holds, a copy holds what its source held when copied plus what is added
// to the copy, and a parameter taken by value is a copy. A header added to
// a copy, or to a result nobody keeps, is not on the request sent.

#include <httplib.h>

#include <string>
#include <utility>
#include <vector>

struct Request {
  std::string Path;
  std::vector<std::pair<std::string, std::string>> Headers;
};

static Request get(std::string Path) {
  Request R;
  R.Path = Path;
  R.Headers.push_back({"Authorization", "Bearer t"});
  return R;
}

static Request withCompany(Request R) {
  R.Headers.push_back({"Procore-Company-Id", "42"});
  return R;
}

static int send(httplib::Client &Api, const Request &R) {
  httplib::Headers Sent;
  for (const auto &[Name, Value] : R.Headers)
    Sent.emplace(Name, Value);
  auto Result = Api.Get(R.Path, Sent);
  // Its callers decide what it sends: the findings are at their calls.
  // CHECK-MESSAGES-DAG: :[[@LINE-2]]:17: note: sent here
  return Result ? Result->status : 0;
}

// A branch the caller's argument settles: the bare GET never runs, since
// the only caller passes a body.
static int submit(httplib::Client &Api, const std::string &Path,
                  const std::string &Body) {
  if (Body.empty())
    return Api.Get(Path)->status;
  return Api
      .Post(Path, {{"Procore-Company-Id", "42"}}, Body, "application/json")
      ->status;
}

int main() {
  httplib::Client Api("https://api.procore.com");
  int Status = send(Api, withCompany(get("/rest/v1.0/projects")));

  // The result of withCompany is dropped.
  Request Dropped = get("/rest/v1.0/projects/1/rfis");
  withCompany(Dropped);
  Status += send(Api, Dropped);
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/projects/1/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

  // The header goes on the copy; the original is sent.
  Request Base = get("/rest/v1.0/vendors");
  Request Scoped = withCompany(Base);
  Status += send(Api, Base);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-32]]:17: note: sent here

  Request Moved = withCompany(get("/rest/v1.0/offices"));
  Status += send(Api, std::move(Moved));
  Status += submit(Api, "/rest/v1.0/projects/1/rfis", "{}");
  return Status + send(Api, Scoped);
}
