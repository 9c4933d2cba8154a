// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>

#include <list>
#include <string>

static const std::string kApiBase = "https://api.procore.com";

// --- Positives ----------------------------------------------------------------
// curlpp has no fix-it row, so none of these expects a CHECK-FIXES.

// Options allocated with new, a header list without the company id.
void listProjects(int company_id) {
  curlpp::Easy Request;
  std::list<std::string> Headers;
  Headers.push_back("Accept: application/json");
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/projects"));
  Request.setOpt(new curlpp::options::HttpHeader(Headers));
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// A temporary option object, base constant plus path.
void listRfis() {
  curlpp::Easy Request;
  Request.setOpt(curlpp::options::Url(kApiBase + "/rest/v1.0/projects/7/rfis"));
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// A custom method on sandbox.
void deleteDrawing() {
  curlpp::Easy Request;
  std::string Url = "https://sandbox.procore.com/vapid/projects/7/drawings/3";
  Request.setOpt(curlpp::options::Url(Url));
  Request.setOpt(curlpp::options::CustomRequest("DELETE"));
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/vapid/projects/7/drawings/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// not detected yet: setOpt<Option>(value); expected a warning at column 3 of
// Request.perform() for '/rest/v1.0/projects'.
void templateSetOpt() {
  curlpp::Easy Request;
  Request.setOpt<curlpp::options::Url>("https://api.procore.com/rest/v1.0/projects");
  Request.perform();
}

// An option object in a variable; the note points at the setOpt call.
void optionVariable() {
  curlpp::Easy Request;
  curlpp::options::Url Url(kApiBase + "/rest/v1.0/projects");
  Request.setOpt(Url);
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// Only GET of /companies is exempt; PostFields makes a POST.
void createCompany() {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/companies"));
  Request.setOpt(new curlpp::options::PostFields("{}"));
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// Post(true) makes a POST as well.
void createCompanyWithPost() {
  curlpp::Easy Request;
  Request.setOpt(curlpp::options::Url("https://api.procore.com/rest/v1.0/companies"));
  Request.setOpt(curlpp::options::Post(true));
  Request.perform();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// The handle is performed by a helper: one finding per call.
void performPrepared(curlpp::Easy &Request) { Request.perform(); }
void fetchUsers() {
  curlpp::Easy Request;
  Request.setOpt(curlpp::options::Url(kApiBase + "/rest/v1.0/projects"));
  performPrepared(Request);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :[[@LINE-7]]:47: note: sent here

// --- Negatives ----------------------------------------------------------------

// The list is handed over with `new`.
void withHeader() {
  curlpp::Easy Request;
  std::list<std::string> Headers;
  Headers.push_back("procore-company-id: 42");
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/projects"));
  Request.setOpt(new curlpp::options::HttpHeader(Headers));
  Request.perform();
}

// The header is set by a helper that receives the handle.
void applyCompany(curlpp::Easy &Request) {
  std::list<std::string> Headers;
  Headers.push_back("Procore-Company-Id: 42");
  Request.setOpt(new curlpp::options::HttpHeader(Headers));
}
void headerInHandleHelper() {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/projects"));
  applyCompany(Request);
  Request.perform();
}

// ... or the list.
void addCompany(std::list<std::string> &Headers) {
  Headers.push_back("Procore-Company-Id: 7");
}
void headerInListHelper() {
  curlpp::Easy Request;
  std::list<std::string> Headers;
  addCompany(Headers);
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/projects"));
  Request.setOpt(new curlpp::options::HttpHeader(Headers));
  Request.perform();
}

// The list is written in place.
void withInlineHeader(long CompanyId) {
  curlpp::Easy Request;
  Request.setOpt(curlpp::options::Url(kApiBase + "/rest/v1.0/projects"));
  Request.setOpt(curlpp::options::HttpHeader(
      {"Accept: application/json", "Procore-Company-Id: " + std::to_string(CompanyId)}));
  Request.perform();
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
void me() {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url("https://api.procore.com/rest/v1.0/me"));
  Request.perform();
}
void companies() {
  curlpp::Easy Request;
  Request.setOpt(curlpp::options::Url(kApiBase + "/rest/v1.0/companies"));
  Request.setOpt(curlpp::options::CustomRequest("GET"));
  Request.perform();
}

// OAuth never needs it.
void token() {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url("https://login.procore.com/oauth/token"));
  Request.setOpt(new curlpp::options::PostFields("grant_type=client_credentials"));
  Request.perform();
}

// Other hosts.
void github() {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url("https://api.github.com/rest/v1.0/projects"));
  Request.perform();
}

// A URL from a parameter with no known caller cannot be judged.
void fetchAny(const std::string &Url) {
  curlpp::Easy Request;
  Request.setOpt(new curlpp::options::Url(Url));
  Request.perform();
}
