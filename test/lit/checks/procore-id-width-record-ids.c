// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// The bare `id` of a record named after a Procore resource is that
// resource's ID, in a named struct or a typedef'd unnamed one; the records
// of other services (a GitHub issue) are not Procore's.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
// CHECK-FIXES: {{^}}#include <inttypes.h>{{$}}

static const char *kRfis = "https://api.procore.com/rest/v1.0/projects/7/rfis";

struct rfi_rec {
  int32_t id;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: field 'id' holds a Procore ID as 'int32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'id' is the ID of a 'rfi_rec', which names a Procore rfi, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  int64_t id;{{$}}
  uint32_t number;
};

typedef struct {
  uint64_t id;
  char name[64];
} vendor_row;

struct github_issue {
  int id;
};

// A user's login information ID, scanned as an unsigned.
struct user_row {
  long long id;
  unsigned login_id;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'login_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :12:28: note: 'login_id' names a Procore login ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  uint64_t login_id;{{$}}
};

union cache_entry {
  struct rfi_rec rfi;
  vendor_row vendor;
};

void show(const union cache_entry *E, const struct github_issue *Issue) {
  printf("vendor %d\n", (int)E->vendor.id);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:25: warning: Procore ID is cast to 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-FIXES: {{^}}  printf("vendor %" PRId64 "\n", (int64_t)E->vendor.id);{{$}}
  printf("issue #%d\n", Issue->id);
  printf("rfi number %u\n", E->rfi.number);
}
