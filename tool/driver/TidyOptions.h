//===--- TidyOptions.h - the clang-tidy configuration of a run ------------===//
//
// mpr-lint's own options over the .clang-tidy files (or --config-file,
// --config): its check list wins, their CheckOptions apply.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_TIDYOPTIONS_H
#define MPR_LINT_TOOL_DRIVER_TIDYOPTIONS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "driver/Options.h"
#include <memory>

namespace mpr {

/// The options provider of a run; null after saying on stderr why the
/// configuration given on the command line cannot be used.
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
createOptionsProvider(const RunOptions &Options);

} // namespace mpr

#endif
