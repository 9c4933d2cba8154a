// RUN: %check_mpr_lint %s procore-id-width %t -- --config="{CheckOptions: {procore-id-width.IdType: 'long long', procore-id-width.UnsignedIdType: 'unsigned long long', procore-id-width.FlagLong: false, procore-id-width.PrintfFormat: lld, procore-id-width.ExtraResourceNames: 'gizmo;widget box', procore-id-width.RequestFunctions: 'ProcoreClient::get(url=0)'}}" -- -std=c++17

// The options: the 64-bit type the fixes write, whether 'long' counts as
// narrow, %lld instead of PRId64, more resource names, and request wrappers
// whose arguments are sent to Procore.

#include <cstdio>
#include <string>

class ProcoreClient {
public:
  std::string get(const std::string &Path, long long Project);
};

static const char *kApi = "https://api.procore.com/rest/v1.0";

// FlagLong: false, so 'long' is accepted.
long vendor_id = 0;
int gizmo_id = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: variable 'gizmo_id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-6]]:27: note: 'gizmo_id' names a Procore gizmo ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}long long gizmo_id = 0;{{$}}
unsigned widget_box_id = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: variable 'widget_box_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-10]]:27: note: 'widget_box_id' names a Procore widget box ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}unsigned long long widget_box_id = 0;{{$}}

void fetch(ProcoreClient &Client, int id, const std::string &Path) {
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: parameter 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:20: note: 'id' is sent to the Procore API here
// CHECK-FIXES: {{^}}void fetch(ProcoreClient &Client, long long id, const std::string &Path) {{{$}}
  Client.get(Path, id);
  std::printf("%d\n", id);
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: '%d' formats a Procore ID in fewer than 64 bits; use '%lld' [procore-id-width]
// CHECK-FIXES: {{^}}  std::printf("%lld\n", id);{{$}}
}

