// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// C code gets int64_t from <stdint.h> and PRId64 from <inttypes.h>.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// CHECK-FIXES: {{^}}#include <stdint.h>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <inttypes.h>{{$}}

static const char *kApi = "https://api.procore.com/rest/v1.0";

struct Submittal {
  int id;
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: field 'id' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+9]]:76: note: 'id' is sent to the Procore API here
// CHECK-FIXES: {{^}}  int64_t id;{{$}}
  unsigned project_id;
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: field 'project_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+5]]:61: note: 'project_id' is sent to the Procore API here
// CHECK-FIXES: {{^}}  uint64_t project_id;{{$}}
};

void printSubmittal(const struct Submittal *S, char *Url, size_t Size) {
  snprintf(Url, Size, "%s/projects/%u/submittals/%d", kApi, S->project_id, S->id);
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: '%u' formats a Procore ID in fewer than 64 bits; use PRIu64 [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:51: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}  snprintf(Url, Size, "%s/projects/%" PRIu64 "/submittals/%" PRId64, kApi, S->project_id, S->id);{{$}}
}

int parseSubmittalId(const char *Text) { return atoi(Text); }
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'parseSubmittalId' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-22]]:27: note: 'parseSubmittalId' names a Procore submittal ID, and this file calls the Procore API
// CHECK-MESSAGES: :[[@LINE-3]]:49: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}int64_t parseSubmittalId(const char *Text) { return atoll(Text); }{{$}}


/* strtod's 64-bit twin takes a base. */
long long parseDrawing(const char *Text) {
  long long drawing_id = strtod(Text, NULL);
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'strtod' converts a Procore ID to 'double' (floating point: exact only up to 2^53, printed as 5.98134e+14); use 'strtoll' [procore-id-width]
// CHECK-FIXES: {{^}}  long long drawing_id = strtoll(Text, NULL, 10);{{$}}
  return drawing_id;
}

// The local a function that returns an ID hands back is that ID, whatever
// its name.
long long first_user_id(const char *Json) {
  const char *At = strstr(Json, "\"id\":");
  long long uid = At ? atoi(At + 5) : 0;
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  long long uid = At ? atoll(At + 5) : 0;{{$}}
  return uid;
}

// A count a function of another name returns stays a count.
long long line_count(const char *Text) {
  long long count = atoi(Text);
  return count;
}
