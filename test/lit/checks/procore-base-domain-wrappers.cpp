// RUN: %check_mpr_lint %s procore-base-domain %t -- --config="{CheckOptions: {RequestFunctions: 'Gateway::get(url=0, base=Base, method=GET)'}}" -- -std=c++17

// A request wrapper given in RequestFunctions (once for all checks, as a
// global option) joins its client's base URL to the path of each call, for
// procore-base-domain as for procore-company-header: the bare legacy host
// below serves REST calls, so it must be api.procore.com.

#include <string>

class Gateway {
public:
  std::string get(const std::string &Path);

private:
  std::string Base = "https://app.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: std::string Base = "https://api.procore.com";
};

std::string projects(Gateway &G) { return G.get("/rest/v1.0/projects"); }
// CHECK-MESSAGES: :[[@LINE-1]]:43: note: used for a REST API endpoint here
