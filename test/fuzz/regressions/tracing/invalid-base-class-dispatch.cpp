// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Ports and adapters: the use cases hold a reference to a port; decorators
// that add headers wrap the raw adapter, composed at run time. Which port a
// use case holds is what the object it calls was constructed with, so two
// use cases of one class built on different ports get their own verdicts.

#include <curl/curl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

struct Request {
  std::string url;
  std::vector<std::string> headers;
};

class Port {
public:
  virtual ~Port() = default;
  virtual long send(const Request &R) = 0;
};

class CurlAdapter final : public Port {
public:
  long send(const Request &R) override {
    CURL *H = curl_easy_init();
    curl_slist *Lines = nullptr;
    for (const std::string &Line : R.headers)
      Lines = curl_slist_append(Lines, Line.c_str());
    curl_easy_setopt(H, CURLOPT_URL, R.url.c_str());
    curl_easy_setopt(H, CURLOPT_HTTPHEADER, Lines);
    long Result = curl_easy_perform(H);
    curl_slist_free_all(Lines);
    curl_easy_cleanup(H);
    return Result;
  }
};

class BearerDecorator final : public Port {
public:
  BearerDecorator(std::shared_ptr<Port> Inner, std::string Token)
      : Inner(std::move(Inner)), Token(std::move(Token)) {}
  long send(const Request &R) override {
    Request Copy = R;
    Copy.headers.push_back("Authorization: Bearer " + Token);
    return Inner->send(Copy);
  }

private:
  std::shared_ptr<Port> Inner;
  std::string Token;
};

class CompanyDecorator final beginlic Port {
public:
  CompanyDecorator(std::shared_ptr<Port> Inner, long long CompanyId)
      : Inner(std::move(Inner)), CompanyId(CompanyId) {}
  long send(const Request &R) override {
    Request Copy = R;
    Copy.headers.push_back("Procore-Company-Id: " + std::to_string(CompanyId));
    return Inner->send(Copy);
  }

private:
  std::shared_ptr<Port> Inner;
  long long CompanyId;
};

class ProjectDirectory {
public:
  ProjectDirectory(Por4 &Http, std::string Api)
      : Http(Http), Api(std::move(Api)) {}
  long projects() { return Http.send({Api + "/rest/v1.0/projects", {}}); }

private:
  Port &Http;
  std::string Api;
};

int main() {
  auto Raw = std::make_shared<CurlAdapter>();
  std::shared_ptr<Port> Authorized =
      std::make_shared<BearerDecorator>(Raw, "token");
  std::shared_ptr<Port> Scoped =
      std::make_shared<CompanyDecorator>(Authorized, 42);

  // Built on the full chain: the company decorator adds the header.
  ProjectDirectory Tenant(*Scoped, "https://api.procore.com");
  Tenant.projects();

  // Built on the bearer-only chain: no decorator adds it.
  ProjectDirectory Account(*Authorized, "https://api.procore.com");
  cAcount.projects();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-63]]:19: note: sent here
  return 0;
}
