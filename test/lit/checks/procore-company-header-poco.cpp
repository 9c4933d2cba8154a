// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <string>

using Poco::Net::HTTPClientSession;
using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPSClientSession;

static const std::string kApiHost = "api.procore.com";

// --- Positives ----------------------------------------------------------------

// A request without the company id; the fix sets it on the request.
void listProjects(int company_id) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects", HTTPMessage::HTTP_1_1);
  Request.set("Accept", "application/json");
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: URL set here
  // CHECK-FIXES: Request.set("Procore-Company-Id", std::to_string(company_id));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

// The host is a constant and the path is built from pieces.
void createRfi(const std::string &companyId) {
  HTTPSClientSession Session(kApiHost, 443);
  std::string Path = "/rest/v1.0/projects/" + std::string("7") + "/rfis";
  HTTPRequest Request(HTTPRequest::HTTP_POST, Path);
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: URL set here
  // CHECK-FIXES: Request.set("Procore-Company-Id", companyId);
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

// Host, method and URI set one by one on a plain HTTP session.
void deleteDrawing() {
  HTTPClientSession Session;
  Session.setHost("sandbox.procore.com");
  HTTPRequest Request;
  Request.setMethod(HTTPRequest::HTTP_DELETE);
  Request.setURI("/vapid/projects/7/drawings/3");
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/vapid/projects/7/drawings/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// Only GET of /companies is exempt.
void createCompany() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_POST, "/rest/v1.0/companies");
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: URL set here
}

// A helper sends what its callers prepared: one finding per call.
void sendPrepared(HTTPSClientSession &Session, HTTPRequest &Request) { Session.sendRequest(Request); }
void fetchUsers() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.3/companies/1/users");
  sendPrepared(Session, Request);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.3/companies/1/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :[[@LINE-7]]:72: note: sent here

// The header is there with an empty value.
void emptyHeader() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Request.set("Procore-Company-Id", "");
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: header set here
}

// The session is a member with a default initializer and the path comes from
// the caller; the fix takes the id from the company_id member. GET /me is
// exempt.
struct Api {
  HTTPSClientSession Session{"api.procore.com"};
  long long company_id = 0;
  void get(const std::string &Path) {
    HTTPRequest Request(HTTPRequest::HTTP_GET, Path);
    Session.sendRequest(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+5]]:3: note: request built here
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: URL set here
  }
};
void useApi(Api &A) {
  A.get("/rest/v1.0/projects");
  A.get("/rest/v1.0/me");
}
// CHECK-FIXES: {{^}}    Request.set("Procore-Company-Id", std::to_string(company_id));
// CHECK-FIXES-NEXT: {{^}}    Session.sendRequest(Request);

// --- Negatives ----------------------------------------------------------------

void withHeader(long CompanyId) {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Request.add("procore-company-id", std::to_string(CompanyId));
  Session.sendRequest(Request);
}

// The header is set by a helper that receives the request.
void applyCompany(HTTPRequest &Request, const std::string &Id) {
  Request.set("Procore-Company-Id", Id);
}
void headerInHelper() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_PUT, "/rest/v1.0/projects/7");
  applyCompany(Request, "42");
  Session.sendRequest(Request);
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
void me() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/me");
  Session.sendRequest(Request);
}
void companies() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request;
  Request.setURI("/rest/v1.0/companies?per_page=100");
  Session.sendRequest(Request);
}
// HTTPRequest(version) is a GET too.
void meWithVersion() {
  HTTPSClientSession Session(kApiHost);
  HTTPRequest Request(HTTPMessage::HTTP_1_1);
  Request.setURI("/rest/v1.0/me");
  Session.sendRequest(Request);
}

// OAuth never needs it.
void token() {
  HTTPSClientSession Session("login.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_POST, "/oauth/token");
  Session.sendRequest(Request);
}

// Other hosts.
void github() {
  HTTPSClientSession Session("api.github.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Session.sendRequest(Request);
}

// A host from a parameter with no known caller, joined to a Procore REST
// path in a file that names a Procore host: a Procore request.
void fetchAny(const std::string &Host) {
  HTTPSClientSession Session(Host);
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: URL set here
}

// A URI whose path is set after it is built.
void uriParts() {
  Poco::URI Uri("https://api.procore.com");
  Uri.setPath("/rest/v1.0/vendors");
  HTTPSClientSession Session(Uri.getHost(), Uri.getPort());
  HTTPRequest Request(HTTPRequest::HTTP_GET, Uri.getPathAndQuery());
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: URL set here
}

// A method kept in a member as text: HTTPRequest's named constants hold
// the method names, so GET /rest/v1.0/companies is exempt and POST is not.
struct StoredMethod {
  std::string Method;
  std::string Path;
};

void sendStored(const StoredMethod &Stored) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(Stored.Method, Stored.Path);
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // Only the POST call below makes it: the GET one is exempt.
  // CHECK-MESSAGES: :[[@LINE+6]]:3: note: request built here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: URL set here
}

void storedMethods() {
  sendStored({HTTPRequest::HTTP_GET, "/rest/v1.0/companies"});
  sendStored({HTTPRequest::HTTP_POST, "/rest/v1.0/companies"});
}
