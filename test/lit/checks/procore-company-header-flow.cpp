// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Control flow decides which headers a send carries: a header added on some
// paths only, or after the send, does not count; a header every path adds
// does; a header map copied in a loop carries its keys.

#include <curl/curl.h>

#include <cstdlib>
#include <map>
#include <string>

static const char *const kApi = "https://api.procore.com";

// --- Positives ----------------------------------------------------------------

// The header is added in one branch only.
CURLcode usersIfVerbose(bool Verbose) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
  if (Verbose)
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/companies/42/users");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies/42/users' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: added here, but not on every path to the send
}

// The header is added after the send, for a later request.
CURLcode headerTooLate() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/cost_codes");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  CURLcode First = curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: Procore API request to '/rest/v1.0/cost_codes' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE+1]]:13: note: added here, but not on every path to the send
  Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
  return First;
}

// A near miss: the header has another name.
CURLcode nearMiss() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "X-Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-6]]:52: note: did you mean 'Procore-Company-Id'?
}

// A base the file cannot resolve, joined to a Procore REST path, in a file
// that names a Procore host: a Procore API request.
CURLcode unresolvedBase() {
  const char *Base = std::getenv("PROCORE_API");
  std::string Url = std::string(Base) + "/rest/v1.0/observations/items";
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/observations/items' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// --- Negatives ----------------------------------------------------------------

// Both branches add it: every path has it.
CURLcode bothBranches(bool Sandbox) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = nullptr;
  if (Sandbox)
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 7");
  else
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// A header map copied into the list in a loop carries the map's keys.
CURLcode fromHeaderMap() {
  std::map<std::string, std::string> Fields = {
      {"Authorization", "Bearer t"}, {"Procore-Company-Id", "42"}};
  curl_slist *Headers = nullptr;
  for (const auto &Field : Fields)
    Headers = curl_slist_append(Headers, (Field.first + ": " + Field.second).c_str());
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// A method set on some paths only leaves the method unknown: GET /me keeps
// its exemption.
CURLcode meMaybePost(const char *Body) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  if (Body)
    curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, Body);
  return curl_easy_perform(Curl);
}

// A header list handed to a virtual function may get the header from an
// override: the benefit of the doubt.
struct HeaderSource {
  virtual ~HeaderSource() = default;
  virtual void addHeaders(curl_slist *&List) = 0;
};
CURLcode fromVirtual(HeaderSource &Source) {
  curl_slist *Headers = nullptr;
  Source.addHeaders(Headers);
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/projects");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

// An unresolved base with a path that is not Procore's.
CURLcode otherService() {
  std::string Url = std::string(std::getenv("ERP_URL")) + "/api/v2/vendors";
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  return curl_easy_perform(Curl);
}
