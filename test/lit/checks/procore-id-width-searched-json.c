// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// JSON read by hand: a number parsed from the text that follows a key the
// code searched for (strstr, then an offset or strchr past the colon) is
// that key's value, an ID when the key names one.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// CHECK-FIXES: {{^}}#include <stdint.h>{{$}}
// CHECK-FIXES: {{^}}#include <inttypes.h>{{$}}

static const char *kMe = "https://api.procore.com/rest/v1.0/me";

void rememberUser(const char *Body) {
  const char *P = strstr(Body, "\"id\":");
  if (P) {
    int Mine = atoi(P + 5);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: variable 'Mine' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
    // CHECK-MESSAGES: :[[@LINE-2]]:16: note: 'Mine' is read from JSON field 'id' here
    // CHECK-MESSAGES: :[[@LINE-3]]:16: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
    // CHECK-FIXES: {{^}}    int64_t Mine = atoll(P + 5);{{$}}
    printf("signed in\n");
    (void)Mine;
  }
}

void listProjects(const char *Body) {
  const char *P;
  for (P = Body; (P = strstr(P, "{\"project_id\"")) != NULL; P++) {
    const char *Value = strchr(P, ':');
    long Found = strtol(Value + 1, NULL, 10);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: variable 'Found' holds a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
    // CHECK-MESSAGES: :[[@LINE-2]]:18: note: 'Found' is read from JSON field 'project_id' here
    // CHECK-MESSAGES: :[[@LINE-3]]:18: warning: 'strtol' converts a Procore ID to 'long' (32 bits on Windows); use 'strtoll' [procore-id-width]
    // CHECK-FIXES: {{^}}    int64_t Found = strtoll(Value + 1, NULL, 10);{{$}}
    (void)Found;
  }
}

void countRows(const char *Body) {
  const char *P = strstr(Body, "\"total\":");
  int Total = P ? atoi(P + 8) : 0;
  const char *Q = strstr(Body, "\"id\":");
  Q = strstr(Body, "\"page\":");
  int Page = atoi(Q + 7);
  printf("%d rows, page %d\n", Total, Page);
}

// Parsed into 64 bits, the value is still that key's ID: narrowing it on
// the way out is a defect.
void rememberVendor(const char *Body) {
  const char *P = strstr(Body, "\"id\":");
  long long Created = P ? strtoll(P + 5, NULL, 10) : 0;
  printf("created vendor %ld\n", (long)Created);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: '%ld' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:34: warning: Procore ID is cast to 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  // CHECK-FIXES: {{^}}  printf("created vendor %" PRId64 "\n", (int64_t)Created);{{$}}
}

// The conversion right after a key in a scanf format reads that key; a
// count stays an int, and so does the exit status the ID is handed to.
int pickArea(const char *Body, const char *Wanted) {
  const char *P;
  char Name[64];
  int AreaId = 0;
  int Count = 0;
  for (P = Body; (P = strstr(P, "{\"id\":")) != NULL; P++)
    if (sscanf(P, "{\"id\":%d,\"name\":\"%63[^\"]", &AreaId, Name) == 2 &&
        !strcmp(Name, Wanted))
      break;
  sscanf(Body, "{\"count\": %d", &Count);
  printf("%d areas\n", Count);
  return AreaId;
}
// CHECK-MESSAGES: :63:5: warning: function 'pickArea' returns a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :74:10: note: 'pickArea' receives Procore ID 'AreaId' here
// CHECK-MESSAGES: :66:7: warning: variable 'AreaId' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :69:53: note: 'AreaId' is read from JSON field 'id' here
// CHECK-MESSAGES: :69:29: warning: '%d' reads a Procore ID in fewer than 64 bits; use SCNd64 [procore-id-width]
// CHECK-FIXES: {{^}}int64_t pickArea(const char *Body, const char *Wanted) {{[{]}}{{$}}
// CHECK-FIXES: {{^}}  int64_t AreaId = 0;{{$}}
// CHECK-FIXES: {{^}}  int Count = 0;{{$}}
// CHECK-FIXES: {{^}}    if (sscanf(P, "{\"id\":%" SCNd64 ",\"name\":\"%63[^\"]", &AreaId, Name) == 2 &&{{$}}
// CHECK-FIXES: {{^}}  sscanf(Body, "{\"count\": %d", &Count);{{$}}

int main(int argc, char **argv) {
  return argc > 2 ? pickArea(argv[1], argv[2]) : 0;
}
// CHECK-FIXES: {{^}}int main(int argc, char **argv) {{[{]}}{{$}}
