//===--- ExportFixes.cpp - --export-fixes for clang-apply-replacements ----===//

#include "fixes/ExportFixes.h"
#include "clang-tidy/ClangTidy.h"
#include "driver/Messages.h"
#include "llvm/Support/raw_ostream.h"

namespace mpr {

bool exportFixes(const RunResult &Result, llvm::StringRef Path) {
  llvm::Error E =
      llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) -> llvm::Error {
        clang::tidy::exportReplacements(Result.AnalysedFiles.empty()
                                            ? std::string()
                                            : Result.AnalysedFiles.front(),
                                        Result.Diagnostics, OS);
        return llvm::Error::success();
      });
  if (!E)
    return true;
  reportError(Path, "cannot write fixes: " + llvm::toString(std::move(E)));
  return false;
}

} // namespace mpr
