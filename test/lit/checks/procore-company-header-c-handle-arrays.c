// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

#include <curl/curl.h>

// Transfers of a multi handle kept in an array of easy handles, set up in
// one loop: the array stands for each of its handles.
static const char *const kUrls[] = {
    "https://api.procore.com/rest/v1.0/projects",
    "https://api.procore.com/rest/v1.0/vendors",
};

int fetch_all(const char *company_line) {
  CURLM *Multi = curl_multi_init();
  CURL *Easy[2];
  struct curl_slist *Plain = curl_slist_append(NULL, "Authorization: Bearer t");
  int Running = 0;
  for (int I = 0; I < 2; I++) {
    Easy[I] = curl_easy_init();
    curl_easy_setopt(Easy[I], CURLOPT_URL, kUrls[I]);
    curl_easy_setopt(Easy[I], CURLOPT_HTTPHEADER, Plain);
    curl_multi_add_handle(Multi, Easy[I]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :19:5: note: URL set here
  }
  curl_multi_perform(Multi, &Running);

  // The same with the company line on every handle: silent.
  CURL *Scoped[2];
  struct curl_slist *WithCompany =
      curl_slist_append(NULL, "Procore-Company-Id: 42");
  for (int I = 0; I < 2; I++) {
    Scoped[I] = curl_easy_init();
    curl_easy_setopt(Scoped[I], CURLOPT_URL, kUrls[I]);
    curl_easy_setopt(Scoped[I], CURLOPT_HTTPHEADER, WithCompany);
    curl_multi_add_handle(Multi, Scoped[I]);
  }
  curl_multi_perform(Multi, &Running);
  return Running;
}
