// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17 -I%S/Inputs/id-width
// The library header is left as it was, fixes or not:
// RUN: grep -q "void putRow(int key);" %S/Inputs/id-width/storage.h
// RUN: grep -q "void put(const T &t)" %S/Inputs/id-width/storage.h

// IDs passed to code that is not the user's: a narrow parameter without a
// wider overload is reported at the call, with no fix; the library's
// declarations are never reported or rewritten.

#include "storage.h"
#include <cstdint>
#include <string>

static const char *kApi = "https://api.procore.com/rest/v1.0";

void save(std::int64_t project_id) {
  storage::putRow(project_id);
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Procore ID 'project_id' is passed to 'storage::putRow' as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  storage::log(project_id);
  storage::Box<int> Box;
  Box.put(project_id);
// CHECK-MESSAGES: :[[@LINE-1]]:11: warning: Procore ID 'project_id' is passed to 'storage::Box<int>::put' as 'const int &' (32 bits); Procore IDs need 64 bits [procore-id-width]
}

// Helpers of this file are the user's: the chain is followed and fixed.
int clampId(int v) { return v; }
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: parameter 'v' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:24: note: 'v' receives Procore ID 'company_id' here
// CHECK-FIXES: {{^}}int clampId(std::int64_t v) { return v; }{{$}}
void copy(std::int64_t company_id) {
  int Narrow = clampId(company_id);
  (void)Narrow;
}

// A parameter of a function type, and a virtual function (no fix: its
// overrides would stop overriding).
void onProject(void (*Callback)(int project_id));
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: parameter 'project_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-25]]:27: note: 'project_id' names a Procore project ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}void onProject(void (*Callback)(std::int64_t project_id));{{$}}
struct Source {
  virtual int userId() const = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: function 'userId' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-30]]:27: note: 'userId' names a Procore user ID, and this file calls the Procore API
  virtual ~Source() = default;
};

// An overloaded helper (no fix: widened, the narrow overload would
// redeclare its 64-bit sibling or make calls ambiguous).
std::string idText(std::int64_t value) { return std::to_string(value); }
std::string idText(int value) { return std::to_string(value); }
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: parameter 'value' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+7]]:57: note: 'value' receives Procore ID 'vendor_id' here
struct Vendor {
  int vendor_id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'vendor_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-43]]:27: note: 'vendor_id' names a Procore vendor ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}  std::int64_t vendor_id;{{$}}
};
std::string vendorText(const Vendor &V) { return idText(V.vendor_id); }
