// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// A narrow ID in a record whose size or offsets a static assertion pins
// (a wire or disk format) is reported without a fix: widening it changes
// the layout, also of a record that holds it in place. A record nothing
// pins gets its fix.

#include <stddef.h>
#include <stdint.h>

static const char *kDrawings = "https://api.procore.com/rest/v1.0/drawings";

struct drawing_frame {
  uint32_t drawing_area_id;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'drawing_area_id' holds a Procore ID as 'uint32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :11:32: note: 'drawing_area_id' names a Procore drawing ID, and this file calls the Procore API
  // CHECK-MESSAGES: :[[@LINE+7]]:1: note: no fix: this assertion pins the layout that widening 'drawing_area_id' changes
  // CHECK-FIXES: {{^}}  uint32_t drawing_area_id;{{$}}
  uint16_t page;
  uint16_t flags;
  char number[24];
};

_Static_assert(sizeof(struct drawing_frame) == 32, "frame v2 is 32 bytes");

struct rfi_ref {
  int32_t rfi_id;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: field 'rfi_id' holds a Procore ID as 'int32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :11:32: note: 'rfi_id' names a Procore rfi ID, and this file calls the Procore API
  // CHECK-MESSAGES: :[[@LINE+10]]:1: note: no fix: this assertion pins the layout that widening 'rfi_id' changes
  // CHECK-FIXES: {{^}}  int32_t rfi_id;{{$}}
};

struct cache_slot {
  uint8_t kind;
  struct rfi_ref refs[4];
  char body[47];
};

_Static_assert(offsetof(struct cache_slot, body) == 20, "body at 20");

struct vendor_row {
  int32_t vendor_id;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: field 'vendor_id' holds a Procore ID as 'int32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :11:32: note: 'vendor_id' names a Procore vendor ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  int64_t vendor_id;{{$}}
  char name[64];
};
