// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A local object handed by reference to an object that keeps it (a parser
// that fills its sink as it reads) holds what that object writes into it,
// which no write in the function shows. A test of its members settles no
// branch: the token a parser fills may be empty or not, and the header
// list built after the test is on the request.
#include <httplib.h>
#include <string>

struct Sink {
  virtual ~Sink() = default;
  virtual void value(const std::string &Key, const std::string &Text) = 0;
};

struct TokenSink : Sink {
  std::string AccessToken;
  void value(const std::string &Key, const std::string &Text) override {
    if (Key == "access_token")
      AccessToken = Text;
  }
};

class Parser {
public:
  explicit Parser(Sink &Into) : Into(Into) {}
  void feed(const std::string &Body) {
    auto Colon = Body.find(':');
    if (Colon != std::string::npos)
      Into.value(Body.substr(0, Colon), Body.substr(Colon + 1));
  }

private:
  Sink &Into;
};

std::string refreshToken(httplib::Client &Login) {
  auto Reply = Login.Post("/oauth/token", "grant_type=refresh_token",
                          "application/x-www-form-urlencoded");
  if (!Reply)
    return {};
  TokenSink Token;
  Parser Reader(Token);
  Reader.feed(Reply->body);
  return Token.AccessToken;
}

int main(int Argc, char **Argv) {
  httplib::Client Login("https://login.procore.com");
  std::string Token = refreshToken(Login);
  if (Token.empty())
    return 1;
  httplib::Client Api("https://api.procore.com");
  httplib::Headers Headers{{"Authorization", "Bearer " + Token}};
  Headers.emplace("Procore-Company-Id", Argv[1]);
  Api.Get("/rest/v1.0/projects", Headers);

  httplib::Headers Plain{{"Authorization", "Bearer " + Token}};
  Api.Get("/rest/v1.0/projects/7/rfis", Plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  return Argc;
}
