// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// A helper that fills the caller's buffer on some of its paths only (it
// returns early when its input is missing) leaves the buffer either
// filled or as it was: a company header line it prints there is on the
// request, and a buffer it never fills with one still lacks it.

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static int company_line(char *Out, size_t Size, const char *Id) {
  if (!Id)
    return -1;
  snprintf(Out, Size, "Procore-Company-Id: %s", Id);
  return 0;
}

static int bearer_line(char *Out, size_t Size, const char *Token) {
  if (!Token || !*Token)
    return -1;
  snprintf(Out, Size, "Authorization: Bearer %s", Token);
  return 0;
}

static void get(const char *Url, const char *Line) {
  CURL *Handle = curl_easy_init();
  struct curl_slist *Lines = curl_slist_append(NULL, Line);
  curl_easy_setopt(Handle, CURLOPT_URL, Url);
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
  curl_easy_perform(Handle);
  curl_slist_free_all(Lines);
  curl_easy_cleanup(Handle);
}

int main(void) {
  char Company[64], Bearer[256];
  if (company_line(Company, sizeof Company, getenv("PROCORE_COMPANY_ID")))
    return 1;
  get("https://api.procore.com/rest/v1.0/projects", Company);
  bearer_line(Bearer, sizeof Bearer, getenv("PROCORE_TOKEN"));
  get("https://api.procore.com/rest/v1.0/vendors", Bearer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :31:3: note: sent here
  return 0;
}
