// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// A text the analysis cannot read (a command-line argument) inside a branch
// whose condition compares it with literals is one of those literals:
// `/rest/v1.0/%s` with `argv[1]` under `!strcmp(argv[1], "me") ||
// !strcmp(argv[1], "companies")` is one of the exempt calls. A branch that
// only says what the text is not, or that changes the variable first,
// leaves it unknown.

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define API_HOST "https://api.procore.com"

// Each branch sends with its own handle, so each gets its own verdict.
#define SEND(Url)                                                              \
  do {                                                                         \
    CURL *Curl = curl_easy_init();                                             \
    curl_easy_setopt(Curl, CURLOPT_URL, Url);                                  \
    curl_easy_perform(Curl);                                                   \
    curl_easy_cleanup(Curl);                                                   \
  } while (0)

int main(int argc, char **argv) {
  char Url[256];
  const char *Resource = argc > 2 ? argv[2] : "vendors";
  if (argc < 2)
    return 2;
  if (!strcmp(argv[1], "me") || strcmp(argv[1], "companies") == 0) {
    snprintf(Url, sizeof Url, API_HOST "/rest/v1.0/%s", argv[1]);
    SEND(Url);
  } else if (strcmp(argv[1], "list")) {
    // Not "list": any other word.
    snprintf(Url, sizeof Url, API_HOST "/rest/v1.0/%s", argv[1]);
    SEND(Url);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  } else if (!strcmp(Resource, "me")) {
    Resource = argv[2];
    snprintf(Url, sizeof Url, API_HOST "/rest/v1.0/%s", Resource);
    SEND(Url);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  }
  return 0;
}
