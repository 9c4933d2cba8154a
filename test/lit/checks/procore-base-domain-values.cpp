// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// A base URL may come from several places at once: both arms of `?:`, a
// table of environments, a default beside an environment variable, the
// returns of a helper, the values a member is given, a C buffer filled by
// strcpy/strcat. Each is judged by the paths it is completed with.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

void send(const std::string &Url);

// --- Positives ----------------------------------------------------------------

struct Environment {
  const char *Name;
  const char *LoginBase;
  const char *ApiBase;
};
static const Environment Environments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
};

void token(const Environment &Env) {
  char Url[256];
  std::snprintf(Url, sizeof Url, "%s/oauth/token", Env.LoginBase);
  send(Url);
}

std::string apiBase() {
  if (const char *FromEnv = std::getenv("PROCORE_API"))
    return FromEnv;
  return "https://app.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  return "https://api.procore.com";{{$}}
  // CHECK-MESSAGES: :[[@LINE+3]]:24: note: used for a REST API endpoint here
}

void projects() { send(apiBase() + "/rest/v1.0/projects"); }

void loginOrLegacy(bool Legacy) {
  std::string Base = Legacy ? "https://app.procore.com" : "https://login.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+2]]:8: note: used for an OAuth endpoint here
  // CHECK-FIXES: {{^}}  std::string Base = Legacy ? "https://login.procore.com" : "https://login.procore.com";{{$}}
  send(Base + "/oauth/authorize");
}

// --- Negatives ----------------------------------------------------------------

// Each table row is right for what it is used for.
static const Environment Good[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
};
void goodRows(int I) {
  send(std::string(Good[I].LoginBase) + "/oauth/token");
  send(std::string(Good[I].ApiBase) + "/rest/v1.0/me");
}

// A web link on app.procore.com for a person.
void webLink(bool Help) {
  std::string Link = Help ? "https://support.procore.com" : "https://app.procore.com";
  send(Link + "/4242/project/home");
}

// A router that picks the base by how the path begins: each path is joined
// to the base its own test picks, so the right pairing is silent and the
// swapped one is reported for what each base really serves.
struct RouterHosts {
  const char *Login;
  const char *Api;
};
std::string routed(const std::string &Path) {
  const RouterHosts Hosts{"https://login.procore.com", "https://api.procore.com"};
  const bool OAuth = Path.rfind("/oauth/", 0) == 0;
  return std::string(OAuth ? Hosts.Login : Hosts.Api) + Path;
}
std::string swapped(const std::string &Path) {
  const RouterHosts Hosts{"https://login.procore.com", "https://api.procore.com"};
  return std::string(!(Path.find("/oauth/") == 0) ? Hosts.Login : Hosts.Api) + Path;
  // CHECK-MESSAGES: :[[@LINE-2]]:36: warning: base URL for REST API endpoints on login host 'login.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE-2]]:10: note: used for a REST API endpoint here
  // CHECK-MESSAGES: :[[@LINE-4]]:65: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE-4]]:10: note: used for an OAuth endpoint here
  // CHECK-FIXES: const RouterHosts Hosts{"https://api.procore.com", "https://login.procore.com"};
}
void router() {
  send(routed("/oauth/token"));
  send(routed("/rest/v1.0/projects"));
  send(swapped("/oauth/token"));
  send(swapped("/rest/v1.0/projects"));
}
