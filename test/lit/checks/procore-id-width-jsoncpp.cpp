// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17 %jsoncpp_flags

// Procore IDs read from JSON with JsonCpp; the responses come from libcurl
// requests to the Procore API.

#include <curl/curl.h>
#include <json/json.h>
// The fixes add the headers of std::int64_t and PRId64.
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cinttypes>{{$}}
#include <cstdio>
#include <map>
#include <string>
#include <vector>

static const std::string kApi = "https://api.procore.com/rest/v1.0";

// A response record: its members are filled from JSON.
struct Observation {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+14]]:10: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::int64_t id;{{$}}
  unsigned int project_id;
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: field 'project_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+13]]:18: note: 'project_id' is read from JSON field 'project_id' here
// CHECK-FIXES: {{^}}  std::uint64_t project_id;{{$}}
  Json::Int64 location_id;   // already 64 bits
  Json::UInt64 assignee_id;  // already 64 bits
  int priority;              // not an ID
  std::string name;
};

Observation parseObservation(const Json::Value &root) {
  Observation O{};
  O.id = root["id"].asInt();
// CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'asInt' reads Procore ID field 'id' as 'int' (32 bits); use 'asInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  O.id = root["id"].asInt64();{{$}}
  O.project_id = root["project_id"].asUInt();
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'asUInt' reads Procore ID field 'project_id' as 'unsigned int' (32 bits); use 'asUInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  O.project_id = root["project_id"].asUInt64();{{$}}
  O.location_id = root["location_id"].asInt64();
  O.assignee_id = root["assignee_id"].asUInt64();
  O.priority = root["priority"].asInt();
  O.name = root["name"].asString();
  return O;
}

// get() with an int default, and isInt() checks.
void readProject(const Json::Value &root) {
  int id = root.get("id", 0).asInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:30: warning: 'asInt' reads Procore ID field 'id' as 'int' (32 bits); use 'asInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t id = root.get("id", 0).asInt64();{{$}}
  unsigned creator_id = root.get("creator_id", 0u).asUInt();
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: variable 'creator_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:25: note: 'creator_id' is read from JSON field 'creator_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:52: warning: 'asUInt' reads Procore ID field 'creator_id' as 'unsigned int' (32 bits); use 'asUInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::uint64_t creator_id = root.get("creator_id", 0u).asUInt64();{{$}}
  if (root["project_id"].isInt()) {
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'isInt' accepts only Procore IDs that fit in 32 bits; use 'isInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  if (root["project_id"].isInt64()) {{{$}}
    long long project_id = root["project_id"].asInt();
// CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'asInt' reads Procore ID field 'project_id' as 'int' (32 bits); use 'asInt64' [procore-id-width]
// CHECK-FIXES: {{^}}    long long project_id = root["project_id"].asInt64();{{$}}
    std::printf("%d %u %lld\n", id, creator_id, project_id);
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:22: warning: '%u' formats a Procore ID in fewer than 64 bits; use PRIu64 [procore-id-width]
// CHECK-FIXES: {{^}}    std::printf("%" PRId64 " %" PRIu64 " %lld\n", id, creator_id, project_id);{{$}}
  }
  int count = root.get("count", 0).asInt();        // not an ID
  unsigned per_page = root["per_page"].asUInt();   // not an ID
  bool Paged = root["page"].isInt();               // not an ID
  Json::Int64 vendor_id = root["vendor_id"].asInt64(); // already 64 bits
  std::printf("%d %u %d %lld\n", count, per_page, Paged, (long long)vendor_id);
}

// The company ID goes into the Procore-Company-Id header, the project ID
// into the URL.
static size_t collect(char *Data, size_t Size, size_t Count, void *Out) {
  static_cast<std::string *>(Out)->append(Data, Size * Count);
  return Size * Count;
}

Json::Value fetchRfis(CURL *Curl, int company_id, unsigned project_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+5]]:64: note: 'company_id' is sent to the Procore API here
// CHECK-MESSAGES: :[[@LINE-3]]:60: warning: parameter 'project_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:58: note: 'project_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}Json::Value fetchRfis(CURL *Curl, std::int64_t company_id, std::uint64_t project_id) {{{$}}
  std::string Url = kApi + "/projects/" + std::to_string(project_id) + "/rfis";
  std::string Header = "Procore-Company-Id: " + std::to_string(company_id);
  curl_slist *Headers = curl_slist_append(nullptr, Header.c_str());
  std::string Body;
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  curl_easy_setopt(Curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(Curl, CURLOPT_WRITEDATA, &Body);
  curl_easy_perform(Curl);
  curl_slist_free_all(Headers);
  Json::Value Root;
  Json::Reader().parse(Body, Root);
  return Root;
}

// Arrays of IDs, keyed maps.
std::vector<int> rfiIds(const Json::Value &Rfis) {
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'rfiIds' returns Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-94]]:33: note: 'rfiIds' names a Procore rfi ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}std::vector<std::int64_t> rfiIds(const Json::Value &Rfis) {{{$}}
  std::vector<int> rfi_ids;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: variable 'rfi_ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:23: note: 'rfi_ids' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::vector<std::int64_t> rfi_ids;{{$}}
  for (const Json::Value &Rfi : Rfis)
    rfi_ids.push_back(Rfi["id"].asInt());
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'asInt' reads Procore ID field 'id' as 'int' (32 bits); use 'asInt64' [procore-id-width]
// CHECK-FIXES: {{^}}    rfi_ids.push_back(Rfi["id"].asInt64());{{$}}
  return rfi_ids;
}

std::map<int, Observation> observations_by_id;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: variable 'observations_by_id' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-109]]:33: note: 'observations_by_id' names a Procore observation ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}std::map<std::int64_t, Observation> observations_by_id;{{$}}

void index(const Json::Value &Items) {
  for (const Json::Value &Item : Items) {
    Observation O = parseObservation(Item);
    observations_by_id[O.id] = O;
  }
}

// Keys read from JSON: the note names the JSON field.
std::map<unsigned, std::string> subjects_by_id;
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: variable 'subjects_by_id' holds Procore IDs as 'unsigned int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:58: note: 'subjects_by_id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}std::map<std::uint64_t, std::string> subjects_by_id;{{$}}
void addSubject(const Json::Value &Rfi) { subjects_by_id[Rfi["id"].asUInt()] = ""; }
// CHECK-MESSAGES: :[[@LINE-1]]:68: warning: 'asUInt' reads Procore ID field 'id' as 'unsigned int' (32 bits); use 'asUInt64' [procore-id-width]
// CHECK-FIXES: {{^}}void addSubject(const Json::Value &Rfi) { subjects_by_id[Rfi["id"].asUInt64()] = ""; }{{$}}

// An ID used as a map key flows into the map's keys.
std::map<int, std::string> titles_by_id;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: variable 'titles_by_id' holds Procore IDs as 'int' keys (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+8]]:16: note: 'titles_by_id' receives Procore ID 'id' here
// CHECK-FIXES: {{^}}std::map<std::int64_t, std::string> titles_by_id;{{$}}
void addTitle(const Json::Value &Rfi) {
  int id = Rfi["id"].asInt();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:22: warning: 'asInt' reads Procore ID field 'id' as 'int' (32 bits); use 'asInt64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t id = Rfi["id"].asInt64();{{$}}
  titles_by_id[id] = "";
}

// Not IDs: a session ID, and IDs that are already 64-bit.
void unrelated(const Json::Value &root) {
  int session_id = root["session_id"].asInt();
  long long user_id = root["user_id"].asLargestInt();
  std::int64_t meeting_id = root["meeting_id"].asInt64();
  std::printf("%d %lld %lld\n", session_id, user_id, (long long)meeting_id);
}

// %jsoncpp_flags includes JsonCpp with -I, so its headers are not system
// headers: only the caller's parameter is reported and fixed, never
// Json::Value(Int) in json/value.h (Json::Value(Int64) takes the fixed ID).
Json::Value body(int project_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-155]]:33: note: 'project_id' names a Procore project ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}Json::Value body(std::int64_t project_id) {{{$}}
  Json::Value Body(project_id);
  return Body;
}
