// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17 -fdelayed-template-parsing

// Procore IDs read from JSON with RapidJSON; the responses come from
// cpp-httplib requests to the Procore API. Debian 12's RapidJSON 1.1.0 has a
// member clang 19 rejects when it parses templates eagerly
// (GenericStringRef::operator=), hence -fdelayed-template-parsing.

#include <httplib.h>
#include <rapidjson/document.h>
// The fixes add the headers of std::int64_t and PRId64.
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cinttypes>{{$}}
#include <cstdio>
#include <string>
#include <vector>

static const char *kHost = "https://api.procore.com";

// A response record: its members are filled from JSON.
struct Submittal {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+16]]:10: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::int64_t id;{{$}}
  unsigned project_id;
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'project_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+15]]:18: note: 'project_id' is read from JSON field 'project_id' here
// CHECK-FIXES: {{^}}  std::uint64_t project_id;{{$}}
  long long created_by_id; // already 64 bits
  int number;              // not an ID
  unsigned revision_count; // not an ID
};

bool parseSubmittal(const rapidjson::Value &V, Submittal &S) {
  if (!V.IsObject() || !V["id"].IsInt())
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'IsInt' accepts only Procore IDs that fit in 32 bits; use 'IsInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  if (!V.IsObject() || !V["id"].IsInt64()){{$}}
    return false;
  S.id = V["id"].GetInt();
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'GetInt' reads Procore ID field 'id' as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  S.id = V["id"].GetInt64();{{$}}
  S.project_id = V["project_id"].GetUint();
// CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'GetUint' reads Procore ID field 'project_id' as 'unsigned int' (32 bits); use 'GetUint64' [procore-id-width]
// CHECK-FIXES: {{^}}  S.project_id = V["project_id"].GetUint64();{{$}}
  S.created_by_id = V["created_by_id"].GetInt64();
  S.number = V["number"].GetInt();
  S.revision_count = V["revision_count"].GetUint();
  return true;
}

// The company ID goes into the Procore-Company-Id header.
Submittal fetchSubmittal(httplib::Client &Cli, int company_id, long long submittal_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:52: warning: parameter 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:69: note: 'company_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}Submittal fetchSubmittal(httplib::Client &Cli, std::int64_t company_id, long long submittal_id) {{{$}}
  httplib::Headers Headers = {{"Procore-Company-Id", std::to_string(company_id)}};
  std::string Path = "/rest/v1.1/projects/1/submittals/" + std::to_string(submittal_id);
  Submittal S{};
  if (auto Res = Cli.Get(Path, Headers)) {
    rapidjson::Document Doc;
    Doc.Parse(Res->body.c_str());
    parseSubmittal(Doc, S);
  }
  return S;
}

// Reads straight from the document.
void readProject(httplib::Client &Cli) {
  auto Res = Cli.Get("/rest/v1.0/projects/42");
  if (!Res)
    return;
  rapidjson::Document doc;
  doc.Parse(Res->body.c_str());
  int id = doc["id"].GetInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:22: warning: 'GetInt' reads Procore ID field 'id' as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t id = doc["id"].GetInt64();{{$}}
  unsigned owner_id = doc["owner_id"].GetUint();
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: variable 'owner_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:23: note: 'owner_id' is read from JSON field 'owner_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:39: warning: 'GetUint' reads Procore ID field 'owner_id' as 'unsigned int' (32 bits); use 'GetUint64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::uint64_t owner_id = doc["owner_id"].GetUint64();{{$}}
  long long vendor_id = doc["vendor_id"].GetInt();
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'GetInt' reads Procore ID field 'vendor_id' as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  long long vendor_id = doc["vendor_id"].GetInt64();{{$}}
  bool Small = doc["id"].IsUint();
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'IsUint' accepts only Procore IDs that fit in 32 bits; use 'IsUint64' [procore-id-width]
// CHECK-FIXES: {{^}}  bool Small = doc["id"].IsUint64();{{$}}
  long long parent_id = doc["parent_id"].GetInt64(); // already 64 bits
  int count = doc["count"].GetInt();                 // not an ID
  unsigned per_page = doc["per_page"].GetUint();     // not an ID
  bool HasCount = doc["count"].IsInt();              // not an ID
  std::printf("%d %u %lld %lld %d %u\n", id, owner_id, vendor_id, parent_id,
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: warning: '%u' formats a Procore ID in fewer than 64 bits; use PRIu64 [procore-id-width]
// CHECK-FIXES: {{^}}  std::printf("%" PRId64 " %" PRIu64 " %lld %lld %d %u\n", id, owner_id, vendor_id, parent_id,{{$}}
              count, per_page);
  // The bool an IsUint()/IsInt() check returns is not an ID.
  std::printf("%d %d\n", Small, HasCount);
}

// Arrays of IDs, and IDs found with FindMember.
std::vector<int> collectIds(const rapidjson::Document &Doc) {
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'collectIds' returns Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+10]]:10: note: 'collectIds' receives Procore ID 'ids' here
// CHECK-FIXES: {{^}}std::vector<std::int64_t> collectIds(const rapidjson::Document &Doc) {{{$}}
  std::vector<int> ids;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: variable 'ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:19: note: 'ids' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::vector<std::int64_t> ids;{{$}}
  for (const auto &Item : Doc["data"].GetArray())
    ids.push_back(Item["id"].GetInt());
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'GetInt' reads Procore ID field 'id' as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}    ids.push_back(Item["id"].GetInt64());{{$}}
  return ids;
}

int findCompanyId(const rapidjson::Value &V) {
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'findCompanyId' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-104]]:28: note: 'findCompanyId' names a Procore company ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}std::int64_t findCompanyId(const rapidjson::Value &V) {{{$}}
  auto It = V.FindMember("company_id");
  return It->value.GetInt();
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'GetInt' reads Procore ID as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  return It->value.GetInt64();{{$}}
}

// A narrow read behind '?:' is followed into the ID it initializes.
long long readProjectId(const rapidjson::Value &V) {
  long long project_id = V.HasMember("x") ? V["x"].GetInt() : 0;
// CHECK-MESSAGES: :[[@LINE-1]]:52: warning: 'GetInt' reads Procore ID as 'int' (32 bits); use 'GetInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  long long project_id = V.HasMember("x") ? V["x"].GetInt64() : 0;{{$}}
  return project_id;
}

// Not detected yet: a key found with FindMember is not taken as the JSON key
// of the read, so neither 'id' nor its GetInt() is reported here.
void readFound(const rapidjson::Value &V) {
  int id = V.FindMember("id")->value.GetInt();
  std::printf("%lld\n", (long long)id);
}

// A value passed on: the parameter of 'remember' would narrow it.
void remember(int Value);
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: parameter 'Value' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:12: note: 'Value' receives Procore ID 'rfi_id' here
// CHECK-FIXES: {{^}}void remember(std::int64_t Value);{{$}}
void forward(const rapidjson::Value &V) {
  long long rfi_id = V["rfi_id"].GetInt64();
  remember(rfi_id);
}

// Not IDs: a thread ID and an ID already 64-bit that is printed right.
void unrelated(const rapidjson::Value &V) {
  int thread_id = V["thread_id"].GetInt();
  long long user_id = V["user_id"].GetInt64();
  std::printf("%d %lld\n", thread_id, user_id);
}
