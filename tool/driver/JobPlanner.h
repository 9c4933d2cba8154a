//===--- JobPlanner.h - which translation units run, with which command ---===//
//
// Turns the files of a run into worker jobs: each file is checked, matched
// with the database that has its compile command, and given the arguments
// of the worker that analyses it. Files that cannot be analysed are
// reported here, before any analysis starts.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_TOOL_DRIVER_JOBPLANNER_H
#define MPR_LINT_TOOL_DRIVER_JOBPLANNER_H

#include "driver/Options.h"
#include "driver/RunResult.h"
#include "worker/WorkerPool.h"
#include <optional>
#include <vector>

namespace mpr {

/// The jobs of a run and the files left out of it.
struct JobPlan {
  std::vector<WorkerJob> Jobs;
  /// Files found unusable, each already reported on stderr.
  std::vector<AnalysisFailure> Failures;
};

/// Plans the analysis of \p Sources (every unit of the -p database when
/// empty, unless they come from --diff: \p SourcesFromDiff). Changed files
/// that cannot be compiled are skipped silently with --diff. std::nullopt
/// when the run cannot go on at all, after an error on stderr.
std::optional<JobPlan>
planJobs(const RunOptions &Options,
         const clang::tooling::CompilationDatabase *FixedDatabase,
         std::vector<std::string> Sources, bool SourcesFromDiff);

} // namespace mpr

#endif
