// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Strong typedefs: a class named like an ID that wraps one integer holds
// that ID in its member, in the parameter of its one-argument constructor
// and in the integer alias it declares for them, whatever they are called.
// A class with more members, or one not named like an ID, says nothing.

#include <cstdint>
#include <cstdio>
#include <string>

static const char *kApi = "https://api.procore.com/rest/v1.0";

class ProjectId {
public:
  explicit ProjectId(std::int64_t Value) : Value(Value) {}
  std::int64_t get() const { return Value; }

private:
  std::int64_t Value;
};

class PunchItemId {
public:
  using Rep = std::int32_t;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: type alias 'Rep' makes Procore IDs 'std::int32_t' (32 bits); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :12:27: note: 'Rep' holds the value of 'PunchItemId', which names a Procore punch item ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  using Rep = std::int64_t;{{$}}
  explicit PunchItemId(Rep Value) : Value(Value) {}
  Rep get() const { return Value; }

private:
  Rep Value;
};

class VendorId {
public:
  explicit VendorId(long V) : V(V) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: parameter 'V' holds a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :12:27: note: 'V' holds the value of 'VendorId', which names a Procore vendor ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  explicit VendorId(std::int64_t V) : V(V) {}{{$}}
private:
  long V;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: field 'V' holds a Procore ID as 'long' (32 bits on Windows); Procore IDs need 64 bits [procore-id-width]
  // CHECK-MESSAGES: :12:27: note: 'V' holds the value of 'VendorId', which names a Procore vendor ID, and this file calls the Procore API
  // CHECK-FIXES: {{^}}  std::int64_t V;{{$}}
};

// Two members: not a wrapper of one ID.
class ProjectIdRange {
public:
  int First = 0;
  int Last = 0;
};

// Not named like an ID.
class RetryBudget {
public:
  explicit RetryBudget(int Count) : Count(Count) {}
  int Count;
};

int main(int argc, char **argv) {
  const ProjectId Project{std::stoi(argv[1])};
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  const ProjectId Project{std::stoll(argv[1])};{{$}}
  const PunchItemId Item{std::stoi(argv[2])};
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'stoi' converts a Procore ID to 'int' (32 bits); use 'stoll' [procore-id-width]
  // CHECK-FIXES: {{^}}  const PunchItemId Item{std::stoll(argv[2])};{{$}}
  const RetryBudget Budget{std::stoi(argv[3])};
  std::printf("%s/projects/%lld/punch_items/%lld (%d retries)\n", kApi,
              static_cast<long long>(Project.get()),
              static_cast<long long>(Item.get()), Budget.Count);
  return ProjectIdRange{}.First;
}
