// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// A container holds IDs in its elements or, for a map, in its keys: which
// one is what the code stores in it or looks up in it, not its name.

#include <nlohmann/json.hpp>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using nlohmann::json;

static const char *kApi = "https://api.procore.com/rest/v1.0/projects";

// The key of a subscript.
void titleIndex(const json &Rfis) {
  std::map<int, std::string> titles;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'titles' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:12: note: 'titles' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::map<std::int64_t, std::string> titles;{{$}}
  for (const json &Rfi : Rfis)
    titles[Rfi["id"].get<long long>()] = Rfi["subject"].get<std::string>();
}

// Widening the key of one map would break an iterator declared with the
// map's type (or a parameter it is passed to): reported, no fix-it. An auto
// iterator follows the map, so the fix is safe there (titleIndex above).
double contractTotals(const json &Rows) {
  std::map<int, double> totals_by_contract;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: variable 'totals_by_contract' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:24: note: 'totals_by_contract' receives Procore ID 'contract_id' here
  for (const json &Row : Rows) {
    long long contract_id = Row["contract_id"].get<long long>();
    totals_by_contract[contract_id] += Row["amount"].get<double>();
  }
  double Sum = 0;
  std::map<int, double>::iterator It;
  for (It = totals_by_contract.begin(); It != totals_by_contract.end(); ++It)
    Sum += It->second;
  return Sum;
}

// The element a subscript is assigned.
void projectsByNumber(const json &Projects) {
  std::map<std::string, int> byNumber;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'byNumber' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:62: note: 'byNumber' receives Procore ID 'project_id' here
// CHECK-FIXES: {{^}}  std::map<std::string, std::int64_t> byNumber;{{$}}
  for (const json &Project : Projects) {
    long long project_id = Project["id"].get<long long>();
    byNumber[Project["project_number"].get<std::string>()] = project_id;
  }
}

// emplace(key, value) and insert({key, value}): the first is the key.
struct Vendor {
  long long id;
  std::string name;
};
void vendorIndexes(const std::vector<Vendor> &Vendors) {
  std::unordered_map<unsigned, std::string> names;
// CHECK-MESSAGES: :[[@LINE-1]]:45: warning: variable 'names' holds Procore IDs as 'unsigned int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+8]]:19: note: 'names' receives Procore ID 'vendor_id' here
// CHECK-FIXES: {{^}}  std::unordered_map<std::uint64_t, std::string> names;{{$}}
  std::map<int, std::string> labels;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'labels' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+5]]:20: note: 'labels' receives Procore ID 'vendor_id' here
// CHECK-FIXES: {{^}}  std::map<std::int64_t, std::string> labels;{{$}}
  for (const Vendor &V : Vendors) {
    long long vendor_id = V.id;
    names.emplace(vendor_id, V.name);
    labels.insert({vendor_id, V.name});
  }
}

// A lookup: what is looked up in a map is what its keys hold.
struct Task {
  long long id;
};
long long rowOf(const std::map<int, long long> &RowByTask, const Task &T) {
// CHECK-MESSAGES: :[[@LINE-1]]:49: warning: parameter 'RowByTask' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:26: note: 'RowByTask' receives Procore ID 'task_id' here
// CHECK-FIXES: {{^}}long long rowOf(const std::map<std::int64_t, long long> &RowByTask, const Task &T) {{{$}}
  long long task_id = T.id;
  return RowByTask.count(task_id) ? RowByTask.at(task_id) : 0;
}

// std::find over a range compares with its elements.
bool wanted(const std::vector<unsigned> &AreaFilter, long long drawing_area_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: parameter 'AreaFilter' holds Procore IDs as 'unsigned int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:58: note: 'AreaFilter' receives Procore ID 'drawing_area_id' here
// CHECK-FIXES: {{^}}bool wanted(const std::vector<std::uint64_t> &AreaFilter, long long drawing_area_id) {{{$}}
  return std::find(AreaFilter.begin(), AreaFilter.end(), drawing_area_id) !=
         AreaFilter.end();
}

// Counts per ID and IDs per page: the ID side is already 64 bits, and the
// 32-bit side holds no ID.
void tallies(const json &Items) {
  std::map<long long, int> countsByProject;
  std::map<int, long long> firstIdOfPage;
  int page = 0;
  for (const json &Item : Items) {
    long long project_id = Item["project_id"].get<long long>();
    countsByProject[project_id] += 1;
    firstIdOfPage[page++] = project_id;
    if (countsByProject.count(project_id) > 1)
      continue;
  }
}

// A container alias: reported and fixed once, where it is defined.
using SubmittalIndex = std::map<int, std::string>;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: type alias 'SubmittalIndex' makes Procore IDs 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:18: note: 'Index' holds a Procore ID of this type
// CHECK-MESSAGES: :[[@LINE+5]]:11: note: 'Index' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}using SubmittalIndex = std::map<std::int64_t, std::string>;{{$}}
SubmittalIndex indexSubmittals(const json &Submittals) {
  SubmittalIndex Index;
  for (const json &Submittal : Submittals)
    Index[Submittal["id"].get<long long>()] = Submittal["title"];
  return Index;
}
void printIndex(const SubmittalIndex &Index) { (void)Index; }

// A C array of IDs, and the text of an ID in a char array.
void remember(long long project_id, int Slot) {
  static int recent_projects[8];
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: variable 'recent_projects' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:27: note: 'recent_projects' receives Procore ID 'project_id' here
// CHECK-FIXES: {{^}}  static std::int64_t recent_projects[8];{{$}}
  recent_projects[Slot] = project_id;
  char company_id[24] = "8";
  (void)company_id;
}
