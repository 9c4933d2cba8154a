// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Procore IDs read from JSON with nlohmann::json and sent with libcurl.

#include <curl/curl.h>
#include <nlohmann/json.hpp>
// The fixes add the headers of std::int64_t and PRId64.
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cinttypes>{{$}}
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using nlohmann::json;

static const char *kApi = "https://api.procore.com/rest/v1.0";

// A response record: its members are filled from JSON.
struct Rfi {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+12]]:10: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::int64_t id;{{$}}
  std::string subject;
  unsigned assignee_id;
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'assignee_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+11]]:3: note: 'assignee_id' is read from JSON field 'assignee_id' here
// CHECK-FIXES: {{^}}  std::uint64_t assignee_id;{{$}}
  long long created_by_id; // already 64 bits
  int number;              // not an ID
};

void from_json(const json &J, Rfi &R) {
  R.id = J.at("id").get<int>();
// CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'get' reads Procore ID field 'id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  R.id = J.at("id").get<std::int64_t>();{{$}}
  J.at("subject").get_to(R.subject);
  J.at("assignee_id").get_to(R.assignee_id);
  R.created_by_id = J.at("created_by_id");
  R.number = J.at("number");
}

// Implicit conversion from json, and value() with an int default.
void readProject(const json &Body) {
  int id = Body["id"];
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::int64_t id = Body["id"];{{$}}
  long long parent_id = Body.value("parent_id", 0);
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'value' reads Procore ID field 'parent_id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  int total = Body["total"]; // not an ID
  (void)id; (void)parent_id; (void)total;
}

// A parameter that names a resource, in a file that calls Procore; the
// declaration and the definition are both fixed.
std::string projectUrl(int project_id);
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:60: note: 'project_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}std::string projectUrl(std::int64_t project_id);{{$}}
std::string projectUrl(int project_id) {
// CHECK-FIXES: {{^}}std::string projectUrl(std::int64_t project_id) {{{$}}
  return std::string(kApi) + "/projects/" + std::to_string(project_id);
}

// The ID goes into the URL: a bare "id" is sent to Procore.
void fetchDrawing(CURL *Curl, unsigned id) {
// CHECK-MESSAGES: :[[@LINE-1]]:40: warning: parameter 'id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:71: note: 'id' is sent to the Procore API here
// CHECK-FIXES: {{^}}void fetchDrawing(CURL *Curl, std::uint64_t id) {{{$}}
  std::string Url = std::string(kApi) + "/drawings/" + std::to_string(id);
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
}

// A helper returning an ID, and the conversions that parse one.
int parseCompanyId(const char *Text) { return atoi(Text); }
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'parseCompanyId' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-62]]:27: note: 'parseCompanyId' names a Procore company ID, and this file calls the Procore API
// CHECK-MESSAGES: :[[@LINE-3]]:47: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}std::int64_t parseCompanyId(const char *Text) { return atoll(Text); }{{$}}
long parseVendorId(const std::string &Text) { return std::stol(Text); }
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: function 'parseVendorId' returns a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-67]]:27: note: 'parseVendorId' names a Procore vendor ID, and this file calls the Procore API
// CHECK-MESSAGES: :[[@LINE-3]]:59: warning: 'stol' converts a Procore ID to 'long' (32 bits on Windows); use 'stoll' [procore-id-width]
// CHECK-FIXES: {{^}}std::int64_t parseVendorId(const std::string &Text) { return std::stoll(Text); }{{$}}

// A chain: once 'project_id' is 64 bits, 'Copy' and the parameter of
// 'remember' would narrow it, so they are reported too.
void remember(int Value);
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: parameter 'Value' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+10]]:12: note: 'Value' receives Procore ID 'Copy' here
// CHECK-FIXES: {{^}}void remember(std::int64_t Value);{{$}}
void chain(int project_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-79]]:27: note: 'project_id' names a Procore project ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}void chain(std::int64_t project_id) {{{$}}
  int Copy = project_id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'Copy' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:14: note: 'Copy' receives Procore ID 'project_id' here
// CHECK-FIXES: {{^}}  std::int64_t Copy = project_id;{{$}}
  remember(Copy);
}

// Containers of IDs, by element and by key.
std::vector<int> collectIds(const json &Items) {
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'collectIds' returns Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+10]]:10: note: 'collectIds' receives Procore ID 'ids' here
// CHECK-FIXES: {{^}}std::vector<std::int64_t> collectIds(const json &Items) {{{$}}
  std::vector<int> ids;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: variable 'ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:19: note: 'ids' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::vector<std::int64_t> ids;{{$}}
  for (const auto &Item : Items)
    ids.push_back(Item["id"].get<int>());
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'get' reads Procore ID field 'id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}    ids.push_back(Item["id"].get<std::int64_t>());{{$}}
  return ids;
}
std::map<int, std::string> rfis_by_id;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: variable 'rfis_by_id' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-105]]:27: note: 'rfis_by_id' names a Procore rfi ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}std::map<std::int64_t, std::string> rfis_by_id;{{$}}

// Casts and formats.
void print(long long user_id) {
  int Short = static_cast<int>(user_id);
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'Short' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:15: note: 'Short' receives Procore ID 'user_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:15: warning: Procore ID is cast to 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t Short = static_cast<std::int64_t>(user_id);{{$}}
  std::printf("user %d\n", Short);
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}  std::printf("user %" PRId64 "\n", Short);{{$}}
  char Header[64];
  std::snprintf(Header, sizeof Header, "Procore-Company-Id: %u", (unsigned)user_id);
// CHECK-MESSAGES: :[[@LINE-1]]:62: warning: '%u' formats a Procore ID in fewer than 64 bits; use PRIu64 [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:66: warning: Procore ID is cast to 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  std::snprintf(Header, sizeof Header, "Procore-Company-Id: %" PRIu64, (std::uint64_t)user_id);{{$}}
  int company_id = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:50: note: 'company_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}  std::int64_t company_id = 0;{{$}}
  std::sscanf(Header, "Procore-Company-Id: %d", &company_id);
// CHECK-MESSAGES: :[[@LINE-1]]:45: warning: '%d' reads a Procore ID in fewer than 64 bits; use SCNd64 [procore-id-width]
// CHECK-FIXES: {{^}}  std::sscanf(Header, "Procore-Company-Id: %" SCNd64, &company_id);{{$}}
}

// An alias named like an ID is fixed once, where it is defined.
using ProjectId = int;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: type alias 'ProjectId' makes Procore IDs 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-135]]:27: note: 'ProjectId' names a Procore project ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}using ProjectId = std::int64_t;{{$}}
ProjectId currentProject() { return 0; }
ProjectId lastProject;

// A literal too large for 32 bits.
int observation_id = 598134325779301;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: variable 'observation_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:22: note: this ID does not fit in 32 bits
// CHECK-FIXES: {{^}}std::int64_t observation_id = 598134325779301;{{$}}

// Findings without a fix: two declarators share the type, and a macro
// spells it.
int a_count, location_id;
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: variable 'location_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-150]]:27: note: 'location_id' names a Procore location ID, and this file calls the Procore API
#define ID_TYPE int
ID_TYPE photo_id;
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: variable 'photo_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-154]]:27: note: 'photo_id' names a Procore photo ID, and this file calls the Procore API


// value() with a 64-bit default yields the alias the code wrote; a `long`
// default is still narrow on Windows.
void readOwners(const json &Body) {
  long long owner_id = Body.value("owner_id", std::int64_t{0});
  long long creator_id = Body.value("creator_id", json::number_integer_t{0});
  long long editor_id = Body.value("editor_id", 0L);
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'value' reads Procore ID field 'editor_id' as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  long long editor_id = Body.value("editor_id", 0L);{{$}}
  (void)owner_id; (void)creator_id; (void)editor_id;
}

// An alias that names the type of an ID (`id_type` of an endpoint's
// traits) is fixed once, where it is defined, not at each member it types.
struct RfiEndpoint {
  using id_type = int;
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: type alias 'id_type' makes Procore IDs 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+6]]:24: note: 'rfi_id' holds a Procore ID of this type
// CHECK-MESSAGES: :[[@LINE-174]]:27: note: 'rfi_id' names a Procore rfi ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}  using id_type = std::int64_t;{{$}}
  using size_type = int;
};
struct RfiRow {
  RfiEndpoint::id_type rfi_id = 0;
  RfiEndpoint::size_type count = 0;
};

// A conditional hands on either branch: the ID in the second makes the
// variable one.
std::string chosen_project(const nlohmann::json &J, const char *Text) {
  const std::int64_t project_id = J.at("project_id").get<std::int64_t>();
  int chosen = Text ? std::atoi(Text) : project_id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'chosen' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:41: note: 'chosen' receives Procore ID 'project_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:28: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t chosen = Text ? std::atoll(Text) : project_id;{{$}}
  return std::to_string(chosen);
}

// Read into braces whose constructor takes 32 bits (an instance of a
// generic wrapper): the widened read would narrow inside the braces, a
// compile error, so the finding comes without a fix.
template <class Rep> struct Tagged {
  explicit Tagged(Rep Value) : Value(Value) {}
  Rep Value;
};

int tagged_rfi(const nlohmann::json &Rfi) {
  const Tagged<int> Read{Rfi.at("id").get<int>()};
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'get' reads Procore ID field 'id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  return Read.Value;
}
