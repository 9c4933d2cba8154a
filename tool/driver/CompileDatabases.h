//===--- CompileDatabases.h - where compile commands come from ------------===//
//
// -p names a build folder, "-- <flags>" gives one command for every file,
// and without either each file finds the compile_commands.json of its own
// build, as clangd does.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_COMPILEDATABASES_H
#define MPR_LINT_TOOL_DRIVER_COMPILEDATABASES_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>

namespace mpr {

/// The database of build folder \p BuildPath: its compile_commands.json, or
/// any database clang's plugins find there. Null after an error on stderr.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadBuildDatabase(llvm::StringRef BuildPath);

/// The compile_commands.json file \p Path, null after an error on stderr.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadJsonDatabase(llvm::StringRef Path);

/// The compile_commands.json that covers \p File: in a parent folder or its
/// build/, out/ or cmake-build-*/ subfolder, nearest first; "" for none.
std::string findCompileCommands(llvm::StringRef File);

} // namespace mpr

#endif
