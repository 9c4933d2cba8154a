// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// A declaration whose type is an alias named like an ID holds an ID,
// whatever its own name: `CompanyId company = std::atol(...)` narrows it
// on Windows. An alias of a count does not make an ID.

#include <cstdint>
#include <cstdlib>
#include <string>

using CompanyId = long long;
using PageCount = int;

static const char *kProjects = "https://api.procore.com/rest/v1.0/projects";

struct Auth {
  CompanyId company = 0;
  std::string token;
};

int main(int argc, char **argv) {
  Auth Login;
  Login.company = std::atol(argv[1]);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'atol' converts a Procore ID to 'long' (32 bits on Windows); use 'atoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  Login.company = std::atoll(argv[1]);{{$}}
  PageCount pages = std::atoi(argv[2]);
  return pages;
}
