// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// Request builders: a method reads the members of the object it runs on,
// so a request a builder sends is judged per object, with what its fluent
// setters (`return *this`) and its copy-returning setters did to that
// object before the send.

#include <curl/curl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

const char *const kApi = "https://api.procore.com";
const char *const kLogin = "https://login.procore.com";

long perform(const std::string &Method, const std::string &Url,
             curl_slist *Headers) {
  CURL *Handle = curl_easy_init();
  curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_CUSTOMREQUEST, Method.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Headers);
  CURLcode Code = curl_easy_perform(Handle);
  curl_easy_cleanup(Handle);
  return Code;
}

// Fluent setters change the builder and return it.
class Call {
public:
  static Call get(std::string Base) { return Call("GET", std::move(Base)); }
  static Call post(std::string Base) { return Call("POST", std::move(Base)); }

  Call &path(const std::string &More) {
    Path += More;
    return *this;
  }
  Call &header(const std::string &Name, const std::string &Value) {
    Lines.push_back(Name + ": " + Value);
    return *this;
  }
  Call &bearer(const std::string &Token) {
    return header("Authorization", "Bearer " + Token);
  }
  Call &company(std::int64_t Id) {
    return header("Procore-Company-Id", std::to_string(Id));
  }
  Call &form(const std::string &Key, const std::string &Value) {
    if (Body.empty())
      header("Content-Type", "application/x-www-form-urlencoded");
    Body += Key + "=" + Value;
    return *this;
  }

  std::string url() const { return Base + Path; }

  long send() const {
    curl_slist *List = nullptr;
    for (const std::string &Line : Lines)
      List = curl_slist_append(List, Line.c_str());
    long Status = perform(Method, url(), List);
    curl_slist_free_all(List);
    return Status;
  }

private:
  Call(std::string Method, std::string Base)
      : Method(std::move(Method)), Base(std::move(Base)) {}
  std::string Method, Base, Path, Body;
  std::vector<std::string> Lines;
};

void fluentChains(const std::string &Token) {
  Call::get(kApi).path("/rest/v1.0/projects/1/rfis").bearer(Token).send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/1/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-53]]:19: note: sent here
  Call::get(kApi)
      .path("/rest/v1.0/projects/1/rfis")
      .bearer(Token)
      .company(7)
      .send();
  Call::get(kApi).path("/rest/v1.0/me").bearer(Token).send();
  Call::post(kLogin).path("/oauth/token").form("grant_type", "x").send();
}

void builderVariables(const std::string &Token) {
  Call Scoped = Call::get(kApi).bearer(Token);
  Scoped.company(7);
  Call Users = Scoped;
  Users.path("/rest/v1.0/companies/7/users").send();

  // A copy made before the company header was added does not have it.
  Call Base = Call::get(kApi).bearer(Token);
  Call Early = Base;
  Base.company(7);
  Early.path("/rest/v1.0/vendors").send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-75]]:19: note: sent here
  Base.path("/rest/v1.0/vendors").send();
}

// Setters that leave the builder alone and return a changed copy.
class Spec {
public:
  explicit Spec(std::string Path) : Path(std::move(Path)) {}

  Spec withHeader(const std::string &Name, const std::string &Value) const {
    Spec Copy = *this;
    Copy.Lines.push_back(Name + ": " + Value);
    return Copy;
  }
  Spec withCompany(std::int64_t Id) const {
    return withHeader("Procore-Company-Id", std::to_string(Id));
  }
  Spec withPath(const std::string &More) const {
    Spec Copy = *this;
    Copy.Path += More;
    return Copy;
  }

  long send() const {
    curl_slist *List = nullptr;
    for (const std::string &Line : Lines)
      List = curl_slist_append(List, Line.c_str());
    return perform("GET", std::string(kApi) + Path, List);
  }

private:
  std::string Path;
  std::vector<std::string> Lines;
};

void copyReturningSetters(const std::string &Token) {
  Spec Base = Spec("/rest/v1.0").withHeader("Authorization", "Bearer " + Token);
  Base.withCompany(7).withPath("/vendors/5").send();
  Base.withPath("/vendors/5").send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors/5' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-115]]:19: note: sent here
  // The copy withCompany returns is dropped.
  Base.withCompany(7);
  Base.withPath("/projects/3/rfis").send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/3/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-120]]:19: note: sent here
}

// A whole assignment replaces the builder: what it held before is gone.
void reassignedBuilders() {
  Spec Listing = Spec("/rest/v1.0");
  Listing = Listing.withCompany(7);
  Listing.withPath("/vendors").send();
  Spec Dropped = Spec("/rest/v1.0").withCompany(7);
  Dropped = Spec("/rest/v1.0/vendors");
  Dropped.send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-132]]:19: note: sent here
}

// A builder that keeps its headers in a map and builds a job, whose lines
// a loop with an explicit iterator copies from that builder's map.
struct Job {
  std::string Url;
  curl_slist *Lines = nullptr;
};

class JobBuilder {
public:
  explicit JobBuilder(std::string Path) : Path(std::move(Path)) {}
  JobBuilder &header(const std::string &Name, const std::string &Value) {
    Headers[Name] = Value;
    return *this;
  }
  std::unique_ptr<Job> build() const {
    auto Built = std::make_unique<Job>();
    Built->Url = std::string(kApi) + Path;
    for (auto It = Headers.begin(); It != Headers.end(); ++It)
      Built->Lines =
          curl_slist_append(Built->Lines, (It->first + ": " + It->second).c_str());
    return Built;
  }

private:
  std::string Path;
  std::map<std::string, std::string> Headers;
};

long submit(std::unique_ptr<Job> Built) {
  return perform("GET", Built->Url, Built->Lines);
}

void mapBuilders(const std::string &Token) {
  submit(JobBuilder("/rest/v1.0/vendors")
             .header("Authorization", "Bearer " + Token)
             .header("Procore-Company-Id", "7")
             .build());
  submit(JobBuilder("/rest/v1.0/projects")
             .header("Authorization", "Bearer " + Token)
             .build());
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :28:19: note: sent here
}

} // namespace
