// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A request decorated by a loop over a list of policy objects gets what
// every element's class adds: the loop runs each element's override on the
// same request. The list is the one each call hands in: braced where it is
// made, returned by a helper, or a local filled one element at a time. A
// list whose elements the code does not show leaves the classes open.

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

struct Request {
  std::string Url;
  curl_slist *Lines = nullptr;
};

struct Policy {
  virtual ~Policy() = default;
  virtual void decorate(Request &R) const = 0;
};
using PolicyList = std::vector<std::shared_ptr<const Policy>>;

class AuthPolicy : public Policy {
public:
  void decorate(Request &R) const override {
    R.Lines = curl_slist_append(R.Lines, "Authorization: Bearer token");
  }
};

class CompanyPolicy : public Policy {
public:
  explicit CompanyPolicy(long long Id) : Id(Id) {}
  void decorate(Request &R) const override {
    R.Lines = curl_slist_append(
        R.Lines, ("Procore-Company-Id: " + std::to_string(Id)).c_str());
  }

private:
  long long Id;
};

PolicyList pluginPolicies();

class Api {
public:
  explicit Api(long long Company) : Company(Company) {}

  PolicyList scoped() const {
    return {std::make_shared<AuthPolicy>(),
            std::make_shared<CompanyPolicy>(Company)};
  }
  PolicyList unscoped() const { return {std::make_shared<AuthPolicy>()}; }

  long call(const std::string &Path, const PolicyList &Policies) {
    Request R{"https://api.procore.com" + Path};
    for (const auto &P : Policies)
      P->decorate(R);
    CURL *Handle = curl_easy_init();
    curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, R.Lines);
    return curl_easy_perform(Handle);
  }

private:
  long long Company;
};

void sync(Api &A, long long Company) {
  A.call("/rest/v1.0/projects", A.scoped());
  A.call("/rest/v1.0/vendors", A.unscoped());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :64:12: note: sent here
  A.call("/rest/v1.0/rfis", {std::make_shared<CompanyPolicy>(Company),
                             std::make_shared<AuthPolicy>()});
  A.call("/rest/v1.0/users", {std::make_shared<AuthPolicy>()});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :64:12: note: sent here
  PolicyList Built{std::make_shared<AuthPolicy>()};
  Built.push_back(std::make_shared<CompanyPolicy>(Company));
  A.call("/rest/v1.0/submittals", Built);
  // Elements made where the file does not show: no verdict.
  A.call("/rest/v1.0/drawings", pluginPolicies());
}
