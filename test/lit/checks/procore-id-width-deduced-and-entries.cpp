// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// A variable whose type is deduced ('auto', a range-for's element) has the
// width of what it is deduced from, and a map's entry is its key ('first',
// the first name of a structured binding) and its value ('second'): an ID
// found there is an ID where the container or the source is declared.

#include <cstdio>
#include <cstdlib>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
#include <map>
#include <string>
#include <vector>

void get(const std::string &Url);

static const char *kApi = "https://api.procore.com/rest/v1.0";

// The elements of a vector, walked by an 'auto' loop variable.
struct Exporter {
  std::vector<unsigned> Projects;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: field 'Projects' holds Procore IDs as 'unsigned int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+8]]:27: note: 'Projects' is stored in Procore ID 'ProjectId' here
// CHECK-FIXES: {{^}}  std::vector<std::uint64_t> Projects;{{$}}

  void addProject(const char *Text) { Projects.push_back(std::atoi(Text)); }
// CHECK-MESSAGES: :[[@LINE-1]]:63: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  void addProject(const char *Text) { Projects.push_back(std::atoll(Text)); }{{$}}

  void run() {
    for (auto ProjectId : Projects)
      get(std::string(kApi) + "/projects/" + std::to_string(ProjectId) + "/timecard_entries");
  }
};

// The values of a map, read through a structured binding.
void syncVendors(const std::vector<std::pair<std::string, std::string>> &Rows) {
  std::map<std::string, int> ErpToVendor;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'ErpToVendor' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+7]]:58: note: 'ErpToVendor' is sent to the Procore API here
// CHECK-FIXES: {{^}}  std::map<std::string, std::int64_t> ErpToVendor;{{$}}
  for (const auto &Row : Rows)
    ErpToVendor[Row.first] = std::stoi(Row.second);
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
// CHECK-FIXES: {{^}}    ErpToVendor[Row.first] = std::stoll(Row.second);{{$}}
  for (const auto &[Code, Vendor] : ErpToVendor)
    get(std::string(kApi) + "/vendors/" + std::to_string(Vendor) +
        "?origin_code=" + Code);
}

// The keys of a map, read through 'first' of the range-for's entry.
void pollRfis() {
  std::map<int, std::string> Titles;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'Titles' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:59: note: 'Titles' is sent to the Procore API here
// CHECK-FIXES: {{^}}  std::map<std::int64_t, std::string> Titles;{{$}}
  for (const auto &Entry : Titles)
    get(std::string(kApi) + "/projects/" + std::to_string(Entry.first) + "/rfis");
}

// The value of an iterator that find() returned.
void openDrawing(const std::string &Area) {
  std::map<std::string, long> AreaToDrawing = {{"A1", 7}};
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: variable 'AreaToDrawing' holds Procore IDs as 'long' elements (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:59: note: 'AreaToDrawing' is sent to the Procore API here
// CHECK-FIXES: {{^}}  std::map<std::string, std::int64_t> AreaToDrawing = {{[{][{]}}"A1", 7}};{{$}}
  auto It = AreaToDrawing.find(Area);
  if (It != AreaToDrawing.end())
    get(std::string(kApi) + "/drawings/" + std::to_string(It->second));
}

// An 'auto' variable copied from a parameter.
void showUser(int Picked) {
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: parameter 'Picked' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:17: note: 'Picked' is stored in Procore ID 'UserId' here
// CHECK-FIXES: {{^}}void showUser(std::int64_t Picked) {{[{]}}{{$}}
  auto UserId = Picked;
  get(std::string(kApi) + "/users/" + std::to_string(UserId));
}

// Negatives: counts walked by 'auto', a map's values sent as a page size,
// a map whose keys are looked up by name, and 64-bit IDs in the same
// shapes.
void negatives(const std::vector<int> &Counts,
               const std::map<std::string, int> &PageSizes,
               const std::map<std::string, long long> &CodeToProject,
               const std::vector<long long> &Companies) {
  int Total = 0;
  for (auto Count : Counts)
    Total += Count;
  for (const auto &[Name, Size] : PageSizes)
    get(std::string(kApi) + "/projects?per_page=" + std::to_string(Size));
  for (const auto &Entry : PageSizes)
    get(std::string(kApi) + "/companies?name=" + Entry.first);
  for (const auto &[Code, Project] : CodeToProject)
    get(std::string(kApi) + "/projects/" + std::to_string(Project));
  for (auto Company : Companies)
    get(std::string(kApi) + "/companies/" + std::to_string(Company) + "/users");
  std::printf("%d\n", Total);
}
