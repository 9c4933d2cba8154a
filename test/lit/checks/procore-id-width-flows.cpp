// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// IDs reach declarations the names do not give away: through a comparison,
// a lambda, a helper's result and the standard algorithms.

#include <nlohmann/json.hpp>
// CHECK-FIXES: {{^}}#include <cinttypes>{{$}}
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

static const char *kApi = "https://api.procore.com/rest/v1.0";

// Compared with an ID, a filter holds one.
int count_rows(const nlohmann::json &Rows, const char *Arg) {
  const int only_project = Arg ? std::atoi(Arg) : 0;
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: variable 'only_project' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'only_project' is compared with Procore ID 'project_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:39: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  const std::int64_t only_project = Arg ? std::atoll(Arg) : 0;{{$}}
  int Count = 0;
  for (const auto &Row : Rows) {
    const std::int64_t project_id = Row.at("project_id").get<std::int64_t>();
    if (only_project != 0 && project_id != only_project)
      continue;
    if (Count == Row.at("limit").get<int>())
      break;
    ++Count;
  }
  return Count;
}

// What a lambda returns into IDs through std::transform.
std::vector<std::int64_t> parse_ids(const std::vector<std::string> &Lines) {
  std::vector<std::int64_t> project_ids;
  std::transform(Lines.begin(), Lines.end(), std::back_inserter(project_ids),
                 [](const std::string &S) { return std::stoi(S); });
// CHECK-MESSAGES: :[[@LINE-1]]:57: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
// CHECK-FIXES: {{^}}                 [](const std::string &S) { return std::stoll(S); });{{$}}
  return project_ids;
}

// A named lambda, called.
std::int64_t first_vendor(const std::vector<std::string> &Lines) {
  auto parse = [](const std::string &S) { return std::atoi(S.c_str()); };
// CHECK-MESSAGES: :[[@LINE-1]]:55: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  auto parse = [](const std::string &S) { return std::atoll(S.c_str()); };{{$}}
  const std::int64_t vendor_id = parse(Lines.front());
  return vendor_id;
}

// A helper whose result is stored in an ID returns one, whatever its name;
// what it gives another caller (a count) is no ID for that.
int read_number(const std::string &S) { return std::stoi(S); }
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'read_number' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:32: note: 'read_number' is stored in Procore ID 'user_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:53: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
// CHECK-FIXES: {{^}}std::int64_t read_number(const std::string &S) { return std::stoll(S); }{{$}}
std::int64_t current_user(const std::string &S) {
  const std::int64_t user_id = read_number(S);
  int Attempts = read_number(S + "0");
  return user_id + Attempts + (kApi[0] == 'h');
}

// IDs handed to a callable by std::for_each.
void print_ids(const std::vector<std::int64_t> &project_ids) {
  std::for_each(project_ids.begin(), project_ids.end(),
                [](int Id) { std::printf("%d\n", Id); });
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: parameter 'Id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'Id' receives Procore ID 'project_ids' here
// CHECK-MESSAGES: :[[@LINE-3]]:44: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}                [](std::int64_t Id) { std::printf("%" PRId64 "\n", Id); });{{$}}
}
