// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// A value that follows a resource's segment in a REST path is that
// resource's ID, whatever it is named: formatted after "/projects/" or
// joined after it with std::to_string.

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <sstream>
#include <string>
// CHECK-FIXES: {{^}}#include <cstdint>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <cstdio>{{$}}

static long long g_project;

void listSubmittals(char *Url, std::size_t Size) {
  std::snprintf(Url, Size,
                "https://api.procore.com/rest/v1.0/projects/%lld/submittals",
                g_project);
}

void configure(const char *Text) {
  g_project = std::atoi(Text);
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'atoi' converts a Procore ID to 'int' (32 bits); use 'atoll' [procore-id-width]
// CHECK-FIXES: {{^}}  g_project = std::atoll(Text);{{$}}
}

std::string rfisOf(int Proj) {
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: parameter 'Proj' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+2]]:73: note: 'Proj' is sent to the Procore API here
// CHECK-FIXES: {{^}}std::string rfisOf(std::int64_t Proj) {{{$}}
  return "https://api.procore.com/rest/v1.0/projects/" + std::to_string(Proj) +
         "/rfis";
}

// Not IDs: a page number in the query, a count in a web link for people.
void pages(char *Url, std::size_t Size, int Page, int Count) {
  std::snprintf(Url, Size,
                "https://api.procore.com/rest/v1.0/projects?page=%d", Page);
  std::snprintf(Url, Size, "https://app.procore.com/%d/project/home", Count);
}

// A stream and a brace format join the same way.
std::string vendorUrl(int Vendor) {
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: parameter 'Vendor' holds a Procore ID as 'int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:64: note: 'Vendor' is sent to the Procore API here
// CHECK-FIXES: {{^}}std::string vendorUrl(std::int64_t Vendor) {{{$}}
  std::ostringstream Url;
  Url << "https://api.procore.com" << "/rest/v1.0/vendors/" << Vendor;
  return Url.str();
}
std::string drawingsOf(unsigned Area) {
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: parameter 'Area' holds a Procore ID as 'unsigned int' (32 bits); Procore IDs need 64 bits [procore-id-width]
// CHECK-MESSAGES: :[[@LINE+3]]:22: note: 'Area' is sent to the Procore API here
// CHECK-FIXES: {{^}}std::string drawingsOf(std::uint64_t Area) {{{$}}
  return fmt::format("https://api.procore.com/rest/v1.1/drawing_areas/{}/drawings",
                     Area);
}
