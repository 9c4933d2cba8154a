// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// One transport behind a table of function pointers sends every request:
// OAuth to the login host, REST to the API host. It reads host and path
// from the spec its caller hands it as `const void *`, so each call joins
// its own host to its own path. Only a request whose host and path are both
// read from every spec (the transport on its own, its callers unknown)
// joins every host to every path, and such uses count only for a host that
// no call reaches.

#include <httplib.h>

#include <string>

struct Spec {
  std::string Base;
  std::string Path;
};

struct Transport {
  int (*Send)(const void *Opaque);
};

static int sendSpec(const void *Opaque) {
  const auto *S = static_cast<const Spec *>(Opaque);
  httplib::Client Client(S->Base);
  return Client.Get(S->Path)->status;
}

static const Transport Https{sendSpec};

class Session {
public:
  // The API base is the session's; each caller gives the path.
  int call(Spec S) {
    S.Base = "https://app.procore.com";
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
    // CHECK-MESSAGES: :27:10: note: used for a REST API endpoint here
    // CHECK-FIXES: S.Base = "https://api.procore.com";
    return Https.Send(&S);
  }

  int login() {
    Spec S{"https://login.procore.com", "/oauth/token"};
    return Https.Send(&S);
  }
};

int main() {
  Session Api;
  Api.login();
  Api.call(Spec{"", "/rest/v1.0/projects"});
  return Api.call(Spec{"", "/rest/v1.0/companies"});
}
