// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A command read at run time and compared with a literal by std::string's
// `==` is that literal inside the branch: GET /rest/v1.0/me needs no header.

#include <httplib.h>

#include <string>

void run(const std::string &Command) {
  httplib::Client Api("https://api.procore.com");
  if (Command == "me")
    Api.Get("/rest/v1.0/" + Command);
  else
    Api.Get("/rest/v1.0/" + Command);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}
