// RUN: %check_mpr_lint %s procore-company-header,procore-base-domain %t -- -- -x c -std=c11

// Wide-character text: URLs built with swprintf from L"..." literals and
// handed to libcurl after a helper of the program converts them into a
// buffer it is given (wcstombs into its out parameter). A helper that
// fills the caller's buffer on every path gives it that text.

#include <curl/curl.h>

#include <stdlib.h>
#include <wchar.h>

#define API_BASE L"https://app.procore.com"
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE+28]]:3: note: used for a REST API endpoint here
// CHECK-MESSAGES: :[[@LINE+22]]:10: note: used for a REST API endpoint here
// CHECK-FIXES: #define API_BASE L"https://api.procore.com"

static int to_utf8(const wchar_t *wide, char *out, size_t size) {
  size_t n = wcstombs(out, wide, size - 1);
  if (n == (size_t)-1)
    return 0;
  out[n] = '\0';
  return 1;
}

static long get(const wchar_t *url, long long company_id) {
  char narrow[512], line[64];
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init();
  to_utf8(url, narrow, sizeof narrow);
  if (company_id != 0) {
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", company_id);
    headers = curl_slist_append(headers, line);
  }
  curl_easy_setopt(curl, CURLOPT_URL, narrow);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  return curl_easy_perform(curl);
}

void project(long long project_id, long long company_id) {
  wchar_t url[256];
  swprintf(url, 256, L"%ls/rest/v1.0/projects/%lld", API_BASE, project_id);
  get(url, company_id);
}

void project_without_company(long long project_id) {
  wchar_t url[256];
  swprintf(url, 256, L"%ls/rest/v1.0/projects/%lld/vendors", L"https://api.procore.com",
           project_id);
  get(url, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-15]]:10: note: sent here
}
