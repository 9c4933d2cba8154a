// RUN: %check_mpr_lint %s procore-id-width %t -- --config="{CheckOptions: {ExtraApiHosts: 'procore-gw.corp.example'}}" -- -std=c++17

// The only sign that this file calls the Procore API is a host the
// configuration names: ExtraApiHosts, given once for all checks as a global
// option, makes it a Procore host for procore-id-width too, so a narrow
// integer named after a Procore resource is an ID here.

#include <string>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <string>{{$}}

static const std::string kGateway = "https://procore-gw.corp.example";

std::string projectPath(int project_id) {
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-FIXES: std::string projectPath(std::int64_t project_id) {
  return kGateway + "/projects/" + std::to_string(project_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:51: note: 'project_id' is sent to the Procore API here
}
