// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -x c -std=c11
// Known miss: curl's own printf, curl_maprintf, is not read as a format the
// way snprintf is.

#include <curl/curl.h>
#include <curl/mprintf.h>

#define PROCORE_LEGACY_BASE "https://app.procore.com"
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE+3]]:10: note: used for a REST API endpoint here
// CHECK-FIXES: {{^}}#define PROCORE_LEGACY_BASE "https://api.procore.com"{{$}}
char *legacyProjectsUrl(long long CompanyId) {
  return curl_maprintf("%s/rest/v1.0/projects?company_id=%lld", PROCORE_LEGACY_BASE,
                       CompanyId);
}
