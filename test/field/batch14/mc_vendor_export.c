/*
 * mc_vendor_export.c -- nightly export of the Procore vendor directory
 * (with earliest insurance expiry) to CSV for the AP/ERP bridge.
 *
 * Runs from cron on the integration box.  Access/refresh tokens live in a
 * two-line state file written by the one-time authorize helper.
 *
 *   vendor_export <company_id> <state_file> <out.csv>
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ hosts */
#define PROCORE_LOGIN_HOST "https://login.procore.com"
#define PROCORE_API_HOST   "https://api.procore.com"
#define PROCORE_WEB_HOST   "https://app.procore.com"
#define API_PREFIX         "/rest/v1.0"
#define BASE_URL           PROCORE_API_HOST API_PREFIX

#define TOKEN_URL          PROCORE_LOGIN_HOST "/oauth/token"
#define TOKEN_INFO_URL     PROCORE_API_HOST "/oauth/token/info"
#define ME_URL             BASE_URL "/me"
#define VENDORS_URL        BASE_URL "/vendors?company_id=%" PRId64 "&page=%d&per_page=%d"
#define INSURANCES_URL     BASE_URL "/vendors/%ld/insurances?company_id=%" PRId64
#define VENDOR_WEB_LINK    PROCORE_WEB_HOST "/%" PRId64 "/company/directory/vendors/%" PRId64

/* ---------------------------------------------------------------- headers */
#define HDR_AUTH     "Authorization: Bearer %s"
#define HDR_COMPANY  "Procore-Company-Id: %" PRId64
#define HDR_ACCEPT   "Accept: application/json"
#define HDR_FORM     "Content-Type: application/x-www-form-urlencoded"

#define PER_PAGE     100
#define MAX_PAGES    500

typedef int64_t procore_id_t;

struct buf { char *data; size_t len; };
struct tokens { char access[1024]; char refresh[1024]; };

#define BUF_FREE(b) do { free((b).data); (b).data = NULL; (b).len = 0; } while (0)

#define SETUP_REQ(h, url, hdrs, bp) do {                          \
    curl_easy_reset(h);                                           \
    curl_easy_setopt((h), CURLOPT_URL, (url));                    \
    curl_easy_setopt((h), CURLOPT_HTTPHEADER, (hdrs));            \
    curl_easy_setopt((h), CURLOPT_WRITEFUNCTION, buf_write);      \
    curl_easy_setopt((h), CURLOPT_WRITEDATA, (bp));               \
    curl_easy_setopt((h), CURLOPT_TIMEOUT, 60L);                  \
  } while (0)

#define DO_GET(h, url, hdrs, bp, rc) do {                         \
    SETUP_REQ(h, url, hdrs, bp);                                  \
    (rc) = curl_easy_perform(h);                                  \
  } while (0)

static size_t buf_write(char *ptr, size_t sz, size_t n, void *ud)
{
  struct buf *b = ud;
  size_t add = sz * n;
  char *p = realloc(b->data, b->len + add + 1);
  if (!p)
    return 0;
  memcpy(p + b->len, ptr, add);
  b->len += add;
  p[b->len] = '\0';
  b->data = p;
  return add;
}

static const char *json_find(const char *s, const char *key)
{
  char pat[64];
  const char *p;
  snprintf(pat, sizeof pat, "\"%s\":", key);
  p = s ? strstr(s, pat) : NULL;
  return p ? p + strlen(pat) : NULL;
}

static procore_id_t json_id(const char *s, const char *key)
{
  const char *p = json_find(s, key);
  return p ? (procore_id_t)strtoll(p, NULL, 10) : 0;
}

static void json_str(const char *s, const char *key, char *out, size_t n)
{
  const char *p = json_find(s, key), *e;
  out[0] = '\0';
  if (!p || *p != '"')
    return;
  e = strchr(++p, '"');
  if (e && (size_t)(e - p) < n) {
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
  }
}

/* next top-level object of a JSON array; returns pointer past it or NULL */
static const char *next_object(const char *p, char *obj, size_t n)
{
  const char *start = strchr(p, '{');
  int depth = 0;
  if (!start)
    return NULL;
  for (p = start; *p; ++p) {
    if (*p == '{') depth++;
    else if (*p == '}' && --depth == 0) {
      size_t len = (size_t)(p - start + 1);
      if (len >= n) len = n - 1;
      memcpy(obj, start, len);
      obj[len] = '\0';
      return p + 1;
    }
  }
  return NULL;
}

static struct curl_slist *auth_headers(const char *token)
{
  char line[1100];
  struct curl_slist *h = NULL;
  snprintf(line, sizeof line, HDR_AUTH, token);
  h = curl_slist_append(h, line);
  return curl_slist_append(h, HDR_ACCEPT);
}

static struct curl_slist *company_headers(const char *token, procore_id_t company_id)
{
  char line[64];
  struct curl_slist *h = auth_headers(token);
  snprintf(line, sizeof line, HDR_COMPANY, company_id);
  return curl_slist_append(h, line);
}

static int token_valid(CURL *h, const struct tokens *t)
{
  struct curl_slist *hd = auth_headers(t->access);
  struct buf b = {0};
  CURLcode rc;
  long status = 0;
  DO_GET(h, TOKEN_INFO_URL, hd, &b, rc);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(hd);
  BUF_FREE(b);
  return rc == CURLE_OK && status == 200;
}

static int refresh_access_token(CURL *h, struct tokens *t, const char *state_file)
{
  const char *cid = getenv("PROCORE_CLIENT_ID");
  const char *sec = getenv("PROCORE_CLIENT_SECRET");
  char form[2600];
  struct buf b = {0};
  struct curl_slist *hd = NULL;
  CURLcode rc;
  FILE *f;

  if (!cid || !sec)
    return -1;
  snprintf(form, sizeof form,
           "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
           cid, sec, t->refresh);
  hd = curl_slist_append(hd, HDR_FORM);
  SETUP_REQ(h, TOKEN_URL, hd, &b);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
  rc = curl_easy_perform(h);
  curl_slist_free_all(hd);
  if (rc != CURLE_OK || !b.data) {
    BUF_FREE(b);
    return -1;
  }
  json_str(b.data, "access_token", t->access, sizeof t->access);
  json_str(b.data, "refresh_token", t->refresh, sizeof t->refresh);
  BUF_FREE(b);
  if ((f = fopen(state_file, "w")) == NULL)
    return -1;
  fprintf(f, "%s\n%s\n", t->access, t->refresh);
  fclose(f);
  return 0;
}

static void log_current_user(CURL *h, const struct tokens *t)
{
  struct curl_slist *hd = auth_headers(t->access);
  struct buf b = {0};
  char login[256];
  CURLcode rc;
  DO_GET(h, ME_URL, hd, &b, rc);
  if (rc == CURLE_OK) {
    json_str(b.data, "login", login, sizeof login);
    fprintf(stderr, "vendor_export: running as %s (user %" PRId64 ")\n",
            login, json_id(b.data, "id"));
  }
  curl_slist_free_all(hd);
  BUF_FREE(b);
}

static void earliest_expiry(CURL *h, const struct tokens *t, procore_id_t company_id,
                            procore_id_t vendor_id, char *out, size_t n)
{
  char url[256], obj[4096], exp[32];
  const char *p;
  struct buf b = {0};
  struct curl_slist *hd = auth_headers(t->access);
  CURLcode rc;

  out[0] = '\0';
  snprintf(url, sizeof url, INSURANCES_URL, vendor_id, company_id);
  DO_GET(h, url, hd, &b, rc);
  for (p = (rc == CURLE_OK) ? b.data : NULL; p && (p = next_object(p, obj, sizeof obj)); ) {
    json_str(obj, "expiration_date", exp, sizeof exp);
    if (exp[0] && (!out[0] || strcmp(exp, out) < 0) && strlen(exp) < n)
      strcpy(out, exp);
  }
  curl_slist_free_all(hd);
  BUF_FREE(b);
}

static int export_page(CURL *h, const struct tokens *t, procore_id_t company_id,
                       int page, FILE *out)
{
  char url[256], obj[8192], name[256], abbrev[64], expiry[32];
  const char *p;
  struct buf b = {0};
  struct curl_slist *hd = company_headers(t->access, company_id);
  CURLcode rc;
  int count = 0;

  snprintf(url, sizeof url, VENDORS_URL, company_id, page, PER_PAGE);
  DO_GET(h, url, hd, &b, rc);
  for (p = (rc == CURLE_OK) ? b.data : NULL; p && (p = next_object(p, obj, sizeof obj)); ) {
    procore_id_t vid = json_id(obj, "id");
    json_str(obj, "name", name, sizeof name);
    json_str(obj, "abbreviated_name", abbrev, sizeof abbrev);
    earliest_expiry(h, t, company_id, vid, expiry, sizeof expiry);
    fprintf(out, "%" PRId64 ",\"%s\",%s,%s," VENDOR_WEB_LINK "\n",
            vid, name, abbrev, expiry, company_id, vid);
    count++;
  }
  curl_slist_free_all(hd);
  BUF_FREE(b);
  return count;
}

int main(int argc, char **argv)
{
  struct tokens t = {{0}, {0}};
  procore_id_t company_id;
  CURL *h;
  FILE *state, *out;
  int page;

  if (argc != 4) {
    fprintf(stderr, "usage: %s <company_id> <state_file> <out.csv>\n", argv[0]);
    return 2;
  }
  company_id = strtoll(argv[1], NULL, 10);
  if ((state = fopen(argv[2], "r")) == NULL ||
      fscanf(state, "%1023s %1023s", t.access, t.refresh) != 2) {
    fprintf(stderr, "cannot read token state %s\n", argv[2]);
    return 1;
  }
  fclose(state);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  h = curl_easy_init();
  if (!token_valid(h, &t) && refresh_access_token(h, &t, argv[2]) != 0) {
    fprintf(stderr, "token refresh failed; re-run the authorize helper\n");
    return 1;
  }
  log_current_user(h, &t);

  if ((out = fopen(argv[3], "w")) == NULL)
    return 1;
  fprintf(out, "vendor_id,name,abbrev,insurance_expiry,procore_link\n");
  for (page = 1; page <= MAX_PAGES; ++page)
    if (export_page(h, &t, company_id, page, out) < PER_PAGE)
      break;
  fclose(out);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
