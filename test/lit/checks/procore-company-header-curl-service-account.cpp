// RUN: %check_mpr_lint %s procore-company-header %t -- --config="{CheckOptions: {procore-company-header.ServiceAccount: true}}" -- -std=c++17

// With ServiceAccount, GET /rest/v1.0/me and /rest/v1.0/companies need the
// header too.

#include <curl/curl.h>

#include <string>

CURLcode me(long long company_id) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  // CHECK-FIXES: Headers = curl_slist_append(Headers, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
  // CHECK-FIXES: curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
}

CURLcode companies() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/companies");
  return curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
}

// Negatives: the header is sent; OAuth never needs it.
CURLcode companiesWithHeader() {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Procore-Company-Id: 8");
  curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/companies");
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}
CURLcode token() {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://login.procore.com/oauth/token");
  curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, "grant_type=client_credentials");
  return curl_easy_perform(Curl);
}
