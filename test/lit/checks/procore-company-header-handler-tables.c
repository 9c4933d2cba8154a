// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// A state machine in C: each state is a function in a table of handlers,
// called through a pointer, so no caller binds its context. Each state
// writes the shared URL buffer before it calls the one send helper; that
// write, made on every path before the call, is the URL the call sends,
// whatever the other states write there.

#include <curl/curl.h>

#include <stdint.h>
#include <stdio.h>

struct sync_ctx {
  char url[256];
  struct curl_slist *headers;
  int64_t company_id;
};

static int http_send(struct sync_ctx *ctx, struct curl_slist *hdrs) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, ctx->url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? 0 : -1;
}

// OAuth: no company header, and none needed.
static int st_token(struct sync_ctx *ctx) {
  struct curl_slist *form =
      curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  snprintf(ctx->url, sizeof ctx->url, "https://login.procore.com/oauth/token");
  int rc = http_send(ctx, form);
  curl_slist_free_all(form);
  return rc == 0 ? 1 : 0;
}

// The company header is added to the shared list before the send.
static int st_projects(struct sync_ctx *ctx) {
  char line[64];
  snprintf(line, sizeof line, "Procore-Company-Id: %lld",
           (long long)ctx->company_id);
  ctx->headers = curl_slist_append(ctx->headers, line);
  snprintf(ctx->url, sizeof ctx->url,
           "https://api.procore.com/rest/v1.0/projects?company_id=%lld",
           (long long)ctx->company_id);
  return http_send(ctx, ctx->headers) == 0 ? 2 : 1;
}

// A lean list of its own, without the company header.
static int st_rfis(struct sync_ctx *ctx) {
  struct curl_slist *lean = curl_slist_append(NULL, "Accept: application/json");
  snprintf(ctx->url, sizeof ctx->url,
           "https://api.procore.com/rest/v1.0/projects/7/rfis");
  int rc = http_send(ctx, lean);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-34]]:17: note: sent here
  curl_slist_free_all(lean);
  return rc == 0 ? 3 : 2;
}

typedef int (*state_fn)(struct sync_ctx *);
static const state_fn handlers[] = {st_token, st_projects, st_rfis};

int main(void) {
  struct sync_ctx ctx = {{0}, NULL, 42};
  int state = 0;
  while (state < 3)
    state = handlers[state](&ctx);
  curl_slist_free_all(ctx.headers);
  return 0;
}
