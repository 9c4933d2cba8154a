//===--- SafeRunTest.cpp - a crashing translation unit stops only itself --===//

#include "worker/CrashIsolation.h"
#include "gtest/gtest.h"

namespace {

/// Recurses \p Depth times with a frame of about 1 KiB that the compiler
/// cannot fold away, like a parser on deeply nested code.
unsigned recurse(unsigned Depth) {
  volatile char Frame[1024];
  Frame[0] = 1;
  if (Depth == 0)
    return 0;
  return recurse(Depth - 1) + Frame[0];
}

TEST(AnalyseSafely, RunsTheAnalysis) {
  int Runs = 0;
  testing::internal::CaptureStderr();
  EXPECT_TRUE(mpr::analyseSafely("a.cpp", [&] { ++Runs; }));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(Runs, 1);
}

// 100,000 frames of 1 KiB need about 100 MiB: far past the 8 MiB a main
// thread gets, inside the stack an analysis gets.
TEST(AnalyseSafely, GivesDeepRecursionALargeStack) {
  unsigned Result = 0;
  EXPECT_TRUE(
      mpr::analyseSafely("deep.cpp", [&] { Result = recurse(100000); }));
  EXPECT_EQ(Result, 100000u);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__has_feature)
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define MPR_UNDER_ASAN 1
#endif
#endif

TEST(AnalyseSafely, ReportsACrashAndReturns) {
#ifdef MPR_UNDER_ASAN
  GTEST_SKIP() << "ASan owns the crash signals in this build";
#endif
  testing::internal::CaptureStderr();
  EXPECT_FALSE(mpr::analyseSafely("crash.cpp", [] { __builtin_trap(); }));
  std::string Said = testing::internal::GetCapturedStderr();
  EXPECT_EQ(Said.rfind("error: crash.cpp: the analysis crashed", 0), 0u)
      << Said;
  EXPECT_EQ(Said.find('\n'), Said.size() - 1) << "one line: " << Said;
  // And the next file still runs.
  EXPECT_TRUE(mpr::analyseSafely("next.cpp", [] {}));
}

} // namespace
