// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A fetch helper that takes the code preparing its request as a callable
// argument runs, for each call, the callable that call passes: the lambda
// written at the call, or a function named there, also when a second
// helper forwards it. Nothing else in this file stores a callable, so the
// callables reach the helper only as arguments.

#include <curl/curl.h>

#include <functional>
#include <string>

using Prepare = std::function<void(curl_slist *&)>;

long fetch(const std::string &Url, const Prepare &Setup) {
  CURL *Handle = curl_easy_init();
  curl_slist *Lines = nullptr;
  Setup(Lines);
  curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
  return curl_easy_perform(Handle);
}

long forward(const std::string &Url, const Prepare &Setup) {
  return fetch(Url, Setup);
}

void scoped(curl_slist *&Lines, long long CompanyId) {
  Lines = curl_slist_append(
      Lines, ("Procore-Company-Id: " + std::to_string(CompanyId)).c_str());
}

void unscoped(curl_slist *&Lines) {
  Lines = curl_slist_append(Lines, "Accept: application/json");
}

long listProjects(long long CompanyId) {
  return fetch("https://api.procore.com/rest/v1.0/projects",
               [&](curl_slist *&Lines) { scoped(Lines, CompanyId); });
}

long listVendors() {
  return fetch("https://api.procore.com/rest/v1.0/vendors",
               [](curl_slist *&Lines) { unscoped(Lines); });
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :22:10: note: sent here
}

long listRfis(long long CompanyId) {
  return forward("https://api.procore.com/rest/v1.0/rfis",
                 [&](curl_slist *&Lines) { scoped(Lines, CompanyId); });
}

long listUsers() {
  return forward("https://api.procore.com/rest/v1.0/users", unscoped);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :22:10: note: sent here
}
