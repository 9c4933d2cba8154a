//===--- PluginPath.h - where the clang-tidy plugin of this mpr-lint is ---===//

#ifndef MPR_LINT_TOOL_PLUGIN_PLUGINPATH_H
#define MPR_LINT_TOOL_PLUGIN_PLUGINPATH_H

#include <string>

namespace mpr {

/// The clang-tidy plugin that belongs to the running mpr-lint: in
/// ../lib/mpr-lint/ once installed, beside it in the build tree. Empty when
/// neither exists.
std::string findPluginPath(const char *Argv0);

} // namespace mpr

#endif
