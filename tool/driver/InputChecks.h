//===--- InputChecks.h - what mpr-lint refuses to analyse, and why -*- C++
//-*-===//
//
// Bad input gets one line on stderr, "error: <file>: <reason>", before any
// analysis starts, so a CI gate fails with exit status 2 for a reason the
// reader can act on instead of running with half a configuration, hanging on
// a FIFO or printing pages of compiler errors about a binary file.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_INPUTCHECKS_H
#define MPR_LINT_TOOL_DRIVER_INPUTCHECKS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <optional>

namespace mpr {

/// Checks that \p File is a readable regular file of text (a symbolic link to
/// one counts); warns when it is empty. Says why not on stderr.
bool checkSourceFile(llvm::StringRef File);

/// Checks the .clang-tidy files that configure \p File, nearest first, as far
/// as clang-tidy reads them: each must parse and give the procore-* checks
/// only options they have, with values they accept.
bool checkConfigFiles(llvm::StringRef File);

/// Parses configuration \p Text read from \p Source (a file or an option) and
/// checks its procore-* options like checkConfigFiles does.
std::optional<clang::tidy::ClangTidyOptions>
parseCheckedConfiguration(llvm::MemoryBufferRef Text, llvm::StringRef Source);

/// Warns when \p Command names a compiler or an include folder that does not
/// exist: the analysis goes on, and the warning explains the missing headers
/// that usually follow.
void warnAboutCompileCommand(llvm::StringRef File,
                             const clang::tooling::CompileCommand &Command);

/// Says that \p File had compiler errors, so its analysis is incomplete.
/// Returns whether it had any.
bool reportCompilerErrors(llvm::StringRef File,
                          llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

} // namespace mpr

#endif // MPR_LINT_TOOL_DRIVER_INPUTCHECKS_H
