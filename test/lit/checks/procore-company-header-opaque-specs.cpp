// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Transports behind hand-made vtables see the request only as `const void *`
// and cast it back. The spec they read is the caller's object: a reference
// or a pointer local bound to `*static_cast<const Spec *>(Opaque)` names the
// object of each call, so each request has its own path, verb and headers,
// out through callers that hand the spec on by value.

#include <httplib.h>

#include <string>
#include <utility>
#include <vector>

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

struct Spec {
  std::string Verb;
  std::string Path;
  HeaderPairs Headers;
};

namespace by_reference {
struct TransportTable {
  void (*Run)(void *Self, const void *Opaque);
};

void run(void *, const void *Opaque) {
  const auto &S = *static_cast<const Spec *>(Opaque);
  httplib::Client Client("https://api.procore.com");
  httplib::Headers Headers;
  for (const auto &H : S.Headers)
    Headers.emplace(H.first, H.second);
  Client.Get(S.Path.c_str(), Headers);
}
const TransportTable Table{run};

// `insert` of a range adds the extra headers each call passes.
void call(Spec S, const HeaderPairs &Extra) {
  S.Headers.emplace_back("Accept", "application/json");
  S.Headers.insert(S.Headers.end(), Extra.begin(), Extra.end());
  Table.Run(nullptr, &S);
}

void listProjects(long long CompanyId) {
  call(Spec{"GET", "/rest/v1.0/projects", {}},
       {{"Procore-Company-Id", std::to_string(CompanyId)}});
}

void listVendors() {
  call(Spec{"GET", "/rest/v1.0/vendors", {}}, {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :34:3: note: sent here
}

// Only the user's own record: exempt.
void whoAmI() { call(Spec{"GET", "/rest/v1.0/me", {}}, {}); }
} // namespace by_reference

namespace by_pointer {
struct TransportTable {
  void (*Run)(void *Self, const void *Opaque);
};

// The verb of each call settles which branch sends it: the POST branch
// never sends the GET to /rest/v1.0/companies.
void run(void *, const void *Opaque) {
  const auto *S = static_cast<const Spec *>(Opaque);
  httplib::Client Client("https://api.procore.com");
  httplib::Headers Headers;
  for (const auto &H : S->Headers)
    Headers.emplace(H.first, H.second);
  if (S->Verb == "GET")
    Client.Get(S->Path.c_str(), Headers);
  else
    Client.Post(S->Path.c_str(), Headers, "{}", "application/json");
}
const TransportTable Table{run};

void send(const Spec &S) { Table.Run(nullptr, &S); }

void companies() { send(Spec{"GET", "/rest/v1.0/companies", {}}); }

void createRfi(long long CompanyId) {
  send(Spec{"POST", "/rest/v1.0/projects/1/rfis",
            {{"Procore-Company-Id", std::to_string(CompanyId)}}});
}

void createVendor() {
  send(Spec{"POST", "/rest/v1.0/vendors", {}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :76:5: note: sent here
}
} // namespace by_pointer

namespace stages {
// A stage casts the request to a local pointer and adds the header through
// it: a write through that pointer is a write to the caller's request.
struct Wire {
  std::string Path;
  HeaderPairs Headers;
};

struct Stage {
  void (*Apply)(void *Context, void *Request);
};

void addCompany(void *Context, void *Request) {
  auto *In = static_cast<Wire *>(Request);
  if (In->Path == "/rest/v1.0/me")
    return;
  In->Headers.emplace_back("Procore-Company-Id",
                           *static_cast<std::string *>(Context));
}
const Stage Company{addCompany};

void send(Wire &Request, std::string &CompanyId) {
  Company.Apply(&CompanyId, &Request);
  httplib::Client Client("https://api.procore.com");
  httplib::Headers Headers;
  for (const auto &[Name, Value] : Request.Headers)
    Headers.emplace(Name, Value);
  Client.Get(Request.Path.c_str(), Headers);
}

void run(std::string CompanyId) {
  Wire Projects{"/rest/v1.0/projects", {}};
  send(Projects, CompanyId);
  Wire Me{"/rest/v1.0/me", {}};
  send(Me, CompanyId);
}
} // namespace stages
