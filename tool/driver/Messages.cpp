//===--- Messages.cpp - one-line messages on stderr -----------------------===//

#include "driver/Messages.h"
#include "llvm/Support/raw_ostream.h"

namespace mpr {

static void report(llvm::StringRef Level, llvm::StringRef Where,
                   const llvm::Twine &Why) {
  llvm::errs() << Level << ": " << Where << ": " << Why << "\n";
}

void reportError(llvm::StringRef Where, const llvm::Twine &Why) {
  report("error", Where, Why);
}

void reportWarning(llvm::StringRef Where, const llvm::Twine &Why) {
  report("warning", Where, Why);
}

void reportNote(llvm::StringRef Where, const llvm::Twine &Why) {
  report("note", Where, Why);
}

} // namespace mpr
