/*
 * mc_dmsa_drawings.c -- plot-server feeder (Developer Managed Service Account).
 *
 * Every night: authenticate with client credentials, walk all projects of
 * the installing company, pull the current drawing set of each drawing area
 * into the plot spool and tell the plotter daemon about new sheets.
 * Staging box runs against the monthly sandbox; prod image sets PROCORE_ENV=0.
 */
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PROCORE_ENV
#define PROCORE_ENV 2   /* 0 production, 1 developer sandbox, 2 monthly sandbox */
#endif

#if PROCORE_ENV == 0
#  define LOGIN_BASE "https://login.procore.com"
#  define API_BASE   "https://api.procore.com"
#elif PROCORE_ENV == 1
#  define LOGIN_BASE "https://login-sandbox.procore.com"
#  define API_BASE   "https://sandbox.procore.com"
#elif PROCORE_ENV == 2
#  define LOGIN_BASE "https://login-sandbox-monthly.procore.com"
#  define API_BASE   "https://sandbox-monthly.procore.com"
#else
#  error "unknown PROCORE_ENV"
#endif

#define REST          API_BASE "/rest/v1.0"
#define URL_TOKEN     LOGIN_BASE "/oauth/token"
#define URL_COMPANIES REST "/companies"
#define URL_ME        REST "/me"
#define URL_PROJECTS  REST "/projects?company_id=%" PRId64 "&per_page=%d&page=%d"
#define URL_AREAS     REST "/projects/%" PRId64 "/drawing_areas"
#define URL_DRAWINGS  REST "/drawing_areas/%" PRId64 "/drawings?project_id=%" PRId64

#define PLOTTER_HOST  "http://plotserver.local"
#define PLOTTER_PORT  8631
#define HDR_BEARER    "Authorization: Bearer %s"
#define HDR_COMPANY   "Procore-Company-Id: %" PRId64

#define PAGE_SIZE     100

typedef int64_t procore_id_t;

struct buf { char *p; size_t n; };

/* growable id vectors, one per resource */
#define DECLARE_ID_VEC(name, T)                                              \
  struct name##_vec { T *v; size_t n, cap; };                                \
  static void name##_push(struct name##_vec *x, T id)                        \
  {                                                                          \
    if (x->n == x->cap) {                                                    \
      size_t c = x->cap ? x->cap * 2 : 16;                                   \
      T *nv = realloc(x->v, c * sizeof *nv);                                 \
      if (!nv) return;                                                       \
      x->v = nv; x->cap = c;                                                 \
    }                                                                        \
    x->v[x->n++] = id;                                                       \
  }

DECLARE_ID_VEC(project, procore_id_t)
DECLARE_ID_VEC(area, int)

#define WITH_COMPANY(list, cid) do {                                         \
    char l_[64];                                                             \
    snprintf(l_, sizeof l_, HDR_COMPANY, (procore_id_t)(cid));               \
    (list) = curl_slist_append((list), l_);                                  \
  } while (0)

#define PREPARE(h, url, hdrs, bp) do {                                       \
    curl_easy_reset(h);                                                      \
    curl_easy_setopt((h), CURLOPT_URL, (url));                               \
    curl_easy_setopt((h), CURLOPT_HTTPHEADER, (hdrs));                       \
    curl_easy_setopt((h), CURLOPT_WRITEFUNCTION, collect);                   \
    curl_easy_setopt((h), CURLOPT_WRITEDATA, (bp));                          \
  } while (0)

#define SEND(h, status) do {                                                 \
    (status) = 0;                                                            \
    if (curl_easy_perform(h) == CURLE_OK)                                    \
      curl_easy_getinfo((h), CURLINFO_RESPONSE_CODE, &(status));             \
  } while (0)

#define PERFORM(h, url, hdrs, bp, status) do {                               \
    PREPARE(h, url, hdrs, bp);                                               \
    SEND(h, status);                                                         \
  } while (0)

static char g_bearer[1200];

static size_t collect(char *d, size_t sz, size_t nm, void *ud)
{
  struct buf *b = ud;
  char *q = realloc(b->p, b->n + sz * nm + 1);
  if (!q) return 0;
  memcpy(q + b->n, d, sz * nm);
  b->n += sz * nm;
  q[b->n] = 0;
  b->p = q;
  return sz * nm;
}

static const char *field(const char *s, const char *key)
{
  char pat[48];
  const char *p;
  snprintf(pat, sizeof pat, "\"%s\":", key);
  return (s && (p = strstr(s, pat))) ? p + strlen(pat) : NULL;
}

static struct curl_slist *bearer_only(void)
{
  return curl_slist_append(NULL, g_bearer);
}

static int fetch_token(CURL *h)
{
  char form[768];
  struct buf b = {0};
  const char *tok;
  long status;
  struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");

  snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
           getenv("DMSA_CLIENT_ID"), getenv("DMSA_CLIENT_SECRET"));
  PREPARE(h, URL_TOKEN, hd, &b);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
  SEND(h, status);
  curl_slist_free_all(hd);
  if (status == 200 && (tok = field(b.p, "access_token")) && *tok == '"') {
    size_t len = strcspn(tok + 1, "\"");
    snprintf(g_bearer, sizeof g_bearer, HDR_BEARER, "");
    strncat(g_bearer, tok + 1, len < 1000 ? len : 1000);
  }
  free(b.p);
  return g_bearer[0] ? 0 : -1;
}

/* sanity check: the service account must be installed in this company */
static int company_visible(CURL *h, procore_id_t company_id)
{
  struct buf b = {0};
  struct curl_slist *hd = bearer_only();
  char needle[40];
  long status;
  int found;

  PERFORM(h, URL_COMPANIES, hd, &b, status);
  snprintf(needle, sizeof needle, "\"id\":%" PRId64 ",", company_id);
  found = status == 200 && b.p && strstr(b.p, needle) != NULL;
  curl_slist_free_all(hd);
  free(b.p);
  return found;
}

static void log_identity(CURL *h, procore_id_t company_id)
{
  struct buf b = {0};
  struct curl_slist *hd = bearer_only();
  const char *id;
  long status;

  WITH_COMPANY(hd, company_id);
  PERFORM(h, URL_ME, hd, &b, status);
  if (status == 200 && (id = field(b.p, "id")) != NULL)
    fprintf(stderr, "plotfeed: service account user %" PRId64 "\n", (procore_id_t)strtoll(id, NULL, 10));
  curl_slist_free_all(hd);
  free(b.p);
}

static void list_projects(CURL *h, procore_id_t company_id, struct project_vec *out)
{
  int page, count;
  for (page = 1; ; ++page) {
    char url[256];
    struct buf b = {0};
    struct curl_slist *hd = bearer_only();
    const char *p;
    long status;

    WITH_COMPANY(hd, company_id);
    snprintf(url, sizeof url, URL_PROJECTS, company_id, PAGE_SIZE, page);
    PERFORM(h, url, hd, &b, status);
    count = 0;
    for (p = b.p; status == 200 && p && (p = strstr(p, "{\"id\":")); p++, count++)
      project_push(out, strtoll(p + 6, NULL, 10));
    curl_slist_free_all(hd);
    free(b.p);
    if (count < PAGE_SIZE)
      break;
  }
}

static int spool_area(CURL *h, procore_id_t company_id, procore_id_t project_id,
                      procore_id_t area_id, const char *spool)
{
  char url[256], path[512], number[64];
  struct buf b = {0};
  struct curl_slist *hd = bearer_only();
  const char *p;
  long status;
  int queued = 0;

  WITH_COMPANY(hd, company_id);
  snprintf(url, sizeof url, URL_DRAWINGS, area_id, project_id);
  PERFORM(h, url, hd, &b, status);
  for (p = b.p; status == 200 && p && (p = strstr(p, "{\"id\":")); p++) {
    procore_id_t drawing_id = strtoll(p + 6, NULL, 10);
    const char *num = field(p, "number"), *pdf = field(p, "pdf_url");
    if (!num || !pdf || *pdf != '"')
      continue;
    sscanf(num, "\"%63[^\"]", number);
    snprintf(path, sizeof path, "%s/%u_%s.pdf", spool, (unsigned)drawing_id, number);
    /* pdf_url is a presigned storage.procore.com link: no auth headers */
    {
      char link[1024];
      struct buf pdfb = {0};
      long st;
      FILE *f;
      sscanf(pdf, "\"%1023[^\"]", link);
      PERFORM(h, link, NULL, &pdfb, st);
      if (st == 200 && (f = fopen(path, "wb")) != NULL) {
        fwrite(pdfb.p, 1, pdfb.n, f);
        fclose(f);
        queued++;
      }
      free(pdfb.p);
    }
  }
  curl_slist_free_all(hd);
  free(b.p);
  return queued;
}

static void notify_plotter(CURL *h, int sheets)
{
  char url[128], body[64];
  struct buf b = {0};
  long st;
  snprintf(url, sizeof url, "%s:%d/jobs/refresh", PLOTTER_HOST, PLOTTER_PORT);
  snprintf(body, sizeof body, "{\"sheets\":%d}", sheets);
  PREPARE(h, url, NULL, &b);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  SEND(h, st);
  free(b.p);
}

int main(int argc, char **argv)
{
  struct project_vec projects = {0};
  procore_id_t company_id;
  CURL *h;
  size_t i;
  int sheets = 0;

  if (argc != 3) {
    fprintf(stderr, "usage: %s <company_id> <spool_dir>\n", argv[0]);
    return 2;
  }
  company_id = strtoll(argv[1], NULL, 10);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  h = curl_easy_init();
  if (fetch_token(h) != 0 || !company_visible(h, company_id)) {
    fprintf(stderr, "plotfeed: service account not installed for %" PRId64 "\n", company_id);
    return 1;
  }
  log_identity(h, company_id);
  list_projects(h, company_id, &projects);

  for (i = 0; i < projects.n; ++i) {
    struct area_vec areas = {0};
    struct buf b = {0};
    struct curl_slist *hd = bearer_only();
    char url[160];
    const char *p;
    long status;
    size_t k;

    WITH_COMPANY(hd, company_id);
    snprintf(url, sizeof url, URL_AREAS, projects.v[i]);
    PERFORM(h, url, hd, &b, status);
    for (p = b.p; status == 200 && p && (p = strstr(p, "{\"id\":")); p++)
      area_push(&areas, strtoll(p + 6, NULL, 10));
    curl_slist_free_all(hd);
    free(b.p);
    for (k = 0; k < areas.n; ++k)
      sheets += spool_area(h, company_id, projects.v[i], areas.v[k], argv[2]);
    free(areas.v);
  }
  notify_plotter(h, sheets);
  free(projects.v);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
