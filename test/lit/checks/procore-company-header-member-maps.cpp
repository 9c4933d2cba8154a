// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <httplib.h>

#include <map>
#include <string>

// Default headers kept in a member, filled again by each login. A login
// that fails returns before it touches them, leaving what the last one
// put in: an entry put in with the others on every path that fills them
// is always among them.
class Session {
public:
  bool login(const std::string &Code) {
    httplib::Client Login("https://login.procore.com");
    auto Reply = Login.Post("/oauth/token", "code=" + Code,
                            "application/x-www-form-urlencoded");
    if (!Reply || Reply->status != 200)
      return false;
    Defaults.clear();
    Defaults.emplace("Authorization", "Bearer " + Reply->body);
    Defaults.emplace("Procore-Company-Id", std::to_string(CompanyId));
    return true;
  }

  // The company entry only when a flag says so: not with every fill.
  void loginScoped(const std::string &Token, bool Scoped) {
    Scoped_.clear();
    Scoped_.emplace("Authorization", "Bearer " + Token);
    if (Scoped)
      Scoped_.emplace("Procore-Company-Id", std::to_string(CompanyId));
  }

  void projects() {
    httplib::Client Api("https://api.procore.com");
    Api.Get("/rest/v1.0/projects", Defaults);
  }

  // The same entries copied one by one onto the request's own list.
  void rfis() {
    httplib::Client Api("https://api.procore.com");
    httplib::Headers Headers;
    for (const auto &Entry : Defaults)
      Headers.emplace(Entry.first, Entry.second);
    Api.Get("/rest/v1.0/projects/5/rfis", Headers);
  }

  void vendors() {
    httplib::Client Api("https://api.procore.com");
    Api.Get("/rest/v1.0/vendors", Scoped_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/vendors' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :31:7: note: added here, but not on every path to the send
  }

  long long CompanyId = 0;

private:
  httplib::Headers Defaults;
  httplib::Headers Scoped_;
};

int main(int argc, char **argv) {
  Session S;
  S.CompanyId = std::stoll(argv[1]);
  S.login(argv[2]);
  S.projects();
  S.rfis();
  S.loginScoped(argv[2], argc > 3);
  S.vendors();
}
