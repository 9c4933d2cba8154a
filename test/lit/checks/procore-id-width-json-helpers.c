// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// JSON read by hand through the program's own helpers: a helper that
// searches the text for the key its caller gives (the pattern built with
// snprintf, then strstr) returns that key's value, so each call reads the
// key it passes, an ID when that key names one. The generic helper that
// narrows the value is reported too: it is where the ID loses its bits.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// CHECK-FIXES: {{^}}#include <stdint.h>{{$}}
// CHECK-FIXES: {{^}}#include <inttypes.h>{{$}}

static const char *kApi = "https://api.procore.com/rest/v1.0/vendors";

static const char *json_find(const char *Obj, const char *Key) {
  char Pattern[64];
  const char *P;
  snprintf(Pattern, sizeof(Pattern), "\"%s\":", Key);
  return (P = strstr(Obj, Pattern)) ? P + strlen(Pattern) : NULL;
}

static int json_int(const char *Obj, const char *Key) {
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: function 'json_int' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+10]]:20: note: 'json_int' is stored in Procore ID 'Contractor' here
// CHECK-FIXES: {{^}}static int64_t json_int(const char *Obj, const char *Key) {{[{]}}{{$}}
  const char *P = json_find(Obj, Key);
  return P ? atoi(P) : 0;
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  return P ? atoll(P) : 0;{{$}}
}

void printSubmittal(const char *Obj) {
  int Revision = json_int(Obj, "revision");
  int Contractor = json_int(Obj, "responsible_contractor_id");
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'Contractor' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:20: note: 'Contractor' is read from JSON field 'responsible_contractor_id' here
// CHECK-FIXES: {{^}}  int64_t Contractor = json_int(Obj, "responsible_contractor_id");{{$}}
  printf("r%d vendor=%d\n", Revision, Contractor);
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}  printf("r%d vendor=%" PRId64 "\n", Revision, Contractor);{{$}}
}

void created(const char *Body) {
  int NewVendor = atoi(json_find(Body, "id"));
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: variable 'NewVendor' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE-2]]:19: note: 'NewVendor' is read from JSON field 'id' here
// CHECK-MESSAGES: :[[@LINE-3]]:19: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  int64_t NewVendor = atoll(json_find(Body, "id"));{{$}}
  long Count = strtol(json_find(Body, "count"), NULL, 10);
  printf("%d %ld\n", NewVendor, Count);
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
// CHECK-FIXES: {{^}}  printf("%" PRId64 " %ld\n", NewVendor, Count);{{$}}
}
