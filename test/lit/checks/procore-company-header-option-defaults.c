// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// Options that start from defaults: a caller passes its own options, built
// from a defaults macro, or NULL for the helper's static const defaults.
// A branch the arguments settle (`if (!opts) opts = &defaults;`) always
// runs or never does, so the member the header depends on is the one of
// the options that reach the send: a company id left at the default 0
// sends no header.

#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  const char *base_url;
  const char *method;
  int64_t company_id; /* 0: no company context */
} req_opts;

#define REQ_DEFAULTS {"https://api.procore.com", "GET", 0}

static long request(const char *path, const req_opts *opts) {
  static const req_opts defaults = REQ_DEFAULTS;
  struct curl_slist *headers = NULL;
  char url[512], line[128];
  CURL *curl;
  if (!opts)
    opts = &defaults;
  curl = curl_easy_init();
  snprintf(url, sizeof url, "%s%s", opts->base_url, path);
  if (opts->company_id != 0) {
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64,
             opts->company_id);
    headers = curl_slist_append(headers, line);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, opts->method);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  return curl_easy_perform(curl);
}

int main(void) {
  req_opts scoped = REQ_DEFAULTS;
  req_opts posted = REQ_DEFAULTS;
  scoped.company_id = 42;
  posted.method = "POST";
  request("/rest/v1.0/me", NULL);
  request("/rest/v1.0/vendors?company_id=42", NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors?company_id=42' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-11]]:10: note: sent here
  request("/rest/v1.0/projects", &scoped);
  request("/rest/v1.0/projects/7/manpower_logs", &posted);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/manpower_logs' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-15]]:10: note: sent here
  return 0;
}
