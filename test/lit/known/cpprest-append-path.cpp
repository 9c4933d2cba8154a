// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17
// Known miss: uri_builder::append_path() adds the path inside cpprestsdk, so
// the legacy host of this base is not reported.

#include <cpprest/uri_builder.h>

utility::string_t legacyRevoke() {
  web::uri_builder Builder(U("https://app.procore.com"));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  web::uri_builder Builder(U("https://login.procore.com"));{{$}}
  Builder.append_path(U("oauth/revoke"));
  return Builder.to_string();
}
