//===--- CompilerPluginFilter.h - keep compile commands from loading code -===//
//
// A compile command from an untrusted repository can ask the compiler to
// load a shared library (-fplugin=, -Xclang -load, ...). Clang would run
// its constructors inside mpr-lint, so those arguments are removed before
// any parsing.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_COMPILERPLUGINFILTER_H
#define MPR_LINT_TOOL_COMPILERPLUGINFILTER_H

#include "clang/Tooling/ArgumentsAdjusters.h"
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

} // namespace mpr

#endif
