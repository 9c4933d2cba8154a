// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

/* Legacy C keeps its request state in globals: one line buffer that every
   function formats its header lines into, one header list a setup function
   builds. A line appended from the buffer holds what the write before it in
   the same function put there, not any text the buffer ever held. A setup
   function that adds the header on the path that returns success (0), and
   bails out with -1 before, adds it for every request made only after a
   caller has checked that it succeeded (`!= 0`, `!ok()` on a bool, a
   variable holding the result compared with `< 0`). */

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>

#define API "https://api.procore.com/rest/v1.0"

static char g_line[256];
static char g_token[128];
static long long g_company;
static struct curl_slist *g_list;

static long fetch(const char *url, struct curl_slist *lines) {
  CURL *curl = curl_easy_init();
  long status = 0;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, lines);
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return status;
}

static int login(const char *token) {
  if (!token || !*token)
    return -1;
  snprintf(g_token, sizeof g_token, "%s", token);
  snprintf(g_line, sizeof g_line, "Authorization: Bearer %s", g_token);
  g_list = curl_slist_append(NULL, g_line);
  snprintf(g_line, sizeof g_line, "Procore-Company-Id: %lld", g_company);
  g_list = curl_slist_append(g_list, g_line);
  return 0;
}

/* The buffer held the company line in login(); here it holds only the
   misspelt one written just before. */
static void list_workflows(void) {
  struct curl_slist *lines = NULL;
  snprintf(g_line, sizeof g_line, "Authorization: Bearer %s", g_token);
  lines = curl_slist_append(lines, g_line);
  snprintf(g_line, sizeof g_line, "X-Procore-Company-Id: %lld", g_company);
  lines = curl_slist_append(lines, g_line);
  fetch(API "/workflows", lines);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/workflows' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :28:3: note: sent here
  // CHECK-MESSAGES: :51:35: note: did you mean 'Procore-Company-Id'?
  curl_slist_free_all(lines);
}

/* The list login() built: the header is on it once login() succeeded. */
static int list_vendors(void) {
  return fetch(API "/vendors", g_list) == 200 ? 0 : -1;
}

static int run(const char *token) {
  if (login(token) != 0) {
    fprintf(stderr, "login failed\n");
    return 1;
  }
  list_workflows();
  return list_vendors();
}

/* A second program path that logs in without looking at the result: the
   request after it may go out without the header. */
static void run_unchecked(const char *token) {
  login(token);
  fetch(API "/projects", g_list);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :28:3: note: sent here
  // CHECK-MESSAGES: :41:12: note: added here, but not on every path to the send
}

/* A list rebuilt by a helper that adds the company line when asked: each
   call decides by its argument. */
static struct curl_slist *g_shared;

static void set_lines(int with_company) {
  curl_slist_free_all(g_shared);
  snprintf(g_line, sizeof g_line, "Authorization: Bearer %s", g_token);
  g_shared = curl_slist_append(NULL, g_line);
  if (with_company) {
    snprintf(g_line, sizeof g_line, "Procore-Company-Id: %lld", g_company);
    g_shared = curl_slist_append(g_shared, g_line);
  }
}

static void list_rfis(void) {
  set_lines(1);
  fetch(API "/projects/7/rfis", g_shared);
}

static void list_users(void) {
  set_lines(0); /* the id is in the path, so the header was left out */
  fetch(API "/companies/598134325779301/users", g_shared);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/598134325779301/users' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :28:3: note: sent here
  // CHECK-MESSAGES: :94:16: note: added here, but not on every path to the send
}

/* The same with a boolean result, and with the result kept in a variable
   and compared with a negative failure value. */
static struct curl_slist *g_session;

static bool open_session(void) {
  if (!g_token[0])
    return false;
  g_session = curl_slist_append(NULL, "Procore-Company-Id: 598134325779301");
  return true;
}

static void sync_session(void) {
  if (!open_session())
    return;
  fetch(API "/projects/7/submittals", g_session);
}

static struct curl_slist *g_kept;

static int keep_company(void) {
  if (g_company == 0)
    return -2;
  g_kept = curl_slist_append(NULL, "Procore-Company-Id: 598134325779301");
  return 1;
}

static int sync_kept(void) {
  int rc = keep_company();
  if (rc < 0)
    return rc;
  fetch(API "/projects/7/observations/items", g_kept);
  return 0;
}

int main(int argc, char **argv) {
  sync_session();
  sync_kept();
  list_rfis();
  list_users();
  g_company = 598134325779301LL;
  if (argc > 2) {
    run_unchecked(argv[2]);
    return 0;
  }
  return argc > 1 ? run(argv[1]) : 2;
}
