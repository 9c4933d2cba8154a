/*
 * mc_rfi_sync.c -- RFI mirror for the field tablets.
 *
 * Pulls open RFIs for every project of one company into a line journal the
 * tablet image bakes in, and pushes replies the tablets queued while offline.
 * The CI build uses -DSANDBOX so test runs hit the developer sandbox.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SANDBOX
#  define LOGIN_HOST "https://sandbox.procore.com"
#  define API_HOST   "https://sandbox.procore.com"
#else
#  define LOGIN_HOST "https://login.procore.com"
#  define API_HOST   "https://api.procore.com"
#endif

#if defined(TABLET_ABI_V1)
#  define ID_TYPE int32_t      /* v1 tablets stored ids in a 32-bit column */
#else
#  define ID_TYPE int64_t
#endif
#define PROCORE_ID(name) typedef ID_TYPE name##_id_t

PROCORE_ID(company);
PROCORE_ID(project);
PROCORE_ID(rfi);

/*            name            method  path                                                           company hdr */
#define ENDPOINTS(X)                                                                                            \
  X(ME,            "GET",  "/rest/v1.0/me",                                                             0)      \
  X(LIST_PROJECTS, "GET",  "/rest/v1.0/projects?company_id=%" PRId64,                                   1)      \
  X(LIST_RFIS,     "GET",  "/rest/v1.0/projects/%" PRId64 "/rfis?filters[status]=open&page=%d&per_page=%d", 1)  \
  X(SHOW_RFI,      "GET",  "/rest/v1.0/projects/%" PRId64 "/rfis/%" PRId64,                             1)      \
  X(POST_REPLY,    "POST", "/rest/v1.0/projects/%" PRId64 "/rfis/%" PRId64 "/replies",                  0)

#define EP_ENUM(name, m, p, c)   EP_##name,
#define EP_METHOD(name, m, p, c) m,
#define EP_PATH(name, m, p, c)   API_HOST p,
#define EP_COMPANY(name, m, p, c) c,

enum endpoint { ENDPOINTS(EP_ENUM) EP_COUNT };
static const char *const ep_method[EP_COUNT] = { ENDPOINTS(EP_METHOD) };
static const char *const ep_url[EP_COUNT]    = { ENDPOINTS(EP_PATH) };
static const int ep_needs_company[EP_COUNT]  = { ENDPOINTS(EP_COMPANY) };

#define TOKEN_URL  LOGIN_HOST "/oauth/token"
#define PER_PAGE   50

struct buf { char *data; size_t len; };

struct rfi_row {
  rfi_id_t     id;
  project_id_t project_id;
  int          assignee_id;
  char         number[32];
  char         subject[256];
};

static char g_token[2048];
static company_id_t g_company;

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
  struct buf *b = ud;
  char *d = realloc(b->data, b->len + sz * n + 1);
  if (!d) return 0;
  memcpy(d + b->len, p, sz * n);
  b->len += sz * n;
  d[b->len] = 0;
  b->data = d;
  return sz * n;
}

static int64_t jnum(const char *s, const char *key)
{
  char pat[48];
  const char *p;
  snprintf(pat, sizeof pat, "\"%s\":", key);
  p = s ? strstr(s, pat) : NULL;
  return p ? strtoll(p + strlen(pat), NULL, 10) : 0;
}

static void jstr(const char *s, const char *key, char *out, size_t n)
{
  char pat[48];
  const char *p, *e;
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  out[0] = 0;
  if (!s || !(p = strstr(s, pat))) return;
  p += strlen(pat);
  if ((e = strchr(p, '"')) && (size_t)(e - p) < n) {
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = 0;
  }
}

/* one request for any row of the endpoint table; vararg order = path format */
static long api_call(CURL *h, enum endpoint ep, struct buf *out, const char *body, ...)
{
  char url[512], line[2100];
  struct curl_slist *hd = NULL;
  long status = 0;
  va_list ap;

  va_start(ap, body);
  vsnprintf(url, sizeof url, ep_url[ep], ap);
  va_end(ap);

  snprintf(line, sizeof line, "Authorization: Bearer %s", g_token);
  hd = curl_slist_append(hd, line);
  hd = curl_slist_append(hd, "Content-Type: application/json");
  if (ep_needs_company[ep]) {
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, g_company);
    hd = curl_slist_append(hd, line);
  }
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, ep_method[ep]);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
  if (body)
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  if (curl_easy_perform(h) == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(hd);
  return status;
}

#define DEFINE_FETCH(res, EP, idt)                                              \
  static long fetch_##res(CURL *h, project_id_t pid, idt id, struct buf *out)   \
  {                                                                             \
    return api_call(h, EP_##EP, out, NULL, pid, id);                            \
  }

DEFINE_FETCH(rfi, SHOW_RFI, rfi_id_t)

static int refresh_token(CURL *h, const char *refresh)
{
  char form[2048];
  struct buf b = {0};
  CURLcode rc;

  snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
           refresh, getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, TOKEN_URL);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
  rc = curl_easy_perform(h);
  if (rc == CURLE_OK)
    jstr(b.data, "access_token", g_token, sizeof g_token);
  free(b.data);
  return rc == CURLE_OK && g_token[0] ? 0 : -1;
}

static void journal_rfi(FILE *j, CURL *h, project_id_t pid, rfi_id_t id)
{
  struct buf b = {0};
  struct rfi_row row;

  if (fetch_rfi(h, pid, id, &b) != 200) {
    free(b.data);
    return;
  }
  row.id = id;
  row.project_id = pid;
  row.assignee_id = (int)jnum(strstr(b.data, "\"assignee\""), "id");
  jstr(b.data, "number", row.number, sizeof row.number);
  jstr(b.data, "subject", row.subject, sizeof row.subject);
  fprintf(j, "R|%" PRId64 "|%" PRId64 "|%s|%d|%s\n",
          row.project_id, row.id, row.number, row.assignee_id, row.subject);
  free(b.data);
}

static void sync_project(FILE *j, CURL *h, project_id_t pid)
{
  int page;
  for (page = 1; page < 200; ++page) {
    struct buf b = {0};
    const char *p;
    int n = 0;
    if (api_call(h, EP_LIST_RFIS, &b, NULL, pid, page, PER_PAGE) != 200) {
      free(b.data);
      break;
    }
    /* list rows start with {"id":N,... ; nested objects never lead with id */
    for (p = b.data; (p = strstr(p, "{\"id\":")) != NULL; ++p, ++n)
      journal_rfi(j, h, pid, (rfi_id_t)strtoll(p + 6, NULL, 10));
    free(b.data);
    if (n < PER_PAGE)
      break;
  }
}

/* queue file lines: <project_id> <rfi_id> <reply body json> */
static int push_replies(CURL *h, const char *queue_path)
{
  char line[4096];
  int sent = 0;
  FILE *q = fopen(queue_path, "r");
  if (!q) return 0;
  while (fgets(line, sizeof line, q)) {
    char *rest;
    project_id_t pid = strtoll(line, &rest, 10);
    rfi_id_t rid = strtoll(rest, &rest, 10);
    struct buf b = {0};
    while (*rest == ' ') rest++;
    rest[strcspn(rest, "\n")] = 0;
    if (api_call(h, EP_POST_REPLY, &b, rest, pid, rid) == 201)
      sent++;
    free(b.data);
  }
  fclose(q);
  return sent;
}

int main(int argc, char **argv)
{
  struct buf me = {0}, projects = {0};
  const char *tok = getenv("PROCORE_TOKEN"), *refresh = getenv("PROCORE_REFRESH_TOKEN");
  const char *p;
  CURL *h;
  FILE *j;

  if (argc < 3) {
    fprintf(stderr, "usage: %s <company_id> <journal> [reply_queue]\n", argv[0]);
    return 2;
  }
  g_company = strtoll(argv[1], NULL, 10);
  snprintf(g_token, sizeof g_token, "%s", tok ? tok : "");
  curl_global_init(CURL_GLOBAL_ALL);
  h = curl_easy_init();

  if (api_call(h, EP_ME, &me, NULL) == 401 && (!refresh || refresh_token(h, refresh) != 0)) {
    fprintf(stderr, "rfi_sync: not authorized\n");
    return 1;
  }
  if ((j = fopen(argv[2], "w")) == NULL)
    return 1;
  if (argc > 3)
    fprintf(stderr, "rfi_sync: pushed %d queued replies\n", push_replies(h, argv[3]));

  api_call(h, EP_LIST_PROJECTS, &projects, NULL, g_company);
  for (p = projects.data; p && (p = strstr(p, "{\"id\":")) != NULL; ++p)
    sync_project(j, h, (project_id_t)strtoll(p + 6, NULL, 10));

  fclose(j);
  free(me.data);
  free(projects.data);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
