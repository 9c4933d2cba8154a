// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// Plain C request records with fixed arrays: the URL is the base printed at
// the buffer's start and the path printed past it (`Url + N`); header lines
// go into `Lines[Count++]`, and setting the count back to zero empties
// them, so a record reused for the next call keeps none of the last call's
// lines. An endpoint table says which calls carry the company header; the
// row the caller names settles the branch.

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>

#define API_BASE "https://api.procore.com"

enum { EP_PROJECTS, EP_WEATHER, EP_COUNT };
static const struct {
  const char *path_fmt;
  int needs_company;
} ENDPOINTS[EP_COUNT] = {
    {"/rest/v1.0/projects?company_id=%lld", 1},
    {"/rest/v1.0/projects/%lld/weather_logs", 0},
};

struct http_req {
  char url[256];
  char lines[8][160];
  int count;
};

static void req_init(struct http_req *R) {
  R->url[0] = '\0';
  R->count = 0;
}

static void req_add_header(struct http_req *R, const char *Fmt, ...) {
  va_list Args;
  va_start(Args, Fmt);
  vsnprintf(R->lines[R->count++], sizeof R->lines[0], Fmt, Args);
  va_end(Args);
}

static void req_set_url(struct http_req *R, const char *Fmt, ...) {
  va_list Args;
  int N = snprintf(R->url, sizeof R->url, "%s", API_BASE);
  va_start(Args, Fmt);
  vsnprintf(R->url + N, sizeof R->url - N, Fmt, Args);
  va_end(Args);
}

static void req_send(struct http_req *R) {
  CURL *Curl = curl_easy_init();
  struct curl_slist *List = NULL;
  for (int I = 0; I < R->count; I++)
    List = curl_slist_append(List, R->lines[I]);
  curl_easy_setopt(Curl, CURLOPT_URL, R->url);
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
  curl_easy_perform(Curl);
  curl_slist_free_all(List);
  curl_easy_cleanup(Curl);
}

static void call_endpoint(int Which, long long Company, long long Id) {
  struct http_req R;
  req_init(&R);
  req_set_url(&R, ENDPOINTS[Which].path_fmt, Id);
  req_add_header(&R, "Authorization: Bearer %s", "token");
  if (ENDPOINTS[Which].needs_company)
    req_add_header(&R, "Procore-Company-Id: %lld", Company);
  req_send(&R);
}

void sync_projects(long long Company, long long Project) {
  call_endpoint(EP_PROJECTS, Company, Company);
  call_endpoint(EP_WEATHER, Company, Project);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :58:3: note: sent here
}

// One record for two calls: the second starts over from req_init.
void show_rfi(long long Company, long long Project, long long Rfi) {
  struct http_req R;
  req_init(&R);
  req_set_url(&R, "/rest/v1.0/projects/%lld/rfis", Project);
  req_add_header(&R, "Procore-Company-Id: %lld", Company);
  req_send(&R);
  req_init(&R);
  req_set_url(&R, "/rest/v1.1/projects/%lld/rfis/%lld", Project, Rfi);
  req_add_header(&R, "Accept: application/json");
  req_send(&R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.1/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :58:3: note: sent here
}

// A loop index is no fill counter: setting it to zero again leaves the
// lines the first loop put in.
void list_vendors(long long Company) {
  struct http_req R;
  const char *Lines[2] = {"Accept: application/json", "Procore-Company-Id: 42"};
  int I;
  (void)Company;
  req_init(&R);
  req_set_url(&R, "/rest/v1.0/vendors");
  for (I = 0; I < 2; I++)
    snprintf(R.lines[I], sizeof R.lines[I], "%s", Lines[I]);
  R.count = 2;
  for (I = 0; I < 2; I++)
    fprintf(stderr, "%s\n", R.lines[I]);
  req_send(&R);
}
