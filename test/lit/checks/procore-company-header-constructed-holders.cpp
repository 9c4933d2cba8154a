// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A scope object whose constructor binds a reference (or pointer) member
// to the client it is made with, and sets the client's default headers
// through that member, sets them on that client: a request the client
// sends after the scope object is made carries them. One sent before, or
// by another client, does not. A scope object made with such a holder
// reaches the client through it too, while it lives: its destructor may
// take the headers back.

#include <httplib.h>

#include <string>

class CompanyScope {
public:
  CompanyScope(httplib::Client &Client, const std::string &Token,
               long long CompanyId)
      : Bound(Client) {
    Bound.set_default_headers({{"Authorization", "Bearer " + Token},
                               {"Procore-Company-Id", std::to_string(CompanyId)}});
  }

private:
  httplib::Client &Bound;
};

class PointerScope {
public:
  explicit PointerScope(httplib::Client *Client) : Bound(Client) {
    Bound->set_default_headers({{"Procore-Company-Id", "42"}});
  }

private:
  httplib::Client *Bound;
};

class Session {
public:
  explicit Session(httplib::Client &Client) : Bound(Client) {}
  httplib::Client &client() { return Bound; }

private:
  httplib::Client &Bound;
};

class CompanyContext {
public:
  CompanyContext(Session &Outer, long long CompanyId) : Outer(Outer) {
    this->Outer.client().set_default_headers(
        {{"Procore-Company-Id", std::to_string(CompanyId)}});
  }
  ~CompanyContext() { Outer.client().set_default_headers({}); }

private:
  Session &Outer;
};

void nested() {
  httplib::Client Api("https://api.procore.com");
  Session Held(Api);
  {
    CompanyContext Context(Held, 42);
    Api.Get("/rest/v1.0/projects");
  }
  Api.Get("/rest/v1.0/vendors");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

int main() {
  httplib::Client Api("https://api.procore.com");
  httplib::Client Other("https://api.procore.com");
  Api.Get("/rest/v1.0/vendors");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  CompanyScope Scope(Api, "t", 42);
  Api.Get("/rest/v1.0/projects");
  Other.Get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  PointerScope Scoped(&Other);
  Other.Get("/rest/v1.0/users");
  return 0;
}
