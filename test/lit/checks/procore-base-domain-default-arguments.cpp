// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17 %stub_flags

// Hosts in default arguments: a call that leaves an argument out passes
// the parameter's default, so the default's host is where that call goes.

#include <cpr/cpr.h>

#include <string>

std::string revoke(const std::string &Token,
                   const std::string &Host = "https://app.procore.com") {
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+3]]:29: note: used for an OAuth endpoint here
  // CHECK-MESSAGES: :[[@LINE+2]]:10: note: used for an OAuth endpoint here
  // CHECK-FIXES: {{^}}                   const std::string &Host = "https://login.procore.com") {{{$}}
  return cpr::Post(cpr::Url{Host + "/oauth/revoke"},
                   cpr::Payload{{"token", Token}})
      .text;
}

std::string listProjects(const std::string &Token, long long Company,
                         const std::string &Base = "https://api.procore.com") {
  return cpr::Get(cpr::Url{Base + "/rest/v1.0/projects"},
                  cpr::Header{{"Authorization", "Bearer " + Token},
                              {"Procore-Company-Id", std::to_string(Company)}})
      .text;
}

std::string projectLink(long long Company,
                        const std::string &Web = "https://app.procore.com") {
  return Web + "/" + std::to_string(Company) + "/company/home";
}

int main() {
  revoke("t");
  listProjects("t", 42);
  return projectLink(42).empty();
}
