// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// A request struct that keeps a pointer to a local buffer (`struct request
// Req = {"GET", Url}` before `snprintf(Url, ...)`): the transport reads the
// buffer when it reads the pointer, so the URL is what the buffer holds at
// the call that hands the request on, not at the point the pointer was
// stored.

#include <curl/curl.h>
#include <stdio.h>

#define API_HOST "https://api.procore.com"

struct request {
  const char *method;
  const char *url;
  struct curl_slist *headers;
};

static void transport_send(const struct request *Req) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, Req->url);
  curl_easy_setopt(Curl, CURLOPT_CUSTOMREQUEST, Req->method);
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Req->headers);
  curl_easy_perform(Curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :42:3: note: request built here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: URL set here
  curl_easy_cleanup(Curl);
}

static void get(const char *Path) {
  char Url[512];
  struct request Req = {"GET", Url, NULL};
  snprintf(Url, sizeof Url, "%s%s", API_HOST, Path);
  Req.headers = curl_slist_append(Req.headers, "Accept: application/json");
  transport_send(&Req);
  curl_slist_free_all(Req.headers);
}

int main(void) {
  get("/rest/v1.0/projects/7/rfis");
  get("/rest/v1.0/me");
  return 0;
}
