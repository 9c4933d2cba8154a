// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

/* A helper that adds a header line only when it is given one
   (`if (company_line)`): a caller that passes a char array always gives
   one, as an array handed on as a pointer is never null; a caller that
   passes NULL gives none. */

#include <curl/curl.h>

#include <stdio.h>

static long get_json(const char *url, const char *company_line) {
  CURL *curl = curl_easy_init();
  struct curl_slist *lines = NULL;
  long status = 0;
  lines = curl_slist_append(lines, "Accept: application/json");
  if (company_line)
    lines = curl_slist_append(lines, company_line);
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, lines);
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(lines);
  curl_easy_cleanup(curl);
  return status;
}

int main(void) {
  long long company_id = 598134325779301LL;
  char header[64];
  char url[256];
  snprintf(header, sizeof header, "Procore-Company-Id: %lld", company_id);
  snprintf(url, sizeof url,
           "https://api.procore.com/rest/v1.0/vendors?company_id=%lld",
           company_id);
  get_json(url, header);
  snprintf(url, sizeof url,
           "https://api.procore.com/rest/v1.0/companies/%lld/users",
           company_id);
  get_json(url, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :21:3: note: sent here
  return 0;
}
