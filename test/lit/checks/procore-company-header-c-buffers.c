// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// URLs assembled in C buffers: memcpy copies a C string like strcpy, a
// write past the buffer's start (`Url + strlen(Url)`, `Url + Used`,
// `&Url[Used]`) appends, and so does a helper of the program whose only
// write to its buffer parameter is such an append.

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define API_HOST "https://api.procore.com"

static size_t append(char *Dst, size_t Cap, const char *Src) {
  size_t Len = strlen(Dst);
  size_t N = strlen(Src);
  if (Len + N >= Cap)
    N = Cap - Len - 1;
  memcpy(Dst + Len, Src, N);
  Dst[Len + N] = '\0';
  return Len + N;
}

static void send_request(const char *Url, long long Company) {
  struct curl_slist *Headers = curl_slist_append(NULL, "Accept: application/json");
  char Line[64];
  if (Company > 0) {
    snprintf(Line, sizeof Line, "Procore-Company-Id: %lld", Company);
    Headers = curl_slist_append(Headers, Line);
  }
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Url);
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  curl_easy_perform(Curl);
}

int main(void) {
  char Url[256];
  memcpy(Url, API_HOST, sizeof API_HOST);
  snprintf(Url + strlen(Url), sizeof Url - strlen(Url), "/rest/v1.0/projects/%d/rfis", 7);
  send_request(Url, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :34:3: note: sent here
  send_request(Url, 42);

  char Submittals[256];
  int Used = snprintf(Submittals, sizeof Submittals, "%s", API_HOST);
  snprintf(&Submittals[Used], sizeof Submittals - Used, "%s",
           "/rest/v1.0/projects/7/submittals");
  send_request(Submittals, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :34:3: note: sent here

  char Path[256] = API_HOST;
  append(Path, sizeof Path, "/rest/v1.0/companies/42/vendors");
  send_request(Path, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/42/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :34:3: note: sent here
  send_request(Path, 42);
  return 0;
}
