// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Procore IDs read from JSON with cpprestsdk's web::json and fetched with
// its http_client.

#include <cpprest/http_client.h>
#include <cpprest/json.h>
// The fixes add the headers of std::int64_t and PRId64.
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cinttypes>{{$}}
#include <cstdio>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

// A response record: its members are filled from JSON.
struct Commitment {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+12]]:10: note: 'id' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::int64_t id;{{$}}
  unsigned vendor_id;
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'vendor_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+11]]:17: note: 'vendor_id' is read from JSON field 'vendor_id' here
// CHECK-FIXES: {{^}}  std::uint64_t vendor_id;{{$}}
  int64_t project_id;  // already 64 bits
  int position;        // not an ID
};

Commitment parseCommitment(const json::value &v) {
  Commitment C{};
  C.id = v.at(U("id")).as_integer();
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'as_integer' reads Procore ID field 'id' as 'int' (32 bits); use 'as_number().to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  C.id = v.at(U("id")).as_number().to_int64();{{$}}
  C.vendor_id = v.at(U("vendor_id")).as_number().to_uint32();
// CHECK-MESSAGES: :[[@LINE-1]]:50: warning: 'to_uint32' reads Procore ID field 'vendor_id' as 'unsigned int' (32 bits); use 'to_uint64' [procore-id-width]
// CHECK-FIXES: {{^}}  C.vendor_id = v.at(U("vendor_id")).as_number().to_uint64();{{$}}
  C.project_id = v.at(U("project_id")).as_number().to_int64();
  C.position = v.at(U("position")).as_integer();
  return C;
}

// Locals, from operator[] and at().
void readProject(json::value &v) {
  int id = v[U("id")].as_integer();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:23: warning: 'as_integer' reads Procore ID field 'id' as 'int' (32 bits); use 'as_number().to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t id = v[U("id")].as_number().to_int64();{{$}}
  int project_id = v.at(U("project_id")).as_number().to_int32();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: note: 'project_id' is read from JSON field 'project_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:54: warning: 'to_int32' reads Procore ID field 'project_id' as 'int' (32 bits); use 'to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t project_id = v.at(U("project_id")).as_number().to_int64();{{$}}
  int64_t owner_id = v[U("owner_id")].as_integer();
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'as_integer' reads Procore ID field 'owner_id' as 'int' (32 bits); use 'as_number().to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  int64_t owner_id = v[U("owner_id")].as_number().to_int64();{{$}}
  int count = v[U("count")].as_integer();                     // not an ID
  int per_page = v.at(U("per_page")).as_number().to_int32();  // not an ID
  int64_t creator_id = v[U("creator_id")].as_number().to_int64(); // already 64 bits
  std::printf("%d %d %lld %d %d %lld\n", id, project_id, (long long)owner_id,
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}  std::printf("%" PRId64 " %" PRId64 " %lld %d %d %lld\n", id, project_id, (long long)owner_id,{{$}}
              count, per_page, (long long)creator_id);
}
// Reads through as_number() carry their JSON key too, so an ID known only
// by its key is found.
void readById(const json::value &v) {
  int id = v.at(U("id")).as_number().to_int32();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'id' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:38: warning: 'to_int32' reads Procore ID field 'id' as 'int' (32 bits); use 'to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t id = v.at(U("id")).as_number().to_int64();{{$}}
  bool Small = v.at(U("id")).as_number().is_int32();
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'is_int32' accepts only Procore IDs that fit in 32 bits; use 'is_int64' [procore-id-width]
// CHECK-FIXES: {{^}}  bool Small = v.at(U("id")).as_number().is_int64();{{$}}
  std::printf("%lld\n", (long long)id);
  (void)Small;
}

// The company ID goes into the Procore-Company-Id header, the RFI ID into
// the path.
pplx::task<json::value> fetchRfi(http_client &Client, int company_id, unsigned rfi_id) {
// CHECK-MESSAGES: :[[@LINE-1]]:59: warning: parameter 'company_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+6]]:65: note: 'company_id' is sent to the Procore API here
// CHECK-MESSAGES: :[[@LINE-3]]:80: warning: parameter 'rfi_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:77: note: 'rfi_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}pplx::task<json::value> fetchRfi(http_client &Client, std::int64_t company_id, std::uint64_t rfi_id) {{{$}}
  http_request Request(methods::GET);
  Request.set_request_uri(U("/rest/v1.0/projects/1/rfis/") + std::to_string(rfi_id));
  Request.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
  return Client.request(Request).then([](http_response Response) {
    return Response.extract_json();
  });
}

http_client makeClient() { return http_client(U("https://api.procore.com")); }

// IDs from an array.
std::vector<int> budgetIds(const json::value &Items) {
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'budgetIds' returns Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-12]]:29: note: 'budgetIds' names a Procore budget ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}std::vector<std::int64_t> budgetIds(const json::value &Items) {{{$}}
  std::vector<int> ids;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: variable 'ids' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:19: note: 'ids' is read from JSON field 'id' here
// CHECK-FIXES: {{^}}  std::vector<std::int64_t> ids;{{$}}
  for (const json::value &Item : Items.as_array())
    ids.push_back(Item.at(U("id")).as_integer());
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'as_integer' reads Procore ID field 'id' as 'int' (32 bits); use 'as_number().to_int64' [procore-id-width]
// CHECK-FIXES: {{^}}    ids.push_back(Item.at(U("id")).as_number().to_int64());{{$}}
  return ids;
}

// A value passed on: the parameter of 'remember' would narrow it.
void remember(unsigned Value);
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: parameter 'Value' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+4]]:12: note: 'Value' receives Procore ID 'contract_id' here
// CHECK-FIXES: {{^}}void remember(std::uint64_t Value);{{$}}
void forward(const json::value &v) {
  uint64_t contract_id = v.at(U("contract_id")).as_number().to_uint64();
  remember(contract_id);
}

// Not IDs: a request ID, a correlation ID, and IDs already 64-bit.
void unrelated(const json::value &v) {
  int request_id = v.at(U("request_id")).as_integer();
  int correlation_id = v.at(U("correlation_id")).as_number().to_int32();
  long long location_id = v.at(U("location_id")).as_number().to_int64();
  std::printf("%d %d %lld\n", request_id, correlation_id, location_id);
}
