// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

#include <cpr/cpr.h>

#include <string>

static const std::string kApiBase = "https://api.procore.com";

// --- Positives ----------------------------------------------------------------

// A session with headers, none of them the company id. (No fix-it: the send
// call takes no arguments to add a cpr::Header to.)
cpr::Response deleteDrawing(int company_id) {
  cpr::Session Session;
  Session.SetUrl(cpr::Url("https://sandbox.procore.com/vapid/projects/7/drawings/3"));
  Session.SetHeader(cpr::Header{{"Accept", "application/json"}});
  return Session.Delete();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/vapid/projects/7/drawings/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// Base constant plus path; only GET of /companies is exempt.
cpr::Response createCompany() {
  cpr::Session Session;
  Session.SetUrl(kApiBase + "/rest/v1.0/companies");
  return Session.Post();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// The header is there with an empty value.
cpr::Response emptyHeader() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url(kApiBase + "/rest/v1.0/projects"));
  Session.SetHeader(cpr::Header{{"Procore-Company-Id", ""}});
  return Session.Get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:33: note: header set here
}

// The one-call API with the URL as an argument; the fix appends a cpr::Header.
cpr::Response listProjects(long long company_id) {
  return cpr::Get(cpr::Url("https://api.procore.com/rest/v1.0/projects"),
                  cpr::Bearer{"token"});
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: return cpr::Get(cpr::Url("https://api.procore.com/rest/v1.0/projects"),
  // CHECK-FIXES-NEXT: cpr::Bearer{"token"}, cpr::Header{{[{][{]}}"Procore-Company-Id", std::to_string(company_id)}});
}

// cpr::Url{...} (the initializer-list constructor, cpr's documented spelling).
cpr::Response createRfi(const std::string &companyId) {
  return cpr::Post(cpr::Url{kApiBase + "/rest/v1.0/projects/7/rfis"}, cpr::Body{"{}"});
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: return cpr::Post(cpr::Url{kApiBase + "/rest/v1.0/projects/7/rfis"}, cpr::Body{"{}"}, cpr::Header{{[{][{]}}"Procore-Company-Id", companyId}});
}

// cpr::Url{base, path} joins its pieces. No fix-it: a cpr::Header argument is
// already there.
cpr::Response listSubmittals(int companyId) {
  return cpr::Get(cpr::Url{kApiBase, "/rest/v1.0/projects/7/submittals"},
                  cpr::Header{{"Accept", "application/json"}});
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// An empty value in the one-call API.
cpr::Response emptyHeaderArgument() {
  return cpr::Get(cpr::Url(kApiBase + "/rest/v1.0/projects"),
                  cpr::Header{{"Procore-Company-Id", ""}});
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: header set here
}

// A session whose URL is set with cpr::Url{...}.
cpr::Response sessionBraceUrl() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url{"https://api.procore.com/rest/v1.0/projects/7/rfis"});
  return Session.Get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// --- Negatives ----------------------------------------------------------------

cpr::Response withHeader(const std::string &CompanyId) {
  return cpr::Get(cpr::Url(kApiBase + "/rest/v1.0/projects"),
                  cpr::Header{{"procore-company-id", CompanyId}});
}

cpr::Response withHeaderVariable() {
  cpr::Header Headers{{"Procore-Company-Id", "42"}};
  return cpr::Get(cpr::Url(kApiBase + "/rest/v1.0/projects"), Headers);
}

cpr::Response withSessionHeader(const std::string &CompanyId) {
  cpr::Session Session;
  Session.SetUrl(cpr::Url(kApiBase + "/rest/v1.0/projects"));
  Session.SetHeader(cpr::Header{{"PROCORE-COMPANY-ID", CompanyId}});
  return Session.Get();
}

// The headers come from a helper.
cpr::Header companyHeaders(const std::string &Id) {
  return cpr::Header{{"Procore-Company-Id", Id}};
}
cpr::Response headerFromHelper() {
  return cpr::Get(cpr::Url(kApiBase + "/rest/v1.0/projects"), companyHeaders("42"));
}

// The header is added by a helper that receives the session.
void applyCompany(cpr::Session &Session) {
  Session.UpdateHeader(cpr::Header{{"Procore-Company-Id", "42"}});
}
cpr::Response headerInSessionHelper() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url(kApiBase + "/rest/v1.0/projects"));
  applyCompany(Session);
  return Session.Put();
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
cpr::Response me() { return cpr::Get(cpr::Url(kApiBase + "/rest/v1.0/me")); }
cpr::Response companies() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url(kApiBase + "/rest/v1.0/companies"));
  return Session.Get();
}

// OAuth never needs it.
cpr::Response token() {
  return cpr::Post(cpr::Url("https://login.procore.com/oauth/token"),
                   cpr::Payload{{"grant_type", "client_credentials"}});
}
cpr::Response tokenSession() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url("https://login.procore.com/oauth/token"));
  return Session.Post();
}

// Other hosts.
cpr::Response github() {
  cpr::Session Session;
  Session.SetUrl(cpr::Url("https://api.github.com/rest/v1.0/projects"));
  return Session.Get();
}

// A URL from a parameter with no known caller cannot be judged.
cpr::Response fetchAny(const std::string &Url) {
  cpr::Session Session;
  Session.SetUrl(Url);
  return Session.Get();
}
