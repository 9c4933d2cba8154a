// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A setting read into a member by a library call that takes it by reference
// (`In >> Cfg.CompanyId`, `std::getline(In, Cfg.Token)`) holds what no
// assignment shows: a test of it settles no branch, so the requests behind
// `if (Cfg.CompanyId <= 0) return` are judged, not taken for unreachable.

#include <curl/curl.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

struct Settings {
  std::int64_t CompanyId = 0;
  int PageSize = 100;
};

static Settings load(const std::string &Path) {
  Settings Cfg;
  std::ifstream In(Path);
  std::string Line;
  while (std::getline(In, Line)) {
    std::istringstream Fields(Line);
    std::string Key;
    Fields >> Key;
    if (Key == "company_id")
      Fields >> Cfg.CompanyId;
  }
  return Cfg;
}

static void get(const std::string &Url) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_perform(Curl);
  curl_easy_cleanup(Curl);
}

int main(int Argc, char **Argv) {
  Settings Cfg = load(Argc > 1 ? Argv[1] : "sync.conf");
  if (Cfg.CompanyId <= 0)
    return 2;
  get("https://api.procore.com/rest/v1.0/projects?company_id=" +
      std::to_string(Cfg.CompanyId));
  return 0;
}
// CHECK-MESSAGES: :37:3: warning: Procore API request to '/rest/v1.0/projects?company_id=...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :45:3: note: request built here
// CHECK-MESSAGES: :36:3: note: URL set here
