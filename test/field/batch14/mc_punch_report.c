/*
 * mc_punch_report.c -- morning punch-list digest for the superintendents.
 *
 * Tallies open / overdue punch items per assignee for one project, pulls the
 * ball-in-court detail of overdue items, and posts the digest to the site
 * team's Slack channel.  Runs on the jobsite gateway (ARM, musl) from cron.
 *
 * Env: PROCORE_TOKEN_FILE, PUNCH_COMPANY_ID, PUNCH_PROJECT_ID, SLACK_HOOK
 */
#define _POSIX_C_SOURCE 200809L   /* open_memstream */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(PUNCH_STAGING)
#  define API_ROOT "https://api-monthly.procore.com"
#else
#  define API_ROOT "https://api.procore.com"
#endif
#define WEB_ROOT "https://app.procore.com"
#define API_V1   API_ROOT "/rest/v1.0"

#define COMPANIES_URL   API_V1 "/companies"
#define PUNCH_LIST_URL  API_V1 "/punch_items?project_id=%" PRId64 "&page=%d&per_page=%d"
#define PUNCH_ITEM_URL  WEB_ROOT "/rest/v1.0/punch_items/%" PRId64 "?project_id=%" PRId64
#define PROJECT_USERS   API_V1 "/projects/%" PRId64 "/users?per_page=%d"
#define PUNCH_WEB_LINK  WEB_ROOT "/%" PRId64 "/project/punch_list/list"

#define HDR_AUTH     "Authorization: Bearer %s"
#define HDR_COMPANY  "Procore-Company-Id: %" PRId64

#define PAGE_SIZE    200
#define MAX_ASSIGNEE 128

#define ID_TYPEDEF(name, T) typedef T name##_id_t
ID_TYPEDEF(company, int64_t);
ID_TYPEDEF(project, int64_t);
ID_TYPEDEF(user, int64_t);
ID_TYPEDEF(punch, long);

struct buf { char *s; size_t n; };

#define APPEND(list, fmt, v) do {                                        \
    char a_[1100];                                                       \
    snprintf(a_, sizeof a_, fmt, v);                                     \
    (list) = curl_slist_append((list), a_);                              \
  } while (0)
#define AUTH_HDRS(list, tok)       APPEND(list, HDR_AUTH, tok)
#define CO_HDRS(list, tok, cid)    do { AUTH_HDRS(list, tok); APPEND(list, HDR_COMPANY, (company_id_t)(cid)); } while (0)

#define DO_GET(h, url, hdrs, bp, st) do {                                \
    curl_easy_reset(h);                                                  \
    curl_easy_setopt((h), CURLOPT_URL, (url));                           \
    curl_easy_setopt((h), CURLOPT_HTTPHEADER, (hdrs));                   \
    curl_easy_setopt((h), CURLOPT_WRITEFUNCTION, grow);                  \
    curl_easy_setopt((h), CURLOPT_WRITEDATA, (bp));                      \
    curl_easy_setopt((h), CURLOPT_CONNECTTIMEOUT, 20L);                  \
    (st) = 0;                                                            \
    if (curl_easy_perform(h) == CURLE_OK)                                \
      curl_easy_getinfo((h), CURLINFO_RESPONSE_CODE, &(st));             \
  } while (0)

struct tally {
  user_id_t user_id;
  char      name[96];
  int       open;
  int       overdue;
};

static struct tally g_tally[MAX_ASSIGNEE];
static int g_ntally;

static size_t grow(char *d, size_t sz, size_t nm, void *ud)
{
  struct buf *b = ud;
  char *q = realloc(b->s, b->n + sz * nm + 1);
  if (!q) return 0;
  memcpy(q + b->n, d, sz * nm);
  b->n += sz * nm;
  q[b->n] = 0;
  b->s = q;
  return sz * nm;
}

static const char *after(const char *s, const char *pat)
{
  const char *p = s ? strstr(s, pat) : NULL;
  return p ? p + strlen(pat) : NULL;
}

static struct tally *tally_for(user_id_t uid)
{
  int i;
  for (i = 0; i < g_ntally; ++i)
    if (g_tally[i].user_id == uid)
      return &g_tally[i];
  if (g_ntally == MAX_ASSIGNEE)
    return NULL;
  g_tally[g_ntally].user_id = uid;
  snprintf(g_tally[g_ntally].name, sizeof g_tally[0].name, "user %" PRId64, uid);
  return &g_tally[g_ntally++];
}

static void company_name(CURL *h, const char *tok, company_id_t cid, char *out, size_t n)
{
  struct curl_slist *hd = NULL;
  struct buf b = {0};
  char needle[48];
  const char *p;
  long st;

  AUTH_HDRS(hd, tok);
  DO_GET(h, COMPANIES_URL, hd, &b, st);
  snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",\"name\":\"", cid);
  snprintf(out, n, "company %" PRId64, cid);
  if (st == 200 && (p = after(b.s, needle)) != NULL)
    snprintf(out, n, "%.*s", (int)strcspn(p, "\""), p);
  curl_slist_free_all(hd);
  free(b.s);
}

static void load_names(CURL *h, const char *tok, company_id_t cid, project_id_t pid)
{
  struct curl_slist *hd = NULL;
  struct buf b = {0};
  char url[160];
  const char *p;
  long st;

  CO_HDRS(hd, tok, cid);
  snprintf(url, sizeof url, PROJECT_USERS, pid, PAGE_SIZE);
  DO_GET(h, url, hd, &b, st);
  for (p = b.s; st == 200 && p && (p = strstr(p, "{\"id\":")) != NULL; ++p) {
    struct tally *t = tally_for(strtoll(p + 6, NULL, 10));
    const char *nm = after(p, "\"name\":\"");
    if (t && nm)
      snprintf(t->name, sizeof t->name, "%.*s", (int)strcspn(nm, "\""), nm);
  }
  curl_slist_free_all(hd);
  free(b.s);
}

static void ball_in_court(CURL *h, const char *tok, company_id_t cid, project_id_t pid,
                          punch_id_t item, FILE *log)
{
  struct curl_slist *hd = NULL;
  struct buf b = {0};
  char url[160];
  const char *p;
  long st;

  CO_HDRS(hd, tok, cid);
  snprintf(url, sizeof url, PUNCH_ITEM_URL, (int64_t)item, pid);
  DO_GET(h, url, hd, &b, st);
  if (st == 200 && (p = after(strstr(b.s, "\"ball_in_court\""), "\"name\":\"")) != NULL)
    fprintf(log, "  overdue #%" PRId64 " is with %.*s\n", (int64_t)item, (int)strcspn(p, "\""), p);
  curl_slist_free_all(hd);
  free(b.s);
}

static int scan_page(CURL *h, const char *tok, company_id_t cid, project_id_t pid, int page, FILE *log)
{
  struct curl_slist *hd = NULL;
  struct buf b = {0};
  char url[200], today[11];
  const char *p;
  long st;
  int rows = 0;
  time_t now = time(NULL);

  strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
  AUTH_HDRS(hd, tok);
  snprintf(url, sizeof url, PUNCH_LIST_URL, pid, page, PAGE_SIZE);
  DO_GET(h, url, hd, &b, st);
  for (p = b.s; st == 200 && p && (p = strstr(p, "{\"id\":")) != NULL; ++p, ++rows) {
    punch_id_t item = strtol(p + 6, NULL, 10);
    const char *due = after(p, "\"due_date\":\"");
    const char *who = after(p, "\"assignee_id\":");
    struct tally *t = who ? tally_for(strtoll(who, NULL, 10)) : NULL;
    if (!t)
      continue;
    t->open++;
    if (due && strncmp(due, today, 10) < 0) {
      t->overdue++;
      ball_in_court(h, tok, cid, pid, item, log);
    }
  }
  curl_slist_free_all(hd);
  free(b.s);
  return rows;
}

static void post_slack(CURL *h, const char *hook, const char *text)
{
  struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
  struct buf b = {0};
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, hook);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, text);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, grow);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
  if (curl_easy_perform(h) != CURLE_OK)
    fprintf(stderr, "punch_report: slack post failed\n");
  curl_slist_free_all(hd);
  free(b.s);
}

int main(void)
{
  const char *tf = getenv("PROCORE_TOKEN_FILE"), *hook = getenv("SLACK_HOOK");
  char tok[1024] = "", cname[128], body[8192], *log_text = NULL;
  size_t log_len = 0;
  company_id_t cid;
  project_id_t pid;
  FILE *f, *log;
  CURL *h;
  int page, i, n;

  if (!tf || !(f = fopen(tf, "r")) || !fgets(tok, sizeof tok, f) || !getenv("PUNCH_COMPANY_ID"))
    return 1;
  fclose(f);
  tok[strcspn(tok, "\r\n")] = 0;
  cid = strtoll(getenv("PUNCH_COMPANY_ID"), NULL, 10);
  pid = atoi(getenv("PUNCH_PROJECT_ID"));

  curl_global_init(CURL_GLOBAL_DEFAULT);
  h = curl_easy_init();
  log = open_memstream(&log_text, &log_len);
  company_name(h, tok, cid, cname, sizeof cname);
  load_names(h, tok, cid, pid);
  for (page = 1; page < 50; ++page)
    if (scan_page(h, tok, cid, pid, page, log) < PAGE_SIZE)
      break;
  fclose(log);

  n = snprintf(body, sizeof body, "{\"text\":\"*Punch list* %s <" PUNCH_WEB_LINK "|open in Procore>\\n",
               cname, pid);
  for (i = 0; i < g_ntally && n < (int)sizeof body - 200; ++i)
    if (g_tally[i].open)
      n += snprintf(body + n, sizeof body - (size_t)n, "%s: %d open, %d overdue\\n",
                    g_tally[i].name, g_tally[i].open, g_tally[i].overdue);
  snprintf(body + n, sizeof body - (size_t)n, "\"}");
  if (hook)
    post_slack(h, hook, body);
  fputs(log_text ? log_text : "", stderr);
  free(log_text);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
