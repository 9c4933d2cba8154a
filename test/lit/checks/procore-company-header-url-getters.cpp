// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A decorator that decides by the request's own path, read with a URL
// object's getter (`Poco::URI(Url).getPath()`): the path is that part of
// each request's URL, so the decision is settled per request. A path with
// an id differs from `/rest/v1.0/me` where both texts are known, and a
// prefix test (`rfind(Prefix, 0) == 0`) is decided by the known start: the
// vendor update is scoped, the company's users are not.

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct Request {
  std::string Method;
  std::string Url;
  std::vector<std::pair<std::string, std::string>> Headers;
};

class Port {
public:
  virtual ~Port() = default;
  virtual void send(const Request &R) = 0;
};

class PocoPort final : public Port {
public:
  void send(const Request &R) override {
    Poco::URI Uri(R.Url);
    Poco::Net::HTTPSClientSession Session(Uri.getHost(), Uri.getPort());
    Poco::Net::HTTPRequest Out(R.Method, Uri.getPathAndQuery());
    for (const auto &Header : R.Headers)
      Out.set(Header.first, Header.second);
    Session.sendRequest(Out);
  }
};

class CompanyScope final : public Port {
public:
  CompanyScope(Port &Inner, std::int64_t CompanyId)
      : Inner(Inner), CompanyId(CompanyId) {}
  void send(const Request &R) override {
    if (unscoped(Poco::URI(R.Url).getPath()))
      return Inner.send(R);
    Request Scoped = R;
    Scoped.Headers.emplace_back("Procore-Company-Id", std::to_string(CompanyId));
    Inner.send(Scoped);
  }

private:
  static bool unscoped(const std::string &Path) {
    return Path == "/rest/v1.0/me" || Path.rfind("/rest/v1.0/companies", 0) == 0;
  }
  Port &Inner;
  std::int64_t CompanyId;
};

const std::string kApi = "https://api.procore.com";

void run(Port &Api, const std::string &VendorId, const std::string &CompanyId) {
  Api.send({"GET", kApi + "/rest/v1.0/me", {}});
  Api.send({"PATCH", kApi + "/rest/v1.0/vendors/" + VendorId, {}});
  Api.send({"GET", kApi + "/rest/v1.0/companies/" + CompanyId + "/users", {}});
}

int main() {
  PocoPort Raw;
  CompanyScope Scoped(Raw, 42);
  run(Scoped, "7", "42");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-37]]:5: note: sent here
}
