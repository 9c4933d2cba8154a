// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// An ID whose address goes on as a pointer to a narrow integer (an `int *`
// out-parameter, an `int *` variable) is reported without a fix: widened,
// its address would no longer convert. A format's variadic argument and a
// `void *` take any pointer.

// The fixes add the headers of std::int64_t and SCNd64.
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cinttypes>{{$}}
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static bool parseNumber(const char *Text, int *Out) {
  *Out = static_cast<int>(std::strtol(Text, nullptr, 10));
  return true;
}

int *Remembered = nullptr;

std::string projectUrl(const char *Text) {
  int project_id = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :45:25: note: 'project_id' is sent to the Procore API here
  // CHECK-MESSAGES: :33:21: note: no fix: the address of 'project_id' goes on here as 'int *', which the widened type does not convert to
  // CHECK-FIXES: {{^}}  int project_id = 0;{{$}}
  int company_id = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :46:42: note: 'company_id' is sent to the Procore API here
  // CHECK-FIXES: {{^}}  std::int64_t company_id = 0;{{$}}
  parseNumber(Text, &project_id);
  std::sscanf(Text, "%d", &company_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: '%d' reads a Procore ID in fewer than 64 bits; use SCNd64 [procore-id-width]
  // CHECK-FIXES: {{^}}  std::sscanf(Text, "%" SCNd64, &company_id);{{$}}
  int user_id = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'user_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :45:66: note: 'user_id' is sent to the Procore API here
  // CHECK-MESSAGES: :43:16: note: no fix: the address of 'user_id' goes on here as 'int *', which the widened type does not convert to
  // CHECK-FIXES: {{^}}  int user_id = 0;{{$}}
  std::memcpy(&user_id, Text, sizeof user_id);
  Remembered = &user_id;
  return "https://api.procore.com/rest/v1.0/projects/" +
         std::to_string(project_id) + "/users/" + std::to_string(user_id) +
         "?company_id=" + std::to_string(company_id);
}
