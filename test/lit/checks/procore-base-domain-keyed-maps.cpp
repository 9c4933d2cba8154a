// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// Settings kept in string-keyed maps: a read by a known key is the values
// put in under that key, so each host meets only the paths its key's
// readers send to it.

#include <httplib.h>

#include <map>
#include <string>

const std::map<std::string, std::string> Hosts = {
    {"login", "https://api.procore.com"},
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
    // CHECK-MESSAGES: :[[@LINE+8]]:17: note: used for an OAuth endpoint here
    // CHECK-FIXES: {{^}}    {"login", "https://login.procore.com"},{{$}}
    {"api", "https://api.procore.com"},
    {"web", "https://app.procore.com"},
};

std::string token(const std::string &Code) {
  httplib::Client Login(Hosts.at("login"));
  auto Result = Login.Post("/oauth/token", "code=" + Code,
                           "application/x-www-form-urlencoded");
  return Result ? Result->body : "";
}

int projects() {
  httplib::Client Api(Hosts.at("api"));
  auto Result = Api.Get("/rest/v1.0/companies");
  return Result ? Result->status : -1;
}

std::string projectLink(const std::string &Project) {
  std::map<std::string, std::string> Copy = Hosts;
  return Copy["web"] + "/42/project/" + Project + "/home";
}
