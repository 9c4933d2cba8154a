// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// A builder that returns the transfer it made where it added the header,
// and NULL where it failed first (goto-based cleanup), adds the header to
// every transfer its callers send when they test the result and give up
// on NULL. Another turn of the caller's loop is another transfer. A caller
// that sends without testing, or a builder that returns the transfer on a
// path that skips the header, still gets a finding.

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

struct xfer {
  CURL *easy;
  struct curl_slist *headers;
  char url[256];
};

#define SET_OR_FAIL(h, opt, val)                                               \
  do {                                                                         \
    if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK)                       \
      goto fail;                                                               \
  } while (0)

static void xfer_free(struct xfer *x) {
  if (!x)
    return;
  curl_slist_free_all(x->headers);
  curl_easy_cleanup(x->easy);
  free(x);
}

static struct xfer *project_xfer(long long company, long long project) {
  struct xfer *x = calloc(1, sizeof(*x));
  char line[64];
  if (!x || !(x->easy = curl_easy_init()))
    goto fail;
  snprintf(x->url, sizeof(x->url),
           "https://api.procore.com/rest/v1.0/projects/%lld/rfis", project);
  snprintf(line, sizeof(line), "Procore-Company-Id: %lld", company);
  x->headers = curl_slist_append(x->headers, line);
  SET_OR_FAIL(x->easy, CURLOPT_URL, x->url);
  SET_OR_FAIL(x->easy, CURLOPT_HTTPHEADER, x->headers);
  return x;
fail:
  xfer_free(x);
  return NULL;
}

void poll_projects(CURLM *multi, long long company, const long long *projects,
                   int count) {
  struct xfer *x;
  int i;
  for (i = 0; i < count; i++)
    if ((x = project_xfer(company, projects[i])))
      curl_multi_add_handle(multi, x->easy);
}

void fetch_one(long long company, long long project) {
  struct xfer *x = project_xfer(company, project);
  if (!x)
    return;
  curl_easy_perform(x->easy);
  xfer_free(x);
}

// With --quick the header is skipped, and the job is still returned. (Its
// own struct: the members of heap objects of one struct type that a
// cleanup function reads are read as every object's.)
struct job {
  CURL *easy;
  struct curl_slist *headers;
  char url[256];
};

static void job_free(struct job *j) {
  if (!j)
    return;
  curl_slist_free_all(j->headers);
  curl_easy_cleanup(j->easy);
  free(j);
}

static struct job *vendor_job(long long company, int quick) {
  struct job *j = calloc(1, sizeof(*j));
  char line[64];
  if (!j || !(j->easy = curl_easy_init()))
    goto fail;
  snprintf(j->url, sizeof(j->url),
           "https://api.procore.com/rest/v1.0/vendors?company_id=%lld",
           company);
  if (!quick) {
    snprintf(line, sizeof(line), "Procore-Company-Id: %lld", company);
    j->headers = curl_slist_append(j->headers, line);
  }
  SET_OR_FAIL(j->easy, CURLOPT_URL, j->url);
  SET_OR_FAIL(j->easy, CURLOPT_HTTPHEADER, j->headers);
  return j;
fail:
  job_free(j);
  return NULL;
}

void fetch_vendors(long long company, int quick) {
  struct job *j = vendor_job(company, quick);
  if (!j)
    return;
  curl_easy_perform(j->easy);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors?company_id=...' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-14]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-17]]:18: note: added here, but not on every path to the send
  job_free(j);
}

// A caller that sends without testing the result goes on after a failure
// too, as with any setup function whose result is ignored.
void fetch_unchecked(long long company, long long project) {
  struct xfer *x = project_xfer(company, project);
  curl_easy_perform(x->easy);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :43:3: note: URL set here
  // CHECK-MESSAGES: :42:16: note: added here, but not on every path to the send
  xfer_free(x);
}
