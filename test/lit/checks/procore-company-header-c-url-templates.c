// RUN: %check_mpr_lint %s procore-company-header %t -- -- -x c -std=gnu99

// C tools that expand URL templates by hand: a helper copies the template
// into the caller's buffer character by character and writes a value where
// the template names a placeholder (`{project_id}`, `:id`), after an
// optional base it prints first. Header lines come as an array the helper
// walks with a stepping pointer, or as variadic arguments up to a NULL.
// A header value read from a config file by sscanf is text the analysis
// cannot see, not an empty value.

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define API "https://api.procore.com"

// `{name}` placeholders; vars is a NULL-terminated list of name, value.
static void expand(char *out, size_t size, const char *tmpl,
                   const char **vars) {
  size_t o = 0;
  const char *p = tmpl, *end, **v;
  while (*p && o + 1 < size) {
    if (*p == '{' && (end = strchr(p, '}')) != NULL) {
      for (v = vars; v[0]; v += 2)
        if (strncmp(v[0], p + 1, (size_t)(end - p - 1)) == 0)
          break;
      if (v[0])
        o += (size_t)snprintf(out + o, size - o, "%s", v[1]);
      p = end + 1;
      continue;
    }
    out[o++] = *p++;
  }
  out[o] = '\0';
}

// `:name` placeholders after a base printed at the buffer's start.
static void subst(char *dst, size_t n, const char *base, const char *tmpl,
                  const char *value) {
  const char *t;
  size_t o = (size_t)snprintf(dst, n, "%s", base);
  for (t = tmpl; *t && o + 1 < n;) {
    if (*t == ':' && t[1] >= 'a' && t[1] <= 'z') {
      while (t[1] >= 'a' && t[1] <= 'z')
        ++t;
      ++t;
      o += (size_t)snprintf(dst + o, n - o, "%s", value);
      continue;
    }
    dst[o++] = *t++;
  }
  dst[o] = 0;
}

static long send_lines(const char *url, const char *const *lines) {
  CURL *h = curl_easy_init();
  struct curl_slist *list = NULL;
  for (; lines && *lines; lines++)
    list = curl_slist_append(list, *lines);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_perform(h);
  curl_slist_free_all(list);
  curl_easy_cleanup(h);
  return 0;
}

static long send_each(const char *url, const char *const *lines) {
  CURL *h = curl_easy_init();
  struct curl_slist *list = NULL;
  while (lines && *lines)
    list = curl_slist_append(list, *lines++);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_perform(h);
  curl_easy_cleanup(h);
  return 0;
}

// Header lines as arguments up to a NULL.
static long send_va(const char *url, ...) {
  CURL *h = curl_easy_init();
  struct curl_slist *list = NULL;
  const char *line;
  va_list ap;
  va_start(ap, url);
  while ((line = va_arg(ap, const char *)) != NULL)
    list = curl_slist_append(list, line);
  va_end(ap);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_perform(h);
  curl_easy_cleanup(h);
  return 0;
}

static char company_id[24];

static void read_settings(FILE *in) {
  char line[256], key[32], value[64];
  while (fgets(line, sizeof line, in))
    if (sscanf(line, "%31s = %63s", key, value) == 2 &&
        !strcmp(key, "company_id"))
      strncpy(company_id, value, sizeof company_id - 1);
}

int main(int argc, char **argv) {
  char url[512], company[64];
  const char *vars[] = {"api", API, "project_id", argv[1], NULL};
  const char *plain[] = {"Accept: application/json", NULL};
  const char *scoped[] = {"Accept: application/json", company, NULL};
  if (argc < 2)
    return 1;
  read_settings(stdin);
  snprintf(company, sizeof company, "Procore-Company-Id: %s", company_id);

  expand(url, sizeof url, "{api}/rest/v1.0/projects/{project_id}/rfis", vars);
  send_lines(url, plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :63:3: note: sent here
  send_lines(url, scoped);

  // The template's placeholder is no host: the path alone makes it a
  // REST call, and `/rest/v1.0/me` stays exempt.
  expand(url, sizeof url, "{api}/rest/v1.0/me", vars);
  send_lines(url, plain);

  subst(url, sizeof url, API, "/rest/v1.0/projects/:id/vendors", argv[1]);
  send_each(url, plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :76:3: note: sent here
  send_each(url, scoped);

  send_va(API "/rest/v1.0/companies/1/users", "Accept: application/json",
          NULL);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/companies/1/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :93:3: note: sent here
  send_va(API "/rest/v1.0/companies/1/users", "Accept: application/json",
          company, NULL);
  send_va(API "/rest/v1.0/me", "Accept: application/json", NULL);
  return 0;
}
