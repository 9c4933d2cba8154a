// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// Endpoints listed once in an X-macro and expanded into an enum and a table
// of `const char *` (the pointers themselves not const): no code writes the
// table, so an enumerator picks its row, and a format read from the table
// is that row filled in.

#include <curl/curl.h>
#include <stdio.h>

#define API "https://api.procore.com"
#define ENDPOINTS(X)                                                          \
  X(EP_COMPANIES, API "/rest/v1.0/companies")                                 \
  X(EP_USERS, API "/rest/v1.0/projects/%lld/users")                           \
  X(EP_VENDORS, API "/rest/v1.0/vendors?company_id=%lld")

#define AS_ENUM(Name, Url) Name,
enum endpoint { ENDPOINTS(AS_ENUM) EP_COUNT };
#undef AS_ENUM
#define AS_URL(Name, Url) Url,
static const char *endpoint_urls[EP_COUNT] = {ENDPOINTS(AS_URL)};
#undef AS_URL

static long long company_id = 8;

static void get(const char *url, int with_company) {
  char line[64];
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init();
  if (with_company) {
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", company_id);
    headers = curl_slist_append(headers, line);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

int main(void) {
  char url[256];
  /* GET /rest/v1.0/companies needs no header. */
  get(endpoint_urls[EP_COMPANIES], 0);
  snprintf(url, sizeof url, endpoint_urls[EP_USERS], 5LL);
  get(url, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :36:3: note: sent here
  snprintf(url, sizeof url, endpoint_urls[EP_VENDORS], company_id);
  get(url, 1);
  return 0;
}
