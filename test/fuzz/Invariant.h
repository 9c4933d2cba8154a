//===--- Invariant.h - what a fuzz target asserts ---------------*- C++ -*-===//

#ifndef MPR_LINT_TEST_FUZZ_INVARIANT_H
#define MPR_LINT_TEST_FUZZ_INVARIANT_H

#include <cstdio>

namespace mpr::fuzz {

/// Stops the run with \p What when \p Holds is false; unlike assert, also in
/// release builds, and libFuzzer saves the input as a crash.
inline void require(bool Holds, const char *What) {
  if (!Holds) {
    std::fprintf(stderr, "broken invariant: %s\n", What);
    __builtin_trap();
  }
}

} // namespace mpr::fuzz

#endif // MPR_LINT_TEST_FUZZ_INVARIANT_H
