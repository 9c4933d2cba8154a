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

// A constant map read by a key known only at run time gives any of its
// values: the zone web host is a REST base for the tenants of that zone.
static const std::map<std::string, std::string> kZoneApiBase = {
    {"us", "https://api.procore.com"},
    {"us02", "https://us02.procore.com"},
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: base URL for REST API endpoints on zone web host 'us02.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
    // CHECK-MESSAGES: :51:17: note: used for a REST API endpoint here
    // CHECK-FIXES: {{^}}    {"us02", "https://api.procore.com"},{{$}}
};

int zoneProjects(const std::string &Zone) {
  httplib::Client Api(kZoneApiBase.at(Zone));
  auto Result = Api.Get("/rest/v1.0/projects");
  return Result ? Result->status : -1;
}

// A map the program changes says nothing about a key it does not know.
std::map<std::string, std::string> Overrides = {
    {"us02", "https://us02.procore.com"}};

int overriddenProjects(const std::string &Zone) {
  Overrides["us"] = "https://api.procore.com";
  httplib::Client Api(Overrides.at(Zone));
  auto Result = Api.Get("/rest/v1.0/projects");
  return Result ? Result->status : -1;
}
