// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c99

// Formats that reach printf's va_list relatives from elsewhere: a row of
// an endpoint table that a variadic helper picks by its first argument, a
// va_list handed on to a helper of the program that formats it, and a
// table's format passed to a format parameter. The conversions are read
// with each call's arguments.

#include <stdarg.h>
#include <stdio.h>
// CHECK-FIXES: {{^}}#include <inttypes.h>{{$}}
// CHECK-FIXES: {{^}}#include <stdint.h>{{$}}

enum { EP_AREA_DRAWINGS, EP_REVISIONS, EP_PROJECT };
static const struct {
  const char *path_fmt;
} ENDPOINTS[] = {
    {"/rest/v1.0/drawing_areas/%ld/drawings"},
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: '%ld' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
    // CHECK-FIXES: {{^}}    {"/rest/v1.0/drawing_areas/%" PRId64 "/drawings"},{{$}}
    {"/rest/v1.0/projects/%lld/drawing_revisions?drawing_id=%u"},
    // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: '%u' formats a Procore ID in fewer than 64 bits; use PRIu64 [procore-id-width]
    // CHECK-FIXES: {{^}}    {"/rest/v1.0/projects/%lld/drawing_revisions?drawing_id=%" PRIu64},{{$}}
    {"/rest/v1.0/projects/%lld"},
};

struct request {
  char url[256];
};

// Takes the va_list and hands it on with its format.
static void set_url(struct request *R, const char *Format, va_list Args) {
  int N = snprintf(R->url, sizeof R->url, "%s", "https://api.procore.com");
  vsnprintf(R->url + N, sizeof R->url - N, Format, Args);
}

static void call_endpoint(struct request *R, int Which, ...) {
  va_list Args;
  va_start(Args, Which);
  set_url(R, ENDPOINTS[Which].path_fmt, Args);
  va_end(Args);
}

static void format_path(char *Out, size_t Size, const char *Format, ...) {
  va_list Args;
  va_start(Args, Format);
  vsnprintf(Out, Size, Format, Args);
  va_end(Args);
}

void sync(long long project_id, long area_id, unsigned drawing_id) {
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: parameter 'area_id' holds a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :59:39: note: 'area_id' is sent to the Procore API here
  // CHECK-MESSAGES: :[[@LINE-3]]:56: warning: parameter 'drawing_id' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :18:6: note: 'drawing_id' names a Procore drawing ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}void sync(long long project_id, int64_t area_id, uint64_t drawing_id) {{{$}}
  struct request R;
  char Path[128];
  call_endpoint(&R, EP_AREA_DRAWINGS, area_id);
  call_endpoint(&R, EP_REVISIONS, project_id, drawing_id);
  // The row this call picks formats the project with %lld.
  call_endpoint(&R, EP_PROJECT, project_id);
  format_path(Path, sizeof Path, ENDPOINTS[EP_PROJECT].path_fmt, project_id);
  // A page number is no ID, whatever the format.
  format_path(Path, sizeof Path, "/rest/v1.0/projects?page=%d", 2);
}
