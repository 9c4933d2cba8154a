// RUN: %check_mpr_lint %s procore-company-header,procore-base-domain %t -- -- -x c -std=c99

// Plain C: a base URL in a table of services and header lines formatted
// from a table of names, both read through a pointer parameter; a host
// copied into a member of a global configuration with strcpy.

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct header_entry {
  const char *name;
  const char *value;
};
static const struct header_entry misnamed_headers[] = {
    {"Accept", "application/json"},
    {"X-Procore-Company-Id", "42"},
};

struct service {
  const char *base;
};
static const struct service services[] = {{"https://api.procore.com"}};

struct config {
  char host[128];
};
static struct config cfg;

static void load_defaults(void) {
  strcpy(cfg.host, "https://us02.procore.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: base URL for REST API endpoints on zone web host 'us02.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  strcpy(cfg.host, "https://api.procore.com");{{$}}
  // CHECK-MESSAGES: :[[@LINE+27]]:10: note: used for a REST API endpoint here
}

static long send_with_table(const struct service *svc, const char *path) {
  char url[256], line[256];
  struct curl_slist *headers = NULL;
  size_t i;
  CURL *curl = curl_easy_init();
  snprintf(url, sizeof url, "%s%s", svc->base, path);
  for (i = 0; i < sizeof misnamed_headers / sizeof misnamed_headers[0]; i++) {
    snprintf(line, sizeof line, "%s: %s", misnamed_headers[i].name,
             misnamed_headers[i].value);
    headers = curl_slist_append(headers, line);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  return curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
}

static long send_to_configured_host(const char *path) {
  char url[256];
  CURL *curl = curl_easy_init();
  struct curl_slist *headers = curl_slist_append(NULL, "Procore-Company-Id: 42");
  snprintf(url, sizeof url, "%s%s", cfg.host, path);
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  return curl_easy_perform(curl);
}

int main(void) {
  load_defaults();
  send_with_table(&services[0], "/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: request built here
  // CHECK-MESSAGES: :[[@LINE-20]]:3: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-52]]:6: note: did you mean 'Procore-Company-Id'?
  send_to_configured_host("/rest/v1.0/companies/42/users");
  return 0;
}
