// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// IDs kept as text in string-keyed maps (webhook events, settings): a
// 32-bit conversion of the text a map holds under an ID-named key narrows
// an ID, and what it is stored in holds one. Other keys stay quiet.

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>

using Event = std::map<std::string, std::string>;

std::unordered_map<uint32_t, long> LastSeen;
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: variable 'LastSeen' holds Procore IDs as 'uint32_t' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :37:12: note: 'LastSeen' receives Procore ID 'Key' here
// CHECK-FIXES: {{^}}std::unordered_map<std::uint64_t, long> LastSeen;{{$}}

const char *Api = "https://api.procore.com/rest/v1.0/projects";

void onEvent(const Event &Ev, long Now) {
  const uint32_t Key =
      static_cast<uint32_t>(std::stoul(Ev.at("resource_id")));
  // CHECK-MESSAGES: :[[@LINE-2]]:18: warning: variable 'Key' holds a Procore ID as 'uint32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: 'Key' is read from map key 'resource_id' here
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: Procore ID is cast to 'uint32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-4]]:34: warning: 'stoul' converts a Procore ID to 'unsigned long' (32 bits on Windows); use 'stoull' [procore-id-width]
  // CHECK-FIXES: {{^}}  const std::uint64_t Key ={{$}}
  // CHECK-FIXES-NEXT: {{^}}      static_cast<std::uint64_t>(std::stoull(Ev.at("resource_id")));{{$}}
  int Project = std::atoi(Ev.at("project_id").c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'Project' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: 'Project' is read from map key 'project_id' here
  // CHECK-MESSAGES: :[[@LINE-3]]:22: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  std::int64_t Project = std::atoll(Ev.at("project_id").c_str());{{$}}
  int Attempts = std::atoi(Ev.at("attempts").c_str());
  LastSeen[Key] = Now + Project + Attempts;
}
