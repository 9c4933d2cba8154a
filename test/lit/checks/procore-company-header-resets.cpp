// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A header list replaced whole or cleared, or a request zeroed, drops what
// was added to it before: a retry that rebuilds its headers after a 401
// sends only what it adds again, and curl_easy_reset clears every option
// set on a reused handle before it. The reset counts where it runs (a refresh
// method that reassigns the member list, a builder that zeroes the request
// it is given), and a builder that resets and then adds the header adds it.

#include <curl/curl.h>
#include <httplib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

// --- Positives ----------------------------------------------------------------

// The retry rebuilds its local header list without the company header.
long retryRebuildsList(CURL *Curl, const std::string &Token) {
  curl_slist *Headers = nullptr;
  Headers = curl_slist_append(Headers, ("Authorization: Bearer " + Token).c_str());
  Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects/7/rfis");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  curl_easy_perform(Curl);
  long Status = 0;
  curl_easy_getinfo(Curl, CURLINFO_RESPONSE_CODE, &Status);
  if (Status == 401) {
    curl_slist_free_all(Headers);
    Headers = nullptr;
    Headers = curl_slist_append(Headers, "Authorization: Bearer fresh");
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
    curl_easy_perform(Curl);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-12]]:3: note: URL set here
    // CHECK-MESSAGES: :[[@LINE-14]]:13: note: added here
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: the headers are replaced here before the send
  }
  return Status;
}

// A refresh method replaces the member list the client sends; the resend
// after it carries only Authorization.
class SubmittalClient {
public:
  explicit SubmittalClient(std::int64_t CompanyId) : Api("https://api.procore.com") {
    Headers.emplace("Procore-Company-Id", std::to_string(CompanyId));
  }

  void authenticate() {
    httplib::Client Login("https://login.procore.com");
    auto Res = Login.Post("/oauth/token", "grant_type=refresh_token",
                          "application/x-www-form-urlencoded");
    if (!Res)
      throw std::runtime_error("token refresh failed");
    Headers = {{"Authorization", "Bearer " + Res->body}};
  }

  std::string submittals() {
    auto Res = Api.Get("/rest/v1.1/projects/7/submittals", Headers);
    if (Res && Res->status == 401) {
      authenticate();
      Res = Api.Get("/rest/v1.1/projects/7/submittals", Headers);
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.1/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
      // CHECK-MESSAGES: :[[@LINE-18]]:5: note: added here
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: the headers are replaced here before the send
    }
    return Res ? Res->body : "";
  }

private:
  httplib::Client Api;
  httplib::Headers Headers;
};

// A builder that zeroes the request it is given drops the header the
// first attempt added.
struct Request {
  char Url[256];
  char Lines[8][128];
  int Count;
};

static void addLine(Request *R, const char *Line) {
  if (R->Count < 8)
    std::snprintf(R->Lines[R->Count++], sizeof R->Lines[0], "%s", Line);
}

static void build(Request *R, const char *Url) {
  std::memset(R, 0, sizeof *R);
  std::snprintf(R->Url, sizeof R->Url, "%s", Url);
  addLine(R, "Authorization: Bearer token");
}

static void addCompany(Request *R) { addLine(R, "Procore-Company-Id: 42"); }

static long transmit(CURL *Curl, const Request *R) {
  curl_slist *List = nullptr;
  for (int I = 0; I < R->Count; ++I)
    List = curl_slist_append(List, R->Lines[I]);
  curl_easy_setopt(Curl, CURLOPT_URL, R->Url);
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
  curl_easy_perform(Curl);
  long Status = 0;
  curl_easy_getinfo(Curl, CURLINFO_RESPONSE_CODE, &Status);
  curl_slist_free_all(List);
  return Status;
}

long postNotes() {
  CURL *Curl = curl_easy_init();
  const char *Url = "https://api.procore.com/rest/v1.0/projects/7/notes_logs";
  Request R;
  build(&R, Url);
  addCompany(&R);
  long Status = transmit(Curl, &R);
  if (Status == 401) {
    build(&R, Url);
    Status = transmit(Curl, &R);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects/7/notes_logs' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-18]]:3: note: sent here
  }
  return Status;
}

// The list is cleared on one path only.
long clearedSometimes(httplib::Client &Api, bool Fresh) {
  httplib::Headers Headers = {{"Procore-Company-Id", "42"}};
  if (Fresh)
    Headers.clear();
  auto Res = Api.Get("/rest/v1.0/projects/7/vendors", Headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects/7/vendors' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:31: note: added here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: the headers are replaced here on some paths to the send
  return Res ? Res->status : 0;
}

// --- Negatives ----------------------------------------------------------------

// The retry rebuilds the list and adds the header again.
long retryAddsAgain(CURL *Curl) {
  curl_slist *Headers = curl_slist_append(nullptr, "Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects/7/rfis");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  curl_easy_perform(Curl);
  long Status = 0;
  curl_easy_getinfo(Curl, CURLINFO_RESPONSE_CODE, &Status);
  if (Status == 401) {
    curl_slist_free_all(Headers);
    Headers = curl_slist_append(nullptr, "Authorization: Bearer fresh");
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
    curl_easy_perform(Curl);
  }
  return Status;
}

// The list is replaced by one that holds the header.
long replacedWithCompany(httplib::Client &Api) {
  httplib::Headers Headers = {{"Accept", "application/json"}};
  Headers = {{"Authorization", "Bearer t"}, {"Procore-Company-Id", "42"}};
  auto Res = Api.Get("/rest/v1.0/projects/7/vendors", Headers);
  return Res ? Res->status : 0;
}

// Cleared before the header is added.
long clearedFirst(httplib::Client &Api) {
  httplib::Headers Headers = {{"Accept", "application/json"}};
  Headers.clear();
  Headers.emplace("Procore-Company-Id", "42");
  auto Res = Api.Get("/rest/v1.0/projects/7/vendors", Headers);
  return Res ? Res->status : 0;
}

// The first attempt of postNotes: the builder's reset comes before the add.
long postNotesOnce() {
  CURL *Curl = curl_easy_init();
  Request R;
  build(&R, "https://api.procore.com/rest/v1.0/projects/7/notes_logs");
  addCompany(&R);
  return transmit(Curl, &R);
}

// A reset after the send is not on that send.
long clearedAfter(httplib::Client &Api) {
  httplib::Headers Headers = {{"Procore-Company-Id", "42"}};
  auto Res = Api.Get("/rest/v1.0/projects/7/vendors", Headers);
  Headers.clear();
  return Res ? Res->status : 0;
}

// --- curl_easy_reset on a handle the program reuses ---------------------------

static CURL *Shared;

long token() {
  curl_easy_reset(Shared);
  curl_easy_setopt(Shared, CURLOPT_URL, "https://login.procore.com/oauth/token");
  curl_easy_setopt(Shared, CURLOPT_POSTFIELDS, "grant_type=refresh_token");
  return curl_easy_perform(Shared);
}

// The token request's POST is cleared: GET /me keeps its exemption.
long me() {
  curl_easy_reset(Shared);
  curl_easy_setopt(Shared, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(Shared, CURLOPT_CUSTOMREQUEST, "GET");
  return curl_easy_perform(Shared);
}

// A header list attached before the reset is gone.
long projects(curl_slist *CompanyHeaders) {
  curl_easy_setopt(Shared, CURLOPT_HTTPHEADER, CompanyHeaders);
  curl_easy_reset(Shared);
  curl_easy_setopt(Shared, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  return curl_easy_perform(Shared);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

int main() {
  Shared = curl_easy_init();
  token();
  me();
  projects(curl_slist_append(nullptr, "Procore-Company-Id: 42"));
}
