//===--- Run.h - one mpr-lint run, from command line to exit status -------===//

#ifndef MPR_LINT_TOOL_DRIVER_RUN_H
#define MPR_LINT_TOOL_DRIVER_RUN_H

namespace mpr {

/// The exit status of a run.
enum ExitStatus { ExitClean = 0, ExitFindings = 1, ExitCannotAnalyse = 2 };

/// Runs mpr-lint with \p Argv: `merge`, a worker's one unit, or a whole run.
int runMprLint(int Argc, const char **Argv);

} // namespace mpr

#endif
