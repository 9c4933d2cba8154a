/*
 * rfi_watcher.cpp - polls open RFIs for a project and posts new ones to the
 * field team's Slack channel.
 *
 * Written C-with-classes style so it builds with the old field-laptop
 * toolchain: messages are a tagged union, actors switch on the tag.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <deque>
#include <set>
#include <string>

#define PROCORE_LOGIN "https://login.procore.com"
#define PROCORE_API "https://app.procore.com"
#define RFI_WEB_LINK "https://app.procore.com/%lld/project/rfis/%lld"
#define SLACK_HOOK "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"

enum MsgKind { MSG_TOKEN, MSG_COMPANY, MSG_POLL, MSG_RFI_DETAIL, MSG_NOTIFY, MSG_STOP };

struct Msg {
  MsgKind kind;
  union {
    struct { char access_token[512]; } token;
    struct { long long company_id; } company;
    struct { long long project_id; int page; } poll;
    struct { long long project_id; unsigned rfi_id; } detail;
    struct { char text[1024]; } notify;
  } u;
};

class Mailbox {
 public:
  Mailbox() { pthread_mutex_init(&mu, NULL); pthread_cond_init(&cv, NULL); }
  void put(const Msg& m) {
    pthread_mutex_lock(&mu);
    q.push_back(m);
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
  }
  Msg get() {
    pthread_mutex_lock(&mu);
    while (q.empty()) pthread_cond_wait(&cv, &mu);
    Msg m = q.front();
    q.pop_front();
    pthread_mutex_unlock(&mu);
    return m;
  }
 private:
  pthread_mutex_t mu;
  pthread_cond_t cv;
  std::deque<Msg> q;
};

static size_t sink(char* data, size_t size, size_t nmemb, void* user) {
  ((std::string*)user)->append(data, size * nmemb);
  return size * nmemb;
}

class HttpActor {
 public:
  Mailbox inbox;
  Mailbox* notifier;
  HttpActor() : notifier(NULL), company_id(0) { token[0] = '\0'; }

  static void* thread_main(void* self) { ((HttpActor*)self)->run(); return NULL; }

 private:
  char token[512];
  long long company_id;
  std::set<long long> seen;

  long get(const char* url, const char* company_hdr, std::string* body) {
    char auth[600];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    struct curl_slist* h = curl_slist_append(NULL, auth);
    if (company_hdr) h = curl_slist_append(h, company_hdr);
    CURL* c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
  }

  void poll(long long project_id, int page) {
    char url[256], hdr[64];
    snprintf(url, sizeof url, PROCORE_API "/rest/v1.0/projects/%lld/rfis?filters[status]=open&page=%d",
             project_id, page);
    snprintf(hdr, sizeof hdr, "Procore-Company-Id: %lld", company_id);
    std::string body;
    long status = get(url, hdr, &body);
    if (status != 200) { fprintf(stderr, "rfi poll: HTTP %ld\n", status); return; }
    /* crude scan: every RFI object starts with {"id": */
    const char* p = body.c_str();
    while ((p = strstr(p, "{\"id\":")) != NULL) {
      Msg m;
      m.kind = MSG_RFI_DETAIL;
      m.u.detail.project_id = project_id;
      m.u.detail.rfi_id = (unsigned)atoi(p + 6);
      if (seen.insert(m.u.detail.rfi_id).second) inbox.put(m);
      p += 6;
    }
  }

  void detail(long long project_id, unsigned rfi_id) {
    char url[256], hdr[64];
    snprintf(url, sizeof url, PROCORE_API "/rest/v1.0/projects/%lld/rfis/%u", project_id, rfi_id);
    snprintf(hdr, sizeof hdr, "Company-Id: %lld", company_id);
    std::string body;
    if (get(url, hdr, &body) != 200) return;
    const char* subj = strstr(body.c_str(), "\"subject\":\"");
    char subject[200] = "(no subject)";
    if (subj) sscanf(subj + 11, "%199[^\"]", subject);
    char link[160];
    snprintf(link, sizeof link, RFI_WEB_LINK, company_id, (long long)rfi_id);
    Msg n;
    n.kind = MSG_NOTIFY;
    snprintf(n.u.notify.text, sizeof n.u.notify.text, "New RFI: %s <%s>", subject, link);
    if (notifier) notifier->put(n);
  }

  void run() {
    for (;;) {
      Msg m = inbox.get();
      switch (m.kind) {
        case MSG_TOKEN: strncpy(token, m.u.token.access_token, sizeof token - 1); break;
        case MSG_COMPANY: company_id = m.u.company.company_id; break;
        case MSG_POLL: poll(m.u.poll.project_id, m.u.poll.page); break;
        case MSG_RFI_DETAIL: detail(m.u.detail.project_id, m.u.detail.rfi_id); break;
        case MSG_STOP: return;
        default: break;
      }
    }
  }
};

class SlackActor {
 public:
  Mailbox inbox;
  static void* thread_main(void* self) { ((SlackActor*)self)->run(); return NULL; }
 private:
  void run() {
    for (;;) {
      Msg m = inbox.get();
      if (m.kind == MSG_STOP) return;
      if (m.kind != MSG_NOTIFY) continue;
      char payload[1200];
      snprintf(payload, sizeof payload, "{\"text\":\"%s\"}", m.u.notify.text);
      struct curl_slist* h = curl_slist_append(NULL, "Content-Type: application/json");
      CURL* c = curl_easy_init();
      curl_easy_setopt(c, CURLOPT_URL, SLACK_HOOK);
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
      curl_easy_perform(c);
      curl_slist_free_all(h);
      curl_easy_cleanup(c);
    }
  }
};

static int fetch_token(const char* refresh, char* out, size_t outlen) {
  char form[1024];
  snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
           refresh, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
  std::string body;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, PROCORE_LOGIN "/oauth/token");
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_cleanup(c);
  const char* t = strstr(body.c_str(), "\"access_token\":\"");
  if (rc != CURLE_OK || !t) return -1;
  sscanf(t + 16, "%511[^\"]", out);
  (void)outlen;
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID REFRESH_TOKEN\n", argv[0]); return 2; }
  curl_global_init(CURL_GLOBAL_ALL);
  HttpActor http;
  SlackActor slack;
  http.notifier = &slack.inbox;

  Msg m;
  m.kind = MSG_TOKEN;
  if (fetch_token(argv[3], m.u.token.access_token, sizeof m.u.token.access_token) != 0) return 1;
  http.inbox.put(m);
  m.kind = MSG_COMPANY;
  m.u.company.company_id = strtoll(argv[1], NULL, 10);
  http.inbox.put(m);

  pthread_t th_http, th_slack;
  pthread_create(&th_http, NULL, HttpActor::thread_main, &http);
  pthread_create(&th_slack, NULL, SlackActor::thread_main, &slack);

  long long project_id = strtoll(argv[2], NULL, 10);
  for (int cycle = 0; cycle < 96; ++cycle) {  /* 8 hours at 5 minute interval */
    m.kind = MSG_POLL;
    m.u.poll.project_id = project_id;
    m.u.poll.page = 1;
    http.inbox.put(m);
    sleep(300);
  }
  m.kind = MSG_STOP;
  http.inbox.put(m);
  slack.inbox.put(m);
  pthread_join(th_http, NULL);
  pthread_join(th_slack, NULL);
  curl_global_cleanup();
  return 0;
}
