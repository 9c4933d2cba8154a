//===--- InMemoryTidy.h - run the checks on code held in memory -*- C++ -*-===//
//
// The fuzz targets run the procore-* checks in-process, on a file that exists
// only in memory, with headers served from memory too: no input can reach the
// disk, and each run costs a small parse.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TEST_FUZZ_INMEMORYTIDY_H
#define MPR_LINT_TEST_FUZZ_INMEMORYTIDY_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace mpr::fuzz {

/// Runs every procore-* check on \p Code with \p CheckOptions and returns
/// what they report. Headers come from the stub prelude only.
std::vector<clang::tidy::ClangTidyError>
runChecksInMemory(llvm::StringRef Code,
                  const clang::tidy::ClangTidyOptions::OptionMap &CheckOptions);

/// Traps unless every fix-it of \p Errors lies inside the input of
/// \p CodeSize bytes: a fix outside it would corrupt the file.
void requireFixesInBounds(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors,
                          size_t CodeSize);

/// A stable text of what the checks reported: each finding's check,
/// message, offset, notes and fix-its, in order.
std::string describe(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

/// \p Code with the fix-its of the procore-* findings of \p Errors applied
/// as `--fix` would; std::nullopt when they conflict.
std::optional<std::string>
applyFixes(llvm::StringRef Code,
           llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

/// How many compiler errors \p Errors holds.
unsigned compilerErrors(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

} // namespace mpr::fuzz

#endif // MPR_LINT_TEST_FUZZ_INMEMORYTIDY_H
