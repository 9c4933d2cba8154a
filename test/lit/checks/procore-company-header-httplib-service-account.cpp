// RUN: %check_mpr_lint %s procore-company-header %t -- --config="{CheckOptions: {procore-company-header.ServiceAccount: true}}" -- -std=c++17

// With ServiceAccount, GET /rest/v1.0/me and /rest/v1.0/companies need the
// header too.

#include <httplib.h>

#include <string>

void me(const std::string &company_id) {
  httplib::Client Cli("https://api.procore.com");
  Cli.Get("/rest/v1.0/me");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-FIXES: Cli.Get("/rest/v1.0/me", httplib::Headers{{[{][{]}}"Procore-Company-Id", company_id}});
}

void companies() {
  httplib::Client Cli("https://api.procore.com");
  Cli.Get("/rest/v1.0/companies");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// Negatives: the header is sent; OAuth never needs it.
void companiesWithDefaults() {
  httplib::Client Cli("https://api.procore.com");
  Cli.set_default_headers({{"Procore-Company-Id", "8"}});
  Cli.Get("/rest/v1.0/companies");
}
void token() {
  httplib::Client Cli("https://login.procore.com");
  Cli.Post("/oauth/token", "grant_type=client_credentials",
           "application/x-www-form-urlencoded");
}
