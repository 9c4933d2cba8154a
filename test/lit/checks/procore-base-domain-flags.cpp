// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

#include <httplib.h>

#include <string>

// A flag computed once from the call's kind picks the base: each call
// joins the base its own kind picks, so the login host meets only the
// OAuth path and the API host only the REST paths.
enum class Op { Token, Projects };

struct Job {
  Op op;
  std::string path;
};

static void send(const Job &J) {
  const bool OAuth = J.op == Op::Token;
  httplib::Client Client(OAuth ? "https://login.procore.com"
                               : "https://app.procore.com");
  // CHECK-FIXES: : "https://api.procore.com");
  Client.Get(J.path);
  // CHECK-MESSAGES: :20:43: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: used for a REST API endpoint here
}

// A flag changed after it is set is not settled by its initializer.
static void sendChanged(const Job &J, bool Force) {
  bool OAuth = J.op == Op::Token;
  if (Force)
    OAuth = true;
  httplib::Client Client(OAuth ? "https://login.procore.com"
                               : "https://api.procore.com");
  Client.Get(J.path);
  // CHECK-MESSAGES: :32:43: warning: base URL on login host 'login.procore.com' is used for both OAuth and REST API endpoints; {{.*}} [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: used for an OAuth endpoint here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: used for a REST API endpoint here
  // CHECK-MESSAGES: :33:43: warning: base URL on API host 'api.procore.com' is used for both OAuth and REST API endpoints; {{.*}} [procore-base-domain]
  // CHECK-MESSAGES: :34:3: note: used for an OAuth endpoint here
  // CHECK-MESSAGES: :34:3: note: used for a REST API endpoint here
}

int main(int argc, char **) {
  send(Job{Op::Token, "/oauth/token"});
  send(Job{Op::Projects, "/rest/v1.0/projects"});
  sendChanged(Job{Op::Token, "/oauth/token"}, argc > 1);
  sendChanged(Job{Op::Projects, "/rest/v1.0/projects"}, argc > 1);
}
