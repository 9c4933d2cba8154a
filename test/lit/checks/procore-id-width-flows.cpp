// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// IDs reach declarations the names do not give away: through a comparison,
// a lambda, a helper's result and the standard algorithms.

#include <nlohmann/json.hpp>
// CHECK-FIXES: {{^}}#include <cinttypes>{{$}}
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
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

// A table of operations: the argument of a call through its function
// pointer goes to the functions the table holds.
void get(const std::string &Url);
struct ResourceOps {
  const char *Name;
  int (*Show)(std::int64_t Item);
};
static int showSubmittal(std::int64_t Item) {
  get(std::string(kApi) + "/submittals/" + std::to_string(Item));
  return 0;
}
static const ResourceOps Resources[] = {{"submittals", showSubmittal}};

int runShow(const char *Text) {
  int Item = std::strtol(Text, nullptr, 10);
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'Item' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:28: note: 'Item' is stored in Procore ID 'Item' here
// CHECK-MESSAGES: :[[@LINE-3]]:19: warning: 'strtol' converts a Procore ID to 'long' (32 bits on Windows); use 'strtoll' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t Item = std::strtoll(Text, nullptr, 10);{{$}}
  return Resources[0].Show(Item);
}

// A std::function holding a lambda: its call runs the lambda. The other
// one's lambda takes a count.
void forEachProject(const char *Text) {
  std::function<void(std::int64_t)> Visit = [](std::int64_t Project) {
    get(std::string(kApi) + "/projects/" + std::to_string(Project));
  };
  unsigned Picked = std::strtoul(Text, nullptr, 10);
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: variable 'Picked' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:9: note: 'Picked' is stored in Procore ID 'Project' here
// CHECK-MESSAGES: :[[@LINE-3]]:26: warning: 'strtoul' converts a Procore ID to 'unsigned long' (32 bits on Windows); use 'strtoull' [procore-id-width]
// CHECK-FIXES: {{^}}  std::uint64_t Picked = std::strtoull(Text, nullptr, 10);{{$}}
  Visit(Picked);
  std::function<void(int)> Log = [](int Count) { std::printf("%d\n", Count); };
  int Rows = std::atoi(Text);
  Log(Rows);
}
