// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// IDs stored through a class's operator=: a std::optional<std::int64_t>
// member assigned the result of a 32-bit conversion narrows the ID there,
// as a plain assignment does.

#include <cstdint>
#include <optional>
#include <string>

const char *const kVendors = "https://api.procore.com/rest/v1.0/vendors";

struct Supplier {
  std::string Name;
  std::optional<std::int64_t> ProcoreVendorId;
  std::optional<std::int64_t> PageCount;
};

void readVendor(Supplier &S, const std::string &Text) {
  S.ProcoreVendorId = std::stoi(Text);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  S.ProcoreVendorId = std::stoll(Text);{{$}}
  S.PageCount = std::stoi(Text);
}
