// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// Header lists a C tool builds once, on the first call, into static
// locals (`if (!plain) { plain = ...; with_company = ...; }`), and picks per
// call with `scoped ? with_company : plain`. A call either builds them or
// comes after one that did, so past the `if` both lists hold what the
// branch puts in; the list a call gets is the one its argument picks.

#include <curl/curl.h>
#include <stdlib.h>

static CURL *handle(void) {
  static CURL *h;
  if (!h)
    h = curl_easy_init();
  return h;
}

static long procore(const char *url, int scoped) {
  static struct curl_slist *plain, *with_company;
  CURL *h = handle();
  long status = 0;
  if (!plain) {
    plain = curl_slist_append(NULL, "Authorization: Bearer t");
    with_company = curl_slist_append(NULL, "Authorization: Bearer t");
    with_company = curl_slist_append(with_company, "Procore-Company-Id: 42");
  }
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, scoped ? with_company : plain);
  if (curl_easy_perform(h) == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

int main(void) {
  procore("https://api.procore.com/rest/v1.0/me", 0);
  procore("https://api.procore.com/rest/v1.0/projects/7/rfis", 1);
  procore("https://api.procore.com/rest/v1.0/companies/42/users", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :30:7: note: sent here
  // A choice the arguments leave open: either list may be sent.
  procore("https://api.procore.com/rest/v1.0/vendors", getenv("SCOPED") != NULL);
  return 0;
}
