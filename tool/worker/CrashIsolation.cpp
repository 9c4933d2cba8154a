//===--- CrashIsolation.cpp - one translation unit that crashes stops only
//itself ===//

#include "worker/CrashIsolation.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/raw_ostream.h"

namespace mpr {

namespace {
// Address space, not memory: only the pages a deep parse touches are used.
// Sixty-four times clang's own 8 MiB.
constexpr unsigned AnalysisStackSize = 512u << 20;
} // namespace

bool analyseSafely(llvm::StringRef File, llvm::function_ref<void()> Analyse) {
  static const bool RecoveryEnabled = [] {
    llvm::CrashRecoveryContext::Enable();
    return true;
  }();
  (void)RecoveryEnabled;
  llvm::CrashRecoveryContext Recovery;
  if (Recovery.RunSafelyOnThread(Analyse, AnalysisStackSize))
    return true;
  llvm::errs() << "error: " << File << ": the analysis crashed (status "
               << Recovery.RetCode
               << "), probably on code nested deeper than it can follow; the "
                  "other files are still analysed\n";
  return false;
}

} // namespace mpr
