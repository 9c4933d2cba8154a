// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Procore IDs read from Poco JSON objects, and IDs held in floating point:
// a double is exact only up to 2^53 and prints as 5.98134e+14, so a URL
// built from it is wrong.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
#include <Poco/Format.h>
#include <Poco/NumberParser.h>
#include <map>
#include <string>

static const char *kVendors = "https://api.procore.com/rest/v1.0/vendors";

long long createdVendor(const std::string &Body) {
  auto Created =
      Poco::JSON::Parser().parse(Body).extract<Poco::JSON::Object::Ptr>();
  int NewId = Created->getValue<int>("id");
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'NewId' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:15: note: 'NewId' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:24: warning: 'getValue' reads Procore ID field 'id' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  std::int64_t NewId = Created->getValue<std::int64_t>("id");{{$}}
  unsigned OriginId = Created->optValue<unsigned>("origin_id", 0u);
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: variable 'OriginId' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:23: note: 'OriginId' is read from JSON field 'origin_id' here
// CHECK-MESSAGES: :[[@LINE-3]]:32: warning: 'optValue' reads Procore ID field 'origin_id' as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-FIXES: {{^}}  std::uint64_t OriginId = Created->optValue<std::uint64_t>("origin_id", 0u);{{$}}
  int Count = Created->getValue<int>("count"); // not an ID
  return NewId + OriginId + Count;
}

struct Drawing {
  double drawing_id = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: field 'drawing_id' holds a Procore ID as 'double' (floating point: exact only up to 2^53, printed as 5.98134e+14); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-22]]:31: note: 'drawing_id' names a Procore drawing ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}  std::int64_t drawing_id = 0;{{$}}
  double scale = 1.0; // not an ID
};

Drawing readDrawing(const std::string &IdText, const std::string &ScaleText) {
  Drawing D;
  D.drawing_id = std::stod(IdText);
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'stod' converts a Procore ID to 'double' (floating point: exact only up to 2^53, printed as 5.98134e+14); use 'stoll' [procore-id-width]
// CHECK-FIXES: {{^}}  D.drawing_id = std::stoll(IdText);{{$}}
  D.scale = std::stod(ScaleText);
  return D;
}

// Poco::format joins the value after a resource's path segment: the map
// whose values it formats holds IDs. Widening the map would make Poco's
// "%d" throw on the 64-bit value, so its declaration gets no fix-it; the
// parse is fixed.
void get(const std::string &Path);
void syncVendors(const std::map<std::string, std::string> &Rows) {
  std::map<std::string, int> ErpToVendor;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: variable 'ErpToVendor' holds Procore IDs as 'int' elements (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+6]]:59: note: 'ErpToVendor' is sent to the Procore API here
  for (const auto &Row : Rows)
    ErpToVendor[Row.first] = Poco::NumberParser::parse(Row.second);
// CHECK-MESSAGES: :[[@LINE-1]]:50: warning: 'parse' converts a Procore ID to 'int' (32 bits); use 'parse64' [procore-id-width]
// CHECK-FIXES: {{^}}    ErpToVendor[Row.first] = Poco::NumberParser::parse64(Row.second);{{$}}
  for (const auto &Entry : ErpToVendor)
    get(Poco::format("/rest/v1.0/vendors/%d?view=normal", Entry.second));
  std::map<std::string, int> PageSizes = {{"vendors", 100}};
  for (const auto &Entry : PageSizes)
    get(Poco::format("/rest/v1.0/vendors?per_page=%d", Entry.second));
}
