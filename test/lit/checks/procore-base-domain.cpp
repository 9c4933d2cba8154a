// RUN: %check_mpr_lint %s procore-base-domain %t -- -std=c++17

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

// --- Full URLs in every kind of literal -----------------------------------

const char *TokenUrl = "https://app.procore.com/oauth/token";
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: OAuth endpoint on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *TokenUrl = "https://login.procore.com/oauth/token";

const char *MeUrl = "https://app.procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MeUrl = "https://api.procore.com/rest/v1.0/me";

const char *VapidUrl = "https://app.procore.com/vapid/projects";
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *VapidUrl = "https://api.procore.com/vapid/projects";

const char *ProxiedOAuth = "https://api.procore.com/oauth/token/info";
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: OAuth endpoint on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *ProxiedOAuth = "https://login.procore.com/oauth/token/info";

const char *ApiOnLogin = "https://login.procore.com/rest/v1.0/projects";
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: REST API endpoint on login host 'login.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *ApiOnLogin = "https://api.procore.com/rest/v1.0/projects";

const char *SandboxLogin = "https://sandbox.procore.com/oauth/authorize";
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: OAuth endpoint on API host 'sandbox.procore.com'; MPR requires 'login-sandbox.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *SandboxLogin = "https://login-sandbox.procore.com/oauth/authorize";

const char *MonthlyLogin = "https://api-sandbox-monthly.procore.com/oauth/revoke";
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: OAuth endpoint on legacy host 'api-sandbox-monthly.procore.com'; MPR requires 'login-sandbox-monthly.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MonthlyLogin = "https://login-sandbox-monthly.procore.com/oauth/revoke";

const char *MonthlyApi = "https://api-sandbox-monthly.procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: REST API endpoint on legacy host 'api-sandbox-monthly.procore.com'; MPR requires 'api-monthly.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MonthlyApi = "https://api-monthly.procore.com/rest/v1.0/me";

const char *MonthlyOAuthOnApi = "https://api-monthly.procore.com/oauth/token";
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: OAuth endpoint on API host 'api-monthly.procore.com'; MPR requires 'login-sandbox-monthly.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MonthlyOAuthOnApi = "https://login-sandbox-monthly.procore.com/oauth/token";

const wchar_t *Wide = L"https://app.procore.com/rest/v1.0/companies";
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const wchar_t *Wide = L"https://api.procore.com/rest/v1.0/companies";

const char *Utf8 = u8"https://app.procore.com/oauth/token";
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: OAuth endpoint on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Utf8 = u8"https://login.procore.com/oauth/token";

const char16_t *Utf16 = u"https://app.procore.com/rest/v1.1/projects";
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char16_t *Utf16 = u"https://api.procore.com/rest/v1.1/projects";

const char32_t *Utf32 = U"https://app.procore.com/rest/v2.0/companies";
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char32_t *Utf32 = U"https://api.procore.com/rest/v2.0/companies";

const char *Raw = R"url(https://app.procore.com/oauth/authorize)url";
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: OAuth endpoint on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Raw = R"url(https://login.procore.com/oauth/authorize)url";

const char *Escaped = "\t\"https://app.procore.com/rest/v1.0/me\"\n";
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Escaped = "\t\"https://api.procore.com/rest/v1.0/me\"\n";

const char *NonAscii = "caf\u00e9 https://app.procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:43: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *NonAscii = "caf\u00e9 https://api.procore.com/rest/v1.0/me";

const char *Split = "https://app." "procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Split = "https://api." "procore.com/rest/v1.0/me";

// The fix writes the whole host in lower case and keeps the case of the
// scheme and the path.
const char *Upper = "HTTPS://APP.PROCORE.COM:443/oauth/token";
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: OAuth endpoint on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Upper = "HTTPS://login.procore.com:443/oauth/token";

// Hosts in Procore's domain that no environment has: a misspelled sandbox
// host, a made-up one. The required host is that of the environment the
// name suggests.
const char *MonthlyTypo = "https://sandbox-monthly.procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: REST API endpoint on unknown Procore host 'sandbox-monthly.procore.com'; MPR requires 'api-monthly.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MonthlyTypo = "https://api-monthly.procore.com/rest/v1.0/me";
const char *MonthlyLoginTypo = "https://login-monthly.procore.com/oauth/token";
// CHECK-MESSAGES: :[[@LINE-1]]:41: warning: OAuth endpoint on unknown Procore host 'login-monthly.procore.com'; MPR requires 'login-sandbox-monthly.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *MonthlyLoginTypo = "https://login-sandbox-monthly.procore.com/oauth/token";
const char *Mine = "https://myapp.procore.com/rest/v1.0/me";
// CHECK-MESSAGES: :[[@LINE-1]]:29: warning: REST API endpoint on unknown Procore host 'myapp.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *Mine = "https://api.procore.com/rest/v1.0/me";

const char *NoScheme = "app.procore.com/rest/v1.0/projects";
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *NoScheme = "api.procore.com/rest/v1.0/projects";

const char *UserInfo = "https://bot:secret@app.procore.com/vapid/x";
// CHECK-MESSAGES: :[[@LINE-1]]:44: warning: REST API endpoint on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const char *UserInfo = "https://bot:secret@api.procore.com/vapid/x";

// --- Macros: reported and fixed once, in the definition --------------------

#define PROCORE_TOKEN_URL "https://app.procore.com/oauth/token"
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: OAuth endpoint on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: #define PROCORE_TOKEN_URL "https://login.procore.com/oauth/token"
const char *FirstUse = PROCORE_TOKEN_URL;
// CHECK-MESSAGES: :[[@LINE-1]]:24: note: used for an OAuth endpoint here
const char *SecondUse = PROCORE_TOKEN_URL;
// CHECK-MESSAGES: :[[@LINE-1]]:25: note: used for an OAuth endpoint here
// CHECK-FIXES: const char *SecondUse = PROCORE_TOKEN_URL;

#define PROCORE_BASE "https://app.procore.com"
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: #define PROCORE_BASE "https://api.procore.com"
const char *Projects = PROCORE_BASE "/rest/v1.0/projects";
// CHECK-MESSAGES: :[[@LINE-1]]:24: note: used for a REST API endpoint here

// --- Constants, members, concatenation, builders --------------------------

static const std::string kApiBase = "https://app.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:46: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: static const std::string kApiBase = "https://api.procore.com";
std::string projectsUrl() { return kApiBase + "/rest/v1.0/projects"; }
// CHECK-MESSAGES: :[[@LINE-1]]:36: note: used for a REST API endpoint here

constexpr std::string_view kLoginBase = "https://app.procore.com/";
// CHECK-MESSAGES: :[[@LINE-1]]:50: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-FIXES: constexpr std::string_view kLoginBase = "https://login.procore.com/";
std::string tokenUrl() {
  std::string Url(kLoginBase);
  Url += "oauth/token";
  return Url;
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: note: used for an OAuth endpoint here

struct Auth {
  static constexpr const char *Base = "https://app.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: base URL for OAuth endpoints on legacy host 'app.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
  // CHECK-FIXES: static constexpr const char *Base = "https://login.procore.com";
  static std::string authorizeUrl() {
    std::ostringstream Out;
    Out << Base << "/oauth/authorize?client_id=" << 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: used for an OAuth endpoint here
    return Out.str();
  }
};

class Client {
public:
  Client() : Base("https://app.procore.com") {}
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: Client() : Base("https://api.procore.com") {}
  std::string rfis(long long ProjectId) const {
    return Base + "/rest/v1.0/projects/" + std::to_string(ProjectId) + "/rfis";
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: used for a REST API endpoint here

private:
  std::string Base;
};

struct DefaultMember {
  std::string Host = "https://sandbox.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: base URL for OAuth endpoints on API host 'sandbox.procore.com'; MPR requires 'login-sandbox.procore.com' [procore-base-domain]
  // CHECK-FIXES: std::string Host = "https://login-sandbox.procore.com";
  std::string revoke() const { return std::string(Host).append("/oauth/revoke"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: note: used for an OAuth endpoint here
};

// The sandbox API host is right for the API and wrong for OAuth.
struct SandboxBoth {
  std::string Host = "https://sandbox.procore.com";
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: base URL on API host 'sandbox.procore.com' is used for both OAuth and REST API endpoints; MPR requires 'login-sandbox.procore.com' for OAuth and 'sandbox.procore.com' for the REST API: use two base URLs [procore-base-domain]
  std::string revoke() const { return Host + "/oauth/revoke"; }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: note: used for an OAuth endpoint here
  std::string me() const { return Host + "/rest/v1.0/me"; }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: note: used for a REST API endpoint here
};

void printfBuilt(char *Buffer, unsigned long Size, long long CompanyId) {
  std::snprintf(Buffer, Size, "%s/rest/v1.0/companies/%lld/projects",
                "https://app.procore.com", CompanyId);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: used for a REST API endpoint here
  // CHECK-FIXES: "https://api.procore.com", CompanyId);
}

// --- A long chain: the base at its far end is seen as in a short one -------

const std::string kChainBase = "https://app.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:41: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-FIXES: const std::string kChainBase = "https://api.procore.com";
std::string chained() {
  return kChainBase + "/rest/v1.0"
         + "/p0"
         + "/p1"
         + "/p2"
         + "/p3"
         + "/p4"
         + "/p5"
         + "/p6"
         + "/p7"
         + "/p8"
         + "/p9"
         + "/p10"
         + "/p11"
         + "/p12"
         + "/p13"
         + "/p14"
         + "/p15"
         + "/p16"
         + "/p17"
         + "/p18"
         + "/p19"
         + "/me";
  // CHECK-MESSAGES: :[[@LINE-22]]:10: note: used for a REST API endpoint here
}

// --- A base used for both: no automatic fix, a note at each use ------------

const std::string kShared = "https://app.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: base URL on legacy host 'app.procore.com' is used for both OAuth and REST API endpoints; MPR requires 'login.procore.com' for OAuth and 'api.procore.com' for the REST API: use two base URLs [procore-base-domain]
// CHECK-FIXES: const std::string kShared = "https://app.procore.com";
std::string sharedToken() { return kShared + "/oauth/token"; }
// CHECK-MESSAGES: :[[@LINE-1]]:36: note: used for an OAuth endpoint here
std::string sharedMe() { return kShared + "/rest/v1.0/me"; }
// CHECK-MESSAGES: :[[@LINE-1]]:33: note: used for a REST API endpoint here

// --- NOLINT ------------------------------------------------------------------

const char *Silenced = "https://app.procore.com/rest/v1.0/me"; // NOLINT(procore-base-domain)
// NOLINTNEXTLINE(procore-base-domain)
const char *SilencedNext = "https://app.procore.com/oauth/token";
// NOLINTBEGIN(procore-*)
const char *SilencedBlockA = "https://app.procore.com/oauth/token";
const char *SilencedBlockB = "https://api.procore.com/oauth/revoke";
// NOLINTEND(procore-*)
