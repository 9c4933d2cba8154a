//===--- Messages.h - one-line messages on stderr -------------------------===//
//
// Every problem mpr-lint reports about its input or its own work is one line
// in the shape clang uses, "error: <where>: <why>", so editors and CI log
// parsers read it like a compiler's message.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_MESSAGES_H
#define MPR_LINT_TOOL_DRIVER_MESSAGES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

namespace mpr {

void reportError(llvm::StringRef Where, const llvm::Twine &Why);
void reportWarning(llvm::StringRef Where, const llvm::Twine &Why);
void reportNote(llvm::StringRef Where, const llvm::Twine &Why);

} // namespace mpr

#endif
