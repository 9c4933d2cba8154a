//===--- Merge.h - `mpr-lint merge`: shard reports into one ---------------===//

#ifndef MPR_LINT_TOOL_REPORT_MERGE_H
#define MPR_LINT_TOOL_REPORT_MERGE_H

namespace mpr {

/// `mpr-lint merge <reports...> [-o <file>]`: combines SARIF logs or JSON
/// reports of shards into one, without repeats, in the order one run over
/// all their files would give. \p Argv[0] is "merge".
int runMerge(int Argc, const char **Argv);

} // namespace mpr

#endif
