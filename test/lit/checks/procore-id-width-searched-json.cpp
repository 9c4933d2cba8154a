// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// JSON read by hand in C++: std::stoi of the substring after the position
// where the code found an ID's key.

#include <string>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}

const std::string kVendors = "https://api.procore.com/rest/v1.0/vendors";

void readCreated(const std::string &Body) {
  const auto At = Body.find("\"vendor_id\": ");
  if (At == std::string::npos)
    return;
  const int Created = std::stoi(Body.substr(At + 13));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: variable 'Created' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: 'Created' is read from JSON field 'vendor_id' here
  // CHECK-MESSAGES: :[[@LINE-3]]:28: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  const std::int64_t Created = std::stoll(Body.substr(At + 13));{{$}}
  const auto Count = Body.find("\"count\":");
  const int Listed = std::stoi(Body.substr(Count + 8));
  (void)Created;
  (void)Listed;
}
