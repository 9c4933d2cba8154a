// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -x c -std=c11
// Known miss: with libcurl's URL API the host and the path meet only inside
// the CURLU handle, so the legacy host is not reported.

#include <curl/curl.h>

CURLUcode urlParts(CURLU *Url) {
  curl_url_set(Url, CURLUPART_SCHEME, "https", 0);
  curl_url_set(Url, CURLUPART_HOST, "app.procore.com", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+2]]:10: note: used for a REST API endpoint here
  // CHECK-FIXES: {{^}}  curl_url_set(Url, CURLUPART_HOST, "api.procore.com", 0);{{$}}
  return curl_url_set(Url, CURLUPART_PATH, "/rest/v1.0/me", 0);
}
