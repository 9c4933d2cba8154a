//===--- FormatFunctions.h - printf and scanf and their relatives -*- C++
//-*-===//
//
// The C library's formatting functions as data, for every analysis that
// reads them: where the format is, whether it scans, whether the arguments
// come as a va_list, and whether the text is written into a buffer.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_MODEL_FORMATFUNCTIONS_H
#define MPR_LINT_CHECKS_MODEL_FORMATFUNCTIONS_H

#include "llvm/ADT/StringRef.h"

namespace clang::tidy::procore {

struct FormatFunction {
  llvm::StringLiteral Name; ///< Plain qualified name, without "std::".
  unsigned FormatArgument;
  bool Scans;
  /// The arguments come as a va_list (vsnprintf): the variadic caller's.
  bool TakesVaList;
  /// The text goes into the first argument (sprintf, snprintf, asprintf).
  bool WritesBuffer;
};

/// The formatting function named \p Name ("std::snprintf" or "snprintf"),
/// or null.
const FormatFunction *findFormatFunction(llvm::StringRef Name);

/// Whether the function of qualified name \p Name returns the text a
/// printf-style format (its first argument) makes of the rest:
/// `Poco::format("/rest/v1.0/projects/%Ld", Id)`, `QString::asprintf`.
bool returnsPrintfText(llvm::StringRef QualifiedName);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_MODEL_FORMATFUNCTIONS_H
