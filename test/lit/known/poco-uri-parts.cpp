// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17
// Known miss: Poco::URI resolves a relative path against a base URI, takes
// scheme, authority and path as separate arguments, or has its path set.

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <string>

using Poco::URI;
using Poco::Net::HTTPRequest;

void send(const URI &Url, Poco::Net::HTMLForm *Form = nullptr) {
  Poco::Net::HTTPSClientSession Session(Url.getHost(), Url.getPort());
  HTTPRequest Request(HTTPRequest::HTTP_GET, Url.getPathAndQuery());
  if (Form) {
    Form->prepareSubmit(Request);
    Form->write(Session.sendRequest(Request));
  } else {
    Session.sendRequest(Request);
  }
}

void legacyUris() {
  const URI Base("https://app.procore.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  const URI Base("https://login.procore.com");{{$}}
  send(URI(Base, "/oauth/token"));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: note: used for an OAuth endpoint here
  send(URI("https", "app.procore.com", "/rest/v1.0/companies"));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  send(URI("https", "api.procore.com", "/rest/v1.0/companies"));{{$}}
  URI Url("https://app.procore.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  URI Url("https://api.procore.com");{{$}}
  Url.setPath("/rest/v1.0/me");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: used for a REST API endpoint here
  send(Url);
}
