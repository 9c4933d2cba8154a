//===--- EndpointModelTest.cpp - hosts, URLs, endpoints -------------------===//

#include "model/EndpointModel.h"
#include "gtest/gtest.h"

using namespace clang::tidy::procore;

namespace {

struct Found {
  std::string Host;
  HostFollower Follower;
  EndpointKind Kind;
  HostRole Role;
  Environment Env;
};

std::vector<Found> scan(llvm::StringRef Text, const HostTable &Hosts = {}) {
  std::vector<Found> Result;
  for (const UrlOccurrence &Url : findProcoreUrls(Text, Hosts))
    Result.push_back({Text.slice(Url.HostBegin, Url.HostEnd).str(),
                      Url.Follower, Url.Kind, Url.Host->Role, Url.Host->Env});
  return Result;
}

TEST(ClassifyPath, OAuthEndpoints) {
  for (const char *Path :
       {"/oauth/authorize", "/oauth/token", "/oauth/token/info",
        "/oauth/revoke", "/oauth/token?grant_type=refresh_token", "/oauth"})
    EXPECT_EQ(classifyPath(Path), EndpointKind::OAuth) << Path;
}

TEST(ClassifyPath, ApiEndpoints) {
  for (const char *Path :
       {"/rest/v1.0/me", "/rest/v1.1/projects", "/rest/v2.0/companies/1/x",
        "/vapid/projects", "/rest", "/rest?x=1"})
    EXPECT_EQ(classifyPath(Path), EndpointKind::RestApi) << Path;
}

TEST(ClassifyPath, WebAndBase) {
  EXPECT_EQ(classifyPath(""), EndpointKind::None);
  EXPECT_EQ(classifyPath("/"), EndpointKind::None);
  EXPECT_EQ(classifyPath("/1234/project/home"), EndpointKind::Web);
  EXPECT_EQ(classifyPath("/restaurants"), EndpointKind::Web);
  EXPECT_EQ(classifyPath("/oauthx/token"), EndpointKind::Web);
  EXPECT_EQ(classifyPath("/vapidity"), EndpointKind::Web);
}

TEST(FindProcoreUrls, FullUrls) {
  auto Found = scan("https://app.procore.com/oauth/token");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "app.procore.com");
  EXPECT_EQ(Found[0].Follower, HostFollower::Path);
  EXPECT_EQ(Found[0].Kind, EndpointKind::OAuth);

  Found = scan("HTTPS://APP.Procore.COM:443/rest/v1.0/projects");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "APP.Procore.COM");
  EXPECT_EQ(Found[0].Kind, EndpointKind::RestApi);
}

TEST(FindProcoreUrls, SchemeOptionalAndUserInfo) {
  EXPECT_EQ(scan("app.procore.com/rest/v1.0/me")[0].Kind,
            EndpointKind::RestApi);
  EXPECT_EQ(scan("//api.procore.com/oauth/token")[0].Kind, EndpointKind::OAuth);
  auto Found = scan("https://user:secret@app.procore.com/vapid/x");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Kind, EndpointKind::RestApi);
  // An e-mail address is not a URL host.
  EXPECT_TRUE(scan("support@app.procore.com").empty());
}

TEST(FindProcoreUrls, HostMatchingIsExact) {
  EXPECT_TRUE(scan("https://app.procore.com.evil.example/rest/v1.0").empty());
  EXPECT_TRUE(scan("https://app.procore.community/rest/v1.0").empty());
  EXPECT_TRUE(scan("https://api.procore.com-proxy.example/oauth").empty());
  // Hosts that never serve the API.
  EXPECT_TRUE(scan("https://storage.procore.com/uploads/abc").empty());
  EXPECT_TRUE(scan("https://developers.procore.com/rest/v1.0/me").empty());
  // A longer name in Procore's domain is that name, not the one it ends in.
  auto Found = scan("https://xapi.procore.com/oauth/token");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "xapi.procore.com");
  EXPECT_EQ(Found[0].Role, HostRole::Unlisted);
}

TEST(FindProcoreUrls, HostsNoEnvironmentHas) {
  auto Found = scan("https://Sandbox-Monthly.procore.com/rest/v1.0/me");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "Sandbox-Monthly.procore.com");
  EXPECT_EQ(Found[0].Role, HostRole::Unlisted);
  EXPECT_EQ(Found[0].Env, Environment::MonthlySandbox);
  EXPECT_EQ(Found[0].Kind, EndpointKind::RestApi);
  EXPECT_EQ(scan("https://api-sandbox.procore.com")[0].Env,
            Environment::DeveloperSandbox);
  EXPECT_EQ(scan("https://eu.api.procore.com/rest/v1.0/me")[0].Env,
            Environment::Production);
  EXPECT_EQ(scan("https://auth.procoregov.com/oauth/token")[0].Env,
            Environment::Government);
  // Two letters and two digits: a region's web host.
  Found = scan("https://us02.procore.com/rest/v1.0/me");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Role, HostRole::Zone);
  // Text the trace cannot see may begin the name.
  EXPECT_TRUE(
      scan(std::string("https://") + UnknownText + "-monthly.procore.com/rest")
          .empty());
}

TEST(FindProcoreUrls, BaseUrlsAndUnknownTails) {
  auto Found = scan("https://app.procore.com");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Follower, HostFollower::End);
  EXPECT_EQ(scan("https://app.procore.com/")[0].Follower, HostFollower::End);

  std::string WithHole = std::string("https://app.procore.com") + UnknownText;
  EXPECT_EQ(scan(WithHole)[0].Follower, HostFollower::Unknown);
  std::string SlashHole = std::string("https://app.procore.com/") + UnknownText;
  EXPECT_EQ(scan(SlashHole)[0].Follower, HostFollower::Unknown);
  // Unknown text right before the host could make it a longer name.
  EXPECT_TRUE(
      scan(std::string(1, UnknownText) + "app.procore.com/rest").empty());
  std::string PathHole =
      std::string("https://app.procore.com/rest/v1.0/projects/") + UnknownText;
  EXPECT_EQ(scan(PathHole)[0].Kind, EndpointKind::RestApi);
}

TEST(FindProcoreUrls, WebLinksAreWeb) {
  auto Found = scan("https://app.procore.com/1234/project/home");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Kind, EndpointKind::Web);
}

TEST(FindProcoreUrls, SeveralInOneText) {
  auto Found = scan("see https://app.procore.com/oauth/token and "
                    "https://sandbox.procore.com/rest/v1.0/me");
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Host, "app.procore.com");
  EXPECT_EQ(Found[1].Host, "sandbox.procore.com");
  EXPECT_EQ(Found[1].Kind, EndpointKind::RestApi);
}

TEST(FindProcoreUrls, SandboxHostsAreNotConfused) {
  auto Found = scan("https://login-sandbox.procore.com/oauth/token");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "login-sandbox.procore.com");
  Found = scan("https://api-sandbox-monthly.procore.com/rest/v1.0/me");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Host, "api-sandbox-monthly.procore.com");
}

TEST(HostTable, ExtraHostsAndLookup) {
  HostTable Hosts;
  EXPECT_EQ(Hosts.lookup("APP.PROCORE.COM")->Role, HostRole::Legacy);
  EXPECT_EQ(Hosts.lookup("proxy.corp.example"), nullptr);
  Hosts.addHost(" Proxy.Corp.Example ", Environment::Production,
                HostRole::Legacy);
  ASSERT_NE(Hosts.lookup("proxy.corp.example"), nullptr);
  EXPECT_EQ(scan("https://proxy.corp.example/oauth/token", Hosts).size(), 1u);
}

TEST(RequiredHost, EveryEnvironment) {
  EXPECT_EQ(requiredHost(Environment::Production, EndpointKind::OAuth),
            "login.procore.com");
  EXPECT_EQ(requiredHost(Environment::Production, EndpointKind::RestApi),
            "api.procore.com");
  EXPECT_EQ(requiredHost(Environment::DeveloperSandbox, EndpointKind::OAuth),
            "login-sandbox.procore.com");
  EXPECT_EQ(requiredHost(Environment::DeveloperSandbox, EndpointKind::RestApi),
            "sandbox.procore.com");
  EXPECT_EQ(requiredHost(Environment::MonthlySandbox, EndpointKind::OAuth),
            "login-sandbox-monthly.procore.com");
  EXPECT_EQ(requiredHost(Environment::MonthlySandbox, EndpointKind::RestApi),
            "api-monthly.procore.com");
  EXPECT_EQ(requiredHost(Environment::Production, EndpointKind::Web), "");
}

TEST(SplitOptionList, SeparatorsAndBlanks) {
  EXPECT_EQ(splitOptionList(""), std::vector<std::string>{});
  EXPECT_EQ(splitOptionList(" a.example ; b.example,c "),
            (std::vector<std::string>{"a.example", "b.example", "c"}));
  EXPECT_EQ(splitOptionList(";;,"), std::vector<std::string>{});
}

TEST(CompanyHeader, NameIsCaseInsensitive) {
  EXPECT_TRUE(isCompanyHeaderName("Procore-Company-Id"));
  EXPECT_TRUE(isCompanyHeaderName("procore-company-id"));
  EXPECT_TRUE(isCompanyHeaderName("  PROCORE-COMPANY-ID "));
  EXPECT_FALSE(isCompanyHeaderName("Procore-Company"));
  EXPECT_FALSE(isCompanyHeaderName("Procore-Company-Id-X"));
}

TEST(CompanyHeader, Exemptions) {
  EXPECT_TRUE(isCompanyHeaderExempt("GET", "/rest/v1.0/me", false));
  EXPECT_TRUE(
      isCompanyHeaderExempt("get", "/rest/v1.0/companies?page=2", false));
  EXPECT_FALSE(isCompanyHeaderExempt("POST", "/rest/v1.0/me", false));
  EXPECT_FALSE(isCompanyHeaderExempt("GET", "/rest/v1.0/companies/1", false));
  EXPECT_FALSE(isCompanyHeaderExempt("GET", "/rest/v1.1/me", false));
  EXPECT_FALSE(isCompanyHeaderExempt("GET", "/rest/v1.0/me", true));
}

} // namespace
