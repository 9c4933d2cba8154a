//===--- ArgumentAdjusters.h - the compile command a worker runs ----------===//
//
// A compile command from an untrusted repository can ask the compiler to
// load a shared library (-fplugin=, -Xclang -load, ...). Clang would run
// its constructors inside mpr-lint, so those arguments are removed before
// any parsing. The compiler's own headers are found wherever the build ran,
// and --extra-arg/--extra-arg-before apply as in clang-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_WORKER_ARGUMENTADJUSTERS_H
#define MPR_LINT_TOOL_WORKER_ARGUMENTADJUSTERS_H

#include "driver/Options.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <string>
#include <vector>

namespace mpr {

/// \p Args without the arguments that load compiler plugins or read clang
/// configuration files; each removed flag, with its value, is appended to
/// \p Removed when given.
clang::tooling::CommandLineArguments
removeCompilerPluginFlags(const clang::tooling::CommandLineArguments &Args,
                          std::vector<std::string> *Removed = nullptr);

/// The same as an arguments adjuster, for compilation databases.
clang::tooling::ArgumentsAdjuster compilerPluginRemover();

/// A view of \p Database (which must outlive it) whose commands load no
/// plugin, find clang's resource headers and carry the extra arguments of
/// \p Options.
std::unique_ptr<clang::tooling::CompilationDatabase>
adjustedCompilations(const clang::tooling::CompilationDatabase &Database,
                     const RunOptions &Options);

} // namespace mpr

#endif
