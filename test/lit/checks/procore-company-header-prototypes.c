// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c99

// Snapshot sync in C: each operation copies a prototype request (`struct
// request rq = *proto;` at the top of the loop body) and edits the copy.
// What one case does to its copy (the DELETE's bearer-only list) is done to
// that iteration's object: the next iteration makes the copy anew, so the
// other cases still carry the prototype's Procore-Company-Id. The list the
// DELETE case attaches starts empty when it is made, which drops nothing
// from the prototype's list.

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct request {
  const char *method;
  char url[256];
  struct curl_slist *headers;
};

enum op_kind { OP_CREATE, OP_UPDATE, OP_DELETE };

struct op {
  enum op_kind kind;
  long long id;
};

static struct op g_ops[16];
static size_t g_count;

static long perform(const struct request *rq) {
  long status = 0;
  CURL *c = curl_easy_init();
  if (!c)
    return -1;
  curl_easy_setopt(c, CURLOPT_URL, rq->url);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, rq->headers);
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(c);
  return status;
}

static struct request make_prototype(void) {
  struct request proto;
  memset(&proto, 0, sizeof proto);
  proto.method = "GET";
  proto.headers = curl_slist_append(NULL, "Authorization: Bearer t");
  proto.headers = curl_slist_append(proto.headers, "Procore-Company-Id: 42");
  return proto;
}

static void apply(const struct request *proto) {
  size_t i;
  struct curl_slist *bearer_only;
  bearer_only = curl_slist_append(NULL, "Authorization: Bearer t");
  for (i = 0; i < g_count; ++i) {
    struct request rq = *proto;
    switch (g_ops[i].kind) {
    case OP_CREATE:
      rq.method = "POST";
      snprintf(rq.url, sizeof rq.url,
               "https://api.procore.com/rest/v1.0/vendors?company_id=42");
      perform(&rq);
      break;
    case OP_UPDATE:
      rq.method = "PATCH";
      snprintf(rq.url, sizeof rq.url,
               "https://api.procore.com/rest/v1.0/vendors/%lld", g_ops[i].id);
      perform(&rq);
      break;
    default:
      rq.method = "DELETE";
      rq.headers = bearer_only;
      snprintf(rq.url, sizeof rq.url,
               "https://api.procore.com/rest/v1.0/vendors/%lld", g_ops[i].id);
      perform(&rq);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: Procore API request to '/rest/v1.0/vendors/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
      // CHECK-MESSAGES: :39:7: note: sent here
      // CHECK-MESSAGES: :50:19: note: added here
      // CHECK-MESSAGES: :57:3: note: the headers are replaced here before the send
      break;
    }
  }
}

static void fetch(const struct request *proto) {
  struct request rq = *proto;
  snprintf(rq.url, sizeof rq.url,
           "https://api.procore.com/rest/v1.0/vendors?company_id=42");
  perform(&rq);
}

int main(void) {
  struct request proto;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  proto = make_prototype();
  fetch(&proto);
  apply(&proto);
  return 0;
}
