// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// One libcurl handle reused by several requests. What a helper sets on the
// handle counts for a send only on the paths from the helper's call to the
// send that do not reset the handle first; when nothing sets a method,
// libcurl sends GET.

#include <curl/curl.h>

#include <string.h>

static void revoke(CURL *h) {
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, "https://login.procore.com/oauth/revoke");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "token=t");
  curl_easy_perform(h);
}

static void with_body(CURL *h) {
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "{\"name\":\"x\"}");
}

int main(int argc, char **argv) {
  CURL *h = curl_easy_init();
  struct curl_slist *auth = curl_slist_append(NULL, "Authorization: Bearer t");
  if (argc > 1 && strcmp(argv[1], "--logout") == 0) {
    revoke(h);
    return 0;
  }
  // GET /me, exempt: the logout branch's POST never reaches this send.
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, auth);
  curl_easy_perform(h);

  // A body set by a helper, then a reset: GET /me again, exempt.
  with_body(h);
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, auth);
  curl_easy_perform(h);

  // The helper's body stays on the handle: a POST to /me is no exempt call.
  with_body(h);
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, auth);
  curl_easy_perform(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here

  // CURLOPT_HTTPGET turns the handle back to GET: /me is exempt again.
  with_body(h);
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/me");
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, auth);
  curl_easy_perform(h);

  curl_slist_free_all(auth);
  curl_easy_cleanup(h);
  return 0;
}
