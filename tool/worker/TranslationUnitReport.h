//===--- TranslationUnitReport.h - one translation unit's result ----------===//
//
// What a worker process hands back to the parent, and what the cache
// stores: clang-tidy's own diagnostics YAML (the format of
// --export-fixes) plus the NOLINT count and the content digest of every
// file a fix would touch.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_TRANSLATIONUNITREPORT_H
#define MPR_LINT_TOOL_WORKER_TRANSLATIONUNITREPORT_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <vector>

namespace mpr {

/// Content digests by normalised absolute path.
using FileDigests = std::map<std::string, std::string>;

/// The result of analysing one translation unit.
struct TranslationUnitReport {
  std::string MainFile;
  std::vector<clang::tidy::ClangTidyError> Diagnostics;
  unsigned SuppressedByNolint = 0;
  /// The content each file with a replacement had when it was analysed.
  FileDigests Digests;
};

/// The hex BLAKE3 digest of \p Content.
std::string contentDigest(llvm::StringRef Content);

/// Writes \p Report to \p Path through a temporary file and a rename.
llvm::Error writeReport(const TranslationUnitReport &Report,
                        llvm::StringRef Path);

/// Reads a report written by writeReport.
llvm::Expected<TranslationUnitReport> readReport(llvm::StringRef Path);

} // namespace mpr

#endif
