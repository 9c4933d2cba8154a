// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

// A C driver that picks operations from a table of function pointers: each
// row's URL builder and header builder make one request, judged per row.
struct ctx {
  const char *base;
  long long company_id;
};

struct ops {
  const char *name;
  int (*build_url)(char *out, size_t n, const struct ctx *c);
  void (*add_headers)(struct curl_slist **h, const struct ctx *c);
};

static int url_me(char *out, size_t n, const struct ctx *c) {
  return snprintf(out, n, "%s/rest/v1.0/me", c->base);
}

static int url_rfis(char *out, size_t n, const struct ctx *c) {
  return snprintf(out, n, "%s/rest/v1.0/projects/7/rfis", c->base);
}

static int url_vendors(char *out, size_t n, const struct ctx *c) {
  return snprintf(out, n, "%s/rest/v1.0/vendors", c->base);
}

static void bearer(struct curl_slist **h, const struct ctx *c) {
  *h = curl_slist_append(*h, "Authorization: Bearer t");
}

static void scoped(struct curl_slist **h, const struct ctx *c) {
  char line[64];
  *h = curl_slist_append(*h, "Authorization: Bearer t");
  snprintf(line, sizeof line, "Procore-Company-Id: %lld", c->company_id);
  *h = curl_slist_append(*h, line);
}

static const struct ops OPS[] = {
    {"me", url_me, bearer},
    {"rfis", url_rfis, scoped},
    {"vendors", url_vendors, bearer},
};

static void run(const struct ops *op, const struct ctx *c) {
  char url[512];
  struct curl_slist *h = NULL;
  CURL *e = curl_easy_init();
  op->build_url(url, sizeof url, c);
  op->add_headers(&h, c);
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
  curl_easy_perform(e);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :46:5: note: for this row of the table
  // CHECK-MESSAGES: :71:9: note: request built here
  // CHECK-MESSAGES: :55:3: note: URL set here
  curl_slist_free_all(h);
  curl_easy_cleanup(e);
}

int main(int argc, char **argv) {
  struct ctx c = {"https://api.procore.com", 42};
  for (int i = 1; i < argc; i++)
    for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
      if (strcmp(OPS[k].name, argv[i]) == 0)
        run(&OPS[k], &c);
  return 0;
}
