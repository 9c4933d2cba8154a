// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// Settings per environment kept as a map of maps: `Environments.at(Name)` is
// the inner map put in under that name, any of them when the name is read
// at run time, and `.at("login")` the value each holds under that key.

#include <curl/curl.h>
#include <string>
#include <unordered_map>

using Settings = std::unordered_map<std::string, std::string>;

static const std::unordered_map<std::string, Settings> Environments = {
    {"production", {{"login", "https://login.procore.com"}, {"api", "https://api.procore.com"}}},
    {"monthly", {{"login", "https://api-monthly.procore.com"}, {"api", "https://api-monthly.procore.com"}}},
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: base URL for OAuth endpoints on API host 'api-monthly.procore.com'; MPR requires 'login-sandbox-monthly.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :25:3: note: used for an OAuth endpoint here
// CHECK-FIXES: {{^}}    {"monthly", {{[{][{]}}"login", "https://login-sandbox-monthly.procore.com"}, {"api", "https://api-monthly.procore.com"}}},{{$}}
};

static void post(const std::string &Url) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, "grant_type=client_credentials");
  curl_easy_perform(Curl);
}

int main(int Argc, char **Argv) {
  const Settings &Env = Environments.at(Argc > 1 ? Argv[1] : "production");
  post(Env.at("login") + "/oauth/token");
  return 0;
}
