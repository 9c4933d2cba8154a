// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// A request class that sends with the verb it was built with: the switch
// over its member takes the case the object's constructor settles, so an
// exempt GET /rest/v1.0/me is not also judged as a POST to /me. The object
// is followed through static factories (`return {Verb::Get, Url}`), fluent
// setters (`return *this`) and copies.

#include <cpr/cpr.h>

#include <string>
#include <utility>

enum class Verb { Get, Post, Delete };

class Call {
public:
  Call(Verb V, std::string Url) : Verb_(V), Url_(std::move(Url)) {}
  Call &bearer(std::string Token) {
    Token_ = std::move(Token);
    return *this;
  }
  cpr::Response send() const {
    cpr::Session Session;
    Session.SetUrl(cpr::Url{Url_});
    switch (Verb_) {
    case Verb::Get:
      return Session.Get();
    case Verb::Post:
      return Session.Post();
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
      // CHECK-MESSAGES: :[[@LINE+32]]:3: note: request built here
      // CHECK-MESSAGES: :[[@LINE-8]]:5: note: URL set here
    case Verb::Delete:
      return Session.Delete();
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
      // CHECK-MESSAGES: :[[@LINE+29]]:3: note: request built here
      // CHECK-MESSAGES: :[[@LINE-13]]:5: note: URL set here
    }
    return {};
  }

private:
  Verb Verb_;
  std::string Url_;
  std::string Token_;
};

struct Http {
  static Call get(std::string Url) { return {Verb::Get, std::move(Url)}; }
  static Call post(std::string Url) { return {Verb::Post, std::move(Url)}; }
};

const std::string kApi = "https://api.procore.com";

void run(const std::string &Token, const std::string &ProjectId) {
  // Exempt GETs, whichever way the object is made.
  Call Me(Verb::Get, kApi + "/rest/v1.0/me");
  Me.send();
  Http::get(kApi + "/rest/v1.0/companies").bearer(Token).send();
  Call Copy = Http::get(kApi + "/rest/v1.0/me");
  Copy.send();
  // A POST to the API needs the header.
  Http::post(kApi + "/rest/v1.0/projects").bearer(Token).send();
  Call Remove(Verb::Delete, kApi + "/rest/v1.0/projects/" + ProjectId);
  Remove.send();
}
