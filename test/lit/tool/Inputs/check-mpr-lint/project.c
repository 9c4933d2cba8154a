#include <stdio.h>
// CHECK-FIXES: {{^}}#include <stdint.h>{{$}}

static const char *kApi = "https://api.procore.com/rest/v1.0/projects";

int ProjectId = 7;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: variable 'ProjectId' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :4:27: note: 'ProjectId' names a Procore project ID, and this file calls the Procore API
// CHECK-FIXES: {{^}}int64_t{{x?}} ProjectId = 7;{{$}}
