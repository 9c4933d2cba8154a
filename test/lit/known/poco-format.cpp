// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17
// Known miss: Poco::format is printf-like, but is not read as a format.

#include <Poco/Format.h>
#include <Poco/URI.h>

#include <string>

std::string legacyFormat(long long CompanyId) {
  static const std::string kLegacyBase = "https://app.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  static const std::string kLegacyBase = "https://api.procore.com";{{$}}
  return Poco::URI(Poco::format("%s/rest/v1.0/projects?company_id=%Ld", kLegacyBase,
                                CompanyId)).toString();
}
