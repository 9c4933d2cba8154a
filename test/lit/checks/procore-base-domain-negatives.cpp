// RUN: %check_mpr_lint %s procore-base-domain %t -- -std=c++17
// Code that is fine: nothing here may be reported.

#include <string>

// Compliant hosts for each endpoint.
const char *Token = "https://login.procore.com/oauth/token";
const char *Me = "https://api.procore.com/rest/v1.0/me";
const char *SandboxToken = "https://login-sandbox.procore.com/oauth/token";
const char *SandboxMe = "https://sandbox.procore.com/rest/v1.0/me";
const char *MonthlyToken = "https://login-sandbox-monthly.procore.com/oauth/token";
const char *MonthlyMe = "https://api-monthly.procore.com/rest/v1.0/me";
const char *GovToken = "https://login.procoregov.com/oauth/token";
const char *GovMe = "https://api.procoregov.com/rest/v1.0/me";

// Human-facing web links stay on app.procore.com.
const char *Home = "https://app.procore.com/1234/project/home";
const char *Dashboard = "https://app.procore.com/companies/55/dashboard";
const char *Root = "https://app.procore.com/";
std::string webLink(long long Project) {
  return std::string("https://app.procore.com/") + std::to_string(Project) +
         "/project/rfis";
}

// Lookalike hosts outside Procore's domain are other hosts; Procore's hosts
// that never serve the API hold links, not calls; a host whose name begins
// with text the file does not show is not judged.
const char *Evil = "https://app.procore.com.evil.example/oauth/token";
const char *Community = "https://app.procore.community/rest/v1.0/me";
const char *Upload = "https://storage.procore.com/uploads/abc?signature=1";
const char *Email = "mailto:support@app.procore.com";
const char *Docs = "https://developers.procore.com/rest/v1.0/me";
std::string regional(const std::string &Region) {
  return "https://" + Region + ".procore.com/rest/v1.0/me";
}
// A web page on a host no environment has is a link.
const char *Marketing = "https://www.procore.com/en-us/pricing";
const char *Unlisted = "https://community.procore.com/t/mpr/123";

// A base whose uses cannot be seen, or that only builds web links.
const std::string kUnknownUse = "https://app.procore.com";
std::string appendRuntime(const std::string &Path) { return kUnknownUse + Path; }
const std::string kWebBase = "https://app.procore.com";
std::string project(long long Id) { return kWebBase + "/" + std::to_string(Id) + "/project/home"; }

// An OAuth base used only for OAuth on the login host is right.
const std::string kLogin = "https://login.procore.com";
std::string refresh() { return kLogin + "/oauth/token"; }
