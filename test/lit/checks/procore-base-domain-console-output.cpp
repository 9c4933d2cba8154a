// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17

// A line written to the console for a person joins a base to a path but
// sends nothing: the log of a failed job, read for every job at once, does
// not make the API base an OAuth base. The requests themselves still count.

#include <httplib.h>

#include <deque>
#include <iostream>
#include <string>

static const std::string ApiBase = "https://api.procore.com";
static const std::string LoginBase = "https://login.procore.com";
static const std::string LegacyBase = "https://app.procore.com";
// CHECK-MESSAGES: :[[@LINE-1]]:48: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :34:18: note: used for a REST API endpoint here
// CHECK-FIXES: {{^}}static const std::string LegacyBase = "https://api.procore.com";{{$}}

struct Job {
  std::string Base;
  std::string Path;
};

static std::deque<Job> Jobs;

static void submit(Job J) { Jobs.push_back(std::move(J)); }

static void run() {
  while (!Jobs.empty()) {
    Job J = Jobs.front();
    Jobs.pop_front();
    httplib::Client Client(J.Base);
    auto Reply = Client.Get(J.Path);
    if (!Reply || Reply->status >= 300)
      std::cerr << "failed: " << J.Base << J.Path << "\n";
  }
}

int main() {
  submit({LoginBase, "/oauth/token/info"});
  submit({ApiBase, "/rest/v1.0/me"});
  submit({LegacyBase, "/rest/v1.0/projects"});
  run();
  std::cout << "see " << LegacyBase << "/8/project/home\n";
}
