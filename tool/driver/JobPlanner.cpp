//===--- JobPlanner.cpp - which translation units run, with which command -===//

#include "driver/JobPlanner.h"
#include "driver/CompileDatabases.h"
#include "driver/InputChecks.h"
#include "driver/Messages.h"
#include "driver/Paths.h"
#include "driver/TidyOptions.h"
#include "worker/ArgumentAdjusters.h"
#include "worker/Shards.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

using namespace clang::tooling;

namespace mpr {
namespace {

/// The arguments of the worker that analyses \p File: the options that
/// shape the analysis, the database (\p DatabaseArgs, or the compiler
/// arguments after "--") and the file.
std::vector<std::string>
workerArguments(const RunOptions &Options, llvm::StringRef File,
                const std::vector<std::string> &DatabaseArgs) {
  std::vector<std::string> Args = {"--checks=" + Options.Checks};
  if (!Options.ConfigFile.empty())
    Args.push_back("--config-file=" + Options.ConfigFile);
  if (!Options.InlineConfig.empty())
    Args.push_back("--config=" + Options.InlineConfig);
  if (Options.HeaderFilter)
    Args.push_back("--header-filter=" + *Options.HeaderFilter);
  for (const std::string &Arg : Options.ExtraArgsBefore)
    Args.push_back("--extra-arg-before=" + Arg);
  for (const std::string &Arg : Options.ExtraArgs)
    Args.push_back("--extra-arg=" + Arg);
  if (Options.Quiet)
    Args.push_back("--quiet");
  // Fixes are applied by the parent; the worker only has to keep them.
  if (Options.Fix || !Options.ExportFixes.empty())
    Args.push_back("--fix");
  // An explanation needs the analysis to run, not a cached result.
  std::string Cache = Options.Explain.empty() ? Options.CacheDirectory : "";
  if (!Options.Explain.empty())
    Args.push_back("--explain=" + Options.Explain);
  Args.push_back(Cache.empty() ? "--no-cache" : "--cache-dir=" + Cache);
  Args.insert(Args.end(), DatabaseArgs.begin(), DatabaseArgs.end());
  Args.push_back(File.str());
  if (Options.CompilerArgs) {
    Args.push_back("--");
    Args.insert(Args.end(), Options.CompilerArgs->begin(),
                Options.CompilerArgs->end());
  }
  return Args;
}

/// One note per translation unit whose compile command asks the compiler
/// to load code: the flags are dropped, the unit is analysed as usual.
void noteCompilerPluginFlags(const CompilationDatabase &Database,
                             llvm::StringRef File) {
  std::vector<std::string> Removed;
  for (const CompileCommand &Command : Database.getCompileCommands(File))
    removeCompilerPluginFlags(Command.CommandLine, &Removed);
  if (!Removed.empty())
    reportNote(File, "ignored '" + llvm::join(Removed, "', '") +
                         "' in its compile command: mpr-lint never loads "
                         "compiler plugins");
}

/// The files of one database that have a compile command there.
std::vector<std::string> compilableFiles(const CompilationDatabase &Database,
                                         llvm::StringRef DatabaseName,
                                         llvm::ArrayRef<std::string> Files,
                                         bool Fixed, bool SourcesFromDiff,
                                         JobPlan &Plan) {
  std::vector<std::string> Compilable;
  for (const std::string &File : Files) {
    std::vector<CompileCommand> Commands = Database.getCompileCommands(File);
    if (Commands.empty()) {
      if (SourcesFromDiff)
        continue;
      Plan.Failures.push_back({File, "no compile command for this file"});
      reportError(File, "no compile command for this file in " +
                            (DatabaseName.empty()
                                 ? std::string("the compilation database")
                                 : DatabaseName.str()));
      continue;
    }
    if (!Fixed)
      warnAboutCompileCommand(File, Commands.front());
    Compilable.push_back(File);
  }
  return Compilable;
}

} // namespace

std::optional<JobPlan> planJobs(const RunOptions &Options,
                                const CompilationDatabase *FixedDatabase,
                                std::vector<std::string> Sources,
                                bool SourcesFromDiff) {
  std::optional<ShardSpec> ShardToRun;
  if (!Options.Shard.empty() && !(ShardToRun = parseShard(Options.Shard))) {
    reportError("--shard",
                "expected K/N with 1 <= K <= N, not '" + Options.Shard + "'");
    return std::nullopt;
  }
  JobPlan Plan;
  std::unique_ptr<CompilationDatabase> GivenDatabase;
  if (!Options.BuildPath.empty() && !FixedDatabase) {
    GivenDatabase = loadBuildDatabase(Options.BuildPath);
    if (!GivenDatabase)
      return std::nullopt;
  }

  // No source files with -p: every translation unit of the database.
  if (Sources.empty() && !SourcesFromDiff) {
    Sources = allTranslationUnits(*GivenDatabase);
    if (Sources.empty()) {
      reportError(Options.BuildPath, "the compilation database has no entries");
      return std::nullopt;
    }
  }
  if (ShardToRun)
    Sources = selectShard(std::move(Sources), *ShardToRun);

  // Group the files by the compilation database that describes them.
  llvm::StringMap<std::vector<std::string>> FilesByDatabase;
  for (const std::string &Source : Sources) {
    std::string Absolute = absolutePath(Source);
    if (!checkSourceFile(Source) ||
        (Options.ConfigFile.empty() && Options.InlineConfig.empty() &&
         !checkConfigFiles(Absolute))) {
      Plan.Failures.push_back({Source, "cannot be read"});
      continue;
    }
    std::string Key;
    if (!FixedDatabase && !GivenDatabase) {
      Key = findCompileCommands(Absolute);
      // --diff picks only the changed files that can be compiled.
      if (Key.empty() && SourcesFromDiff)
        continue;
      if (Key.empty()) {
        Plan.Failures.push_back({Source, "no compile_commands.json found"});
        reportError(Source,
                    "no compile_commands.json found in its folders or their "
                    "build/ folders; use -p <build dir> or '-- <flags>'");
        continue;
      }
    }
    FilesByDatabase[Key].push_back(std::move(Absolute));
  }

  bool ConfigurationChecked = false;
  for (auto &Group : FilesByDatabase) {
    std::unique_ptr<CompilationDatabase> Loaded;
    const CompilationDatabase *Database =
        FixedDatabase ? FixedDatabase : GivenDatabase.get();
    if (!Database) {
      Loaded = loadJsonDatabase(Group.getKey());
      if (!Loaded) {
        Plan.Failures.push_back(
            {Group.getKey().str(), "malformed compilation database"});
        continue;
      }
      Database = Loaded.get();
    }
    std::vector<std::string> Files =
        compilableFiles(*Database, Group.getKey(), Group.getValue(),
                        FixedDatabase, SourcesFromDiff, Plan);
    if (Files.empty())
      continue;
    // A configuration given on the command line that cannot be used stops
    // the run before any worker starts.
    if (!ConfigurationChecked && !createOptionsProvider(Options))
      return std::nullopt;
    ConfigurationChecked = true;

    // The worker finds the same database: the one given, or this one.
    std::vector<std::string> DatabaseArgs;
    if (!FixedDatabase)
      DatabaseArgs = {"-p",
                      GivenDatabase
                          ? Options.BuildPath
                          : llvm::sys::path::parent_path(Group.getKey()).str()};
    for (const std::string &File : Files) {
      noteCompilerPluginFlags(*Database, File);
      Plan.Jobs.push_back({File, workerArguments(Options, File, DatabaseArgs)});
    }
  }
  return Plan;
}

} // namespace mpr
