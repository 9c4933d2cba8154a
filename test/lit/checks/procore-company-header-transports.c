// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// A C transport in a table of function pointers sends request structs its
// callers fill with helpers. Each request is its own object: its lines are
// those written to it, by the helpers it was handed to, before it was sent,
// and a helper that sends for its callers is judged once per call.
//
// One send reports once per request that reaches it, in the order of the
// messages, so the checks below after the first match in any order.

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINES 8

struct request {
  char method[8];
  char url[256];
  char lines[MAX_LINES][128];
  int line_count;
};

struct transport {
  CURL *curl;
  int (*send)(struct transport *t, const struct request *rq);
};

static int curl_send(struct transport *t, const struct request *rq) {
  struct curl_slist *list = NULL;
  int i;
  for (i = 0; i < rq->line_count; i++)
    list = curl_slist_append(list, rq->lines[i]);
  curl_easy_setopt(t->curl, CURLOPT_URL, rq->url);
  curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, rq->method);
  curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, list);
  return curl_easy_perform(t->curl);
  // Its callers decide what it sends: the findings are at their calls.
  // CHECK-MESSAGES-DAG: :[[@LINE-2]]:10: note: sent here
  // CHECK-MESSAGES-DAG: :[[@LINE-3]]:10: note: sent here
}

// Prints instead of sending: nothing leaves.
static int dry_send(struct transport *t, const struct request *rq) {
  (void)t;
  return printf("%s %s\n", rq->method, rq->url) < 0;
}

// The capacity check is read as holding: the line is added.
static void add_line(struct request *rq, const char *format,
                     const char *value) {
  if (rq->line_count < MAX_LINES)
    snprintf(rq->lines[rq->line_count++], sizeof rq->lines[0], format, value);
}

static void start(struct request *rq, const char *method, const char *path) {
  memset(rq, 0, sizeof *rq);
  strcpy(rq->method, method);
  snprintf(rq->url, sizeof rq->url, "https://api.procore.com%s", path);
  add_line(rq, "Authorization: Bearer %s", "token");
}

static void start_scoped(struct request *rq, const char *method,
                         const char *path) {
  start(rq, method, path);
  add_line(rq, "Procore-Company-Id: %s", "42");
}

// Send for their callers: one request per call.
static int get(struct transport *t, const char *path) {
  struct request rq;
  start(&rq, "GET", path);
  return t->send(t, &rq);
}

static int get_scoped(struct transport *t, const char *path) {
  struct request rq;
  start_scoped(&rq, "GET", path);
  return t->send(t, &rq);
}

// The header goes on another request than the one sent.
static int post_wrong_object(struct transport *t) {
  struct request rq, other;
  start(&rq, "POST", "/rest/v1.0/checklist/lists");
  start_scoped(&other, "POST", "/rest/v1.0/checklist/lists");
  return t->send(t, &rq);
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/checklist/lists' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// Added after the send: not on it.
static int header_after_send(struct transport *t) {
  struct request rq;
  int rc;
  start(&rq, "GET", "/rest/v1.0/companies/42/users");
  rc = t->send(t, &rq);
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:8: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  add_line(&rq, "Procore-Company-Id: %s", "42");
  return rc;
}

int main(void) {
  struct transport live = {NULL, curl_send};
  struct transport dry = {NULL, dry_send};
  live.curl = curl_easy_init();
  get(&live, "/rest/v1.0/projects/42/rfis");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/42/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-71]]:10: note: sent here
  get(&live, "/rest/v1.0/me");
  get_scoped(&live, "/rest/v1.0/projects/42/submittals");
  post_wrong_object(&live);
  header_after_send(&live);
  return dry.send(&dry, NULL);
}
