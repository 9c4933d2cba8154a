//===--- WorkerMain.cpp - the worker process's side of a run --------------===//

#include "worker/WorkerMain.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "driver/CompileDatabases.h"
#include "driver/Messages.h"
#include "driver/Paths.h"
#include "driver/TidyOptions.h"
#include "worker/ArgumentAdjusters.h"
#include "worker/TranslationUnitWorker.h"

using namespace clang::tooling;

namespace mpr {

int runWorkerMain(const RunOptions &Options,
                  const CompilationDatabase *FixedDatabase) {
  if (Options.Sources.size() != 1) {
    reportError(Options.WorkerOutput, "worker had nothing to analyse");
    return 2;
  }
  std::string File = absolutePath(Options.Sources.front());
  std::unique_ptr<CompilationDatabase> Loaded;
  const CompilationDatabase *Database = FixedDatabase;
  if (!Database) {
    Loaded = loadBuildDatabase(Options.BuildPath);
    if (!Loaded)
      return 2;
    Database = Loaded.get();
  }
  if (Database->getCompileCommands(File).empty()) {
    reportError(File, "no compile command for this file");
    return 2;
  }
  auto OptionsProvider = createOptionsProvider(Options);
  if (!OptionsProvider)
    return 2;
  clang::tidy::ClangTidyContext Context(std::move(OptionsProvider));
  std::unique_ptr<CompilationDatabase> Adjusted =
      adjustedCompilations(*Database, Options);
  return runWorker(Context, *Adjusted, File, /*ApplyAnyFix=*/Options.Fix,
                   Options.WorkerOutput, Options.CacheDirectory);
}

} // namespace mpr
