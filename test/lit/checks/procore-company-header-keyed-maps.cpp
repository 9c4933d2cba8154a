// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Requests described as string-keyed maps: a read by a known key
// (`Spec.at("path")`, `Spec["path"]`, `It->second` after `Spec.find(Key)`)
// is what was put in under that key, and a test for a key (`count`,
// `find(Key) != end()`) is settled by the keys put in.

#include <httplib.h>

#include <map>
#include <string>
#include <unordered_map>

using Spec = std::map<std::string, std::string>;

const std::unordered_map<std::string, std::string> Settings = {
    {"api_base", "https://api.procore.com"},
    {"company_id", "42"},
};

int send(const Spec &Request) {
  httplib::Client Client(Settings.at("api_base"));
  httplib::Headers Headers{{"Authorization", "Bearer token"}};
  if (Request.count("company"))
    Headers.emplace("Procore-Company-Id", Settings.at("company_id"));
  auto Result = Client.Get(Request.at("path"), Headers);
  return Result ? Result->status : -1;
}

int sendFlagged(const Spec &Request) {
  httplib::Client Client(Settings.at("api_base"));
  httplib::Headers Headers{{"Authorization", "Bearer token"}};
  auto Company = Request.find("company");
  if (Company != Request.end() && Company->second == "yes")
    Headers.emplace("Procore-Company-Id", Settings.at("company_id"));
  auto Result = Client.Get(Request.find("path")->second, Headers);
  return Result ? Result->status : -1;
}

int main() {
  send({{"path", "/rest/v1.0/projects/7/rfis"}, {"company", "1"}});
  send({{"path", "/rest/v1.0/projects/7/submittals"}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :26:17: note: sent here
  send({{"path", "/rest/v1.0/me"}});

  sendFlagged({{"path", "/rest/v1.0/projects/7/drawings"}, {"company", "yes"}});
  sendFlagged({{"path", "/rest/v1.0/projects/7/vendors"}, {"company", "no"}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :36:17: note: sent here

  // A key the code reads but never puts in: no text, no finding.
  send({{"target", "/rest/v1.0/projects/7/users"}});
}

// A test of a map whose puts sit behind that test's branches: the puts are
// judged once, not again for each test they pass.
int fromArguments(int Argc, char **Argv) {
  std::map<std::string, std::string> Args;
  for (int I = 1; I + 1 < Argc; I += 2)
    Args[Argv[I]] = Argv[I + 1];
  if (!Args.count("--project"))
    return 2;
  httplib::Client Client("https://api.procore.com");
  auto Result = Client.Get("/rest/v1.0/projects/" + Args["--project"] + "/rfis");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  return Result ? Result->status : -1;
}
