// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// A handle kept in a member that is either null (a dry run) or a new curl
// handle: the request is the handle's, with what is set on it before the
// send, not one the analysis gives up on.

#include <curl/curl.h>
#include <stddef.h>

struct client {
  CURL *handle;
  int dry;
};

static int client_get(struct client *c, const char *url) {
  if (!c->handle)
    return 0;
  curl_easy_setopt(c->handle, CURLOPT_URL, url);
  return curl_easy_perform(c->handle) == CURLE_OK;
}

int main(int argc, char **argv) {
  struct client c;
  c.dry = argc > 1;
  c.handle = c.dry ? NULL : curl_easy_init();
  client_get(&c, "https://api.procore.com/rest/v1.0/projects/5/rfis");
  curl_easy_cleanup(c.handle);
  return 0;
}
// CHECK-MESSAGES: :19:10: warning: Procore API request to '/rest/v1.0/projects/5/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :26:3: note: request built here
// CHECK-MESSAGES: :18:3: note: URL set here
