//===--- UserCodeAnalysis.h - the checks, on the user's code only ---------===//
//
// mpr-lint's checks never report in system headers, yet clang-tidy walks the
// whole AST of a translation unit with every matcher, and builds the parent
// map over all of it. In a unit that includes Boost, Qt or the standard
// library that is nearly all of the checks' cost. Like clangd, which walks
// only the main file's declarations, mpr-lint narrows the walk to the
// top-level declarations of files that are not system headers.
//
// For the same reason the parser skips the bodies of the functions of system
// headers that are not templates, as clangd skips bodies in its preambles.
// Such a body cannot depend on the user's code, so no check, no fix and no
// compiler error in the user's code can depend on it either; in a unit built
// on Boost, Poco or the standard library it is a good part of the parse.
// Templates' bodies are parsed: their instantiations with the user's types
// (and the generic lambdas they call) are the user's code too.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_USERCODEANALYSIS_H
#define MPR_LINT_TOOL_WORKER_USERCODEANALYSIS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <vector>

namespace mpr {

/// Runs the enabled checks on \p File as clang-tidy's runClangTidy does, with
/// the AST walk narrowed to the declarations of non-system files.
std::vector<clang::tidy::ClangTidyError>
analyseUserCode(clang::tidy::ClangTidyContext &Context,
                const clang::tooling::CompilationDatabase &Compilations,
                llvm::StringRef File,
                llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
                bool ApplyAnyFix);

} // namespace mpr

#endif
