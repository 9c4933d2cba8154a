//===--- Options.h - every mpr-lint option, read once ---------------------===//
//
// The command line is parsed in one place into one RunOptions value; the
// rest of the tool reads that value and no llvm::cl option.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_OPTIONS_H
#define MPR_LINT_TOOL_DRIVER_OPTIONS_H

#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mpr {

enum class ReportFormat { Text, Json, Sarif, Github };
enum class FailOn { None, Warning };

/// Everything a run was asked to do.
struct RunOptions {
  // What to analyse.
  std::vector<std::string> Sources;
  /// -p: the folder of compile_commands.json.
  std::string BuildPath;
  /// The compiler arguments after "--", when the command line has "--".
  std::optional<std::vector<std::string>> CompilerArgs;
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
  /// "K/N", checked when the run is planned.
  std::string Shard;

  // How the checks are configured.
  std::string Checks;
  std::string ConfigFile;
  std::string InlineConfig;
  std::optional<std::string> HeaderFilter;
  /// "file:line" for procore-company-header's explanation; "" for none.
  std::string Explain;

  // How translation units run.
  unsigned Jobs = 1;
  /// Where results are cached; "" with --no-cache.
  std::string CacheDirectory;
  unsigned TimeoutSeconds = 300;
  /// Set only in a worker process: where it writes its unit's result.
  std::string WorkerOutput;

  // What comes out.
  bool Quiet = false;
  bool Fix = false;
  std::string ExportFixes;
  bool ListChecks = false;
  bool PrintPluginPath = false;
  ReportFormat Format = ReportFormat::Text;
  std::string OutputFile;
  FailOn FailOnLevel = FailOn::Warning;
  std::string BaselineFile;
  std::string WriteBaselineFile;
  /// --diff: a git revision, or "" / "-" for a diff on stdin.
  std::optional<std::string> DiffSource;
  std::string SourceRoot;
};

/// The options and the compilation database that "-- <flags>" describes.
struct CommandLine {
  RunOptions Options;
  std::unique_ptr<clang::tooling::CompilationDatabase> FixedDatabase;
};

/// Parses \p Argv. --help and --version print and exit, as llvm::cl does.
CommandLine parseCommandLine(int Argc, const char **Argv);

} // namespace mpr

#endif
