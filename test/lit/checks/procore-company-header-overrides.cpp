// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A base class sends, and the virtual methods its object's class overrides
// shape the request: the path, whether the header is wanted, a hook that
// adds headers. When the calls leave the object's class open (a registry
// of base pointers), the request is judged once per class it may be, and a
// finding names the class.

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

class Resource {
public:
  virtual ~Resource() = default;
  virtual std::string path() const = 0;
  virtual bool scoped() const { return true; }
  virtual void decorate(httplib::Headers &Headers) const {
    Headers.emplace("Procore-Company-Id", "42");
  }

  int sync() {
    httplib::Client Client("https://api.procore.com");
    httplib::Headers Headers{{"Authorization", "Bearer t"}};
    if (scoped())
      decorate(Headers);
    auto Result = Client.Get(path(), Headers);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+26]]:7: note: for an object of class 'Rfis'
    // CHECK-MESSAGES: :[[@LINE+56]]:5: note: request built here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE+11]]:7: note: for an object of class 'Vendors'
    // CHECK-MESSAGES: :[[@LINE+53]]:5: note: request built here
    return Result ? Result->status : 0;
  }
};

class Projects : public Resource {
  std::string path() const override { return "/rest/v1.0/projects"; }
};

// The query names the company; the header is still required.
class Vendors : public Resource {
  std::string path() const override { return "/rest/v1.0/vendors"; }
  bool scoped() const override { return false; }
};

// GET /rest/v1.0/me is exempt.
class Me : public Resource {
  std::string path() const override { return "/rest/v1.0/me"; }
  bool scoped() const override { return false; }
};

// A hook that replaces the base's and forgets the header.
class Rfis : public Resource {
  std::string path() const override { return "/rest/v1.0/projects/7/rfis"; }
  void decorate(httplib::Headers &Headers) const override {
    Headers.emplace("Idempotency-Key", "k");
  }
};

// A class the program never makes objects of is not judged.
class Quiet : public Resource {
  std::string path() const override { return "/rest/v1.0/users"; }
  bool scoped() const override { return false; }
};

std::unique_ptr<Resource> make(int Kind) {
  switch (Kind) {
  case 0:
    return std::make_unique<Projects>();
  case 1:
    return std::make_unique<Vendors>();
  case 2:
    return std::make_unique<Me>();
  default:
    return std::make_unique<Rfis>();
  }
}

void syncAll() {
  std::vector<std::unique_ptr<Resource>> Registry;
  for (int Kind = 0; Kind < 4; ++Kind)
    Registry.push_back(make(Kind));
  for (auto &Each : Registry)
    Each->sync();
}

// An object whose class the code shows runs that class's methods only.
void syncProjects() {
  Projects Known;
  Known.sync();
}
