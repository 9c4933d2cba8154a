// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// Commands whose class overrides the host and the path of a request a base
// class sends: each class joins its own host to its own path, so the API
// host of most commands is not "used for OAuth" because one command logs
// in elsewhere, and the one command that sends OAuth to the API host is
// found at the host it overrides.

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

class Command {
public:
  virtual ~Command() = default;
  virtual std::string host() const { return "https://api.procore.com"; }
  virtual std::string path() const = 0;

  int run() {
    httplib::Client Client(host());
    auto Result = Client.Post(path(), "", "application/json");
    return Result ? Result->status : 0;
  }
};

class ListRfis : public Command {
  std::string path() const override { return "/rest/v1.0/projects/1/rfis"; }
};

class Refresh : public Command {
  std::string host() const override { return "https://login.procore.com"; }
  std::string path() const override { return "/oauth/token"; }
};

class Revoke : public Refresh {
  std::string host() const override { return "https://api.procore.com"; }
// CHECK-MESSAGES: :[[@LINE-1]]:55: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE-17]]:19: note: used for an OAuth endpoint here
// CHECK-FIXES: {{^}}  std::string host() const override { return "https://login.procore.com"; }{{$}}
  std::string path() const override { return "/oauth/revoke"; }
};

class Checklists : public Command {
  std::string host() const override { return "https://app.procore.com"; }
// CHECK-MESSAGES: :[[@LINE-1]]:55: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :[[@LINE-25]]:19: note: used for a REST API endpoint here
// CHECK-FIXES: {{^}}  std::string host() const override { return "https://api.procore.com"; }{{$}}
  std::string path() const override { return "/rest/v1.0/checklist/lists"; }
};

int runAll() {
  std::vector<std::unique_ptr<Command>> Commands;
  Commands.push_back(std::make_unique<ListRfis>());
  Commands.push_back(std::make_unique<Refresh>());
  Commands.push_back(std::make_unique<Revoke>());
  Commands.push_back(std::make_unique<Checklists>());
  int Failed = 0;
  for (auto &Each : Commands)
    Failed += Each->run() != 200;
  return Failed;
}
