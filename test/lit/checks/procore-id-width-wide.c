// RUN: %check_mpr_lint %s procore-id-width %t -- -- -x c -std=c11

// Wide-character forms of the conversions and formats: wcstol and wcstoul
// give a long, 32 bits on Windows; swprintf's %ld formats one. A variadic
// logging helper of the program that hands its format to vfwprintf is a
// format function too.

#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

struct task {
  long long project_id;
  long long task_id;
};

static void log_line(const wchar_t *format, ...) {
  va_list args;
  va_start(args, format);
  vfwprintf(stderr, format, args);
  va_end(args);
}

void parse(struct task *t, const wchar_t *project, const wchar_t *task) {
  t->project_id = wcstol(project, NULL, 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'wcstol' converts a Procore ID to 'long' (32 bits on Windows); use 'wcstoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  t->project_id = wcstoll(project, NULL, 10);{{$}}
  t->task_id = wcstoll(task, NULL, 10);
}

// A wide format cannot take PRId64, so neither its conversion nor the cast
// of the argument it reads gets a fix: a widened argument alone would no
// longer match '%ld' or '%d'.
void url(wchar_t *out, size_t size, const struct task *t) {
  swprintf(out, size, L"https://api.procore.com/rest/v1.0/projects/%ld/tasks/%lld",
           (long)t->project_id, t->task_id);
  // CHECK-MESSAGES: :[[@LINE-2]]:69: warning: '%ld' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: Procore ID is cast to 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  log_line(L"task %d of project %lld\n", (int)t->task_id, t->project_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: '%d' formats a Procore ID in fewer than 64 bits; use PRId64 [procore-id-width]
  // CHECK-MESSAGES: :[[@LINE-2]]:42: warning: Procore ID is cast to 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
}
