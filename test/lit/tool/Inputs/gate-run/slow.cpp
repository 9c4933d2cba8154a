// Constant evaluation that takes far longer than the test's time limit
// (compiled with -fconstexpr-steps raised so clang does not stop it).
constexpr unsigned long long spin() {
  unsigned long long Sum = 0;
  for (unsigned long long I = 0; I < 4000000000ULL; ++I)
    Sum += I % 7;
  return Sum;
}
static_assert(spin() > 0, "never false");
