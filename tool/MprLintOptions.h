//===--- MprLintOptions.h - the mpr-lint option category ------------------===//
//
// Every mpr-lint option lives in this category, so --help shows only them.
// Front-end parts declare their own options in their own files with it.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_MPRLINTOPTIONS_H
#define MPR_LINT_TOOL_MPRLINTOPTIONS_H

#include "llvm/Support/CommandLine.h"

namespace mpr {
extern llvm::cl::OptionCategory MprLintCategory;
} // namespace mpr

#endif
