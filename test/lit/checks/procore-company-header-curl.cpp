// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <curl/curl.h>

#include <string>
#include <vector>

static const std::string kApiBase = "https://api.procore.com";
static const char *const kSandbox = "https://sandbox.procore.com";

// --- Positives ----------------------------------------------------------------

// A header list without the company id; the fix adds it to the list.
CURLcode listProjects(long long company_id) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = nullptr;
  Headers = curl_slist_append(Headers, "Accept: application/json");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-FIXES: Headers = curl_slist_append(Headers, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
  // CHECK-FIXES: curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
}

// No header list at all: reported, no fix-it.
CURLcode listRfis() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects/7/rfis");
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// The URL is a base constant and a path.
CURLcode createRfi(const std::string &companyId) {
  CURL *Curl = curl_easy_init();
  std::string Url = kApiBase + "/rest/v1.0/projects/7/rfis";
  curl_slist *Headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, "{}");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: URL set here
  // CHECK-FIXES: Headers = curl_slist_append(Headers, ("Procore-Company-Id: " + companyId).c_str());
  // CHECK-FIXES: curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
}

// A sandbox vapid call with a custom method.
CURLcode deleteDrawing() {
  CURL *Curl = curl_easy_init();
  std::string Url = std::string(kSandbox) + "/vapid/projects/7/drawings/3";
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_CUSTOMREQUEST, "DELETE");
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/vapid/projects/7/drawings/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// The handle is built in one function and performed in another.
CURL *makeSubmittalsRequest() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.1/projects/7/submittals");
  return Curl;
}
CURLcode fetchSubmittals() {
  CURL *Curl = makeSubmittalsRequest();
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.1/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: URL set here
}

// A helper performs what its callers prepared: one finding per call.
CURLcode performPrepared(CURL *Curl) { return curl_easy_perform(Curl); }
CURLcode fetchUsers() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.3/companies/1/users");
  return performPrepared(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.3/companies/1/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-6]]:47: note: sent here
}

// A multi handle sends the easy handle.
void fetchVendors(CURLM *Multi) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api-monthly.procore.com/rest/v1.0/vendors");
  curl_multi_add_handle(Multi, Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// The URL is set by a helper that receives the handle.
void setPath(CURL *Curl, const std::string &Path) {
  curl_easy_setopt(Curl, CURLOPT_URL, (kApiBase + Path).c_str());
}
CURLcode urlInHelper() {
  CURL *Curl = curl_easy_init();
  setPath(Curl, "/rest/v1.0/projects/7/documents");
  return curl_easy_perform(Curl);
}
// CHECK-MESSAGES: :[[@LINE-2]]:10: warning: Procore API request to '/rest/v1.0/projects/7/documents' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :[[@LINE-8]]:3: note: URL set here

// Only GET of /companies is exempt.
CURLcode createCompany() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/companies");
  curl_easy_setopt(Curl, CURLOPT_POST, 1L);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
}

// A client whose member holds the company id; the fix uses the member.
struct Client {
  long long company_id = 0;
  CURLcode get(const std::string &Path) {
    CURL *Curl = curl_easy_init();
    curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
    curl_easy_setopt(Curl, CURLOPT_URL, (kApiBase + Path).c_str());
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
    return curl_easy_perform(Curl);
  }
};
void useClient(Client &C) {
  C.get("/rest/v1.0/projects");
  C.get("/rest/v1.0/me");
}
// The client's own headers lack it for every caller: one finding, at the send.
// CHECK-MESSAGES: :[[@LINE-8]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :[[@LINE-5]]:3: note: request built here
// CHECK-MESSAGES: :[[@LINE-12]]:5: note: URL set here
// CHECK-FIXES: Headers = curl_slist_append(Headers, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
// CHECK-FIXES: curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);

// The header is there with an empty value.
CURLcode emptyCompany() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Procore-Company-Id;");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-6]]:25: note: header set here
}

// --- Negatives ----------------------------------------------------------------

CURLcode withHeader(long long CompanyId) {
  CURL *Curl = curl_easy_init();
  std::string Line = "Procore-Company-Id: " + std::to_string(CompanyId);
  curl_slist *Headers = curl_slist_append(nullptr, Line.c_str());
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

CURLcode withLowercaseHeader() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = nullptr;
  Headers = curl_slist_append(Headers, "procore-company-id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// The header is set by a helper that receives the handle.
void applyCompany(CURL *Curl, const std::string &Id) {
  std::string Line = "Procore-Company-Id: " + Id;
  curl_slist *Headers = curl_slist_append(nullptr, Line.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
}
CURLcode headerInHandleHelper() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  applyCompany(Curl, "42");
  return curl_easy_perform(Curl);
}

// The header is added by a helper that returns the grown list.
curl_slist *withCompanyHeader(curl_slist *List) {
  return curl_slist_append(List, "Procore-Company-Id: 42");
}
CURLcode headerInListHelper() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = withCompanyHeader(nullptr);
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// The list is grown by a helper that takes it by reference.
void addCompany(curl_slist *&List) {
  List = curl_slist_append(List, "Procore-Company-Id: 1");
}
CURLcode headerInListByReference() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = nullptr;
  addCompany(Headers);
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// The header line comes from a variable.
CURLcode headerFromVariable() {
  const char *Line = "PROCORE-COMPANY-ID: 9";
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, Line);
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// Headers the analysis cannot read: no finding.
CURLcode headersFromCaller(const std::vector<std::string> &Extra) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = nullptr;
  for (const std::string &Line : Extra)
    Headers = curl_slist_append(Headers, Line.c_str());
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
CURLcode me() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me?fields=id");
  return curl_easy_perform(Curl);
}
CURLcode companies() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, (kApiBase + "/rest/v1.0/companies").c_str());
  curl_easy_setopt(Curl, CURLOPT_CUSTOMREQUEST, "GET");
  return curl_easy_perform(Curl);
}

// OAuth never needs it.
CURLcode token() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://login.procore.com/oauth/token");
  curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, "grant_type=client_credentials");
  return curl_easy_perform(Curl);
}

// Other hosts.
CURLcode github() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.github.com/rest/v1.0/projects");
  return curl_easy_perform(Curl);
}
CURLcode upload() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://storage.procore.com/rest/v1.0/uploads/abc");
  curl_easy_setopt(Curl, CURLOPT_UPLOAD, 1L);
  return curl_easy_perform(Curl);
}

// A URL from a parameter with no known caller cannot be judged.
CURLcode fetchAny(const char *Url) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url);
  return curl_easy_perform(Curl);
}

// --- A helper that sends for two callers ------------------------------------------
//
// Reported once per call; the two findings share one insertion, so --fix
// adds the header line once.

struct TwoCallers {
  long long company_id = 0;
  CURLcode get(const std::string &Path) {
    CURL *Curl = curl_easy_init();
    curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
    // CHECK-FIXES: {{^}}    Headers = curl_slist_append(Headers, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());{{$}}
    curl_easy_setopt(Curl, CURLOPT_URL, (kApiBase + Path).c_str());
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
    return curl_easy_perform(Curl);
  }
};
void useTwoCallers(TwoCallers &C) {
  C.get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-5]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: request built here
  // CHECK-MESSAGES: :[[@LINE-9]]:5: note: URL set here
  C.get("/rest/v1.0/vendors");
  // CHECK-MESSAGES: :[[@LINE-9]]:12: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: request built here
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: URL set here
}
