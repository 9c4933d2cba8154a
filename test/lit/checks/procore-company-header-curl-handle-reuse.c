// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// One libcurl handle shared by helpers that each send a request. Setting
// CURLOPT_HTTPHEADER attaches a list in place of the one attached before,
// and curl_easy_reset drops every option: what an earlier helper put on the
// handle does not reach a later send. A function whose callers the
// translation unit does not show still has known headers when it replaces
// them on every path to its send. Endpoint tables indexed by an enum the
// caller passes are read at the row that caller picks.

#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DO_GET(h, url, hdrs)                                                   \
  do {                                                                         \
    curl_easy_reset(h);                                                        \
    curl_easy_setopt((h), CURLOPT_URL, (url));                                 \
    curl_easy_setopt((h), CURLOPT_HTTPHEADER, (hdrs));                         \
    curl_easy_perform(h);                                                      \
  } while (0)

static char g_bearer[256];

// The bearer line is the format and what strncat adds to it: a header the
// analysis sees whole.
static void remember_token(const char *token, size_t length) {
  snprintf(g_bearer, sizeof g_bearer, "Authorization: Bearer %s", "");
  strncat(g_bearer, token, length);
}

static void list_projects(CURL *h, int64_t company_id) {
  char line[64];
  struct curl_slist *hd = curl_slist_append(NULL, g_bearer);
  snprintf(line, sizeof line, "Procore-Company-Id: %lld",
           (long long)company_id);
  hd = curl_slist_append(hd, line);
  DO_GET(h, "https://api.procore.com/rest/v1.0/projects", hd);
  curl_slist_free_all(hd);
}

// The handle still points at list_projects' list when this runs, but the
// reset and the new list replace it.
static void list_punch_items(CURL *h) {
  struct curl_slist *hd = curl_slist_append(NULL, g_bearer);
  DO_GET(h, "https://api.procore.com/rest/v1.0/punch_items", hd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/punch_items' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  curl_slist_free_all(hd);
}

// No reset, only a new list: the company header of the list attached by
// list_projects is gone all the same.
static void list_vendors(CURL *h) {
  struct curl_slist *hd = curl_slist_append(NULL, g_bearer);
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/vendors");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_perform(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  curl_slist_free_all(hd);
}

// A list built before the reset and attached after it: its company header
// is on the request.
static void list_users(CURL *h, const char *company_line) {
  struct curl_slist *hd = curl_slist_append(NULL, g_bearer);
  hd = curl_slist_append(hd, company_line);
  DO_GET(h, "https://api.procore.com/rest/v1.0/users", hd);
  curl_slist_free_all(hd);
}

// Nothing in this file calls it, yet the list it attaches on every path is
// all the request carries.
void export_rfis(CURL *h) {
  struct curl_slist *hd = curl_slist_append(NULL, "Accept: application/json");
  curl_easy_setopt(h, CURLOPT_URL, "https://api.procore.com/rest/v1.0/rfis");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_perform(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: URL set here
  curl_slist_free_all(hd);
}

// Nothing calls it either, and it attaches a list on some paths only: the
// callers' list may carry the header.
void export_submittals(CURL *h, int verbose) {
  struct curl_slist *hd = curl_slist_append(NULL, "Accept: application/json");
  curl_easy_setopt(h, CURLOPT_URL,
                   "https://api.procore.com/rest/v1.0/submittals");
  if (verbose)
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_perform(h);
  curl_slist_free_all(hd);
}

enum endpoint { EP_ME, EP_PROJECTS, EP_REPLIES, EP_COUNT };
static const char *const ep_url[EP_COUNT] = {
    "https://api.procore.com/rest/v1.0/me",
    "https://api.procore.com/rest/v1.0/projects",
    "https://api.procore.com/rest/v1.0/rfi_replies",
};
static const int ep_needs_company[EP_COUNT] = {0, 1, 0};

// One sender for every row; whether it adds the header is the row's flag.
static void api_call(CURL *h, enum endpoint ep, int64_t company_id) {
  char line[64];
  struct curl_slist *hd = curl_slist_append(NULL, g_bearer);
  if (ep_needs_company[ep]) {
    snprintf(line, sizeof line, "Procore-Company-Id: %lld",
             (long long)company_id);
    hd = curl_slist_append(hd, line);
  }
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, ep_url[ep]);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_perform(h);
  curl_slist_free_all(hd);
}

int main(int argc, char **argv) {
  CURL *h = curl_easy_init();
  if (argc < 2)
    return 2;
  remember_token(argv[1], strlen(argv[1]));
  list_projects(h, 42);
  list_punch_items(h);
  list_projects(h, 42);
  list_vendors(h);
  list_users(h, "Procore-Company-Id: 42");
  // GET /me is exempt; /projects has its flag set.
  api_call(h, EP_ME, 42);
  api_call(h, EP_PROJECTS, 42);
  // The replies row's flag is 0.
  api_call(h, EP_REPLIES, 42);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/rfi_replies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-20]]:3: note: sent here
  curl_easy_cleanup(h);
  return 0;
}
