// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=c11

// A state machine in C: a table of handlers indexed by the state, each
// returning an event, and a transition table of (state, event, next
// state) rows that the loop looks the next state up in. The header list
// lives in the context all states share.

#include <curl/curl.h>

#include <stdint.h>
#include <stdio.h>

enum state { ST_AUTH, ST_COMPANY, ST_PROJECTS, ST_RFIS, ST_DONE, ST_FAILED };
enum event { EV_OK, EV_RETRY, EV_RESUME, EV_FAIL };

struct ctx {
  char url[256];
  struct curl_slist *headers;
  int64_t company_id;
  int retries;
};

static int http_send(struct ctx *c, struct curl_slist *hdrs) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, c->url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? 0 : -1;
}

// Starts the list over with the token only; a login in the middle of the
// run resumes where it was.
static enum event st_auth(struct ctx *c) {
  curl_slist_free_all(c->headers);
  c->headers = curl_slist_append(NULL, "Authorization: Bearer t");
  return c->retries ? EV_RESUME : EV_OK;
}

// Adds the company header, on the path that leads on.
static enum event st_company(struct ctx *c) {
  char line[64];
  if (c->company_id == 0)
    return EV_FAIL;
  snprintf(line, sizeof line, "Procore-Company-Id: %lld",
           (long long)c->company_id);
  c->headers = curl_slist_append(c->headers, line);
  return EV_OK;
}

// Reached from ST_COMPANY's EV_OK and from its own retries: the header is
// on the list on every path.
static enum event st_projects(struct ctx *c) {
  snprintf(c->url, sizeof c->url, "https://api.procore.com/rest/v1.0/projects");
  return http_send(c, c->headers) == 0 ? EV_OK : EV_RETRY;
}

// A retry logs in again, which starts the list over, and resumes here,
// past ST_COMPANY: the header is not on every path.
static enum event st_rfis(struct ctx *c) {
  snprintf(c->url, sizeof c->url,
           "https://api.procore.com/rest/v1.0/projects/7/rfis");
  return http_send(c, c->headers) == 0 ? EV_OK : EV_RETRY;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-38]]:17: note: sent here
  // CHECK-MESSAGES: :[[@LINE-19]]:16: note: added here, but not on every path to the send
  // CHECK-MESSAGES: :[[@LINE-30]]:3: note: state 'ST_RFIS' is entered here without it
}

typedef enum event (*state_fn)(struct ctx *);
static const state_fn handlers[] = {
    [ST_AUTH] = st_auth,
    [ST_COMPANY] = st_company,
    [ST_PROJECTS] = st_projects,
    [ST_RFIS] = st_rfis,
};

struct transition {
  enum state from;
  enum event ev;
  enum state to;
};
static const struct transition table[] = {
    {ST_AUTH, EV_OK, ST_COMPANY},       {ST_COMPANY, EV_OK, ST_PROJECTS},
    {ST_PROJECTS, EV_OK, ST_RFIS},      {ST_PROJECTS, EV_RETRY, ST_PROJECTS},
    {ST_RFIS, EV_RETRY, ST_AUTH},       {ST_RFIS, EV_OK, ST_DONE},
    {ST_AUTH, EV_RESUME, ST_RFIS},
};

static enum state next_state(enum state s, enum event e) {
  for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i)
    if (table[i].from == s && table[i].ev == e)
      return table[i].to;
  return ST_FAILED;
}

int main(void) {
  struct ctx c = {{0}, NULL, 42, 0};
  enum state s = ST_AUTH;
  while (s != ST_DONE && s != ST_FAILED) {
    enum event e = handlers[s](&c);
    if (e == EV_RETRY && ++c.retries > 3)
      e = EV_FAIL;
    s = next_state(s, e);
  }
  curl_slist_free_all(c.headers);
  return 0;
}
