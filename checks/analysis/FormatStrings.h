//===--- FormatStrings.h - the conversions of printf and scanf formats ----===//
//
// One reading of C format strings for every analysis that needs one (the
// text a printf call builds, the IDs it prints or scans), on clang's own
// parser: the one -Wformat uses, with every length modifier, '*' widths,
// scanf's sets and suppressed assignments, and positional arguments.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_ANALYSIS_FORMATSTRINGS_H
#define MPR_LINT_CHECKS_ANALYSIS_FORMATSTRINGS_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::procore {

/// One conversion of a format, by code unit offsets into it.
struct FormatConversion {
  size_t Begin;       ///< The '%'.
  size_t LengthBegin; ///< The length modifier; the conversion when none.
  size_t End;         ///< One past the conversion character.
  char Conversion;    ///< 'd', 's', '%', '[', ...
  /// Whether it reads or writes an argument: not "%%", not scanf's "%*d".
  bool TakesArgument;
  unsigned Argument; ///< Its index among the arguments after the format.
};

/// The conversions of \p Format as printf, or scanf when \p Scans, reads
/// them on the target of \p Context, in order.
std::vector<FormatConversion> formatConversions(llvm::StringRef Format,
                                                bool Scans,
                                                const ASTContext &Context);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_ANALYSIS_FORMATSTRINGS_H
