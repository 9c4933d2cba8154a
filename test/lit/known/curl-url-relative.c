// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -x c -std=c11
// Known miss: a relative URL set on a CURLU handle that holds a base URL
// completes that base.

#include <curl/curl.h>

CURLUcode urlRelative(CURLU *Url) {
  curl_url_set(Url, CURLUPART_URL, "https://app.procore.com", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE+2]]:10: note: used for an OAuth endpoint here
  // CHECK-FIXES: {{^}}  curl_url_set(Url, CURLUPART_URL, "https://login.procore.com", 0);{{$}}
  return curl_url_set(Url, CURLUPART_URL, "/oauth/token", 0);
}
